"""Layout variants of the seed reports, made at test time: the next report may print its tables
so. Each variant must give the lines of the original, or a warning naming the source line of
each line it does not give (or a skipped table covering it): nothing is lost in silence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from test_text_report import converted, line, seed, statement

from xbrl_gen.model import Column, Duration, Filing, Issue, Line, Statement, StatementKind
from xbrl_gen.sources.structured import slug
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.contents import statement_span
from xbrl_gen.sources.text.reconcile import across_tables
from xbrl_gen.sources.text_report import read_report


@dataclass
class Text:
    """The variant's lines and, for each, the line of the seed it comes from (None: new)."""

    lines: list[str]
    origin: list[int | None]

    def at(self, number: int) -> int:
        """Index in ``lines`` of the seed's line ``number``."""
        return self.origin.index(number)

    def insert(self, index: int, *new: str) -> None:
        self.lines[index:index] = list(new)
        self.origin[index:index] = [None] * len(new)


def _line_no(where: str) -> int:
    return int(where.rpartition(":")[2])


def _seed_text(prefix: str) -> Text:
    lines = seed(prefix).read_text(encoding="utf-8").split("\n")
    return Text(lines, list(range(1, len(lines) + 1)))


# -- the changes ------------------------------------------------------------------------------


def _title_line(text: Text, found: Statement) -> int:
    """Index of the statement's title: the nearest line above its header starting with it."""
    index = text.at(_line_no(found.where))
    return next(i for i in range(index, -1, -1) if text.lines[i].strip().startswith(found.title))


def title_removed(text: Text, found: Statement) -> None:
    """The title's words gone (a flat table keeps its header and rows on the line)."""
    index = _title_line(text, found)
    text.lines[index] = text.lines[index].replace(found.title, "", 1)


def header_removed(text: Text, found: Statement) -> None:
    """The dates over the columns lost (the units line stays)."""
    text.lines[text.at(_line_no(found.where))] = ""


def title_after_table(text: Text, found: Statement) -> None:
    title_line = _title_line(text, found)
    title = text.lines[title_line]
    text.lines[title_line] = ""
    last = text.at(statement_span(found).last)  # the last row's label; stacked amounts follow it
    amounts = [i for i in range(last, last + 8) if re.fullmatch(r"\(?[\d,.]+\)?|-", text.lines[i].strip())]
    text.insert(max([last, *amounts]) + 1, "", title)


def split_with_title_on_second_half(text: Text, found: Statement) -> None:
    """Assets, a page of prose, then the title and header again over liabilities and equity."""
    title_line = _title_line(text, found)
    header = [text.lines[i] for i in range(title_line, text.at(_line_no(found.where)) + 2)]
    liabilities = next(li for li in found.lines if li.label.lower().startswith("liabilities"))
    cut = text.at(_line_no(liabilities.where))
    text.lines[title_line] = ""
    prose = "The figures above are unaudited and were prepared for this quarterly report only."
    text.insert(cut, "", prose, "", *header)


def labels_upper_cased(text: Text, found: Statement) -> None:
    span = statement_span(found)
    for number in range(span.first, span.last + 1):
        index = text.at(number)
        label, sep, rest = text.lines[index].partition("\t")
        text.lines[index] = label.upper() + sep + rest


def total_cell_dropped(text: Text, found: Statement) -> None:
    total = next(li for li in found.lines if li.total and li.depth > 0)
    index = text.at(_line_no(total.where))
    cells = text.lines[index].split("\t")
    cells[-1] = ""
    text.lines[index] = "\t".join(cells)


def cells_merged(text: Text, found: Statement) -> None:
    """Two value cells of a row run together ("12,345 678")."""
    row = next(li for li in found.lines if sum(v is not None and v != 0 for v in li.values) >= 3)
    index = text.at(_line_no(row.where))
    cells = text.lines[index].split("\t")
    filled = [i for i, c in enumerate(cells) if i and re.search(r"\d", c)]
    first, second = filled[0], filled[1]
    cells[first : second + 1] = [f"{cells[first]} {cells[second]}", *cells[first + 1 : second]]
    text.lines[index] = "\t".join(cells)


