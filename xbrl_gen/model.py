"""Normalized statements and the XBRL facts derived from them.

Plain frozen dataclasses, no I/O: sources build them, mapping annotates them, render lays them out.
Amounts are ``Decimal`` as *presented* (e.g. thousands of yen, costs negative); the sign and scale
an XBRL fact needs are applied when facts are derived, never in the source readers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Literal


class PeriodType(enum.Enum):
    INSTANT = "instant"
    DURATION = "duration"


class Balance(enum.Enum):
    DEBIT = "debit"
    CREDIT = "credit"

    def opposite(self) -> Balance:
        return Balance.CREDIT if self is Balance.DEBIT else Balance.DEBIT


@dataclass(frozen=True, order=True)
class Instant:
    """End of the given day, as XBRL instants are reported."""

    date: date

    @property
    def period_type(self) -> PeriodType:
        return PeriodType.INSTANT


@dataclass(frozen=True, order=True)
class Duration:
    """Both dates inclusive, as in "three months ended 30 June" = 1 April .. 30 June."""

    start: date
    end: date

    @property
    def period_type(self) -> PeriodType:
        return PeriodType.DURATION

    @property
    def opening(self) -> Instant:
        return Instant(self.start - timedelta(days=1))

    @property
    def closing(self) -> Instant:
        return Instant(self.end)


Period = Instant | Duration


class StatementKind(enum.Enum):
    FINANCIAL_POSITION = "financial-position"
    PROFIT_OR_LOSS = "profit-or-loss"
    COMPREHENSIVE_INCOME = "comprehensive-income"
    CHANGES_IN_EQUITY = "changes-in-equity"
    CASH_FLOWS = "cash-flows"
    SEGMENTS = "segments"
    OTHER = "other"


@dataclass(frozen=True)
class Entity:
    name: str
    identifier: str
    scheme: str
    lei: str | None = None  # ISO 17442 Legal Entity Identifier, when given
    details: tuple[tuple[str, str], ...] = ()  # (key, text): what an ESEF filing marks up about the entity


@dataclass(frozen=True)
class Extension:
    """The company's own namespace for concepts and members the IFRS taxonomy lacks."""

    prefix: str
    namespace: str


@dataclass(frozen=True)
class Column:
    """One value column: a period and, in 2-D statements, a member (equity component, segment)."""

    id: str
    period: Period
    heading: str = ""
    member: str | None = None


At = Literal["start", "end"]


@dataclass(frozen=True)
class Line:
    """One row as presented. ``values`` align with the statement's columns; None = empty cell,
    Decimal(0) = nil shown as a dash."""

    id: str
    label: str
    depth: int
    values: tuple[Decimal | None, ...]
    total: bool = False
    note: str | None = None
    concept: str | None = None
    at: At | None = None
    where: str = ""
    accept_difference: bool = False  # the user accepts that this total or balance misses its parts
    unit: str | None = None  # a key of LINE_UNITS; None: money, or per share when not whole numbers

    @property
    def is_header(self) -> bool:
        # asked of every line by every step: compared in C, stopping at the first amount
        return self.values == (None,) * len(self.values)

    def period_in(self, column: Column) -> Period:
        """The column's period, or for an opening/closing balance line the instant before or at
        the end of it."""
        if self.at and isinstance(column.period, Duration):
            return column.period.opening if self.at == "start" else column.period.closing
        return column.period

    @cached_property
    def whole_numbers(self) -> bool:
        """Amounts of money are whole in the presented unit; per-share amounts are not."""
        return all(v is None or v == v.to_integral_value() for v in self.values)

    @property
    def item_type(self) -> ItemType:
        """What the amounts are: as the line says (``unit``), else money when whole numbers and
        per-share amounts when not."""
        if self.unit:
            return LINE_UNITS[self.unit]
        return ItemType.MONETARY if self.whole_numbers else ItemType.PER_SHARE


@dataclass(frozen=True)
class Statement:
    id: str
    kind: StatementKind
    title: str
    columns: tuple[Column, ...]
    lines: tuple[Line, ...]
    where: str = ""


@dataclass(frozen=True)
class Note:
    """A note to the statements as text: one block tag (``ix:nonNumeric``, escaped XHTML) of a
    text block concept (``ifrs-full:Disclosure...Explanatory``) for the reporting period."""

    title: str
    concept: str
    text: str  # paragraphs separated by blank lines
    where: str = ""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(" ".join(p.split()) for p in self.text.split("\n\n") if p.strip())


