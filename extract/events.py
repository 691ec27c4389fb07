"""Dated events: who met, signed, launched or exercised when, and where.

A sentence reports an event when it matches a trigger of an event type
(``reference/event_types.yaml``) and states a date; or when it names a curated
event ("the Camp David Summit", ``reference/events.yaml``), whose date is known.

Participants are the states the sentence names (persons and bodies count for
their state), except states that are only the topic ("talks on North Korea").
A plural reference ("the nations' foreign affairs chiefs", "the three
governments") stands for the states of the current section, or of the whole
document when the section names none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from extract.boilerplate import Block, looks_like_heading
from extract.dates import find_dates, may_hold_date
from extract.mentions import Mention, mentions_by_sentence
from extract.phrases import PhraseMatcher, Scan, Substrings
from extract.pickling import by_fields
from extract.sentences import Sentence, labels_by_sentence, spans_by_sentence

VERSION = "1.0.0"
CORE = ("USA", "JPN", "KOR")
PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "approximate": 3, "decade": 4}

_CITATION = re.compile(r"^\s*(?:\[\d+\]|<sup>|\d+\.\s)")
_PLURAL = re.compile(
    r"\b(?:the|their|both|all) (?:(?:three|two) )?(?:nations|countries|governments|allies|"
    r"sides|partners|democracies|leaders)\b|\btrilateral\b|\bthe three\b",
    re.IGNORECASE,
)
_TOPIC = re.compile(
    r"\b(?:on|about|over|against|toward|towards|regarding|concerning|discuss\w*|address\w*|"
    r"denuclearization of|threat from|threats from|pressure from|deter\w*)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+)?$", re.IGNORECASE)
LABELS = {
    "summit": "Summit", "ministerial_meeting": "Ministerial meeting",
    "official_meeting": "Officials' meeting", "exercise": "Exercise",
    "treaty_signing": "Treaty signing", "declaration": "Declaration",
    "missile_test_or_provocation": "Missile test or provocation", "deployment": "Deployment",
    "domestic_political": "Domestic political event", "other": "Event",
}  # fmt: skip


@dataclass(frozen=True)
class EventVocabulary:
    """Compiled event vocabularies: typed triggers, named events, exercises, places."""

    types: tuple[str, ...]  # in priority order
    keywords: Substrings  # labelled with the index of their type: one must be in the sentence
    triggers: tuple[re.Pattern[str], ...]  # per type: one alternation of its triggers
    named: PhraseMatcher  # -> named event mapping
    exercises: PhraseMatcher  # -> exercise mapping
    places: PhraseMatcher  # -> (name, country) of cities, sites and capitals
    actor_country: Mapping[str, str | None]
    plover: Mapping[str, str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, event_types, named_events, exercises, places, capitals, actor_country):
        types = tuple(t["type"] for t in event_types)
        keywords = Substrings(
            (k.lower(), i) for i, t in enumerate(event_types) for k in t["keywords"]
        )
        triggers = tuple(
            re.compile("|".join(f"(?:{p})" for p in t["triggers"]), re.IGNORECASE)
            for t in event_types
        )
        return cls(
            types=types,
            keywords=keywords,
            triggers=triggers,
            named=PhraseMatcher((a, e) for e in named_events for a in e["aliases"]),
            exercises=PhraseMatcher((a, e) for e in exercises for a in e["aliases"]),
            places=PhraseMatcher(
                [(a, (p["name"], p["country"])) for p in places for a in p["aliases"]]
                + [(c, (c, country)) for c, country in capitals]
            ),
            actor_country=actor_country,
            plover={t["type"]: t["plover"] for t in event_types},
        )


@by_fields
@dataclass(frozen=True, slots=True)
class EventMention:
    """One sentence's report of an event, before merging across sentences and sources."""

    event_type: str
    date_start: date
    date_end: date | None
    date_precision: str
    participants: tuple[str, ...]
    location: str | None
    location_country: str | None
    title: str
    key: str  # the natural key that decides which reports are the same event
    sentence_start: int
    sentence_end: int
    confidence: float


def _section_states(
    text: str,
    body: Sequence[Block],
    mentions: Sequence[Mention],
    actor_country: Mapping[str, str | None],
) -> list[tuple[str, ...]]:
    """Per body block, the core states named in it and in the blocks before it since
    the last heading (a heading opens a section); ``mentions`` are sorted by offset."""
    out: list[tuple[str, ...]] = []
    states: list[str] = []
    j = 0
    for block in body:
        if looks_like_heading(text[block.start : block.end]):
            states = []
        while j < len(mentions) and mentions[j].start < block.start:
            j += 1
        while j < len(mentions) and mentions[j].start < block.end:
            c = actor_country.get(mentions[j].actor_id)
            if c in CORE and c not in states:
                states.append(c)
            j += 1
        out.append(tuple(states))
    return out


def _focus(mentions: Sequence[Mention], actor_country: Mapping[str, str | None]) -> tuple:
    counts = Counter(actor_country.get(m.actor_id) for m in mentions)
    return tuple(c for c in CORE if counts[c] >= 2)


def _ymd(value: str) -> tuple[date, str]:
    parts = [int(x) for x in value.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    return date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))), precision


def _key(event_type: str, year: int, participants: Sequence[str], extra: str | None) -> str:
    parts = [event_type.replace("_", "-"), str(year), *(p.lower() for p in participants)]
    if extra:
        parts.append(re.sub(r"[^a-z0-9]+", "-", extra.lower()).strip("-"))
    return "-".join(parts)


