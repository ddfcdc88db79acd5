"""Inline XBRL for any XBRL report, laid out by its own presentation linkbase and labels.

The view model is ``build``'s (``xbrl_gen.inline``: Report, Table, Row, Cell, Tag) and so is the
template (``convert.xhtml.j2`` only overrides the blocks of ``inline.xhtml.j2`` that come from our
own RenderModel: namespaces, taxonomy references, contexts and units). Here the view is built from
Arelle's model of the report instead of from statements:

- one table per presentation role that shows a fact, titled by the role's definition;
- rows walk the role's tree (hypercubes are looked through, axes and their members become columns,
  a lone abstract root is the table's title), labelled by each arc's preferred label;
- columns are the role's periods (durations when it has any, instants otherwise; an instant is
  shown in a duration's column as its opening balance under a period-start label and as its
  closing balance otherwise), times the dimension members and entities its facts carry;
- every fact is tagged exactly once, in the first cell that shows it; facts that no cell shows
  go to ``ix:hidden``, so the instance extracted from the page has the source's facts, no more
  and no fewer. Contexts and units are copied element for element (lxml), with their own
  namespace declarations reconciled into the page's.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arelle import XbrlConst
from lxml import etree
from markupsafe import Markup

from xbrl_gen.convert.aspects import Dims, day, members_of, qname_text
from xbrl_gen.convert.formats import IX
from xbrl_gen.convert.loading import language as model_language
from xbrl_gen.convert.loading import references
from xbrl_gen.errors import InputError
from xbrl_gen.inline import (
    EMPTY,
    IXT_NAMESPACE,
    NIL_FORMAT,
    NIL_TEXT,
    NUMBER_FORMAT,
    Cell,
    Report,
    Row,
    Table,
    Tag,
    indent_css,
    unit_heading,
)
from xbrl_gen.names import date_text
from xbrl_gen.render import ROLE, ROLE_2009
from xbrl_gen.taxonomy import NS
from xbrl_gen.templating import environment
from xbrl_gen.xmlsafe import safe_parser

if TYPE_CHECKING:
    from arelle.ModelDtsObject import ModelConcept
    from arelle.ModelInstanceObject import ModelContext, ModelFact
    from arelle.ModelXbrl import ModelXbrl

log = logging.getLogger(__name__)

XSI = "http://www.w3.org/2001/XMLSchema-instance"
TOTAL_LABELS = {ROLE + "totalLabel", ROLE_2009 + "negatedTotalLabel"}
START_LABELS = {ROLE + "periodStartLabel", ROLE_2009 + "negatedPeriodStartLabel"}
SCALES = (9, 6, 3, 0)  # the powers of ten a table's amounts may be shown in, largest first
ROLE_NUMBER = re.compile(r"^\s*\[?\d+\]?\s*(?:-\s*[A-Za-z]+\s*-\s*)?")  # "210000 - Statement - ", "[210000] "
ENTITY_NAME = "NameOfReportingEntityOrOtherMeansOfIdentification"
XBRLDI = "http://xbrl.org/2006/xbrldi"
EXPLICIT_MEMBER = f"{{{XBRLDI}}}explicitMember"
QNAME_TEXT = {f"{{{NS['xbrli']}}}measure", EXPLICIT_MEMBER}  # elements whose text is a QName


@dataclass(frozen=True)
class Column:
    """Where a fact is shown across a table: its period (``start`` None for an instant; both None
    for forever), its dimension members and its entity. Arelle's datetimes: an instant or end
    date is the following midnight."""

    start: datetime | None
    end: datetime | None
    dims: Dims
    entity: tuple[str, str]

    def shows(self, context: ModelContext, opening: bool) -> bool:
        if members_of(context) != self.dims or context.entityIdentifier != self.entity:
            return False
        if context.isInstantPeriod:
            return bool(context.instantDatetime == (self.start if opening and self.start else self.end))
        return bool(_column(context) == self)

    def order(self, members: dict[str, int]) -> tuple[Any, ...]:
        """Entity, then the latest end first, then the shorter period, then the members in the
        order the role presents them."""
        ranks = tuple(members.get(member, len(members)) for _, member in self.dims)
        return (self.entity, self.end is None, -_seconds(self.end), -_seconds(self.start), ranks, self.dims)


@dataclass(frozen=True)
class _Node:
    """A line of a presentation tree: its concept, depth and preferred label role."""

    concept: ModelConcept
    depth: int
    label_role: str | None


def render_ixbrl(model: ModelXbrl, source: Path) -> str:
    """The ``.xhtml`` report for ``model`` (read from ``source``), referring to its taxonomy as
    the source does."""
    facts = _facts(model, source)
    language = model_language(model)
    namespaces = _namespaces(model, facts, source)
    template = environment().get_template("convert.xhtml.j2")
    return template.render(
        report=_Layout(model, facts, language).report(source),
        ixt_namespace=IXT_NAMESPACE,
        xmlns=sorted(namespaces.items()),
        language=language,
        references=references(model),
        resources=_resources(model, namespaces, source),
    )


def _facts(model: ModelXbrl, source: Path) -> list[ModelFact]:
    """The facts, refusing what Inline XBRL cannot say or this layout cannot show."""
    for fact in model.facts:
        if fact.isTuple or fact.isFraction:
            raise InputError(f"{fact.qname}: tuples and fractions are not converted to Inline XBRL", str(source))
        if fact.isNumeric and fact.get("precision") not in (None, "INF"):
            raise InputError(f"{fact.qname}: precision {fact.get('precision')} has no Inline XBRL form", str(source))
    if model.relationshipSet(XbrlConst.factFootnote).modelRelationships:
        log.warning("%s: footnotes are not carried into the Inline XBRL report", source)
    return list(model.facts)


class _Layout:
    """Tables, rows and cells for one report; places each fact once."""

    def __init__(self, model: ModelXbrl, facts: list[ModelFact], language: str) -> None:
        self.model = model
        self.language = language
        self.facts = facts
        self.by_concept: dict[Any, list[ModelFact]] = defaultdict(list)
        for fact in facts:
            self.by_concept[fact.qname].append(fact)
        self.placed: set[int] = set()  # objectIndex of the facts tagged so far
        taken = {*model.contexts, *model.units}  # the page's ids: facts', contexts' and units' alike
        self.ids = (i for n in itertools.count(1) if (i := f"f{n}") not in taken)
        self.entities = {f.context.entityIdentifier for f in facts}
        self.members = {
            qname_text(value.memberQname, model): value.member.label(lang=language, strip=True)
            for fact in facts
            for value in fact.context.qnameDims.values()
            if value.isExplicit and value.member is not None
        }

    def report(self, source: Path) -> Report:
        tables = [t for n, role in enumerate(self._roles(), start=1) if (t := self._table(role, f"table{n}"))]
        hidden = tuple(self._hidden(f) for f in self.facts if f.objectIndex not in self.placed)
        return Report(f"XBRL report {source.name}", self._entity_name(), self._period(), tuple(tables), hidden)

    # --- tables -----------------------------------------------------------------------------

    def _roles(self) -> list[str]:
        roles = self.model.relationshipSet(XbrlConst.parentChild).linkRoleUris
        return sorted(roles, key=lambda uri: (self.model.roleTypeDefinition(uri, self.language), uri))

    def _table(self, role: str, table_id: str) -> Table | None:
        relationships = self.model.relationshipSet(XbrlConst.parentChild, role)
        nodes, members = _tree(relationships)
        axes = {axis for axis, _ in members}
        concepts = dict.fromkeys(n.concept.qname for n in nodes if not n.concept.isAbstract)
        candidates = [
            f
            for concept in concepts
            for f in self.by_concept.get(concept, ())
            if {axis for axis, _ in members_of(f.context)} <= axes
        ]
        columns = _columns(candidates, {member: rank for rank, (_, member) in enumerate(members)})
        if not columns:
            return None
        scale, currency = _money(candidates)
        rows = [self._row(n, columns, scale) for n in _pruned(nodes, candidates)]
        title = ROLE_NUMBER.sub("", self.model.roleTypeDefinition(role, self.language)) or role
        return Table(
            id=table_id,
            title=title,
            headings=tuple(self._heading(c) for c in columns),
            unit_heading=unit_heading(scale, currency) if currency else "",
            has_notes=False,
            rows=tuple(rows),
        )

    def _heading(self, column: Column) -> str:
        parts = [self.members.get(member, member) for _, member in column.dims]
        if len(self.entities) > 1:
            parts.insert(0, column.entity[1])
        return " / ".join([*parts, _period_heading(column)])

    # --- rows and cells ---------------------------------------------------------------------

    def _row(self, node: _Node, columns: list[Column], scale: int) -> Row:
        concept = node.concept
        label = concept.label(node.label_role, lang=self.language, strip=True) or str(concept.qname)
        indent = indent_css(node.depth)
        if concept.isAbstract:
            return Row(label, "", "header", indent, tuple(EMPTY for _ in columns))
        opening = node.label_role in START_LABELS
        negated = (node.label_role or "").rsplit("/", 1)[-1].startswith("negated")
        facts = self.by_concept.get(concept.qname, [])
        cells = tuple(self._cell([f for f in facts if c.shows(f.context, opening)], scale, negated) for c in columns)
        kind = "total" if node.label_role in TOTAL_LABELS else "line"
        return Row(label, "", kind, indent, cells)

    def _cell(self, facts: list[ModelFact], scale: int, negated: bool) -> Cell:
        if not facts:
            return EMPTY
        fact = next((f for f in facts if f.objectIndex not in self.placed), facts[0])
        tagged = fact.objectIndex not in self.placed
        if not fact.isNumeric or fact.isNil:
            return Cell("" if fact.isNil else fact.value, tags=(self._text_tag(fact),) if tagged else ())
        shown_scale = scale if fact.concept.isMonetary else 0
        value = Decimal(fact.value)
        text = NIL_TEXT if value == 0 else _number_text(abs(value), shown_scale, fact)
        tags = (self._tag(fact, shown_scale, NIL_FORMAT if value == 0 else NUMBER_FORMAT),) if tagged else ()
        return Cell(text, (-value if negated else value) < 0, tags)

    def _hidden(self, fact: ModelFact) -> Cell:
        """A fact no cell shows: its stored value, unscaled."""
        if not fact.isNumeric or fact.isNil:
            return Cell("" if fact.isNil else fact.value, tags=(self._text_tag(fact),))
        return Cell(_number_text(abs(Decimal(fact.value)), 0, fact), tags=(self._tag(fact, 0, NUMBER_FORMAT),))

    def _tag(self, fact: ModelFact, scale: int, text_format: str) -> Tag:
        sign = "-" if Decimal(fact.value) < 0 else None
        decimals = fact.get("decimals") or fact.get("precision")  # precision can only be INF here
        name = qname_text(fact.qname, self.model)
        return Tag(
            "nonFraction", self._place(fact), name, fact.contextID, fact.unitID, decimals, scale, text_format, sign
        )

    def _text_tag(self, fact: ModelFact) -> Tag:
        """A text fact, or a nil one (with a unit when it is a number)."""
        name = qname_text(fact.qname, self.model)
        element = "nonFraction" if fact.unitID else "nonNumeric"
        return Tag(element, self._place(fact), name, fact.contextID, fact.unitID, nil=fact.isNil)

    def _place(self, fact: ModelFact) -> str:
        self.placed.add(fact.objectIndex)
        return next(self.ids)

    # --- cover ------------------------------------------------------------------------------

    def _entity_name(self) -> str:
        named = next((f for f in self.facts if f.qname.localName == ENTITY_NAME and not f.isNil), None)
        if named is not None:
            return str(named.value)
        return ", ".join(identifier for _, identifier in sorted(self.entities))

    def _period(self) -> str:
        """The period reported on: the longest of the durations that end last (the year to date
        of a quarterly report), else the latest instant."""
        dated = [c for c in {_column(f.context) for f in self.facts} if c.end is not None]
        if not dated:
            return "Forever"
        latest = max(dated, key=lambda c: (c.end, c.start is not None, -_seconds(c.start)))
        return _period_heading(latest)


def _tree(relationships: Any) -> tuple[list[_Node], list[tuple[str, str]]]:
    """The role's lines, and its (axis, member) pairs (as QName strings), in presentation order."""
    nodes: list[_Node] = []
    members: list[tuple[str, str]] = []
    roots = relationships.rootConcepts
    skip_root = len(roots) == 1 and roots[0].isAbstract

    def below(concept: ModelConcept, depth: int, path: frozenset[Any]) -> None:
        for rel in relationships.fromModelObject(concept):
            child = rel.toModelObject
            if child is not None and child not in path:
                walk(child, depth, rel.preferredLabel, path | {child})

    def walk(concept: ModelConcept, depth: int, label_role: str | None, path: frozenset[Any]) -> None:
        if concept.isDimensionItem:
            axis = qname_text(concept.qname, concept.modelXbrl)
            members.append((axis, ""))
            members.extend((axis, qname_text(c.qname, c.modelXbrl)) for c in _descendants(relationships, concept))
        elif concept.isHypercubeItem:
            below(concept, depth, path)
        else:
            nodes.append(_Node(concept, depth, label_role))
            below(concept, depth + 1, path)

    for root in roots:
        if skip_root:
            below(root, 0, frozenset({root}))
        else:
            walk(root, 0, None, frozenset({root}))
    return nodes, members


