"""Texts stay where a batch is extracted: what assembly needs of them, and the quote
check made there."""

import pytest

from schemas.registry import table_layouts
from tests.conftest import ROOT
from trilat import documents
from trilat.assemble import build_tables, merge_parts
from trilat.check import validate_tables
from trilat.errors import ValidationFailed
from trilat.pipeline import extract_documents, read_documents
from trilat.registry import load_registry
from trilat.rows import document_parts


@pytest.fixture(scope="module")
def read(extractors):
    docs = read_documents(load_registry(ROOT / "raw"))
    return docs, extract_documents(docs, extractors)


def test_a_wrong_quote_is_found_where_the_text_is_and_stops_validation(read, vocab, monkeypatch):
    docs, extracted = read
    real = documents.quote_for
    wrong = {"evidence": 0}

    def quote_for(d, start, end):  # one span of each document quoted wrongly
        quote, complete = real(d, start, end)
        if (start, end) == min(documents.quoted_spans(extracted[docs.index(d)]), default=None):
            wrong["evidence"] += 1
            return "Words that are not in the text.", True
        return quote, complete

    monkeypatch.setattr(documents, "quote_for", quote_for)
    parts = document_parts(docs, extracted, table_layouts())
    assert wrong["evidence"] and len(parts.problems) >= wrong["evidence"]
    check = ("evidence", "quote", "equals document text[start:end]")
    assert {p[:3] for p in parts.problems} == {check}
    assert any(p[3].startswith("quote of ") for p in parts.problems)  # cross-document evidence
    tables = merge_parts([parts], vocab)
    with pytest.raises(ValidationFailed) as err:
        validate_tables(tables, None, parts.problems)
    assert "evidence.quote: equals document text[start:end]" in "\n".join(err.value.details)


def test_without_texts_the_quotes_are_not_checked_again(tables):
    tables["evidence"].loc[2, "quote"] = "A sentence nobody wrote."
    validate_tables(tables, None)  # the build checked them in its workers


def test_records_do_not_depend_on_the_order_of_the_registry(read, vocab, seed_build):
    docs, extracted = read
    reordered = build_tables(docs[::-1], extracted[::-1], vocab)
    for name, df in seed_build[0].items():
        assert reordered[name].equals(df), name


def test_a_span_not_taken_from_the_text_names_the_document(read):
    docs, extracted = read
    info = documents.document_info(docs[0], extracted[0])
    with pytest.raises(KeyError, match=f"{docs[0].source.id} \\[1:3\\]"):
        info.quote(1, 3)
