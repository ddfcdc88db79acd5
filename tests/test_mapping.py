"""Mapping accuracy on common IFRS wordings that are not in the IIJ seeds: the real engine, the
real taxonomy and the shipped rule tables, one small statement per line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from xbrl_gen.mapping.engine import MappedFiling, map_filing
from xbrl_gen.mapping.report import format_json, format_text, mapping_report
from xbrl_gen.mapping.rules import common_rule_sets
from xbrl_gen.model import Column, Duration, Entity, Extension, Filing, Instant, Line, Statement, StatementKind
from xbrl_gen.taxonomy import load_ifrs

FP, PL, OCI, CF = (StatementKind.FINANCIAL_POSITION, StatementKind.PROFIT_OR_LOSS, StatementKind.COMPREHENSIVE_INCOME, StatementKind.CASH_FLOWS)
MIN_ACCURACY = 0.95

# (statement kind, headers outermost first, label, presented value, expected concept)
CASES: list[tuple[StatementKind, tuple[str, ...], str, str, str]] = [
    (FP, ("Assets", "Non-current assets"), "Property, plant and equipment", "100", "ifrs-full:PropertyPlantAndEquipment"),
    (FP, ("Assets", "Non-current assets"), "Investment properties", "100", "ifrs-full:InvestmentProperty"),
    (FP, ("Assets", "Non-current assets"), "Goodwill", "100", "ifrs-full:Goodwill"),
    (FP, ("Assets", "Non-current assets"), "Other intangible assets", "100", "ifrs-full:IntangibleAssetsOtherThanGoodwill"),
    (FP, ("Assets", "Non-current assets"), "Investments in associates", "100", "ifrs-full:InvestmentsInAssociatesAccountedForUsingEquityMethod"),
    (FP, ("Assets", "Non-current assets"), "Deferred tax assets", "100", "ifrs-full:DeferredTaxAssets"),
    (FP, ("Assets", "Non-current assets"), "Biological assets", "100", "ifrs-full:NoncurrentBiologicalAssets"),
    (FP, ("Assets", "Non-current assets"), "Right-of-use assets", "100", "ifrs-full:RightofuseAssets"),
    (FP, ("Assets", "Current assets"), "Inventories", "100", "ifrs-full:Inventories"),
    (FP, ("Assets", "Current assets"), "Trade and other receivables", "100", "ifrs-full:TradeAndOtherCurrentReceivables"),
    (FP, ("Assets", "Current assets"), "Current tax assets", "100", "ifrs-full:CurrentTaxAssetsCurrent"),
    (FP, ("Assets", "Current assets"), "Cash and cash equivalents", "100", "ifrs-full:CashAndCashEquivalents"),
    (FP, ("Assets", "Current assets"), "Derivative financial instruments", "100", "ifrs-full:CurrentDerivativeFinancialAssets"),
    (FP, ("Assets", "Current assets"), "Assets classified as held for sale", "100", "ifrs-full:NoncurrentAssetsOrDisposalGroupsClassifiedAsHeldForSaleOrAsHeldForDistributionToOwners"),
    (FP, ("Assets", "Current assets"), "Short-term investments", "100", "ifrs-full:CurrentInvestments"),
    (FP, ("Assets",), "Total assets", "100", "ifrs-full:Assets"),
    (FP, ("Equity and liabilities", "Equity"), "Share capital", "100", "ifrs-full:IssuedCapital"),
    (FP, ("Equity and liabilities", "Equity"), "Share premium", "100", "ifrs-full:SharePremium"),
    (FP, ("Equity and liabilities", "Equity"), "Retained earnings", "100", "ifrs-full:RetainedEarnings"),
    (FP, ("Equity and liabilities", "Equity"), "Revaluation surplus", "100", "ifrs-full:RevaluationSurplus"),
    (FP, ("Equity and liabilities", "Equity"), "Non-controlling interests", "100", "ifrs-full:NoncontrollingInterests"),
    (FP, ("Equity and liabilities", "Equity"), "Total equity", "100", "ifrs-full:Equity"),
    (FP, ("Equity and liabilities", "Non-current liabilities"), "Borrowings", "100", "ifrs-full:LongtermBorrowings"),
    (FP, ("Equity and liabilities", "Non-current liabilities"), "Deferred tax liabilities", "100", "ifrs-full:DeferredTaxLiabilities"),
    (FP, ("Equity and liabilities", "Non-current liabilities"), "Provisions", "100", "ifrs-full:NoncurrentProvisions"),
    (FP, ("Equity and liabilities", "Non-current liabilities"), "Lease liabilities", "100", "ifrs-full:NoncurrentLeaseLiabilities"),
    (FP, ("Equity and liabilities", "Non-current liabilities"), "Employee benefit obligations", "100", "ifrs-full:NoncurrentProvisionsForEmployeeBenefits"),
    (FP, ("Equity and liabilities", "Current liabilities"), "Trade and other payables", "100", "ifrs-full:TradeAndOtherCurrentPayables"),
    (FP, ("Equity and liabilities", "Current liabilities"), "Current tax liabilities", "100", "ifrs-full:CurrentTaxLiabilities"),
    (FP, ("Equity and liabilities", "Current liabilities"), "Bank overdrafts", "100", "ifrs-full:BankOverdraftsClassifiedAsCashEquivalents"),
    (FP, ("Equity and liabilities", "Current liabilities"), "Short-term provisions", "100", "ifrs-full:CurrentProvisions"),
    (FP, ("Equity and liabilities", "Current liabilities"), "Dividends payable", "100", "ifrs-full:CurrentDividendPayables"),
    (FP, ("Equity and liabilities",), "Total liabilities", "100", "ifrs-full:Liabilities"),
    (PL, (), "Turnover", "100", "ifrs-full:Revenue"),
    (PL, (), "Cost of sales", "-60", "ifrs-full:CostOfSales"),
    (PL, (), "Gross profit", "40", "ifrs-full:GrossProfit"),
    (PL, (), "Distribution costs", "-5", "ifrs-full:DistributionCosts"),
    (PL, (), "Administrative expenses", "-5", "ifrs-full:AdministrativeExpense"),
    (PL, (), "Other gains and losses", "3", "ifrs-full:OtherGainsLosses"),
    (PL, (), "Employee benefits expense", "-7", "ifrs-full:EmployeeBenefitsExpense"),
    (PL, (), "Depreciation and amortisation expense", "-4", "ifrs-full:DepreciationAndAmortisationExpense"),
    (PL, (), "Impairment loss on goodwill", "-2", "ifrs-full:ImpairmentLossRecognisedInProfitOrLossGoodwill"),
    (PL, (), "Finance costs", "-2", "ifrs-full:FinanceCosts"),
    (PL, (), "Finance income", "1", "ifrs-full:FinanceIncome"),
    (PL, (), "Share of profit of associates", "1", "ifrs-full:ShareOfProfitLossOfAssociatesAndJointVenturesAccountedForUsingEquityMethod"),
    (PL, (), "Profit before tax", "30", "ifrs-full:ProfitLossBeforeTax"),
    (PL, (), "Income tax expense", "-9", "ifrs-full:IncomeTaxExpenseContinuingOperations"),
    (PL, (), "Profit from discontinued operations", "2", "ifrs-full:ProfitLossFromDiscontinuedOperations"),
    (PL, (), "Profit for the year", "21", "ifrs-full:ProfitLoss"),
    (PL, ("Profit attributable to:",), "Owners of the company", "20", "ifrs-full:ProfitLossAttributableToOwnersOfParent"),
    (PL, (), "Profit attributable to owners of the company", "20", "ifrs-full:ProfitLossAttributableToOwnersOfParent"),
    (PL, ("Earnings per share",), "Basic earnings per share", "1.25", "ifrs-full:BasicEarningsLossPerShare"),
    (PL, ("Earnings per share",), "Diluted earnings per share", "1.20", "ifrs-full:DilutedEarningsLossPerShare"),
    (OCI, ("Items that will not be reclassified to profit or loss",), "Remeasurements of defined benefit plans", "3", "ifrs-full:OtherComprehensiveIncomeNetOfTaxGainsLossesOnRemeasurementsOfDefinedBenefitPlans"),
    (OCI, ("Items that may be reclassified to profit or loss",), "Cash flow hedges", "2", "ifrs-full:OtherComprehensiveIncomeNetOfTaxCashFlowHedges"),
    (OCI, ("Items that may be reclassified to profit or loss",), "Exchange differences on translating foreign operations", "2", "ifrs-full:OtherComprehensiveIncomeNetOfTaxExchangeDifferencesOnTranslation"),
    (OCI, (), "Total comprehensive income for the year", "25", "ifrs-full:ComprehensiveIncome"),
    (CF, ("Cash flows from operating activities", "Adjustments for:"), "Depreciation", "4", "ifrs-full:AdjustmentsForDepreciationExpense"),
    (CF, ("Cash flows from operating activities", "Adjustments for:"), "Amortisation of intangible assets", "2", "ifrs-full:AdjustmentsForAmortisationExpense"),
    (CF, ("Cash flows from operating activities", "Adjustments for:"), "Impairment losses", "1", "ifrs-full:AdjustmentsForImpairmentLossReversalOfImpairmentLossRecognisedInProfitOrLoss"),
    (CF, ("Cash flows from operating activities", "Adjustments for:"), "Share-based payment expense", "1", "ifrs-full:AdjustmentsForSharebasedPayments"),
    (CF, ("Cash flows from operating activities", "Adjustments for:"), "Finance costs", "2", "ifrs-full:AdjustmentsForFinanceCosts"),
    (CF, ("Cash flows from operating activities",), "Decrease (increase) in inventories", "-3", "ifrs-full:AdjustmentsForDecreaseIncreaseInInventories"),
    (CF, ("Cash flows from operating activities",), "Increase (decrease) in provisions", "1", "ifrs-full:AdjustmentsForProvisions"),
    (CF, ("Cash flows from operating activities",), "Cash generated from operations", "40", "ifrs-full:CashFlowsFromUsedInOperations"),
    (CF, ("Cash flows from operating activities",), "Interest paid", "-2", "ifrs-full:InterestPaidClassifiedAsOperatingActivities"),
    (CF, ("Cash flows from operating activities",), "Income taxes paid", "-8", "ifrs-full:IncomeTaxesPaidRefundClassifiedAsOperatingActivities"),
    (CF, (), "Net cash from operating activities", "30", "ifrs-full:CashFlowsFromUsedInOperatingActivities"),
    (CF, ("Cash flows from investing activities",), "Purchase of property, plant and equipment", "-10", "ifrs-full:PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities"),
    (CF, ("Cash flows from investing activities",), "Proceeds from sale of property, plant and equipment", "1", "ifrs-full:ProceedsFromSalesOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities"),
    (CF, ("Cash flows from investing activities",), "Acquisition of subsidiary, net of cash acquired", "-5", "ifrs-full:CashFlowsUsedInObtainingControlOfSubsidiariesOrOtherBusinessesClassifiedAsInvestingActivities"),
    (CF, ("Cash flows from investing activities",), "Interest received", "1", "ifrs-full:InterestReceivedClassifiedAsInvestingActivities"),
    (CF, ("Cash flows from investing activities",), "Dividends received", "1", "ifrs-full:DividendsReceivedClassifiedAsInvestingActivities"),
    (CF, (), "Net cash used in investing activities", "-13", "ifrs-full:CashFlowsFromUsedInInvestingActivities"),
    (CF, ("Cash flows from financing activities",), "Proceeds from issue of share capital", "5", "ifrs-full:ProceedsFromIssuingShares"),
    (CF, ("Cash flows from financing activities",), "Purchase of treasury shares", "-1", "ifrs-full:PaymentsToAcquireOrRedeemEntitysShares"),
    (CF, ("Cash flows from financing activities",), "Proceeds from borrowings", "6", "ifrs-full:ProceedsFromBorrowingsClassifiedAsFinancingActivities"),
    (CF, ("Cash flows from financing activities",), "Repayment of borrowings", "-4", "ifrs-full:RepaymentsOfBorrowingsClassifiedAsFinancingActivities"),
    (CF, ("Cash flows from financing activities",), "Principal elements of lease payments", "-2", "ifrs-full:PaymentsOfLeaseLiabilitiesClassifiedAsFinancingActivities"),
    (CF, ("Cash flows from financing activities",), "Dividends paid to shareholders", "-3", "ifrs-full:DividendsPaidClassifiedAsFinancingActivities"),
    (CF, ("Cash flows from financing activities",), "Dividends paid to non-controlling interests", "-1", "ifrs-full:DividendsPaidToNoncontrollingInterestsClassifiedAsFinancingActivities"),
    (CF, (), "Net cash used in financing activities", "-3", "ifrs-full:CashFlowsFromUsedInFinancingActivities"),
    (CF, (), "Net increase in cash and cash equivalents", "14", "ifrs-full:IncreaseDecreaseInCashAndCashEquivalents"),
    (CF, (), "Effects of exchange rate changes on cash and cash equivalents", "1", "ifrs-full:EffectOfExchangeRateChangesOnCashAndCashEquivalents"),
]


def _filing(kind: StatementKind, headers: tuple[str, ...], label: str, value: str) -> Filing:
    """One statement holding the headers, then the line: the smallest context the engine reads."""
    period = Instant(date(2023, 12, 31)) if kind is FP else Duration(date(2023, 1, 1), date(2023, 12, 31))
    lines = [Line(f"h{depth}", header, depth, (None,)) for depth, header in enumerate(headers)]
    lines.append(Line("line", label, len(headers), (Decimal(value),)))
    statement = Statement("s", kind, "Statement", (Column("c", period),), tuple(lines))
    return Filing(
        entity=Entity("Example plc", "0000", "http://www.example.com"),
        extension=Extension("ex", "http://www.example.com/xbrl/2023"),
        period=Duration(date(2023, 1, 1), date(2023, 12, 31)),
        currency="EUR",
        scale=3,
        title="Test",
        statements=(statement,),
    )


def _map(packages: list[Path], case: tuple[StatementKind, tuple[str, ...], str, str, str]) -> MappedFiling:
    kind, headers, label, value, _ = case
    return map_filing(_filing(kind, headers, label, value), load_ifrs(packages), common_rule_sets())


def test_mapping_accuracy(packages: list[Path], record_property: pytest.RecordProperty) -> None:
    misses = []
    for case in CASES:
        (row,) = [r for r in mapping_report(_map(packages, case)) if r.line_id == "line"]
        if row.concept != case[4]:
            misses.append(f"{case[2]!r} ({case[0].value}): got {row.concept} by {row.layer} {row.score}, want {case[4]}")
    accuracy = 1 - len(misses) / len(CASES)
    summary = f"mapping accuracy {accuracy:.1%} on {len(CASES)} labels; misses: " + ("; ".join(misses) or "none")
    print(summary)
    record_property("mapping_accuracy", f"{accuracy:.4f}")
    record_property("mapping_misses", "; ".join(misses))
    assert len(CASES) >= 60
    assert accuracy >= MIN_ACCURACY, summary


def test_report_is_deterministic(packages: list[Path]) -> None:
    rows = mapping_report(_map(packages, CASES[0]))
    assert format_json(rows) == format_json(mapping_report(_map(packages, CASES[0])))
    assert "ifrs-full:PropertyPlantAndEquipment" in format_text(rows)
