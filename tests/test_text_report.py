"""The text-report converter on the shared seed reports, read in place, and on malformed variants
of them made in a temporary directory."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from xbrl_gen.checks import check_filing
from xbrl_gen.errors import InputError
from xbrl_gen.mapping.dimensions import axis_specs, dimension_for
from xbrl_gen.model import Duration, Entity, Extension, Filing, Instant, Issue, Line, Statement, StatementKind
from xbrl_gen.sources.structured import dumps, loads
from xbrl_gen.sources.text.entity import detect
from xbrl_gen.sources.text.periods import duration_ending
from xbrl_gen.sources.text.tokens import parse_amount
from xbrl_gen.sources.text_report import can_read, read_report
from xbrl_gen.summations import infer_summations

SEEDS = Path(__file__).parents[2] / "shared" / "seeds"

FP, PL, CI, CE, CF, SEG = (
    StatementKind.FINANCIAL_POSITION,
    StatementKind.PROFIT_OR_LOSS,
    StatementKind.COMPREHENSIVE_INCOME,
    StatementKind.CHANGES_IN_EQUITY,
    StatementKind.CASH_FLOWS,
    StatementKind.SEGMENTS,
)


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed report {prefix} not found in {SEEDS} (shared seeds not available)")
    return found[0]


@cache
def _converted(path: Path) -> tuple[Filing, tuple[Issue, ...]]:
    filing, issues = read_report(path)
    return filing, tuple(issues)


def converted(prefix: str) -> tuple[Filing, tuple[Issue, ...]]:
    return _converted(seed(prefix))


def statement(prefix: str, statement_id: str) -> Statement:
    filing, _ = converted(prefix)
    return next(s for s in filing.statements if s.id == statement_id)


def line(found: Statement, name: str) -> Line:
    """A line by label, as printed in any case (labels printed in capitals are made readable,
    see test_labels_printed_in_capitals_are_made_readable); "Borrowings#2" is the second line so
    labelled."""
    label, _, nth = name.partition("#")
    return [li for li in found.lines if li.label.casefold() == label.casefold()][int(nth or 1) - 1]


def amounts(*printed: str | None) -> tuple[Decimal | None, ...]:
    return tuple(None if p is None else Decimal(p) for p in printed)


def q(months: int, end: str) -> Duration:
    return duration_ending(date.fromisoformat(end), months)


def i(day: str) -> Instant:
    return Instant(date.fromisoformat(day))


# -- statements found -------------------------------------------------------------------------

IFRS_Q1 = [
    ("financial-position", FP, 56, [i("2020-03-31"), i("2020-06-30")]),
    ("profit-or-loss", PL, 28, [q(3, "2019-06-30"), q(3, "2020-06-30")]),
    ("comprehensive-income", CI, 16, [q(3, "2019-06-30"), q(3, "2020-06-30")]),
    ("changes-in-equity-2019", CE, 12, [q(3, "2019-06-30")] * 8),
    ("changes-in-equity-2020", CE, 11, [q(3, "2020-06-30")] * 8),
    ("cash-flows", CF, 51, [q(3, "2019-06-30"), q(3, "2020-06-30")]),
    ("segments-2019", SEG, 9, [q(3, "2019-06-30")] * 4),
    ("segments-2020", SEG, 9, [q(3, "2020-06-30")] * 4),
]
FOUND = {
    "000": IFRS_Q1,
    "001": IFRS_Q1,
    "002": [
        ("financial-position", FP, 56, [i("2020-03-31"), i("2020-09-30")]),
        ("profit-or-loss-6m", PL, 28, [q(6, "2019-09-30"), q(6, "2020-09-30")]),
        ("profit-or-loss-3m", PL, 28, [q(3, "2019-09-30"), q(3, "2020-09-30")]),
        ("comprehensive-income-6m", CI, 16, [q(6, "2019-09-30"), q(6, "2020-09-30")]),
        ("comprehensive-income-3m", CI, 16, [q(3, "2019-09-30"), q(3, "2020-09-30")]),
        ("changes-in-equity-2019", CE, 13, [q(6, "2019-09-30")] * 8),
        ("changes-in-equity-2020", CE, 13, [q(6, "2020-09-30")] * 8),
        ("cash-flows", CF, 53, [q(6, "2019-09-30"), q(6, "2020-09-30")]),
        ("segments-2019", SEG, 9, [q(6, "2019-09-30")] * 4),
        ("segments-2020", SEG, 9, [q(6, "2020-09-30")] * 4),
    ],
    "003": [
        ("financial-position", FP, 49, [i("2017-03-31"), i("2017-06-30")]),
        ("profit-or-loss", PL, 49, [q(3, "2016-06-30"), q(3, "2017-06-30")]),
        ("comprehensive-income", CI, 8, [q(3, "2016-06-30"), q(3, "2017-06-30")]),
        ("cash-flows", CF, 57, [q(3, "2016-06-30"), q(3, "2017-06-30")]),
        ("segments-2016", SEG, 4, [q(3, "2016-06-30")] * 4),  # segments as rows, turned into columns
        ("segments-2017", SEG, 4, [q(3, "2017-06-30")] * 4),
    ],
}


@pytest.mark.parametrize("prefix", sorted(FOUND))
def test_statements_found(prefix: str) -> None:
    filing, _ = converted(prefix)
    found = [(s.id, s.kind, len(s.lines), [c.period for c in s.columns]) for s in filing.statements]
    assert found == FOUND[prefix]


@pytest.mark.parametrize(
    ("prefix", "period", "currency", "scale"),
    [
        ("000", q(3, "2020-06-30"), "JPY", 3),
        ("001", q(3, "2020-06-30"), "JPY", 3),
        ("002", q(6, "2020-09-30"), "JPY", 3),
        ("003", q(3, "2017-06-30"), "JPY", 3),
    ],
)
def test_filing_period_and_unit(prefix: str, period: Duration, currency: str, scale: int) -> None:
    filing, _ = converted(prefix)
    assert (filing.period, filing.currency, filing.scale) == (period, currency, scale)


def test_equity_components_and_segments_are_members() -> None:
    equity = statement("000", "changes-in-equity-2020")
    assert [c.member for c in equity.columns] == [
        "Share capital",
        "Share premium",
        "Retained earnings",
        "Other components of equity",
        "Treasury shares",
        "Total",
        "Non-controlling interests",
        "Total equity",
    ]
    assert [c.member for c in statement("001", "changes-in-equity-2020").columns] == [c.member for c in equity.columns]
    segments = statement("001", "segments-2020")
    # the consolidated column is headed by the statement it agrees with: read as printed, and
    # tagged as the axis default (the consolidated amounts), not as a segment of that name
    assert segments.columns[-1].heading == "Condensed quarterly consolidated statements of profit or loss"
    dimension, members, _ = dimension_for(
        segments, axis_specs()[StatementKind.SEGMENTS], Extension("ext", "http://x.invalid")
    )
    assert dimension.members[-1] is None
    assert not any("ProfitOrLoss" in m for m in members)
    assert segments.columns[-1].member == "Consolidated"  # proved by the sums, see below
    assert segments.columns[-1].heading == "Condensed quarterly consolidated statements of profit or loss"


# -- values, as presented -----------------------------------------------------------------------

VALUES = [
    # seed 000: one line per table, flattened
    ("000", "financial-position", "Cash and cash equivalents", ("38671734", "38892573")),
    ("000", "financial-position", "Trade receivables", ("32585326", "28498975")),
    ("000", "financial-position", "Prepaid expenses#2", ("7777997", "7886858")),
    ("000", "financial-position", "Treasury shares", ("-1896921", "-1896921")),
    ("000", "financial-position", "Total assets", ("206524260", "205348880")),
    ("000", "financial-position", "Total equity", ("80057117", "81668259")),
    ("000", "financial-position", "Total liabilities and equity", ("206524260", "205348880")),
    ("000", "profit-or-loss", "Total revenues", ("49828844", "50378505")),
    ("000", "profit-or-loss", "Total cost of sales", ("-42447280", "-42265448")),
    ("000", "profit-or-loss", "Gross Profit", ("7381564", "8113057")),
    (
        "000",
        "profit-or-loss",
        "Share of profit (loss) of investments accounted for using equity method",
        ("112207", "-278907"),
    ),
    ("000", "profit-or-loss", "Basic earnings per share (yen)", ("17.23", "24.76")),
    ("000", "profit-or-loss", "Diluted earnings per share (yen)", ("17.15", "24.64")),
    ("000", "comprehensive-income", "Profit (loss)", ("825754", "1122039")),
    ("000", "comprehensive-income", "Exchange differences on translation of foreign operations", ("-97542", "-25465")),
    ("000", "comprehensive-income", "Total other comprehensive income, net of tax", ("559262", "1139114")),
    ("000", "comprehensive-income", "Total comprehensive income", ("1385016", "2261153")),
    ("000", "comprehensive-income", "Non-controlling interest", ("49241", "5726")),
    (
        "000",
        "changes-in-equity-2019",
        "Balance, March 31, 2019",
        ("25518712", "36225775", "12335035", "4088704", "-1896788", "76271438", "848172", "77119610"),
    ),
    (
        "000",
        "changes-in-equity-2019",
        "Cumulative impact of adopting IFRS 16",
        ("0", "0", "-33728", "0", "0", "-33728", "0", "-33728"),
    ),
    (
        "000",
        "changes-in-equity-2020",
        "Dividends paid",
        ("0", "0", "-608629", "0", "0", "-608629", "-55832", "-664461"),
    ),
    (
        "000",
        "changes-in-equity-2020",
        "Balance, June 30, 2020",
        ("25530621", "36285845", "17260526", "3556766", "-1896921", "80736837", "931422", "81668259"),
    ),
    ("000", "cash-flows", "Proceeds from sales of intangible assets", ("6831", "0")),
    ("000", "cash-flows", "Sub total", ("6524953", "13804142")),
    ("000", "cash-flows", "Cash flows from operating activities", ("5249663", "11635067")),
    ("000", "cash-flows", "Net increase (decrease) in short-term borrowings", ("3000000", "0")),
    ("000", "cash-flows", "Net increase (decrease) in cash and cash equivalents", ("934868", "220839")),
    ("000", "cash-flows", "Cash and cash equivalents, beginning of the period", ("31957789", "38671734")),
    ("000", "cash-flows", "Cash and cash equivalents at beginning of the period", ("32892657", "38892573")),
    ("000", "segments-2020", "Customers", ("49808894", "569611", "0", "50378505")),
    ("000", "segments-2020", "Intersegment transactions", ("48949", "0", "-48949", "0")),
    ("000", "segments-2020", "Finance income", (None, None, None, "79776")),
    ("000", "segments-2019", "Customers", ("48788789", "1040055", "0", "49828844")),
    ("000", "segments-2019", "Total revenue", ("48862305", "1040055", "-73516", "49828844")),
    ("000", "segments-2019", "Segment operating profit", ("999397", "418723", "-37161", "1380959")),
    # seed 001: tab-separated rows, note column, a lost bracket, merged rows, empty cells
    ("001", "financial-position", "Cash and cash equivalents", ("38671734", "38892573")),
    ("001", "financial-position", "Treasury shares", ("-1896921", "-1896921")),
    ("001", "financial-position", "Other financial assets", ("2629332", "1952189")),
    ("001", "financial-position", "Borrowings", ("15580000", "18750000")),
    ("001", "financial-position", "Borrowings#2", ("12170000", "8085000")),
    ("001", "financial-position", "Total assets", ("206524260", "205348880")),
    ("001", "profit-or-loss", "Total revenues", ("49828844", "50378505")),
    ("001", "profit-or-loss", "Operating Profit", ("1380959", "2047229")),
    ("001", "profit-or-loss", "Finance expenses", ("-214613", "-153867")),
    ("001", "profit-or-loss", "Total", ("825754", "1122039")),
    ("001", "profit-or-loss", "Basic earnings per share (yen)", ("17.23", "24.76")),
    ("001", "comprehensive-income", "Total of items that may be reclassified to profit or loss", ("-92895", "-56722")),
    ("001", "comprehensive-income", "Owners of the parent", ("1335775", "2255427")),
    (
        "001",
        "comprehensive-income",
        "Share of other comprehensive income of investments accounted for using equity method",
        ("3962", "-31394"),
    ),
    ("001", "comprehensive-income", "Total other comprehensive income, net of tax", ("559262", "1139114")),
    ("001", "comprehensive-income", "Total comprehensive income", ("1385016", "2261153")),
    (
        "001",
        "changes-in-equity-2019",
        "Balance, March 31, 2019",
        ("25518712", "36225775", "12335035", "4088704", "-1896788", "76271438", "848172", "77119610"),
    ),
    (
        "001",
        "changes-in-equity-2019",
        "Cumulative impact of adopting IFRS 16",
        (None, None, "-33728", None, None, "-33728", None, "-33728"),
    ),
    (
        "001",
        "changes-in-equity-2019",
        "Total comprehensive income",
        ("0", None, "776513", "559262", "0", "1335775", "49241", "1385016"),
    ),
    (
        "001",
        "changes-in-equity-2020",
        "Transfer from other components of equity to retained earnings",
        (None, None, "251849", "-251849", None, "0", "0", None),
    ),
    (
        "001",
        "changes-in-equity-2020",
        "Balance, June 30, 2020",
        ("25530621", "36285845", "17260526", "3556766", "-1896921", "80736837", "931422", "81668259"),
    ),
    ("001", "cash-flows", "Net increase (decrease) in short-term borrowings", ("3000000", None)),
    ("001", "cash-flows", "Proceeds from sales of intangible assets", ("6831", "0")),
    ("001", "cash-flows", "Cash flows from financing activities", (None, None)),
    ("001", "cash-flows", "Cash flows from financing activities#2", ("-2096880", "-6802040")),
    ("001", "cash-flows", "Cash and cash equivalents at end of the period", ("32892657", "38892573")),
    ("001", "segments-2020", "Intersegment transactions", ("48949", None, "-48949", None)),
    ("001", "segments-2020", "Total revenue", ("49857843", "569611", "-48949", "50378505")),
    ("001", "segments-2020", "Segment operating profit", ("1990537", "88603", "-31911", "2047229")),
    ("001", "segments-2019", "Customers", ("48788789", "1040055", "0", "49828844")),
    ("001", "segments-2019", "Segment operating profit", ("999397", "418723", "-37161", "1380959")),
    ("001", "segments-2019", "Profit before taxes", (None, None, None, "1368679")),
    # seed 002: half-year release, 6-month and 3-month statements
    ("002", "financial-position", "Cash and cash equivalents", ("38671734", "41602490")),
    ("002", "financial-position", "Treasury shares", ("-1896921", "-1875112")),
    ("002", "financial-position", "Total assets", ("206524260", "206455156")),
    ("002", "financial-position", "Total liabilities", ("126467143", "122640005")),
    ("002", "financial-position", "Total equity", ("80057117", "83815151")),
    ("002", "profit-or-loss-6m", "Total revenues", ("99219535", "101664990")),
    ("002", "profit-or-loss-6m", "Total cost of sales", ("-84020322", "-84210372")),
    ("002", "profit-or-loss-6m", "Profit (loss) for the period", ("1858353", "2809593")),
    ("002", "profit-or-loss-6m", "Basic earnings per share (yen)", ("38.96", "61.43")),
    (
        "002",
        "profit-or-loss-6m",
        "Share of profit (loss) of investments accounted for using equity method",
        ("-133121", "-413535"),
    ),
    ("002", "profit-or-loss-3m", "Total revenues", ("49390691", "51286485")),
    ("002", "profit-or-loss-3m", "Operating Profit", ("1970991", "3191820")),
    ("002", "profit-or-loss-3m", "Finance income", ("97173", "40502")),
    ("002", "profit-or-loss-3m", "Basic earnings per share (yen)", ("21.73", "36.66")),
    ("002", "profit-or-loss-3m", "Diluted earnings per share (yen)", ("21.63", "36.48")),
    ("002", "comprehensive-income-6m", "Total other comprehensive income, net of tax", ("703398", "1506998")),
    ("002", "comprehensive-income-6m", "Total comprehensive income", ("2561751", "4316591")),
    (
        "002",
        "comprehensive-income-6m",
        "Exchange differences on translation of foreign operations",
        ("-117773", "-42769"),
    ),
    (
        "002",
        "comprehensive-income-6m",
        "Financial assets measured at fair value through other comprehensive income",
        ("974", "219"),
    ),
    (
        "002",
        "comprehensive-income-6m",
        "Share of other comprehensive income of investments accounted for using equity method",
        ("2493", "-11099"),
    ),
    ("002", "comprehensive-income-3m", "Total other comprehensive income, net of tax", ("144136", "367884")),
    ("002", "comprehensive-income-3m", "Total comprehensive income", ("1176735", "2055438")),
    ("002", "comprehensive-income-3m", "Owners of the parent", ("1123725", "2021499")),
    ("002", "comprehensive-income-3m", "Non-controlling interest", ("53010", "33939")),
    (
        "002",
        "comprehensive-income-3m",
        "Total items that will not be reclassified to profit or loss",
        ("165547", "364811"),
    ),
    (
        "002",
        "changes-in-equity-2019",
        "Balance, April 1, 2019",
        ("25518712", "36225775", "12335035", "4088704", "-1896788", "76271438", "848172", "77119610"),
    ),
    (
        "002",
        "changes-in-equity-2019",
        "Issuance of common stock",
        ("11909", "-11895", "0", "0", "0", "14", "0", "14"),
    ),
    (
        "002",
        "changes-in-equity-2020",
        "Purchase of treasury stock",
        ("0", "0", "0", "0", "-140", "-140", "0", "-140"),
    ),
    (
        "002",
        "changes-in-equity-2020",
        "Balance, September 30, 2020",
        ("25530621", "36355490", "18914141", "3924650", "-1875112", "82849790", "965361", "83815151"),
    ),
    ("002", "cash-flows", "Subtotal", ("14840208", "23682309")),
    ("002", "cash-flows", "Proceeds from sale of investments accounted for using equity method", ("0", "60637")),
    ("002", "cash-flows", "Other#2", ("14833", "0")),
    ("002", "cash-flows", "Cash and cash equivalents, beginning of the period", ("31957789", "38671734")),
    ("002", "cash-flows", "Cash and cash equivalents, end of the period", ("34036458", "41602490")),
    ("002", "segments-2019", "Customers", ("97119509", "2100026", "0", "99219535")),
    ("002", "segments-2019", "Intersegment transactions", ("145707", "0", "-145707", "0")),
    ("002", "segments-2019", "Segment operating profit", ("2556755", "868951", "-73756", "3351950")),
    ("002", "segments-2020", "Customers", ("100270918", "1394072", "0", "101664990")),
    ("002", "segments-2020", "Total revenue", ("100360302", "1394072", "-89384", "101664990")),
    ("002", "segments-2020", "Profit before tax", (None, None, None, "4465861")),
    # seed 003: US GAAP, one token per line, amounts detached from their labels
    ("003", "financial-position", "Cash and cash equivalents", ("21958591", "20508225")),
    ("003", "financial-position", "Deferred tax assets-current", ("1298469", "0")),
    ("003", "financial-position", "Short-term borrowings", ("9250000", "9250000")),
    ("003", "financial-position", "TOTAL#1", ("137395149", "136499691")),
    ("003", "financial-position", "Total equity", ("67380200", "68022032")),
    ("003", "financial-position", "TOTAL#2", ("137395149", "136499691")),
    ("003", "profit-or-loss", "Internet connectivity services (enterprise)", ("5047825", "6523846")),
    ("003", "profit-or-loss", "Total revenues", ("36179251", "40963905")),
    ("003", "profit-or-loss", "Interest expense", ("-69157", "-88932")),
    ("003", "profit-or-loss", "Net gain on sales of other investments", ("213938", "0")),
    ("003", "profit-or-loss", "BASIC NET INCOME PER SHARE (JPY)", ("11.52", "15.67")),
    ("003", "comprehensive-income", "NET INCOME", ("570716", "747825")),
    ("003", "comprehensive-income", "Foreign currency translation adjustments", ("-222449", "-75709")),
    ("003", "comprehensive-income", "Defined benefit pension plans", ("0", "878")),
    ("003", "comprehensive-income", "TOTAL COMPREHENSIVE INCOME", ("469513", "1282367")),
    (
        "003",
        "comprehensive-income",
        "COMPREHENSIVE INCOME ATTRIBUTABLE TO INTERNET INITIATIVE JAPAN INC.",
        ("428056", "1240586"),
    ),
    ("003", "cash-flows", "Net income", ("570716", "747825")),
    ("003", "cash-flows", "Depreciation and amortization", ("2612239", "2979342")),
    ("003", "cash-flows", "Net cash provided by (used in) operating activities", ("-117449", "3237385")),
    ("003", "cash-flows", "NET DECREASE IN CASH AND CASH EQUIVALENTS", ("-1064604", "-1450366")),
    ("003", "cash-flows", "CASH AND CASH EQUIVALENTS, END OF THE PERIOD", ("18504491", "20508225")),
    ("003", "segments-2016", "Customers", ("35171156", "1008095", None, None)),
    ("003", "segments-2016", "Intersegment", ("92711", "0", None, None)),
    ("003", "segments-2016", "Revenues", ("35263867", "1008095", "-92711", "36179251")),
    ("003", "segments-2016", "Segment profit or loss", ("513553", "356232", "-33466", "836319")),
    ("003", "segments-2017", "Customers", ("39960913", "1002992", None, None)),
    ("003", "segments-2017", "Intersegment", ("90818", "0", None, None)),
    ("003", "segments-2017", "Revenues", ("40051731", "1002992", "-90818", "40963905")),
    ("003", "segments-2017", "Segment profit or loss", ("804025", "366832", "-46466", "1124391")),
]


@pytest.mark.parametrize(("prefix", "statement_id", "name", "printed"), VALUES)
def test_values_as_presented(prefix: str, statement_id: str, name: str, printed: tuple[str | None, ...]) -> None:
    assert line(statement(prefix, statement_id), name).values == amounts(*printed)


@pytest.mark.parametrize("prefix", sorted(FOUND))
def test_ten_values_per_statement_are_pinned(prefix: str) -> None:
    filing, _ = converted(prefix)
    for found in filing.statements:
        pinned = sum(len(p) for s, sid, _, p in VALUES if s == prefix and sid == found.id)
        assert pinned >= 10, found.id


def test_per_share_amounts_keep_their_digits() -> None:
    basic = line(statement("000", "profit-or-loss"), "Basic earnings per share (yen)").values[1]
    assert str(basic) == "24.76"


# -- shape: captions, depth, totals, balances, notes ----------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "statement_id", "name", "depth", "total"),
    [
        ("000", "financial-position", "Assets", 0, False),
        ("000", "financial-position", "Current Assets", 1, False),
        ("000", "financial-position", "Cash and cash equivalents", 2, False),
        ("000", "financial-position", "Total Current Assets", 2, True),
        ("000", "financial-position", "Total assets", 1, True),
        ("000", "financial-position", "Total equity attributable to owners of the parent", 2, True),
        ("000", "profit-or-loss", "Gross Profit", 0, True),
        ("000", "profit-or-loss", "Operating Profit", 0, True),
        ("000", "profit-or-loss", "Total", 1, True),
        ("000", "profit-or-loss", "Basic earnings per share (yen)", 1, False),
        ("000", "cash-flows", "Adjustments", 1, False),
        ("000", "cash-flows", "Depreciation and amortization", 2, False),
        ("000", "cash-flows", "Sub total", 1, True),
        ("000", "cash-flows", "Cash flows from operating activities", 1, True),
        ("000", "cash-flows", "Net increase (decrease) in cash and cash equivalents", 0, True),
        ("000", "changes-in-equity-2019", "Total comprehensive income", 1, True),
        ("001", "cash-flows", "Cash flows from financing activities", 0, False),
        ("003", "financial-position", "SHAREHOLDERS' EQUITY:", 1, False),
        ("003", "financial-position", "Total equity", 2, True),
        ("003", "financial-position", "TOTAL#2", 1, True),
        ("003", "profit-or-loss", "OPERATING INCOME", 0, True),  # revenues minus costs printed unsigned
    ],
)
def test_depth_and_totals(prefix: str, statement_id: str, name: str, depth: int, total: bool) -> None:
    found = line(statement(prefix, statement_id), name)
    assert (found.depth, found.total) == (depth, total)


@pytest.mark.parametrize("prefix", sorted(FOUND))
def test_every_total_is_proven_by_the_calculation_rule(prefix: str) -> None:
    filing, _ = converted(prefix)
    for found in filing.statements:
        summations = infer_summations(found)
        assert summations.differences == {}
        assert {li.id for li in found.lines if li.total} == set(summations.children) == summations.proven


def test_components_of_a_running_total() -> None:
    pl = statement("000", "profit-or-loss")
    operating = line(pl, "Operating Profit")
    labels = {li.id: li.label for li in pl.lines}
    assert [labels[c] for c in infer_summations(pl).children[operating.id]] == [
        "Gross Profit",
        "Selling, general and administrative expense",
        "Other operating income",
        "Other operating expenses",
    ]


@pytest.mark.parametrize(
    ("prefix", "statement_id", "start", "end"),
    [
        (
            "000",
            "cash-flows",
            "Cash and cash equivalents, beginning of the period",
            "Cash and cash equivalents at beginning of the period",
        ),
        (
            "001",
            "cash-flows",
            "Cash and cash equivalents, beginning of the period",
            "Cash and cash equivalents at end of the period",
        ),
        (
            "003",
            "cash-flows",
            "CASH AND CASH EQUIVALENTS, BEGINNING OF THE PERIOD",
            "CASH AND CASH EQUIVALENTS, END OF THE PERIOD",
        ),
        ("000", "changes-in-equity-2019", "Balance, March 31, 2019", "Balance, June 30, 2019"),
        ("001", "changes-in-equity-2020", "Balance, March 31, 2020", "Balance, June 30, 2020"),
        ("002", "changes-in-equity-2020", "Balance, April 1, 2020", "Balance, September 30, 2020"),
    ],
)
def test_balances_in_duration_columns(prefix: str, statement_id: str, start: str, end: str) -> None:
    found = statement(prefix, statement_id)
    assert {li.label.casefold(): li.at for li in found.lines if li.at} == {
        start.casefold(): "start",
        end.casefold(): "end",
    }


def test_notes_from_the_note_column() -> None:
    fp, pl = statement("001", "financial-position"), statement("001", "profit-or-loss")
    assert line(fp, "Other financial assets").note == "6,12"
    assert line(fp, "Cash and cash equivalents").note is None
    assert line(pl, "Total revenues").note == "5,9"
    assert line(pl, "Earnings per share").note == "11"
    assert line(statement("001", "changes-in-equity-2019"), "Dividends paid").note == "8"


def test_where_points_at_the_source_line() -> None:
    found = line(statement("001", "financial-position"), "Treasury shares")
    assert found.where == f"{seed('001')}:568"


# -- entity, warnings, round trip ---------------------------------------------------------------


def test_entity_detected() -> None:
    filing, issues = converted("000")
    assert (filing.entity.name, filing.entity.identifier) == ("Internet Initiative Japan Inc.", "3774")
    assert not [i for i in issues if i.code == "entity-not-found"]


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_entity_name_from_the_reports_own_words(prefix: str) -> None:
    """A securities report's cover ("[Company Name in English]"), a release's "About ..." footer;
    neither states a stock code, so the identifier stays a placeholder, with a warning."""
    filing, issues = converted(prefix)
    assert filing.entity.name == "Internet Initiative Japan Inc."
    (issue,) = [i for i in issues if i.code == "entity-not-found"]
    assert "no stock code found" in issue.message


@pytest.mark.parametrize(
    ("wording", "code"),
    [
        ("Stock code number: 3774", "3774"),
        ("Securities code 4321", "4321"),
        ("Example Holdings Inc. (Code: 8058)", "8058"),
        ("Securities Code No.: 9984", "9984"),
        ("Code number\uff1a6758", "6758"),
        ("under the Civil Code 2020 and postal code 100-0001", "unknown"),
    ],
)
def test_a_labelled_code_is_the_identifier_whatever_its_wording(wording: str, code: str) -> None:
    entity, _ = detect(f"Company name: Example Holdings Inc.\n{wording}\n", "report.txt")
    assert entity.identifier == code


def test_stated_and_given_stock_codes_share_one_scheme() -> None:
    found, _ = converted("000")
    given, _ = read_report(seed("000"), identifier="3774")
    assert found.entity.scheme == given.entity.scheme == "http://xbrl-gen.invalid/stock-code/tse"


def test_entity_placeholder_warns_and_given_entity_wins(tmp_path: Path) -> None:
    filing, issues = read_report(_variant(tmp_path, "002", "About Internet Initiative Japan Inc.", "About us"))
    assert filing.entity.name == "Unknown entity"
    assert [i.code for i in issues if i.code == "entity-not-found"] == ["entity-not-found"]
    given = Entity("Example Holdings Inc.", "1234", "http://www.example.org/ids")
    filing, issues = read_report(seed("002"), name=given.name, identifier=given.identifier, scheme=given.scheme)
    assert filing.entity == given
    assert not [i for i in issues if i.code == "entity-not-found"]


WARNINGS = {
    "000": ["number-in-label", *["total-relabelled"] * 2, "mislabeled-balance"],
    "001": [
        "lost-bracket",
        "merged-rows",
        "unreadable-cell",
        "unreadable-cell",
        "continued-table",
        "untitled-statement",
        "untitled-statement",
        "continued-table",
        *["total-relabelled"] * 2,  # "Other comprehensive income" printed for the comprehensive income
        "consolidated-column",
        "consolidated-column",
        "entity-not-found",
    ],
    "002": ["number-in-label", *["total-relabelled"] * 4, "entity-not-found"],
    "003": [
        *["trailing-text"] * 5,  # two: the captions between the segment tables (read as their measure)
        *["continued-table"] * 3,  # page breaks in the balance sheet, income and cash flow statements
        *["unsigned-costs"] * 2,
        "not-ifrs",
    ],
}  # tables skipped are tested on their own


@pytest.mark.parametrize("prefix", sorted(WARNINGS))
def test_warnings(prefix: str) -> None:
    _, issues = converted(prefix)
    assert [i.code for i in issues if i.code != "skipped-table"] == WARNINGS[prefix]
    assert all(re.search(r":\d+$", i.where) for i in issues)


def test_comprehensive_income_printed_as_other_comprehensive_income_is_read_as_the_total() -> None:
    """Seed 001 prints "Other comprehensive income" on profit + OCI and again over its owners and
    non-controlling shares: both read as the total, each with a warning naming its line."""
    found = statement("001", "comprehensive-income")
    assert [li.label for li in found.lines if li.values == amounts("1385016", "2261153")] == [
        "Total comprehensive income"
    ] * 2
    _, issues = converted("001")
    assert [i.where[-4:] for i in issues if i.code == "total-relabelled"] == [":620", ":624"]


def test_mislabeled_closing_cash_is_read_as_closing_and_reported() -> None:
    _, issues = converted("000")
    (issue,) = [i for i in issues if i.code == "mislabeled-balance"]
    assert "'Cash and cash equivalents at beginning of the period' is the closing balance" in issue.message
    assert issue.where.endswith(":235")


@pytest.mark.parametrize("prefix", sorted(FOUND))
def test_round_trip_through_the_statements_file(prefix: str) -> None:
    filing, _ = converted(prefix)
    text = dumps(filing)
    again = loads(text, "statements.yaml")
    assert dumps(again) == text
    assert _without_where(again) == _without_where(filing)


def _without_where(filing: Filing) -> Filing:
    statements = tuple(
        replace(s, where="", lines=tuple(replace(li, where="") for li in s.lines)) for s in filing.statements
    )
    return replace(filing, statements=statements, source="")


# -- checks on the converted seeds ------------------------------------------------------------

CHECKS = {  # the mislabelled totals are relabelled by the reader; the checks find nothing left
    "000": [("cash-rollforward", ":235")],
    "001": [],
    "002": [],
    "003": [],
}


@pytest.mark.parametrize("prefix", sorted(CHECKS))
def test_checks_flag_the_mislabels_and_nothing_else(prefix: str) -> None:
    filing, _ = converted(prefix)
    found = [(i.code, i.where[i.where.rindex(":") :]) for i in check_filing(filing)]
    assert found == CHECKS[prefix]


def test_cash_rollforward_names_statement_and_line() -> None:
    filing, _ = converted("000")
    (issue,) = [i for i in check_filing(filing) if i.code == "cash-rollforward"]
    assert issue.message.startswith("cash-flows: 'Cash and cash equivalents at beginning of the period'")


# -- malformed input --------------------------------------------------------------------------


def _variant(tmp_path: Path, prefix: str, change: str, to: str) -> Path:
    text = seed(prefix).read_text(encoding="utf-8")
    assert change in text
    path = tmp_path / f"{prefix}-variant.txt"
    path.write_text(text.replace(change, to, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n\n\t\n", "empty"),
        (bytes(range(256)) * 8, "binary"),
        (b"Quarterly results were strong.\nRevenues rose 3%.\n", "no financial statement"),
        (b"Consolidated Statements of Cash Flows\nNothing to be reported.\n", "no financial statement"),
    ],
)
def test_unusable_input_is_an_input_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as error:
        read_report(path)
    assert error.value.where == f"{path}:1"


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_report(tmp_path / "absent.txt")


def test_row_with_fewer_numbers_than_columns_warns(tmp_path: Path) -> None:
    path = _variant(
        tmp_path, "000", "Cash and cash equivalents 38,671,734 38,892,573", "Cash and cash equivalents 38,671,734"
    )
    filing, issues = read_report(path)
    assert [i.code for i in issues if i.code == "short-row"] == ["short-row"]
    assert any(i.code == "subtotal" and "Total Current Assets" in i.message for i in check_filing(filing))


def test_truncated_table_keeps_what_was_read(tmp_path: Path) -> None:
    text = seed("000").read_text(encoding="utf-8")
    path = tmp_path / "truncated.txt"
    path.write_text(text[: text.index("205,348,880")], encoding="utf-8")
    filing, issues = read_report(path)
    assert [s.id for s in filing.statements] == ["financial-position"]
    assert any(i.code == "short-row" and "Total assets" in i.message for i in issues)


def test_shuffled_cells_are_reported(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        "001",
        "Other financial assets\t6,12\t2,629,332\t1,952,189",
        "Other financial assets\t2,629,332\t6,12\t1,952,189",
    )
    filing, issues = read_report(path)
    assert any(i.code == "unreadable-cell" and "'6,12'" in i.message for i in issues)
    subtotals = [i for i in check_filing(filing) if i.code == "subtotal"]
    assert any("Total Current Assets" in i.message and "March 31, 2020" in i.message for i in subtotals)


def test_missing_amount_in_stacked_layout_is_reported(tmp_path: Path) -> None:
    path = _variant(tmp_path, "003", "\n27,383,692\n", "\n")
    filing, issues = read_report(path)
    assert {"short-row", "alignment"} <= {i.code for i in issues}
    assert check_filing(filing)


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_damaged_reports_never_crash(tmp_path: Path, prefix: str) -> None:
    text = seed(prefix).read_text(encoding="utf-8")
    rng = random.Random(prefix)
    for attempt in range(4):
        lines = text.splitlines()
        window = rng.randrange(len(lines))
        chunk = lines[window : window + 40]
        rng.shuffle(chunk)
        lines[window : window + 40] = chunk
        damaged = "\n".join(lines)
        cut = rng.randrange(len(damaged) // 2, len(damaged))
        path = tmp_path / f"damaged-{attempt}.txt"
        path.write_text(damaged[:cut], encoding="utf-8")
        try:
            filing, _ = read_report(path)
        except InputError:
            continue
        check_filing(filing)
        loads(dumps(filing), "statements.yaml")


# -- other companies, other wording (made-up reports) -------------------------------------------

FLAT_REPORT = "\n\n".join(  # each statement is one line, as text extraction leaves it
    [
        "Example Holdings plc (LSE: EXH) reports its results for the nine months ended 30 September 2021.",
        "Revenue rose 12% to EUR 1,234 million. Operating profit was EUR 210 million.",
        " ".join(
            [
                "Condensed Consolidated Statement of Financial Position (unaudited) 31 December 2020 30 September",
                "2021 EUR millions EUR millions Assets Non-current assets Property, plant and equipment 1,200 1,150",
                "Intangible assets 300 310 Total non-current assets 1,500 1,460 Current assets Inventories 400 420",
                "Trade and other receivables 350 390 Cash and cash equivalents 250 300 Total current assets 1,000",
                "1,110 Total assets 2,500 2,570 Equity and liabilities Equity Share capital 100 100 Retained earnings",
                "900 980 Total equity 1,000 1,080 Non-current liabilities Loans 800 760 Current liabilities Trade",
                "payables 700 730 Total liabilities 1,500 1,490 Total equity and liabilities 2,500 2,570",
            ]
        ),
        " ".join(
            [
                "Condensed Consolidated Income Statement (unaudited) Nine months ended Nine months ended 30 September",
                "2020 30 September 2021 EUR millions EUR millions Revenue 1,100 1,234 Cost of sales (700) (780) Gross",
                "profit 400 454 Distribution costs (120) (130) Administrative expenses (100) (114) Operating profit",
                "180 210 Finance costs (30) (25) Profit before tax 150 185 Income tax expense (40) (50) Profit for",
                "the period 110 135 Earnings per share Basic (EUR) 1.10 1.35",
            ]
        ),
        " ".join(
            [
                "Condensed Consolidated Statement of Cash Flows (unaudited) Nine months ended Nine months ended 30",
                "September 2020 30 September 2021 EUR millions EUR millions Cash flows from operating activities",
                "Profit before tax 150 185 Depreciation 90 95 Cash generated from operations 240 280 Income taxes",
                "paid (35) (45) Net cash from operating activities 205 235 Cash flows from investing activities",
                "Purchase of property, plant and equipment (60) (45) Net cash used in investing activities (60) (45)",
                "Cash flows from financing activities Repayment of loans (50) (40) Dividends paid (100) (100) Net",
                "cash used in financing activities (150) (140) Net increase (decrease) in cash and cash equivalents",
                "(5) 50 Cash and cash equivalents at beginning of period 230 250 Cash and cash equivalents at end of",
                "period 225 300",
            ]
        ),
        "Notes to the condensed consolidated financial statements",
        "1. Basis of preparation. These statements were prepared under IAS 34.",
    ]
)

TABBED_REPORT = (
    "Northwind Trading Corporation\n"
    "Company name: Northwind Trading Corporation Stock code: 9999\n"
    "\n"
    "Consolidated Statements of Income\n"
    "\n"
    "\tNotes\tYear ended March 31, 2021\tYear ended March 31, 2022\n"
    "\t\tThousands of U.S. dollars\tThousands of U.S. dollars\n"
    "Net sales\t4\t10,000\t12,500\n"
    "Cost of sales\t\t(6,000)\t(7,000)\n"
    "Gross profit\t\t4,000\t5,500\n"
    "Selling, general and administrative expenses\t\t(2,500)\t(2,900)\n"
    "Operating income\t\t1,500\t2,600\n"
    "Other income (expenses):\t\t\t\n"
    "Interest income\t\t20\t—\n"
    "Interest expense\t\t(120)\t(100)\n"
    "Total other income (expenses)\t\t(100)\t(100)\n"
    "Income before income taxes\t\t1,400\t2,500\n"
    "Income taxes\t5\t(400)\t(700)\n"
    "Net income\t\t1,000\t1,800\n"
    "Net income per share (U.S. dollars):\t\t\t\n"
    "Basic\t\t0.50\t0.90\n"
    "\n"
    "Notes to Consolidated Financial Statements\n"
    "\n"
    "1. General. The company trades goods.\n"
)


def test_other_flat_report(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(FLAT_REPORT, encoding="utf-8")
    filing, issues = read_report(path)
    assert [i.code for i in issues] == ["framework-not-found"]  # the report states none
    assert (filing.entity.name, filing.entity.identifier) == ("Example Holdings plc", "EXH")
    assert (filing.currency, filing.scale, filing.period) == ("EUR", 6, q(9, "2021-09-30"))
    assert [s.id for s in filing.statements] == ["financial-position", "profit-or-loss", "cash-flows"]
    fp, pl, cf = filing.statements
    assert line(fp, "Total liabilities").values == amounts("1500", "1490")
    assert (line(fp, "Total liabilities").depth, line(fp, "Loans").depth) == (2, 2)
    assert line(pl, "Cost of sales").values == amounts("-700", "-780")
    assert line(pl, "Basic (EUR)").values == amounts("1.10", "1.35")
    assert line(cf, "Cash generated from operations").total
    assert line(cf, "Cash and cash equivalents at end of period").at == "end"
    assert check_filing(filing) == []


def test_other_tabbed_report(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(TABBED_REPORT, encoding="utf-8")
    filing, issues = read_report(path)
    assert [i.code for i in issues] == ["framework-not-found"]
    assert (filing.entity.name, filing.currency, filing.period) == (
        "Northwind Trading Corporation",
        "USD",
        q(12, "2022-03-31"),
    )
    (pl,) = filing.statements
    assert [c.heading for c in pl.columns] == ["Year ended March 31, 2021", "Year ended March 31, 2022"]
    assert (line(pl, "Net sales").note, line(pl, "Income taxes").note) == ("4", "5")
    assert line(pl, "Interest income").values == amounts("20", "0")
    assert [li.label for li in pl.lines if li.total] == [
        "Gross profit",
        "Operating income",
        "Total other income (expenses)",
        "Income before income taxes",
        "Net income",
    ]
    assert check_filing(filing) == []


# -- small pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "value", "lost_bracket"),
    [
        ("1,234", "1234", False),
        ("(1,234)", "-1234", False),
        ("(73,516 )", "-73516", False),
        ("(1,896,921", "-1896921", True),
        ("-", "0", False),
        ("\u2015", "0", False),
        ("\u2014", "0", False),
        ("_", "0", False),
        ("24.76", "24.76", False),
        ("-5", "-5", False),
    ],
)
def test_amounts(printed: str, value: str, lost_bracket: bool) -> None:
    amount = parse_amount(printed)
    assert amount is not None
    assert (str(amount.value), amount.lost_bracket) == (value, lost_bracket)


@pytest.mark.parametrize("printed", ["6,12", "1Q20", "1,2345", "JPY50.4", "()", ""])
def test_not_amounts(printed: str) -> None:
    assert parse_amount(printed) is None


@pytest.mark.parametrize(
    ("end", "months", "start"),
    [
        ("2020-06-30", 3, "2020-04-01"),
        ("2020-09-30", 6, "2020-04-01"),
        ("2021-03-31", 12, "2020-04-01"),
        ("2020-02-29", 3, "2019-12-01"),
    ],
)
def test_duration_ending(end: str, months: int, start: str) -> None:
    assert duration_ending(date.fromisoformat(end), months).start == date.fromisoformat(start)


def test_can_read() -> None:
    assert can_read(Path("report.txt")) and can_read(Path("REPORT.TXT"))
    assert not can_read(Path("statements.yaml"))


# -- every table accounted for ----------------------------------------------------------------


@pytest.mark.parametrize("prefix", sorted(FOUND))
def test_every_table_is_read_or_listed_as_skipped(prefix: str) -> None:
    """Each run of numeric lines overlaps a statement read or has a skipped-table warning."""
    from xbrl_gen.sources.text.contents import numeric_spans, statement_span
    from xbrl_gen.sources.text.document import load

    filing, issues = converted(prefix)
    read = [statement_span(s) for s in filing.statements]
    skipped = {int(i.where.rpartition(":")[2]) for i in issues if i.code == "skipped-table"}
    for span in numeric_spans(load(seed(prefix))):
        assert any(span.overlaps(r) for r in read) or span.first in skipped, span


def test_a_report_held_twice_is_warned_about_and_its_copy_listed(tmp_path: Path) -> None:
    text = seed("000").read_text(encoding="utf-8")
    path = tmp_path / "twice.txt"
    path.write_text(text + "\n" + text, encoding="utf-8")
    filing, issues = read_report(path)
    (repeated,) = [i for i in issues if i.code == "repeated-statements"]
    second = len(text.splitlines()) + 1
    assert int(repeated.where.rpartition(":")[2]) > second
    repeat = int(repeated.where.rpartition(":")[2])
    skipped = [i for i in issues if i.code == "skipped-table" and int(i.where.rpartition(":")[2]) >= repeat]
    assert len(skipped) == 1 and "tables not read as statements" in skipped[0].message
    assert [s.id for s in filing.statements] == [s.id for s in converted("000")[0].statements]


def test_convert_text_prints_and_writes_the_table_of_contents(tmp_path: Path) -> None:
    from xbrl_gen.cli import main

    out = tmp_path / "iij.yaml"
    assert main(["convert-text", str(seed("000")), "-o", str(out)]) == 0
    contents = (tmp_path / "iij.contents.txt").read_text(encoding="utf-8")
    assert contents.startswith("Statements read:\n")
    assert re.search(r"financial-position +financial-position +2 columns +56 lines +source lines 177-183", contents)
    skipped = [i for i in converted("000")[1] if i.code == "skipped-table"]
    assert f"Tables skipped: {len(skipped)}\n" in contents and "lines 339-353" in contents
    assert all(i.message in contents for i in skipped)


# -- accounting framework -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "framework"), [("000", "ifrs"), ("001", "ifrs"), ("002", "ifrs"), ("003", "us-gaap")]
)
def test_framework_stated_by_the_report_is_written(prefix: str, framework: str) -> None:
    filing, issues = converted(prefix)
    assert filing.framework == framework
    assert f"framework: {framework}\n" in dumps(filing)
    assert loads(dumps(filing), "x.yaml").framework == framework
    assert [i.code for i in issues if i.code == "not-ifrs"] == (["not-ifrs"] if framework != "ifrs" else [])


def test_framework_not_stated_is_warned(tmp_path: Path) -> None:
    text = seed("002").read_text(encoding="utf-8")
    path = tmp_path / "plain.txt"
    path.write_text(re.sub(r"(?i)in accordance with IFRS|International Financial Reporting Standards", "", text))
    filing, issues = read_report(path)
    assert filing.framework is None and "framework: " not in dumps(filing)
    assert [i.code for i in issues if i.code == "framework-not-found"] == ["framework-not-found"]


def test_build_refuses_a_us_gaap_report_unless_forced(tmp_path: Path) -> None:
    from xbrl_gen.build import build, framework_issues

    filing, _ = converted("003")
    source = tmp_path / "us.yaml"
    source.write_text(dumps(filing), encoding="utf-8")
    with pytest.raises(
        InputError, match=r"prepared under U\.S\. GAAP, which needs the US GAAP .*--force-taxonomy ifrs"
    ):
        build(source, tmp_path / "out", [])
    assert not (tmp_path / "out").exists()
    (issue,) = framework_issues(filing, "ifrs")
    assert issue.code == "forced-taxonomy" and "U.S. GAAP" in issue.message


# -- costs printed unsigned ---------------------------------------------------------------------


def test_us_style_costs_printed_unsigned_become_negative() -> None:
    pl = statement("003", "profit-or-loss")
    assert line(pl, "Cost of network services").values == amounts("-18030232", "-21066296")
    assert line(pl, "Total costs and expenses").values == amounts("-35342932", "-39839514")
    assert line(pl, "INCOME TAX EXPENSE").values == amounts("-440089", "-450641")
    assert line(pl, "EQUITY IN NET INCOME OF EQUITY METHOD INVESTEES").values == amounts("16735", "35859")
    assert line(pl, "Total revenues").values == amounts("36179251", "40963905")
    _, issues = converted("003")
    warned = [i for i in issues if i.code == "unsigned-costs"]
    assert [i.where.rpartition(":")[2] for i in warned] == [
        line(pl, "OPERATING INCOME").where.rpartition(":")[2],
        line(pl, "NET INCOME").where.rpartition(":")[2],
    ]


def _unsigned_costs_variant(tmp_path: Path, prefix: str, statement_id: str) -> Path:
    """The seed with the statement's all-negative rows printed without brackets (U.S. style)."""
    from xbrl_gen.sources.text.contents import statement_span

    span = statement_span(statement(prefix, statement_id))
    lines = seed(prefix).read_text(encoding="utf-8").split("\n")
    for index in range(span.first - 1, span.last):
        cells = lines[index].split("\t")
        numbers = [c for c in cells[1:] if re.search(r"\d", c)]
        if numbers and all(re.fullmatch(r"\s*\([\d,]+\)\s*", c) for c in numbers):
            lines[index] = "\t".join(c.replace("(", "").replace(")", "") for c in cells)
    path = tmp_path / f"{prefix}-unsigned.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_costs_printed_unsigned_give_the_same_values(tmp_path: Path) -> None:
    original = statement("001", "profit-or-loss")
    filing, issues = read_report(_unsigned_costs_variant(tmp_path, "001", "profit-or-loss"))
    variant = next(s for s in filing.statements if s.id == "profit-or-loss")
    assert [(li.label, li.values, li.total) for li in variant.lines] == [
        (li.label, li.values, li.total) for li in original.lines
    ]
    assert len([i for i in issues if i.code == "unsigned-costs"]) >= 3


