"""The mapping report: which concept each line got, from which layer, and which choices deserve a
human look before filing.

Low confidence means the engine guessed: a search hit scoring below ``CONFIDENT_SEARCH``, or an
extension concept the engine made for a line whose wording reads like a standard IFRS line
(revenue, cost, assets, ...). Such a row is *explained* when the report can state why the guess
stands: the extension breaks down the IFRS concept of the total it adds into, and that total's
concept is also the nearest IFRS concept the search found ("Cost of hosting services" under
"Total cost of sales"), so IFRS has nothing narrower. Everything else that is weak is fixed with a
rule, whose ``why:`` the report prints; a rule's choice is a person's and is never low confidence.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, fields

from xbrl_gen.labels import normalize
from xbrl_gen.mapping.candidates import below
from xbrl_gen.mapping.engine import MappedFiling
from xbrl_gen.model import MappingChoice, TaggedStatement
from xbrl_gen.taxonomy import IFRS_PREFIX

CONFIDENT_SEARCH = 1.0  # on tests/test_mapping.py without rules, search hits at or above it are right 97 %, below 74 %
WIDTH = 100  # the text report fits a terminal this wide; --json has every row in full
_STANDARD_WORDS = re.compile(
    r"\b(revenue|sales|cost|expense|profit|income|tax|assets?|liabilit\w*|equity|cash|receivables?|payables?|"
    r"borrowings|provisions|inventor\w*|depreciation|amorti[sz]ation|dividends?|interest|goodwill|capital)\b"
)
_LAYERS = {  # short names for the text table
    "explicit": "explicit",
    "company rules": "company",
    "common IFRS wordings": "common",
    "taxonomy standard label": "label",
    "taxonomy search": "search",
    "extension": "new",
    "arithmetic identity": "identity",
    "opening/closing balance": "balance",
}
_LABEL, _CONCEPT, _LAYER = 33, 50, 8  # with the flag, score and separators: WIDTH columns
LEGEND = """\
! low confidence, unexplained: a search hit scoring below {confident:.2f}, or an extension the engine
  made for a line that reads like a standard IFRS line. Confirm or fix it with a rule (--mapping
  FILE); the rule's why: is then printed under the line.
~ low confidence, explained: an extension that breaks down the IFRS concept of the total it adds
  into, which is also the nearest IFRS concept; IFRS has no concept that narrow.
Layers: explicit concept:, company or common rule, taxonomy standard label, ranked search, new
(extension made by the engine), arithmetic identity, opening/closing balance. A check that
overruled the wording (IFRS calculations, expense analysis, figures) says so under why:.
Untruncated rows with rule locations, runner-ups and each line's section: --json."""


@dataclass(frozen=True)
class ReportRow:
    statement: str
    line_id: str
    label: str
    concept: str
    layer: str
    section: str | None
    score: float
    runner_up: str | None
    low_confidence: bool
    explained: bool
    why: str

    @property
    def flag(self) -> str:
        """'!' for a weak choice nobody explained, '~' for an explained one, '' otherwise."""
        if not self.low_confidence:
            return ""
        return "~" if self.explained else "!"


def mapping_report(mapped: MappedFiling) -> list[ReportRow]:
    """One row per tagged line, in statement order."""
    return [row for statement in mapped.statements for row in _rows(statement)]


def _rows(statement: TaggedStatement) -> list[ReportRow]:
    concept_of = {t.line.id: t.concept.qname for t in statement.lines if t.concept is not None}
    rows = []
    for tagged in statement.lines:
        if tagged.concept is None or tagged.choice is None:
            continue
        choice = tagged.choice
        low = _low_confidence(choice.layer, choice.score, tagged.line.label)
        total = concept_of.get(tagged.calc_parent or "")
        breakdown = (
            choice.layer == "extension"
            and total is not None
            and total.startswith(f"{IFRS_PREFIX}:")
            and choice.runner_up == total
        )
        why = f"breaks down {total}, its total and the nearest IFRS concept" if breakdown else _reason(choice, low)
        rows.append(
            ReportRow(
                statement=statement.statement.id,
                line_id=tagged.line.id,
                label=tagged.line.label,
                concept=tagged.concept.qname,
                layer=choice.layer,
                section=choice.section,
                score=choice.score,
                runner_up=choice.runner_up,
                low_confidence=low,
                explained=low and breakdown,
                why=why,
            )
        )
    return rows