def _descendants(relationships: Any, concept: ModelConcept, seen: set[Any] | None = None) -> Iterator[ModelConcept]:
    """The members below an axis, depth first, each once."""
    seen = seen if seen is not None else {concept}
    for rel in relationships.fromModelObject(concept):
        child = rel.toModelObject
        if child is not None and child not in seen:
            seen.add(child)
            yield child
            yield from _descendants(relationships, child, seen)


def _pruned(nodes: list[_Node], facts: list[ModelFact]) -> list[_Node]:
    """The lines that show a fact, and the headers above them; the rest of a (possibly large,
    base-taxonomy) tree is left out."""
    with_facts = {f.qname for f in facts}

    def shows(node: _Node) -> bool:
        return not node.concept.isAbstract and node.concept.qname in with_facts

    def below(index: int) -> Iterator[_Node]:
        depth = nodes[index].depth
        return itertools.takewhile(lambda n: n.depth > depth, nodes[index + 1 :])

    return [n for i, n in enumerate(nodes) if shows(n) or (n.concept.isAbstract and any(map(shows, below(i))))]


def _columns(facts: list[ModelFact], members: dict[str, int]) -> list[Column]:
    """Durations (and forever) when the table has any, instants otherwise; latest first.

    A column that would show a single fact is left out when others show more: the opening cash a
    statement of cash flows reports at earlier dates is not a column of the statement of financial
    position; such facts are shown by the table they belong to, or in ``ix:hidden``."""
    own = {_column(f.context) for f in facts}
    periods = {(c.start, c.end) for c in own if c.start is not None or c.end is None}
    keys = {(c.dims, c.entity) for c in own}  # the members of an opening balance need a column too
    chosen = {Column(start, end, *key) for start, end in periods for key in keys} if periods else own

    def count(column: Column) -> int:
        return sum(column.shows(f.context, False) or column.shows(f.context, True) for f in facts)

    counts = {c: count(c) for c in chosen}
    broad = {c for c, n in counts.items() if n > 1} or {c for c, n in counts.items() if n}
    return sorted(broad, key=lambda c: c.order(members))


