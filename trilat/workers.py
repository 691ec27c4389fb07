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
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from schemas.layout import Layout
from trilat import batchfolder
from trilat.errors import TrilatError
from trilat.pipeline import compile_extractors
from trilat.reference import Vocabulary
from trilat.registry import Registry

_state: dict = {}  # in a worker: its compiled extractors and the tables' layouts


@dataclass(frozen=True)
class Pool:
    """Worker processes that extract batches into their folders (``trilat.batchfolder``)."""

    executor: ProcessPoolExecutor

    def extract(self, batch: Registry, cache_dir: Path) -> str:
        """``batchfolder.extract_batch`` in a worker process: the batch's folder."""
        with _worker_death(f"extracting {_sources(batch)}"):
            return self.executor.submit(_extract, batch, cache_dir).result()

    def cross_tables(self, folders: Sequence[str], cache_dir: Path) -> str:
        """``batchfolder.cross_tables`` in a worker process: the folder of the records
        that span documents.

        The build process then never holds the documents' records as Python objects:
        freed, they left its heap fragmented (about 25 MB more per 1,000 documents).
        """
        with _worker_death("making the records that span documents"):
            return self.executor.submit(_cross, folders, cache_dir).result()

    def close(self) -> None:
        """Stop the processes now (they hold memory)."""
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
    workers: int, batches: int, vocab: Vocabulary, layouts: Mapping[str, Layout]
) -> Iterator[Pool | None]:
    """A pool of ``workers`` processes, or None when one process is enough (one worker
    or one batch: starting a process would cost more than it saves). The processes
    start at once and are ready about 0.4 s later."""
    n = min(workers, batches)
    if n < 2:
        yield None
        return
    # "spawn": the build process runs Prefect's threads, which a fork would copy
    # mid-flight; a fresh interpreter imports only what extraction needs.
    with ProcessPoolExecutor(
        n,
        multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(vocab, layouts, os.getpid()),
    ) as executor:
        for _ in range(n):  # start every process now, not when a batch needs it
            executor.submit(_ready)
        yield Pool(executor)


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


def _extract(batch: Registry, cache_dir: Path) -> str:
    return batchfolder.extract_batch(batch, _state["ex"], _state["layouts"], cache_dir)


def _cross(folders: Sequence[str], cache_dir: Path) -> str:
    return batchfolder.cross_tables(folders, _state["vocab"], _state["layouts"], cache_dir)
