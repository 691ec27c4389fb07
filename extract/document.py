"""Everything extracted from one document, as plain records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from extract import agreements as agreements_mod
from extract import citations as citations_mod
from extract import events as events_mod
from extract import force_posture as force_mod
from extract import mentions as mentions_mod
from extract import people as people_mod
from extract import recommendations as recommendations_mod
from extract import topics as topics_mod
from extract.agreements import AgreementMatcher, AgreementMention
from extract.boilerplate import Block, BoilerplateRules, segment
from extract.citations import Citation
from extract.dates import document_anchor
from extract.events import EventMention, EventVocabulary, find_events
from extract.force_posture import Figure, find_figures
from extract.mentions import Gazetteer, Mention
from extract.people import Role, Work
from extract.phrases import PhraseIndex, PhraseMatcher
from extract.pickling import lists_by_column
from extract.recommendations import Recommendation
from extract.sentences import Sentence, sentence_spans
from extract.topics import TopicSentence

EXTRACTOR_VERSIONS = {
    "mentions": mentions_mod.VERSION,
    "agreements": agreements_mod.VERSION,
    "events": events_mod.VERSION,
    "force_posture": force_mod.VERSION,
    "people": people_mod.VERSION,
    "publications": people_mod.VERSION,
    "citations": citations_mod.VERSION,
    "topics": topics_mod.VERSION,
    "recommendations": recommendations_mod.VERSION,
}


@dataclass(frozen=True)
class DocumentInput:
    doc_id: str
    text: str
    title: str = ""
    authors: Sequence[str] = ()
    body_start: str | None = None
    body_end: str | None = None
    published: date | None = None
    published_precision: str | None = None


@dataclass(frozen=True)
class Extractors:
    """The compiled vocabularies every extractor needs; built once per build."""

    gazetteer: Gazetteer
    boilerplate: BoilerplateRules
    agreements: AgreementMatcher
    events: EventVocabulary
    topics: PhraseMatcher
    states: frozenset[str]  # actor ids of type state
    actors: Mapping[str, Mapping]  # id -> actor fields
    demonym_country: Mapping[str, str]
    cache_key: str  # identifies the vocabularies and code; part of result-cache keys
    phrases: PhraseIndex = field(init=False)  # every whole-text phrase set, in one automaton

    def __post_init__(self) -> None:
        matchers = [
            self.gazetteer, self.agreements.aliases, self.agreements.cue_words, self.events.named,
            self.events.exercises, self.events.series, self.events.keywords, self.events.places,
            events_mod.CLAUSE_WORDS, events_mod.RANK_WORDS, agreements_mod.HEAD_WORDS, self.topics,
            force_mod.NOUN_HIT, recommendations_mod.CUES, people_mod.CUES,
        ]  # fmt: skip
        object.__setattr__(self, "phrases", PhraseIndex(matchers))


@lists_by_column("blocks", "sentences", "mentions", "topics")
@dataclass
class ExtractedDocument:
    doc_id: str
    blocks: list[Block]
    sentences: list[Sentence]
    mentions: list[Mention] = field(default_factory=list)
    agreements: list[AgreementMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    works: list[Work] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    topics: list[TopicSentence] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)


def extract_document(doc: DocumentInput, ex: Extractors) -> ExtractedDocument:
    blocks = segment(doc.text, ex.boilerplate, doc.title, doc.authors, doc.body_start, doc.body_end)
    sentences = sentence_spans(doc.text, blocks)
    # Shared by the extractors, which would otherwise each compute them.
    scan = ex.phrases.scan(doc.text)
    mentions = mentions_mod.find_mentions(doc.text, sentences, ex.gazetteer, scan)
    by_sentence = mentions_mod.mentions_by_sentence(mentions)
    out = ExtractedDocument(doc.doc_id, blocks, sentences, mentions)
    lines = [(b.start, b.end) for b in blocks[:3]]
    anchor = document_anchor(doc.text, lines, doc.published, doc.published_precision)
    country = ex.events.actor_country
    out.agreements = ex.agreements.find(doc.text, sentences, mentions, country, scan, by_sentence,
                                        anchor.value.year if anchor else None)  # fmt: skip
    spans = [(a.start, a.end) for a in out.agreements]
    out.figures = find_figures(
        doc.text, sentences, mentions, country, ex.states, anchor, excluded_spans=spans,
        scan=scan, by_sentence=by_sentence, places=ex.events.places,
    )  # fmt: skip
    parties: dict[int, list[str]] = {}
    for a in out.agreements:
        parties.setdefault(a.sentence_start, []).extend(ex.agreements.parties(a.agreement_id))
    out.roles = (
        people_mod.author_notes(doc.text, blocks, sentences, mentions, country)
        + people_mod.officials(doc.text, sentences, mentions, ex.actors, ex.demonym_country)
        + people_mod.appositions(doc.text, sentences, mentions, country, scan)
    )
    out.works = people_mod.table_of_contents(doc.text, blocks, doc.authors)
    out.citations = citations_mod.find_citations(
        doc.text, [(b.start, b.end) for b in blocks if b.role == "body"]
    )
    out.topics = topics_mod.find_topics(doc.text, sentences, ex.topics, scan)
    out.recommendations = recommendations_mod.find_recommendations(
        doc.text, sentences, mentions, country, doc.authors, scan, by_sentence
    )
    names: dict[int, list[str]] = {}
    for a in out.agreements:
        names.setdefault(a.sentence_start, []).append(ex.agreements.name(a))
    out.events = find_events(
        doc.text, sentences, blocks, mentions, anchor, ex.events, excluded_spans=spans,
        agreement_parties=parties, scan=scan, by_sentence=by_sentence, agreement_names=names,
    )  # fmt: skip
    return out
