"""The mapping steps this layer added: statement structure read from the IFRS taxonomy package,
sections known from the subtotals that close them, wording variants and the synonym table,
extension names that never repeat a core concept's or another line's with other figures, and
statements in a language no package translates. Expected concepts come from the IFRS taxonomy
(its presentation and calculation of the standard statements) and the standards' wording."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from test_mapping import _filing, _filing_of, _statement

from xbrl_gen import yamlread
from xbrl_gen.errors import MappingError
from xbrl_gen.facts import derive_facts
from xbrl_gen.mapping.candidates import SEARCH_THRESHOLD
from xbrl_gen.mapping.dimensions import _spec
from xbrl_gen.mapping.engine import map_filing
from xbrl_gen.mapping.extensions import ExtensionPick, Extensions, extension_name
from xbrl_gen.mapping.place import LineContext
from xbrl_gen.mapping.report import mapping_report
from xbrl_gen.mapping.rules import _parse, common_rule_sets
from xbrl_gen.mapping.search import Query, _balance_fit, concept_index, implied_words, tokens
from xbrl_gen.mapping.structure import BY_FUNCTION, BY_NATURE, counterpart, expense_analysis, misplaced
from xbrl_gen.mapping.wording import variants
from xbrl_gen.model import Balance, Extension, ItemType, Line, MappingChoice, PeriodType, StatementKind
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


def test_a_rule_with_an_unknown_section_is_refused_naming_the_sections_and_its_place() -> None:
    with pytest.raises(MappingError) as refused:
        _parse("rules:\n  - {concept: ifrs-full:Revenue, wordings: [Sales], section: middle}\n", "company.yaml")
    assert refused.value.where == "company.yaml: rules[0]"
    assert refused.value.message == (
        "section: expected one of current, non-current, operating, investing, financing, got 'middle'"
    )


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ({"member": "ex:AMember", "parent": "ifrs-full:EquityMember"}, "expected {member, parent, wordings}"),
        ({"wordings": ["a"], "colour": "red"}, "expected {member, parent, wordings}"),
        ({"wordings": ["a"], "member": "ex:AMember"}, "a member needs 'member' and 'parent'"),
    ],
)
def test_a_bad_member_of_an_axis_table_is_refused_at_its_place(member: dict[str, object], message: str) -> None:
    """The axis tables are data: a member without wordings, with a key the table does not know or
    without its parent is refused, the error naming the member's place in its table."""
    raw = {
        "kind": "segments",
        "table": "ifrs-full:OperatingSegmentsTable",
        "line_items": "ifrs-full:OperatingSegmentsLineItems",
        "axis": "ifrs-full:SegmentsAxis",
        "domain": "ifrs-full:EntitysTotalForSegmentsMember",
        "extension_parent": "ifrs-full:ReportableSegmentsMember",
        "members": [{"default": True, "wordings": ["total"]}, member],
    }
    with pytest.raises(MappingError) as refused:
        _spec(raw, "dimensions/x.yaml: axes[0]")
    assert refused.value.where == "dimensions/x.yaml: axes[0]: members[1]"
    assert refused.value.message.startswith(message)
    if message.startswith("expected"):
        assert refused.value.message == (
            "expected {member, parent, wordings} (axis, domain) or {default: true, wordings}"
        )


def test_a_statement_by_function_gets_the_by_function_counterpart(packages: list[Path]) -> None:
    """IAS 1.103: "Other expense, by function" says for a statement by function what "Other
    expenses, by nature" says for one by nature (and the other way round)."""
    taxonomy = load_ifrs(packages)
    found = counterpart(taxonomy, taxonomy.concepts["ifrs-full:OtherExpenseByNature"], BY_FUNCTION)
    assert found is not None and found.qname == "ifrs-full:OtherExpenseByFunction"
    assert counterpart(taxonomy, taxonomy.concepts["ifrs-full:OtherExpenseByFunction"], BY_FUNCTION) is None


