"""People with a stated role, and the works listed in a source.

People come from three kinds of statement:

* author notes: "Kuyoun Chung is an Associate Professor of Political Science at
  Kangwon National University (South Korea)."
* officials named with their office: "Japanese Prime Minister Fumio Kishida"
  (the person is a curated actor; the title stands right before the name);
* appositions and affiliations: "Tarun Chhabra, now Director for Technology and
  National Security at the National Security Council", "Eric Brown of the Hudson
  Institute".

Works: a table of contents is a run of title lines each followed by a line that
names one of the registered authors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from extract.boilerplate import Block
from extract.ids import slug
from extract.mentions import Mention
from extract.phrases import Scan, Substrings
from extract.pickling import by_fields
from extract.sentences import labels_by_sentence

VERSION = "1.0.0"

_NAME = r"(?:[A-Z][a-zà-ÿ’'-]+|[A-Z]\.)(?:[ -](?:[A-Z][a-zà-ÿ’'-]+|[A-Z]\.)){1,3}"
_CAPS_NAME = r"[A-Z][A-Z’'-]+(?: [A-Z][A-Z’'-]+){1,3}"
_NOTE = re.compile(
    rf"(?:\*\*)?(?P<name>{_NAME}|{_CAPS_NAME})(?:\*\*)? is (?:(?:a|an|the) )?(?P<rest>[^\n]+)"
)
_ORG_SPLIT = re.compile(r" (?:at|with|in) (?:the )?(?=[A-Z])| of the (?=[A-Z])")
_ORG_END = re.compile(r"\s*(?:\(|,| and (?:a|an|the) |\.\s|\.$| where | who )")
_APPOSITION = re.compile(
    rf"(?P<name>{_NAME}), (?:now|currently|formerly) (?:the |a |an )?(?P<position>[A-Z][^,;]+?)"
    r" (?:at|of) (?:the )?(?P<org>[A-Z][^,;.]+)"
)
_BY = re.compile(r"by\s+", re.IGNORECASE)
# Each pattern's sentence must hold one of its cues, in any case (a cheap pre-filter).
CUES = Substrings(
    [(c, "apposition") for c in (", now ", ", currently ", ", formerly ")]
    + [(" of the ", "affiliation")]
)
_ORG_NOUN = (
    r"(?:Institute|Council|Center|Centre|University|Foundation|Institution|Endowment|"
    r"Forum|Program|Programme|Initiative|Society|Academy|Office|Department|Ministry)"
)
_AFFILIATION = re.compile(
    rf"(?P<name>{_NAME}) of the (?P<org>(?:[A-Z][\w.&-]*\s)*?{_ORG_NOUN}(?: (?:of|for) "
    r"(?:the )?[A-Z][\w&-]*(?: [A-Z][\w&-]*)*)?)"
)
TITLES = (
    "President", "Vice President", "Prime Minister", "Foreign Minister", "Defense Minister",
    "Defence Minister", "Minister", "Secretary of State", "Secretary of Defense", "Secretary",
    "Ambassador", "Chairman", "General", "Admiral", "Senator",
)  # fmt: skip
_TITLE_BEFORE = re.compile(
    r"(?:(?P<former>former) )?(?:(?P<adj>[A-Z][a-z]+(?: [A-Z][a-z]+)??) )??"
    rf"(?P<title>{'|'.join(sorted(TITLES, key=len, reverse=True))}) $"
)
_STOP_NAMES = {"The", "This", "That", "These", "In", "As", "But", "And", "It"}
# Words of a job title, never of a person's name ("Senior Research Fellow of the ...").
_ROLE_WORDS = {
    "Fellow",
    "Professor",
    "Director",
    "Associate",
    "Senior",
    "Research",
    "President",
    "Chair",
    "Candidate",
    "Advisor",
    "Adviser",
    "Lecturer",
    "Scholar",
    "Head",
}


@by_fields
@dataclass(frozen=True, slots=True)
class Role:
    """One statement of who a person is."""

    name: str
    position: str | None
    organization: str | None
    organization_country: str | None
    start: int  # the statement's span (its sentence or line)
    end: int
    source: str  # author_note, office, apposition, affiliation, byline
    actor_id: str | None = None


@by_fields
@dataclass(frozen=True, slots=True)
class Work:
    title: str
    authors: tuple[str, ...]
    start: int
    end: int


def person_id(name: str) -> str:
    return slug(name)


def _clean_name(name: str) -> str:
    return name.title() if name.isupper() else name


def _country_in(text: str, start: int, end: int, mentions: Sequence[Mention],
                actor_country: Mapping[str, str | None]) -> str | None:  # fmt: skip
    """The country named in parentheses in the span, else any state named in it."""
    inside = [m for m in mentions if start <= m.start < end]
    for m in reversed(inside):
        if text[m.start - 1 : m.start] == "(" and actor_country.get(m.actor_id):
            return actor_country[m.actor_id]
    return None


def _organization(tail: str) -> str | None:
    """The institution: "Department of X at Yonsei University" -> "Yonsei University"."""
    end = _ORG_END.search(tail)
    org = tail[: end.start()] if end else tail
    org = re.split(r" at (?:the )?(?=[A-Z])", org)[-1]
    org = re.sub(r" in [A-Z][a-z]+(?:,? [A-Z][\w.]*)?$", "", org)  # "... in Tokyo"
    return org.strip(" ,.") or None


def author_notes(text: str, blocks: Sequence[Block], sentences, mentions: Sequence[Mention],
                 actor_country: Mapping[str, str | None]) -> list[Role]:  # fmt: skip
    out = []
    for b in blocks:
        if b.role != "body":
            continue
        m = _NOTE.match(text, b.start, b.end)
        if not m or m.group("name").split()[0] in _STOP_NAMES:
            continue
        rest = m.group("rest")
        # Position up to the organisation ("at", "with", "in the", "of the"),
        # organisation up to a parenthesis, comma, "and a" or the sentence's end.
        split = _ORG_SPLIT.search(rest)
        position = rest[: split.start()] if split else re.split(r"[,.(]", rest)[0]
        position = re.split(r", (?:a|an|the) ", position)[0]
        org = _organization(rest[split.end() :]) if split else None
        first = next((s for s in sentences if s.start <= m.start() < s.end), None)
        end = first.end if first else b.end
        out.append(Role(
            _clean_name(m.group("name")), position.strip(" ,.") or None, org,
            _country_in(text, m.start(), end, mentions, actor_country),
            m.start(), end, "author_note",
        ))  # fmt: skip
    return out


def _state_name(actors: Mapping[str, Mapping], country: str | None) -> str:
    """The curated state's name, with the article it takes: "the United States", "Japan"."""
    name = next((a["name"] for a in actors.values()
                 if a["type"] == "state" and a["country"] == country), country or "")  # fmt: skip
    plural_or_titled = name.startswith(("United ", "Republic ", "People's ", "Democratic "))
    return f"the {name}" if plural_or_titled or name.endswith("s") else name


