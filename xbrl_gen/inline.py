"""The Inline XBRL 1.1 report: the statements laid out as printed, every number tagged.

Everything a tag needs (name, context, unit, decimals, scale, sign, transformation) is computed
here into a per-cell view model; ``templates/inline.xhtml.j2`` only lays it out. Contexts and units
come from the same ``RenderModel`` data and the same macros as the instance (``_xbrl.j2``), so the
instance Arelle extracts from the report is the instance ``build`` writes, fact for fact.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from xbrl_gen.errors import ValidationFailed, XbrlGenError
from xbrl_gen.facts import presented_scale
from xbrl_gen.model import Severity, TaggedLine, TaggedStatement
from xbrl_gen.names import date_text, periods_text
from xbrl_gen.render import RenderedFact, RenderModel, TextFact, taxonomy_files
from xbrl_gen.templating import environment
from xbrl_gen.validate import save_viewer

IXT_NAMESPACE = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"  # Transformation Registry 4
NUMBER_FORMAT = "ixt:num-dot-decimal"
NIL_FORMAT = "ixt:fixed-zero"
NIL_TEXT = "-"
SCALE_WORDS = {0: "", 3: "Thousands of ", 6: "Millions of ", 9: "Billions of "}
# the unit line over each table in words for the usual reporting currencies, else the ISO code
CURRENCY_WORDS = {
    "JPY": "yen",
    "USD": "US dollars",
    "EUR": "euros",
    "GBP": "pounds sterling",
    "CHF": "Swiss francs",
    "CNY": "yuan renminbi",
    "HKD": "Hong Kong dollars",
    "SGD": "Singapore dollars",
    "AUD": "Australian dollars",
    "CAD": "Canadian dollars",
    "KRW": "won",
    "INR": "Indian rupees",
}
VIEWER_SCRIPT = "ixbrlviewer.js"  # the name ixbrl-viewer gives the script it copies
INDENT_EM = Decimal("1.2")  # per level of depth, after the cell's own padding
PADDING_EM = Decimal("0.5")


class Tag(NamedTuple):
    """One ``ix:nonFraction`` or ``ix:nonNumeric``. A number's stored value is the displayed text
    × 10^scale, negated when ``sign`` is "-". Parentheses are presentation and stay outside the
    tag, so a cost printed (42,265,448) whose concept is a positive debit carries no sign. A nil
    fact is an empty element with ``xsi:nil``. ``build`` writes numbers only; ``xbrl-gen
    convert`` meets the others in instances made elsewhere."""

    element: str  # "nonFraction" or "nonNumeric"
    id: str
    name: str
    context: str
    unit: str | None = None  # numbers only; their decimals, scale and format come with it
    decimals: int | str | None = None  # "INF" in instances converted from elsewhere
    scale: int = 0
    format: str | None = None
    sign: str | None = None
    nil: bool = False


class Cell(NamedTuple):
    """Tuples, like the rows, so that the template unpacks them instead of looking up names."""

    text: str  # as printed, without sign: "42,265,448", "24.76", "-"; "" for an empty cell
    negative: bool = False  # printed in parentheses
    tags: tuple[Tag, ...] = ()  # none: empty cell, untagged line, or a fact tagged in an earlier cell


class Row(NamedTuple):
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
    period: str = ""  # the columns' periods, printed under the title and in the contents


@dataclass(frozen=True)
class Report:
    title: str
    entity: str
    period: str
    tables: tuple[Table, ...]
    hidden: tuple[Cell, ...]  # facts without a cell of their own; the template omits ix:hidden when empty
    general: tuple[TextFact, ...] = ()  # text facts (ESEF mandatory markups), shown before the statements
    notes: tuple[tuple[TextFact, tuple[str, ...]], ...] = ()  # block tags and their paragraphs, after them


EMPTY = Cell("")


def inline_report(model: RenderModel) -> Report:
    """The view model of the whole report: cover, one table per statement.

    Each fact is tagged once, in the first cell that prints it (``RenderModel.shown_at``). Profit
    for the period is printed in the statements of profit or loss, of comprehensive income and
    (before tax) of cash flows; tagging every occurrence would be valid Inline XBRL (consistent
    duplicates), but the extracted instance would then hold such facts two or three times where
    ``build``'s instance holds each once. Later cells print the same figure untagged. A fact no
    cell prints goes to ``ix:hidden``."""
    filing = model.filing
    tables = tuple(_table(statement, model) for statement in model.mapped.statements)
    placed = {tag.id for t in tables for row in t.rows for cell in row.cells for tag in cell.tags}
    # A hidden fact is printed nowhere, so it shows its stored value, unscaled.
    hidden = tuple(
        Cell(format(abs(f.fact.value), ",f"), tags=(_tag(n, f, 0, NUMBER_FORMAT),))
        for n, f in enumerate(model.facts)
        if _fact_id(n) not in placed
    )
    period = _period_text(filing.period.start, filing.period.end)
    notes = tuple(zip(model.notes, (n.paragraphs for n in filing.notes)))
    return Report(filing.title, filing.entity.name, period, tables, hidden, tuple(model.text_facts), notes)


def render_inline(model: RenderModel, schema_href: str | None = None) -> str:
    """The ``<name>.xhtml`` report, referring to the extension taxonomy ``render_filing`` writes
    (beside it, or at ``schema_href``)."""
    template = environment().get_template("inline.xhtml.j2")
    files = taxonomy_files(model.name)
    if schema_href:
        files["schema.xsd.j2"] = schema_href
    return template.render(
        m=model,
        filing=model.filing,
        report=inline_report(model),
        files=files,
        ixt_namespace=model.profile.ixt_namespace if model.profile else IXT_NAMESPACE,
    )


def _table(statement: TaggedStatement, model: RenderModel) -> Table:
    filing = model.filing
    columns = statement.statement.columns
    return Table(
        id=statement.role_id,
        title=statement.statement.title,
        headings=tuple(c.heading for c in columns),
        unit_heading=unit_heading(filing.scale, filing.currency),
        has_notes=any(t.line.note for t in statement.lines),
        rows=tuple(_row(statement.role_id, t, model) for t in statement.lines),
        period=periods_text(c.period for c in columns),
    )


def _row(role_id: str, tagged: TaggedLine, model: RenderModel) -> Row:
    line = tagged.line
    shown_at, scale = model.shown_at, model.filing.scale
    cells = tuple(
        _cell(value, shown_at.get((role_id, line.id, c)), model, scale) for c, value in enumerate(line.values)
    )
    kind = "header" if line.is_header else "total" if line.total else "line"
    return Row(line.label, line.note or "", kind, indent_css(line.depth), cells)


@functools.cache
def indent_css(depth: int) -> str:
    """The left padding of a label at ``depth``."""
    return f"{PADDING_EM + depth * INDENT_EM}em"


def _cell(value: Decimal | None, fact_number: int | None, model: RenderModel, scale: int) -> Cell:
    if value is None:
        return EMPTY
    text = format(abs(value), ",f") if value else NIL_TEXT
    if fact_number is None:
        return Cell(text, value < 0)
    rendered = model.facts[fact_number]
    shown_scale = presented_scale(rendered.fact.concept, scale)
    return Cell(text, value < 0, (_tag(fact_number, rendered, shown_scale, NUMBER_FORMAT if value else NIL_FORMAT),))


def _tag(fact_number: int, rendered: RenderedFact, scale: int, text_format: str) -> Tag:
    concept, context, unit, decimals, _, fact = rendered
    sign = "-" if fact.value < 0 else None
    return Tag("nonFraction", _fact_id(fact_number), concept, context, unit, decimals, scale, text_format, sign)


def _fact_id(fact_number: int) -> str:
    return f"f{fact_number + 1}"


def unit_heading(scale: int, currency: str) -> str:
    """The unit line over each table: "Thousands of yen" for scale 3 and JPY, the ISO code for
    other currencies."""
    words = SCALE_WORDS.get(scale, f"10^{scale} ") + CURRENCY_WORDS.get(currency, currency)
    return words[:1].upper() + words[1:]


def _period_text(start: date, end: date) -> str:
    return f"{date_text(start)} to {date_text(end)}"


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
