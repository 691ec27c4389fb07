"""Find many fixed phrases at once (Aho-Corasick), case-insensitively, on word boundaries."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from operator import itemgetter
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")


def lower_same_length(text: str) -> str:
    """Lower case with the same length, so offsets stay valid ("İ" stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_start_then_longest = itemgetter(0, 1)


class PhraseMatcher(Generic[T]):
    """Leftmost-longest, non-overlapping matches of phrases, each with a value."""

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        self._automaton = ahocorasick.Automaton()
        self._empty = True
        for phrase, value in phrases:
            key = " ".join(phrase.lower().split())
            if key:
                self._automaton.add_word(key, (len(key), value))
                self._empty = False
        if not self._empty:
            self._automaton.make_automaton()

    def finditer(self, text: str, low: str | None = None) -> Iterator[tuple[int, int, T]]:
        """(start, end, value); ``low`` is ``lower_same_length(text)`` if already computed."""
        if self._empty:
            return
        low = lower_same_length(text) if low is None else low
        n = len(text)
        cands = []
        append = cands.append
        for end_idx, (length, value) in self._automaton.iter(low):
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
        """``words`` are strings, or (string, label) pairs for ``labels_in``."""
        labels: dict[str, set] = {}
        for w in words:
            word, label = (w, None) if isinstance(w, str) else w
            if word:
                labels.setdefault(word, set()).add(label)
        self._automaton = ahocorasick.Automaton()
        for word, ls in labels.items():
            self._automaton.add_word(word, frozenset(ls))
        self._empty = not labels
        if not self._empty:
            self._automaton.make_automaton()

    def any_in(self, text: str) -> bool:
        """True if ``text`` contains one of the words. Pass a sentence, not a slice range
        of the document: the automaton converts the whole string it is given."""
        return not self._empty and next(self._automaton.iter(text), None) is not None

    def labels_in(self, text: str) -> set:
        """The labels of the words ``text`` contains."""
        out: set = set()
        if not self._empty:
            for _, labels in self._automaton.iter(text):
                out |= labels
        return out
