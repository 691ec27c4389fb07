"""Dated events: who met, signed, launched, exercised or decided what, when and where.

A sentence reports an event where a trigger of an event type fires
(``reference/event_types.yaml``) and a date can be paired with it, or where it
names a curated event ("the Camp David Summit", ``reference/events.yaml``).
One sentence can report several events: each trigger takes the date nearest to
it in its clause ("the ministers met in Tokyo on June 1 and issued a joint
statement" is a meeting and a declaration; "a day after North Korea launched"
adds the launch, dated from the sentence's date).

The steps, per sentence of the body or a caption:

1. triggers: every type whose keyword the sentence holds tries its patterns;
   where two types' triggers overlap, the earlier type keeps the words. A trigger
   preceded in its clause by a plan, a hypothesis or a negation ("plans to
   deploy", "would suspend", "did not meet") is dropped, as is a generic plural
   ("repeated launches", "launches this year").
2. type of a meeting: the rank of the parties its clause names (titles,
   curated persons, meeting series) - the lowest rank present.
3. date: the nearest date in the trigger's clause, else in the sentence;
   relative dates resolve against the document's ``Anchor``; "the same day"
   and "a day after" against the date they point at.
4. participants: the states of the clause's mentions (persons and bodies count
   for their state), minus states that are only the topic ("talks on North
   Korea"); for an ``agent`` type the subject ("North Korea launched"); plural
   references ("the three ministers", "the allies") stand for the states of the
   section, or of the whole document.
5. location (a curated place after a locative), a title a reader understands,
   and the natural key that merges reports of the same event.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from extract.boilerplate import Block, looks_like_heading
from extract.dates import Anchor, DateMention, find_dates, may_hold_date, shifted
from extract.literals import (
    Leads,
    Led,
    covering_keywords,
    finditer_from_leads,
    holds_all,
    leading_literals,
    required_patterns,
)
from extract.mentions import Mention, mentions_by_sentence
from extract.phrases import PhraseMatcher, Scan, Substrings, lower_same_length
from extract.pickling import by_fields
from extract.sentences import (
    Sentence,
    labels_by_sentence,
    matches_by_sentence,
    spans_by_sentence,
)

VERSION = "2.0.0"
CORE = ("USA", "JPN", "KOR")
PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "approximate": 3, "decade": 4}
MEETING = "meeting"
MEETING_TYPES = ("official_meeting", "ministerial_meeting", "summit")  # lowest rank first
EVENT_ROLES = ("body", "caption")
LOOK_BACK = 8  # sentences: how far back "the same day" looks for its date
VENUE_DATE = 45  # characters: how far after a venue's name its own date may be
OUTSIDE_CLAUSE = 50  # characters: how far from its trigger a date outside its clause may be
PLURAL_WINDOW = (60, 30)  # characters before and after a trigger where "the three ..." counts
# Short labels of states in titles ("U.S.–ROK summit"); others use the curated name.
SHORT = {"USA": "U.S.", "KOR": "ROK", "PRK": "DPRK", "JPN": "Japan", "CHN": "China",
         "RUS": "Russia", "GBR": "UK"}  # fmt: skip
DEMONYM = {"USA": "U.S.", "KOR": "South Korean", "PRK": "North Korean", "GBR": "British"}

_CITATION = re.compile(r"^\s*(?:\[\d+\]|<sup>|\d+\.\s+[A-Z][^.]{0,80},\s+[\"“])")
# Where a clause ends: punctuation, and the conjunctions that open another event's
# clause ("... after North Korea launched", "..., which ..."), a reporting verb with
# its "that" ("claimed on Thursday that it ..."). The words are found by the
# document's phrase scan (a regular expression of them ran at ~8 MB/s).
CLAUSE_WORDS = PhraseMatcher(
    [(w, "sub") for w in ("after", "amid", "following", "because", "although", "though",
                          "whereas", "despite", "before", "in response to", "according to",
                          "when")]
    + [(w, "said") for w in ("said", "says", "claimed", "claims", "announced", "reported",
                             "added", "stated", "noted", "confirmed")]
)  # fmt: skip
_SAID_THAT = re.compile(r"(?:\s+(?:on\s+)?[\w.]+){0,3}?\s+that\b", re.IGNORECASE)
# What ends a clause: punctuation (a comma only before a new clause's word), a spaced
# hyphen, "as" before a subject. Three patterns that each start with a fixed character
# or string, which the regular-expression engine skips to, instead of one that is tried
# at every position.
_CLAUSE_PUNCT = re.compile(
    r"[;\[\]—–,](?:(?<=,)\s+(?=(?:signed|concluded|adopted|launched|held|established|"
    r"initiated|which|who|whom|where|when|while|as|since|but|whereas|although|though|"
    r"including|according|amid|after|following|"
    r"and\s+(?:I|we|he|she|they|then|later|yesterday|today|tomorrow))\b)|(?<!,))",
    re.IGNORECASE,
)
_CLAUSE_DASH = re.compile(r"\s-\s")
# Between two triggers, what makes the second the purpose of the first ("a visit to
# meet", "a trip in order to hold talks"): a cue before the first holds the second too.
_LINKED = re.compile(r"\s*(?:(?:in\s+order\s+)?to)?\s*$", re.IGNORECASE)
# A clause that happens at the time of the one before it.
_AT_THE_TIME = re.compile(r"(?:as|while|when)\s", re.IGNORECASE)
_AT_THE_TIME_END = re.compile(r"\b(?:as|while|when)\s+$", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\([^()\n]{0,120}\)")
_CLAUSE_AS = re.compile(r"as\s+(?=(?:they|he|she|it|both|the\s+two)\b)")  # lower-cased text


def clause_bounds(text: str, s: Sentence, words, low: str | None = None) -> list[tuple[int, int]]:
    """The spans that end a clause in sentence ``s``; ``words`` are its CLAUSE_WORDS hits,
    ``low`` the lower-cased text."""
    low = lower_same_length(text) if low is None else low
    out = [m.span() for m in _CLAUSE_PUNCT.finditer(text, s.start, s.end)]
    if out and text.find("(", s.start, s.end) >= 0:
        # A semicolon or comma inside a short parenthesis ("(Japanese: ...; Korean: ...)",
        # "(ret., U.S. Navy)") ends no clause of the sentence around it.
        inside = [m.span() for m in _PARENTHESIS.finditer(text, s.start, s.end)]
        out = [p for p in out if not any(a < p[0] < b for a, b in inside)]
    out += [m.span() for m in _CLAUSE_DASH.finditer(text, s.start, s.end)]
    out += [
        m.span()
        for m in _CLAUSE_AS.finditer(low, s.start, s.end)
        if not (m.start() and (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_"))
    ]
    for a, b, kind in words:
        if kind == "sub":
            out.append((a, b))
        elif kind == "said" and (m := _SAID_THAT.match(text, b, s.end)):
            out.append((a, m.end()))
    return sorted(out)


_PLURAL = Led(
    re.compile(
        r"\b(?:the|their|both|all|our|its) (?:(?:three|two) )?(?:nations|countries|governments|"
        r"allies|sides|partners|democracies|leaders|ministers|chiefs|advis[eo]rs|militaries|"
        r"navies|air forces|neighbors|neighbours|delegations|counterparts)\b|\bthe (?:three|two)\b"
        r"|\btri-?lateral(?:ly)?\b|\bthree-way\b|\bbilateral(?:ly)?\b|\bcounterparts?\b",
        re.IGNORECASE,
    )
)
_THREE = re.compile(
    r"\btri-?lateral|\bthree-way\b|\bthe three\b|\bthree (?:countries|nations|governments|"
    r"sides|leaders|ministers|allies|partners|states)\b",
    re.IGNORECASE,
)
_TOPIC = Led(
    re.compile(
        r"\b(?:on|about|over|against|toward|towards|regarding|concerning|discuss\w*|address\w*|"
        r"denuclearization of|threats? (?:from|by|of|posed by)|pressure (?:from|on)|deter\w*|"
        r"respon\w+ to|provocations? (?:by|from)|condemn\w*|protest\w* (?:to|against)|"
        r"counter(?:ing)?|deal with|with respect to|targeting|toward|into|near|to)\s+(?:the\s+)?$",
        re.IGNORECASE,
    )
)
_THREAT_AFTER = re.compile(
    r"^[’']s?\s+(?:\w+\s+){0,2}(?:nuclear|missiles?|provocations?|threats?|aggression|"
    r"launch(?:es)?|program(?:me)?s?|weapons?)\b",
    re.IGNORECASE,
)
_BY_PHRASE = re.compile(r"\bby\b", re.IGNORECASE)
_LOCATIVE = Led(
    re.compile(
        r"\b(?:in|at|near|off|over|outside|to|into|from|of)\s+(?:the\s+)?(?:coast\s+of\s+|waters\s+"
        r"(?:off|of)\s+|city\s+of\s+)?$",
        re.IGNORECASE,
    )
)
_TWO = re.compile(r"\b(?:two|both|bilateral(?:ly)?)\b", re.IGNORECASE)
_PLURAL_NOUN = re.compile(r"(?:es|s)\b", re.IGNORECASE)
_DURATION = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})-day\b", re.IGNORECASE
)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split()
)}  # fmt: skip
_LAST_WORD = re.compile(r"[\w-]+$")
_RELATIVE = re.compile(r"(?:which|who|whom|where)\b", re.IGNORECASE)
_SOON_AFTER = re.compile(r"(?:after|following)\b", re.IGNORECASE)
_SOON_BEFORE = re.compile(
    r"\b(?:shortly|hours|minutes|just|soon|right|immediately)\s+$", re.IGNORECASE
)
_VIRTUAL = Led(re.compile(r"\bvirtual(?:ly)?\b|\bby (?:video|phone)\b", re.IGNORECASE))


@dataclass(frozen=True)
class Trigger:
    """One trigger pattern of a type, compiled."""

    pattern: re.Pattern[str]
    label: str
    at_end: bool  # the trigger stands at its last word ("the pact, signed")
    weak: bool  # counts only where no other trigger holds
    needs: tuple[re.Pattern[str], ...] = ()  # ``required_patterns``: a sentence test first
    leads: frozenset[str] | None = None  # ``leading_literals``: where a match may start


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of the ``_alternation`` cache
class TypeRules:
    """One event type's compiled triggers, exclusions and how it takes participants."""

    type: str
    triggers: tuple[Trigger, ...]
    exclude: Led | None
    participants: str  # all | agent
    title: str


