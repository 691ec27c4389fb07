"""Policy recommendations stated by a source.

A recommendation is a sentence in the source's own voice that prescribes: a
modal of obligation or advice ("should", "must", "ought to", "need to", "could
help by") or an evaluative frame ("it is imperative/crucial/essential to").
Reported positions of others ("Chhabra recommends that ...", "X argues that
Y should ...") are not the source's recommendation unless the reported person
is the source's own author (an abstract: "Lee argues that ...").
Descriptions in the past tense ("should have", "could not") do not count.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extract.mentions import Mention, mentions_by_sentence
from extract.phrases import Scan, Substrings
from extract.pickling import by_fields
from extract.sentences import Sentence, spans_by_sentence

VERSION = "1.0.0"

_PRESCRIPTIVE = re.compile(
    r"\b(?:should(?! have)|must(?! have)|ought to|needs? to|has to(?! do with)|"
    r"have to(?! do with)|"
    r"could help by|would do well to|is (?:imperative|crucial|essential|vital|critical|"
    r"necessary) (?:to|that|for)|it is (?:time|important) (?:to|that))\b",
    re.IGNORECASE,
)
# Every prescriptive pattern contains one of these (lower case).
CUES = Substrings((
    "should", "must", "ought", "need", "has to", "have to", "could help", "would do well",
    "imperative", "crucial", "essential", "vital", "critical", "necessary", "time to",
    "important",
))  # fmt: skip
_REPORTING = re.compile(
    r"\b(?P<who>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*) (?:recommends?|suggests?|proposes?|argues?|"
    r"contends?|posits?|urges?|calls? for|notes?)\b"
)


@by_fields
@dataclass(frozen=True, slots=True)
class Recommendation:
    start: int
    end: int
    addressees: tuple[str, ...]
    confidence: float


def find_recommendations(
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    actor_country: Mapping[str, str | None],
    authors: Sequence[str],
    scan: Scan | None = None,
    by_sentence: Mapping[int, Sequence[Mention]] | None = None,
) -> list[Recommendation]:
    """Recommendations of a document; ``scan`` (the document's ``Scan``) and
    ``by_sentence`` (``mentions_by_sentence``) may be passed in when already made."""
    surnames = {a.split()[-1] for a in authors}
    by_sentence = mentions_by_sentence(mentions) if by_sentence is None else by_sentence
    cued = spans_by_sentence(sentences, CUES.spans(scan or Scan.of(text)))
    out = []
    for i, s in enumerate(sentences):
        if s.role != "body" or i not in cued:  # cheap pre-filter
            continue
        chunk = text[s.start : s.end]
        modal = _PRESCRIPTIVE.search(chunk)
        if not modal or chunk.lstrip().startswith(("[", "<sup>")) or chunk.endswith("?"):
            continue
        reported = _REPORTING.search(chunk, 0, modal.start())
        if reported and reported.group("who").split()[-1] not in surnames:
            continue  # somebody else's position, reported by the source
        here = by_sentence.get(s.start, ())
        # The addressee is the subject before the modal ("Washington could help by"),
        # else who follows it ("it is imperative that South Korea, Japan and ...").
        at = s.start + modal.start()
        named = [m for m in here if m.start < at] or [
            m for m in here if at <= m.start < at + len(modal.group(0)) + 80
        ]
        addressees = tuple(sorted({c for m in named if (c := actor_country.get(m.actor_id))}))
        out.append(Recommendation(s.start, s.end, addressees, 0.7))
    return out
