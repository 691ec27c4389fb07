"""A release's own schema, read back from its datapackage.json.

A release is checked against the schema it was published with, not against
today's models: releases are immutable, and the models change (release 1.0.0 had
four tables). A table whose published schema is today's is checked against its
Pandera model, which also holds the checks across columns (``end > start``); any
other table against a Pandera schema made from its Table Schema: the column types
(Arrow types of the Parquet file), ``required``, ``unique``, ``enum``, ``pattern``,
bounds and lengths, its primary key and its foreign keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandera.pandas as pa
import pyarrow as pa_

from schemas.datapackage import arrow_type_name, data_type, table_schema
from schemas.registry import CHANGES, TABLES, ForeignKey

# Resources of a release that are metadata about it, not its data.
METADATA = (CHANGES.name,)


@dataclass(frozen=True)
class PublishedTable:
    """What validation needs of a table: a model (anything with Pandera's ``validate``),
    its primary key and foreign keys, as ``schemas.registry.TableSpec`` has them."""

    name: str
    model: Any
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())


def _checks(constraints: Mapping[str, Any]) -> list[pa.Check]:
    checks = []
    if "enum" in constraints:
        checks.append(pa.Check.isin(constraints["enum"]))
    if "pattern" in constraints:
        checks.append(pa.Check.str_matches(constraints["pattern"]))
    if "minimum" in constraints:
        checks.append(pa.Check.ge(constraints["minimum"]))
    if "maximum" in constraints:
        checks.append(pa.Check.le(constraints["maximum"]))
    if "minLength" in constraints or "maxLength" in constraints:
        checks.append(pa.Check.str_length(constraints.get("minLength"),
                                          constraints.get("maxLength")))  # fmt: skip
    return checks


def schema_of(resource: Mapping[str, Any]) -> pa.DataFrameSchema:
    """A Pandera schema from a resource's Table Schema (types are checked apart, on
    the Parquet file's schema: ``type_problems``)."""
    columns = {}
    for f in resource["schema"]["fields"]:
        c = f.get("constraints", {})
        columns[f["name"]] = pa.Column(
            checks=_checks(c), nullable=not c.get("required", False),
            unique=bool(c.get("unique", False)), title=f.get("title"),
            description=f.get("description"),
        )  # fmt: skip
    return pa.DataFrameSchema(columns, strict=True, name=resource["name"])


def published_tables(pkg: Mapping[str, Any]) -> dict[str, PublishedTable]:
    """Every data table of a release (``changes`` apart) with the schema it was
    published with: today's model where the published schema is today's."""
    out = {}
    for r in pkg["resources"]:
        if r["name"] in METADATA:
            continue
        spec = TABLES.get(r["name"])
        if spec is not None and table_schema(spec) == r["schema"]:
            out[r["name"]] = PublishedTable(spec.name, spec.model, spec.primary_key,
                                            spec.foreign_keys)  # fmt: skip
            continue
        s = r["schema"]
        fks = tuple(_foreign_key(fk) for fk in s.get("foreignKeys", ()))
        out[r["name"]] = PublishedTable(r["name"], schema_of(r), tuple(s["primaryKey"]), fks)
    return out


def _foreign_key(fk: Mapping[str, Any]) -> ForeignKey:
    ref = fk["reference"]
    return ForeignKey(tuple(fk["fields"]), ref["resource"], tuple(ref["fields"]))


def type_problems(resource: Mapping[str, Any], arrow: pa_.Schema) -> list[str]:
    """Columns of a Parquet file whose Arrow type, or presence, is not the one its
    resource declares."""
    declared = {f["name"]: data_type(f) for f in resource["schema"]["fields"]}
    found = {f.name: arrow_type_name(f.type) for f in arrow}
    out = [f"{resource['name']}.{n}: declared {t}, the file has {found.get(n, 'no such column')}"
           for n, t in declared.items() if found.get(n) != t]  # fmt: skip
    out += [f"{resource['name']}.{n}: in the file, not declared" for n in found.keys() - declared]
    return out
