"""A source read into text, and what assembly needs of that text.

The text of a document is needed where it is extracted (a worker process) and
nowhere after: ``document_info`` takes from it everything the cross-document
records quote or look up, so the build never holds the corpus's texts. This
module imports no pandas or pandera (workers import it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from extract.document import ExtractedDocument
from trilat.registry import Source

# Licences under which a source may not be redistributed: quote a short excerpt only.
RESTRICTED_LICENSES = frozenset({"LicenseRef-all-rights-reserved", "LicenseRef-not-stated"})
QUOTE_LIMIT = 200
# The span quoted for a publication whose title and authors' lines are not found.
FIRST_CHARACTER = (0, 1)


@dataclass(frozen=True)
class ReadDocument:
    """A source with its snapshot read into document text."""

    source: Source
    text: str
    snapshot_sha256: str

    def quote(self, start: int, end: int) -> tuple[str, bool]:
        return quote_for(self, start, end)


def quote_for(d: ReadDocument, start: int, end: int) -> tuple[str, bool]:
    """The evidence quote and whether it is the whole span.

    Sources whose licence does not allow redistribution are quoted in a short
    excerpt: the first QUOTE_LIMIT characters of the span, cut at a word.
    """
    span = d.text[start:end]
    if d.source.license not in RESTRICTED_LICENSES or len(span) <= QUOTE_LIMIT:
        return span, True
    cut = span[:QUOTE_LIMIT]
    cut = cut[: cut.rfind(" ")] if " " in cut[QUOTE_LIMIT // 2 :] else cut
    return cut.rstrip(), False


@dataclass(frozen=True)
class DocumentInfo:
    """A read document without its text: the quotes and lines assembly asks for."""

    source: Source
    quotes: dict[tuple[int, int], tuple[str, bool]] = field(repr=False)
    lines: dict[str, tuple[int, int] | None] = field(repr=False)  # name -> its line
    authors_at: dict[int, str | None] = field(repr=False)  # recommendation start -> author

    def quote(self, start: int, end: int) -> tuple[str, bool]:
        try:
            return self.quotes[(start, end)]
        except KeyError:
            raise KeyError(
                f"{self.source.id} [{start}:{end}]: a span assembly quotes that "
                "document_info did not take from the text (add it to quoted_spans)"
            ) from None


def document_info(d: ReadDocument, ex: ExtractedDocument) -> DocumentInfo:
    """What the records that span documents need of ``d``'s text (``trilat.assemble``)."""
    s = d.source
    names = (*s.authors, *(() if s.title_supplied else (s.title,)))
    folded = d.text.casefold()  # once, not once per name
    lines = {n: line_of(d.text, folded, n) for n in names}
    spans = set(quoted_spans(ex)) | {span for span in lines.values() if span} | {FIRST_CHARACTER}
    return DocumentInfo(
        source=s,
        quotes={span: quote_for(d, *span) for span in sorted(spans)},
        lines=lines,
        authors_at={r.start: author_at(d, r.start) for r in ex.recommendations},
    )


def quoted_spans(ex: ExtractedDocument) -> Iterator[tuple[int, int]]:
    """The spans of ``ex`` that assembly quotes as evidence (besides author and title lines)."""
    for records in (ex.events, ex.agreements, ex.figures):
        yield from ((r.sentence_start, r.sentence_end) for r in records)
    for records in (ex.roles, ex.works, ex.citations, ex.recommendations):
        yield from ((r.start, r.end) for r in records)


def line_of(text: str, folded: str, name: str) -> tuple[int, int] | None:
    """The line that first names ``name`` (case-insensitive: ``folded`` is
    ``text.casefold()``), as a span."""
    i = folded.find(name.casefold())
    if i < 0:
        return None
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return start, len(text) if end < 0 else end


def author_at(d: ReadDocument, offset: int) -> str | None:
    """The registered author whose "by <name>" line last precedes ``offset``, else all."""
    best, best_at = None, -1
    for a in d.source.authors:
        i = d.text.rfind(f"by {a}", 0, offset)
        if i > best_at:
            best, best_at = a, i
    if best is not None:
        return best
    return "; ".join(d.source.authors) or None
