"""Synthetic statements files with a given number of value cells, shaped like a large IFRS filing.

Primary statements (financial position: three year ends; profit or loss and cash flows: four
durations) open with sections of IFRS wordings and grow by sections of company lines; notes take
what is left once the primary statements have a realistic size. Company lines carry made-up words,
so no IFRS concept fits them and each becomes an extension concept; every fifth label is long.
Two statements of changes in equity and a number of segment notes are grids (columns are members
of an axis). Every total is the sum of the lines it closes, so the calculations hold; the values
come from a generator seeded with the size, so a size always gives the same file.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import count

from xbrl_gen.model import (
    Column,
    Duration,
    Entity,
    Extension,
    Filing,
    Instant,
    Line,
    Period,
    Statement,
    StatementKind,
)
from xbrl_gen.sources.structured import with_ids

YEAR, PRIOR = Duration(date(2024, 1, 1), date(2024, 12, 31)), Duration(date(2023, 1, 1), date(2023, 12, 31))
HALF, PRIOR_HALF = Duration(date(2024, 7, 1), date(2024, 12, 31)), Duration(date(2023, 7, 1), date(2023, 12, 31))
DURATIONS = (YEAR, PRIOR, HALF, PRIOR_HALF)
INSTANTS = (Instant(date(2024, 12, 31)), Instant(date(2023, 12, 31)), Instant(date(2022, 12, 31)))
ITEMS = 8  # company lines per section
PRIMARY_SECTIONS = 12  # a large primary statement: about 110 lines
NOTE_SECTIONS = 8
GRID_SHARE = 0.12  # of the cells, in grids
SEGMENT_SECTIONS = 4

_SYLLABLES = ("zan", "qor", "vex", "tril", "mox", "quel", "dar", "vin", "xo", "bru", "keth", "lum")
_SHORT = {  # company wordings for balances (statement of financial position, notes at year ends) and for flows
    "balance": (
        "Receivables from {w} partners",
        "Accrued {w} rebates receivable",
        "Prepaid {w} licence fees",
        "Deferred {w} commissions",
        "{w} customer deposits",
        "Investments in {w} associates",
        "Restricted cash held by {w} trusts",
    ),
    "flow": (
        "Income from {w} concessions",
        "Payments under {w} service contracts",
        "{w} platform development costs",
        "Royalties from {w} licences",
        "{w} restructuring costs",
        "Gains (losses) on {w} disposals",
        "Commissions paid to {w} agents",
    ),
}
_LONG = {
    "balance": (
        (
            "Amounts receivable from {w} joint arrangements accounted for under the proportionate consolidation "
            "model, excluding balances reclassified as held for sale"
        ),
        (
            "Provision for {w} decommissioning and site restoration obligations arising under long-term concession "
            "agreements, net of expected reimbursements from joint operators"
        ),
    ),
    "flow": (
        (
            "Fair value gains (losses) on {w} contingent consideration arising from business combinations completed "
            "in prior reporting periods, recognised in profit or loss"
        ),
        (
            "Net (increase) decrease in amounts receivable from {w} joint arrangements accounted for under the "
            "proportionate consolidation model, excluding balances reclassified as held for sale"
        ),
    ),
}

# (header, [(IFRS wording, sign of its values)], total) sections each primary statement opens with.
_IFRS_SECTIONS: dict[StatementKind, list[tuple[str, list[tuple[str, int]], str]]] = {
    StatementKind.FINANCIAL_POSITION: [
        (
            "Current assets",
            [("Cash and cash equivalents", 1), ("Trade receivables", 1), ("Inventories", 1), ("Current tax assets", 1)],
            "Total current assets",
        ),
        (
            "Non-current assets",
            [
                ("Property, plant and equipment", 1),
                ("Goodwill", 1),
                ("Investment property", 1),
                ("Deferred tax assets", 1),
            ],
            "Total non-current assets",
        ),
    ],
    StatementKind.PROFIT_OR_LOSS: [
        ("Revenue", [("Revenue from sale of goods", 1), ("Revenue from rendering of services", 1)], "Total revenue"),
        (
            "Operating expenses",
            [
                ("Cost of sales", -1),
                ("Distribution costs", -1),
                ("Administrative expenses", -1),
                ("Research and development expense", -1),
            ],
            "Total operating expenses",
        ),
        ("Finance income and costs", [("Finance income", 1), ("Finance costs", -1)], "Net finance income (costs)"),
    ],
    StatementKind.CASH_FLOWS: [
        (
            "Cash flows from operating activities",
            [("Depreciation and amortisation expense", 1), ("Interest paid", -1), ("Income taxes paid (refund)", -1)],
            "Net cash flows from (used in) operating activities",
        ),
        (
            "Cash flows from investing activities",
            [
                ("Purchase of property, plant and equipment", -1),
                ("Proceeds from sales of property, plant and equipment", 1),
            ],
            "Net cash flows from (used in) investing activities",
        ),
        (
            "Cash flows from financing activities",
            [("Proceeds from borrowings", 1), ("Repayments of borrowings", -1), ("Payments of lease liabilities", -1)],
            "Net cash flows from (used in) financing activities",
        ),
    ],
}
_GRAND_TOTALS = {
    StatementKind.FINANCIAL_POSITION: "Total assets",
    StatementKind.PROFIT_OR_LOSS: "Profit (loss) from continuing operations",
    StatementKind.CASH_FLOWS: "Net increase (decrease) in cash and cash equivalents",
}
_EQUITY_COMPONENTS = (
    "Share capital",
    "Share premium",
    "Retained earnings",
    "Other components of equity",
    "Treasury shares",
)


def word(n: int) -> str:
    """A made-up proper noun, different for every ``n``: "Zanqor", "Qorvex", ..."""
    digits = [n % len(_SYLLABLES)]
    n //= len(_SYLLABLES)
    while n or len(digits) < 2:
        digits.append(n % len(_SYLLABLES))
        n //= len(_SYLLABLES)
    return "".join(_SYLLABLES[d] for d in digits).capitalize()


@dataclass
class _Draft:
    """A flat statement being filled section by section; ``sections`` hold header, lines, total."""

    id: str
    kind: StatementKind
    title: str
    periods: tuple[Period, ...]
    grand_total: str
    negative: float  # share of company lines shown negative
    cap: int
    sections: list[list[Line]] = field(default_factory=list)
    tail: list[Line] = field(default_factory=list)  # lines after the grand total (earnings per share)

    @property
    def width(self) -> int:
        return len(self.periods)

    def cells(self) -> int:
        return self.width * (sum(len(s) - 1 for s in self.sections) + 1 + len(self.tail))

    def statement(self) -> Statement:
        totals = [s[-1] for s in self.sections]
        grand = Line("", self.grand_total, 0, _sum(totals, self.width), total=True)
        columns = tuple(Column(f"c{i}", p, _heading(p)) for i, p in enumerate(self.periods))
        lines = [line for section in self.sections for line in section] + [grand] + self.tail
        return Statement(self.id, self.kind, self.title, columns, tuple(with_ids(lines)))


class _Generator:
    def __init__(self, size: int) -> None:
        self.rng = random.Random(size)
        self.words = count()

    def word(self) -> str:
        return word(next(self.words))

    def label(self, nature: str) -> str:
        """A company line's label: "balance" or "flow" wording, every fifth one long."""
        n = next(self.words)
        phrases = (_LONG if n % 5 == 4 else _SHORT)[nature]
        return phrases[n % len(phrases)].format(w=word(n))

    def amount(self, negative: float) -> Decimal:
        value = self.rng.randint(1_000, 9_999_999)
        return Decimal(-value if self.rng.random() < negative else value)

    def section(
        self,
        header: str,
        total: str,
        periods: Sequence[Period],
        negative: float,
        items: int,
        ifrs: Sequence[tuple[str, int]] = (),
    ) -> list[Line]:
        width = len(periods)
        nature = "balance" if isinstance(periods[0], Instant) else "flow"
        lines = [Line("", label, 1, tuple(abs(self.amount(0)) * sign for _ in range(width))) for label, sign in ifrs]
        lines += [
            Line("", self.label(nature), 1, tuple(self.amount(negative) for _ in range(width))) for _ in range(items)
        ]
        return [Line("", header, 0, (None,) * width), *lines, Line("", total, 1, _sum(lines, width), total=True)]

    def company_section(self, draft: _Draft, items: int = ITEMS) -> list[Line]:
        w = self.word()
        if draft.kind is StatementKind.FINANCIAL_POSITION:
            header, total = f"Assets of the {w} division", f"Total assets of the {w} division"
        elif draft.kind is StatementKind.CASH_FLOWS:
            header, total = f"Cash flows of the {w} programme", f"Net cash flows of the {w} programme"
        else:
            header, total = f"{w} operations", f"Total {w} operations"
        return self.section(header, total, draft.periods, draft.negative, items)


