"""Mapping accuracy on common IFRS wordings that are not in the IIJ seeds: the real engine, the
real taxonomy and the shipped rule tables, one small statement per line. Two sets: wordings from
IFRS practice at large, and wordings typical of Japanese IFRS filers' English statements (the kind
of report the engine is measured on). Also the mapping report itself: its explanations, its width,
and the copy ``build`` writes next to the filing."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import given
from hypothesis import strategies as st

from xbrl_gen.build import build, map_statements
from xbrl_gen.mapping.engine import MappedFiling, map_filing
from xbrl_gen.mapping.report import WIDTH, ReportRow, format_json, format_text, mapping_report
from xbrl_gen.mapping.rules import common_rule_sets
from xbrl_gen.model import (
    Balance,
    Column,
    Concept,
    Duration,
    Entity,
    Extension,
    Filing,
    Instant,
    ItemType,
    Line,
    MappingChoice,
    PeriodType,
    Statement,
    StatementKind,
    TaggedLine,
    TaggedStatement,
)
from xbrl_gen.sources import read_statements
from xbrl_gen.taxonomy import load_ifrs

FP, PL, OCI, CF = (
    StatementKind.FINANCIAL_POSITION,
    StatementKind.PROFIT_OR_LOSS,
    StatementKind.COMPREHENSIVE_INCOME,
    StatementKind.CASH_FLOWS,
)
MIN_ACCURACY = 0.95
# headers as Japanese IFRS filers print them
CA, NCA = ("Assets", "Current assets"), ("Assets", "Non-current assets")
CL, NCL = (
    ("Liabilities and equity", "Liabilities", "Current liabilities"),
    ("Liabilities and equity", "Liabilities", "Non-current liabilities"),
)
EQ = ("Liabilities and equity", "Equity")
NOT_RECYCLED = ("Other comprehensive income", "Items that will not be reclassified to profit or loss")
RECYCLED = ("Other comprehensive income", "Items that may be reclassified to profit or loss")
OP, INV, FIN = (
    ("Cash flows from operating activities",),
    ("Cash flows from investing activities",),
    ("Cash flows from financing activities",),
)

Case = tuple[StatementKind, tuple[str, ...], str, str, str]
# (statement kind, headers outermost first, label, presented value, expected concept)
GENERAL_CASES: list[Case] = [
    (
        FP,
        ("Assets", "Non-current assets"),
        "Property, plant and equipment",
        "100",
        "ifrs-full:PropertyPlantAndEquipment",
    ),
    (FP, ("Assets", "Non-current assets"), "Investment properties", "100", "ifrs-full:InvestmentProperty"),
    (FP, ("Assets", "Non-current assets"), "Goodwill", "100", "ifrs-full:Goodwill"),
    (
        FP,
        ("Assets", "Non-current assets"),
        "Other intangible assets",
        "100",
        "ifrs-full:IntangibleAssetsOtherThanGoodwill",
    ),
    (
        FP,
        ("Assets", "Non-current assets"),
        "Investments in associates",
        "100",
        "ifrs-full:InvestmentsInAssociatesAccountedForUsingEquityMethod",
    ),
    (FP, ("Assets", "Non-current assets"), "Deferred tax assets", "100", "ifrs-full:DeferredTaxAssets"),
    (FP, ("Assets", "Non-current assets"), "Biological assets", "100", "ifrs-full:NoncurrentBiologicalAssets"),
    (FP, ("Assets", "Non-current assets"), "Right-of-use assets", "100", "ifrs-full:RightofuseAssets"),
    (FP, ("Assets", "Current assets"), "Inventories", "100", "ifrs-full:Inventories"),
    (
        FP,
        ("Assets", "Current assets"),
        "Trade and other receivables",
        "100",
        "ifrs-full:TradeAndOtherCurrentReceivables",
    ),
    (FP, ("Assets", "Current assets"), "Current tax assets", "100", "ifrs-full:CurrentTaxAssetsCurrent"),
    (FP, ("Assets", "Current assets"), "Cash and cash equivalents", "100", "ifrs-full:CashAndCashEquivalents"),
    (
        FP,
        ("Assets", "Current assets"),
        "Derivative financial instruments",
        "100",
        "ifrs-full:CurrentDerivativeFinancialAssets",
    ),
    (
        FP,
        ("Assets", "Current assets"),
        "Assets classified as held for sale",
        "100",
        "ifrs-full:NoncurrentAssetsOrDisposalGroupsClassifiedAsHeldForSaleOrAsHeldForDistributionToOwners",
    ),
    (FP, ("Assets", "Current assets"), "Short-term investments", "100", "ifrs-full:CurrentInvestments"),
    (FP, ("Assets",), "Total assets", "100", "ifrs-full:Assets"),
    (FP, ("Equity and liabilities", "Equity"), "Share capital", "100", "ifrs-full:IssuedCapital"),
    (FP, ("Equity and liabilities", "Equity"), "Share premium", "100", "ifrs-full:SharePremium"),
    (FP, ("Equity and liabilities", "Equity"), "Retained earnings", "100", "ifrs-full:RetainedEarnings"),
    (FP, ("Equity and liabilities", "Equity"), "Revaluation surplus", "100", "ifrs-full:RevaluationSurplus"),
    (FP, ("Equity and liabilities", "Equity"), "Non-controlling interests", "100", "ifrs-full:NoncontrollingInterests"),
    (FP, ("Equity and liabilities", "Equity"), "Total equity", "100", "ifrs-full:Equity"),
    (FP, ("Equity and liabilities", "Non-current liabilities"), "Borrowings", "100", "ifrs-full:LongtermBorrowings"),
    (
        FP,
        ("Equity and liabilities", "Non-current liabilities"),
        "Deferred tax liabilities",
        "100",
        "ifrs-full:DeferredTaxLiabilities",
    ),
    (FP, ("Equity and liabilities", "Non-current liabilities"), "Provisions", "100", "ifrs-full:NoncurrentProvisions"),
    (
        FP,
        ("Equity and liabilities", "Non-current liabilities"),
        "Lease liabilities",
        "100",
        "ifrs-full:NoncurrentLeaseLiabilities",
    ),
    (
        FP,
        ("Equity and liabilities", "Non-current liabilities"),
        "Employee benefit obligations",
        "100",
        "ifrs-full:NoncurrentProvisionsForEmployeeBenefits",
    ),
    (
        FP,
        ("Equity and liabilities", "Current liabilities"),
        "Trade and other payables",
        "100",
        "ifrs-full:TradeAndOtherCurrentPayables",
    ),
    (
        FP,
        ("Equity and liabilities", "Current liabilities"),
        "Current tax liabilities",
        "100",
        "ifrs-full:CurrentTaxLiabilities",
    ),
    (
        FP,
        ("Equity and liabilities", "Current liabilities"),
        "Bank overdrafts",
        "100",
        "ifrs-full:BankOverdraftsClassifiedAsCashEquivalents",
    ),
    (
        FP,
        ("Equity and liabilities", "Current liabilities"),
        "Short-term provisions",
        "100",
        "ifrs-full:CurrentProvisions",
    ),
    (
        FP,
        ("Equity and liabilities", "Current liabilities"),
        "Dividends payable",
        "100",
        "ifrs-full:CurrentDividendPayables",
    ),
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
    (
        PL,
        (),
        "Share of profit of associates",
        "1",
        "ifrs-full:ShareOfProfitLossOfAssociatesAndJointVenturesAccountedForUsingEquityMethod",
    ),
    (PL, (), "Profit before tax", "30", "ifrs-full:ProfitLossBeforeTax"),
    (PL, (), "Income tax expense", "-9", "ifrs-full:IncomeTaxExpenseContinuingOperations"),
    (PL, (), "Profit from discontinued operations", "2", "ifrs-full:ProfitLossFromDiscontinuedOperations"),
    (PL, (), "Profit for the year", "21", "ifrs-full:ProfitLoss"),
    (
        PL,
        ("Profit attributable to:",),
        "Owners of the company",
        "20",
        "ifrs-full:ProfitLossAttributableToOwnersOfParent",
    ),
    (PL, (), "Profit attributable to owners of the company", "20", "ifrs-full:ProfitLossAttributableToOwnersOfParent"),
    (PL, ("Earnings per share",), "Basic earnings per share", "1.25", "ifrs-full:BasicEarningsLossPerShare"),
    (PL, ("Earnings per share",), "Diluted earnings per share", "1.20", "ifrs-full:DilutedEarningsLossPerShare"),
    (
        OCI,
        ("Items that will not be reclassified to profit or loss",),
        "Remeasurements of defined benefit plans",
        "3",
        "ifrs-full:OtherComprehensiveIncomeNetOfTaxGainsLossesOnRemeasurementsOfDefinedBenefitPlans",
    ),
    (
        OCI,
        ("Items that may be reclassified to profit or loss",),
        "Cash flow hedges",
        "2",
        "ifrs-full:OtherComprehensiveIncomeNetOfTaxCashFlowHedges",
    ),
    (
        OCI,
        ("Items that may be reclassified to profit or loss",),
        "Exchange differences on translating foreign operations",
        "2",
        "ifrs-full:OtherComprehensiveIncomeNetOfTaxExchangeDifferencesOnTranslation",
    ),
    (OCI, (), "Total comprehensive income for the year", "25", "ifrs-full:ComprehensiveIncome"),
    (
        CF,
        ("Cash flows from operating activities", "Adjustments for:"),
        "Depreciation",
        "4",
        "ifrs-full:AdjustmentsForDepreciationExpense",
    ),
    (
        CF,
        ("Cash flows from operating activities", "Adjustments for:"),
        "Amortisation of intangible assets",
        "2",
        "ifrs-full:AdjustmentsForAmortisationExpense",
    ),
    (
        CF,
        ("Cash flows from operating activities", "Adjustments for:"),
        "Impairment losses",
        "1",
        "ifrs-full:AdjustmentsForImpairmentLossReversalOfImpairmentLossRecognisedInProfitOrLoss",
    ),
    (
        CF,
        ("Cash flows from operating activities", "Adjustments for:"),
        "Share-based payment expense",
        "1",
        "ifrs-full:AdjustmentsForSharebasedPayments",
    ),
    (
        CF,
        ("Cash flows from operating activities", "Adjustments for:"),
        "Finance costs",
        "2",
        "ifrs-full:AdjustmentsForFinanceCosts",
    ),
    (
        CF,
        ("Cash flows from operating activities",),
        "Decrease (increase) in inventories",
        "-3",
        "ifrs-full:AdjustmentsForDecreaseIncreaseInInventories",
    ),
    (
        CF,
        ("Cash flows from operating activities",),
        "Increase (decrease) in provisions",
        "1",
        "ifrs-full:AdjustmentsForProvisions",
    ),
    (
        CF,
        ("Cash flows from operating activities",),
        "Cash generated from operations",
        "40",
        "ifrs-full:CashFlowsFromUsedInOperations",
    ),
    (
        CF,
        ("Cash flows from operating activities",),
        "Interest paid",
        "-2",
        "ifrs-full:InterestPaidClassifiedAsOperatingActivities",
    ),
    (
        CF,
        ("Cash flows from operating activities",),
        "Income taxes paid",
        "-8",
        "ifrs-full:IncomeTaxesPaidRefundClassifiedAsOperatingActivities",
    ),
    (CF, (), "Net cash from operating activities", "30", "ifrs-full:CashFlowsFromUsedInOperatingActivities"),
    (
        CF,
        ("Cash flows from investing activities",),
        "Purchase of property, plant and equipment",
        "-10",
        "ifrs-full:PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities",
    ),
    (
        CF,
        ("Cash flows from investing activities",),
        "Proceeds from sale of property, plant and equipment",
        "1",
        "ifrs-full:ProceedsFromSalesOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities",
    ),
    (
        CF,
        ("Cash flows from investing activities",),
        "Acquisition of subsidiary, net of cash acquired",
        "-5",
        "ifrs-full:CashFlowsUsedInObtainingControlOfSubsidiariesOrOtherBusinessesClassifiedAsInvestingActivities",
    ),
    (
        CF,
        ("Cash flows from investing activities",),
        "Interest received",
        "1",
        "ifrs-full:InterestReceivedClassifiedAsInvestingActivities",
    ),
    (
        CF,
        ("Cash flows from investing activities",),
        "Dividends received",
        "1",
        "ifrs-full:DividendsReceivedClassifiedAsInvestingActivities",
    ),
    (CF, (), "Net cash used in investing activities", "-13", "ifrs-full:CashFlowsFromUsedInInvestingActivities"),
    (
        CF,
        ("Cash flows from financing activities",),
        "Proceeds from issue of share capital",
        "5",
        "ifrs-full:ProceedsFromIssuingShares",
    ),
    (
        CF,
        ("Cash flows from financing activities",),
        "Purchase of treasury shares",
        "-1",
        "ifrs-full:PaymentsToAcquireOrRedeemEntitysShares",
    ),
    (
        CF,
        ("Cash flows from financing activities",),
        "Proceeds from borrowings",
        "6",
        "ifrs-full:ProceedsFromBorrowingsClassifiedAsFinancingActivities",
    ),
    (
        CF,
        ("Cash flows from financing activities",),
        "Repayment of borrowings",
        "-4",
        "ifrs-full:RepaymentsOfBorrowingsClassifiedAsFinancingActivities",
    ),
    (
        CF,
        ("Cash flows from financing activities",),
        "Principal elements of lease payments",
        "-2",
        "ifrs-full:PaymentsOfLeaseLiabilitiesClassifiedAsFinancingActivities",
    ),
    (
        CF,
        ("Cash flows from financing activities",),
        "Dividends paid to shareholders",
        "-3",
        "ifrs-full:DividendsPaidClassifiedAsFinancingActivities",
    ),
    (
        CF,
        ("Cash flows from financing activities",),
        "Dividends paid to non-controlling interests",
        "-1",
        "ifrs-full:DividendsPaidToNoncontrollingInterestsClassifiedAsFinancingActivities",
    ),
    (CF, (), "Net cash used in financing activities", "-3", "ifrs-full:CashFlowsFromUsedInFinancingActivities"),
    (CF, (), "Net increase in cash and cash equivalents", "14", "ifrs-full:IncreaseDecreaseInCashAndCashEquivalents"),
    (
        CF,
        (),
        "Effects of exchange rate changes on cash and cash equivalents",
        "1",
        "ifrs-full:EffectOfExchangeRateChangesOnCashAndCashEquivalents",
    ),
]
# wordings typical of Japanese IFRS filers' English statements, under the headers they print
JAPANESE_CASES: list[Case] = [
    (FP, CA, "Other financial assets", "100", "ifrs-full:OtherCurrentFinancialAssets"),
    (FP, CA, "Income taxes receivable", "100", "ifrs-full:CurrentTaxAssetsCurrent"),
    (FP, CA, "Contract assets", "100", "ifrs-full:CurrentContractAssets"),
    (FP, CA, "Other current assets", "100", "ifrs-full:OtherCurrentNonfinancialAssets"),
    (
        FP,
        CA,
        "Assets held for sale",
        "100",
        "ifrs-full:NoncurrentAssetsOrDisposalGroupsClassifiedAsHeldForSaleOrAsHeldForDistributionToOwners",
    ),
    (FP, CA, "Total current assets", "100", "ifrs-full:CurrentAssets"),
    (FP, NCA, "Intangible assets", "100", "ifrs-full:IntangibleAssetsOtherThanGoodwill"),
    (
        FP,
        NCA,
        "Investments accounted for using equity method",
        "100",
        "ifrs-full:InvestmentAccountedForUsingEquityMethod",
    ),
    (FP, NCA, "Other financial assets", "100", "ifrs-full:OtherNoncurrentFinancialAssets"),
    (FP, NCA, "Investment property", "100", "ifrs-full:InvestmentProperty"),
    (FP, NCA, "Other non-current assets", "100", "ifrs-full:OtherNoncurrentNonfinancialAssets"),
    (FP, NCA, "Total non-current assets", "100", "ifrs-full:NoncurrentAssets"),
    (FP, CL, "Trade and other payables", "100", "ifrs-full:TradeAndOtherCurrentPayables"),
    (FP, CL, "Bonds and borrowings", "100", "ifrs-full:ShorttermBorrowings"),
    (FP, CL, "Lease liabilities", "100", "ifrs-full:CurrentLeaseLiabilities"),
    (FP, CL, "Other financial liabilities", "100", "ifrs-full:OtherCurrentFinancialLiabilities"),
    (FP, CL, "Income taxes payable", "100", "ifrs-full:CurrentTaxLiabilities"),
    (FP, CL, "Provisions", "100", "ifrs-full:CurrentProvisions"),
    (FP, CL, "Contract liabilities", "100", "ifrs-full:CurrentContractLiabilities"),
    (FP, CL, "Other current liabilities", "100", "ifrs-full:OtherCurrentNonfinancialLiabilities"),
    (
        FP,
        CL,
        "Liabilities directly associated with assets held for sale",
        "100",
        "ifrs-full:LiabilitiesIncludedInDisposalGroupsClassifiedAsHeldForSale",
    ),
    (FP, CL, "Total current liabilities", "100", "ifrs-full:CurrentLiabilities"),
    (FP, NCL, "Bonds and borrowings", "100", "ifrs-full:LongtermBorrowings"),
    (FP, NCL, "Lease liabilities", "100", "ifrs-full:NoncurrentLeaseLiabilities"),
    (FP, NCL, "Other financial liabilities", "100", "ifrs-full:OtherNoncurrentFinancialLiabilities"),
    (FP, NCL, "Retirement benefit liability", "100", "ifrs-full:NoncurrentProvisionsForEmployeeBenefits"),
    (FP, NCL, "Provisions", "100", "ifrs-full:NoncurrentProvisions"),
    (FP, NCL, "Other non-current liabilities", "100", "ifrs-full:OtherNoncurrentNonfinancialLiabilities"),
    (FP, NCL, "Total non-current liabilities", "100", "ifrs-full:NoncurrentLiabilities"),
    (FP, ("Liabilities and equity", "Liabilities"), "Total liabilities", "100", "ifrs-full:Liabilities"),
    (FP, EQ, "Capital surplus", "100", "ifrs-full:SharePremium"),
    (FP, EQ, "Treasury shares", "-100", "ifrs-full:TreasuryShares"),
    (FP, EQ, "Other components of equity", "100", "ifrs-full:OtherReserves"),
    (
        FP,
        EQ,
        "Total equity attributable to owners of the parent",
        "100",
        "ifrs-full:EquityAttributableToOwnersOfParent",
    ),
    (FP, ("Liabilities and equity",), "Total liabilities and equity", "100", "ifrs-full:EquityAndLiabilities"),
    (PL, (), "Revenue", "100", "ifrs-full:Revenue"),
    (PL, (), "Selling, general and administrative expenses", "-20", "ifrs-full:SellingGeneralAndAdministrativeExpense"),
    (PL, (), "Other income", "3", "ifrs-full:OtherIncome"),
    (PL, (), "Other expenses", "-2", "ifrs-full:OtherExpenseByFunction"),
    (PL, (), "Operating profit", "30", "ifrs-full:ProfitLossFromOperatingActivities"),
    (PL, (), "Financial expenses", "-2", "ifrs-full:FinanceCosts"),
    (
        PL,
        (),
        "Share of profit (loss) of investments accounted for using equity method",
        "1",
        "ifrs-full:ShareOfProfitLossOfAssociatesAndJointVenturesAccountedForUsingEquityMethod",
    ),
    (PL, (), "Profit before income taxes", "29", "ifrs-full:ProfitLossBeforeTax"),
    (PL, (), "Income taxes", "-9", "ifrs-full:IncomeTaxExpenseContinuingOperations"),
    (PL, (), "Profit", "20", "ifrs-full:ProfitLoss"),
    (PL, ("Profit attributable to",), "Owners of the parent", "19", "ifrs-full:ProfitLossAttributableToOwnersOfParent"),
    (
        PL,
        ("Profit attributable to",),
        "Non-controlling interests",
        "1",
        "ifrs-full:ProfitLossAttributableToNoncontrollingInterests",
    ),
    (PL, ("Earnings per share",), "Basic earnings per share (yen)", "52.10", "ifrs-full:BasicEarningsLossPerShare"),
    (PL, (), "Diluted earnings per share (Yen)", "51.90", "ifrs-full:DilutedEarningsLossPerShare"),
    (
        PL,
        ("Earnings per share attributable to owners of the parent",),
        "Basic (yen)",
        "52.10",
        "ifrs-full:BasicEarningsLossPerShare",
    ),
    (OCI, (), "Profit", "20", "ifrs-full:ProfitLoss"),
    (
        OCI,
        NOT_RECYCLED,
        "Net change in fair value of equity instruments designated as measured at fair value through other comprehensive income",
        "2",
        "ifrs-full:OtherComprehensiveIncomeNetOfTaxGainsLossesFromInvestmentsInEquityInstruments",
    ),
    (
        OCI,
        NOT_RECYCLED,
        "Remeasurements of net defined benefit liability (asset)",
        "1",
        "ifrs-full:OtherComprehensiveIncomeNetOfTaxGainsLossesOnRemeasurementsOfDefinedBenefitPlans",
    ),
    (
        OCI,
        NOT_RECYCLED,
        "Share of other comprehensive income of investments accounted for using equity method",
        "1",
        "ifrs-full:ShareOfOtherComprehensiveIncomeOfAssociatesAndJointVenturesAccountedForUsingEquityMethodThatWillNotBeReclassifiedToProfitOrLossNetOfTax",
    ),
    (
        OCI,
        NOT_RECYCLED,
        "Total of items that will not be reclassified to profit or loss",
        "4",
        "ifrs-full:OtherComprehensiveIncomeThatWillNotBeReclassifiedToProfitOrLossNetOfTax",
    ),
    (
        OCI,
        RECYCLED,
        "Exchange differences on translation of foreign operations",
        "3",
        "ifrs-full:OtherComprehensiveIncomeNetOfTaxExchangeDifferencesOnTranslation",
    ),
    (
        OCI,
        RECYCLED,
        "Effective portion of net change in fair value of cash flow hedges",
        "1",
        "ifrs-full:OtherComprehensiveIncomeNetOfTaxCashFlowHedges",
    ),
    (
        OCI,
        RECYCLED,
        "Share of other comprehensive income of investments accounted for using equity method",
        "1",
        "ifrs-full:ShareOfOtherComprehensiveIncomeOfAssociatesAndJointVenturesAccountedForUsingEquityMethodThatWillBeReclassifiedToProfitOrLossNetOfTax",
    ),
    (
        OCI,
        RECYCLED,
        "Total of items that may be reclassified to profit or loss",
        "5",
        "ifrs-full:OtherComprehensiveIncomeThatWillBeReclassifiedToProfitOrLossNetOfTax",
    ),
    (OCI, (), "Other comprehensive income, net of tax", "9", "ifrs-full:OtherComprehensiveIncome"),
    (OCI, (), "Comprehensive income", "29", "ifrs-full:ComprehensiveIncome"),
    (
        OCI,
        ("Comprehensive income attributable to",),
        "Owners of the parent",
        "28",
        "ifrs-full:ComprehensiveIncomeAttributableToOwnersOfParent",
    ),
    (
        OCI,
        ("Comprehensive income attributable to",),
        "Non-controlling interests",
        "1",
        "ifrs-full:ComprehensiveIncomeAttributableToNoncontrollingInterests",
    ),
    (CF, OP, "Profit before tax", "29", "ifrs-full:ProfitLossBeforeTax"),
    (CF, OP, "Depreciation and amortization", "10", "ifrs-full:AdjustmentsForDepreciationAndAmortisationExpense"),
    (
        CF,
        OP,
        "Impairment losses (reversal of impairment losses)",
        "1",
        "ifrs-full:AdjustmentsForImpairmentLossReversalOfImpairmentLossRecognisedInProfitOrLoss",
    ),
    (
        CF,
        OP,
        "Share of loss (profit) of investments accounted for using equity method",
        "-1",
        "ifrs-full:AdjustmentsForUndistributedProfitsOfInvestmentsAccountedForUsingEquityMethod",
    ),
    (
        CF,
        OP,
        "Loss (gain) on sale of property, plant and equipment",
        "1",
        "ifrs-full:AdjustmentsForGainLossOnDisposalsPropertyPlantAndEquipment",
    ),
    (
        CF,
        OP,
        "(Increase) decrease in trade and other receivables",
        "-5",
        "ifrs-full:AdjustmentsForDecreaseIncreaseInTradeAndOtherReceivables",
    ),
    (CF, OP, "(Increase) decrease in inventories", "-2", "ifrs-full:AdjustmentsForDecreaseIncreaseInInventories"),
    (
        CF,
        OP,
        "(Increase) decrease in contract assets",
        "-1",
        "ifrs-full:AdjustmentsForDecreaseIncreaseInContractAssets",
    ),
    (
        CF,
        OP,
        "Increase (decrease) in trade and other payables",
        "3",
        "ifrs-full:AdjustmentsForIncreaseDecreaseInTradeAndOtherPayables",
    ),
    (
        CF,
        OP,
        "Increase (decrease) in contract liabilities",
        "2",
        "ifrs-full:AdjustmentsForIncreaseDecreaseInContractLiabilities",
    ),
    (
        CF,
        OP,
        "Increase (decrease) in retirement benefit liability",
        "1",
        "ifrs-full:AdjustmentsForIncreaseDecreaseInEmployeeBenefitLiabilities",
    ),
    (CF, OP, "Subtotal", "40", "ifrs-full:CashFlowsFromUsedInOperations"),
    (CF, OP, "Interest received", "1", "ifrs-full:InterestReceivedClassifiedAsOperatingActivities"),
    (CF, OP, "Dividends received", "1", "ifrs-full:DividendsReceivedClassifiedAsOperatingActivities"),
    (CF, OP, "Income taxes refund", "1", "ifrs-full:IncomeTaxesRefundClassifiedAsOperatingActivities"),
    (CF, OP, "Income taxes paid or refunded", "-8", "ifrs-full:IncomeTaxesPaidRefundClassifiedAsOperatingActivities"),
    (
        CF,
        (),
        "Net cash provided by (used in) operating activities",
        "30",
        "ifrs-full:CashFlowsFromUsedInOperatingActivities",
    ),
    (
        CF,
        INV,
        "Purchase of intangible assets",
        "-3",
        "ifrs-full:PurchaseOfIntangibleAssetsClassifiedAsInvestingActivities",
    ),
    (
        CF,
        INV,
        "Proceeds from sales of property, plant and equipment",
        "1",
        "ifrs-full:ProceedsFromSalesOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities",
    ),
    (CF, INV, "Proceeds from sales of investment property", "1", "ifrs-full:ProceedsFromSalesOfInvestmentProperty"),
    (
        CF,
        INV,
        "Payments for acquisition of subsidiaries",
        "-5",
        "ifrs-full:CashFlowsUsedInObtainingControlOfSubsidiariesOrOtherBusinessesClassifiedAsInvestingActivities",
    ),
    (
        CF,
        INV,
        "Purchase of investments accounted for using equity method",
        "-2",
        "ifrs-full:PurchaseOfInterestsInInvestmentsAccountedForUsingEquityMethod",
    ),
    (
        CF,
        INV,
        "Proceeds from sale of investments accounted for using equity method",
        "2",
        "ifrs-full:ProceedsFromSalesOfInvestmentsAccountedForUsingEquityMethod",
    ),
    (
        CF,
        (),
        "Net cash provided by (used in) investing activities",
        "-10",
        "ifrs-full:CashFlowsFromUsedInInvestingActivities",
    ),
    (
        CF,
        FIN,
        "Net increase (decrease) in short-term borrowings",
        "2",
        "ifrs-full:CashFlowsFromUsedInIncreaseDecreaseInCurrentBorrowings",
    ),
    (CF, FIN, "Proceeds from long-term borrowings", "5", "ifrs-full:ProceedsFromNoncurrentBorrowings"),
    (CF, FIN, "Repayments of long-term borrowings", "-4", "ifrs-full:RepaymentsOfNoncurrentBorrowings"),
    (CF, FIN, "Proceeds from issuance of bonds", "10", "ifrs-full:ProceedsFromIssueOfBondsNotesAndDebentures"),
    (CF, FIN, "Redemption of bonds", "-10", "ifrs-full:RepaymentsOfBondsNotesAndDebentures"),
    (
        CF,
        FIN,
        "Repayments of lease liabilities",
        "-3",
        "ifrs-full:PaymentsOfLeaseLiabilitiesClassifiedAsFinancingActivities",
    ),
    (CF, FIN, "Payments for purchase of treasury shares", "-1", "ifrs-full:PaymentsToAcquireOrRedeemEntitysShares"),
    (CF, FIN, "Dividends paid", "-6", "ifrs-full:DividendsPaidClassifiedAsFinancingActivities"),
    (
        CF,
        (),
        "Net cash provided by (used in) financing activities",
        "-8",
        "ifrs-full:CashFlowsFromUsedInFinancingActivities",
    ),
    (
        CF,
        (),
        "Net increase (decrease) in cash and cash equivalents",
        "12",
        "ifrs-full:IncreaseDecreaseInCashAndCashEquivalents",
    ),
    (
        CF,
        (),
        "Effect of exchange rate changes on cash and cash equivalents",
        "1",
        "ifrs-full:EffectOfExchangeRateChangesOnCashAndCashEquivalents",
    ),
    (
        FP,
        CA,
        "Subtotal",
        "100",
        "ifrs-full:CurrentAssetsOtherThanAssetsOrDisposalGroupsClassifiedAsHeldForSaleOrAsHeldForDistributionToOwners",
    ),
    (
        FP,
        CL,
        "Subtotal",
        "100",
        "ifrs-full:CurrentLiabilitiesOtherThanLiabilitiesIncludedInDisposalGroupsClassifiedAsHeldForSale",
    ),
    (FP, EQ, "Equity attributable to owners of parent", "100", "ifrs-full:EquityAttributableToOwnersOfParent"),
    (PL, (), "Research and development expenses", "-5", "ifrs-full:ResearchAndDevelopmentExpense"),
    (PL, (), "Foreign exchange gains", "1", "ifrs-full:ForeignExchangeGain"),
    (PL, (), "Financial costs", "-2", "ifrs-full:FinanceCosts"),
    (PL, (), "Quarterly profit", "20", "ifrs-full:ProfitLoss"),
    (
        PL,
        ("Quarterly profit attributable to",),
        "Owners of the parent",
        "19",
        "ifrs-full:ProfitLossAttributableToOwnersOfParent",
    ),
    (
        PL,
        ("Quarterly earnings per share",),
        "Basic quarterly earnings per share (yen)",
        "12.34",
        "ifrs-full:BasicEarningsLossPerShare",
    ),
    (
        PL,
        ("Quarterly earnings per share",),
        "Diluted quarterly earnings per share (yen)",
        "12.30",
        "ifrs-full:DilutedEarningsLossPerShare",
    ),
    (OCI, (), "Quarterly comprehensive income", "25", "ifrs-full:ComprehensiveIncome"),
    (
        OCI,
        NOT_RECYCLED,
        "Financial assets measured at fair value through other comprehensive income",
        "2",
        "ifrs-full:OtherComprehensiveIncomeNetOfTaxGainsLossesFromInvestmentsInEquityInstruments",
    ),
    (CF, OP, "Interest and dividends received", "2", "ex:InterestAndDividendsReceivedClassifiedAsOperatingActivities"),
    (CF, INV, "Purchase of investment property", "-1", "ifrs-full:PurchaseOfInvestmentProperty"),
    (
        CF,
        INV,
        "Purchase of other financial assets",
        "-3",
        "ifrs-full:PurchaseOfFinancialInstrumentsClassifiedAsInvestingActivities",
    ),
    (
        CF,
        INV,
        "Proceeds from sale and redemption of other financial assets",
        "2",
        "ifrs-full:ProceedsFromSalesOrMaturityOfFinancialInstrumentsClassifiedAsInvestingActivities",
    ),
    (CF, FIN, "Proceeds from short-term borrowings", "3", "ifrs-full:ProceedsFromCurrentBorrowings"),
    (CF, FIN, "Repayments of short-term borrowings", "-3", "ifrs-full:RepaymentsOfCurrentBorrowings"),
    (CF, FIN, "Proceeds from sale of treasury shares", "1", "ifrs-full:ProceedsFromSaleOrIssueOfTreasuryShares"),
    (
        CF,
        FIN,
        "Capital contribution from non-controlling interests",
        "1",
        "ifrs-full:ProceedsFromContributionsOfNoncontrollingInterests",
    ),
    (
        CF,
        FIN,
        "Payments for acquisition of interests in subsidiaries from non-controlling interests",
        "-2",
        "ifrs-full:PaymentsFromChangesInOwnershipInterestsInSubsidiaries",
    ),
]
CASES = GENERAL_CASES + JAPANESE_CASES


def _filing(kind: StatementKind, headers: tuple[str, ...], label: str, value: str) -> Filing:
    """One statement holding the headers, then the line: the smallest context the engine reads."""
    lines = [Line(f"h{depth}", header, depth, (None,)) for depth, header in enumerate(headers)]
    lines.append(Line("line", label, len(headers), (Decimal(value),)))
    return _filing_of(_statement(kind, lines))


def _statement(kind: StatementKind, lines: list[Line], statement_id: str = "s") -> Statement:
    period = Instant(date(2023, 12, 31)) if kind is FP else Duration(date(2023, 1, 1), date(2023, 12, 31))
    return Statement(statement_id, kind, "Statement", (Column("c", period),), tuple(lines))


def _filing_of(*statements: Statement) -> Filing:
    return Filing(
        entity=Entity("Example plc", "0000", "http://www.example.com"),
        extension=Extension("ex", "http://www.example.com/xbrl/2023"),
        period=Duration(date(2023, 1, 1), date(2023, 12, 31)),
        currency="EUR",
        scale=3,
        title="Test",
        statements=statements,
    )


def _map(packages: list[Path], case: Case) -> MappedFiling:
    kind, headers, label, value, _ = case
    return map_filing(_filing(kind, headers, label, value), load_ifrs(packages), common_rule_sets())


def _misses(packages: list[Path], cases: list[Case]) -> list[str]:
    misses = []
    for case in cases:
        (row,) = [r for r in mapping_report(_map(packages, case)) if r.line_id == "line"]
        if row.concept != case[4]:
            misses.append(
                f"{case[2]!r} ({case[0].value}): got {row.concept} by {row.layer} {row.score}, want {case[4]}"
            )
    return misses


def test_mapping_accuracy(packages: list[Path], record_property: pytest.RecordProperty) -> None:
    general, japanese = _misses(packages, GENERAL_CASES), _misses(packages, JAPANESE_CASES)
    misses = general + japanese
    accuracy = 1 - len(misses) / len(CASES)
    summary = (
        f"mapping accuracy {accuracy:.1%} on {len(CASES)} labels "
        f"({1 - len(general) / len(GENERAL_CASES):.1%} on {len(GENERAL_CASES)} general, "
        f"{1 - len(japanese) / len(JAPANESE_CASES):.1%} on {len(JAPANESE_CASES)} Japanese-filer wordings); misses: "
        + ("; ".join(misses) or "none")
    )
    print(summary)
    record_property("mapping_accuracy", f"{accuracy:.4f}")
    record_property("mapping_misses", "; ".join(misses))
    assert len(GENERAL_CASES) >= 60 and len(JAPANESE_CASES) >= 40
    assert accuracy >= MIN_ACCURACY, summary


def test_report_is_deterministic(packages: list[Path]) -> None:
    rows = mapping_report(_map(packages, CASES[0]))
    assert format_json(rows) == format_json(mapping_report(_map(packages, CASES[0])))
    assert "ifrs-full:PropertyPlantAndEquipment" in format_text(rows)


def test_breakdown_extensions_are_explained_and_others_flagged(packages: list[Path]) -> None:
    """Cost lines adding up to cost of sales get company concepts the report explains as a
    breakdown; a cost line standing alone is flagged for a human look."""
    lines = [
        Line("head", "Cost of sales", 0, (None,)),
        Line("widgets", "Cost of widget assembly", 1, (Decimal(-60),)),
        Line("gadgets", "Cost of gadget services", 1, (Decimal(-40),)),
        Line("total", "Total cost of sales", 1, (Decimal(-100),), total=True),
        Line("levy", "Tax on widgets", 0, (Decimal(-5),)),
    ]
    rows = {
        r.line_id: r
        for r in mapping_report(map_filing(_filing_of(_statement(PL, lines)), load_ifrs(packages), common_rule_sets()))
    }
    assert rows["total"].concept == "ifrs-full:CostOfSales" and rows["total"].flag == ""
    for line_id in ("widgets", "gadgets"):
        assert rows[line_id].concept.startswith("ex:") and rows[line_id].flag == "~", rows[line_id]
        assert "breaks down ifrs-full:CostOfSales" in rows[line_id].why
    assert rows["levy"].concept == "ex:TaxOnWidgets" and rows["levy"].flag == "!"
    text = format_text(list(rows.values()))
    assert "2 explained (~)" in text and "1 low confidence unexplained (!)" in text


def test_one_wording_in_two_statements_gets_two_company_concepts(packages: list[Path]) -> None:
    """A gain in profit or loss (credit) and its reversal among cash-flow adjustments (debit side)
    cannot share one extension concept; the engine names the second after its statement."""
    gain = "Net gain on sales of widgets"
    pl = _statement(PL, [Line("gain", gain, 0, (Decimal(5),))], "pl")
    cf = _statement(
        CF,
        [Line("op", "Cash flows from operating activities", 0, (None,)), Line("gain", gain, 1, (Decimal(-5),))],
        "cf",
    )
    mapped = map_filing(_filing_of(pl, cf), load_ifrs(packages), common_rule_sets())
    concepts = {r.statement: r.concept for r in mapping_report(mapped) if r.line_id == "gain"}
    assert concepts == {"pl": "ex:NetGainOnSalesOfWidgets", "cf": "ex:NetGainOnSalesOfWidgetsCashFlows"}
    assert (
        mapped.extensions["ex:NetGainOnSalesOfWidgets"].balance
        != mapped.extensions["ex:NetGainOnSalesOfWidgetsCashFlows"].balance
    )


def test_text_report_fits_the_terminal_and_json_keeps_everything(packages: list[Path]) -> None:
    rows = mapping_report(map_statements(read_statements(EXAMPLES / "iij-2020-q1"), packages, []))
    text = format_text(rows)
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    longest = max(rows, key=lambda r: len(r.concept))
    assert len(longest.concept) > WIDTH // 2 and longest.concept not in text
    assert json.loads(format_json(rows))[rows.index(longest)]["concept"] == longest.concept


def test_build_writes_the_mapping_report(packages: list[Path], tmp_path: Path) -> None:
    """Next to the filing, the same rows ``map`` prints: one per tagged line, same concept."""
    result = build(EXAMPLES / "iij-2020-q1", tmp_path, packages, check=False)
    name = result.instance.stem
    assert {tmp_path / f"{name}-mapping.json", tmp_path / f"{name}-mapping.txt"} <= set(result.files)
    written = json.loads((tmp_path / f"{name}-mapping.json").read_text(encoding="utf-8"))
    expected = mapping_report(map_statements(read_statements(EXAMPLES / "iij-2020-q1"), packages, []))
    assert [(r["statement"], r["line_id"], r["concept"]) for r in written] == [
        (r.statement, r.line_id, r.concept) for r in expected
    ]
    tagged = {
        (s.statement.id, t.line.id, t.concept.qname) for s in result.mapped.statements for t in s.lines if t.concept
    }
    assert {(r["statement"], r["line_id"], r["concept"]) for r in written} == tagged
    assert (tmp_path / f"{name}-mapping.txt").read_text(encoding="utf-8") == format_text(expected)


def test_a_cash_flow_adjustment_never_shares_the_gain_it_reverses(packages: list[Path]) -> None:
    """A cash-flow adjustment worded like the profit-or-loss gain it reverses, with another value,
    is not given that gain's concept (which would be one fact with two values): the IFRS
    statements rank the cash-flow concept first, and a guess the figures contradict would be
    vetoed."""
    gain = "Foreign exchange gain (loss), net"
    profit_or_loss = _statement(StatementKind.PROFIT_OR_LOSS, [Line("fx", gain, 0, (Decimal("-90500"),))], "pl")
    cash_flows = _statement(
        StatementKind.CASH_FLOWS, [Line("fx", "Foreign exchange loss (gain), net", 0, (Decimal("73002"),))], "cf"
    )
    mapped = map_filing(_filing_of(profit_or_loss, cash_flows), load_ifrs(packages), common_rule_sets())
    first, second = (s.lines[0].concept.qname for s in mapped.statements)  # type: ignore[union-attr]
    assert first != second
    assert second.startswith("ifrs-full:AdjustmentsFor")
    from xbrl_gen.facts import derive_facts

    facts, _ = derive_facts(mapped)
    assert len(facts) == 2


def test_a_common_wording_the_figures_contradict_is_vetoed(packages: list[Path]) -> None:
    """Two lines a general wording table gives one concept with two values ("Revenue" printed as
    a memo above "Turnover", a part of it) do not fail the build: the line whose label is not the
    concept's own label gives it up with a warning and gets its next best concept or an
    extension."""
    lines = [
        Line("revenue", "Revenue", 0, (Decimal("9340"),), where="s.yaml:4"),
        Line("turnover", "Turnover", 0, (Decimal("9136"),), where="s.yaml:5"),
    ]
    mapped = map_filing(
        _filing_of(_statement(StatementKind.PROFIT_OR_LOSS, lines)), load_ifrs(packages), common_rule_sets()
    )
    revenue, turnover = mapped.statements[0].lines
    assert revenue.concept is not None and revenue.concept.qname == "ifrs-full:Revenue"
    assert turnover.concept is not None and turnover.concept.qname != "ifrs-full:Revenue"
    (issue,) = [i for i in mapped.issues if i.code == "guess-contradicts-figures"]
    assert issue.where == "s.yaml:5"
    assert issue.message == (
        "s: 'Turnover' was mapped by common IFRS wordings to ifrs-full:Revenue, which s.yaml:4 reports with a "
        "different value; mapped without it"
    )
    unplaced = [replace(line, where="") for line in lines]  # lines built in code have no source place
    mapped = map_filing(_filing_of(_statement(PL, unplaced)), load_ifrs(packages), common_rule_sets())
    (issue,) = [i for i in mapped.issues if i.code == "guess-contradicts-figures"]
    assert "to ifrs-full:Revenue, which another line reports with a different value" in issue.message
    from xbrl_gen.facts import derive_facts

    facts, _ = derive_facts(mapped)
    assert len(facts) == 2


def test_section_decides_between_current_and_noncurrent_variants(packages: list[Path]) -> None:
    """A label naming a concept without its section ("Provisions") gets the section's variant."""
    current = _map(packages, (FP, ("Liabilities", "Current liabilities"), "Provisions", "5", ""))
    noncurrent = _map(packages, (FP, ("Liabilities", "Non-current liabilities"), "Provisions", "5", ""))
    assert [m.statements[0].lines[-1].concept.qname for m in (current, noncurrent)] == [  # type: ignore[union-attr]
        "ifrs-full:CurrentProvisions",
        "ifrs-full:NoncurrentProvisions",
    ]


