"""Extracted documents -> the published tables (one DataFrame per table)."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pyarrow as pa

from extract.consolidate import event_row, merge_events
from extract.document import EXTRACTOR_VERSIONS, ExtractedDocument
from extract.ids import slug, span_id
from schemas.registry import TABLES
from trilat.gcpause import gc_paused
from trilat.reference import Vocabulary
from trilat.registry import Source, parse_date


@dataclass(frozen=True)
class ReadDocument:
    """A source with its snapshot read into document text."""

    source: Source
    text: str
    snapshot_sha256: str


# Licences under which a source may not be redistributed: quote a short excerpt only.
RESTRICTED_LICENSES = frozenset({"LicenseRef-all-rights-reserved", "LicenseRef-not-stated"})
QUOTE_LIMIT = 200


def build_tables(
    docs: Sequence[ReadDocument], extracted: Sequence[ExtractedDocument], vocab: Vocabulary
) -> dict[str, pd.DataFrame]:
    """The published tables, sorted by primary key."""
    with gc_paused():
        return _build_tables(docs, extracted, vocab)


def _build_tables(
    docs: Sequence[ReadDocument], extracted: Sequence[ExtractedDocument], vocab: Vocabulary
) -> dict[str, pd.DataFrame]:
    by_id = {e.doc_id: e for e in extracted}
    documents = []
    evidence = Evidence()
    mentions = Rows("mentions")
    n_mentions: Counter[str] = Counter()
    docs_of: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        s, ex = d.source, by_id[d.source.id]
        documents.append(
            {
                "doc_id": s.id,
                "title": s.title,
                "title_supplied": s.title_supplied,
                "publisher": s.publisher,
                "authors": list(s.authors),
                "published": s.published_date,
                "date_precision": s.date_precision,
                "url": s.url,
                "license": s.license,
                "kind": s.kind,
                "language": s.language,
                "snapshot_sha256": d.snapshot_sha256,
                "content_sha256": hashlib.sha256(d.text.encode("utf-8")).hexdigest(),
                "n_chars": len(d.text),
                "n_sentences": len(ex.sentences),
            }
        )
        for m in ex.mentions:
            mid = span_id(s.id, m.start, m.end)
            mentions.append((mid, s.id, m.start, m.end, m.text, m.actor_id, m.kind, m.confidence))
            n_mentions[m.actor_id] += 1
            docs_of[m.actor_id].add(s.id)
            evidence.add("mentions", mid, d, m.sentence_start, m.sentence_end, "mentions",
                         m.confidence)  # fmt: skip

    events, agreements, force = _core_records(docs, by_id, vocab, evidence)
    expert = _expert_records(docs, by_id, vocab, evidence)

    actors = [
        {
            "actor_id": a.id,
            "name": a.name,
            "actor_type": a.type,
            "country": a.country,
            "aliases": list(a.aliases),
            "wikidata_id": a.wikidata_id,
            "n_mentions": n_mentions[a.id],
            "n_documents": len(docs_of[a.id]),
        }
        for a in vocab.actors
        if n_mentions[a.id]
    ]
    rows = {
        **expert,
        "documents": documents, "actors": actors, "events": events,
        "agreements": agreements, "force_posture": force,
    }  # fmt: skip
    large = {"mentions": mentions.table(), "evidence": evidence.table()}
    return {
        name: TABLES[name].frame(table=large.pop(name)) if name in large
        else TABLES[name].frame(rows[name])
        for name in TABLES
    }  # fmt: skip


def quote_for(d: ReadDocument, start: int, end: int) -> tuple[str, bool]:
    """The evidence quote and whether it is the whole span.

    Sources whose licence does not allow redistribution are quoted in a short
    excerpt: the first QUOTE_LIMIT characters of the span, cut at a word.
    """
    span = d.text[start:end]
    if d.source.license not in RESTRICTED_LICENSES or len(span) <= QUOTE_LIMIT:
        return span, True
    cut = span[:QUOTE_LIMIT]
    cut = cut[: cut.rfind(" ")] if " " in cut[QUOTE_LIMIT // 2 :] else cut
    return cut.rstrip(), False


class Rows:
    """Rows of one large table, as tuples in the table's column order, turned into
    Arrow record batches every BATCH_ROWS rows: memory holds the compact Arrow
    data, not a Python object per value, whatever the size of the corpus."""

    BATCH_ROWS = 50_000

    def __init__(self, table: str) -> None:
        self.schema = TABLES[table].arrow_schema
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

    def __init__(self) -> None:
        self._bulk = Rows("evidence")
        self._keyed: dict[tuple, tuple] = {}

    def add(self, table: str, record_id: str, d: ReadDocument, start: int, end: int,
            extractor: str, confidence: float) -> None:  # fmt: skip
        quote, complete = quote_for(d, start, end)
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


def _core_records(docs, by_id, vocab: Vocabulary, evidence: Evidence):
    """Events, agreements and force figures, merged, with their evidence rows."""
    doc_of = {d.source.id: d for d in docs}
    plover = {t.type: t.plover for t in vocab.event_types}
    reports = [(d.source.id, r) for d in docs for r in by_id[d.source.id].events]
    events = []
    for m in merge_events(reports):
        events.append(event_row(m, plover))
        seen = set()
        for doc_id, r in m.reports:
            if (doc_id, r.sentence_start) not in seen:
                seen.add((doc_id, r.sentence_start))
                evidence.add(
                    "events",
                    m.event_id,
                    doc_of[doc_id],
                    r.sentence_start,
                    r.sentence_end,
                    "events",
                    r.confidence,
                )

    curated = {a.id: a for a in vocab.agreements}
    agreements: dict[str, dict] = {}
    sources: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for a in by_id[d.source.id].agreements:
            if a.agreement_id not in agreements:
                if a.agreement_id in curated:
                    c = curated[a.agreement_id]
                    signed, precision = parse_date(c.date_signed)
                    agreements[a.agreement_id] = {
                        "agreement_id": c.id, "name": c.name, "agreement_type": c.type,
                        "date_signed": signed, "date_precision": precision,
                        "parties": sorted(c.parties), "curated": True,
                    }  # fmt: skip
                else:
                    agreements[a.agreement_id] = {
                        "agreement_id": a.agreement_id, "name": a.name,
                        "agreement_type": a.agreement_type,
                        "date_signed": date(a.year, 1, 1) if a.year else None,
                        "date_precision": "year" if a.year else None,
                        "parties": list(a.parties), "curated": False,
                    }  # fmt: skip
            sources[a.agreement_id].add(d.source.id)
            evidence.add(
                "agreements",
                a.agreement_id,
                d,
                a.sentence_start,
                a.sentence_end,
                "agreements",
                a.confidence,
            )
    for aid, row in agreements.items():
        row["n_sources"] = len(sources[aid])

    force = []
    for d in docs:
        for f in by_id[d.source.id].figures:
            oid = span_id(d.source.id, f.start, f.end)
            force.append({
                "observation_id": oid, "doc_id": d.source.id, "metric": f.metric,
                "host_country": f.host_country, "deploying_country": f.deploying_country,
                "value": f.value, "approximate": f.approximate,
                "as_of": f.as_of, "as_of_precision": f.as_of_precision,
            })  # fmt: skip
            evidence.add(
                "force_posture", oid, d, f.sentence_start, f.sentence_end, "force_posture", 0.85
            )
    return events, list(agreements.values()), force


def _line_of(text: str, name: str) -> tuple[int, int] | None:
    """The line that first names ``name`` (case-insensitive), as a span."""
    i = text.casefold().find(name.casefold())
    if i < 0:
        return None
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return start, len(text) if end < 0 else end


def _expert_records(docs, by_id, vocab: Vocabulary, evidence: Evidence) -> dict[str, list]:
    """People, publications, citations, topics and recommendations, with evidence."""
    from extract.people import person_id

    people: dict[str, dict] = {}
    people_docs: dict[str, set[str]] = defaultdict(set)

    def person(name: str, d: ReadDocument, span: tuple[int, int], role=None) -> str:
        pid = person_id(name)
        row = people.get(pid)
        if row is None:
            row = people[pid] = {"person_id": pid, "name": name, "position": None,
                                 "organization": None, "organization_country": None,
                                 "actor_id": None}  # fmt: skip
        if role is not None and row["position"] is None and row["organization"] is None:
            row.update(position=role.position, organization=role.organization,
                       organization_country=role.organization_country)  # fmt: skip
        if role is not None and role.actor_id:
            row["actor_id"] = role.actor_id
        people_docs[pid].add(d.source.id)
        evidence.add("people", pid, d, span[0], span[1], "people",
                                  0.8 if role is not None else 0.6)  # fmt: skip
        return pid

    publications: dict[str, dict] = {}
    citations, topics, recommendations = [], [], []
    for d in docs:
        ex, s = by_id[d.source.id], d.source
        for role in ex.roles:
            person(role.name, d, (role.start, role.end), role)
        authors = []
        for a in s.authors:
            span = _line_of(d.text, a)
            if span is not None:
                authors.append(person(a, d, span))
        title_span = _line_of(d.text, s.title) if not s.title_supplied else None
        if authors and (title_span or authors):
            pub = slug(s.title)
            if pub not in publications:
                publications[pub] = {
                    "publication_id": pub, "doc_id": s.id, "title": s.title, "authors": authors,
                    "container": s.publisher, "published": s.published_date,
                }  # fmt: skip
            span = title_span or _line_of(d.text, s.authors[0]) or (0, 1)
            evidence.add("publications", pub, d, *span, "publications", 0.9)
        for w in ex.works:
            pub = slug(w.title)
            ids = [person(a, d, (w.start, w.end)) for a in w.authors]
            publications.setdefault(pub, {
                "publication_id": pub, "doc_id": s.id, "title": w.title, "authors": ids,
                "container": s.title, "published": s.published_date,
            })  # fmt: skip
            evidence.add("publications", pub, d, w.start, w.end, "publications", 0.8)
        for c in ex.citations:
            cid = span_id(s.id, c.start, c.end)
            citations.append({
                "citation_id": cid, "doc_id": s.id, "note": c.note, "raw": c.raw,
                "authors": list(c.authors), "title": c.title, "container": c.container,
                "year": c.year, "url": c.url, "kind": c.kind,
            })  # fmt: skip
            evidence.add("citations", cid, d, c.start, c.end, "citations", 0.8)
        body = sum(1 for x in ex.sentences if x.role == "body") or 1
        per_topic = Counter(t.topic for t in ex.topics)
        for topic, n in sorted(per_topic.items()):
            topics.append({"doc_id": s.id, "topic": topic, "n_sentences": n,
                           "share": round(n / body, 6)})  # fmt: skip
        for t in ex.topics:
            evidence.add("topics", f"{s.id}|{t.topic}", d, t.start, t.end,
                                      "topics", 0.7)  # fmt: skip
        first_topic = {}
        for t in ex.topics:
            first_topic.setdefault(t.start, t.topic)
        for r in ex.recommendations:
            rid = span_id(s.id, r.start, r.end)
            recommendations.append({
                "recommendation_id": rid, "doc_id": s.id,
                "author": _author_at(d, r.start), "addressees": list(r.addressees),
                "topic": first_topic.get(r.start), "text": quote_for(d, r.start, r.end)[0],
            })  # fmt: skip
            evidence.add("recommendations", rid, d, r.start, r.end,
                                      "recommendations", r.confidence)  # fmt: skip
    for pid, row in people.items():
        row["n_documents"] = len(people_docs[pid])
    return {
        "people": list(people.values()), "publications": list(publications.values()),
        "citations": citations, "topics": topics, "recommendations": recommendations,
    }  # fmt: skip


def _author_at(d: ReadDocument, offset: int) -> str | None:
    """The registered author whose "by <name>" line last precedes ``offset``, else all."""
    best, best_at = None, -1
    for a in d.source.authors:
        i = d.text.rfind(f"by {a}", 0, offset)
        if i > best_at:
            best, best_at = a, i
    if best is not None:
        return best
    return "; ".join(d.source.authors) or None
