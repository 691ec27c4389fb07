"""Frictionless Table Schemas derived from the Pandera models."""

from __future__ import annotations

from typing import Any

import pyarrow as pa_

from schemas.registry import TableSpec


def _field_type(t: pa_.DataType) -> dict[str, Any]:
    if pa_.types.is_string(t) or pa_.types.is_large_string(t):
        return {"type": "string"}
    if pa_.types.is_integer(t):
        return {"type": "integer"}
    if pa_.types.is_floating(t):
        return {"type": "number"}
    if pa_.types.is_boolean(t):
        return {"type": "boolean"}
    if pa_.types.is_date(t):
        return {"type": "date"}
    if pa_.types.is_list(t):
        return {"type": "list", "itemType": _field_type(t.value_type)["type"]}
    raise TypeError(f"no Table Schema type for {t}")


def _constraints(col) -> dict[str, Any]:
    c: dict[str, Any] = {}
    if not col.nullable:
        c["required"] = True
    if col.unique:
        c["unique"] = True
    for check in col.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            c["enum"] = sorted(stats["allowed_values"])
        elif check.name == "str_matches":
            c["pattern"] = stats["pattern"]
        elif check.name == "greater_than_or_equal_to":
            c["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            c["maximum"] = stats["max_value"]
        elif check.name == "str_length":
            if stats.get("min_value") is not None:
                c["minLength"] = stats["min_value"]
            if stats.get("max_value") is not None:
                c["maxLength"] = stats["max_value"]
    return c


def table_schema(spec: TableSpec) -> dict[str, Any]:
    arrow = spec.arrow_schema
    fields = []
    for name, col in spec.schema.columns.items():
        f = {"name": name, "title": col.title or name, "description": col.description or ""}
        f |= _field_type(arrow.field(name).type)
        if constraints := _constraints(col):
            f["constraints"] = constraints
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(spec.primary_key)}
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {"resource": fk.table, "fields": list(fk.reference)},
            }
            for fk in spec.foreign_keys
        ]
    return schema
