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
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from extract.boilerplate import Block, is_prose
from extract.dates import DateMention, find_dates
from extract.mentions import Mention
from extract.sentences import Sentence

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
    """Compiled event vocabularies: types with triggers, named events, exercises, places."""

    types: tuple[tuple[str, str | None, tuple[re.Pattern[str], ...]], ...]
    named: tuple[tuple[re.Pattern[str], Mapping], ...]
    exercises: tuple[tuple[re.Pattern[str], Mapping], ...]
    places: tuple[tuple[re.Pattern[str], str, str | None], ...]  # pattern, name, country
    actor_country: Mapping[str, str | None]
    plover: Mapping[str, str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, event_types, named_events, exercises, places, capitals, actor_country):
        def alias_re(aliases):
            alts = "|".join(
                re.escape(a).replace(r"\ ", r"\s+") for a in sorted(aliases, key=len, reverse=True)
            )
            return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)

        types = tuple(
            (t["type"], t["plover"], tuple(re.compile(p, re.IGNORECASE) for p in t["triggers"]))
            for t in event_types
        )
        return cls(
            types=types,
            named=tuple((alias_re(e["aliases"]), e) for e in named_events),
            exercises=tuple((alias_re(e["aliases"]), e) for e in exercises),
            places=tuple((alias_re(p["aliases"]), p["name"], p["country"]) for p in places)
            + tuple((alias_re([c]), c, country) for c, country in capitals),
            actor_country=actor_country,
            plover={t: p for t, p, _ in types},
        )


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
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    text: str,
    actor_country: Mapping[str, str | None],
) -> dict[int, tuple[str, ...]]:
    """For each block start, the core states named since the last heading."""
    out: dict[int, tuple[str, ...]] = {}
    states: list[str] = []
    mi = 0
    ms = sorted(mentions, key=lambda m: m.start)
    for b in blocks:
        if b.role != "body":
            continue
        line = text[b.start : b.end]
        if not is_prose(line) and len(line.split()) <= 10:  # a heading opens a section
            states = []
        while mi < len(ms) and ms[mi].start < b.end:
            c = actor_country.get(ms[mi].actor_id)
            if c in CORE and ms[mi].start >= b.start and c not in states:
                states.append(c)
            mi += 1
        out[b.start] = tuple(states)
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
) -> list[EventMention]:
    """Event reports of one document.

    ``excluded_spans`` hold dates that are not event dates (the year in "the 1953
    Mutual Defense Treaty"); ``agreement_parties`` maps a sentence start to the
    parties of the curated agreements it names, who take part in a signing.
    """
    ac = vocab.actor_country
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_start, []).append(m)
    section = _section_states(blocks, mentions, text, ac)
    block_of = {}
    bi = 0
    body_blocks = [b for b in blocks if b.role == "body"]
    focus = _focus(mentions, ac)
    out: list[EventMention] = []
    for s in sentences:
        if s.role != "body":
            continue
        while bi + 1 < len(body_blocks) and body_blocks[bi + 1].start <= s.start:
            bi += 1
        block_of[s.start] = body_blocks[bi].start if body_blocks else None
        chunk = text[s.start : s.end]
        if _CITATION.match(chunk):
            continue
        named = next(((r.search(chunk), e) for r, e in vocab.named if r.search(chunk)), None)
        if named:
            m, e = named
            d, precision = _ymd(e["date"])
            out.append(EventMention(
                e["type"], d, None, precision, tuple(sorted(e["participants"])),
                e.get("location"), e.get("location_country"), e["name"], e["id"],
                s.start, s.end, 0.9,
            ))  # fmt: skip
            continue
        dates = [
            dm
            for dm in find_dates(text, s.start, s.end, published)
            if not any(a <= dm.start < b for a, b in excluded_spans)
        ]
        if not dates:
            continue
        exercise = next(((r.search(chunk), e) for r, e in vocab.exercises if r.search(chunk)), None)
        # Each trigger pairs with its nearest date; one sentence can report several
        # events ("signed in September 1951 ... amended in 1960").
        found: dict[tuple[str, date], DateMention] = {}
        if exercise:
            dm = min(dates, key=lambda x: abs(x.start - s.start - exercise[0].start()))
            found[("exercise", dm.value)] = dm
        else:
            for t, _, patterns in vocab.types:
                hits = [h.start() for p in patterns for h in p.finditer(chunk)]
                for at in hits:
                    dm = min(dates, key=lambda x: abs(x.start - s.start - at))
                    found.setdefault((t, dm.value), dm)
                if hits:
                    break  # the most specific type that fires owns the sentence
        for (etype, _), dm in found.items():
            ev = _report(
                etype,
                dm,
                s,
                chunk,
                text,
                by_sentence,
                exercise,
                agreement_parties,
                section.get(block_of[s.start]) or focus,
                vocab,
            )
            if ev:
                out.append(ev)
    return out


def _report(etype, dm, s, chunk, text, by_sentence, exercise, agreement_parties, context, vocab):
    """One event report from a sentence, its type and its date; None without participants."""
    ac = vocab.actor_country
    parts = set()
    for m in by_sentence.get(s.start, ()):
        c = ac.get(m.actor_id)
        if c and not _TOPIC.search(text[max(s.start, m.start - 30) : m.start]):
            parts.add(c)
    if exercise:
        parts |= set(exercise[1]["participants"])
    # A signing needs two parties: take the agreement's when the sentence names one.
    if etype in ("treaty_signing", "declaration") and agreement_parties and len(parts) < 2:
        parts |= set(agreement_parties.get(s.start, ()))
    if _PLURAL.search(chunk):
        parts |= set(context)
    if not parts:
        return None
    location = None
    for r, name, country in vocab.places:
        for pm in r.finditer(chunk):
            if _LOCATIVE.search(chunk[max(0, pm.start() - 12) : pm.start()]):
                location = (name, country)
                break
        if location:
            break
    participants = tuple(sorted(parts))
    extra = exercise[1]["id"] if exercise else (location[0] if location else None)
    if exercise:
        title = f"{exercise[1]['name']} exercise"
    else:
        title = f"{LABELS[etype]}: {', '.join(participants)}"
        if location:
            title += f", {location[0]}"
    return EventMention(
        etype, dm.value, dm.end_value, dm.precision, participants,
        location[0] if location else None, location[1] if location else None,
        title, _key(etype, dm.value.year, participants, extra), s.start, s.end, 0.6,
    )  # fmt: skip
