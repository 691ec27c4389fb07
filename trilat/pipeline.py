"""The pipeline's steps as plain functions; flows/ wraps them in Prefect tasks.

``trilat eval`` and the tests call these directly, without Prefect.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path

import extract
from extract.agreements import AgreementMatcher
from extract.boilerplate import BoilerplateRules
from extract.document import (
    EXTRACTOR_VERSIONS,
    DocumentInput,
    ExtractedDocument,
    Extractors,
    extract_document,
)
from extract.events import EventVocabulary
from extract.mentions import Gazetteer
from extract.text import READER_VERSION, UnreadableSource, html_metadata, to_text
from extract.topics import topic_matcher
from schemas.layout import Layout
from trilat.errors import InputError
from trilat.files import write_atomic
from trilat.gcpause import gc_paused
from trilat.reference import Vocabulary
from trilat.registry import Registry, Source, read_snapshot
from trilat.rows import Parts, ReadDocument, document_parts

# One document above this size is skipped with a warning (split it into parts).
MAX_SNAPSHOT_BYTES = 25 * 1024 * 1024


def read_all(
    registry: Registry,
    cache_dir: Path | None = None,
    snapshots: Mapping[str, bytes | str] | None = None,
) -> tuple[list[ReadDocument], dict[str, str]]:
    """Every snapshot as document text, and a warning for each source skipped (by id).

    A source whose file cannot be read as text (empty, not UTF-8, binary, a broken
    PDF, an HTML page without text, over MAX_SNAPSHOT_BYTES) is skipped with a
    warning naming it: the rest of the dataset still builds. A snapshot that is
    missing or does not match its pinned sha256 stops the build (InputError):
    that is a broken registry, not a bad source. A source registered by its URL and
    not fetched yet is not read, nor warned about here (``Registry.waiting``).
    ``snapshots``: what ``read_snapshots`` gave for these sources, when already read.
    """
    docs: list[ReadDocument] = []
    skipped: dict[str, str] = {}
    if snapshots is None:
        snapshots = read_snapshots(registry)
    for s in registry.with_snapshots().sources:
        data = snapshots[s.id]
        if isinstance(data, str):
            skipped[s.id] = data
            continue
        sha = s.sha256 or hashlib.sha256(data).hexdigest()  # a pinned one was just checked
        try:
            text = _cached_text(data, sha, Path(s.file).suffix, cache_dir)
        except UnreadableSource as exc:
            skipped[s.id] = f"source '{s.id}' ({registry.snapshot_path(s)}): {exc}"
            continue
        if Path(s.file).suffix.lower() in (".html", ".htm"):
            s = with_page_metadata(s, data)
        docs.append(ReadDocument(s, text, sha))
    return docs, skipped


def read_snapshots(registry: Registry) -> dict[str, bytes | str]:
    """Source id -> the bytes of its snapshot, or why it is skipped (over
    MAX_SNAPSHOT_BYTES). InputError when a snapshot is missing, refused (a link out of
    the registry folder, a pipe, a device) or does not match its pinned sha256."""
    out: dict[str, bytes | str] = {}
    for s in registry.with_snapshots().sources:
        path = registry.snapshot_path(s)
        size = path.stat().st_size if path.exists() else 0
        if size > MAX_SNAPSHOT_BYTES:
            out[s.id] = (
                f"source '{s.id}' ({path}): {size} bytes is over the {MAX_SNAPSHOT_BYTES}-byte "
                "limit for one document; split it"
            )
            continue
        out[s.id] = read_snapshot(registry, s)
    return out


def read_documents(registry: Registry) -> list[ReadDocument]:
    """Every snapshot as document text; any source that cannot be read is an error."""
    docs, skipped = read_all(registry)
    if skipped:
        raise InputError(f"{len(skipped)} source(s) could not be read", list(skipped.values()))
    return docs


@cache
def reader_key() -> str:
    """The reader's version and the libraries it uses: a new one means new text."""
    libs = "-".join(metadata.version(p) for p in ("trafilatura", "pypdf"))
    return hashlib.sha256(f"{READER_VERSION}-{libs}".encode()).hexdigest()[:16]