def _context(*ancestors: str) -> LineContext:
    return LineContext("s", PL, None, ancestors, PeriodType.DURATION)


def test_an_extension_name_keeps_the_first_200_characters_of_a_long_label() -> None:
    """An engine-made name is the label in PascalCase, cut at 200 characters (a long label keeps
    its start); a short or generic label is told apart by its nearest header, cut alike."""
    words = " ".join(f"word{i:03d}" for i in range(40))  # 40 words of 7 characters: 280 in PascalCase
    pascal = "".join(w.title() for w in words.split())
    assert extension_name(Line("x", words, 0, (Decimal(1),)), _context()) == pascal[:200]
    assert extension_name(Line("x", "Other", 1, (Decimal(1),)), _context(words)) == pascal[:200]
    assert extension_name(Line("x", "Other", 1, (Decimal(1),)), _context("Finance costs")) == "FinanceCostsOther"
    # an XML name cannot start with a digit: a header "2023 results" gives the name an "L" (of "Line") first
    assert extension_name(Line("x", "Other", 1, (Decimal(1),)), _context("2023 results")) == "L2023ResultsOther"


def _name(extensions: Extensions, local: str, layer: str, section: str | None = None) -> str:
    statement = _statement(PL, [Line("x", "Amount", 0, (Decimal(5),))])
    pick = ExtensionPick(local, MappingChoice(layer), PeriodType.DURATION)
    return extensions.name(pick, Balance.DEBIT, statement, statement.lines[0], section)


def test_an_extension_name_leaves_every_core_name_and_a_users_own_name_stays() -> None:
    """Told apart first by the statement kind, then by the section; when the core has those too
    the name ends in "Extension". A concept the statements name (``concept: ex:...``) keeps its
    name: the user chose it."""
    core = ["ifrs-full:Royalties", "ifrs-full:RoyaltiesProfitOrLoss", "ifrs-full:RoyaltiesProfitOrLossCurrent"]
    extensions = Extensions("ex", core)
    assert _name(extensions, "Fees", "extension", "current") == "Fees"
    assert _name(extensions, "Royalties", "company rules", "non-current") == "RoyaltiesProfitOrLossNonCurrent"
    assert _name(extensions, "Royalties", "extension", "current") == "RoyaltiesProfitOrLossExtension"
    assert _name(extensions, "Royalties", "explicit", "current") == "Royalties"


def test_one_extension_declared_two_ways_is_refused_naming_both_lines() -> None:
    extensions = Extensions("ex", [])
    statement = _statement(PL, [Line("a", "Fees", 0, (Decimal(5),), where="s.yaml:3")])
    first = Line("a", "Fees", 0, (Decimal(5),), where="s.yaml:3")
    second = Line("b", "Fees", 0, (Decimal(5),), where="s.yaml:9")
    extensions.declare("Fees", first, PeriodType.DURATION, Balance.CREDIT, statement)
    with pytest.raises(MappingError) as refused:
        extensions.declare("Fees", second, PeriodType.DURATION, Balance.DEBIT, statement)
    assert refused.value.where == "s.yaml:9"
    assert refused.value.message == (
        "extension concept ex:Fees is declared differently by s.yaml:3; give one of the lines its own concept"
    )


def test_a_concept_the_search_finds_twice_stays_with_one_line(packages: list[Path]) -> None:
    """Two lines of one statement with one concept would be one fact with two values: one line
    keeps the concept the search found, the other gets an extension concept (its short label
    prefixed by its header) naming the concept it gave up."""
    lines = [Line("h", "Current liabilities", 0, (None,))]
    lines += [Line(i, "Lease obligations", 1, (Decimal(v),)) for i, v in (("x", 5), ("y", 7))]
    mapped = map_filing(_filing_of(_statement(FP, lines)), load_ifrs(packages), common_rule_sets())
    chosen = {t.line.id: (t.concept.qname, t.choice) for t in mapped.statements[0].lines if t.concept and t.choice}
    kept = [i for i, (qname, _) in chosen.items() if qname == "ifrs-full:CurrentLeaseLiabilities"]
    assert len(kept) == 1 and chosen[kept[0]][1].layer == "taxonomy search"
    (other,) = {"x", "y"} - set(kept)
    qname, choice = chosen[other]
    assert (qname, choice.layer, choice.runner_up) == (
        "ex:CurrentLiabilitiesLeaseObligations",
        "extension",
        "ifrs-full:CurrentLeaseLiabilities",
    )
    assert choice.note.startswith("ifrs-full:CurrentLeaseLiabilities scored 0.")
    assert choice.note.endswith(" but is taken by a closer line")
    assert mapped.extensions["ex:CurrentLiabilitiesLeaseObligations"].period_type is PeriodType.INSTANT


