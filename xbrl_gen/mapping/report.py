"""The mapping report: which concept each line got, from which layer, and which choices deserve a
human look before filing (weak search hits, extensions for lines that read like standard ones)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from xbrl_gen.mapping.engine import MappedFiling
from xbrl_gen.mapping.rules import normalize

CONFIDENT_SEARCH = 1.0  # search hits below this scored right only ~2 in 3 on tests/test_mapping.py
_STANDARD_WORDS = re.compile(
    r"\b(revenue|sales|cost|expense|profit|income|tax|assets?|liabilit\w*|equity|cash|receivables?|payables?|"
    r"borrowings|provisions|inventor\w*|depreciation|amorti[sz]ation|dividends?|interest|goodwill|capital)\b"
)


@dataclass(frozen=True)
class ReportRow:
    statement: str
    line_id: str
    label: str
    concept: str
    layer: str
    score: float
    runner_up: str | None
    low_confidence: bool
    why: str


def mapping_report(mapped: MappedFiling) -> list[ReportRow]:
    """One row per tagged line, in statement order."""
    rows = []
    for tagged_statement in mapped.statements:
        for tagged in tagged_statement.lines:
            if tagged.concept is None or tagged.choice is None:
                continue
            choice = tagged.choice
            rows.append(
                ReportRow(
                    statement=tagged_statement.statement.id,
                    line_id=tagged.line.id,
                    label=tagged.line.label,
                    concept=tagged.concept.qname,
                    layer=choice.layer,
                    score=choice.score,
                    runner_up=choice.runner_up,
                    low_confidence=_low_confidence(choice.layer, choice.score, tagged.line.label),
                    why=choice.note,
                )
            )
    return rows


def _low_confidence(layer: str, score: float, label: str) -> bool:
    if layer == "taxonomy search":
        return score < CONFIDENT_SEARCH
    return layer == "extension" and bool(_STANDARD_WORDS.search(normalize(label)))


def format_text(rows: list[ReportRow]) -> str:
    """A fixed-width table, low-confidence rows marked with '!'."""
    header = ("", "statement", "line", "concept", "layer", "score", "runner-up", "why")
    table = [header] + [
        ("!" if r.low_confidence else "", r.statement, r.label, r.concept, r.layer, f"{r.score:.2f}", r.runner_up or "", r.why)
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in table]
    flagged = sum(r.low_confidence for r in rows)
    return "\n".join(lines + [f"{len(rows)} lines, {flagged} low confidence"]) + "\n"


def format_json(rows: list[ReportRow]) -> str:
    return json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False) + "\n"
