"""Tables into statements: continuations joined, untitled tables classified, periods settled,
rows shaped into lines, ids given.

A table without a title continues the previous statement when its columns are the same (the
next page); a grid without a title is the next period block of the previous grid; any other
untitled table is a statement of its own, its kind told by what its rows are about.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from xbrl_gen.labels import normalize
from xbrl_gen.model import Column, Duration, Instant, Issue, Line, Period, Statement, StatementKind
from xbrl_gen.sources.structured import slug, with_ids
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.document import Document
from xbrl_gen.sources.text.labels import relabelled_totals
from xbrl_gen.sources.text.periods import DatedColumn, duration_ending, opening_day, period_of
from xbrl_gen.sources.text.reconcile import across_tables
from xbrl_gen.sources.text.signs import unsigned_costs
from xbrl_gen.sources.text.structure import shape
from xbrl_gen.sources.text.tables import RawColumn, RawRow, RawTable, warning
from xbrl_gen.sources.text.tokens import tokenize

_DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class _Draft:
    title: str
    kind: StatementKind
    table: RawTable


def statements(tables: list[RawTable], document: Document) -> tuple[list[Statement], list[Issue]]:
    issues: list[Issue] = []
    months = _months(tables)
    forms = vocab.word_forms(document.lines)
    drafts = _drafts(tables, document, issues)
    built = [_statement(draft, months, document, issues, forms) for draft in drafts]
    found, reconciled = across_tables(
        _with_statement_ids([s for s in built if s is not None]), "\n".join(document.lines)
    )
    return found, issues + reconciled


def reporting_period(
    statements: list[Statement], tables: list[RawTable], where: str
) -> tuple[Duration | None, list[Issue]]:
    """The latest duration of any column, the longest of those ending last (a half-year report's
    six months rather than its last three); with balance sheets only, the period ending on the
    latest date, as long as the headers suggest."""
    durations = [c.period for s in statements for c in s.columns if isinstance(c.period, Duration)]
    if durations:
        return max(durations, key=lambda d: (d.end, -d.start.toordinal())), []
    instants = [c.period.date for s in statements for c in s.columns if isinstance(c.period, Instant)]
    if not instants:
        return None, []
    months = _months(tables)
    message = f"no column covers a period; the reporting period is taken as {months} months to {max(instants)}"
    return duration_ending(max(instants), months), [warning("period-guessed", message, where)]


def _months(tables: list[RawTable]) -> int:
    """How long the periods of the report are, for headers that do not say."""
    return next((c.months for t in tables for c in t.columns if c.months), _DEFAULT_MONTHS)


# -- tables into drafts ---------------------------------------------------------------------


def _drafts(tables: list[RawTable], document: Document, issues: list[Issue]) -> list[_Draft]:
    drafts: list[_Draft] = []
    for table in _joined_forward(tables, document, issues):
        previous = drafts[-1] if drafts else None
        if table.title is not None and table.kind is not None:
            drafts.append(_Draft(table.title, table.kind, table))
        elif previous and not table.is_grid and not previous.table.is_grid and _continues(previous, table):
            drafts[-1] = replace(previous, table=replace(previous.table, rows=previous.table.rows + table.rows))
            message = f"a table without a title, with the columns of {previous.title!r}, read as its continuation"
            issues.append(warning("continued-table", message, document.where(table.line)))
        elif previous and table.is_grid and previous.table.is_grid:
            drafts.append(_Draft(previous.title, previous.kind, table))
        else:
            kind = _classify(table.rows)
            where = document.where(table.line)
            if kind is None:
                issues.append(
                    warning("unknown-table", "a table without a title and of no known statement kind; skipped", where)
                )
                continue
            title = f"Statement of {kind.value.replace('-', ' ')}"
            issues.append(
                warning("untitled-statement", f"a table without a title read as {kind.value} from its lines", where)
            )
            drafts.append(_Draft(title, kind, table))
    return drafts


def _joined_forward(tables: list[RawTable], document: Document, issues: list[Issue]) -> list[RawTable]:
    """An untitled table right before a titled one with its columns, whose rows are about that
    statement's kind, is its first part (the title printed over the second half only)."""
    joined: list[RawTable] = []
    for table in tables:
        before = joined[-1] if joined else None
        if (
            before is not None
            and before.title is None
            and table.title is not None
            and not before.is_grid
            and not table.is_grid
            and _same_columns(before, table)
            and _classify(before.rows) is table.kind
        ):
            joined[-1] = replace(table, rows=before.rows + table.rows, line=before.line)
            message = f"a table without a title, with the columns of {table.title!r} below it, read as its first part"
            issues.append(warning("continued-table", message, document.where(before.line)))
        else:
            joined.append(table)
    return joined