def _split_heading(text: Text, found: Statement, column: int, cut: int) -> None:
    heading = found.columns[column].heading
    header = text.at(_line_no(found.where))
    index = next(i for i in range(header, header + 3) if f"\t{heading}\t" in text.lines[i])
    broken = f"\t{heading[:cut]}\t{heading[cut:]}\t"
    text.lines[index] = text.lines[index].replace(f"\t{heading}\t", broken, 1)


def header_word_split(text: Text, found: Statement) -> None:
    """A column heading broken across two cells between words ("Retained" | " earnings")."""
    _split_heading(text, found, 2, len("Retained"))


def header_word_split_mid_word(text: Text, found: Statement) -> None:
    """... and inside a word ("Share prem" | "ium")."""
    _split_heading(text, found, 1, len("Share prem"))


def headings_run_together(text: Text, found: Statement) -> None:
    """Two column headings in one cell ("Share premium Retained earnings")."""
    first, second = found.columns[1].heading, found.columns[2].heading
    header = text.at(_line_no(found.where))
    index = next(i for i in range(header, header + 3) if f"\t{first}\t{second}\t" in text.lines[i])
    text.lines[index] = text.lines[index].replace(f"\t{first}\t{second}\t", f"\t{first} {second}\t", 1)


def costs_unsigned(text: Text, found: Statement) -> None:
    """U.S. style: rows printed all in brackets lose them (the reader finds them by the sums)."""
    span = statement_span(found)
    for number in range(span.first, span.last + 1):
        index = text.at(number)
        cells = text.lines[index].split("\t")
        numbers = [c for c in cells[1:] if re.search(r"\d", c)]
        if numbers and all(re.fullmatch(r"\s*\([\d,]+\)\s*", c) for c in numbers):
            text.lines[index] = "\t".join(c.replace("(", "").replace(")", "") for c in cells)


def garbled_cell(text: Text, found: Statement) -> None:
    """A number where the row has a nil: the first "-" of the first row with one becomes 12,345."""
    row = next(li for li in found.lines if any(v == 0 for v in li.values) and li.label.startswith("Profit"))
    index = text.at(_line_no(row.where))
    text.lines[index] = text.lines[index].replace("\t-\t", "\t12,345\t", 1)


def _heading_replaced(text: Text, found: Statement, old: str, new: str) -> None:
    """A heading cell of the table's header printed otherwise."""
    header = text.at(_line_no(found.where))
    index = next(i for i in range(header, header + 3) if re.search(rf"\t{re.escape(old)}(\t|$)", text.lines[i]))
    text.lines[index] = re.sub(rf"\t{re.escape(old)}(?=\t|$)", f"\t{new}", text.lines[index], count=1)


def heading_garbled(text: Text, found: Statement) -> None:
    """One heading of one of two sibling tables garbled beyond rejoining ("Reta ined earn ings")."""
    _heading_replaced(text, found, "Retained earnings", "Reta ined earn ings")


def heading_lost(text: Text, found: Statement) -> None:
    _heading_replaced(text, found, "Other components of equity", "")


def segment_heading_garbled(text: Text, found: Statement) -> None:
    _heading_replaced(text, found, "ATM operation business", "ATM oper- ation bus")


def headings_shifted(text: Text, found: Statement) -> None:
    """Two headings printed over each other's columns."""
    _heading_replaced(text, found, "Share premium", "RETAINED")
    _heading_replaced(text, found, "Retained earnings", "Share premium")
    _heading_replaced(text, found, "RETAINED", "Retained earnings")


