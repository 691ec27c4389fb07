from extract.phrases import PhraseMatcher, Substrings


def test_substrings_any_and_labels():
    words = Substrings([("sign", "treaty"), ("summit", "summit"), ("sign", "declaration")])
    assert words.any_in("they signed it")
    assert not words.any_in("they met")
    assert words.labels_in("a summit; they signed") == {"treaty", "summit", "declaration"}
    assert Substrings([]).labels_in("anything") == set()
    assert not Substrings([]).any_in("anything")


def test_phrase_matcher_is_leftmost_longest_on_word_boundaries():
    m = PhraseMatcher([("korea", "k"), ("north korea", "nk"), ("sea", "s")])
    text = "North Korea and Korea, overseas"
    assert [(text[a:b], v) for a, b, v in m.finditer(text)] == [
        ("North Korea", "nk"),
        ("Korea", "k"),
    ]
