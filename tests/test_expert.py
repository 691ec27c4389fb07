"""People, publications, citations, topics and recommendations, on text written for
the tests (not copied from the seeds)."""

from datetime import date

import pytest

from extract.citations import parse_work
from extract.document import DocumentInput, extract_document
from trilat.check import validate_tables
from trilat.errors import ValidationFailed


def extract(text, extractors, authors=()):
    return extract_document(
        DocumentInput("t", text, authors=authors, published=date(2025, 1, 1)), extractors
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('Jane Roe, "Allies at Sea," Naval Review 44, no. 2 (2019): 10-30.',
         (("Jane Roe",), "Allies at Sea", "Naval Review", 2019, "journal_article")),
        ("Jane Roe and John Doe, The Long Peace (Boston: Example Press, 2021), 5.",
         (("Jane Roe", "John Doe"), "The Long Peace", "Example Press", 2021, "book")),
        ('Min-jun Park, "Seoul Looks East," in Asia Rising, ed. Ann Lee (London: Book Co, 2018).',
         (("Min-jun Park",), "Seoul Looks East", "Asia Rising", 2018, "chapter")),
        ('Kenji Sato, "Base Politics," Asia Times, May 2, 2022, https://example.org/base.',
         (("Kenji Sato",), "Base Politics", "Asia Times", 2022, "article")),
    ],
)  # fmt: skip
def test_citation_forms(raw, expected):
    p = parse_work(raw)
    assert (p["authors"], p["title"], p["container"], p["year"], p["kind"]) == expected


def test_a_note_citing_two_works(extractors):
    text = (
        "Intro sentence of the essay that is long enough to be prose, about the allies.\n"
        "[1] Jane Roe, The Long Peace (Boston: Example Press, 2021); and John Doe, "
        '"Allies at Sea," Naval Review, May 2, 2019.\n'
    )
    cites = extract(text, extractors).citations
    assert [(c.note, c.title, c.year) for c in cites] == [
        ("1", "The Long Peace", 2021), ("1", "Allies at Sea", 2019),
    ]  # fmt: skip
    assert all(text[c.start : c.end] == c.raw for c in cites)


def test_author_note_and_officials(extractors):
    text = (
        "The alliance is stronger than ever, officials in both capitals said this week.\n"
        "South Korean President Lee Jae-myung met Prime Minister Shigeru Ishiba in Tokyo.\n"
        "Jane Roe is a Senior Fellow at the Example Institute (Japan).\n"
    )
    roles = {(r.name, r.position, r.organization, r.organization_country)
             for r in extract(text, extractors).roles}  # fmt: skip
    assert roles == {
        ("Lee Jae-myung", "President", "Government of the Republic of Korea", "KOR"),
        ("Shigeru Ishiba", "Prime Minister", "Government of Japan", "JPN"),
        ("Jane Roe", "Senior Fellow", "Example Institute", "JPN"),
    }


def test_recommendations_in_the_source_voice_only(extractors):
    text = (
        "The allies met twice last year and agreed on a new framework for cooperation.\n"
        "Tokyo and Seoul should create a standing secretariat for the trilateral talks.\n"
        "Jane Doe recommends that Washington should fund it, but that is her view.\n"
        "Roe argues that the United States must keep its forces in the region.\n"
        "Should the allies do more?\n"
    )
    recs = extract(text, extractors, authors=("Mary Roe",)).recommendations
    got = [(text[r.start : r.end][:20], r.addressees) for r in recs]
    assert got == [("Tokyo and Seoul shou", ("JPN", "KOR")), ("Roe argues that the ", ("USA",))]


def test_every_author_of_a_publication_is_a_person(tables, texts):
    tables["people"] = tables["people"].iloc[1:]
    with pytest.raises(ValidationFailed) as err:
        validate_tables(tables, texts)
    assert any("every author is a person" in d for d in err.value.details)
