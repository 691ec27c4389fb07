"""Each batch of documents extracted into one content-addressed folder: the build's
cache, and the only thing its stages pass on (a path).

``OUT/.cache/batches/<key>/`` holds a batch's per-document tables as Arrow IPC files
(``<table>.arrow``, memory-mapped by whoever reads them), what the cross-document
records are made from (``records.pickle``: the mention counts, the extracted records
without the texts' sentences and mentions, the documents' quotes), and
``batch.json`` (documents read, sources skipped, quote problems). The key is the
sha256 of everything the folder is made from: the snapshots' bytes, their registry
entries, the vocabularies (``Extractors.cache_key``), the reader and the code. The
cross-document tables of a build are kept the same way, keyed by its batches' keys.

A folder is written under a temporary name and renamed, so a folder that exists is
complete: its existence is the cache check, and a build killed at any moment leaves
at most a temporary folder, which ``collect_garbage`` removes later.

``records.pickle`` is read back through an allowlist of the record classes (the
Python documentation's "restricting globals"): a planted or damaged file can give
wrong records or an error, never run code.

Batches have content-defined boundaries (``split``): a batch ends after a source
whose id hashes low enough for its size, so adding or changing one document
changes one batch, and only that batch is extracted again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import pickle
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

from extract.document import Extractors
from schemas.layout import Layout
from trilat.crossdoc import cross_document_tables
from trilat.errors import TrilatError
from trilat.fingerprint import code_sha256
from trilat.pipeline import extract_parts, read_snapshots, reader_key
from trilat.reference import Vocabulary
from trilat.registry import Registry, Source
from trilat.rows import PER_DOCUMENT, Parts

# Bytes of snapshots per batch on average: enough that a task's fixed cost is noise.
BATCH_BYTES = 2_000_000
# No batch grows past this many times BATCH_BYTES, whatever its sources' ids.
MAX_BATCH_FACTOR = 3
# A folder no build has used for this long is removed by the next build's clean-up.
KEEP_UNUSED_SECONDS = 600

FOLDER = "batches"
RECORDS = "records.pickle"
META = "batch.json"


def split(registry: Registry, max_bytes: int = BATCH_BYTES) -> list[Registry]:
    """The registry's sources with a snapshot in batches of about ``max_bytes`` of
    snapshots, in id order (the batches' tables then follow one another in key order,
    and assembly joins them unsorted).

    A batch ends after a source whose id hashes below its share of ``max_bytes`` (its
    size / ``max_bytes``), or when it reaches MAX_BATCH_FACTOR x ``max_bytes``: where
    one batch ends depends on its own sources only, so one more document changes the
    batch it falls in and leaves the others as they were. Each batch's folder is
    absolute, for workers elsewhere."""
    out: list[list[Source]] = [[]]
    size = 0
    for s in sorted(registry.with_snapshots().sources, key=lambda s: s.id):
        path = registry.snapshot_path(s)
        n = path.stat().st_size if path.exists() else 0
        out[-1].append(s)
        size += n
        if size >= MAX_BATCH_FACTOR * max_bytes or _ends_batch(s.id, n / max_bytes):
            out.append([])
            size = 0
    root = registry.root.absolute()
    return [registry.model_copy(update={"root": root, "sources": tuple(b)}) for b in out if b]


def _ends_batch(source_id: str, share: float) -> bool:
    draw = int.from_bytes(hashlib.sha256(source_id.encode("utf-8")).digest()[:8], "big")
    return draw < share * 2**64


@cache
def _code_key() -> str:
    """The code and reader that make a folder's contents: new code, new folders."""
    return hashlib.sha256(f"{code_sha256()}-{reader_key()}".encode()).hexdigest()


def _batch_key(batch: Registry, snapshots: Mapping[str, bytes | str], ex_key: str) -> str:
    h = hashlib.sha256(f"{_code_key()}-{ex_key}".encode())
    for s in batch.with_snapshots().sources:
        data = snapshots[s.id]
        content = data if isinstance(data, str) else hashlib.sha256(data).hexdigest()
        h.update(json.dumps([s.model_dump(mode="json"), content]).encode("utf-8"))
    return h.hexdigest()


