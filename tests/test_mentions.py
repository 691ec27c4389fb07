import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.document import DocumentInput, extract_document


def mentions(text, extractors):
    doc = extract_document(DocumentInput("t", text), extractors)
    return [(m.text, m.actor_id, m.kind) for m in doc.mentions]


def linked(text, extractors):
    return [(t, a) for t, a, _ in mentions(text, extractors)]


def test_korea_north_korea_and_the_peninsula(extractors):
    text = "Korea and North Korea share the Korean Peninsula; the DPRK fired a missile."
    assert linked(text, extractors) == [
        ("Korea", "kor"),
        ("North Korea", "prk"),
        ("DPRK", "prk"),
    ]


@pytest.mark.parametrize("name", ["ROK", "South Korea", "Republic of Korea"])
def test_names_of_the_republic_of_korea(name, extractors):
    assert linked(f"Tokyo talks with the {name} went well.", extractors)[-1] == (name, "kor")


def test_each_part_of_a_hyphenated_compound(extractors):
    assert linked("U.S.-ROK-Japan trilateral cooperation and the US-South Korea treaty.",
                  extractors) == [
        ("U.S.", "usa"), ("ROK", "kor"), ("Japan", "jpn"), ("US", "usa"), ("South Korea", "kor"),
    ]  # fmt: skip


def test_capitals_stand_for_governments_but_not_as_places(extractors):
    text = (
        "Washington reiterated its commitment to Seoul, and Tokyo agreed. "
        "Officials met in Seoul and later in Tokyo and Seoul again. "
        "The Washington Declaration was signed in Washington, D.C. (London: Routledge, 2023)."
    )
    assert mentions(text, extractors) == [
        ("Washington", "usa", "capital"),
        ("Seoul", "kor", "capital"),
        ("Tokyo", "jpn", "capital"),
    ]


def test_demonyms_link_but_names_never_match_inside_words(extractors):
    text = "Japanese and South Korean forces; Japanology and ROKs are not names."
    assert mentions(text, extractors) == [
        ("Japanese", "jpn", "demonym"),
        ("South Korean", "kor", "demonym"),
    ]


def test_lowercase_words_are_not_names(extractors):
    assert linked("They told us that china plates and a us flag are here.", extractors) == []


def test_surname_links_only_after_a_full_mention(extractors):
    text = (
        "Yoon spoke first. Then President Yoon Suk Yeol visited Tokyo. "
        "Yoon met Prime Minister Fumio Kishida, and Kishida agreed."
    )
    assert mentions(text, extractors) == [
        ("Yoon Suk Yeol", "yoon-suk-yeol", "name"),
        ("Yoon", "yoon-suk-yeol", "surname"),  # "visited Tokyo" is a place
        ("Fumio Kishida", "fumio-kishida", "name"),
        ("Kishida", "fumio-kishida", "surname"),
    ]


def test_titled_surname_is_a_full_mention(extractors):
    assert linked("President Biden said so. Later Biden left.", extractors) == [
        ("President Biden", "joe-biden"),
        ("Biden", "joe-biden"),
    ]


def test_shared_surnames_need_the_full_name(extractors):
    # Two listed presidents are called Lee: neither is guessed.
    assert linked("President Lee said so. The Lee administration agreed.", extractors) == []
    text = "President Lee Jae-myung spoke. President Lee said so. Lee agreed."
    assert {a for _, a in linked(text, extractors)} == {"lee-jae-myung"}


def test_unique_surname_before_administration(extractors):
    assert linked("The Abe government and the Obama administration agreed.", extractors) == [
        ("Abe", "shinzo-abe"),
        ("Obama", "barack-obama"),
    ]


def test_institution_names_do_not_mention_states(extractors):
    text = (
        "She works at the Korea Economic Institute, the University of Tokyo and the "
        "Korea Institute for Defense Analyses (South Korea)."
    )
    assert linked(text, extractors) == [("South Korea", "kor")]


def test_longest_name_wins_and_a_state_in_a_body_name_is_a_mention_too(extractors):
    assert linked("The U.S. State Department and U.S. Forces Korea agreed.", extractors) == [
        ("U.S.", "usa"),
        ("U.S. State Department", "us-department-of-state"),
        ("U.S.", "usa"),
        ("U.S. Forces Korea", "usfk"),
        ("Korea", "kor"),
    ]


LETTERS = list("Korea ROKUS.-JapnNrthSoulW\nİıß’")


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(LETTERS), max_size=200))
def test_offsets_always_slice_the_text(text, extractors):
    doc = extract_document(DocumentInput("t", text), extractors)
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
