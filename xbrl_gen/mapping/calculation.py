"""Which lines a total adds up, inferred from the layout and proved by the presented numbers.

A total's components are the lines between it and an enclosing header (nearest first, then the
statement start) that no earlier total has already absorbed. That one rule covers section totals
("Total current assets"), running totals ("Gross profit", "Operating profit") and grand totals.
A candidate is accepted only if it adds up exactly in every column; a total nothing adds up to
is reported, never forced.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from xbrl_gen.model import Issue, Line, Severity, Statement


@dataclass(frozen=True)
class Summations:
    children: dict[str, tuple[str, ...]]  # total line id -> component line ids, in order
    closes: dict[str, str]  # total line id -> the header whose section it totals
    issues: tuple[Issue, ...]

    def parent_of(self) -> dict[str, str]:
        return {child: total for total, kids in self.children.items() for child in kids}


def infer_summations(statement: Statement) -> Summations:
    children: dict[str, tuple[str, ...]] = {}
    closes: dict[str, str] = {}
    issues: list[Issue] = []
    absorbed: set[str] = set()
    lines = statement.lines
    for index, line in enumerate(lines):
        if not line.total or line.is_header or line.at:
            continue
        found = next(((h, c) for h, c in _candidates(lines, index, absorbed) if _adds_up(line, c)), None)
        if found is None:
            issues.append(
                Issue(
                    Severity.WARNING,
                    "total-does-not-add",
                    f"{statement.id}: total {line.label!r} is not the sum of the lines above it; "
                    "no calculation relationship written for it",
                    line.where,
                )
            )
            continue
        header, components = found
        children[line.id] = tuple(c.id for c in components)
        if header is not None:
            closes[line.id] = header.id
        absorbed.update(children[line.id])
    return Summations(children, closes, tuple(issues))


def _candidates(lines: tuple[Line, ...], index: int, absorbed: set[str]) -> Iterator[tuple[Line | None, list[Line]]]:
    """(enclosing header or None for the statement start, the unabsorbed lines since it)."""
    total = lines[index]
    # lazily: the nearest enclosing header almost always closes the total, so a long statement
    # must not scan all the way up for every total
    headers = (i for i in range(index - 1, -1, -1) if lines[i].is_header and lines[i].depth < total.depth)
    for start in itertools.chain(headers, [-1]):
        span = [
            line
            for line in lines[start + 1 : index]
            if not line.is_header and not line.at and line.id not in absorbed and line.whole_numbers
        ]
        if span:
            yield (lines[start] if start >= 0 else None), span
        totals = [i for i, line in enumerate(span) if line.total]
        if totals and totals[-1] + 1 < len(span):
            # a section subtotal after a sibling section's ("Total current assets" after
            # "Total non-current assets") adds up the lines since that one
            yield (lines[start] if start >= 0 else None), span[totals[-1] + 1 :]


def _adds_up(total: Line, components: list[Line]) -> bool:
    for column, value in enumerate(total.values):
        if value is None:
            continue
        parts = [c.values[column] for c in components]
        if all(p is None for p in parts) or sum((p for p in parts if p is not None), Decimal(0)) != value:
            return False
    return True