@dataclass(frozen=True)
class EventVocabulary:
    """Compiled event vocabularies: typed triggers, meetings and their ranks, cues,
    named events, exercises, meeting series, places."""

    rules: tuple[TypeRules, ...]  # in priority order; the meeting rules last
    keywords: Substrings  # labelled (rules index, trigger index): which triggers to try
    rank_pattern: re.Pattern[str]  # one alternation: group "r<i>" -> ranks[i]
    rank_led: Led  # the same, tried only where a rank's first word starts
    ranks: tuple[str, ...]
    venue: Led | None
    not_yet: Led | None
    generic: Led | None
    named: PhraseMatcher  # -> named event mapping
    exercises: PhraseMatcher  # -> exercise mapping
    series: PhraseMatcher  # -> meeting series mapping
    places: PhraseMatcher  # -> (name, country) of cities, sites and capitals
    actor_country: Mapping[str, str | None]
    person_rank: Mapping[str, str] = field(default_factory=dict)  # actor id -> meeting type
    state_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # code -> (short, adj)
    plover: Mapping[str, str | None] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, event_types, meetings, not_yet, generic, named_events, exercises, series,
              places, capitals, actors) -> EventVocabulary:  # fmt: skip
        rules = []
        keywords: list[tuple[str, tuple[int, int]]] = []
        for et in event_types:
            triggers = [t if isinstance(t, dict) else {"pattern": t} for t in et["triggers"]]
            if not triggers:
                continue
            keywords += _keyword_labels(len(rules), et["keywords"], triggers)
            rules.append(_rules(et["type"], triggers, et.get("exclude") or (),
                                et.get("participants", "all"), et.get("title", "")))  # fmt: skip
        if meetings:
            triggers = [{"pattern": p} for p in meetings["triggers"]]
            keywords += _keyword_labels(len(rules), meetings["keywords"], triggers)
            rules.append(_rules(MEETING, triggers, (), "all", "{scope} {label}"))
        rank_list = [
            (rank, p) for rank in MEETING_TYPES for p in ((meetings or {}).get("ranks") or {})
            .get(rank, ())
        ]  # fmt: skip
        rank_pattern = re.compile(
            "|".join(f"(?P<r{i}>\\b(?:{p})\\b)" for i, (_, p) in enumerate(rank_list)) or "(?!)",
            re.IGNORECASE,
        )
        actor_country = {a["id"]: a.get("country") for a in actors}
        person_rank = {}
        for a in actors:
            if a.get("type") == "person" and a.get("titles"):
                found = {_rank_of(rank_pattern, [r for r, _ in rank_list], t) for t in a["titles"]}
                found.discard(None)
                if found:
                    person_rank[a["id"]] = max(found, key=MEETING_TYPES.index)
        state_names = {
            a["country"]: (
                SHORT.get(a["country"], a["name"]),
                DEMONYM.get(a["country"], (a.get("demonyms") or [a["name"]])[0]),
            )
            for a in actors
            if a.get("type") == "state" and a.get("country")
        }
        titles = {et["type"]: et.get("title") or "{scope} {label}" for et in event_types}
        return cls(
            rules=tuple(rules),
            keywords=Substrings(keywords),
            rank_pattern=rank_pattern,
            rank_led=Led(rank_pattern),
            ranks=tuple(r for r, _ in rank_list),
            venue=_one((meetings or {}).get("venue") or ()),
            not_yet=_one(not_yet),
            generic=_one(generic),
            named=PhraseMatcher((a, e) for e in named_events for a in e["aliases"]),
            exercises=PhraseMatcher((a, e) for e in exercises for a in e["aliases"]),
            series=PhraseMatcher((a, s) for s in series for a in s["aliases"]),
            places=PhraseMatcher(
                [(a, (p["name"], p["country"])) for p in places for a in p["aliases"]]
                + [(c, (c, country)) for c, country in capitals]
            ),
            actor_country=actor_country,
            person_rank=person_rank,
            state_names=state_names,
            plover={t["type"]: t["plover"] for t in event_types},
            titles=titles,
        )