CHANGES: dict[str, tuple[str, str, Callable[[Text, Statement], None]]] = {
    "title removed": ("001", "comprehensive-income", title_removed),
    "header dates removed": ("001", "comprehensive-income", header_removed),
    "title after its table": ("001", "comprehensive-income", title_after_table),
    "statement split, title over the second half": ("001", "financial-position", split_with_title_on_second_half),
    "labels upper-cased": ("001", "financial-position", labels_upper_cased),
    "total cell dropped": ("001", "financial-position", total_cell_dropped),
    "two cells merged": ("001", "changes-in-equity-2020", cells_merged),
    "a garbled cell": ("001", "changes-in-equity-2020", garbled_cell),
    "two headings run together": ("001", "changes-in-equity-2019", headings_run_together),
    "header words split across cells": ("001", "changes-in-equity-2019", header_word_split),
    "header word split inside a word": ("001", "changes-in-equity-2020", header_word_split_mid_word),
    "title after its table (stacked)": ("003", "comprehensive-income", title_after_table),
    "title removed (stacked)": ("003", "comprehensive-income", title_removed),
    "title removed (flat)": ("000", "comprehensive-income", title_removed),
    "costs printed unsigned": ("001", "profit-or-loss", costs_unsigned),
    "a heading garbled in one of two sibling tables": ("001", "changes-in-equity-2019", heading_garbled),
    "a heading lost in one of two sibling tables": ("001", "changes-in-equity-2020", heading_lost),
    "a segment heading garbled in one of two sibling tables": ("001", "segments-2020", segment_heading_garbled),
    "headings shifted (the balance sheet puts them back)": ("001", "changes-in-equity-2020", headings_shifted),
}


# -- the judgement ----------------------------------------------------------------------------


def _covered(issues: list[Issue], variant_line: int) -> bool:
    for issue in issues:
        found = re.match(r"lines? (\d+)(?:-(\d+))?", issue.message)
        if issue.code == "skipped-table" and found:
            first, last = int(found[1]), int(found[2] or found[1])
            if first <= variant_line <= last:
                return True
        elif _line_no(issue.where) == variant_line:
            return True
    return False


def _key(found: Statement, li: Line) -> tuple[object, ...]:
    """A line as read: its statement's kind and column members, its label and values."""
    return (found.kind.value, tuple(c.member for c in found.columns), li.label.casefold(), li.values)


def _lines(filing: Filing) -> set[tuple[object, ...]]:
    return {_key(s, li) for s in filing.statements for li in s.lines}


def _read_variant(tmp_path: Path, name: str) -> tuple[Filing, Text, Filing, list[Issue]]:
    """The seed's own reading, the changed text, and the reading of the changed text."""
    prefix, statement_id, change = CHANGES[name]
    original, _ = converted(prefix)
    text = _seed_text(prefix)
    change(text, statement(prefix, statement_id))
    path = tmp_path / f"{prefix}-variant.txt"
    path.write_text("\n".join(text.lines), encoding="utf-8")
    filing, issues = read_report(path)
    return original, text, filing, issues


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_variant_gives_the_same_lines_or_warns_on_each(tmp_path: Path, name: str) -> None:
    original, text, filing, issues = _read_variant(tmp_path, name)
    found = _lines(filing)
    lost = [
        (li.label, li.where)
        for s in original.statements
        for li in s.lines
        if _key(s, li) not in found and not _covered(issues, text.at(_line_no(li.where)) + 1)
    ]
    assert lost == []


def test_first_half_of_a_split_statement_is_read_into_it(tmp_path: Path) -> None:
    """The issue's case: assets after pages of prose, the title printed over liabilities only."""
    text = _seed_text("001")
    original = statement("001", "financial-position")
    split_with_title_on_second_half(text, original)
    path = tmp_path / "split.txt"
    path.write_text("\n".join(text.lines), encoding="utf-8")
    filing, issues = read_report(path)
    (found,) = [s for s in filing.statements if s.kind is original.kind]
    assert [(li.label, li.values, li.total) for li in found.lines] == [
        (li.label, li.values, li.total) for li in original.lines
    ]
    assert any(i.code == "continued-table" and "first part" in i.message for i in issues)


# variants read back exactly: the reader mends them (and says so), no line is merely warned about
MENDED = [
    "two cells merged",
    "labels upper-cased",
    "header words split across cells",
    "header word split inside a word",
    "two headings run together",
    "statement split, title over the second half",
    "title removed",
    "title after its table",
    "title removed (stacked)",
    "title removed (flat)",
    "title after its table (stacked)",
    "costs printed unsigned",
    "a heading garbled in one of two sibling tables",
    "a heading lost in one of two sibling tables",
    "a segment heading garbled in one of two sibling tables",
    "headings shifted (the balance sheet puts them back)",
]


