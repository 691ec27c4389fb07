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
    out, pos, last_start = set(), 0, 0
    for item in items:
        if isinstance(item, dict) and "skip_to" in item:
            i = text.find(item["skip_to"], pos)
            if i < 0:
                raise InputError(f"gold {doc_id}: skip_to {item['skip_to']!r} not found")
            pos = i + len(item["skip_to"])
            continue
        surface, actor, *where = item
        # [surface, actor, inside]: a mention inside the previous one ("U.S." of "U.S.
        # Navy"), searched from where that one starts.
        at = last_start if where == ["inside"] else pos
        pattern = re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)")
        m = pattern.search(text, at)
        if not m:
            raise InputError(
                f"gold {doc_id}: {surface!r} not found after offset {pos}",
                ["gold items must be in reading order"],
            )
        out.add((doc_id, m.start(), m.end(), actor))
        pos, last_start = max(pos, m.end()), m.start()
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


def _norm(title: str | None) -> str:
    return re.sub(r"[\W_]+", " ", (title or "").casefold()).strip()


def registry_source(registry: Registry, doc_id: str):
    return next(s for s in registry.sources if s.id == doc_id)


def score_people(gold: Mapping, extracted: Mapping, texts: Mapping, registry) -> Score:
    from extract.people import person_id

    gold_set = {(d, person_id(n)) for d, names in gold.items() for n in names or ()}
    pred = set()
    for d in gold:
        pred |= {(d, person_id(r.name)) for r in extracted[d].roles}
        src = registry_source(registry, d)
        pred |= {(d, person_id(a)) for a in src.authors if a.casefold() in texts[d].casefold()}
    return _count("people", gold_set, pred)


def score_publications(gold: Mapping, extracted: Mapping, registry) -> Score:
    gold_set = {(d, _norm(t)) for d, titles in gold.items() for t in titles or ()}
    pred = set()
    for d in gold:
        pred |= {(d, _norm(w.title)) for w in extracted[d].works}
        src = registry_source(registry, d)
        if src.authors and not src.title_supplied:
            pred.add((d, _norm(src.title)))
    return _count("publications", gold_set, pred)


def score_citations(gold: Mapping, extracted: Mapping) -> Score:
    gold_set = {(d, _norm(c["title"])) for d, cs in gold.items() for c in cs or ()}
    pred = {(d, _norm(c.title)) for d in gold for c in extracted[d].citations}
    return _count("citations", gold_set, pred)


def score_recommendations(gold: Mapping, extracted: Mapping, texts: Mapping) -> Score:
    tp = fp = fn = 0
    for d, starts in gold.items():
        got = [texts[d][r.start : r.end] for r in extracted[d].recommendations]
        wanted = list(starts or ())
        hits = {w for w in wanted if any(g.startswith(w) for g in got)}
        tp += len(hits)
        fn += len(wanted) - len(hits)
        fp += sum(1 for g in got if not any(g.startswith(w) for w in wanted))
    return Score("recommendations", tp, fp, fn)


def score_topics(gold: Mapping, extracted: Mapping) -> Score:
    gold_set = {(d, t) for d, ts in gold.items() for t in ts or ()}
    pred = {(d, t.topic) for d in gold for t in extracted[d].topics}
    return _count("topics", gold_set, pred)


def evaluate_all(gold_dir: Path, raw_dir: Path, ref_dir: Path) -> tuple[list[Score], list[str]]:
    """Scores per table, and the scores that fall below their floors."""
    registry = load_registry(raw_dir)

    def load(name: str) -> dict:
        return yaml.safe_load((gold_dir / f"{name}.yaml").read_text(encoding="utf-8")) or {}

    names = ("mentions", "events", "agreements", "force_posture", "people", "publications",
             "citations", "recommendations", "topics")  # fmt: skip
    gold = {name: load(name) for name in names}
    texts, extracted = _extract(registry, ref_dir, {d for g in gold.values() for d in g})
    scores = [
        score_mentions(gold["mentions"], texts, extracted),
        score_events(gold["events"], extracted),
        score_agreements(gold["agreements"], extracted),
        score_force_posture(gold["force_posture"], extracted),
        score_people(gold["people"], extracted, texts, registry),
        score_publications(gold["publications"], extracted, registry),
        score_citations(gold["citations"], extracted),
        score_recommendations(gold["recommendations"], extracted, texts),
        score_topics(gold["topics"], extracted),
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
        f"{'table':<16} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'fp':>4} {'fn':>4}"
    ]
    for s in scores:
        lines.append(
            f"{s.table:<16} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} "
            f"{s.tp:>5} {s.fp:>4} {s.fn:>4}"
        )
    return "\n".join(lines)
