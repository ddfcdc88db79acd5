"""A fact's aspects in plain terms (calendar days, ``axis=member`` pairs) from Arelle's model,
shared by the Inline XBRL layout and the flat fact table."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arelle.ModelInstanceObject import ModelContext, ModelUnit
    from arelle.ModelValue import QName
    from arelle.ModelXbrl import ModelXbrl

Dims = tuple[tuple[str, str], ...]  # (axis QName, member QName or typed value), sorted by axis


def members_of(context: ModelContext) -> Dims:
    members = []
    for axis, value in context.qnameDims.items():
        member = qname_text(value.memberQname, context.modelXbrl) if value.isExplicit else value.typedMember.stringValue
        members.append((qname_text(axis, context.modelXbrl), member))
    return tuple(sorted(members))


def qname_text(qname: QName, model: ModelXbrl) -> str:
    """``prefix:local``, the same however the report wrote it: an unprefixed QName (its namespace
    the default one) takes the prefix the taxonomy gives that namespace, ``shares`` xbrli's."""
    if qname.prefix:
        return f"{qname.prefix}:{qname.localName}"
    prefix = next((p for p, uri in model.prefixedNamespaces.items() if uri == qname.namespaceURI and p), None)
    return f"{prefix}:{qname.localName}" if prefix else qname.localName


def day(moment: datetime, *, start: bool = False) -> date:
    """The calendar day XBRL wrote: Arelle stores an end or instant date as the next midnight."""
    if start or moment.time() != time():
        return moment.date()
    return (moment - timedelta(days=1)).date()


def unit_text(unit: ModelUnit | None) -> str:
    """``iso4217:JPY``, ``iso4217:JPY/xbrli:shares``; "" for no unit."""
    if unit is None:
        return ""
    numerators, denominators = ("*".join(qname_text(m, unit.modelXbrl) for m in side) for side in unit.measures)
    return f"{numerators}/{denominators}" if denominators else numerators
