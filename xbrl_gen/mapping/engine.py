"""Lines → concepts, statement by statement; each step a line goes through has its own module:

1. ``place``: where the line stands (statement, section, headers, period type);
2. ``calculation``: which total it adds into, from the layout and the numbers;
3. ``candidates``: the layers that propose a concept (explicit, rules, labels, search);
4. ``vetoes``: what it may not get (period and item type, figures that contradict a guess);
5. here: one concept per fact in a statement, totals that are arithmetic identities;
6. ``extensions``: a company concept when nothing fits;
7. ``signs``: the sign and calculation weight its balance implies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from xbrl_gen.errors import MappingError
from xbrl_gen.mapping.candidates import Candidates, Pick
from xbrl_gen.mapping.dimensions import AxisSpec, axis_specs, check_specs, dimension_for
from xbrl_gen.mapping.extensions import ExtensionPick, Extensions, extension_balance, extension_name
from xbrl_gen.mapping.place import LineContext, contexts, want
from xbrl_gen.mapping.rules import RuleSet
from xbrl_gen.mapping.signs import Chosen, signs
from xbrl_gen.mapping.structure import BY_NATURE, counterpart, expense_analysis, misplaced
from xbrl_gen.mapping.vetoes import GUESSES, Vetoes, guess_contradicted
from xbrl_gen.model import (
    Concept,
    Dimension,
    Filing,
    Issue,
    MappingChoice,
    Severity,
    Statement,
    StatementKind,
    TaggedLine,
    TaggedStatement,
)
from xbrl_gen.summations import infer_summations
from xbrl_gen.taxonomy import Taxonomy

_SWAPPABLE = frozenset({"common IFRS wordings", "taxonomy standard label", "taxonomy search"})  # not a person's choice


@dataclass
class MappedFiling:
    filing: Filing
    statements: list[TaggedStatement]
    extensions: dict[str, Concept] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    members: dict[str, Concept] = field(default_factory=dict)  # company members of 2-D statements' axes


def map_filing(filing: Filing, taxonomy: Taxonomy, rule_sets: list[RuleSet]) -> MappedFiling:
    """Figures outrank guesses: a guessed concept that would give a fact a second, different value
    (a cash-flow adjustment searched onto the profit-or-loss gain it reverses) is vetoed for that
    line and the filing mapped again, so the line gets its next best concept or an extension."""
    vetoes: Vetoes = {}
    warnings: list[Issue] = [] if taxonomy.speaks(filing.language) else [_untranslated(filing.language)]
    while True:
        mapped = _map_once(filing, taxonomy, rule_sets, vetoes)
        clash = guess_contradicted(mapped.statements)
        if clash is None:
            mapped.issues.extend(warnings)
            return mapped
        key, qname, issue = clash
        vetoes[key] = vetoes.get(key, frozenset()) | {qname}
        warnings.append(issue)


def _untranslated(language: str) -> Issue:
    return Issue(
        Severity.WARNING,
        "labels-not-in-taxonomy-language",
        f"the statements are in {language!r} but no taxonomy package given has IFRS labels in that language, and the "
        "common wordings are English: lines no company rule names become extension concepts. Give the IFRS "
        f"taxonomy's {language} translation package with --taxonomy-package, or a --mapping file naming the concepts",
    )


def _map_once(filing: Filing, taxonomy: Taxonomy, rule_sets: list[RuleSet], vetoes: Vetoes) -> MappedFiling:
    mapper = _Mapper(filing, taxonomy, rule_sets, vetoes)
    specs = axis_specs()
    tagged: list[TaggedStatement] = []
    for statement in filing.statements:
        grid = any(c.member for c in statement.columns)
        if grid and statement.kind not in specs:
            mapper.issues.append(  # an error: the filing would lack a statement that was read
                Issue(
                    Severity.ERROR,
                    "grid-not-tagged",
                    f"{statement.id}: no axis is known for the member columns of a "
                    f"{statement.kind.value} statement; left out of the filing (give it a kind with an axis)",
                    statement.where,
                )
            )
            continue
        dimension = mapper.dimension(statement, specs[statement.kind]) if grid else None
        tagged.append(mapper.statement(statement, len(tagged) + 1, dimension))
    return MappedFiling(
        filing,
        tagged,
        dict(sorted(mapper.extensions.concepts.items())),
        mapper.issues,
        dict(sorted(mapper.members.items())),
    )


class _Mapper:
    def __init__(self, filing: Filing, taxonomy: Taxonomy, rule_sets: list[RuleSet], vetoes: Vetoes) -> None:
        self.filing = filing
        self.taxonomy = taxonomy
        self.totals = [t for s in rule_sets for t in s.totals]
        self.company_members = [m for s in rule_sets for m in s.members]
        for total in self.totals:
            for name in (total.concept, *total.sum_of):
                if name.startswith("ifrs-full:") and name not in taxonomy.concepts:
                    raise MappingError(f"concept {name} is not in the taxonomy", total.where)
        self.candidates = Candidates(taxonomy, rule_sets, vetoes, filing.extension.prefix, filing.language)
        check_specs(taxonomy)
        self.extensions = Extensions(filing.extension.prefix, taxonomy.concepts)
        self.members: dict[str, Concept] = {}
        self.issues: list[Issue] = []

    def dimension(self, statement: Statement, spec: AxisSpec) -> Dimension:
        company = {w: m.name for m in self.company_members if m.kind is statement.kind for w in m.wordings}
        dimension, members, issues = dimension_for(statement, spec, self.filing.extension, company)
        self.members.update(members)
        self.issues.extend(issues)
        return dimension

    def statement(self, statement: Statement, number: int, dimension: Dimension | None) -> TaggedStatement:
        sums = infer_summations(statement)  # its differences are reported by checks.check_subtotals
        supported = sums.supported()  # signs and identities follow only what the numbers agree with
        parent_of = {child: total for total, kids in supported.items() for child in kids}
        written = sums.written(statement.lines)  # the layout's relationships, for the calculation linkbase
        places = contexts(statement, parent_of)
        picks = {
            line.id: self.candidates.choose(line, places[line.id]) for line in statement.lines if not line.is_header
        }
        self.fit_structure(statement, picks, parent_of, places)
        self.unique_search_picks(statement, picks, places)
        self.apply_total_rules(statement, picks, supported)
        chosen = {k: v for k, v in picks.items() if isinstance(v, Chosen)}
        for line in statement.lines:
            pick = picks.get(line.id)
            if isinstance(pick, ExtensionPick):
                balance = extension_balance(line, statement, parent_of, chosen)
                name = self.extensions.name(pick, balance, statement, line, places[line.id].section)
                concept = self.extensions.declare(name, line, pick.want, balance, statement)
                chosen[line.id] = Chosen(concept, pick.choice)
        found_signs = signs(statement, chosen, parent_of)
        tagged = []
        for line in statement.lines:
            found = chosen.get(line.id)
            parent = written.get(line.id)
            weight = found_signs[parent] * found_signs[line.id] if parent else 1
            choice = replace(found.choice, section=places[line.id].section) if found else None
            tagged.append(
                TaggedLine(line, found.concept if found else None, found_signs.get(line.id, 1), choice, parent, weight)
            )
        return TaggedStatement(
            statement=statement,
            lines=tuple(tagged),
            role_uri=f"{self.filing.extension.namespace.rstrip('/')}/role/{statement.id}",
            role_id=re.sub(r"[^\w.-]", "-", f"r{number:02d}-{statement.id}"),
            closes=sums.closes,
            dimension=dimension,
        )

    def apply_total_rules(
        self, statement: Statement, picks: dict[str, Pick], children: dict[str, tuple[str, ...]]
    ) -> None:
        """Arithmetic outranks wording: a total adding up to a known identity gets that concept,
        and a label that says otherwise is reported, not trusted."""
        by_id = {line.id: line for line in statement.lines}
        for total_id, parts in children.items():
            concepts = frozenset(p.concept.qname for part in parts if isinstance(p := picks.get(part), Chosen))
            rule = next((r for r in self.totals if r.sum_of == concepts and len(concepts) == len(parts)), None)
            current = picks.get(total_id)
            if rule is None or (isinstance(current, Chosen) and current.concept.qname == rule.concept):
                continue
            line = by_id[total_id]
            if line.concept:
                continue  # an explicit concept is the user's word
            picks[total_id] = Chosen(
                self.taxonomy.concepts[rule.concept], MappingChoice("arithmetic identity", 1.0, None, rule.where)
            )
            self.issues.append(
                Issue(
                    Severity.WARNING,
                    "label-contradicts-arithmetic",
                    f"{statement.id}: {line.label!r} adds up {' + '.join(sorted(concepts))}, so it is tagged "
                    f"{rule.concept}; check the printed label",
                    line.where,
                )
            )

    def swap_analysis(self, picks: dict[str, Pick], analysis: str) -> None:
        """Concepts a layer chose from the other analysis of expenses, for their counterparts."""
        for line_id, pick in picks.items():
            other = (
                counterpart(self.taxonomy, pick.concept, analysis)
                if isinstance(pick, Chosen) and pick.choice.layer in _SWAPPABLE
                else None
            )
            if other is not None and isinstance(pick, Chosen):
                note = f"the statement analyses expenses by {'nature' if analysis == BY_NATURE else 'function'} (IFRS {analysis}), so not {pick.concept.qname}"
                picks[line_id] = Chosen(
                    other, MappingChoice(pick.choice.layer, pick.choice.score, pick.concept.qname, note), pick.sign
                )

    def fit_structure(
        self, statement: Statement, picks: dict[str, Pick], parent_of: dict[str, str], places: dict[str, LineContext]
    ) -> None:
        """The IFRS standard statements outrank wording where the wording leaves a choice: a
        statement analysing expenses by nature takes by-nature concepts, and a guess the IFRS
        calculations put beside or above the concept of its total is searched again without it."""
        structure = self.taxonomy.structure
        if statement.kind in (StatementKind.PROFIT_OR_LOSS, StatementKind.SEGMENTS):
            analysis = expense_analysis(structure, [p.concept.qname for p in picks.values() if isinstance(p, Chosen)])
            if analysis is not None:
                self.swap_analysis(picks, analysis)
        lines = {line.id: line for line in statement.lines}
        for line_id, pick in picks.items():
            total = picks.get(parent_of.get(line_id, ""))
            if not isinstance(total, Chosen):
                continue
            ruled_out: frozenset[str] = frozenset()
            while (
                isinstance(pick, Chosen)
                and pick.choice.layer in GUESSES
                and misplaced(structure, pick.concept.qname, total.concept.qname)
            ):
                ruled_out |= {pick.concept.qname}
                line, place = lines[line_id], places[line_id]
                pick = self.candidates.search(line, place, want(line, place), ruled_out)
                why = f"not {', '.join(sorted(ruled_out))}: the IFRS calculations put it beside or above {total.concept.qname}, its total"
                pick = (
                    Chosen(
                        pick.concept,
                        MappingChoice(pick.choice.layer, pick.choice.score, pick.choice.runner_up, why),
                        pick.sign,
                    )
                    if isinstance(pick, Chosen)
                    else ExtensionPick(
                        pick.name, MappingChoice("extension", 0.0, pick.choice.runner_up, why), pick.want
                    )
                )
            picks[line_id] = pick

    def unique_search_picks(self, statement: Statement, picks: dict[str, Pick], places: dict[str, LineContext]) -> None:
        """A concept the search finds for two lines of one statement, or for a line another layer
        already gave it to, stays with the best claim; the others become extension concepts, as
        two lines with one concept would be one fact with two values."""
        claims: dict[str, list[tuple[float, str]]] = {}
        for line_id, pick in picks.items():
            if isinstance(pick, Chosen):
                score = pick.choice.score if pick.choice.layer == "taxonomy search" else 2.0
                claims.setdefault(pick.concept.qname, []).append((score, line_id))
        lines = {line.id: line for line in statement.lines}
        for qname, claimed in claims.items():
            for score, line_id in sorted(claimed, reverse=True)[1:]:
                if score < 2.0:
                    line, place = lines[line_id], places[line_id]
                    why = MappingChoice(
                        "extension", 0.0, qname, f"{qname} scored {score} but is taken by a closer line"
                    )
                    picks[line_id] = ExtensionPick(extension_name(line, place), why, want(line, place))