def _one(patterns: Sequence[str]) -> Led | None:
    """Patterns that must end where the text ends (a cue right before a trigger), as one
    pattern tried only where one of its first words starts (``Led``)."""
    if not patterns:
        return None
    return Led(re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))


def _rules(etype, triggers, exclude, participants, title) -> TypeRules:
    compiled = tuple(
        Trigger(re.compile(t["pattern"], re.IGNORECASE), t.get("label") or "",
                t.get("at") == "end", bool(t.get("weak")), required_patterns(t["pattern"]),
                leading_literals(t["pattern"]))
        for t in triggers
    )  # fmt: skip
    return TypeRules(etype, compiled, _one(exclude), participants, title)


def _keyword_labels(rule: int, keywords, triggers) -> list[tuple[str, tuple[int, int]]]:
    """Each keyword labelled with the triggers it gates: a sentence tries only the
    triggers one of whose keywords it holds. A trigger is gated by the keywords every
    match of it holds one of (``covering_keywords``; the vocabulary check makes sure
    there are some), else by those its pattern spells out."""
    out = []
    low = [k.lower() for k in keywords]
    for j, t in enumerate(triggers):
        gating = covering_keywords(t["pattern"], low)
        if gating is None:
            text = t["pattern"].replace("\\", "").lower()
            gating = [k for k in low if k in text]
        out += [(k, (rule, j)) for k in gating]
    return out


def _rank_of(pattern: re.Pattern[str], ranks: Sequence[str], text: str) -> str | None:
    m = pattern.search(text)
    return ranks[int(m.lastgroup[1:])] if m and m.lastgroup else None


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
    date_source: str = "sentence"  # sentence, document (resolved against it), vocabulary
    named_id: str | None = None  # the curated id of a named event (reference/events.yaml)


@dataclass
class _Hit:
    type: str  # an event type, or MEETING
    start: int
    end: int
    label: str
    rules: TypeRules


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
    starts = [m.start for m in mentions]
    for block in body:
        if looks_like_heading(text[block.start : block.end]):
            states = []
        if len(states) < len(CORE):  # else nothing can be added
            a = bisect_left(starts, block.start)
            for m in mentions[a : bisect_left(starts, block.end, a)]:
                c = actor_country.get(m.actor_id)
                if c in CORE and c not in states:
                    states.append(c)
        out.append(tuple(states))
    return out


def _focus(mentions: Sequence[Mention], actor_country: Mapping[str, str | None]) -> tuple:
    """The core states the document names at least twice, most named first."""
    counts = Counter(actor_country.get(m.actor_id) for m in mentions)
    return tuple(sorted((c for c in CORE if counts[c] >= 2), key=lambda c: -counts[c]))


def _ymd(value: str) -> tuple[date, str]:
    parts = [int(x) for x in value.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    return date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))), precision


def date_key(value: date, precision: str) -> str:
    """The date as the key writes it: as precise as it is stated."""
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return value.isoformat()[:7]
    if precision == "decade":
        return f"{value.year // 10 * 10}s"
    if precision == "approximate":  # "last summer", "next week": circa their start
        return f"{value.isoformat()[:7]}-circa"
    return str(value.year)


def event_key(event_type: str, value: date, precision: str, participants: Sequence[str]) -> str:
    """The natural key: type, date as stated, participants."""
    parts = [event_type.replace("_", "-"), date_key(value, precision)]
    parts += [p.lower() for p in participants]
    return "-".join(parts)


def _clause(bounds, a: int, b: int, s: Sentence, text: str = "") -> tuple[int, int]:
    """The clause of the sentence that holds ``[a, b)``: between the boundaries around it;
    a relative clause before it ("..., which hosts the U.S. base, the assembly called")
    is not part of it."""
    lo, hi = s.start, s.end
    for bs, be in bounds:
        if be <= a:
            lo = be
        elif bs >= b:
            hi = bs
            break
    if text and _RELATIVE.match(text, lo):
        comma = text.rfind(",", lo, a)
        if comma > lo:
            lo = comma + 1
    return lo, hi


class _Document:
    """What the extraction of one document's events shares between its sentences."""

    def __init__(self, text, blocks, mentions, vocab: EventVocabulary, anchor: Anchor | None,
                 low: str | None = None):  # fmt: skip
        self.text = text
        self.low = lower_same_length(text) if low is None else low
        self.vocab = vocab
        self.anchor = anchor
        self.mentions = mentions
        self.body = [b for b in blocks if b.role == "body"]
        self.body_starts = [b.start for b in self.body]
        self._sections: list[tuple[str, ...]] | None = None
        self._focus: tuple[str, ...] = ()
        self.agents: dict[str, tuple[str, ...]] = {}  # event type -> its last agents
        self.last_meeting: DateMention | None = None  # the date of the last meeting
        self.last_series: Mapping | None = None  # the meeting series named last
        self.topic: dict[int, bool] = {}  # mention start -> only the topic (``_only_topic``)

    def date_before(self, i: int, sentences: Sequence[Sentence], unit: str):
        """The last date stated in the few sentences before ``i`` that another can point
        at: a day for "the same day", any date for "March that year"."""
        for j in range(i - 1, max(-1, i - 1 - LOOK_BACK), -1):
            s = sentences[j]
            found = [d for d in find_dates(self.text, s.start, s.end, self.anchor)
                     if not d.refers_back and (unit != "day" or d.precision == "day")]  # fmt: skip
            if found:
                return found[-1]
        return None

    def main_state(self) -> tuple[str, ...]:
        """The core state the document names most, if it names one twice."""
        self.context(0)
        return self._focus[:1]

    def context(self, start: int) -> tuple[str, ...]:
        """States a plural reference stands for: those of its section, else the focus."""
        if self._sections is None:
            ac = self.vocab.actor_country
            self._sections = _section_states(self.text, self.body, self.mentions, ac)
            self._focus = _focus(self.mentions, ac)
        b = bisect_right(self.body_starts, start) - 1
        return (self._sections[b] if b >= 0 else ()) or self._focus


