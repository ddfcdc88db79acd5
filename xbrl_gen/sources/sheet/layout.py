"""One sheet, laid out as accountants lay out a statement, as one statement of a statements
document (the mapping ``structured`` validates), with the cell each item came from.

From the top: a block of title, units line ("in thousands of EUR") and ``Key: value`` rows; then
the heading rows (periods, members of a 2-D statement, "Note" / "Concept" / "At" columns, a units
row); then the lines, labels in the leftmost column, indented by the cell's indent level or by
leading spaces. docs/spreadsheets.md has the full rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from xbrl_gen.errors import InputError
from xbrl_gen.model import Issue, Line, Period, Severity, Statement, StatementKind
from xbrl_gen.sources.sheet import headings
from xbrl_gen.sources.sheet.grid import Cell, Sheet, references
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.structure import shape
from xbrl_gen.sources.text.tables import RawRow
from xbrl_gen.sources.text.tokens import parse_amount
from xbrl_gen.summations import infer_summations

_SPACES = " \u00a0\u3000"
_NAMED_KINDS = {  # sheet names and titles the statement-title vocabulary does not cover
    "bs": "financial-position",
    "sfp": "financial-position",
    "pl": "profit-or-loss",
    "p&l": "profit-or-loss",
    "pnl": "profit-or-loss",
    "is": "profit-or-loss",
    "oci": "comprehensive-income",
    "soci": "comprehensive-income",
    "ci": "comprehensive-income",
    "cf": "cash-flows",
    "cfs": "cash-flows",
    "scf": "cash-flows",
    "soce": "changes-in-equity",
    "sce": "changes-in-equity",
    "ce": "changes-in-equity",
}
_SEGMENTS = re.compile(r"\bsegments?\b", re.I)
_MIN_COMPONENTS = 2  # a line with no formula and no total wording is a total when it adds up two lines or more


@dataclass
class Found:
    """What a sheet says: metadata keys, and the rows of its statement split into parts."""

    sheet: Sheet
    keys: dict[str, tuple[Any, str]] = field(default_factory=dict)  # key -> (value, cell)
    texts: list[Cell] = field(default_factory=list)  # title, units line, captions
    heading_rows: list[int] = field(default_factory=list)
    body_rows: list[int] = field(default_factory=list)
    label_column: int = 1

    @property
    def is_statement(self) -> bool:
        return bool(self.heading_rows or self.body_rows)

    def fail(self, cell: str, message: str, source: str) -> InputError:
        return InputError(f"{self.sheet.at(cell)}: {message}", source)


@dataclass
class Built:
    statement: dict[str, Any]
    origins: dict[str, str]  # item path in the statement ("lines[3].values[1]") -> "Sheet 'BS' C14"
    issues: list[Issue]


def split(sheet: Sheet, source: str) -> Found:
    """The metadata block, heading rows and body rows of a sheet."""
    found = Found(sheet)
    columns = [c for cells in sheet.rows.values() for c in cells]
    found.label_column = min(columns, default=1)
    in_body = False
    for number in sorted(sheet.rows):
        cells = sheet.rows[number]
        first = cells.get(found.label_column)
        others = [c for col, c in sorted(cells.items()) if col > found.label_column]
        if not in_body and not found.heading_rows and _key_row(found, first, others, source):
            continue
        if in_body or (not others and found.heading_rows):
            in_body = True
            found.body_rows.append(number)
        elif not others:
            found.texts.append(first)  # type: ignore[arg-type]
        elif all(_heading_like(c) for c in others) and (first is None or _heading_label(first)):
            found.heading_rows.append(number)
        else:
            in_body = True
            found.body_rows.append(number)
    return found


def _key_row(found: Found, first: Cell | None, others: list[Cell], source: str) -> bool:
    if first is None or not isinstance(first.value, str):
        return False
    text = first.value
    key = headings.metadata_key(text)
    if key is None and ":" in text:
        name, _, rest = text.partition(":")
        key = headings.metadata_key(name)
        if key is not None and rest.strip() and not others:
            _set_key(found, key, rest.strip(), first.ref, source)
            return True
        return False
    if key is None:
        return False
    if not others:
        raise found.fail(first.ref, f"{text.strip()!r} has no value in the cell right of it", source)
    _set_key(found, key, others[0].value, others[0].ref, source)
    return True


def _set_key(found: Found, key: str, value: Any, ref: str, source: str) -> None:
    if key in found.keys and found.keys[key][0] != value:
        raise found.fail(ref, f"a second {key!r} ({value!r}), different from {found.keys[key][1]}", source)
    found.keys[key] = (value, found.sheet.at(ref))


def _heading_like(cell: Cell) -> bool:
    if isinstance(cell.value, date):
        return True
    if isinstance(cell.value, Decimal):
        return cell.value == cell.value.to_integral_value() and 1900 <= cell.value <= 2100 and cell.formula is None
    text = cell.value or ""
    return parse_amount(text) is None or bool(re.fullmatch(r"(?:19|20)\d{2}", text.strip()))


def _heading_label(cell: Cell) -> bool:
    """The label column of a heading row is empty, says "Label"/"Note", or states the unit."""
    text = cell.value if isinstance(cell.value, str) else ""
    return headings.role(text) is not None or headings.unit(text) is not None or not text.strip()


# -- the statement --------------------------------------------------------------------------------


def kind_of(found: Found) -> str:
    """The statement kind its ``Kind`` key, its title or the sheet's name says."""
    if "statement.kind" in found.keys:
        return str(found.keys["statement.kind"][0]).strip()
    for text in [_title_text(found), found.sheet.name]:
        if not text:
            continue
        hits = [(m.start(), kind.value) for kind, pattern in vocab.TITLE_KINDS if (m := pattern.search(text))]
        if hits:
            return min(hits)[1]
        if _SEGMENTS.search(text):
            return StatementKind.SEGMENTS.value
        named = _NAMED_KINDS.get(text.strip().lower())
        if named:
            return named
    return StatementKind.OTHER.value


