"""A batch's results in one content-addressed folder: the cache and the hand-over."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from schemas.registry import table_layouts
from tests.helpers import ROOT
from trilat import batchfolder, pipeline
from trilat.errors import TrilatError
from trilat.registry import load_registry


@pytest.fixture
def counted(monkeypatch):
    """The ids of the sources whose batches are really extracted."""
    seen: list[str] = []
    real = batchfolder.extract_parts

    def counting(batch, *args, **kwargs):
        seen.extend(s.id for s in batch.sources)
        return real(batch, *args, **kwargs)

    monkeypatch.setattr(batchfolder, "extract_parts", counting)
    return seen


def _batch(registry, ids):
    kept = tuple(s for s in registry.sources if s.id in ids)
    return registry.model_copy(update={"sources": kept})


def test_an_unchanged_batch_is_found_not_extracted_again(extractors, tmp_path, counted):
    registry = load_registry(ROOT / "raw").with_snapshots()
    ids = [s.id for s in registry.sources]
    first = batchfolder.extract_batch(registry, extractors, table_layouts(), tmp_path)
    assert sorted(counted) == sorted(ids)
    counted.clear()
    again = batchfolder.extract_batch(registry, extractors, table_layouts(), tmp_path)
    assert again == first and not counted
    fewer = batchfolder.extract_batch(_batch(registry, ids[:-1]), extractors, table_layouts(),
                                      tmp_path)  # fmt: skip
    assert fewer != first and sorted(counted) == sorted(ids[:-1])
    assert not [p for p in (tmp_path / "batches").iterdir() if p.name.startswith(".")]


def test_the_folder_gives_back_what_was_extracted(extractors, tmp_path):
    registry = load_registry(ROOT / "raw").with_snapshots()
    parts = pipeline.extract_parts(registry, extractors, table_layouts())
    folder = batchfolder.extract_batch(registry, extractors, table_layouts(), tmp_path)
    back = batchfolder.open_batch(folder)
    assert back.docs == [] and back.records is not None  # not read until needed
    batchfolder.load_records(back)
    assert back.extracted == parts.extracted and back.docs == parts.docs
    assert back.n_mentions == parts.n_mentions and back.n_read == parts.n_read
    for name, table in parts.tables.items():
        assert back.tables[name].equals(table), name


def test_one_added_document_changes_one_batch(tmp_path):
    registry = load_registry(ROOT / "raw").with_snapshots()
    sizes = [registry.snapshot_path(s).stat().st_size for s in registry.sources]
    max_bytes = 2 * sum(sizes) // len(sizes)  # batches of about two documents
    every = batchfolder.split(registry, max_bytes)
    for left_out in registry.sources:
        others = {s.id for s in registry.sources} - {left_out.id}
        fewer = batchfolder.split(_batch(registry, others), max_bytes)
        before = {tuple(s.id for s in b.sources) for b in fewer}
        after = {tuple(s.id for s in b.sources) for b in every}
        # The batch it joins is new; so is the rest of it when the document ends a batch.
        assert 1 <= len(after - before) <= 2, left_out.id
        assert len(before - after) == 1, left_out.id  # all other batches stay as they were


def test_a_planted_records_file_cannot_run_code(extractors, tmp_path):
    registry = load_registry(ROOT / "raw").with_snapshots()
    folder = Path(batchfolder.extract_batch(registry, extractors, table_layouts(), tmp_path))
    witness = tmp_path / "ran"

    class Planted:
        def __reduce__(self):
            return os.system, (f"touch {witness}",)

    (folder / batchfolder.RECORDS).write_bytes(pickle.dumps(Planted()))
    parts = batchfolder.open_batch(str(folder))
    with pytest.raises(TrilatError) as err:
        batchfolder.load_records(parts)
    assert not witness.exists()
    assert "cannot be read" in err.value.message and "not a record class" in err.value.details[0]


def test_garbage_is_what_no_build_used_lately(tmp_path):
    folder = tmp_path / "batches"
    for name in ("used", "unused-old", "unused-new", ".tmp-killed-old"):
        (folder / name).mkdir(parents=True)
    old = time.time() - batchfolder.KEEP_UNUSED_SECONDS - 60
    for name in ("used", "unused-old", ".tmp-killed-old"):
        os.utime(folder / name, (old, old))
    (tmp_path / "extract").mkdir()  # an earlier version's cache
    batchfolder.collect_garbage(tmp_path, [str(folder / "used")])
    assert sorted(p.name for p in folder.iterdir()) == ["unused-new", "used"]
    assert not (tmp_path / "extract").exists()