def filing(size: int) -> Filing:
    """A filing of about ``size`` value cells (exactly, unless a few cells short of a full row)."""
    gen = _Generator(size)
    primaries = [
        _Draft(
            "financial-position",
            StatementKind.FINANCIAL_POSITION,
            "Consolidated statement of financial position",
            INSTANTS,
            _GRAND_TOTALS[StatementKind.FINANCIAL_POSITION],
            0.0,
            PRIMARY_SECTIONS,
        ),
        _Draft(
            "profit-or-loss",
            StatementKind.PROFIT_OR_LOSS,
            "Consolidated statement of profit or loss",
            DURATIONS,
            _GRAND_TOTALS[StatementKind.PROFIT_OR_LOSS],
            0.4,
            PRIMARY_SECTIONS,
        ),
        _Draft(
            "cash-flows",
            StatementKind.CASH_FLOWS,
            "Consolidated statement of cash flows",
            DURATIONS,
            _GRAND_TOTALS[StatementKind.CASH_FLOWS],
            0.4,
            PRIMARY_SECTIONS,
        ),
    ]
    for draft in primaries:
        for header, ifrs, total in _IFRS_SECTIONS[draft.kind]:
            draft.sections.append(gen.section(header, total, draft.periods, draft.negative, ITEMS - len(ifrs), ifrs))
    basic = tuple(Decimal(gen.rng.randint(100, 99_999)).scaleb(-2) for _ in DURATIONS)
    diluted = tuple(b - Decimal(gen.rng.randint(0, int(b))).scaleb(-2) for b in basic)  # up to 1 % less, never more
    primaries[1].tail = [
        Line("", "Basic earnings per share (yen)", 0, basic),
        Line("", "Diluted earnings per share (yen)", 0, diluted),
    ]
    grids = _equity_statements(gen)
    segments = _segment_notes(gen, size * GRID_SHARE - sum(_grid_cells(g) for g in grids))
    drafts = _fill(gen, primaries, size - sum(_grid_cells(g) for g in grids + segments))
    statements = [d.statement() for d in drafts[:3]] + grids + [d.statement() for d in drafts[3:]] + segments
    return Filing(
        entity=Entity("Zanqor Synthetic Holdings plc", "SYN0001", "http://example.com/xbrl-gen/synthetic"),
        extension=Extension("syn", "http://example.com/xbrl-gen/synthetic/2024-12-31"),
        period=YEAR,
        currency="JPY",
        scale=3,
        title=f"Synthetic consolidated financial statements for 2024 ({size:,} values)",
        statements=tuple(statements),
    )


