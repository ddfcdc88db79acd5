"""Columns reconciled across tables: a grid's headings checked against its siblings and against
the balance sheet and the income statement.

A report prints the same grid more than once (changes in equity of the current and the prior
period, segment tables of each period) and its balance sheet holds each equity component's
closing balance. So a heading garbled in one table (broken, truncated, lost) is taken from the
sibling table that prints it as the report prints it elsewhere; and the closing balances of a
changes-in-equity table must be the balance sheet's lines named like their columns at that date:
headings the closing balances show shifted are put back over their numbers, and a lone closing
cell that neither the balance sheet nor its own column's roll-forward bears out is dropped. A
segment table's consolidated column holds amounts the income statement prints for the same
period: when no heading or sum named that column, the one column whose every amount the
statements print is it; a consolidated amount they do not print is reported. Each change is a
warning naming the table's line and the column.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from difflib import SequenceMatcher

from xbrl_gen.labels import normalize
from xbrl_gen.model import Column, Instant, Issue, Line, Period, Statement, StatementKind
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.tables import warning
from xbrl_gen.summations import infer_summations

_GRIDS = (StatementKind.CHANGES_IN_EQUITY, StatementKind.SEGMENTS)
_PLACEHOLDER = re.compile(r"^column \d+$")  # a column the reader found no heading for
_ALIKE = 0.6  # how alike two headings' letters must be to be one heading, one of them garbled


def across_tables(statements: list[Statement], text: str) -> tuple[list[Statement], list[Issue]]:
    """``statements`` with grid headings taken from siblings and equity columns checked against
    the balance sheet; ``text`` is the report's text (how often it prints a heading)."""
    issues: list[Issue] = []
    printed = f" {normalize(text)} "
    statements = [_from_siblings(s, statements, printed, issues) for s in statements]
    sheets = [s for s in statements if s.kind is StatementKind.FINANCIAL_POSITION]
    if sheets:
        statements = [_against_balance_sheet(s, sheets[0], issues) for s in statements]
    statements = [_against_income_statement(s, statements, issues) for s in statements]
    return statements, issues


# -- headings from sibling tables -----------------------------------------------------------


def _from_siblings(statement: Statement, statements: list[Statement], printed: str, issues: list[Issue]) -> Statement:
    if statement.kind not in _GRIDS:
        return statement
    siblings = [
        s
        for s in statements
        if s.kind is statement.kind and s is not statement and len(s.columns) == len(statement.columns)
    ]
    columns = list(statement.columns)
    for j, column in enumerate(columns):
        better = next((s for s in siblings if _clearer(s.columns[j], column, printed)), None)
        if better is None:
            continue
        clear = better.columns[j]
        message = (
            f"{statement.title}: column {j + 1} headed {column.member!r} is {clear.member!r} in the sibling table "
            f"({better.where}), as the report prints it elsewhere: read as {clear.member!r}"
        )
        issues.append(warning("heading-from-sibling", message, statement.where))
        columns[j] = replace(column, id=clear.id, heading=clear.heading, member=clear.member)
    return replace(statement, columns=tuple(columns)) if columns != list(statement.columns) else statement


def _clearer(candidate: Column, column: Column, printed: str) -> bool:
    """The sibling's heading is this one as printed without the garbling: alike in letters (or
    this one lost), and printed more often in the report."""
    mine, theirs = normalize(column.member or ""), normalize(candidate.member or "")
    if not theirs or mine == theirs:
        return False
    lost = not mine or bool(_PLACEHOLDER.match(mine))
    alike = SequenceMatcher(None, mine.replace(" ", ""), theirs.replace(" ", "")).ratio() >= _ALIKE
    return (lost or alike) and printed.count(f" {theirs} ") > printed.count(f" {mine} ")


# -- changes in equity against the balance sheet --------------------------------------------


def _against_balance_sheet(statement: Statement, sheet: Statement, issues: list[Issue]) -> Statement:
    closing = next((line for line in reversed(statement.lines) if line.at == "end"), None)
    if statement.kind is not StatementKind.CHANGES_IN_EQUITY or closing is None:
        return statement
    expected = _sheet_values(statement, sheet)
    named = {j: value for j, value in expected.items() if closing.values[j] is not None}
    wrong = [j for j, value in named.items() if closing.values[j] != value]
    if not wrong or len(named) - len(wrong) < 2:  # nothing to mend, or too little to go by
        return statement
    shifted = _shift(closing, named, wrong)
    if shifted is not None:
        return _moved_headings(statement, shifted, issues)
    if len(wrong) == 1 and not _rolls_forward(statement, wrong[0]):
        return _dropped_closing_cell(statement, closing, wrong[0], named[wrong[0]], issues)
    return statement


def _sheet_values(statement: Statement, sheet: Statement) -> dict[int, Decimal]:
    """Column index -> the amount of the balance sheet line named like the column, at the date
    the table closes on."""
    period = statement.columns[0].period
    day = period.end if not isinstance(period, Instant) else period.date
    at = next((i for i, c in enumerate(sheet.columns) if c.period == Instant(day)), None)
    if at is None:
        return {}
    lines: dict[str, list[Line]] = {}
    for line in sheet.lines:
        if not line.is_header and line.values[at] is not None:
            lines.setdefault(vocab.name(line.label), []).append(line)
    found = {}
    for j, column in enumerate(statement.columns):
        same = lines.get(vocab.name(column.member or ""), [])
        if len(same) == 1 and (value := same[0].values[at]) is not None:
            found[j] = value
    return found


