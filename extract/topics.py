"""Issue areas per document: which sentences speak of which topic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extract.phrases import PhraseMatcher, Scan
from extract.pickling import by_fields
from extract.sentences import Sentence

VERSION = "1.0.0"


@by_fields
@dataclass(frozen=True, slots=True)
class TopicSentence:
    topic: str
    start: int
    end: int


def topic_matcher(topics: Sequence[Mapping]) -> PhraseMatcher:
    return PhraseMatcher((p, t["id"]) for t in topics for p in t["phrases"])


def find_topics(text: str, sentences: Sequence[Sentence], matcher: PhraseMatcher,
                scan: Scan | None = None) -> list[TopicSentence]:  # fmt: skip
    """One row per (topic, body sentence) where the sentence names a topic's phrase.

    ``scan`` is the document's ``Scan`` if already made."""
    body = [s for s in sentences if s.role == "body"]
    out: dict[tuple[str, int], TopicSentence] = {}
    hits = list(matcher.finditer(scan or Scan.of(text)))
    i = 0
    for s in body:
        while i < len(hits) and hits[i][0] < s.start:
            i += 1
        j = i
        while j < len(hits) and hits[j][1] <= s.end:
            out.setdefault((hits[j][2], s.start), TopicSentence(hits[j][2], s.start, s.end))
            j += 1
    return sorted(out.values(), key=lambda t: (t.start, t.topic))
