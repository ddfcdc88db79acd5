"""Arithmetic checks on statements as presented, before anything is tagged.

Each check is a small function yielding warnings that name the statement, the line and the
column; nothing is corrected. ``check_filing`` runs them all, whatever the statements came from.

What a total adds up is what ``mapping.calculation.infer_summations`` finds (the lines since an
enclosing header that no earlier total absorbed), the rule the calculation linkbase is built by;
these checks say, column by column, where a statement does not satisfy it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from xbrl_gen.mapping.calculation import infer_summations
from xbrl_gen.model import Column, Filing, Issue, Line, Severity, Statement, StatementKind

log = logging.getLogger(__name__)

_OPENING = re.compile(r"\b(?:beginning|opening)\b", re.I)
_CLOSING = re.compile(r"\b(?:end|ending|closing)\b", re.I)
_CASH = re.compile(r"\bcash\b", re.I)
_NET_CHANGE = re.compile(r"^net (?:increase|decrease|change)\b", re.I)
_EXCHANGE = re.compile(r"\bexchange rate\b|\bforeign exchange\b|\bexchange differences?\b", re.I)
_TOTAL_ASSETS = re.compile(r"^total assets$")
_TOTAL_CLAIMS = re.compile(r"^total (?:liabilities and (?:\w+ )?(?:equity|net assets)|equity and liabilities)$")
_TOTAL_LIABILITIES = re.compile(r"^total liabilities$")
_TOTAL_EQUITY = re.compile(r"^total (?:\w+ )?(?:equity|net assets)$")
_NAME_NOISE = re.compile(r"^(?:sub )?total (?:of )?|\bnet of tax(?:es)?$|\bfor the (?:period|year)$")


def check_filing(filing: Filing) -> list[Issue]:
    """Every check on every statement of the filing."""
    issues: list[Issue] = []
    for statement in filing.statements:
        issues.extend(check_subtotals(statement))
        issues.extend(check_mislabeled_totals(statement))
        if statement.kind is StatementKind.FINANCIAL_POSITION:
            issues.extend(check_balance_sheet(statement))
        elif statement.kind is StatementKind.CASH_FLOWS:
            issues.extend(check_cash_rollforward(statement))
        elif statement.kind is StatementKind.CHANGES_IN_EQUITY:
            issues.extend(check_equity_rollforward(statement))
    return issues


def check_subtotals(statement: Statement) -> Iterator[Issue]:
    """Each total equals the sum of what it totals. For a total no sum proves, the columns that
    fail are named against the lines since its nearest enclosing header."""
    children = infer_summations(statement).children
    lines = statement.lines
    for index, line in enumerate(lines):
        if not line.total or line.at is not None or line.is_header or line.id in children:
            continue
        parts = _nearest_span(lines, index, children)
        names = ", ".join(repr(lines[j].label) for j in parts)
        for column_index, column in enumerate(statement.columns):
            expected, actual = _sum(lines, parts, column_index), _amount(line, column_index)
            if actual != expected:
                message = f"is {actual:,} but the lines it totals add up to {expected:,} ({names or 'none'})"
                yield _warning("subtotal", statement, line, column, message)


def check_mislabeled_totals(statement: Statement) -> Iterator[Issue]:
    """A total named like one of its own components ("Other comprehensive income" adding up
    "Total other comprehensive income" and the profit) is labelled as something it is not."""
    by_id = {line.id: line for line in statement.lines}
    for total_id, component_ids in infer_summations(statement).children.items():
        total = by_id[total_id]
        components = [by_id[c] for c in component_ids]
        if any(_name(c.label) == _name(total.label) for c in components):
            parts = " + ".join(repr(c.label) for c in components)
            yield Issue(
                Severity.WARNING,
                "mislabeled-total",
                f"{statement.id}: {total.label!r} adds up {parts}, one of which bears its name; "
                "the line is probably mislabelled",
                total.where,
            )


def check_balance_sheet(statement: Statement) -> Iterator[Issue]:
    """Total assets = total liabilities and equity (or total liabilities + total equity). Unnamed
    grand totals (a US GAAP "TOTAL") are the outermost totals before and after the liabilities."""
    lines = statement.lines
    assets, claims = _find(lines, _TOTAL_ASSETS), _find(lines, _TOTAL_CLAIMS)
    split = next(
        (i for i, line in enumerate(lines) if line.is_header and _key(line.label).startswith("liabilities")), None
    )
    totals = [i for i, line in enumerate(lines) if line.total]
    if split is not None and totals:
        shallowest = min(lines[i].depth for i in totals)
        top_totals = [i for i in totals if lines[i].depth == shallowest]
        assets = assets if assets is not None else max((i for i in top_totals if i < split), default=None)
        claims = claims if claims is not None else max((i for i in top_totals if i > split), default=None)
    if assets is None:
        log.debug("%s: no total assets line; balance check skipped", statement.id)
        return
    if claims is not None:
        parts = [claims]
    else:
        liabilities, equity = _find(lines, _TOTAL_LIABILITIES), _find(lines, _TOTAL_EQUITY)
        if liabilities is None or equity is None:
            log.debug("%s: no total of liabilities and equity; balance check skipped", statement.id)
            return
        parts = [liabilities, equity]
    for column_index, column in enumerate(statement.columns):
        claimed = _sum(lines, parts, column_index)
        if _amount(lines[assets], column_index) != claimed:
            names = " + ".join(repr(lines[j].label) for j in parts)
            yield _warning(
                "balance-sheet",
                statement,
                lines[assets],
                column,
                f"is {_amount(lines[assets], column_index):,} but {names} is {claimed:,}",
            )


def check_cash_rollforward(statement: Statement) -> Iterator[Issue]:
    """Opening cash + net change (+ exchange effect printed after it) = closing cash; and the
    opening and closing lines say so in their labels."""
    lines = statement.lines
    opening = _balance(lines, "start", _OPENING)
    closing = _balance(lines, "end", _CLOSING)
    if opening is None or closing is None:
        log.debug("%s: no opening and closing cash; roll-forward check skipped", statement.id)
        return
    for index, role, wrong, right in (
        (opening, "opening", _CLOSING, _OPENING),
        (closing, "closing", _OPENING, _CLOSING),
    ):
        label = lines[index].label
        if wrong.search(label) and not right.search(label):
            yield Issue(
                Severity.WARNING,
                "cash-rollforward",
                f"{statement.id}: {label!r} is the {role} balance of cash (it continues the roll-forward) "
                "but its label says otherwise",
                lines[index].where,
            )
    net = max(
        (i for i, line in enumerate(lines) if _NET_CHANGE.match(line.label) and not line.is_header and i < closing),
        default=None,
    )
    if net is None:
        return
    effects = [i for i in range(net + 1, closing) if _EXCHANGE.search(lines[i].label) and not lines[i].is_header]
    for column_index, column in enumerate(statement.columns):
        expected = _sum(lines, [opening, net, *effects], column_index)
        if _amount(lines[closing], column_index) != expected:
            yield _warning(
                "cash-rollforward",
                statement,
                lines[closing],
                column,
                f"is {_amount(lines[closing], column_index):,} but opening cash + net change"
                f"{' + exchange effect' if effects else ''} is {expected:,}",
            )


def check_equity_rollforward(statement: Statement) -> Iterator[Issue]:
    """For each component (column): opening balance + movements = closing balance, the movements
    being the lines between that no total absorbed."""
    lines = statement.lines
    absorbed = {c for kids in infer_summations(statement).children.values() for c in kids}
    opening = None
    for index, line in enumerate(lines):
        if line.at == "start":
            opening = index
        if line.at != "end" or opening is None:
            continue
        movements = [j for j in range(opening + 1, index) if _counts(lines[j]) and lines[j].id not in absorbed]
        for column_index, column in enumerate(statement.columns):
            expected = _sum(lines, [opening, *movements], column_index)
            if _amount(line, column_index) != expected:
                message = (
                    f"is {_amount(line, column_index):,} but the opening balance and movements add up to {expected:,}"
                )
                yield _warning("equity-rollforward", statement, line, column, message)


def _nearest_span(lines: Sequence[Line], index: int, children: dict[str, tuple[str, ...]]) -> list[int]:
    """The lines since the nearest header above ``index`` shallower than it (or the statement
    start) that no earlier total absorbed."""
    total = lines[index]
    absorbed = {c for line in lines[:index] for c in children.get(line.id, ())}
    start = next((j for j in range(index - 1, -1, -1) if lines[j].is_header and lines[j].depth < total.depth), -1)
    return [j for j in range(start + 1, index) if _counts(lines[j]) and lines[j].id not in absorbed]


def _counts(line: Line) -> bool:
    """A line that can take part in a sum: it has values and is no balance."""
    return not line.is_header and line.at is None


def _amount(line: Line, column: int) -> Decimal:
    value = line.values[column] if column < len(line.values) else None
    return value if value is not None else Decimal(0)


def _sum(lines: Sequence[Line], indexes: Sequence[int], column: int) -> Decimal:
    return sum((_amount(lines[j], column) for j in indexes), Decimal(0))


def _balance(lines: Sequence[Line], at: str, words: re.Pattern[str]) -> int | None:
    """The cash balance line marked ``at``, or failing that the one its label places there."""
    marked = [i for i, line in enumerate(lines) if line.at == at]
    if marked:
        return marked[0] if at == "start" else marked[-1]
    named = [
        i
        for i, line in enumerate(lines)
        if not line.is_header and _CASH.search(line.label) and words.search(line.label)
    ]
    return (named[0] if at == "start" else named[-1]) if named else None


def _find(lines: Sequence[Line], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if not line.is_header and pattern.match(_key(line.label))), None)


def _key(label: str) -> str:
    text = re.sub(r"[^\w\s]", " ", label.lower().replace("'", "").replace("\u2019", "").replace("-", " "))
    return " ".join(text.split())


def _name(label: str) -> str:
    """What a line names, without "Total", "net of tax" and "for the period"."""
    return _NAME_NOISE.sub("", _key(label)).strip()


def _warning(code: str, statement: Statement, line: Line, column: Column, message: str) -> Issue:
    column_name = column.member or column.heading or column.id
    return Issue(Severity.WARNING, code, f"{statement.id}: {line.label!r} [{column_name}] {message}", line.where)
