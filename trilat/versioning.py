"""Semantic versions for data, after the Frictionless Data Package recipe.

major: a table or column is removed or renamed, a column changes type, or a
       constraint tightens (a column becomes required or unique, an enum loses
       values, a pattern changes, a bound narrows);
minor: a table or column is added, a constraint loosens, or records are added;
patch: values are corrected or records withdrawn, with the same schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FIRST_VERSION = "1.0.0"

# table -> column -> Table Schema field ({"type": ..., "constraints": {...}, ...})
Schema = Mapping[str, Mapping[str, Mapping[str, Any]]]


def bump(version: str, part: str) -> str:
    major, minor, patch = (int(x) for x in version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def _tightens(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Does the new constraint set reject a value the old one accepted?"""
    for flag in ("required", "unique"):
        if new.get(flag) and not old.get(flag):
            return True
    if "enum" in new and ("enum" not in old or set(old["enum"]) - set(new["enum"])):
        return True
    if "pattern" in new and new["pattern"] != old.get("pattern"):
        return True
    for key, narrower in (("minimum", max), ("minLength", max), ("maximum", min),
                          ("maxLength", min)):  # fmt: skip
        if key in new and (key not in old or narrower(old[key], new[key]) != old[key]):
            return True
    return False


def change_level(old_schema: Schema, new_schema: Schema, records_added: bool) -> str:
    """'major', 'minor' or 'patch' for the change from one release to the next."""
    loosened = False
    for table, cols in old_schema.items():
        if table not in new_schema:
            return "major"
        for col, field in cols.items():
            new = new_schema[table].get(col)
            if new is None or new.get("type") != field.get("type") or \
                    new.get("itemType") != field.get("itemType"):  # fmt: skip
                return "major"
            old_c, new_c = field.get("constraints", {}), new.get("constraints", {})
            if _tightens(old_c, new_c):
                return "major"
            loosened |= old_c != new_c
    for table, cols in new_schema.items():
        if table not in old_schema or set(cols) - set(old_schema[table]):
            return "minor"
    return "minor" if loosened or records_added else "patch"
