"""Workbooks and CSV files as statements: each layout case in a workbook made here with openpyxl,
read into the model, and the IIJ example as a workbook building fact for fact the filing its
statements file builds."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")
from conftest import EXAMPLES, arelle_facts  # noqa: E402
from openpyxl.styles import Alignment  # noqa: E402

from xbrl_gen.errors import InputError  # noqa: E402
from xbrl_gen.model import Duration, Instant, StatementKind  # noqa: E402
from xbrl_gen.sources import read_statements, read_statements_and_issues  # noqa: E402
from xbrl_gen.sources.spreadsheet import read  # noqa: E402

FILING = [["Entity name", "Example SE"], ["LEI", "529900T8BM49AURSDO55"], ["Currency", "EUR"], ["Scale", 3]]
D = Decimal


def book(path: Path, sheets: dict[str, list[list[Any]]]) -> Any:
    """A workbook of the given rows per sheet (None = empty cell); returns it for more styling."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return wb


def save(wb: Any, path: Path) -> Path:
    wb.save(path)
    return path


def lines(path: Path, sheet: int = 0) -> list[tuple[str, int, tuple[Decimal | None, ...], bool]]:
    return [(line.label, line.depth, line.values, line.total) for line in read_statements(path).statements[sheet].lines]


def test_csv_with_metadata_block_leading_spaces_text_amounts(tmp_path: Path) -> None:
    path = tmp_path / "bs.csv"
    path.write_text(
        "Statement of financial position,,,\n"
        "Entity name,Example SE,,\n"
        "LEI,529900T8BM49AURSDO55,,\n"
        "Period,2024-01-01 to 2024-12-31,,\n"
        '"in thousands of EUR",,,\n'
        ",,,\n"
        ",Note,31 December 2024,31 December 2023\n"
        "Assets,,,\n"
        '  Cash,4,"1,200",900\n'
        "  Receivables,,300,-\n"
        '  Total assets,,"1,500",900\n'
        "Equity and liabilities,,,\n"
        '  Share capital,,"2,000","2,000"\n'
        '  Accumulated deficit,,(500),"(1,100)"\n'
        '  Total equity,,"1,500",900\n',
        encoding="utf-8",
    )
    filing = read_statements(path)
    (statement,) = filing.statements
    assert (filing.currency, filing.scale, filing.entity.scheme) == ("EUR", 3, "http://standards.iso.org/iso/17442")
    assert statement.kind is StatementKind.FINANCIAL_POSITION
    assert [c.period for c in statement.columns] == [Instant(date(2024, 12, 31)), Instant(date(2023, 12, 31))]
    assert [(l.label, l.depth, l.values, l.total, l.note) for l in statement.lines] == [
        ("Assets", 0, (None, None), False, None),
        ("Cash", 1, (D(1200), D(900)), False, "4"),
        ("Receivables", 1, (D(300), D(0)), False, None),
        ("Total assets", 1, (D(1500), D(900)), True, None),
        ("Equity and liabilities", 0, (None, None), False, None),
        ("Share capital", 1, (D(2000), D(2000)), False, None),
        ("Accumulated deficit", 1, (D(-500), D(-1100)), False, None),
        ("Total equity", 1, (D(1500), D(900)), True, None),
    ]
    # without the reporting period and with only instants, the filing has no period
    path.write_text("".join(line for line in path.read_text().splitlines(True) if not line.startswith("Period")))
    with pytest.raises(InputError, match="no column covers a period of time; add a row 'Period'"):
        read(path)


