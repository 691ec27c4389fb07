"""Sentence spans with character offsets into the document text.

NLTK's Punkt splitter runs on each line (a line break always ends a sentence in
these texts) with a curated list of abbreviations, so that "U.S.", "D.C.",
"Dr." or "No." do not end a sentence. No trained model is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from extract.boilerplate import Block

# Lower-case, without the final period, as Punkt stores them.
ABBREVIATIONS = frozenset(
    """
    u.s u.s.a u.k u.n r.o.k d.c p.r.c e.u dr mr mrs ms prof gen lt col maj capt adm sgt
    cmdr gov sen rep amb sec pres jr sr st no nos vol vols ed eds trans pp p ch fig inc
    corp co ltd dept univ assn est approx ca cf e.g i.e etc vs al jan feb mar apr jun
    jul aug sep sept oct nov dec a.m p.m
    """.split()
)
# An endnote marker that Punkt leaves at the start of the next sentence
# ("... issue.[2] In 2013 ...") belongs to the sentence before it.
_LEADING_NOTE = re.compile(r"(?:\[\d+\]|\(\d+\))+")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    role: str  # role of the block it belongs to (title, byline, body)


@cache
def _tokenizer():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_line(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, one line."""
    spans = [(start + s, start + e) for s, e in _tokenizer().span_tokenize(text[start:end])]
    for i in range(1, len(spans)):
        s, e = spans[i]
        m = _LEADING_NOTE.match(text, s, e)
        if m:
            spans[i - 1] = (spans[i - 1][0], m.end())
            rest = m.end() + (len(text[m.end() : e]) - len(text[m.end() : e].lstrip()))
            spans[i] = (rest, e)
    for s, e in spans:
        if e > s:
            yield s, e


def sentence_spans(text: str, blocks: Iterable[Block]) -> list[Sentence]:
    """Sentences of every block that is not boilerplate, in document order."""
    out = []
    for block in blocks:
        if block.role == "boilerplate":
            continue
        out.extend(Sentence(s, e, block.role) for s, e in split_line(text, block.start, block.end))
    return out
