"""Segment tables printed with the segments as rows: turned into grids with the segments as
columns and the measures as rows, as the statements file holds them.

With the periods as columns (U.S. style), one grid per period. A segment's row carries the
table's measure ("Revenues"); rows after it whose labels repeat under every segment
("Customers", "Intersegment") are its parts. The measure is named by the caption printed next
to the table ("Business Segments: Revenues:", "Segment profit or loss:"), else by what the
consolidated row says besides "consolidated" ("Consolidated operating income"). The caption
comes first: a segment measure is the segment's own (an operating income without the costs the
income statement subtracts), not the statement's line. Tables of one period with the same
segments (revenue, then profit) become one grid.

A grid (one period, columns without dates) whose last row, not any column, adds up the others
has its segments as rows and its measures as columns: it is turned over.

Either way the last segment row is the consolidated column (the axis default) when it adds up
the others, or says "consolidated"."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal

from xbrl_gen.labels import normalize
from xbrl_gen.model import StatementKind
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.document import Block, Document
from xbrl_gen.sources.text.tables import RawColumn, RawRow, RawTable
from xbrl_gen.sources.text.tokens import Kind, tokenize

_CAPTION_REACH = 6  # lines around a table searched for the caption naming its measure
_MEASURE = "Amount"  # a measure nothing names


def as_grids(tables: list[RawTable], block: Block, document: Document) -> list[RawTable]:
    """The tables of a segment block with periods as columns, as grids (others unchanged)."""
    if block.kind is not StatementKind.SEGMENTS:
        return tables
    grids: list[RawTable] = []
    for table in tables:
        table = replace(table, title=table.title or block.title, kind=block.kind)
        if table.is_grid:
            grids.append(_turned(table) if _segments_as_rows(table) else table)
        elif table.rows:
            for grid in _per_period(table, _measure(table, document)):
                _merge(grids, grid)
    return grids


def _segments_as_rows(table: RawTable) -> bool:
    """A grid whose last row, not any column, is the sum of the others: its rows are the
    segments and its columns the measures."""
    rows = [row.values for row in table.rows if not row.is_header]
    columns = [tuple(values[j] for values in rows) for j in range(len(table.columns))]
    return _sums_the_rest(rows) and not any(
        _sums_the_rest([*columns[:j], *columns[j + 1 :], c]) for j, c in enumerate(columns)
    )


def _sums_the_rest(vectors: list[tuple[Decimal | None, ...]]) -> bool:
    """The last vector is the sum of the others, element by element (empty as nil), and two of
    the others have amounts."""
    if len(vectors) < 3:
        return False
    *parts, total = vectors
    added = [sum((p[i] or Decimal(0) for p in parts), Decimal(0)) for i in range(len(total))]
    return added == [v or Decimal(0) for v in total] and sum(any(p) for p in parts) >= 2


def _turned(table: RawTable) -> RawTable:
    """The grid with rows and columns swapped: the segments as columns, the measures as rows."""
    rows = [row for row in table.rows if not row.is_header]
    period = table.columns[0]
    names = _members([row.label for row in rows], [row.values for row in rows])
    columns = tuple(RawColumn(name, period.end, period.months, member=name) for name in names)
    turned = tuple(
        RawRow(column.member or column.heading, tuple(row.values[j] for row in rows), table.line)
        for j, column in enumerate(table.columns)
    )
    return replace(table, columns=columns, rows=turned)


def _members(labels: list[str], values: list[tuple[Decimal | None, ...]]) -> list[str]:
    """Segment names; the last is the consolidated one (the axis default) when it is the sum of
    the others, or says so."""
    names = [_member(label) for label in labels]
    if _sums_the_rest(values):
        names[-1] = vocab.CONSOLIDATED.capitalize()
    return names


def _per_period(table: RawTable, measure: str) -> list[RawTable]:
    """One grid per period column: the segment rows as columns, the measures as rows."""
    counts = Counter(normalize(row.label) for row in table.rows if not row.is_header)
    members: list[tuple[RawRow, dict[str, RawRow]]] = []
    for row in table.rows:
        if row.is_header:
            continue
        if counts[normalize(row.label)] > 1 and members:
            members[-1][1][row.label] = row
        else:
            members.append((row, {}))
    parts = list(dict.fromkeys(label for _, found in members for label in found))
    grids = []
    for index, column in enumerate(table.columns):
        names = _members([row.label for row, _ in members], [row.values for row, _ in members])
        columns = tuple(RawColumn(name, column.end, column.months, member=name) for name in names)
        rows = [_measure_row(label, [found.get(label) for _, found in members], index) for label in parts]
        # the measure's line is the last segment row's (the consolidated one): the table's end
        rows.append(RawRow(measure, tuple(row.values[index] for row, _ in members), members[-1][0].line))
        grids.append(replace(table, columns=columns, rows=tuple(rows)))
    return grids


def _measure_row(label: str, found: list[RawRow | None], index: int) -> RawRow:
    values: tuple[Decimal | None, ...] = tuple(row.values[index] if row else None for row in found)
    line = next(row.line for row in found if row)
    return RawRow(label, values, line)


def _member(label: str) -> str:
    """The consolidated row is the consolidated column, whatever else its label says."""
    return vocab.CONSOLIDATED.capitalize() if vocab.CONSOLIDATED in normalize(label).split() else label


def _measure(table: RawTable, document: Document) -> str:
    """The caption beside the table, else what the consolidated row says besides "consolidated"."""
    caption = _caption(table, document)
    if caption:
        return caption
    consolidated = next((r.label for r in table.rows if vocab.CONSOLIDATED in normalize(r.label).split()), "")
    said = re.sub(rf"(?i)\b{vocab.CONSOLIDATED}\b", "", vocab.without_total(consolidated)).strip()
    return said[0].upper() + said[1:] if said and normalize(said) != "total" else _MEASURE


def _caption(table: RawTable, document: Document) -> str | None:
    """The line ending in a colon right above the table's header, else right after its last
    amounts; its last part names the measure ("Business Segments: Revenues:" -> "Revenues")."""
    last = max(row.line for row in table.rows)
    above = range(table.line - 1, max(0, table.line - _CAPTION_REACH), -1)
    below = range(last + 1, min(len(document.lines), last + _CAPTION_REACH) + 1)
    for numbers in (above, below):
        text = next((t for n in numbers if (t := document.lines[n - 1].strip()) and not _is_amount(t)), "")
        if text.endswith(":"):
            return [part.strip() for part in text.split(":") if part.strip()][-1]
    return None


def _is_amount(text: str) -> bool:
    return all(t.kind is Kind.AMOUNT for t in tokenize([(0, text)]))


def _merge(grids: list[RawTable], grid: RawTable) -> None:
    """A grid of a period and segments already read adds its rows to that one."""
    same = next(
        (
            i
            for i, g in enumerate(grids)
            if g.kind is StatementKind.SEGMENTS
            and [(c.member, c.end, c.months) for c in g.columns] == [(c.member, c.end, c.months) for c in grid.columns]
        ),
        None,
    )
    if same is None:
        grids.append(grid)
    else:
        grids[same] = replace(grids[same], rows=grids[same].rows + grid.rows)
