"""The part of a document each sentence is in (extract/parts.py)."""

from extract.boilerplate import Block
from extract.parts import PARTS, sentence_parts
from extract.sentences import Sentence


def test_each_sentence_takes_its_blocks_part():
    blocks = [
        Block(0, 10, "title"),
        Block(11, 40, "body"),  # a title in the table of contents
        Block(41, 60, "body"),  # its author line
        Block(61, 200, "body"),
        Block(201, 260, "body"),  # a contributor's note
        Block(261, 300, "body"),  # an endnote
        Block(301, 320, "caption"),
    ]
    sentences = [Sentence(b.start, b.end, b.role) for b in blocks]
    sentences.insert(4, Sentence(100, 200, "body"))  # a second sentence of the body block
    parts = sentence_parts(blocks, sentences, author_notes=[201], contents=[(11, 40)],
                           notes=[270])  # fmt: skip
    assert [parts[s.start] for s in sentences] == [
        "title", "contents", "contents", "body", "body", "author_note", "notes", "caption",
    ]  # fmt: skip
    assert set(parts.values()) <= set(PARTS)


def test_without_marks_the_segmenter_roles_stand():
    blocks = [Block(0, 5, "byline"), Block(6, 50, "body")]
    sentences = [Sentence(0, 5, "byline"), Sentence(6, 50, "body")]
    assert sentence_parts(blocks, sentences) == {0: "byline", 6: "body"}


def test_the_seed_report_has_a_third_of_its_mentions_outside_the_body(seed_build):
    """The NBR roundtable's contents, contributor notes and endnotes name many actors:
    the mentions say so, and its topics come from the body alone."""
    tables, _ = seed_build
    m = tables["mentions"]
    nbr = m[m["doc_id"] == "nbr-asia-policy-20-1-roundtable"]
    outside = nbr[nbr["part"] != "body"]
    assert {"contents", "author_note", "notes"} <= set(outside["part"])
    assert 0.2 < len(outside) / len(nbr) < 0.5