def extract_batch(
    batch: Registry, ex: Extractors, layouts: Mapping[str, Layout], cache_dir: Path
) -> str:
    """The folder of this batch's results: found, or made now (read, extracted, rows)."""
    snapshots = read_snapshots(batch)
    key = _batch_key(batch, snapshots, ex.cache_key)

    def make(into: Path) -> None:
        parts = extract_parts(batch, ex, layouts, cache_dir, snapshots)
        _write_tables(parts.tables, into)
        records = (parts.n_mentions, parts.n_documents, parts.extracted, parts.docs)
        (into / RECORDS).write_bytes(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
        meta = {"n_read": parts.n_read, "skipped": parts.skipped, "problems": parts.problems}
        (into / META).write_text(json.dumps(meta), encoding="utf-8")

    return str(_stored(cache_dir / FOLDER / key, make))


def open_batch(folder: str) -> Parts:
    """A batch's parts: its tables memory-mapped, its records left in their file until
    ``load_records``."""
    path = Path(folder)
    try:
        meta = json.loads((path / META).read_text(encoding="utf-8"))
        tables = read_tables(path, PER_DOCUMENT)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise _damaged(path, exc) from None
    problems = [tuple(p) for p in meta["problems"]]
    return Parts(tables, Counter(), Counter(), [], [], problems, meta["skipped"],
                 meta["n_read"], records=str(path / RECORDS))  # fmt: skip


def load_records(parts: Parts) -> None:
    """The counts, extracted records and documents of ``parts`` read from its records file."""
    if parts.records is None:
        return
    path = Path(parts.records)
    try:
        with path.open("rb") as f:
            found = _RecordsUnpickler(f).load()
        parts.n_mentions, parts.n_documents, parts.extracted, parts.docs = found
    except Exception as exc:  # damaged or planted: never trusted
        raise _damaged(path.parent, exc) from None
    parts.records = None


def cross_tables(
    folders: Sequence[str], vocab: Vocabulary, layouts: Mapping[str, Layout], cache_dir: Path
) -> str:
    """The folder of the records that span documents (``crossdoc``), made from these
    batches' folders, or found: its key is theirs."""
    names = sorted(Path(f).name for f in folders)
    key = "cross-" + hashlib.sha256(json.dumps(names).encode()).hexdigest()

    def make(into: Path) -> None:
        parts = [open_batch(f) for f in folders]
        for p in parts:
            load_records(p)
        _write_tables(cross_document_tables(parts, vocab, layouts), into)

    return str(_stored(cache_dir / FOLDER / key, make))


def read_tables(folder: Path, names: Iterable[str] | None = None) -> dict[str, pa.Table]:
    """The tables in ``folder`` (all of them, or ``names``), memory-mapped: no copy."""
    if names is None:
        names = sorted(p.stem for p in folder.glob("*.arrow"))
    tables = {}
    for name in names:
        with pa.memory_map(str(folder / f"{name}.arrow")) as source:
            tables[name] = ipc.open_file(source).read_all()
    return tables


def _write_tables(tables: Mapping[str, pa.Table], into: Path) -> None:
    for name, table in tables.items():
        with (
            pa.OSFile(str(into / f"{name}.arrow"), "wb") as sink,
            ipc.new_file(sink, table.schema) as writer,
        ):
            writer.write_table(table)


def _stored(folder: Path, make) -> Path:
    """``folder``, made by ``make`` into a temporary folder renamed into place if it
    does not exist yet; marked as used now either way."""
    if folder.is_dir():
        os.utime(folder)
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".tmp-{uuid.uuid4().hex}")
    tmp.mkdir()
    try:
        make(tmp)
        os.rename(tmp, folder)
    except OSError:
        if not folder.is_dir():  # not a build beside this one that made it first
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def collect_garbage(cache_dir: Path, used: Iterable[str]) -> None:
    """Remove the folders of ``cache_dir`` that this build did not use and no build
    used in the last KEEP_UNUSED_SECONDS (temporary ones left by a killed build among
    them), and the caches of earlier versions (``extract``, ``handover``)."""
    keep = {Path(f).name for f in used}
    cutoff = time.time() - KEEP_UNUSED_SECONDS
    for old in ("extract", "handover"):
        shutil.rmtree(cache_dir / old, ignore_errors=True)
    try:
        entries = list((cache_dir / FOLDER).iterdir())
    except FileNotFoundError:
        return
    for path in entries:
        try:
            stale = path.name not in keep and path.stat().st_mtime < cutoff
        except FileNotFoundError:
            continue
        if stale:
            shutil.rmtree(path, ignore_errors=True)


def _damaged(folder: Path, exc: BaseException) -> TrilatError:
    return TrilatError(
        f"the build cache's folder {folder} cannot be read; nothing was published",
        [f"{type(exc).__name__}: {exc}",
         f"delete it (`rm -r {folder}`) and build again: it is made again from the sources"],
    )  # fmt: skip


# What records.pickle may name: the record classes of extraction and these.
_ALLOWED = {
    ("collections", "Counter"),
    ("datetime", "date"),
    ("extract.pickling", "_unpack"),
    ("trilat.documents", "DocumentInfo"),
    ("trilat.registry", "Source"),
}


class _RecordsUnpickler(pickle.Unpickler):
    """An unpickler that finds only the allowed classes: a pickle naming anything else
    (``os.system``, ``builtins.eval``) is refused before it can be called."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED or (
            module.startswith("extract.") and _is_record_class(module, name)
        ):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a record class")


def _is_record_class(module: str, name: str) -> bool:
    import extract

    if module.split(".")[1] not in _extract_modules(Path(extract.__file__).parent):
        return False
    found = getattr(importlib.import_module(module), name, None)
    return isinstance(found, type) and dataclasses.is_dataclass(found)


@cache
def _extract_modules(folder: Path) -> frozenset[str]:
    return frozenset(p.stem for p in folder.glob("*.py"))