# Accounting frameworks a filing may state (``Filing.framework``), with the name a user reads.
FRAMEWORKS = {"ifrs": "IFRS", "us-gaap": "U.S. GAAP", "j-gaap": "J-GAAP"}


@dataclass(frozen=True)
class Filing:
    entity: Entity
    extension: Extension
    period: Duration
    currency: str
    scale: int
    title: str
    statements: tuple[Statement, ...]
    language: str = "en"
    source: str = ""
    framework: str | None = None  # a key of FRAMEWORKS, as the source states it; None: not stated
    notes: tuple[Note, ...] = ()


# --- taxonomy side -------------------------------------------------------------------------


class ItemType(enum.Enum):
    """The few item types whose unit and decimals we must know."""

    MONETARY = "monetary"
    PER_SHARE = "perShare"
    SHARES = "shares"
    PURE = "pure"
    OTHER = "other"


# What a line's amounts are (``Line.unit``), as a statements file names it.
LINE_UNITS = {
    "money": ItemType.MONETARY,
    "per-share": ItemType.PER_SHARE,
    "shares": ItemType.SHARES,
    "pure": ItemType.PURE,
}


@dataclass(frozen=True)
class Concept:
    qname: str  # "prefix:LocalName"
    period_type: PeriodType
    balance: Balance | None
    item_type: ItemType
    abstract: bool = False
    label: str = ""
    data_type: str = "xbrli:monetaryItemType"

    @property
    def prefix(self) -> str:
        return self.qname.split(":", 1)[0]

    @property
    def local_name(self) -> str:
        return self.qname.split(":", 1)[1]


# --- mapping result --------------------------------------------------------------------------


@dataclass(frozen=True)
class MappingChoice:
    """Why a line got its concept: which layer decided, with what score, and the runner-up."""

    layer: str
    score: float = 1.0
    runner_up: str | None = None
    note: str = ""
    section: str | None = None  # the section the line was read in (current, operating, ...)


@dataclass(frozen=True)
class TaggedLine:
    """A line with its concept; ``sign`` turns presented values into XBRL values (+1 or -1)."""

    line: Line
    concept: Concept | None  # None for headers rendered as abstract rows of the extension
    sign: int = 1
    choice: MappingChoice | None = None
    calc_parent: str | None = None  # id of the total line this line adds into
    calc_weight: int = 1


Dims = tuple[tuple[str, str], ...]  # (axis QName, member QName) pairs, sorted; () = no dimension


@dataclass(frozen=True)
class Axis:
    """One axis of a 2-D statement's table, with the domain-member arcs its columns need."""

    name: str
    domain: str  # the axis default
    tree: tuple[tuple[str, str], ...]  # (parent, child) domain-member relationships, outermost first


@dataclass(frozen=True)
class Dimension:
    """The hypercube a 2-D statement's facts belong to. ``members`` align with the columns; None
    is the default of every axis (e.g. total equity), which facts report without dimension. A
    column's member sits on the axis whose tree holds it: the statement kind's axis (first) or
    another axis of the same table (segment eliminations on ``SegmentConsolidationItemsAxis``)."""

    table: str
    line_items: str
    axes: tuple[Axis, ...]
    members: tuple[str | None, ...]

    def dims(self, column: int) -> Dims:
        member = self.members[column]
        if member is None:
            return ()
        return ((next(a.name for a in self.axes if any(child == member for _, child in a.tree)), member),)


@dataclass(frozen=True)
class TaggedStatement:
    statement: Statement
    lines: tuple[TaggedLine, ...]
    role_uri: str
    role_id: str
    closes: dict[str, str] = field(default_factory=dict)  # total line id -> header it closes
    dimension: Dimension | None = None  # for statements whose columns are members

    def column_dims(self, column: int) -> Dims:
        return self.dimension.dims(column) if self.dimension else ()


@dataclass(frozen=True)
class Fact:
    concept: Concept
    period: Period
    unit_id: str | None
    decimals: int | None
    value: Decimal
    where: str = ""
    dims: Dims = ()


# --- findings ------------------------------------------------------------------------------


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Issue:
    """A finding of ours or Arelle's: stable code, one-line message, where it points."""

    severity: Severity
    code: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{self.severity.value}: {prefix}{self.message} [{self.code}]"
