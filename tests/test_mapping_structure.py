"""The mapping steps this layer added: statement structure read from the IFRS taxonomy package,
sections known from the subtotals that close them, wording variants and the synonym table,
extension names that never repeat a core concept's or another line's with other figures, and
statements in a language no package translates. Expected concepts come from the IFRS taxonomy
(its presentation and calculation of the standard statements) and the standards' wording."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_mapping import _filing, _filing_of, _statement

from xbrl_gen import yamlread
from xbrl_gen.errors import MappingError
from xbrl_gen.facts import derive_facts
from xbrl_gen.mapping.engine import map_filing
from xbrl_gen.mapping.extensions import ExtensionPick, Extensions
from xbrl_gen.mapping.rules import _parse, common_rule_sets
from xbrl_gen.mapping.structure import BY_NATURE, counterpart, expense_analysis, misplaced
from xbrl_gen.mapping.wording import variants
from xbrl_gen.model import Balance, Line, MappingChoice, PeriodType, StatementKind
from xbrl_gen.taxonomy import load_ifrs

FP, PL, OCI, CF = (
    StatementKind.FINANCIAL_POSITION,
    StatementKind.PROFIT_OR_LOSS,
    StatementKind.COMPREHENSIVE_INCOME,
    StatementKind.CASH_FLOWS,
)


def _concepts(packages: list[Path], kind: StatementKind, lines: list[Line], language: str = "en") -> dict[str, str]:
    filing = _filing_of(_statement(kind, lines))
    if language != "en":
        from dataclasses import replace

        filing = replace(filing, language=language)
    mapped = map_filing(filing, load_ifrs(packages), common_rule_sets())
    return {t.line.id: t.concept.qname for t in mapped.statements[0].lines if t.concept}


def test_statement_structure_is_read_from_the_package(packages: list[Path]) -> None:
    structure = load_ifrs(packages).structure
    assert {"310000", "320000"} <= structure.roles["ifrs-full:Revenue"]
    assert "210000" in structure.roles["ifrs-full:CurrentTaxLiabilitiesCurrent"]
    assert (
        structure.roles["ifrs-full:OtherExpenseByFunction"] >= {"310000"}
        and "320000" not in structure.roles["ifrs-full:OtherExpenseByFunction"]
    )
    assert "ifrs-full:ProfitLossBeforeTax" in structure.ancestors("ifrs-full:FinanceCosts")
    assert (
        "ifrs-full:IncomeTaxExpenseContinuingOperations"
        in structure.children["ifrs-full:ProfitLossFromContinuingOperations"]
    )
    # a line adding into profit before tax cannot be income tax, nor profit itself; finance costs can
    assert misplaced(structure, "ifrs-full:IncomeTaxExpenseContinuingOperations", "ifrs-full:ProfitLossBeforeTax")
    assert misplaced(structure, "ifrs-full:ProfitLoss", "ifrs-full:ProfitLossBeforeTax")
    assert not misplaced(structure, "ifrs-full:FinanceCosts", "ifrs-full:ProfitLossBeforeTax")


def test_expense_analysis_and_its_counterpart_come_from_the_taxonomy(packages: list[Path]) -> None:
    taxonomy = load_ifrs(packages)
    by_nature = ["ifrs-full:RawMaterialsAndConsumablesUsed", "ifrs-full:EmployeeBenefitsExpense", "ifrs-full:Revenue"]
    assert expense_analysis(taxonomy.structure, by_nature) == BY_NATURE
    assert expense_analysis(taxonomy.structure, ["ifrs-full:Revenue"]) is None
    found = counterpart(taxonomy, taxonomy.concepts["ifrs-full:OtherExpenseByFunction"], BY_NATURE)
    assert found is not None and found.qname == "ifrs-full:OtherExpenseByNature"


def test_a_statement_by_nature_gets_by_nature_other_expenses(packages: list[Path]) -> None:
    lines = [
        Line("rev", "Revenue", 0, (Decimal("1000"),)),
        Line("mat", "Raw materials and consumables used", 0, (Decimal("-400"),)),
        Line("staff", "Staff costs", 0, (Decimal("-300"),)),
        Line("other", "Other operating expenses", 0, (Decimal("-100"),)),
        Line("op", "Operating profit", 0, (Decimal("200"),), total=True),
    ]
    found = _concepts(packages, PL, lines)
    assert found["staff"] == "ifrs-full:EmployeeBenefitsExpense"
    assert found["other"] == "ifrs-full:OtherExpenseByNature"
    by_function = [
        Line("rev", "Revenue", 0, (Decimal("1000"),)),
        Line("cos", "Cost of sales", 0, (Decimal("-600"),)),
        Line("other", "Other operating expenses", 0, (Decimal("-100"),)),
    ]
    assert _concepts(packages, PL, by_function)["other"] == "ifrs-full:OtherExpenseByFunction"


def _balance_sheet_without_headers(current_first: bool) -> list[Line]:
    current = [
        Line("inv", "Inventories", 1, (Decimal("50"),)),
        Line("prep-c", "Prepaid expenses", 1, (Decimal("10"),)),
        Line("other-c", "Other assets", 1, (Decimal("5"),)),
        Line("tca", "Total current assets", 1, (Decimal("65"),), total=True),
    ]
    noncurrent = [
        Line("ppe", "Property, plant and equipment", 1, (Decimal("300"),)),
        Line("prep-n", "Prepaid expenses", 1, (Decimal("20"),)),
        Line("other-n", "Other assets", 1, (Decimal("7"),)),
        Line("tnca", "Total non-current assets", 1, (Decimal("327"),), total=True),
    ]
    body = current + noncurrent if current_first else noncurrent + current
    return [Line("assets", "Assets", 0, (None,)), *body, Line("ta", "Total assets", 0, (Decimal("392"),), total=True)]


@pytest.mark.parametrize("current_first", [True, False])
def test_sections_are_known_from_the_subtotals_that_close_them(packages: list[Path], current_first: bool) -> None:
    found = _concepts(packages, FP, _balance_sheet_without_headers(current_first))
    assert found["inv"] == "ifrs-full:Inventories"
    assert found["prep-c"] == "ifrs-full:CurrentPrepayments"
    assert found["prep-n"] == "ifrs-full:NoncurrentPrepayments"
    assert found["other-c"] == "ifrs-full:OtherCurrentNonfinancialAssets"
    assert found["other-n"] == "ifrs-full:OtherNoncurrentNonfinancialAssets"
    assert (found["tca"], found["tnca"], found["ta"]) == (
        "ifrs-full:CurrentAssets",
        "ifrs-full:NoncurrentAssets",
        "ifrs-full:Assets",
    )


def test_wording_variants() -> None:
    assert "cash and cash equivalents" in variants("Cash and cash equivalents at the beginning of the financial year")
    assert "increase decrease in cash and cash equivalents" in variants(
        "Net (decrease)/increase in cash and cash equivalents"
    )
    assert "increase decrease in trade receivables" in variants("Increase in trade receivables")
    assert "owners of the parent" in variants("Attributable to equity holders of the company")
    assert "cash flow hedges" in variants("Cash flow hedges, net of tax")
    assert variants("Revenue") == ("revenue",)


# Common English wordings of IAS 1 / IAS 7 line items and the concept the standards mean by them.
SYNONYMS = [
    (PL, (), "Staff costs", "-5", "ifrs-full:EmployeeBenefitsExpense"),
    (PL, (), "Turnover", "5", "ifrs-full:Revenue"),
    (PL, (), "Net result for the year", "5", "ifrs-full:ProfitLoss"),
    (PL, (), "Taxation", "-5", "ifrs-full:IncomeTaxExpenseContinuingOperations"),
    (PL, (), "Own work capitalised", "5", "ifrs-full:OtherWorkPerformedByEntityAndCapitalised"),
    (PL, (), "Net finance costs", "-5", "ifrs-full:FinanceIncomeCost"),
    (FP, ("Equity and liabilities", "Equity"), "Share capital", "5", "ifrs-full:IssuedCapital"),
    (FP, ("Equity and liabilities", "Equity"), "Subscribed capital", "5", "ifrs-full:IssuedCapital"),
    (FP, ("Assets", "Current assets"), "Stocks", "5", "ifrs-full:Inventories"),
    (FP, ("Assets", "Current assets"), "Debtors", "5", "ifrs-full:TradeAndOtherCurrentReceivables"),
    (FP, ("Liabilities", "Current liabilities"), "Creditors", "5", "ifrs-full:TradeAndOtherCurrentPayables"),
    (
        CF,
        ("Cash flows from operating activities",),
        "Receipts from customers",
        "5",
        "ifrs-full:ReceiptsFromSalesOfGoodsAndRenderingOfServices",
    ),
    (
        CF,
        ("Cash flows from operating activities",),
        "Payments to suppliers and employees",
        "-5",
        "ifrs-full:PaymentsToSuppliersForGoodsAndServicesAndToAndOnBehalfOfEmployees",
    ),
    (
        CF,
        ("Cash flows from operating activities",),
        "Increase in trade and other receivables",
        "-5",
        "ifrs-full:AdjustmentsForDecreaseIncreaseInTradeAndOtherReceivables",
    ),
    (
        CF,
        ("Cash flows from financing activities",),
        "Interest paid",
        "-5",
        "ifrs-full:InterestPaidClassifiedAsFinancingActivities",
    ),
    (
        OCI,
        ("Items that may be reclassified subsequently to profit or loss",),
        "Currency translation differences",
        "5",
        "ifrs-full:OtherComprehensiveIncomeNetOfTaxExchangeDifferencesOnTranslation",
    ),
]


@pytest.mark.parametrize(("kind", "headers", "label", "value", "concept"), SYNONYMS, ids=[s[2] for s in SYNONYMS])
def test_common_wordings_of_the_standards(
    packages: list[Path], kind: StatementKind, headers: tuple[str, ...], label: str, value: str, concept: str
) -> None:
    mapped = map_filing(_filing(kind, headers, label, value), load_ifrs(packages), common_rule_sets())
    (tagged,) = [t for t in mapped.statements[0].lines if t.line.id == "line"]
    assert tagged.concept is not None and tagged.concept.qname == concept


def test_an_extension_never_takes_a_core_concepts_name(packages: list[Path]) -> None:
    taxonomy = load_ifrs(packages)
    extensions = Extensions("ex", taxonomy.concepts)
    statement = _statement(
        StatementKind.CHANGES_IN_EQUITY, [Line("p", "Purchase of treasury shares", 0, (Decimal("-5"),))]
    )
    pick = ExtensionPick("PurchaseOfTreasuryShares", MappingChoice("common IFRS wordings"), PeriodType.DURATION)
    name = extensions.name(pick, Balance.DEBIT, statement, statement.lines[0], None)
    assert f"ifrs-full:{name}" not in taxonomy.concepts
    assert name.startswith("PurchaseOfTreasuryShares")


def test_untranslated_language_warns_and_never_fails_the_build(packages: list[Path]) -> None:
    """German statements with no German labels in the packages: one warning naming the language
    and the fix; the same wording in profit or loss and in comprehensive income, with other
    figures, gets two extension concepts, so the filing's facts derive."""
    pl = _statement(
        PL,
        [
            Line("rev", "Umsatzerlöse", 0, (Decimal("1000"),)),
            Line("profit", "Konzernergebnis", 0, (Decimal("100"),)),
            Line("owners", "davon Anteilseigner des Mutterunternehmens", 0, (Decimal("90"),)),
        ],
        "guv",
    )
    oci = _statement(
        OCI,
        [
            Line("profit", "Konzernergebnis", 0, (Decimal("100"),)),
            Line("fx", "Währungsumrechnungsdifferenzen", 0, (Decimal("-20"),)),
            Line("total", "Gesamtergebnis", 0, (Decimal("80"),), total=True),
            Line("owners", "davon Anteilseigner des Mutterunternehmens", 0, (Decimal("72"),)),
        ],
        "gesamtergebnis",
    )
    from dataclasses import replace

    filing = replace(_filing_of(pl, oci), language="de")
    mapped = map_filing(filing, load_ifrs(packages), common_rule_sets())
    warnings = [i for i in mapped.issues if i.code == "labels-not-in-taxonomy-language"]
    assert len(warnings) == 1 and "'de'" in warnings[0].message and "--taxonomy-package" in warnings[0].message
    owners = [next(t for t in s.lines if t.line.id == "owners").concept.qname for s in mapped.statements]  # type: ignore[union-attr]
    assert owners[0] != owners[1]
    facts, _ = derive_facts(mapped)
    assert len(facts) == 6  # "Konzernergebnis" is printed in both with one value: one fact


