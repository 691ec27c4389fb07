"""The extractors' accuracy on the development set, as the dataset card reports it.

The figures live in ``bench/devset-scores.json``, which ``make eval`` rewrites
(``trilat eval --devset``, ``trilat/devset.py``: a build of ``../shared/devset``
scored by its own ``tools/score.py``) and which is committed: a release's card states the figures
of the code that built it without needing the development set at build time.
"""

from __future__ import annotations

import json
from pathlib import Path

from trilat.settings import PROJECT_ROOT

SCORES_FILE = PROJECT_ROOT / "bench" / "devset-scores.json"
# What each table's figure counts as a match (after the scorer's rules).
MATCHED_ON = {
    "events": "same type, start date at the gold precision, participants overlapping "
    "(Jaccard >= 0.5)",
    "agreements": "similar name (or alias) and, when both state one, the same year",
    "force_posture": "same host country and value",
    "actors": "the set of actors a text mentions (states by code, others by name)",
}


def read_scores(path: Path = SCORES_FILE) -> dict | None:
    """The committed figures, or None when the file is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def card_section(scores: dict | None) -> list[str]:
    """The card's "Quality" section: the figures and what they mean."""
    lines = ["## Quality of the extractors", ""]
    if not scores:
        return [*lines, "No figures were recorded for the code that built this release.", ""]
    human = (scores.get("human_agreement") or {}).get("tables", {})
    lines += [
        f"Measured {scores.get('measured', '?')} on the development set, "
        f"{scores.get('devset', '')}, by its scorer (code at commit "
        f"{scores.get('commit', '?')}).",
        "",
        "| table | precision | recall | F1 | two human coders, F1 | a match is |",
        "|---|---|---|---|---|---|",
    ]
    for table, s in scores.get("tables", {}).items():
        h = human.get(table, {}).get("f1")
        lines.append(
            f"| {table} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | "
            f"{'' if h is None else f'{h:.2f}'} | {MATCHED_ON.get(table, '')} |"
        )
    lines += ["", *_meaning(scores.get("tables", {}).get("events")), ""]
    return lines


def _meaning(events: dict | None) -> list[str]:
    """What the figures mean, with the events' figures as the example."""
    text = (
        "Precision is the share of the records extracted from those texts that match a "
        "hand-made gold record; recall the share of gold records that were extracted; F1 "
        "their harmonic mean."
    )
    if events:
        wrong, missed = 1 - events["precision"], 1 - events["recall"]
        text += (
            f" With events at precision {events['precision']:.2f} and recall "
            f"{events['recall']:.2f}, about {wrong:.0%} of the events extracted from such "
            f"texts are wrong in type, date or participants, and {missed:.0%} of the events "
            "they report are missing: a missing event is no evidence that it did not happen."
        )
    return [
        text + " The development texts were used to write the rules, so these figures are "
        "optimistic for other texts; a hidden set of the same kind measures that. The "
        "human coders' column: two careful people coding 12 of the texts, scored the same "
        "way; the ceiling to aim at."
    ]
