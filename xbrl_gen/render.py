"""Everything a tag needs is computed here; the Jinja templates in ``templates/`` only lay it out.

The filing is rendered into memory first (``render_filing``) and written by ``write_atomically``
so that a failure leaves the output directory as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

import jinja2

from xbrl_gen.facts import FactKey, Unit, derive_facts, units_for
from xbrl_gen.mapping.engine import MappedFiling
from xbrl_gen.model import Concept, Duration, Fact, Filing, Instant, ItemType, Line, Period, TaggedLine, TaggedStatement

IFRS_LABELS_URL = "https://xbrl.ifrs.org/taxonomy/2022-03-24/full_ifrs/labels/lab_full_ifrs-en_2022-03-24.xml"
DTR_TYPES = ("http://www.xbrl.org/dtr/type/2020-01-21", "https://www.xbrl.org/dtr/type/2020-01-21/types.xsd")
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

    @property
    def instant(self) -> str | None:
        return self.period.date.isoformat() if isinstance(self.period, Instant) else None

    @property
    def start(self) -> str | None:
        return self.period.start.isoformat() if isinstance(self.period, Duration) else None

    @property
    def end(self) -> str | None:
        return self.period.end.isoformat() if isinstance(self.period, Duration) else None


@dataclass(frozen=True)
class RenderedFact:
    concept: str
    context: str
    unit: str | None
    decimals: int | None
    value: str
    fact: Fact


@dataclass(frozen=True)
class Label:
    concept: Concept
    role: str
    text: str

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


@dataclass
class Network:
    """One extended link role: a statement's presentation or one of its calculation trees."""

    id: str
    uri: str
    definition: str
    presentation: list[Arc] = field(default_factory=list)
    calculation: list[Arc] = field(default_factory=list)


@dataclass
class RenderModel:
    mapped: MappedFiling
    name: str
    facts: list[RenderedFact]
    contexts: list[Context]
    units: list[Unit]
    networks: list[Network]
    labels: list[Label]
    abstracts: dict[str, Concept]
    ifrs_namespace: str

    @property
    def filing(self) -> Filing:
        return self.mapped.filing

    @property
    def concepts(self) -> list[Concept]:
        return list(self.mapped.extensions.values()) + list(self.abstracts.values())

    @property
    def labelled_concepts(self) -> list[Concept]:
        return list({label.concept.qname: label.concept for label in self.labels}.values())

    @property
    def label_roles_2009(self) -> list[str]:
        return sorted({label.role_name for label in self.labels if label.role.startswith(ROLE_2009)})

    @property
    def uses_dtr_types(self) -> bool:
        return any(c.data_type.startswith("dtr-types:") for c in self.concepts)


def filing_name(mapped: MappedFiling) -> str:
    return f"{mapped.filing.extension.prefix}-{mapped.filing.period.end.isoformat()}"


def build_render_model(
    mapped: MappedFiling, ifrs_namespace: str, label_roles: dict[str, frozenset[str]]
) -> RenderModel:
    facts = derive_facts(mapped)
    contexts = _contexts(facts)
    unit_ids = {f.unit_id for f in facts.values()}
    units = [u for u in units_for(mapped.filing.currency).values() if u.id in unit_ids]
    abstracts: dict[str, Concept] = {}
    networks = [_network(s, mapped, abstracts) for s in mapped.statements]
    networks += [n for s, base in zip(mapped.statements, list(networks)) for n in _calculations(s, base)]
    return RenderModel(
        mapped=mapped,
        name=filing_name(mapped),
        facts=[_rendered(key, fact, contexts) for key, fact in facts.items()],
        contexts=list(contexts.values()),
        units=units,
        networks=networks,
        labels=_labels(mapped, abstracts, label_roles),
        abstracts=dict(sorted(abstracts.items())),
        ifrs_namespace=ifrs_namespace,
    )


def _contexts(facts: dict[FactKey, Fact]) -> dict[Period, Context]:
    periods = sorted({f.period for f in facts.values()}, key=_period_sort_key)
    return {p: Context(_context_id(p), p) for p in periods}


def _period_sort_key(period: Period) -> tuple[str, str]:
    if isinstance(period, Instant):
        return ("i", period.date.isoformat())
    return ("d", f"{period.start.isoformat()}{period.end.isoformat()}")


def _context_id(period: Period) -> str:
    if isinstance(period, Instant):
        return f"i{period.date:%Y%m%d}"
    return f"d{period.start:%Y%m%d}-{period.end:%Y%m%d}"


def _rendered(key: FactKey, fact: Fact, contexts: dict[Period, Context]) -> RenderedFact:
    return RenderedFact(
        concept=fact.concept.qname,
        context=contexts[fact.period].id,
        unit=fact.unit_id,
        decimals=fact.decimals,
        value=_xbrl_number(fact.value),
        fact=fact,
    )


def _xbrl_number(value: Decimal) -> str:
    text = format(value, "f")
    return "0" if re.fullmatch(r"-?0(\.0*)?", text) else text


def _abstract_for(label: str, prefix: str, abstracts: dict[str, Concept], like: Concept) -> str:
    words = re.findall(r"[A-Za-z0-9]+", label)
    name = "".join(w[:1].upper() + w[1:] for w in words)[:180] or "Heading"
    if name[0].isdigit():
        name = "H" + name
    qname = f"{prefix}:{name}Abstract"
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


