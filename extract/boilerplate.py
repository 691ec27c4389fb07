"""Split a document into its title, byline, body and page boilerplate.

Copies of web pages carry navigation menus, "related articles" lists, author
boxes and footers. Records are only extracted from the title and the body, so a
list of other articles on the page never becomes news about the alliance.

The rule is positional, as on a web page: the body starts at the first line of
running prose and ends at the first line that opens a boilerplate section
(``reference/boilerplate.yaml``). Lines before the body are kept only when they
repeat the registered title or name a registered author. A registry entry can
pin the body with ``body_start`` / ``body_end`` markers where the rule fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from extract.pickling import by_fields

Role = Literal["title", "byline", "body", "caption", "boilerplate"]

_BY = re.compile(r"^by\s+", re.IGNORECASE)
_LEAD = " \t#*>-–•◆|"
_TRAIL = " \t*"
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(\[\d+\])?$|[.!?][\"'”’)]*\s")
# Function words: prose has many, menus and headings few.
_STOPWORDS = frozenset(
    """
    a an and are as at be been but by for from has have in into is it its of on or that
    the their them these they this to was were which while who will with would can could
    should may might not no than then there so such our we
    """.split()
)
MAX_CUE_WORDS = 8


@by_fields
@dataclass(frozen=True, slots=True)
class Block:
    start: int
    end: int
    role: Role


@dataclass(frozen=True)
class BoilerplateRules:
    section_end: tuple[re.Pattern[str], ...]
    line: tuple[re.Pattern[str], ...]
    line_any: re.Pattern[str]  # all ``line`` patterns in one, for the pass over every line

    @classmethod
    def from_patterns(cls, section_end: Iterable[str], line: Iterable[str]) -> BoilerplateRules:
        def comp(ps: Iterable[str]) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(p, re.IGNORECASE) for p in ps)

        line = list(line)
        any_line = "|".join(f"(?:{p})" for p in line) or r"(?!)"
        return cls(comp(section_end), comp(line), re.compile(any_line, re.IGNORECASE))


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines, without surrounding spaces."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        line = m.group()
        s += len(line) - len(line.lstrip())
        e -= len(line) - len(line.rstrip())
        if e > s:
            spans.append((s, e))
    return spans


def _plain(line: str) -> str:
    """The line without markdown and list markers ("## ", "- ◆ ", "**")."""
    return line.lstrip(_LEAD).rstrip(_TRAIL)


def is_prose(line: str) -> bool:
    """A line of running text: long enough, made of sentences, with function words."""
    if not _SENTENCE_END.search(line):  # first: menus and headings fail it cheaply
        return False
    words = _WORD.findall(line)
    if len(words) < 12:
        return False
    stop = sum(w.lower() in _STOPWORDS for w in words)
    return stop / len(words) >= 0.2


def is_caption(line: str) -> bool:
    """A line of prose before the body that is not the title: a photo caption or a
    lede ("Two destroyers sail in formation off the coast on Monday. (Navy photo)").
    Menus, headings and bylines have few lower-case words."""
    words = _WORD.findall(line)
    if len(words) < 8 or line.rstrip().endswith(":"):
        return False
    lower = sum(w[0].islower() for w in words)
    return lower >= 3 and lower / len(words) >= 0.2


def _fold(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().casefold()


def _matches(
    patterns: Sequence[re.Pattern[str]], line: str, max_words: int = MAX_CUE_WORDS
) -> bool:
    # The patterns first: they anchor at the start and rarely match, and a body line
    # can be long.
    return any(p.match(line) for p in patterns) and len(line.split()) <= max_words


def _is_cue(rules: BoilerplateRules, line: str) -> bool:
    """Before the body, any line opening with a cue is page furniture, however long."""
    return _matches(rules.line + rules.section_end, line, max_words=10**6)


def segment(
    text: str,
    rules: BoilerplateRules,
    title: str = "",
    authors: Sequence[str] = (),
    body_start: str | None = None,
    body_end: str | None = None,
) -> list[Block]:
    """Label every non-blank line of ``text`` with its role, in document order."""
    spans = _lines(text)
    plain = [_plain(text[s:e]) for s, e in spans]
    n = len(spans)

    first = next((i for i, p in enumerate(plain) if is_prose(p) and not _is_cue(rules, p)), None)
    if body_start is not None:
        first = next((i for i, (s, e) in enumerate(spans) if body_start in text[s:e]), first)
    if first is None:  # a short text without running prose: all of it is body
        first = 0

    last = n
    if body_end is not None:
        last = next((i for i in range(first, n) if body_end in text[spans[i][0] : spans[i][1]]), n)
    else:
        for i in range(first + 1, n):
            if _matches(rules.section_end, plain[i]) and not is_prose(plain[i]):
                last = i
                break

    title_f = _fold(title)
    authors_f = {_fold(a) for a in authors}
    blocks = []
    for i, ((s, e), p) in enumerate(zip(spans, plain, strict=True)):
        role: Role = "boilerplate"
        if rules.line_any.match(p):
            pass
        elif first <= i < last:
            role = "body"
        elif i < first:
            folded = _fold(p)
            if folded and len(folded) >= 8 and folded in title_f:
                role = "title"
            elif folded and _fold(_BY.sub("", p)) in authors_f:
                role = "byline"
            elif is_caption(p) and not _is_cue(rules, p):
                role = "caption"
        blocks.append(Block(s, e, role))
    return blocks


def looks_like_heading(line: str) -> bool:
    """A short line that does not end like a sentence: a section heading."""
    if len(line) > 400 and len(line[:400].split(None, 10)) > 10:
        return False  # a paragraph: no need to split all of it
    line = line.rstrip()
    ends_like_sentence = line.endswith((".", "?", "!", '"', "”", ":", ";"))
    return not ends_like_sentence and len(line.split(None, 10)) <= 10