def _column(context: ModelContext) -> Column:
    if context.isInstantPeriod:
        return Column(None, context.instantDatetime, members_of(context), context.entityIdentifier)
    if context.isForeverPeriod:
        return Column(None, None, members_of(context), context.entityIdentifier)
    return Column(context.startDatetime, context.endDatetime, members_of(context), context.entityIdentifier)


def _money(facts: list[ModelFact]) -> tuple[int, str]:
    """The table's scale (the largest power of ten its amounts are all rounded to, so that
    thousands print as thousands) and its most common currency ("" when it shows no money)."""
    money = [f for f in facts if f.concept.isMonetary and not f.isNil]
    if not money:
        return 0, ""
    rounded_to = min((-int(d) if (d := f.get("decimals")) not in (None, "INF") else 0) for f in money)
    scale = next(s for s in SCALES if s <= rounded_to) if rounded_to >= 0 else 0
    currency = Counter(f.unit.measures[0][0].localName for f in money if f.unit is not None).most_common(1)
    return scale, currency[0][0] if currency else ""


def _number_text(value: Decimal, scale: int, fact: ModelFact) -> str:
    """``value`` / 10^scale with every digit it has and at least as many places as its decimals
    promise: 24.70 with decimals 2 prints "24.70", 38671734000 in thousands "38,671,734"."""
    shown = value.scaleb(-scale)
    decimals = fact.get("decimals")
    promised = int(decimals) + scale if decimals not in (None, "INF") else 0
    places = max(0, promised, -int(shown.normalize().as_tuple().exponent))
    return format(shown.quantize(Decimal(1).scaleb(-places)), ",f")