def test_the_search_index_holds_only_reportable_amounts(packages: list[Path]) -> None:
    """Abstract concepts (headings) and text, date or other non-amount concepts tag no line of
    figures; the index holds every non-abstract monetary, per-share and share-count concept."""
    taxonomy = load_ifrs(packages)
    amounts = (ItemType.MONETARY, ItemType.PER_SHARE, ItemType.SHARES)
    indexed = {e.concept.qname for e in concept_index(taxonomy).entries}
    assert indexed == {q for q, c in taxonomy.concepts.items() if not c.abstract and c.item_type in amounts}
    assert {"ifrs-full:Revenue", "ifrs-full:BasicEarningsLossPerShare", "ifrs-full:WeightedAverageShares"} <= indexed
    assert "ifrs-full:StatementOfComprehensiveIncomeAbstract" not in indexed


def _query(label: str, kind: StatementKind, *ancestors: str, negative: bool = False) -> Query:
    return Query(label, kind, None, ancestors, negative, PeriodType.DURATION, ItemType.MONETARY)


def test_a_line_of_other_comprehensive_income_implies_those_words() -> None:
    """Under "Items that may be reclassified to profit or loss" a line ("Cash flow hedges") is
    other comprehensive income, net of tax (IAS 1.82A), though it does not say so; in the
    statement's profit line, outside that section, it is not."""
    implied = tokens("Other comprehensive income, net of tax")
    recycled = _query("Cash flow hedges", OCI, "other comprehensive income", "items that may be reclassified")
    assert set(implied) <= implied_words(recycled)
    assert "other" not in implied_words(_query("Profit for the year", OCI))
    # in the operating section of the statement of cash flows a line is an adjustment (IAS 7.20)
    operating = replace(_query("Depreciation", CF, "cash flows from operating activities"), section="operating")
    assert {"adjustment", "operating"} <= implied_words(operating)


def test_a_balance_signal_needs_both_sides_known(packages: list[Path]) -> None:
    """A credit concept fits a positive income line (+1), a debit one goes against it (-1); a
    concept without a balance (per share) or a line whose side is unknown gets no signal."""
    concepts = load_ifrs(packages).concepts
    revenue, costs = concepts["ifrs-full:Revenue"], concepts["ifrs-full:CostOfSales"]
    income = _query("Royalties", PL)
    assert (_balance_fit(revenue, income), _balance_fit(costs, income)) == (1, -1)
    assert _balance_fit(concepts["ifrs-full:BasicEarningsLossPerShare"], income) == 0
    assert _balance_fit(revenue, _query("Increase (decrease) in royalties", PL)) == 0


@pytest.mark.parametrize(
    ("label", "value", "concept"),
    [
        ("Repayments of short-term borrowings", "-3", "ifrs-full:RepaymentsOfCurrentBorrowings"),
        ("Proceeds from short-term borrowings", "3", "ifrs-full:ProceedsFromCurrentBorrowings"),
    ],
)
def test_a_financing_flow_of_short_term_borrowings_gets_the_current_borrowings_concept(
    packages: list[Path], label: str, value: str, concept: str
) -> None:
    """The taxonomy's concepts for short-term (current) borrowings' cash flows, rather than the
    general borrowings flow "classified as financing activities" the section alone suggests."""
    found = _concepts(
        packages,
        CF,
        [Line("h", "Cash flows from financing activities", 0, (None,)), Line("x", label, 1, (Decimal(value),))],
    )
    assert found["x"] == concept