def _reason(choice: MappingChoice, low: bool) -> str:
    """The engine's note (a rule's why: or location, the extension's nearest miss), else what the
    layer itself says."""
    if choice.note:
        return choice.note
    if choice.layer == "taxonomy search":
        return "best standard-label match, scored " + (
            below(choice.score, CONFIDENT_SEARCH) if low else f"{choice.score:.2f}"
        )
    if choice.layer == "explicit":
        return "concept: given in the statements"
    return ""


def _low_confidence(layer: str, score: float, label: str) -> bool:
    if layer == "taxonomy search":
        return score < CONFIDENT_SEARCH
    return layer == "extension" and bool(_STANDARD_WORDS.search(normalize(label)))


def format_text(rows: list[ReportRow]) -> str:
    """Rows grouped by statement, each on one line of at most ``WIDTH`` columns (long labels and
    QNames shortened); weak choices and extensions get their reason underneath."""
    out: list[str] = []
    statement = None
    for row in rows:
        if row.statement != statement:
            statement = row.statement
            out.extend(["", statement])
        cells = (
            f"{row.flag:1}",
            _shorten(row.label, _LABEL, middle=False).ljust(_LABEL),
            _shorten(row.concept, _CONCEPT, middle=True).ljust(_CONCEPT),
            _LAYERS.get(row.layer, row.layer)[:_LAYER].ljust(_LAYER),
            f"{row.score:4.2f}",
        )
        out.append(" ".join(cells))
        if row.low_confidence or not row.concept.startswith(f"{IFRS_PREFIX}:"):
            out.extend(_detail(row))
    flagged = sum(r.flag == "!" for r in rows)
    explained = sum(r.flag == "~" for r in rows)
    out.extend(["", f"{len(rows)} lines, {flagged} low confidence unexplained (!), {explained} explained (~)", ""])
    out.append(LEGEND.format(confident=CONFIDENT_SEARCH))
    return "\n".join(out).lstrip("\n") + "\n"


def _detail(row: ReportRow) -> list[str]:
    reason = row.why
    if row.flag == "!" and row.runner_up and row.runner_up not in reason:
        reason += f" ({row.runner_up})" if row.layer == "extension" else f"; runner-up {row.runner_up}"
    return textwrap.wrap(reason, WIDTH, initial_indent="    why: ", subsequent_indent=" " * 9, break_on_hyphens=False)


def _shorten(text: str, width: int, *, middle: bool) -> str:
    """``text`` fitted into ``width`` columns with '…': a label loses its end, a QName its middle,
    so both its start and its distinguishing end ("...ClassifiedAsInvestingActivities") show."""
    if len(text) <= width:
        return text
    head = (width - 1) // 2 if middle else width - 1
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


def format_json(rows: list[ReportRow]) -> str:
    """The rows as ``json.dumps(..., indent=2)`` lays them out, each value written by json's C
    encoder: with an indent, json writes in pure Python (0.4 s for 30,000 rows)."""
    if not rows:
        return "[]\n"
    names = [f.name for f in fields(ReportRow)]
    keys = [json.dumps(name) for name in names]
    value = json.JSONEncoder(ensure_ascii=False).encode
    objects = (
        "  {\n" + ",\n".join(f"    {key}: {value(getattr(row, name))}" for key, name in zip(keys, names)) + "\n  }"
        for row in rows
    )
    return "[\n" + ",\n".join(objects) + "\n]\n"
