"""The records that span documents: events, agreements, force figures, actors,
people, publications, citations and recommendations, with their evidence.

They are made from what each batch's ``Parts`` keep of its documents (``docs``,
``extracted`` and the mention counts). No pandas or pandera here: a worker process
builds them, so that the build process never holds these Python objects.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

import pyarrow as pa

from extract.consolidate import event_row, merge_events
from extract.ids import slug, span_id
from schemas.layout import Layout
from trilat.documents import FIRST_CHARACTER, DocumentInfo
from trilat.gcpause import gc_paused
from trilat.reference import Vocabulary
from trilat.registry import parse_date
from trilat.rows import PER_DOCUMENT, Evidence, Parts


def cross_document_tables(
    parts: Sequence[Parts], vocab: Vocabulary, layouts: Mapping[str, Layout]
) -> dict[str, pa.Table]:
    """Every table but the per-document ones, each in key order, and the evidence of
    their records (as "evidence"). Documents are taken in id order, whatever the
    order of the registry or batches."""
    with gc_paused():
        return _cross_document_tables(parts, vocab, layouts)


def _cross_document_tables(parts, vocab, layouts) -> dict[str, pa.Table]:
    docs = sorted((d for p in parts for d in p.docs), key=lambda d: d.source.id)
    by_id = {e.doc_id: e for p in parts for e in p.extracted}
    n_mentions = sum((p.n_mentions for p in parts), Counter())
    n_documents = sum((p.n_documents for p in parts), Counter())
    evidence = Evidence(layouts["evidence"].schema)
    events, agreements, force = _core_records(docs, by_id, vocab, evidence)
    expert = _expert_records(docs, by_id, vocab, evidence)
    actors = [
        {
            "actor_id": a.id,
            "name": a.name,
            "actor_type": a.type,
            "country": a.country,
            "aliases": list(a.aliases),
            "wikidata_id": a.wikidata_id,
            "cow_code": a.cow_code,
            "gw_code": a.gw_code,
            "n_mentions": n_mentions[a.id],
            "n_documents": n_documents[a.id],
        }
        for a in vocab.actors
        if n_mentions[a.id]
    ]
    rows = {
        **expert,
        "actors": actors, "events": events, "agreements": agreements, "force_posture": force,
    }  # fmt: skip
    out = {
        name: layout.sort(pa.Table.from_pylist(rows[name], schema=layout.schema))
        for name, layout in layouts.items()
        if name not in PER_DOCUMENT
    }
    out["evidence"] = layouts["evidence"].sort(evidence.table())
    return out


def _core_records(docs, by_id, vocab: Vocabulary, evidence: Evidence):
    """Events, agreements and force figures, merged, with their evidence rows."""
    doc_of = {d.source.id: d for d in docs}
    plover = {t.type: t.plover for t in vocab.event_types}
    reports = [(d.source.id, r) for d in docs for r in by_id[d.source.id].events]
    events = []
    for m in merge_events(reports):
        events.append(event_row(m, plover))
        seen = set()
        for doc_id, r in m.reports:
            if (doc_id, r.sentence_start) not in seen:
                seen.add((doc_id, r.sentence_start))
                evidence.add("events", m.event_id, doc_of[doc_id], r.sentence_start,
                             r.sentence_end, "events", r.confidence)  # fmt: skip

    curated = {a.id: a for a in vocab.agreements}
    agreements: dict[str, dict] = {}
    sources: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for a in by_id[d.source.id].agreements:
            if a.agreement_id not in agreements:
                if a.agreement_id in curated:
                    c = curated[a.agreement_id]
                    signed, precision = parse_date(c.date_signed)
                    agreements[a.agreement_id] = {
                        "agreement_id": c.id, "name": c.name, "agreement_type": c.type,
                        "date_signed": signed, "date_precision": precision,
                        "parties": sorted(c.parties), "curated": True,
                    }  # fmt: skip
                else:
                    agreements[a.agreement_id] = {
                        "agreement_id": a.agreement_id, "name": a.name,
                        "agreement_type": a.agreement_type,
                        "date_signed": date(a.year, 1, 1) if a.year else None,
                        "date_precision": "year" if a.year else None,
                        "parties": list(a.parties), "curated": False,
                    }  # fmt: skip
            sources[a.agreement_id].add(d.source.id)
            evidence.add("agreements", a.agreement_id, d, a.sentence_start, a.sentence_end,
                         "agreements", a.confidence)  # fmt: skip
    for aid, row in agreements.items():
        row["n_sources"] = len(sources[aid])

    force = []
    for d in docs:
        for f in by_id[d.source.id].figures:
            oid = span_id(d.source.id, f.start, f.end)
            force.append({
                "observation_id": oid, "doc_id": d.source.id, "metric": f.metric,
                "host_country": f.host_country, "deploying_country": f.deploying_country,
                "value": f.value, "approximate": f.approximate, "qualifier": f.qualifier,
                "as_of": f.as_of, "as_of_precision": f.as_of_precision,
            })  # fmt: skip
            evidence.add(
                "force_posture", oid, d, f.sentence_start, f.sentence_end, "force_posture", 0.85
            )
    return events, list(agreements.values()), force


def _expert_records(docs, by_id, vocab: Vocabulary, evidence: Evidence) -> dict[str, list]:
    """People, publications, citations and recommendations, with evidence."""
    from extract.people import person_id

    people: dict[str, dict] = {}
    people_docs: dict[str, set[str]] = defaultdict(set)

    def person(name: str, d: DocumentInfo, span: tuple[int, int], role=None) -> str:
        pid = person_id(name)
        row = people.get(pid)
        if row is None:
            row = people[pid] = {"person_id": pid, "name": name, "position": None,
                                 "organization": None, "organization_country": None,
                                 "actor_id": None}  # fmt: skip
        if role is not None and row["position"] is None and row["organization"] is None:
            row.update(position=role.position, organization=role.organization,
                       organization_country=role.organization_country)  # fmt: skip
        if role is not None and role.actor_id:
            row["actor_id"] = role.actor_id
        people_docs[pid].add(d.source.id)
        evidence.add("people", pid, d, *span, "people", 0.8 if role is not None else 0.6)
        return pid

    publications: dict[str, dict] = {}
    citations, recommendations = [], []
    for d in docs:
        ex, s = by_id[d.source.id], d.source
        for role in ex.roles:
            person(role.name, d, (role.start, role.end), role)
        authors = []
        for a in s.authors:
            span = d.lines[a]
            if span is not None:
                authors.append(person(a, d, span))
        title_span = d.lines[s.title] if not s.title_supplied else None
        if authors:
            pub = slug(s.title)
            if pub not in publications:
                publications[pub] = {
                    "publication_id": pub, "doc_id": s.id, "title": s.title, "authors": authors,
                    "container": s.publisher, "published": s.published_date,
                    "date_precision": s.date_precision,
                }  # fmt: skip
            span = title_span or d.lines[s.authors[0]] or FIRST_CHARACTER
            evidence.add("publications", pub, d, *span, "publications", 0.9)
        for w in ex.works:
            pub = slug(w.title)
            ids = [person(a, d, (w.start, w.end)) for a in w.authors]
            publications.setdefault(pub, {
                "publication_id": pub, "doc_id": s.id, "title": w.title, "authors": ids,
                "container": s.title, "published": s.published_date,
                "date_precision": s.date_precision,
            })  # fmt: skip
            evidence.add("publications", pub, d, w.start, w.end, "publications", 0.8)
        for c in ex.citations:
            cid = span_id(s.id, c.start, c.end)
            citations.append({
                "citation_id": cid, "doc_id": s.id, "note": c.note, "raw": c.raw,
                "authors": list(c.authors), "title": c.title, "container": c.container,
                "year": c.year, "url": c.url, "kind": c.kind,
            })  # fmt: skip
            evidence.add("citations", cid, d, c.start, c.end, "citations", 0.8)
        first_topic = {}
        for t in ex.topics:
            first_topic.setdefault(t.start, t.topic)
        for r in ex.recommendations:
            rid = span_id(s.id, r.start, r.end)
            recommendations.append({
                "recommendation_id": rid, "doc_id": s.id,
                "author": d.authors_at[r.start], "addressees": list(r.addressees),
                "topic": first_topic.get(r.start), "text": d.quote(r.start, r.end)[0],
            })  # fmt: skip
            evidence.add("recommendations", rid, d, r.start, r.end, "recommendations",
                         r.confidence)  # fmt: skip
    for pid, row in people.items():
        row["n_documents"] = len(people_docs[pid])
    return {
        "people": list(people.values()), "publications": list(publications.values()),
        "citations": citations, "recommendations": recommendations,
    }  # fmt: skip
