"""Lines → concepts, in layers: explicit ``concept:``, company rules, common IFRS wordings, the
taxonomy's own standard labels, a ranked search over those labels (accepted above a threshold),
and finally a company extension concept.

Signs follow from balances: presented amounts add up in the statement's natural orientation
(credit for profit or loss, debit for cash flows, the root total's balance on the statement of
financial position), so a concept whose balance is the other side is stored negated, and each
calculation weight is the product of parent and child signs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from xbrl_gen.errors import MappingError
from xbrl_gen.mapping.calculation import infer_summations
from xbrl_gen.mapping.dimensions import AxisSpec, axis_specs, check_specs, dimension_for
from xbrl_gen.mapping.rules import Rule, RuleSet, normalize, wording_key
from xbrl_gen.mapping.search import TWO_WAY, Query, concept_index
from xbrl_gen.model import (
    Balance,
    Concept,
    Dimension,
    Dims,
    Filing,
    Issue,
    ItemType,
    Line,
    MappingChoice,
    Period,
    PeriodType,
    Severity,
    Statement,
    StatementKind,
    TaggedLine,
    TaggedStatement,
)
from xbrl_gen.names import pascal_name
from xbrl_gen.taxonomy import Taxonomy

NATURAL_SIDE = {
    StatementKind.PROFIT_OR_LOSS: Balance.CREDIT,
    StatementKind.COMPREHENSIVE_INCOME: Balance.CREDIT,
    StatementKind.CHANGES_IN_EQUITY: Balance.CREDIT,
    StatementKind.SEGMENTS: Balance.CREDIT,
    StatementKind.CASH_FLOWS: Balance.DEBIT,
    StatementKind.FINANCIAL_POSITION: Balance.DEBIT,
    StatementKind.OTHER: Balance.DEBIT,
}
RULE_KINDS = {  # segment lines are profit-or-loss lines broken down by segment
    StatementKind.SEGMENTS: frozenset({StatementKind.SEGMENTS, StatementKind.PROFIT_OR_LOSS}),
}
SEARCH_THRESHOLD = 0.8  # below it a search hit is more often wrong than right on tests/test_mapping.py
_SECTION_WORDS = (
    ("non-current", re.compile(r"\bnon ?current\b|\bnoncurrent\b|\blong term\b")),
    ("current", re.compile(r"\bcurrent\b|\bshort term\b")),
    ("operating", re.compile(r"\boperating activities\b")),
    ("investing", re.compile(r"\binvesting activities\b")),
    ("financing", re.compile(r"\bfinancing activities\b")),
)


@dataclass
class MappedFiling:
    filing: Filing
    statements: list[TaggedStatement]
    extensions: dict[str, Concept] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    members: dict[str, Concept] = field(default_factory=dict)  # company members of 2-D statements' axes


@dataclass(frozen=True)
class _Chosen:
    concept: Concept
    choice: MappingChoice
    sign: int | None = None  # a rule's explicit sign, else derived from balances


@dataclass(frozen=True)
class _LineContext:
    statement: str  # id
    kind: StatementKind
    section: str | None
    ancestors: tuple[str, ...]  # normalized header labels, outermost first
    period_type: PeriodType


Vetoes = dict[tuple[str, str], frozenset[str]]  # (statement id, line id) -> concepts it may not get
GUESSES = frozenset({"taxonomy standard label", "taxonomy search"})  # layers that guess from wording alone


def map_filing(filing: Filing, taxonomy: Taxonomy, rule_sets: list[RuleSet]) -> MappedFiling:
    """Figures outrank guesses: a guessed concept that would give a fact a second, different value
    (a cash-flow adjustment searched onto the profit-or-loss gain it reverses) is vetoed for that
    line and the filing mapped again, so the line gets its next best concept or an extension."""
    vetoes: Vetoes = {}
    warnings: list[Issue] = []
    while True:
        mapped = _map_once(filing, taxonomy, rule_sets, vetoes)
        clash = _guess_contradicted(mapped)
        if clash is None:
            mapped.issues.extend(warnings)
            return mapped
        key, qname, issue = clash
        vetoes[key] = vetoes.get(key, frozenset()) | {qname}
        warnings.append(issue)


def _map_once(filing: Filing, taxonomy: Taxonomy, rule_sets: list[RuleSet], vetoes: Vetoes) -> MappedFiling:
    mapper = _Mapper(filing, taxonomy, rule_sets, vetoes)
    specs = axis_specs()
    tagged: list[TaggedStatement] = []
    for statement in filing.statements:
        grid = any(c.member for c in statement.columns)
        if grid and statement.kind not in specs:
            mapper.issues.append(
                Issue(Severity.WARNING, "grid-not-tagged", f"{statement.id}: no axis is known for the member columns of a "
                      f"{statement.kind.value} statement; left out of the filing", statement.where)
            )
            continue
        dimension = mapper.dimension(statement, specs[statement.kind]) if grid else None
        tagged.append(mapper.statement(statement, len(tagged) + 1, dimension))
    return MappedFiling(
        filing, tagged, dict(sorted(mapper.extensions.items())), mapper.issues, dict(sorted(mapper.members.items()))
    )


def _guess_contradicted(mapped: MappedFiling) -> tuple[tuple[str, str], str, Issue] | None:
    """The first guessed line whose fact another line reports with a different value; of two
    guesses, the weaker one."""
    seen: dict[tuple[str, Period, Dims], tuple[Decimal, TaggedLine, str]] = {}
    for statement in mapped.statements:
        for tagged in statement.lines:
            if tagged.concept is None:
                continue
            for index, (column, value) in enumerate(zip(statement.statement.columns, tagged.line.values)):
                if value is None:
                    continue
                key = (tagged.concept.qname, tagged.line.period_in(column), statement.column_dims(index))
                first = seen.setdefault(key, (value * tagged.sign, tagged, statement.statement.id))
                if first[0] == value * tagged.sign:
                    continue
                guesses = [(t.choice.score, t, sid) for t, sid in ((first[1], first[2]), (tagged, statement.statement.id))
                           if t.choice and t.choice.layer in GUESSES]
                if guesses:
                    _, loser, sid = min(guesses, key=lambda g: g[0])
                    other = tagged if loser is first[1] else first[1]
                    return (sid, loser.line.id), key[0], Issue(
                        Severity.WARNING,
                        "guess-contradicts-figures",
                        f"{sid}: {loser.line.label!r} was guessed as {key[0]}, which {other.line.where or 'another line'} "
                        "reports with a different value; mapped without it",
                        loser.line.where,
                    )
    return None


@dataclass(frozen=True)
class _Extension:
    """A line that gets a company concept; declared once the whole statement is mapped, because
    its balance depends on the totals it adds into."""

    name: str
    choice: MappingChoice
    want: PeriodType


class _Mapper:
    def __init__(self, filing: Filing, taxonomy: Taxonomy, rule_sets: list[RuleSet], vetoes: Vetoes) -> None:
        self.filing = filing
        self.taxonomy = taxonomy
        self.vetoes = vetoes
        company = [r for s in rule_sets if s.identifier is not None for r in s.rules]
        common = [r for s in rule_sets if s.identifier is None for r in s.rules]
        self.company, self.common = _by_wording(company), _by_wording(common)
        self.totals = [t for s in rule_sets for t in s.totals]
        for total in self.totals:
            for name in (total.concept, *total.sum_of):
                if name.startswith("ifrs-full:") and name not in taxonomy.concepts:
                    raise MappingError(f"concept {name} is not in the taxonomy", total.where)
        for rule in company + common:
            if rule.concept and rule.concept not in taxonomy.concepts:
                raise MappingError(f"concept {rule.concept} is not in the taxonomy", rule.where)
        check_specs(taxonomy)
        self.by_label = _label_index(taxonomy)
        self.index = concept_index(taxonomy)
        self.extensions: dict[str, Concept] = {}
        self.extension_owner: dict[str, str] = {}
        self.members: dict[str, Concept] = {}
        self.issues: list[Issue] = []

    def dimension(self, statement: Statement, spec: AxisSpec) -> Dimension:
        dimension, members = dimension_for(statement, spec, self.filing.extension)
        self.members.update(members)
        return dimension

    def statement(self, statement: Statement, number: int, dimension: Dimension | None) -> TaggedStatement:
        sums = infer_summations(statement)
        self.issues.extend(sums.issues)
        parent_of = sums.parent_of()
        contexts = _contexts(statement)
        picks = {line.id: self.choose(line, contexts[line.id]) for line in statement.lines if not line.is_header}
        self.unique_search_picks(statement, picks, contexts)
        self.apply_total_rules(statement, picks, sums.children)
        chosen = {k: v for k, v in picks.items() if isinstance(v, _Chosen)}
        for line in statement.lines:
            pick = picks.get(line.id)
            if isinstance(pick, _Extension):
                balance = _extension_balance(line, statement, parent_of, chosen)
                concept = self.declare(self.extension_name(pick, balance, statement.kind), line, pick.want, balance)
                chosen[line.id] = _Chosen(concept, pick.choice)
        signs = _signs(statement, chosen, parent_of)
        tagged = []
        for line in statement.lines:
            found = chosen.get(line.id)
            parent = parent_of.get(line.id)
            weight = signs[parent] * signs[line.id] if parent else 1
            tagged.append(
                TaggedLine(line, found.concept if found else None, signs.get(line.id, 1), found.choice if found else None, parent, weight)
            )
        return TaggedStatement(
            statement=statement,
            lines=tuple(tagged),
            role_uri=f"{self.filing.extension.namespace.rstrip('/')}/role/{statement.id}",
            role_id=re.sub(r"[^\w.-]", "-", f"r{number:02d}-{statement.id}"),
            closes=sums.closes,
            dimension=dimension,
        )

    def apply_total_rules(self, statement: Statement, picks: dict[str, _Chosen | _Extension], children: dict[str, tuple[str, ...]]) -> None:
        """Arithmetic outranks wording: a total adding up to a known identity gets that concept,
        and a label that says otherwise is reported, not trusted."""
        by_id = {line.id: line for line in statement.lines}
        for total_id, parts in children.items():
            concepts = frozenset(p.concept.qname for part in parts if isinstance(p := picks.get(part), _Chosen))
            rule = next((r for r in self.totals if r.sum_of == concepts and len(concepts) == len(parts)), None)
            current = picks.get(total_id)
            if rule is None or (isinstance(current, _Chosen) and current.concept.qname == rule.concept):
                continue
            line = by_id[total_id]
            if line.concept:
                continue  # an explicit concept is the user's word
            picks[total_id] = _Chosen(self.taxonomy.concepts[rule.concept], MappingChoice("arithmetic identity", 1.0, None, rule.where))
            self.issues.append(
                Issue(
                    Severity.WARNING,
                    "label-contradicts-arithmetic",
                    f"{statement.id}: {line.label!r} adds up {' + '.join(sorted(concepts))}, so it is tagged "
                    f"{rule.concept}; check the printed label",
                    line.where,
                )
            )

    def choose(self, line: Line, context: _LineContext) -> _Chosen | _Extension:
        want = _want(line, context)
        if line.concept:
            return self.explicit(line, want)
        spec = axis_specs().get(context.kind)
        if line.at and spec and spec.balance:
            return _Chosen(self.taxonomy.concepts[spec.balance], MappingChoice("opening/closing balance", 1.0, None, spec.where))
        for layer, rules in (("company rules", self.company), ("common IFRS wordings", self.common)):
            hits = self.rule_hits(rules, line, context, want)
            if hits:
                best = hits[0]
                runner = (hits[1].concept or hits[1].extension) if len(hits) > 1 else None
                choice = MappingChoice(layer, 1.0, runner, best.why or best.where)
                if best.extension:
                    return _Extension(best.extension, choice, want)
                return _Chosen(self.taxonomy.concepts[best.concept or ""], choice, best.sign)
        allowed = self.allowed(line, context, want)
        matches = [self.sectioned(c, context.section) for c in self.by_label.get(normalize(line.label), [])]
        matches = [c for c in matches if allowed(c)]
        if matches:
            runner = matches[1].qname if len(matches) > 1 else None
            return _Chosen(matches[0], MappingChoice("taxonomy standard label", 0.9, runner))
        return self.search(line, context, want)

    def search(self, line: Line, context: _LineContext, want: PeriodType) -> _Chosen | _Extension:
        query = Query(line.label, context.kind, context.section, context.ancestors, _negative(line), self.allowed(line, context, want))
        found = self.index.search(query)
        if found.best and found.best.score >= SEARCH_THRESHOLD:
            runner = found.runner_up.concept.qname if found.runner_up else None
            return _Chosen(found.best.concept, MappingChoice("taxonomy search", found.best.score, runner))
        nearest = found.best.concept.qname if found.best else None
        note = f"nearest IFRS concept scored {found.best.score} < {SEARCH_THRESHOLD}" if found.best else "no IFRS concept shares its words"
        return _Extension(_extension_name(line, context), MappingChoice("extension", 0.0, nearest, note), want)

    def allowed(self, line: Line, context: _LineContext, want: PeriodType) -> Callable[[Concept], bool]:
        """What a guessing layer may choose: a concept that fits the line and was not vetoed for it."""
        vetoed = self.vetoes.get((context.statement, line.id), frozenset())
        return lambda c: _fits(c, want, line) and c.qname not in vetoed

    def sectioned(self, concept: Concept, section: str | None) -> Concept:
        """The current or non-current variant of a concept a label names without its section
        ("Provisions" among current liabilities is CurrentProvisions), when the taxonomy has one."""
        prefix = {"current": "Current", "non-current": "Noncurrent"}.get(section or "")
        variant = self.taxonomy.concepts.get(f"{concept.prefix}:{prefix}{concept.local_name}") if prefix else None
        return variant if variant is not None and variant.period_type is concept.period_type else concept

    def unique_search_picks(self, statement: Statement, picks: dict[str, _Chosen | _Extension], contexts: dict[str, _LineContext]) -> None:
        """A concept the search finds for two lines of one statement, or for a line another layer
        already gave it to, stays with the best claim; the others become extension concepts, as
        two lines with one concept would be one fact with two values."""
        claims: dict[str, list[tuple[float, str]]] = {}
        for line_id, pick in picks.items():
            if isinstance(pick, _Chosen):
                score = pick.choice.score if pick.choice.layer == "taxonomy search" else 2.0
                claims.setdefault(pick.concept.qname, []).append((score, line_id))
        lines = {line.id: line for line in statement.lines}
        for qname, claimed in claims.items():
            for score, line_id in sorted(claimed, reverse=True)[1:]:
                if score < 2.0:
                    line, context = lines[line_id], contexts[line_id]
                    why = MappingChoice("extension", 0.0, qname, f"{qname} scored {score} but is taken by a closer line")
                    picks[line_id] = _Extension(_extension_name(line, context), why, _want(line, context))

    def explicit(self, line: Line, want: PeriodType) -> _Chosen | _Extension:
        assert line.concept is not None
        prefix, _, local = line.concept.partition(":")
        if prefix == self.filing.extension.prefix:
            return _Extension(local, MappingChoice("explicit"), want)
        concept = self.taxonomy.concept(line.concept)
        if concept is None or concept.abstract:
            raise MappingError(f"unknown concept {line.concept!r} (not a reportable concept of the taxonomy)", line.where)
        if not _fits(concept, want, line):
            raise MappingError(
                f"concept {line.concept} is {concept.period_type.value}/{concept.item_type.value}, "
                f"which does not fit this {want.value} line",
                line.where,
            )
        return _Chosen(concept, MappingChoice("explicit"))

    def rule_hits(self, rules: dict[str, list[Rule]], line: Line, context: _LineContext, want: PeriodType) -> list[Rule]:
        hits = [
            rule
            for rule in rules.get(wording_key(line.label), [])
            if (not rule.kinds or rule.kinds & RULE_KINDS.get(context.kind, {context.kind}))
            and (not rule.section or rule.section == context.section)
            and all(any(u in a for a in context.ancestors) for u in rule.under)
            and (rule.extension or _fits(self.taxonomy.concepts[rule.concept or ""], want, line))
        ]
        return sorted(hits, key=lambda r: -r.specificity)

    def extension_name(self, pick: _Extension, balance: Balance, kind: StatementKind) -> str:
        """A name the engine made that another statement already declared differently gets the
        statement kind appended ("...CashFlows"): one wording can be a gain in profit or loss and
        its reversal among the cash-flow adjustments. Names from rules stay as given."""
        known = self.extensions.get(f"{self.filing.extension.prefix}:{pick.name}")
        if pick.choice.layer != "extension" or known is None or (known.period_type, known.balance) == (pick.want, balance):
            return pick.name
        return pick.name + "".join(w.title() for w in kind.value.split("-"))

    def declare(self, local: str, line: Line, want: PeriodType, balance: Balance) -> Concept:
        qname = f"{self.filing.extension.prefix}:{local}"
        item_type = line.item_type
        concept = Concept(
            qname=qname,
            period_type=want,
            balance=balance if item_type is ItemType.MONETARY else None,
            item_type=item_type,
            label=line.label,
            data_type=_DATA_TYPES[item_type],
        )
        known = self.extensions.setdefault(qname, concept)
        self.extension_owner.setdefault(qname, line.where)
        if (known.period_type, known.balance, known.item_type) != (concept.period_type, concept.balance, concept.item_type):
            raise MappingError(
                f"extension concept {qname} is declared differently by {self.extension_owner[qname]}; "
                "give one of the lines its own concept",
                line.where,
            )
        return known


def _by_wording(rules: Iterable[Rule]) -> dict[str, list[Rule]]:
    """Rules by each wording they match, in file order."""
    index: dict[str, list[Rule]] = {}
    for rule in rules:
        for wording in rule.wordings:
            index.setdefault(wording, []).append(rule)
    return index


def _label_index(taxonomy: Taxonomy) -> dict[str, list[Concept]]:
    index: dict[str, list[Concept]] = {}
    for concept in taxonomy.concepts.values():
        if not concept.abstract:
            index.setdefault(normalize(concept.label), []).append(concept)
    return index


def _fits(concept: Concept, want: PeriodType, line: Line) -> bool:
    if concept.abstract or concept.period_type is not want:
        return False
    return concept.item_type is line.item_type


def _want(line: Line, context: _LineContext) -> PeriodType:
    return PeriodType.INSTANT if line.at else context.period_type



def _contexts(statement: Statement) -> dict[str, _LineContext]:
    period_type = statement.columns[0].period.period_type
    headers: list[Line] = []
    contexts = {}
    for line in statement.lines:
        headers = [h for h in headers if h.depth < line.depth]
        ancestors = tuple(normalize(h.label) for h in headers)
        contexts[line.id] = _LineContext(statement.id, statement.kind, _section(ancestors + (normalize(line.label),)), ancestors, period_type)
        if line.is_header:
            headers.append(line)
    return contexts


def _section(labels: tuple[str, ...]) -> str | None:
    for label in reversed(labels):
        for name, pattern in _SECTION_WORDS:
            if pattern.search(label):
                return name
    return None


_DATA_TYPES = {  # the type of an extension concept declared for a line of each kind of amount
    ItemType.MONETARY: "xbrli:monetaryItemType",
    ItemType.PER_SHARE: "dtr-types:perShareItemType",
    ItemType.SHARES: "xbrli:sharesItemType",
    ItemType.PURE: "xbrli:pureItemType",
}
_GENERIC_NAMES = frozenset({"Other", "Total", "Others", "SubTotal", "Subtotal"})


def _extension_name(line: Line, context: _LineContext) -> str:
    """The label in PascalCase; a generic or short one ("Other", "Total", "Net") is prefixed by
    its nearest header, which tells it apart."""
    name = pascal_name(line.label, "Line", 200)
    if (name in _GENERIC_NAMES or len(re.findall(r"[A-Za-z0-9]+", line.label)) < 3) and context.ancestors:
        name = pascal_name(f"{context.ancestors[-1]} {name}", "Line", 200)
    return name


def _root(line_id: str, parent_of: dict[str, str]) -> str:
    while line_id in parent_of:
        line_id = parent_of[line_id]
    return line_id


def _side(line_id: str, statement: Statement, parent_of: dict[str, str], chosen: dict[str, _Chosen]) -> Balance:
    """The side a positive presented amount means for this line: the root total's balance on the
    statement of financial position, else the statement's natural side."""
    root = _root(line_id, parent_of)
    balance = chosen[root].concept.balance if root in chosen else None
    if statement.kind is StatementKind.FINANCIAL_POSITION and balance is not None:
        return balance
    return NATURAL_SIDE[statement.kind]


def _extension_balance(line: Line, statement: Statement, parent_of: dict[str, str], chosen: dict[str, _Chosen]) -> Balance:
    """The side its presented amounts mean, flipped for lines shown mostly negative (costs,
    payments) so they are stored as positive debits or credits; a label that names both
    directions ("increase (decrease)") keeps the presented orientation."""
    side = _side(line.id, statement, parent_of, chosen)
    if TWO_WAY.search(normalize(line.label)):
        return side
    return side.opposite() if _negative(line) else side


def _negative(line: Line) -> bool:
    shown = [v for v in line.values if v]
    return sum(1 for v in shown if v < 0) > len(shown) / 2


def _signs(statement: Statement, chosen: dict[str, _Chosen], parent_of: dict[str, str]) -> dict[str, int]:
    signs = {}
    for line_id, pick in chosen.items():
        if pick.sign is not None:
            signs[line_id] = pick.sign
        elif pick.concept.balance is None:
            signs[line_id] = 1
        else:
            signs[line_id] = 1 if pick.concept.balance is _side(line_id, statement, parent_of, chosen) else -1
    return signs
