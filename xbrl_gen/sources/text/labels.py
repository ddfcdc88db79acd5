"""Labels checked against numbers: a total printed with the label of one of its own lines.

Extraction and typesetting lose or repeat labels: "Other comprehensive income" printed where the
numbers are profit plus other comprehensive income, "Cash and cash equivalents" printed on the
line that adds up current assets. The arithmetic decides: a line the numbers prove to be the sum
of the lines since its caption (or since the previous total) that bears the name of one of those
lines, or of another plain line of the statement, is read as that sum. It is named after the
caption its sum closes ("Total current assets"), else after the well-known sum of its lines
(``vocabulary.KNOWN_SUMS``), else after its lines; a later line with the same label and the same
amounts (the total again, over "attributable to" lines) is read the same way. Each is a warning
naming the line.
"""

from __future__ import annotations

from dataclasses import replace

from xbrl_gen.model import Issue, Line, Statement, StatementKind
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.tables import warning
from xbrl_gen.summations import infer_summations


def relabelled_totals(lines: list[Line], title: str) -> tuple[list[Line], list[Issue]]:
    """``lines`` with each mislabelled total named as what it adds up (ids are given after)."""
    trial = tuple(replace(line, id=f"r{i}") for i, line in enumerate(lines))
    sums = infer_summations(Statement("trial", StatementKind.OTHER, "", (), trial), after_totals=False)
    index = {line.id: i for i, line in enumerate(trial)}
    lines = list(lines)
    issues: list[Issue] = []
    for total_id in sorted(sums.proven, key=index.__getitem__):
        total = lines[index[total_id]]
        components = [lines[index[c]] for c in sums.children[total_id]]
        if not _names_a_part(total, components, lines):
            continue
        caption = sums.closes.get(total_id)
        label = _sum_label(lines[index[caption]] if caption else None, components)
        parts = " + ".join(repr(c.label) for c in components)
        message = f"{title}: {total.label!r} is {parts} in every column, a total it does not name: read as {label!r}"
        issues.append(warning("total-relabelled", message, total.where))
        for position in _same_line_again(lines, index[total_id]):
            if position != index[total_id]:
                message = (
                    f"{title}: {total.label!r} repeats the amounts of that total ({total.where}): read as {label!r}"
                )
                issues.append(warning("total-relabelled", message, lines[position].where))
            lines[position] = replace(lines[position], label=label)
    return lines, issues


def _names_a_part(total: Line, components: list[Line], lines: list[Line]) -> bool:
    """The total bears the name of a line it adds up, or of a plain line of the statement."""
    own = vocab.name(total.label)
    plain = [line for line in lines if not line.total and not line.is_header and line is not total]
    return any(vocab.name(line.label) == own for line in [*components, *plain])


def _same_line_again(lines: list[Line], position: int) -> list[int]:
    """The total and every later line printed with its label and its amounts."""
    total = lines[position]
    return [position] + [
        i for i in range(position + 1, len(lines)) if lines[i].label == total.label and lines[i].values == total.values
    ]


def _sum_label(caption: Line | None, components: list[Line]) -> str:
    if caption is not None:
        words = caption.label.strip().rstrip(":").strip()
        return f"Total {_lower_first(words)}"
    names = [vocab.name(c.label) for c in components]
    for patterns, label in vocab.KNOWN_SUMS:
        if len(patterns) == len(names) and all(any(p.search(n) for n in names) for p in patterns):
            return label
    printed = [_lower_first(vocab.without_total(c.label)) for c in components]
    return f"Total of {', '.join(printed[:-1])} and {printed[-1]}"


def _lower_first(text: str) -> str:
    """ "Current assets" -> "current assets"; "IFRS adjustments" stays."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]
