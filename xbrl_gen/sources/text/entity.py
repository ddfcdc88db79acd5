"""Who reports: the company name and stock code as a report's cover or first line gives them.

Generic patterns only ("Company name: ...", "XYZ Inc. (TSE1: 1234)"); without a match the entity
is a placeholder and a warning asks for it to be given.
"""

from __future__ import annotations

import re

from xbrl_gen.model import Entity, Issue, Severity

PLACEHOLDER = Entity(name="Unknown entity", identifier="unknown", scheme="http://xbrl-gen.invalid/entity")
SCHEME = "http://xbrl-gen.invalid/stock-code/{exchange}"  # placeholder scheme for a listing code

_LEGAL_FORM = r"(?:Inc|Corporation|Corp|Co\.,?\s*Ltd|Ltd|Limited|plc|PLC|AG|SE|S\.A|N\.V|K\.K|Holdings)\.?"
_NAMES = (
    re.compile(
        r"^\s*\[?Company name(?: in English)?\]?\s*:?\s*(?P<name>.+?)\s*"
        r"(?=\s(?:Exchange listed|Stock code|URL|Representative)\b|$)",
        re.I | re.M,
    ),
    re.compile(rf"^About\s+(?P<name>(?:[A-Z][\w&'-]*\s+){{1,6}}{_LEGAL_FORM})\s*$", re.M),  # a release's footer
    re.compile(  # "XYZ Inc. ("XYZ")", "XYZ Corp. (the "Company")": the report naming itself
        rf"(?P<name>(?:[A-Z][\w&'-]*\s+){{1,6}}{_LEGAL_FORM})\s*\((?:the\s+)?[\"\u201c](?:Company|[A-Z]{{2,8}})[\"\u201d]\)",
        re.M,
    ),
    re.compile(
        rf"(?P<name>(?:[A-Z][\w&'-]*\s+){{1,6}}{_LEGAL_FORM})\s*\((?:\"[^\"]*\",?\s*)?[A-Z]{{2,8}}\d?\s*:", re.M
    ),
)
_STOCK_CODE = re.compile(  # a labelled code: "Stock code number: 1234", "Securities code 1234", "(Code: 1234)"
    r"\b(?:(?:stock|securities|security|ticker)\s+code(?:\s+(?:number|no\.?))?\s*[:\uff1a]?|code(?:\s+(?:number|no\.?))?\s*[:\uff1a])"
    r"\s*(?P<code>[0-9A-Z]{4,6})\b",
    re.I,
)
_LISTING = re.compile(r"\b(?P<exchange>TSE|NYSE|NASDAQ|LSE|HKEX|SGX)\d?\s*:\s*(?P<code>[0-9A-Z]{1,6})\b")


def detect(
    text: str, source: str, *, name: str | None = None, identifier: str | None = None, scheme: str | None = None
) -> tuple[Entity, list[Issue]]:
    """The reporting entity: what is given, the rest as ``text`` names it, else the placeholder
    and a warning. A stock code has the scheme of the listing the text names for it, whether the
    code was found in the text or given."""
    name = name or next((m["name"].strip() for pattern in _NAMES if (m := pattern.search(text))), None)
    listings = [(m["exchange"], m["code"]) for m in _LISTING.finditer(text)]
    stated = _STOCK_CODE.search(text)
    code = identifier or (stated["code"] if stated else (listings[0][1] if listings else None))
    exchange = next((e for e, c in listings if c == code), "listing")
    scheme = scheme or (SCHEME.format(exchange=exchange.lower()) if code else PLACEHOLDER.scheme)
    entity = Entity(name or PLACEHOLDER.name, code or PLACEHOLDER.identifier, scheme)
    if name and code:
        return entity, []
    missing = " and ".join(part for part, value in (("company name", name), ("stock code", code)) if not value)
    issue = Issue(
        Severity.WARNING,
        "entity-not-found",
        f"no {missing} found in the report; using {entity.name!r} / {entity.identifier!r} (give the entity explicitly)",
        f"{source}:1",
    )
    return entity, [issue]
