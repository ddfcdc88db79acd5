"""A table as a layout reader leaves it: columns from the header, rows of label and values.

Readers stop here; depth, totals and balances are inferred from these rows by ``structure``,
which does not care which layout they came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xbrl_gen.model import Issue, Severity, StatementKind
from xbrl_gen.sources.text.tokens import Unit

_BROKEN_HYPHEN = re.compile(r"(\w)- (?=[a-z])")


@dataclass(frozen=True)
class RawColumn:
    """A column as headed: its date and the months of its period phrase (0 = "as of"; None when
    the header names none), or for a grid its member; the period is settled once the kind is."""

    heading: str
    end: date | None
    months: int | None
    member: str | None = None


@dataclass(frozen=True)
class RawRow:
    label: str
    values: tuple[Decimal | None, ...]
    line: int
    note: str | None = None

    @property
    def is_header(self) -> bool:
        return all(v is None for v in self.values)


@dataclass(frozen=True)
class RawTable:
    title: str | None  # None: the report printed no title (a continuation or a dropped title)
    kind: StatementKind | None  # None: to be told from the rows
    columns: tuple[RawColumn, ...]
    rows: tuple[RawRow, ...]
    line: int
    unit: Unit | None

    @property
    def is_grid(self) -> bool:
        """Columns are members (equity components, segments) rather than periods."""
        return any(c.member is not None for c in self.columns)


def clean_label(text: str) -> str:
    """A label as printed, with line breaks and "Non- controlling" hyphen breaks undone."""
    return _BROKEN_HYPHEN.sub(r"\1-", " ".join(text.split()))


def warning(code: str, message: str, where: str) -> Issue:
    return Issue(Severity.WARNING, code, message, where)
