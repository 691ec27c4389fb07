"""Sentence spans with character offsets into the document text.

A line break always ends a sentence in these texts. Within a line, a sentence
ends at ".", "!" or "?" (with closing quotes and brackets) before white space
and a capital, a digit or an opening quote, unless the word before the period is
a known abbreviation ("U.S.", "D.C.", "Dr.", "No.") or an initial ("Ralph A.
Cossa"). NLTK's Punkt does the same with these abbreviations, but at ~3 MB/s
it was the slowest step of extraction; this single regular-expression pass runs
at tens of MB/s and gives the same spans on the seeds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from extract.boilerplate import Block

# Lower-case, without the final period.
ABBREVIATIONS = frozenset(
    """
    u.s u.s.a u.k u.n r.o.k d.c p.r.c e.u dr mr mrs ms prof gen lt col maj capt adm sgt
    cmdr gov sen rep amb sec pres jr sr st no nos vol vols ed eds trans pp p ch fig
    inc corp co ltd dept univ assn est approx ca cf e.g i.e etc vs al jan feb mar apr
    jun jul aug sep sept oct nov dec a.m p.m
    """.split()
)
# The longest sentence kept whole (characters). A longer "sentence" (a page without
# punctuation, a table flattened to one line) is cut at the last space before the
# limit: every record quotes its sentence, so this bounds what one record holds, and
# the memory of a document with no sentence ends stays flat in its length.
MAX_SENTENCE = 1500
# A sentence end: punctuation before a space and a capital; or a full stop glued to the
# next sentence ("the area.The measures"), as text copied from web pages has where
# paragraphs met, when a lower-case word ends before it and a word starts after it.
_BOUNDARY = re.compile(
    r"[.!?]+[\"'”’)\]]*(?:\[\d+\])?(?=\s+[\"'“‘(\[]?[A-Z0-9]|(?<=[a-z]{2}\.)[A-Z][a-z])"
)
_WORD_BEFORE = re.compile(r"([\w.]+)\.?$")


# Not frozen: a frozen dataclass is ~5x slower to create, and there are many.
@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    role: str  # role of the block it belongs to (title, byline, body)


S = TypeVar("S", bound=tuple[Any, ...])  # a span: (start, end, ...)
_LONGEST = max(map(len, ABBREVIATIONS))


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    if dot - start > _LONGEST and text[dot - _LONGEST - 1 : dot].isalnum():
        return False  # a word longer than any abbreviation (most sentence ends): no regex
    m = _WORD_BEFORE.search(text, max(start, dot - 12), dot + 1)
    word = m.group(1).lower().rstrip(".") if m else ""
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, one line, without surrounding spaces."""
    out: list[tuple[int, int]] = []
    s = start
    for m in _BOUNDARY.finditer(text, start, end):
        dot, after = m.span()
        if text[dot] == "." and after - dot == 1 and _is_abbreviation(text, s, dot):
            continue
        _add_stripped(out, text, s, after)
        s = after
    _add_stripped(out, text, s, end)
    return out


def _add_stripped(out: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    chunk = text[s:e]
    core = chunk.strip()
    if not core:
        return
    s += len(chunk) - len(chunk.lstrip())
    e = s + len(core)
    while e - s > MAX_SENTENCE:  # cut an overlong sentence at a space before the limit
        cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
        cut = cut if cut > s else s + MAX_SENTENCE
        out.append((s, cut))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        out.append((s, e))


def sentence_spans(text: str, blocks: Iterable[Block]) -> list[Sentence]:
    """Sentences of every block that is not boilerplate, in document order."""
    out = []
    for block in blocks:
        if block.role == "boilerplate":
            continue
        out.extend(Sentence(s, e, block.role) for s, e in split_line(text, block.start, block.end))
    return out


def sentence_holding(starts: Sequence[int], sentences: Sequence[Sentence], a: int, b: int) -> int:
    """Index of the sentence that holds the span ``[a, b)``, or -1; ``starts`` are the
    sentences' start offsets."""
    i = bisect_right(starts, a) - 1
    return i if i >= 0 and b <= sentences[i].end else -1


def spans_by_sentence(sentences: Sequence[Sentence], spans: Iterable[S]) -> dict[int, list[S]]:
    """(start, end, ...) spans grouped by the index of the sentence that holds them;
    spans no sentence holds are dropped."""
    starts, ends = _bounds(sentences)
    out: dict[int, list[S]] = {}
    for span in spans:
        i = bisect_right(starts, span[0]) - 1
        if i >= 0 and span[1] <= ends[i]:
            out.setdefault(i, []).append(span)
    return out


def sentence_starts(sentences: Sequence[Sentence]) -> list[int]:
    """The sentences' start offsets (kept for the last list asked about: do not change it)."""
    return _bounds(sentences)[0]


_LAST_BOUNDS: list = [None, ([], [])]  # the sentences asked about last, and their bounds


def _bounds(sentences: Sequence[Sentence]) -> tuple[list[int], list[int]]:
    """The start and end offsets of ``sentences``; the extractors ask for those of the
    same list many times, so the last answer is kept (keyed by the list's identity
    and length)."""
    last, bounds = _LAST_BOUNDS
    if last is not sentences or len(bounds[0]) != len(sentences):
        bounds = ([s.start for s in sentences], [s.end for s in sentences])
        _LAST_BOUNDS[:] = [sentences, bounds]
    return bounds


def matches_by_sentence(sentences: Sequence[Sentence], matcher: Any, scan: Any) -> dict[int, list]:
    """``spans_by_sentence`` of a ``PhraseMatcher``'s matches in a ``Scan``, kept on the
    scan: several extractors ask for the same ones (places)."""
    key = ("by_sentence", matcher)
    found = scan.memo.get(key)
    if found is None or found[0] is not sentences:
        found = scan.memo[key] = (sentences, spans_by_sentence(sentences, matcher.finditer(scan)))
    return found[1]


def labels_by_sentence(
    sentences: Sequence[Sentence], spans: Iterable[tuple[int, int, Iterable[Hashable]]]
) -> dict[int, set]:
    """The labels of (start, end, labels) spans, united per index of the sentence that
    holds the span."""
    return {
        i: {label for _, _, labels in held for label in labels}
        for i, held in spans_by_sentence(sentences, spans).items()
    }
