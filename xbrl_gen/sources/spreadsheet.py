"""Workbooks (.xlsx, .xlsm) and CSV files of statements, one sheet per statement.

Each sheet becomes one statement of a statements document (the mapping the YAML file holds),
and the document goes through ``structured.loads``, so a workbook is checked by the very rules a
statements file is, and ``xbrl-gen convert-sheet`` writes exactly the file the build reads. Every
error names the sheet and cell: ``book.xlsx: Sheet 'BS' C14: expected a number, got 'n/a'``.
The layout is documented in docs/spreadsheets.md.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from xbrl_gen.errors import InputError
from xbrl_gen.esef import DETAIL_KEYS
from xbrl_gen.model import Duration, Filing, Issue, Severity, StatementKind
from xbrl_gen.sources import structured
from xbrl_gen.sources.sheet import headings

SUFFIXES = (".xlsx", ".xlsm", ".csv")
_PATH = re.compile(r"^(?P<path>[\w$.\[\]-]+): (?P<rest>.*)$", re.S)
_FILING_KEYS = ("title", "language", "currency", "scale", "units")


def can_read(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read(path: Path) -> tuple[Filing, list[Issue]]:
    """The filing a workbook gives, and what was read the likely way or left out."""
    document, origins, issues = to_document(path)
    text = structured.dump_document(document)
    try:
        filing = structured.loads(text, str(path))
    except InputError as err:
        raise _located(err, origins, path) from None
    return _placed(filing, origins, path), issues


def to_document(path: Path) -> tuple[dict[str, Any], dict[str, str], list[Issue]]:
    """The statements document of a workbook, the cell of each item, and the reader's warnings."""
    try:
        from xbrl_gen.sources.sheet import grid, layout
    except ImportError:
        raise InputError("reading workbooks needs openpyxl: pip install 'xbrl-gen[xlsx]'", str(path)) from None
    source = str(path)
    sheets, hidden = grid.read_book(path)
    issues = [
        Issue(Severity.WARNING, "hidden-sheet-skipped", f"hidden sheet {name!r} not read", source) for name in hidden
    ]
    found = [layout.split(sheet, source) for sheet in sheets]
    keys = _merged_keys(found, source)
    statements = [f for f in found if f.is_statement and not _only_metadata(f)]
    for f in found:
        if f not in statements and not f.keys and f.sheet.rows:
            issues.append(
                Issue(
                    Severity.WARNING,
                    "sheet-skipped",
                    f"{f.sheet.where}: no column headings and no metadata keys; not read",
                    source,
                )
            )
    if not statements:
        raise InputError("no sheet holds a statement (a row of period headings over rows of values)", source)
    reporting = _reporting_period(keys, source)
    origins: dict[str, str] = {}
    documents = []
    for index, sheet_found in enumerate(statements):
        kind = _kind(layout.kind_of(sheet_found))
        months = layout.months_in(sheet_found) or (headings.months_between(reporting) if reporting else None)
        context = headings.Context(kind, months, _year_end(keys, reporting, source))
        built = layout.build(sheet_found, context, source)
        documents.append(built.statement)
        origins.update(
            {
                f"statements[{index}]{'.' if p and not p.startswith('[') else ''}{p}": cell
                for p, cell in built.origins.items()
            }
        )
        issues.extend(built.issues)
    units = [u for f in found for u in layout.units_in(f)]
    document = _filing_document(keys, units, documents, reporting, source, origins)
    return document, origins, issues


def _only_metadata(found: Any) -> bool:
    return not found.heading_rows and bool(found.keys)


def _kind(text: str) -> StatementKind:
    try:
        return StatementKind(text)
    except ValueError:
        return StatementKind.OTHER  # the loader refuses the written kind, naming its cell


