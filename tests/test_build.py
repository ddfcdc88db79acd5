"""End to end: example statements → instance + extension taxonomy, judged and read back by Arelle."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, ReadFact, arelle_facts

from xbrl_gen.sources import read_statements

pytestmark = pytest.mark.arelle


def _facts(built, packages, example="iij-2020-q1") -> list[ReadFact]:  # type: ignore[no-untyped-def]
    return arelle_facts(built[example].instance, packages)


@pytest.mark.parametrize("example", ["iij-2020-q1", "iij-2020-h1"])
def test_examples_validate_clean(built, example: str) -> None:  # type: ignore[no-untyped-def]
    (report,) = [r for r in built[example].reports if r.entry.suffix == ".xbrl"]
    assert report.errors == [], report.errors
    assert report.calculation_inconsistencies == []
    assert report.fact_count > 200


@pytest.mark.parametrize(
    ("concept", "period", "unit", "decimals", "value"),
    [
        ("ifrs-full:Revenue", "2020-04-01..2020-06-30", "JPY", "-3", "50378505000"),
        ("ifrs-full:Assets", "2020-06-30", "JPY", "-3", "205348880000"),
        ("ifrs-full:CostOfSales", "2020-04-01..2020-06-30", "JPY", "-3", "42265448000"),
        ("ifrs-full:BasicEarningsLossPerShare", "2020-04-01..2020-06-30", "JPY/shares", "2", "24.76"),
        ("ifrs-full:DilutedEarningsLossPerShare", "2019-04-01..2019-06-30", "JPY/shares", "2", "17.15"),
        ("ifrs-full:CashAndCashEquivalents", "2020-06-30", "JPY", "-3", "38892573000"),
        ("ifrs-full:CashAndCashEquivalents", "2019-03-31", "JPY", "-3", "31957789000"),
        ("ifrs-full:TreasuryShares", "2020-03-31", "JPY", "-3", "1896921000"),
        ("ifrs-full:IncomeTaxExpenseContinuingOperations", "2020-04-01..2020-06-30", "JPY", "-3", "572192000"),
        (
            "ifrs-full:OtherComprehensiveIncomeNetOfTaxExchangeDifferencesOnTranslation",
            "2020-04-01..2020-06-30",
            "JPY",
            "-3",
            "-25465000",
        ),
        (
            "ifrs-full:PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities",
            "2020-04-01..2020-06-30",
            "JPY",
            "-3",
            "1407413000",
        ),
        (
            "ifrs-full:ProceedsFromSalesOfIntangibleAssetsClassifiedAsInvestingActivities",
            "2020-04-01..2020-06-30",
            "JPY",
            "-3",
            "0",
        ),
        ("ifrs-full:CurrentPrepayments", "2020-06-30", "JPY", "-3", "12714203000"),
        ("ifrs-full:NoncurrentPrepayments", "2020-06-30", "JPY", "-3", "7886858000"),
        ("iij:RevenueFromATMOperationBusiness", "2020-04-01..2020-06-30", "JPY", "-3", "569611000"),
        ("iij:CostOfNetworkServices", "2020-04-01..2020-06-30", "JPY", "-3", "24943344000"),
        # printed in parentheses, debit or outflow concepts: stored positive
        ("ifrs-full:FinanceCosts", "2020-04-01..2020-06-30", "JPY", "-3", "153867000"),
        ("ifrs-full:DividendsPaidClassifiedAsFinancingActivities", "2020-04-01..2020-06-30", "JPY", "-3", "608629000"),
    ],
)
def test_facts_read_back(built, packages, concept, period, unit, decimals, value) -> None:  # type: ignore[no-untyped-def]
    facts = [f for f in _facts(built, packages) if f.concept == concept and f.period == period and not f.dims]
    assert len(facts) == 1, facts
    assert (facts[0].unit, facts[0].decimals, facts[0].value) == (unit, decimals, Decimal(value))


def test_every_line_is_one_fact_per_column(built, packages) -> None:  # type: ignore[no-untyped-def]
    """Each value cell of the example, equity and segment grids included, is exactly one fact in
    the instance, with its value and the column's dimension."""
    read = {(f.concept, f.period, f.dims): f for f in _facts(built, packages)}
    assert len(read) == len(_facts(built, packages)), "two facts share concept, period and dimensions"
    mapped = built["iij-2020-q1"].mapped
    cells = 0
    for statement in mapped.statements:
        for tagged in statement.lines:
            for index, (column, value) in enumerate(zip(statement.statement.columns, tagged.line.values)):
                if value is None:
                    continue
                cells += 1
                period = tagged.line.period_in(column)
                key = period.date.isoformat() if hasattr(period, "date") else f"{period.start}..{period.end}"
                fact = read[(tagged.concept.qname, key, statement.column_dims(index))]
                # the magnitude from the source; signs are pinned from the source in test_facts_read_back
                scale = 10**3 if fact.unit == "JPY" else 1
                assert abs(fact.value) == abs(value) * scale, tagged.line.where
    assert cells == sum(
        1
        for s in read_statements(EXAMPLES / "iij-2020-q1").statements
        for line in s.lines
        for v in line.values
        if v is not None
    )


