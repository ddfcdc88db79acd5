"""Tables with one label or one number per line (text extracted from a PDF cell by cell).

Amounts lose their place next to labels: those of the first item under a caption often come
before the caption. So labels and amounts are read as two queues and paired in order: the n-th
item gets the n-th group of amounts (one per column); captions (ending in a colon, known captions)
get none. A header repeated on the next page is skipped; a header with other dates starts a new
table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xbrl_gen.labels import normalize
from xbrl_gen.model import Issue
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.document import Block, Document, is_prose
from xbrl_gen.sources.text.periods import dated_columns, most_common_unit
from xbrl_gen.sources.text.tables import RawColumn, RawRow, RawTable, clean_label, warning
from xbrl_gen.sources.text.tokens import Kind, Token, tokenize

_HEADER_FILLERS = frozenset({"for", "the", "and", "ended", "(", ")"})


@dataclass
class _Label:
    line: int
    text: str
    run: int  # labels between the same two groups of amounts share a run


@dataclass
class _Table:
    header: list[Token] = field(default_factory=list)
    labels: list[_Label] = field(default_factory=list)
    amounts: list[Token] = field(default_factory=list)
    runs: int = 0  # runs of labels seen so far
    last_was_amount: bool = True


def read(block: Block, document: Document) -> tuple[list[RawTable], list[Issue]]:
    issues: list[Issue] = []
    tables = [_Table(tokenize([(block.line, block.caption)]) if block.caption else [])]
    header_run: list[tuple[int, str, list[Token]]] = []
    for number, raw in block.lines:
        text = raw.strip()
        if not text:
            continue
        tokens = tokenize([(number, text)])
        if _is_header_line(tokens):
            header_run.append((number, text, tokens))
            continue
        if header_run:
            _take_header(tables, header_run)
            header_run = []
        if all(t.kind is Kind.AMOUNT for t in tokens):
            tables[-1].amounts.extend(tokens)
            tables[-1].last_was_amount = True
        else:
            _add_label(tables[-1], number, text)
    result = []
    for index, table in enumerate(tables):
        found = _raw_table(table, block if index == 0 else None, document, issues)
        if found is not None:
            result.append(found)
    return result, issues


def _is_header_line(tokens: list[Token]) -> bool:
    """Dates, units and period phrases only: "As of June 30, 2017", "Thousands of JPY"."""
    fillers = {t.text.strip("()").lower() for t in tokens if t.kind is Kind.WORD} - {""}
    return any(t.kind in (Kind.DATE, Kind.MARKER, Kind.UNIT) for t in tokens) and fillers <= _HEADER_FILLERS


def _take_header(tables: list[_Table], run: list[tuple[int, str, list[Token]]]) -> None:
    """A header before any row heads the table; a later one with dates starts a new table: the
    next page of this statement or another statement whose title was lost, as the assembler
    decides from its rows. Parenthesised subtitles only repeat the dates of the columns."""
    tokens = [t for _, text, line_tokens in run if not text.startswith("(") for t in line_tokens]
    table = tables[-1]
    if not table.labels and not table.amounts:
        table.header.extend(tokens)
        return
    if dated_columns(tokens):
        tables.append(_Table(tokens))


def _add_label(table: _Table, line: int, text: str) -> None:
    previous = table.labels[-1] if table.labels else None
    if previous and not table.last_was_amount and _continues(previous.text, text):
        previous.text = clean_label(f"{previous.text} {text}")
        return
    if table.last_was_amount:
        table.runs += 1
    table.labels.append(_Label(line, clean_label(text), table.runs))
    table.last_was_amount = False


def _continues(previous: str, text: str) -> bool:
    """A label broken over lines: the next part starts in lower case, or the first part ends
    with a word that cannot end a label ("... at March 31, 2017 and")."""
    last = previous.split()[-1].lower()
    return text[:1].islower() or last in vocab.CONTINUING_WORDS or previous.endswith((",", "-"))


def _raw_table(table: _Table, block: Block | None, document: Document, issues: list[Issue]) -> RawTable | None:
    dated = dated_columns(table.header)
    where = document.where(table.header[0].line if table.header else (block.line if block else 0))
    if not dated:
        if table.amounts:
            issues.append(warning("no-columns", "no column dates in the table header; table skipped", where))
        return None
    width = len(dated)
    columns = tuple(RawColumn(d.heading, d.end, d.months) for d in dated)
    labels = _without_trailing(table, document, issues)
    groups = [table.amounts[i : i + width] for i in range(0, len(table.amounts), width)]
    if groups and len(groups[-1]) < width:
        issues.append(
            warning(
                "short-row",
                f"{len(table.amounts)} amounts do not fill {width} columns; the last ones are ignored",
                where,
            )
        )
        groups.pop()
    captions = _captions(labels, len(groups))
    items = [label for label in labels if label not in captions]
    if len(items) != len(groups):
        issues.append(
            warning(
                "alignment",
                f"{len(items)} labels for {len(groups)} rows of amounts; paired in order as far as they go",
                where,
            )
        )
    values = {id(label): group for label, group in zip(items, groups, strict=False)}
    for group in groups[len(items) :]:
        message = f"amounts {' '.join(t.text for t in group)} have no label left to pair with; dropped"
        issues.append(warning("unpaired-amounts", message, document.where(group[0].line)))
    rows = []
    for label in labels:
        paired = values.get(id(label))
        if label in items and paired is None:
            message = f"{label.text!r}: no amounts left to pair with; line dropped"
            issues.append(warning("unpaired-label", message, document.where(label.line)))
            continue
        rows.append(
            RawRow(label.text, _values(paired, label, document, issues) if paired else (None,) * width, label.line)
        )
    title, kind = (block.title, block.kind) if block else (None, None)
    return RawTable(
        title,
        kind,
        columns,
        tuple(rows),
        table.header[0].line if table.header else 0,
        most_common_unit(t.unit for t in table.header),
    )


def _without_trailing(table: _Table, document: Document, issues: list[Issue]) -> list[_Label]:
    """Labels after the last amounts belong to what follows the table (a page footer, a heading):
    not read, and said."""
    if not table.amounts:
        return []
    last_line = table.amounts[-1].line
    kept = [label for label in table.labels if label.line < last_line]
    for label in (label for label in table.labels[len(kept) :] if not is_prose(label.text)):
        message = f"text after the table's last amounts not read as a line: {label.text[:80]!r}"
        issues.append(warning("trailing-text", message, document.where(label.line)))
    return kept


def _captions(labels: list[_Label], groups: int) -> list[_Label]:
    """Labels that head others. Beyond those ending in a colon or named as captions, when labels
    outnumber the amounts, a label alone between two groups of amounts and followed by several
    labels is one too (its amounts belong to the first label after it)."""
    captions = [label for label in labels if _is_caption(label.text)]
    known = {id(label) for label in captions}
    run_sizes: dict[int, int] = {}
    for label in labels:
        run_sizes[label.run] = run_sizes.get(label.run, 0) + 1
    for label in labels:
        if len(labels) - len(captions) <= groups:
            break
        if id(label) not in known and run_sizes[label.run] == 1 and run_sizes.get(label.run + 1, 0) >= 2:
            captions.append(label)
    return captions


def _is_caption(text: str) -> bool:
    name = normalize(text)
    return text.endswith(":") or name in vocab.SECTION_CAPTIONS or name in vocab.STANDALONE_CAPTIONS


def _values(group: list[Token], label: _Label, document: Document, issues: list[Issue]) -> tuple[Decimal | None, ...]:
    values: list[Decimal | None] = []
    for token in group:
        if token.amount is not None:
            values.append(token.amount.value)
            if token.amount.lost_bracket:
                issues.append(
                    warning(
                        "lost-bracket",
                        f"{label.text!r}: {token.text!r} read as negative (closing bracket missing)",
                        document.where(token.line),
                    )
                )
    return tuple(values)
