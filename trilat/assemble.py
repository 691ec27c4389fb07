"""Extracted documents -> the published tables (one DataFrame per table)."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from extract.document import EXTRACTOR_VERSIONS, ExtractedDocument
from schemas.registry import TABLES
from trilat.reference import Vocabulary
from trilat.registry import Source


@dataclass(frozen=True)
class ReadDocument:
    """A source with its snapshot read into document text."""

    source: Source
    text: str
    snapshot_sha256: str


def mention_id(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id}@{start}-{end}"


def build_tables(
    docs: Sequence[ReadDocument], extracted: Sequence[ExtractedDocument], vocab: Vocabulary
) -> dict[str, pd.DataFrame]:
    by_id = {e.doc_id: e for e in extracted}
    documents, mentions, evidence = [], [], []
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
            mid = mention_id(s.id, m.start, m.end)
            mentions.append(
                {
                    "mention_id": mid,
                    "doc_id": s.id,
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "actor_id": m.actor_id,
                    "mention_kind": m.kind,
                    "confidence": m.confidence,
                }
            )
            evidence.append(
                {
                    "record_table": "mentions",
                    "record_id": mid,
                    "doc_id": s.id,
                    "start": m.sentence_start,
                    "end": m.sentence_end,
                    "quote": d.text[m.sentence_start : m.sentence_end],
                    "extractor": "mentions",
                    "extractor_version": EXTRACTOR_VERSIONS["mentions"],
                    "confidence": m.confidence,
                }
            )

    n_mentions = Counter(m["actor_id"] for m in mentions)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        docs_of[m["actor_id"]].add(m["doc_id"])
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
    rows = {"documents": documents, "actors": actors, "mentions": mentions, "evidence": evidence}
    return {name: TABLES[name].frame(rows[name]) for name in TABLES}
