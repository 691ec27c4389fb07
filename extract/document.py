"""Everything extracted from one document, as plain records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extract import mentions as mentions_mod
from extract.boilerplate import Block, BoilerplateRules, segment
from extract.mentions import Gazetteer, Mention
from extract.sentences import Sentence, sentence_spans


@dataclass(frozen=True)
class DocumentInput:
    doc_id: str
    text: str
    title: str = ""
    authors: Sequence[str] = ()
    body_start: str | None = None
    body_end: str | None = None


@dataclass(frozen=True)
class Extractors:
    """The compiled vocabularies every extractor needs; built once per build."""

    gazetteer: Gazetteer
    boilerplate: BoilerplateRules


@dataclass
class ExtractedDocument:
    doc_id: str
    blocks: list[Block]
    sentences: list[Sentence]
    mentions: list[Mention] = field(default_factory=list)


EXTRACTOR_VERSIONS = {"mentions": mentions_mod.VERSION}


def extract_document(doc: DocumentInput, ex: Extractors) -> ExtractedDocument:
    blocks = segment(doc.text, ex.boilerplate, doc.title, doc.authors, doc.body_start, doc.body_end)
    sentences = sentence_spans(doc.text, blocks)
    return ExtractedDocument(
        doc_id=doc.doc_id,
        blocks=blocks,
        sentences=sentences,
        mentions=mentions_mod.find_mentions(doc.text, sentences, ex.gazetteer),
    )
