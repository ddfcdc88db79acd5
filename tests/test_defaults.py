"""No silent defaults: whatever the input does not prove is said, with the place it comes from."""

from __future__ import annotations

import logging
import zipfile
from datetime import date
from pathlib import Path

import pytest

from xbrl_gen.build import map_statements
from xbrl_gen.errors import MappingError
from xbrl_gen.mapping.dimensions import axis_specs, dimension_for
from xbrl_gen.mapping.rules import entity_rule_sets
from xbrl_gen.model import Column, Duration, Extension, ItemType, Line, Severity, Statement, StatementKind
from xbrl_gen.sources.structured import loads
from xbrl_gen.sources.text_report import read_report
from xbrl_gen.taxonomy import _read_core

QUARTER = Duration(date(2020, 4, 1), date(2020, 6, 30))
EXTENSION = Extension("exh", "http://www.example.org/xbrl")

HEAD = """format: xbrl-gen/statements 1
title: Example
entity: {name: Example Holdings plc, identifier: "1234", scheme: "http://www.example.org/ids"}
period: {start: 2020-04-01, end: 2020-06-30}
currency: EUR
scale: 3
statements:
"""


def _segments(*headings: str) -> Statement:
    columns = tuple(Column(h.lower(), QUARTER, h, member=h) for h in headings)
    line = Line("revenue", "Revenue", 0, tuple(None for _ in headings))
    return Statement("segments", StatementKind.SEGMENTS, "Segment information", columns, (line,), "s.yaml:7")


def test_a_column_headed_by_the_consolidated_statement_is_the_axis_default() -> None:
    """Japanese segment notes head the consolidated column by the statement it agrees with."""
    statement = _segments("Retail", "Adjustments", "Amounts in the consolidated statements of profit or loss")
    dimension, _, _ = dimension_for(statement, axis_specs()[StatementKind.SEGMENTS], EXTENSION)
    assert dimension.members == ("exh:RetailMember", "ifrs-full:MaterialReconcilingItemsMember", None)


def test_an_unknown_heading_becomes_a_company_member_with_a_warning() -> None:
    statement = _segments("Retail banking", "Consolidated")
    dimension, members, issues = dimension_for(statement, axis_specs()[StatementKind.SEGMENTS], EXTENSION)
    assert dimension.members == ("exh:RetailBankingMember", None) and list(members) == ["exh:RetailBankingMember"]
    (issue,) = issues
    assert (issue.severity, issue.code, issue.where) == (Severity.WARNING, "company-member", "s.yaml:7")
    assert "column 'Retail banking' is no member" in issue.message and "exh:RetailBankingMember" in issue.message


def test_a_segment_the_companys_mapping_file_names_is_its_member_without_a_warning(tmp_path: Path) -> None:
    rules = tmp_path / "exh.yaml"
    rules.write_text(
        "entity: {identifier: '1234'}\nrules: []\nmembers:\n"
        "  - {kind: segments, member: RetailBankingSegmentMember, wordings: [retail banking], why: a reportable segment}\n",
        encoding="utf-8",
    )
    (rule_set,) = entity_rule_sets("1234", [rules])
    company = {w: m.name for m in rule_set.members for w in m.wordings}
    statement = _segments("Retail banking", "Wholesale", "Consolidated")
    dimension, members, issues = dimension_for(statement, axis_specs()[StatementKind.SEGMENTS], EXTENSION, company)
    assert dimension.members == ("exh:RetailBankingSegmentMember", "exh:WholesaleMember", None)
    assert set(members) == {"exh:RetailBankingSegmentMember", "exh:WholesaleMember"}
    assert [i.message.split("'")[1] for i in issues] == ["Wholesale"]  # only the heading no rule names


