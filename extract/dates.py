"""Date expressions of this literature, normalised with a precision.

"October 17, 2023" -> 2023-10-17 (day); "in February 2025" -> 2025-02-01
(month); "since 1957" -> 1957-01-01 (year); "the 1990s" -> 1990-01-01 to
1999-12-31 (decade); "the late 1990s" -> 1997-01-01 to 1999-12-31
(approximate); "2017–21" -> 2017 to 2021 (year); "this October", "last year",
"on Tuesday" resolve against the document's publication date.

One cheap regular-expression pass finds every candidate; a full date-parsing
library would be ~100x slower and is not needed for these forms.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from extract.phrases import Substrings
from extract.pickling import by_fields

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MIN_YEAR, MAX_YEAR = 1800, 2100

_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH = rf"(?:{_MONTH_NAME}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
# A year of this literature; the one definition the other extractors use too.
YEAR = r"(?:1[89]\d\d|20\d\d)"
_DECADE = r"(?:1[89]\d0|20\d0)"
_PATTERN = re.compile(
    rf"""
    (?P<mdy>(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}}),?\s+(?P<mdy_y>{YEAR}))
  | (?P<dmy>(?P<dmy_d>\d{{1,2}})\s+(?P<dmy_m>{_MONTH})\s+(?P<dmy_y>{YEAR}))
  | (?P<my>(?P<my_m>{_MONTH})\s+(?P<my_y>{YEAR}))
  | (?P<part>(?:the\s+)?(?P<part_q>early|mid|late)[\s-]+(?P<part_y>{_DECADE})s)
  | (?P<decade>(?:the\s+)?(?P<decade_y>{_DECADE})s)
  | (?P<range>(?P<range_a>{YEAR})\s*[–-]\s*(?P<range_b>{YEAR}|\d{{2}})(?!\d))
  | (?P<rel>(?P<rel_w>this|last|next|past)\s+(?P<rel_u>year|month|week|{_MONTH_NAME}))
  | (?P<wd>(?:on\s+)?(?P<wd_d>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))
  | (?P<y>(?P<y_y>{YEAR}))
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Where a date expression can hang: a year, a month, a relative word, "on <weekday>".
# The full grammar is tried only there, which keeps the pass at tens of MB/s.
_ANCHOR = re.compile(
    rf"(?<!\w)(?:{YEAR}s?|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"|[Tt]his|[Ll]ast|[Nn]ext|[Pp]ast|[Oo]n (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?!\w)"
)
# Every date expression holds a year or one of these (lower case): the cheap test of
# whether a sentence can hold a date at all (``may_hold_date``).
_YEAR_DIGITS = re.compile(YEAR)
_DATE_WORDS = Substrings(
    [m[:3] for m in MONTHS] + ["year", "month", "week"] + list(WEEKDAYS)  # "last week"
)
_PREFIX = re.compile(r"(?:(?:the\s+)?(?:early|mid|late)[\s-]+|the\s+|\d{1,2}\s+)$", re.IGNORECASE)


@by_fields
@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: date
    precision: str  # day, month, year, decade, approximate
    end_value: date | None = None  # last day of a range or period


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _resolve(m: re.Match[str], pub: date | None) -> tuple[date, str, date | None] | None:
    g = m.group
    if g("mdy") or g("dmy"):
        p = "mdy" if g("mdy") else "dmy"
        y, mo, d = int(g(f"{p}_y")), _month(g(f"{p}_m")), int(g(f"{p}_d"))
        if not 1 <= d <= calendar.monthrange(y, mo)[1]:
            return None
        return date(y, mo, d), "day", None
    if g("my"):
        y, mo = int(g("my_y")), _month(g("my_m"))
        return date(y, mo, 1), "month", _month_end(y, mo)
    if g("part"):
        dec = int(g("part_y"))
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[g("part_q").lower()]
        return date(dec + lo, 1, 1), "approximate", date(dec + hi, 12, 31)
    if g("decade"):
        dec = int(g("decade_y"))
        if not MIN_YEAR <= dec <= MAX_YEAR:
            return None
        return date(dec, 1, 1), "decade", date(dec + 9, 12, 31)
    if g("range"):
        a, b = int(g("range_a")), g("range_b")
        b_year = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
        if not a < b_year <= a + 100:
            return None
        return date(a, 1, 1), "year", date(b_year, 12, 31)
    if g("rel"):
        if pub is None:
            return None
        word, unit = g("rel_w").lower(), g("rel_u").lower()
        step = {"this": 0, "last": -1, "past": -1, "next": 1}[word]
        if unit == "year":
            y = pub.year + step
            return date(y, 1, 1), "year", date(y, 12, 31)
        if unit == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 + step, 12)
            return date(y, mo + 1, 1), "month", _month_end(y, mo + 1)
        if unit == "week":
            monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
            return monday, "approximate", monday + timedelta(days=6)
        mo = _month(unit)
        y = pub.year + (step if step else 0)
        if word == "last" and mo >= pub.month:
            y = pub.year - 1
        elif word == "last":
            y = pub.year
        elif word == "next" and mo <= pub.month:
            y = pub.year + 1
        elif word == "next":
            y = pub.year
        return date(y, mo, 1), "month", _month_end(y, mo)
    if g("wd"):
        if pub is None:
            return None
        back = (pub.weekday() - WEEKDAYS[g("wd_d").lower()]) % 7
        return pub - timedelta(days=back), "day", None
    y = int(g("y_y"))
    return date(y, 1, 1), "year", date(y, 12, 31)


def find_dates(
    text: str,
    start: int = 0,
    end: int | None = None,
    published: date | None = None,
    excluded_spans: Sequence[tuple[int, int]] = (),
) -> list[DateMention]:
    """Date expressions in ``text[start:end]``; relative ones need ``published``.
    A date starting inside one of ``excluded_spans`` is left out."""
    end = len(text) if end is None else end
    out = []
    covered = start
    for anchor in _ANCHOR.finditer(text, start, end):
        p = anchor.start()
        if p < covered:
            continue
        prefix = _PREFIX.search(text, max(start, p - 20), p)
        m = None
        for at in (prefix.start(), p) if prefix else (p,):
            m = _PATTERN.match(text, at, end)
            if m:
                break
        if m is None:
            continue
        covered = m.end()
        s, e = m.span()
        # Part of a longer number or code: "12,2025", "Q2025", "2025a".
        if (s > 0 and (text[s - 1].isalnum() or text[s - 1] in ",.")) or (
            e < len(text) and (text[e].isalnum() or text[e] == "%")
        ):
            continue
        if m.group("wd") and not m.group(0).lower().startswith("on"):
            continue  # a bare weekday is rarely a date of the event
        resolved = _resolve(m, published)
        if resolved is None:
            continue
        value, precision, end_value = resolved
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            continue
        out.append(DateMention(s, e, text[s:e], value, precision, end_value))
    if excluded_spans:
        out = [d for d in out if not any(a <= d.start < b for a, b in excluded_spans)]
    return out


def may_hold_date(low: str) -> bool:
    """False only if ``find_dates`` finds nothing in this (lower-cased) text: a cheap
    pre-filter."""
    return bool(_YEAR_DIGITS.search(low)) or _DATE_WORDS.any_in(low)
