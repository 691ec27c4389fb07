"""Extracted documents -> the published tables (one DataFrame per table).

The per-document tables come from each batch's ``Parts`` (``trilat.rows``); the
records that span documents from ``trilat.crossdoc``. This module joins them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from extract.document import ExtractedDocument
from schemas.registry import TABLES, table_layouts
from trilat.crossdoc import cross_document_tables
from trilat.documents import ReadDocument
from trilat.provenance import extractor_versions
from trilat.reference import Vocabulary
from trilat.rows import PER_DOCUMENT, Parts, document_parts


def build_tables(
    docs: Sequence[ReadDocument], extracted: Sequence[ExtractedDocument], vocab: Vocabulary
) -> dict[str, pd.DataFrame]:
    """The published tables, sorted by primary key, from documents extracted here."""
    return merge_parts([document_parts(docs, extracted, table_layouts())], vocab)


def merge_parts(parts: Sequence[Parts], vocab: Vocabulary) -> dict[str, pd.DataFrame]:
    """The published tables, sorted by primary key: the batches' per-document tables
    joined, and the records that span documents (events, agreements, people, ...)."""
    cross = cross_document_tables(parts, vocab, table_layouts())
    return join_tables([p.tables for p in parts], cross, extractor_versions(vocab))


def join_tables(
    runs: Sequence[dict[str, pa.Table]],
    cross: Mapping[str, pa.Table],
    versions: Mapping[str, str],
) -> dict[str, pd.DataFrame]:
    """The published tables from the batches' per-document tables (``runs``, each in
    key order) and the cross-document ones (``cross_document_tables``), with each
    evidence row's extractor version (``versions``, ``trilat.provenance``).

    The batches' tables are moved into the result (``runs`` are left without them)
    and joined without copying where their keys do not interleave.
    """
    out = {}
    for name, spec in TABLES.items():
        if name in PER_DOCUMENT:
            tables = [r.pop(name) for r in runs]
            if name == "evidence":  # and the evidence of the records that span documents
                tables.append(cross["evidence"])
            table = spec.layout.concat_sorted(tables)
            if name == "evidence":
                table = stamp_versions(table, versions)
            out[name] = spec.frame(table=table, ordered=True)
        else:
            out[name] = spec.frame(table=cross[name], ordered=True)
    return out


def stamp_versions(evidence: pa.Table, versions: Mapping[str, str]) -> pa.Table:
    """Evidence with ``extractor_version`` set from its ``extractor`` column: the
    versions derived from the code and vocabularies of this build, stamped here, in
    one place, rather than by each batch from the extractors' declared versions."""
    names = pa.array(sorted(versions), pa.string())
    found = pc.index_in(evidence.column("extractor"), value_set=names)
    unknown = pc.is_null(found)
    if pc.any(unknown).as_py():
        missing = pc.unique(evidence.column("extractor").filter(unknown)).to_pylist()
        raise KeyError(f"no version for extractor(s) {missing}")
    stamped = pc.take(pa.array([versions[n] for n in names.to_pylist()], pa.string()), found)
    at = evidence.schema.get_field_index("extractor_version")
    return evidence.set_column(at, evidence.schema.field(at), stamped)
