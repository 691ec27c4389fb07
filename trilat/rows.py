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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import repeat
from operator import attrgetter

import pyarrow as pa

from extract.document import EXTRACTOR_VERSIONS, ExtractedDocument
from extract.ids import span_id
from extract.parts import sentence_parts
from schemas.layout import Layout
from schemas.quotes import Problem, quote_problems
from trilat.documents import DocumentInfo, ReadDocument, document_info
from trilat.gcpause import gc_paused

# The tables ``document_parts`` builds.
PER_DOCUMENT = ("documents", "mentions", "topics", "evidence")
Span = tuple[int, int]


class Rows:
    """Rows of one large table, kept as one Python list per column and turned into
    Arrow record batches every BATCH_ROWS rows: memory holds the compact Arrow data,
    not a Python object per value, whatever the size of the corpus."""

    BATCH_ROWS = 50_000

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self._columns: list[list] = [[] for _ in schema]
        self._batches: list[pa.RecordBatch] = []

    def append(self, row: Sequence) -> None:
        """One row, its values in the table's column order."""
        for column, value in zip(self._columns, row, strict=True):
            column.append(value)
        self._flush_when_full()

    def extend(self, *columns: Iterable) -> None:
        """Rows given as one iterable per column, in the table's column order, all of one
        length (a constant column: ``itertools.repeat(value, n)``)."""
        for column, values in zip(self._columns, columns, strict=True):
            column.extend(values)
        self._flush_when_full()

    def _flush_when_full(self) -> None:
        if len(self._columns[0]) >= self.BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._columns[0]:
            arrays = [pa.array(c, f.type) for c, f in zip(self._columns, self.schema, strict=True)]
            self._batches.append(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
            self._columns = [[] for _ in self.schema]

    def table(self) -> pa.Table:
        self._flush()
        return pa.Table.from_batches(self._batches, schema=self.schema)


def _transpose(rows: Iterable[Sequence], width: int) -> tuple[tuple, ...]:
    """Rows of ``width`` values -> ``width`` columns (empty ones when there are no rows)."""
    return tuple(zip(*rows, strict=True)) or ((),) * width


class Evidence:
    """Evidence rows, one per (table, record, document, span).

    Mentions and topics have one row per record and span by construction and go
    straight to a ``Rows`` buffer, a document's rows at a time (``extend``); the
    other tables can report a span twice (an agreement named twice in a sentence),
    and a row added again for the same key replaces the earlier one (``add``).
    """

    def __init__(self, schema: pa.Schema) -> None:
        self._bulk = Rows(schema)
        self._keyed: dict[tuple, tuple] = {}

    def add(self, table: str, record_id: str, d: ReadDocument | DocumentInfo, start: int,
            end: int, extractor: str, confidence: float) -> None:  # fmt: skip
        quote, complete = d.quote(start, end)
        key = (table, record_id, d.source.id, start, end)
        self._keyed[key] = (*key, quote, complete, extractor, EXTRACTOR_VERSIONS[extractor],
                            confidence)  # fmt: skip

    def extend(self, table: str, doc_id: str, record_ids: Sequence[str], spans: Sequence[Span],
               quotes: Mapping[Span, tuple[str, bool]], extractor: str,
               confidences: Iterable[float]) -> None:  # fmt: skip
        """The rows of records of one document that have one span each (``quotes``: the
        quote of each span)."""
        n = len(record_ids)
        quote, complete = _transpose(map(quotes.__getitem__, spans), 2)
        starts, ends = _transpose(spans, 2)
        version = EXTRACTOR_VERSIONS[extractor]
        self._bulk.extend(repeat(table, n), record_ids, repeat(doc_id, n), starts, ends, quote,
                          complete, repeat(extractor, n), repeat(version, n),
                          confidences)  # fmt: skip

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
    the quotes of these that are not their text (``schemas.quotes``). Parts read
    back from a batch's folder (``trilat.batchfolder``) leave the counts,
    ``extracted`` and ``docs`` in its records file (``records``) until they are needed.
    """

    tables: dict[str, pa.Table]
    n_mentions: Counter[str]  # actor id -> mentions
    n_documents: Counter[str]  # actor id -> documents that mention it
    extracted: list[ExtractedDocument]
    docs: list[DocumentInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # source id -> why it was not read
    n_read: int = 0  # documents read
    records: str | None = None  # the file holding the counts, extracted and docs


def document_parts(
    docs: Sequence[ReadDocument],
    extracted: Sequence[ExtractedDocument],
    layouts: Mapping[str, Layout],
) -> Parts:
    """The per-document rows of a batch, each table in primary-key order (so that
    assembly can join the batches' tables without sorting them again), and the
    problems of their quotes, checked here against the texts (``Parts.problems``)."""
    with gc_paused():
        parts = _document_parts(docs, extracted, {n: layouts[n].schema for n in PER_DOCUMENT})
    parts.tables = {n: layouts[n].sort(t) for n, t in parts.tables.items()}
    return parts


_MENTION = attrgetter("start", "end", "text", "actor_id", "kind", "confidence",
                      "sentence_start", "sentence_end")  # fmt: skip
_TOPIC = attrgetter("topic", "start", "end")
TOPIC_CONFIDENCE = 0.7


def _document_parts(docs, extracted, schemas) -> Parts:
    by_id = {e.doc_id: e for e in extracted}
    documents, topics, problems = [], [], []
    mentions, evidence = Rows(schemas["mentions"]), Evidence(schemas["evidence"])
    n_mentions: Counter[str] = Counter()
    n_documents: Counter[str] = Counter()
    light, infos = [], []
    for d in docs:
        s, ex = d.source, by_id[d.source.id]
        sid, texts = s.id, {s.id: d.text}
        documents.append({
            "doc_id": sid, "title": s.title, "title_supplied": s.title_supplied,
            "publisher": s.publisher, "authors": list(s.authors), "published": s.published_date,
            "date_precision": s.date_precision, "url": s.url, "license": s.license,
            "kind": s.kind, "language": s.language, "snapshot_sha256": d.snapshot_sha256,
            "content_sha256": hashlib.sha256(d.text.encode("utf-8")).hexdigest(),
            "n_chars": len(d.text), "n_sentences": len(ex.sentences),
        })  # fmt: skip
        parts = sentence_parts(
            ex.blocks, ex.sentences, [r.start for r in ex.roles if r.source == "author_note"],
            [(w.start, w.end) for w in ex.works], [c.start for c in ex.citations],
        )  # fmt: skip
        # One column at a time (C loops over the records), not a Python loop over rows.
        cols = _transpose(map(_MENTION, ex.mentions), 8)
        start, end, text, actor, kind, confidence, sentence_start, sentence_end = cols
        n = len(start)
        mids = list(map(span_id, repeat(sid, n), start, end))
        part = [parts.get(x, "body") for x in sentence_start]
        mentions.extend(mids, repeat(sid, n), start, end, text, actor, kind, confidence, part)
        n_mentions.update(actor)
        n_documents.update(set(actor))
        rows = zip(mids, repeat(sid), start, end, text, repeat(True))
        problems += quote_problems("mentions", "text", rows, texts)

        # Topics of the running text: not of a table of contents, notes or contributors.
        in_body = [t for t in ex.topics if parts.get(t.start, "body") == "body"]
        topic, t_start, t_end = _transpose(map(_TOPIC, in_body), 3)
        body = sum(1 for p in parts.values() if p == "body") or 1
        for name, k in sorted(Counter(topic).items()):
            topics.append({"doc_id": sid, "topic": name, "n_sentences": k,
                           "share": round(k / body, 6)})  # fmt: skip

        # Each sentence quoted once (and checked once), however many records it supports.
        m_spans = list(zip(sentence_start, sentence_end, strict=True))
        t_spans = list(zip(t_start, t_end, strict=True))
        quotes = {x: d.quote(*x) for x in sorted({*m_spans, *t_spans})}
        problems += _quote_problems(sid, quotes, texts, _span_quote)
        evidence.extend("mentions", sid, mids, m_spans, quotes, "mentions", confidence)
        evidence.extend("topics", sid, [f"{sid}|{t}" for t in topic], t_spans, quotes, "topics",
                        repeat(TOPIC_CONFIDENCE, len(topic)))  # fmt: skip

        # Assembly reads a topic only to label a recommendation that starts there.
        at = {r.start for r in ex.recommendations}
        topics_kept = [t for t in ex.topics if t.start in at]
        light.append(replace(ex, blocks=[], sentences=[], mentions=[], topics=topics_kept))
        info = document_info(d, ex)
        problems += _quote_problems(sid, info.quotes, texts, _cross_document)
        infos.append(info)
    tables = {
        "documents": pa.Table.from_pylist(documents, schema=schemas["documents"]),
        "mentions": mentions.table(),
        "topics": pa.Table.from_pylist(topics, schema=schemas["topics"]),
        "evidence": evidence.table(),
    }
    return Parts(tables, n_mentions, n_documents, light, infos, problems, n_read=len(docs))


def _quote_problems(
    doc_id: str, quotes: Mapping[Span, tuple[str, bool]], texts: Mapping[str, str],
    name_row: Callable[..., str],
) -> list[Problem]:  # fmt: skip
    """``quote_problems`` of a document's evidence quotes, given by span."""
    rows = ((None, doc_id, a, b, q, c) for (a, b), (q, c) in quotes.items())
    return quote_problems("evidence", "quote", rows, texts, name_row=name_row)


def _span_quote(_, doc: str, start: int, end: int) -> str:
    return f"quote of {doc} [{start}:{end}] for evidence of mentions or topics"


def _cross_document(_, doc: str, start: int, end: int) -> str:
    return f"quote of {doc} [{start}:{end}] for cross-document evidence"