def _fill(gen: _Generator, primaries: list[_Draft], budget: int) -> list[_Draft]:
    """Company sections, to the smallest open statement first; notes once the primaries are full;
    the last section shortened so the cells come as close to ``budget`` as whole rows allow."""
    drafts = list(primaries)
    while True:
        open_drafts = [d for d in drafts if len(d.sections) < d.cap]
        if not open_drafts:
            drafts.append(_note(gen, len(drafts) - 2))
            continue
        draft = min(open_drafts, key=lambda d: len(d.sections))
        left = budget - sum(d.cells() for d in drafts)
        items = min(ITEMS, left // draft.width - 1)
        if items < 1:
            return [d for d in drafts if d.sections]
        draft.sections.append(gen.company_section(draft, items))


def _note(gen: _Generator, number: int) -> _Draft:
    w = gen.word()
    periods = DURATIONS if number % 2 else INSTANTS
    return _Draft(
        f"note-{number:04d}",
        StatementKind.OTHER,
        f"Note {number}: {w} portfolio",
        periods,
        f"Total {w} portfolio",
        0.2,
        NOTE_SECTIONS,
    )


def _equity_statements(gen: _Generator) -> list[Statement]:
    """Changes in equity for the prior year and the year; the prior year's closing balance is this
    year's opening one. The profit or loss statement ends at profit from continuing operations, so
    the profit here is a fact of its own."""
    reserve = f"{gen.word()} revaluation reserve"
    components = (*_EQUITY_COMPONENTS, reserve)
    headings = (*components[:5], reserve, "Total", "Non-controlling interests", "Total equity")
    opening = [Decimal(gen.rng.randint(1_000_000, 40_000_000)) for _ in components] + [Decimal(900_000)]
    opening[4] = -abs(opening[4])  # treasury shares
    statements = []
    for period in (PRIOR, YEAR):
        total_profit = gen.amount(0.2)
        nci_profit = (total_profit / 20).to_integral_value()
        rows = {
            "profit": _row(components, {"Retained earnings": total_profit - nci_profit}, nci_profit),
            "oci": _row(
                components, {"Other components of equity": gen.amount(0.3), reserve: gen.amount(0.3)}, Decimal(0)
            ),
            "dividends": _row(
                components, {"Retained earnings": -abs(gen.amount(0))}, -abs(gen.amount(0) / 10).to_integral_value()
            ),
            "shares": _row(
                components,
                {"Share premium": abs(gen.amount(0)), "Treasury shares": abs(gen.amount(0)) / 100},
                Decimal(0),
            ),
            "transfer": _row(components, {reserve: -(t := abs(gen.amount(0))), "Retained earnings": t}, Decimal(0)),
        }
        comprehensive = [a + b for a, b in zip(rows["profit"], rows["oci"])]
        owners = [sum(r) for r in zip(rows["dividends"], rows["shares"], rows["transfer"])]
        start = _with_totals(opening)
        end = [a + b + c for a, b, c in zip(start, comprehensive, owners)]
        lines = [
            Line("", f"Balance at {_day(period.opening.date)}", 0, tuple(start), at="start"),
            Line("", "Comprehensive income", 0, (None,) * len(headings)),
            Line("", "Profit (loss)", 1, tuple(rows["profit"])),
            Line("", "Other comprehensive income", 1, tuple(rows["oci"])),
            Line("", "Total comprehensive income", 1, tuple(comprehensive), total=True),
            Line("", "Transactions with owners", 0, (None,) * len(headings)),
            Line("", "Dividends", 1, tuple(rows["dividends"])),
            Line("", "Issue of equity and sale of treasury shares", 1, tuple(rows["shares"])),
            Line("", f"Transfer of {reserve} to retained earnings", 1, tuple(rows["transfer"])),
            Line("", "Total transactions with owners", 1, tuple(owners), total=True),
            Line("", f"Balance at {_day(period.end)}", 0, tuple(end), at="end"),
        ]
        columns = tuple(Column(f"m{i}", period, h, member=h) for i, h in enumerate(headings))
        statements.append(
            Statement(
                f"changes-in-equity-{period.end.year}",
                StatementKind.CHANGES_IN_EQUITY,
                f"Consolidated statement of changes in equity for {period.end.year}",
                columns,
                tuple(with_ids(lines)),
            )
        )
        opening = end[: len(components)] + [end[-2]]
    return statements


def _row(components: tuple[str, ...], amounts: dict[str, Decimal], nci: Decimal) -> list[Decimal]:
    """One movement across the components, then total (owners), non-controlling interests and
    total equity."""
    return _with_totals([amounts.get(c, Decimal(0)).to_integral_value() for c in components] + [nci])


def _with_totals(values: list[Decimal]) -> list[Decimal]:
    """Components and non-controlling interests → components, total, NCI, total equity."""
    *owners, nci = values
    return [*owners, sum(owners, Decimal(0)), nci, sum(owners, Decimal(0)) + nci]


def _segment_notes(gen: _Generator, budget: float) -> list[Statement]:
    """Segment notes: four company segments, eliminations and the consolidated column (the sum)."""
    segments = [f"{gen.word()} segment" for _ in range(4)]
    headings = (*segments, "Adjustments", "Consolidated")
    notes: list[Statement] = []
    used = 0
    while not notes or used < budget:
        period = (YEAR, PRIOR)[len(notes) % 2]
        sections = [
            gen.section(
                f"{gen.word()} activities",
                f"Total {gen.word()} activities",
                (period,) * (len(segments) + 1),
                0.3,
                ITEMS,
            )
            for _ in range(SEGMENT_SECTIONS)
        ]
        grand = Line(
            "", f"Total {gen.word()} segment result", 0, _sum([s[-1] for s in sections], len(segments) + 1), total=True
        )
        lines = [_consolidated(line) for section in sections for line in section] + [_consolidated(grand)]
        columns = tuple(Column(f"s{i}", period, h, member=h) for i, h in enumerate(headings))
        note = Statement(
            f"segments-{len(notes) + 1:04d}",
            StatementKind.SEGMENTS,
            f"Segment information {len(notes) + 1}",
            columns,
            tuple(with_ids(lines)),
        )
        notes.append(note)
        used += _grid_cells(note)
    return notes


def _consolidated(line: Line) -> Line:
    if line.is_header:
        return Line(line.id, line.label, line.depth, line.values + (None,), line.total)
    return Line(line.id, line.label, line.depth, line.values + (sum(v or 0 for v in line.values),), line.total)


def _grid_cells(statement: Statement) -> int:
    return sum(v is not None for line in statement.lines for v in line.values)


def _sum(lines: list[Line], width: int) -> tuple[Decimal | None, ...]:
    return tuple(sum((line.values[i] or Decimal(0) for line in lines), Decimal(0)) for i in range(width))


def _heading(period: Period) -> str:
    if isinstance(period, Instant):
        return _day(period.date)
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    return f"{months} months ended {_day(period.end)}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def cells(filing_: Filing) -> int:
    """The value cells of a filing: the size it was asked for, give or take a row."""
    return sum(_grid_cells(s) for s in filing_.statements)