def test_a_line_worded_as_a_standard_label_gets_that_concept_when_it_fits(packages: list[Path]) -> None:
    """ "Current biological assets" is the IFRS taxonomy's standard label of the instant concept
    CurrentBiologicalAssets and in no wording table: the standard-label layer takes it for a
    balance sheet line, less sure than a wording table's 1.0 and surer than an extension's 0.0,
    and passes it over for an income statement line (a duration)."""
    label = "Current biological assets"
    (balance_row,) = [r for r in mapping_report(_map(packages, (FP, CA, label, "5", ""))) if r.line_id == "line"]
    assert (balance_row.concept, balance_row.layer) == ("ifrs-full:CurrentBiologicalAssets", "taxonomy standard label")
    assert balance_row.score is not None and 0.0 < balance_row.score < 1.0
    (flow_row,) = [r for r in mapping_report(_map(packages, (PL, (), label, "5", ""))) if r.line_id == "line"]
    assert flow_row.layer != "taxonomy standard label"
    assert flow_row.concept != "ifrs-full:CurrentBiologicalAssets"


def test_the_report_says_each_line_s_section_and_why_a_given_concept_was_taken(packages: list[Path]) -> None:
    """A concept the statements give (``concept:``) is reported as given, in the section the line
    is printed in; opening and closing lines of a statement of changes in equity are its balance
    (the axis table's ``balance``: Equity)."""
    lines = [
        Line("h", "Current assets", 0, (None,)),
        Line("x", "Goods held", 1, (Decimal(5),), concept="ifrs-full:Inventories"),
    ]
    (row,) = [
        r
        for r in mapping_report(map_filing(_filing_of(_statement(FP, lines)), load_ifrs(packages), []))
        if r.line_id == "x"
    ]
    assert (row.concept, row.layer, row.section, row.why) == (
        "ifrs-full:Inventories",
        "explicit",
        "current",
        "concept: given in the statements",
    )
    equity = [
        Line("open", "Balance at January 1, 2023", 0, (Decimal(50),), at="start"),
        Line("profit", "Profit for the year", 0, (Decimal(5),)),
        Line("close", "Balance at December 31, 2023", 0, (Decimal(55),), at="end"),
    ]
    mapped = map_filing(
        _filing_of(_statement(StatementKind.CHANGES_IN_EQUITY, equity)), load_ifrs(packages), common_rule_sets()
    )
    balances = [(r.concept, r.layer) for r in mapping_report(mapped) if r.line_id in ("open", "close")]
    assert balances == [("ifrs-full:Equity", "opening/closing balance")] * 2


