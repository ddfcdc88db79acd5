"""The Inline XBRL 1.1 report: the statements laid out as printed, every number tagged.

Everything a tag needs (name, context, unit, decimals, scale, sign, transformation) is computed
here into a per-cell view model; ``templates/inline.xhtml.j2`` only lays it out. Contexts and units
come from the same ``RenderModel`` data and the same macros as the instance (``_xbrl.j2``), so the
instance Arelle extracts from the report is the instance ``build`` writes, fact for fact.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from xbrl_gen.errors import ValidationFailed, XbrlGenError
from xbrl_gen.facts import FactKey, fact_key, line_facts, presented_scale
from xbrl_gen.model import Fact, Filing, Severity, TaggedLine, TaggedStatement
from xbrl_gen.render import RenderedFact, RenderModel, environment, taxonomy_files
from xbrl_gen.validate import save_viewer

IXT_NAMESPACE = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"  # Transformation Registry 4
NUMBER_FORMAT = "ixt:num-dot-decimal"
NIL_FORMAT = "ixt:fixed-zero"
NIL_TEXT = "-"
SCALE_WORDS = {0: "", 3: "Thousands of ", 6: "Millions of ", 9: "Billions of "}
CURRENCY_WORDS = {"JPY": "yen"}
VIEWER_SCRIPT = "ixbrlviewer.js"  # the name ixbrl-viewer gives the script it copies
INDENT_EM = Decimal("1.2")  # per level of depth, after the cell's own padding
PADDING_EM = Decimal("0.5")


@dataclass(frozen=True)
class Tag:
    """One ``ix:nonFraction``: the stored value is the displayed text × 10^scale, negated when
    ``sign`` is "-". Parentheses are presentation and stay outside the tag, so a cost printed
    (42,265,448) whose concept is a positive debit carries no sign."""

    id: str
    name: str
    context: str
    unit: str | None
    decimals: int | str | None  # "INF" in instances converted from elsewhere
    scale: int
    format: str
    sign: str | None
    element: ClassVar[str] = "number"


@dataclass(frozen=True)
class TextTag:
    """One ``ix:nonNumeric``, or a nil fact (``xsi:nil``, empty; with ``unit`` an ``ix:nonFraction``).
    ``build`` writes neither; ``xbrl-gen convert`` meets them in instances made elsewhere."""

    id: str
    name: str
    context: str
    unit: str | None = None
    nil: bool = False
    element: ClassVar[str] = "text"


@dataclass(frozen=True)
class Cell:
    text: str  # as printed, without sign: "42,265,448", "24.76", "-"; "" for an empty cell
    negative: bool = False  # printed in parentheses
    tag: Tag | TextTag | None = None  # None: empty cell, untagged line, or a fact tagged in an earlier cell


@dataclass(frozen=True)
class Row:
    label: str
    note: str
    kind: str  # CSS class: "header", "total" or "line"
    indent: str  # CSS length for the label's depth
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    headings: tuple[str, ...]
    unit_heading: str
    has_notes: bool
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Report:
    title: str
    entity: str
    period: str
    tables: tuple[Table, ...]
    hidden: tuple[Cell, ...]  # facts without a cell of their own; the template omits ix:hidden when empty


class _Tagger:
    """Tags each fact once, in the first cell that shows it.

    Profit for the period is printed in the statements of profit or loss, of comprehensive income
    and (before tax) of cash flows. Tagging every occurrence would be valid Inline XBRL (consistent
    duplicates), but the extracted instance would then hold such facts two or three times where
    ``build``'s instance holds each once; tagging the first occurrence keeps the two equal fact for
    fact, and the later cells print the same figure untagged.
    """

    def __init__(self, facts: list[RenderedFact]) -> None:
        self._facts = {fact_key(f.fact): f for f in facts}
        self._placed: set[FactKey] = set()

    def tag(self, fact: Fact, scale: int, text_format: str) -> Tag | None:
        key = fact_key(fact)
        if key in self._placed:
            return None
        self._placed.add(key)
        rendered = self._facts[key]
        sign = "-" if rendered.fact.value < 0 else None
        return Tag(
            f"f{len(self._placed)}",
            rendered.concept,
            rendered.context,
            rendered.unit,
            rendered.decimals,
            scale,
            text_format,
            sign,
        )

    def unplaced(self) -> list[Fact]:
        return [f.fact for key, f in self._facts.items() if key not in self._placed]


def inline_report(model: RenderModel) -> Report:
    """The view model of the whole report: cover, one table per statement, hidden facts."""
    filing = model.filing
    tagger = _Tagger(model.facts)
    tables = tuple(_table(statement, filing, tagger) for statement in model.mapped.statements)
    # A hidden fact is printed nowhere, so it shows its stored value, unscaled.
    hidden = tuple(Cell(format(abs(f.value), ",f"), tag=tagger.tag(f, 0, NUMBER_FORMAT)) for f in tagger.unplaced())
    return Report(
        filing.title, filing.entity.name, _period_text(filing.period.start, filing.period.end), tables, hidden
    )


def render_inline(model: RenderModel) -> str:
    """The ``<name>.xhtml`` report, referring to the extension taxonomy ``render_filing`` writes."""
    template = environment().get_template("inline.xhtml.j2")
    return template.render(
        m=model,
        filing=model.filing,
        report=inline_report(model),
        files=taxonomy_files(model.name),
        ixt_namespace=IXT_NAMESPACE,
    )


def _table(statement: TaggedStatement, filing: Filing, tagger: _Tagger) -> Table:
    columns = statement.statement.columns
    return Table(
        id=statement.role_id,
        title=statement.statement.title,
        headings=tuple(c.heading for c in columns),
        unit_heading=unit_heading(filing.scale, filing.currency),
        has_notes=any(t.line.note for t in statement.lines),
        rows=tuple(_row(t, statement, filing, tagger) for t in statement.lines),
    )


def _row(tagged: TaggedLine, statement: TaggedStatement, filing: Filing, tagger: _Tagger) -> Row:
    line = tagged.line
    facts = dict(line_facts(tagged, statement, filing.scale, filing.currency))
    cells = tuple(_cell(value, facts.get(i), filing.scale, tagger) for i, value in enumerate(line.values))
    kind = "header" if line.is_header else "total" if line.total else "line"
    return Row(line.label, line.note or "", kind, f"{PADDING_EM + line.depth * INDENT_EM}em", cells)


def _cell(value: Decimal | None, fact: Fact | None, scale: int, tagger: _Tagger) -> Cell:
    if value is None:
        return Cell("")
    nil = value == 0
    tag = None
    if fact is not None:
        tag = tagger.tag(fact, presented_scale(fact.concept, scale), NIL_FORMAT if nil else NUMBER_FORMAT)
    return Cell(NIL_TEXT if nil else format(abs(value), ",f"), value < 0, tag)


def unit_heading(scale: int, currency: str) -> str:
    """The unit line over each table: "Thousands of yen" for scale 3 and JPY, the ISO code for
    other currencies."""
    words = SCALE_WORDS.get(scale, f"10^{scale} ") + CURRENCY_WORDS.get(currency, currency)
    return words[:1].upper() + words[1:]


def _period_text(start: date, end: date) -> str:
    return f"{date_text(start)} to {date_text(end)}"


def date_text(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def write_viewer(xhtml: Path, out: Path, packages: list[Path]) -> Path:
    """Arelle's ixbrl-viewer page for the report: ``out/<name>-viewer.html`` and, beside it, the
    viewer script copied from the ``ixbrl-viewer`` package, so the page opens offline from disk.

    HTML, not XHTML: the viewer script fills its panels through ``innerHTML``, which a page parsed
    as XML refuses. Both files are made in a staging folder and moved in together."""
    if importlib.util.find_spec("iXBRLViewerPlugin") is None:
        raise XbrlGenError("the viewer needs the ixbrl-viewer package: pip install 'xbrl-gen[viewer]'")
    out.mkdir(parents=True, exist_ok=True)
    page = out / f"{xhtml.stem}-viewer.html"
    with tempfile.TemporaryDirectory(prefix=".xbrl-gen-", dir=out) as staging:
        staged = Path(staging)
        errors = [i for i in save_viewer(xhtml, staged / page.name, packages) if i.severity is Severity.ERROR]
        if errors or not (staged / page.name).is_file():
            raise ValidationFailed(f"ixbrl-viewer wrote no page: {errors[0] if errors else 'no message'}", str(xhtml))
        for name in (page.name, VIEWER_SCRIPT):
            os.replace(staged / name, out / name)
    return page
