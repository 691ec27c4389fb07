"""Actor mentions: find every alias of a curated actor and link it.

One Aho-Corasick pass finds all candidate names; overlaps resolve to the
leftmost-longest name, so "North Korea" wins over "Korea" and a place or
institution name ("East China Sea", "Korea Economic Institute") blocks the
actor name inside it. Context rules then settle the known ambiguities:

* capitals stand for governments ("Seoul declared"), except after a locative
  ("met in Seoul", "in Tokyo and Seoul");
* a state name that begins an institution's name ("Korea Foundation",
  "University of Tokyo") is not a mention of the state;
* a surname alone ("Yoon") links only to the person fully named earlier in the
  document ("President Yoon Suk Yeol", "President Yoon"), or, before
  "administration", "government" and the like, to the only listed person with
  that surname.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from extract.literals import Led
from extract.phrases import Scan
from extract.pickling import by_fields
from extract.sentences import Sentence

VERSION = "1.0.0"

# Confidence that a match of this kind denotes the linked actor.
CONFIDENCE = {
    "name": 0.95,
    "acronym": 0.9,
    "titled": 0.9,
    "demonym": 0.8,
    "surname": 0.8,
    "capital": 0.75,
}
# Which kind of name wins when two cover the same span: a blocking name first.
KIND_RANK = {"block": 0, "titled": 1, "name": 2, "acronym": 3, "demonym": 4, "capital": 5,
             "surname": 6}  # fmt: skip
_ORG_NOUNS = (
    "Institute|Institution|Foundation|University|College|School|Journal|Review|Center|Centre|"
    "Chair|Council|Society|Association|Forum|Herald|Times|Daily|Post|Policy|Program|Programme|"
    "Studies|Press|Academy|Bank"
)
# "Korea Economic Institute", "Japan Forum": a state name opening an institution's name.
_ORG_AFTER = re.compile(rf"(?:[ \-][A-Z][\w&.-]*){{0,2}} (?:{_ORG_NOUNS})\b")
_ORG_NOUN = re.compile(_ORG_NOUNS)  # cheap pre-filter for the two patterns
# "University of Tokyo", "Bank of Korea".
_ORG_BEFORE = Led(re.compile(rf"\b(?:{_ORG_NOUNS}) of (?:the )?$"))
_LOCATIVE = Led(
    re.compile(
        r"(?:\b(?:in|at|near|outside|around|across|via|into|visit\w*|(?:travel\w*|went|flew|"
        r"fly\w*|return\w*|arriv\w*|head\w*|came|come|move\w*) to)\s+)$",
        re.IGNORECASE,
    )
)
_NAME_GOES_ON = re.compile(r"[ -][A-Z][a-z]")
_COORDINATED = re.compile(r"^\s*(?:,|and|or|,\s*and)\s*$")
SHORT_NAME = 3  # names this short are looked for with the character that follows them
_NAME_ENDS = (" ", ",", ".", ";", ":", "'", "’", ")", "\n", "-", "/", "”", '"', "!", "?")
_LEADER_CONTEXT = re.compile(
    r"^[’']?s? (?:administration|government|cabinet|era|presidency|doctrine|years)\b"
)


@by_fields
@dataclass(frozen=True, slots=True)
class Entry:
    """What a matched name may denote."""

    kind: str  # name, acronym, demonym, capital, titled, surname, or block
    actors: tuple[str, ...]  # candidate actor ids; empty for a blocking name
    surface: str
    exact_case: bool


# Not frozen: a frozen dataclass is ~5x slower to create, and there are many.
@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    actor_id: str
    kind: str
    confidence: float
    sentence_start: int
    sentence_end: int


def name_variants(name: str, country: str | None) -> list[str]:
    """Spellings of a person's name that English texts use beside the curated one:
    Korean given names with or without the hyphen ("Lee Jae-myung", "Lee Jae Myung",
    "Yoon Seok-yeol" stays a curated alias), Japanese and Korean names in either order
    ("Kishida Fumio" in official statements)."""
    parts = name.split()
    out = []
    if country in ("KOR", "PRK") and len(parts) == 2 and "-" in parts[1]:
        a, b = parts[1].split("-", 1)
        out += [f"{parts[0]} {a} {b.capitalize()}", f"{parts[0]} {a}-{b.capitalize()}",
                f"{parts[0]} {a}{b}"]  # fmt: skip
    if country in ("KOR", "PRK") and len(parts) == 3:
        out.append(f"{parts[0]} {parts[1]}-{parts[2].lower()}")
    if country == "JPN" and len(parts) == 2:
        out.append(f"{parts[1]} {parts[0]}")
    return [v for v in out if v != name]


def _is_acronym(alias: str) -> bool:
    return not any(c.islower() for c in alias)


class Gazetteer:
    """Every name of the reference vocabularies, compiled into one automaton."""

    def __init__(
        self,
        actors: Sequence[Mapping[str, Any]],
        blocking_names: Iterable[str] = (),
    ) -> None:
        entries: dict[str, list[Entry]] = {}
        persons_by_surname: dict[str, list[str]] = {}

        def add(surface: str, kind: str, actors_: tuple[str, ...], exact: bool) -> None:
            surface = surface.strip()
            if surface:
                entries.setdefault(surface.lower(), []).append(Entry(kind, actors_, surface, exact))

        for a in actors:
            aid = (a["id"],)
            for alias in a.get("aliases") or ():
                acronym = _is_acronym(alias)
                add(alias, "acronym" if acronym else "name", aid, acronym)
            if a.get("type") == "person":
                for variant in name_variants(a["name"], a.get("country")):
                    add(variant, "name", aid, False)
            for d in a.get("demonyms") or ():
                add(d, "demonym", aid, False)
            for c in a.get("capitals") or ():
                add(c, "capital", aid, False)
            if a.get("surname"):
                persons_by_surname.setdefault(a["surname"], []).append(a["id"])
        titled_keys: dict[str, set[str]] = {}  # surname -> its titled names, lower case
        for a in actors:
            surname = a.get("surname")
            for title in a.get("titles") or ():
                if surname:
                    add(f"{title} {surname}", "titled", (a["id"],), True)
                    titled_keys.setdefault(surname.lower(), set()).add(
                        f"{title} {surname}".strip().lower()
                    )
        for surname, ids in persons_by_surname.items():
            add(surname, "surname", tuple(ids), True)
        for name in blocking_names:
            add(name, "block", (), False)

        values: dict[str, tuple[Entry, ...]] = {}
        for key, es in entries.items():
            # A titled alias shared by two persons ("President Lee") keeps both candidates.
            merged: dict[tuple[str, str, bool], set[str]] = {}
            for e in es:
                merged.setdefault((e.kind, e.surface, e.exact_case), set()).update(e.actors)
            values[key] = tuple(sorted(
                (Entry(kind, tuple(sorted(ids)), surface, exact)
                 for (kind, surface, exact), ids in merged.items()),
                key=lambda e: KIND_RANK[e.kind],
            ))  # fmt: skip
        # A titled name ("President Yoon") is not in the automaton: it is looked for
        # before each hit of its surname, which keeps the automaton small (titles times
        # surnames were most of its nodes, and a smaller one stays in the CPU's cache).
        titled = {
            surname: tuple((k, values.pop(k)) for k in sorted(keys)
                           if all(e.kind == "titled" for e in values[k]))
            for surname, keys in titled_keys.items()
        }  # fmt: skip
        # The last words of titles ("minister", "mr."): a surname after another word has none.
        self._title_ends = frozenset(
            k[: len(k) - len(surname) - 1].rsplit(" ", 1)[-1]
            for surname, ks in titled_keys.items() for k in ks
        )  # fmt: skip
        self.automaton = ahocorasick.Automaton()
        for key, value in values.items():
            personal = any(e.kind in ("titled", "surname") for e in value)
            hit = (len(key), value, personal, titled.get(key, ()))
            if len(key) > SHORT_NAME:
                self.automaton.add_word(key, hit)
                continue
            # A short name ("Li", "UN", "Cho") is a substring of many words: it is looked
            # for with the character that ends it, which the match then leaves out.
            for after in _NAME_ENDS:
                self.automaton.add_word(key + after, hit)
        self.automaton.make_automaton()
        self.persons_by_surname = {k: tuple(v) for k, v in persons_by_surname.items()}
        self.states = frozenset(a["id"] for a in actors if a.get("type") == "state")
        self.surname_of = {pid: s for s, pids in self.persons_by_surname.items() for pid in pids}

    def candidates(self, scan: Scan) -> list[tuple[int, int, Entry]]:
        """All name matches at word boundaries, before overlap resolution, in order of
        start, longest first, then by ``KIND_RANK``."""
        text, low = scan.text, scan.low
        n = len(text)
        out = []
        append = out.append
        for end_idx, (length, entries, personal, titled) in scan.hits(self):
            if length <= SHORT_NAME:  # found with the character after it
                end_idx -= 1
            start, end = end_idx - length + 1, end_idx + 1
            if (start and text[start - 1].isalnum()) or (end < n and text[end].isalnum()):
                continue
            span = text[start:end]
            # "President Lee" or "Lee" followed by a given name is part of a longer name.
            continues_name = personal and _NAME_GOES_ON.match(text, end) is not None
            if titled and not continues_name and start > 1 and text[start - 1] == " ":
                word = low[low.rfind(" ", max(0, start - 40), start - 1) + 1 : start - 1]
                if word not in self._title_ends:  # "said Kim", "Kim and": no title
                    titled = ()
            else:
                titled = ()
            for key, titled_entries in titled:
                a = end - len(key)
                if a >= 0 and low.startswith(key, a) and not (a and text[a - 1].isalnum()):
                    for e in titled_entries:  # exact case, as the automaton's were
                        if text[a:end] == e.surface:
                            append((a, end, e))
            for e in entries:
                if continues_name and e.kind in ("titled", "surname"):
                    continue
                if e.exact_case and span != e.surface:
                    continue
                if not e.exact_case and not (span[0].isupper() or span[0].isdigit()):
                    continue
                append((start, end, e))
        out.sort(key=_start_then_longest)  # stable: a span's entries stay in rank order
        return out


def mentions_by_sentence(mentions: Iterable[Mention]) -> dict[int, list[Mention]]:
    """Mentions grouped by the start offset of their sentence."""
    out: dict[int, list[Mention]] = {}
    for m in mentions:
        out.setdefault(m.sentence_start, []).append(m)
    return out


def _start_then_longest(c: tuple[int, int, Entry]) -> tuple[int, int]:
    return c[0], c[0] - c[1]


def find_mentions(
    text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer, scan: Scan | None = None
) -> list[Mention]:
    """Mentions of known actors inside the given sentences, in text order; ``scan`` is
    the document's ``Scan`` if already made."""
    mentions: list[Mention] = []
    last_full: dict[str, str] = {}  # surname -> person id last named in full
    surname_of = gazetteer.surname_of
    # One automaton pass over the whole text; each sentence takes its candidates,
    # leftmost-longest (candidates come sorted by start, longest first, then by rank).
    cands = gazetteer.candidates(scan or Scan.of(text))
    starts = [c[0] for c in cands]
    for sent in sentences:
        lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        if lo == hi:
            continue
        org_nouns = _ORG_NOUN.search(text, sent.start, sent.end) is not None
        dropped_capital_end = None
        last_end = -1
        outer: tuple[int, int] | None = None  # the span of the last body named
        for s, e, entry in cands[lo:hi]:
            if s < last_end and outer and e <= outer[1] and _names_a_state(entry, gazetteer):
                # "U.S. Navy", "Japan Maritime Self-Defense Force", "Republic of Korea
                # Navy": the state inside a body's name is a mention of its own.
                mentions.append(_mention(text, s, e, entry, entry.actors[0], sent))
                continue
            if s < last_end or e > sent.end:
                continue
            last_end = e
            outer = None
            if entry.kind == "block":
                continue
            if (
                org_nouns
                and entry.kind in ("name", "acronym", "demonym", "capital")
                and (
                    _ORG_AFTER.match(text, e, sent.end)
                    or _ORG_BEFORE.search(text, None, max(sent.start, s - 60), s)
                )
            ):
                continue
            if len(entry.actors) == 1 and entry.kind != "surname":
                actor = entry.actors[0]
            else:
                actor = _resolve(entry, text[e : min(e + 40, sent.end)], last_full)
            if actor is None:
                continue
            if entry.kind == "capital":
                coordinated = dropped_capital_end is not None and _COORDINATED.match(
                    text[dropped_capital_end:s]
                )
                # "met in Seoul", "in Tokyo and Seoul", "(London: Routledge)" are places.
                if (_LOCATIVE.search(text, None, max(sent.start, s - 60), s) or coordinated
                        or text.startswith(":", e)):  # fmt: skip
                    dropped_capital_end = e
                    continue
            if entry.kind in ("name", "titled") and actor in surname_of:
                last_full[surname_of[actor]] = actor
            if entry.kind in ("name", "acronym") and actor not in gazetteer.states:
                outer = (s, e)
            mentions.append(_mention(text, s, e, entry, actor, sent))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _names_a_state(entry: Entry, gazetteer: Gazetteer) -> bool:
    return (
        entry.kind in ("name", "acronym", "demonym")
        and len(entry.actors) == 1
        and entry.actors[0] in gazetteer.states
    )


def _mention(text: str, s: int, e: int, entry: Entry, actor: str, sent: Sentence) -> Mention:
    return Mention(
        start=s, end=e, text=text[s:e], actor_id=actor, kind=entry.kind,
        confidence=CONFIDENCE[entry.kind], sentence_start=sent.start, sentence_end=sent.end,
    )  # fmt: skip


def _resolve(entry: Entry, after: str, last_full: Mapping[str, str]) -> str | None:
    if entry.kind == "surname":
        if entry.surface in last_full:
            return last_full[entry.surface]
        if len(entry.actors) == 1 and _LEADER_CONTEXT.match(after):
            return entry.actors[0]
        return None
    if len(entry.actors) == 1:
        return entry.actors[0]
    # An ambiguous titled name ("President Lee"): the person named in full before.
    surname = entry.surface.rsplit(" ", 1)[-1]
    named = last_full.get(surname)
    return named if named in entry.actors else None
