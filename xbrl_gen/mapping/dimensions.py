"""Column headings of 2-D statements → members of an IFRS axis.

The axes, hypercubes and member wordings are data (``taxonomies/dimensions/*.yaml``); a heading
no wording matches ("Retail banking") becomes a company member under the kind's
``extension_parent``, named after the heading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from xbrl_gen.errors import MappingError
from xbrl_gen.labels import normalize
from xbrl_gen.model import (
    Axis,
    Concept,
    Dimension,
    Extension,
    Issue,
    ItemType,
    PeriodType,
    Severity,
    Statement,
    StatementKind,
)
from xbrl_gen.names import pascal_name
from xbrl_gen.taxonomy import Taxonomy

_AXIS_KEYS = {"kind", "table", "line_items", "axis", "domain", "balance", "anchor", "extension_parent", "members"}
_MEMBER_KEYS = {"member", "parent", "default", "wordings", "axis", "domain"}
MEMBER_TYPE = "dtr-types:domainItemType"
# a column headed by a consolidated statement ("Amounts in the consolidated statement of profit or
# loss") reports the consolidated amounts: the axis default
_CONSOLIDATED = re.compile(r"\bconsolidated\b.*\bstatements?\b")


@dataclass(frozen=True)
class MemberRule:
    member: str | None  # None: the axis default
    parent: str | None
    wordings: frozenset[str]
    axis: str | None = None  # another axis of the table than the kind's (None: the kind's axis)
    domain: str | None = None  # that axis's domain, its default


@dataclass(frozen=True)
class AxisSpec:
    kind: StatementKind
    table: str
    line_items: str
    axis: str
    domain: str
    balance: str | None  # concept of the opening and closing balance lines
    anchor: str | None  # wider concept of company movements that add into no IFRS total
    extension_parent: str
    members: tuple[MemberRule, ...]
    where: str

    @property
    def qnames(self) -> list[str]:
        named = [self.table, self.line_items, self.axis, self.domain, self.extension_parent, self.balance, self.anchor]
        named += [q for m in self.members for q in (m.member, m.parent, m.axis, m.domain)]
        return [q for q in named if q]

    @property
    def domains(self) -> dict[str, str]:
        """Each axis of the table the columns may use, the kind's first, with its domain."""
        return {self.axis: self.domain} | {m.axis: m.domain for m in self.members if m.axis and m.domain}


@lru_cache(maxsize=1)
def axis_specs() -> dict[StatementKind, AxisSpec]:
    folder = resources.files("xbrl_gen.taxonomies") / "dimensions"
    specs: dict[StatementKind, AxisSpec] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            source = f"dimensions/{entry.name}"
            doc = yaml.safe_load(entry.read_text(encoding="utf-8"))
            if not isinstance(doc, dict) or not isinstance(doc.get("axes"), list):
                raise MappingError("expected a mapping with an 'axes' list", source)
            for i, raw in enumerate(doc["axes"]):
                spec = _spec(raw, f"{source}: axes[{i}]")
                specs[spec.kind] = spec
    return specs


def _spec(raw: Any, where: str) -> AxisSpec:
    if not isinstance(raw, dict) or not set(raw) <= _AXIS_KEYS or not isinstance(raw.get("members"), list):
        raise MappingError(f"expected keys {', '.join(sorted(_AXIS_KEYS))} with a 'members' list", where)
    try:
        kind = StatementKind(raw["kind"])
        return AxisSpec(
            kind=kind,
            table=str(raw["table"]),
            line_items=str(raw["line_items"]),
            axis=str(raw["axis"]),
            domain=str(raw["domain"]),
            balance=raw.get("balance"),
            anchor=raw.get("anchor"),
            extension_parent=str(raw["extension_parent"]),
            members=tuple(_member(m, f"{where}: members[{i}]") for i, m in enumerate(raw["members"])),
            where=where,
        )
    except (KeyError, ValueError) as err:
        raise MappingError(f"missing or invalid {err}", where) from None


