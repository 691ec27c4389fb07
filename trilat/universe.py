"""The dataset's universe: what the registry covers, for the build's notice and the card.

The registry defines the universe (``raw/sources.yaml`` and ``raw/catalogue.yaml``,
the catalogue of primary documents): a release holds the registered sources that
have a snapshot, and a build says how many are still waiting for ``trilat fetch``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from trilat.registry import Registry

SCOPE = (
    "the primary documents of U.S.-Japan-Republic of Korea alliance diplomacy since 1994: "
    "the joint statements, readouts and fact sheets of the trilateral summits and of the "
    "trilateral foreign, defense, national-security-adviser and vice-ministerial meetings "
    "(TCOG 1999-2003, the Defense Trilateral Talks, Camp David 2023 and after), the "
    'U.S.-Japan Security Consultative Committee ("2+2") and U.S.-ROK Security Consultative '
    "Meeting communiques, the leaders' statements and press conferences of the bilateral "
    "summits, and the treaty texts of the two alliances; governments' own pages first, a "
    "copy elsewhere only where the official page is gone"
)
OUT_OF_SCOPE = (
    "news reports, commentary and think-tank analysis (beyond the seed texts that test the "
    "extraction), telephone-call readouts, statements about other partners (the Quad, "
    "Australia, the Philippines), texts of North Korea, China or Russia, and anything not "
    "published openly"
)


@dataclass(frozen=True)
class Universe:
    """Counts of the registry: every registered source, and those not fetched yet."""

    registered: int
    waiting: int
    publishers: int
    kinds: tuple[tuple[str, int], ...]  # (kind, sources), most first
    first_year: int | None
    last_year: int | None


def describe(registry: Registry) -> Universe:
    years = [s.published_date.year for s in registry.sources if s.published_date]
    kinds = Counter(s.kind for s in registry.sources)
    return Universe(
        registered=len(registry.sources),
        waiting=len(registry.waiting),
        publishers=len({s.publisher for s in registry.sources}),
        kinds=tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        first_year=min(years, default=None),
        last_year=max(years, default=None),
    )


def waiting_notice(waiting: int) -> str:
    """The build's one line about the sources it could not read yet."""
    return (
        f"{waiting} registered source(s) have no snapshot yet and are not in this build; "
        "`trilat fetch` fetches them"
    )


def card_lines(universe: Universe, in_release: int) -> list[str]:
    """The dataset card's "Universe" section."""
    u = universe
    years = f"{u.first_year}-{u.last_year}" if u.first_year else "no dates"
    kinds = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in u.kinds)
    return [
        "## Universe",
        "",
        f"The registry defines the universe, {SCOPE}.",
        "",
        f"- Registered: {u.registered} documents by {u.publishers} publishers, "
        f"published {years} ({kinds}).",
        f"- In this release: {in_release} documents, those with a fetched snapshot that "
        "could be read.",
        f"- Not fetched yet: {u.waiting}; `trilat update` fetches them and builds the next "
        "release.",
        f"- Out of scope, deliberately: {OUT_OF_SCOPE}.",
        "",
    ]
