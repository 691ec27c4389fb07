"""The extraction cache: results by content key, one pack file per batch."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT
from trilat import pipeline
from trilat.extractcache import PackCache, pack_cache
from trilat.pipeline import extract_documents, read_documents
from trilat.registry import load_registry


def test_results_come_back_from_a_pack_written_once(tmp_path):
    with pack_cache(tmp_path, "v1") as cache:
        assert cache.get("a") is None
        cache.put("a", {"x": 1})
        cache.put("b", [2, 3])
    assert len(list(tmp_path.glob("*.pack"))) == 1
    with pack_cache(tmp_path, "v1") as again:
        assert again.get("a") == {"x": 1} and again.get("b") == [2, 3]
        assert again.get("c") is None
    assert len(list(tmp_path.glob("*.pack"))) == 1, "nothing new, no new pack"


def test_damaged_packs_and_temporary_files_are_ignored(tmp_path):
    with pack_cache(tmp_path, "v1") as cache:
        cache.put("good", "kept")
    assert len(list(tmp_path.glob("*.pack"))) == 1
    with pack_cache(tmp_path / "other", "v1") as cache:
        cache.put("lost", "x" * 1000)
    (other,) = (tmp_path / "other").glob("*.pack")
    whole = other.read_bytes()
    (tmp_path / "v1-truncated.pack").write_bytes(whole[:-100])  # its index cut short
    (tmp_path / "v1-headless.pack").write_bytes(whole[100:])  # its entries' offsets now wrong
    (tmp_path / "v1-short.pack").write_bytes(b"abc")
    (tmp_path / "v1-garbage.pack").write_bytes(b"\xff" * 64)
    (tmp_path / ".tmp-1234-v1-killed.pack").write_bytes(whole)  # never renamed into place
    cache = PackCache(tmp_path, "v1")
    assert cache.get("good") == "kept"
    assert cache.get("lost") is None
    cache.close()


def test_packs_of_another_version_are_not_read(tmp_path):
    with pack_cache(tmp_path, "v1") as cache:
        cache.put("a", 1)
    with pack_cache(tmp_path, "v2") as cache:
        assert cache.get("a") is None


def test_one_pack_file_is_open_at_a_time(tmp_path):
    for i in range(5):
        with pack_cache(tmp_path, "v1") as cache:
            cache.put(f"k{i}", i)
    cache = PackCache(tmp_path, "v1")
    assert [cache.get(f"k{i}") for i in range(5)] == list(range(5))
    assert cache._open is not None and cache._open[0].name.startswith("v1-")
    cache.close()
    assert cache._open is None


def test_a_failed_block_writes_no_pack(tmp_path):
    with pytest.raises(RuntimeError), pack_cache(tmp_path, "v1") as cache:
        cache.put("a", 1)
        raise RuntimeError("the batch failed")
    assert not list(tmp_path.glob("*.pack"))


@pytest.fixture
def counted(monkeypatch):
    """The ids of the documents extract_documents really extracts."""
    seen: list[str] = []
    real = pipeline.extract_document

    def counting(doc, ex):
        seen.append(doc.doc_id)
        return real(doc, ex)

    monkeypatch.setattr(pipeline, "extract_document", counting)
    return seen


def test_an_unchanged_source_is_never_extracted_twice(extractors, tmp_path, counted):
    docs = read_documents(load_registry(ROOT / "raw"))
    first = extract_documents(docs[:-1], extractors, tmp_path)
    assert len(counted) == len(docs) - 1
    counted.clear()
    again = extract_documents(docs, extractors, tmp_path)  # one source added
    assert counted == [docs[-1].source.id], "only the new source is extracted"
    assert again[:-1] == first
    assert again == extract_documents(docs, extractors)  # the same as without a cache
    assert len(list((tmp_path / "extract").glob("*.pack"))) == 2