def _title_text(found: Found) -> str:
    title = next((c for c in found.texts if _is_title(c)), None)
    return str(title.value).strip() if title else ""


def _is_title(cell: Cell) -> bool:
    return headings.unit(str(cell.value)) is None


def captions(found: Found) -> list[tuple[str, str]]:
    """(text, cell) of the block's lines and the heading rows' label cells, for periods and units."""
    cells = list(found.texts) + [
        c for n in found.heading_rows if (c := found.sheet.rows[n].get(found.label_column)) is not None
    ]
    return [(str(c.value), found.sheet.at(c.ref)) for c in cells if isinstance(c.value, str)]


def units_in(found: Found) -> list[tuple[headings.Unit, str]]:
    """Units lines of the block and units cells of the heading rows ("in thousands of EUR")."""
    cells = list(found.texts) + [c for n in found.heading_rows for c in found.sheet.rows[n].values()]
    return [(u, found.sheet.at(c.ref)) for c in cells if isinstance(c.value, str) and (u := headings.unit(c.value))]


def months_in(found: Found) -> int | None:
    """The period length the sheet's title or headings state ("for the six months ended ...")."""
    texts = [t for t, _ in captions(found)] + [
        str(c.value) for n in found.heading_rows for c in found.sheet.rows[n].values() if isinstance(c.value, str)
    ]
    said = [m for t in texts if (m := headings.months_said(t)) is not None and m > 0]
    return said[0] if said else None


def build(found: Found, context: headings.Context, source: str) -> Built:
    sheet = found.sheet
    title_cell = next((c for c in found.texts if _is_title(c)), None)
    origins = {"": sheet.where or source, "title": sheet.at(title_cell.ref) if title_cell else sheet.where}
    for key, name in (("statement.kind", "kind"), ("statement.id", "id")):
        if key in found.keys:
            origins[name] = found.keys[key][1]
    issues: list[Issue] = []
    if kind_of(found) == StatementKind.OTHER.value and "statement.kind" not in found.keys:
        message = "neither the title nor the sheet's name tells the statement kind; read as 'other' (add a row 'Kind')"
        issues.append(
            Issue(Severity.WARNING, "statement-kind-unknown", message, f"{source}: {sheet.where}".rstrip(": "))
        )
    columns, roles = _columns(found, context, source, origins)
    lines = _lines(found, columns, roles, source, origins, issues, context.kind)
    statement = {
        "id": str(found.keys["statement.id"][0]).strip() if "statement.id" in found.keys else slug(sheet.name),
        "kind": kind_of(found),  # as written: the loader refuses an unknown kind, naming its cell
        "title": _title_text(found) or sheet.name,
        "columns": [c for c, _ in columns],
        "lines": lines,
    }
    _note_skipped(sheet, source, issues)
    return Built(statement, origins, issues)


