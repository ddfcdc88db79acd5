"""Everything a tag needs is computed here; the Jinja templates in ``templates/`` only lay it out.

The filing is rendered into memory first (``render_filing``) and written by ``write_atomically``
so that a failure leaves the output directory as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from xbrl_gen.errors import InputError, OutputError
from xbrl_gen.esef import CALC_11, CALC_2003, ESEF_PREFIX, MARKUPS, Profile
from xbrl_gen.facts import FactKey, Position, Unit, derive_facts, units_for
from xbrl_gen.mapping.dimensions import axis_specs
from xbrl_gen.mapping.engine import MappedFiling
from xbrl_gen.model import (
    Concept,
    Dimension,
    Dims,
    Duration,
    Fact,
    Filing,
    Instant,
    ItemType,
    Line,
    Note,
    Period,
    PeriodType,
    TaggedLine,
    TaggedStatement,
)
from xbrl_gen.names import pascal_name, periods_text
from xbrl_gen.taxonomy import IFRS_PREFIX, Taxonomy
from xbrl_gen.templating import environment

ROLE = "http://www.xbrl.org/2003/role/"
ROLE_2009 = "http://www.xbrl.org/2009/role/"

STATEMENT_ABSTRACTS = {
    "financial-position": "ifrs-full:StatementOfFinancialPositionAbstract",
    "profit-or-loss": "ifrs-full:IncomeStatementAbstract",
    "comprehensive-income": "ifrs-full:StatementOfComprehensiveIncomeAbstract",
    "cash-flows": "ifrs-full:StatementOfCashFlowsAbstract",
    "changes-in-equity": "ifrs-full:StatementOfChangesInEquityAbstract",
}


@dataclass(frozen=True)
class Context:
    id: str
    period: Period
    dims: Dims = ()

    @property
    def instant(self) -> str | None:
        return self.period.date.isoformat() if isinstance(self.period, Instant) else None

    @property
    def start(self) -> str | None:
        return self.period.start.isoformat() if isinstance(self.period, Duration) else None

    @property
    def end(self) -> str | None:
        return self.period.end.isoformat() if isinstance(self.period, Duration) else None


class RenderedFact(NamedTuple):
    """A fact as both documents write it: a tuple, which the templates unpack in their loops
    (Jinja's attribute lookup would cost more than the rest of the line)."""

    concept: str
    context: str
    unit: str | None
    decimals: int | None
    value: str
    fact: Fact


@dataclass(frozen=True)
class Label:
    concept: str  # QName
    role: str
    text: str
    language: str | None = None  # None: the filing's

    @property
    def role_name(self) -> str:
        return self.role.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Arc:
    parent: str  # QName
    child: str
    order: int
    weight: int = 1
    preferred_label: str | None = None
    arcrole: str = ""  # definition arcs only: one of ARCROLES


XDT = "http://xbrl.org/int/dim/arcrole/"
WIDER_NARROWER = "http://www.esma.europa.eu/xbrl/esef/arcrole/wider-narrower"
ARCROLES = {  # definition arcrole URI -> where it is declared (our own schema for the ESEF anchoring arcrole)
    XDT + "all": "http://www.xbrl.org/2005/xbrldt-2005.xsd#all",
    XDT + "hypercube-dimension": "http://www.xbrl.org/2005/xbrldt-2005.xsd#hypercube-dimension",
    XDT + "dimension-domain": "http://www.xbrl.org/2005/xbrldt-2005.xsd#dimension-domain",
    XDT + "domain-member": "http://www.xbrl.org/2005/xbrldt-2005.xsd#domain-member",
    XDT + "dimension-default": "http://www.xbrl.org/2005/xbrldt-2005.xsd#dimension-default",
    WIDER_NARROWER: "#wider-narrower",
}


@dataclass
class Network:
    """One extended link role: a statement's presentation or one of its calculation trees."""

    id: str
    uri: str
    definition: str
    presentation: list[Arc] = field(default_factory=list)
    calculation: list[Arc] = field(default_factory=list)
    definition_arcs: list[Arc] = field(default_factory=list)
    defined_by: str | None = None  # href of the roleType when a base taxonomy declares the role


class TextFact(NamedTuple):
    """A text fact of the report (the ESEF mandatory markups): label as shown, and the tag."""

    label: str
    id: str
    concept: str
    context: str
    value: str


@dataclass
class RenderModel:
    mapped: MappedFiling
    name: str
    facts: list[RenderedFact]
    shown_at: dict[Position, int]  # where each fact is first printed -> its index in facts
    contexts: list[Context]
    units: list[Unit]
    networks: list[Network]
    labels: list[Label]
    abstracts: dict[str, Concept]
    ifrs_namespace: str
    profile: Profile | None = None
    text_facts: list[TextFact] = field(default_factory=list)
    notes: list[TextFact] = field(default_factory=list)  # block tags; value: the note's XHTML

    @property
    def context_element(self) -> str:
        """Where contexts hold their dimensions: ESEF wants the scenario."""
        return "scenario" if self.profile else "segment"

    @property
    def filing(self) -> Filing:
        return self.mapped.filing

    @property
    def concepts(self) -> list[Concept]:
        return (
            list(self.mapped.extensions.values()) + list(self.mapped.members.values()) + list(self.abstracts.values())
        )

    @property
    def arcroles(self) -> list[str]:
        """The definition arcroles used, each needing an arcroleRef."""
        used = {a.arcrole for n in self.networks for a in n.definition_arcs}
        return [r for r in ARCROLES if r in used]

    @property
    def elements(self) -> Iterator[tuple[str, str, str, str, str, str | None]]:
        """Each concept's element declaration: name, id, type, abstract, period type, balance."""
        for c in self.concepts:
            prefix, name = c.qname.split(":", 1)
            balance = c.balance.value if c.balance else None
            abstract = "true" if c.abstract else "false"
            yield name, f"{prefix}_{name}", c.data_type, abstract, c.period_type.value, balance

    @cached_property
    def label_locators(self) -> dict[str, str]:
        """The xlink:label of the locator of each labelled concept, by QName."""
        return {label.concept: locator_label(label.concept) for label in self.labels}

    @property
    def label_resources(self) -> Iterator[tuple[int, str, str, str | None, str]]:
        """Each label: its number, role, text, language (None: the filing's), and the locator of
        its concept."""
        locators = self.label_locators
        for n, label in enumerate(self.labels, start=1):
            yield n, label.role, label.text, label.language, locators[label.concept]

    @property
    def label_roles_2009(self) -> list[str]:
        return sorted({label.role_name for label in self.labels if label.role.startswith(ROLE_2009)})

    @property
    def uses_dtr_types(self) -> bool:
        return any(c.data_type.startswith("dtr-types:") for c in self.concepts)


def filing_name(mapped: MappedFiling) -> str:
    return f"{mapped.filing.extension.prefix}-{mapped.filing.period.end.isoformat()}"


def build_render_model(
    mapped: MappedFiling,
    ifrs_namespace: str,
    ifrs_labels: dict[str, dict[str, str]],
    profile: Profile | None = None,
    ifrs_concepts: dict[str, Concept] | None = None,
) -> RenderModel:
    """``profile`` (with the IFRS concepts, for the labels of the mandatory markups) renders an
    ESEF filing: see ``_esef_networks``."""
    facts, first_shown = derive_facts(mapped)
    markups = _markups(mapped, ifrs_concepts or {}) if profile else []
    notes = _text_blocks(mapped.filing, ifrs_concepts or {})
    contexts = _contexts(facts, ((mapped.filing.period, ()),) if markups or notes else ())
    unit_ids = {f.unit_id for f in facts.values()}
    units = [u for u in units_for(mapped.filing.currency).values() if u.id in unit_ids]
    abstracts: dict[str, Concept] = {}
    networks = [_network(s, mapped, abstracts, ifrs_labels) for s in mapped.statements]
    defaults = _hypercubes(mapped.statements, networks)
    networks += _calculations(mapped.statements, list(networks))
    anchors = _anchoring(mapped)
    if anchors.definition_arcs:
        networks.append(anchors)
    text_facts: list[TextFact] = []
    note_facts: list[TextFact] = []
    if markups or notes:
        context = contexts[(mapped.filing.period, ())].id
        text_facts = [TextFact(c.label, f"t{n}", c.qname, context, v) for n, (c, v) in enumerate(markups, start=1)]
        note_facts = [TextFact(n.title, f"n{i}", n.concept, context, note_xhtml(n)) for i, n in enumerate(notes, 1)]
    if note_facts:
        networks.append(_notes_network(mapped, note_facts, abstracts, ifrs_concepts or {}))
    if profile:
        networks += _esef_networks(mapped, profile, facts, markups, text_facts + note_facts, defaults, abstracts)
    else:
        _declare_defaults(networks, defaults)
    return RenderModel(
        mapped=mapped,
        name=filing_name(mapped),
        facts=[_rendered(fact, contexts) for fact in facts.values()],
        shown_at=first_shown,
        contexts=list(contexts.values()),
        units=units,
        networks=networks,
        labels=_labels(mapped, abstracts, ifrs_labels, None if profile else networks),
        abstracts=dict(sorted(abstracts.items())),
        ifrs_namespace=ifrs_namespace,
        profile=profile,
        text_facts=text_facts,
        notes=note_facts,
    )


def _text_blocks(filing: Filing, ifrs_concepts: dict[str, Concept]) -> list[Note]:
    """The statements file's notes, each on a text block concept of the IFRS taxonomy."""
    for note in filing.notes:
        concept = ifrs_concepts.get(note.concept)
        if concept is None or not concept.data_type.endswith(":textBlockItemType"):
            found = f"a {concept.data_type}" if concept else "not in the IFRS taxonomy"
            raise InputError(
                f"notes: {note.concept} is {found}; a note is tagged with a text block concept "
                "(textBlockItemType, e.g. ifrs-full:DisclosureOfSummaryOfSignificantAccountingPoliciesExplanatory)",
                note.where,
            )
    return list(filing.notes)


def note_xhtml(note: Note) -> str:
    """A note as the XHTML its block tag holds: one ``p`` per paragraph (what ``escape="true"``
    makes the fact's value)."""
    return "".join(etree.tostring(_paragraph(text), encoding="unicode") for text in note.paragraphs)


def _paragraph(text: str) -> etree._Element:
    element = etree.Element("p")
    element.text = text
    return element


def _notes_network(
    mapped: MappedFiling, notes: list[TextFact], abstracts: dict[str, Concept], ifrs_concepts: dict[str, Concept]
) -> Network:
    """The notes presented under a "Notes and other explanatory information" abstract (the IFRS
    taxonomy's if it has one of that name)."""
    filing = mapped.filing
    network = Network(
        "r98-notes",
        f"{filing.extension.namespace.rstrip('/')}/role/notes",
        "800000 - Notes - Notes to the statements",
    )
    like = ifrs_concepts[notes[0].concept]
    root = _abstract_for(
        "Notes and other explanatory information", filing.extension.prefix, abstracts, like, ifrs_concepts
    )
    network.presentation = [Arc(root, t.concept, n) for n, t in enumerate(notes, start=1)]
    return network


def _markups(mapped: MappedFiling, ifrs_concepts: dict[str, Concept]) -> list[tuple[Concept, str]]:
    """The ESEF mandatory markups the statements file gives: (ifrs-full concept, text)."""
    entity = mapped.filing.entity
    given = {"name": entity.name, **dict(entity.details)}
    return [(ifrs_concepts[f"ifrs-full:{name}"], given[key]) for key, name in MARKUPS.items() if key in given]


def _contexts(
    facts: dict[FactKey, Fact], more: tuple[tuple[Period, Dims], ...] = ()
) -> dict[tuple[Period, Dims], Context]:
    found = {(f.period, f.dims) for f in facts.values()} | set(more)
    keys = sorted(found, key=lambda k: (_period_sort_key(k[0]), k[1]))
    return {(p, d): Context(_context_id(p, d), p, d) for p, d in keys}


def _period_sort_key(period: Period) -> tuple[str, str]:
    if isinstance(period, Instant):
        return ("i", period.date.isoformat())
    return ("d", f"{period.start.isoformat()}{period.end.isoformat()}")


def _context_id(period: Period, dims: Dims) -> str:
    """ "i20200630", "d20200401-20200630", with "-prefix-Member" per dimension."""
    base = f"i{period.date:%Y%m%d}" if isinstance(period, Instant) else f"d{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return base + "".join(f"-{member.replace(':', '-')}" for _, member in dims)


def _rendered(fact: Fact, contexts: dict[tuple[Period, Dims], Context]) -> RenderedFact:
    value = format(fact.value, "f") if fact.value else "0"  # not "-0.00"
    return RenderedFact(
        fact.concept.qname, contexts[(fact.period, fact.dims)].id, fact.unit_id, fact.decimals, value, fact
    )


def _abstract_for(
    label: str, prefix: str, abstracts: dict[str, Concept], like: Concept, core: Container[str] = ()
) -> str:
    """The header's abstract: the IFRS taxonomy's own when it has one of that name ("Revenue" ->
    ifrs-full:RevenueAbstract, as an extension of that name duplicates a core element), else a
    company abstract."""
    name = f"{pascal_name(label, 'Heading')}Abstract"
    if f"{IFRS_PREFIX}:{name}" in core:
        return f"{IFRS_PREFIX}:{name}"
    qname = f"{prefix}:{name}"
    abstracts.setdefault(
        qname, Concept(qname, like.period_type, None, ItemType.OTHER, True, label, "xbrli:stringItemType")
    )
    return qname


def _preferred_label(tagged: TaggedLine) -> str | None:
    line = tagged.line
    if line.at == "start":
        return ROLE + "periodStartLabel"
    if line.at == "end":
        return ROLE + "periodEndLabel"
    if tagged.sign < 0:
        return ROLE_2009 + ("negatedTotalLabel" if line.total else "negatedLabel")
    return ROLE + "totalLabel" if line.total else None


def _network(
    statement: TaggedStatement, mapped: MappedFiling, abstracts: dict[str, Concept], core: Container[str]
) -> Network:
    prefix = mapped.filing.extension.prefix
    root = STATEMENT_ABSTRACTS.get(statement.statement.kind.value) or _abstract_for(
        statement.statement.title,
        prefix,
        abstracts,
        next(t.concept for t in statement.lines if t.concept),
        core,
    )
    network = Network(statement.role_id, statement.role_uri, _definition(statement))
    if statement.dimension:
        root = _table_presentation(network, root, statement.dimension)
    like = next(t.concept for t in statement.lines if t.concept)
    open_headers: list[tuple[Line, str]] = []  # (header line, its abstract concept)
    orders: dict[str, int] = {}
    for tagged in statement.lines:
        line = tagged.line
        open_headers = [(h, q) for h, q in open_headers if h.depth < line.depth]
        parent = open_headers[-1][1] if open_headers else root
        orders[parent] = orders.get(parent, 0) + 1
        if line.is_header:
            child = _abstract_for(line.label, prefix, abstracts, like, core)
            open_headers.append((line, child))
            network.presentation.append(Arc(parent, child, orders[parent]))
        elif tagged.concept is not None:
            network.presentation.append(Arc(parent, tagged.concept.qname, orders[parent], 1, _preferred_label(tagged)))
        closed = statement.closes.get(line.id)
        if closed:
            ids = [h.id for h, _ in open_headers]
            open_headers = open_headers[: ids.index(closed)] if closed in ids else open_headers
    return network


def _table_presentation(network: Network, root: str, dimension: Dimension) -> str:
    """Table, axis, domain and members, then the line items the lines hang from, as the IFRS
    taxonomy presents its own tables; returns the line items."""
    d = dimension
    network.presentation.append(Arc(root, d.table, 1))
    for order, axis in enumerate(d.axes, start=1):
        network.presentation += [Arc(d.table, axis.name, order), Arc(axis.name, axis.domain, 1)]
        network.presentation += [Arc(parent, child, n) for n, (parent, child) in enumerate(axis.tree, start=1)]
    network.presentation.append(Arc(d.table, d.line_items, len(d.axes) + 1))
    return d.line_items


def _hypercubes(statements: list[TaggedStatement], networks: list[Network]) -> dict[str, tuple[Network, str]]:
    """The definition arcs of each 2-D statement's hypercube, in the statement's role: its
    concepts (through the line items) have a closed table of its axes. Returns each axis with
    the first network using it and its default (the domain), declared once as an axis has one
    default in the whole DTS."""
    defaults: dict[str, tuple[Network, str]] = {}
    for statement, network in zip(statements, networks):
        d = statement.dimension
        if d is None:
            continue
        arcs = [Arc(d.line_items, d.table, 1, arcrole=XDT + "all")]
        for order, axis in enumerate(d.axes, start=1):
            arcs += [
                Arc(d.table, axis.name, order, arcrole=XDT + "hypercube-dimension"),
                Arc(axis.name, axis.domain, 1, arcrole=XDT + "dimension-domain"),
            ]
            arcs += [Arc(p, c, n, arcrole=XDT + "domain-member") for n, (p, c) in enumerate(axis.tree, start=1)]
            defaults.setdefault(axis.name, (network, axis.domain))
        primaries = dict.fromkeys(t.concept.qname for t in statement.lines if t.concept)
        arcs += [Arc(d.line_items, q, n, arcrole=XDT + "domain-member") for n, q in enumerate(primaries, start=1)]
        network.definition_arcs += arcs
    return defaults


def _declare_defaults(networks: list[Network], defaults: dict[str, tuple[Network, str]]) -> None:
    """Each axis default in the first role using the axis, after its dimension-domain arc."""
    for axis, (network, domain) in defaults.items():
        at = next(i for i, a in enumerate(network.definition_arcs) if a.parent == axis) + 1
        network.definition_arcs.insert(at, Arc(axis, domain, 2, arcrole=XDT + "dimension-default"))


def _esef_networks(
    mapped: MappedFiling,
    profile: Profile,
    facts: dict[FactKey, Fact],
    markups: list[tuple[Concept, str]],
    text_facts: list[TextFact],
    defaults: dict[str, tuple[Network, str]],
    abstracts: dict[str, Concept],
) -> list[Network]:
    """What ESEF adds: the mandatory markups presented under a role of their own; every concept
    reported without dimensions in ESMA's line-items hypercube (``esef_role-999999``); defaults
    of company axes in ESMA's ``ifrs-dim_role-990000`` (those of IFRS axes are ESMA's own)."""
    filing = mapped.filing
    prefix, namespace = filing.extension.prefix, filing.extension.namespace.rstrip("/")
    networks = []
    if text_facts:
        info = Network(
            "r00-general-information",
            f"{namespace}/role/general-information",
            "000000 - Disclosure - General information about the entity",
        )
        root = _abstract_for("General information about the entity", prefix, abstracts, markups[0][0])
        info.presentation = [Arc(root, t.concept, n) for n, t in enumerate(text_facts, start=1)]
        networks.append(info)
    line_items = dict.fromkeys(f.concept.qname for f in facts.values() if not f.dims)
    line_items.update(dict.fromkeys(t.concept for t in text_facts))
    placeholder = f"{ESEF_PREFIX}:LineItemsNotDimensionallyQualifiedPlaceholder"
    networks.append(
        Network(
            "esef_role-999999",
            profile.taxonomy.line_items_role,
            "",
            definition_arcs=[
                Arc(placeholder, q, n, arcrole=XDT + "domain-member") for n, q in enumerate(line_items, 1)
            ],
            defined_by=f"{profile.taxonomy.entry_point}#esef_role-999999",
        )
    )
    own = {axis: d for axis, d in defaults.items() if axis.startswith(prefix + ":")}
    if own:
        networks.append(
            Network(
                "ifrs-dim_role-990000",
                profile.taxonomy.defaults_role,
                "",
                definition_arcs=[
                    Arc(a, d, n, arcrole=XDT + "dimension-default") for n, (a, (_, d)) in enumerate(own.items(), 1)
                ],
                defined_by=f"{profile.taxonomy.entry_point}#ifrs-dim_role-990000",
            )
        )
    return networks


def _anchoring(mapped: MappedFiling) -> Network:
    """ESEF-style wider-narrower arcs: each company concept under the IFRS concept it narrows,
    the nearest IFRS total it adds into (a service line's revenue under ifrs-full:Revenue), else
    the wider concept the statement kind names for its movements."""
    namespace = mapped.filing.extension.namespace.rstrip("/")
    network = Network(
        "r99-anchoring",
        f"{namespace}/role/anchoring",
        "990000 - Anchoring - Company concepts and the IFRS concepts they narrow",
    )
    anchored: dict[str, str] = {}
    for statement in mapped.statements:
        by_id = {t.line.id: t for t in statement.lines}
        spec = axis_specs().get(statement.statement.kind)
        for tagged in statement.lines:
            concept = tagged.concept
            if concept is None or concept.qname not in mapped.extensions or concept.qname in anchored:
                continue
            parent = by_id.get(tagged.calc_parent or "")
            while parent is not None and parent.concept is not None and parent.concept.qname in mapped.extensions:
                parent = by_id.get(parent.calc_parent or "")
            if parent is not None and parent.concept is not None:
                anchored[concept.qname] = parent.concept.qname
            elif spec and spec.anchor and concept.period_type is PeriodType.DURATION:
                anchored[concept.qname] = spec.anchor
    for order, (narrow, wide) in enumerate(sorted(anchored.items(), key=lambda kv: (kv[1], kv[0])), start=1):
        network.definition_arcs.append(Arc(wide, narrow, order, arcrole=WIDER_NARROWER))
    return network


def _definition(statement: TaggedStatement) -> str:
    """``020000 - Statement - <title> - <periods>``: two statements with one title (changes in
    equity for two years) are told apart by their periods."""
    return f"{_code(statement)}0000 - Statement - {_titled(statement)}"


def _code(statement: TaggedStatement) -> str:
    """The statement's two-digit place, which its role id starts with (``r02-...``)."""
    return statement.role_id[1:3]


def _titled(statement: TaggedStatement) -> str:
    return f"{statement.statement.title} - {periods_text(c.period for c in statement.statement.columns)}"


@dataclass
class _Sum:
    """One way a total is summed: item -> weight, and the roles of the statements printing it."""

    homes: list[Network]
    items: dict[str, int]


def _calculations(statements: list[TaggedStatement], bases: list[Network]) -> list[Network]:
    """Summation arcs, in the role of each statement that prints the sum. Calculation 1.1 applies
    every role's sums to every context, so a total is summed one way wherever it is printed: sums
    of a total that share an item are merged (each year's equity roll-forward lists the movements
    that year had), while a sum with no item in common (profit as before-tax less tax, and as
    owners plus NCI) is stated in a role of its own."""
    sums: dict[str, list[_Sum]] = {}
    for statement, base in zip(statements, bases):
        for total, items in _statement_sums(statement):
            known = sums.setdefault(total, [])
            merged = next((k for k in known if k.items.keys() & items.keys() and _agree(k.items, items)), None)
            if merged is None:
                known.append(_Sum([base], items))
                continue
            merged.items.update({q: w for q, w in items.items() if q not in merged.items})
            if base not in merged.homes:
                merged.homes.append(base)
    extra: list[Network] = []
    stated: set[tuple[str, str]] = set()  # (role id, total)
    of = {base.id: statement for statement, base in zip(statements, bases)}
    count: dict[str, int] = {}  # home role id -> its calculation-only roles so far
    for total, ways in sums.items():
        for way in ways:
            for home in way.homes:
                target = home
                if (home.id, total) in stated:
                    count[home.id] = count.get(home.id, 0) + 1
                    target = _calculation_role(of[home.id], home, total, list(way.items), count[home.id])
                    extra.append(target)
                stated.add((target.id, total))
                target.calculation += [Arc(total, q, n, w) for n, (q, w) in enumerate(way.items.items(), start=1)]
    return extra


def _calculation_role(statement: TaggedStatement, home: Network, total: str, items: list[str], number: int) -> Network:
    """A role of its own for another way a statement sums a total (profit as owners plus NCI
    besides before-tax less tax): sort code ``NN<number>00`` after the statement's ``NN0000``,
    and a name saying which sum it holds."""
    names = [q.split(":")[-1] for q in items]
    parts = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    sum_text = f"{total.split(':')[-1]} as the sum of {parts}"
    definition = f"{_code(statement)}{number:02d}00 - Calculation - {_titled(statement)}: {sum_text}"
    return Network(f"{home.id}-calculation-{number}", f"{home.uri}/calculation-{number}", definition)


def _statement_sums(statement: TaggedStatement) -> list[tuple[str, dict[str, int]]]:
    by_id = {t.line.id: t for t in statement.lines}
    sums: dict[str, tuple[str, dict[str, int]]] = {}  # total line id -> (its concept, item -> weight)
    for tagged in statement.lines:
        total = by_id[tagged.calc_parent].concept if tagged.calc_parent else None
        if total is not None and tagged.concept is not None and tagged.calc_parent is not None:
            sums.setdefault(tagged.calc_parent, (total.qname, {}))[1][tagged.concept.qname] = tagged.calc_weight
    return [(qname, {q: w for q, w in items.items() if q != qname}) for qname, items in sums.values()]


def _agree(known: dict[str, int], new: dict[str, int]) -> bool:
    return all(known.get(q, w) == w for q, w in new.items())


def _labels(
    mapped: MappedFiling,
    abstracts: dict[str, Concept],
    ifrs_labels: dict[str, dict[str, str]],
    carry_ifrs_for: list[Network] | None,
) -> list[Label]:
    """Standard labels of our own concepts, plus each preferred label a presentation arc asks
    for that the base taxonomy does not have (worded as the line is printed).

    With ``carry_ifrs_for``, also the IFRS labels of every IFRS concept these networks name (its
    standard label and the preferred ones asked for), in English as the IFRS publishes them: the
    DTS then need not reference the IFRS label linkbase, whose 5 MB are most of Arelle's load of
    a quarterly report. An ESEF filing gets them from ESMA's entry point instead."""
    labels = {
        (c.qname, ROLE + "label"): Label(c.qname, ROLE + "label", c.label)
        for c in list(mapped.extensions.values()) + list(mapped.members.values()) + list(abstracts.values())
    }
    for statement in mapped.statements:
        for tagged in statement.lines:
            role = _preferred_label(tagged)
            concept = tagged.concept
            if role and concept:
                published = ifrs_labels.get(concept.qname, {}).get(role)
                if published is None:
                    labels.setdefault((concept.qname, role), Label(concept.qname, role, tagged.line.label))
                elif carry_ifrs_for is not None:
                    labels.setdefault((concept.qname, role), Label(concept.qname, role, published, "en"))
    for qname in _named_ifrs_concepts(carry_ifrs_for or []):
        published = ifrs_labels.get(qname, {}).get(ROLE + "label")
        if published is not None:
            labels.setdefault((qname, ROLE + "label"), Label(qname, ROLE + "label", published, "en"))
    return [labels[k] for k in sorted(labels)]


def _named_ifrs_concepts(networks: list[Network]) -> set[str]:
    arcs = [a for n in networks for a in (*n.presentation, *n.calculation, *n.definition_arcs)]
    return {q for a in arcs for q in (a.parent, a.child) if q.startswith(f"{IFRS_PREFIX}:")}


# --- templates -------------------------------------------------------------------------------


class Hrefs(dict[str, str]):
    """QName -> the xlink:href a linkbase locates it by: in the IFRS core schema, ESMA's (ESEF), or ours."""

    def __init__(self, ifrs_schema_url: str, schema_file: str, esef_schema_url: str = "") -> None:
        super().__init__()
        self.schemas = {"ifrs-full": ifrs_schema_url, ESEF_PREFIX: esef_schema_url}
        self.schema_file = schema_file

    def __missing__(self, qname: str) -> str:
        prefix, name = qname.split(":", 1)
        href = self[qname] = f"{self.schemas.get(prefix) or self.schema_file}#{prefix}_{name}"
        return href


def locator_label(qname: str) -> str:
    """The xlink:label of a concept's locator in our linkbases: readable, and an NCName (no colon)."""
    return "loc_" + qname.replace(":", "_")


class LinkArc(NamedTuple):
    """An arc as its extended link writes it (a tuple, which the template unpacks: cheaper than
    attribute lookups at scale): the locators first used by it, each (xlink:label, href), to be
    written just before it; its from and to labels; order, weight, preferred label, arcrole."""

    locators: tuple[tuple[str, str], ...]
    source: str
    target: str
    order: int
    weight: int
    preferred_label: str | None
    arcrole: str


def link_arcs(arcs: list[Arc], hrefs: Hrefs) -> Iterator[LinkArc]:
    """The arcs of one extended link with its locators: one per concept, shared by every arc from
    or to it. XLink allows no two arcs with the same from and to labels in one extended link, so
    an arc that would repeat a pair (a concept shown twice under one parent, as opening and
    closing cash; a definition arc of another arcrole between the same two concepts) goes to
    another locator of its child, ``…_2``, ``…_3``, shared in turn by later repeats."""
    locators = _Locators(hrefs)
    pairs: set[tuple[str, str]] = set()
    for a in arcs:
        source = locators.first(a.parent)
        target = next((t for t in locators.of(a.child) if (source, t) not in pairs), None) or locators.add(a.child)
        pairs.add((source, target))
        yield LinkArc(locators.unwritten(), source, target, a.order, a.weight, a.preferred_label, a.arcrole)


class _Locators:
    """The locators of one extended link as arcs ask for them, and those not yet written."""

    def __init__(self, hrefs: Hrefs) -> None:
        self.hrefs = hrefs
        self.labels: dict[str, list[str]] = {}  # QName -> the labels of its locators, in order
        self.taken: set[str] = set()  # every label in the link: no two concepts share one
        self.new: list[tuple[str, str]] = []

    def of(self, qname: str) -> list[str]:
        return self.labels.get(qname, [])

    def first(self, qname: str) -> str:
        return self.labels[qname][0] if qname in self.labels else self.add(qname)

    def add(self, qname: str) -> str:
        """Another locator of ``qname``: ``locator_label``, or with the first free suffix ``_2``, ``_3``…"""
        base = label = locator_label(qname)
        n = 1
        while label in self.taken:
            n += 1
            label = f"{base}_{n}"
        self.taken.add(label)
        self.labels.setdefault(qname, []).append(label)
        self.new.append((label, self.hrefs[qname]))
        return label

    def unwritten(self) -> tuple[tuple[str, str], ...]:
        """The locators added since the last call, each (label, href): to be written now."""
        new = tuple(self.new)
        self.new.clear()
        return new


TAXONOMY_FILES = {
    "schema.xsd.j2": "{name}.xsd",
    "labels.xml.j2": "{name}_lab.xml",
    "presentation.xml.j2": "{name}_pre.xml",
    "calculation.xml.j2": "{name}_cal.xml",
    "definition.xml.j2": "{name}_def.xml",
}


def taxonomy_files(name: str, language: str | None = None) -> dict[str, str]:
    """Template -> file name of each extension taxonomy file, for the references between them;
    with ``language``, ESMA's names (the label linkbase ``{name}_lab-{language}.xml``)."""
    files = {k: v.format(name=name) for k, v in TAXONOMY_FILES.items()}
    if language:
        files["labels.xml.j2"] = f"{name}_lab-{language}.xml"
    return files


CALC_ARCROLE_SCHEMAS = {CALC_11: "https://www.xbrl.org/2023/calculation-1.1.xsd#summation-item"}


def render_filing(model: RenderModel, taxonomy: Taxonomy) -> dict[str, str]:
    """File name -> content for the instance and the extension taxonomy, on the IFRS version of
    ``taxonomy`` (its core schema, English labels and data types registry schema); for an ESEF
    profile, the extension taxonomy only (the report is the Inline XBRL one)."""
    files = render_taxonomy(model, taxonomy)
    if not model.profile:
        files[f"{model.name}.xbrl"] = render_instance(model, taxonomy)
    return files


def render_taxonomy(model: RenderModel, taxonomy: Taxonomy) -> dict[str, str]:
    """File name -> content for the extension taxonomy (schema and linkbases)."""
    env, context = environment(), _template_context(model, taxonomy)
    names = context["files"]
    return {names[template]: env.get_template(template).render(context) for template in TAXONOMY_FILES}


def render_instance(model: RenderModel, taxonomy: Taxonomy) -> str:
    return environment().get_template("instance.xbrl.j2").render(_template_context(model, taxonomy))


def _template_context(model: RenderModel, taxonomy: Taxonomy) -> dict[str, Any]:
    profile = model.profile
    ifrs_schema_url = profile.taxonomy.ifrs_schema_url(taxonomy.schema_url) if profile else taxonomy.schema_url
    names = taxonomy_files(model.name, model.filing.language if profile else None)
    calc_arcrole = profile.taxonomy.calc_arcrole if profile else CALC_2003
    return {
        "m": model,
        "filing": model.filing,
        "ifrs_schema_url": ifrs_schema_url,
        "esef_schema_url": profile.taxonomy.entry_point if profile else None,
        "dtr_types": profile.taxonomy.dtr_types if profile else taxonomy.dtr_types,
        "arcroles": ARCROLES,
        "calc_arcrole": calc_arcrole,
        "calc_arcrole_schema": CALC_ARCROLE_SCHEMAS.get(calc_arcrole),
        "files": names,
        "hrefs": Hrefs(ifrs_schema_url, names["schema.xsd.j2"], profile.taxonomy.entry_point if profile else ""),
        "link_arcs": link_arcs,
    }


def write_atomically(files: Mapping[str, str | bytes], out_dir: Path) -> list[Path]:
    """Write every file (text as UTF-8, or bytes) to a temporary folder inside ``out_dir`` (so that each move in is a rename
    on one file system), then move them in; on any failure, in the moves too, ``out_dir`` is left
    as it was (and removed if this call made it), and the failure is one ``OutputError``."""
    created = next((folder for folder in reversed([out_dir, *out_dir.parents]) if not folder.exists()), None)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".xbrl-gen-", dir=out_dir))
        try:
            for name, content in files.items():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)  # a name may hold folders
                if isinstance(content, bytes):
                    (staging / name).write_bytes(content)
                else:
                    (staging / name).write_text(content, encoding="utf-8")
            _move_in(staging, list(files), out_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException as err:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        if isinstance(err, OSError):
            raise output_error(err, out_dir) from err
        raise
    return [out_dir / name for name in files]


def output_error(err: OSError, out_dir: Path) -> OutputError:
    """An operating-system refusal to write (read-only, full, not a folder) as one line."""
    where = Path(err.filename) if err.filename else out_dir
    if where.name.startswith(".xbrl-gen-"):
        where = out_dir  # the staging folder
    elif where.parent.name.startswith(".xbrl-gen-"):
        where = out_dir / where.name  # a staged copy: name the file it was to become
    reason = "exists and is not a folder" if isinstance(err, FileExistsError) else err.strerror or str(err)
    return OutputError(f"cannot write here: {reason}", str(where))


def _move_in(staging: Path, names: list[str], out_dir: Path) -> None:
    """Each file a staged one replaces is moved aside first (into ``staging``); if a move fails,
    the files moved in are taken out and the ones moved aside put back."""
    previous = staging / ".previous"
    previous.mkdir()
    aside: list[str] = []
    placed: list[str] = []
    try:
        for name in names:
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_file() or target.is_symlink():  # never a folder: that is an error to report
                (previous / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, previous / name)
                aside.append(name)
            os.replace(staging / name, target)
            placed.append(name)
    except BaseException:
        for name in placed:
            (out_dir / name).unlink()
        for name in aside:
            os.replace(previous / name, out_dir / name)
        raise
