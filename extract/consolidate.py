"""Merge reports of the same event or agreement across sentences and sources.

Reports with the same natural key are one record: the key holds the event type,
the date as stated and the participants, so a rebuild or a new source keeps every
id. An event of the curated vocabulary keeps its curated id ("camp-david-summit-2023")
whichever report of it a source gives. The merged record takes the most precise date
any report states.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extract.events import PRECISION_RANK, EventMention


@dataclass(frozen=True)
class MergedEvent:
    event_id: str
    event: EventMention  # the report with the most precise date
    location: str | None
    location_country: str | None
    reports: tuple[tuple[str, EventMention], ...]  # (doc_id, report)

    @property
    def n_sources(self) -> int:
        return len({doc for doc, _ in self.reports})


def merge_events(reports: Sequence[tuple[str, EventMention]]) -> list[MergedEvent]:
    groups: dict[str, list[tuple[str, EventMention]]] = {}
    for doc_id, r in reports:
        groups.setdefault(r.key, []).append((doc_id, r))
    # Reports of one curated event under several keys (a source that states its day,
    # another only its month) are one event: their groups join under the first key.
    home: dict[str, str] = {}  # named id -> the key its reports gather under
    for key in sorted(groups):
        for name in sorted({r.named_id for _, r in groups[key] if r.named_id}):
            if name not in home:
                home[name] = key
            elif home[name] != key and key in groups:
                groups[home[name]] += groups.pop(key)
    merged = []
    for key, rs in sorted(groups.items()):
        # The most precise date a source states; a curated date only when none does.
        best = min(
            (r for _, r in rs),
            key=lambda r: (r.date_source == "vocabulary", PRECISION_RANK[r.date_precision],
                           r.date_start, -r.confidence),
        )  # fmt: skip
        located = next((r for _, r in rs if r.location), None)
        named = sorted({r.named_id for _, r in rs if r.named_id})
        merged.append(MergedEvent(
            named[0] if named else key, best, located.location if located else None,
            located.location_country if located else None, tuple(rs),
        ))  # fmt: skip
    return merged


def event_row(m: MergedEvent, plover: Mapping[str, str | None]) -> dict:
    e = m.event
    return {
        "event_id": m.event_id, "event_type": e.event_type, "plover_type": plover.get(e.event_type),
        "date_start": e.date_start, "date_end": e.date_end, "date_precision": e.date_precision,
        "participants": list(e.participants), "location": m.location,
        "location_country": m.location_country, "title": e.title, "n_sources": m.n_sources,
        "date_source": e.date_source,
    }  # fmt: skip
