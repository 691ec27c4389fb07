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

from extract.dates import YEAR, find_dates
from extract.ids import slug
from extract.mentions import Mention, mentions_by_sentence
from extract.phrases import PhraseMatcher, Scan, Substrings
from extract.pickling import by_fields
from extract.sentences import Sentence, spans_by_sentence

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


@by_fields
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


_YEAR_BEFORE = re.compile(rf"(?<!\w){YEAR}\s+$")
_YEAR_AFTER = re.compile(rf"\s+of\s+{YEAR}(?!\w)")
_YEAR_ENDING = re.compile(rf"({YEAR})\s*$")
# Cheap pre-filter for _NAMED: a capitalised word, then an agreement head. Searching
# for the head first is several times faster than for the capitalised word.
_HEAD_CHEAP = re.compile(
    r"(?:Treaty|Agreement|Accord|Pact|Declaration|Joint Statement|Communiqu[eé])\b"
)
_CAPITAL_WORD_BEFORE = re.compile(r"[A-Z]\w* $")


class AgreementMatcher:
    def __init__(self, agreements: Sequence[Mapping[str, Any]]) -> None:
        self.aliases = PhraseMatcher((alias, a["id"]) for a in agreements for alias in a["aliases"])
        self._parties = {a["id"]: tuple(a["parties"]) for a in agreements}
        self._names = {a["id"]: a["name"] for a in agreements}
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
        self.cue_words = Substrings((c, None) for _, cues, _, _ in self._cues for c in cues)

    def parties(self, agreement_id: str) -> tuple[str, ...]:
        """Parties of a curated agreement; none for one found by its name only."""
        return self._parties.get(agreement_id, ())

    def name(self, mention: AgreementMention) -> str:
        """The curated name of a mentioned agreement, else the name as written."""
        return self._names.get(mention.agreement_id) or mention.name or mention.text

    def find(
        self,
        text: str,
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        actor_country: Mapping[str, str | None],
        scan: Scan | None = None,
        by_sentence: Mapping[int, Sequence[Mention]] | None = None,
    ) -> list[AgreementMention]:
        """Agreement mentions of a document, in text order; at most one per span.

        ``scan`` (the document's ``Scan``) and ``by_sentence`` (``mentions_by_sentence``)
        may be passed in when already made.
        """
        by_sentence = mentions_by_sentence(mentions) if by_sentence is None else by_sentence
        # Whole-text passes first; only the sentences they hit are looked at.
        starts = [s.start for s in sentences]
        scan = scan or Scan.of(text)
        low = scan.low
        aliases = spans_by_sentence(sentences, self.aliases.finditer(scan))
        cued = spans_by_sentence(sentences, self.cue_words.spans(scan))
        named = {
            bisect_right(starts, w.start()) - 1
            for m in _HEAD_CHEAP.finditer(text)
            if (w := _CAPITAL_WORD_BEFORE.search(text, max(0, m.start() - 40), m.start()))
        }

        out: list[AgreementMention] = []
        for i, s in enumerate(sentences):
            if i not in aliases and i not in cued and i not in named:
                continue
            here = by_sentence.get(s.start, ())
            found = [self._alias(text, s, a, b, aid) for a, b, aid in aliases.get(i, ())]
            if i in cued:
                found += self._cue(text, low, s, here, actor_country, found)
            if i in named:
                found += _named(text, s, here, actor_country, found)
            out += found
        return sorted(out, key=lambda x: x.start)

    @staticmethod
    def _alias(text: str, s: Sentence, a: int, b: int, aid: str) -> AgreementMention:
        # The year that names it belongs to it: "the 1960 Treaty ...", "... of 2007".
        if y := _YEAR_BEFORE.search(text, max(s.start, a - 6), a):
            a = y.start()
        if y := _YEAR_AFTER.match(text, b, s.end):
            b = y.end()
        return AgreementMention(a, b, text[a:b], aid, "alias", 0.95, s.start, s.end)

    def _cue(self, text, low, s, here, actor_country, taken) -> list[AgreementMention]:
        """Curated agreements named by a cue, in a sentence with a party and the year signed."""
        states = {actor_country.get(m.actor_id) for m in here}
        years: set[int] | None = None  # parsed only for a sentence that may need them
        out: list[AgreementMention] = []
        for aid, cues, parties, year in self._cues:
            if not states & parties or any(t.agreement_id == aid for t in taken + out):
                continue
            if years is None:
                years = {d.value.year for d in find_dates(text, s.start, s.end)}
            if year not in years:
                continue
            for cue in cues:
                j = low.find(cue, s.start, s.end)
                if j >= 0 and not _overlaps(j, j + len(cue), taken + out):
                    out.append(AgreementMention(j, j + len(cue), text[j : j + len(cue)], aid,
                                                "cue", 0.7, s.start, s.end))  # fmt: skip
                    break
        return out


def _overlaps(a: int, b: int, taken: Sequence[AgreementMention]) -> bool:
    return any(t.start < b and a < t.end for t in taken)


def _named(text, s, here, actor_country, taken) -> list[AgreementMention]:
    """Capitalised agreement names outside the vocabulary, as written."""
    out: list[AgreementMention] = []
    for m in _NAMED.finditer(text, s.start, s.end):
        name = re.sub(r"^(?:The|A|An) ", "", m.group("name"))
        b = m.end("name")
        a = b - len(name)
        if _overlaps(a, b, taken + out) or _GENERIC.match(m.group("name")):
            continue
        parties = tuple(sorted({
            c for mm in here if a <= mm.start < b and (c := actor_country.get(mm.actor_id))
        }))  # fmt: skip
        ym = _YEAR_ENDING.search(text[max(s.start, a - 6) : a])
        out.append(AgreementMention(
            a, b, name, "new-" + slug(name), "named", 0.6, s.start, s.end, name=name,
            agreement_type=_HEADS[m.group("head").lower()], parties=parties,
            year=int(ym.group(1)) if ym else None,
        ))  # fmt: skip
    return out
