from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.dates import find_dates

PUB = date(2023, 8, 17)


def one(text, published=PUB):
    (d,) = find_dates(text, published=published)
    return d.text, d.value.isoformat(), d.precision, d.end_value and d.end_value.isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on October 17, 2023,", ("October 17, 2023", "2023-10-17", "day", None)),
        ("on 17 October 2023.", ("17 October 2023", "2023-10-17", "day", None)),
        ("on Sept. 9, 2021.", ("Sept. 9, 2021", "2021-09-09", "day", None)),
        ("in February 2025", ("February 2025", "2025-02-01", "month", "2025-02-28")),
        ("since 1957", ("1957", "1957-01-01", "year", "1957-12-31")),
        ("the 1960 revision", ("1960", "1960-01-01", "year", "1960-12-31")),
        ("in the early 1950s", ("the early 1950s", "1950-01-01", "approximate", "1953-12-31")),
        ("the late 1990s", ("the late 1990s", "1997-01-01", "approximate", "1999-12-31")),
        ("in the 1990s", ("the 1990s", "1990-01-01", "decade", "1999-12-31")),
        ("in 2017–21.", ("2017–21", "2017-01-01", "year", "2021-12-31")),
        ("from 1998-2003.", ("1998-2003", "1998-01-01", "year", "2003-12-31")),
        ("will turn 70 this October", ("this October", "2023-10-01", "month", "2023-10-31")),
        ("met last year", ("last year", "2022-01-01", "year", "2022-12-31")),
        ("talks last March", ("last March", "2023-03-01", "month", "2023-03-31")),
        ("talks next January", ("next January", "2024-01-01", "month", "2024-01-31")),
        ("met on Tuesday", ("on Tuesday", "2023-08-15", "day", None)),
    ],
)
def test_date_forms(text, expected):
    assert one(text) == expected


def test_relative_dates_need_a_publication_date():
    assert find_dates("this October and last year", published=None) == []


@pytest.mark.parametrize(
    "text",
    [
        "28,500 troops",
        "pages 67–86",
        "about 5G networks",
        "Total Index: 6433 publications",
        "February 30, 2023",
        "3000 BC",
        "a 2023a draft",
    ],
)
def test_not_dates(text):
    assert find_dates(text, published=PUB) == []


def test_offsets_and_windows():
    text = "Intro. In July 2025 they met. Later in 2026."
    ds = find_dates(text, 7, 29)
    assert [(d.text, text[d.start : d.end]) for d in ds] == [("July 2025", "July 2025")]


@given(st.text(max_size=200), st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_any_text_gives_valid_dates(text, pub):
    for d in find_dates(text, published=pub):
        assert text[d.start : d.end] == d.text
        assert 1800 <= d.value.year <= 2100
        assert d.end_value is None or d.end_value >= d.value


_DATE_TOKENS = st.sampled_from([
    "October 17, 2023", "17 oct. 2023", "Sept 2021", "since 1957", "the early 1990s",
    "2017–21", "1998-2003", "this year", "last month", "next week", "past October",
    "on Tuesday", "MAY 2020", "in", ",", ".", "\u00a0", "\n", "x", "ab", "17", "the",
])  # fmt: skip


@settings(max_examples=300)
@given(st.lists(_DATE_TOKENS, max_size=8).map(" ".join))
def test_the_cheap_pre_filter_never_drops_a_date(text):
    """may_hold_date() may say yes wrongly, but never no when find_dates finds one."""
    from extract.dates import may_hold_date
    from extract.phrases import lower_same_length

    if find_dates(text, published=PUB):
        assert may_hold_date(lower_same_length(text))
