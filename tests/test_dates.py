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


FRI = date(2023, 12, 1)  # a Friday


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # year-less days and ranges take the anchor's year
        ("met on June 15.", FRI, ("2023-06-15", "day", None)),
        ("runs from Sept. 15 to 19.", date(2023, 9, 1), ("2023-09-15", "day", "2023-09-19")),
        ("took place June 20-28.", FRI, ("2023-06-20", "day", "2023-06-28")),
        ("between 17 October and 6 November 1997", FRI, ("1997-10-17", "day", "1997-11-06")),
        ("Oct. 30 to Nov. 11, 2016", FRI, ("2016-10-30", "day", "2016-11-11")),
        # weekdays look back, or forward in a sentence about the future
        ("officials said Friday", FRI, ("2023-12-01", "day", None)),
        ("the launch Wednesday of a missile", FRI, ("2023-11-29", "day", None)),
        ("Thursday's launch", FRI, ("2023-11-30", "day", None)),
        ("the drill kicks off Tuesday", FRI, ("2023-12-05", "day", None)),
        ("will meet next Friday", FRI, ("2023-12-08", "day", None)),
        ("Friday, April 14, 2023", FRI, ("2023-04-14", "day", None)),
        # periods
        ("last week", FRI, ("2023-11-20", "approximate", "2023-11-26")),
        ("earlier this month", FRI, ("2023-12-01", "month", "2023-12-31")),
        ("in November", FRI, ("2023-11-01", "month", "2023-11-30")),
        ("agreed in July", FRI, ("2023-07-01", "month", "2023-07-31")),
        ("in August last year", FRI, ("2022-08-01", "month", "2022-08-31")),
        ("on August 31 last year", FRI, ("2022-08-31", "day", None)),
        ("last summer", FRI, ("2023-06-01", "approximate", "2023-08-31")),
        ("this past fall", date(2023, 4, 1), ("2022-09-01", "approximate", "2022-11-30")),
        ("three months earlier", FRI, ("2023-09-01", "month", "2023-09-30")),
        ("the summer of 2022", None, ("2022-06-01", "approximate", "2022-08-31")),
        ("today", FRI, ("2023-12-01", "day", None)),
        ("THE VOTE TODAY", FRI, ("2023-12-01", "day", None)),  # an all-capitals lede
        ("last weekend", FRI, ("2023-11-20", "approximate", "2023-11-26")),
        # a weekday straight after a word that ends in "on" ("cooperation Wednesday")
        (
            "launched an office for cooperation Wednesday, officials said",
            FRI,
            ("2023-11-29", "day", None),
        ),
    ],
)
def test_relative_and_year_less_forms(text, anchor, expected):
    (d,) = find_dates(text, published=anchor)
    assert (d.value.isoformat(), d.precision, d.end_value and d.end_value.isoformat()) == expected


def test_an_anchor_known_to_the_month_gives_no_day():
    from extract.dates import Anchor

    (d,) = find_dates("agreed on Monday", published=Anchor(date(2015, 12, 1), "month"))
    assert (d.value.isoformat(), d.precision) == ("2015-12-01", "month")


def test_dates_that_point_at_another_date():
    from extract.dates import shifted

    (_, weekend) = find_dates("On June 3, 2024, and that same weekend", published=FRI)
    assert (weekend.text, weekend.refers_back) == ("same weekend", "day")
    ref, same, after = find_dates("On June 3, 2024, the same day, a day after", published=FRI)
    assert (same.refers_back, after.refers_back, after.offset_days) == ("day", "day", -1)
    assert shifted(same, ref).value == date(2024, 6, 3)
    assert shifted(after, ref).value == date(2024, 6, 2)  # "comes a day after X": X is before


def test_a_dateline_is_the_anchor():
    from extract.dates import Anchor, document_anchor

    text = "SEOUL, Nov. 22 (Yonhap) -- South Korea announced a decision Friday."
    assert document_anchor(text, [(0, len(text))], date(2019, 11, 23), "day") == Anchor(
        date(2019, 11, 22), "day"
    )
    header = "November 14, 1994   Jakarta Hilton\nQ: Good evening."
    assert document_anchor(header, [(0, 34)], None, None) == Anchor(date(1994, 11, 14), "day")
    plain = "The ministers met."
    assert document_anchor(plain, [(0, 18)], date(2020, 5, 1), "month") == Anchor(
        date(2020, 5, 1), "month"
    )


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
        "it may 15 times",
        "the March of history",
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