@pytest.mark.parametrize(
    ("label", "income", "expense"),
    [
        ("Royalties", "ifrs-full:RevenueFromRoyalties", "ifrs-full:RoyaltyExpense"),
        ("Rental", "ifrs-full:RentalIncome", "ifrs-full:RentalExpense"),
    ],
)
def test_the_search_reads_an_income_statement_line_s_sign(
    packages: list[Path], label: str, income: str, expense: str
) -> None:
    """A line printed positive in profit or loss is income (a credit), one printed negative an
    expense (a debit): the same word finds the income or the expense concept."""
    found = [_concepts(packages, PL, [Line("x", label, 0, (Decimal(v),))])["x"] for v in ("5", "-5")]
    assert found == [income, expense]


def test_a_guess_the_calculations_put_above_its_total_becomes_an_extension_saying_why(packages: list[Path]) -> None:
    """Income tax is deducted from profit before tax (IAS 1.82), so a line adding into profit
    before tax is not income tax expense; with nothing else near its wording it gets an extension
    concept, the report saying which concept was ruled out and why."""
    lines = [
        Line("rev", "Revenue", 0, (Decimal(100),)),
        Line("x", "Income taxes of the period", 0, (Decimal(20),)),
        Line("t", "Profit before tax", 0, (Decimal(120),), total=True),
    ]
    mapped = map_filing(_filing_of(_statement(PL, lines)), load_ifrs(packages), common_rule_sets())
    (row,) = [r for r in mapping_report(mapped) if r.line_id == "x"]
    assert (row.concept, row.layer) == ("ex:IncomeTaxesOfThePeriod", "extension")
    assert row.why == (
        "not ifrs-full:IncomeTaxExpenseContinuingOperations: the IFRS calculations put it beside or above "
        "ifrs-full:ProfitLossBeforeTax, its total"
    )


@pytest.mark.parametrize(
    ("header", "concept"),
    [
        ("Current liabilities", "ifrs-full:CurrentInterestPayable"),
        ("Non-current liabilities", "ifrs-full:NoncurrentInterestPayable"),
    ],
)
def test_a_standard_label_takes_the_variant_of_the_line_s_section(
    packages: list[Path], header: str, concept: str
) -> None:
    """ "Interest payable" is the standard label of InterestPayable, which the taxonomy also has
    as current and non-current concepts (IAS 1.60): the line's section picks one."""
    lines = [Line("h", header, 0, (None,)), Line("x", "Interest payable", 1, (Decimal(5),))]
    mapped = map_filing(_filing_of(_statement(FP, lines)), load_ifrs(packages), common_rule_sets())
    (row,) = [r for r in mapping_report(mapped) if r.line_id == "x"]
    assert (row.concept, row.layer) == (concept, "taxonomy standard label")


