from hypothesis import example, given
from hypothesis import strategies as st

from extract import sentences
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


def _is_abbreviation_by_regex(text, start, dot):
    """The plain definition, without the fast path for long words."""
    m = sentences._WORD_BEFORE.search(text, max(start, dot - 12), dot + 1)
    word = m.group(1).lower().rstrip(".") if m else ""
    return word in sentences.ABBREVIATIONS or (len(word) == 1 and word.isalpha())


@given(
    st.lists(st.sampled_from(["approx", "approxx", "U.S", "e", "ab1", "_", "é", "İ", ".", " "])),
    st.integers(0, 5),
)
@example([" ", "approx"], 0)  # the longest abbreviation, just long enough for the fast path
def test_abbreviation_fast_path_agrees_with_the_regex(words, start):
    text = "".join(words) + "."
    dot = len(text) - 1
    start = min(start, dot)
    assert sentences._is_abbreviation(text, start, dot) == _is_abbreviation_by_regex(
        text, start, dot
    )


def test_an_overlong_sentence_is_cut_at_a_space():
    from extract.sentences import MAX_SENTENCE, split_line

    text = ("word " * 2000).strip()  # 10,000 characters, no sentence end
    spans = split_line(text, 0, len(text))
    assert all(0 < e - s <= MAX_SENTENCE for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(text[s] != " " and text[e - 1] != " " for s, e in spans)
    glued = "x" * (3 * MAX_SENTENCE)  # no space at all: cut at the limit
    assert [e - s for s, e in split_line(glued, 0, len(glued))] == [MAX_SENTENCE] * 3


def test_a_full_stop_glued_to_the_next_sentence_ends_it():
    # Text copied from web pages loses the space where two paragraphs met.
    text = "They met near the border area.The talks lasted an hour. The U.S.Army stayed."
    assert [text[a:b] for a, b in split_line(text, 0, len(text))] == [
        "They met near the border area.", "The talks lasted an hour.", "The U.S.Army stayed.",
    ]  # fmt: skip