def test_extension_concepts_declared_with_balance_and_period(built) -> None:  # type: ignore[no-untyped-def]
    schema = (built["iij-2020-q1"].instance.with_suffix(".xsd")).read_text()
    assert 'name="CostOfNetworkServices"' in schema
    extensions = built["iij-2020-q1"].mapped.extensions
    cost = extensions["iij:CostOfNetworkServices"]
    assert (cost.balance.value, cost.period_type.value) == ("debit", "duration")
    assert extensions["iij:RevenueFromNetworkServices"].period_type.value == "duration"


def test_calculation_inconsistency_is_reported(built, packages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Proof that the calculation linkbase is live: a tampered total is caught by Arelle."""
    from xbrl_gen.validate import validate

    out = built["iij-2020-q1"].instance.parent
    tampered = out / "tampered.xbrl"
    tampered.write_text(out.joinpath("iij-2020-06-30.xbrl").read_text().replace(">1694231000<", ">1695231000<"))
    report = validate(tampered, packages)
    assert any("ProfitLossBeforeTax" in i.message for i in report.calculation_inconsistencies)


def _cli(*args: str, env_packages: list[Path]) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, XBRL_GEN_TAXONOMY_PACKAGES=os.pathsep.join(map(str, env_packages)))
    return subprocess.run(
        [sys.executable, "-m", "xbrl_gen.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "values: [38671734, 38892573]",
            "values: [38671734, 3889x2573]",
            "statements[0].lines[2].values[1]: expected a number",
        ),
        (
            "{label: Total revenues,",
            "{label: Total revenues, concept: ifrs-full:NoSuchRevenue,",
            "unknown concept 'ifrs-full:NoSuchRevenue'",
        ),
        ("currency: JPY", "currency: yen", "currency: expected an ISO 4217 code"),
        ("  - id: cash-flows\n", "  - id: cash-flows\n    colour: blue\n", "unknown key"),
    ],
)
def test_broken_input_fails_with_one_line_and_no_output(
    tmp_path: Path, packages, old: str, new: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    text = (EXAMPLES / "iij-2020-q1" / "statements.yaml").read_text()
    assert old in text
    source = tmp_path / "broken.yaml"
    source.write_text(text.replace(old, new, 1))
    out = tmp_path / "out"
    result = _cli("build", str(source), "-o", str(out), env_packages=packages)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"xbrl-gen: error: {source}:") and expected in lines[0], lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_missing_taxonomy_package_is_a_clear_error(tmp_path: Path) -> None:
    result = _cli(
        "build", str(EXAMPLES / "iij-2020-q1"), "-o", str(tmp_path / "o"), env_packages=[tmp_path / "nope.zip"]
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"xbrl-gen: error: taxonomy package not found: {tmp_path / 'nope.zip'}"


def test_build_is_deterministic(built, packages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from xbrl_gen.build import build

    again = build(EXAMPLES / "iij-2020-q1", tmp_path, packages, check=False)
    first = built["iij-2020-q1"].instance.parent
    for path in again.files:
        assert path.read_bytes() == (first / path.name).read_bytes(), path.name


def test_scaling_keeps_every_digit_of_huge_amounts() -> None:
    """Thousands are scaled exactly, beyond Decimal's default 28 digits of precision."""
    from xbrl_gen.facts import _stored

    assert format(_stored(Decimal(10**40 + 123), 3, 1), "f") == str((10**40 + 123) * 1000)
    assert format(_stored(Decimal(10**40 + 123), 3, -1), "f") == str(-(10**40 + 123) * 1000)
    assert _stored(Decimal("123.4567"), 3, 1) == Decimal("123456.7")
