"""Rows of the per-document tables, built where a batch of documents is extracted.

Mentions, topics and their evidence are 95% of a release's rows and depend on one
document each. The extraction task turns them into Arrow tables at once (in a
worker process when there is one), so the build never holds a Python object per
mention, and only the cross-document records travel on (``Parts``). This module
imports no pandas or pandera: a worker process starts in a fraction of a second.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pyarrow as pa

from extract.document import EXTRACTOR_VERSIONS, ExtractedDocument
from extract.ids import span_id
from schemas.layout import Layout
from schemas.quotes import Problem, quote_problems, table_quote_problems
from trilat.documents import DocumentInfo, ReadDocument, document_info
from trilat.gcpause import gc_paused

# The tables ``document_parts`` builds.
PER_DOCUMENT = ("documents", "mentions", "topics", "evidence")


class Rows:
    """Rows of one large table, as tuples in the table's column order, turned into
    Arrow record batches every BATCH_ROWS rows: memory holds the compact Arrow
    data, not a Python object per value, whatever the size of the corpus."""

    BATCH_ROWS = 50_000

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self._rows: list[tuple] = []
        self._batches: list[pa.RecordBatch] = []

    def append(self, row: tuple) -> None:
        self._rows.append(row)
        if len(self._rows) >= self.BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            columns = zip(*self._rows, strict=True)
            arrays = [pa.array(c, f.type) for c, f in zip(columns, self.schema, strict=True)]
            self._batches.append(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
            self._rows = []

    def table(self) -> pa.Table:
        self._flush()
        return pa.Table.from_batches(self._batches, schema=self.schema)


class Evidence:
    """Evidence rows, one per (table, record, document, span).

    Mentions and topics have one row per record and span by construction and go
    straight to a ``Rows`` buffer; the other tables can report a span twice (an
    agreement named twice in a sentence), and a row added again for the same key
    replaces the earlier one.
    """

    UNIQUE_BY_CONSTRUCTION = frozenset({"mentions", "topics"})

    def __init__(self, schema: pa.Schema) -> None:
        self._bulk = Rows(schema)
        self._keyed: dict[tuple, tuple] = {}

    def add(self, table: str, record_id: str, d: ReadDocument | DocumentInfo, start: int,
            end: int, extractor: str, confidence: float) -> None:  # fmt: skip
        quote, complete = d.quote(start, end)
        key = (table, record_id, d.source.id, start, end)
        row = (*key, quote, complete, extractor, EXTRACTOR_VERSIONS[extractor], confidence)
        if table in self.UNIQUE_BY_CONSTRUCTION:
            self._bulk.append(row)
        else:
            self._keyed[key] = row

    def table(self) -> pa.Table:
        for row in self._keyed.values():
            self._bulk.append(row)
        self._keyed = {}
        return self._bulk.table()


@dataclass
class Parts:
    """What a batch of documents adds to a release.

    ``tables`` hold the per-document tables (``PER_DOCUMENT``; evidence only of
    mentions and topics); ``extracted`` keeps what the cross-document records
    (events, agreements, people, ...) are made from, without the sentences,
    mentions and topics, which are done with (but the topics of recommendations);
    ``docs`` the documents without their texts, in the same order; ``problems``
    the quotes of these that are not their text (``schemas.quotes``). A worker
    process leaves the counts, ``extracted`` and ``docs`` in a file (``payload``)
    for the worker that makes the cross-document records.
    """

    tables: dict[str, pa.Table]
    n_mentions: Counter[str]  # actor id -> mentions
    n_documents: Counter[str]  # actor id -> documents that mention it
    extracted: list[ExtractedDocument]
    docs: list[DocumentInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sources not read, with the reason
    n_read: int = 0  # documents read
    payload: str | None = None  # the file holding the counts, extracted and docs

    def leave_payload(self, write: Callable[[object], str]) -> None:
        """Hand the counts, ``extracted`` and ``docs`` to ``write``, which returns where
        it put them, and keep only that."""
        self.payload = write((self.n_mentions, self.n_documents, self.extracted, self.docs))
        self.n_mentions, self.n_documents, self.extracted, self.docs = Counter(), Counter(), [], []

    def take_payload(self, read: Callable[[str], object]) -> None:
        """The counts, ``extracted`` and ``docs`` back from where ``leave_payload`` put them."""
        if self.payload is not None:
            self.n_mentions, self.n_documents, self.extracted, self.docs = read(self.payload)
            self.payload = None


def document_parts(
    docs: Sequence[ReadDocument],
    extracted: Sequence[ExtractedDocument],
    layouts: Mapping[str, Layout],
) -> Parts:
    """The per-document rows of a batch, each table in primary-key order (so that
    assembly can join the batches' tables without sorting them again)."""
    with gc_paused():
        parts = _document_parts(docs, extracted, {n: layouts[n].schema for n in PER_DOCUMENT})
        parts.problems = _quote_problems(docs, parts)
    parts.tables = {n: layouts[n].sort(t) for n, t in parts.tables.items()}
    return parts


def _quote_problems(docs: Sequence[ReadDocument], parts: Parts) -> list[Problem]:
    """Every quote of the batch checked against the texts, here where they are: the
    per-document tables' and those the cross-document evidence will take."""
    texts = {d.source.id: d.text for d in docs}
    out = table_quote_problems("mentions", parts.tables["mentions"], "text", "mention_id", texts)
    out += table_quote_problems("evidence", parts.tables["evidence"], "quote", "record_id", texts)
    rows = (
        (None, i.source.id, s, e, q, complete)
        for i in parts.docs
        for (s, e), (q, complete) in i.quotes.items()
    )
    return out + quote_problems("evidence", "quote", rows, texts, name_row=_cross_document)


def _cross_document(_, doc: str, start: int, end: int) -> str:
    return f"quote of {doc} [{start}:{end}] for cross-document evidence"


def _document_parts(docs, extracted, schemas) -> Parts:
    by_id = {e.doc_id: e for e in extracted}
    documents, topics = [], []
    mentions, evidence = Rows(schemas["mentions"]), Evidence(schemas["evidence"])
    n_mentions: Counter[str] = Counter()
    n_documents: Counter[str] = Counter()
    light, infos = [], []
    for d in docs:
        s, ex = d.source, by_id[d.source.id]
        documents.append({
            "doc_id": s.id, "title": s.title, "title_supplied": s.title_supplied,
            "publisher": s.publisher, "authors": list(s.authors), "published": s.published_date,
            "date_precision": s.date_precision, "url": s.url, "license": s.license,
            "kind": s.kind, "language": s.language, "snapshot_sha256": d.snapshot_sha256,
            "content_sha256": hashlib.sha256(d.text.encode("utf-8")).hexdigest(),
            "n_chars": len(d.text), "n_sentences": len(ex.sentences),
        })  # fmt: skip
        for m in ex.mentions:
            mid = span_id(s.id, m.start, m.end)
            mentions.append((mid, s.id, m.start, m.end, m.text, m.actor_id, m.kind, m.confidence))
            n_mentions[m.actor_id] += 1
            evidence.add("mentions", mid, d, m.sentence_start, m.sentence_end, "mentions",
                         m.confidence)  # fmt: skip
        n_documents.update({m.actor_id for m in ex.mentions})
        body = sum(1 for x in ex.sentences if x.role == "body") or 1
        per_topic = Counter(t.topic for t in ex.topics)
        for topic, n in sorted(per_topic.items()):
            topics.append({"doc_id": s.id, "topic": topic, "n_sentences": n,
                           "share": round(n / body, 6)})  # fmt: skip
        for t in ex.topics:
            evidence.add("topics", f"{s.id}|{t.topic}", d, t.start, t.end, "topics", 0.7)
        # Assembly reads a topic only to label a recommendation that starts there.
        at = {r.start for r in ex.recommendations}
        topics_kept = [t for t in ex.topics if t.start in at]
        light.append(replace(ex, blocks=[], sentences=[], mentions=[], topics=topics_kept))
        infos.append(document_info(d, ex))
    tables = {
        "documents": pa.Table.from_pylist(documents, schema=schemas["documents"]),
        "mentions": mentions.table(),
        "topics": pa.Table.from_pylist(topics, schema=schemas["topics"]),
        "evidence": evidence.table(),
    }
    return Parts(tables, n_mentions, n_documents, light, infos, n_read=len(docs))