@pytest.mark.parametrize("name", MENDED)
def test_variant_is_read_back_exactly(tmp_path: Path, name: str) -> None:
    original, _, filing, _ = _read_variant(tmp_path, name)
    assert _lines(filing) == _lines(original)


def test_a_cell_the_sums_contradict_is_dropped_naming_line_and_column(tmp_path: Path) -> None:
    text = _seed_text("001")
    original = statement("001", "changes-in-equity-2020")
    garbled_cell(text, original)
    path = tmp_path / "garbled.txt"
    path.write_text("\n".join(text.lines), encoding="utf-8")
    filing, issues = read_report(path)
    found = next(s for s in filing.statements if s.id == original.id)
    profit = next(li for li in found.lines if li.label == "Profit (loss)")
    before = next(li for li in original.lines if li.label == "Profit (loss)")
    assert profit.values == (None, *before.values[1:])  # the rest of the row kept
    (dropped,) = [i for i in issues if i.code == "cell-dropped"]
    assert dropped.where == f"{path}:{_line_no(before.where)}" and "'Share capital'" in dropped.message


# -- labels checked against numbers ---------------------------------------------------------


def _printed_label(text: Text, li: Line) -> str:
    """The label as the line prints it: the first cell of a tabbed row, else the whole line."""
    return text.lines[text.at(_line_no(li.where))].split("\t")[0]


def total_relabelled_as_its_part(text: Text, found: Statement, total: str, part: str) -> None:
    """A total printed with the label of one of its own lines."""
    index = text.at(_line_no(line(found, total).where))
    printed = _printed_label(text, line(found, total))
    text.lines[index] = text.lines[index].replace(printed, _printed_label(text, line(found, part)), 1)


RELABELLED = [  # seed, statement, the total, the line whose label it gets, the caption its sum closes
    ("001", "financial-position", "Total Current Assets", "Cash and cash equivalents", "Current Assets"),
    ("001", "financial-position", "Total liabilities", "Borrowings", "Liabilities"),
    ("001", "profit-or-loss", "Operating Profit", "Other operating income", None),
    ("003", "financial-position", "Total current assets", "Inventories", "Current assets:"),
    ("003", "profit-or-loss", "Net income", "Equity in net income of equity method investees", None),
]


@pytest.mark.parametrize(("prefix", "statement_id", "total", "part", "caption"), RELABELLED)
def test_a_total_labelled_as_one_of_its_lines_is_read_as_the_total(
    tmp_path: Path, prefix: str, statement_id: str, total: str, part: str, caption: str | None
) -> None:
    original = statement(prefix, statement_id)
    text = _seed_text(prefix)
    total_relabelled_as_its_part(text, original, total, part)
    path = tmp_path / f"{prefix}-relabelled.txt"
    path.write_text("\n".join(text.lines), encoding="utf-8")
    filing, issues = read_report(path)
    found = next(s for s in filing.statements if s.id == original.id)
    position = original.lines.index(line(original, total))
    read, before = found.lines[position], original.lines[position]
    assert (read.values, read.total, read.depth) == (before.values, True, before.depth)
    assert vocab.name(read.label) != vocab.name(part)
    if caption is not None:
        assert vocab.name(read.label) == vocab.name(f"Total {caption.rstrip(':')}")
    where = f"{path}:{text.at(_line_no(before.where)) + 1}"
    _, seed_issues = converted(prefix)  # the seeds print mislabelled totals of their own
    relabelled = [i.where for i in issues if i.code == "total-relabelled"]
    assert where in relabelled and len(relabelled) == 1 + sum(i.code == "total-relabelled" for i in seed_issues)
    assert [li.label for li in found.lines if li is not read] == [li.label for li in original.lines if li is not before]