def _same_columns(first: RawTable, second: RawTable) -> bool:
    return [(c.end, c.months) for c in first.columns] == [(c.end, c.months) for c in second.columns]


def _continues(previous: _Draft, table: RawTable) -> bool:
    """The next page of the previous statement: the same columns, and rows not about another
    kind of statement (a comprehensive income statement whose title was lost is not more profit
    or loss)."""
    return _same_columns(previous.table, table) and _classify(table.rows) in (None, previous.kind)


def _classify(rows: tuple[RawRow, ...]) -> StatementKind | None:
    labels = [normalize(r.label) for r in rows]
    scores = {
        kind: sum(any(hint in label for hint in hints) for label in labels)
        for kind, hints in vocab.CONTENT_HINTS.items()
    }
    kind, score = max(scores.items(), key=lambda item: item[1])
    return kind if score else None


# -- one statement ----------------------------------------------------------------------------


def _statement(
    draft: _Draft, months: int, document: Document, issues: list[Issue], forms: dict[str, str]
) -> Statement | None:
    table = draft.table
    where = document.where(table.line)
    rows = [replace(r, label=vocab.readable(r.label, forms)) for r in _labelled(table.rows, document, issues)]
    if not rows or not table.columns:  # a statements file cannot hold a statement without both
        issues.append(warning("empty-table", f"{draft.title}: a header without rows or columns; table skipped", where))
        return None
    periods = _periods(draft, months, where, issues)
    if periods is None:
        return None
    if table.is_grid:
        rows = _mended_grid(draft, rows, document, issues)
    columns = _columns(_with_consolidated(draft, rows, document, issues), periods)
    wheres = [document.where(r.line) for r in rows]
    shapes, shape_issues = shape(rows, draft.kind, draft.title, wheres)
    signed, sign_issues = unsigned_costs(rows, shapes, draft.kind, draft.title, wheres)
    if sign_issues:  # the subtracted lines are negative now: the sums that prove totals hold
        rows = signed
        shapes, shape_issues = shape(rows, draft.kind, draft.title, wheres)
    issues.extend(shape_issues + sign_issues)
    lines = [
        Line("", r.label, s.depth, r.values, s.total, r.note, None, s.at, w, unit=_unit(r))
        for r, s, w in zip(rows, shapes, wheres, strict=True)
    ]
    issues.extend(_empty_total_cells(draft, lines, table.columns))
    lines, label_issues = relabelled_totals(lines, draft.title)
    issues.extend(label_issues)
    return Statement(draft.kind.value, draft.kind, draft.title, tuple(columns), tuple(with_ids(lines)), where)


def _empty_total_cells(draft: _Draft, lines: list[Line], columns: tuple[RawColumn, ...]) -> list[Issue]:
    """A total with an empty cell where it has amounts elsewhere: a lost number, not a nil."""
    issues = []
    for line in lines:
        if line.total and not line.is_header and not draft.table.is_grid:
            for value, column in zip(line.values, columns, strict=True):
                if value is None:
                    message = (
                        f"{draft.title}: total {line.label!r} has no amount in column {column.heading!r}; left empty"
                    )
                    issues.append(warning("empty-total-cell", message, line.where))
    return issues


def _unit(row: RawRow) -> str | None:
    """Share counts, per-share amounts and percentages, as the label says; None for money."""
    if row.is_header:
        return None
    return next((unit for unit, pattern in vocab.LINE_UNITS if pattern.search(row.label)), None)


