"""Facts from presented lines, without Arelle: sign, scale, period, unit and decimals written out
from the IFRS conventions (costs are positive debits, thousands are -3 decimals, per-share
amounts keep their printed decimals and are not scaled, an opening balance is the instant before
the period), not from the code's own arithmetic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from xbrl_gen.errors import MappingError
from xbrl_gen.facts import derive_facts
from xbrl_gen.mapping.engine import map_filing
from xbrl_gen.mapping.rules import common_rule_sets
from xbrl_gen.model import Column, Duration, Entity, Extension, Filing, Instant, Line, Statement, StatementKind
from xbrl_gen.taxonomy import load_ifrs

YEAR = Duration(date(2023, 1, 1), date(2023, 12, 31))


def _line(label: str, *values: str | None, total: bool = False, at: str | None = None, depth: int = 0) -> Line:
    amounts = tuple(None if v is None else Decimal(v) for v in values)
    return Line(label.lower().replace(" ", "-"), label, depth, amounts, total, at=at, where=f"s.yaml:{label}")  # type: ignore[arg-type]


def _facts(packages: list[Path], *statements: Statement) -> dict[tuple[str, str], tuple[str, str | None, int | None]]:
    filing = Filing(
        Entity("Example plc", "0000", "http://www.example.com"),
        Extension("ex", "http://www.example.com/xbrl/2023"),
        YEAR,
        "EUR",
        3,
        "Test",
        statements,
    )
    facts, _ = derive_facts(map_filing(filing, load_ifrs(packages), common_rule_sets()))
    return {
        (
            f.concept.qname,
            f"{f.period.start}..{f.period.end}" if isinstance(f.period, Duration) else str(f.period.date),
        ): (
            format(f.value, "f"),
            f.unit_id,
            f.decimals,
        )
        for f in facts.values()
    }


PROFIT_OR_LOSS = Statement(
    "pl",
    StatementKind.PROFIT_OR_LOSS,
    "Income statement",
    (Column("y", YEAR),),
    (
        _line("Revenue", "100"),
        _line("Cost of sales", "-60"),
        _line("Gross profit", "40", total=True),
        _line("Basic earnings per share", "1.25"),
    ),
)


def test_costs_are_positive_debits_and_thousands_are_scaled(packages: list[Path]) -> None:
    facts = _facts(packages, PROFIT_OR_LOSS)
    assert facts[("ifrs-full:Revenue", "2023-01-01..2023-12-31")] == ("100000", "EUR", -3)
    assert facts[("ifrs-full:CostOfSales", "2023-01-01..2023-12-31")] == ("60000", "EUR", -3)
    assert facts[("ifrs-full:GrossProfit", "2023-01-01..2023-12-31")] == ("40000", "EUR", -3)
    assert facts[("ifrs-full:BasicEarningsLossPerShare", "2023-01-01..2023-12-31")] == ("1.25", "EURPerShare", 2)


def test_balances_in_a_duration_column_are_instants(packages: list[Path]) -> None:
    cash_flows = Statement(
        "cf",
        StatementKind.CASH_FLOWS,
        "Cash flows",
        (Column("y", YEAR),),
        (
            _line("Net increase (decrease) in cash and cash equivalents", "30"),
            _line("Cash and cash equivalents at beginning of period", "100", at="start"),
            _line("Cash and cash equivalents at end of period", "130", at="end"),
        ),
    )
    facts = _facts(packages, cash_flows)
    assert facts[("ifrs-full:CashAndCashEquivalents", "2022-12-31")] == ("100000", "EUR", -3)
    assert facts[("ifrs-full:CashAndCashEquivalents", "2023-12-31")] == ("130000", "EUR", -3)
    assert facts[("ifrs-full:IncreaseDecreaseInCashAndCashEquivalents", "2023-01-01..2023-12-31")] == (
        "30000",
        "EUR",
        -3,
    )


def test_a_liability_on_the_balance_sheet_is_a_positive_credit(packages: list[Path]) -> None:
    facts = _facts(packages, _balance_sheet(liabilities_and_equity="100"))
    assert facts[("ifrs-full:Assets", "2023-12-31")] == ("100000", "EUR", -3)
    assert facts[("ifrs-full:IssuedCapital", "2023-12-31")] == ("40000", "EUR", -3)
    assert facts[("ifrs-full:EquityAndLiabilities", "2023-12-31")] == ("100000", "EUR", -3)


def test_one_fact_with_two_values_names_both_lines(packages: list[Path]) -> None:
    other = Statement("pl2", StatementKind.PROFIT_OR_LOSS, "Again", (Column("y", YEAR),), (_line("Revenue", "101"),))
    with pytest.raises(
        MappingError,
        match=r"ifrs-full:Revenue for 2023-01-01\.\.2023-12-31 is 101000 here but 100000 at s.yaml:Revenue",
    ):
        _facts(packages, PROFIT_OR_LOSS, other)
    end = (Column("end", Instant(date(2023, 12, 31))),)
    first = Statement("fp", StatementKind.FINANCIAL_POSITION, "A", end, (_line("Cash and cash equivalents", "5"),))
    second = Statement("fp2", StatementKind.FINANCIAL_POSITION, "B", end, (_line("Cash and cash equivalents", "6"),))
    with pytest.raises(MappingError, match=r"ifrs-full:CashAndCashEquivalents for 2023-12-31 is 6000 here"):
        _facts(packages, first, second)


def test_an_empty_cell_is_no_fact_and_the_next_cell_still_is(packages: list[Path]) -> None:
    prior = Duration(date(2022, 1, 1), date(2022, 12, 31))
    two_years = (Column("prior", prior), Column("y", YEAR))
    statement = Statement("pl", StatementKind.PROFIT_OR_LOSS, "P&L", two_years, (_line("Revenue", None, "100"),))
    facts = _facts(packages, statement)
    assert list(facts) == [("ifrs-full:Revenue", "2023-01-01..2023-12-31")]


def test_a_total_the_numbers_contradict_does_not_set_the_signs(packages: list[Path]) -> None:
    """'Total liabilities and equity' keyed 110 for 100: whatever the layout says it adds up, the
    assets above it keep their own (debit) side and stay positive."""
    facts = _facts(packages, _balance_sheet(liabilities_and_equity="110"))
    assert facts[("ifrs-full:Assets", "2023-12-31")] == ("100000", "EUR", -3)
    assert facts[("ifrs-full:IssuedCapital", "2023-12-31")] == ("40000", "EUR", -3)


def _balance_sheet(liabilities_and_equity: str) -> Statement:
    """Assets of 100 (cash 70, inventories 30) against borrowings 60 and share capital 40."""
    return Statement(
        "fp",
        StatementKind.FINANCIAL_POSITION,
        "Balance sheet",
        (Column("end", Instant(date(2023, 12, 31))),),
        (
            _line("Cash and cash equivalents", "70"),
            _line("Inventories", "30"),
            _line("Total assets", "100", total=True),
            _line("Borrowings", "60"),
            _line("Share capital", "40"),
            _line("Total liabilities and equity", liabilities_and_equity, total=True),
        ),
    )
