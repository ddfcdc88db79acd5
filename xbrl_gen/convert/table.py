"""The flat fact table: one CSV row per fact, for analysts and dataframes.

Columns (``COLUMNS``): the concept's QName and standard label, the period as ISO dates
(``period_start``/``period_end`` for a duration, ``instant`` for an instant, all empty for forever),
the dimensions in one column as ``axis=member`` pairs joined by ``;`` (sorted by axis; empty when the
fact has none; a typed member gives its value), the entity's scheme and identifier, the unit
(``iso4217:JPY``, ``iso4217:JPY/xbrli:shares``), decimals, and the value as the instance states it
(empty for a nil fact). Rows follow the report's document order, so the same report gives the same
bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from xbrl_gen.convert.aspects import day, members_of, qname_text, unit_text

if TYPE_CHECKING:
    from arelle.ModelInstanceObject import ModelFact
    from arelle.ModelXbrl import ModelXbrl

COLUMNS = (
    "concept",
    "label",
    "period_start",
    "period_end",
    "instant",
    "dimensions",
    "entity_scheme",
    "entity",
    "unit",
    "decimals",
    "value",
)


def fact_table(model: ModelXbrl, language: str) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(fact, language) for fact in items(model.facts))
    return text.getvalue()


def items(facts: Iterable[ModelFact]) -> Iterator[ModelFact]:
    """The item facts in document order, those inside tuples at the tuple's place. Read from
    the facts as written (context, unit, attributes), so a report loaded without its taxonomy
    gives the same rows, labels apart."""
    for fact in facts:
        if fact.context is not None:
            yield fact
        yield from items(fact.modelTupleFacts)


def _row(fact: ModelFact, language: str) -> tuple[str, ...]:
    context = fact.context
    start = end = instant = ""
    if context.isInstantPeriod:
        instant = day(context.instantDatetime).isoformat()
    elif context.isStartEndPeriod:
        start, end = day(context.startDatetime, start=True).isoformat(), day(context.endDatetime).isoformat()
    scheme, identifier = context.entityIdentifier
    return (
        qname_text(fact.qname, fact.modelXbrl),
        fact.concept.label(lang=language, strip=True) or "" if fact.concept is not None else "",
        start,
        end,
        instant,
        ";".join(f"{axis}={member}" for axis, member in members_of(context)),
        scheme,
        identifier,
        unit_text(fact.unit),
        (fact.decimals or "") if fact.unitID else "",
        "" if fact.isNil else fact.value,
    )
