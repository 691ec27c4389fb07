"""Find many fixed phrases at once (Aho-Corasick), case-insensitively, on word boundaries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")


def lower_same_length(text: str) -> str:
    """Lower case with the same length, so offsets stay valid ("İ" stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


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
        for end_idx, (length, value) in self._automaton.iter(low):
            s, e = end_idx - length + 1, end_idx + 1
            if (s > 0 and text[s - 1].isalnum()) or (e < n and text[e].isalnum()):
                continue
            cands.append((s, -e, value))
        cands.sort(key=lambda c: (c[0], c[1]))
        last = -1
        for s, neg_e, value in cands:
            if s >= last:
                last = -neg_e
                yield s, -neg_e, value