def _shift(closing: Line, named: dict[int, Decimal], wrong: list[int]) -> dict[int, int] | None:
    """Column -> the column whose heading its closing balance belongs under, when the wrongly
    headed columns swap their headings among themselves (one answer each)."""
    moves = {}
    for j in wrong:
        owners = [k for k in wrong if k != j and named[k] == closing.values[j]]
        if len(owners) != 1:
            return None
        moves[j] = owners[0]
    return moves if sorted(moves.values()) == sorted(moves) else None


def _moved_headings(statement: Statement, moves: dict[int, int], issues: list[Issue]) -> Statement:
    columns = list(statement.columns)
    for j, k in moves.items():
        old, new = statement.columns[j], statement.columns[k]
        message = (
            f"{statement.title}: column {j + 1} headed {old.member!r} closes on the balance sheet's "
            f"{new.member!r}: headings shifted, read as {new.member!r}"
        )
        issues.append(warning("heading-moved", message, statement.where))
        columns[j] = replace(old, id=new.id, heading=new.heading, member=new.member)
    return replace(statement, columns=tuple(columns))


def _rolls_forward(statement: Statement, column: int) -> bool:
    """Opening balance + the movements no total absorbed = closing balance, in ``column``."""
    lines = statement.lines
    absorbed = {c for kids in infer_summations(statement).children.values() for c in kids}
    opening = next((i for i, line in enumerate(lines) if line.at == "start"), None)
    closing = max((i for i, line in enumerate(lines) if line.at == "end"), default=None)
    if opening is None or closing is None:
        return False
    movements = [
        line.values[column] or Decimal(0)
        for line in lines[opening + 1 : closing]
        if not line.is_header and line.at is None and line.id not in absorbed
    ]
    start = lines[opening].values[column] or Decimal(0)
    return start + sum(movements, Decimal(0)) == (lines[closing].values[column] or Decimal(0))


def _dropped_closing_cell(
    statement: Statement, closing: Line, column: int, expected: Decimal, issues: list[Issue]
) -> Statement:
    heading = statement.columns[column].member
    message = (
        f"{statement.title}: {closing.label!r}: {closing.values[column]} in column {heading!r} is neither the "
        f"balance sheet's {expected} nor its column's opening balance plus movements; cell dropped"
    )
    issues.append(warning("cell-dropped", message, closing.where))
    values = tuple(None if j == column else v for j, v in enumerate(closing.values))
    lines = tuple(replace(line, values=values) if line is closing else line for line in statement.lines)
    return replace(statement, lines=lines)


# -- segments against the income statement --------------------------------------------------


def _against_income_statement(statement: Statement, statements: list[Statement], issues: list[Issue]) -> Statement:
    if statement.kind is not StatementKind.SEGMENTS:
        return statement
    printed = _printed_amounts(statement.columns[0].period, statements)
    if not printed:
        return statement
    consolidated = [j for j, c in enumerate(statement.columns) if vocab.CONSOLIDATED in normalize(c.member or "")]
    if not consolidated:
        return _consolidated_by_amounts(statement, printed, issues)
    column = consolidated[0]
    for line in statement.lines:
        value = line.values[column]
        if value and value not in printed:
            message = (
                f"{statement.title}: {line.label!r}: {value} in the consolidated column "
                f"{statement.columns[column].heading!r} is no amount the statements print for the period"
            )
            issues.append(warning("consolidated-not-in-statements", message, line.where))
    return statement


def _printed_amounts(period: Period, statements: list[Statement]) -> set[Decimal]:
    """Every amount the profit or loss statements print for ``period``."""
    return {
        value
        for s in statements
        if s.kind is StatementKind.PROFIT_OR_LOSS
        for j, column in enumerate(s.columns)
        if column.period == period
        for line in s.lines
        if (value := line.values[j]) is not None
    }


def _consolidated_by_amounts(statement: Statement, printed: set[Decimal], issues: list[Issue]) -> Statement:
    """The one column whose every non-nil amount (two at least) the income statement prints."""
    found = [
        j
        for j in range(len(statement.columns))
        if len(amounts := [v for line in statement.lines if (v := line.values[j])]) >= 2 and set(amounts) <= printed
    ]
    if len(found) != 1:
        return statement
    column = statement.columns[found[0]]
    message = (
        f"{statement.title}: column {found[0] + 1} headed {column.heading!r} holds the income statement's amounts: "
        "read as the consolidated column (the axis default)"
    )
    issues.append(warning("consolidated-column", message, statement.where))
    member = vocab.CONSOLIDATED.capitalize()
    columns = list(statement.columns)
    columns[found[0]] = replace(column, id=vocab.CONSOLIDATED, member=member)
    return replace(statement, columns=tuple(columns))
