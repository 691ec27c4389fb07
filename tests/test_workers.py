"""Extraction in local worker processes gives the tables of extraction in-process."""

import os
import signal

import pytest

from schemas.registry import table_layouts
from tests.helpers import ROOT
from trilat import pipeline, workers
from trilat.assemble import join_tables
from trilat.errors import TrilatError
from trilat.provenance import extractor_versions
from trilat.registry import load_registry


def test_worker_processes_give_the_same_tables(seed_build, vocab, tmp_path):
    registry = load_registry(ROOT / "raw")
    groups = pipeline.batches(registry, max_bytes=1)  # one document per batch
    assert len(groups) == len(registry.with_snapshots().sources) > 2
    with workers.pool(2, len(groups), vocab, table_layouts(), tmp_path / "handover") as pool:
        assert pool is not None
        parts = [pool.extract(g, tmp_path / "cache") for g in groups]
        assert all(p.payload and not p.docs for p in parts)  # left in the workers' files
        cross = pool.cross_document_tables(parts)
    assert not any(p.problems or p.skipped for p in parts)
    assert all(p.n_read == 1 for p in parts)
    tables = join_tables([p.tables for p in parts], cross, extractor_versions(vocab))
    for name, df in seed_build[0].items():
        assert tables[name].equals(df), name
    assert not list((tmp_path / "handover").rglob("*.pkl"))  # payload files read and gone
    assert len(list((tmp_path / "cache" / "extract").glob("*.pack"))) == len(groups)


def test_no_pool_for_one_batch_or_one_process(vocab, tmp_path):
    with workers.pool(1, 10, vocab, {}, tmp_path) as one_process:
        assert one_process is None
    with workers.pool(4, 1, vocab, {}, tmp_path) as one_batch:
        assert one_batch is None


def test_a_worker_killed_for_memory_is_one_clear_error(vocab, tmp_path):
    registry = load_registry(ROOT / "raw")
    groups = pipeline.batches(registry, max_bytes=1)
    with workers.pool(2, len(groups), vocab, table_layouts(), tmp_path / "handover") as pool:
        pool.extract(groups[0], None)  # the processes have started
        for process in list(pool.executor._processes.values()):
            os.kill(process.pid, signal.SIGKILL)  # what the OOM killer does
        with pytest.raises(TrilatError) as err:
            pool.extract(groups[1], None)
    assert err.value.message == (f"a worker process died while extracting source "
                                 f"'{groups[1].sources[0].id}'; nothing was published")  # fmt: skip
    assert "--processes 1" in err.value.details[0]