def _merged_keys(found: list[Any], source: str) -> dict[str, tuple[Any, str]]:
    """Filing keys from every sheet: the same key twice must say the same."""
    keys: dict[str, tuple[Any, str]] = {}
    for f in found:
        for key, (value, cell) in f.keys.items():
            if key.startswith("statement."):
                continue
            if key in keys and _plain(keys[key][0]) != _plain(value):
                raise InputError(
                    f"{cell}: {key} {_plain(value)!r} differs from {_plain(keys[key][0])!r} in {keys[key][1]}", source
                )
            keys.setdefault(key, (value, cell))
    return keys


def _plain(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _reporting_period(keys: dict[str, tuple[Any, str]], source: str) -> Duration | None:
    if "period.start" in keys or "period.end" in keys:
        try:
            start, end = (_day(keys[k], source) for k in ("period.start", "period.end"))
        except KeyError as missing:
            raise InputError(f"'Period start' and 'Period end' go together; {missing} is missing", source) from None
        return Duration(start, end)
    if "period" not in keys:
        return None
    value, cell = keys["period"]
    context = headings.Context(StatementKind.PROFIT_OR_LOSS, None, None)
    try:
        found = headings.period(value if isinstance(value, date) else _plain(value), context)
    except ValueError:
        found = None
    if not isinstance(found, Duration):
        raise InputError(
            f"{cell}: expected a reporting period like '2024-01-01 to 2024-12-31' or 'Six months ended 30 June 2024', got {_plain(value)!r}",
            source,
        )
    return found


def _day(entry: tuple[Any, str], source: str) -> date:
    value, cell = entry
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_plain(value))
    except ValueError:
        raise InputError(f"{cell}: expected a date YYYY-MM-DD, got {_plain(value)!r}", source) from None


def _year_end(keys: dict[str, tuple[Any, str]], reporting: Duration | None, source: str) -> tuple[int, int] | None:
    if "fiscal-year-end" in keys:
        value, cell = keys["fiscal-year-end"]
        found = headings.year_end(value if isinstance(value, date) else _plain(value))
        if found is None:
            raise InputError(f"{cell}: expected a day like '31 March', got {_plain(value)!r}", source)
        return found
    if reporting is not None and headings.months_between(reporting) == 12:
        return reporting.end.month, reporting.end.day
    return None


def _filing_document(
    keys: dict[str, tuple[Any, str]],
    units: list[tuple[Any, str]],
    statements: list[dict[str, Any]],
    reporting: Duration | None,
    source: str,
    origins: dict[str, str],
) -> dict[str, Any]:
    def text(key: str, what: str) -> str:
        if key not in keys:
            raise InputError(
                f"no {what}: add a row '{what.capitalize()}' with it in the cell to the right (a 'Filing' sheet or above a statement)",
                source,
            )
        origins[key] = keys[key][1]
        return _plain(keys[key][0])

    name = text("entity.name", "entity name")
    lei = text("entity.lei", "LEI") if "entity.lei" in keys else None
    identifier = lei if lei is not None and "entity.identifier" not in keys else text("entity.identifier", "identifier")
    if "entity.scheme" in keys:
        scheme = text("entity.scheme", "scheme")
    elif re.fullmatch(r"[A-Z0-9]{18}[0-9]{2}", identifier):
        scheme = headings.LEI_SCHEME
    else:
        raise InputError("no identifier scheme: add a row 'Scheme' with the scheme's URI (an LEI needs none)", source)
    unit = _unit(keys, units, source, origins)
    document: dict[str, Any] = {
        "format": structured.FORMAT_TAG,
        "title": text("title", "title") if "title" in keys else "Financial statements",
        "entity": {"name": name, "identifier": identifier, "scheme": scheme}
        | ({"lei": lei} if lei is not None else {})
        | {key: text(f"entity.{key}", key.replace("-", " ")) for key in DETAIL_KEYS if f"entity.{key}" in keys},
    }
    if "extension.prefix" in keys or "extension.namespace" in keys:
        document["extension"] = {
            "prefix": text("extension.prefix", "extension prefix"),
            "namespace": text("extension.namespace", "extension namespace"),
        }
    period = reporting or _latest_duration(statements, source)
    origins["period"] = keys.get("period", keys.get("period.start", (None, source)))[1]
    document["period"] = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    document["currency"], document["scale"] = unit
    if "language" in keys:
        document["language"] = text("language", "language")
    document["statements"] = statements
    return document


