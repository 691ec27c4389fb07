from hypothesis import given
from hypothesis import strategies as st

from extract.boilerplate import Block
from extract.sentences import sentence_spans, split_line


def _split(text):
    return [text[s:e] for s, e in split_line(text, 0, len(text))]


def test_abbreviations_do_not_end_sentences():
    text = (
        "The U.S. and the ROK met in Washington, D.C. on Monday. Dr. Kim spoke. "
        "See Korea Journal 12, no. 1 (2000): 67–86."
    )
    assert _split(text) == [
        "The U.S. and the ROK met in Washington, D.C. on Monday.",
        "Dr. Kim spoke.",
        "See Korea Journal 12, no. 1 (2000): 67–86.",
    ]


def test_endnote_marker_stays_with_its_sentence():
    assert _split("The issue was unsolved.[2] In 2013, Seoul proposed a plan.") == [
        "The issue was unsolved.[2]",
        "In 2013, Seoul proposed a plan.",
    ]


def test_line_breaks_always_end_sentences_and_boilerplate_is_skipped():
    text = "Heading without stop\nFirst sentence. Second one.\nMenu item\n"
    blocks = [Block(0, 20, "title"), Block(21, 48, "body"), Block(49, 58, "boilerplate")]
    spans = sentence_spans(text, blocks)
    assert [(text[s.start : s.end], s.role) for s in spans] == [
        ("Heading without stop", "title"),
        ("First sentence.", "body"),
        ("Second one.", "body"),
    ]


@given(st.text(max_size=300))
def test_spans_are_ordered_and_inside_the_line(text):
    spans = list(split_line(text, 0, len(text)))
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        last = e