def test_share_counts_are_shares_not_money(packages: list[Path]) -> None:
    """A count of shares gets a shares concept (or a shares extension), never a monetary one."""
    lines = [
        Line("wa", "Weighted average number of shares outstanding", 0, (Decimal("1000000"),)),
        Line("trust", "Number of shares held by the employee share trust", 0, (Decimal("5000"),)),
        Line("rev", "Revenue", 0, (Decimal("1000"),)),
    ]
    mapped = map_filing(_filing_of(_statement(PL, lines)), load_ifrs(packages), common_rule_sets())
    by_id = {t.line.id: t.concept for t in mapped.statements[0].lines}
    assert by_id["wa"] is not None and by_id["wa"].qname == "ifrs-full:WeightedAverageShares"
    trust = by_id["trust"]
    assert (
        trust is not None
        and trust.item_type.value == "shares"
        and trust.data_type == "xbrli:sharesItemType"
        and trust.balance is None
    )
    facts, _ = derive_facts(mapped)
    assert {f.unit_id for f in facts.values() if f.concept.qname != "ifrs-full:Revenue"} == {"shares"}


@pytest.mark.parametrize("text", ["rules: [", "rules:\n  - {label: Revenue\n", "\t- x", "rules: [a, *b]"])
def test_mapping_file_errors_read_alike_with_either_yaml_loader(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml reads the tables; a file it refuses is read again by PyYAML, whose message is given."""
    with pytest.raises(MappingError) as fast:
        _parse(text, "m.yaml")
    monkeypatch.setattr(yamlread, "libyaml_loader", lambda: None)
    with pytest.raises(MappingError) as slow:
        _parse(text, "m.yaml")
    assert str(fast.value) == str(slow.value) and str(fast.value).startswith("m.yaml:")


@pytest.mark.parametrize("position", [0, 2])
def test_a_rule_naming_a_concept_the_taxonomy_lacks_is_refused_at_its_place(
    packages: list[Path], position: int
) -> None:
    """A concept no IFRS package defines cannot be tagged; the error names the file and the rule."""
    rules = [f"  - {{concept: ifrs-full:Revenue, wordings: [Sales {i}]}}" for i in range(3)]
    rules[position] = "  - {concept: ifrs-full:NoSuchConceptAnywhere, wordings: [Turnover]}"
    rule_set = _parse("rules:\n" + "\n".join(rules) + "\n", "company.yaml")
    filing = _filing(PL, (), "Revenue", "5")
    with pytest.raises(MappingError) as refused:
        map_filing(filing, load_ifrs(packages), [rule_set, *common_rule_sets()])
    assert refused.value.where == f"company.yaml: rules[{position}]"
    assert "ifrs-full:NoSuchConceptAnywhere" in str(refused.value)


@pytest.mark.parametrize(
    ("kind", "concept"),
    [(FP, "ifrs-full:Revenue"), (PL, "ifrs-full:Inventories"), (FP, "ifrs-full:NoSuchConceptAnywhere")],
)
def test_a_line_s_own_concept_that_cannot_tag_it_is_refused_at_the_line(
    packages: list[Path], kind: StatementKind, concept: str
) -> None:
    """Revenue is a duration (no balance sheet line), Inventories an instant (no income statement
    line), and a name the taxonomy lacks tags nothing: the error points at the line's source."""
    line = Line("x", "Amount", 0, (Decimal(5),), concept=concept, where="statements.yaml:12")
    with pytest.raises(MappingError) as refused:
        map_filing(_filing_of(_statement(kind, [line])), load_ifrs(packages), common_rule_sets())
    assert refused.value.where == "statements.yaml:12" and concept in str(refused.value)


@pytest.mark.parametrize(
    ("parts", "label", "concept"),
    [
        (("Current assets", "Non-current assets"), "Total equity", "ifrs-full:Assets"),
        (("Current liabilities", "Non-current liabilities"), "Total assets", "ifrs-full:Liabilities"),
    ],
)
def test_a_total_whose_parts_make_an_ifrs_identity_is_tagged_by_it_with_a_warning(
    packages: list[Path], parts: tuple[str, str], label: str, concept: str
) -> None:
    """Assets are current plus non-current assets and liabilities current plus non-current
    liabilities (IAS 1.60), whatever the total's printed label says; the label is flagged."""
    lines = [Line("a", parts[0], 0, (Decimal(60),)), Line("b", parts[1], 0, (Decimal(40),))]
    lines.append(Line("t", label, 0, (Decimal(100),), total=True, where="statements.yaml:9"))
    mapped = map_filing(_filing_of(_statement(FP, lines)), load_ifrs(packages), common_rule_sets())
    total = mapped.statements[0].lines[-1].concept
    assert total is not None and total.qname == concept
    (issue,) = mapped.issues
    assert (issue.code, issue.where) == ("label-contradicts-arithmetic", "statements.yaml:9")
    assert label in issue.message and concept in issue.message


@pytest.mark.parametrize(
    ("label", "current", "noncurrent"),
    [
        ("Lease obligations", "ifrs-full:CurrentLeaseLiabilities", "ifrs-full:NoncurrentLeaseLiabilities"),
        (
            "Other financial obligations",
            "ifrs-full:OtherCurrentFinancialLiabilities",
            "ifrs-full:OtherNoncurrentFinancialLiabilities",
        ),
    ],
)
def test_the_search_takes_the_variant_of_the_line_s_section(
    packages: list[Path], label: str, current: str, noncurrent: str
) -> None:
    """A wording no table knows, found by the search, gets the current or non-current concept of
    the section it is printed in (IAS 1.60: each is presented apart)."""
    found = [
        _concepts(packages, FP, [Line("h", header, 0, (None,)), Line("x", label, 1, (Decimal(5),))])["x"]
        for header in ("Current liabilities", "Non-current liabilities")
    ]
    assert found == [current, noncurrent]
