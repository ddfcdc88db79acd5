"""Arithmetic checks on hand-made statements: each passes on sound figures and names the
statement, line and column of a failure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from xbrl_gen.checks import (
    check_balance_sheet,
    check_cash_rollforward,
    check_column_totals,
    check_earnings_per_share,
    check_equity_rollforward,
    check_filing,
    check_mislabeled_totals,
    check_subtotals,
)
from xbrl_gen.model import (
    At,
    Column,
    Duration,
    Entity,
    Extension,
    Filing,
    Instant,
    Line,
    Severity,
    Statement,
    StatementKind,
)
from xbrl_gen.summations import infer_summations, rounding_allowance

QUARTER = Duration(date(2020, 4, 1), date(2020, 6, 30))
TWO_QUARTERS = (
    Column("prior", Duration(date(2019, 4, 1), date(2019, 6, 30)), "2019"),
    Column("current", QUARTER, "2020"),
)


def row(label: str, depth: int, *values: int | Decimal | None, total: bool = False, at: At | None = None) -> Line:
    amounts = tuple(None if v is None else Decimal(v) for v in values) or (None, None)
    return Line(label.lower().replace(" ", "-"), label, depth, amounts, total, at=at, where=f"report.txt:{label}")


def statement(kind: StatementKind, *lines: Line, columns: tuple[Column, ...] = TWO_QUARTERS) -> Statement:
    return Statement(kind.value, kind, kind.value, columns, lines)


PROFIT_OR_LOSS = statement(
    StatementKind.PROFIT_OR_LOSS,
    row("Revenues", 0),
    row("Services", 1, 60, 70),
    row("Goods", 1, 40, 50),
    row("Total revenues", 1, 100, 120, total=True),
    row("Cost of sales", 0, -70, -80),
    row("Gross profit", 0, 30, 40, total=True),
    row("Expenses", 0, -10, -15),
    row("Operating profit", 0, 20, 25, total=True),
    row("Earnings per share", 0),
    row("Basic", 1, Decimal("1.25"), Decimal("1.50")),
)


def test_section_and_running_totals_add_up() -> None:
    assert list(check_subtotals(PROFIT_OR_LOSS)) == []


def test_a_subtotal_adds_up_the_lines_of_captions_without_total() -> None:
    lines = (
        row("Cash flows from operating activities", 0),
        row("Profit before tax", 1, 10, 10),
        row("Adjustments", 1),
        row("Depreciation", 2, 5, 6),
        row("Changes in working capital", 1),
        row("Receivables", 2, -2, 3),
        row("Sub total", 1, 13, 19, total=True),
        row("Taxes paid", 1, -3, -4),
        row("Net cash from operating activities", 1, 10, 15, total=True),
    )
    assert list(check_subtotals(statement(StatementKind.CASH_FLOWS, *lines))) == []


def test_subtotal_failure_names_statement_line_and_column() -> None:
    broken = statement(
        StatementKind.PROFIT_OR_LOSS,
        row("Services", 0, 60, 70),
        row("Goods", 0, 40, 50),
        row("Total revenues", 0, 100, 125, total=True),
    )
    (issue,) = check_subtotals(broken)
    assert (issue.code, issue.severity) == ("subtotal", Severity.ERROR)
    assert issue.message.startswith(
        "profit-or-loss: 'Total revenues' [2020] is 125 but the lines it totals add up to 120 ('Services', 'Goods'); "
    )
    assert issue.where == "report.txt:Total revenues"


def test_a_total_that_does_not_add_keeps_the_relationship_its_layout_states() -> None:
    """The calculation is written from the layout: 'Total revenues' adds 'Services' and 'Goods'
    although 60 + 40 is not 125; only a difference the line accepts leaves it out."""
    lines = (row("Services", 0, 60, 70), row("Goods", 0, 40, 50), row("Total revenues", 0, 100, 125, total=True))
    sums = infer_summations(statement(StatementKind.PROFIT_OR_LOSS, *lines))
    assert sums.children == {"total-revenues": ("services", "goods")}
    (difference,) = sums.differences["total-revenues"]
    assert (difference.column, difference.total, difference.parts, difference.allowance) == (
        1,
        125,
        120,
        Decimal("1.5"),
    )
    assert sums.written(lines) == {"services": "total-revenues", "goods": "total-revenues"}
    accepted = (*lines[:2], replace(lines[2], accept_difference=True))
    assert sums.written(accepted) == {}
    (issue,) = check_subtotals(statement(StatementKind.PROFIT_OR_LOSS, *accepted))
    assert issue.severity is Severity.WARNING and "accepted" in issue.message


@pytest.mark.parametrize(("goods", "severity"), [(41, Severity.WARNING), (39, Severity.WARNING), (42, Severity.ERROR)])
def test_rounding_allowance_is_half_a_printed_unit_of_each_amount(goods: int, severity: Severity) -> None:
    """60 + goods against 100, all printed in whole units: three amounts may together be 1.5 off."""
    lines = (row("Services", 0, 60), row("Goods", 0, goods), row("Total revenues", 0, 100, total=True))
    (issue,) = check_subtotals(statement(StatementKind.PROFIT_OR_LOSS, *lines, columns=(TWO_QUARTERS[1],)))
    assert issue.severity is severity


def test_rounding_allowance_follows_the_printed_decimals() -> None:
    assert rounding_allowance([Decimal("24.76"), Decimal("1"), Decimal("0")]) == Decimal("1.005")


def test_mislabeled_total() -> None:
    comprehensive = statement(
        StatementKind.COMPREHENSIVE_INCOME,
        row("Profit", 0, 100, 120),
        row("Items of other comprehensive income", 0),
        row("Fair value changes", 1, 5, 6),
        row("Total other comprehensive income", 1, 5, 6, total=True),
        row("Other comprehensive income", 0, 105, 126, total=True),
    )
    assert list(check_subtotals(comprehensive)) == []
    (issue,) = check_mislabeled_totals(comprehensive)
    assert issue.code == "mislabeled-total"
    assert "'Other comprehensive income' adds up 'Profit' + 'Total other comprehensive income'" in issue.message


def _position(total_assets: int) -> Statement:
    instants = (Column("2020-06-30", Instant(date(2020, 6, 30)), "June 30, 2020"),)
    return statement(
        StatementKind.FINANCIAL_POSITION,
        row("Assets", 0, None),
        row("Cash", 1, 100),
        row("Total assets", 1, total_assets, total=True),
        row("Liabilities and equity", 0, None),
        row("Borrowings", 1, 60),
        row("Share capital", 1, 40),
        row("Total liabilities and equity", 1, 100, total=True),
        columns=instants,
    )


def test_balance_sheet_balances() -> None:
    assert list(check_balance_sheet(_position(100))) == []
    (issue,) = check_balance_sheet(_position(90))
    assert (issue.code, issue.severity) == ("balance-sheet", Severity.ERROR)
    assert "'Total assets' [June 30, 2020] is 90 but 'Total liabilities and equity' is 100" in issue.message


def _cash(closing_label: str, closing: int, effect_after: bool = False) -> Statement:
    lines = [
        row("Cash flows from operating activities", 0, 30, 40),
        row("Net increase (decrease) in cash", 0, 30, 40),
        row("Cash at beginning of the period", 0, 100, 130, at="start"),
        row(closing_label, 0, 130, closing, at="end"),
    ]
    if effect_after:
        lines.insert(2, row("Effect of exchange rate changes on cash", 0, 0, 5))
    return statement(StatementKind.CASH_FLOWS, *lines)


def test_cash_rollforward() -> None:
    assert list(check_cash_rollforward(_cash("Cash at end of the period", 170))) == []
    assert list(check_cash_rollforward(_cash("Cash at end of the period", 175, effect_after=True))) == []
    (issue,) = check_cash_rollforward(_cash("Cash at end of the period", 171))
    assert (issue.code, issue.severity) == ("cash-rollforward", Severity.WARNING)  # three amounts: up to 1.5 off
    assert "'Cash at end of the period' [2020] is 171 but opening cash + net change is 170" in issue.message
    (issue,) = check_cash_rollforward(_cash("Cash at end of the period", 172))
    assert (issue.code, issue.severity) == ("cash-rollforward", Severity.ERROR)


def test_closing_cash_labelled_as_beginning_is_flagged() -> None:
    (issue,) = check_cash_rollforward(_cash("Cash at beginning of the period", 170))
    assert issue.code == "cash-rollforward"
    assert issue.message.startswith("cash-flows: 'Cash at beginning of the period' is the closing balance")


def _equity(closing_retained: int) -> Statement:
    components = tuple(Column(name, QUARTER, name, member=name) for name in ("capital", "retained", "total"))
    return statement(
        StatementKind.CHANGES_IN_EQUITY,
        row("Balance at April 1", 0, 10, 20, 30, at="start"),
        row("Comprehensive income", 0, None, None, None),
        row("Profit", 1, 0, 5, 5),
        row("Total comprehensive income", 1, 0, 5, 5, total=True),
        row("Dividends", 0, 0, -2, -2),
        row("Balance at June 30", 0, 10, closing_retained, 33, at="end"),
        columns=components,
    )


def test_equity_rollforward_per_component() -> None:
    assert list(check_equity_rollforward(_equity(23))) == []
    (issue,) = check_equity_rollforward(_equity(24))
    assert (issue.code, issue.severity) == ("equity-rollforward", Severity.WARNING)  # four amounts: up to 2 off
    (issue,) = check_equity_rollforward(_equity(26))
    assert (issue.code, issue.severity) == ("equity-rollforward", Severity.ERROR)
    assert "'Balance at June 30' [retained] is 26 but the opening balance and movements add up to 23" in issue.message


def test_check_filing_runs_every_check() -> None:
    filing = Filing(
        entity=Entity("Example Holdings Inc.", "1234", "http://www.example.org/ids"),
        extension=Extension("exh", "http://www.example.org/xbrl"),
        period=QUARTER,
        currency="JPY",
        scale=3,
        title="Example",
        statements=(PROFIT_OR_LOSS, _position(90), _cash("Cash at end of the period", 171), _equity(24)),
    )
    codes = sorted(i.code for i in check_filing(filing))
    assert codes == ["balance-sheet", "cash-rollforward", "column-total", "equity-rollforward", "subtotal"]


def _segments(consolidated: int) -> Statement:
    headings = ("Retail", "Wholesale", "Total", "Adjustments", "Consolidated")
    columns = tuple(Column(h.lower(), QUARTER, h, member=h) for h in headings)
    return statement(
        StatementKind.SEGMENTS,
        row("Revenue from customers", 0, 60, 40, 100, 0, 100),
        row("Intersegment revenue", 0, 5, 3, 8, -8, 0),
        row("Segment profit", 0, 12, 8, 20, -3, consolidated),
        row("Finance income", 0, None, None, None, None, 4),
        columns=columns,
    )


def test_segment_columns_add_up_to_consolidated() -> None:
    """Retail + Wholesale = Total; Total + Adjustments = Consolidated; a line printed only in the
    consolidated column has nothing to add."""
    assert list(check_column_totals(_segments(17))) == []
    (issue,) = check_column_totals(_segments(27))
    assert (issue.code, issue.severity) == ("column-total", Severity.ERROR)
    assert "'Segment profit' [Consolidated] is 27 but Total + Adjustments is 17" in issue.message


def _eps(basic: str, diluted: str, owners: int) -> Statement:
    return statement(
        StatementKind.PROFIT_OR_LOSS,
        row("Profit attributable to owners of the parent", 0, owners, owners),
        row("Basic earnings per share (yen)", 0, Decimal(basic), Decimal(basic)),
        row("Diluted earnings per share (yen)", 0, Decimal(diluted), Decimal(diluted)),
    )


def test_earnings_per_share() -> None:
    """Diluted never above basic (IAS 33.41); basic has the sign of the owners' profit."""
    assert list(check_earnings_per_share(_eps("24.76", "24.64", 1100))) == []
    assert list(check_earnings_per_share(_eps("-3.10", "-3.10", -50))) == []
    issues = list(check_earnings_per_share(_eps("24.64", "24.76", 1100)))
    assert [i.severity for i in issues] == [Severity.ERROR, Severity.ERROR]
    assert (
        "'Diluted earnings per share (yen)' [2020] is 24.76 but basic earnings per share is 24.64" in issues[1].message
    )
    (issue, _) = check_earnings_per_share(_eps("-3.10", "-3.10", 50))
    assert (
        "'Basic earnings per share (yen)' [2019] is -3.10 but 'Profit attributable to owners of the parent' is 50"
        in issue.message
    )


