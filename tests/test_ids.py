"""Record ids from natural keys (extract/ids.py)."""

from hypothesis import given
from hypothesis import strategies as st

from extract.ids import slug, span_id


def test_slug_is_ascii_lower_case_words_joined_by_hyphens():
    assert slug("Draudt-Véjares") == "draudt-vejares"
    assert slug("  The U.S.–ROK Alliance!  ") == "the-u-s-rok-alliance"
    assert slug("x" * 200, max_length=10) == "x" * 10


@given(st.text())
def test_a_slug_is_always_a_valid_id_or_empty(text):
    s = slug(text)
    assert s == "" or (
        s[0] != "-" and s[-1] != "-" and set(s) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    )


def test_span_id():
    assert span_id("doc-a", 3, 17) == "doc-a@3-17"