def test_the_text_report_cuts_a_label_at_its_end_and_a_concept_in_its_middle() -> None:
    """Labels keep their start, QNames their start and their distinguishing end; each row names
    its layer by its short name."""
    label = "Proceeds from disposals of widgets and gadgets held for sale"
    concept = "ifrs-full:ProceedsFromSalesOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities"
    row = ReportRow("cf", "x", label, concept, "taxonomy search", "investing", 1.5, None, False, False, "")
    (line,) = [line for line in format_text([row]).splitlines() if line.endswith(" 1.50")]
    assert line.split() == [*(label[:32] + "…").split(), concept[:24] + "…" + concept[-25:], "search", "1.50"]
    assert len(line) <= WIDTH
    # the legend closes the text, a line of its own
    assert format_text([row]).endswith("each line's section: --json.\n")


def test_an_unexplained_weak_row_names_its_runner_up_and_its_why_keeps_qnames_whole() -> None:
    """Under a weak search hit the report names the runner-up, under a weak extension the nearest
    IFRS concept, unless the reason names it already; a reason wraps between words, never inside
    a QName (whose hyphen a hyphen-breaking wrap would split)."""
    search = ReportRow(
        "pl",
        "a",
        "Royalties",
        "ifrs-full:RevenueFromRoyalties",
        "taxonomy search",
        None,
        0.9,
        "ifrs-full:Revenue",
        True,
        False,
        "best standard-label match, scored 0.90 < 1.00",
    )
    extension = replace(
        search, concept="ex:Royalties", layer="extension", score=0.0, why="nearest IFRS concept scored 0.70 < 0.80"
    )
    named = replace(extension, why="near ifrs-full:Revenue")
    long = replace(search, low_confidence=False, concept="ex:Fees", why="x" * 80 + " ifrs-full:ProceedsFromSales")
    text = format_text([search, extension, named, long])
    assert "    why: best standard-label match, scored 0.90 < 1.00; runner-up ifrs-full:Revenue\n" in text
    assert "    why: nearest IFRS concept scored 0.70 < 0.80 (ifrs-full:Revenue)\n" in text
    assert "    why: near ifrs-full:Revenue\n" in text
    assert "         ifrs-full:ProceedsFromSales\n" in text


