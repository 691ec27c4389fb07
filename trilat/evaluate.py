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


def score_mentions(gold: Mapping[str, Sequence], registry: Registry, ref_dir: Path) -> Score:
    wanted = {s.id for s in registry.sources} & set(gold)
    unknown = set(gold) - {s.id for s in registry.sources}
    if unknown:
        raise InputError(f"gold labels for unregistered documents: {', '.join(sorted(unknown))}")
    sub = registry.model_copy(
        update={"sources": tuple(s for s in registry.sources if s.id in wanted)}
    )
    docs = read_documents(sub)
    extracted = extract_documents(docs, compile_extractors(load_vocabulary(ref_dir)))
    texts = {d.source.id: d.text for d in docs}
    gold_set: set = set()
    for doc_id in wanted:
        gold_set |= locate_mentions(texts[doc_id], gold[doc_id] or [], doc_id)
    pred = {(e.doc_id, m.start, m.end, m.actor_id) for e in extracted for m in e.mentions}
    return Score("mentions", len(gold_set & pred), len(pred - gold_set), len(gold_set - pred))


def evaluate_all(gold_dir: Path, raw_dir: Path, ref_dir: Path) -> tuple[list[Score], list[str]]:
    """Scores per table, and the scores that fall below their floors."""
    registry = load_registry(raw_dir)
    scores = []
    path = gold_dir / "mentions.yaml"
    gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    scores.append(score_mentions(gold, registry, ref_dir))
    floors = yaml.safe_load((gold_dir / "floors.yaml").read_text(encoding="utf-8")) or {}
    below = []
    for s in scores:
        for metric, floor in (floors.get(s.table) or {}).items():
            value = getattr(s, metric)
            if value + 1e-9 < floor:
                below.append(f"{s.table} {metric} {value:.3f} < {floor:.3f}")
    return scores, below


def format_scores(scores: Sequence[Score]) -> str:
    lines = [
        f"{'table':<12} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'fp':>4} {'fn':>4}"
    ]
    for s in scores:
        lines.append(
            f"{s.table:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} "
            f"{s.tp:>5} {s.fp:>4} {s.fn:>4}"
        )
    return "\n".join(lines)
