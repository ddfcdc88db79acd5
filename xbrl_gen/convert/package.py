"""XBRL Report Packages 1.0: the report and its extension taxonomy in one zip.

Layout: a single top-level folder named after the package, ``META-INF/reportPackage.json``
stating the document type, and ``reports/`` holding the report (an inline document set in a folder
of its own, ``reports/NAME/``, as the specification wants) with the local files of its DTS
(our ``.xsd`` and linkbases) at the same relative places, so its references resolve unchanged;
one outside the report's folder is an error.
The base taxonomy (IFRS) stays out: Arelle resolves it from the taxonomy package, like any
consumer with a taxonomy package does. The file extension decides the document type, as the
specification requires: ``.xbri`` Inline XBRL, ``.xbr`` XBRL or OIM, ``.zip`` either.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from xbrl_gen.convert.formats import Format
from xbrl_gen.convert.loading import local_files
from xbrl_gen.errors import XbrlGenError

if TYPE_CHECKING:
    from arelle.ModelXbrl import ModelXbrl

DOCUMENT_TYPES = {
    ".xbri": "https://xbrl.org/report-package/2023/xbri",
    ".xbr": "https://xbrl.org/report-package/2023/xbr",
    ".zip": "https://xbrl.org/report-package/2023",
}
REPORT_SUFFIX = {Format.XBRL: ".xbrl"}  # Arelle finds reports in reports/ by extension: .xbrl, not .xml
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed entry times: the same report gives the same bytes


def package_bytes(model: ModelXbrl, sources: list[Path], fmt: Format, out: Path) -> bytes:
    document_type = DOCUMENT_TYPES.get(out.suffix.lower())
    if document_type is None:
        raise XbrlGenError("a report package is named .xbri (Inline XBRL), .xbr (XBRL, OIM) or .zip", str(out))
    if (out.suffix.lower() == ".xbri") != (fmt is Format.IXBRL) and out.suffix.lower() != ".zip":
        wanted = ".xbri" if fmt is Format.IXBRL else ".xbr"
        raise XbrlGenError(f"{fmt.value} reports belong in {wanted} (or .zip) packages", str(out))
    top = PurePosixPath(out.stem)
    entries = {top / "META-INF" / "reportPackage.json": package_json(document_type)}
    reports = top / "reports" / (out.stem if len(sources) > 1 else "")  # a document set is one folder, one report
    for name, content in {**local_files(model, sources[0]), **_report_files(sources, fmt)}.items():
        entries[reports / name] = content
    return _zipped(entries)


def package_json(document_type: str) -> bytes:
    """``META-INF/reportPackage.json`` of a package of that document type."""
    return (json.dumps({"documentInfo": {"documentType": document_type}}, indent=2) + "\n").encode()


def _report_files(sources: list[Path], fmt: Format) -> dict[str, bytes]:
    """Name under reports/ -> bytes of the report's own files: its documents (with the tables
    of xBRL-CSV)."""
    files = {s.stem + REPORT_SUFFIX.get(fmt, s.suffix): s.read_bytes() for s in sources}
    if fmt is Format.CSV:
        tables = json.loads(sources[0].read_text(encoding="utf-8-sig")).get("tables", {})
        files.update({t["url"]: (sources[0].parent / t["url"]).read_bytes() for t in tables.values()})
    return files


def _zipped(entries: dict[PurePosixPath, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(str(name), ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return buffer.getvalue()
