"""Curated vocabularies under ``reference/``: load and validate them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trilat.errors import InputError
from trilat.registry import SLUG
from trilat.yamlfile import load_list

ACTOR_TYPES = ("state", "person", "organization", "military_unit", "forum")
ALPHA3 = r"^[A-Z]{3}$"
AGREEMENT_TYPES = (
    "treaty", "declaration", "joint_statement", "agreement", "fta", "sofa", "guidelines",
    "armistice",
)  # fmt: skip
EVENT_TYPES = (
    "summit", "ministerial_meeting", "official_meeting", "exercise", "treaty_signing",
    "declaration", "missile_test_or_provocation", "deployment", "domestic_political", "other",
)  # fmt: skip
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class Role(BaseModel):
    """An office a person held."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    position: str = Field(min_length=1)
    organization: str | None = None
    start: int | None = Field(default=None, ge=1800, le=2100)
    end: int | None = Field(default=None, ge=1800, le=2100)


class Actor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    type: Literal[ACTOR_TYPES]  # type: ignore[valid-type]
    country: str | None = Field(pattern=ALPHA3)
    wikidata_id: str | None = Field(pattern=r"^Q[1-9]\d*$")
    aliases: tuple[str, ...] = Field(min_length=1)
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    surname: str | None = None
    titles: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    cow_code: int | None = Field(default=None, ge=1, le=999)
    gw_code: int | None = Field(default=None, ge=1, le=999)


class Place(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG)
    kind: Literal["city", "site", "base", "region", "sea", "state_region"]
    name: str
    country: str | None = Field(pattern=ALPHA3)
    aliases: tuple[str, ...] = Field(min_length=1)


class Name(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2)
    kind: str


class Agreement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    type: Literal[AGREEMENT_TYPES]  # type: ignore[valid-type]
    date_signed: str = Field(pattern=DATE)
    parties: tuple[str, ...] = Field(min_length=1)
    aliases: tuple[str, ...] = Field(min_length=1)
    cues: tuple[str, ...] = ()


