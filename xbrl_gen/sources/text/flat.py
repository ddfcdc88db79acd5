"""Tables flattened onto one line: "... Cash and cash equivalents 38,671,734 38,892,573 Trade ...".

A header ends with its run of units ("Thousands of yen" once per column). A row is the words
before a run of as many amounts as there are columns; the words before an item that name a caption
("Assets Current Assets Cash and cash equivalents") become caption rows. Captions are known
accounting captions, captions a total of the same table names ("Total current assets"), or text
ending in a colon. A block can hold several header/rows sections (one per period of a statement of
changes in equity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from xbrl_gen.labels import normalize
from xbrl_gen.model import Issue, StatementKind
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.document import Block, Document, is_prose
from xbrl_gen.sources.text.periods import dated_columns, most_common_unit
from xbrl_gen.sources.text.tables import RawColumn, RawRow, RawTable, clean_label, warning
from xbrl_gen.sources.text.tokens import Kind, Token, tokenize

_GRIDS = (StatementKind.CHANGES_IN_EQUITY, StatementKind.SEGMENTS)
_COLON_CAPTION = re.compile(r"^(\S+(?:\s+\S+)+?:)\s+(?=[A-Z])(.+)$")


@dataclass(frozen=True)
class _Table:
    """What reading the rows of one table needs to know."""

    width: int
    kind: StatementKind
    captions: frozenset[str]
    document: Document
    issues: list[Issue]


def read(block: Block, document: Document) -> tuple[list[RawTable], list[Issue]]:
    tokens = tokenize(block.lines)
    caption = tokenize([(block.line, block.caption)]) if block.caption else []
    captions = vocab.SECTION_CAPTIONS | _captions_named_by_totals(tokens)
    tables: list[RawTable] = []
    issues: list[Issue] = []
    for header, body, width in _sections(tokens):
        line = header[0].line if header else block.line
        columns = _grid_columns(caption + header, width) if block.kind in _GRIDS else _dated(caption + header, width)
        if not columns:
            if any(t.kind is Kind.AMOUNT for t in body):
                message = f"{block.title}: no columns found in the table header; table skipped"
                issues.append(warning("no-columns", message, document.where(line)))
            continue
        rows = _rows(body, _Table(len(columns), block.kind, captions, document, issues))
        if rows:
            title = None if tables else block.title
            tables.append(
                RawTable(title, block.kind, tuple(columns), tuple(rows), line, most_common_unit(t.unit for t in header))
            )
    return tables, issues


def _sections(tokens: list[Token]) -> list[tuple[list[Token], list[Token], int]]:
    """(header, body, number of units) per header: a header runs from the end of the previous
    rows to the end of its run of units."""
    runs = _unit_runs(tokens)
    if not runs:
        start = 0
        while start < len(tokens) and (
            tokens[start].kind in (Kind.DATE, Kind.MARKER) or tokens[start].text.startswith("(")
        ):
            start += 1
        return [(tokens[:start], tokens[start:], 0)]
    sections = []
    heads = [0]
    for (start, _), (_, previous_end) in zip(runs[1:], runs, strict=False):
        amounts = [i for i in range(previous_end, start) if tokens[i].kind is Kind.AMOUNT]
        heads.append(amounts[-1] + 1 if amounts else previous_end)
    for index, (start, end) in enumerate(runs):
        body_end = heads[index + 1] if index + 1 < len(runs) else len(tokens)
        sections.append((tokens[heads[index] : end], tokens[end:body_end], end - start))
    return sections


def _unit_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        if token.kind is not Kind.UNIT:
            continue
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


def _dated(header: list[Token], width: int) -> list[RawColumn]:
    """Period columns; a subtitle's dates come first, so the last ``width`` dates head the columns."""
    dated = dated_columns(header)
    if width:
        dated = dated[-width:] if len(dated) >= width else []
    return [RawColumn(d.heading, d.end, d.months) for d in dated]


def _grid_columns(header: list[Token], width: int) -> list[RawColumn]:
    """Member columns: the headings after the period, one per unit."""
    dated = dated_columns(header)
    end, months = (dated[0].end, dated[0].months) if dated else (None, None)
    last_date = max((i for i, t in enumerate(header) if t.kind in (Kind.DATE, Kind.MARKER)), default=-1)
    words = [t.text for t in header[last_date + 1 :] if t.kind is Kind.WORD and not t.text.startswith("(")]
    headings = _ordered(_pieces(words))
    if width and len(headings) != width:
        return []
    return [RawColumn(heading, end, months, member=heading) for heading in headings]


def _pieces(words: list[str]) -> list[str]:
    """Headings run together: a capitalised word starts the next one ("Share capital Share premium")."""
    pieces: list[list[str]] = []
    for word in words:
        starts = word[:1].isupper() and not (pieces and pieces[-1][-1].lower() in vocab.CONTINUING_WORDS)
        if starts or not pieces:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [clean_label(" ".join(piece)) for piece in pieces]


