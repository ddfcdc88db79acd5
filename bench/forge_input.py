"""Our filing in xbrl-forge's input format, so that the peer renders the same content.

Everything comes from our render model, after mapping: the same facts (concept, period,
dimensions, unit, decimals, scale, sign, ixt format) in the same table cells as our Inline XBRL
report, the same extension concepts, labels, and presentation, calculation and definition trees;
plus a plain XBRL report of the same facts, as we write an instance beside the report.
xbrl-forge names its extension namespace after the publisher, so its company concepts live in a
namespace of its own; its output is timed, not validated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from xbrl_gen.inline import (
    IXT_NAMESPACE,
    NUMBER_FORMAT,
    Cell,
    Report,
    Table,
    inline_report,
)
from xbrl_gen.model import Concept
from xbrl_gen.render import ARCROLES, XDT, Arc, RenderModel
from xbrl_gen.taxonomy import Taxonomy

XBRLI = "http://www.xbrl.org/2003/instance"
ISO4217 = "http://www.xbrl.org/2003/iso4217"
PARENT_CHILD = "http://www.xbrl.org/2003/arcrole/parent-child"
SUMMATION_ITEM = "http://www.xbrl.org/2003/arcrole/summation-item"
Json = dict[str, Any]


def forge_input(model: RenderModel, taxonomy: Taxonomy) -> Json:
    return _Converter(model, taxonomy).document()


class _Converter:
    def __init__(self, model: RenderModel, taxonomy: Taxonomy) -> None:
        self.model = model
        self.local = model.filing.extension.prefix
        self.ifrs_schema_url = taxonomy.schema_url
        self.base = taxonomy
        self.namespaces = {
            "ifrs-full": model.ifrs_namespace,
            "xbrli": XBRLI,
            "iso4217": ISO4217,
            "dtr-types": taxonomy.dtr_types[0],
            "ixt": IXT_NAMESPACE,
        }
        self.contexts = {c.id: c for c in model.contexts}
        self.units = {u.id: u for u in model.units}

    def document(self) -> Json:
        report = inline_report(self.model)
        name, language = self.model.name, self.model.filing.language
        namespaces = {uri: prefix for prefix, uri in self.namespaces.items()}
        instance = [
            {
                "type": "BASE_XBRL",
                "content": f.value,
                "tags": [self.tag(f.concept, f.context, f.unit, f.decimals, 0, NUMBER_FORMAT, False)],
            }
            for f in self.model.facts
        ]
        return {
            "taxonomy": self.taxonomy(),
            "reports": [
                {
                    "name": name,
                    "lang": language,
                    "xhtml": True,
                    "priority": 1,
                    "namespaces": namespaces,
                    "content": self.inline_content(report),
                },
                {
                    "name": f"{name}-instance",
                    "lang": language,
                    "xhtml": False,
                    "priority": 1,
                    "namespaces": namespaces,
                    "content": instance,
                },
            ],
        }

    # -- names -------------------------------------------------------------------------------
    def element(self, qname: str) -> Json:
        """An element in a namespace; our own concepts without one (xbrl-forge's extension)."""
        prefix, _, name = qname.partition(":")
        return {"name": name} if prefix == self.local else {"namespace": self.namespaces[prefix], "name": name}

    def located(self, qname: str) -> Json:
        """A concept in a linkbase: ours by name, IFRS ones by their id in the IFRS schema."""
        prefix, _, name = qname.partition(":")
        if prefix == self.local:
            return {"element_id": name}
        return {"element_id": f"{prefix}_{name}", "schema_location": self.ifrs_schema_url}

    # -- reports -----------------------------------------------------------------------------
    def tag(
        self,
        name: str,
        context_id: str,
        unit_id: str | None,
        decimals: int | None,
        scale: int,
        text_format: str,
        negative: bool,
    ) -> Json:
        context, unit = self.contexts[context_id], self.units[unit_id or ""]
        measure = {"numerator": self.element(unit.numerator)}
        if unit.denominator:
            measure["denominator"] = self.element(unit.denominator)
        return {
            **self.element(name),
            "attributes": {
                "scale": scale,
                "decimals": decimals,
                "unit": measure,
                "format": self.element(text_format),
                "sign": negative,
            },
            "entity": self.model.filing.entity.identifier,
            "entity_scheme": self.model.filing.entity.scheme,
            "start_date": context.start,
            "end_date": context.instant or context.end,
            "dimensions": [
                {"axis": self.element(axis), "member": self.element(member), "typed_member_value": None}
                for axis, member in context.dims
            ],
        }

    def cell(self, cell: Cell) -> Json:
        """A value as printed, "(1,234)" for a negative one, the number alone tagged."""
        if not cell.text:
            return {"content": []}
        tags = []
        for t in cell.tags:
            applied = self.tag(t.name, t.context, t.unit, t.decimals, t.scale, t.format, t.sign == "-")
            start = 1 if cell.negative else 0
            tags.append({**applied, "start_index": start, "end_index": start + len(cell.text)})
        return {"content": [_paragraph(f"({cell.text})" if cell.negative else cell.text, tags)]}

    def table(self, table: Table) -> list[Json]:
        rows = [
            {"cells": [{"header": True, "content": [_paragraph(h)]} for h in (table.unit_heading, *table.headings)]}
        ]
        rows += [{"cells": [{"content": [_paragraph(r.label)]}, *map(self.cell, r.cells)]} for r in table.rows]
        return [
            {"type": "TITLE", "content": table.title, "level": 2, "tags": []},
            {"type": "TABLE", "rows": rows, "tags": []},
        ]

    def inline_content(self, report: Report) -> list[Json]:
        content = [{"type": "TITLE", "content": report.title, "level": 1, "tags": []}]
        content += [item for table in report.tables for item in self.table(table)]
        return content + [item for cell in report.hidden for item in self.cell(cell)["content"]]

    # -- taxonomy ----------------------------------------------------------------------------
    def taxonomy(self) -> Json:
        filing = self.model.filing
        host = filing.extension.namespace.split("://", 1)[-1].split("/", 1)[0]
        return {
            "priority": 1,
            "prefix": self.local,
            "metadata": {
                "name": f"{self.model.name} extension",
                "description": filing.title,
                "publisher": filing.entity.name,
                "publisher_url": host,
                "publication_date": filing.period.end.isoformat(),
                "publisher_country": "JP",
                "entrypoints": [
                    {
                        "name": self.model.name,
                        "description": filing.title,
                        "documents": [self.ifrs_schema_url],
                        "language": filing.language,
                    }
                ],
            },
            "namespaces": {uri: prefix for prefix, uri in self.namespaces.items()},
            "schema_imports": {
                self.model.ifrs_namespace: self.ifrs_schema_url,
                self.base.dtr_types[0]: self.base.dtr_types[1],
            },
            "elements": [self.concept(c) for c in self.model.concepts],
            "linkbase_imports": {},  # the IFRS labels used are among our labels, as in our linkbase
            "arc_roles_import": {role: where for role, where in ARCROLES.items() if not where.startswith("#")},
            "roles": [
                {
                    "role_name": n.definition,
                    "role_id": n.id,
                    "presentation_linkbase": self.trees(n.presentation, _presentation_arc),
                    "calculation_linkbase": self.trees(n.calculation, _calculation_arc),
                    "definition_linkbase": self.trees(n.definition_arcs, _definition_arc),
                }
                for n in self.model.networks
            ],
            "labels": {filing.language: self.labels()},
        }

    def concept(self, concept: Concept) -> Json:
        return {
            "name": concept.local_name,
            "period_type": concept.period_type.value,
            "balance": concept.balance.value if concept.balance else None,
            "abstract": concept.abstract,
            "nillable": True,
            "substitution_group": self.element("xbrli:item"),
            "type": self.element(concept.data_type),
        }

    def trees(self, arcs: list[Arc], details: Callable[[Arc], Json]) -> list[Json]:
        """Flat arcs as xbrl-forge's nested trees: each root with its children, in arc order."""
        children: dict[str, list[Arc]] = defaultdict(list)
        for arc in arcs:
            children[arc.parent].append(arc)
        targets = {a.child for a in arcs}

        def node(qname: str, via: Arc | None) -> Json:
            return {
                **self.located(qname),
                **(details(via) if via else {}),
                "children": [node(a.child, a) for a in children.get(qname, [])],
            }

        return [node(root, None) for root in children if root not in targets]

    def labels(self) -> list[Json]:
        by_concept: dict[str, list[Json]] = defaultdict(list)
        for label in self.model.labels:
            by_concept[label.concept].append({"label_role": label.role, "label": label.text})
        return [{**self.located(qname), "labels": texts} for qname, texts in by_concept.items()]


def _presentation_arc(arc: Arc) -> Json:
    return {"arc_role": PARENT_CHILD, "order": arc.order, "preferred_label": arc.preferred_label}


def _calculation_arc(arc: Arc) -> Json:
    return {"arc_role": SUMMATION_ITEM, "weight": arc.weight}


def _definition_arc(arc: Arc) -> Json:
    details: Json = {"arc_role": arc.arcrole}
    if arc.arcrole == XDT + "all":
        details |= {"closed": True, "context_element": "segment"}
    return details


def _paragraph(text: str, tags: list[Json] | None = None) -> Json:
    return {"type": "PARAGRAPH", "content": text, "tags": tags or []}
