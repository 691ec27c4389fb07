"""Record ids derived from natural keys: the same fact keeps its id across releases."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, max_length: int = 120) -> str:
    """ASCII, lower case, words joined by "-": "Draudt-Véjares" -> "draudt-vejares"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")


def span_id(doc_id: str, start: int, end: int) -> str:
    """Id of a record that is one span of a document: `<doc_id>@<start>-<end>`."""
    return f"{doc_id}@{start}-{end}"
