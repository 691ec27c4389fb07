"""Extractor versions derived from code and vocabularies; the code's commit."""

import re
from dataclasses import replace

import pyarrow as pa
import pytest

from extract.document import EXTRACTOR_VERSIONS
from trilat import provenance
from trilat.assemble import stamp_versions


def test_every_extractor_has_a_derived_version(vocab):
    versions = provenance.extractor_versions(vocab)
    assert set(versions) == set(EXTRACTOR_VERSIONS) == set(provenance.EXTRACTORS), (
        "list each extractor's module and vocabularies in trilat/provenance.py: EXTRACTORS"
    )
    for name, v in versions.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", v), v
        assert v.startswith(EXTRACTOR_VERSIONS[name] + "+")


def test_a_change_of_code_changes_the_versions_of_the_extractors_using_it(vocab, monkeypatch):
    before = provenance.extractor_versions(vocab)
    source = provenance._source

    def edited(module):
        return lambda m: source(m) + b"# edited" if m == module else source(m)

    monkeypatch.setattr(provenance, "_source", edited("consolidate"))
    after = provenance.extractor_versions(vocab)
    assert {k for k in before if before[k] != after[k]} == {"events"}
    monkeypatch.setattr(provenance, "_source", edited("sentences"))
    assert provenance.extractor_versions(vocab)["mentions"] != before["mentions"]


def test_a_change_of_vocabulary_changes_the_versions_that_read_it(vocab):
    before = provenance.extractor_versions(vocab)
    topics = (replace_topic(vocab.topics[0]), *vocab.topics[1:])
    after = provenance.extractor_versions(replace(vocab, topics=topics))
    assert {k for k in before if before[k] != after[k]} == {"topics", "recommendations"}


def test_an_event_types_definition_changes_no_version(vocab):
    before = provenance.extractor_versions(vocab)
    types = tuple(t.model_copy(update={"definition": "Anything."}) for t in vocab.event_types)
    assert provenance.extractor_versions(replace(vocab, event_types=types)) == before


def replace_topic(topic):
    return topic.model_copy(update={"phrases": (*topic.phrases, "an added phrase")})


def test_evidence_rows_are_stamped_with_the_versions():
    ev = pa.table({"extractor": ["events", "mentions", "events"],
                   "extractor_version": ["1.0.0"] * 3})  # fmt: skip
    out = stamp_versions(ev, {"events": "1.0.0+aaaaaaaaaaaa", "mentions": "2.0.0+bbbbbbbbbbbb"})
    assert out.column("extractor_version").to_pylist() == [
        "1.0.0+aaaaaaaaaaaa", "2.0.0+bbbbbbbbbbbb", "1.0.0+aaaaaaaaaaaa"]  # fmt: skip
    with pytest.raises(KeyError):
        stamp_versions(ev, {"events": "1.0.0+aaaaaaaaaaaa"})


def test_seed_evidence_carries_derived_versions(tables, vocab):
    versions = provenance.extractor_versions(vocab)
    ev = tables["evidence"]
    assert (ev["extractor_version"] == ev["extractor"].map(versions)).all()


def test_the_commit_of_this_checkout(tmp_path):
    code = provenance.code_commit()
    assert re.fullmatch(r"[0-9a-f]{40}", code["commit"]) and code["modified"] in (True, False)
    assert provenance.code_commit(tmp_path) == {"commit": None, "modified": None}


def test_an_extractor_not_listed_yet_changes_with_any_code_or_vocabulary(vocab, monkeypatch):
    monkeypatch.setitem(EXTRACTOR_VERSIONS, "new", "0.1.0")
    assert provenance.extractor_versions(vocab)["new"].startswith("0.1.0+")
    assert "events" in provenance.code_modules("new") and "text" in provenance.code_modules("new")


def test_every_vocabulary_is_read_by_some_extractor():
    listed = {v for _, _, vocabularies in provenance.EXTRACTORS.values() for v in vocabularies}
    assert set(provenance.all_vocabularies()) <= listed, (
        "name the extractors that read each vocabulary in trilat/provenance.py: EXTRACTORS"
    )