def slug(text: str) -> str:
    """A sheet's name as a statement id (the default): "Balance sheet" -> "balance-sheet"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "statement"


def _note_skipped(sheet: Sheet, source: str, issues: list[Issue]) -> None:
    if sheet.skipped:
        issues.append(
            Issue(
                Severity.WARNING,
                "hidden-cells-skipped",
                f"hidden {', '.join(sheet.skipped)} not read (not printed)",
                f"{source}: {sheet.where}".rstrip(": "),
            )
        )


# -- columns ---------------------------------------------------------------------------------------


def _heading_cells(found: Found, column: int) -> list[Cell]:
    """The heading cells over a column, a merged heading counted over every column it spans."""
    cells = []
    for number in found.heading_rows:
        cell = found.sheet.rows[number].get(column) or found.sheet.spans.get((number, column))
        if cell is not None:
            cells.append(cell)
    return cells


def _columns(
    found: Found, context: headings.Context, source: str, origins: dict[str, str]
) -> tuple[list[tuple[dict[str, Any], int]], dict[int, str]]:
    """The value columns (document, sheet column) and the role of every other headed column."""
    used = sorted({c for n in found.heading_rows + found.body_rows for c in found.sheet.rows[n]} - {found.label_column})
    columns: list[tuple[dict[str, Any], int]] = []
    roles: dict[int, str] = {}
    for column in used:
        cells = _heading_cells(found, column)
        texts = [c for c in cells if headings.unit(_text(c)) is None]
        role = next((r for c in texts if (r := headings.role(_text(c)))), None)
        if role is not None:
            roles[column] = role
            continue
        if not texts:
            continue  # no heading: any value under it is an error when the lines are read
        document = _column(found, texts, context, source)
        origins[f"columns[{len(columns)}]"] = found.sheet.at(texts[0].ref)
        columns.append((document, column))
    if not columns:
        raise found.fail(
            f"row {found.heading_rows[0]}" if found.heading_rows else "A1",
            "no column heading names a period; expected e.g. '30 June 2020', 'Six months ended 30 September 2021' or 'FY2024'",
            source,
        )
    for index, (document, _) in enumerate(columns):
        document["id"] = _column_id(document, index, [d for d, _ in columns])
    return columns, roles


def _text(cell: Cell) -> str:
    if isinstance(cell.value, date):
        return f"{cell.value.day} {cell.value:%B} {cell.value.year}"
    return str(cell.value).strip() if cell.value is not None else ""


def _column(found: Found, cells: list[Cell], context: headings.Context, source: str) -> dict[str, Any]:
    joined = " ".join(_text(c) for c in cells)
    period = _period(cells[0], joined, context, found, source)
    member = None
    if period is None:
        parts = [
            (c, _period(c, c.value if isinstance(c.value, date) else _text(c), context, found, source)) for c in cells
        ]
        periods = [p for _, p in parts if p is not None]
        names = [_text(c) for c, p in parts if p is None]
        member = " ".join(names) or None
        period = periods[0] if periods else _caption_period(found, context, cells[0], source)
        heading = member or joined
    else:
        heading = joined
    document: dict[str, Any] = {"id": ""}
    if hasattr(period, "date"):
        document["instant"] = period.date.isoformat()
    else:
        document["start"], document["end"] = period.start.isoformat(), period.end.isoformat()
    document["heading"] = heading
    if member:
        document["member"] = member
    return document


def _period(cell: Cell, text: Any, context: headings.Context, found: Found, source: str) -> Period | None:
    try:
        return headings.period(text, context)
    except ValueError as err:
        raise found.fail(cell.ref, str(err), source) from None


def _caption_period(found: Found, context: headings.Context, cell: Cell, source: str) -> Period:
    """A 2-D statement's period from its title or a caption ("for the year ended 31 March 2021")."""
    for text, _ in captions(found):
        for piece in re.split(r"\b(?:for|in|during)\s+the\s+|\(|\)", text, flags=re.I):
            try:
                found_period = headings.period(piece.strip(), context)
            except ValueError:
                continue
            if found_period is not None:
                return found_period
    raise found.fail(
        cell.ref,
        f"{_text(cell)!r} heads a column but neither it nor a heading above it nor the title names a period",
        source,
    )


