import pandas as pd
import pyarrow as pa
import pytest

from schemas.datapackage import table_schema
from schemas.registry import TABLES, table_layouts
from tests.conftest import ROOT
from trilat.check import validate_tables
from trilat.errors import ValidationFailed


def test_seed_tables_are_valid(tables, texts):
    validate_tables(tables, texts)


def test_arrow_types_are_native(tables):
    docs = TABLES["documents"].arrow_schema
    assert docs.field("published").type == pa.date32()
    assert docs.field("authors").type == pa.list_(pa.string())
    assert tables["documents"]["published"].dtype == pd.ArrowDtype(pa.date32())


def test_every_column_has_title_and_description():
    for spec in TABLES.values():
        for name, col in spec.schema.columns.items():
            assert col.title and col.description, f"{spec.name}.{name}"


def _fail(tables, texts) -> str:
    with pytest.raises(ValidationFailed) as err:
        validate_tables(tables, texts)
    assert err.value.message.startswith("validation failed: ")
    return "\n".join(err.value.details)


def test_bad_values_are_reported_per_table_column_and_row(tables, texts):
    m = tables["mentions"]
    m.loc[3, "start"] = -5
    m.loc[4, "mention_kind"] = "guess"
    tables["documents"].loc[0, "content_sha256"] = "not-a-hash"
    report = _fail(tables, texts)
    assert "mentions.start: greater_than_or_equal_to(0): 1 row(s)" in report
    assert "mentions.mention_kind: isin(" in report
    assert "documents.content_sha256: str_matches(" in report
    assert f"row 3 (mention_id={m.loc[3, 'mention_id']!r}): value -5" in report


def test_an_extra_column_is_rejected(tables, texts):
    tables["actors"]["colour"] = "red"
    assert "colour" in _fail(tables, texts)


def test_foreign_keys(tables, texts):
    tables["mentions"].loc[0, "actor_id"] = "atlantis"
    assert "mentions.actor_id: foreign key -> actors" in _fail(tables, texts)


def test_quote_must_equal_the_text_slice(tables, texts):
    tables["evidence"].loc[2, "quote"] = "A sentence nobody wrote."
    assert "evidence.quote: equals document text[start:end]: 1 row(s)" in _fail(tables, texts)


def test_quote_check_names_the_row_in_any_chunk(tables, texts, monkeypatch):
    monkeypatch.setattr("schemas.validate.CHUNK_ROWS", 7)
    ev = tables["evidence"]
    bad = [0, 6, 7, 15, len(ev) - 1]  # both ends of chunks and the last row
    for i in bad:
        ev.loc[i, "quote"] = "A sentence nobody wrote."
    report = _fail(tables, texts)
    assert report.count("'A sentence nobody wrote.' != ") == len(bad)
    for i in bad:
        assert f"    row {i}: 'A sentence nobody wrote.'" in report


def test_offsets_must_lie_inside_the_document(tables, texts):
    ev = tables["evidence"]
    ev.loc[1, "end"] = 10**9
    assert "offsets inside document" in _fail(tables, texts)


@pytest.mark.parametrize("table", ["mentions", "events", "agreements", "force_posture"])
def test_every_record_needs_evidence(tables, texts, table):
    ev = tables["evidence"]
    first = ev.index[ev["record_table"] == table][0]
    record = ev.at[first, "record_id"]
    tables["evidence"] = ev[~((ev["record_table"] == table) & (ev["record_id"] == record))]
    assert f"{table}." in _fail(tables, texts)
    assert "has evidence: 1 row(s)" in _fail(tables, texts)


def test_table_schema_carries_keys_and_constraints():
    schema = table_schema(TABLES["mentions"])
    assert schema["primaryKey"] == ["mention_id"]
    fk = {"fields": ["actor_id"], "reference": {"resource": "actors", "fields": ["actor_id"]}}
    assert fk in schema["foreignKeys"]
    kind = next(f for f in schema["fields"] if f["name"] == "mention_kind")
    assert "capital" in kind["constraints"]["enum"]


def test_restricted_sources_are_quoted_in_short_excerpts(tables, texts):
    from trilat.documents import QUOTE_LIMIT

    ev = tables["evidence"].merge(tables["documents"][["doc_id", "license"]], on="doc_id")
    open_ = ev[ev["license"] == "CC-BY-NC-4.0"]
    assert open_["quote_complete"].all()
    cut = ev[~ev["quote_complete"]]
    assert len(cut) > 0
    assert (cut["quote"].str.len() <= QUOTE_LIMIT).all()
    assert set(cut["license"]) <= {"LicenseRef-all-rights-reserved", "LicenseRef-not-stated"}
    for doc, s, e, q in cut[["doc_id", "start", "end", "quote"]].itertuples(index=False):
        assert texts[doc][s:e].startswith(q) and len(q) < e - s