def test_cell_indent_date_cells_negative_formats_and_thousands_format(tmp_path: Path) -> None:
    wb = book(
        tmp_path / "b.xlsx",
        {
            "Filing": FILING + [["Period", "2024-01-01 to 2024-12-31"]],
            "BS": [
                ["Balance sheet"],
                [None, datetime(2024, 12, 31), datetime(2023, 12, 31)],
                ["Assets"],
                ["Cash", 1_234_567, 900_000],
                ["Provision", 5_000, 4_000],
                ["Per share", 24.6, 24.75],
            ],
        },
    )
    ws = wb["BS"]
    for row in (4, 5, 6):
        ws.cell(row, 1).alignment = Alignment(indent=2)
    ws["B4"].number_format = ws["C4"].number_format = "#,##0,"  # shows thousands: 1,235
    ws["B5"].number_format = ws["C5"].number_format = "(#,##0)"  # a positive number shown in parentheses
    ws["B6"].number_format = ws["C6"].number_format = "0.00"
    filing, issues = read_statements_and_issues(save(wb, tmp_path / "b.xlsx"))
    statement = filing.statements[0]
    assert [c.period for c in statement.columns] == [Instant(date(2024, 12, 31)), Instant(date(2023, 12, 31))]
    assert [(l.depth, l.values) for l in statement.lines[1:]] == [
        (2, (D(1235), D(900))),
        (2, (D(-5000), D(-4000))),
        (2, (D("24.60"), D("24.75"))),
    ]
    assert [i.code for i in issues] == ["rounded-as-displayed"] and "B4" in issues[0].message


def test_fiscal_years_period_phrases_and_arithmetic_totals(tmp_path: Path) -> None:
    path = tmp_path / "pl.xlsx"
    book(
        path,
        {
            "PL": [
                ["Entity name", "Example KK"],
                ["Identifier", "1234"],
                ["Scheme", "http://www.jpx.co.jp/"],
                ["Fiscal year end", "31 March"],
                ["Units", "JPY million"],
                [None, "FY2024", "FY2023"],
                ["Revenue", 1000, 900],
                ["Cost of sales", "(600)", "(500)"],
                ["Gross profit", 400, 400],
                ["Other income", 10, 0],
                ["Selling expenses", -100, -100],
                ["Operating profit", 310, 300],
            ],
            "H1": [
                [None, "Six months ended 30 September 2023", "Six months ended 30 September 2022"],
                ["Revenue", 500, 450],
            ],
        },
    )
    filing = read_statements(path)
    pl, h1 = filing.statements
    assert (filing.currency, filing.scale) == ("JPY", 6)
    assert pl.kind is StatementKind.PROFIT_OR_LOSS and h1.kind is StatementKind.OTHER
    assert [c.period for c in pl.columns] == [
        Duration(date(2023, 4, 1), date(2024, 3, 31)),
        Duration(date(2022, 4, 1), date(2023, 3, 31)),
    ]
    assert [c.period for c in h1.columns] == [
        Duration(date(2023, 4, 1), date(2023, 9, 30)),
        Duration(date(2022, 4, 1), date(2022, 9, 30)),
    ]
    assert filing.period == Duration(date(2023, 4, 1), date(2024, 3, 31))  # the latest-ending, longest duration
    assert [l.label for l in pl.lines if l.total] == ["Gross profit", "Operating profit"]


