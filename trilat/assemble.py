"""Extracted documents -> the published tables (one DataFrame per table).

The per-document tables come from each batch's ``Parts`` (``trilat.rows``); the
records that span documents from ``trilat.crossdoc``. This module joins them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa

from extract.document import ExtractedDocument
from schemas.registry import TABLES, table_layouts
from trilat.crossdoc import cross_document_tables
from trilat.documents import ReadDocument
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
    return join_tables([p.tables for p in parts], cross)


def join_tables(
    runs: Sequence[dict[str, pa.Table]], cross: Mapping[str, pa.Table]
) -> dict[str, pd.DataFrame]:
    """The published tables from the batches' per-document tables (``runs``, each in
    key order) and the cross-document ones (``cross_document_tables``).

    The batches' tables are moved into the result (``runs`` are left without them)
    and joined without copying where their keys do not interleave.
    """
    out = {}
    for name, spec in TABLES.items():
        if name in PER_DOCUMENT:
            tables = [r.pop(name) for r in runs]
            if name == "evidence":  # and the evidence of the records that span documents
                tables.append(cross["evidence"])
            out[name] = spec.frame(table=spec.layout.concat_sorted(tables), ordered=True)
        else:
            out[name] = spec.frame(table=cross[name], ordered=True)
    return out
