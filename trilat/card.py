"""The dataset card (README.md) and the timeline figure of each release.

The card is what a researcher reads first: what the release covers and does not,
how good the extraction is, what it may be used for, under which terms, how to
cite it and whom to tell about an error. Everything it states about the data is
computed from the release's tables; the rest comes from ``trilat.about`` (who and
where), ``trilat.quality`` (the development-set figures) and the vocabularies
(event-type definitions).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

# Imported with the build's other modules, while Prefect's server boots and the build
# waits for it, rather than when the release is published (0.15-0.2 s). A Figure of
# its own, not pyplot: no global backend is chosen for whoever imports this module.
from matplotlib.figure import Figure

from trilat import about, quality
from trilat.documents import QUOTE_LIMIT, RESTRICTED_LICENSES
from trilat.universe import Universe, card_lines

CITATION = "{authors}. {title}, version {version}. {year}. {homepage}"
# What a source's licence means for what this release reproduces of it.
TERMS = {
    "LicenseRef-all-rights-reserved": "all rights reserved by the source: no licence is "
    f"granted for its text; quoted only in excerpts of at most {QUOTE_LIMIT} characters",
    "LicenseRef-not-stated": "the source states no licence, so copyright law reserves all "
    f"rights: no licence is granted for its text; quoted only in excerpts of at most "
    f"{QUOTE_LIMIT} characters",
    "LicenseRef-public-domain-us-government": "a work of the U.S. government, in the public "
    "domain in the United States; quoted whole",
}


class EventType(NamedTuple):
    type: str
    plover: str | None
    definition: str | None


def timeline_png(events: pd.DataFrame, path: Path) -> None:
    """Events by type over time; deterministic bytes for the same data and matplotlib."""
    types = sorted(events["event_type"].unique()) if len(events) else []
    fig = Figure(figsize=(8, 0.45 * max(len(types), 2) + 1.2), dpi=100)
    ax = fig.subplots()
    for y, t in enumerate(types):
        dates = pd.to_datetime(events.loc[events["event_type"] == t, "date_start"].astype(str))
        ax.scatter(dates, [y] * len(dates), s=28, alpha=0.8)
    ax.set_yticks(range(len(types)), labels=[t.replace("_", " ") for t in types])
    ax.set_xlabel("start date")
    ax.set_title(f"TRILAT events by type ({len(events)} events)")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


def format_date(value: Any, precision: str | None) -> str:
    """A date as precise as it is known: 2023-08-17 (day), 2025-01 (month), 2021 (year),
    the 1990s (decade), about 1998 (approximate). Never a day for a month or a year."""
    if value is None or pd.isna(value):
        return "not stated"
    d = value if isinstance(value, date) else pd.Timestamp(value).date()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "decade":
        return f"the {d.year // 10 * 10}s"
    if precision == "approximate":
        return f"about {d.year:04d}"
    return d.isoformat()


def _date_range(dates: pd.Series, precisions: pd.Series) -> str:
    """Earliest to latest date, each printed at its own precision."""
    known = [(d, p) for d, p in zip(dates, precisions, strict=True) if not pd.isna(d)]
    if not known:
        return "no dates"
    first, last = min(known, key=lambda x: x[0]), max(known, key=lambda x: x[0])
    return f"{format_date(*first)} to {format_date(*last)}"


def _counts(values: pd.Series) -> str:
    counts = values.value_counts()
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))


def render(
    tables: Mapping[str, pd.DataFrame],
    version: str,
    created: str,
    previous: str | None,
    changes: pd.DataFrame,
    ctx: Any = None,
) -> str:
    """The card of a release. ``ctx`` (``trilat.release.Context``): the event types'
    definitions, the extractors' versions, the code's commit and the universe (what the
    registry covers and how much of it this release holds)."""
    event_types = tuple(getattr(ctx, "event_types", ()))
    universe: Universe | None = getattr(ctx, "universe", None)
    lines = [
        f"# TRILAT {version}",
        "",
        "An open dataset of the U.S.-Japan-Republic of Korea alliance system: actors and their "
        "mentions, dated events, agreements, force figures, people, publications, citations, "
        "issue areas and policy recommendations, extracted by rules from public source texts. "
        "Every record has evidence: the sentence that supports it, with its character "
        "offsets in the source text.",
        "",
        f"Released {created[:10]}" + (f"; previous release {previous}." if previous else "."),
        "",
    ]
    if previous is not None and len(changes):
        counts = changes.groupby("change").size().to_dict()
        lines += [
            "Changes since the previous release: "
            + ", ".join(f"{counts.get(c, 0)} {c}" for c in ("added", "modified", "removed"))
            + " records (`CHANGELOG.md`, `changes.parquet`).",
            "",
        ]
    lines += _coverage(tables)
    lines += card_lines(universe, len(tables["documents"])) if universe else []
    lines += _event_types(tables["events"], event_types)
    lines += quality.card_section(quality.read_scores())
    lines += _limitations(tables)
    lines += _uses()
    lines += _licences(tables["documents"])
    lines += _loading()
    lines += _citing(version, created, next(iter(tables["events"]["event_id"]), None))
    lines += _provenance(ctx)
    return "\n".join(lines).rstrip() + "\n"


def _coverage(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    docs, events = tables["documents"], tables["events"]
    undated = int(docs["published"].isna().sum())
    return [
        "## Coverage",
        "",
        f"The universe of this release is the {len(docs)} source text(s) registered in the "
        "project's registry (`raw/sources.yaml`) and read by the build: chosen by the "
        "maintainers, not sampled from any population of texts, so counts across them do "
        "not measure how often anything happens.",
        "",
        f"- Publishers ({docs['publisher'].nunique()}): "
        + "; ".join(sorted(docs["publisher"].unique()))
        + ".",
        f"- Kinds: {_counts(docs['kind'])}.",
        f"- Languages: {_counts(docs['language'])}.",
        f"- Published {_date_range(docs['published'], docs['date_precision'])}"
        + (f"; {undated} without a stated date." if undated else "."),
        f"- Events: {len(events)}, their start dates from "
        f"{_date_range(events['date_start'], events['date_precision'])}.",
        "",
        "| table | rows |",
        "|---|---|",
        *(f"| {name} | {len(df)} |" for name, df in tables.items()),
        "",
        "![Events by type over time](timeline.png)",
        "",
    ]


def _event_types(events: pd.DataFrame, types: Sequence[EventType]) -> list[str]:
    counts = events["event_type"].value_counts().to_dict()
    known = {t.type for t in types}
    rows = [(t.type, t.plover, t.definition) for t in types]
    rows += [(t, None, None) for t in sorted(set(counts) - known)]
    return [
        "## Event types",
        "",
        "An event needs a sentence that reports one of these types (its trigger words are "
        "in `reference/event_types.yaml`) and states a date, or a curated named event "
        "(`reference/events.yaml`). Reports of one event (same type, date as stated and "
        "participants) are merged into one row with the most precise date any states; "
        "`date_source` says whether the date is stated in the sentence, resolved against "
        "the document's date, or curated.",
        "",
        "| event type | PLOVER | definition | events |",
        "|---|---|---|---|",
        *(
            f"| {t} | {p or '(none)'} | {d or '(no definition recorded)'} | {counts.get(t, 0)} |"
            for t, p, d in rows
        ),
        "",
    ]


def _limitations(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    docs, events, agreements = tables["documents"], tables["events"], tables["agreements"]
    coarse = int(events["date_precision"].isin(["year", "decade", "approximate"]).sum())
    new = int((~agreements["curated"].astype(bool)).sum())
    excerpts = int(docs["license"].isin(RESTRICTED_LICENSES).sum())
    return [
        "## Limitations and known errors",
        "",
        "- Few sources, in English, chosen by hand (see Coverage); extraction is by rules "
        "and curated vocabularies, so only the actors in `reference/actors.yaml`, the "
        "agreements and events its vocabularies name, and the phrasings its rules know "
        "are found. Some of the events a text reports are missed, and some records are wrong "
        "(see Quality for how many).",
        "- Dates carry a precision (`date_precision`, `as_of_precision`): a month is stored "
        "as its first day and a year as 1 January, and must not be read as that day. "
        f"{coarse} of {len(events)} events are dated only to a year or less precisely.",
        "- Events are merged by their natural key (type, date as stated, participants): "
        "two meetings of the same states of one type on one day become one row; one "
        "meeting reported with different participants, or dated to the day by one source "
        "and only to the month by another, stays two rows.",
        "- Relative dates ('on Monday', 'last week') resolve against the document's "
        "dateline, else its publication date: a wrong or coarse publication date moves "
        "them (`date_source` = 'document' marks them).",
        *_uncurated(new, len(agreements)),
        "- Force figures are the sources' statements, not verified; sources that differ "
        "are all kept, and `as_of` is the document's date when the sentence states none.",
        f"- Evidence from {excerpts} of {len(docs)} source(s) is a short excerpt "
        "(`quote_complete` false; see Sources and licences); the offsets and "
        "`content_sha256` still locate the whole sentence in the source text.",
        "- Errors found and not yet corrected are listed in the project's issue tracker "
        "(see Maintainer and reporting an error); the development-set figures above give "
        "their rate.",
        "",
    ]


def _uncurated(new: int, total: int) -> list[str]:
    if not new:
        return []
    return [f"- {new} of {total} agreements are names as written outside the curated "
            "vocabulary (`curated` is false): some are not agreements."]  # fmt: skip


def _uses() -> list[str]:
    return [
        "## Intended and out-of-scope uses",
        "",
        "Intended: finding, reading and citing what these sources say about alliance "
        "events, agreements, force figures and the experts who write about them, each with "
        "its sentence; a starting point for hand-coding (every record can be checked "
        "against its evidence); teaching, and testing extraction methods against a "
        "documented baseline.",
        "",
        "Out of scope: estimating how often, or how much more often, events happen "
        "(the sources are not a sample, and the extractors miss some of what they "
        "report); any operational, intelligence "
        "or targeting use; judging or profiling the people named (the people table holds "
        "what bylines and author notes state); commercial use (the licence is "
        "non-commercial); republishing the source texts (the release quotes sentences, "
        "not texts).",
        "",
    ]


def _licences(docs: pd.DataFrame) -> list[str]:
    lines = [
        "## Sources and licences",
        "",
        "| document | publisher | published | licence | what this release reproduces |",
        "|---|---|---|---|---|",
    ]
    for r in docs.itertuples():
        terms = TERMS.get(r.license, f"under {r.license}, with attribution; quoted whole")
        lines.append(
            f"| {r.doc_id} | {r.publisher} | {format_date(r.published, r.date_precision)} | "
            f"{r.license} | {terms} |"
        )
    lines += [
        "",
        "TRILAT's own records (ids, codes, dates, offsets, classifications, links between "
        "records) are released by the TRILAT contributors under Creative Commons "
        "Attribution-NonCommercial 4.0 (CC BY-NC 4.0). That licence does not extend to "
        "text quoted from the sources (`evidence.quote`, `mentions.text`, "
        "`recommendations.text`, titles and references): each quote stays under its "
        "source's terms in the table above. TRILAT holds no rights in a source that states "
        "no licence or reserves all rights and grants none: it quotes such a source "
        f"only in excerpts of at most {QUOTE_LIMIT} characters, as evidence for the "
        "record they support. Whoever republishes those excerpts relies on their own "
        "law's allowance for quotation; this is not legal advice.",
        "",
    ]
    return lines


def _loading() -> list[str]:
    return [
        "## Loading",
        "",
        "Only pandas and pyarrow (`pip install pandas pyarrow`), in this folder:",
        "",
        "```python",
        "import pandas as pd",
        'events = pd.read_parquet("events.parquet")',
        "```",
        "",
        "Only DuckDB (`pip install duckdb`), in this folder:",
        "",
        "```python",
        "import duckdb",
        "duckdb.sql(\"SELECT event_type, count(*) AS n FROM 'events.parquet' GROUP BY 1\").show()",
        "```",
        "",
        "Column meanings: `datapackage.json` here and `CODEBOOK.md` in the repository. "
        "Offsets count Unicode code points in the normalised source text, which "
        "`trilat text DOC_ID` (or `trilat.text(doc_id)`) prints from the repository's "
        "snapshots; README.md of the repository says how the text is normalised.",
        "",
    ]


def _citing(version: str, created: str, example: str | None) -> list[str]:
    citation = CITATION.format(authors=about.AUTHORS, title=about.TITLE, version=version,
                               year=created[:4], homepage=about.HOMEPAGE)  # fmt: skip
    return [
        "## How to cite",
        "",
        citation,
        "",
        "Cite the version you used (`CITATION.cff` here and in the repository says the "
        "same); the release's `datapackage.json` holds its `id`. To cite a record, give "
        "its table, id and the version"
        + (f", e.g. `events` `{example}` in TRILAT {version}." if example else "."),
        "",
        "## Maintainer and reporting an error",
        "",
        f"Maintained by {about.MAINTAINER['title']} ({about.MAINTAINER['email']}). Report "
        f"an error at {about.ISSUES}: give the release version, the table and record id, "
        "what is wrong, and the evidence row (document and offsets) that shows it.",
        "",
    ]


def _provenance(ctx: Any) -> list[str]:
    code = dict(getattr(ctx, "code", {}) or {})
    versions = dict(getattr(ctx, "extractor_versions", {}) or {})
    commit = code.get("commit") or "not recorded (not built from a git checkout)"
    modified = " (with uncommitted changes)" if code.get("modified") else ""
    lines = [
        "## Provenance",
        "",
        f"Built from code at commit {commit}{modified}. Each evidence row names the "
        "extractor and its version: its declared version, then a hash of its code and "
        "the vocabularies it reads, so a change of either changes the version.",
        "",
    ]
    if versions:
        lines += ["| extractor | version |", "|---|---|"]
        lines += [f"| {name} | {v} |" for name, v in sorted(versions.items())]
        lines.append("")
    return lines
