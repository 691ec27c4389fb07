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

from schemas.datapackage import data_type

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
            if new is None or _declared_type(new) != _declared_type(field):
                return "major"
            old_c, new_c = field.get("constraints", {}), new.get("constraints", {})
            if _tightens(old_c, new_c):
                return "major"
            loosened |= old_c != new_c
    for table, cols in new_schema.items():
        if table not in old_schema or set(cols) - set(old_schema[table]):
            return "minor"
    return "minor" if loosened or records_added else "patch"


def _declared_type(field: Mapping[str, Any]) -> tuple[str, str]:
    """A field's Table Schema type and its Arrow type: a change of either is a change
    of type (``any`` holds lists of any item type)."""
    return field.get("type", ""), data_type(dict(field))


def _fields(pkg: Mapping) -> dict[str, dict[str, Mapping[str, Any]]]:
    return {
        r["name"]: {f["name"]: f for f in r["schema"]["fields"]}
        for r in pkg.get("resources", ())
        if "schema" in r
    }


def _type_label(field: Mapping[str, Any]) -> str:
    """The Table Schema type, with the Arrow type when it says more: "date (date32)"."""
    t, arrow = _declared_type(field)
    return t if t == arrow else f"{t} ({arrow})"


def schema_changes(old_pkg: Mapping, new_pkg: Mapping) -> list[str]:
    """What changed in the published schema between two releases (their
    datapackage.json), one line each: tables and columns added or removed, and
    columns whose type or constraints changed."""
    old, new = _fields(old_pkg), _fields(new_pkg)
    out = [f"new table `{t}`" for t in new if t not in old]
    out += [f"table `{t}` removed" for t in old if t not in new]
    for table in (t for t in new if t in old):
        for col, f in new[table].items():
            was = old[table].get(col)
            where = f"`{table}.{col}`"
            if was is None:
                out.append(f"{where}: new column, {_type_label(f)}")
                continue
            if _declared_type(was) != _declared_type(f):
                out.append(f"{where}: type {_type_label(was)} -> {_type_label(f)}")
            a, b = was.get("constraints", {}), f.get("constraints", {})
            for key in sorted(set(a) | set(b)):
                if a.get(key) != b.get(key):
                    out.append(f"{where}: {key} {_show(a.get(key))} -> {_show(b.get(key))}")
        out += [f"`{table}.{c}`: column removed" for c in old[table] if c not in new[table]]
    return out


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return f"`{value}`" if isinstance(value, str) else str(value)