def find_events(
    text: str,
    sentences: Sequence[Sentence],
    blocks: Sequence[Block],
    mentions: Sequence[Mention],
    published: date | Anchor | None,
    vocab: EventVocabulary,
    excluded_spans: Sequence[tuple[int, int]] = (),
    agreement_parties: Mapping[int, Sequence[str]] | None = None,
    scan: Scan | None = None,
    by_sentence: Mapping[int, Sequence[Mention]] | None = None,
    agreement_names: Mapping[int, Sequence[str]] | None = None,
) -> list[EventMention]:
    """Event reports of one document, merged within it.

    ``published`` is the document's ``Anchor`` (or its publication date);
    ``excluded_spans`` hold dates that are not event dates unless nothing else
    dates a signing (the year in "the 1953 Mutual Defense Treaty");
    ``agreement_parties`` / ``agreement_names`` map a sentence start to the
    parties and names of the agreements it names; ``scan`` and ``by_sentence``
    may be passed in when already made.
    """
    scan = scan or Scan.of(text)
    low_text = scan.low
    anchor = Anchor.of(published)
    named = spans_by_sentence(sentences, vocab.named.finditer(scan))
    exercises = spans_by_sentence(sentences, vocab.exercises.finditer(scan))
    series = spans_by_sentence(sentences, vocab.series.finditer(scan))
    places = matches_by_sentence(sentences, vocab.places, scan)  # (start, end, value)
    clause_words = spans_by_sentence(sentences, CLAUSE_WORDS.finditer(scan))
    rank_spots = spans_by_sentence(sentences, RANK_WORDS.spans(scan))
    # (rules, trigger) indices per sentence, from keywords that start a word
    at_word = (k for k in vocab.keywords.spans(scan) if not (k[0] and text[k[0] - 1].isalnum()))
    keywords = labels_by_sentence(sentences, at_word)
    by_sentence = mentions_by_sentence(mentions) if by_sentence is None else by_sentence
    doc = _Document(text, blocks, mentions, vocab, anchor, low_text)
    declaring = next((i for i, r in enumerate(vocab.rules) if r.type == "declaration"), None)
    declaring = {(declaring, j) for j in range(len(vocab.rules[declaring].triggers))} if (
        declaring is not None) else set()  # fmt: skip
    out: list[EventMention] = []
    for i in sorted(keywords.keys() | named.keys() | exercises.keys() | series.keys()):
        s = sentences[i]
        if s.role not in EVENT_ROLES:
            continue
        typed = keywords.get(i, ())
        chunk = text[s.start : s.end]
        if _CITATION.match(chunk):
            continue
        low = low_text[s.start : s.end]
        _note_series(doc, series.get(i, ()))
        if i in named:
            out.extend(_named_reports(named[i], s, text, anchor, excluded_spans, doc))
        if (i not in exercises and i not in series and not may_hold_date(low)
                and not (doc.last_meeting and declaring & set(typed))):  # fmt: skip
            continue  # no date to pair with (a joint statement may take its meeting's)
        if looks_like_heading(chunk):
            continue  # "Foal Eagle 1997": a heading names, it does not report
        dates = None
        by_rule: dict[int, list[int]] = {}  # the triggers to try, by type
        for ri, ti in sorted(typed):
            by_rule.setdefault(ri, []).append(ti)
        for weak in (False, i not in named):  # weak triggers only where nothing else holds
            hits = _hits(text, low_text, s, by_rule, vocab, exercises.get(i, ()), series.get(i, ()),
                         weak)  # fmt: skip
            if not hits:
                continue
            if dates is None:
                dates = _dates(text, i, sentences, anchor, excluded_spans, doc)
            found = _reports(hits, dates, s, text, doc, by_sentence.get(s.start, ()),
                             exercises.get(i, ()), series.get(i, ()), agreement_parties or {},
                             agreement_names or {}, places.get(i, ()),
                             clause_words.get(i, ()), rank_spots.get(i, ()))  # fmt: skip
            out.extend(found)
            if found:
                break
    return merge_within(out)


def _note_series(doc: _Document, found) -> None:
    if found:
        doc.last_series = found[-1][2]


def _named_reports(found, s, text, anchor, excluded_spans, doc) -> list[EventMention]:
    out = []
    for a, b, e in found:
        d, precision = _ymd(e["date"])
        source, end = "vocabulary", None
        dates = [x for x in find_dates(text, s.start, s.end, anchor, excluded_spans)
                 if x.value.year == d.year and not x.refers_back]  # fmt: skip
        if dates:  # the sentence's own date of it, as precise as the sentence is
            dm = min(dates, key=lambda x: min(abs(x.start - b), abs(a - x.end)))
            if dm.precision in ("day", "month") and (dm.precision != "day" or dm.value == d):
                d, precision, end = dm.value, dm.precision, dm.end_value
                source = "document" if dm.relative else "sentence"
            elif dm.precision == "year":
                d, precision, source = date(d.year, 1, 1), "year", "sentence"
                end = date(d.year, 12, 31)
        participants = tuple(sorted(e["participants"]))
        key = event_key(e["type"], *_ymd(e["date"]), participants)  # the curated date's key
        out.append(EventMention(
            e["type"], d, end, precision, participants, e.get("location"),
            e.get("location_country"), e["name"], key, s.start, s.end, 0.9, source, e["id"],
        ))  # fmt: skip
    return out