def _with_cached_values(path: Path, values: dict[str, str]) -> None:
    """Write Excel's saved formula results into a workbook openpyxl wrote (it saves none)."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = files[name].decode()
    for ref, value in values.items():
        xml = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?', rf"\1\2<v>{value}</v>", xml)
    files[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in files.items():
            archive.writestr(member, data)


def test_formulas_make_totals_and_their_saved_results_are_read(tmp_path: Path) -> None:
    rows = [
        ["Entity name", "Example SE"],
        ["LEI", "529900T8BM49AURSDO55"],
        ["in thousands of EUR"],
        [None, "2024", "2023"],
        ["Revenue", 100, 90],
        ["Expenses", -60, -50],
        ["Operating result", "=SUM(B6:B7)", "=C6+C7"],
        ["Total of nothing worded", 5, 5],
        ["Carried", "=B8", "=C8"],
    ]
    path = tmp_path / "f.xlsx"
    book(path, {"Sheet1": [["Fiscal year end", "31 December"], *rows]})
    statement = read_statements(path).statements[0]
    assert [(l.label, l.values, l.total) for l in statement.lines] == [
        ("Revenue", (D(100), D(90)), False),
        ("Expenses", (D(-60), D(-50)), False),
        ("Operating result", (D(40), D(40)), True),  # computed: openpyxl saved no result
        ("Total of nothing worded", (D(5), D(5)), True),  # worded as a total
        ("Carried", (D(40), D(40)), False),  # one cell carried, not a sum
    ]
    _with_cached_values(path, {"B8": "41"})  # Excel's saved result wins over our arithmetic
    assert read_statements(path).statements[0].lines[2].values == (D(41), D(40))


def test_two_dimensional_statement_merged_period_heading_and_period_from_title(tmp_path: Path) -> None:
    wb = book(
        tmp_path / "e.xlsx",
        {
            "Filing": FILING,
            "SOCE": [
                ["Statement of changes in equity"],
                [None, "Year ended 31 December 2024", None, None],
                [None, "Share capital", "Retained earnings", "Total equity"],
                ["Balance at 1 January 2024", 100, 50, 150],
                ["Profit", 0, 20, 20],
                ["Balance at 31 December 2024", 100, 70, 170],
            ],
            "Segments": [
                ["Segment information for the year ended 31 December 2024"],
                [None, "Europe", "Asia", "Group"],
                ["Revenue", 60, 40, 100],
            ],
        },
    )
    wb["SOCE"].merge_cells("B2:D2")
    wb["SOCE"].merge_cells("A1:D1")
    filing = read_statements(save(wb, tmp_path / "e.xlsx"))
    soce, segments = filing.statements
    year = Duration(date(2024, 1, 1), date(2024, 12, 31))
    assert soce.kind is StatementKind.CHANGES_IN_EQUITY and segments.kind is StatementKind.SEGMENTS
    assert [(c.member, c.period) for c in soce.columns] == [
        ("Share capital", year),
        ("Retained earnings", year),
        ("Total equity", year),
    ]
    assert [l.at for l in soce.lines] == ["start", None, "end"]
    assert [(c.member, c.period) for c in segments.columns] == [("Europe", year), ("Asia", year), ("Group", year)]


def test_hidden_rows_columns_and_sheets_are_skipped_and_reported(tmp_path: Path) -> None:
    wb = book(
        tmp_path / "h.xlsx",
        {
            "Filing": FILING + [["Period", "2024-01-01 to 2024-12-31"]],
            "BS": [
                ["Balance sheet"],
                [None, "Workings", "31 December 2024"],
                [None],
                ["Cash", "n/a", 10],
                ["Helper row", "x", "y"],
                [None],
                ["Inventories", None, 5],
            ],
            "Scratch": [["anything", "n/a"]],
        },
    )
    wb["BS"].column_dimensions["B"].hidden = True
    wb["BS"].row_dimensions[5].hidden = True
    wb["Scratch"].sheet_state = "hidden"
    filing, issues = read_statements_and_issues(save(wb, tmp_path / "h.xlsx"))
    assert [(l.label, l.values) for l in filing.statements[0].lines] == [("Cash", (D(10),)), ("Inventories", (D(5),))]
    messages = [str(i) for i in issues]
    assert any("hidden sheet 'Scratch'" in m for m in messages)
    assert any("Sheet 'BS'" in m and "row 5" in m and "column B" in m for m in messages)


def test_units_row_and_at_column(tmp_path: Path) -> None:
    path = tmp_path / "cf.xlsx"
    book(
        path,
        {
            "Filing": FILING + [["Period", "2024-01-01 to 2024-12-31"]],
            "Cash flows": [
                ["Statement of cash flows"],
                [None, "At", "Year ended 31 December 2024"],
                [None, None, "EUR'000"],
                ["Cash at 1 January", "start", 100],
                ["Net change in cash", None, 20],
                ["Cash at 31 December", "end", 120],
            ],
        },
    )
    filing = read_statements(path)
    assert [(l.label, l.at) for l in filing.statements[0].lines] == [
        ("Cash at 1 January", "start"),
        ("Net change in cash", None),
        ("Cash at 31 December", "end"),
    ]


@pytest.mark.parametrize(
    ("rows", "styling", "message"),
    [
        ([["Cash", "n/a"]], None, "Sheet 'BS' B7: expected a number, got 'n/a'"),
        ([["Cash", datetime(2024, 1, 1)]], None, "Sheet 'BS' B7: expected a number, got the date 2024-01-01"),
        ([[None, 5]], None, "Sheet 'BS' B7: a row of values without a label in column A"),
        ([["Cash", 1, 2]], None, "Sheet 'BS' C7: a value in column C, which has no heading naming a period"),
        ([["Cash", "=VLOOKUP(1,A1:B2,2)"]], None, "Sheet 'BS' B7: the formula =VLOOKUP(1,A1:B2,2) has no saved result"),
        ([["Cash", "=Z99999999"]], None, "Sheet 'BS' B7: the formula =Z99999999 has no saved result"),
        ([["Cash", 5], ["Bank", 6]], "merge", "Sheet 'BS' B8: a cell merged with others (A8:B8) where a value belongs"),
        ([["Cash", 5]], "kind", "Sheet 'BS' B3: expected one of financial-position"),
        ([["Cash", 5]], "scheme", "Sheet 'BS' B4: expected an absolute URI, got 'example'"),
    ],
)
def test_bad_workbooks_name_sheet_and_cell(
    tmp_path: Path, rows: list[list[Any]], styling: str | None, message: str
) -> None:
    top = [
        ["Entity name", "Example SE"],
        ["Identifier", "X1"],
        ["Kind", "balance" if styling == "kind" else "financial-position"],
        ["Scheme", "example" if styling == "scheme" else "http://example.com/id"],
        ["Period", "2024-01-01 to 2024-12-31"],
        ["in EUR", "31 December 2024"],  # a units phrase in the label column of the heading row
    ]
    wb = book(tmp_path / "bad.xlsx", {"BS": top + rows})
    if styling == "merge":
        wb["BS"].merge_cells("A8:B8")
    path = save(wb, tmp_path / "bad.xlsx")
    with pytest.raises(InputError) as caught:
        read(path)
    assert str(caught.value).startswith(f"{path}: {message}"), str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xlsx", b"", "not a readable .xlsx workbook"),
        ("junk.csv", b"\xff\xfe\x00junk", "expected UTF-8 text, found byte 0xff"),
        ("empty.csv", b"", "no sheet holds a statement"),
    ],
)
def test_empty_and_junk_files_are_refused_in_one_line(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(message)):
        read(path)


def test_a_long_chain_of_unsaved_formulas_is_refused_not_crashed(tmp_path: Path) -> None:
    rows = [
        ["Entity name", "Example SE"],
        ["LEI", "529900T8BM49AURSDO55"],
        ["in EUR"],
        [None, "2024-01-01 to 2024-12-31"],
        ["Line 5", 1],
    ]
    rows += [[f"Line {n}", f"=B{n + 1}+1"] for n in range(6, 4000)]  # each line needs the one below it
    with pytest.raises(InputError, match="Sheet 'S' B6: the formula =B7\\+1 depends on a chain of formulas too long"):
        read(save(book(tmp_path / "c.xlsx", {"S": rows}), tmp_path / "c.xlsx"))


def test_cli_converts_a_workbook_and_refuses_a_bad_one_with_one_line(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "Entity name,Example SE\nLEI,529900T8BM49AURSDO55\nin EUR\n,2024-01-01 to 2024-12-31\nRevenue,100\n"
    )
    out = tmp_path / "out" / "statements.yaml"
    run = _cli("convert-sheet", str(good), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert read_statements(out).statements[0].lines[0].values == (D(100),)
    bad = tmp_path / "bad.csv"
    bad.write_text("Entity name,Example SE\nLEI,529900T8BM49AURSDO55\nin EUR\n,2024-01-01 to 2024-12-31\nRevenue,n/a\n")
    run = _cli("convert-sheet", str(bad), "-o", str(tmp_path / "bad.yaml"))
    assert (run.returncode, run.stderr) == (2, f"xbrl-gen: error: {bad}: B5: expected a number, got 'n/a'\n")
    assert not (tmp_path / "bad.yaml").exists()
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    run = _cli("build", str(junk), "-o", str(tmp_path / "o"))
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "not a readable .xlsx workbook" in run.stderr
    assert not (tmp_path / "o").exists()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xbrl_gen.cli", *args], capture_output=True, text=True, timeout=120)


# -- the IIJ example as a workbook ------------------------------------------------------------------


@pytest.fixture(scope="module")
def iij_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template of the IIJ example: what `xbrl-gen template --xlsx` writes."""
    out = tmp_path_factory.mktemp("iij-book") / "iij.xlsx"
    run = _cli("template", "--xlsx", str(out))
    assert run.returncode == 0, run.stderr
    return out