def test_a_line_naming_a_company_concept_gets_it_and_its_statement_a_role_in_the_namespace(
    packages: list[Path],
) -> None:
    """``concept: ex:...`` (the filing's extension prefix) is the company's own concept, declared
    by the filing; each statement's role is the extension namespace (one slash, whatever it ends
    in) followed by /role/ and the statement's id."""
    line = Line("x", "Royalty income from widgets", 0, (Decimal(5),), concept="ex:RoyaltyIncomeFromWidgets")
    for namespace in ("http://www.example.com/xbrl/IFRS-X", "http://www.example.com/xbrl/IFRS-X/"):
        filing = replace(_filing_of(_statement(PL, [line])), extension=Extension("ex", namespace))
        mapped = map_filing(filing, load_ifrs(packages), common_rule_sets())
        (tagged,) = mapped.statements[0].lines
        assert tagged.concept is not None and tagged.choice is not None
        assert (tagged.concept.qname, tagged.choice.layer) == ("ex:RoyaltyIncomeFromWidgets", "explicit")
        assert "ex:RoyaltyIncomeFromWidgets" in mapped.extensions
        assert mapped.statements[0].role_uri == "http://www.example.com/xbrl/IFRS-X/role/s"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("Revenue", "expected a mapping"),
        (
            "{concept: ifrs-full:Revenue, extension: Fees, wordings: [Sales]}",
            "expected exactly one of 'concept' or 'extension'",
        ),
        ("{concept: Revenue, wordings: [Sales]}", "concept: expected prefix:Name, got 'Revenue'"),
        ("{concept: ifrs-full:Revenue, wordings: [Sales], sign: 2}", "sign: expected 1 or -1, got 2"),
    ],
)
def test_a_malformed_rule_is_refused_at_its_place(rule: str, message: str) -> None:
    with pytest.raises(MappingError) as refused:
        _parse(f"rules:\n  - {{concept: ifrs-full:Revenue, wordings: [Turnover]}}\n  - {rule}\n", "company.yaml")
    assert (refused.value.where, refused.value.message) == ("company.yaml: rules[1]", message)


def test_a_rule_keeps_its_sign_and_its_why() -> None:
    """A rule may store a line negated (``sign: -1``); its ``why:`` is printed under the line, and a
    rule without one says nothing (the report then gives the rule's place)."""
    rules = _parse(
        "rules:\n  - {concept: ifrs-full:CostOfSales, wordings: [Cost of goods sold], sign: -1, why: IAS 2.38}\n"
        "  - {concept: ifrs-full:Revenue, wordings: [Turnover]}\n",
        "company.yaml",
    ).rules
    assert [(r.sign, r.why) for r in rules] == [(-1, "IAS 2.38"), (None, "")]


def test_the_search_index_is_built_once_per_taxonomy(packages: list[Path]) -> None:
    taxonomy = load_ifrs(packages)
    assert concept_index(taxonomy) is concept_index(taxonomy)


def test_what_a_concept_excludes_is_the_subject_of_its_other_than_clause(packages: list[Path]) -> None:
    """ "Current tax liabilities, other than income tax" style labels exclude the words after
    "other than"; "other" and "than" themselves are no such word, or every "Other ..." line would be
    contradicted."""
    index = concept_index(load_ifrs(packages))
    excluded = {e.concept.qname: e.excluded for e in index.entries}
    assert "income" in excluded["ifrs-full:CurrentPayablesOnSocialSecurityAndTaxesOtherThanIncomeTax"]
    assert all(not ({"other", "than"} & words) for words in excluded.values())


def test_a_search_hit_scoring_the_threshold_itself_is_taken(packages: list[Path]) -> None:
    """Only a hit below SEARCH_THRESHOLD (more often wrong than right) makes an extension; this
    wording's best hit scores the threshold exactly (scores are rounded to four places)."""
    lines = [Line("x", "Current miscellaneous other", 0, (Decimal(-5),))]
    mapped = map_filing(_filing_of(_statement(PL, lines)), load_ifrs(packages), common_rule_sets())
    (tagged,) = mapped.statements[0].lines
    assert tagged.choice is not None and tagged.concept is not None
    assert (tagged.choice.layer, tagged.choice.score) == ("taxonomy search", SEARCH_THRESHOLD)
    assert tagged.concept.qname == "ifrs-full:MiscellaneousOtherOperatingExpense"


def test_a_wording_no_concept_shares_a_word_with_is_an_extension_saying_so(packages: list[Path]) -> None:
    """An extension is the engine's own concept, scored 0.0 (no IFRS concept); when no IFRS label
    shares a word with the line, the report says so."""
    mapped = map_filing(_filing(PL, (), "Zanqor Qorvex", "5"), load_ifrs(packages), common_rule_sets())
    (row,) = mapping_report(mapped)
    assert (row.concept, row.layer, row.score, row.runner_up) == ("ex:ZanqorQorvex", "extension", 0.0, None)
    assert row.why == "no IFRS concept shares its words"
