"""Costs printed unsigned (U.S. style): which lines are made negative is what the arithmetic of the
printed numbers proves (revenues 1,000 less costs 800 is the operating income of 200), never the
label; the expected values below are that arithmetic done by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xbrl_gen.model import StatementKind
from xbrl_gen.sources.text.signs import unsigned_costs
from xbrl_gen.sources.text.structure import Shape
from xbrl_gen.sources.text.tables import RawRow

Row = tuple[str, tuple[int | None, ...], int, bool]  # label, values, depth, total


def _run(
    rows: list[Row], kind: StatementKind = StatementKind.PROFIT_OR_LOSS
) -> tuple[list[tuple[Decimal | None, ...]], list[str], list[str]]:
    raw = [
        RawRow(label, tuple(None if v is None else Decimal(v) for v in values), n)
        for n, (label, values, _, _) in enumerate(rows)
    ]
    shapes = [Shape(depth, total, None) for _, _, depth, total in rows]
    where = [f"report.txt:{n}" for n in range(len(rows))]
    out, issues = unsigned_costs(raw, shapes, kind, "Statements of Income", where)
    assert all(i.code == "unsigned-costs" for i in issues)
    return [r.values for r in out], [i.where for i in issues], [i.message for i in issues]


def _d(*values: int | None) -> tuple[Decimal | None, ...]:
    return tuple(None if v is None else Decimal(v) for v in values)


US_STYLE: list[Row] = [
    ("Revenues", (1000, 900), 0, False),
    ("Costs and expenses", (None, None), 0, False),
    ("Cost of revenues", (600, 500), 1, False),
    ("Selling, general and administrative", (200, 150), 1, False),
    ("Total costs and expenses", (800, 650), 1, True),
    ("Operating income", (200, 250), 0, False),
    ("Income tax expense", (50, 60), 0, False),
    ("Net income", (150, 190), 0, False),
]


def test_costs_printed_unsigned_become_negative_with_everything_in_their_group() -> None:
    values, where, messages = _run(US_STYLE)
    assert values == [
        _d(1000, 900),
        _d(None, None),
        _d(-600, -500),
        _d(-200, -150),
        _d(-800, -650),
        _d(200, 250),
        _d(-50, -60),
        _d(150, 190),
    ]
    assert where == ["report.txt:5", "report.txt:7"]  # the results that proved it
    assert "'Operating income' adds up only with 'Total costs and expenses' subtracted" in messages[0]
    assert messages[0].startswith("Statements of Income: ")
    assert "'Income tax expense' subtracted" in messages[1]


def test_a_statement_whose_costs_are_signed_is_left_as_printed() -> None:
    signed = [
        ("Revenue", (1000, 900), 0, False),
        ("Cost of sales", (-600, -500), 0, False),
        ("Gross profit", (400, 400), 0, False),
        ("Other expenses", (-100, -50), 0, False),
        ("Operating profit", (300, 350), 0, False),
    ]
    values, where, _ = _run(signed)
    assert values == [_d(*v) for _, v, _, _ in signed]
    assert where == []


@pytest.mark.parametrize("kind", [StatementKind.CASH_FLOWS, StatementKind.FINANCIAL_POSITION, StatementKind.SEGMENTS])
def test_only_income_statements_are_read_for_unsigned_costs(kind: StatementKind) -> None:
    values, where, _ = _run(US_STYLE, kind)
    assert values == [_d(*v) for _, v, _, _ in US_STYLE]
    assert where == []


def test_comprehensive_income_is_read_for_unsigned_costs() -> None:
    _, where, _ = _run(US_STYLE, StatementKind.COMPREHENSIVE_INCOME)
    assert where == ["report.txt:5", "report.txt:7"]


def test_two_answers_that_fit_equally_change_nothing() -> None:
    ambiguous = [
        ("Revenue", (100, 200), 0, False),
        ("Expense A", (30, 50), 0, False),
        ("Expense B", (30, 50), 0, False),
        ("Result", (70, 150), 0, False),
    ]
    values, where, _ = _run(ambiguous)
    assert values == [_d(*v) for _, v, _, _ in ambiguous]
    assert where == []


def test_the_first_line_of_a_sum_is_never_the_one_subtracted() -> None:
    first = [
        ("Revenue", (100, 100), 0, False),
        ("Expense", (300, 400), 0, False),
        ("Result", (200, 300), 0, False),  # only "expense minus revenue" gives it
    ]
    values, where, _ = _run(first)
    assert values == [_d(*v) for _, v, _, _ in first]
    assert where == []


def test_a_line_already_negative_is_not_subtracted_again() -> None:
    mixed = [
        ("Revenue", (1000,), 0, False),
        ("Cost of sales", (-600,), 0, False),
        ("Selling expenses", (100,), 0, False),
        ("Operating income", (300,), 0, False),
    ]
    values, where, _ = _run(mixed)
    assert values == [_d(1000), _d(-600), _d(-100), _d(300)]
    assert where == ["report.txt:3"]


def test_a_result_of_zeros_proves_nothing() -> None:
    zero = [("Revenue", (100,), 0, False), ("Expense", (100,), 0, False), ("Result", (0,), 0, False)]
    values, where, _ = _run(zero)
    assert values == [_d(100), _d(100), _d(0)]
    assert where == []


def test_a_line_of_zeros_is_never_the_one_subtracted() -> None:
    rows = [
        ("Revenue", (100, 100), 0, False),
        ("Nothing", (0, 0), 0, False),
        ("Expense", (40, 30), 0, False),
        ("Result", (60, 70), 0, False),
    ]
    values, where, _ = _run(rows)
    assert values == [_d(100, 100), _d(0, 0), _d(-40, -30), _d(60, 70)]
    assert where == ["report.txt:3"]


def test_an_empty_cell_of_the_result_is_not_compared_and_an_empty_cell_of_a_line_adds_nothing() -> None:
    rows = [
        ("Revenue", (1000, 900, None), 0, False),
        ("Other income", (None, 100, None), 0, False),
        ("Expenses", (400, 500, None), 0, False),
        ("Operating income", (600, 500, None), 0, False),
    ]
    values, where, _ = _run(rows)
    assert values[2] == _d(-400, -500, None)
    assert where == ["report.txt:3"]


def test_a_total_line_starts_the_next_sum() -> None:
    rows = [
        ("Revenue", (500,), 0, False),
        ("Total revenue", (500,), 0, True),
        ("Expenses", (200,), 0, False),
        ("Result", (300,), 0, False),  # total revenue less expenses; with revenue too it would not add
    ]
    values, where, _ = _run(rows)
    assert values == [_d(500), _d(500), _d(-200), _d(300)]
    assert where == ["report.txt:3"]


def test_a_result_that_adds_up_plainly_starts_the_next_sum() -> None:
    rows = [
        ("Revenue", (100,), 0, False),
        ("Other income", (20,), 0, False),
        ("Total income", (120,), 0, False),  # a plain sum: nothing subtracted
        ("Expenses", (50,), 0, False),
        ("Result", (70,), 0, False),
    ]
    values, where, _ = _run(rows)
    assert values == [_d(100), _d(20), _d(120), _d(-50), _d(70)]
    assert where == ["report.txt:4"]


def test_a_result_that_does_not_add_up_keeps_the_lines_before_it_in_the_sum() -> None:
    rows = [
        ("Revenue", (100,), 0, False),
        ("Note line", (7,), 0, False),  # no signs give the next line: it keeps adding up
        ("Expenses", (40,), 0, False),
        ("Result", (67,), 0, False),
    ]
    values, where, _ = _run(rows)
    assert values == [_d(100), _d(7), _d(-40), _d(67)]
    assert where == ["report.txt:3"]


def test_a_group_without_a_closing_total_breaks_the_sum() -> None:
    rows = [
        ("Revenue", (100,), 0, False),
        ("Costs", (None,), 0, False),
        ("Cost A", (30,), 1, False),
        ("Cost B", (10,), 1, False),
        ("Result", (60,), 0, False),  # the group has no total to subtract: nothing proven
    ]
    values, where, _ = _run(rows)
    assert values == [_d(*v) for _, v, _, _ in rows]
    assert where == []


@pytest.mark.parametrize(("lines", "solved"), [(9, True), (10, False)])
def test_a_result_is_tried_as_the_sum_of_at_most_ten_lines(lines: int, solved: bool) -> None:
    rows: list[Row] = [("Revenue", (1000,), 0, False)]
    rows += [(f"Expense {n}", (n,), 0, False) for n in range(1, lines)]
    rows += [("Big expense", (100,), 0, False), ("Result", (1000 + sum(range(1, lines)) - 100,), 0, False)]
    _, where, _ = _run(rows)
    assert where == ([f"report.txt:{len(rows) - 1}"] if solved else [])


def test_a_nested_line_outside_a_group_is_not_part_of_the_sum() -> None:
    rows = [
        ("Revenue", (100,), 0, False),
        ("of which services", (30,), 1, False),
        ("Expenses", (40,), 0, False),
        ("Result", (60,), 0, False),
    ]
    values, where, _ = _run(rows)
    assert values == [_d(100), _d(30), _d(-40), _d(60)]
    assert where == ["report.txt:3"]


def test_every_line_a_result_needs_subtracted_is_named() -> None:
    rows = [
        ("Revenue", (1000,), 0, False),
        ("Cost of revenue", (600,), 0, False),
        ("Selling expenses", (200,), 0, False),
        ("Operating income", (200,), 0, False),
    ]
    values, where, messages = _run(rows)
    assert values == [_d(1000), _d(-600), _d(-200), _d(200)]
    assert where == ["report.txt:3"]
    assert "'Cost of revenue', 'Selling expenses' subtracted" in messages[0]


def test_a_cost_with_a_nil_column_is_still_a_cost() -> None:
    rows = [
        ("Revenue", (100, 100), 0, False),
        ("Restructuring costs", (0, 40), 0, False),
        ("Operating income", (100, 60), 0, False),
    ]
    values, where, _ = _run(rows)
    assert values[1] == _d(0, -40)
    assert where == ["report.txt:2"]


def test_an_empty_first_cell_of_the_result_still_compares_the_others() -> None:
    rows = [
        ("Revenue", (None, 100), 0, False),
        ("Expenses", (None, 40), 0, False),
        ("Operating income", (None, 60), 0, False),
    ]
    values, where, _ = _run(rows)
    assert values[1] == _d(None, -40)
    assert where == ["report.txt:2"]
