"""Equity and segment grids as XBRL dimensions, read back through Arelle."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import arelle_facts, arelle_model

from xbrl_gen.errors import MappingError
from xbrl_gen.mapping.dimensions import _member, axis_specs, dimension_for
from xbrl_gen.model import Column, Duration, Extension, Line, Statement, StatementKind

EQUITY_AXIS = "ifrs-full:ComponentsOfEquityAxis"
SEGMENTS_AXIS = "ifrs-full:SegmentsAxis"
CONSOLIDATION_AXIS = "ifrs-full:SegmentConsolidationItemsAxis"
RECONCILING = ((CONSOLIDATION_AXIS, "ifrs-full:MaterialReconcilingItemsMember"),)
Q1 = "2020-04-01..2020-06-30"
TOTAL = "ifrs-full:EntitysTotalForSegmentConsolidationItemsMember"
MATERIAL = "ifrs-full:MaterialReconcilingItemsMember"


@pytest.mark.parametrize(
    ("heading", "member", "tree"),
    [
        ("Adjustments", MATERIAL, ((TOTAL, MATERIAL),)),
        ("Reconciling items", MATERIAL, ((TOTAL, MATERIAL),)),
        ("Intersegment eliminations", "ifrs-full:EliminationOfIntersegmentAmountsMember", None),
        ("Eliminations", "ifrs-full:EliminationOfIntersegmentAmountsMember", None),
        ("Unallocated amounts", "ifrs-full:UnallocatedAmountsMember", None),
    ],
)
def test_a_reconciling_column_is_a_member_of_the_second_axis(
    heading: str, member: str, tree: tuple[tuple[str, str], ...] | None
) -> None:
    """Reconciling columns sit where the IFRS 8 table (role 871100) puts them, under
    EntitysTotalForSegmentConsolidationItemsMember; the segments stay on SegmentsAxis."""
    quarter = Duration(date(2020, 4, 1), date(2020, 6, 30))
    headings = ("Retail", heading, "Consolidated")
    columns = tuple(Column(h.lower(), quarter, h, member=h) for h in headings)
    line = Line("revenue", "Revenue", 0, (None, None, None))
    statement = Statement("segments", StatementKind.SEGMENTS, "Segments", columns, (line,), "s.yaml:7")
    dimension, _, _ = dimension_for(statement, axis_specs()[StatementKind.SEGMENTS], Extension("exh", "http://e.org"))
    segments, consolidation = dimension.axes
    assert (segments.name, consolidation.name, consolidation.domain) == (SEGMENTS_AXIS, CONSOLIDATION_AXIS, TOTAL)
    assert consolidation.tree == (tree or ((TOTAL, MATERIAL), (MATERIAL, member)))
    reportable = "ifrs-full:ReportableSegmentsMember"
    assert segments.tree == (("ifrs-full:SegmentsMember", reportable), (reportable, "exh:RetailMember"))
    assert [dimension.dims(i) for i in range(3)] == [
        ((SEGMENTS_AXIS, "exh:RetailMember"),),
        ((CONSOLIDATION_AXIS, member),),
        (),
    ]


def test_a_member_on_another_axis_needs_its_domain() -> None:
    rule = {"member": MATERIAL, "parent": TOTAL, "axis": CONSOLIDATION_AXIS, "wordings": ["adjustments"]}
    with pytest.raises(MappingError, match="needs both 'axis' and 'domain'"):
        _member(rule, "dimensions/x.yaml: axes[1]: members[2]")


@pytest.fixture(scope="module")
def q1_facts(built, packages):  # type: ignore[no-untyped-def]
    return arelle_facts(built["iij-2020-q1"].instance, packages)


@pytest.mark.parametrize(
    ("concept", "period", "dims", "value"),
    [
        ("ifrs-full:Equity", "2020-06-30", ((EQUITY_AXIS, "ifrs-full:RetainedEarningsMember"),), "17260526000"),
        ("ifrs-full:Equity", "2020-03-31", ((EQUITY_AXIS, "ifrs-full:IssuedCapitalMember"),), "25530621000"),
        ("ifrs-full:Equity", "2020-06-30", ((EQUITY_AXIS, "ifrs-full:TreasurySharesMember"),), "-1896921000"),
        ("ifrs-full:Equity", "2020-06-30", ((EQUITY_AXIS, "ifrs-full:OtherReservesMember"),), "3556766000"),
        (
            "ifrs-full:Equity",
            "2020-06-30",
            ((EQUITY_AXIS, "ifrs-full:EquityAttributableToOwnersOfParentMember"),),
            "80736837000",
        ),
        ("ifrs-full:Equity", "2019-03-31", ((EQUITY_AXIS, "ifrs-full:NoncontrollingInterestsMember"),), "848172000"),
        # the total-equity column is the axis default: the same fact as the statement of financial position's
        ("ifrs-full:Equity", "2020-06-30", (), "81668259000"),
        ("ifrs-full:DividendsPaid", Q1, ((EQUITY_AXIS, "ifrs-full:NoncontrollingInterestsMember"),), "55832000"),
        ("ifrs-full:ProfitLoss", Q1, ((EQUITY_AXIS, "ifrs-full:RetainedEarningsMember"),), "1116313000"),
        (
            "ifrs-full:IncreaseDecreaseThroughSharebasedPaymentTransactions",
            Q1,
            ((EQUITY_AXIS, "ifrs-full:SharePremiumMember"),),
            "14450000",
        ),
        (
            "ifrs-full:ProfitLossFromOperatingActivities",
            Q1,
            ((SEGMENTS_AXIS, "iij:ATMOperationBusinessMember"),),
            "88603000",
        ),
        (
            "ifrs-full:ProfitLossFromOperatingActivities",
            Q1,
            RECONCILING,
            "-31911000",
        ),
        (
            "iij:IntersegmentRevenue",
            Q1,
            ((SEGMENTS_AXIS, "iij:NetworkServiceAndSystemsIntegrationBusinessMember"),),
            "48949000",
        ),
        (
            "iij:IntersegmentRevenue",
            Q1,
            RECONCILING,
            "-48949000",
        ),
        (
            "ifrs-full:Revenue",
            "2019-04-01..2019-06-30",
            ((SEGMENTS_AXIS, "iij:ATMOperationBusinessMember"),),
            "1040055000",
        ),
        # the consolidated column is the default: one fact with the statement of profit or loss
        ("ifrs-full:ProfitLossFromOperatingActivities", Q1, (), "2047229000"),
    ],
)
def test_dimensional_facts_read_back(
    q1_facts, concept: str, period: str, dims: tuple[tuple[str, str], ...], value: str
) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in q1_facts if (f.concept, f.period, f.dims) == (concept, period, dims)]
    assert len(found) == 1, found
    assert (found[0].unit, found[0].decimals, found[0].value) == ("JPY", "-3", Decimal(value))


def test_the_adjustments_column_is_on_the_consolidation_items_axis(q1_facts) -> None:  # type: ignore[no-untyped-def]
    """The segment table's "Adjustments" column reconciles the segments to the entity's total: the
    IFRS 8 table has its member on SegmentConsolidationItemsAxis, so its facts leave SegmentsAxis
    at its default (and ESMA's formula that revenue be positive exempts them)."""
    adjustments = [f for f in q1_facts if any(axis == CONSOLIDATION_AXIS for axis, _ in f.dims)]
    assert adjustments and all(f.dims == RECONCILING for f in adjustments)
    revenue = sorted((f.period, f.value) for f in adjustments if f.concept == "ifrs-full:Revenue")
    assert len(revenue) == 2 and all(value < 0 for _, value in revenue), revenue


@pytest.mark.parametrize("example", ["iij-2020-q1", "iij-2020-h1"])
def test_examples_with_grids_validate_clean(built, example: str) -> None:  # type: ignore[no-untyped-def]
    result = built[example]
    assert not [i for i in result.issues if i.code == "grid-not-tagged"]
    kinds = [s.statement.kind.value for s in result.mapped.statements if s.dimension]
    assert kinds.count("changes-in-equity") == 2 and kinds.count("segments") == 2
    for report in result.reports:
        assert (report.errors, report.calculation_inconsistencies) == ([], []), report.summary()


def test_inline_report_carries_the_same_dimensional_facts(built, packages, q1_facts) -> None:  # type: ignore[no-untyped-def]
    inline = arelle_facts(built["iij-2020-q1"].inline, packages, inline=True)
    assert sorted(f for f in inline if f.dims) == sorted(f for f in q1_facts if f.dims)
    assert len([f for f in q1_facts if f.dims]) > 150


def test_dimension_validation_is_live(built, packages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A member outside the axis's domain makes the fact dimensionally invalid, and Arelle says so."""
    from xbrl_gen.validate import validate

    out = built["iij-2020-q1"].instance.parent
    tampered = out / "tampered-dimension.xbrl"
    text = out.joinpath("iij-2020-06-30.xbrl").read_text()
    assert ">ifrs-full:RetainedEarningsMember<" in text
    tampered.write_text(text.replace(">ifrs-full:RetainedEarningsMember<", ">ifrs-full:SegmentsMember<"))
    report = validate(tampered, packages)
    assert any(i.code.startswith("xbrldie:") for i in report.errors), report.summary()


@pytest.fixture(scope="module")
def dts(built, packages) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    with arelle_model(built["iij-2020-q1"].instance, packages) as model:
        yield model


def _pairs(model: Any, arcrole: str, role: str | None = None) -> set[tuple[str, str]]:
    return {
        (str(r.fromModelObject.qname), str(r.toModelObject.qname))
        for r in model.relationshipSet(arcrole, role).modelRelationships
    }


def test_definition_linkbase_declares_each_hypercube(dts) -> None:  # type: ignore[no-untyped-def]
    xdt = "http://xbrl.org/int/dim/arcrole/"
    assert ("ifrs-full:StatementOfChangesInEquityLineItems", "ifrs-full:StatementOfChangesInEquityTable") in _pairs(
        dts, xdt + "all"
    )
    assert (
        "ifrs-full:DisclosureOfOperatingSegmentsLineItems",
        "ifrs-full:DisclosureOfOperatingSegmentsTable",
    ) in _pairs(dts, xdt + "all")
    assert _pairs(dts, xdt + "dimension-default") == {
        (EQUITY_AXIS, "ifrs-full:EquityMember"),
        (SEGMENTS_AXIS, "ifrs-full:SegmentsMember"),
        (CONSOLIDATION_AXIS, "ifrs-full:EntitysTotalForSegmentConsolidationItemsMember"),
    }
    segment_table = {a for t, a in _pairs(dts, xdt + "hypercube-dimension") if t.endswith("OperatingSegmentsTable")}
    assert segment_table == {SEGMENTS_AXIS, CONSOLIDATION_AXIS}
    members = _pairs(dts, xdt + "domain-member")
    assert ("ifrs-full:EntitysTotalForSegmentConsolidationItemsMember", RECONCILING[0][1]) in members
    assert ("ifrs-full:EquityAttributableToOwnersOfParentMember", "ifrs-full:RetainedEarningsMember") in members
    assert ("ifrs-full:ReportableSegmentsMember", "iij:ATMOperationBusinessMember") in members
    assert ("ifrs-full:StatementOfChangesInEquityLineItems", "ifrs-full:DividendsPaid") in members


def test_company_members_have_their_heading_as_label(dts) -> None:  # type: ignore[no-untyped-def]
    member = next(c for c in dts.qnameConcepts.values() if str(c.qname) == "iij:ATMOperationBusinessMember")
    assert member.label() == "ATM operation business"
    assert member.isAbstract and member.type.name == "domainItemType"


def test_every_extension_concept_is_anchored(built, dts) -> None:  # type: ignore[no-untyped-def]
    anchors = dict(
        (narrow, wide) for wide, narrow in _pairs(dts, "http://www.esma.europa.eu/xbrl/esef/arcrole/wider-narrower")
    )
    assert set(anchors) == set(built["iij-2020-q1"].mapped.extensions)
    assert all(wide.startswith("ifrs-full:") for wide in anchors.values())
    assert anchors["iij:RevenueFromExternalCustomers"] == "ifrs-full:Revenue"
    assert anchors["iij:CostOfNetworkServices"] == "ifrs-full:CostOfSales"


def test_every_statement_has_its_calculations(built, dts) -> None:  # type: ignore[no-untyped-def]
    """Each statement's role states its sums, the 2-D ones included; the sums of a total in the
    two years' equity statements are one merged sum, so that neither year's is inconsistent."""
    summation = "http://www.xbrl.org/2003/arcrole/summation-item"
    for statement in built["iij-2020-q1"].mapped.statements:
        assert dts.relationshipSet(summation, statement.role_uri).modelRelationships, statement.role_uri
    roles = [
        s.role_uri for s in built["iij-2020-q1"].mapped.statements if s.statement.id.startswith("changes-in-equity")
    ]
    owners = [_pairs(dts, summation, role) for role in roles]
    assert owners[0] == owners[1] and ("ifrs-full:ComprehensiveIncome", "ifrs-full:ProfitLoss") in owners[0]
