"""Citations in endnotes and footnotes, parsed into their parts (Chicago-style notes).

A note line starts with "[3]", "3." or "<sup>3</sup>". It may cite several works
("...; and Robert C. O'Brien, ..."). Each work becomes one citation:

* article or web page: Authors, "Title," Container, date, url.
* journal article:     Authors, "Title," Journal 12, no. 1 (2000): 67-86.
* chapter:             Authors, "Title," in Book Title, ed. Editor (Place: Publisher, 2015).
* book:                Authors, Book Title (Place: Publisher, 2023), pages.

The raw text of the work is always kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.dates import YEAR
from extract.pickling import by_fields

VERSION = "1.0.0"

_NOTE = re.compile(r"\s*(?:\[(?P<a>\d{1,3})\]|(?P<b>\d{1,3})\.\s|<sup>(?P<c>\d{1,3})</sup>)\s*")
_QUOTED = re.compile(r"[“\"](?P<title>.+?)[,.]?[”\"]")
_URL = re.compile(r"https?://\S+?(?=[.,;)]?(?:\s|$))")
_YEAR = re.compile(rf"(?<!\d)({YEAR})(?!\d)")
_IMPRINT = re.compile(r"\((?P<place>[^():]+):\s*(?P<publisher>[^(),]+),\s*(?P<year>\d{4})\)")
_JOURNAL = re.compile(
    r"^(?P<journal>[^,]+?)\s+(?P<volume>\d+)(?:,\s*no\.\s*(?P<issue>\d+))?\s*\((?P<year>\d{4})\)"
    r"(?::\s*(?P<pages>[\d–-]+))?"
)
_NAME = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}"
_AUTHORS = re.compile(rf"^(?P<authors>{_NAME}(?:(?:,\s*|,?\s+and\s+){_NAME})*)\s*,\s*")
_LINK = re.compile(r"\[(?P<title>[^\]]+)\]\((?P<url>[^)]*)\)")
_SEE = re.compile(r"^(?:See|See also|Cf\.)\s+", re.IGNORECASE)


@by_fields
@dataclass(frozen=True, slots=True)
class Citation:
    note: str  # the note's number
    start: int  # the work's span in the document text
    end: int
    raw: str
    authors: tuple[str, ...]
    title: str | None
    container: str | None
    year: int | None
    url: str | None
    kind: str  # journal_article, chapter, book, article, other


def split_authors(text: str) -> tuple[str, ...]:
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", text.strip())
    return tuple(p.strip() for p in parts if p.strip())


def parse_work(raw: str) -> dict:
    """The parts of one cited work."""
    work = _SEE.sub("", raw.strip())
    url_m = _URL.search(work)
    url = url_m.group(0) if url_m else None
    link = _LINK.search(work)
    if link and not _QUOTED.search(work):  # a markdown link: "[Title](url)"
        target = link.group("url")
        return {"authors": (), "title": link.group("title").strip(), "container": None,
                "year": (int(y[-1]) if (y := _YEAR.findall(work)) else None),
                "url": target if target.startswith("http") else url, "kind": "other"}  # fmt: skip
    authors: tuple[str, ...] = ()
    rest = work
    quoted = _QUOTED.search(work)
    m = _AUTHORS.match(work)
    if m and (quoted is None or m.end() <= quoted.start() + 1):
        authors = split_authors(m.group("authors"))
        rest = work[m.end() :]
    title = container = None
    kind = "other"
    years = [int(y) for y in _YEAR.findall(work)]
    year = years[-1] if years else None
    quoted = _QUOTED.search(rest)
    if quoted:
        title = quoted.group("title").strip().rstrip(",")
        after = rest[quoted.end() :].lstrip(" ,")
        if after.startswith("in "):
            kind = "chapter"
            container = re.split(r",\s*ed\.|\s*\(", after[3:], maxsplit=1)[0].strip()
        elif j := _JOURNAL.match(after):
            kind = "journal_article"
            container, year = j.group("journal").strip(), int(j.group("year"))
        else:
            kind = "article"
            container = after.split(",")[0].strip() or None
    else:
        imprint = _IMPRINT.search(rest)
        if imprint:
            kind = "book"
            title = rest[: imprint.start()].strip(" ,") or None
            container = imprint.group("publisher").strip()
            year = int(imprint.group("year"))
        else:
            title = rest.split(",")[0].strip(" .") or None
    if container and _YEAR.fullmatch(container):
        container = None
    return {"authors": authors, "title": title, "container": container, "year": year,
            "url": url, "kind": kind}  # fmt: skip


def _works(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the works cited in a note body: split at '; ' before a new author."""
    spans, s = [], start
    for m in re.finditer(rf";\s+(?:and\s+)?(?={_NAME}\s*,)", text[start:end]):
        spans.append((s, start + m.start()))
        s = start + m.end()
    spans.append((s, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def find_citations(text: str, lines: list[tuple[int, int]]) -> list[Citation]:
    """Citations in the given lines (spans of the document's body lines)."""
    out = []
    for ls, le in lines:
        m = _NOTE.match(text, ls, le)
        if not m:
            continue
        note = m.group("a") or m.group("b") or m.group("c")
        for a, b in _works(text, m.end(), le):
            raw = text[a:b].strip()
            a = text.index(raw, a)
            b = a + len(raw)
            cites = _YEAR.search(raw) or _URL.search(raw) or "“" in raw or _LINK.search(raw)
            if len(raw) < 12 or not cites:
                continue  # a note of prose, not a reference
            parts = parse_work(raw)
            out.append(Citation(note, a, b, raw, **parts))
    return out