def _cached_text(data: bytes, sha: str, suffix: str, cache_dir: Path | None) -> str:
    """HTML and PDF conversion is slow: keep its result by snapshot hash and reader version."""
    if cache_dir is None or suffix.lower() in (".txt", ".md", ".text"):
        return to_text(data, suffix)
    path = cache_dir / "text" / f"{sha}-{reader_key()}.txt"
    if path.exists():
        return path.read_text(encoding="utf-8")
    text = to_text(data, suffix)
    write_atomic(path, text.encode("utf-8"))
    return text


def with_page_metadata(source: Source, data: bytes) -> Source:
    """Fill the registry fields left empty (date, authors) from the page's own metadata."""
    meta = html_metadata(data)
    update: dict = {}
    if source.published is None and meta["date"]:
        update["published"] = meta["date"]
    if not source.authors and meta["authors"]:
        update["authors"] = tuple(meta["authors"])
    return source.model_copy(update=update) if update else source


# Kinds of places that can be an event's location ("over the Sea of Japan" is one too).
EVENT_PLACE_KINDS = ("city", "site", "base", "sea", "state_region")


def compile_extractors(vocab: Vocabulary) -> Extractors:
    """Compiled vocabularies; ``cache_key`` changes with them and with the extraction code."""
    capitals = [(c, a.country) for a in vocab.actors if a.type == "state" for c in a.capitals]
    return Extractors(
        gazetteer=Gazetteer([a.model_dump() for a in vocab.actors], vocab.blocking_names),
        boilerplate=BoilerplateRules.from_patterns(
            vocab.boilerplate_section_end, vocab.boilerplate_line
        ),
        agreements=AgreementMatcher([a.model_dump() for a in vocab.agreements]),
        events=EventVocabulary.build(
            [t.model_dump() for t in vocab.event_types],
            vocab.meetings.model_dump() if vocab.meetings else None,
            vocab.not_yet,
            vocab.generic,
            [e.model_dump() for e in vocab.events],
            [e.model_dump() for e in vocab.exercises],
            [s.model_dump() for s in vocab.meetings.series] if vocab.meetings else [],
            [p.model_dump() for p in vocab.places if p.kind in EVENT_PLACE_KINDS],
            capitals,
            [a.model_dump() for a in vocab.actors],
        ),
        states=frozenset(a.id for a in vocab.actors if a.type == "state"),
        topics=topic_matcher([t.model_dump() for t in vocab.topics]),
        actors={a.id: a.model_dump() for a in vocab.actors},
        demonym_country={d: a.country for a in vocab.actors for d in a.demonyms if a.country},
        cache_key=_vocabulary_key(vocab),
    )


def _vocabulary_key(vocab: Vocabulary) -> str:
    h = hashlib.sha256(json.dumps(EXTRACTOR_VERSIONS, sort_keys=True).encode())
    for items in (vocab.actors, vocab.places, vocab.names, vocab.agreements, vocab.event_types,
                  vocab.events, vocab.exercises, vocab.topics):  # fmt: skip
        h.update(json.dumps([i.model_dump() for i in items], sort_keys=True).encode())
    meetings = vocab.meetings.model_dump() if vocab.meetings else None
    h.update(json.dumps([meetings, vocab.not_yet, vocab.generic], sort_keys=True).encode())
    h.update(json.dumps([vocab.boilerplate_section_end, vocab.boilerplate_line]).encode())
    for f in sorted(Path(extract.__file__).parent.glob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()


def extract_documents(docs: Sequence[ReadDocument], ex: Extractors) -> list[ExtractedDocument]:
    """Every document extracted (the build keeps the results by batch: ``trilat.batchfolder``)."""
    with gc_paused():
        return [extract_document(_document_input(d), ex) for d in docs]


def extract_parts(
    batch: Registry,
    ex: Extractors,
    layouts: Mapping[str, Layout],
    cache_dir: Path | None = None,
    snapshots: Mapping[str, bytes | str] | None = None,
) -> Parts:
    """A batch of sources read, extracted and turned into its per-document rows
    (``trilat.rows``): the texts are read here, where they are needed, and go no further."""
    docs, skipped = read_all(batch, cache_dir, snapshots)
    parts = document_parts(docs, extract_documents(docs, ex), layouts)
    parts.skipped = skipped
    return parts


def _document_input(d: ReadDocument) -> DocumentInput:
    s = d.source
    return DocumentInput(s.id, d.text, s.title, s.authors, s.body_start, s.body_end,
                         s.published_date, s.date_precision)  # fmt: skip