def _labelled(rows: tuple[RawRow, ...], document: Document, issues: list[Issue]) -> list[RawRow]:
    """The rows that have a label: a statements file has no line without one."""
    for row in rows:
        if not row.label.strip():
            values = ", ".join(f"{v:f}" for v in row.values if v is not None) or "no values"
            where = document.where(row.line)
            issues.append(warning("unlabelled-row", f"a row without a label skipped ({values})", where))
    return [row for row in rows if row.label.strip()]


def _periods(draft: _Draft, months: int, where: str, issues: list[Issue]) -> list[Period] | None:
    table = draft.table
    if table.is_grid:
        period = _grid_period(table)
        if period is None:
            issues.append(
                warning("no-period", f"{draft.title}: no period in the header nor dated balances; table skipped", where)
            )
            return None
        return [period] * len(table.columns)
    periods: list[Period] = []
    for column in table.columns:
        if column.end is None:
            issues.append(
                warning("no-period", f"{draft.title}: column {column.heading!r} has no date; table skipped", where)
            )
            return None
        if column.months is None and draft.kind is not StatementKind.FINANCIAL_POSITION:
            issues.append(
                warning(
                    "period-guessed",
                    f"{draft.title}: column {column.heading!r} names no period length; read as {months} months",
                    where,
                )
            )
        periods.append(period_of(DatedColumn(column.end, column.months, column.heading), draft.kind, months))
    return periods


def _grid_period(table: RawTable) -> Duration | None:
    """The block's period from its header, else from its first and last dated balances."""
    first = table.columns[0]
    if first.end is not None and first.months:
        return duration_ending(first.end, first.months)
    dates = [d for r in table.rows if vocab.BALANCE.match(r.label) and (d := _date_in(r.label))]
    if len(dates) >= 2 and dates[0] < dates[-1]:
        return Duration(opening_day(dates[0]), dates[-1])
    return None


def _date_in(label: str) -> date | None:
    return next((t.day for t in tokenize([(0, label)]) if t.day is not None), None)


def _with_consolidated(
    draft: _Draft, rows: list[RawRow], document: Document, issues: list[Issue]
) -> tuple[RawColumn, ...]:
    """A segment table's column that its other columns add up to in every row is the consolidated
    column (the axis default), whatever its heading says; a warning when the heading does not say
    so. One other column may be a subtotal (total of the reportable segments) left out of the sum."""
    columns = draft.table.columns
    if draft.kind is not StatementKind.SEGMENTS or len(columns) < 3:
        return columns
    index = _sum_column(rows, len(columns))
    if index is None or normalize(columns[index].member or "") == vocab.CONSOLIDATED:
        return columns
    heading = columns[index].heading
    message = (
        f"{draft.title}: column {heading!r} is the sum of the other columns in every row: "
        "read as the consolidated column (the axis default)"
    )
    issues.append(warning("consolidated-column", message, document.where(draft.table.line)))
    consolidated = replace(columns[index], member=vocab.CONSOLIDATED.capitalize())
    return columns[:index] + (consolidated,) + columns[index + 1 :]


def _mended_grid(draft: _Draft, rows: list[RawRow], document: Document, issues: list[Issue]) -> list[RawRow]:
    """In a grid whose total column most rows add up to, a row that does not add up loses the one
    cell whose removal makes it add (a garbled or misplaced number), with a warning naming the
    line and column; a row no single cell mends is kept as read and reported."""
    width = len(draft.table.columns)
    found = _tolerant_sum(rows, width)
    if found is None:
        return rows
    total, parts = found
    mended = []
    for row in rows:
        if _row_adds(row, total, parts):
            mended.append(row)
            continue
        fixes = [j for j in parts if row.values[j] is not None and _row_adds(_without(row, j), total, parts)]
        where = document.where(row.line)
        if len(fixes) == 1:
            heading = draft.table.columns[fixes[0]].heading
            value = row.values[fixes[0]]
            message = (
                f"{draft.title}: {row.label!r}: {value} in column {heading!r} contradicts the row's total "
                f"({draft.table.columns[total].heading!r}); cell dropped, the rest of the row kept"
            )
            issues.append(warning("cell-dropped", message, where))
            row = _without(row, fixes[0])
        else:
            message = (
                f"{draft.title}: {row.label!r}: the columns do not add up to {draft.table.columns[total].heading!r}"
            )
            issues.append(warning("row-does-not-add", message, where))
        mended.append(row)
    return mended