def find_events(
    text: str,
    sentences: Sequence[Sentence],
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    published: date | None,
    vocab: EventVocabulary,
    excluded_spans: Sequence[tuple[int, int]] = (),
    agreement_parties: Mapping[int, Sequence[str]] | None = None,
    scan: Scan | None = None,
    by_sentence: Mapping[int, Sequence[Mention]] | None = None,
) -> list[EventMention]:
    """Event reports of one document.

    ``excluded_spans`` hold dates that are not event dates (the year in "the 1953
    Mutual Defense Treaty"); ``agreement_parties`` maps a sentence start to the
    parties of the curated agreements it names, who take part in a signing;
    ``scan`` (the document's ``Scan``) and ``by_sentence`` (``mentions_by_sentence``)
    may be passed in when already made.
    """
    scan = scan or Scan.of(text)
    low_text = scan.low
    # Whole-document passes; each hit is then looked up by sentence. Dates are
    # parsed only in sentences that may report an event.
    named = spans_by_sentence(sentences, vocab.named.finditer(scan))
    exercises = spans_by_sentence(sentences, vocab.exercises.finditer(scan))
    keywords = labels_by_sentence(sentences, vocab.keywords.spans(scan))  # type indices
    by_sentence = mentions_by_sentence(mentions) if by_sentence is None else by_sentence
    body = [b for b in blocks if b.role == "body"]
    body_starts = [b.start for b in body]
    sections: list[tuple[str, ...]] | None = None  # per body block; made when first needed
    focus: tuple[str, ...] = ()

    def context(start: int) -> tuple[str, ...]:
        """States a plural reference stands for: those of its section, else the focus."""
        nonlocal sections, focus
        if sections is None:
            sections = _section_states(text, body, mentions, vocab.actor_country)  # text order
            focus = _focus(mentions, vocab.actor_country)
        b = bisect_right(body_starts, start) - 1
        return (sections[b] if b >= 0 else ()) or focus

    out: list[EventMention] = []
    for i, s in enumerate(sentences):
        if s.role != "body":
            continue
        typed = () if i in named or i in exercises else keywords.get(i, ())
        if i not in named and (
            (i not in exercises and not typed) or not may_hold_date(low_text[s.start : s.end])
        ):
            continue  # cheap pre-filters before the triggers and the date grammar
        exercise = exercises[i][0] if i in exercises else None
        # The most specific type whose trigger fires owns the sentence; each trigger
        # pairs with its nearest date, so one sentence can report several events
        # ("signed in September 1951 ... amended in 1960").
        hits: list[tuple[str, int]] = []
        if exercise:
            hits = [("exercise", exercise[0])]
        elif i not in named:
            for t in sorted(typed):  # in priority order
                found = [m.start() for m in vocab.triggers[t].finditer(text, s.start, s.end)]
                if found:
                    hits = [(vocab.types[t], at) for at in found]
                    break
            if not hits:
                continue
        if i not in named:
            dates = find_dates(text, s.start, s.end, published, excluded_spans)
            if not dates:
                continue
        chunk = text[s.start : s.end]
        if _CITATION.match(chunk):
            continue
        if i in named:
            e = named[i][0][2]
            d, precision = _ymd(e["date"])
            out.append(EventMention(
                e["type"], d, None, precision, tuple(sorted(e["participants"])),
                e.get("location"), e.get("location_country"), e["name"], e["id"],
                s.start, s.end, 0.9,
            ))  # fmt: skip
            continue
        here = Scan(chunk, low_text[s.start : s.end])
        places = [(a + s.start, b + s.start, v) for a, b, v in vocab.places.finditer(here)]
        reported: set[tuple[str, date]] = set()
        for etype, at in hits:
            dm = min(dates, key=lambda x: abs(x.start - at))
            if (etype, dm.value) in reported:
                continue
            reported.add((etype, dm.value))
            ev = _report(etype, dm, s, chunk, text, by_sentence.get(s.start, ()), exercise,
                         agreement_parties, context, places, vocab)  # fmt: skip
            if ev:
                out.append(ev)
    return out


def _report(
    etype, dm, s, chunk, text, mentions, exercise, agreement_parties, context, places, vocab
) -> EventMention | None:
    """One event report from a sentence, its type and its date; None without participants."""
    ac = vocab.actor_country
    parts = set()
    for m in mentions:
        c = ac.get(m.actor_id)
        if c and not _TOPIC.search(text, max(s.start, m.start - 30), m.start):
            parts.add(c)
    if exercise:
        parts |= set(exercise[2]["participants"])
    # A signing needs two parties: take the agreement's when the sentence names one.
    if etype in ("treaty_signing", "declaration") and agreement_parties and len(parts) < 2:
        parts |= set(agreement_parties.get(s.start, ()))
    if _PLURAL.search(chunk):
        parts |= set(context(s.start))
    if not parts:
        return None
    location = next(
        (value for a, _, value in places if _LOCATIVE.search(text, max(s.start, a - 12), a)), None
    )
    participants = tuple(sorted(parts))
    extra = exercise[2]["id"] if exercise else (location[0] if location else None)
    if exercise:
        title = f"{exercise[2]['name']} exercise"
    else:
        title = f"{LABELS[etype]}: {', '.join(participants)}"
        if location:
            title += f", {location[0]}"
    return EventMention(
        etype, dm.value, dm.end_value, dm.precision, participants,
        location[0] if location else None, location[1] if location else None,
        title, _key(etype, dm.value.year, participants, extra), s.start, s.end, 0.6,
    )  # fmt: skip
