"""XML names for things that only have labels: company concepts, members and headings."""

from __future__ import annotations

import re

QNAME = re.compile(r"^[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*$")  # prefix:LocalName, as statements and rules write concepts


def pascal_name(label: str, fallback: str, limit: int = 180) -> str:
    """"Network service and systems integration business" → "NetworkServiceAndSystemsIntegrationBusiness";
    ``fallback`` when the label has no letters or digits, and a leading digit gets its first letter."""
    words = re.findall(r"[A-Za-z0-9]+", label)
    name = "".join(w[:1].upper() + w[1:] for w in words)[:limit] or fallback
    return fallback[0] + name if name[0].isdigit() else name