def test_a_closing_balance_the_balance_sheet_and_the_roll_forward_contradict_is_dropped(tmp_path: Path) -> None:
    text = _seed_text("001")
    original = statement("001", "changes-in-equity-2020")
    closing = next(li for li in original.lines if li.at == "end")
    index = text.at(_line_no(closing.where))
    text.lines[index] = text.lines[index].replace("17,260,526", "17,620,526", 1)
    path = tmp_path / "closing.txt"
    path.write_text("\n".join(text.lines), encoding="utf-8")
    filing, issues = read_report(path)
    found = next(s for s in filing.statements if s.id == original.id)
    read = next(li for li in found.lines if li.at == "end")
    column = [c.member for c in found.columns].index("Retained earnings")
    assert read.values == tuple(None if j == column else v for j, v in enumerate(closing.values))
    (dropped,) = [i for i in issues if i.code == "cell-dropped"]
    assert dropped.where == f"{path}:{index + 1}" and "'Retained earnings'" in dropped.message


def test_a_consolidated_amount_the_income_statement_does_not_print_is_reported(tmp_path: Path) -> None:
    """Segment operating profit one yen more in a segment and in the consolidated column: the
    row still adds up, but the income statement prints another operating profit."""
    text = _seed_text("001")
    original = statement("001", "segments-2019")
    row = line(original, "Segment operating profit")
    index = text.at(_line_no(row.where))
    text.lines[index] = text.lines[index].replace("999,397", "999,398").replace("1,380,959", "1,380,960")
    path = tmp_path / "segments.txt"
    path.write_text("\n".join(text.lines), encoding="utf-8")
    _, issues = read_report(path)
    (found,) = [i for i in issues if i.code == "consolidated-not-in-statements"]
    assert found.where == f"{path}:{index + 1}" and "1380960" in found.message


def _statement(kind: StatementKind, columns: list[Column], rows: dict[str, tuple[int, ...]]) -> Statement:
    lines = tuple(Line(slug(label), label, 0, tuple(Decimal(v) for v in values)) for label, values in rows.items())
    return Statement(kind.value, kind, kind.value, tuple(columns), lines, "report.txt:1")


def test_the_column_holding_the_income_statements_amounts_is_the_consolidated_one() -> None:
    """No sum proves it (two segments, no adjustments, a garbled heading): the amounts do."""
    period = Duration(date(2020, 4, 1), date(2020, 6, 30))
    segments = _statement(
        StatementKind.SEGMENTS,
        [Column(m.lower(), period, m, m) for m in ("North", "South", "Xq#")],
        {"Revenue": (60, 50, 105), "Operating profit": (6, 5, 10)},
    )
    income = _statement(StatementKind.PROFIT_OR_LOSS, [Column("p", period)], {"Revenue": (105,), "Profit": (10,)})
    found, issues = across_tables([segments, income], "")
    assert [c.member for c in found[0].columns] == ["North", "South", "Consolidated"]
    assert [i.code for i in issues] == ["consolidated-column"]


def _cells(values: Iterable[Decimal | None]) -> str:
    return "\t".join(f"{v:,}" if v is not None else "" for v in values)


def test_a_segment_table_with_the_segments_as_rows_is_turned_over(tmp_path: Path) -> None:
    """001's segment table of 2020 printed the other way round (segments as rows, measures as
    columns; the lines with segment amounts): read as the table printed the usual way."""
    text = _seed_text("001")
    original = statement("001", "segments-2020")
    kept = [li for li in original.lines if sum(v is not None for v in li.values) > 1]
    first, last = text.at(_line_no(original.where)) - 1, text.at(_line_no(original.lines[-1].where))
    rows = [f"{c.member}\t{_cells(li.values[j] for li in kept)}" for j, c in enumerate(original.columns)]
    units = "\t".join(["Thousands of yen"] * len(kept))
    text.lines[first : last + 1] = ["\t" + "\t".join(li.label for li in kept), f"\t{units}", *rows]
    path = tmp_path / "turned.txt"
    path.write_text("\n".join(text.lines), encoding="utf-8")
    filing, _ = read_report(path)
    found = next(s for s in filing.statements if s.id == original.id)
    assert [c.member for c in found.columns] == [c.member for c in original.columns]
    assert [(li.label, li.values) for li in found.lines] == [(li.label, li.values) for li in kept]
