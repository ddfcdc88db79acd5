"""Statements written as a workbook laid out the way the spreadsheet reader reads one
(docs/spreadsheets.md): ``xbrl-gen template --xlsx`` gives users a workbook to fill.

A 'Filing' sheet holds the entity, period and units; each statement gets a sheet with its title,
units line, kind, heading rows and lines indented by the cell's indent level. Totals that the
lines above add up to are written as ``=SUM(...)`` formulas, so the workbook keeps adding up as
it is filled; a line whose opening/closing role its label does not tell gets an "At" column.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

from xbrl_gen.convert.package import ZIP_EPOCH
from xbrl_gen.model import Filing, Instant, Line, Period, Statement, StatementKind
from xbrl_gen.render import write_atomically
from xbrl_gen.sources.sheet import headings
from xbrl_gen.sources.sheet.layout import slug
from xbrl_gen.sources.text.structure import shape
from xbrl_gen.sources.text.tables import RawRow
from xbrl_gen.summations import infer_summations

_SCALE_WORDS = {0: "in {}", 3: "in thousands of {}", 6: "in millions of {}", 9: "in billions of {}"}
_MONTH_WORDS = {3: "Three months ended", 6: "Six months ended", 9: "Nine months ended", 12: "Year ended"}
FIXED_DATE = datetime(*ZIP_EPOCH)
_BAD_SHEET_CHARS = str.maketrans({c: "-" for c in "[]:*?/\\"})


def write_template(filing: Filing, out: Path) -> Path:
    """Write ``filing`` as a workbook at ``out`` (atomically) and return the path."""
    from openpyxl import Workbook

    book = Workbook()
    _filing_sheet(book.active, filing)
    names: set[str] = {"Filing"}
    for statement in filing.statements:
        name = _sheet_name(statement.id, names)
        _statement_sheet(book.create_sheet(name), statement, filing)
    return write_atomically({out.name: _deterministic_bytes(book)}, out.parent)[0]


def _deterministic_bytes(book: Any) -> bytes:
    """The workbook as a file, the same bytes for the same statements: fixed document dates and
    zip entry times (openpyxl's own ``save`` stamps both with the time of saving)."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = FIXED_DATE
    written = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    stamped = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(stamped, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(
                zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH), source.read(entry), zipfile.ZIP_DEFLATED
            )
    return stamped.getvalue()


def _sheet_name(statement_id: str, taken: set[str]) -> str:
    base = statement_id.translate(_BAD_SHEET_CHARS)[:31]
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        name, n = f"{base[:28]}-{n}", n + 1
    taken.add(name)
    return name


def _filing_sheet(sheet: Any, filing: Filing) -> None:
    from openpyxl.styles import Font

    sheet.title = "Filing"
    rows = [
        ("Title", filing.title),
        ("Entity name", filing.entity.name),
        ("Identifier", filing.entity.identifier),
        ("Scheme", filing.entity.scheme),
        *([("LEI", filing.entity.lei)] if filing.entity.lei else []),
        *((key.replace("-", " ").capitalize(), text) for key, text in filing.entity.details),
        ("Period", f"{filing.period.start.isoformat()} to {filing.period.end.isoformat()}"),
        ("Currency", filing.currency),
        ("Scale", filing.scale),
        ("Language", filing.language),
        ("Extension prefix", filing.extension.prefix),
        ("Extension namespace", filing.extension.namespace),
    ]
    for key, value in rows:
        sheet.append([key, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 60


def _statement_sheet(sheet: Any, statement: Statement, filing: Filing) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append([statement.title])
    sheet.cell(1, 1).font = Font(bold=True, size=12)
    if filing.scale in _SCALE_WORDS:
        sheet.append([_SCALE_WORDS[filing.scale].format(filing.currency)])
    sheet.append(["Kind", statement.kind.value])
    if statement.id != slug(sheet.title):
        sheet.append(["Id", statement.id])
    sheet.append([])
    extras = _extra_columns(statement)
    first_value = 2 + len(extras)
    context = headings.Context(statement.kind, headings.months_between(filing.period), _year_end(filing))
    _heading_rows(sheet, statement, extras, first_value, context)
    first_line = sheet.max_row + 1
    rows = {line.id: first_line + i for i, line in enumerate(statement.lines)}
    children = infer_summations(statement).children
    at_column = _needs_at(statement)
    for index, line in enumerate(statement.lines):
        row = first_line + index
        label = sheet.cell(row, 1, line.label)
        label.alignment = Alignment(indent=line.depth)
        label.font = Font(bold=line.total or line.is_header)
        for offset, key in enumerate(extras):
            value = {"Note": line.note, "Concept": line.concept, "At": line.at if at_column else None}[key]
            if value:
                sheet.cell(row, 2 + offset, value)
        for position, amount in enumerate(line.values):
            if amount is None:
                continue
            column = first_value + position
            cell = sheet.cell(
                row, column, _formula(children.get(line.id), rows, get_column_letter(column)) or _number(amount)
            )
            cell.number_format = _number_format(line)
            cell.font = Font(bold=line.total)
    sheet.column_dimensions["A"].width = 60
    for position in range(len(statement.columns)):
        sheet.column_dimensions[get_column_letter(first_value + position)].width = 18


def _year_end(filing: Filing) -> tuple[int, int] | None:
    return (filing.period.end.month, filing.period.end.day) if headings.months_between(filing.period) == 12 else None


def _extra_columns(statement: Statement) -> list[str]:
    extras = ["Note"]
    if any(line.concept for line in statement.lines):
        extras.append("Concept")
    if _needs_at(statement):
        extras.append("At")
    return extras


def _needs_at(statement: Statement) -> bool:
    """Whether the opening/closing balances differ from what the reader tells from the labels."""
    if not any(line.at for line in statement.lines):
        return False
    if statement.kind not in (StatementKind.CASH_FLOWS, StatementKind.CHANGES_IN_EQUITY):
        return True
    rows = [RawRow(line.label, line.values, i) for i, line in enumerate(statement.lines)]
    told = [
        s.at if not line.is_header else None
        for s, line in zip(shape(rows, statement.kind, "", [""] * len(rows))[0], statement.lines, strict=True)
    ]
    return told != [line.at for line in statement.lines]


def _heading_rows(
    sheet: Any, statement: Statement, extras: list[str], first_value: int, context: headings.Context
) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    two_d = any(c.member for c in statement.columns)
    if two_d:
        row = sheet.max_row + 1
        position = 0
        for period, group in groupby(statement.columns, key=lambda c: c.period):
            width = len(list(group))
            start = first_value + position
            sheet.cell(row, start, _period_text(period, "", context)).font = bold
            if width > 1:
                sheet.merge_cells(start_row=row, start_column=start, end_row=row, end_column=start + width - 1)
            sheet.cell(row, start).alignment = Alignment(horizontal="center")
            position += width
    row = sheet.max_row + 1
    for offset, key in enumerate(extras):
        sheet.cell(row, 2 + offset, key).font = bold
    for position, column in enumerate(statement.columns):
        text = column.member if two_d and column.member else _period_text(column.period, column.heading, context)
        cell = sheet.cell(row, first_value + position, text)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", wrap_text=True)


def _period_text(period: Period, heading: str, context: headings.Context) -> str:
    """The column's heading when it names its period exactly, else a phrase that does."""
    candidates = [heading] if heading else []
    if isinstance(period, Instant):
        candidates.append(f"{period.date.day} {period.date:%B} {period.date.year}")
        candidates.append(f"As at {period.date.day} {period.date:%B} {period.date.year}")
    else:
        months = headings.months_between(period)
        if months in _MONTH_WORDS:
            candidates.append(f"{_MONTH_WORDS[months]} {period.end.day} {period.end:%B} {period.end.year}")
        candidates.append(f"{period.start.isoformat()} to {period.end.isoformat()}")
    for text in candidates:
        try:
            if headings.period(text, context) == period:
                return text
        except ValueError:
            continue
    return candidates[-1]


def _formula(children: tuple[str, ...] | None, rows: dict[str, int], letter: str) -> str | None:
    if not children:
        return None
    numbers = sorted(rows[child] for child in children)
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"=SUM({letter}{numbers[0]}:{letter}{numbers[-1]})"
    return "=SUM(" + ",".join(f"{letter}{n}" for n in numbers) + ")"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _number_format(line: Line) -> str:
    places = max((-int(v.as_tuple().exponent) for v in line.values if v is not None), default=0)
    digits = "#,##0" + ("." + "0" * places if places > 0 else "")
    return f'{digits};({digits});"-"'
