"""The published tables: model, keys and order, in one place."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_

from schemas import tables as t
from schemas.layout import Layout


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    model: type[pa.DataFrameModel]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    @property
    def description(self) -> str:
        return " ".join((self.model.__doc__ or "").split())  # one line, however wrapped

    @property
    def schema(self) -> pa.DataFrameSchema:
        return self.model.to_schema()

    @property
    def layout(self) -> Layout:
        return Layout(self.arrow_schema, self.primary_key)

    @functools.cached_property
    def arrow_schema(self) -> pa_.Schema:
        """The table's Arrow schema, from its model (derived once: it is slow)."""
        fields = []
        for name, col in self.schema.columns.items():
            arrow_type = col.dtype.type.pyarrow_dtype
            meta = {"title": col.title or name, "description": col.description or ""}
            fields.append(pa_.field(name, arrow_type, nullable=bool(col.nullable), metadata=meta))
        return pa_.schema(fields, metadata={"description": self.description})

    def frame(
        self,
        rows: Iterable[Mapping[str, Any]] | None = None,
        table: pa_.Table | None = None,
        ordered: bool = False,
    ) -> pd.DataFrame:
        """Rows (dicts), or an Arrow table, -> a frame with the table's Arrow dtypes,
        sorted by primary key (``ordered``: the table already is)."""
        schema = self.arrow_schema
        if table is not None:
            table = table.select(schema.names).cast(schema)
        else:
            table = pa_.Table.from_pylist(list(rows or ()), schema=schema)
        if not ordered:  # in Arrow (stable), several times faster than in pandas
            table = self.layout.sort(table)
        return table.to_pandas(types_mapper=pd.ArrowDtype)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("documents", t.Documents, ("doc_id",)),
        TableSpec("actors", t.Actors, ("actor_id",)),
        TableSpec(
            "mentions",
            t.Mentions,
            ("mention_id",),
            (
                ForeignKey(("doc_id",), "documents", ("doc_id",)),
                ForeignKey(("actor_id",), "actors", ("actor_id",)),
            ),
        ),
        TableSpec("events", t.Events, ("event_id",)),
        TableSpec("agreements", t.Agreements, ("agreement_id",)),
        TableSpec(
            "force_posture",
            t.ForcePosture,
            ("observation_id",),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
        TableSpec("people", t.People, ("person_id",)),
        TableSpec(
            "publications",
            t.Publications,
            ("publication_id",),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
        TableSpec(
            "citations",
            t.Citations,
            ("citation_id",),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
        TableSpec(
            "topics",
            t.Topics,
            ("doc_id", "topic"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
        TableSpec(
            "recommendations",
            t.Recommendations,
            ("recommendation_id",),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
        TableSpec(
            "evidence",
            t.Evidence,
            ("record_table", "record_id", "doc_id", "start", "end"),
            (ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        ),
    )
}

# Release metadata, not data: what changed since the previous release.
CHANGES = TableSpec("changes", t.Changes, ("table", "record_id"))


def table_layouts() -> dict[str, Layout]:
    """Each published table's Arrow schema and key, by name (what workers build with)."""
    return {name: spec.layout for name, spec in TABLES.items()}
