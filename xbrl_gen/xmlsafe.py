"""Parsing XML we did not write: no entity expansion, no DTD loading, no network."""

from __future__ import annotations

from lxml import etree

from xbrl_gen.errors import InputError


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, dtd_validation=False)


def parse_bytes(data: bytes, source: str) -> etree._ElementTree:
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as err:
        line = getattr(err, "lineno", None)
        raise InputError(f"not well-formed XML: {err.msg}", f"{source}:{line}" if line else source) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise InputError("a DTD (entity declarations) is not accepted in XBRL input", source)
    return root.getroottree()
