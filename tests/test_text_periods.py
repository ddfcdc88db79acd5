"""Column periods from a table's header, as the header's words state them: the dates written from
the phrases ("Three months ended June 30" is April 1 .. June 30; "As of" is the day itself), not
from the code's output."""

from __future__ import annotations

from datetime import date

import pytest

from xbrl_gen.model import Duration, Instant, StatementKind
from xbrl_gen.sources.structured import MAX_DIGITS
from xbrl_gen.sources.text.periods import (
    DatedColumn,
    dated_columns,
    duration_ending,
    most_common_unit,
    opening_day,
    period_of,
)
from xbrl_gen.sources.text.tokens import Unit, parse_amount, tokenize


def _columns(header: str) -> list[DatedColumn]:
    return dated_columns(tokenize([(1, header)]))


def test_one_phrase_heads_every_date() -> None:
    columns = _columns("Three Months Ended June 30, 2019 June 30, 2020")
    assert [(c.end, c.months) for c in columns] == [(date(2019, 6, 30), 3), (date(2020, 6, 30), 3)]
    assert [c.heading for c in columns] == ["Three Months Ended June 30, 2019", "Three Months Ended June 30, 2020"]


def test_each_date_takes_its_own_phrase() -> None:
    columns = _columns("As of March 31, 2020 Six months ended September 30, 2020")
    assert [(c.end, c.months) for c in columns] == [(date(2020, 3, 31), 0), (date(2020, 9, 30), 6)]
    assert columns[1].heading == "Six months ended September 30, 2020"


def test_fewer_phrases_than_dates_the_last_phrase_heads_the_rest() -> None:
    columns = _columns("As of March 31, 2020 Six months ended September 30, 2019 September 30, 2020")
    assert [c.months for c in columns] == [0, 6, 6]


def test_a_header_without_a_phrase_leaves_the_length_open() -> None:
    columns = _columns("June 30, 2019 June 30, 2020")
    assert [(c.months, c.heading) for c in columns] == [(None, "June 30, 2019"), (None, "June 30, 2020")]


@pytest.mark.parametrize(
    "kind", [StatementKind.SEGMENTS, StatementKind.PROFIT_OR_LOSS, StatementKind.CASH_FLOWS, StatementKind.OTHER, None]
)
def test_an_as_of_column_is_an_instant_in_any_statement(kind: StatementKind | None) -> None:
    (column,) = _columns("As of June 30, 2020")
    assert period_of(column, kind, 3) == Instant(date(2020, 6, 30))


def test_a_balance_sheet_column_is_an_instant_whatever_its_phrase() -> None:
    (column,) = _columns("Three months ended June 30, 2020")
    assert period_of(column, StatementKind.FINANCIAL_POSITION, 3) == Instant(date(2020, 6, 30))


@pytest.mark.parametrize(
    ("header", "default", "start"),
    [
        ("Three months ended June 30, 2020", 12, date(2020, 4, 1)),
        ("Six months ended September 30, 2020", 3, date(2020, 4, 1)),
        ("Nine months ended December 31, 2020", 3, date(2020, 4, 1)),
        ("Year ended March 31, 2021", 3, date(2020, 4, 1)),
        ("June 30, 2020", 3, date(2020, 4, 1)),  # no phrase: the report's own period length
        ("June 30, 2020", 6, date(2020, 1, 1)),
    ],
)
def test_a_duration_ends_on_the_date_and_lasts_as_the_phrase_says(header: str, default: int, start: date) -> None:
    (column,) = _columns(header)
    assert period_of(column, StatementKind.PROFIT_OR_LOSS, default) == Duration(start, column.end)


@pytest.mark.parametrize(
    ("end", "months", "start"),
    [
        (date(2020, 5, 31), 3, date(2020, 3, 1)),
        (date(2020, 2, 29), 12, date(2019, 3, 1)),
        (date(2021, 2, 28), 6, date(2020, 9, 1)),
        (date(2020, 12, 31), 12, date(2020, 1, 1)),
        (date(2020, 6, 15), 1, date(2020, 5, 16)),  # not a month end: the day after, a month back
    ],
)
def test_a_period_ending_on_a_month_end_starts_on_a_first(end: date, months: int, start: date) -> None:
    assert duration_ending(end, months) == Duration(start, end)


@pytest.mark.parametrize(
    ("balance", "first"),
    [
        (date(2020, 3, 31), date(2020, 4, 1)),  # "Balance, March 31, 2020" opens April
        (date(2020, 4, 1), date(2020, 4, 1)),  # "Balance, April 1, 2020" is already the first day
        (date(2020, 2, 29), date(2020, 3, 1)),
        (date(2020, 3, 30), date(2020, 3, 30)),  # not the end of a month: the day as printed
    ],
)
def test_the_first_day_after_an_opening_balance(balance: date, first: date) -> None:
    assert opening_day(balance) == first


def test_the_unit_most_columns_are_in() -> None:
    thousands, millions = Unit("JPY", 3), Unit("JPY", 6)
    assert most_common_unit([millions, thousands, None, thousands, None, None]) == thousands
    assert most_common_unit([None, None]) is None


@pytest.mark.parametrize(
    ("phrase", "months"),
    [
        ("Three months ended", 3),
        ("3-month period ended", 3),
        ("Nine months ended", 9),
        ("Quarter ended", 3),
        ("Half-year ended", 6),
        ("Half year ended", 6),
        ("Fiscal year ended", 12),
        ("Years ended", 12),
        ("As at", 0),
        ("As of", 0),
    ],
)
def test_a_period_phrase_says_how_many_months(phrase: str, months: int) -> None:
    (column,) = _columns(f"{phrase} June 30, 2020")
    assert column.months == months


def test_a_token_keeps_the_line_it_starts_on() -> None:
    tokens = tokenize([(7, "Six months ended"), (8, "September 30, 2020 Thousands of"), (9, "yen 1,234")])
    assert [(t.text, t.line) for t in tokens] == [
        ("Six months ended", 7),
        ("September 30, 2020", 8),
        ("Thousands of yen", 8),
        ("1,234", 9),
    ]


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("Thousands of yen", Unit("JPY", 3)),
        ("Millions of Japanese yen", Unit("JPY", 6)),
        ("In thousands of US dollars", Unit("USD", 3)),
        ("EUR thousands", Unit("EUR", 3)),
        ("Millions of pounds sterling", Unit("GBP", 6)),
        ("Thousands of Swiss francs", Unit("CHF", 3)),
    ],
)
def test_a_unit_names_its_currency_in_any_of_the_words_reports_use(header: str, unit: Unit) -> None:
    assert [t.unit for t in tokenize([(1, header)])] == [unit]


def test_a_one_character_token_at_a_line_end_stays_on_its_line() -> None:
    tokens = tokenize([(7, "Revenue 5"), (8, "June 30, 2020")])
    assert [(t.text, t.line) for t in tokens] == [("Revenue", 7), ("5", 7), ("June 30, 2020", 8)]


def test_an_amount_may_have_as_many_digits_as_a_statements_file_holds() -> None:
    assert parse_amount("9" * MAX_DIGITS) is not None
    assert parse_amount("9" * (MAX_DIGITS + 1)) is None