@pytest.mark.parametrize("example", ["iij-2020-q1", "iij-2020-h1"])
def test_iij_workbooks_read_as_their_statements_files(iij_workbook: Path, example: str, tmp_path: Path) -> None:
    from xbrl_gen.workbook import write_template

    expected = read_statements(EXAMPLES / example)
    got = read_statements(iij_workbook if example == "iij-2020-q1" else write_template(expected, tmp_path / "h1.xlsx"))
    for field in ("entity", "extension", "period", "currency", "scale", "title", "language"):
        assert getattr(got, field) == getattr(expected, field)
    assert [(s.id, s.kind, s.title) for s in got.statements] == [(s.id, s.kind, s.title) for s in expected.statements]
    for ours, theirs in zip(got.statements, expected.statements, strict=True):
        assert [(c.period, c.member) for c in ours.columns] == [(c.period, c.member) for c in theirs.columns]
        keys = ("id", "label", "depth", "values", "total", "note", "concept", "at")
        assert [tuple(getattr(l, k) for k in keys) for l in ours.lines] == [
            tuple(getattr(l, k) for k in keys) for l in theirs.lines
        ]
    if example == "iij-2020-q1":  # the same statements give the same bytes
        assert write_template(expected, tmp_path / "again.xlsx").read_bytes() == iij_workbook.read_bytes()
    sheet = openpyxl.load_workbook(iij_workbook)["financial-position"]
    assert any(str(c.value).startswith("=SUM(") for row in sheet.iter_rows() for c in row)  # totals as formulas


