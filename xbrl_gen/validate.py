"""Arelle, in-process and offline, as the judge of what we write.

A thin wrapper over ``arelle.api.Session``: Arelle's camelCase and log records stay in here and
come out as our own ``Issue`` records.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arelle.api.Session import Session
from arelle.RuntimeOptions import RuntimeOptions

from xbrl_gen.esef import Profile
from xbrl_gen.model import Issue, Severity

_CALC_CODES = ("calc11e:", "xbrl.5.2.5.2", "calc")
_NOISE = {
    "info",
    "",
    "arelle:nonAuthoritative",
    "tpe:packageRewriteOverlap",
}  # the last: two packages carry the same DTR schemas
PACKAGED_DOCUMENTS_PLUGIN = Path(__file__).with_name("arelle_packaged.py")
_PLUGIN_FAILURES = {"viewer:error", "viewer:exception"}  # the ixbrl-viewer plugin logs its failures at INFO


@dataclass
class ValidationReport:
    entry: Path
    issues: list[Issue] = field(default_factory=list)
    fact_count: int = 0

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def calculation_inconsistencies(self) -> list[Issue]:
        return [i for i in self.issues if i.code.startswith(_CALC_CODES) and i.severity is not Severity.INFO]

    def summary(self) -> str:
        return (
            f"{self.entry.name}: {self.fact_count} facts, {len(self.errors)} errors, "
            f"{len(self.warnings)} warnings, {len(self.calculation_inconsistencies)} calculation inconsistencies"
        )


class IssueCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.issues: list[Issue] = []

    def emit(self, record: logging.LogRecord) -> None:
        code = str(getattr(record, "messageCode", "") or "")
        failure = code in _PLUGIN_FAILURES
        if (record.levelno < logging.WARNING and not failure) or code in _NOISE:
            return
        # Arelle's own levels sit between ours: INCONSISTENCY is WARNING+3, ERROR-SEMANTIC ERROR-2.
        severity = Severity.ERROR if failure or record.levelno >= logging.ERROR - 2 else Severity.WARNING
        refs = getattr(record, "refs", None) or []
        where = str(refs[0].get("href", "")) if refs and isinstance(refs[0], dict) else ""
        self.issues.append(Issue(severity, code, " ".join(record.getMessage().split()), where))


def validate(entry: Path, packages: list[Path], *, inline: bool = False) -> ValidationReport:
    """XBRL 2.1, XDT, calculation 1.1 (round to nearest) and, for .xhtml, Inline XBRL 1.1 rules."""
    return _validate(entry, packages, ["inlineXbrlDocumentSet"] if inline else [])


def validate_esef(entry: Path, packages: list[Path], profile: Profile) -> ValidationReport:
    """The same plus Arelle's ESEF validation (plugin ``validate/ESEF``) of a report package or
    report, under the profile's disclosure system, with the ``eps_threshold`` ESMA's EPS
    assertions take."""
    esef = {"disclosureSystemName": profile.name, "parameters": "eps_threshold=0.01"}
    return _validate(entry, packages, ["validate/ESEF"], **esef)


def _validate(entry: Path, packages: list[Path], plugins: list[str], **more: Any) -> ValidationReport:
    options = arelle_options(
        entry,
        packages,
        validate=True,
        calcs="c11r",
        keepOpen=True,
        plugins="|".join([*plugins, str(PACKAGED_DOCUMENTS_PLUGIN)]),
        **more,
    )
    report = ValidationReport(entry)
    report.issues, report.fact_count = _run(options)
    return report


def save_viewer(entry: Path, page: Path, packages: list[Path]) -> list[Issue]:
    """Arelle's ixbrl-viewer plugin (pip ``ixbrl-viewer``): writes ``page``, the report with the
    viewer's data embedded, and copies the script bundled in that package beside it."""
    viewer_options: dict[str, str | bool | None] = {
        "saveViewerDest": str(page),
        "viewerURL": None,  # the plugin's own viewer/dist/ixbrlviewer.js, not a CDN
        "viewerNoCopyScript": False,
        "useStubViewer": False,
        "validationMessages": False,
        "zipViewerOutput": False,
        "packageDownloadURL": None,
    }
    issues, _ = _run(arelle_options(entry, packages, plugins="ixbrl-viewer", pluginOptions=viewer_options))
    return issues


def arelle_options(entry: Path | str, packages: list[Path], **more: Any) -> RuntimeOptions:
    """Offline, no user configuration, INFO messages to our own handler only. ``entry``: a file,
    or Arelle's JSON naming the documents of an inline document set."""
    return RuntimeOptions(
        entrypointFile=str(entry),
        packages=[str(p) for p in packages],
        internetConnectivity="offline",
        disablePersistentConfig=True,
        logLevel="INFO",
        logPropagate=False,
        **more,
    )


def _run(options: RuntimeOptions) -> tuple[list[Issue], int]:
    """One Arelle run: its messages as issues, and the facts loaded (when ``keepOpen``)."""
    collector = IssueCollector()
    try:
        with Session() as session:
            session.run(options, logHandler=collector)
            fact_count = sum(len(m.factsInInstance) for m in session.get_models())
    finally:
        logging.getLogger("arelle").removeHandler(collector)  # Arelle's logger is process-wide
    return collector.issues, fact_count
