"""``trilat eval``: precision, recall and F1 of the extractors against gold labels.

Gold labels live in ``tests/gold/``: ``<table>.yaml`` maps each annotated
document to its records in reading order, and ``floors.yaml`` holds the lowest
scores CI accepts. Gold mentions are written as ``[surface, actor_id]`` and
located by searching forward from the previous one, so they stay readable and
need no hand-counted offsets; ``{skip_to: "text"}`` moves the search past
page furniture that repeats a name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from trilat.errors import InputError
from trilat.pipeline import compile_extractors, extract_documents, read_documents
from trilat.reference import load_vocabulary
from trilat.registry import Registry, load_registry


@dataclass(frozen=True)
class Score:
    table: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def locate_mentions(text: str, items: Sequence, doc_id: str) -> set[tuple[str, int, int, str]]:
    """Gold [surface, actor] items -> (doc, start, end, actor), searching forward."""
    out, pos = set(), 0
    for item in items:
        if isinstance(item, dict) and "skip_to" in item:
            i = text.find(item["skip_to"], pos)
            if i < 0:
                raise InputError(f"gold {doc_id}: skip_to {item['skip_to']!r} not found")
            pos = i + len(item["skip_to"])
            continue
        surface, actor = item
        pattern = re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)")
        m = pattern.search(text, pos)
        if not m:
            raise InputError(
                f"gold {doc_id}: {surface!r} not found after offset {pos}",
                ["gold items must be in reading order"],
            )
        out.add((doc_id, m.start(), m.end(), actor))
        pos = m.end()
    return out


def _extract(registry: Registry, ref_dir: Path, doc_ids: set[str]):
    unknown = doc_ids - {s.id for s in registry.sources}
    if unknown:
        raise InputError(f"gold labels for unregistered documents: {', '.join(sorted(unknown))}")
    sub = registry.model_copy(
        update={"sources": tuple(s for s in registry.sources if s.id in doc_ids)}
    )
    docs = read_documents(sub)
    extracted = extract_documents(docs, compile_extractors(load_vocabulary(ref_dir)))
    return {d.source.id: d.text for d in docs}, {e.doc_id: e for e in extracted}


def _count(table: str, gold: set, pred: set) -> Score:
    return Score(table, len(gold & pred), len(pred - gold), len(gold - pred))


def score_mentions(gold: Mapping, texts: Mapping, extracted: Mapping) -> Score:
    gold_set: set = set()
    for doc_id, items in gold.items():
        gold_set |= locate_mentions(texts[doc_id], items or [], doc_id)
    pred = {(d, m.start, m.end, m.actor_id) for d in gold for m in extracted[d].mentions}
    return _count("mentions", gold_set, pred)


def score_agreements(gold: Mapping, extracted: Mapping) -> Score:
    gold_set = {(d, a) for d, ids in gold.items() for a in ids or ()}
    pred = {(d, a.agreement_id) for d in gold for a in extracted[d].agreements}
    return _count("agreements", gold_set, pred)


def score_force_posture(gold: Mapping, extracted: Mapping) -> Score:
    gold_set = {
        (d, f["metric"], f["host_country"], int(f["value"]))
        for d, fs in gold.items()
        for f in fs or ()
    }
    pred = {(d, f.metric, f.host_country, f.value) for d in gold for f in extracted[d].figures}
    return _count("force_posture", gold_set, pred)


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def score_events(gold: Mapping, extracted: Mapping) -> Score:
    """Per document: same type, same year, participants overlapping by half or more."""
    tp = fp = fn = 0
    for d, items in gold.items():
        wanted = [(g["type"], int(str(g["date"])[:4]), set(g["participants"])) for g in items or ()]
        reports = {r.key: r for r in extracted[d].events}.values()
        got = [(r.event_type, r.date_start.year, set(r.participants)) for r in reports]
        unmatched = list(wanted)
        for t, y, p in got:
            hit = next(
                (w for w in unmatched if w[0] == t and w[1] == y and _jaccard(w[2], p) >= 0.5), None
            )
            if hit:
                unmatched.remove(hit)
                tp += 1
            else:
                fp += 1
        fn += len(unmatched)
    return Score("events", tp, fp, fn)


def evaluate_all(gold_dir: Path, raw_dir: Path, ref_dir: Path) -> tuple[list[Score], list[str]]:
    """Scores per table, and the scores that fall below their floors."""
    registry = load_registry(raw_dir)

    def load(name: str) -> dict:
        return yaml.safe_load((gold_dir / f"{name}.yaml").read_text(encoding="utf-8")) or {}

    gold = {name: load(name) for name in ("mentions", "events", "agreements", "force_posture")}
    texts, extracted = _extract(registry, ref_dir, {d for g in gold.values() for d in g})
    scores = [
        score_mentions(gold["mentions"], texts, extracted),
        score_events(gold["events"], extracted),
        score_agreements(gold["agreements"], extracted),
        score_force_posture(gold["force_posture"], extracted),
    ]
    floors = load("floors")
    below = []
    for s in scores:
        for metric, floor in (floors.get(s.table) or {}).items():
            value = getattr(s, metric)
            if value + 1e-9 < floor:
                below.append(f"{s.table} {metric} {value:.3f} < {floor:.3f}")
    return scores, below


def format_scores(scores: Sequence[Score]) -> str:
    lines = [
        f"{'table':<14} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'fp':>4} {'fn':>4}"
    ]
    for s in scores:
        lines.append(
            f"{s.table:<14} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} "
            f"{s.tp:>5} {s.fp:>4} {s.fn:>4}"
        )
    return "\n".join(lines)
