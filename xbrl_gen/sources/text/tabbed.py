"""Tables with one row per line and tab-separated cells (the layout of a securities report).

Header rows have an empty first cell. They say where the value columns are: the cells of the unit
row ("Thousands of yen"), else the cells with dates; a "Note" cell marks the note column. Columns
without dates are members (equity components, segments), named by their lowest heading. A new
header starts a new table; ``assemble`` decides whether it continues the previous one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xbrl_gen.model import Issue
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.document import Block, Document
from xbrl_gen.sources.text.periods import dated_columns, most_common_unit
from xbrl_gen.sources.text.tables import RawColumn, RawRow, RawTable, clean_label, warning
from xbrl_gen.sources.text.tokens import Amount, Kind, parse_amount, tokenize

_EMPTY_LABELS = frozenset({"", "_"})
_NOTE = re.compile(r"^notes?$", re.I)
_DATE_IN_LABEL = re.compile(r"^(.*?\b\d{4})\s+(?=[A-Z])(.+)$")


@dataclass
class _Rows:
    """Consecutive lines of one table: header rows, then data rows."""

    header: list[tuple[int, list[str]]]
    data: list[tuple[int, list[str]]]
    caption: str


def read(block: Block, document: Document) -> tuple[list[RawTable], list[Issue]]:
    tables: list[RawTable] = []
    issues: list[Issue] = []
    for rows in _split(block):
        table = _table(rows, block if not tables else None, document, issues)
        if table is not None:
            tables.append(table)
    return tables, issues


def _split(block: Block) -> list[_Rows]:
    groups: list[_Rows] = []
    caption = block.caption
    for number, text in block.lines:
        if "\t" not in text:
            tokens = tokenize([(number, text)])
            if any(t.kind is Kind.MARKER for t in tokens) and any(t.kind is Kind.DATE for t in tokens):
                caption = text.strip()
            continue
        cells = text.split("\t")
        if _is_header(cells):
            if not groups or groups[-1].data:
                groups.append(_Rows([], [], caption))
                caption = ""
            groups[-1].header.append((number, cells))
        elif groups:
            groups[-1].data.append((number, cells))
    return [g for g in groups if g.data]


def _is_header(cells: list[str]) -> bool:
    if cells[0].strip() not in _EMPTY_LABELS:
        return False
    amounts = [parse_amount(c) for c in cells[1:] if c.strip() and c.strip() not in _EMPTY_LABELS]
    return not any(amounts)


def _table(rows: _Rows, block: Block | None, document: Document, issues: list[Issue]) -> RawTable | None:
    header_cells = [cells for _, cells in rows.header]
    units = [cells for cells in header_cells if _is_unit_row(cells)]
    headings = [cells for cells in header_cells if not _is_unit_row(cells)]
    positions = _positions(units, headings)
    where = document.where(rows.header[0][0])
    if not positions:
        issues.append(warning("no-columns", "no value columns in the table header; table skipped", where))
        return None
    note = _note_position(headings, positions)
    if units:
        numbered = [(n, cells) for n, cells in rows.header if not _is_unit_row(cells)]
        headings = [_aligned(n, cells, positions, note, document, issues) for n, cells in numbered]
        if headings and not any(_has_date(c) for c in headings[-1]):
            headings[-1] = _split_run_together(numbered[-1][0], headings[-1], positions, note, document, issues)
    columns = _columns(positions, headings, rows.caption)
    data = [row for number, cells in rows.data for row in _data_rows(number, cells, positions, note, document, issues)]
    unit_tokens = tokenize([(0, " ".join(" ".join(cells) for cells in units))])
    title, kind = (block.title, block.kind) if block else (None, None)
    return RawTable(
        title, kind, tuple(columns), tuple(data), rows.header[0][0], most_common_unit(t.unit for t in unit_tokens)
    )


def _aligned(
    number: int, cells: list[str], positions: list[int], note: int | None, document: Document, issues: list[Issue]
) -> list[str]:
    """A heading row as wide as the unit row below it. Extraction breaks a heading across cells
    ("Retained" | " earnings", "Ow" | "ners ..."): a piece starting in lower case or with a space
    goes back to the cell before it. Only a row holding more headings than columns is mended;
    what cannot be mended is said, for the columns it heads may be wrong."""
    filled = [(i, c) for i, c in enumerate(cells) if i > 0 and i != note and c.strip()]
    extra = len(filled) - len(positions)
    if extra <= 0:
        return cells
    pieces: list[str] = []
    for _, text in filled:
        if pieces and extra and (text[:1].islower() or text[:1].isspace()):
            pieces[-1] += text if text[:1].islower() and pieces[-1][-1:].isalpha() else f" {text.strip()}"
            extra -= 1
        else:
            pieces.append(text.strip())
    where = document.where(number)
    if len(pieces) != len(positions):
        message = f"{len(filled)} column headings for {len(positions)} columns; headings read by position"
        issues.append(warning("header-misaligned", message, where))
        return cells
    issues.append(warning("header-rejoined", f"column headings broken across cells rejoined: {pieces}", where))
    return _placed(cells, positions, pieces, note)


def _split_run_together(
    number: int, cells: list[str], positions: list[int], note: int | None, document: Document, issues: list[Issue]
) -> list[str]:
    """The lowest heading row one heading short, with one cell holding two ("Retained earnings
    Other equity": a capitalised word starts the next): split, the headings move right."""
    filled = [(i, c) for i, c in enumerate(cells) if i > 0 and i != note and c.strip()]
    if len(filled) != len(positions) - 1:
        return cells
    splits = [(k, pieces) for k, (_, c) in enumerate(filled) if len(pieces := _run_together(c)) == 2]
    if len(splits) != 1:
        return cells
    k, pieces = splits[0]
    headings = [c.strip() for _, c in filled[:k]] + pieces + [c.strip() for _, c in filled[k + 1 :]]
    issues.append(warning("header-split", f"two column headings in one cell split: {pieces}", document.where(number)))
    return _placed(cells, positions, headings, note)


def _placed(cells: list[str], positions: list[int], headings: list[str], note: int | None) -> list[str]:
    """A heading row rebuilt: its label and note cells kept, one heading over each value column."""
    mended = [""] * (max(positions) + 1)
    mended[0] = cells[0]
    if note is not None and note < len(cells):
        mended[note] = cells[note]
    for position, heading in zip(positions, headings, strict=True):
        mended[position] = heading
    return mended


def _run_together(text: str) -> list[str]:
    """Headings in one cell: a capitalised word after a word that does not continue a phrase
    starts the next ("Retained earnings Other equity")."""
    pieces: list[list[str]] = []
    for word in text.split():
        if not pieces or (word[:1].isupper() and pieces[-1][-1].lower() not in vocab.CONTINUING_WORDS):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [" ".join(p) for p in pieces]


def _is_unit_row(cells: list[str]) -> bool:
    filled = [c for c in cells[1:] if c.strip()]
    return bool(filled) and all(any(t.kind is Kind.UNIT for t in tokenize([(0, c)])) for c in filled)


def _positions(units: list[list[str]], headings: list[list[str]]) -> list[int]:
    """Cell indexes of the value columns."""
    if units:
        return [i for i, cell in enumerate(units[-1]) if i > 0 and cell.strip()]
    dated = sorted({i for cells in headings for i, c in enumerate(cells) if i > 0 and _has_date(c)})
    if dated:
        return dated
    last = headings[-1] if headings else []
    return [i for i, cell in enumerate(last) if i > 0 and cell.strip() and not _NOTE.match(cell.strip())]


def _note_position(headings: list[list[str]], positions: list[int]) -> int | None:
    for cells in headings:
        for index, cell in enumerate(cells):
            if _NOTE.match(cell.strip()):
                return index
    return 1 if positions[0] >= 2 else None


def _has_date(cell: str) -> bool:
    return any(t.kind is Kind.DATE for t in tokenize([(0, cell)]))


def _columns(positions: list[int], headings: list[list[str]], caption: str) -> list[RawColumn]:
    texts = [[_cell(cells, p) for cells in headings] for p in positions]
    if any(_has_date(" ".join(t)) for t in texts):
        columns = []
        for text in texts:
            dated = dated_columns(tokenize([(0, " ".join(text))]))
            heading = clean_label(" ".join(t for t in text if t))
            columns.append(
                RawColumn(heading, dated[-1].end, dated[-1].months) if dated else RawColumn(heading, None, None)
            )
        return columns
    period = dated_columns(tokenize([(0, caption)]))
    end, months = (period[0].end, period[0].months) if period else (None, None)
    members = [_member(headings, p) for p in positions]
    return [RawColumn(member, end, months, member=member) for member in members]


def _member(headings: list[list[str]], position: int) -> str:
    """The lowest heading of a column; one that starts in lower case continues the heading above
    it, which may sit one cell to the left ("Non-" over "controlling interests")."""
    for row in range(len(headings) - 1, -1, -1):
        leaf = _cell(headings[row], position)
        if not leaf:
            continue
        if leaf[0].islower() and row > 0:
            above = _cell(headings[row - 1], position)
            left = _cell(headings[row - 1], position - 1)
            start = above or (left if left.endswith("-") else "")
            if start:
                leaf = f"{start}{'' if start.endswith('-') else ' '}{leaf}"
        return clean_label(leaf)
    return f"column {position}"


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if 0 <= index < len(cells) else ""


def _data_rows(
    number: int, cells: list[str], positions: list[int], note: int | None, document: Document, issues: list[Issue]
) -> list[RawRow]:
    """One row, or two when extraction merged two rows into one line (two amounts per cell)."""
    where = document.where(number)
    label = clean_label(cells[0])
    cells = _two_cells_merged(cells, positions, label, where, issues)
    note_text = _cell(cells, note) if note is not None else ""
    amounts = [_amounts(_cell(cells, p), label, where, issues) for p in positions]
    stray = [c.strip() for i, c in enumerate(cells) if i and i != note and i not in positions and c.strip()]
    if stray:
        issues.append(warning("stray-cell", f"{label!r}: cells outside the columns ignored: {stray}", where))
    for amount in (a for cell in amounts for a in cell if a.lost_bracket):
        issues.append(
            warning("lost-bracket", f"{label!r}: {-amount.value} read as negative (closing bracket missing)", where)
        )
    if all(len(cell) <= 1 for cell in amounts):
        values = tuple(cell[0].value if cell else None for cell in amounts)
        return [RawRow(label, values, number, note_text or None)]
    first, second = _split_label(label)
    issues.append(warning("merged-rows", f"{label!r}: two rows on one line, read as {first!r} and {second!r}", where))
    return [
        RawRow(first, tuple(cell[0].value if cell else None for cell in amounts), number, note_text or None),
        RawRow(second, tuple(cell[1].value if len(cell) > 1 else None for cell in amounts), number),
    ]


def _two_cells_merged(cells: list[str], positions: list[int], label: str, where: str, issues: list[Issue]) -> list[str]:
    """A row one cell short whose one cell holds two amounts ("12,345 678"): two adjacent cells
    run together, so the amounts after it sit one column left. Split, the row fills its columns."""
    if len(cells) != max(positions):
        return cells
    doubles = [i for i, c in enumerate(cells) if i and len(c.split()) == 2 and all(parse_amount(p) for p in c.split())]
    if len(doubles) != 1 or doubles[0] + 1 not in positions:
        return cells
    index = doubles[0]
    first, second = cells[index].split()
    message = f"{label!r}: cell {cells[index]!r} holds two amounts and the row is a cell short: read as two columns"
    issues.append(warning("cells-merged", message, where))
    return [*cells[:index], first, second, *cells[index + 1 :]]


def _amounts(text: str, label: str, where: str, issues: list[Issue]) -> list[Amount]:
    if not text:
        return []
    parsed = [parse_amount(part) for part in text.split()]
    if None in parsed:
        issues.append(warning("unreadable-cell", f"{label!r}: cell {text!r} is not an amount; read as empty", where))
        return []
    return [a for a in parsed if a is not None]


def _split_label(label: str) -> tuple[str, str]:
    """Where the second of two merged labels starts: after a date ("Balance, March 31, 2019
    Cumulative impact ..."), else at the first capitalised word that does not continue a phrase."""
    dated = _DATE_IN_LABEL.match(label)
    if dated:
        return dated[1], dated[2]
    words = label.split()
    for index in range(1, len(words)):
        if words[index][:1].isupper() and words[index - 1].lower() not in vocab.CONTINUING_WORDS:
            return " ".join(words[:index]), " ".join(words[index:])
    return label, label