def _hits(
    text, low, s, by_rule, vocab: EventVocabulary, exercises, series, weak=False
) -> list[_Hit]:
    """The triggers of a sentence, each owning its words: an earlier type wins where
    two overlap, and within a type the earlier match. ``low``: the text lower-cased;
    ``by_rule``: rules index -> the indices of its triggers whose keywords the sentence
    holds (each tried only if the sentence holds its ``needs``); ``weak``: the weak
    triggers instead."""
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    if weak:
        exercises = series = ()
    for ri, tis in by_rule.items():
        r = vocab.rules[ri]
        chosen = tuple(ti for ti in tis if r.triggers[ti].weak == weak
                       and holds_all(low, r.triggers[ti].needs, s.start, s.end))  # fmt: skip
        if not chosen:
            continue
        pattern, lead = _alternation(r, chosen)
        found = (
            pattern.finditer(text, s.start, s.end)
            if lead is None
            else finditer_from_leads(pattern, lead, text, low, s.start, s.end)
        )
        for m in found:
            if free(*m.span()):
                t = r.triggers[int(m.lastgroup[1:])]
                a = m.start()
                if t.at_end:  # "the pact, signed in 2016": the verb is the trigger
                    a = m.end() - len(_LAST_WORD.search(m.group()).group())
                hits.append(_Hit(r.type, a, m.end(), t.label, r))
                taken.append(m.span())
    meeting_rules = next((r for r in vocab.rules if r.type == MEETING), None) if series else None
    for a, b, _ in series:  # a series named is a meeting of it
        if meeting_rules and free(a, b):
            hits.append(_Hit(MEETING, a, b, "", meeting_rules))
            taken.append((a, b))
    exercise_rules = (next((r for r in vocab.rules if r.type == "exercise"), None)
                      if exercises else None)  # fmt: skip
    for a, b, _ in exercises:
        if exercise_rules and not any(h.type == "exercise" for h in hits):
            hits.append(_Hit("exercise", a, b, "exercise", exercise_rules))
    return sorted(hits, key=lambda h: h.start)


@lru_cache(maxsize=4096)
def _alternation(rules: TypeRules, chosen: tuple[int, ...]):
    """One pattern for the triggers of a type a sentence may hold (by their keywords), each
    a group named by its index: one pass over the sentence instead of one per trigger;
    and, when every match of each starts with a known string, those strings as one plain
    pattern (``finditer_from_leads``), else None."""
    parts = (f"(?P<t{i}>{rules.triggers[i].pattern.pattern})" for i in chosen)
    leads = [rules.triggers[i].leads for i in chosen]
    lead = Leads({w for ws in leads for w in ws}) if all(leads) else None
    return re.compile("|".join(parts), re.IGNORECASE), lead


def _dates(text, i, sentences, anchor, excluded_spans, doc: _Document):
    """The dates of sentence ``i``, each with whether it sits in an excluded span (a year
    in an agreement's name); a date that points at another ("the same day", "a day
    after") resolves against the last one before it, in the sentence or the few before."""
    s = sentences[i]
    out: list[tuple[DateMention, bool]] = []
    for d in find_dates(text, s.start, s.end, anchor):
        inside = any(a <= d.start < b for a, b in excluded_spans)
        if d.refers_back:
            before = [x for x, weak in out if not weak and not x.refers_back]
            ref = before[-1] if before else doc.date_before(i, sentences, d.refers_back)
            resolved = shifted(d, ref) if ref is not None else None
            if resolved is None:
                continue
            d = resolved
        out.append((d, inside))
    return out


def _not_yet(vocab: EventVocabulary, text: str, low: str, lo: int, at: int) -> bool:
    """A plan, a hypothesis or a negation right before the trigger, in its clause (the
    cue patterns end in ``$``: they must reach the trigger)."""
    p = vocab.not_yet
    return bool(p and p.search(text, low, max(lo, at - 60), at))


def _reports(hits, dates, s, text, doc: _Document, mentions, exercises, series,
             agreement_parties, agreement_names, place_spans, words,
             rank_spots) -> list[EventMention]:  # fmt: skip
    vocab = doc.vocab
    bounds = clause_bounds(text, s, words, doc.low)
    places = [(a, b, v[1]) for a, b, v in place_spans]
    ranks = _Ranks(
        vocab, text, doc.low, rank_spots, s
    )  # rank words of a span, found when first asked
    meeting_hits = [h for h in hits if h.type == MEETING]
    several = len(meeting_hits) > 1
    venues = {
        id(h) for h in meeting_hits
        if several and _is_venue(vocab, text, _clause(bounds, h.start, h.end, s)[0], h, doc.low)
    }  # fmt: skip
    main: EventMention | None = None  # the meeting the sentence reports, for its venues
    out: list[EventMention] = []
    seen: set[tuple[str, date]] = set()
    held_back: int | None = None  # the end of the last trigger a cue held back
    for h in sorted(hits, key=lambda h: id(h) in venues):  # venues last
        lo, hi = _clause(bounds, h.start, h.end, s, text)
        # A cue before an earlier trigger is that trigger's ("pushed for a meeting
        # during their call on Nov. 9": the meeting is planned, the call took place).
        before = max((o.end for o in hits if o.end <= h.start), default=lo)
        if _not_yet(vocab, text, doc.low, max(lo, before), h.start) or (
            held_back is not None and _LINKED.match(text, held_back, h.start)
        ):
            held_back = h.end  # "plans a visit to meet ...": the cue holds both
            continue
        if h.rules.exclude is not None and h.rules.exclude.search(
            text, doc.low, max(lo, h.start - 60), h.start
        ):
            continue
        if id(h) in venues and main is not None:
            # "met on the sidelines of the NATO Summit last summer and the ASEAN Summit
            # in Phnom Penh last November": the summit is the venue of the meeting; a
            # venue with a date of its own is another meeting of the same parties. (With
            # no meeting reported, a venue is the meeting: "agreed to push for a meeting
            # during their phone call on Nov. 9".)
            dm = _venue_date(h, dates, lo, hi)
            if dm is not None and (main.event_type, dm.value, dm.precision) not in seen:
                seen.add((main.event_type, dm.value, dm.precision))
                out.append(_at_venue(main, dm, h, text, lo, hi, mentions, place_spans))
            continue
        alone = not any(o is not h and lo <= o.start < hi for o in hits)
        dm = None
        if h.type == MEETING and text[h.start].isupper():  # "the ASEAN Summit ... last November"
            dm = _venue_date(h, dates, lo, hi)
        dm = dm or _date_for(h, dates, lo, hi, alone, text)
        if (
            h.type == "declaration"
            and doc.last_meeting is not None
            and (dm is None or _names_another(dm, dates, h))
        ):  # "adopted a joint statement after the meeting", "adopted a joint statement
            # that builds on the 2018 Singapore joint statement": the meeting's date
            dm = doc.last_meeting
        if dm is None:
            continue
        plural = bool(_PLURAL_NOUN.match(text, h.end - 2, h.end)) and h.type != MEETING
        if (plural and dm.precision not in ("day", "month")) or (
            vocab.generic and vocab.generic.search(text, doc.low, max(lo, h.start - 50), h.start)
        ):
            continue
        etype = h.type
        serie = _nearest(series, h.start)
        if etype == MEETING:
            etype = _meeting_type(h, text, lo, hi, s, mentions, serie, vocab, doc.last_series,
                                  ranks)  # fmt: skip
        exercise = _nearest(exercises, h.start) if etype == "exercise" else None
        parts = _participants(h, etype, text, lo, hi, s, mentions, doc, exercise, serie,
                              agreement_parties.get(s.start, ()), places)  # fmt: skip
        if (etype, dm.value, dm.precision) in seen:
            continue
        seen.add((etype, dm.value, dm.precision))
        location = _location(text, lo, hi, s, mentions, place_spans)
        if location and etype == "deployment" and location[1]:
            parts = tuple(sorted({*parts, location[1]}))
        if _VIRTUAL.search(text, doc.low, lo, hi):
            location = None
        end = dm.end_value
        if dm.precision == "day" and end is None:
            end = _duration_end(text, max(lo, h.start - 40), min(hi, h.end + 10), dm.value)
        title = _title(etype, h, parts, location, exercise, serie, agreement_names.get(s.start),
                       text, lo, hi, vocab, ranks)  # fmt: skip
        source = "document" if dm.relative else "sentence"
        if etype in MEETING_TYPES and dm.precision == "day":
            doc.last_meeting = dm
        out.append(EventMention(
            etype, dm.value, end, dm.precision, parts,
            location[0] if location else None, location[1] if location else None,
            title, event_key(etype, dm.value, dm.precision, parts), s.start, s.end,
            0.6, source,
        ))  # fmt: skip
        if etype in MEETING_TYPES:
            main = out[-1]
    return out