# -- which span a total adds up (survivors of the mutation run, docs/mutation.md) ---------------


def _one_column(*lines: Line) -> Statement:
    return statement(StatementKind.PROFIT_OR_LOSS, *lines, columns=(TWO_QUARTERS[1],))


def test_an_exact_sum_further_up_wins_over_a_nearer_one_within_rounding() -> None:
    """'Revenue' 99 alone is 1 off 100 (within rounding of two amounts); with 'Other' 1 it is exact."""
    sums = infer_summations(
        _one_column(row("Other", 0, 1), row("Sales", 0), row("Revenue", 1, 99), row("Total", 1, 100, total=True))
    )
    assert sums.children == {"total": ("other", "revenue")} and sums.differences == {}
    assert sums.proven == {"total"} and sums.closes == {}


def test_a_sum_within_rounding_further_up_wins_over_a_nearer_one_beyond_it() -> None:
    """90 alone is 3 off 93; with 'Other' 2 it is 1 off, which three printed amounts explain."""
    sums = infer_summations(
        _one_column(row("Other", 0, 2), row("Sales", 0), row("Revenue", 1, 90), row("Total", 1, 93, total=True))
    )
    assert sums.children == {"total": ("other", "revenue")}
    (difference,) = sums.differences["total"]
    assert not difference.beyond_rounding and sums.proven == frozenset()


