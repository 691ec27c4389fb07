"""Frictionless Table Schemas derived from the Pandera models.

The schemas are written for the tool users run on them, frictionless-py 5
(``frictionless validate datapackage.json``), which reads a Parquet file through
pandas. Three consequences, each tested on a built release
(``tests/test_frictionless.py``):

* a list column arrives as a NumPy array, which neither its ``list`` nor its
  ``array`` field type accepts (they take Python lists, tuples or strings), so a
  list column is declared ``any``; its Parquet type is in ``trilat:arrowType``
  (every field has one) and its description;
* a nullable integer column arrives as floats with NaN for null, so its field
  lists ``nan`` among its ``missingValues`` (1999.0 then reads as the integer 1999);
* a ``pattern`` must match the whole value (frictionless anchors it at both ends),
  as the Table Schema standard says.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa_

from schemas.registry import TableSpec

# The field property that names a column's Arrow (Parquet) type.
ARROW_TYPE = "trilat:arrowType"
# How a nullable integer column's nulls reach frictionless-py (NaN, printed "nan").
INTEGER_MISSING_VALUES = ["", "nan"]


def arrow_type_name(t: pa_.DataType) -> str:
    """The column's Arrow type as the codebook prints it: string, int64, list<string>
    (whatever a list's item is called: Parquet files read back call it "element")."""
    if pa_.types.is_list(t) or pa_.types.is_large_list(t):
        return f"list<{arrow_type_name(t.value_type)}>"
    return str(t).replace("date32[day]", "date32")


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
        return {"type": "any"}  # see the module's docstring
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
        t = arrow.field(name).type
        f = {"name": name, "title": col.title or name, "description": col.description or ""}
        f |= _field_type(t)
        f[ARROW_TYPE] = arrow_type_name(t)
        if f["type"] == "integer" and col.nullable:
            f["missingValues"] = INTEGER_MISSING_VALUES
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


# The Arrow type of each Table Schema type as releases before ``trilat:arrowType``
# declared them (every column's type was derived from its Arrow type by
# ``_field_type``, so the mapping back is exact).
_ARROW_OF = {"string": "string", "integer": "int64", "number": "double", "boolean": "bool",
             "date": "date32"}  # fmt: skip


def data_type(field: dict[str, Any]) -> str:
    """A published field's Arrow type: ``trilat:arrowType``, or, in a release that
    predates it, the one its Table Schema type was derived from."""
    if ARROW_TYPE in field:
        return field[ARROW_TYPE]
    if field.get("type") == "list":
        return f"list<{_ARROW_OF.get(field.get('itemType', 'string'), 'string')}>"
    return _ARROW_OF.get(field.get("type", ""), field.get("type", "?"))