@pytest.mark.arelle
def test_iij_workbook_builds_the_same_facts_with_no_errors(iij_workbook: Path, built, packages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from xbrl_gen.build import build

    result = build(iij_workbook, tmp_path / "out", packages)
    for report in result.reports:
        assert report.errors == [] and report.calculation_inconsistencies == [], report.summary()
    assert arelle_facts(result.instance, packages) == arelle_facts(built["iij-2020-q1"].instance, packages)


@pytest.mark.parametrize(
    ("stored", "number_format", "shown"),
    [
        (1234, "#,##0", "1234"),
        (1234, "(#,##0)", "-1234"),  # a positive number the format shows in parentheses
        (1234, '"("#,##0")"', "-1234"),  # the same with quoted brackets
        (-1234, "#,##0;(#,##0)", "-1234"),
        (-5, "#,##0;[Red]#,##0", "-5"),  # red, without a sign: still negative
        (5, "[Red][<0](#,##0);#,##0", "5"),  # sections by condition: no sign read from them
        (1234, '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)', "1234"),  # Excel's accounting format
        (0, '#,##0;(#,##0);"-"', "0"),
        (1234567, "#,##0,", "1235"),  # shown in thousands
        (24.6, "0.00", "24.60"),  # printed decimals kept
        (12.5, "General", "12.5"),
        (10**30, "0.00", "1000000000000000000000000000000.00"),  # beyond the default 28 digits of Decimal
    ],
)
def test_numbers_are_read_as_their_format_shows_them(stored: Any, number_format: str, shown: str) -> None:
    from xbrl_gen.sources.sheet.grid import displayed

    assert displayed(stored, number_format)[0] == Decimal(shown)
    assert str(displayed(stored, number_format)[0]) == shown


_LABELS = [
    "Revenue",
    "  Cost of sales",
    "    Other",
    "Total",
    "Net cash from operations",
    "Gross profit",
    "Balance at 1 January",
    "\u3000indented",
    "x" * 300,
    "Assets",
    "  Cash",
    "Kind",
    "Period",
    "Note",
]
_VALUES = ["1,234", "(1,234)", "-", "\u2014", "0", "12.50", "", "", "1234", "-5", "2024"]
_JUNK = [
    "n/a",
    "(12",
    "1e999",
    "FY2024",
    "31 December 2024",
    "in thousands of EUR",
    "start",
    "ifrs-full:Revenue",
    "\x85",
]


@pytest.mark.parametrize("seed", range(40))
def test_mutated_workbooks_are_read_or_refused_in_one_line(tmp_path: Path, seed: int) -> None:
    """Random grids of the words workbooks hold: a filing whose statements file reads back the
    same, or one InputError line; never another exception."""
    import csv
    import random

    rng = random.Random(seed)
    rows = [
        ["Entity name", "Example SE"],
        ["LEI", "529900T8BM49AURSDO55"],
        ["Currency", "EUR"],
        [None, "2024-01-01 to 2024-12-31"],
    ]
    rows += [
        [rng.choice(_LABELS), rng.choice(_JUNK if rng.random() < 0.08 else _VALUES)] for _ in range(rng.randint(1, 12))
    ]
    path = tmp_path / "m.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    try:
        filing, _ = read(path)
    except InputError as err:
        assert "\n" not in str(err) and str(err).startswith(str(path))
        return
    from xbrl_gen.sources.structured import dumps, loads

    again = loads(dumps(filing), "again.yaml")
    keys = ("id", "label", "depth", "values", "total", "note", "concept", "at")
    assert [[tuple(getattr(l, k) for k in keys) for l in s.lines] for s in again.statements] == [
        [tuple(getattr(l, k) for k in keys) for l in s.lines] for s in filing.statements
    ]


@pytest.mark.parametrize("seed", range(12))
def test_mutated_iij_workbooks_are_read_or_refused_in_one_line(iij_workbook: Path, tmp_path: Path, seed: int) -> None:
    """Cells overwritten with junk, emptied, rows hidden, deleted or merged: a filing or one line."""
    import random

    from openpyxl.cell.cell import MergedCell

    rng = random.Random(seed)
    wb = openpyxl.load_workbook(iij_workbook)
    junk = [
        "n/a",
        "(12",
        "1e999",
        "",
        "\u2014",
        "=A1",
        "=SUM(",
        "=Z99999999",
        "2024",
        "FY2024",
        "Total",
        "Kind",
        3.14159,
        10**30,
    ]
    for _ in range(rng.randint(1, 6)):
        ws = rng.choice(wb.worksheets)
        row, column = rng.randint(1, ws.max_row + 2), rng.randint(1, ws.max_column + 2)
        action = rng.random()
        if action < 0.6 and not isinstance(ws.cell(row, column), MergedCell):
            ws.cell(row, column, rng.choice(junk))
        elif action < 0.75:
            ws.row_dimensions[row].hidden = True
        elif action < 0.9:
            ws.delete_rows(row)
        elif not any(isinstance(ws.cell(row, c), MergedCell) for c in (column, column + 1)):
            ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + 1)
    path = save(wb, tmp_path / "mutated.xlsx")
    try:
        read(path)
    except InputError as err:
        assert "\n" not in str(err) and str(err).startswith(str(path))
