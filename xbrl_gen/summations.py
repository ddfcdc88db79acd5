"""Which lines a total adds up: stated by the layout, checked against the presented numbers.

A total's components are the lines between it and an enclosing header (nearest first, then the
statement start) that no earlier total has already absorbed. That one rule covers section totals
("Total current assets"), running totals ("Gross profit", "Operating profit") and grand totals.
Of those spans, the numbers pick the one that adds up exactly, else within rounding; when none
does, the layout's own answer (the lines since the nearest enclosing header) stands, so the
calculation linkbase states the relationship whether or not the numbers agree, and Arelle's
calculation check is a real check. The differences are kept for ``checks.check_subtotals``.

Rounding is judged as XBRL Calculations 1.1 judges it: each printed amount stands for an
interval of half a unit of its last printed digit either side, and a total is consistent when
its interval meets the sum of its components' intervals.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from xbrl_gen.model import Line, Statement


@dataclass(frozen=True)
class Difference:
    """One column in which a total is not the sum of its components (amounts as presented)."""

    column: int
    total: Decimal
    parts: Decimal
    allowance: Decimal  # the most rounding of the printed amounts can explain

    @property
    def beyond_rounding(self) -> bool:
        return abs(self.total - self.parts) > self.allowance


@dataclass(frozen=True)
class Summations:
    children: dict[str, tuple[str, ...]]  # total line id -> component line ids, in order (the layout's)
    closes: dict[str, str]  # total line id -> the header whose section it totals
    differences: dict[str, tuple[Difference, ...]]  # total line id -> columns its components miss
    proven: frozenset[str] = frozenset()  # totals the printed numbers prove: exact in every column
    alone: tuple[str, ...] = ()  # totals with no line above them to add up

    def parent_of(self) -> dict[str, str]:
        return {child: total for total, kids in self.children.items() for child in kids}

    def supported(self) -> dict[str, tuple[str, ...]]:
        """The totals the numbers agree with (within rounding) and their components: what signs
        and arithmetic identities may be inferred from, as a layout the numbers contradict may
        have been misread."""
        return {
            total: kids
            for total, kids in self.children.items()
            if not any(d.beyond_rounding for d in self.differences.get(total, ()))
        }

    def accepted(self, lines: Sequence[Line]) -> frozenset[str]:
        """Totals missing their components beyond rounding that the user accepts as printed:
        they get no calculation relationship, so Arelle does not report the known difference."""
        flagged = {line.id for line in lines if line.accept_difference}
        return frozenset(
            t for t, diffs in self.differences.items() if t in flagged and any(d.beyond_rounding for d in diffs)
        )

    def written(self, lines: Sequence[Line]) -> dict[str, str]:
        """Component line id -> the total whose calculation relationship includes it."""
        accepted = self.accepted(lines)
        return {child: total for child, total in self.parent_of().items() if total not in accepted}


_MEMO_SIZE = 1024  # statements whose summations are remembered; a batch server's memory stays bounded
_found: dict[tuple[int, bool], tuple[Statement, Summations]] = {}


def infer_summations(statement: Statement, *, after_totals: bool = True) -> Summations:
    """``after_totals=False`` leaves out the span since the previous total (the text reader
    proves a row a total by the header spans alone). Mapping and the checks ask three times per
    statement: worked out once per statement object."""
    key = (id(statement), after_totals)
    remembered = _found.get(key)
    if remembered is None or remembered[0] is not statement:
        if len(_found) >= _MEMO_SIZE:
            _found.clear()
        remembered = _found[key] = (statement, _infer(statement, after_totals))
    return remembered[1]


def _infer(statement: Statement, after_totals: bool) -> Summations:
    children: dict[str, tuple[str, ...]] = {}
    closes: dict[str, str] = {}
    differences: dict[str, tuple[Difference, ...]] = {}
    alone: list[str] = []
    proven: set[str] = set()
    absorbed: set[str] = set()
    lines = statement.lines
    headers = [line.is_header for line in lines]
    layout = _Layout(
        headers, [not header and not line.at and line.whole_numbers for line, header in zip(lines, headers)]
    )
    for index, line in enumerate(lines):
        if not line.total or headers[index] or line.at:
            continue
        picked = _pick(line, _candidates(lines, layout, index, absorbed, after_totals))
        if picked is None:
            alone.append(line.id)
            continue
        header, components, exact = picked
        if exact:
            proven.add(line.id)
        children[line.id] = tuple(c.id for c in components)
        if header is not None:
            closes[line.id] = header.id
        missed = () if exact else differences_of(line, components)
        if missed:
            differences[line.id] = missed
        absorbed.update(children[line.id])
    return Summations(children, closes, differences, frozenset(proven), tuple(alone))


def _pick(
    total: Line, candidates: Iterator[tuple[Line | None, list[Line]]]
) -> tuple[Line | None, list[Line], bool] | None:
    """The span that adds up exactly, else within rounding, else the nearest (the layout's); and
    whether it adds up exactly (then no column differs). None when there is no span. The spans are
    made as they are asked for: the nearest one mostly adds up, and the farther ones are long."""
    made = []
    for candidate in candidates:
        if _adds_up(total, candidate[1]):
            return *candidate, True
        made.append(candidate)
    if not made:
        return None
    rounded = (c for c in made if not any(d.beyond_rounding for d in differences_of(total, c[1])))
    return *next(rounded, made[0]), False


@dataclass(frozen=True)
class _Layout:
    """Per line of a statement, worked out once rather than once per total scanning past it."""

    headers: list[bool]  # a header (no values)
    parts: list[bool]  # may be a component: not a header, not an opening/closing balance, whole numbers


def _candidates(
    lines: tuple[Line, ...], layout: _Layout, index: int, absorbed: set[str], after_totals: bool
) -> Iterator[tuple[Line | None, list[Line]]]:
    """(enclosing header or None, the unabsorbed lines since it): each enclosing header, nearest
    first, then the statement start, then the nearest earlier total at the same depth or
    shallower (two sections without headers: "Total assets", then liabilities and equity and
    their total)."""
    total = lines[index]
    # lazily: the nearest enclosing header almost always closes the total, so a long statement
    # must not scan all the way up for every total
    headers = (i for i in range(index - 1, -1, -1) if layout.headers[i] and lines[i].depth < total.depth)
    previous = next((i for i in range(index - 1, -1, -1) if lines[i].total and lines[i].depth <= total.depth), None)
    for start in itertools.chain(headers, [-1], [previous] if previous is not None and after_totals else []):
        span = [lines[i] for i in range(start + 1, index) if layout.parts[i] and lines[i].id not in absorbed]
        if span:
            yield (lines[start] if start >= 0 and layout.headers[start] else None), span


def _adds_up(total: Line, components: list[Line]) -> bool:
    for column, value in enumerate(total.values):
        if value is None:
            continue
        parts = [c.values[column] for c in components]
        if all(p is None for p in parts) or sum((p for p in parts if p is not None), Decimal(0)) != value:
            return False
    return True


def differences_of(total: Line, components: Sequence[Line]) -> tuple[Difference, ...]:
    """The columns in which ``total`` is printed, some component too, and the sum differs."""
    found = []
    for column, value in enumerate(total.values):
        parts = [v for c in components if column < len(c.values) and (v := c.values[column]) is not None]
        if value is None or not parts:
            continue
        added = sum(parts, Decimal(0))
        if added != value:
            found.append(Difference(column, value, added, rounding_allowance([value, *parts])))
    return tuple(found)


def rounding_allowance(amounts: Sequence[Decimal]) -> Decimal:
    """Half a unit of the last printed digit of each amount, summed (Calculations 1.1 intervals)."""
    return sum((Decimal(5).scaleb(min(0, _exponent(a)) - 1) for a in amounts), Decimal(0))


def _exponent(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0
