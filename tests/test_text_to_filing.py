"""Text report → statements file → filing, with no hand editing, judged by Arelle."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS, arelle_facts

from xbrl_gen.build import build
from xbrl_gen.errors import InputError
from xbrl_gen.sources.structured import dumps
from xbrl_gen.sources.text_report import read_report

pytestmark = pytest.mark.arelle


EXPECTED_REVENUE = {
    "000": ("2020-04-01..2020-06-30", 50378505000),
    "001": ("2020-04-01..2020-06-30", 50378505000),
    "002": ("2020-04-01..2020-09-30", 101664990000),
}


_RETAINED = (("ifrs-full:ComponentsOfEquityAxis", "ifrs-full:RetainedEarningsMember"),)
_ATM = (("ifrs-full:SegmentsAxis", "ext:ATMOperationBusinessMember"),)  # the converter names the extension "ext"
_OPERATING_PROFIT = "ifrs-full:ProfitLossFromOperatingActivities"
EXPECTED_DIMENSIONAL = {  # the equity and segment grids, tagged on their axes
    "000": {
        ("ifrs-full:Equity", "2020-06-30", _RETAINED): 17260526000,
        (_OPERATING_PROFIT, "2020-04-01..2020-06-30", _ATM): 88603000,
    },
    "001": {  # its consolidated segment column is headed with the statement's title: the axis default
        ("ifrs-full:Equity", "2020-06-30", _RETAINED): 17260526000,
        (_OPERATING_PROFIT, "2020-04-01..2020-06-30", _ATM): 88603000,
    },
    "002": {
        ("ifrs-full:Equity", "2020-09-30", _RETAINED): 18914141000,
        (_OPERATING_PROFIT, "2019-04-01..2019-09-30", _ATM): 868951000,
    },
}


def _seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS} (../shared/seeds beside the checkout)")
    return found[0]


@pytest.mark.parametrize("seed", ["000", "001", "002"])
def test_seed_converts_and_builds_clean(seed: str, tmp_path: Path, packages: list[Path]) -> None:
    filing, _ = read_report(_seed(seed))
    statements = tmp_path / "statements.yaml"
    statements.write_text(dumps(filing), encoding="utf-8")
    result = build(statements, tmp_path / "out", packages)
    for report in result.reports:
        assert report.errors == [] and report.calculation_inconsistencies == [], report.summary()
    codes = [i.code for i in result.issues]
    assert "label-contradicts-arithmetic" not in codes  # the reader named the mislabelled totals
    facts = arelle_facts(result.instance, packages)
    assert {f.concept for f in facts if not f.dims} >= {"ifrs-full:ComprehensiveIncome", "ifrs-full:ProfitLoss"}
    revenue = {f.period: f.value for f in facts if f.concept == "ifrs-full:Revenue" and not f.dims}
    period, value = EXPECTED_REVENUE[seed]
    assert revenue[period] == value
    dimensional = {(f.concept, f.period, f.dims): f.value for f in facts if f.dims}
    members = {m for f in facts for _, m in f.dims}
    assert not [m for m in members if re.search(r"(?i)consolidated|condensed", m)]  # the default, not a member
    for key, expected in EXPECTED_DIMENSIONAL[seed].items():
        assert dimensional[key] == expected, key


def test_us_gaap_release_is_refused_then_forced_with_shares_and_positive_expenses(
    tmp_path: Path, packages: list[Path]
) -> None:
    """Seed 003 states U.S. GAAP: refused with the IFRS taxonomy, tagged when forced. Its share
    counts are in shares (decimals 0, not scaled by the thousands of yen), its costs printed
    unsigned are positive expenses, and the build is clean. Its cash-flow adjustments are worded
    like the profit-or-loss lines they reverse; the IFRS statement structure ranks the cash-flow
    concepts first."""
    filing, _ = read_report(_seed("003"))
    statements = tmp_path / "statements.yaml"
    statements.write_text(dumps(filing), encoding="utf-8")
    with pytest.raises(InputError, match="U.S. GAAP"):
        build(statements, tmp_path / "refused", packages)
    result = build(statements, tmp_path / "out", packages, force_taxonomy="ifrs")
    for report in result.reports:
        assert report.errors == [] and report.calculation_inconsistencies == [], report.summary()
    assert "forced-taxonomy" in [i.code for i in result.issues]
    read = arelle_facts(result.instance, packages)
    facts = {(f.concept, f.period): f for f in read if not f.dims}
    quarter = "2017-04-01..2017-06-30"
    # the segment note, printed with the segments as rows, gives segment revenue; the consolidated
    # row is the axis default, so it adds no dimensional fact
    segment_revenue = {f.value for f in read if f.concept == "ifrs-full:Revenue" and f.dims and f.period == quarter}
    assert segment_revenue == {40051731000, 1002992000, -90818000}
    tax = facts[("ifrs-full:IncomeTaxExpenseContinuingOperations", quarter)]
    assert (tax.unit, tax.decimals, tax.value) == ("JPY", "-3", 450641000)
    shares = [f for (concept, period), f in facts.items() if period == quarter and f.unit == "shares"]
    assert {f.value for f in shares} >= {45062838, 45202227}  # basic and diluted weighted average
    assert all(f.decimals == "0" for f in shares)
    assert not [c for c, _ in facts if c.startswith("ext:") and re.search(r"[A-Z]{5,}", c)]  # no ALL-CAPS names
    adjustments = [
        t.concept.qname
        for s in result.mapped.statements
        if s.statement.kind.value == "cash-flows"
        for t in s.lines
        if t.concept and "foreign exchange" in t.line.label.lower()
    ]
    assert adjustments and all(not q.endswith("NetForeignExchangeGain") for q in adjustments)