def test_only_an_extension_breaking_down_its_total_s_concept_is_explained() -> None:
    """A weak extension under a total whose IFRS concept is also its nearest one is explained (~):
    IFRS has nothing narrower. A weak search hit whose runner-up is its total's concept is not:
    IFRS has a concept for it, and the search may have taken the wrong one (!)."""
    total = "ifrs-full:LeaseLiabilities"

    def tagged(line_id: str, label: str, qname: str, choice: MappingChoice, parent: str | None) -> TaggedLine:
        concept = Concept(
            qname=qname,
            period_type=PeriodType.INSTANT,
            balance=Balance.CREDIT,
            item_type=ItemType.MONETARY,
            label=label,
            data_type="xbrli:monetaryItemType",
        )
        return TaggedLine(Line(line_id, label, 1, (Decimal(5),)), concept, choice=choice, calc_parent=parent)

    nearest = "nearest IFRS concept scored 0.70 < 0.80"
    lines = (
        tagged(
            "a", "Lease debts", "ifrs-full:CurrentLeaseLiabilities", MappingChoice("taxonomy search", 0.9, total), "t"
        ),
        tagged(
            "b", "Car lease liabilities", "ex:CarLeaseLiabilities", MappingChoice("extension", 0.0, total, nearest), "t"
        ),
        tagged("t", "Lease liabilities", total, MappingChoice("taxonomy standard label", 0.9), None),
    )
    statement = TaggedStatement(_statement(FP, [t.line for t in lines]), lines, "r", "r")
    rows = {r.line_id: r for r in mapping_report(MappedFiling(_filing_of(statement.statement), [statement]))}
    assert (rows["a"].flag, rows["a"].why) == ("!", "best standard-label match, scored 0.90 < 1.00")
    assert (rows["b"].flag, rows["b"].why) == ("~", f"breaks down {total}, its total and the nearest IFRS concept")


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)))


@given(
    st.lists(
        st.builds(
            ReportRow,
            statement=_TEXT,
            line_id=_TEXT,
            label=_TEXT,
            concept=_TEXT,
            layer=_TEXT,
            section=st.none() | _TEXT,
            score=st.floats(allow_nan=True, allow_infinity=True),
            runner_up=st.none() | _TEXT,
            low_confidence=st.booleans(),
            explained=st.booleans(),
            why=_TEXT,
        ),
        max_size=4,
    )
)
def test_the_json_mapping_report_is_json_s_own_indented_layout(rows: list[ReportRow]) -> None:
    assert format_json(rows) == json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False) + "\n"