def _venue_date(h: _Hit, dates, lo: int, hi: int) -> DateMention | None:
    """A date right after a venue's name, in its clause ("the ASEAN Summit in Phnom Penh
    last November")."""
    near = [d for d, inside in dates if not inside and lo <= d.start < hi
            and 0 <= d.start - h.end <= VENUE_DATE]  # fmt: skip
    return min(near, key=lambda d: d.start) if near else None


def _at_venue(main: EventMention, dm, h, text, lo, hi, mentions, place_spans) -> EventMention:
    from dataclasses import replace

    location = _location(text, h.start, hi, Sentence(lo, hi, "body"), mentions, place_spans)
    title = main.title.split(",")[0]
    if location:
        title = f"{title}, {location[0]}"
    return replace(
        main, date_start=dm.value, date_end=dm.end_value, date_precision=dm.precision,
        location=location[0] if location else None,
        location_country=location[1] if location else None, title=title,
        key=event_key(main.event_type, dm.value, dm.precision, main.participants),
        date_source="document" if dm.relative else "sentence",
    )  # fmt: skip


def _is_venue(vocab: EventVocabulary, text: str, lo: int, h: _Hit,
              low: str | None = None) -> bool:  # fmt: skip
    """Whether a meeting trigger names a host conference ("on the sidelines of the G20
    summit", "at the 1994 APEC meeting")."""
    return bool(vocab.venue) and bool(
        vocab.venue.search(text, lower_same_length(text) if low is None else low,
                           max(lo, h.start - 80), h.start)
    )  # fmt: skip


def _date_for(h: _Hit, dates, lo: int, hi: int, alone: bool, text: str) -> DateMention | None:
    """The date nearest the trigger in its clause (the most precise one when the trigger
    is alone there), else one right next to the clause; a year inside an agreement's
    name only dates a signing or a declaration, when nothing else does."""

    def dist(d: DateMention) -> int:
        return max(0, d.start - h.end, h.start - d.end)

    firm = [d for d, inside in dates if not inside]
    weak = [d for d, inside in dates if inside]
    for pool in (firm, weak if h.type in ("treaty_signing", "declaration") else []):
        # "three days after X met": the offset dates the clause that follows it
        here = [d for d in pool if lo <= d.start < hi or (d.offset_days and 0 <= lo - d.end <= 12)]
        if any(not d.offset_days for d in here):  # "moved on April 26, two weeks before
            # the election": "before"/"after" dates what follows it, not the trigger
            here = [d for d in here if not _points_ahead(d, h)]
        if here and alone:  # "Foal Eagle 1997 took place between 17 October and ..."
            return min(here, key=lambda d: (PRECISION_RANK[d.precision], dist(d)))
        if here:
            return min(here, key=dist)
        if pool:  # a date outside the clause only right next to it ("a day after X")
            d = min(pool, key=dist)
            if dist(d) <= OUTSIDE_CLAUSE:
                return d
            # "agreed on Friday ..., as the two leaders held their first summit": a
            # clause of the same time takes the date of the clause it hangs on
            if _AT_THE_TIME.match(text, lo) or _AT_THE_TIME_END.search(text, max(0, lo - 7), lo):
                earlier = [x for x in pool if x.end <= lo and not x.offset_days]
                if earlier:
                    return max(earlier, key=lambda x: x.end)
            # "X arrived shortly after Y launched ... on Monday": X takes Y's date
            if _SOON_AFTER.match(text, hi) and _SOON_BEFORE.search(text, max(lo, hi - 20), hi):
                later = [x for x in pool if x.start >= hi]
                if later:
                    return min(later, key=lambda x: x.start)
    return None


def _names_another(dm: DateMention, dates, h: _Hit) -> bool:
    """A year inside an agreement's name after the trigger: the date of the one
    named, not of the document the trigger reports."""
    return any(d is dm and inside for d, inside in dates) and dm.start - h.end > 5


def _points_ahead(d: DateMention, h: _Hit) -> bool:
    """An offset after the trigger that ends in "before" or "after": it dates what
    follows it ("two weeks before the election")."""
    return bool(d.offset_days and d.start >= h.end and d.text.lower().endswith(("before", "after")))


def _duration_end(text: str, lo: int, hi: int, start: date) -> date | None:
    """The last day of "a three-day exercise", "the two-day talks" (next to the trigger)."""
    from datetime import timedelta

    m = _DURATION.search(text, lo, hi)
    if not m:
        return None
    word = m.group(1).lower()
    n = _NUMBER_WORDS.get(word) or int(word)
    return start + timedelta(days=n - 1) if 1 < n <= 31 else None


def _nearest(spans, at: int):
    return min(spans, key=lambda x: abs(x[0] - at))[2] if spans else None


# The head words of rank phrases: the rank pattern is tried only around them.
RANK_WORDS = Substrings([
    "minist", "secretar", "president", "premier", "prime", "leader", "head", "chancellor",
    "king", "emperor", "chairm", "chief", "advis", "nsa", "envoy", "representative",
    "ambassador", "official", "diplomat", "delegat", "negotiator", "working", "director",
    "commander", "officer", "gen.", "adm.", "brass", "governor", "mayor", "lawmaker",
    "legislator", "senator", "congress", "parliamentarian", "speaker", "spokes", "2+2",
    "two-plus-two", "two plus two",
])  # fmt: skip


