from pathlib import Path

import pytest

from trilat.errors import InputError
from trilat.evaluate import Score, evaluate_all, locate_mentions

ROOT = Path(__file__).resolve().parent.parent


def test_extraction_meets_the_committed_floors():
    scores, below = evaluate_all(ROOT / "tests/gold", ROOT / "raw", ROOT / "reference")
    assert [s.table for s in scores] == [
        "mentions", "events", "agreements", "force_posture", "people", "publications",
        "citations", "recommendations", "topics",
    ]  # fmt: skip
    assert scores[0].tp > 200  # the gold covers four seeds
    assert below == []


def test_page_boilerplate_is_never_evidence(seed_build):
    """tests/gold/negatives.yaml: text from related-article lists, footers and blurbs."""
    import yaml

    tables, _ = seed_build
    negatives = yaml.safe_load((ROOT / "tests/gold/negatives.yaml").read_text())
    ev = tables["evidence"]
    for doc_id, phrases in negatives.items():
        quotes = ev.loc[ev["doc_id"] == doc_id, "quote"]
        for phrase in phrases:
            assert not quotes.str.contains(phrase, regex=False).any(), (doc_id, phrase)


def test_gold_items_are_located_in_reading_order():
    text = "Menu: Japan\nBody: Japan and the U.S. and Japan."
    items = [{"skip_to": "Body:"}, ["Japan", "jpn"], ["U.S.", "usa"], ["Japan", "jpn"]]
    assert locate_mentions(text, items, "d") == {
        ("d", 18, 23, "jpn"), ("d", 32, 36, "usa"), ("d", 41, 46, "jpn"),
    }  # fmt: skip
    with pytest.raises(InputError, match="'China' not found"):
        locate_mentions(text, [["China", "chn"]], "d")


def test_scores():
    s = Score("t", tp=8, fp=2, fn=8)
    assert (s.precision, s.recall) == (0.8, 0.5)
    assert round(s.f1, 4) == round(2 * 0.8 * 0.5 / 1.3, 4)
    assert Score("t", 0, 0, 0).f1 == 1.0
