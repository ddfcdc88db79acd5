"""What a file given to ``convert`` is, decided from its content rather than its name.

XML is parsed with ``xmlsafe.parse_bytes`` (no DTDs, no entities) before Arelle sees it, so a
hostile or merely wrong file stops here with a one-line message.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

from xbrl_gen.errors import InputError
from xbrl_gen.taxonomy import NS
from xbrl_gen.xmlsafe import check_package, parse_bytes

XHTML = "http://www.w3.org/1999/xhtml"
ZIP_MAGIC = b"PK\x03\x04"
IX = "http://www.xbrl.org/2013/inlineXBRL"
OIM_DOCUMENT_TYPES = {
    "https://xbrl.org/2021/xbrl-json": "json",
    "https://xbrl.org/2021/xbrl-csv": "csv",
}
EXPECTED = "an XBRL instance, an Inline XBRL report (XHTML), xBRL-JSON, or the metadata file of xBRL-CSV"


class Format(Enum):
    """A report format: what ``convert`` reads and (with ``package`` and ``facts``) writes."""

    XBRL = "xbrl"
    IXBRL = "ixbrl"
    JSON = "json"
    CSV = "csv"
    PACKAGE = "package"
    FACTS = "facts"


def detect(path: Path) -> Format:
    """The format of ``path``; ``InputError`` naming the file when it is none of ours to read."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", str(path)) from None
    if data.startswith(ZIP_MAGIC):  # a report package (ESEF's, ours): the Inline XBRL report it holds
        check_package(path)
        return Format.IXBRL
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"{":
        return _oim_format(data, path)
    if path.suffix.lower() == ".csv":
        raise InputError("an xBRL-CSV report is read through its metadata file (.json), not a table", str(path))
    if start != b"<":
        raise InputError(f"not XBRL: expected {EXPECTED}; this is neither XML nor JSON", str(path))
    root = parse_bytes(data, str(path)).getroot()  # malformed XML, DTDs: xmlsafe's one-line errors
    if root.tag == f"{{{NS['xbrli']}}}xbrl":
        return Format.XBRL
    if root.tag == f"{{{XHTML}}}html" and root.find(f".//{{{IX}}}header") is not None:
        return Format.IXBRL
    raise InputError(f"not XBRL: expected {EXPECTED}, found an XML document <{root.tag}>", str(path))


def _oim_format(data: bytes, path: Path) -> Format:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", None)
        where = f"{path}:{line}" if line else str(path)
        raise InputError(f"not XBRL: expected {EXPECTED}; not valid JSON", where) from None
    info = document.get("documentInfo") if isinstance(document, dict) else None
    kind = OIM_DOCUMENT_TYPES.get(info.get("documentType", "")) if isinstance(info, dict) else None
    if kind is None:
        raise InputError(
            f"not XBRL: expected {EXPECTED}; this JSON has no documentInfo.documentType of xBRL-JSON or xBRL-CSV",
            str(path),
        )
    return Format(kind)