@pytest.mark.parametrize(
    ("member", "message"),
    [
        (
            "{kind: segments, member: Retail, wordings: [retail]}",
            "member: expected a local name ending in 'Member', got 'Retail'",
        ),
        ("{kind: nowhere, member: RetailMember, wordings: [retail]}", "unknown statement kind 'nowhere'"),
        ("{kind: segments, member: RetailMember, wordings: []}", "wordings: expected a list of column headings"),
        (
            "{kind: segments, member: RetailMember}",
            "expected {kind: statement kind, member: LocalNameMember, wordings: [...], why: ...}",
        ),
    ],
)
def test_a_bad_company_member_rule_is_refused_naming_it(tmp_path: Path, member: str, message: str) -> None:
    rules = tmp_path / "exh.yaml"
    rules.write_text(f"rules: []\nmembers:\n  - {member}\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"members\[0\]") as refused:
        entity_rule_sets("1234", [rules])
    assert refused.value.message == message


def test_a_grid_statement_without_an_axis_is_an_error(packages: list[Path]) -> None:
    text = (
        HEAD
        + """  - id: by-region
    kind: other
    title: Revenue by region
    columns:
      - {id: europe, start: 2020-04-01, end: 2020-06-30, heading: Europe, member: Europe}
      - {id: asia, start: 2020-04-01, end: 2020-06-30, heading: Asia, member: Asia}
    lines:
      - {label: Revenue, values: [10, 20]}
"""
    )
    mapped = map_statements(loads(text, "grid.yaml"), packages, [])
    (issue,) = [i for i in mapped.issues if i.code == "grid-not-tagged"]
    assert (issue.severity, issue.where) == (Severity.ERROR, "grid.yaml:8")
    assert mapped.statements == []


def test_a_report_without_a_unit_warns(tmp_path: Path) -> None:
    """No "Thousands of yen" anywhere: the amounts are read as units of no currency, and said so."""
    report = tmp_path / "report.txt"
    report.write_text(
        "Example Holdings plc (LSE: EXH)\n\n"
        "Consolidated Statement of Financial Position\n"
        "\tMarch 31, 2020\tJune 30, 2020\n"
        "Cash\t100\t120\n"
        "Total assets\t100\t120\n",
        encoding="utf-8",
    )
    filing, issues = read_report(report)
    (issue,) = [i for i in issues if i.code == "unit-not-found"]
    assert issue.where == f"{report}:1" and "currency XXX, scale 0" in issue.message
    assert (filing.currency, filing.scale) == ("XXX", 0)


def test_a_schema_element_without_a_period_type_is_not_a_concept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Every item declares its period type; an element that does not (a tuple) is left out, not
    taken for a duration."""
    schema = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xbrli="http://www.xbrl.org/2003/instance" '
        'targetNamespace="http://example.org/ifrs">'
        '<xs:element name="Revenue" id="ifrs-full_Revenue" type="xbrli:monetaryItemType" '
        'substitutionGroup="xbrli:item" xbrli:periodType="duration" xbrli:balance="credit"/>'
        '<xs:element name="SomeTuple" id="ifrs-full_SomeTuple" substitutionGroup="xbrli:tuple"/>'
        "</xs:schema>"
    )
    package = tmp_path / "p.zip"
    member = "p/full_ifrs/full_ifrs-cor_2099-01-01.xsd"
    with zipfile.ZipFile(package, "w") as zf:
        zf.writestr(member, schema)
        zf.writestr(
            "p/full_ifrs/labels/lab_full_ifrs-en_2099-01-01.xml",
            '<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase"/>',
        )
    with zipfile.ZipFile(package) as zf, caplog.at_level(logging.WARNING):
        taxonomy = _read_core(zf, member, "http://example.org/ifrs.xsd")
    assert list(taxonomy.concepts) == ["ifrs-full:Revenue"]
    assert "ifrs-full:SomeTuple has no xbrli:periodType" in caplog.text


def _report(tmp_path: Path, title: str, *rows: str) -> Path:
    report = tmp_path / "report.txt"
    report.write_text("\n".join(["Example Holdings plc (LSE: EXH)", "", title, *rows, ""]), encoding="utf-8")
    return report


def test_a_column_naming_no_period_length_is_read_as_a_year_with_a_warning(tmp_path: Path) -> None:
    report = _report(
        tmp_path,
        "Consolidated Statement of Profit or Loss",
        "\tJune 30, 2019\tJune 30, 2020",
        "Revenue\t100\t120",
        "Cost of sales\t(60)\t(70)",
        "Gross profit\t40\t50",
    )
    filing, issues = read_report(report)
    guessed = [i for i in issues if i.code == "period-guessed"]
    assert [i.where for i in guessed] == [f"{report}:4", f"{report}:4"]
    assert "column 'June 30, 2020' names no period length; read as 12 months" in guessed[1].message
    assert filing.period == Duration(date(2019, 7, 1), date(2020, 6, 30))


def test_balance_sheets_only_give_a_guessed_reporting_period_with_a_warning(tmp_path: Path) -> None:
    report = _report(
        tmp_path,
        "Consolidated Statement of Financial Position",
        "\tMarch 31, 2020\tJune 30, 2020",
        "Cash\t100\t120",
        "Total assets\t100\t120",
    )
    _, issues = read_report(report)
    (issue,) = [i for i in issues if i.code == "period-guessed"]
    assert issue.where == f"{report}:1"
    assert issue.message == "no column covers a period; the reporting period is taken as 12 months to 2020-06-30"


def test_a_column_with_no_heading_is_a_member_only_with_a_warning() -> None:
    """The text reader names a column it found no heading for "column N"; such a column is never
    tagged silently."""
    statement = _segments("Retail", "column 2", "Consolidated")
    _, members, issues = dimension_for(statement, axis_specs()[StatementKind.SEGMENTS], EXTENSION)
    assert "exh:Column2Member" in members
    assert [i.code for i in issues] == ["company-member", "company-member"]
    assert "column 'column 2' is no member" in issues[1].message


def test_a_heading_with_no_letters_or_digits_is_a_company_member_named_column() -> None:
    """A member's name is its heading in PascalCase; a heading of no letters or digits ("—") has
    none and is named "Column", and one starting with a digit gets that letter before it (an XML
    name cannot start with a digit)."""
    statement = _segments("—", "2021 acquisitions", "Consolidated")
    dimension, members, _ = dimension_for(statement, axis_specs()[StatementKind.SEGMENTS], EXTENSION)
    assert dimension.members == ("exh:ColumnMember", "exh:C2021AcquisitionsMember", None)
    assert list(members) == ["exh:ColumnMember", "exh:C2021AcquisitionsMember"]
    # a member is abstract (it reports no value) and labelled by its heading
    assert [(m.abstract, m.item_type, m.label) for m in members.values()] == [
        (True, ItemType.OTHER, "—"),
        (True, ItemType.OTHER, "2021 acquisitions"),
    ]


def test_the_statement_of_changes_in_equity_has_its_balance_and_anchor_concepts() -> None:
    """Its opening and closing lines are Equity; a company movement adding into no IFRS total is
    anchored under ChangesInEquity (the axis table, taxonomies/dimensions/ifrs-axes.yaml)."""
    spec = axis_specs()[StatementKind.CHANGES_IN_EQUITY]
    assert (spec.balance, spec.anchor) == ("ifrs-full:Equity", "ifrs-full:ChangesInEquity")


def test_two_columns_of_one_member_are_refused_at_the_statement() -> None:
    """Two columns tagged with one member would be one fact with two values."""
    with pytest.raises(MappingError) as refused:
        dimension_for(_segments("Retail", "Retail", "Consolidated"), axis_specs()[StatementKind.SEGMENTS], EXTENSION)
    assert refused.value.where == "s.yaml:7"
    assert refused.value.message == "columns 'Retail' and another one are both exh:RetailMember"
