"""Where a line stands: its statement, its section (current / non-current, operating / investing /
financing), the headers above it and the period type its facts need. Every later step reads the
line through this place, never through its neighbours again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xbrl_gen.labels import normalize
from xbrl_gen.model import Line, PeriodType, Statement, StatementKind

_SECTION_WORDS = (
    ("non-current", re.compile(r"\bnon ?current\b|\bnoncurrent\b|\blong term\b")),
    ("current", re.compile(r"\bcurrent\b|\bshort term\b")),
    ("operating", re.compile(r"\boperating activities\b")),
    ("investing", re.compile(r"\binvesting activities\b")),
    ("financing", re.compile(r"\bfinancing activities\b")),
)
# Any of them, in one scan of the label: most labels name no section.
_ANY_SECTION = re.compile("|".join(pattern.pattern for _, pattern in _SECTION_WORDS))


@dataclass(frozen=True)
class LineContext:
    statement: str  # id
    kind: StatementKind
    section: str | None
    ancestors: tuple[str, ...]  # normalized header labels, outermost first
    period_type: PeriodType


def contexts(statement: Statement, parent_of: dict[str, str] | None = None) -> dict[str, LineContext]:
    """Each line's place, by line id. A line no header puts in a section takes the section of the
    subtotal it adds into ("Total current assets"), as the numbers proved it belongs there."""
    period_type = statement.columns[0].period.period_type
    found = {}
    labels = {line.id: normalize(line.label) for line in statement.lines}
    # the section each label names itself, read once: the totals a line adds into are asked again
    # for every line under them
    named = {line_id: section(label) for line_id, label in labels.items()}
    # the open headers, outermost first: each one's depth, the labels down to it, and the section
    # the innermost of them naming one says
    headers: list[tuple[int, tuple[str, ...], str | None]] = [(-1, (), None)]
    for line in statement.lines:
        while headers[-1][0] >= line.depth:
            headers.pop()
        _, ancestors, headed = headers[-1]
        placed = named[line.id] or headed or _closing_section(line.id, named, parent_of or {})
        found[line.id] = LineContext(statement.id, statement.kind, placed, ancestors, period_type)
        if line.is_header:
            headers.append((line.depth, (*ancestors, labels[line.id]), named[line.id] or headed))
    return found


def _closing_section(line_id: str, named: dict[str, str | None], parent_of: dict[str, str]) -> str | None:
    """The section named by the nearest total the line adds into, directly or through subtotals."""
    while line_id in parent_of:
        line_id = parent_of[line_id]
        if named[line_id]:
            return named[line_id]
    return None


def section(label: str) -> str | None:
    """The section a label names, if any; the first of ``_SECTION_WORDS`` when it names several."""
    if not _ANY_SECTION.search(label):
        return None
    return next((name for name, pattern in _SECTION_WORDS if pattern.search(label)), None)


def want(line: Line, context: LineContext) -> PeriodType:
    """The period type the line's facts need: instants for opening/closing balances."""
    return PeriodType.INSTANT if line.at else context.period_type
