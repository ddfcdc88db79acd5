"""Every table of the report accounted for: read into a statement, or skipped with a reason.

A table is found without reading it: a run of lines holding amounts (a flat table is one line
with many). Each run that no statement was read from is reported as skipped, with its line range
and why, so that nothing is dropped in silence; ``table_of_contents`` lists both for the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xbrl_gen.model import Issue, Statement
from xbrl_gen.sources.text.document import Block, Document, is_prose, is_section_heading
from xbrl_gen.sources.text.tables import warning

SKIPPED = "skipped-table"
_GAP = 6  # non-numeric lines a table may hold between two rows of numbers (stacked labels, captions)
_MIN_ROWS = 3  # lines with numbers that make a table
_FLAT_AMOUNTS = 8  # amounts on one line that make a (flattened) table on their own
_AMOUNT_WORD = re.compile(r"(?:^|(?<=\s))\(?[-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?(?=\s|$)")
_ORPHAN_REACH = 8  # lines between a table and the statement title below it, for the table to be its part
_HEADING_REACH = 30  # lines above a table searched for the heading that names it


@dataclass(frozen=True)
class Span:
    first: int
    last: int

    def overlaps(self, other: Span) -> bool:
        return self.first <= other.last and other.first <= self.last


def numeric_spans(document: Document, read: list[Span] | None = None) -> list[Span]:
    """Runs of lines with amounts, broken by a sentence, a long gap or a statement ``read``
    (whose lines are not counted)."""
    inside = _lines_in(read or [])
    spans: list[Span] = []
    rows: list[int] = []
    flat = False
    for number, text in enumerate(document.lines, 1):
        if number in inside or is_prose(text) or (rows and number - rows[-1] > _GAP):
            flat = _close(spans, rows, flat)
            rows = []
            if number in inside:
                continue
        count = _amounts(text)
        if count:
            rows.append(number)
            flat = flat or count >= _FLAT_AMOUNTS
    _close(spans, rows, flat)
    return spans


def _lines_in(spans: list[Span]) -> set[int]:
    return {n for span in spans for n in range(span.first, span.last + 1)}


def _close(spans: list[Span], rows: list[int], flat: bool) -> bool:
    if len(rows) >= _MIN_ROWS or (rows and flat):
        spans.append(Span(rows[0], rows[-1]))
    return False


def _amounts(text: str) -> int:
    """How many words of a line are amounts (a cheap count: every line of the file is tried)."""
    return len(_AMOUNT_WORD.findall(text))


def orphans(document: Document, blocks: list[Block]) -> list[Block]:
    """Tables printed just above a statement title but outside every block (the first half of a
    statement whose title is printed only over its second half, after pages of prose): untitled
    blocks for the readers, so that the assembler can join them to the statement they precede."""
    spans = [Span(b.line, b.lines[-1][0] if b.lines else b.line) for b in blocks]
    found = []
    for span in numeric_spans(document, spans):
        following = [b for b in blocks if 0 < b.line - span.last <= _ORPHAN_REACH and b.title]
        if following and span.last - span.first >= _MIN_ROWS:
            first = max(1, span.first - 1)
            found.append(Block(None, following[0].kind, first, document.numbered(first, span.last)))
    return found


def statement_span(statement: Statement) -> Span:
    lines = [_line_of(statement.where), *(_line_of(line.where) for line in statement.lines)]
    found = [n for n in lines if n]
    return Span(min(found), max(found)) if found else Span(0, 0)


def _line_of(where: str) -> int:
    tail = where.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


def skipped(
    document: Document, statements: list[Statement], blocks: list[Block], late: list[tuple[int, str]]
) -> list[Issue]:
    """A warning per table no statement was read from; the tables from the first of the ``late``
    titles (statement titles after the notes began: a second copy of the report, or a second
    report) on are one warning."""
    read = [statement_span(s) for s in statements]
    block_spans = [(Span(b.line, b.lines[-1][0] if b.lines else b.line), b) for b in blocks]
    first_title = min((b.line for b in blocks), default=0)
    repeat = late[0][0] if late else len(document.lines) + 1
    issues = []
    spans = numeric_spans(document, read)
    for span in (s for s in spans if s.first < repeat):
        lines = f"line {span.first}" if span.first == span.last else f"lines {span.first}-{span.last}"
        heading = _heading_above(document, span.first)
        under = f" (below {heading[1]!r}, line {heading[0]})" if heading else ""
        reason = _reason(span, block_spans, first_title)
        issues.append(
            warning(SKIPPED, f"{lines}{under}: a table not read as a statement: {reason}", document.where(span.first))
        )
    rest = [s for s in spans if s.first >= repeat]
    if rest:
        message = (
            f"lines {rest[0].first}-{rest[-1].last}: {len(rest)} tables not read as statements: they follow "
            f"the statement title {late[0][1]!r} (line {repeat}) printed after the notes began"
        )
        issues.append(warning(SKIPPED, message, document.where(rest[0].first)))
    return issues


def _heading_above(document: Document, line: int) -> tuple[int, str] | None:
    """The nearest heading above a table, to tell the user which table it is."""
    for number in range(line - 1, max(0, line - _HEADING_REACH), -1):
        text = document.lines[number - 1].strip()
        if is_section_heading(text) and not _amounts(text):
            return number, text[:60]
    return None


def _reason(span: Span, blocks: list[tuple[Span, Block]], first_title: int) -> str:
    inside = next((b for s, b in blocks if s.overlaps(span)), None)
    if inside is not None and inside.title is None:
        return "printed just above a statement title, but no statement rows with columns were read from it"
    if inside is not None:
        return f"under the title {inside.title!r} (line {inside.line}) but no rows with columns were read"
    if span.last < first_title:
        return "before the first statement title (summaries and narrative tables are not read)"
    return "after the statements, among the notes"


def table_of_contents(statements: tuple[Statement, ...], issues: list[Issue]) -> str:
    """What was read (statement, kind, columns, lines, source lines) and what was skipped."""
    out = ["Statements read:"]
    for statement in statements:
        span = statement_span(statement)
        out.append(
            f"  {statement.id:<28} {statement.kind.value:<22} {len(statement.columns):>2} columns "
            f"{len(statement.lines):>4} lines  source lines {span.first}-{span.last}  {statement.title}"
        )
    gone = [issue for issue in issues if issue.code == SKIPPED]
    out.append(f"Tables skipped: {len(gone) or 'none'}")
    out.extend(f"  {issue.message}" for issue in gone)
    return "\n".join(out) + "\n"