def _period_heading(column: Column) -> str:
    if column.end is None:
        return "Forever"
    if column.start is None:
        return date_text(day(column.end))
    return f"{date_text(day(column.start, start=True))} to {date_text(day(column.end))}"


def _seconds(moment: datetime | None) -> float:
    return (moment - datetime.min).total_seconds() if moment is not None else 0.0


def _namespaces(model: ModelXbrl, facts: list[ModelFact], source: Path) -> dict[str, str]:
    """Prefix -> namespace for the page: the instance's own declarations, those in scope on its
    contexts and units, the facts' prefixes, and the XBRL ones the page itself uses."""
    found = {prefix: NS[prefix] for prefix in ("xbrli", "link", "xlink")}
    if any(f.isNil for f in facts):
        found["xsi"] = XSI
    reserved = {"ix": IX, "ixt": IXT_NAMESPACE}
    pairs = [*model.modelDocument.xmlRootElement.nsmap.items()]
    pairs += [(qname_text(f.qname, model).rpartition(":")[0] or None, f.qname.namespaceURI) for f in facts]
    pairs += [p for e in _resource_elements(model) for p in e.nsmap.items()]
    for prefix, uri in pairs:
        if prefix in (None, "xml"):
            continue
        if found.setdefault(prefix, uri) != uri or reserved.get(prefix, uri) != uri:
            raise InputError(f"prefix {prefix} stands for two namespaces ({found[prefix]}, {uri})", str(source))
    return found


