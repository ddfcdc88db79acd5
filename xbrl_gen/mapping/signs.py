"""Signs from balances: presented amounts add up in the statement's natural orientation (credit
for profit or loss, debit for cash flows, the root total's balance on the statement of financial
position), so a concept whose balance is the other side is stored negated, and each calculation
weight is the product of parent and child signs."""

from __future__ import annotations

from dataclasses import dataclass

from xbrl_gen.model import Balance, Concept, Line, MappingChoice, Statement, StatementKind

NATURAL_SIDE = {
    StatementKind.PROFIT_OR_LOSS: Balance.CREDIT,
    StatementKind.COMPREHENSIVE_INCOME: Balance.CREDIT,
    StatementKind.CHANGES_IN_EQUITY: Balance.CREDIT,
    StatementKind.SEGMENTS: Balance.CREDIT,
    StatementKind.CASH_FLOWS: Balance.DEBIT,
    StatementKind.FINANCIAL_POSITION: Balance.DEBIT,
    StatementKind.OTHER: Balance.DEBIT,
}


@dataclass(frozen=True)
class Chosen:
    concept: Concept
    choice: MappingChoice
    sign: int | None = None  # a rule's explicit sign, else derived from balances


def root(line_id: str, parent_of: dict[str, str]) -> str:
    while line_id in parent_of:
        line_id = parent_of[line_id]
    return line_id


def side(line_id: str, statement: Statement, parent_of: dict[str, str], chosen: dict[str, Chosen]) -> Balance:
    """The side a positive presented amount means for this line: the root total's balance on the
    statement of financial position, else the statement's natural side."""
    top = root(line_id, parent_of)
    balance = chosen[top].concept.balance if top in chosen else None
    if statement.kind is StatementKind.FINANCIAL_POSITION and balance is not None:
        return balance
    return NATURAL_SIDE[statement.kind]


def negative(line: Line) -> bool:
    """Presented mostly negative: a cost, a payment."""
    shown = [v for v in line.values if v]
    return sum(1 for v in shown if v < 0) > len(shown) / 2


def signs(statement: Statement, chosen: dict[str, Chosen], parent_of: dict[str, str]) -> dict[str, int]:
    found = {}
    for line_id, pick in chosen.items():
        if pick.sign is not None:
            found[line_id] = pick.sign
        elif pick.concept.balance is None:
            found[line_id] = 1
        else:
            found[line_id] = 1 if pick.concept.balance is side(line_id, statement, parent_of, chosen) else -1
    return found
