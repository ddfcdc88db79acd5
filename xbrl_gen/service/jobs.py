"""What a worker process does for one request, in the request's own folder: the same steps as
the command line (``build``, ``convert``, ``validate``), with results returned as bytes or JSON
and every path of the folder left out of the messages."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xbrl_gen.errors import InputError, ValidationFailed
from xbrl_gen.model import Severity
from xbrl_gen.validate import ValidationReport

STATEMENTS_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx", ".xlsm", ".csv", ".txt")
REPORT_SUFFIXES = (".xbrl", ".xml", ".xhtml", ".html", ".htm", ".json", ".zip", ".xbri", ".xbr")
VALIDATE_SUFFIXES = tuple(s for s in REPORT_SUFFIXES if s != ".json")  # Arelle validates OIM only through a plugin
MAX_MEMBERS = 10_000
MAX_UNPACKED = 500_000_000


@dataclass
class Answer:
    """A job's result: a file to send back, or a JSON body."""

    body: bytes | None = None
    media_type: str = "application/json"
    filename: str | None = None
    document: dict[str, Any] = field(default_factory=dict)


def filing(source: Path, work: Path, packages: list[Path], output: str, check: bool) -> Answer:
    """Statements (file, workbook or text report) -> a report package, or the facts as xBRL-JSON."""
    from xbrl_gen.build import build
    from xbrl_gen.convert.formats import Format
    from xbrl_gen.convert.pipeline import convert

    issues: list[str] = []
    if source.suffix.lower() == ".txt":
        source, issues = _statements_of_report(source, work)
    result = build(source, work / "out", packages, check=check)
    messages = issues + [str(i) for i in result.issues] + _messages(result.reports)
    summaries = [r.summary() for r in result.reports]
    failed = [r for r in result.reports if r.errors or r.calculation_inconsistencies]
    if failed:
        raise ValidationFailed(
            f"Arelle reported errors or calculation inconsistencies: {'; '.join(r.summary() for r in failed)}"
        )
    name = result.instance.stem
    if output == "json":
        target = work / "json" / f"{name}.json"
        convert(result.instance, Format.JSON, target, packages)
        report = json.loads(target.read_text(encoding="utf-8"))
        return Answer(document={"name": name, "validation": summaries, "messages": messages, "report": report})
    target = work / "package" / f"{name}.xbri"
    convert(result.inline, Format.PACKAGE, target, packages)
    return Answer(target.read_bytes(), "application/zip", target.name, {"validation": summaries, "messages": messages})


def _statements_of_report(report: Path, work: Path) -> tuple[Path, list[str]]:
    """A text report read into a statements file first, as ``xbrl-gen convert-text`` does."""
    from xbrl_gen.sources.structured import dumps
    from xbrl_gen.sources.text_report import read_report

    read, issues = read_report(report)
    statements = work / "statements" / f"{report.stem}.yaml"
    statements.parent.mkdir()
    statements.write_text(dumps(read), encoding="utf-8")
    return statements, [str(i) for i in issues]


def validate_report(source: Path, work: Path, packages: list[Path]) -> Answer:
    """Arelle's verdict on an instance, Inline XBRL report or report package."""
    from xbrl_gen.validate import validate
    from xbrl_gen.xmlsafe import check_file

    if zipfile.is_zipfile(source):
        _check_package(source)
    else:
        check_file(source)  # hostile or broken XML stops here, before Arelle reads it
    found = validate(source, packages, inline=source.suffix.lower() in {".xhtml", ".html", ".htm", ".xbri", ".zip"})
    return Answer(
        document={
            "valid": not found.errors and not found.calculation_inconsistencies,
            "summary": found.summary(),
            "facts": found.fact_count,
            "messages": _messages([found]),
        }
    )


def convert_report(source: Path, work: Path, packages: list[Path], to: str) -> Answer:
    """Any report -> the format asked for; two files (xBRL-CSV) come back as one zip."""
    from xbrl_gen.convert.formats import Format
    from xbrl_gen.convert.pipeline import convert

    target = Format(to)
    source = _report_in(source, work)
    suffix = {
        Format.XBRL: ".xbrl",
        Format.IXBRL: ".xhtml",
        Format.JSON: ".json",
        Format.CSV: ".csv",
        Format.PACKAGE: ".xbri" if source.suffix.lower() in (".xhtml", ".html", ".htm") else ".xbr",
        Format.FACTS: ".csv",
    }[target]
    out = work / "converted" / f"{source.stem}{'-facts' if target is Format.FACTS else ''}{suffix}"
    result = convert(source, target, out, packages)
    if len(result.files) == 1:
        path = result.files[0]
        media = {
            ".json": "application/json",
            ".csv": "text/csv",
            ".xhtml": "application/xhtml+xml",
            ".xbrl": "application/xml",
        }
        return Answer(path.read_bytes(), media.get(path.suffix, "application/zip"), path.name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(result.files):
            archive.writestr(path.name, path.read_bytes())
    return Answer(buffer.getvalue(), "application/zip", f"{source.stem}-{to}.zip")


def _check_package(source: Path) -> None:
    """The service's own limits on a report package, then the XML guard on each of its documents,
    before Arelle opens it."""
    from xbrl_gen.xmlsafe import check_package

    with zipfile.ZipFile(source) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
            raise InputError(
                f"a report package of more than {MAX_MEMBERS} files or {MAX_UNPACKED:,} bytes unpacked", source.name
            )
    check_package(source)


def _report_in(source: Path, work: Path) -> Path:
    """The report itself: a report package (zip) is unpacked into the request's folder, with its
    extension taxonomy beside the report as the package holds it."""
    if not zipfile.is_zipfile(source):
        return source
    _check_package(source)
    folder = work / "unpacked"
    with zipfile.ZipFile(source) as archive:
        archive.extractall(folder)  # zipfile drops absolute paths and ".." from member names
    reports = sorted(
        p
        for p in folder.rglob("*")
        if p.parent.name == "reports" and p.suffix.lower() in (".xhtml", ".html", ".xbrl", ".json")
    )
    if len(reports) != 1:
        raise InputError(f"expected a report package with one report in reports/, found {len(reports)}", source.name)
    return reports[0]


def _messages(reports: list[ValidationReport]) -> list[str]:
    return [f"{r.entry.name}: {i}" for r in reports for i in r.issues if i.severity is not Severity.INFO]
