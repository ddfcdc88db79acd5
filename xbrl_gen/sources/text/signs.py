"""Costs printed unsigned and subtracted (U.S. style): found by the arithmetic, made negative.

A statements file holds values as presented with costs negative, so that each total is the plain
sum of its lines. Statements in the U.S. style print "Costs and expenses" and "Income tax
expense" without brackets and subtract them: "Operating income" is revenues minus costs. Which
lines are subtracted is decided by the numbers, never by the label: a top-level line that is not
the sum of the lines since the previous result but is a signed sum of them (in every column,
fewest subtractions, one answer only) makes the subtracted lines (or groups, with everything in
them) negative, with a warning naming the line.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from decimal import Decimal

from xbrl_gen.model import Issue, StatementKind
from xbrl_gen.sources.text.structure import Shape
from xbrl_gen.sources.text.tables import RawRow, warning

KINDS = frozenset({StatementKind.PROFIT_OR_LOSS, StatementKind.COMPREHENSIVE_INCOME})
_MAX_UNITS = 10  # lines or groups a result is tried as the signed sum of


@dataclass(frozen=True)
class _Unit:
    """A top-level line, or a group (caption, its lines, its closing total) standing as its total."""

    value_row: int
    rows: range


def unsigned_costs(
    rows: list[RawRow], shapes: list[Shape], kind: StatementKind, title: str, where: list[str]
) -> tuple[list[RawRow], list[Issue]]:
    """``rows`` with the subtracted lines negated, and a warning per line that proved it."""
    if kind not in KINDS:
        return rows, []
    rows = list(rows)
    issues: list[Issue] = []
    units: list[_Unit] = []
    index = 0
    while index < len(rows):
        if shapes[index].depth != 0:
            index += 1
            continue
        if rows[index].is_header:
            end = next((j for j in range(index + 1, len(rows)) if shapes[j].depth == 0), len(rows))
            closing = [j for j in range(index + 1, end) if shapes[j].total and shapes[j].depth == 1]
            units = [*units, _Unit(closing[-1], range(index, end))] if closing else []
            index = end
            continue
        flips = [] if shapes[index].total else _solve(rows, units, index)
        if flips:
            for unit in flips:
                for j in unit.rows:
                    rows[j] = replace(rows[j], values=tuple(None if v is None else -v for v in rows[j].values))
            subtracted = ", ".join(repr(rows[u.value_row].label) for u in flips)
            message = (
                f"{title}: {rows[index].label!r} adds up only with {subtracted} subtracted: "
                "costs printed unsigned, read as negative amounts"
            )
            issues.append(warning("unsigned-costs", message, where[index]))
        unit = _Unit(index, range(index, index + 1))
        units = [unit] if flips is not None else [*units, unit]  # a result starts the next sum
        index += 1
    return rows, issues


def _solve(rows: list[RawRow], units: list[_Unit], target: int) -> list[_Unit] | None:
    """The units to subtract so that the rest minus them gives row ``target`` in every column
    (none: it is their plain sum): the fewest, the first unit never, and only when one answer
    fits; None when no signs make it add up."""
    if not 2 <= len(units) <= _MAX_UNITS or not any(rows[target].values):
        return None
    candidates = [u for u in units[1:] if _unsigned(rows[u.value_row])]
    for count in range(len(candidates) + 1):
        fits = [
            [candidates[i] for i in chosen]
            for chosen in itertools.combinations(range(len(candidates)), count)
            if _adds(rows, units, [candidates[i] for i in chosen], target)
        ]
        if fits:
            return fits[0] if len(fits) == 1 else None
    return None


def _unsigned(row: RawRow) -> bool:
    values = [v for v in row.values if v is not None]
    return bool(values) and all(v >= 0 for v in values) and any(values)


def _adds(rows: list[RawRow], units: list[_Unit], subtracted: list[_Unit], target: int) -> bool:
    for column, expected in enumerate(rows[target].values):
        if expected is None:
            continue
        total = Decimal(0)
        for unit in units:
            value = rows[unit.value_row].values[column] or Decimal(0)
            total += -value if unit in subtracted else value
        if total != expected:
            return False
    return True