def test_an_excerpt_must_begin_the_span(tables, texts):
    ev = tables["evidence"]
    i = ev.index[~ev["quote_complete"]][0]
    ev.loc[i, "quote"] = "Not how it begins"
    assert "begins text[start:end]" in _fail(tables, texts)


def test_tables_are_the_same_whatever_the_batches(seed_build, vocab, extractors, monkeypatch):
    """Large tables are buffered in Arrow batches, and every batch of documents makes its
    own per-document tables: many small ones change nothing."""
    from trilat import assemble, rows
    from trilat.pipeline import extract_documents, read_documents
    from trilat.registry import load_registry

    monkeypatch.setattr(rows.Rows, "BATCH_ROWS", 7)
    docs = read_documents(load_registry(ROOT / "raw"))
    extracted = extract_documents(docs, extractors)
    schemas = table_layouts()
    parts = [rows.document_parts([d], [e], schemas) for d, e in zip(docs, extracted, strict=True)]
    assert len(parts) > 1
    small = assemble.merge_parts(parts[::-1], vocab)  # in any order
    for name, df in seed_build[0].items():
        assert small[name].equals(df), name


def test_a_repeated_key_and_a_row_out_of_key_order_are_reported(tables, texts, monkeypatch):
    m = tables["mentions"]
    k = len(m) // 3
    monkeypatch.setattr("schemas.validate.CHUNK_ROWS", k)  # rows k - 1 and k in two chunks
    m.loc[k, "mention_id"] = m.loc[k - 1, "mention_id"]
    report = _fail(tables, texts)
    assert "mentions.mention_id: primary key unique: 1 row(s)" in report
    assert f"row {k} (mention_id={m.loc[k - 1, 'mention_id']!r})" in report

    ev = tables["evidence"]
    repeated = pd.concat([ev.iloc[:3], ev.iloc[2:]], ignore_index=True)  # no Pandera check
    report = _fail({**tables, "mentions": m.drop(index=k), "evidence": repeated}, texts)
    assert "evidence.record_table,record_id,doc_id,start,end: primary key unique: 1 row(s)" in (
        report
    )
    tables = {**tables, "mentions": m.drop(index=k)}
    swapped = ev.iloc[[1, 0, *range(2, len(ev))]].reset_index(drop=True)
    report = _fail({**tables, "evidence": swapped}, texts)
    assert "evidence.record_table,record_id,doc_id,start,end: rows in primary-key order" in report


def test_a_bad_value_in_any_chunk_is_reported_once_with_its_row(tables, texts, monkeypatch):
    m = tables["mentions"]
    monkeypatch.setattr("schemas.validate.CHUNK_ROWS", len(m) // 3)
    for i in (0, len(m) // 3 + 1, len(m) - 1):
        m.loc[i, "start"] = -5
    report = _fail(tables, texts)
    assert "mentions.start: greater_than_or_equal_to(0): 3 row(s)" in report
    assert f"row {len(m) - 1} (mention_id=" in report

    tables["actors"]["colour"] = "red"  # a table's own failure, not once per chunk
    assert _fail(tables, texts).count("colour") == 1


@pytest.mark.parametrize("rows", [3, 50_000])
def test_evidence_and_records_are_matched_in_any_window(tables, texts, monkeypatch, rows):
    monkeypatch.setattr("schemas.validate.CHUNK_ROWS", rows)
    ev, m = tables["evidence"], tables["mentions"]
    gone = list(m["mention_id"].iloc[[0, 4, 5, len(m) // 2, len(m) - 1]])
    kept = ev[~((ev["record_table"] == "mentions") & ev["record_id"].isin(gone))]
    orphan = m.drop(index=[7, len(m) - 2]).reset_index(drop=True)
    report = _fail({**tables, "evidence": kept.reset_index(drop=True), "mentions": orphan}, texts)
    assert "mentions.mention_id: has evidence: 5 row(s)" in report
    assert "evidence.record_id: record exists in mentions: 2 row(s)" in report
    for mention in gone:
        assert f": {mention}\n" in report + "\n"
