"""Sheets as grids of visible cells, each with the value it displays.

A cell's value is what a reader of the printed statement sees: the number a formula last
computed (Excel saves it with the formula; a formula saved without it, as openpyxl writes them,
is computed here when it only adds and subtracts cells of the sheet), positive numbers a number
format shows in parentheses made negative, and numbers rounded to the decimals the format shows.
Hidden rows, columns and sheets are not printed, so they are left out and reported.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from xbrl_gen.errors import InputError

MAX_CELLS = 2_000_000  # per sheet: far beyond any statement, short of exhausting memory
MAX_CSV_BYTES = 20_000_000
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's grid


@dataclass(frozen=True)
class Cell:
    row: int  # 1-based, as the sheet numbers them
    column: int
    value: str | Decimal | date | None  # text stripped of nothing, a displayed number, a date
    indent: int = 0  # Excel's indent level of the cell
    formula: str | None = None
    rounded: bool = False  # the stored number had more decimals than the format shows

    @property
    def ref(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


@dataclass
class Sheet:
    name: str
    where: str  # "Sheet 'BS'" for a workbook's sheet, "" for a CSV file
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)  # visible, non-empty cells
    merged: dict[tuple[int, int], str] = field(default_factory=dict)  # covered cell -> its range "B3:D3"
    spans: dict[tuple[int, int], Cell] = field(default_factory=dict)  # covered cell -> the range's top-left cell
    skipped: list[str] = field(default_factory=list)  # hidden rows and columns, as "row 12", "column D"

    def at(self, ref: str) -> str:
        return f"{self.where} {ref}" if self.where else ref


def read_book(path: Path) -> tuple[list[Sheet], list[str]]:
    """The visible sheets of a workbook or CSV file, and the hidden sheets left out."""
    if path.suffix.lower() == ".csv":
        return [_csv_sheet(path)], []
    return _xlsx_sheets(path)


# -- CSV ---------------------------------------------------------------------------------------


def _csv_sheet(path: Path) -> Sheet:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror or err})", str(path)) from None
    if len(data) > MAX_CSV_BYTES:
        raise InputError(f"a CSV file of more than {MAX_CSV_BYTES:,} bytes is not a statement", str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"expected UTF-8 text, found byte {data[err.start]:#04x}", f"{path}:{line}") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    sheet = Sheet(path.stem, "")
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            cells = {i: Cell(number, i, value) for i, value in enumerate(record, start=1) if value.strip()}
            if cells:
                sheet.rows[number] = cells
    except csv.Error as err:
        raise InputError(f"not a readable CSV file: {err}", str(path)) from None
    return sheet


# -- xlsx --------------------------------------------------------------------------------------


def _xlsx_sheets(path: Path) -> tuple[list[Sheet], list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:  # a zip bomb stops here, before openpyxl inflates it
            if sum(info.file_size for info in archive.infolist()) > 50 * MAX_CELLS:
                raise InputError("the workbook unpacks to more than a statement workbook can hold", str(path))
        formulas = load_workbook(path, data_only=False)
        cached = load_workbook(path, data_only=True)
    except InputError:
        raise
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(
            f"not a readable .xlsx workbook ({type(err).__name__}: {err})".replace("\n", " "), str(path)
        ) from None
    sheets, hidden = [], []
    for ws in formulas.worksheets:
        if ws.sheet_state != "visible":
            hidden.append(ws.title)
            continue
        if (ws.max_row or 0) * (ws.max_column or 0) > MAX_CELLS:
            raise InputError(f"Sheet {ws.title!r} spans more than {MAX_CELLS:,} cells", str(path))
        sheets.append(_xlsx_sheet(ws, cached[ws.title], path))
    return sheets, hidden


def _xlsx_sheet(ws: Any, cached_ws: Any, path: Path) -> Sheet:
    sheet = Sheet(ws.title, f"Sheet {ws.title!r}")
    hidden_rows = {n for n, d in ws.row_dimensions.items() if d.hidden}
    hidden_columns = _hidden_columns(ws)
    sheet.skipped = [f"row {n}" for n in sorted(hidden_rows)] + [
        f"column {get_column_letter(n)}" for n in sorted(hidden_columns)
    ]
    evaluator = _Evaluator(ws, cached_ws, sheet, str(path))
    for row in ws.iter_rows():
        for cell in row:
            if cell.row in hidden_rows or cell.column in hidden_columns or cell.value is None:
                continue
            try:
                found = evaluator.cell(cell)
            except RecursionError:
                message = f"the formula {cell.value} depends on a chain of formulas too long to compute"
                raise InputError(f"{sheet.at(cell.coordinate)}: {message}", str(path)) from None
            if found.value is not None:
                sheet.rows.setdefault(cell.row, {})[cell.column] = found
    for merged in ws.merged_cells.ranges:
        top = sheet.rows.get(merged.min_row, {}).get(merged.min_col)
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    sheet.merged[(row, column)] = merged.coord
                    if top is not None:
                        sheet.spans[(row, column)] = top
    return sheet


def _hidden_columns(ws: Any) -> set[int]:
    hidden: set[int] = set()
    for key, dimension in ws.column_dimensions.items():
        if dimension.hidden:
            first = column_index_from_string(key)
            last = max(first, dimension.max or first) if dimension.min else first
            hidden.update(range(first, last + 1))
    return hidden


# -- values as displayed ----------------------------------------------------------------------

_REF = r"\$?([A-Z]{1,3})\$?([0-9]{1,7})"
_TOKENS = re.compile(
    rf"\s*(?:(?P<range>{_REF}:{_REF})|(?P<func>SUM|SUBTOTAL)\s*\(|(?P<cell>{_REF})|(?P<number>\d+(?:\.\d+)?)|(?P<op>[-+(),]))"
)
_CELL = re.compile(_REF)
_SUBTOTAL_SUM = {"9", "109"}


class Unsupported(Exception):
    """A formula this module cannot compute."""


class _Evaluator:
    """Displayed values of cells; formulas without a saved result are computed if they only add
    and subtract numbers and cells of this sheet."""

    def __init__(self, ws: Any, cached_ws: Any, sheet: Sheet, source: str) -> None:
        self.ws, self.cached_ws, self.sheet, self.source = ws, cached_ws, sheet, source
        self.computing: set[tuple[int, int]] = set()
        self.done: dict[tuple[int, int], Cell] = {}

    def cell(self, cell: Any) -> Cell:
        key = (cell.row, cell.column)
        if key not in self.done:
            self.done[key] = self._read(cell)
        return self.done[key]

    def _read(self, cell: Any) -> Cell:
        formula = cell.value if isinstance(cell.value, str) and cell.value.startswith("=") else None
        raw = self.cached_ws.cell(cell.row, cell.column).value if formula else cell.value
        if formula and raw is None:
            raw = self._computed(cell, formula)
        indent = int(cell.alignment.indent or 0) if cell.alignment is not None else 0
        value, rounded = displayed(raw, cell.number_format or "General")
        return Cell(cell.row, cell.column, value, indent, formula, rounded)

    def _computed(self, cell: Any, formula: str) -> Decimal | None:
        key = (cell.row, cell.column)
        where = self.sheet.at(cell.coordinate)
        if key in self.computing:
            raise InputError(f"{where}: the formula {formula} refers to itself", self.source)
        self.computing.add(key)
        try:
            return _Formula(formula, self.number_at).value()
        except Unsupported:
            raise InputError(
                f"{where}: the formula {formula} has no saved result and is more than sums of this sheet's cells; "
                "open and save the workbook in Excel or LibreOffice, or type the value",
                self.source,
            ) from None
        finally:
            self.computing.discard(key)

    def number_at(self, row: int, column: int) -> Decimal | None:
        if not (1 <= row <= MAX_ROW and 1 <= column <= MAX_COLUMN):
            raise Unsupported  # Excel itself has no such cell
        cell = self.ws.cell(row, column)
        if cell.value is None:
            return None
        value = self.cell(cell).value
        if isinstance(value, str):
            return _text_number(value)
        return value if isinstance(value, Decimal) else None


def _text_number(text: str) -> Decimal | None:
    from xbrl_gen.sources.text.tokens import parse_amount

    amount = parse_amount(text)
    return amount.value if amount is not None and not amount.lost_bracket else None


class _Formula:
    """``=SUM(B4:B9)``, ``=B4+B5-B6``, ``=SUBTOTAL(9,B4:B9)`` and mixtures, evaluated exactly."""

    def __init__(self, text: str, number_at: Any) -> None:
        self.tokens = list(self._tokenize(text[1:].upper()))
        self.position = 0
        self.number_at = number_at

    @staticmethod
    def _tokenize(text: str) -> Iterator[tuple[str, re.Match[str]]]:
        position = 0
        while position < len(text.rstrip()):
            match = _TOKENS.match(text, position)
            if match is None:
                raise Unsupported(text)
            position = match.end()
            yield str(match.lastgroup) if match.lastgroup else "", match

    def value(self) -> Decimal:
        result = self._sum()
        if self.position != len(self.tokens):
            raise Unsupported
        return result

    def _next(self) -> tuple[str, re.Match[str]]:
        if self.position >= len(self.tokens):
            raise Unsupported
        self.position += 1
        return self.tokens[self.position - 1]

    def _peek_op(self, *ops: str) -> bool:
        if self.position < len(self.tokens):
            kind, match = self.tokens[self.position]
            return kind == "op" and match["op"] in ops
        return False

    def _sum(self) -> Decimal:
        total = self._term()
        while self._peek_op("+", "-"):
            sign = self._next()[1]["op"]
            term = self._term()
            total = total + term if sign == "+" else total - term
        return total

    def _term(self) -> Decimal:
        kind, match = self._next()
        if kind == "op" and match["op"] in "+-":
            term = self._term()
            return term if match["op"] == "+" else -term
        if kind == "op" and match["op"] == "(":
            inner = self._sum()
            self._expect(")")
            return inner
        if kind == "number":
            return Decimal(match["number"])
        if kind == "cell":
            ((column, row),) = _CELL.findall(match["cell"])
            return self.number_at(int(row), column_index_from_string(column)) or Decimal(0)
        if kind == "func":
            return self._function(match["func"])
        raise Unsupported

    def _function(self, name: str) -> Decimal:
        if name == "SUBTOTAL":
            kind, match = self._next()
            if kind != "number" or match["number"] not in _SUBTOTAL_SUM:
                raise Unsupported
            self._expect(",")
        total = self._argument()
        while self._peek_op(","):
            self._next()
            total += self._argument()
        self._expect(")")
        return total

    def _argument(self) -> Decimal:
        if self.position < len(self.tokens) and self.tokens[self.position][0] == "range":
            return self._range(self._next()[1]["range"])
        return self._sum()

    def _range(self, span: str) -> Decimal:
        """The sum of "A1:C3": the tokenizer matched both references, so there are two."""
        (first_letters, first_digits), (last_letters, last_digits) = _CELL.findall(span)
        first_col, first_row = column_index_from_string(first_letters), int(first_digits)
        last_col, last_row = column_index_from_string(last_letters), int(last_digits)
        if (last_row - first_row + 1) * (last_col - first_col + 1) > 100_000:
            raise Unsupported
        return sum(
            (
                self.number_at(row, column) or Decimal(0)
                for row in range(first_row, last_row + 1)
                for column in range(first_col, last_col + 1)
            ),
            Decimal(0),
        )

    def _expect(self, op: str) -> None:
        kind, match = self._next()
        if kind != "op" or match["op"] != op:
            raise Unsupported


def references(formula: str) -> set[tuple[int, int]]:
    """The (row, column) cells of this sheet a formula reads; none when it reads other sheets."""
    if "!" in formula:
        return set()
    found: set[tuple[int, int]] = set()
    for match in re.finditer(rf"{_REF}(?::{_REF})?", formula.upper()):
        first_col, first_row = column_index_from_string(match.group(1)), int(match.group(2))
        last_col = column_index_from_string(match.group(3)) if match.group(3) else first_col
        last_row = int(match.group(4)) if match.group(4) else first_row
        if (last_row - first_row + 1) * (last_col - first_col + 1) <= 100_000:
            found.update((r, c) for r in range(first_row, last_row + 1) for c in range(first_col, last_col + 1))
    return found


def displayed(raw: Any, number_format: str) -> tuple[str | Decimal | date | None, bool]:
    """The value a cell shows, and whether showing it rounded the stored number."""
    if raw is None or isinstance(raw, str):
        return (raw if raw is None or raw.strip() else None), False
    if isinstance(raw, bool):
        return ("TRUE" if raw else "FALSE"), False
    if isinstance(raw, datetime):
        return raw.date(), False
    if isinstance(raw, date):
        return raw, False
    if not isinstance(raw, (int, float, Decimal)):
        return str(raw), False
    number = raw if isinstance(raw, Decimal) else Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if not number.is_finite():
        return str(raw), False
    with localcontext(
        prec=400
    ):  # exact for any amount the loader accepts (100 digits each side); larger ones it refuses
        return _formatted(number, number_format)


def _formatted(number: Decimal, number_format: str) -> tuple[Decimal, bool]:
    sections = _sections(number_format)
    section = sections[1] if number < 0 and len(sections) > 1 else sections[0]
    conditional = re.search(r"\[[<>=]", number_format) is not None  # sections chosen by value, not sign
    if number > 0 and _shows_sign(section) and not conditional:
        number = -number  # "(#,##0)" or "-#,##0" for a positive number: presented as negative
    scaled = number.scaleb(-3 * _thousands_commas(section))
    places = _decimal_places(section)
    if places is None:
        integral = scaled == scaled.to_integral_value()
        return (scaled.quantize(Decimal(1)) if integral else scaled.normalize()), False
    shown = scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return shown, shown != scaled


def _sections(number_format: str) -> list[str]:
    """The format's sections (positive;negative;zero;text) with literals as shown, colours,
    conditions, padding and fill left out."""
    shown = re.sub(r'"([^"]*)"|\\(.)|\[[^\]]*\]|_.|\*.', lambda m: m.group(1) or m.group(2) or "", number_format)
    return shown.split(";") if shown and shown.lower() != "general" else ["General"]


def _shows_sign(section: str) -> bool:
    stripped = section.strip()
    return stripped.startswith(("-", "(")) or ("(" in stripped and ")" in stripped)


def _thousands_commas(section: str) -> int:
    match = re.search(r"[0#?](,+)(?![0#?])", section)
    return len(match.group(1)) if match else 0


def _decimal_places(section: str) -> int | None:
    if section == "General" or not re.search(r"[0#?]", section):
        return None
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0