def test_the_section_a_total_closes_and_a_total_with_nothing_to_add() -> None:
    lines = (
        row("Opening total", 0, 5, total=True),
        row("Sales", 0),
        row("Revenue", 1, 90),
        row("Total sales", 1, 90, total=True),
    )
    sums = infer_summations(_one_column(*lines))
    assert sums.alone == ("opening-total",)
    assert sums.children == {"total-sales": ("revenue",)} and sums.closes == {"total-sales": "sales"}
    (issue,) = check_subtotals(_one_column(*lines))
    assert issue.where == "report.txt:Opening total" and "has no line above it to add up" in issue.message


def test_a_balance_marked_as_total_adds_up_nothing() -> None:
    """A closing balance (at: end) printed as a total is a balance, not a sum of the lines above."""
    lines = (
        row("Balance at April 1", 0, 10, at="start"),
        row("Profit", 0, 5),
        row("Balance at June 30", 0, 15, total=True, at="end"),
    )
    assert infer_summations(_one_column(*lines)).children == {}


def test_a_header_on_the_first_line_is_the_section_a_total_closes() -> None:
    sums = infer_summations(_one_column(row("Sales", 0), row("Revenue", 1, 90), row("Total sales", 1, 90, total=True)))
    assert sums.closes == {"total-sales": "sales"}


def test_each_column_is_compared_on_its_own() -> None:
    """A column the total leaves empty does not end the comparison of the next one."""
    lines = (row("Services", 0, None, 70), row("Goods", 0, None, 50), row("Total revenues", 0, None, 125, total=True))
    (difference,) = infer_summations(statement(StatementKind.PROFIT_OR_LOSS, *lines)).differences["total-revenues"]
    assert (difference.column, difference.total, difference.parts) == (1, 125, 120)


def test_a_total_may_close_the_lines_since_the_previous_total() -> None:
    """A balance sheet without headers: 'Total liabilities and equity' adds the lines after
    'Total assets', not total assets too."""
    lines = (
        row("Cash", 0, 70),
        row("Inventories", 0, 30),
        row("Total assets", 0, 100, total=True),
        row("Borrowings", 0, 60),
        row("Share capital", 0, 40),
        row("Total liabilities and equity", 0, 100, total=True),
    )
    position = statement(StatementKind.FINANCIAL_POSITION, *lines, columns=(TWO_QUARTERS[1],))
    assert infer_summations(position).children["total-liabilities-and-equity"] == ("borrowings", "share-capital")
    assert list(check_subtotals(position)) == []
