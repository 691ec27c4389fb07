"""The part of a document each sentence is in: body text, or around it.

A report's table of contents, its contributors' notes and its endnotes are body
text to the page segmenter (``boilerplate.segment``) but name actors and topics in
another way than the running text: a third of one seed report's mentions are in
them. Users counting salience leave them out by this label; topics are counted on
the body alone.

Parts: ``body``; ``title``, ``byline``, ``caption`` (as the segmenter labels the
lines before the body); ``contents`` (a title line of the table of contents and the
author line after it, ``people.table_of_contents``); ``author_note`` (a paragraph
that introduces a contributor, ``people.author_notes``); ``notes`` (an endnote line
holding a citation, ``citations.find_citations``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import pairwise

from extract.boilerplate import Block
from extract.sentences import Sentence

PARTS = ("body", "title", "byline", "caption", "contents", "author_note", "notes")


def sentence_parts(
    blocks: Sequence[Block],
    sentences: Sequence[Sentence],
    author_notes: Iterable[int] = (),
    contents: Iterable[tuple[int, int]] = (),
    notes: Iterable[int] = (),
) -> dict[int, str]:
    """Sentence start -> part. ``author_notes`` and ``notes`` are offsets inside the
    blocks they mark (a contributor note's start, a citation's start); ``contents`` the
    spans of the table of contents' title lines, each marking its line and the author
    line after it."""
    starts = [b.start for b in blocks]
    part = {i: b.role for i, b in enumerate(blocks)}

    def block_at(offset: int) -> int:
        i = bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < blocks[i].end else -1

    for offset in notes:
        if (i := block_at(offset)) >= 0:
            part[i] = "notes"
    for offset in author_notes:
        if (i := block_at(offset)) >= 0:
            part[i] = "author_note"
    body = [i for i, b in enumerate(blocks) if b.role == "body"]
    next_body = dict(pairwise(body))
    for a, _ in contents:
        if (i := block_at(a)) >= 0:
            part[i] = "contents"
            if i in next_body:
                part[next_body[i]] = "contents"  # the author line under the title
    out = {}
    for s in sentences:
        i = block_at(s.start)
        out[s.start] = part.get(i, s.role) if i >= 0 else s.role
    return out
