"""Stated figures of forces: "about 28,500 U.S. military personnel are stationed in
South Korea", "is home to some 50,000 American service members", "the 28,500-strong US
Forces Korea", "South Korea has 690,000 troops", "38,000 ashore and 11,000 afloat".

A figure is a number with a force noun after it (troops, personnel, service members,
Marines, armed forces, bases, facilities, "-strong"), or a bare number in a sentence
that counts forces ("there are now 28,500", "Japan (55,000)"). Its host is the state
or place named after a locative ("in Japan", "on Okinawa", "on the peninsula"), else
the state inside a command's name ("U.S. Forces Korea"), else the state the sentence
says has the forces ("South Korea has ..."; then they are the host nation's own), else
the host of the document's last figure. Every stated figure is kept, conflicting
ones included, as the source states it.

Not force posture: troops taking part in an exercise, planned or debated cuts and
moves ("reduce its forces to 25,000"; but "from about 37,000" is the level now),
casualties, residents and base workers, money, areas, weapons. The as-of date is one
the sentence states ("37,000 a decade ago", "as of 2021"), else the document's date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from extract.dates import Anchor, find_dates
from extract.literals import Led
from extract.mentions import Mention, mentions_by_sentence
from extract.phrases import PhraseMatcher, Scan
from extract.pickling import by_fields
from extract.sentences import Sentence, matches_by_sentence, spans_by_sentence

VERSION = "2.0.0"

METRICS = (
    "us_military_personnel", "us_military_and_civilian_personnel", "us_army_personnel",
    "us_navy_personnel", "us_air_force_personnel", "us_marine_corps_personnel",
    "us_major_bases", "us_air_force_bases", "us_military_facilities",
    "host_nation_military_personnel", "foreign_military_personnel",
)  # fmt: skip
QUALIFIERS = ("more_than", "up_to", "at_least", "fewer_than")

_APPROX = (
    r"(?P<approx>about|approximately|approx\.|around|roughly|some|nearly|almost|over|more than|"
    r"just more than|just over|fewer than|less than|under|up to|as many as|an estimated|"
    r"estimated|close to|at least|a little over|well over|upwards of)"
)
# A number, then (``_APPROX_BEFORE``) the qualifier before it: a pattern that began with
# the optional qualifier would try every qualifier at every position of a sentence.
_NUMBER = re.compile(
    r"(?<![\w$€£¥.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million))?(?![\w%])(?!,\d|\.\d)",
    re.IGNORECASE,
)
_APPROX_BEFORE = Led(re.compile(rf"\b{_APPROX}\s+$", re.IGNORECASE))


_OWNER = (
    r"U\.S\.|US|American|United States|Japanese|South Korean|Korean|ROK|Chinese|Russian|"
    r"North Korean|active[- ]duty|military|uniformed|combined|additional|more|other|total|of them"
)
# What follows the number: a force noun, after up to three qualifying words.
_NOUN = re.compile(
    rf"(?P<strong>-strong\b)?\s*(?P<owners>(?:(?:{_OWNER})\s+|are\s+|were\s+){{0,3}})"
    r"(?P<noun>(?:United States |U\.?S\.? )?Forces (?:Korea|Japan)|troops|personnel|"
    r"service ?members|servicemembers|soldiers|servicemen|sailors|airmen|[Mm]arines|"
    r"Marine Corps|military members|armed forces|forces|military|army|contingent|garrison|"
    r"air bases|bases|installations|military facilities|facilities)\b",
    re.IGNORECASE,
)
# A sentence that counts forces holds one of these (one automaton pass finds them).
NOUN_HIT = PhraseMatcher((w, None) for w in (
    "personnel", "troops", "service members", "servicemembers", "soldiers", "servicemen",
    "marines", "sailors", "airmen", "bases", "installations", "facilities", "forces",
    "military members", "-strong", "stationed", "contingent", "garrison",
))  # fmt: skip
_DIGIT = re.compile(r"\d")
_LOCATIVE = Led(
    re.compile(
        r"\b(?:in|on|to|at|across|throughout|within|inside)\s+(?:the\s+)?(?:mainland\s+|main\s+"
        r"island\s+of\s+|island\s+of\s+|prefecture\s+of\s+)?$",
        re.IGNORECASE,
    )
)
_PENINSULA = re.compile(r"\b(?:on|in|across) the (?:Korean )?peninsula\b", re.IGNORECASE)
# The figure is not a stationed level: exercise participation, a planned or debated
# change, casualties, people who are not forces, money, areas, weapons.
_NOT_BEFORE = Led(
    re.compile(
        r"\b(?:reduce[ds]?|reducing|reduction|cut(?:s|ting)?|withdraw\w*|pull(?:ing|ed)?\s+(?:out|back)|"
        r"drawdown|draw\s+down|remov\w+|mov(?:e|ed|es|ing)|relocat\w+|transfer\w*|send(?:s|ing)?|"
        r"sent|add(?:ed|ing)?|increas\w+|boost\w*|deploy(?:s|ing)?|dispatch\w*|rotat\w+|"
        r"participat\w+|took part|take part|taking part|join(?:ed|ing|s)?|involv\w+|mobiliz\w+|"
        r"killed|died|dead|wounded|injured|casualt\w+|lost|claimed|plans?|would|could|may|might|"
        r"will|weigh\w*|consider\w*|propos\w+|earmarked|includ(?:es|ing|ed|e))\b[^.;\d—–(-]{0,40}$",
        re.IGNORECASE,
    )
)
_NOT_AFTER = re.compile(
    r"[^.;,]{0,40}?\b(?:will|would|to be|are to|is to|scheduled|plann\w+|slated|set to|may be|"
    r"participat\w+|take part|took part|taking part|joined|join|in the exercise|in the drills?|"
    r"during the|exercise|drills?|killed|died|wounded|residents|family|families|dependents|"
    r"workers|employees|civilians|contractors|people|women|population|acres|hectares|square|"
    r"kilometers|miles|missiles|aircraft|ships|tanks|warheads|dollars|won|yen|acres?)\b",
    re.IGNORECASE,
)
_MONEY_OR_SHARE = re.compile(
    r"\s*(?:%|percent|per cent|billion|trillion|acres|years|km)\b|-(?!strong\b)\w", re.I
)
_FROM = re.compile(
    r"\bfrom\s+(?:the\s+|its\s+|a\s+)?(?:current\s+|present\s+)?(?:level\s+of\s+)?"
    r"(?:about\s+|around\s+|roughly\s+|some\s+)?$",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"(?:['’]s|\s+(?:has|have|had|keeps|maintains|fields|stations))\s+")
_ITS = re.compile(r"\b(?:its|their)\s+$", re.IGNORECASE)
_BRANCH = (
    ("us_marine_corps_personnel", re.compile(r"marine", re.I)),
    ("us_air_force_personnel", re.compile(r"air force|airmen|\bwing\b", re.I)),
    ("us_navy_personnel", re.compile(r"\bnavy\b|sailors|afloat", re.I)),
    ("us_army_personnel", re.compile(r"\barmy\b", re.I)),
)
_US = re.compile(r"\b(?:U\.S\.|US|American|United States|USFK|USFJ)\b")
_HOST_NATION_WORDS = {"japanese": "JPN", "south korean": "KOR", "korean": "KOR", "rok": "KOR"}
# The hosts of the alliance system: figures of forces elsewhere are out of scope.
HOSTS = ("JPN", "KOR")
_STATES_OF_FORCES = HOSTS  # hosts a figure without a host falls back to
# A location the sentence names that is not a host of the alliance: no fallback host.
_ELSEWHERE = Led(
    re.compile(
        r"\b(?:in|across|throughout)\s+(?:the\s+)?(?:Europe|Middle East|Afghanistan|Iraq|Germany|"
        r"Italy|Britain|the United Kingdom|Africa|Latin America|the world|overseas|abroad|Guam|"
        r"Hawaii|Australia|the Philippines|Syria|Kuwait|Bahrain|Qatar)\b",
        re.IGNORECASE,
    )
)


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
    qualifier: str | None = None


def _value(num: str, scale: str | None) -> int:
    v = float(num.replace(",", ""))
    return int(v * {"thousand": 1_000, "million": 1_000_000}.get((scale or "").lower(), 1))


def _qualifier(word: str | None) -> str | None:
    w = (word or "").lower()
    if w in ("over", "more than", "just more than", "just over", "a little over", "well over",
             "upwards of"):  # fmt: skip
        return "more_than"
    if w in ("nearly", "almost", "up to", "as many as", "close to"):
        return "up_to"
    if w == "at least":
        return "at_least"
    if w in ("fewer than", "less than", "under"):
        return "fewer_than"
    return None


def find_figures(
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    actor_country: Mapping[str, str | None],
    states: frozenset[str],
    published: date | Anchor | None = None,
    published_precision: str | None = None,
    excluded_spans: Sequence[tuple[int, int]] = (),
    scan: Scan | None = None,
    by_sentence: Mapping[int, Sequence[Mention]] | None = None,
    places: PhraseMatcher | None = None,
) -> list[Figure]:
    """Force figures with their host state; ``states`` are the actor ids of type state,
    ``places`` a matcher of places to their country ("Okinawa" is in Japan).

    ``published`` is the document's ``Anchor`` (or its publication date, with
    ``published_precision``); ``excluded_spans`` hold dates that are not as-of dates
    (the year in "the 1960 Treaty"); ``scan`` and ``by_sentence`` may be passed in.
    """
    by_sentence = mentions_by_sentence(mentions) if by_sentence is None else by_sentence
    anchor = Anchor.of(published, published_precision)
    scan = scan or Scan.of(text)
    holding = set(spans_by_sentence(sentences, NOUN_HIT.finditer(scan)))
    if not holding:
        return []
    place_spans: dict | None = None  # found when first needed, as is the document's focus
    cued = holding | {i + 1 for i in holding if i + 1 < len(sentences)}  # "38,818 were in Japan"
    last_host: str | None = None
    focus: list[str] | None = None
    out: list[Figure] = []
    for i in sorted(cued):
        s = sentences[i]
        if s.role not in ("body", "caption") or not _DIGIT.search(text, s.start, s.end):
            continue
        here = by_sentence.get(s.start, ())
        if place_spans is None:
            place_spans = matches_by_sentence(sentences, places, scan) if places else {}
        here_places = [(a, b, v[1]) for a, b, v in place_spans.get(i, ()) if v[1]]
        found = []
        for m in _NUMBER.finditer(text, s.start, s.end):
            f = _figure(text, s, m, here, here_places, actor_country, states)
            if f is not None:
                found.append(f)
        if not found:
            continue
        stated = [d for d in find_dates(text, s.start, s.end, anchor, excluded_spans)
                  if d.precision in ("day", "month", "year", "approximate")]  # fmt: skip
        elsewhere = _ELSEWHERE.search(text, scan.low, s.start, s.end)  # "In Europe, ..."
        for start, end, metric, value, approx, qual, deploying, host in found:
            if host is None and not elsewhere:
                if focus is None:
                    focus = _focus(mentions, actor_country)
                host = last_host or (focus[0] if focus else None)
            if host not in HOSTS:
                continue  # U.S. forces in Germany are outside the alliance system
            last_host = host
            as_of, precision = _as_of(stated, end, anchor)
            out.append(Figure(
                start=start, end=end, metric=metric, value=value, approximate=approx,
                deploying_country=deploying, host_country=host, sentence_start=s.start,
                sentence_end=s.end, as_of=as_of, as_of_precision=precision, qualifier=qual,
            ))  # fmt: skip
    return out


def _focus(mentions: Sequence[Mention], actor_country: Mapping[str, str | None]) -> list[str]:
    """The hosts the document names, most named first."""
    counts: dict[str, int] = {}
    for m in mentions:
        c = actor_country.get(m.actor_id)
        if c in _STATES_OF_FORCES:
            counts[c] = counts.get(c, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])


def _figure(text, s, m, mentions, places, actor_country, states):
    """(start, end, metric, value, approximate, qualifier, deploying, host) of the number
    ``m``, or None when it is not a figure of forces."""
    num_start, num_end = m.span("num")
    num = m.group("num")
    value = _value(num, m.group("scale"))
    if value == 0 or (1800 <= value <= 2100 and "," not in num):
        return None  # a year
    if _MONEY_OR_SHARE.match(text, num_end):
        return None
    if text[max(s.start, num_start - 1) : num_start] in ("$", "€", "£", "¥"):
        return None
    noun = _NOUN.match(text, num_end, min(s.end, num_end + 60))
    bare = noun is None or not noun.group("noun")
    if bare and (value < 1000 or "," not in num):
        return None  # a bare small number is not a count of forces
    q = _APPROX_BEFORE.search(
        text, None, max(s.start, num_start - 30), num_start
    )  # "nearly 28,500"
    start, approx_word = (q.start(), q.group("approx")) if q else (num_start, None)
    before = text[max(s.start, start - 80) : start]
    changing = _NOT_BEFORE.search(text, None, max(s.start, start - 80), start)
    if changing and not _FROM.search(text, max(s.start, start - 20), start):
        return None
    end = noun.end() if noun and not bare else num_end
    if _NOT_AFTER.match(text, end, min(s.end, end + 60)):
        return None
    word = (noun.group("noun").lower() if not bare else "") if noun else ""
    owners = (noun.group("owners") if noun else "") or ""
    host, subject = _host(text, s, start, end, mentions, places, actor_country, states,
                          before)  # fmt: skip
    approx = approx_word is not None
    qualifier = _qualifier(approx_word)
    # Whose forces: the host nation's own ("South Korea has 690,000 troops", "Japanese
    # troops"), else the United States' in this dataset unless another state is named.
    own = _HOST_NATION_WORDS.get(owners.strip().lower().split(" ")[0]) if owners else None
    if (subject and subject == host and not _US.search(owners)) or (own and own == host):
        return (start, end, "host_nation_military_personnel", value, approx, qualifier,
                host, host)  # fmt: skip
    if subject and subject not in ("USA", host) and not _US.search(owners):
        return (start, end, "foreign_military_personnel", value, approx, qualifier,
                subject, host)  # fmt: skip
    metric = _metric(word, owners, text, start, end, s)
    return start, end, metric, value, approx, qualifier, "USA", host


def _metric(word: str, owners: str, text: str, start: int, end: int, s: Sentence) -> str:
    if word in ("bases", "installations"):
        return "us_major_bases"
    if word == "air bases":
        return "us_air_force_bases"
    if word in ("facilities", "military facilities"):
        return "us_military_facilities"
    window = text[max(s.start, start - 30) : min(s.end, end + 40)]
    for metric, pattern in _BRANCH:
        if pattern.search(word) or pattern.search(window):
            return metric
    return "us_military_personnel"


def _host(text, s, start, end, mentions, places, actor_country, states, before):
    """(host, subject): the state the forces are in, and the state the sentence says
    has them, when it says so."""
    best = None
    for a, _, country in [(m.start, m.end, actor_country.get(m.actor_id)) for m in mentions
                          if m.actor_id in states] + list(places):  # fmt: skip
        if not country or a < end or a > end + 80:
            continue
        if _LOCATIVE.search(text, None, max(s.start, a - 40), a) and (best is None or a < best[0]):
            best = (a, country)
    host = best[1] if best else None
    if host is None:  # "U.S. Forces Korea", "the 28,500-strong US Forces Korea"
        for mm in mentions:
            if (start <= mm.start < end and mm.actor_id in states and mm.kind == "name"
                    and actor_country.get(mm.actor_id) in HOSTS):  # fmt: skip
                host = actor_country.get(mm.actor_id)
                break
    if host is None and _PENINSULA.search(text, end, min(s.end, end + 60)):
        host = "KOR"
    if host is None:  # "Japan (55,000)", "South Korea also has a garrison, nearly 25,000"
        prev = [
            mm
            for mm in mentions
            if mm.end <= start and mm.actor_id in states and actor_country.get(mm.actor_id) != "USA"
        ]  # the forces', not their host
        if prev and start - prev[-1].end <= 60:
            host = actor_country.get(prev[-1].actor_id)
    subject = None
    for mm in mentions:  # "South Korea has 690,000 troops", "South Korea's 618,000-strong"
        if mm.actor_id in states and mm.end <= start and _SUBJECT.fullmatch(text, mm.end, start):
            inside = any(o.start <= mm.start and mm.end <= o.end and o is not mm
                         and (o.start, o.end) != (mm.start, mm.end) for o in mentions)  # fmt: skip
            if not inside:  # not the "Korea" of "U.S. Forces Korea has"
                subject = actor_country.get(mm.actor_id)
    if subject is None and _ITS.search(before):
        prev = [
            mm
            for mm in mentions
            if mm.end <= start and mm.actor_id in states and actor_country.get(mm.actor_id) != "USA"
        ]  # the forces', not their host
        if prev:
            subject = actor_country.get(prev[-1].actor_id)
    if host is None and subject in _STATES_OF_FORCES:
        host = subject
    return host, subject


def _as_of(stated, end: int, anchor: Anchor | None):
    """A date the sentence states (the nearest), else the document's date."""
    if stated:
        d = min(stated, key=lambda d: abs(d.start - end))
        return d.value, d.precision
    if anchor is None:
        return None, None
    return anchor.value, anchor.precision
