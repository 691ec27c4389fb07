"""The dataset card: dates at their precision, and what a researcher reads first."""

from datetime import date

import pytest

from trilat import card, quality
from trilat.release import context, publish


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("day", "2025-02-13"), ("month", "2025-02"), ("year", "2025"), ("decade", "the 2020s"),
     ("approximate", "about 2025"), (None, "2025-02-13")],
)  # fmt: skip
def test_a_date_is_printed_at_its_precision(precision, shown):
    assert card.format_date(date(2025, 2, 13), precision) == shown
    assert card.format_date(None, precision) == "not stated"


@pytest.fixture(scope="module")
def text(seed_build, vocab, tmp_path_factory) -> str:
    tables = {k: v.copy() for k, v in seed_build[0].items()}
    out = tmp_path_factory.mktemp("card")
    return (publish(tables, out, "fp", ctx=context(vocab)).path / "README.md").read_text()


def test_month_and_year_dates_are_never_printed_as_days(text, seed_build):
    docs = seed_build[0]["documents"]
    for r in docs.itertuples():
        if isinstance(r.date_precision, str) and r.date_precision in ("month", "year"):
            assert str(r.published) not in text  # 2025-01-01 for "2025-01"
            assert card.format_date(r.published, r.date_precision) in text


def test_the_card_has_what_a_researcher_reads_first(text):
    for heading in ("## Coverage", "## Event types", "## Quality of the extractors",
                    "## Limitations and known errors", "## Intended and out-of-scope uses",
                    "## Sources and licences", "## How to cite",
                    "## Maintainer and reporting an error", "## Provenance"):  # fmt: skip
        assert heading in text
    assert "not sampled from any population" in text
    events = quality.read_scores()["tables"]["events"]  # bench/devset-scores.json
    figures = (
        f"| events | {events['precision']:.2f} | {events['recall']:.2f} | {events['f1']:.2f} |"
    )
    assert figures in text
    assert f"about {1 - events['precision']:.0%} of the events extracted" in text
    assert "(no definition recorded)" not in text


def test_the_licence_of_each_source_is_stated_precisely(text, seed_build):
    docs = seed_build[0]["documents"]
    for r in docs.itertuples():
        assert f"| {r.doc_id} | {r.publisher} |" in text
    assert "no licence is granted for its text" in text  # all rights reserved, or none stated
    assert "does not extend to text quoted from the sources" in text


def test_every_event_type_has_a_definition(vocab):
    assert all(t.definition for t in vocab.event_types), [
        t.type for t in vocab.event_types if not t.definition
    ]