class Trigger(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str = Field(min_length=1)
    label: str | None = None
    weak: bool = False
    at: Literal["start", "end"] = "start"  # where the trigger stands: its first or last word


class EventType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal[EVENT_TYPES]  # type: ignore[valid-type]
    plover: Literal[PLOVER_TYPES] | None  # type: ignore[valid-type]
    definition: str | None = None
    participants: Literal["all", "agent"] = "all"
    title: str = "{scope} {label}"
    keywords: tuple[str, ...] = ()
    triggers: tuple[str | Trigger, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def patterns(self) -> tuple[str, ...]:
        return tuple(t if isinstance(t, str) else t.pattern for t in self.triggers)


MEETING_TYPES = ("summit", "ministerial_meeting", "official_meeting")


class MeetingSeries(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    type: Literal[MEETING_TYPES]  # type: ignore[valid-type]
    participants: tuple[str, ...] = ()
    aliases: tuple[str, ...] = Field(min_length=1)


class Meetings(BaseModel):
    """How meetings are found and typed (``meeting:`` in event_types.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    keywords: tuple[str, ...] = Field(min_length=1)
    triggers: tuple[str, ...] = Field(min_length=1)
    venue: tuple[str, ...] = ()
    ranks: dict[Literal[MEETING_TYPES], tuple[str, ...]]  # type: ignore[valid-type]
    series: tuple[MeetingSeries, ...] = ()


class NamedEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG)
    name: str
    type: Literal[EVENT_TYPES]  # type: ignore[valid-type]
    date: str = Field(pattern=DATE)
    participants: tuple[str, ...] = Field(min_length=1)
    location: str | None = None
    location_country: str | None = Field(default=None, pattern=ALPHA3)
    aliases: tuple[str, ...] = Field(min_length=1)


class Exercise(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG)
    name: str
    participants: tuple[str, ...] = Field(min_length=1)
    aliases: tuple[str, ...] = Field(min_length=1)


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG)
    label: str
    phrases: tuple[str, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Vocabulary:
    actors: tuple[Actor, ...]
    places: tuple[Place, ...]
    names: tuple[Name, ...]
    boilerplate_section_end: tuple[str, ...]
    boilerplate_line: tuple[str, ...]
    agreements: tuple[Agreement, ...] = ()
    event_types: tuple[EventType, ...] = ()
    meetings: Meetings | None = None
    not_yet: tuple[str, ...] = ()  # cues before a trigger: a plan, a hypothesis, a negation
    generic: tuple[str, ...] = ()  # cues before a trigger: a generic plural reference
    events: tuple[NamedEvent, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    topics: tuple[Topic, ...] = ()

    @property
    def blocking_names(self) -> list[str]:
        return [a for p in self.places for a in p.aliases] + [n.name for n in self.names]

    @property
    def actor_country(self) -> dict[str, str | None]:
        return {a.id: a.country for a in self.actors}


def _models(path: Path, key: str, model: type[BaseModel]) -> tuple[list, list[str]]:
    out, problems = [], []
    for line, item in load_list(path, key):
        try:
            out.append((line, model.model_validate(item)))
        except ValidationError as exc:
            label = item.get("id", item.get("name", "?")) if isinstance(item, dict) else "?"
            for e in exc.errors():
                field = ".".join(map(str, e["loc"]))
                problems.append(f"{path}:{line}: '{label}': field '{field}': {e['msg']}")
    return out, problems


def load_vocabulary(ref_dir: Path) -> Vocabulary:
    """Load every vocabulary; all problems are reported together."""
    actors, p1 = _models(ref_dir / "actors.yaml", "actors", Actor)
    places, p2 = _models(ref_dir / "places.yaml", "places", Place)
    names, p3 = _models(ref_dir / "names.yaml", "names", Name)
    agreements, p4 = _models(ref_dir / "agreements.yaml", "agreements", Agreement)
    event_types, p5 = _models(ref_dir / "event_types.yaml", "event_types", EventType)
    events, p6 = _models(ref_dir / "events.yaml", "events", NamedEvent)
    exercises, p7 = _models(ref_dir / "exercises.yaml", "exercises", Exercise)
    topics, p8 = _models(ref_dir / "topics.yaml", "topics", Topic)
    problems = p1 + p2 + p3 + p4 + p5 + p6 + p7 + p8
    for label, items in (
        ("agreements", agreements),
        ("events", events),
        ("exercises", exercises),
        ("topics", topics),
    ):
        seen: dict[str, int] = {}
        for line, item in items:
            if item.id in seen:
                problems.append(f"{ref_dir / (label + '.yaml')}:{line}: duplicate id '{item.id}'")
            seen[item.id] = line
    et_path = ref_dir / "event_types.yaml"
    meetings, cues, more = _event_extras(et_path)
    problems += more
    checked = [(line, et.type, et.patterns, et.keywords, et.exclude) for line, et in event_types]
    if meetings is not None:
        ranks = [p for ps in meetings.ranks.values() for p in ps]
        checked.append((0, "meeting", meetings.triggers, meetings.keywords,
                        (*meetings.venue, *ranks)))  # fmt: skip
    for line, label, patterns, keywords, other in checked:
        where = f"{et_path}:{line}" if line else str(et_path)
        for pattern in patterns:
            # The keyword pre-filter skips a sentence without any keyword: a trigger that
            # names none of them would never fire.
            literal = pattern.replace("\\", "").lower()
            if not any(k.lower() in literal for k in keywords):
                problems.append(f"{where}: trigger {pattern!r} of '{label}' contains none of "
                                "its keywords; add one")  # fmt: skip
                continue
            low = [k.lower() for k in keywords]
            for branch in _ungated_branches(pattern, low):
                problems.append(f"{where}: in trigger {pattern!r} of '{label}', the branch "
                                f"{branch!r} holds none of its keywords as written (a "
                                "sentence would never try it); spell one out in the "
                                "branch or add one it holds")  # fmt: skip
        problems += _bad_patterns(where, [*patterns, *other])

    seen_ids: dict[str, int] = {}
    claimed: dict[str, str] = {}
    for line, a in actors:
        if a.id in seen_ids:
            problems.append(f"{ref_dir / 'actors.yaml'}:{line}: duplicate actor id '{a.id}'")
        seen_ids[a.id] = line
        for alias in (*a.aliases, *a.demonyms, *a.capitals):
            key = alias.casefold()
            if key in claimed and claimed[key] != a.id:
                problems.append(
                    f"{ref_dir / 'actors.yaml'}:{line}: alias '{alias}' of '{a.id}' "
                    f"is already claimed by '{claimed[key]}'"
                )
            claimed[key] = a.id
        if a.type == "person" and not a.surname:
            problems.append(f"{ref_dir / 'actors.yaml'}:{line}: person '{a.id}' needs a surname")

    bp_path = ref_dir / "boilerplate.yaml"
    try:
        bp = yaml.safe_load(bp_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{bp_path}: cannot be read", [str(exc)]) from None
    for key in ("section_end", "line"):
        for pattern in bp.get(key) or ():
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"{bp_path}: {key}: invalid pattern {pattern!r}: {exc}")
    problems += _unknown_countries(ref_dir, actors, places, agreements, events, exercises)
    if problems:
        raise InputError(
            f"{ref_dir}: {len(problems)} problem(s) in the reference vocabularies", problems
        )
    return Vocabulary(
        actors=tuple(a for _, a in actors),
        places=tuple(p for _, p in places),
        names=tuple(n for _, n in names),
        boilerplate_section_end=tuple(bp.get("section_end") or ()),
        boilerplate_line=tuple(bp.get("line") or ()),
        agreements=tuple(a for _, a in agreements),
        event_types=tuple(e for _, e in event_types),
        meetings=meetings,
        not_yet=cues["not_yet"],
        generic=cues["generic"],
        events=tuple(e for _, e in events),
        exercises=tuple(e for _, e in exercises),
        topics=tuple(t for _, t in topics),
    )


def _ungated_branches(pattern: str, keywords: list[str]) -> list[str]:
    """The top-level alternatives of a trigger that no keyword gates: neither do all
    their matches hold one (``covering_keywords``) nor do they spell one out, which is
    how ``extract.events`` chooses the sentences a trigger is tried in."""
    from extract.literals import covering_keywords

    if covering_keywords(pattern, keywords) is not None:
        return []
    out = []
    for branch in _top_level_branches(pattern):
        if covering_keywords(branch, keywords) is not None:
            continue
        if not any(k in branch.replace("\\", "").lower() for k in keywords):
            out.append(branch)
    return out


def _top_level_branches(pattern: str) -> list[str]:
    """``pattern`` split at its top-level "|" (outside groups and character classes)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*out, pattern[start:]]


def _bad_patterns(where: str, patterns) -> list[str]:
    out = []
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            out.append(f"{where}: invalid pattern {pattern!r}: {exc}")
    return out


def _event_extras(path: Path) -> tuple[Meetings | None, dict[str, tuple[str, ...]], list[str]]:
    """The ``meeting:`` section and the cue lists (``not_yet``, ``generic``) of
    event_types.yaml, validated."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot be read", [str(exc)]) from None
    problems: list[str] = []
    meetings = None
    if data.get("meeting") is not None:
        try:
            meetings = Meetings.model_validate(data["meeting"])
        except ValidationError as exc:
            for e in exc.errors():
                field = ".".join(map(str, e["loc"]))
                problems.append(f"{path}: meeting: field '{field}': {e['msg']}")
    cues = {key: tuple(data.get(key) or ()) for key in ("not_yet", "generic")}
    for key, patterns in cues.items():
        problems += _bad_patterns(f"{path}: {key}", patterns)
    return meetings, cues, problems


def _unknown_countries(ref_dir: Path, actors, places, agreements, events, exercises) -> list[str]:
    """Every country code must be an ISO 3166-1 alpha-3 code (pycountry's list)."""
    import pycountry

    # Current codes, and withdrawn ones for states of the period (SUN, the Soviet Union).
    known = {c.alpha_3 for c in pycountry.countries}
    known |= {c.alpha_3 for c in pycountry.historic_countries}
    checks = [
        ("actors.yaml", actors, lambda a: [a.country]),
        ("places.yaml", places, lambda p: [p.country]),
        ("agreements.yaml", agreements, lambda a: list(a.parties)),
        ("events.yaml", events, lambda e: [*e.participants, e.location_country]),
        ("exercises.yaml", exercises, lambda e: list(e.participants)),
    ]
    out = []
    for file, items, codes in checks:
        for line, item in items:
            for code in codes(item):
                if code is not None and code not in known:
                    out.append(
                        f"{ref_dir / file}:{line}: '{item.id}': {code!r} is not an "
                        "ISO 3166-1 alpha-3 country code"
                    )
    return out
