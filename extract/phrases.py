"""Find many fixed phrases at once (Aho-Corasick), case-insensitively, on word boundaries.

Several extractors each look for their own phrases in every document (actor
names, agreement aliases, topic phrases, event keywords, ...). A ``PhraseIndex``
puts all those sets into one automaton, so a document is scanned once
(``PhraseIndex.scan``) instead of once per set: on the bench corpus one combined
pass took 80 ms where seven separate ones took 300 ms. Each matcher then reads
its own hits from the ``Scan``, or scans by itself when they are not there.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Generic, Protocol, TypeVar

import ahocorasick

T = TypeVar("T")


# Hyphens that typesetting makes of "-" ("Japan–U.S. Defense Guidelines", a non-breaking
# hyphen): the phrases of the vocabularies are written with "-".
_HYPHENS = ("\u2010", "\u2011", "\u2013")


def lower_same_length(text: str) -> str:
    """Lower case with the same length, so offsets stay valid ("İ" stays as it is), with
    the typeset hyphens (en dash, non-breaking hyphen) as "-"."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not low.isascii():  # a flag of the string: free
        for dash in _HYPHENS:  # str.replace: str.translate goes char by char, ~20x slower
            if dash in low:
                low = low.replace(dash, "-")
    return low


class _Scanned(Protocol):
    """A matcher whose phrases a ``PhraseIndex`` can search for it."""

    automaton: ahocorasick.Automaton


@dataclass(frozen=True)
class Scan:
    """A text, its ``lower_same_length`` form, and the phrase hits found in it so far.

    Hits are the raw (end index, value) pairs of a matcher's automaton over ``low``.
    """

    text: str
    low: str
    _hits: Mapping[object, list[tuple[int, Any]]] = field(default_factory=dict, repr=False)
    memo: dict = field(default_factory=dict, repr=False)  # results several extractors share

    @classmethod
    def of(cls, text: str) -> Scan:
        return cls(text, lower_same_length(text))

    def hits(self, matcher: _Scanned) -> Iterable[tuple[int, Any]]:
        """The raw automaton hits of ``matcher`` over ``low``, found now if not already."""
        found = self._hits.get(matcher)
        return matcher.automaton.iter(self.low) if found is None else found


class PhraseIndex:
    """The phrases of several matchers in one automaton: one pass finds them all."""

    def __init__(self, matchers: Iterable[_Scanned]) -> None:
        self._matchers = list(matchers)
        entries: dict[str, list[tuple[int, Any]]] = {}
        for i, m in enumerate(self._matchers):
            for key, value in m.automaton.items():
                entries.setdefault(key, []).append((i, value))
        self.automaton = ahocorasick.Automaton()
        for key, values in entries.items():
            # Most phrases belong to one matcher: (its index, value); else (-1, pairs).
            self.automaton.add_word(key, values[0] if len(values) == 1 else (-1, tuple(values)))
        if entries:
            self.automaton.make_automaton()
        self._empty = not entries

    def scan(self, text: str) -> Scan:
        low = lower_same_length(text)
        lists: list[list[tuple[int, Any]]] = [[] for _ in self._matchers]
        if not self._empty:
            appends = [hits.append for hits in lists]
            for end, (i, value) in self.automaton.iter(low):
                if i >= 0:
                    appends[i]((end, value))
                else:
                    for j, v in value:
                        appends[j]((end, v))
        return Scan(text, low, dict(zip(self._matchers, lists, strict=True)))


_start_then_longest = itemgetter(0, 1)


class PhraseMatcher(Generic[T]):
    """Leftmost-longest, non-overlapping matches of phrases, each with a value."""

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        self.automaton = ahocorasick.Automaton()
        self._empty = True
        for phrase, value in phrases:
            key = " ".join(phrase.lower().split())
            if key:
                self.automaton.add_word(key, (len(key), value))
                self._empty = False
        if not self._empty:
            self.automaton.make_automaton()

    def finditer(self, scan: Scan) -> Iterator[tuple[int, int, T]]:
        """(start, end, value) in ``scan.text``."""
        if self._empty:
            return
        text = scan.text
        n = len(text)
        cands = []
        append = cands.append
        for end_idx, (length, value) in scan.hits(self):
            s, e = end_idx - length + 1, end_idx + 1
            if (s and text[s - 1].isalnum()) or (e < n and text[e].isalnum()):
                continue
            append((s, -e, value))
        cands.sort(key=_start_then_longest)
        last = -1
        for s, neg_e, value in cands:
            if s >= last:
                last = -neg_e
                yield s, -neg_e, value


class Substrings:
    """Whether a span of text holds any of some plain substrings (a cheap pre-filter).

    The extractors run their regular expressions only on the sentences that hold
    one of their cue words. One Aho-Corasick scan per sentence, which stops at the
    first hit, is several times faster than ``any(w in sentence for w in words)``.
    """

    def __init__(self, words: Iterable[str] | Iterable[tuple[str, Hashable]]) -> None:
        """``words`` are strings, or (string, label) pairs for ``spans``."""
        labels: dict[str, set] = {}
        for w in words:
            word, label = (w, None) if isinstance(w, str) else w
            if word:
                labels.setdefault(word, set()).add(label)
        self.automaton = ahocorasick.Automaton()
        for word, ls in labels.items():
            self.automaton.add_word(word, (len(word), frozenset(ls)))
        self._empty = not labels
        if not self._empty:
            self.automaton.make_automaton()

    def any_in(self, text: str) -> bool:
        """True if ``text`` contains one of the words. Pass a sentence, not a slice range
        of the document: the automaton converts the whole string it is given."""
        return not self._empty and next(self.automaton.iter(text), None) is not None

    def spans(self, scan: Scan) -> Iterator[tuple[int, int, frozenset]]:
        """(start, end, labels) of every occurrence of a word in ``scan.text``, by end."""
        if not self._empty:
            for end_idx, (length, labels) in scan.hits(self):
                yield end_idx - length + 1, end_idx + 1, labels
