"""The words a pattern cannot match without: a necessary condition, never more."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.literals import (
    Led,
    covering_keywords,
    holds_all,
    leading_literals,
    required_literals,
    required_patterns,
)
from tests.conftest import ROOT
from trilat.devset import DEFAULT


def sets(pattern):
    return [sorted(s) for s in required_literals(pattern)]


def test_each_required_part_is_a_set():
    assert sets(r"\b(?:signed|inked)\b[^.;]{0,60}?\b(?:treaty|pact)\b") == [
        ["inked", "signed"],
        ["pact", "treaty"],
    ]


def test_shared_prefix_the_parser_moves_out_is_put_back():
    # The parser turns met|meet|meeting into "me" + (t|et|eting): the words come back whole.
    assert sets(r"\b(?:met|meet|meeting)\b") == [["meet", "meeting", "met"]]


def test_optional_parts_classes_and_lookarounds_require_nothing():
    assert sets(r"x(?:abc)?yz") == [["xabc", "xyz"]]  # either way, from the x
    assert sets(r"x(?:a)?y") == []  # too short to be worth a test
    assert sets(r"(?:abc)*def") == [["def"]]
    assert sets(r"(?<!vice )\bministerial\b") == [["ministerial"]]
    assert sets(r"(?!never)[A-Z]\w+ Summit") == [[" summit"]]


def test_short_words_and_open_alternatives_are_left_out():
    assert sets(r"\b(?:go|went) into force") == [[" into force"]]
    assert sets(r"\bspoke (?:by|over the) (?:phone|telephone)\b") == [
        ["spoke by", "spoke over the"],
        [" phone", " telephone"],
    ]
    assert sets(r"a|b") == []


def test_a_set_another_implies_is_dropped():
    # Every "concluded", "conclusion of" holds "ded" or "sion of": that set adds nothing.
    assert sets(r"conclu(?:ded|sion of)\s+(?:the )?(?:accord|pact)") == [
        ["concluded", "conclusion of"],
        ["accord", "pact"],
    ]


def test_keywords_cover_a_pattern_only_when_every_match_holds_one():
    pattern = r"\b(?:fir(?:ed|es)|launch(?:ed)?)\b.{0,40}\bmissiles?\b"
    assert covering_keywords(pattern, ["fire", "launch"]) == ["fire", "launch"]
    assert covering_keywords(pattern, ["launch"]) is None  # "fired ... missiles" holds none
    assert covering_keywords(pattern, ["missile"]) == ["missile"]
    assert covering_keywords(pattern, ["rocket"]) is None


WORDS = st.sampled_from(["signed", "inked", "the", "treaty", "pact", "in", "1951", ",", "met"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12))
def test_a_sentence_that_matches_holds_every_set(words):
    pattern = r"\b(?:signed|inked)\b[^.;]{0,60}?\b(?:treaty|pact)\b|\bmet\b"
    sentence = " ".join(words)
    if re.search(pattern, sentence, re.IGNORECASE):
        assert holds_all(sentence.lower(), required_patterns(pattern))


def test_every_trigger_match_in_the_seeds_passes_its_test(extractors):
    """On the seed texts (and the development set's, where it is), no sentence that a
    trigger matches fails the trigger's test (the test would hide an event)."""
    paths = sorted((ROOT / "raw").rglob("*.txt")) + sorted((DEFAULT / "texts").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert texts, "no seed texts"
    checked = 0
    for text in texts:
        low = text.lower()
        for rules in extractors.events.rules:
            for t in rules.triggers:
                for m in t.pattern.finditer(text):
                    a = max(0, m.start() - 5)
                    assert holds_all(low[a : m.end() + 5], t.needs), (rules.type, m.group())
                    checked += 1
    assert checked > 50


def test_leading_literals_are_where_every_match_starts():
    assert leading_literals(r"\b(?:(?:national |top )?security adviser|NSA)\b") == {
        "national ", "top ", "security adviser", "nsa",
    }  # fmt: skip
    assert leading_literals(r"[A-Z]\w+ Summit") is None  # a class: anywhere
    assert leading_literals(r"(?<!vice )minister") == {"minister"}  # a lookaround is no width
    assert leading_literals(r"(?:vice )?minister") == {"vice ", "minister"}


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12), st.integers(0, 20), st.integers(0, 80))
def test_led_finds_what_the_pattern_finds(words, start, span):
    pattern = re.compile(
        r"(?:\bthe )?\b(?:signed|inked)\b[^.;]{0,30}?\b(?:treaty|pact)\b|met\b|\bin\b[^.;]*$",
        re.IGNORECASE,
    )
    led = Led(pattern)
    assert led.leads is not None
    text = " ".join(w.upper() if i % 3 == 0 else w for i, w in enumerate(words))
    end = min(len(text), start + span)
    expected = [m.span() for m in pattern.finditer(text, start, end)]
    assert [m.span() for m in led.finditer(text, text.lower(), start, end)] == expected
    first = pattern.search(text, start, end)
    found = led.search(text, text.lower(), start, end)
    assert (found.span() if found else None) == (first.span() if first else None)


def test_every_module_level_led_pattern_has_its_leads():
    """A pattern edit that the literal parser cannot read ("[Jj]ust") silently turns a
    led search into a search at every position: 2.6x slower date finding once."""
    import importlib
    import pkgutil

    import extract

    unled = [
        f"extract.{m.name}.{name}"
        for m in pkgutil.iter_modules(extract.__path__)
        for name, value in vars(importlib.import_module(f"extract.{m.name}")).items()
        if isinstance(value, Led) and value.leads is None
    ]
    assert not unled, f"patterns whose first words could not be read: {unled}"