def test_labels_printed_in_capitals_are_made_readable() -> None:
    """Written as the report writes the words in its text: names and acronyms keep capitals."""
    pl = statement("003", "profit-or-loss")
    labels = [li.label for li in pl.lines]
    assert "Net income attributable to Internet Initiative Japan Inc." in labels
    assert "Basic weighted-average number of shares (shares)" in labels
    assert "Cost of ATM operation business" in labels  # printed so
    assert not [label for label in labels if re.search(r"[A-Z]{4,}", label) and "ATM" not in label]


# -- segment tables -----------------------------------------------------------------------------


def test_consolidated_segment_column_is_proved_by_its_sums_not_its_heading() -> None:
    """001 heads it with the statement's title; 000 with "Consolidated" (nothing to say)."""
    for year in ("2019", "2020"):
        found = statement("001", f"segments-{year}")
        assert [c.member for c in found.columns][-1] == "Consolidated"
        assert found.columns[-1].heading.endswith("consolidated statements of profit or loss")
    _, issues = converted("001")
    assert len([i for i in issues if i.code == "consolidated-column"]) == 2
    _, issues = converted("000")
    assert not [i for i in issues if i.code == "consolidated-column"]


def test_segments_printed_as_rows_are_read_as_columns() -> None:
    """003 prints each segment as a row, the periods as columns (revenue, then operating income):
    one grid per period, the segments its columns, the consolidated row the axis default."""
    for year in ("2016", "2017"):
        found = statement("003", f"segments-{year}")
        assert [c.member for c in found.columns] == [
            "Network service and systems integration business",
            "ATM operation business",
            "Elimination",
            "Consolidated",
        ]
        assert [li.label for li in found.lines] == ["Customers", "Intersegment", "Revenues", "Segment profit or loss"]
    _, issues = converted("003")
    assert not [i for i in issues if i.code == "skipped-table" and "Segment" in i.message]