def _tolerant_sum(rows: list[RawRow], width: int) -> tuple[int, list[int]] | None:
    """The total column and its parts that most rows prove (all but one subtotal column may be
    parts); None unless two rows prove it and at most a third of the proving rows fail."""
    best: tuple[int, int, list[int]] | None = None
    for index in range(width - 1, -1, -1):
        others = [j for j in range(width) if j != index]
        for left_out in [None, *others]:
            parts = [j for j in others if j != left_out]
            tried = [r for r in rows if sum(r.values[j] is not None and r.values[j] != 0 for j in parts) >= 2]
            adding = sum(_row_adds(r, index, parts) for r in tried)
            if adding >= 2 and 3 * (len(tried) - adding) <= adding and (best is None or adding > best[0]):
                best = (adding, index, parts)
    return (best[1], best[2]) if best else None


def _row_adds(row: RawRow, total: int, parts: list[int]) -> bool:
    present = [v for j in parts if (v := row.values[j]) is not None]
    return not present or sum(present, Decimal(0)) == (row.values[total] or Decimal(0))


def _without(row: RawRow, column: int) -> RawRow:
    return replace(row, values=tuple(None if j == column else v for j, v in enumerate(row.values)))


def _sum_column(rows: list[RawRow], width: int) -> int | None:
    """The rightmost column equal in every row to the sum of the others (all of them, or all but
    one subtotal), proved by at least one row where two others have amounts."""
    for index in range(width - 1, -1, -1):
        others = [j for j in range(width) if j != index]
        for left_out in [None, *others]:
            parts = [j for j in others if j != left_out]
            if _adds_across(rows, index, parts):
                return index
    return None


def _adds_across(rows: list[RawRow], total: int, parts: list[int]) -> bool:
    proved = False
    for row in rows:
        present = [v for j in parts if (v := row.values[j]) is not None]
        if not present:
            continue
        if sum(present, Decimal(0)) != (row.values[total] or Decimal(0)):  # an empty cell for nil
            return False
        proved = proved or len([v for v in present if v]) >= 2
    return proved


def _columns(raw: tuple[RawColumn, ...], periods: list[Period]) -> list[Column]:
    columns: list[Column] = []
    taken: set[str] = set()
    for column, period in zip(raw, periods, strict=True):
        base = slug(column.member) if column.member else _period_id(period)
        identifier, n = base, 2
        while identifier in taken:
            identifier, n = f"{base}-{n}", n + 1
        taken.add(identifier)
        columns.append(Column(identifier, period, column.heading, column.member))
    return columns


def _period_id(period: Period) -> str:
    if isinstance(period, Instant):
        return period.date.isoformat()
    return f"{period.start.isoformat()}--{period.end.isoformat()}"


# -- statement ids ----------------------------------------------------------------------------


def _with_statement_ids(found: list[Statement]) -> list[Statement]:
    """The kind as id; statements of one kind told apart by their months ("-6m", "-3m"), else by
    the year their period ends, else by number."""
    by_kind = Counter(s.kind for s in found)
    result = []
    for statement in found:
        if by_kind[statement.kind] == 1:
            result.append(statement)
            continue
        same = [s for s in found if s.kind is statement.kind]
        for suffix in (_months_suffix, _year_suffix):
            if len({suffix(s) for s in same}) == len(same):
                result.append(replace(statement, id=f"{statement.kind.value}-{suffix(statement)}"))
                break
        else:
            number = next(i for i, s in enumerate(same, 1) if s is statement)
            result.append(replace(statement, id=f"{statement.kind.value}-{number}"))
    return result


def _duration(statement: Statement) -> Duration | None:
    return max(
        (c.period for c in statement.columns if isinstance(c.period, Duration)), key=lambda d: d.end, default=None
    )


def _months_suffix(statement: Statement) -> str:
    period = _duration(statement)
    if period is None:
        return "instant"
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    return f"{months}m"


def _year_suffix(statement: Statement) -> str:
    period = _duration(statement)
    last = period.end if period else max(c.period.date for c in statement.columns if isinstance(c.period, Instant))
    return str(last.year)
