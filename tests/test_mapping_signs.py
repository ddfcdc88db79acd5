"""Signs and balances from what accounting says a line is: a cost shown negative on the income
statement is a debit, a payment shown negative on the statement of cash flows is a credit (as the
IFRS taxonomy declares ifrs-full:CostOfSales debit and ifrs-full:PaymentsOfLeaseLiabilities...
credit), a liability under "Total liabilities and equity" is read on the credit side."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xbrl_gen.mapping.extensions import extension_balance
from xbrl_gen.mapping.signs import Chosen, negative, signs
from xbrl_gen.model import (
    Axis,
    Balance,
    Column,
    Concept,
    Dimension,
    Duration,
    Instant,
    Issue,
    ItemType,
    Line,
    MappingChoice,
    PeriodType,
    Severity,
    Statement,
    StatementKind,
)

RULE = MappingChoice("common IFRS wordings")


def _line(line_id: str, label: str, *values: str | None) -> Line:
    return Line(line_id, label, 0, tuple(None if v is None else Decimal(v) for v in values))


def _statement(kind: StatementKind, *lines: Line) -> Statement:
    period = Instant(date(2020, 6, 30)) if kind is StatementKind.FINANCIAL_POSITION else None
    columns = tuple(
        Column(f"c{n}", period or Duration(date(2020, 4, 1), date(2020, 6, 30))) for n in range(len(lines[0].values))
    )
    return Statement("s", kind, "Statement", columns, lines)


def _concept(name: str, balance: Balance | None, period: PeriodType = PeriodType.DURATION) -> Concept:
    return Concept(f"ifrs-full:{name}", period, balance, ItemType.MONETARY)


@pytest.mark.parametrize(
    ("values", "shown_negative"),
    [
        (("-600", "-500"), True),
        (("600", "500"), False),
        (("-5", "3"), False),  # half negative is not mostly negative
        (("-5", "-3", "4"), True),
        (("-1", "0.5", "0.4"), False),  # small positive amounts are positive
        (("-5", "0", None, "0"), True),  # nil and empty cells say nothing
        ((None, None), False),
    ],
)
def test_a_line_is_negative_when_most_of_its_amounts_are(values: tuple[str | None, ...], shown_negative: bool) -> None:
    assert negative(_line("l", "Line", *values)) is shown_negative


@pytest.mark.parametrize(
    ("kind", "values", "balance"),
    [
        (StatementKind.PROFIT_OR_LOSS, ("-600", "-500"), Balance.DEBIT),  # a cost
        (StatementKind.PROFIT_OR_LOSS, ("600", "500"), Balance.CREDIT),  # an income
        (StatementKind.CASH_FLOWS, ("-120", "-80"), Balance.CREDIT),  # a payment
        (StatementKind.CASH_FLOWS, ("120", "80"), Balance.DEBIT),  # a receipt
        (StatementKind.SEGMENTS, ("-10", "-20"), Balance.DEBIT),
    ],
)
def test_an_extension_balance_follows_the_side_its_amounts_are_shown_on(
    kind: StatementKind, values: tuple[str, ...], balance: Balance
) -> None:
    line = _line("l", "Payments for refundable deposits", *values)
    assert extension_balance(line, _statement(kind, line), {}, {}) is balance


def test_a_line_naming_both_directions_keeps_the_presented_side() -> None:
    line = _line("l", "Increase (decrease) in deposits received", "-120", "-80")
    assert extension_balance(line, _statement(StatementKind.CASH_FLOWS, line), {}, {}) is Balance.DEBIT


def test_on_the_balance_sheet_a_line_takes_the_side_of_the_total_it_adds_into() -> None:
    total = _line("t", "Total liabilities", "900")
    part = _line("p", "Deposits received", "100")
    statement = _statement(StatementKind.FINANCIAL_POSITION, part, total)
    chosen = {"t": Chosen(_concept("Liabilities", Balance.CREDIT, PeriodType.INSTANT), RULE)}
    assert extension_balance(part, statement, {"p": "t"}, chosen) is Balance.CREDIT
    assert extension_balance(part, statement, {}, chosen) is Balance.DEBIT  # a line on its own: assets' side


def test_a_concept_on_the_other_side_of_its_statement_is_stored_negated() -> None:
    revenue, cost, eps, fixed = (_line(i, i, "1") for i in ("revenue", "cost", "eps", "fixed"))
    statement = _statement(StatementKind.PROFIT_OR_LOSS, revenue, cost, eps, fixed)
    chosen = {
        "revenue": Chosen(_concept("Revenue", Balance.CREDIT), RULE),
        "cost": Chosen(_concept("CostOfSales", Balance.DEBIT), RULE),
        "eps": Chosen(_concept("BasicEarningsLossPerShare", None), RULE),
        "fixed": Chosen(_concept("ProfitLossBeforeTax", Balance.CREDIT), RULE, sign=-1),
    }
    assert signs(statement, chosen, {}) == {"revenue": 1, "cost": -1, "eps": 1, "fixed": -1}


def test_a_cash_flow_payment_concept_is_stored_negated_from_a_negative_line() -> None:
    payment = _line("pay", "Purchase of property, plant and equipment", "-120")
    statement = _statement(StatementKind.CASH_FLOWS, payment)
    chosen = {"pay": Chosen(_concept("PurchaseOfPropertyPlantAndEquipment", Balance.CREDIT), RULE)}
    assert signs(statement, chosen, {}) == {"pay": -1}


def test_the_balances_are_each_others_opposites() -> None:
    assert Balance.DEBIT.opposite() is Balance.CREDIT
    assert Balance.CREDIT.opposite() is Balance.DEBIT


def test_the_axis_default_column_has_no_dimension() -> None:
    axis = Axis("ifrs-full:SegmentsAxis", "d", (("d", "ext:AMember"),))
    dimension = Dimension("t", "l", (axis,), ("ext:AMember", None))
    assert dimension.dims(0) == (("ifrs-full:SegmentsAxis", "ext:AMember"),)
    assert dimension.dims(1) == ()


def test_an_issue_reads_as_one_line_naming_where() -> None:
    assert str(Issue(Severity.WARNING, "code-x", "something", "a.txt:3")) == "warning: a.txt:3: something [code-x]"
    assert str(Issue(Severity.ERROR, "code-y", "nothing")) == "error: nothing [code-y]"


def test_on_the_balance_sheet_a_concept_is_signed_against_its_root_total() -> None:
    borrowings, total = _line("b", "Borrowings", "300"), _line("t", "Total liabilities", "900")
    statement = _statement(StatementKind.FINANCIAL_POSITION, borrowings, total)
    chosen = {
        "b": Chosen(_concept("Borrowings", Balance.CREDIT, PeriodType.INSTANT), RULE),
        "t": Chosen(_concept("Liabilities", Balance.CREDIT, PeriodType.INSTANT), RULE),
    }
    assert signs(statement, chosen, {"b": "t"}) == {"b": 1, "t": 1}