def _column_id(document: dict[str, Any], index: int, all_columns: list[dict[str, Any]]) -> str:
    base = slug(document.get("member") or document["heading"])
    clashes = sum(1 for d in all_columns[:index] if slug(d.get("member") or d["heading"]) == base)
    return base if not clashes else f"{base}-{clashes + 1}"


# -- lines ---------------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    label: Cell
    depth: int
    values: list[Decimal | None]
    formula_total: bool
    extras: dict[str, Any]  # note, concept, at


def _lines(
    found: Found,
    columns: list[tuple[dict[str, Any], int]],
    roles: dict[int, str],
    source: str,
    origins: dict[str, str],
    issues: list[Issue],
    kind: StatementKind,
) -> list[dict[str, Any]]:
    sheet = found.sheet
    value_columns = [c for _, c in columns]
    step = _space_step(found)
    rows = [r for n in found.body_rows if (r := _row(found, n, value_columns, roles, step, source)) is not None]
    if not rows:
        raise found.fail(f"row {(found.heading_rows or [1])[-1] + 1}", "no lines under the column headings", source)
    totals = _totals(rows)
    balances = _balances(rows, kind, sheet, source, issues)
    rounded = [c.ref for n in found.body_rows for col, c in sheet.rows[n].items() if col in value_columns and c.rounded]
    if rounded:
        issues.append(
            Issue(
                Severity.WARNING,
                "rounded-as-displayed",
                f"{len(rounded)} cells hold more decimals than their format shows; read as displayed ({', '.join(rounded[:5])}{', ...' if len(rounded) > 5 else ''})",
                f"{source}: {sheet.where}".rstrip(": "),
            )
        )
    lines = []
    for index, row in enumerate(rows):
        line: dict[str, Any] = {"label": str(row.label.value).strip(_SPACES + " ").strip()}
        if row.depth:
            line["depth"] = row.depth
        if totals[index]:
            line["total"] = True
        if any(v is not None for v in row.values):
            line["values"] = row.values
        for key in ("note", "concept"):
            if row.extras.get(key):
                line[key] = row.extras[key][0]
                origins[f"lines[{index}].{key}"] = sheet.at(row.extras[key][1])
        at = row.extras["at"][0] if "at" in row.extras else balances.get(index)
        if at and "values" in line:
            line["at"] = at
        origins[f"lines[{index}]"] = sheet.at(row.label.ref)
        for position, column in enumerate(value_columns):
            origins[f"lines[{index}].values[{position}]"] = sheet.at(f"{get_column_letter(column)}{row.number}")
        lines.append(line)
    return lines


def _space_step(found: Found) -> int:
    """Leading spaces per level: the fewest any indented label has."""
    counts = [
        len(text) - len(text.lstrip(_SPACES))
        for n in found.body_rows
        if isinstance(text := found.sheet.rows[n].get(found.label_column, Cell(0, 0, "")).value, str)
    ]
    return min((c for c in counts if c), default=1)


