"""The words a regular expression cannot match without: a cheap test before the search.

``required_literals(pattern)`` reads the parsed pattern and returns sets of
lower-case strings such that every match of the pattern holds at least one
string of each set ("signed ... treaty" cannot match a sentence that holds none
of "signed", "signing", "inked", ... or none of "treat", "agreement", "pact",
...). Testing ``in`` on a lower-cased sentence costs far less than running the
pattern over it, and most sentences that hold one of an event type's keywords
hold no match of most of its triggers.

The sets are a necessary condition, never a sufficient one: the pattern still
decides. What the reading cannot be sure of (a character class, an optional
part, a lookaround) it leaves out, which only makes the test weaker. It uses
Python's own regular-expression parser (``re._parser``, private but stable
across 3.11-3.13); if that is missing or fails, the answer is no sets, and every
sentence goes to the pattern as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import ahocorasick

from extract.phrases import lower_same_length

try:
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - another Python's internals
    _parser = None  # type: ignore[assignment]

MIN_LENGTH = 3  # shorter strings ("in", "by") are in nearly every sentence: no use as a test


def required_literals(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of lower-case strings: every match of ``pattern`` holds one of each set."""
    if _parser is None:
        return ()
    try:
        tree = _parser.parse(pattern, re.IGNORECASE)
    except (re.error, TypeError, ValueError, AttributeError):  # pragma: no cover
        return ()
    found: list[frozenset[str]] = []
    for option in _factors(list(tree)):
        words = frozenset(w.lower() for w in option)
        if words and all(len(w.strip()) >= MIN_LENGTH for w in words) and words not in found:
            found.append(words)
    # A set every string of another holds adds nothing ("ded" after "concluded").
    return tuple(b for b in found if not any(
        a is not b and all(any(w in v for w in b) for v in a) for a in found
    ))  # fmt: skip


def leading_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` starts with, or None
    when the reading cannot tell (a match may start with a class, an optional part or a
    lookaround): matches need only be tried where one of them starts."""
    if _parser is None:
        return None
    try:
        starts = _starts(list(_parser.parse(pattern, re.IGNORECASE)))
    except (re.error, TypeError, ValueError, AttributeError):  # pragma: no cover
        return None
    if not starts or any(len(w) < 2 for w in starts):
        return None
    return frozenset(w.lower() for w in starts)


class Leads:
    """Plain strings found anywhere in a span (Aho-Corasick): where a pattern's matches
    may start. Several times faster than an alternation of them as a pattern."""

    __slots__ = ("_automaton",)

    def __init__(self, words) -> None:
        self._automaton = ahocorasick.Automaton()
        for w in words:
            self._automaton.add_word(w, len(w))
        self._automaton.make_automaton()

    def starts(self, low: str, start: int, end: int) -> list[int]:
        """Where one of the strings starts in ``low[start:end]``, in order."""
        return sorted({e - n + 1 for e, n in self._automaton.iter(low, start, end)})


def finditer_from_leads(
    pattern: re.Pattern[str],
    leads: Leads,
    text: str,
    low: str,
    start: int,
    end: int,
    offset: int = 0,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)`` for a pattern whose matches all start with
    one of the strings of ``leads``, found in the lower-cased ``low`` (which begins at
    ``offset`` of ``text``): the pattern is tried only where one starts (the same
    matches, found with far fewer tries)."""
    after = start
    for p in leads.starts(low, start - offset, end - offset):
        p += offset
        if p < after:
            continue
        m = pattern.match(text, p, end)
        if m is not None:
            yield m
            after = m.end() if m.end() > p else p + 1


class Led:
    """A compiled pattern that is tried only where one of its ``leading_literals``
    starts in the lower-cased text (see ``finditer_from_leads``), or everywhere when it
    has none. ``search`` and ``finditer`` take the text, its lower-cased form and the
    span to look in, and find what the pattern's own would."""

    __slots__ = ("leads", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        starts = leading_literals(pattern.pattern)
        self.leads = Leads(starts) if starts else None

    def finditer(self, text: str, low: str | None, start: int, end: int) -> Iterator[re.Match[str]]:
        """``low``: ``text`` lower-cased; None to lower-case only the span looked in."""
        if self.leads is None:
            return self.pattern.finditer(text, start, end)
        offset = 0
        if low is None:
            low, offset = lower_same_length(text[start:end]), start
        return finditer_from_leads(self.pattern, self.leads, text, low, start, end, offset)

    def search(self, text: str, low: str | None, start: int, end: int) -> re.Match[str] | None:
        return next(iter(self.finditer(text, low, start, end)), None)


def _alternation(words) -> re.Pattern[str]:
    """Plain strings as one case-sensitive pattern, longest first."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


def covering_keywords(pattern: str, keywords: Sequence[str]) -> list[str] | None:
    """The ``keywords`` (lower-case) that every match of ``pattern`` holds one of: those
    of the first ``required_literals`` set each of whose strings holds a keyword; None
    when no set is covered (a match could hold none of the keywords)."""
    for words in required_literals(pattern):
        found = [[k for k in keywords if k in w] for w in words]
        if all(found):
            return sorted({k for ks in found for k in ks})
    return None


def required_patterns(pattern: str) -> tuple[re.Pattern[str], ...]:
    """``required_literals`` as one plain (case-sensitive) alternation per set, for
    ``holds_all``: one search of a lower-cased sentence per set."""
    return tuple(_alternation(words) for words in required_literals(pattern))


def holds_all(low: str, needs: Sequence[re.Pattern[str]], start: int = 0,
              end: int | None = None) -> bool:  # fmt: skip
    """Whether the lower-cased ``low`` (``low[start:end]``) holds one string of each of
    ``needs``."""
    end = len(low) if end is None else end
    for p in needs:  # noqa: SIM110 - a loop: all() over a generator costs more, called often
        if p.search(low, start, end) is None:
            return False
    return True


def _factors(items: list) -> list[set[str]]:
    """What a sequence of parsed items requires: each item in turn is required."""
    out: list[set[str]] = []
    i = 0
    while i < len(items):
        op, av = items[i]
        if op is _c.LITERAL:
            start = _starts(items[i:])
            if start:
                out.append(start)
            i = _run(items, i)[1]
            continue
        if op is _c.SUBPATTERN:
            out.extend(_factors(list(av[-1])))
        elif op is _c.BRANCH:
            starts = _starts([(op, av)])
            if starts:
                out.append(starts)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            out.extend(_factors(list(av[2])))
        i += 1  # anything else (a class, a lookaround, "\b") requires no literal
    return out


def _starts(items: list) -> set[str] | None:
    """The literals one of which every match of the sequence starts with, or None."""
    if not items:
        return None
    op, av = items[0]
    if op is _c.LITERAL:  # the parser moves the prefix alternatives share before them
        run, j = _run(items, 0)
        after = _starts(items[j:])
        return {run + a for a in after} if after else {run}
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):  # "\b", a lookaround: zero-width
        return _starts(items[1:])
    if op is _c.SUBPATTERN:
        return _starts(list(av[-1]))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        body = _starts(list(av[2]))
        if av[0] >= 1 or body is None:
            return body
        rest = _starts(items[1:])  # an optional start: it, or what follows it
        return body | rest if rest else None
    if op is _c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            starts = _starts(list(alternative))
            if not starts:
                return None
            out |= starts
        return out
    return None


def _run(items: list, i: int) -> tuple[str, int]:
    """The string of consecutive literals from ``items[i]``, and the index after it."""
    chars = []
    while i < len(items) and items[i][0] is _c.LITERAL:
        chars.append(chr(items[i][1]))
        i += 1
    return "".join(chars), i
