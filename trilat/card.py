"""The dataset card (README.md) and the timeline figure of each release."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

# Imported with the build's other modules, while Prefect's server boots and the build
# waits for it, rather than when the release is published (0.15-0.2 s). A Figure of
# its own, not pyplot: no global backend is chosen for whoever imports this module.
from matplotlib.figure import Figure

from trilat.documents import QUOTE_LIMIT, RESTRICTED_LICENSES
from trilat.universe import Universe, card_lines

CITATION = (
    "TRILAT contributors. TRILAT: an open dataset of the U.S.-Japan-Republic of Korea "
    "alliance system, version {version}. {year}."
)


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


def render(
    tables: Mapping[str, pd.DataFrame],
    version: str,
    created: str,
    previous: str | None,
    changes: pd.DataFrame,
    universe: Universe | None = None,
) -> str:
    """The card; with ``universe``, it also states what the registry covers and how much
    of it this release holds."""
    docs, events = tables["documents"], tables["events"]
    year = created[:4]
    lines = [
        f"# TRILAT {version}",
        "",
        "An open dataset of the U.S.-Japan-Republic of Korea alliance system: actors and their "
        "mentions, dated events, agreements and force figures, extracted from public source "
        "texts. Every record has evidence: the sentence that supports it, with its character "
        "offsets in the source text.",
        "",
        f"Released {created[:10]}" + (f"; previous release {previous}." if previous else "."),
        "",
        "## Coverage",
        "",
        f"- Sources: {len(docs)} documents by {docs['publisher'].nunique()} publishers, "
        f"published {_range(docs['published'])}.",
        f"- Events: {len(events)}, dated {_range(events['date_start'])}.",
        "",
        "| table | rows |",
        "|---|---|",
        *(f"| {name} | {len(df)} |" for name, df in tables.items()),
        "",
        "Events per type:",
        "",
        "| event type | events |",
        "|---|---|",
        *(f"| {t} | {n} |" for t, n in events["event_type"].value_counts().sort_index().items()),
        "",
        "![Events by type over time](timeline.png)",
        "",
        *(card_lines(universe, len(docs)) if universe else []),
        "## Sources and licences",
        "",
        "| document | publisher | published | licence |",
        "|---|---|---|---|",
        *(
            f"| {r.doc_id} | {r.publisher} | {_or(r.published, 'not stated')} | {r.license} |"
            for r in docs.itertuples()
        ),
        "",
        "The data are released under CC BY-NC 4.0 (the most restrictive licence a source "
        f"states). Evidence from a source under {' or '.join(sorted(RESTRICTED_LICENSES))} is "
        f"quoted in a short excerpt of at most {QUOTE_LIMIT} characters (`quote_complete` is "
        "false); its offsets and the snapshot's sha256 still let anyone with the text check it.",
        "",
        "## Loading",
        "",
        "```python",
        "import pandas as pd",
        'events = pd.read_parquet("events.parquet")',
        "```",
        "",
        "```sql",
        "SELECT event_type, count(*) FROM 'events.parquet' GROUP BY 1;",
        "```",
        "",
        "Column meanings: `CODEBOOK.md` in the repository, and `datapackage.json` here. What "
        "changed since the previous release: `changes.parquet` and `CHANGELOG.md`.",
        "",
        "## How to cite",
        "",
        CITATION.format(version=version, year=year),
        "",
        "See `CITATION.cff` in the repository.",
    ]
    if previous is not None and len(changes):
        counts = changes.groupby("change").size().to_dict()
        lines[8:8] = [
            "Changes since the previous release: "
            + ", ".join(f"{counts.get(c, 0)} {c}" for c in ("added", "modified", "removed"))
            + " records.",
            "",
        ]
    return "\n".join(lines) + "\n"


def _or(value, default: str) -> str:
    return default if value is None or pd.isna(value) else str(value)


def _range(dates: pd.Series) -> str:
    d = pd.to_datetime(dates.dropna().astype(str))
    if d.empty:
        return "no dates"
    return f"{d.min().date()} to {d.max().date()}"
