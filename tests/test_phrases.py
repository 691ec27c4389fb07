from hypothesis import given
from hypothesis import strategies as st

from extract.phrases import PhraseIndex, PhraseMatcher, Scan, Substrings


def _labels(words, text):
    return {label for _, _, labels in words.spans(Scan.of(text)) for label in labels}


def test_substrings_any_and_labels():
    words = Substrings([("sign", "treaty"), ("summit", "summit"), ("sign", "declaration")])
    assert words.any_in("they signed it")
    assert not words.any_in("they met")
    assert _labels(words, "a summit; they signed") == {"treaty", "summit", "declaration"}
    assert _labels(Substrings([]), "anything") == set()
    assert not Substrings([]).any_in("anything")


def test_substrings_spans_are_offsets_in_the_text():
    words = Substrings([("sign", "t"), ("summit", "s")])
    text = "A Summit; they SIGNED"
    assert [(text[a:b], set(ls)) for a, b, ls in words.spans(Scan.of(text))] == [
        ("Summit", {"s"}),
        ("SIGN", {"t"}),
    ]


def test_phrase_matcher_is_leftmost_longest_on_word_boundaries():
    m = PhraseMatcher([("korea", "k"), ("north korea", "nk"), ("sea", "s")])
    text = "North Korea and Korea, overseas"
    assert [(text[a:b], v) for a, b, v in m.finditer(Scan.of(text))] == [
        ("North Korea", "nk"),
        ("Korea", "k"),
    ]


_MATCHERS = (
    PhraseMatcher([("korea", "k"), ("north korea", "nk"), ("sea", "s")]),
    PhraseMatcher([("korea", "other value"), ("japan", "j"), ("Sea of Japan", "soj")]),
    PhraseMatcher([]),
    Substrings([("sea", 1), ("no", 2), ("north", 3)]),
)
_INDEX = PhraseIndex(_MATCHERS)


def _found(m, scan):
    return list(m.finditer(scan) if isinstance(m, PhraseMatcher) else m.spans(scan))


@given(st.lists(st.sampled_from(["korea", "North", "sea", "Japan", "of", " ", ",", "é", "İ", "x"])))
def test_one_index_scan_finds_what_each_matcher_finds_alone(words):
    """Shared keys (``korea`` in two sets), an empty set and both kinds of matcher."""
    text = "".join(words)
    scan = _INDEX.scan(text)
    for m in _MATCHERS:
        assert _found(m, scan) == _found(m, Scan.of(text))


def test_a_matcher_outside_the_index_scans_by_itself():
    outside = PhraseMatcher([("seoul", "s")])
    assert [v for _, _, v in outside.finditer(_INDEX.scan("Seoul"))] == ["s"]