class _Ranks:
    """The rank words ("foreign ministers", "leaders") of spans of a sentence, searched
    only around the head words the document scan found, once per sentence and only if
    asked: the rank pattern is slow, and most sentences never need it. Overlapping
    windows are searched as one, so that no window starts inside "Prime Minister"."""

    def __init__(self, vocab: EventVocabulary, text: str, low: str, spots, s: Sentence) -> None:
        self.vocab, self.text, self.low, self.spots, self.s = vocab, text, low, spots, s
        self._found: list[tuple[int, int, str]] | None = None

    def within(self, a: int, b: int) -> list[tuple[int, int, str]]:
        if self._found is None:
            v, s = self.vocab, self.s
            windows: list[list[int]] = []
            for ws, we, _ in sorted(self.spots):
                lo, hi = max(s.start, ws - 45), min(s.end, we + 40)
                if windows and lo <= windows[-1][1]:
                    windows[-1][1] = max(windows[-1][1], hi)
                else:
                    windows.append([lo, hi])
            self._found = [
                (m.start(), m.end(), v.ranks[int(m.lastgroup[1:])])
                for lo, hi in windows for m in v.rank_led.finditer(self.text, self.low, lo, hi)
            ]  # fmt: skip
        return [r for r in self._found if a <= r[0] and r[1] <= b]


def _meeting_type(h, text, lo, hi, s, mentions, serie, vocab: EventVocabulary,
                  last_series, ranks) -> str:  # fmt: skip
    """The rank of a meeting: its series', else the lowest rank of the parties the
    clause names; "summit" itself makes a summit; "the first meeting", with no rank
    named, is one of the series the document named last."""
    if serie is not None:
        return serie["type"]
    word = text[h.start : h.end].lower()
    if word.startswith("summit"):
        return "summit"
    if word in ("2+2", "two-plus-two", "two plus two"):
        return "ministerial_meeting"
    for a, b in ((lo, hi), (s.start, s.end)):  # the clause, else the sentence
        found: set[str] = set()
        for _, rb, rank in ranks.within(a, b):
            if not _ATTRIBUTION.match(text, rb):
                found.add(rank)  # (not "..., officials said": the source, not a party)
        for m in mentions:
            if a <= m.start < b and m.actor_id in vocab.person_rank:
                found.add(vocab.person_rank[m.actor_id])
        if found:
            return min(found, key=MEETING_TYPES.index)
    return last_series["type"] if last_series else "official_meeting"


_ATTRIBUTION = re.compile(r"[’']?s?\s*(?:said|say|says|told|added|noted|announced)\b", re.I)


def _participants(h, etype, text, lo, hi, s, mentions, doc: _Document, exercise, serie,
                  agreement_parties, places) -> tuple[str, ...]:  # fmt: skip
    ac = doc.vocab.actor_country
    agent = h.rules.participants == "agent" and etype not in MEETING_TYPES

    def states(ms) -> list[str]:
        return [c for m in ms if (c := ac.get(m.actor_id))]

    in_clause = [m for m in mentions if lo <= m.start < hi]
    parts: set[str] = set()
    if agent:
        before = [m for m in in_clause if m.start < h.end]  # the subject, or the trigger's own
        after = [m for m in in_clause if m.start >= h.end and not _TOPIC.search(
            text, doc.low, max(lo, m.start - 30), m.start)]  # fmt: skip
        by = _BY_PHRASE.search(text, h.end, hi)  # "ratified by the National Assembly of Korea"
        by_states = states(m for m in after if by and by.end() <= m.start < by.end() + 40)
        missile = etype == "missile_test_or_provocation"
        if not before and _RELATIVE.match(text, lo):  # "Lee, who took office": Lee
            before = [m for m in mentions if s.start <= m.start and m.end <= lo][-1:]
        parts = set(states(before)) or set(by_states)
        if not parts:
            parts = {c for a, _, c in places if lo <= a < h.start and c}  # "Okinawa's governor"
        if not parts and missile:  # "North Korea claimed that it carried out a test"
            parts = set(states([m for m in mentions if m.end <= h.start][-1:]))
        if not parts and missile:
            parts = set(doc.agents.get(etype, ()))  # "the launch Thursday of what it called"
        if not parts:
            parts = set(states(after[:1])) or {c for a, _, c in places if lo <= a < hi and c}
        if not parts and etype == "domestic_political":
            parts = set(doc.main_state())  # one state's politics: the one most named
        if not parts and not missile:
            parts = set(doc.context(s.start))
        if parts:
            doc.agents[etype] = tuple(sorted(parts))
        return tuple(sorted(parts))
    for pool in (in_clause, mentions):
        for m in pool:
            c = ac.get(m.actor_id)
            if c and not _only_topic(text, s, m, doc):
                parts.add(c)
        if parts:
            break
        if pool is in_clause and etype not in MEETING_TYPES:
            # "arrived at Osan Air Base": the place names the state, not the next clause
            parts = {c for a, _, c in places if lo <= a < hi and c}
            if parts:
                break
    if exercise:
        parts |= set(exercise["participants"])
    if serie and serie.get("participants"):
        return tuple(sorted(serie["participants"]))  # a series' members, not its topics
    if etype == "treaty_signing" and agreement_parties:
        return tuple(sorted(set(agreement_parties)))  # the signatories of the one named
    if etype == "declaration" and agreement_parties:
        return tuple(sorted(set(agreement_parties)))  # the parties of the one named
    wlo, whi = max(lo, h.start - PLURAL_WINDOW[0]), min(hi, h.end + PLURAL_WINDOW[1])
    if _PLURAL.search(text, doc.low, wlo, whi) or (
        not parts and _PLURAL.search(text, doc.low, s.start, s.end)
    ):
        if _THREE.search(text, wlo, whi) and len(parts - set(CORE)) < 2:
            parts |= set(CORE)
        elif len(parts) < 2:
            context = doc.context(s.start)
            if _TWO.search(text, wlo, whi):
                context = context[:2]
            parts |= set(context)
    if not parts and etype != "other":  # "the treaty was signed", "the exercises resumed"
        parts = set(doc.context(s.start))
    if etype in MEETING_TYPES and len(parts) == 1:  # a meeting has two sides at least
        parts |= set(doc.context(s.start))
    return tuple(sorted(parts))


def _only_topic(text: str, s: Sentence, m: Mention, doc: _Document) -> bool:
    """Whether a state is named only as what is talked about ("talks on North Korea",
    "North Korea's nuclear threat"); answered once per mention."""
    known = doc.topic.get(m.start)
    if known is None:
        known = doc.topic[m.start] = bool(
            _TOPIC.search(text, doc.low, max(s.start, m.start - 30), m.start)
            or _THREAT_AFTER.match(text, m.end)
        )
    return known


