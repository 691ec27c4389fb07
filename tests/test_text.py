import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.text import UnreadableSource, normalize, to_text


def test_txt_is_normalised_to_nfc_and_unix_newlines():
    raw = "\ufeffCafe\u0301 line\r\nsecond   \r\n\r\n\r\n\r\nthird\u00a0one".encode()
    assert to_text(raw, ".txt") == "Café line\nsecond\n\nthird one\n"


def _normalize_plainly(text: str) -> str:
    """What normalize() does, written the obvious (slow) way."""
    text = text.removeprefix("\ufeff").translate(
        str.maketrans(dict.fromkeys("\u00a0\u2007\u202f", " "))
    )
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", text))
    return text.strip("\n") + "\n"


@given(st.text(alphabet=st.sampled_from("ab \t\r\n\u00a0\u2007\u202f\ufeffe\u0301")))
def test_normalize_equals_the_plain_definition(text):
    assert normalize(text) == _normalize_plainly(text)


def test_normalize_is_idempotent():
    once = normalize("a\r\nb  \n\n\n\nc")
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("data", "suffix", "message"),
    [
        (b"", ".txt", "empty"),
        (b"   \n", ".txt", "empty"),
        (b"caf\xe9 au lait", ".txt", "not valid UTF-8 at byte 3"),
        (b"\x00\x01binary\x00", ".txt", "binary data"),
        (b"plain text", ".pdf", "does not start with %PDF"),
        (b"%PDF-1.4 truncated", ".pdf", "PDF"),
        (b"text", ".docx", "unsupported file type"),
    ],
)
def test_bad_files_get_a_clear_reason(data, suffix, message):
    with pytest.raises(UnreadableSource, match=message):
        to_text(data, suffix)


def test_html_main_text_without_navigation():
    html = b"""<!doctype html><html><head><title>T</title></head><body>
    <nav><ul><li><a href="/a">Home</a></li><li><a href="/b">China</a></li></ul></nav>
    <article><h1>Allies meet</h1>
    <p>The foreign ministers of Japan and the Republic of Korea met in Tokyo on Monday to
    discuss trilateral cooperation with the United States and the security of the region.</p>
    <p>They agreed to hold regular consultations on North Korea's missile launches and on
    economic security, and to expand the exchange of missile-warning data in real time.</p>
    </article><footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"""
    text = to_text(html, ".html")
    assert "Republic of Korea met in Tokyo" in text
    assert "Home" not in text


def test_html_without_text_is_unreadable():
    with pytest.raises(UnreadableSource, match="no main text"):
        to_text(b"<!doctype html><html><body><div></div></body></html>", ".html")


def _pdf(text: str) -> bytes:
    """A minimal one-page PDF with one line of text (Helvetica)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_pdf_text_is_extracted():
    assert "Japan and the ROK" in to_text(_pdf("Japan and the ROK met."), ".pdf")


def test_truncated_pdf_is_unreadable():
    with pytest.raises(UnreadableSource):
        to_text(_pdf("Japan and the ROK met.")[:60], ".pdf")
