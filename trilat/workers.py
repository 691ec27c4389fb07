"""Local worker processes for extraction, so that a build uses every core.

Prefect's default task runner runs tasks in threads, which share one core for
Python code. The extraction tasks hand their batch to a pool of processes
instead; each process compiles the vocabularies once, at start. Its imports are
light (no Prefect, pandas or pandera), so a worker starts in well under a second.
On a Dask cluster (``--dask``) the cluster's workers do this job and no pool is made.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from schemas.layout import Layout
from trilat import handover
from trilat.crossdoc import cross_document_tables
from trilat.errors import TrilatError
from trilat.pipeline import compile_extractors, extract_parts
from trilat.reference import Vocabulary
from trilat.registry import Registry
from trilat.rows import Parts

_state: dict = {}  # in a worker: its compiled extractors and the tables' layouts


@dataclass(frozen=True)
class Pool:
    """Worker processes, and the folder their batches' tables come back through."""

    executor: ProcessPoolExecutor
    folder: Path

    def extract(self, batch: Registry, cache_dir: Path | None) -> Parts:
        """A batch read and extracted in a worker process; its tables memory-mapped here,
        what the cross-document records are made from left in a file (``payload``)."""
        what = f"extracting {_sources(batch)}"
        with _worker_death(what):
            parts, files = self.executor.submit(_extract, batch, cache_dir, self.folder).result()
        parts.tables = handover.read(files)
        return parts

    def cross_document_tables(self, parts: Sequence[Parts]) -> dict[str, pa.Table]:
        """``crossdoc.cross_document_tables`` of these parts, made in a worker process
        from their payload files; memory-mapped here.

        The build process then never holds the documents' records as Python objects:
        freed, they left its heap fragmented (about 25 MB more per 1,000 documents).
        """
        payloads = [p.payload for p in parts]
        with _worker_death("making the records that span documents"):
            files = self.executor.submit(_cross, payloads, self.folder).result()
        return handover.read(files)

    def close(self) -> None:
        """Stop the processes now (they hold memory); the pool's folder stays until
        ``pool`` exits."""
        self.executor.shutdown()


def _sources(batch: Registry) -> str:
    ids = [s.id for s in batch.sources]
    return f"source '{ids[0]}'" if len(ids) == 1 else f"{len(ids)} sources ({ids[0]} .. {ids[-1]})"


@contextmanager
def _worker_death(what: str) -> Iterator[None]:
    """A worker process that died (the kernel's OOM killer sends SIGKILL) as one clear
    error instead of BrokenProcessPool's traceback."""
    try:
        yield
    except BrokenProcessPool:
        raise TrilatError(
            f"a worker process died while {what}; nothing was published",
            ["it was most likely killed for lack of memory (see `dmesg` or the system "
             "log): free memory, or build with --processes 1 to run one extraction at a "
             "time"],
        ) from None  # fmt: skip


@contextmanager
def pool(
    workers: int, batches: int, vocab: Vocabulary, layouts: Mapping[str, Layout], folder: Path
) -> Iterator[Pool | None]:
    """A pool of ``workers`` processes, or None when one process is enough (one worker
    or one batch: starting a process would cost more than it saves). The processes
    start at once and are ready about 0.4 s later. Batches' tables are handed over in
    a folder of their own under ``folder``."""
    n = min(workers, batches)
    if n < 2:
        yield None
        return
    # "spawn": the build process runs Prefect's threads, which a fork would copy
    # mid-flight; a fresh interpreter imports only what extraction needs.
    with (
        handover.folder(folder) as own,
        ProcessPoolExecutor(
            n,
            multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(vocab, layouts, os.getpid()),
        ) as executor,
    ):
        for _ in range(n):  # start every process now, not when a batch needs it
            executor.submit(_ready)
        yield Pool(executor, own)


def _start(vocab: Vocabulary, layouts: Mapping[str, Layout], parent: int) -> None:
    die_with(parent)
    # Compiled here rather than sent: module-level phrase matchers keep their identity,
    # which the one-pass phrase scan relies on for speed.
    _state.update(ex=compile_extractors(vocab), layouts=layouts, vocab=vocab)


def die_with(parent: int, every: float = 0.5) -> None:
    """End this process soon after process ``parent`` ends, however it ends.

    A build killed with SIGKILL (what the OOM killer sends) runs no clean-up, and its
    workers would wait for work forever, with their memory. Its children are then
    re-parented, so a thread that watches the parent's id sees the change; this
    works wherever the process was started from, unlike Linux's PR_SET_PDEATHSIG,
    which is tied to the thread that started the child."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="trilat-parent-watch", daemon=True).start()


def _ready() -> None:
    pass


def _extract(batch: Registry, cache_dir: Path | None, folder: Path) -> tuple[Parts, dict[str, str]]:
    parts = extract_parts(batch, _state["ex"], _state["layouts"], cache_dir)
    files = handover.write(parts.tables, folder)
    parts.tables = {}
    parts.leave_payload(lambda obj: handover.write_object(obj, folder))
    return parts, files


def _cross(payloads: list[str], folder: Path) -> dict[str, str]:
    parts = [Parts({}, Counter(), Counter(), [], payload=p) for p in payloads]
    for p in parts:
        p.take_payload(handover.read_object)
    tables = cross_document_tables(parts, _state["vocab"], _state["layouts"])
    return handover.write(tables, folder)