def _member(raw: Any, where: str) -> MemberRule:
    if not isinstance(raw, dict) or not set(raw) <= _MEMBER_KEYS or not raw.get("wordings"):
        raise MappingError("expected {member, parent, wordings} (axis, domain) or {default: true, wordings}", where)
    if raw.get("default") is not True and not (raw.get("member") and raw.get("parent")):
        raise MappingError("a member needs 'member' and 'parent' (or 'default: true')", where)
    if bool(raw.get("axis")) != bool(raw.get("domain")) or (raw.get("axis") and raw.get("default")):
        raise MappingError("a member on another axis needs both 'axis' and 'domain'", where)
    wordings = frozenset(normalize(str(w)) for w in raw["wordings"])
    return MemberRule(raw.get("member"), raw.get("parent"), wordings, raw.get("axis"), raw.get("domain"))


def check_specs(taxonomy: Taxonomy) -> None:
    for spec in axis_specs().values():
        for qname in spec.qnames:
            if qname not in taxonomy.concepts:
                raise MappingError(f"concept {qname} is not in the taxonomy", spec.where)


def dimension_for(
    statement: Statement, spec: AxisSpec, extension: Extension, company: Mapping[str, str] | None = None
) -> tuple[Dimension, dict[str, Concept], list[Issue]]:
    """The statement's hypercube, the company members it needs, and a warning for each of them
    that no company rule names (``company``: wording -> local name): a heading no wording knows is
    taken for a company member, which the user should confirm."""
    by_wording = {w: rule for rule in spec.members for w in rule.wordings}
    parents: dict[str, tuple[str, str]] = {}  # member -> (parent, axis)
    members: list[str | None] = []
    new: dict[str, Concept] = {}
    issues: list[Issue] = []
    for column in statement.columns:
        heading = column.member or column.heading
        if is_default(heading, spec):
            members.append(None)
            continue
        rule = by_wording.get(normalize(heading))
        if rule is not None and rule.member is not None and rule.parent:
            member, parent, axis = rule.member, rule.parent, rule.axis or spec.axis
        else:
            known = (company or {}).get(normalize(heading))
            member = f"{extension.prefix}:{known or pascal_name(heading, 'Column') + 'Member'}"
            parent, axis = spec.extension_parent, spec.axis
            new[member] = Concept(member, PeriodType.DURATION, None, ItemType.OTHER, True, heading, MEMBER_TYPE)
            if known is None:
                issues.append(
                    Issue(
                        Severity.WARNING,
                        "company-member",
                        f"{statement.id}: column {heading!r} is no member the {spec.axis} wordings know; tagged "
                        f"as the company member {member} (a 'members:' entry in the company's mapping file settles it)",
                        statement.where,
                    )
                )
        if member in members:
            raise MappingError(f"columns {heading!r} and another one are both {member}", statement.where)
        members.append(member)
        parents[member] = (parent, axis)
    return Dimension(spec.table, spec.line_items, _axes(parents, spec), tuple(members)), new, issues


def is_default(heading: str, spec: AxisSpec) -> bool:
    """A column of the axis default: a default wording, or headed by a consolidated statement."""
    key = normalize(heading)
    known = next((rule for rule in spec.members if key in rule.wordings), None)
    return known.member is None if known is not None else bool(_CONSOLIDATED.search(key))


def _axes(parents: dict[str, tuple[str, str]], spec: AxisSpec) -> tuple[Axis, ...]:
    """The kind's axis and every other axis a column uses, in the order the columns first need them."""
    used = dict.fromkeys([spec.axis] + [axis for _, axis in parents.values()])
    domains = spec.domains
    return tuple(
        Axis(axis, domains[axis], _tree({m: p for m, (p, a) in parents.items() if a == axis}, spec, domains[axis]))
        for axis in used
    )


def _tree(parents: dict[str, str], spec: AxisSpec, domain: str) -> tuple[tuple[str, str], ...]:
    """Domain-member arcs from the domain down to every member used, ancestors included, in the
    order the columns first need them."""
    known = {m.member: m.parent for m in spec.members if m.member and m.parent}
    arcs: list[tuple[str, str]] = []
    for member, parent in parents.items():
        chain = [(parent, member)]
        while parent != domain and parent in known:
            chain.append((known[parent], parent))
            parent = known[parent]
        arcs.extend(arc for arc in reversed(chain) if arc not in arcs)
    return tuple(arcs)
