"""Stated figures of forces: "about 28,500 U.S. military personnel are stationed in South Korea".

A figure is a number, an optional approximation word, an optional deploying
state ("U.S.", "American"), a force noun, and a host state named after a
locative ("in", "on", "to") in the same sentence. Figures that differ between
sources are all kept, each with its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from extract.dates import find_dates
from extract.mentions import Mention, mentions_by_sentence
from extract.phrases import PhraseMatcher, Scan
from extract.pickling import by_fields
from extract.sentences import Sentence, sentence_holding

VERSION = "1.0.0"

_APPROX = r"(?P<approx>about|approximately|around|roughly|some|nearly|almost|over|more than|" \
          r"fewer than|less than|up to|an estimated|close to|at least)"  # fmt: skip
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?P<scale>thousand|million))?"
_NOUNS = {
    "military_personnel": r"(?:military |armed forces |active[- ]duty |uniformed )?"
    r"(?:personnel|troops|service ?members|soldiers|servicemen|marines|sailors|airmen)",
    "bases": r"(?:military )?(?:bases|installations|facilities)",
}
_NOUN = "|".join(f"(?P<{k}>{v})" for k, v in _NOUNS.items())
_FIGURE = re.compile(
    rf"(?:{_APPROX}\s+)?{_NUMBER}\s+(?P<owner>(?:U\.S\.|US|American|United States|Japanese|"
    rf"South Korean|Chinese|Russian)\s+)?(?P<noun>{_NOUN})",
    re.IGNORECASE,
)
# Where a figure can end: one automaton pass, several times faster than a pattern.
NOUN_HIT = PhraseMatcher((w, None) for w in (
    "personnel", "troops", "service members", "servicemembers", "soldiers", "servicemen",
    "marines", "sailors", "airmen", "bases", "installations", "facilities",
))  # fmt: skip
_DIGIT = re.compile(r"\d")
_HOST = re.compile(r"\b(?:stationed|based|deployed|garrisoned|present|located)?\s*(?:in|on|to)\s+$")
_OWNER = {
    "u.s.": "USA",
    "us": "USA",
    "american": "USA",
    "united states": "USA",
    "japanese": "JPN",
    "south korean": "KOR",
    "chinese": "CHN",
    "russian": "RUS",
}


@by_fields
@dataclass(frozen=True, slots=True)
class Figure:
    start: int
    end: int
    metric: str
    value: int
    approximate: bool
    deploying_country: str | None
    host_country: str
    sentence_start: int
    sentence_end: int
    as_of: date | None = None
    as_of_precision: str | None = None


def _value(num: str, scale: str | None) -> int:
    v = float(num.replace(",", ""))
    return int(v * {"thousand": 1_000, "million": 1_000_000}.get((scale or "").lower(), 1))


def find_figures(
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    actor_country: Mapping[str, str | None],
    states: frozenset[str],
    published: date | None = None,
    published_precision: str | None = None,
    excluded_spans: Sequence[tuple[int, int]] = (),
    scan: Scan | None = None,
    by_sentence: Mapping[int, Sequence[Mention]] | None = None,
) -> list[Figure]:
    """Force figures with their host state; ``states`` are the actor ids of type state.

    The figure is as of a date its sentence states (not one inside an agreement's
    name, "the 1960 Treaty"), else as of the document's publication date. ``scan``
    (the document's ``Scan``) and ``by_sentence`` (``mentions_by_sentence``) may be
    passed in when already made.
    """
    by_sentence = mentions_by_sentence(mentions) if by_sentence is None else by_sentence
    starts = [s.start for s in sentences]
    out = []
    for noun_start, noun_end, _ in NOUN_HIT.finditer(scan or Scan.of(text)):
        i = sentence_holding(starts, sentences, noun_start, noun_end)
        if i < 0:
            continue
        s = sentences[i]
        # The figure ends at this noun and starts at most a few words before it.
        window = max(s.start, noun_start - 90)
        if not _DIGIT.search(text, window, noun_start):  # no number before the noun
            continue
        found = list(_FIGURE.finditer(text, window, noun_end))
        f = found[-1] if found else None
        if f is None or f.end() != noun_end:
            continue
        host = next(
            (m for m in by_sentence.get(s.start, ())
             if f.end() <= m.start < f.end() + 80 and m.actor_id in states
             and _HOST.search(text, max(s.start, m.start - 60), m.start)),
            None,
        )  # fmt: skip
        if host is None:
            continue
        stated = find_dates(text, s.start, s.end, published, excluded_spans)
        as_of = (stated[0].value, stated[0].precision) if stated else (
            published, published_precision if published else None)  # fmt: skip
        metric = next(k for k in _NOUNS if f.group(k))
        owner = f.group("owner")
        out.append(Figure(
            start=f.start(), end=f.end(), metric=metric,
            value=_value(f.group("num"), f.group("scale")),
            approximate=bool(f.group("approx")),
            deploying_country=_OWNER[owner.strip().lower()] if owner else None,
            host_country=actor_country[host.actor_id] or "",
            sentence_start=s.start, sentence_end=s.end, as_of=as_of[0], as_of_precision=as_of[1],
        ))  # fmt: skip
    return out
