"""Facts from tagged lines: the presented amount times scale times sign, in the right period.

Several lines may report the same fact (profit appears in three statements); equal values
collapse into one fact, different values are an error naming both lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from functools import cache

from xbrl_gen.errors import MappingError
from xbrl_gen.mapping.engine import MappedFiling
from xbrl_gen.model import At, Concept, Dims, Duration, Fact, Filing, ItemType, Period, TaggedLine, TaggedStatement

FactKey = tuple[str, Period, Dims]
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


@dataclass(frozen=True)
class Unit:
    id: str
    numerator: str  # "iso4217:JPY", "xbrli:shares", "xbrli:pure"
    denominator: str | None = None


@cache
def units_for(currency: str) -> dict[ItemType, Unit]:
    return {
        ItemType.MONETARY: Unit(currency, f"iso4217:{currency}"),
        ItemType.PER_SHARE: Unit(f"{currency}PerShare", f"iso4217:{currency}", "xbrli:shares"),
        ItemType.SHARES: Unit("shares", "xbrli:shares"),
        ItemType.PURE: Unit("pure", "xbrli:pure"),
    }


Position = tuple[str, str, int]  # statement role id, line id and column of a printed value


def derive_facts(mapped: MappedFiling) -> tuple[dict[FactKey, Fact], dict[Position, int]]:
    """One fact per distinct concept, period and dimensions, in first-seen order, and the
    position each one is first printed at -> its number in that order (where the Inline XBRL
    report tags it)."""
    facts: dict[FactKey, Fact] = {}
    first: dict[Position, int] = {}
    for statement in mapped.statements:
        aspects: dict[At | None, list[tuple[Period, Dims]]] = {}
        for tagged in statement.lines:
            for column, fact in _line_facts(tagged, statement, aspects, mapped.filing):
                key = (fact.concept.qname, fact.period, fact.dims)
                known = facts.get(key)
                if known is None:
                    first[(statement.role_id, tagged.line.id, column)] = len(facts)
                    facts[key] = fact
                elif known.value != fact.value:
                    raise MappingError(
                        f"{fact.concept.qname} for {_period_text(fact.period)}{_dims_text(fact.dims)} is {fact.value:f} here but "
                        f"{known.value:f} at {known.where}; one of the two lines is mislabeled or mis-keyed",
                        fact.where,
                    )
    return facts, first


def _line_facts(
    tagged: TaggedLine, statement: TaggedStatement, aspects: dict[At | None, list[tuple[Period, Dims]]], filing: Filing
) -> Iterator[tuple[int, Fact]]:
    """The line's facts with the index of the column each one is printed in. ``aspects`` keeps
    the period and dimensions of each column for lines of each kind (flows, opening and closing
    balances), worked out once per statement."""
    concept = tagged.concept
    if concept is None:
        return
    line = tagged.line
    per_column = aspects.get(line.at)
    if per_column is None:
        columns = statement.statement.columns
        per_column = aspects[line.at] = [(line.period_in(c), statement.column_dims(i)) for i, c in enumerate(columns)]
    unit = units_for(filing.currency).get(concept.item_type)
    unit_id = unit.id if unit else None
    shift = presented_scale(concept, filing.scale)
    for index, value in enumerate(line.values):
        if value is None:
            continue
        period, dims = per_column[index]
        exponent: int = value.as_tuple().exponent  # type: ignore[assignment]
        decimals = max(0, -exponent) - shift
        yield index, Fact(concept, period, unit_id, decimals, _stored(value, shift, tagged.sign), line.where, dims)


def _stored(presented: Decimal, shift: int, sign: int) -> Decimal:
    """presented × 10^shift × sign, exactly: 123.4567 thousands is 123456.7 (decimals 1), and
    10**40 + 123 thousands keeps its last digits, which Decimal's default 28 digits would round."""
    stored = presented.scaleb(shift, _EXACT)
    return stored.copy_negate() if sign < 0 else stored


def presented_scale(concept: Concept, scale: int) -> int:
    """The power of ten between a printed and a stored amount: the filing's scale applies to
    money only ("thousands of yen" does not scale earnings per share)."""
    return scale if concept.item_type is ItemType.MONETARY else 0


def _dims_text(dims: Dims) -> str:
    return "".join(f", {member}" for _, member in dims)


def _period_text(period: Period) -> str:
    if isinstance(period, Duration):
        return f"{period.start}..{period.end}"
    return str(period.date)
