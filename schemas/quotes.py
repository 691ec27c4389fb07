"""The check that a quoted text is its document's text at the stated offsets.

``schemas.validate`` runs it on tables given with their texts; a build runs it in
the worker that extracted a batch, which holds the batch's texts (the build
process never does). No pandas here: worker processes import this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

# (table, column, check, where) for one failing row.
Problem = tuple[str, str, str, str]
# Rows of a table turned into Python objects at a time (by schemas.validate).
CHUNK_ROWS = 50_000


def _by_label(label: Any, doc: str, start: int, end: int) -> str:
    return f"{label} in {doc} [{start}:{end}]"


def quote_problems(
    table: str,
    column: str,
    rows: Iterable[tuple[Any, str, int, int, str, bool]],
    texts: Mapping[str, str],
    name_row: Callable[[Any, str, int, int], str] = _by_label,
) -> list[Problem]:
    """Problems of ``rows`` (label, doc_id, start, end, quote, complete): offsets outside
    the document, or a quote that is not the text at its offsets (not its beginning,
    when the quote is an excerpt). ``name_row(label, doc_id, start, end)`` names a
    failing row, for failures only. A document not in ``texts`` is not checked here
    (the foreign-key check reports it)."""
    out: list[Problem] = []
    for label, doc, s, e, q, complete in rows:
        text = texts.get(doc)
        if text is None:
            continue
        if not 0 <= s < e <= len(text):
            where = f"{name_row(label, doc, s, e)}: [{s}:{e}] outside {doc} (length {len(text)})"
            out.append((table, "start,end", "offsets inside document", where))
        elif (text[s:e] != q) if complete else not text[s:e].startswith(q):
            check = "equals document" if complete else "begins"
            where = f"{name_row(label, doc, s, e)}: {q[:60]!r} != {text[s:e][:60]!r}"
            out.append((table, column, f"{check} text[start:end]", where))
    return out
