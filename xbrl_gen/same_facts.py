"""The instance proved equal, fact for fact, to the facts Arelle read from the validated report.

``build`` validates the Inline XBRL report in full and does not load the XBRL instance written
beside it into a second Arelle model: instead every fact of the instance must be a fact of the
report — the same concept, entity, period, dimensions, unit, decimals and value, compared as
XBRL values (numbers as decimals, QNames by namespace) — and the other way round, and both must
reference the same extension schema. What Arelle found in the report then holds for the
instance too (docs/how-it-works.md says what is and is not kept).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from xbrl_gen.errors import InputError
from xbrl_gen.model import Issue, Severity
from xbrl_gen.xmlsafe import parse_bytes

XBRLI = "{http://www.xbrl.org/2003/instance}"
LINK = "{http://www.xbrl.org/2003/linkbase}"
XBRLDI = "{http://xbrl.org/2006/xbrldi}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
CODE = "xbrl-gen:instanceDiffersFromReport"
SHOWN = 20  # differences listed one by one; the rest are counted
_NO_CONTEXT = ("no context",)

# (concept, context, unit, decimals, nil, value): a fact as both documents must state it.
FactKey = tuple[str, tuple[Any, ...], tuple[Any, ...], str, bool, Any]


def report_facts(model: Any) -> tuple[Counter[FactKey], set[str]]:
    """The facts Arelle read from a report (any ``ModelXbrl``), and the schemas it references."""
    contexts = {cid: _context(context) for cid, context in model.contexts.items()}
    units = {uid: _unit(unit) for uid, unit in model.units.items()}
    facts = Counter(
        _key(
            fact.qname.clarkNotation,
            contexts.get(fact.contextID, _NO_CONTEXT),
            units.get(fact.unitID, ()),
            fact.decimals,
            bool(fact.isNil),
            fact.value,
            fact.isNumeric,
        )
        for fact in model.factsInInstance
    )
    roots = getattr(model, "ixdsHtmlElements", None) or [model.modelDocument.xmlRootElement]
    return facts, _schema_refs(roots)


@dataclass(frozen=True)
class Stated:
    """What an instance states: its facts and the schemas it references, or why it could not be read."""

    facts: Counter[FactKey]
    schemas: set[str]
    unreadable: Issue | None = None


def read_instance(instance: Path) -> Stated:
    """The instance's facts, read with lxml (no Arelle model), to compare with the report's."""
    try:
        root = parse_bytes(instance.read_bytes(), str(instance)).getroot()
    except InputError as err:
        return Stated(Counter(), set(), Issue(Severity.ERROR, CODE, str(err), str(instance)))
    return Stated(Counter(_instance_facts(root)), _schema_refs([root]))


def compare(instance: Path, stated: Stated, expected: Counter[FactKey], schemas: set[str]) -> tuple[list[Issue], int]:
    """The differences between the instance's facts (``stated``) and ``expected``, and how many facts it has."""
    if stated.unreadable:
        return [stated.unreadable], 0
    found = stated.facts
    issues = []
    if found != expected:  # one pass over equal facts; the differences only when there are some
        issues += [
            _issue(instance, "not in the report", key) for key in sorted((found - expected).elements(), key=repr)
        ]
        issues += [_issue(instance, "missing", key) for key in sorted((expected - found).elements(), key=repr)]
    if stated.schemas != schemas:
        message = f"references the schemas {sorted(stated.schemas)}, the report {sorted(schemas)}"
        issues.insert(0, Issue(Severity.ERROR, CODE, message, str(instance)))
    if len(issues) > SHOWN:
        more = Issue(Severity.ERROR, CODE, f"and {len(issues) - SHOWN} more differences", str(instance))
        issues = [*issues[:SHOWN], more]
    return issues, sum(found.values())


def _schema_refs(roots: Iterable[etree._Element]) -> set[str]:
    return {str(ref.get(XLINK_HREF)) for root in roots for ref in root.iter(f"{LINK}schemaRef")}


def _instance_facts(root: etree._Element) -> Iterator[FactKey]:
    contexts = {c.get("id"): _context(c) for c in root.iter(f"{XBRLI}context")}
    units = {u.get("id"): _unit(u) for u in root.iter(f"{XBRLI}unit")}
    for element in root:
        if not isinstance(element.tag, str) or element.tag.startswith((XBRLI, LINK)):
            continue
        unit = element.get("unitRef")
        yield _key(
            element.tag,
            contexts.get(element.get("contextRef"), _NO_CONTEXT),
            units.get(unit, ()),
            element.get("decimals"),
            element.get(XSI_NIL) in ("true", "1"),
            element.text or "",
            unit is not None,
        )


def _key(
    concept: str,
    context: tuple[Any, ...],
    unit: tuple[Any, ...],
    decimals: str | None,
    nil: bool,
    value: str,
    numeric: bool,
) -> FactKey:
    stated: Any = "" if nil else _number(value) if numeric else value
    return (concept, context, unit, decimals or "", nil, stated)


def _number(text: str) -> Decimal | str:
    try:
        return Decimal(text.strip()).normalize()
    except InvalidOperation:
        return text  # not a number: compared as written, so that it differs


def _context(context: etree._Element) -> tuple[Any, ...]:
    identifier = context.find(f"{XBRLI}entity/{XBRLI}identifier")
    entity = ("", "") if identifier is None else (identifier.get("scheme", ""), (identifier.text or "").strip())
    period = context.find(f"{XBRLI}period")
    dates = () if period is None else tuple((etree.QName(p).localname, (p.text or "").strip()) for p in period)
    return (entity, dates, tuple(sorted(_dimensions(context))))


def _dimensions(context: etree._Element) -> Iterable[tuple[str, str]]:
    for member in context.iter(f"{XBRLDI}explicitMember", f"{XBRLDI}typedMember"):
        dimension = _clark(member, member.get("dimension", ""))
        if member.tag == f"{XBRLDI}explicitMember":
            yield dimension, _clark(member, (member.text or "").strip())
        else:
            yield dimension, b"".join(etree.tostring(child, method="c14n") for child in member).decode()


def _unit(unit: etree._Element) -> tuple[Any, ...]:
    divide = unit.find(f"{XBRLI}divide")
    if divide is None:
        return (tuple(sorted(_measures(unit))), ())
    numerator, denominator = (divide.find(f"{XBRLI}{part}") for part in ("unitNumerator", "unitDenominator"))
    return (tuple(sorted(_measures(numerator))), tuple(sorted(_measures(denominator))))


def _measures(element: etree._Element | None) -> Iterator[str]:
    if element is not None:
        for measure in element.findall(f"{XBRLI}measure"):
            yield _clark(measure, (measure.text or "").strip())


def _clark(element: etree._Element, qname: str) -> str:
    prefix, _, local = qname.rpartition(":")
    return f"{{{element.nsmap.get(prefix or None, '')}}}{local}"


def _issue(instance: Path, what: str, key: FactKey) -> Issue:
    concept, context, unit, decimals, nil, value = key
    stated = "nil" if nil else value
    return Issue(
        Severity.ERROR,
        CODE,
        f"fact {what}: {concept} = {stated} (context {context}, unit {unit or '-'}, decimals {decimals or '-'})",
        str(instance),
    )
