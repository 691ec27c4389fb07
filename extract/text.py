"""Snapshot bytes -> clean, normalised UTF-8 text.

The text returned here is *the* document text: every published offset points
into it, and its sha256 is published as ``content_sha256``.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata

FORMATS = ("txt", "html", "pdf")
# Bump when to_text can return different text for the same bytes.
READER_VERSION = "2"


class UnreadableSource(ValueError):
    """The bytes cannot be turned into text (wrong encoding, empty, broken file)."""


def detect_format(data: bytes, suffix: str) -> str:
    """Format from the file suffix, checked against the bytes' signature."""
    suffix = suffix.lower().lstrip(".")
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        sniffed = "pdf"
    elif head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        sniffed = "html"
    else:
        sniffed = "txt"
    declared = {"htm": "html", "md": "txt", "text": "txt"}.get(suffix, suffix)
    if declared not in FORMATS:
        raise UnreadableSource(f"unsupported file type .{suffix} (expected .txt, .html or .pdf)")
    if declared == "pdf" and sniffed != "pdf":
        raise UnreadableSource("file is named .pdf but does not start with %PDF")
    if declared == "txt" and bom_encoding(data) is None and (nul := data.find(b"\x00")) >= 0:
        # Anywhere, not only in the first bytes: a NUL must never reach a published quote.
        raise UnreadableSource(f"file is named .txt but holds binary data (a NUL byte at {nul})")
    return declared


# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """'utf-16' or 'utf-32' when the bytes start with that encoding's byte-order mark
    (as Windows editors save "Unicode" text), else None."""
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


_NO_BREAK_SPACES = ("\u00a0", "\u2007", "\u202f")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """NFC, Unix newlines, plain spaces for no-break spaces, no BOM, no NUL, no trailing
    spaces."""
    text = text.removeprefix("\ufeff")
    if "\x00" in text:  # never in a published quote, whatever the reader returned
        text = text.replace("\x00", "")
    # str.replace and the `in` tests run at memory speed; str.translate and a regex
    # scan of every text were most of the time of reading a large corpus.
    for space in _NO_BREAK_SPACES:
        if space in text:
            text = text.replace(space, " ")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n") + "\n"


def html_to_text(data: bytes) -> str:
    import trafilatura  # slow import, only when HTML is read

    text = trafilatura.extract(
        data,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        deduplicate=True,
    )
    if not text or not text.strip():
        raise UnreadableSource("HTML page has no main text that trafilatura could find")
    return text


def pdf_to_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise UnreadableSource(f"PDF cannot be read: {exc}") from exc
    # Each page is a paragraph; hyphenation at line ends is joined.
    text = "\n\n".join(re.sub(r"(\w)-\n(\w)", r"\1\2", p) for p in pages)
    if not text.strip():
        raise UnreadableSource("PDF has no extractable text (scanned images?)")
    return text


def to_text(data: bytes, suffix: str) -> str:
    """Decode a snapshot into normalised document text."""
    if not data.strip():
        raise UnreadableSource("file is empty")
    fmt = detect_format(data, suffix)
    if fmt == "pdf":
        raw = pdf_to_text(data)
    elif fmt == "html":
        raw = html_to_text(data)
    else:
        encoding = bom_encoding(data) or "utf-8"
        try:
            raw = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UnreadableSource(
                f"not valid {encoding.upper()} at byte {exc.start} (re-save the file as UTF-8)"
            ) from exc
    text = normalize(raw)
    if not text.strip():
        raise UnreadableSource("no text left after normalisation")
    return text


def html_metadata(data: bytes) -> dict[str, str | list[str] | None]:
    """Title, authors, date (YYYY-MM-DD) and site name that a page declares."""
    import trafilatura

    html = data.decode("utf-8", errors="replace")
    meta = trafilatura.extract_metadata(html)
    if meta is None:
        return {"title": None, "authors": [], "date": None, "sitename": None}
    authors = [a.strip() for a in (meta.author or "").split(";") if a.strip()]
    date = meta.date if meta.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.date) else None
    return {"title": meta.title, "authors": authors, "date": date, "sitename": meta.sitename}
