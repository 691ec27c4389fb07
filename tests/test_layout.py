"""Joining tables that are each in key order: the result equals a full sort."""

import itertools

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.layout import Layout
from schemas.registry import TABLES

SCHEMA = pa.schema([("group", pa.string()), ("record", pa.string()), ("start", pa.int64())])
ROWS = st.lists(
    st.tuples(
        st.sampled_from(["mentions", "topics", "events"]),
        # Ids that are prefixes of others sort differently once a suffix is added.
        st.sampled_from(["doc-1", "doc-10", "doc-1@5", "doc-2", "é", "Z"]),
        st.integers(-3, 30),
    ),
    unique=True,
    max_size=60,
)


def _runs(rows, cuts, layout):
    bounds = sorted({0, len(rows), *(c % (len(rows) + 1) for c in cuts)})
    tables = [
        pa.Table.from_pylist(
            [dict(zip(SCHEMA.names, r, strict=True)) for r in rows[a:b]], schema=SCHEMA
        )
        for a, b in itertools.pairwise(bounds)
    ]
    return [layout.sort(t) for t in tables]


@settings(max_examples=300, deadline=None)
@given(ROWS, st.lists(st.integers(0, 60), max_size=5), st.booleans(), st.integers(1, 3))
def test_joined_runs_equal_a_full_sort(rows, cuts, presorted, n_key):
    key = SCHEMA.names[:n_key] if n_key > 1 else ["record"]
    layout = Layout(SCHEMA, tuple(key))
    at = [SCHEMA.names.index(k) for k in key]
    rows = list({tuple(r[i] for i in at): r for r in rows}.values())  # keys are unique
    if presorted:  # the usual case: batches in id order, whose runs follow one another
        rows = sorted(rows, key=lambda r: r[1])
    runs = _runs(rows, cuts, layout)
    want = layout.sort(pa.concat_tables(runs)) if runs else SCHEMA.empty_table()
    assert layout.concat_sorted(runs).equals(want)


def test_runs_that_follow_one_another_are_not_copied():
    layout = TABLES["evidence"].layout
    fixed = {"quote": "q", "quote_complete": True, "extractor": "x", "extractor_version": "1"}
    rows = [
        {
            "record_table": t,
            "record_id": f"d{i}@{j}",
            "doc_id": f"d{i}",
            "start": j,
            "end": j + 1,
            "confidence": 1.0,
            **fixed,
        }
        for i in range(4)
        for t in ("mentions", "topics")
        for j in range(3)
    ]
    runs = [
        layout.sort(pa.Table.from_pylist(rows[a : a + 6], schema=layout.schema))
        for a in (0, 6, 12, 18)
    ]
    joined = layout.concat_sorted(runs)
    assert joined.equals(layout.sort(pa.concat_tables(runs)))
    # Each batch's mentions, then each batch's topics: slices of the runs, no sorted copy.
    quotes = joined.column("quote")
    assert quotes.num_chunks == 8
    kept = {c.buffers()[2].address for c in quotes.chunks}
    assert kept == {r.column("quote").chunks[0].buffers()[2].address for r in runs}


def test_a_null_in_the_key_falls_back_to_a_full_sort():
    layout = Layout(SCHEMA, ("record",))
    runs = [
        pa.Table.from_pylist([{"group": "g", "record": None, "start": 1}], schema=SCHEMA),
        pa.Table.from_pylist([{"group": "g", "record": "a", "start": 2}], schema=SCHEMA),
    ]
    assert layout.concat_sorted(runs).column("record").to_pylist() == ["a", None]
