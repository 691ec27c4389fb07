"""Extraction in local worker processes gives the tables of extraction in-process."""

import os
import signal
from pathlib import Path

import pytest

from schemas.registry import table_layouts
from tests.helpers import ROOT
from trilat import batchfolder, workers
from trilat.assemble import join_tables
from trilat.errors import TrilatError
from trilat.provenance import extractor_versions
from trilat.registry import load_registry
from trilat.rows import PER_DOCUMENT


def test_worker_processes_give_the_same_tables(seed_build, vocab, tmp_path):
    registry = load_registry(ROOT / "raw")
    groups = batchfolder.split(registry, max_bytes=1)  # one document per batch
    assert len(groups) == len(registry.with_snapshots().sources) > 2
    with workers.pool(2, len(groups), vocab, table_layouts()) as pool:
        assert pool is not None
        folders = [pool.extract(g, tmp_path) for g in groups]
        cross = pool.cross_tables(folders, tmp_path)
    parts = [batchfolder.open_batch(f) for f in folders]
    assert not any(p.problems or p.skipped for p in parts)
    assert all(p.n_read == 1 for p in parts)
    runs = [batchfolder.read_tables(Path(f), PER_DOCUMENT) for f in folders]
    tables = join_tables(runs, batchfolder.read_tables(Path(cross)), extractor_versions(vocab))
    for name, df in seed_build[0].items():
        assert tables[name].equals(df), name
    assert len(list((tmp_path / "batches").iterdir())) == len(groups) + 1  # and the cross one


def test_no_pool_for_one_batch_or_one_process(vocab):
    with workers.pool(1, 10, vocab, {}) as one_process:
        assert one_process is None
    with workers.pool(4, 1, vocab, {}) as one_batch:
        assert one_batch is None


def test_a_worker_killed_for_memory_is_one_clear_error(vocab, tmp_path):
    registry = load_registry(ROOT / "raw")
    groups = batchfolder.split(registry, max_bytes=1)
    with workers.pool(2, len(groups), vocab, table_layouts()) as pool:
        pool.extract(groups[0], tmp_path)  # the processes have started
        for process in list(pool.executor._processes.values()):
            os.kill(process.pid, signal.SIGKILL)  # what the OOM killer does
        with pytest.raises(TrilatError) as err:
            pool.extract(groups[1], tmp_path)
    assert err.value.message == (f"a worker process died while extracting source "
                                 f"'{groups[1].sources[0].id}'; nothing was published")  # fmt: skip
    assert "--processes 1" in err.value.details[0]
