"""Column periods and units from the header of a table.

A header gives dates ("June 30, 2019 June 30, 2020"), maybe a period phrase per column or for all
("Three Months Ended"), and a unit per column ("Thousands of yen"). Financial position columns are
instants; the others durations ending on the date and as long as the phrase says.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from xbrl_gen.model import Duration, Instant, Period, StatementKind
from xbrl_gen.sources.text.tokens import Token, Unit


@dataclass(frozen=True)
class DatedColumn:
    """A column as its header reads: the date, the months of its period phrase (0 = "as of",
    None = no phrase) and the heading as printed."""

    end: date
    months: int | None
    heading: str


def dated_columns(tokens: list[Token]) -> list[DatedColumn]:
    """Pair the dates of a header with its period phrases: one phrase per date, or one for all."""
    dates = [(t.text, t.day) for t in tokens if t.day is not None]
    markers = [(t.text, t.marker.months) for t in tokens if t.marker is not None]
    columns = []
    for index, (text, day) in enumerate(dates):
        marker = markers[min(index, len(markers) - 1)] if markers else None
        heading = f"{marker[0]} {text}" if marker else text
        columns.append(DatedColumn(day, marker[1] if marker else None, heading))
    return columns


def period_of(column: DatedColumn, kind: StatementKind | None, default_months: int) -> Period:
    """The column's period: an instant on a balance sheet or after "as of", else a duration."""
    if kind is StatementKind.FINANCIAL_POSITION or column.months == 0:
        return Instant(column.end)
    return duration_ending(column.end, column.months or default_months)


def duration_ending(end: date, months: int) -> Duration:
    """The period of "six months ended September 30, 2020": April 1 .. September 30, 2020."""
    after = end + timedelta(days=1)
    month_index = after.year * 12 + after.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(after.day, calendar.monthrange(year, month + 1)[1])
    return Duration(date(year, month + 1, day), end)


def opening_day(balance: date) -> date:
    """First day of a period whose opening balance is dated ``balance``: a balance at the end of
    March opens April; one dated April 1 is already the first day."""
    following = balance + timedelta(days=1)
    return following if following.day == 1 else balance


def most_common_unit(units: Iterable[Unit | None]) -> Unit | None:
    """The unit most columns (or tables) are in."""
    found = Counter(unit for unit in units if unit is not None)
    return found.most_common(1)[0][0] if found else None
