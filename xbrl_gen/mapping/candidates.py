"""The layers that propose a concept for a line, first match wins: explicit ``concept:``, company
rules, common IFRS wordings, the taxonomy's own standard labels, and a ranked search over those
labels (accepted above a threshold); a line none of them claims gets an extension concept."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

from xbrl_gen.errors import MappingError
from xbrl_gen.labels import normalize
from xbrl_gen.mapping.dimensions import axis_specs
from xbrl_gen.mapping.extensions import ExtensionPick, extension_name
from xbrl_gen.mapping.place import LineContext, want
from xbrl_gen.mapping.rules import Rule, RuleSet, normalized_key
from xbrl_gen.mapping.search import Query, concept_index
from xbrl_gen.mapping.signs import Chosen, negative
from xbrl_gen.mapping.vetoes import Vetoes, fits, item_type
from xbrl_gen.mapping.wording import variants, without_balance_phrase
from xbrl_gen.model import Concept, Line, MappingChoice, PeriodType, StatementKind
from xbrl_gen.taxonomy import Taxonomy

RULE_KINDS = {  # segment lines are profit-or-loss lines broken down by segment
    StatementKind.SEGMENTS: frozenset({StatementKind.SEGMENTS, StatementKind.PROFIT_OR_LOSS}),
}
SEARCH_THRESHOLD = 0.8  # below it a search hit is more often wrong than right on tests/test_mapping.py


@lru_cache(maxsize=1 << 10)  # for every line the search leaves to an extension; the search repeats its scores
def below(score: float, threshold: float) -> str:
    """``0.99 < 1.00``: the score rounded down, so that a score just under the threshold never
    prints as the threshold itself."""
    return f"{Decimal(repr(score)).quantize(Decimal('0.01'), ROUND_FLOOR)} < {threshold:.2f}"


Pick = Chosen | ExtensionPick


class Candidates:
    """Rules and taxonomy indexes of one mapping run, asked line by line."""

    def __init__(
        self, taxonomy: Taxonomy, rule_sets: list[RuleSet], vetoes: Vetoes, extension_prefix: str, language: str = "en"
    ) -> None:
        self.taxonomy = taxonomy
        self.vetoes = vetoes
        self.extension_prefix = extension_prefix
        company = [r for s in rule_sets if s.identifier is not None for r in s.rules]
        common = [r for s in rule_sets if s.identifier is None for r in s.rules]
        for rule in company + common:
            if rule.concept and rule.concept not in taxonomy.concepts:
                raise MappingError(f"concept {rule.concept} is not in the taxonomy", rule.where)
        self.company, self.common = _by_wording(company), _by_wording(common)
        self.by_label = _label_index(taxonomy, language)
        self.index = concept_index(taxonomy)

    def choose(self, line: Line, context: LineContext) -> Pick:
        wanted = want(line, context)
        if line.concept:
            return self.explicit(line, line.concept, wanted)
        spec = axis_specs().get(context.kind)
        if line.at and spec and spec.balance:
            return Chosen(
                self.taxonomy.concepts[spec.balance], MappingChoice("opening/closing balance", 1.0, None, spec.where)
            )
        wordings = variants(line.label)
        keys = [normalized_key(w) for w in wordings]
        for layer, rules in (("company rules", self.company), ("common IFRS wordings", self.common)):
            hits = next((h for key in keys if (h := self.rule_hits(rules, key, line, context, wanted))), [])
            if hits:
                best = hits[0]
                runner = next(
                    (o for h in hits[1:] if (o := h.concept or h.extension) != (best.concept or best.extension)), None
                )
                choice = MappingChoice(layer, 1.0, runner, best.why or best.where)
                if best.extension:
                    return ExtensionPick(best.extension, choice, wanted)
                return Chosen(self.taxonomy.concepts[best.concept or ""], choice, best.sign)
        allowed = self.allowed(line, context, wanted)
        matches = next((m for w in wordings if (m := [c for c in self.labelled(w, context.section) if allowed(c)])), [])
        if matches:
            runner = matches[1].qname if len(matches) > 1 else None
            return Chosen(matches[0], MappingChoice("taxonomy standard label", 0.9, runner))
        return self.search(line, context, wanted)

    def labelled(self, wording: str, section: str | None) -> list[Concept]:
        """Concepts whose standard label is this normalized wording, in the line's section."""
        return [self.sectioned(c, section) for c in self.by_label.get(wording, [])]

    def search(
        self, line: Line, context: LineContext, wanted: PeriodType, exclude: frozenset[str] = frozenset()
    ) -> Pick:
        """The ranked search's best concept at or above the threshold, else an extension; ``exclude``
        holds concepts a check has ruled out for the line."""
        label = without_balance_phrase(line.label) if line.at else line.label
        vetoed = self.vetoes.get((context.statement, line.id), frozenset())
        query = Query(
            label,
            context.kind,
            context.section,
            context.ancestors,
            negative(line),
            wanted,
            item_type(line),
            exclude | vetoed,
        )
        found = self.index.search(query)
        if found.best and found.best.score >= SEARCH_THRESHOLD:
            runner = found.runner_up.concept.qname if found.runner_up else None
            return Chosen(found.best.concept, MappingChoice("taxonomy search", found.best.score, runner))
        nearest = found.best.concept.qname if found.best else None
        note = (
            f"nearest IFRS concept scored {below(found.best.score, SEARCH_THRESHOLD)}"
            if found.best
            else "no IFRS concept shares its words"
        )
        return ExtensionPick(extension_name(line, context), MappingChoice("extension", 0.0, nearest, note), wanted)

    def allowed(self, line: Line, context: LineContext, wanted: PeriodType) -> Callable[[Concept], bool]:
        """What a guessing layer may choose: a concept that fits the line and was not vetoed for it."""
        vetoed = self.vetoes.get((context.statement, line.id), frozenset())
        return lambda c: fits(c, wanted, line) and c.qname not in vetoed

    def sectioned(self, concept: Concept, section: str | None) -> Concept:
        """The current or non-current variant of a concept a label names without its section
        ("Provisions" among current liabilities is CurrentProvisions), when the taxonomy has one."""
        prefix = {"current": "Current", "non-current": "Noncurrent"}.get(section or "")
        variant = self.taxonomy.concepts.get(f"{concept.prefix}:{prefix}{concept.local_name}") if prefix else None
        return variant if variant is not None and variant.period_type is concept.period_type else concept

    def explicit(self, line: Line, qname: str, wanted: PeriodType) -> Pick:
        prefix, _, local = qname.partition(":")
        if prefix == self.extension_prefix:
            return ExtensionPick(local, MappingChoice("explicit"), wanted)
        concept = self.taxonomy.concept(qname)
        if concept is None or concept.abstract:
            raise MappingError(f"unknown concept {qname!r} (not a reportable concept of the taxonomy)", line.where)
        if not fits(concept, wanted, line):
            raise MappingError(
                f"concept {qname} is {concept.period_type.value}/{concept.item_type.value}, "
                f"which does not fit this {wanted.value} line",
                line.where,
            )
        return Chosen(concept, MappingChoice("explicit"))

    def rule_hits(
        self, rules: dict[str, list[Rule]], key: str, line: Line, context: LineContext, wanted: PeriodType
    ) -> list[Rule]:
        """The rules for a wording (by its ``wording_key``) that apply to the line, the most
        specific first."""
        worded = rules.get(key)
        if not worded:  # most wordings of most lines
            return []
        vetoed = self.vetoes.get((context.statement, line.id), frozenset())
        hits = [
            rule
            for rule in worded
            if rule.concept not in vetoed
            and (not rule.kinds or rule.kinds & RULE_KINDS.get(context.kind, {context.kind}))
            and (not rule.section or rule.section == context.section)
            and all(any(u in a for a in context.ancestors) for u in rule.under)
            and (rule.extension or fits(self.taxonomy.concepts[rule.concept or ""], wanted, line))
        ]
        unsorted, hits = hits, sorted(hits, key=lambda r: -r.specificity)
        # of rules that agree with the best, the first read (ifrs-common before ifrs-synonyms) names it
        first = next((r for r in unsorted if (r.concept, r.extension) == (hits[0].concept, hits[0].extension)), None)
        return [first, *[r for r in hits if r is not first]] if first else hits


def _by_wording(rules: Iterable[Rule]) -> dict[str, list[Rule]]:
    """Rules by each wording they match, in file order."""
    index: dict[str, list[Rule]] = {}
    for rule in rules:
        for wording in rule.wordings:
            index.setdefault(wording, []).append(rule)
    return index


def _label_index(taxonomy: Taxonomy, language: str) -> dict[str, list[Concept]]:
    """Concepts by normalized standard label, in the filing's language when the packages translate
    the taxonomy into it (English labels otherwise)."""
    translated = taxonomy.translations.get(language.lower().split("-")[0], {})
    index: dict[str, list[Concept]] = {}
    for concept in taxonomy.concepts.values():
        if not concept.abstract:
            index.setdefault(normalize(translated.get(concept.qname, concept.label)), []).append(concept)
    return index