def _network(statement: TaggedStatement, mapped: MappedFiling, abstracts: dict[str, Concept]) -> Network:
    prefix = mapped.filing.extension.prefix
    root = STATEMENT_ABSTRACTS.get(statement.statement.kind.value) or _abstract_for(
        statement.statement.title,
        prefix,
        abstracts,
        next(t.concept for t in statement.lines if t.concept),  # type: ignore[arg-type]
    )
    network = Network(statement.role_id, statement.role_uri, _definition(statement))
    like = next(t.concept for t in statement.lines if t.concept)
    open_headers: list[tuple[Line, str]] = []  # (header line, its abstract concept)
    orders: dict[str, int] = {}
    for tagged in statement.lines:
        line = tagged.line
        open_headers = [(h, q) for h, q in open_headers if h.depth < line.depth]
        parent = open_headers[-1][1] if open_headers else root
        orders[parent] = orders.get(parent, 0) + 1
        if line.is_header:
            child = _abstract_for(line.label, prefix, abstracts, like)
            open_headers.append((line, child))
            network.presentation.append(Arc(parent, child, orders[parent]))
        elif tagged.concept is not None:
            network.presentation.append(Arc(parent, tagged.concept.qname, orders[parent], 1, _preferred_label(tagged)))
        closed = statement.closes.get(line.id)
        if closed:
            ids = [h.id for h, _ in open_headers]
            open_headers = open_headers[: ids.index(closed)] if closed in ids else open_headers
    return network


def _definition(statement: TaggedStatement) -> str:
    number = int(statement.role_id[1:3])
    return f"{number:02d}0000 - Statement - {statement.statement.title}"


def _calculations(statement: TaggedStatement, base: Network) -> list[Network]:
    """Summation arcs, in the statement's role; a concept summed a second way (profit as
    before-tax less tax, and as owners plus NCI) gets a role of its own, since one role cannot
    hold two different sums for the same total."""
    by_id = {t.line.id: t for t in statement.lines}
    sums: dict[str, list[TaggedLine]] = {}
    for tagged in statement.lines:
        if tagged.calc_parent and tagged.concept:
            sums.setdefault(tagged.calc_parent, []).append(tagged)
    extra: list[Network] = []
    taken: set[str] = set()
    for parent_id, children in sums.items():
        parent = by_id[parent_id].concept
        assert parent is not None
        target = base
        if parent.qname in taken:
            number = len(extra) + 2
            target = Network(f"{base.id}-{number}", f"{base.uri}-{number}", f"{base.definition} ({number})")
            extra.append(target)
        taken.add(parent.qname)
        for order, child in enumerate(children, start=1):
            if child.concept and child.concept.qname != parent.qname:
                target.calculation.append(Arc(parent.qname, child.concept.qname, order, child.calc_weight))
    return extra


def _labels(mapped: MappedFiling, abstracts: dict[str, Concept], label_roles: dict[str, frozenset[str]]) -> list[Label]:
    """Standard labels of our own concepts, plus each preferred label a presentation arc asks
    for that the base taxonomy does not have (worded as the line is printed)."""
    labels = {
        (c.qname, ROLE + "label"): Label(c, ROLE + "label", c.label)
        for c in list(mapped.extensions.values()) + list(abstracts.values())
    }
    for statement in mapped.statements:
        for tagged in statement.lines:
            role = _preferred_label(tagged)
            concept = tagged.concept
            if role and concept and role not in label_roles.get(concept.qname, frozenset()):
                labels.setdefault((concept.qname, role), Label(concept, role, tagged.line.label))
    return [labels[k] for k in sorted(labels)]


# --- templates -------------------------------------------------------------------------------


def environment() -> jinja2.Environment:
    folder = resources.files("xbrl_gen.templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["local"] = lambda qname: qname.split(":", 1)[1]
    env.filters["prefix"] = lambda qname: qname.split(":", 1)[0]
    return env


TAXONOMY_FILES = {
    "schema.xsd.j2": "{name}.xsd",
    "labels.xml.j2": "{name}_lab.xml",
    "presentation.xml.j2": "{name}_pre.xml",
    "calculation.xml.j2": "{name}_cal.xml",
}


def taxonomy_files(name: str) -> dict[str, str]:
    """Template -> file name of each extension taxonomy file, for the references between them."""
    return {k: v.format(name=name) for k, v in TAXONOMY_FILES.items()}


def render_filing(model: RenderModel, ifrs_schema_url: str) -> dict[str, str]:
    """File name -> content for the instance and the extension taxonomy."""
    env = environment()
    files = {}
    context = {
        "m": model,
        "filing": model.filing,
        "ifrs_schema_url": ifrs_schema_url,
        "ifrs_labels_url": IFRS_LABELS_URL,
        "dtr_types": DTR_TYPES,
        "files": taxonomy_files(model.name),
    }
    for template, pattern in TAXONOMY_FILES.items():
        files[pattern.format(name=model.name)] = env.get_template(template).render(context)
    files[f"{model.name}.xbrl"] = env.get_template("instance.xbrl.j2").render(context)
    return files


def write_atomically(files: dict[str, str], out_dir: Path) -> list[Path]:
    """Write every file to a temporary folder beside ``out_dir``, then move them in; on any
    failure nothing in ``out_dir`` changes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".xbrl-gen-", dir=out_dir.parent))
    try:
        for name, content in files.items():
            (staging / name).write_text(content, encoding="utf-8")
        written = []
        for name in files:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
