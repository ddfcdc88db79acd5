"""xBRL-JSON and xBRL-CSV of a report whose taxonomy could not be resolved offline.

Arelle's OIM writer needs the concepts (it writes neither concept nor value of a fact it has no
definition for), so here the facts as written — concept QName, entity, period, unit, dimensions,
decimals, value — go into OIM documents directly. The result names the report's taxonomy as the
report does; it is complete, but nothing checked it against that taxonomy.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xbrl_gen.convert.aspects import members_of, qname_text, unit_text
from xbrl_gen.convert.formats import Format
from xbrl_gen.convert.loading import references, report_namespaces
from xbrl_gen.convert.table import items

if TYPE_CHECKING:
    from arelle.ModelInstanceObject import ModelFact
    from arelle.ModelXbrl import ModelXbrl

OIM = "https://xbrl.org/2021"
CORE = ("concept", "entity", "period", "unit")


def bare_oim(model: ModelXbrl, target: Format, out: Path) -> dict[str, str]:
    """File name -> content: ``out`` (xBRL-JSON), or ``<stem>-metadata.json`` and ``<stem>-facts.csv``."""
    schemes: dict[str, str] = {}
    facts = [_aspects(fact, schemes) for fact in items(model.facts)]
    info: dict[str, Any] = {
        "documentType": f"{OIM}/xbrl-{target.value}",
        "namespaces": {**report_namespaces(model), **{p: s for s, p in schemes.items()}},
        "taxonomy": [r.href for r in references(model) if r.kind == "schemaRef"],
    }
    if target is Format.JSON:
        return {out.name: _dumps({"documentInfo": info, "facts": dict(facts)})}
    return _csv(info, [aspects for _, aspects in facts], out.stem)


def _aspects(fact: ModelFact, schemes: dict[str, str]) -> tuple[str, dict[str, Any]]:
    context = fact.context
    scheme, identifier = context.entityIdentifier
    prefix = schemes.setdefault(scheme, f"scheme{len(schemes) or ''}")
    dimensions = {"concept": qname_text(fact.qname, fact.modelXbrl), "entity": f"{prefix}:{identifier}"}
    if context.isInstantPeriod:
        dimensions["period"] = context.instantDatetime.isoformat()
    elif context.isStartEndPeriod:
        dimensions["period"] = f"{context.startDatetime.isoformat()}/{context.endDatetime.isoformat()}"
    if fact.unit is not None and unit_text(fact.unit) != "xbrli:pure":
        dimensions["unit"] = unit_text(fact.unit)
    dimensions.update(members_of(context))
    aspects: dict[str, Any] = {"value": None if fact.isNil else fact.value, "dimensions": dimensions}
    if fact.unitID and fact.decimals not in (None, "INF"):
        aspects["decimals"] = int(fact.decimals)
    return fact.id or f"f{fact.objectIndex}", aspects


def _csv(info: dict[str, Any], facts: list[dict[str, Any]], stem: str) -> dict[str, str]:
    """One table: a column per core dimension, per axis, decimals and value; an empty cell is an
    absent dimension (or decimals), ``#nil`` a nil value, ``#empty`` an empty string."""
    axes = sorted({d for f in facts for d in f["dimensions"] if d not in CORE})
    columns = {name: f"axis{n}" for n, name in enumerate(axes, start=1)}
    names = [*CORE, *columns.values(), "decimals", "value"]
    dimensions = {d: f"${d}" for d in CORE} | {axis: f"${column}" for axis, column in columns.items()}
    template = {
        "columns": {**{n: {} for n in names[:-1]}, "value": {"dimensions": dimensions, "decimals": "$decimals"}},
    }
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(names)
    for fact in facts:
        cells = [fact["dimensions"].get(d, "") for d in CORE] + [fact["dimensions"].get(a, "") for a in axes]
        writer.writerow([*cells, fact.get("decimals", ""), _csv_value(fact["value"])])
    metadata = {
        "documentInfo": info,
        "tableTemplates": {"facts": template},
        "tables": {"facts": {"template": "facts", "url": f"{stem}-facts.csv"}},
    }
    return {f"{stem}-metadata.json": _dumps(metadata), f"{stem}-facts.csv": table.getvalue()}


def _csv_value(value: str | None) -> str:
    return "#nil" if value is None else value or "#empty"


def _dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