def _row(
    found: Found, number: int, value_columns: list[int], roles: dict[int, str], step: int, source: str
) -> _Row | None:
    sheet = found.sheet
    cells = sheet.rows[number]
    label = cells.get(found.label_column)
    values: list[Decimal | None] = []
    formula_total = False
    for column in value_columns:
        if (number, column) in sheet.merged and (number, column) in sheet.spans:
            raise found.fail(
                f"{get_column_letter(column)}{number}",
                f"a cell merged with others ({sheet.merged[(number, column)]}) where a value belongs; unmerge it",
                source,
            )
        cell = cells.get(column)
        values.append(None if cell is None else _amount(found, cell, source))
        if cell is not None and cell.formula:
            above = {r for r, c in references(cell.formula) if c == column and r < number}
            formula_total = formula_total or len(above) >= _MIN_COMPONENTS
    extras: dict[str, Any] = {}
    for column, cell in cells.items():
        if column in value_columns or column == found.label_column:
            continue
        role = roles.get(column)
        if role in ("note", "concept"):
            extras[role] = (_text(cell), cell.ref)
        elif role == "at":
            at = headings.AT_WORDS.get(_text(cell).lower())
            if at is None:
                raise found.fail(
                    cell.ref, f"expected start or end (opening or closing balance), got {_text(cell)!r}", source
                )
            extras["at"] = (at, cell.ref)
        elif role != "label":
            raise found.fail(
                cell.ref, f"a value in column {get_column_letter(column)}, which has no heading naming a period", source
            )
    if label is None or not str(label.value).strip(_SPACES):
        first = next(
            (f"{get_column_letter(c)}{number}" for c in value_columns if cells.get(c)),
            f"{get_column_letter(found.label_column)}{number}",
        )
        raise found.fail(
            first, f"a row of values without a label in column {get_column_letter(found.label_column)}", source
        )
    text = _text_of(label)
    spaces = len(text) - len(text.lstrip(_SPACES))
    return _Row(number, label, label.indent + spaces // step, values, formula_total, extras)


def _text_of(cell: Cell) -> str:
    return cell.value if isinstance(cell.value, str) else _text(cell)


def _amount(found: Found, cell: Cell, source: str) -> Decimal | None:
    if isinstance(cell.value, Decimal):
        return cell.value
    if isinstance(cell.value, date):
        raise found.fail(cell.ref, f"expected a number, got the date {cell.value.isoformat()}", source)
    text = str(cell.value).strip()
    amount = parse_amount(text)
    if amount is None or amount.lost_bracket:
        raise found.fail(cell.ref, f"expected a number, got {text!r}", source)
    return amount.value


def _totals(rows: list[_Row]) -> list[bool]:
    """Totals: rows whose formulas add up cells above, where the sheet has such formulas; else
    rows worded as totals or proven by arithmetic, as for text reports."""
    worded = [bool(vocab.TOTAL_WORDING.search(str(r.label.value).strip())) and any(r.values) for r in rows]
    if any(r.formula_total for r in rows):
        return [r.formula_total or w for r, w in zip(rows, worded, strict=True)]
    totals: list[bool] = []
    for index in range(len(rows)):
        totals.append(worded[index] or _proven(rows, totals, index))
    return totals


def _proven(rows: list[_Row], totals: list[bool], index: int) -> bool:
    if not any(rows[index].values):
        return False
    lines = tuple(
        Line(f"r{i}", str(r.label.value), r.depth, tuple(r.values), i == index or totals[i])
        for i, r in enumerate(rows[: index + 1])
    )
    # proven by exact sums over the header spans, as the text reader proves them: the layout's
    # spans alone (what the calculation linkbase states) would make every row a total
    found = infer_summations(Statement("trial", StatementKind.OTHER, "", (), lines), after_totals=False)
    return f"r{index}" in found.proven and len(found.children[f"r{index}"]) >= _MIN_COMPONENTS


def _balances(rows: list[_Row], kind: StatementKind, sheet: Sheet, source: str, issues: list[Issue]) -> dict[int, str]:
    """Opening and closing balances in duration columns, told as for text reports."""
    if kind not in (StatementKind.CASH_FLOWS, StatementKind.CHANGES_IN_EQUITY):
        return {}
    raw = [RawRow(str(r.label.value).strip(), tuple(r.values), r.number) for r in rows]
    where = [f"{source}: {sheet.at(r.label.ref)}" for r in rows]
    shapes, found = shape(raw, kind, sheet.name, where)
    issues.extend(found)
    return {i: s.at for i, s in enumerate(shapes) if s.at}
