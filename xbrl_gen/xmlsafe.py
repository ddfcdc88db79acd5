"""Parsing XML we did not write: no entity expansion, no DTD loading, no network.

A document that declares anything in a DTD (entities: billion laughs, external entities) is
refused outright; only HTML5's bare ``<!DOCTYPE html>``, which declares and loads nothing, passes.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from xbrl_gen.errors import InputError

_HTML5_DOCTYPE = b"<!DOCTYPE html>\n"  # how lxml serializes the bare doctype, and nothing else
_DTD = re.compile(rb"<!DOCTYPE[^>\[]*(?:\[|SYSTEM|PUBLIC)")  # an internal subset or an external DTD


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, dtd_validation=False
    )


def parse_bytes(data: bytes, source: str) -> etree._ElementTree:
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as err:
        if _DTD.search(data):  # libxml2 gives up on an entity bomb even unexpanded: say why it is refused
            raise _refused(data, source) from None
        line = getattr(err, "lineno", None)
        message = " ".join(str(err.msg).split())
        raise InputError(f"not well-formed XML: {message}", f"{source}:{line}" if line else source) from None
    tree = root.getroottree()
    if _declares_something(tree):
        raise _refused(data, source)
    return tree


def check_file(path: Path) -> None:
    """Refuse a file that is not well-formed XML or carries a DTD, before Arelle opens it."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read ({err.strerror or err})", str(path)) from None
    parse_bytes(data, str(path))


def _refused(data: bytes, source: str) -> InputError:
    line = data.count(b"\n", 0, max(0, data.find(b"<!DOCTYPE"))) + 1
    return InputError("a DTD (entity declarations) is not accepted in XBRL input", f"{source}:{line}")


def _declares_something(tree: etree._ElementTree) -> bool:
    """Whether the document has a DTD other than ``<!DOCTYPE html>``: lxml serializes an internal
    subset (``[<!ENTITY ...>]``) and an external identifier with the doctype."""
    return tree.docinfo.internalDTD is not None and not etree.tostring(tree).startswith(_HTML5_DOCTYPE)


XML_SUFFIXES = (".xml", ".xsd", ".xhtml", ".html", ".htm", ".xbrl")
MAX_UNPACKED = 1 << 30  # a report package unpacking to more than 1 GB is refused, not read


def check_package(path: Path) -> None:
    """Refuse a report package that is not a zip, unpacks to more than ``MAX_UNPACKED``, or holds
    an XML document ``check_file`` would refuse."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.infolist() if m.filename.lower().endswith(XML_SUFFIXES)]
            if sum(m.file_size for m in zf.infolist()) > MAX_UNPACKED:
                raise InputError("a report package unpacking to more than 1 GB is not accepted", str(path))
            for member in members:
                parse_bytes(zf.read(member), f"{path}/{member.filename}")
    except (zipfile.BadZipFile, OSError) as err:
        raise InputError(f"not a readable zip ({err})", str(path)) from None
