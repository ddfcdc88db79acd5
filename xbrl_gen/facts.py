"""Facts from tagged lines: the presented amount times scale times sign, in the right period.

Several lines may report the same fact (profit appears in three statements); equal values
collapse into one fact, different values are an error naming both lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Context, Decimal

from xbrl_gen.errors import MappingError
from xbrl_gen.mapping.engine import MappedFiling
from xbrl_gen.model import Concept, Dims, Duration, Fact, ItemType, Period, TaggedLine, TaggedStatement

FactKey = tuple[str, Period, Dims]


@dataclass(frozen=True)
class Unit:
    id: str
    numerator: str  # "iso4217:JPY", "xbrli:shares", "xbrli:pure"
    denominator: str | None = None


def units_for(currency: str) -> dict[ItemType, Unit]:
    return {
        ItemType.MONETARY: Unit(currency, f"iso4217:{currency}"),
        ItemType.PER_SHARE: Unit(f"{currency}PerShare", f"iso4217:{currency}", "xbrli:shares"),
        ItemType.SHARES: Unit("shares", "xbrli:shares"),
        ItemType.PURE: Unit("pure", "xbrli:pure"),
    }


def derive_facts(mapped: MappedFiling) -> dict[FactKey, Fact]:
    """One fact per distinct concept, period and dimensions, in first-seen order."""
    facts: dict[FactKey, Fact] = {}
    for statement in mapped.statements:
        for tagged in statement.lines:
            for _, fact in line_facts(tagged, statement, mapped.filing.scale, mapped.filing.currency):
                key = fact_key(fact)
                known = facts.get(key)
                if known is None:
                    facts[key] = fact
                elif known.value != fact.value:
                    raise MappingError(
                        f"{fact.concept.qname} for {_period_text(fact.period)}{_dims_text(fact.dims)} is {fact.value:f} here but "
                        f"{known.value:f} at {known.where}; one of the two lines is mislabeled or mis-keyed",
                        fact.where,
                    )
    return facts


def fact_key(fact: Fact) -> FactKey:
    return (fact.concept.qname, fact.period, fact.dims)


def line_facts(
    tagged: TaggedLine, statement: TaggedStatement, scale: int, currency: str
) -> Iterator[tuple[int, Fact]]:
    """The line's facts with the index of the column each one is printed in."""
    concept = tagged.concept
    if concept is None:
        return
    unit = units_for(currency).get(concept.item_type)
    for index, (column, value) in enumerate(zip(statement.statement.columns, tagged.line.values)):
        if value is None:
            continue
        yield (
            index,
            Fact(
                concept=concept,
                period=tagged.line.period_in(column),
                unit_id=unit.id if unit else None,
                decimals=_decimals(concept, value, scale),
                value=_stored(concept, value, scale) * tagged.sign,
                where=tagged.line.where,
                dims=statement.column_dims(index),
            ),
        )


def _stored(concept: Concept, presented: Decimal, scale: int) -> Decimal:
    if concept.item_type is ItemType.MONETARY:
        # exact: 123.4567 thousands is 123456.7, decimals 1; scaleb keeps every digit when the
        # context holds them all (the default 28 would round 10**40 + 123 thousands)
        return presented.scaleb(scale, Context(prec=max(1, len(presented.as_tuple().digits))))
    return presented


def presented_scale(concept: Concept, scale: int) -> int:
    """The power of ten between a printed and a stored amount: the filing's scale applies to
    money only ("thousands of yen" does not scale earnings per share)."""
    return scale if concept.item_type is ItemType.MONETARY else 0


def _decimals(concept: Concept, presented: Decimal, scale: int) -> int:
    shown = max(0, -presented.as_tuple().exponent)  # type: ignore[operator]
    return shown - presented_scale(concept, scale)


def _dims_text(dims: Dims) -> str:
    return "".join(f", {member}" for _, member in dims)


def _period_text(period: Period) -> str:
    if isinstance(period, Duration):
        return f"{period.start}..{period.end}"
    return str(period.date)
