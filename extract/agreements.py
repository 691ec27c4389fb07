"""Agreement mentions: curated treaties and declarations, and named ones outside the list.

Ways to find one, in order of trust:
1. an alias of a curated agreement ("the 1953 Mutual Defense Treaty"); an alias that
   several versions share ("the Defense Guidelines", "the SMA") names the version of
   the year next to it or in the sentence, else of a party the sentence names, else
   the latest signed before the document;
2. a curated cue in a sentence that also names a party and the year signed, or in a
   document of that year ("an agreement was reached in 2015 on the issue of comfort
   women");
3. a dated reference to a curated agreement: "a 2006 agreement", "a 1965 treaty
   between Japan and South Korea" - the one curated agreement of that year and kind
   whose parties the sentence or the document names;
4. a capitalised name ending in Treaty, Agreement, Accord, Pact, Declaration or
   Joint Statement that is not curated ("the Treaty on Comprehensive Strategic
   Partnership"): captured with the name as written;
5. "the pact", "the deal", "this agreement": the agreement the text named last, in
   the few sentences before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from extract.dates import YEAR, find_dates
from extract.ids import slug
from extract.literals import Led
from extract.mentions import Mention, mentions_by_sentence
from extract.phrases import PhraseMatcher, Scan, Substrings
from extract.pickling import by_fields
from extract.sentences import Sentence, sentence_starts, spans_by_sentence

VERSION = "2.0.0"
LOOK_BACK = 5  # sentences: how far back "the pact" looks for the agreement it means

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
_TITLED = re.compile(
    r"(?P<name>Joint Statement of the (?:[A-Z][\w.+-]*\s)+?(?:Committee|Meeting|Talks|Dialogue|"
    r"Summit|Leaders|Ministers))\b|\b(?:SCC|2\+2|joint|summit|ministerial) (?:document|statement|"
    r"declaration),?\s+[\"“](?P<title>[A-Z][^\"”\n]{5,120}?)[,.]?[\"”]"
)
# What every _TITLED match holds, lower-cased: the cheap test before it.
_TITLED_CHEAP = re.compile(r"statement of the|document|declaration,?\s+[\"“]|statement,?\s+[\"“]")
_ROLE = re.compile(r"(?:Chief|Negotiator|Director|Office|Minister|Secretary|Ambassador|Head)\b")
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
# "a 2006 agreement", "the 1965 treaty between Japan and South Korea"
# (The year first, then the determiner before it: a pattern that began with "a", "the",
# ... would be tried at every position of a sentence.)
_DATED = re.compile(
    rf"(?P<year>{YEAR})\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?P<head>agreement|treaty|accord|pact|deal|declaration|joint statement|guidelines|"
    r"arrangement|plan)\b",
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|their|this|that)\s+$", re.IGNORECASE)
# "the pact", "this agreement": the agreement named last
_ANAPHOR = Led(re.compile(
    r"\b(?:the|this|that|said)\s+(?P<head>agreement|treaty|accord|pact|deal)\b"
    r"(?!\s+(?:on|of|with|between)\b)",
    re.IGNORECASE,
))  # fmt: skip
_HEAD_TYPES = {
    "treaty": {"treaty", "sofa", "armistice"}, "pact": {"treaty", "agreement", "sofa"},
    "declaration": {"declaration", "joint_statement"},
    "joint statement": {"joint_statement", "declaration"}, "guidelines": {"guidelines"},
}  # fmt: skip


class AgreementMatcher:
    def __init__(self, agreements: Sequence[Mapping[str, Any]]) -> None:
        ids_of: dict[str, list[str]] = {}
        for a in agreements:
            for alias in a["aliases"]:
                ids = ids_of.setdefault(" ".join(alias.lower().split()), [])
                if a["id"] not in ids:  # an alias listed in two cases names it once
                    ids.append(a["id"])
        self.aliases = PhraseMatcher((alias, tuple(ids)) for alias, ids in ids_of.items())
        self._parties = {a["id"]: tuple(a["parties"]) for a in agreements}
        self._year = {a["id"]: int(a["date_signed"][:4]) for a in agreements}
        self._type = {a["id"]: a["type"] for a in agreements}
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
        year: int | None = None,
    ) -> list[AgreementMention]:
        """Agreement mentions of a document, in text order; at most one per span.

        ``year`` is the year of the document's date; ``scan`` (the document's ``Scan``)
        and ``by_sentence`` (``mentions_by_sentence``) may be passed in when already made.
        """
        by_sentence = mentions_by_sentence(mentions) if by_sentence is None else by_sentence
        # Whole-text passes first; only the sentences they hit are looked at.
        starts = sentence_starts(sentences)
        scan = scan or Scan.of(text)
        low = scan.low
        aliases = spans_by_sentence(sentences, self.aliases.finditer(scan))
        cued = spans_by_sentence(sentences, self.cue_words.spans(scan))
        named = {
            bisect_right(starts, w.start()) - 1
            for m in _HEAD_CHEAP.finditer(text)
            if text[m.start() - 1 : m.start()] == " "
            and (w := _CAPITAL_WORD_BEFORE.search(text, max(0, m.start() - 40), m.start()))
        }

        doc_states = {c for m in mentions if (c := actor_country.get(m.actor_id))}
        heads = set(spans_by_sentence(sentences, HEAD_WORDS.finditer(scan)))
        out: list[AgreementMention] = []
        last: list[tuple[int, AgreementMention]] = []  # (sentence index, mention)
        for i, s in enumerate(sentences):
            if i not in aliases and i not in cued and i not in named and i not in heads:
                continue
            here = by_sentence.get(s.start, ())
            states = {actor_country.get(m.actor_id) for m in here} - {None}
            recent = {m.agreement_id for _, m in last}
            found = [self._alias(text, s, a, b, ids, states, doc_states, year, recent)
                     for a, b, ids in aliases.get(i, ())]  # fmt: skip
            found = [f for f in found if f is not None]
            if i in cued:
                found += self._cue(text, low, s, here, actor_country, found, year)
            if i in heads:
                found += self._dated(text, s, states, doc_states, found)
            titled = i in heads and _TITLED_CHEAP.search(low, s.start, s.end) is not None
            if i in named or titled:
                found += _named(text, s, here, actor_country, found, i in named, titled)
            if (
                i in heads
                and not found
                and (recent_ones := [m for j, m in last if i - j <= LOOK_BACK])
            ):
                found += _anaphors(text, low, s, recent_ones, self._type)
            last += [(i, m) for m in found]
            out += found
        return sorted(out, key=lambda x: x.start)

    def _alias(self, text, s, a, b, ids, states, doc_states, doc_year, recent):
        # The year that names it belongs to it: "the 1960 Treaty ...", "... of 2007".
        year = None
        if y := _YEAR_BEFORE.search(text, max(s.start, a - 6), a):
            a, year = y.start(), int(y.group().strip())
        if y := _YEAR_AFTER.match(text, b, s.end):
            b, year = y.end(), int(y.group().split()[-1])
        aid = ids[0] if len(ids) == 1 else self._version(ids, year, text, s, states, doc_states,
                                                         doc_year, recent)  # fmt: skip
        if aid is None:
            return None
        return AgreementMention(a, b, text[a:b], aid, "alias", 0.95, s.start, s.end)

    def _version(self, ids, year, text, s, states, doc_states, doc_year, recent) -> str | None:
        """Which of the agreements sharing an alias is meant (see the module docstring):
        the one of the year named, else the one named before in the document, else of
        the parties named; none when the document names none of any version's parties
        (the alias then names an agreement the vocabulary does not hold)."""
        if not any(set(self._parties[i]) - {"USA"} <= doc_states for i in ids):
            return None
        if year is None:
            years = {d.value.year for d in find_dates(text, s.start, s.end)}
            ids_then = [i for i in ids if self._year[i] in years]
            if len(ids_then) == 1:
                return ids_then[0]
        else:
            ids_then = [i for i in ids if self._year[i] == year]
            if ids_then:
                return ids_then[0]
        named_before = [i for i in ids if i in recent]
        if len(named_before) == 1:
            return named_before[0]
        for named in (states, doc_states):
            ids_party = [i for i in ids if set(self._parties[i]) <= named | {"USA"}]
            if 0 < len(ids_party) < len(ids):
                ids = ids_party
                break
        before = [i for i in ids if doc_year is None or self._year[i] <= doc_year]
        return max(before or ids, key=lambda i: self._year[i])

    def _dated(self, text, s, states, doc_states, taken) -> list[AgreementMention]:
        """ "a 2006 agreement": the one curated agreement of that year and kind between
        states the sentence (else the document) names."""
        out: list[AgreementMention] = []
        for m in _DATED.finditer(text, s.start, s.end):
            p = m.start("year")
            if not _DETERMINER_BEFORE.search(text, max(s.start, p - 12), p):
                continue
            if _overlaps(p, m.end(), taken + out):
                continue
            y, head = int(m.group("year")), m.group("head").lower()
            kinds = _HEAD_TYPES.get(head)
            cands = [i for i, yy in self._year.items() if yy == y
                     and (kinds is None or self._type[i] in kinds)]  # fmt: skip
            for named in (states, doc_states):
                fit = [i for i in cands if set(self._parties[i]) <= named and len(named) > 1]
                if len(fit) == 1:
                    a, b = m.start("year"), m.end()
                    out.append(AgreementMention(a, b, text[a:b], fit[0], "reference", 0.7,
                                                s.start, s.end))  # fmt: skip
                    break
        return out

    def _cue(self, text, low, s, here, actor_country, taken, doc_year) -> list[AgreementMention]:
        """Curated agreements named by a cue, in a sentence with a party and the year
        signed, or in a document of that year."""
        states = {actor_country.get(m.actor_id) for m in here}
        years: set[int] | None = None  # parsed only for a sentence that may need them
        out: list[AgreementMention] = []
        for aid, cues, parties, year in self._cues:
            if not states & parties or any(t.agreement_id == aid for t in taken + out):
                continue
            if years is None:
                years = {d.value.year for d in find_dates(text, s.start, s.end)}
                years |= {doc_year} if doc_year else set()
            if year not in years:
                continue
            for cue in cues:
                j = low.find(cue, s.start, s.end)
                if j >= 0 and not _overlaps(j, j + len(cue), taken + out):
                    out.append(AgreementMention(j, j + len(cue), text[j : j + len(cue)], aid,
                                                "cue", 0.7, s.start, s.end))  # fmt: skip
                    break
        return out


# Words after which an agreement may be named or referred to: their sentences are
# looked at for dated references, titles and anaphors (found by the phrase scan).
HEAD_WORDS = PhraseMatcher((w, None) for w in (
    "agreement", "agreements", "treaty", "treaties", "accord", "pact", "deal", "declaration",
    "statement", "guidelines", "arrangement", "plan", "document",
))  # fmt: skip


def _anaphors(text, low, s, recent, types) -> list[AgreementMention]:
    """ "the pact", "this agreement": the agreement named last, of a fitting kind."""
    out = []
    for m in _ANAPHOR.finditer(text, low, s.start, s.end):
        kinds = _HEAD_TYPES.get(m.group("head").lower())
        for prior in reversed(recent):
            kind = types.get(prior.agreement_id, prior.agreement_type)
            if kinds is None or kind in kinds:
                out.append(AgreementMention(
                    m.start(), m.end(), text[m.start() : m.end()], prior.agreement_id,
                    "anaphor", 0.6, s.start, s.end, name=prior.name,
                    agreement_type=prior.agreement_type, parties=prior.parties, year=prior.year,
                ))  # fmt: skip
                break
    return out


def _overlaps(a: int, b: int, taken: Sequence[AgreementMention]) -> bool:
    return any(t.start < b and a < t.end for t in taken)


def _named(text, s, here, actor_country, taken, capitalised=True,
           titled=True) -> list[AgreementMention]:  # fmt: skip
    """Capitalised agreement names outside the vocabulary, as written; joint documents
    named by their title ("Joint Statement of the Security Consultative Committee", the
    SCC document "Cooperation in Response to ...")."""
    out: list[AgreementMention] = []
    for m in _TITLED.finditer(text, s.start, s.end) if titled else ():
        a, b = m.span("name" if m.group("name") else "title")
        if not _overlaps(a, b, taken + out):
            name = text[a:b]
            out.append(AgreementMention(
                a, b, name, "new-" + slug(name), "named", 0.6, s.start, s.end, name=name,
                agreement_type="joint_statement",
            ))  # fmt: skip
    for m in _NAMED.finditer(text, s.start, s.end) if capitalised else ():
        name = re.sub(r"^(?:The|A|An) ", "", m.group("name"))
        b = m.end("name")
        a = b - len(name)
        if _overlaps(a, b, taken + out) or _GENERIC.match(m.group("name")):
            continue
        if _ROLE.match(name):
            continue  # "Chief Negotiator for Defense Agreement": a job title
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