def _resource_elements(model: ModelXbrl) -> Iterator[Any]:
    """Contexts, then units, each in document order (Arelle numbers its objects as it reads them),
    wherever the report keeps them: an instance's root, or the ``ix:resources`` of an inline one."""
    yield from sorted(model.contexts.values(), key=lambda e: e.objectIndex)
    yield from sorted(model.units.values(), key=lambda e: e.objectIndex)


def _resources(model: ModelXbrl, namespaces: dict[str, str], source: Path) -> Markup:
    """The contents of ``ix:resources``: the instance's contexts and units, copied as they are.

    Each is copied with every namespace in scope where it stood (so QName values such as
    dimension members keep their meaning), into a holder that declares the page's namespaces;
    lxml then drops the declarations the page already makes."""
    holder = etree.Element(f"{{{IX}}}resources", nsmap={"ix": IX, **namespaces})
    prefixes = {uri: prefix for prefix, uri in sorted(namespaces.items(), reverse=True)}
    for element in _resource_elements(model):
        copy = etree.fromstring(etree.tostring(element, with_tail=False), safe_parser())
        for original, copied in zip(element.iter(), copy.iter()):
            _requalify(original, copied, prefixes, source)
        holder.append(copy)
    etree.indent(holder, space="  ", level=3)
    text = etree.tostring(holder, encoding="unicode")
    return Markup(text[text.index(">") + 1 : text.rindex("</")].lstrip("\n"))


def _requalify(original: Any, copied: Any, prefixes: dict[str, str], source: Path) -> None:
    """Write a measure's or an explicit member's QName with the page's prefix: an unprefixed
    ``shares`` meant xbrli:shares where xbrli was the default namespace, but on the page the
    default namespace is XHTML's."""
    if original.tag in QNAME_TEXT:
        copied.text = _prefixed(original.text, original, prefixes, source)
    if original.tag == EXPLICIT_MEMBER:
        copied.set("dimension", _prefixed(original.get("dimension"), original, prefixes, source))


def _prefixed(value: str, element: Any, prefixes: dict[str, str], source: Path) -> str:
    prefix, _, local = value.strip().rpartition(":")
    namespace = element.nsmap.get(prefix or None)
    if namespace not in prefixes:
        raise InputError(f"QName {value} has no namespace the report declares", f"{source}:{element.sourceline}")
    return f"{prefixes[namespace]}:{local}"
