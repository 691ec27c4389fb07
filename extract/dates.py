"""Date expressions of this literature, normalised with a precision.

Absolute forms: "October 17, 2023" -> 2023-10-17 (day); "in February 2025" ->
2025-02-01 (month); "since 1957" -> 1957 (year); "the 1990s" (decade); "the late
1990s" -> 1997-01-01 to 1999-12-31 (approximate); "2017–21" (years); ranges
"June 20-28, 2016", "from 17 October to 6 November 1997", "Oct. 30 to Nov. 11".

Relative and year-less forms resolve against the document's ``Anchor`` (its
dateline or publication date): "on Monday", "Thursday's launch", "next Friday",
"June 15", "in July", "last week", "earlier this month", "last summer", "three
months earlier", "today". A weekday or a year-less day looks back from the
anchor, or forward in a sentence about the future ("will meet next Friday",
"kicks off Wednesday"). Precision never exceeds what the text and the anchor
support: a weekday against an anchor known to the month is a month.

Expressions that point at another date of the text ("the same day", "a day
after", "that year") carry ``refers_back``; the caller re-resolves them with
``shifted`` against the date they point at.

One cheap regular-expression pass finds the places where a date can hang; the
grammar is tried only there. A general date-parsing library (dateparser) was
~100x slower on these sentences and does not know the document's anchor
precision or the tense rule.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from extract.literals import Led
from extract.phrases import Substrings
from extract.pickling import by_fields

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
SEASONS = {
    "spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2),
}  # fmt: skip
MIN_YEAR, MAX_YEAR = 1800, 2100

_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
# Month names are matched case-sensitively ("May", never the verb "may").
_MONTH = (
    rf"(?-i:{_MONTH_NAME}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)
_WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_TO = r"\s*(?:[-–—]|to|through|thru|until|till|and)\s*"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
# A year of this literature; the one definition the other extractors use too.
YEAR = r"(?:1[89]\d\d|20\d\d)"
_DECADE = r"(?:1[89]\d0|20\d0)"
_PATTERN = re.compile(
    rf"""
    (?P<dmyr>(?P<dmyr_d1>{_DAY})\s+(?P<dmyr_m1>{_MONTH})(?:,?\s+(?P<dmyr_y1>{YEAR}))?{_TO}
        (?P<dmyr_d2>{_DAY})\s+(?P<dmyr_m2>{_MONTH}),?\s+(?P<dmyr_y2>{YEAR}))
  | (?P<ddmy>(?P<ddmy_d1>{_DAY}){_TO}(?P<ddmy_d2>{_DAY})\s+(?P<ddmy_m>{_MONTH})
        (?:,?\s+(?P<ddmy_y>{YEAR}))?)
  | (?P<mdr>(?P<mdr_m1>{_MONTH})\s+(?P<mdr_d1>{_DAY})(?:,?\s+(?P<mdr_y1>{YEAR}))?{_TO}
        (?:(?P<mdr_m2>{_MONTH})\s+)?(?P<mdr_d2>{_DAY})(?:,?\s+(?P<mdr_y2>{YEAR}))?)
  | (?P<mdy>(?:{_WEEKDAY},?\s+)?(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY}),?\s+(?P<mdy_y>{YEAR}))
  | (?P<dmy>(?:{_WEEKDAY},?\s+)?(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{_MONTH}),?\s+
        (?P<dmy_y>{YEAR}))
  | (?P<my>(?:(?:early|mid|late|end\ of|the\ end\ of)[\s-]+)?(?P<my_m>{_MONTH}),?\s+
        (?:of\s+)?(?P<my_y>{YEAR}))
  | (?P<mdrel>(?P<mdrel_m>{_MONTH})(?:\s+(?P<mdrel_d>{_DAY}))?,?\s+(?:of\s+)?
        (?P<mdrel_w>last|this|next|that|the\ same|the\ previous|the\ following)\s+year)
  | (?P<md>(?:{_WEEKDAY},?\s+)?(?P<md_m>{_MONTH})\s+(?P<md_d>{_DAY}))
  | (?P<dm>(?P<dm_d>{_DAY})\s+(?:of\s+)?(?P<dm_m>{_MONTH}))
  | (?P<sy>(?:the\s+)?(?P<sy_s>{_SEASON})\s+(?:of\s+)?(?P<sy_y>{YEAR}))
  | (?P<part>(?:the\s+)?(?P<part_q>early|mid|late)[\s-]+(?P<part_y>{_DECADE})s)
  | (?P<decade>(?:the\s+)?(?P<decade_y>{_DECADE})s)
  | (?P<range>(?P<range_a>{YEAR})\s*[–-]\s*(?P<range_b>{YEAR}|\d{{2}})(?!\d))
  | (?P<inthis>(?:earlier|later)\s+this\s+(?P<inthis_u>year|month|week))
  | (?P<rel>(?P<rel_w>this\s+past|this|last|next|past|coming)\s+
        (?P<rel_u>year|month|weekend|week|{_MONTH_NAME}|{_SEASON}|{_WEEKDAY}))
  | (?P<today>today|tonight|this\s+(?:morning|afternoon|evening)
        |just\s+(?:finished|concluded|completed|wrapped\s+up|ended)|(?P<yesterday>yesterday
        |last\ night)|(?P<tomorrow>tomorrow))
  | (?P<ago>(?P<ago_n>{_NUM})[\s-]+(?P<ago_u>day|week|month|year|decade)s?\s+
        (?P<ago_w>ago|earlier|later|before|after|prior))
  | (?P<same>(?:the\s+|that\s+)?(?P<same_w>same|following|next|previous|preceding)\s+
        (?P<same_u>day|weekend|week|night|morning|evening)|that\s+(?:day|night|morning|evening)
        |(?:earlier|later)\s+(?:in\s+)?(?:the|that)\s+day)
  | (?P<bm>(?P<bm_p>in|since|during|until|till|by|from|through|and|or|(?P<bm_the>the)
        |(?:in\s+)?(?:early|mid|late)|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of)
        [\s-]+(?P<bm_m>(?-i:{_MONTH_NAME}))(?:\s+(?P<bm_that>that|the\s+same)\s+year)?)
        (?(bm_the)(?=\s+(?-i:[a-z]))(?!\s+of\b))
  | (?P<wd>(?:on\s+)?(?P<wd_d>{_WEEKDAY})(?:['’]s)?)
  | (?P<y>(?P<y_y>{YEAR}))
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Where a date expression can hang: a year, a month, a weekday, a relative word, a
# unit. The full grammar is tried only there (and just before, for a prefix), which
# keeps the pass at tens of MB/s.
_ANCHOR = re.compile(
    r"(?<!\w)(?:(?:18|19|20)\d\ds?|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|This|this|Last|last|Next|next|Past|past|Coming|coming|Earlier|earlier|Later|later"
    r"|Today|today|TODAY|Tonight|tonight|TONIGHT|Yesterday|yesterday|YESTERDAY|Tomorrow"
    r"|tomorrow|TOMORROW|(?:Just|just)(?= (?:finished|concluded|completed|wrapped|ended))"
    r"|days?|weeks?|weekends?|nights?|morning|evening|months?|years?|decades?"
    r"|spring|summer|fall|autumn|winter)(?!\w)"
)
# Tried only where one of its first words starts: most positions of a sentence hold none.
_ANCHOR_LED = Led(_ANCHOR)
# Every date expression holds a year or one of these (lower case): the cheap test of
# whether a sentence can hold a date at all (``may_hold_date``).
_YEAR_DIGITS = re.compile(YEAR)
_DATE_WORDS = Substrings(
    [m[:3] for m in MONTHS]
    + ["year", "month", "week", "day", "decade", "night", "morning", "afternoon", "evening"]
    + ["just finished", "just concluded", "just completed", "just wrapped", "just ended"]
    + list(WEEKDAYS)
    + list(SEASONS)
)
_PREFIX = re.compile(  # each at a word's start: not the "on " that ends "cooperation "
    rf"(?<!\w)(?:{_DAY}\s*(?:[-–]\s*{_DAY}\s*)?(?:of\s+)?|(?:the\s+)?(?:early|mid|late)[\s-]+"
    r"|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of\s+|end\s+of\s+|the\s+(?=\w+\s+of\b)"
    rf"|{_NUM}[\s-]+|(?:the\s+)?(?:same|following|next|previous|preceding)\s+|that\s+"
    r"|(?:in|since|during|until|till|by|from|through|and|or)\s+(?:(?:early|mid|late)[\s-]+)?"
    rf"|{_WEEKDAY},?\s+|the\s+|on\s+)$",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(
    rf"(?P<range>(?P<range_a>{YEAR})\s*[–-]\s*(?P<range_b>{YEAR}|\d{{2}})(?!\d))|(?P<y>(?P<y_y>{YEAR}))"
)
_NO_PREFIX = frozenset(("this", "last", "next", "coming", "today", "tonight", "yesterday",
                        "tomorrow", "earlier", "later"))  # fmt: skip
# Words of a sentence about the future: a weekday or a year-less day then looks
# forward from the anchor ("will meet on Friday", "kicks off Wednesday").
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|to\s+be\s+held|(?:is|are|was|were)\s+(?:set|scheduled|"
    r"slated|due|expected|planned)\s+to|scheduled|slated|upcoming|kicks?\s+off|begins|starts|"
    r"opens|runs?\s+(?:through|until|to|from)|next)\b",
    re.IGNORECASE,
)
_PAST_VERB = re.compile(
    r"\b(?:said|told|announced|reported|added|stated|noted|claimed|confirmed)\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r".*(?:[,;:(—–]|\band\b)", re.DOTALL)


def _about_future(text: str, start: int, at: int) -> bool:
    """Whether the clause before ``at`` (within the sentence from ``start``) speaks of
    the future: "will meet on Friday", "kicks off Wednesday" (not "said Friday")."""
    lo = max(start, at - 60)
    if _PAST_VERB.search(text, lo, at):
        return False
    clause = _CLAUSE_START.match(text, lo, at)
    return bool(_FUTURE.search(text, clause.end() if clause else lo, at))


@by_fields
@dataclass(frozen=True, slots=True)
class Anchor:
    """The date relative expressions of a document resolve against."""

    value: date
    precision: str  # day, month or year

    @classmethod
    def of(cls, value: date | Anchor | None, precision: str | None = None) -> Anchor | None:
        if value is None or isinstance(value, Anchor):
            return value
        return cls(value, precision or "day")


@by_fields
@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: date
    precision: str  # day, month, year, decade, approximate
    end_value: date | None = None  # last day of a range or period
    relative: bool = False  # resolved against the anchor, not stated in full
    refers_back: str | None = None  # "day" / "year": points at another date of the text
    offset_days: int = 0  # for refers_back "day": days after the date pointed at


def _groups(m: re.Match[str]):
    """``m.group`` for a match of a pattern that has only some of ``_PATTERN``'s groups."""
    found = m.groupdict()
    return lambda name: found.get(name)


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group())


def _valid(y: int, mo: int, d: int) -> date | None:
    if not MIN_YEAR <= y <= MAX_YEAR or not 1 <= d <= calendar.monthrange(y, mo)[1]:
        return None
    return date(y, mo, d)


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, 1)


def _year_of_day(mo: int, d: int, a: Anchor, future: bool) -> int:
    """The year of a year-less "June 15": the one nearest the anchor, looking back
    (or forward in a sentence about the future), with a week's slack."""
    ref = a.value if a.precision == "day" else _month_end(a.value.year, a.value.month)
    if a.precision == "year":
        return a.value.year
    best = a.value.year
    for y in (a.value.year - 1, a.value.year, a.value.year + 1):
        cand = _valid(y, mo, min(d, 28))
        if cand is None:
            continue
        if future and cand >= ref - timedelta(days=7 if a.precision == "day" else 40):
            return y
        if not future and cand <= ref + timedelta(days=7):
            best = y
    return best


def _year_of_month(mo: int, a: Anchor, future: bool) -> int:
    if a.precision == "year":
        return a.value.year
    if future:
        return a.value.year if mo >= a.value.month else a.value.year + 1
    return a.value.year if mo <= a.value.month else a.value.year - 1


def _season(name: str, word: str, a: Anchor) -> tuple[date, date]:
    first, last = SEASONS[name.lower()]
    y = a.value.year
    # The season's start in the anchor's year; "last" / "this past" is the latest one
    # that has ended before the anchor, "next" the first one after it.
    if word in ("last", "past", "this past"):
        if _month_end(y, last) >= a.value:
            y -= 1
    elif word in ("next", "coming") and date(y, first, 1) <= a.value:
        y += 1
    end_y = y + 1 if last < first else y
    return date(y, first, 1), _month_end(end_y, last)


def _weekday(name: str, word: str, a: Anchor, future: bool) -> date:
    wd = WEEKDAYS[name.lower()]
    p = a.value
    if word == "next":  # the weekday of the following week
        return p - timedelta(days=p.weekday()) + timedelta(days=7 + wd)
    if word == "this":
        return p - timedelta(days=p.weekday()) + timedelta(days=wd)
    if word in ("last", "past"):
        return p - timedelta(days=(p.weekday() - wd - 1) % 7 + 1)
    if future or word == "coming":
        return p + timedelta(days=(wd - p.weekday()) % 7)
    return p - timedelta(days=(p.weekday() - wd) % 7)


def _coarse(a: Anchor) -> tuple[date, str, date | None]:
    """The anchor itself, as a date of its own precision."""
    if a.precision == "month":
        return (
            date(a.value.year, a.value.month, 1),
            "month",
            _month_end(a.value.year, a.value.month),
        )
    if a.precision == "year":
        return date(a.value.year, 1, 1), "year", date(a.value.year, 12, 31)
    return a.value, "day", None


_Resolved = tuple[date, str, date | None]


def _absolute(g) -> _Resolved | None:
    """Forms that state their year."""
    if g("dmyr"):
        y2 = int(g("dmyr_y2"))
        y1 = int(g("dmyr_y1") or y2)
        a = _valid(y1, _month(g("dmyr_m1")), _day(g("dmyr_d1")))
        b = _valid(y2, _month(g("dmyr_m2")), _day(g("dmyr_d2")))
        return (a, "day", b) if a and b and a <= b else None
    if g("mdy") or g("dmy"):
        p = "mdy" if g("mdy") else "dmy"
        d = _valid(int(g(f"{p}_y")), _month(g(f"{p}_m")), _day(g(f"{p}_d")))
        return (d, "day", None) if d else None
    if g("my"):
        y, mo = int(g("my_y")), _month(g("my_m"))
        return date(y, mo, 1), "month", _month_end(y, mo)
    if g("sy"):
        y = int(g("sy_y"))
        first, last = SEASONS[g("sy_s").lower()]
        return date(y, first, 1), "approximate", _month_end(y + (last < first), last)
    if g("part"):
        dec = int(g("part_y"))
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[g("part_q").lower()]
        return date(dec + lo, 1, 1), "approximate", date(dec + hi, 12, 31)
    if g("decade"):
        dec = int(g("decade_y"))
        return date(dec, 1, 1), "decade", date(dec + 9, 12, 31)
    if g("range"):
        a, b = int(g("range_a")), g("range_b")
        b_year = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
        if not a < b_year <= a + 100:
            return None
        return date(a, 1, 1), "year", date(b_year, 12, 31)
    if g("y"):
        y = int(g("y_y"))
        return date(y, 1, 1), "year", date(y, 12, 31)
    return None


def _relative(g, a: Anchor, future: bool) -> _Resolved | None:
    """Forms that need the anchor: year-less days and months, weekdays, "last week"."""
    if g("ddmy") or g("mdr") or g("md") or g("dm"):
        if g("ddmy"):
            m1 = m2 = _month(g("ddmy_m"))
            d1, d2, y = _day(g("ddmy_d1")), _day(g("ddmy_d2")), g("ddmy_y")
            y1 = y2 = int(y) if y else None
        elif g("mdr"):
            m1 = _month(g("mdr_m1"))
            m2 = _month(g("mdr_m2")) if g("mdr_m2") else m1
            d1, d2 = _day(g("mdr_d1")), _day(g("mdr_d2"))
            y2 = int(g("mdr_y2")) if g("mdr_y2") else None
            y1 = int(g("mdr_y1")) if g("mdr_y1") else (y2 - (m2 < m1) if y2 else None)
            y2 = y2 or (y1 + (m2 < m1) if y1 else None)
        else:
            p = "md" if g("md") else "dm"
            m1 = m2 = _month(g(f"{p}_m"))
            d1 = d2 = _day(g(f"{p}_d"))
            y1 = y2 = None
        if y1 is None:
            y1 = _year_of_day(m1, d1, a, future)
            y2 = y1 + (m2 < m1)
        start, end = _valid(y1, m1, d1), _valid(y2, m2, d2)
        if not start or not end or end < start:
            return None
        return start, "day", (end if end != start else None)
    if g("mdrel"):
        word = " ".join(g("mdrel_w").lower().split())
        step = {"last": -1, "previous": -1, "the previous": -1, "next": 1, "the following": 1}
        y = a.value.year + step.get(word, 0)
        mo = _month(g("mdrel_m"))
        if g("mdrel_d"):
            d = _valid(y, mo, _day(g("mdrel_d")))
            return (d, "day", None) if d else None
        return date(y, mo, 1), "month", _month_end(y, mo)
    if g("inthis"):
        unit = g("inthis_u").lower()
        return _period(unit, 0, a)
    if g("rel"):
        word = " ".join(g("rel_w").lower().split())
        unit = g("rel_u").lower()
        if unit in ("year", "month", "week", "weekend"):
            step = {"this": 0, "coming": 1, "next": 1}.get(word, -1)
            return _period("week" if unit == "weekend" else unit, step, a)
        if unit in SEASONS:
            start, end = _season(unit, word, a)
            return start, "approximate", end
        if unit in WEEKDAYS:
            if a.precision != "day":
                return _coarse(a)
            return _weekday(unit, word, a, future), "day", None
        mo = _month(unit)  # "last March", "next January", "this October"
        y = a.value.year
        if word in ("last", "past", "this past"):
            y = y if mo < a.value.month else y - 1
        elif word in ("next", "coming"):
            y = y if mo > a.value.month else y + 1
        return date(y, mo, 1), "month", _month_end(y, mo)
    if g("today"):
        if a.precision != "day":
            return _coarse(a)
        shift = -1 if g("yesterday") else 1 if g("tomorrow") else 0
        return a.value + timedelta(days=shift), "day", None
    if g("ago"):
        n = NUMBERS.get(g("ago_n").lower()) or int(g("ago_n"))
        unit = g("ago_u").lower()
        sign = 1 if g("ago_w").lower() in ("later", "after") else -1
        if unit == "day":
            if a.precision != "day":
                return _coarse(a)
            return a.value + timedelta(days=sign * n), "day", None
        if unit == "week":
            d = a.value + timedelta(weeks=sign * n)
            return d - timedelta(days=d.weekday()), "approximate", d + timedelta(days=6)
        if unit == "month":
            d = _add_months(a.value, sign * n)
            return d, "month", _month_end(d.year, d.month)
        years = n * (10 if unit == "decade" else 1)
        y = a.value.year + sign * years
        if not MIN_YEAR <= y <= MAX_YEAR:
            return None
        return date(y, 1, 1), ("year" if unit == "year" else "approximate"), date(y, 12, 31)
    if g("bm"):
        mo = _month(g("bm_m"))
        if g("bm_p").lower() == "since":
            future = False
        y = _year_of_month(mo, a, future)
        return date(y, mo, 1), "month", _month_end(y, mo)
    if g("wd"):
        if a.precision != "day":
            return _coarse(a)
        return _weekday(g("wd_d"), "", a, future), "day", None
    return None


def _period(unit: str, step: int, a: Anchor) -> _Resolved:
    p = a.value
    if unit == "year":
        y = p.year + step
        return date(y, 1, 1), "year", date(y, 12, 31)
    if unit == "month":
        if a.precision == "year":
            return date(p.year, 1, 1), "year", date(p.year, 12, 31)
        d = _add_months(p, step)
        return d, "month", _month_end(d.year, d.month)
    if a.precision != "day":
        return _coarse(a)[0], "approximate", _coarse(a)[2]
    monday = p - timedelta(days=p.weekday()) + timedelta(weeks=step)
    return monday, "approximate", monday + timedelta(days=6)


def shifted(d: DateMention, ref: DateMention) -> DateMention | None:
    """``d`` (``refers_back``) resolved against the date ``ref`` it points at: "the same
    day" as ``ref``, "a day after" it, "March that year"."""
    if d.refers_back == "day":
        if ref.precision != "day":
            return replace(d, value=ref.value, precision=ref.precision, end_value=ref.end_value,
                           refers_back=None, relative=True)  # fmt: skip
        return replace(d, value=ref.value + timedelta(days=d.offset_days), precision="day",
                       end_value=None, refers_back=None, relative=True)  # fmt: skip
    if d.refers_back == "year":
        y = ref.value.year
        mo = d.value.month
        return replace(d, value=date(y, mo, 1), precision="month", end_value=_month_end(y, mo),
                       refers_back=None, relative=True)  # fmt: skip
    return None


def find_dates(
    text: str,
    start: int = 0,
    end: int | None = None,
    published: date | Anchor | None = None,
    excluded_spans: Sequence[tuple[int, int]] = (),
) -> list[DateMention]:
    """Date expressions in ``text[start:end]`` (one sentence, usually). Relative and
    year-less ones need the anchor ``published``. A date starting inside one of
    ``excluded_spans`` is left out.

    Several extractors ask for the dates of the same sentences: the last answers are
    kept (``_dates_of``), keyed by the text's identity, not its contents."""
    end = len(text) if end is None else end
    out = _dates_of(text, start, end, Anchor.of(published))
    if excluded_spans:
        out = [d for d in out if not any(a <= d.start < b for a, b in excluded_spans)]
    return list(out)


_MEMO: dict[tuple[int, int, int, Anchor | None], tuple[DateMention, ...]] = {}
_MEMO_TEXT: list[str] = [""]  # the text the memo holds dates of


def _dates_of(text: str, start: int, end: int, anchor: Anchor | None) -> tuple[DateMention, ...]:
    if _MEMO_TEXT[0] is not text:  # a new document: forget the last one's
        _MEMO.clear()
        _MEMO_TEXT[0] = text
    key = (id(text), start, end, anchor)
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = tuple(_find_dates(text, start, end, anchor))
    return found


def _find_dates(text: str, start: int, end: int, anchor: Anchor | None) -> list[DateMention]:
    out = []
    covered = start
    for hit in _ANCHOR_LED.finditer(text, None, start, end):
        p = hit.start()
        if p < covered:
            continue
        m = None
        word = hit.group()
        if word[0].isdigit() and not word.endswith("s"):
            # Most anchors are a bare year: its own small pattern (the full grammar at
            # every year was most of the cost of dates).
            m = _YEAR_ONLY.match(text, p, end)
            if m is None:
                continue
            g = _groups(m)
        else:
            # "this", "last", "next" take no prefix; others may ("17 October", "the
            # late 1990s", "the end of March", "a day after").
            bare = word.lower() in _NO_PREFIX
            prefix = None if bare else _PREFIX.search(text, max(start, covered, p - 30), p)
            for at in (prefix.start(), p) if prefix else (p,):
                cand = _PATTERN.match(text, at, end)
                if cand and cand.end() > p and (m is None or cand.end() > m.end()):
                    m = cand
            if m is None:
                continue
            g = m.group
        s, e = m.span()
        # Part of a longer number or code: "12,2025", "Q2025", "2025a", "2025%".
        glued = (s > 0 and (text[s - 1].isalnum() or text[s - 1] in ",.$")) or (
            e < len(text) and (text[e].isalnum() or text[e] == "%")
        )
        if glued and not any(g(k) for k in ("bm", "rel", "ago", "today", "same", "inthis")):
            covered = e
            continue
        covered = e
        if g("same"):
            word = (g("same_w") or "same").lower()
            unit = (g("same_u") or "day").lower()
            if unit in ("week", "weekend") and word != "same":
                continue  # "the following week": not tracked
            shift = {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get(word, 0)
            ref = anchor.value if anchor else date(2000, 1, 1)
            out.append(DateMention(s, e, text[s:e], ref, "day", None, True, "day", shift))
            continue
        if g("ago") and g("ago_w").lower() in ("after", "before", "prior", "later"):
            days = {"day": 1, "week": 7}.get(g("ago_u").lower())
            if days is None:
                continue  # "two years later": relative to a date this grammar does not track
            n = (NUMBERS.get(g("ago_n").lower()) or int(g("ago_n"))) * days
            # "comes a day after North Korea launched": the launch is a day before the
            # date pointed at; "two days later", "a day before X" count forward.
            n = -n if g("ago_w").lower() in ("after", "prior") else n
            ref = anchor.value if anchor else date(2000, 1, 1)
            out.append(DateMention(s, e, text[s:e], ref, "day", None, True, "day", n))
            continue
        resolved = _absolute(g)
        relative = False
        if resolved is None and anchor is not None:
            resolved = _relative(g, anchor, _about_future(text, start, s))
            relative = True
        if resolved is None:
            continue
        value, precision, end_value = resolved
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            continue
        back = None
        if (g("bm") and g("bm_that")) or (
            g("mdrel") and g("mdrel_w").lower().split()[-1] in ("that", "same") and not g("mdrel_d")
        ):
            back = "year"
        out.append(DateMention(s, e, text[s:e], value, precision, end_value, relative, back))
    return out


def may_hold_date(low: str) -> bool:
    """False only if ``find_dates`` finds nothing in this (lower-cased) text: a cheap
    pre-filter."""
    return bool(_YEAR_DIGITS.search(low)) or _DATE_WORDS.any_in(low)


# A dateline: "SEOUL, Nov. 22 (Yonhap) --", "Seoul, Oct 11 South Korea is ...",
# "TOKYO, Oct. 30 (UPI) --"; a header line that opens with a full date
# ("November 14, 1994   Jakarta Hilton").
_DATELINE = re.compile(
    rf"(?:[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){{0,4}},\s+)?(?P<m>{_MONTH})\s+(?P<d>{_DAY})"
    rf"(?:,?\s+(?P<y>{YEAR}))?\s*(?:\([^()\n]{{2,40}}\)\s*)?(?:--|—|–|-|\n|\s(?=[A-Z]))"
)


def document_anchor(
    text: str, first_lines: Sequence[tuple[int, int]], published: date | None,
    precision: str | None,
) -> Anchor | None:  # fmt: skip
    """The date a document's relative dates resolve against: a dateline or header date
    in its first lines (as precise as it is, its year from the publication date when
    it has none), else the publication date."""
    pub = Anchor.of(published, precision)
    for s, e in first_lines[:3]:
        m = _DATELINE.match(text, s, min(e + 1, len(text)))
        if not m:
            continue
        mo, d = _month(m.group("m")), _day(m.group("d"))
        if m.group("y"):
            y = int(m.group("y"))
        elif pub is not None:
            y = _year_of_day(mo, d, pub, future=False)
        else:
            continue
        value = _valid(y, mo, d)
        if value is not None:
            return Anchor(value, "day")
    if pub is not None and pub.precision == "month":
        # A caption or lede dated to the day in the month of publication ("... in Germany
        # on July 6") tells the day the text speaks from.
        for s, e in first_lines[:3]:
            for d in find_dates(text, s, e, pub):
                if d.precision == "day" and d.value.replace(day=1) == pub.value.replace(day=1):
                    return Anchor(d.value, "day")
    return pub