def _location(text, lo, hi, s, mentions, place_spans) -> tuple[str, str | None] | None:
    """A curated place after a locative in the clause (else in the sentence), as written,
    with ", <state>" when the text adds it ("Phnom Penh, Cambodia")."""
    best = None
    for a, b, (name, country) in place_spans:
        if not s.start <= a < s.end or not _LOCATIVE.search(text, None, max(s.start, a - 24), a):
            continue
        inside = lo <= a < hi
        if best is None or (inside and not best[0]):
            best = (inside, a, b, name, country)
    if best is None:
        return None
    _, a, b, name, country = best
    end = b
    for m in mentions:  # "Phnom Penh, Cambodia"
        if m.start in (b + 2, b + 1) and text[b] == "," and m.kind == "name":
            end = m.end
            break
    written = text[a:end]
    return (written if len(written) <= 80 else name), country


def _scope(parts: Sequence[str], vocab: EventVocabulary) -> str:
    if set(parts) == set(CORE):
        return "Trilateral"
    names = [vocab.state_names.get(p, (p, p))[0] for p in parts]
    return "–".join(names) if names else ""


def _title(etype, h, parts, location, exercise, serie, agreements, text, lo, hi, vocab,
           ranks) -> str:  # fmt: skip
    label = h.label
    if exercise is not None:
        return _with_place(f"{exercise['name']} exercise", location)
    if serie is not None:
        label = f"{serie['name']} meeting"
        scope = ""
    else:
        scope = _scope(parts, vocab)
    if etype in MEETING_TYPES and serie is None:
        first = next(((a, b) for a, b, _ in ranks.within(lo, hi)), None)
        who = text[first[0] : first[1]].lower() if first else ""
        if etype == "summit":
            label = "summit"
        elif who and not who.startswith(("summit", "president", "prime", "leader")):
            label = f"{who}{'’' if who.endswith('s') else '’s'} meeting"
        else:
            label = "meeting" if etype == "official_meeting" else "ministerial meeting"
    if etype == "missile_test_or_provocation" and label == "missile launch":
        label = _weapon(text[h.start : h.end]) + " launch"
    if agreements and etype in ("treaty_signing", "declaration", "other"):
        phrase = _OF_AGREEMENT.get(label)
        if phrase:
            return _with_place(phrase.format(a=_the(agreements[0])), location)
    agent = ""
    if "{agent}" in vocab.titles.get(etype, ""):
        agent = " and ".join(vocab.state_names.get(p, (p, p))[1] for p in parts)
    template = vocab.titles.get(etype) or "{scope} {label}"
    title = template.format(scope=scope, agent=agent, label=label or etype.replace("_", " "))
    title = " ".join(title.split())
    return _with_place(title[:1].upper() + title[1:], location)


# Titles of events that concern one agreement: "Signing of the Treaty on Basic Relations".
_OF_AGREEMENT = {
    "agreement signing": "Signing of {a}", "agreement concluded": "Conclusion of {a}",
    "treaty revision": "Revision of {a}", "amendment": "Amendment of {a}",
    "entry into force": "Entry into force of {a}", "expiry": "Expiry of {a}",
    "termination": "Termination of {a}", "exchange of ratifications": "Ratification of {a}",
    "joint statement": "Release of {a}", "defense guidelines": "Release of {a}",
}  # fmt: skip
_WEAPONS = (
    (re.compile(r"\bICBM|intercontinental", re.I), "ICBM"),
    (re.compile(r"\bIRBM|intermediate-range", re.I), "IRBM"),
    (re.compile(r"\bSLBM|submarine-launched", re.I), "SLBM"),
    (re.compile(r"\bSRBM|short-range", re.I), "short-range ballistic missile"),
    (re.compile(r"hypersonic", re.I), "hypersonic missile"),
    (re.compile(r"cruise", re.I), "cruise missile"),
    (re.compile(r"ballistic", re.I), "ballistic missile"),
    (re.compile(r"rocket", re.I), "rocket"),
)


def _weapon(trigger: str) -> str:
    """What a launch launched, as its trigger names it ("ICBM", "cruise missile")."""
    return next((name for pattern, name in _WEAPONS if pattern.search(trigger)), "missile")


def _the(name: str) -> str:
    return name if name.lower().startswith(("the ", "a ")) else f"the {name}"


def _with_place(title: str, location) -> str:
    return f"{title}, {location[0]}" if location else title


def merge_within(reports: Sequence[EventMention]) -> list[EventMention]:
    """Reports of one document that tell the same event take one key: same type, dates
    that agree (one contains the other) and participants of which one holds the other.
    The key is the most precise report's."""
    out = list(reports)
    best: dict[int, EventMention] = {}
    order = sorted(range(len(out)), key=lambda i: (
        PRECISION_RANK[out[i].date_precision], -len(out[i].participants), out[i].date_end is None,
    ))  # fmt: skip
    for i in order:
        r = out[i]
        for j in order:
            if j == i:
                break
            b = best.get(j, out[j])
            if b.event_type == r.event_type and _within(r, b) and _alike(r, b):
                best[i] = b
                break
    return [
        _rekey(r, best[i]) if i in best and best[i].key != r.key else r for i, r in enumerate(out)
    ]


def _alike(r: EventMention, b: EventMention) -> bool:
    """Participants that tell the same event: none stated; for a vaguer report, a part of
    the other's; for one as precise, nearly the same ("separate exercises" of U.S.-Japan
    and U.S.-ROK on one day stay two)."""
    x, y = set(r.participants), set(b.participants)
    if not x or x == y:
        return True
    overlap = len(x & y) / len(x | y)
    if r.date_precision == b.date_precision:
        return overlap >= 0.75
    return x <= y or overlap >= 0.5


def _within(r: EventMention, b: EventMention) -> bool:
    """Whether ``r``'s date (at its precision) holds ``b``'s date, or falls in ``b``'s
    range ("the two-day meeting ... November 9" within "November 8-9")."""
    if r.date_precision == "day":
        return b.date_precision == "day" and (
            b.date_start <= (r.date_end or r.date_start)
            and r.date_start <= (b.date_end or b.date_start)
        )
    if r.date_precision in ("month", "year", "decade"):
        return date_key(b.date_start, r.date_precision) == date_key(r.date_start, r.date_precision)
    end = r.date_end or r.date_start
    # "next week" holds "next Friday"; a season is too vague to say which event it is.
    return (end - r.date_start).days <= 10 and r.date_start <= b.date_start <= end


def _rekey(r: EventMention, b: EventMention) -> EventMention:
    from dataclasses import replace

    return replace(r, key=b.key)