def officials(text: str, sentences, mentions: Sequence[Mention], actors: Mapping[str, Mapping],
              demonym_country: Mapping[str, str]) -> list[Role]:  # fmt: skip
    """Curated persons named right after their title: "Japanese Prime Minister Fumio Kishida"."""
    out = []
    for m in mentions:
        actor = actors.get(m.actor_id)
        if not actor or actor["type"] != "person" or m.kind not in ("name", "titled"):
            continue
        if m.kind == "titled":  # "President Biden": the title is part of the mention
            title = m.text.rsplit(" ", 1)[0]
            before = _TITLE_BEFORE.search(text, max(m.sentence_start, m.start - 30), m.start)
            adj = before.group("adj") if before else None
        else:
            t = _TITLE_BEFORE.search(text, max(m.sentence_start, m.start - 40), m.start)
            if not t:
                continue
            title, adj = t.group("title"), t.group("adj")
        if adj and adj == "Vice":
            title, adj = f"Vice {title}", None
        country = demonym_country.get(adj or "") or actor.get("country")
        out.append(Role(
            actor["name"], title, f"Government of {_state_name(actors, country)}",
            country, m.sentence_start, m.sentence_end, "office", actor["id"],
        ))  # fmt: skip
    return out


def appositions(
    text: str,
    sentences,
    mentions: Sequence[Mention],
    actor_country: Mapping[str, str | None],
    scan: Scan | None = None,
) -> list[Role]:
    """Roles stated beside a name ("X, now Y at Z", "X of the Z Institute"); ``scan``
    is the document's ``Scan`` if already made."""
    cues = labels_by_sentence(sentences, CUES.spans(scan or Scan.of(text)))
    out = []
    for i, s in enumerate(sentences):
        if s.role != "body":
            continue
        cued = cues.get(i, ())
        for pattern, source in ((_APPOSITION, "apposition"), (_AFFILIATION, "affiliation")):
            if source not in cued:
                continue
            for m in pattern.finditer(text, s.start, s.end):
                words = set(m.group("name").split())
                if m.group("name").split()[0] in _STOP_NAMES or words & _ROLE_WORDS:
                    continue
                position = m.groupdict().get("position")
                org = m.group("org").strip()
                country = next((actor_country.get(x.actor_id) for x in mentions
                                if m.start("org") <= x.start < m.end("org")), None)  # fmt: skip
                out.append(Role(m.group("name"), position, org, country, s.start, s.end, source))
    return out


def table_of_contents(text: str, blocks: Sequence[Block], authors: Sequence[str]) -> list[Work]:
    """Title lines each followed by a line naming a registered author ("by" optional)."""
    known = {a.casefold(): a for a in authors}
    longest = max(map(len, known), default=-1)
    body = [b for b in blocks if b.role == "body"]
    out = []
    for title, who in pairwise(body):
        name = text[who.start : who.end]
        if by := _BY.match(name):
            name = name[by.end() :]
        name = name.strip()
        if len(name) > longest:  # casefold never shortens: not an author (most lines)
            continue
        line = text[title.start : title.end]
        if (
            name.casefold() in known
            and len(line.split()) >= 3
            and name.casefold() not in (line.casefold())
        ):
            out.append(Work(line.strip(), (known[name.casefold()],), title.start, who.end))
    # A title listed again where the essay starts is the same work.
    seen, unique = set(), []
    for w in out:
        if (w.title, w.authors) not in seen:
            seen.add((w.title, w.authors))
            unique.append(w)
    return unique
