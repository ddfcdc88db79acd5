"""What a file given to ``convert`` is, decided from its content rather than its name.

XML is parsed with ``xmlsafe.parse_bytes`` (no DTDs, no entities) before Arelle sees it, so a
hostile or merely wrong file stops here with a one-line message. A zip is a report package when it
has ``META-INF/reportPackage.json`` (Report Packages 1.0) or ``META-INF/taxonomyPackage.xml`` (the
older ESEF form) in its top folder; Arelle reads what is inside.
"""

from __future__ import annotations

import json
import zipfile
from enum import Enum
from pathlib import Path

from xbrl_gen.errors import InputError
from xbrl_gen.sources.structured import FORMAT_TAG
from xbrl_gen.taxonomy import NS
from xbrl_gen.xmlsafe import check_package, parse_bytes

XHTML = "http://www.w3.org/1999/xhtml"
IX = "http://www.xbrl.org/2013/inlineXBRL"
IX_NAMESPACES = (IX, "http://www.xbrl.org/2008/inlineXBRL")  # Inline XBRL 1.1 and 1.0
ZIP_MAGIC = b"PK\x03\x04"
PACKAGE_MANIFESTS = ("META-INF/reportPackage.json", "META-INF/taxonomyPackage.xml")
OIM_DOCUMENT_TYPES = {
    "https://xbrl.org/2021/xbrl-json": "json",
    "https://xbrl.org/2021/xbrl-csv": "csv",
}
EXPECTED = "an XBRL instance, an Inline XBRL report (XHTML), a report package (zip), xBRL-JSON, or the metadata file of xBRL-CSV"


class Format(Enum):
    """A report format: what ``convert`` reads and (with ``package`` and ``facts``) writes."""

    XBRL = "xbrl"
    IXBRL = "ixbrl"
    JSON = "json"
    CSV = "csv"
    PACKAGE = "package"
    FACTS = "facts"


# What each output is named: Arelle reads a report back by its suffix, so the file written is
# always the one named by -o and the one validated.
OUTPUT_SUFFIXES = {
    Format.XBRL: (".xbrl", ".xml"),
    Format.IXBRL: (".xhtml", ".html", ".htm"),
    Format.JSON: (".json",),
    Format.CSV: (".csv",),
    Format.PACKAGE: (".xbri", ".xbr", ".zip"),
    Format.FACTS: (".csv",),
}


def check_output(target: Format, out: Path) -> None:
    """Refuse an output name Arelle would not read back as ``target``."""
    wanted = OUTPUT_SUFFIXES[target]
    if out.suffix.lower() not in wanted:
        raise InputError(f"--to {target.value} writes a {' or '.join(wanted)} file; name the output so", str(out))


def detect(path: Path) -> Format:
    """The format of ``path``; ``InputError`` naming the file when it is none of ours to read."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", str(path)) from None
    if data.startswith(ZIP_MAGIC):  # a report package: its XML is checked like any other before Arelle reads it
        check_package(path)
        return _package_format(path)
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if FORMAT_TAG.encode() in data[:4096] or path.suffix.lower() in (".yaml", ".yml"):
        raise InputError(
            f"a statements file is built, not validated or converted: xbrl-gen build {path} -o OUT", str(path)
        )
    if start == b"{":
        return _oim_format(data, path)
    if path.suffix.lower() == ".csv":
        raise InputError("an xBRL-CSV report is read through its metadata file (.json), not a table", str(path))
    if start != b"<":
        raise InputError(f"not XBRL: expected {EXPECTED}; this is neither XML nor JSON", str(path))
    root = parse_bytes(data, str(path)).getroot()  # malformed XML, DTDs: xmlsafe's one-line errors
    if root.tag == f"{{{NS['xbrli']}}}xbrl":
        return Format.XBRL
    if root.tag == f"{{{XHTML}}}html" and any(root.find(f".//{{{ix}}}header") is not None for ix in IX_NAMESPACES):
        return Format.IXBRL
    if root.tag in (f"{{{XHTML}}}html", "html"):
        raise InputError(
            f"not XBRL: an HTML page with no Inline XBRL in it (no ix:header); expected {EXPECTED}", str(path)
        )
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


def _package_format(path: Path) -> Format:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as err:
        raise InputError(f"not a readable zip: {err}", str(path)) from None
    if not any(n.count("/") == 2 and n.endswith(PACKAGE_MANIFESTS) for n in names):
        raise InputError(
            "a zip, but not a report package: no META-INF/reportPackage.json or META-INF/taxonomyPackage.xml "
            "in a single top-level folder",
            str(path),
        )
    return Format.PACKAGE


def is_taxonomy_package(path: Path) -> bool:
    """A zip with ``META-INF/taxonomyPackage.xml`` (an ESEF-style report package): its catalog maps
    the URLs of the extension taxonomy it holds, for whoever reads a report referring to them."""
    with zipfile.ZipFile(path) as archive:
        return any(n.count("/") == 2 and n.endswith(PACKAGE_MANIFESTS[1]) for n in archive.namelist())


def detect_all(paths: list[Path]) -> Format:
    """The format of one report, or of an inline document set given as several files."""
    formats = [detect(p) for p in paths]
    if len(paths) > 1 and set(formats) != {Format.IXBRL}:
        odd = next(p for p, f in zip(paths, formats) if f is not Format.IXBRL)
        raise InputError("several files are read as one inline document set: each must be Inline XBRL", str(odd))
    return formats[0]