def _ordered(headings: list[str]) -> list[str]:
    """Columns left to right. A two-row header prints its spanning heading first ("Owners of the
    parent"), then the columns spanning both rows ("Non-controlling interests", "Total equity"),
    then the columns under the spanning heading; those come first on the page."""
    groups = [h for h in headings if vocab.GROUP_HEADINGS.search(h)]
    columns = [h for h in headings if h not in groups]
    if not groups:
        return columns
    spanning_end = next((i + 1 for i, h in enumerate(columns) if re.match(r"(?i)^total\s+\S", h)), 0)
    return columns[spanning_end:] + columns[:spanning_end]


def _captions_named_by_totals(tokens: list[Token]) -> frozenset[str]:
    """Keys of the captions the totals of a table name: "Total current assets" names "Current assets"."""
    text = " ".join(t.text if t.kind is not Kind.AMOUNT else "\n" for t in tokens)
    names = set()
    for label in text.split("\n"):
        label = label.strip()
        if re.match(r"(?i)^total\s+\S", label) or re.search(r"(?i)\S\s+total$", label):
            names.add(normalize(vocab.without_total(label)))
    return frozenset(names)


def _rows(body: list[Token], table: _Table) -> list[RawRow]:
    rows: list[RawRow] = []
    label: list[Token] = []
    index = 0
    while index < len(body):
        end = index
        while end < len(body) and body[end].kind is Kind.AMOUNT:
            end += 1
        if end == index:
            label.append(body[index])
            index += 1
            continue
        rows.extend(_row(label, body[index:end], table))
        label, index = [], end
    if label and not is_prose(" ".join(t.text for t in label)):  # a note's sentence is not a lost line
        message = f"text after the table's last row not read as a line: {' '.join(t.text for t in label)[:80]!r}"
        table.issues.append(warning("trailing-text", message, table.document.where(label[0].line)))
    return rows


def _row(label: list[Token], run: list[Token], table: _Table) -> list[RawRow]:
    """The rows one run of amounts closes: caption rows first, then the item. Numbers beyond the
    columns belong to the label ("Cumulative impact of adopting IFRS 16")."""
    extra = max(0, len(run) - table.width)
    if not extra and len(run) > 1 and _names_a_number(label, run[0]):
        extra = 1  # "Impact of IFRS 16 95": the standard's number, then the amount
    label, run = label + run[:extra], run[extra:]
    line = (label or run)[0].line
    where = table.document.where(line)
    text = clean_label(" ".join(t.text for t in label))
    amounts = [t.amount for t in run if t.amount is not None]
    for amount in amounts:
        if amount.lost_bracket:
            message = f"{text!r}: {-amount.value} read as negative (closing bracket missing)"
            table.issues.append(warning("lost-bracket", message, where))
    values: list[Decimal | None] = [None] * (table.width - len(amounts))
    values.extend(a.value for a in amounts)
    if len(amounts) < table.width and table.kind is not StatementKind.SEGMENTS:
        message = f"{text!r}: {len(amounts)} amounts for {table.width} columns; read as the rightmost columns"
        table.issues.append(warning("short-row", message, where))
    if extra:
        numbers = " ".join(t.text for t in label[-extra:])
        message = f"{text!r}: {numbers} read as part of the label, not as amounts ({len(run)} amounts left)"
        table.issues.append(warning("number-in-label", message, where))
    if not text:
        table.issues.append(warning("missing-label", f"amounts {' '.join(t.text for t in run)} have no label", where))
        text = "(no label)"
    parts = _split_captions(text, table.captions)
    captions = [RawRow(part, (None,) * table.width, line) for part in parts[:-1]]
    return [*captions, RawRow(parts[-1], tuple(values), line)]


def _names_a_number(label: list[Token], first: Token) -> bool:
    """The first amount is a number the label names, not an amount: a plain short whole number
    right after a word in capitals ("IFRS 16", "ASC 842", "Note 5")."""
    if not label or not re.fullmatch(r"\d{1,3}", first.text):
        return False
    return bool(re.fullmatch(r"[A-Z]{2,6}|Note|No\.", label[-1].text))


def _split_captions(text: str, captions: frozenset[str]) -> list[str]:
    """The captions a label starts with, then the item: "Assets Current Assets Cash and cash
    equivalents" gives both captions and "Cash and cash equivalents". A caption is split off only
    when a capitalised word follows it."""
    parts = []
    while True:
        colon = _COLON_CAPTION.match(text)
        prefix = colon[1] if colon else _caption_prefix(text, captions)
        if not prefix:
            break
        parts.append(prefix)
        text = text[len(prefix) :].strip()
    return [*parts, text]


def _caption_prefix(text: str, captions: frozenset[str]) -> str:
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        if words[count][:1].isupper() and normalize(" ".join(words[:count])) in captions:
            return " ".join(words[:count])
    return ""
