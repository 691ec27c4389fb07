"""Agreement mentions: curated treaties and declarations, and named ones outside the list.

Three ways to find one, in order of trust:
1. an alias of a curated agreement ("the 1953 Mutual Defense Treaty");
2. a curated cue in a sentence that also names a party and the year signed
   ("an agreement was reached in 2015 on the issue of comfort women");
3. a capitalised name ending in Treaty, Agreement, Accord, Pact, Declaration or
   Joint Statement that is not curated ("the Treaty on Comprehensive Strategic
   Partnership"): captured with the name as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from extract.dates import find_dates
from extract.mentions import Mention
from extract.phrases import PhraseMatcher, lower_same_length
from extract.sentences import Sentence

VERSION = "1.0.0"

_HEADS = {
    "treaty": "treaty", "agreement": "agreement", "accord": "agreement", "pact": "treaty",
    "declaration": "declaration", "joint statement": "joint_statement",
    "communiqué": "joint_statement", "communique": "joint_statement",
}  # fmt: skip
_CAP = r"(?:[A-Z][\w’'.&-]*|U\.S\.)"
_LINK = r"(?:of|on|for|and|between|the|to|in)"
_NAMED = re.compile(
    rf"\b(?P<name>{_CAP}(?:[ -](?:{_CAP}|{_LINK}))*?[ -](?P<head>Treaty|Agreement|Accord|Pact|"
    rf"Declaration|Joint Statement|Communiqu[eé])(?:[ ](?:on|of|for|between)(?:[ ](?:the|a))?"
    rf"(?:[ ]{_CAP})+)?)(?! Organi[sz]ation)"
)
# Names that look like agreements but are not ("Free Trade Agreement" alone).
_GENERIC = re.compile(
    r"^(?:The |A |An )?(?:Free Trade|Trade|Peace|Security|Defense|Joint) "
    r"(?:Agreement|Treaty|Declaration|Statement)$"
)


@dataclass(frozen=True, slots=True)
class AgreementMention:
    start: int
    end: int
    text: str
    agreement_id: str
    how: str  # alias, cue, named
    confidence: float
    sentence_start: int
    sentence_end: int
    # Only for agreements outside the vocabulary:
    name: str | None = None
    agreement_type: str | None = None
    parties: tuple[str, ...] = ()
    year: int | None = None


_YEAR_BEFORE = re.compile(r"(?<!\w)(?:1[89]|20)\d\d\s+$")
_YEAR_AFTER = re.compile(r"\s+of\s+(?:1[89]|20)\d\d(?!\w)")
_NAMED_CHEAP = re.compile(
    r"[A-Z]\w* (?:Treaty|Agreement|Accord|Pact|Declaration|Joint Statement|"
    r"Communiqu[eé])\b"
)


def _find_all(haystack: str, needle: str):
    i = haystack.find(needle)
    while i >= 0:
        yield i
        i = haystack.find(needle, i + 1)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class AgreementMatcher:
    def __init__(self, agreements: Sequence[Mapping[str, Any]]) -> None:
        self._aliases = PhraseMatcher(
            (alias, a["id"]) for a in agreements for alias in a["aliases"]
        )
        self._parties = {a["id"]: tuple(a["parties"]) for a in agreements}
        self._cues = [
            (
                a["id"],
                [c.casefold() for c in a.get("cues") or ()],
                set(a["parties"]),
                int(a["date_signed"][:4]),
            )
            for a in agreements
            if a.get("cues")
        ]

    def parties(self, agreement_id: str) -> tuple[str, ...]:
        """Parties of a curated agreement; none for one found by its name only."""
        return self._parties.get(agreement_id, ())

    def find(
        self,
        text: str,
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        actor_country: Mapping[str, str | None],
    ) -> list[AgreementMention]:
        out: list[AgreementMention] = []
        by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence_start, []).append(m)
        # Whole-text passes, then each hit goes to its sentence.
        starts = [s.start for s in sentences]
        low_text = lower_same_length(text)
        alias_hits: dict[int, list[tuple[int, int, str]]] = {}
        for a, b, aid in self._aliases.finditer(text, low_text):
            i = bisect_right(starts, a) - 1
            if i >= 0 and b <= sentences[i].end:
                alias_hits.setdefault(i, []).append((a, b, aid))
        cue_sentences = {
            bisect_right(starts, j) - 1
            for _, cues, _, _ in self._cues for c in cues
            for j in _find_all(low_text, c)
        }  # fmt: skip
        named_sentences = {bisect_right(starts, m.start()) - 1 for m in _NAMED_CHEAP.finditer(text)}
        for i, s in enumerate(sentences):
            if i not in alias_hits and i not in cue_sentences and i not in named_sentences:
                continue
            chunk = text[s.start : s.end]
            taken: list[tuple[int, int]] = []
            found: set[str] = set()
            for a, b, aid in alias_hits.get(i, ()):
                # The year that names it belongs to it: "the 1960 Treaty ...", "... of 2007".
                if y := _YEAR_BEFORE.search(text, max(s.start, a - 6), a):
                    a = y.start()
                if y := _YEAR_AFTER.match(text, b, s.end):
                    b = y.end()
                out.append(AgreementMention(a, b, text[a:b], aid, "alias", 0.95, s.start, s.end))
                taken.append((a - s.start, b - s.start))
                found.add(aid)
            low = chunk.casefold()
            states = {actor_country.get(m.actor_id) for m in by_sentence.get(s.start, ())}
            years = {d.value.year for d in find_dates(chunk)} if i in cue_sentences else set()
            for aid, cues, parties, year in self._cues if i in cue_sentences else ():
                if aid in found or year not in years or not (states & parties):
                    continue
                for cue in cues:
                    j = low.find(cue)
                    if j >= 0 and not any(a <= j < b for a, b in taken):
                        out.append(
                            AgreementMention(
                                s.start + j,
                                s.start + j + len(cue),
                                chunk[j : j + len(cue)],
                                aid,
                                "cue",
                                0.7,
                                s.start,
                                s.end,
                            )
                        )
                        taken.append((j, j + len(cue)))
                        found.add(aid)
                        break
            for m in _NAMED.finditer(chunk) if i in named_sentences else ():
                a, b = m.span("name")
                name = m.group("name")
                if any(x < b and a < y for x, y in taken) or _GENERIC.match(name):
                    continue
                name = re.sub(r"^(?:The|A|An) ", "", name)
                a = b - len(name)
                parties = tuple(sorted({
                    c for mm in by_sentence.get(s.start, ())
                    if s.start + a <= mm.start < s.start + b
                    and (c := actor_country.get(mm.actor_id))
                }))  # fmt: skip
                before = chunk[max(0, a - 6) : a]
                ym = re.search(r"(1[89]\d\d|20\d\d)\s*$", before)
                out.append(AgreementMention(
                    s.start + a, s.start + b, name, "new-" + slug(name), "named", 0.6,
                    s.start, s.end, name=name, agreement_type=_HEADS[m.group("head").lower()],
                    parties=parties, year=int(ym.group(1)) if ym else None,
                ))  # fmt: skip
                taken.append((a, b))
        return sorted(out, key=lambda x: x.start)