def _unit(
    keys: dict[str, tuple[Any, str]], units: list[tuple[Any, str]], source: str, origins: dict[str, str]
) -> tuple[str, Any]:
    """Currency and scale: the 'Currency' and 'Scale' keys, else the units phrases (a 'Units' key,
    units lines and units cells of the sheets), which must all agree with each other and the keys."""
    if "units" in keys:
        said = headings.unit(_plain(keys["units"][0]), bare=True)
        if said is None:
            raise InputError(
                f"{keys['units'][1]}: expected units like 'in thousands of EUR', got {_plain(keys['units'][0])!r}",
                source,
            )
        units = [(said, keys["units"][1]), *units]
    currency = _plain(keys["currency"][0]) if "currency" in keys else (units[0][0].currency if units else None)
    scale: Any = _scale(keys["scale"]) if "scale" in keys else (units[0][0].scale if units else None)
    for unit, cell in units:
        if (unit.currency, unit.scale) != (currency, scale):
            said_by = "the Currency/Scale keys" if {"currency", "scale"} & keys.keys() else units[0][1]
            raise InputError(
                f"{cell}: units {unit.currency} 10^{unit.scale} differ from {currency} 10^{scale} ({said_by})", source
            )
    if currency is None:
        raise InputError(
            "no currency: add a row 'Currency' (e.g. EUR) or a units line like 'in thousands of EUR'", source
        )
    for key in ("currency", "scale", "units"):
        if key in keys:
            origins[key] = keys[key][1]
    return currency, scale if scale is not None else 0


def _scale(entry: tuple[Any, str]) -> Any:
    value = _plain(entry[0])
    words = {"units": 0, "ones": 0, "thousands": 3, "millions": 6, "billions": 9}
    if value.lower() in words:
        return words[value.lower()]
    if re.fullmatch(r"-?[0-9]{1,2}", value):
        return int(value)
    found = headings.unit(f"{value} of EUR")
    return found.scale if found else value  # the loader refuses what is not a scale, naming the cell


def _latest_duration(statements: list[dict[str, Any]], source: str) -> Duration:
    """The reporting period when no key gives it: the latest-ending duration column, the longest of
    those (a half-year's six months, not its second quarter)."""
    spans = [
        Duration(date.fromisoformat(c["start"]), date.fromisoformat(c["end"]))
        for s in statements
        for c in s["columns"]
        if "start" in c
    ]
    if not spans:
        raise InputError(
            "no column covers a period of time; add a row 'Period' (e.g. '2024-01-01 to 2024-12-31')", source
        )
    return max(spans, key=lambda d: (d.end, -d.start.toordinal()))


def _located(err: InputError, origins: dict[str, str], path: Path) -> InputError:
    """The loader's error, with the cell in place of the document path it names."""
    match = _PATH.match(err.message)
    if match is None:
        return InputError(err.message, str(path))
    item = match["path"]
    while item and item not in origins:
        shorter = re.sub(r"(?:\.[^.\[\]]+|\[\d+\])$", "", item)
        item = "" if shorter == item else shorter
    where = origins.get(item)
    return InputError(f"{where}: {match['rest']}" if where else f"{match['rest']} (at {match['path']})", str(path))


def _placed(filing: Filing, origins: dict[str, str], path: Path) -> Filing:
    """Lines and statements pointing at their cells, for the warnings of later steps."""
    statements = []
    for s_index, statement in enumerate(filing.statements):
        lines = tuple(
            replace(line, where=f"{path}: {origins.get(f'statements[{s_index}].lines[{l_index}]', '')}")
            for l_index, line in enumerate(statement.lines)
        )
        statements.append(replace(statement, lines=lines, where=f"{path}: {origins.get(f'statements[{s_index}]', '')}"))
    return replace(filing, statements=tuple(statements))