def test_segment_column_that_does_not_add_up_is_not_the_consolidated_one(tmp_path: Path) -> None:
    text = seed("001").read_text(encoding="utf-8")
    path = tmp_path / "broken.txt"
    path.write_text(text.replace("1,990,537\t88,603", "1,990,537\t88,604", 1), encoding="utf-8")
    filing, _ = read_report(path)
    found = next(s for s in filing.statements if s.id == "segments-2020")
    assert "Consolidated" not in [c.member for c in found.columns]


# -- numbers in labels, lines that cannot be paired, text after a table ------------------------


@pytest.mark.parametrize(
    ("printed", "values", "codes"),
    [
        ("Intangible assets under IFRS 16 300 310", ("300", "310"), ["number-in-label"]),
        ("Intangible assets under IFRS 16 310", (None, "310"), ["number-in-label", "short-row"]),
    ],
)
def test_a_number_the_label_names_is_not_an_amount(
    tmp_path: Path, printed: str, values: tuple[str | None, ...], codes: list[str]
) -> None:
    path = tmp_path / "report.txt"
    text = FLAT_REPORT.replace("Intangible assets 300 310", printed)
    path.write_text(text, encoding="utf-8")
    filing, issues = read_report(path)
    fp = filing.statements[0]
    assert line(fp, "Intangible assets under IFRS 16").values == amounts(*values)
    warned = [i for i in issues if i.code in codes]
    assert sorted(i.code for i in warned) == sorted(codes)
    row = next(n for n, t in enumerate(text.splitlines(), 1) if printed in t)
    assert all(i.where == f"{path}:{row}" for i in warned)


def test_text_after_a_table_is_reported_with_its_line() -> None:
    _, issues = converted("003")
    trailing = [i for i in issues if i.code == "trailing-text"]
    assert trailing and all(re.search(r":\d+$", i.where) for i in trailing)
    assert any("Going Concern Assumption" in i.message for i in trailing)
