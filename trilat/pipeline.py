"""The pipeline's steps as plain functions; flows/ wraps them in Prefect tasks.

``trilat eval`` and the tests call these directly, without Prefect.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from extract.agreements import AgreementMatcher
from extract.boilerplate import BoilerplateRules
from extract.document import DocumentInput, ExtractedDocument, Extractors, extract_document
from extract.events import EventVocabulary
from extract.mentions import Gazetteer
from extract.text import UnreadableSource, html_metadata, to_text
from trilat import progress
from trilat.assemble import ReadDocument
from trilat.errors import InputError
from trilat.reference import Vocabulary
from trilat.registry import Registry, Source, read_snapshot

# Documents per extraction task: enough that Prefect's per-task cost is noise.
BATCH_CHARS = 2_000_000


def read_documents(registry: Registry) -> list[ReadDocument]:
    """Every snapshot as document text; all unreadable sources are reported together."""
    docs, problems, failed = [], [], 0
    for s in registry.sources:
        try:
            data = read_snapshot(registry, s)
            text = to_text(data, Path(s.file).suffix)
        except InputError as exc:
            problems += [exc.message, *(f"    {d}" for d in exc.details)]
            failed += 1
            continue
        except UnreadableSource as exc:
            problems.append(f"source '{s.id}' ({registry.snapshot_path(s)}): {exc}")
            failed += 1
            continue
        if Path(s.file).suffix.lower() in (".html", ".htm"):
            s = with_page_metadata(s, data)
        docs.append(ReadDocument(s, text, hashlib.sha256(data).hexdigest()))
    if problems:
        raise InputError(f"{failed} source(s) could not be read; nothing was published", problems)
    return docs


def with_page_metadata(source: Source, data: bytes) -> Source:
    """Fill the registry fields left empty (date, authors) from the page's own metadata."""
    meta = html_metadata(data)
    update: dict = {}
    if source.published is None and meta["date"]:
        update["published"] = meta["date"]
    if not source.authors and meta["authors"]:
        update["authors"] = tuple(meta["authors"])
    return source.model_copy(update=update) if update else source


def compile_extractors(vocab: Vocabulary) -> Extractors:
    capitals = [(c, a.country) for a in vocab.actors if a.type == "state" for c in a.capitals]
    return Extractors(
        gazetteer=Gazetteer([a.model_dump() for a in vocab.actors], vocab.blocking_names),
        boilerplate=BoilerplateRules.from_patterns(
            vocab.boilerplate_section_end, vocab.boilerplate_line
        ),
        agreements=AgreementMatcher([a.model_dump() for a in vocab.agreements]),
        events=EventVocabulary.build(
            [t.model_dump() for t in vocab.event_types],
            [e.model_dump() for e in vocab.events],
            [e.model_dump() for e in vocab.exercises],
            [p.model_dump() for p in vocab.places if p.kind in ("city", "site")],
            capitals,
            vocab.actor_country,
        ),
        states=frozenset(a.id for a in vocab.actors if a.type == "state"),
    )


def extract_documents(docs: Sequence[ReadDocument], ex: Extractors) -> list[ExtractedDocument]:
    out = []
    for d in docs:
        out.append(
            extract_document(
                DocumentInput(
                    d.source.id, d.text, d.source.title, d.source.authors, d.source.body_start,
                    d.source.body_end, d.source.published_date, d.source.date_precision,
                ),
                ex,
            )
        )  # fmt: skip
        progress.advance()
    return out


def batches(docs: Sequence[ReadDocument], max_chars: int = BATCH_CHARS) -> list[list[ReadDocument]]:
    """Consecutive groups of documents of about ``max_chars`` characters each."""
    out: list[list[ReadDocument]] = [[]]
    size = 0
    for d in docs:
        if out[-1] and size + len(d.text) > max_chars:
            out.append([])
            size = 0
        out[-1].append(d)
        size += len(d.text)
    return [b for b in out if b]
