"""Semantic versions for data (Frictionless Data Package recipe).

major: a published table or column is removed or renamed, or changes type;
minor: a table or column is added, or records are added;
patch: values corrected or records withdrawn, with the same schema.
"""

from __future__ import annotations

from collections.abc import Mapping

FIRST_VERSION = "1.0.0"

# table -> column -> type description
Schema = Mapping[str, Mapping[str, str]]


def bump(version: str, part: str) -> str:
    major, minor, patch = (int(x) for x in version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def change_level(
    old_schema: Schema,
    new_schema: Schema,
    old_keys: Mapping[str, set],
    new_keys: Mapping[str, set],
) -> str:
    """'major', 'minor' or 'patch' for the change from one release to the next."""
    for table, cols in old_schema.items():
        if table not in new_schema:
            return "major"
        for col, typ in cols.items():
            if new_schema[table].get(col) != typ:
                return "major"
    for table, cols in new_schema.items():
        if table not in old_schema or set(cols) - set(old_schema[table]):
            return "minor"
    for table, keys in new_keys.items():
        if keys - old_keys.get(table, set()):
            return "minor"
    return "patch"
