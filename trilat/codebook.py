"""CODEBOOK.md, generated from the Pandera models: every table, column, type,
constraint and meaning, with an example value from the newest release."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from schemas.datapackage import arrow_type_name, table_schema
from schemas.registry import CHANGES, TABLES, TableSpec

HEADER = """# TRILAT codebook

Generated from the Pandera models in `schemas/tables.py` by `trilat codebook`;
do not edit by hand (a test fails when this file differs from a fresh one).
Types are Arrow types as stored in Parquet. Offsets count Unicode code points
in the normalised document text (README.md, "Text and offsets", says exactly how
it is normalised; `trilat text DOC_ID` prints it). Dates carry a precision
column: a month is stored as its first day, a year as 1 January. Examples come
from the newest release in `processed/`.
"""


def _constraints(field: dict) -> str:
    c = dict(field.get("constraints", {}))
    parts = []
    if c.pop("required", False):
        parts.append("required")
    if c.pop("unique", False):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of " + ", ".join(f"`{v}`" for v in c.pop("enum")))
    for key, label in (("minimum", "≥"), ("maximum", "≤"), ("minLength", "length ≥"),
                       ("maxLength", "length ≤")):  # fmt: skip
        if key in c:
            parts.append(f"{label} {c.pop(key)}")
    if "pattern" in c:
        parts.append(f"matches `{c.pop('pattern')}`")
    return "; ".join(parts) or "nullable"


def _example(df: pd.DataFrame | None, column: str, integer: bool = False) -> str:
    if df is None or column not in df or df[column].dropna().empty:
        return ""
    value = df[column].dropna().iloc[0]
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, float) and value.is_integer() and integer:
        value = int(value)  # an integer column with nulls reads back as float
    text = str(value)
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
    return f"`{text}`".replace("|", "\\\\|")


def _table(spec: TableSpec, df: pd.DataFrame | None) -> list[str]:
    schema = table_schema(spec)
    arrow = spec.arrow_schema
    lines = [f"## {spec.name}", "", spec.description, ""]
    lines.append(f"Primary key: {', '.join(f'`{k}`' for k in schema['primaryKey'])}.")
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        lines.append(
            f"Foreign key: {', '.join(fk['fields'])} → `{ref['resource']}`"
            f".{', '.join(ref['fields'])}."
        )
    lines += ["", "| column | type | constraints | meaning | example |", "|---|---|---|---|---|"]
    for field in schema["fields"]:
        name = field["name"]
        lines.append(
            f"| `{name}` | {arrow_type_name(arrow.field(name).type)} | {_constraints(field)} | "
            f"**{field['title']}.** {field['description']} | "
            f"{_example(df, name, pa.types.is_integer(arrow.field(name).type))} |"
        )
    return [*lines, ""]


def render(release_dir: Path | None) -> str:
    """The whole codebook; examples from ``release_dir`` when given."""
    lines = [HEADER]
    for spec in (*TABLES.values(), CHANGES):
        path = release_dir / f"{spec.name}.parquet" if release_dir else None
        df = pd.read_parquet(path) if path and path.exists() else None
        lines += _table(spec, df)
    return "\n".join(lines).rstrip() + "\n"
