"""Arithmetic checks on statements as presented, before anything is tagged.

Each check is a small function yielding findings that name the statement, the line and the
column; nothing is corrected. ``check_filing`` runs them all, whatever the statements came from,
and ``build`` runs it on every filing. A difference beyond what rounding of the printed amounts
explains (``summations.rounding_allowance``) is an error, which fails the build, unless
the line accepts it (``accept-difference``); within rounding it is a warning.

What a total adds up is what ``summations.infer_summations`` finds (the lines since an
enclosing header that no earlier total absorbed), the rule the calculation linkbase is built by;
these checks say, column by column, where a statement does not satisfy it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from xbrl_gen.labels import normalize
from xbrl_gen.mapping.dimensions import axis_specs, is_default
from xbrl_gen.model import Column, Filing, Issue, Line, Severity, Statement, StatementKind
from xbrl_gen.sources.text.vocabulary import CASH, EXCHANGE_EFFECT, name
from xbrl_gen.summations import Difference, infer_summations, rounding_allowance

log = logging.getLogger(__name__)

_OPENING = re.compile(r"\b(?:beginning|opening)\b", re.I)
_CLOSING = re.compile(r"\b(?:end|ending|closing)\b", re.I)
_NET_CHANGE = re.compile(r"^net (?:increase|decrease|change)\b", re.I)
_TOTAL_ASSETS = re.compile(r"^total assets$")
_TOTAL_CLAIMS = re.compile(r"^total (?:liabilities and (?:\w+ )?(?:equity|net assets)|equity and liabilities)$")
_TOTAL_LIABILITIES = re.compile(r"^total liabilities$")
_TOTAL_EQUITY = re.compile(r"^total (?:\w+ )?(?:equity|net assets)$")
_BASIC_EPS = re.compile(r"^basic (?:earnings|loss|earnings loss) per share|^earnings per share basic")
_DILUTED_EPS = re.compile(r"^diluted (?:earnings|loss|earnings loss) per share|^earnings per share diluted")
_OWNERS_PROFIT = re.compile(
    r"^(?:profit|net income|profit loss|net profit)\b.*\battributable to owners\b|^owners of the (?:parent|company)$"
)
_TOTAL_COLUMN = re.compile(r"^(?:sub ?)?total\b|\battributable to owners\b")


def check_filing(filing: Filing) -> list[Issue]:
    """Every check on every statement of the filing."""
    issues: list[Issue] = []
    for statement in filing.statements:
        issues.extend(check_subtotals(statement))
        issues.extend(check_mislabeled_totals(statement))
        issues.extend(check_column_totals(statement))
        if statement.kind is StatementKind.FINANCIAL_POSITION:
            issues.extend(check_balance_sheet(statement))
        elif statement.kind is StatementKind.CASH_FLOWS:
            issues.extend(check_cash_rollforward(statement))
        elif statement.kind is StatementKind.CHANGES_IN_EQUITY:
            issues.extend(check_equity_rollforward(statement))
        elif statement.kind is StatementKind.PROFIT_OR_LOSS:
            issues.extend(check_earnings_per_share(statement))
    return issues


def check_subtotals(statement: Statement) -> Iterator[Issue]:
    """Each total equals the sum of the lines the layout says it totals, column by column."""
    sums = infer_summations(statement)
    by_id = {line.id: line for line in statement.lines}
    for total_id, differences in sums.differences.items():
        total = by_id[total_id]
        names = ", ".join(repr(by_id[c].label) for c in sums.children[total_id])
        for difference in differences:
            message = f"is {difference.total:,} but the lines it totals add up to {difference.parts:,} ({names})"
            yield _finding("subtotal", statement, total, difference, message)
    for total_id in sums.alone:
        total = by_id[total_id]
        yield Issue(
            Severity.WARNING,
            "subtotal",
            f"{statement.id}: total {total.label!r} has no line above it to add up; no calculation relationship written",
            total.where,
        )


def check_mislabeled_totals(statement: Statement) -> Iterator[Issue]:
    """A total named like one of its own components ("Other comprehensive income" adding up
    "Total other comprehensive income" and the profit) is labelled as something it is not."""
    by_id = {line.id: line for line in statement.lines}
    for total_id, component_ids in infer_summations(statement).children.items():
        total = by_id[total_id]
        components = [by_id[c] for c in component_ids]
        own = name(total.label)
        if any(name(c.label) == own for c in components):
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
        (i for i, line in enumerate(lines) if line.is_header and normalize(line.label).startswith("liabilities")), None
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
    names = " + ".join(repr(lines[j].label) for j in parts)
    for difference in _differences(lines, assets, parts, statement):
        message = f"is {difference.total:,} but {names} is {difference.parts:,}"
        yield _finding("balance-sheet", statement, lines[assets], difference, message)


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
    effects = [i for i in range(net + 1, closing) if EXCHANGE_EFFECT.search(lines[i].label) and not lines[i].is_header]
    for difference in _differences(lines, closing, [opening, net, *effects], statement):
        message = (
            f"is {difference.total:,} but opening cash + net change{' + exchange effect' if effects else ''} "
            f"is {difference.parts:,}"
        )
        yield _finding("cash-rollforward", statement, lines[closing], difference, message)


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
        for difference in _differences(lines, index, [opening, *movements], statement):
            message = f"is {difference.total:,} but the opening balance and movements add up to {difference.parts:,}"
            yield _finding("equity-rollforward", statement, line, difference, message)


def check_column_totals(statement: Statement) -> Iterator[Issue]:
    """In a statement whose columns are members (segments, components of equity), each total
    column (the consolidated or total-equity column, a "Total" or "attributable to owners" one)
    is the sum of the columns since the previous total column, that one included: segments +
    adjustments = consolidated; components = attributable to owners; that + NCI = total equity."""
    columns = statement.columns
    if not any(c.member for c in columns):
        return
    totals = [i for i, c in enumerate(columns) if _total_column(c, statement.kind)]
    for line in statement.lines:
        if line.is_header:
            continue
        start = 0
        for index in totals:
            parts = [j for j in range(start, index) if line.values[j] is not None]
            start = index
            if line.values[index] is None or not parts:
                continue
            difference = _difference(index, line.values[index], [line.values[j] for j in parts])
            if difference is not None:
                names = " + ".join(_column_name(columns[j]) for j in parts)
                message = f"is {difference.total:,} but {names} is {difference.parts:,}"
                yield _finding("column-total", statement, line, difference, message)


def check_earnings_per_share(statement: Statement) -> Iterator[Issue]:
    """Diluted earnings per share never exceed basic ones (IAS 33.41: anti-dilutive instruments
    are left out), and basic earnings per share have the sign of the profit they divide."""
    lines = statement.lines
    basic, diluted, profit = (_find(lines, pattern) for pattern in (_BASIC_EPS, _DILUTED_EPS, _OWNERS_PROFIT))
    if basic is None:
        return
    for index, column in enumerate(statement.columns):
        b = _cell(lines[basic], index)
        d = _cell(lines[diluted], index) if diluted is not None else None
        p = _cell(lines[profit], index) if profit is not None else None
        if diluted is not None and b is not None and d is not None and 0 < b < d:
            yield _error(
                "earnings-per-share", statement, lines[diluted], column, f"is {d} but basic earnings per share is {b}"
            )
        if profit is not None and b is not None and p is not None and b * p < 0:
            yield _error(
                "earnings-per-share", statement, lines[basic], column, f"is {b} but {lines[profit].label!r} is {p:,}"
            )


def _counts(line: Line) -> bool:
    """A line that can take part in a sum: it has values and is no balance."""
    return not line.is_header and line.at is None


def _balance(lines: Sequence[Line], at: str, words: re.Pattern[str]) -> int | None:
    """The cash balance line marked ``at``, or failing that the one its label places there."""
    marked = [i for i, line in enumerate(lines) if line.at == at]
    if marked:
        return marked[0] if at == "start" else marked[-1]
    named = [
        i for i, line in enumerate(lines) if not line.is_header and CASH.search(line.label) and words.search(line.label)
    ]
    return (named[0] if at == "start" else named[-1]) if named else None


def _find(lines: Sequence[Line], pattern: re.Pattern[str]) -> int | None:
    return next(
        (i for i, line in enumerate(lines) if not line.is_header and pattern.match(normalize(line.label))), None
    )


def _differences(lines: Sequence[Line], total: int, parts: Sequence[int], statement: Statement) -> Iterator[Difference]:
    """The columns in which line ``total`` is not the sum of lines ``parts`` (empty cells as nil)."""
    for column in range(len(statement.columns)):
        difference = _difference(column, _cell(lines[total], column), [_cell(lines[j], column) for j in parts])
        if difference is not None:
            yield difference


def _difference(column: int, total: Decimal | None, parts: Sequence[Decimal | None]) -> Difference | None:
    """A total cell against the sum of its part cells, empty cells counting as nil."""
    printed = [p for p in parts if p is not None]
    added = sum(printed, Decimal(0))
    if (total or Decimal(0)) == added:
        return None
    return Difference(
        column, total or Decimal(0), added, rounding_allowance([total, *printed] if total is not None else printed)
    )


def _cell(line: Line, column: int) -> Decimal | None:
    return line.values[column] if column < len(line.values) else None


def _finding(code: str, statement: Statement, line: Line, difference: Difference, message: str) -> Issue:
    """An error when the difference is beyond what rounding the printed amounts explains and the
    line does not accept it; a warning otherwise, saying which."""
    column = statement.columns[difference.column]
    if not difference.beyond_rounding:
        note = f"within rounding (up to {difference.allowance.normalize():f} as printed)"
        return _issue(Severity.WARNING, code, statement, line, column, f"{message}; {note}")
    if line.accept_difference:
        left_out = "; its calculation relationship is left out" if code == "subtotal" else ""
        return _issue(
            Severity.WARNING, code, statement, line, column, f"{message}; accepted (accept-difference){left_out}"
        )
    note = "mis-keyed? correct it, or accept it with accept-difference: true on the line or --accept-differences"
    return _issue(Severity.ERROR, code, statement, line, column, f"{message}; {note}")


def _error(code: str, statement: Statement, line: Line, column: Column, message: str) -> Issue:
    return _issue(
        Severity.WARNING if line.accept_difference else Severity.ERROR, code, statement, line, column, message
    )


def _issue(severity: Severity, code: str, statement: Statement, line: Line, column: Column, message: str) -> Issue:
    return Issue(severity, code, f"{statement.id}: {line.label!r} [{_column_name(column)}] {message}", line.where)


def _column_name(column: Column) -> str:
    return column.member or column.heading or column.id


def _total_column(column: Column, kind: StatementKind) -> bool:
    spec = axis_specs().get(kind)
    heading = column.member or column.heading
    return (spec is not None and is_default(heading, spec)) or bool(_TOTAL_COLUMN.search(normalize(heading)))
