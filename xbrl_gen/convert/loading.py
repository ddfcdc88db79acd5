"""One Arelle session around a conversion: the source loaded (offline, from the taxonomy
packages given), checked to be usable, and kept open while the writers read it.

Arelle reads every input kind itself: an instance, an Inline XBRL 1.0/1.1 document or a document
set of several (``inlineXbrlDocumentSet``), a report package or an ESEF-style zip, xBRL-JSON/CSV.
When part of the taxonomy cannot be resolved offline the report is loaded again with Arelle's
``skipDTS`` (facts, contexts and units as written, no concepts), so the fact-level targets can
still be written; ``Loaded.missing`` names what was missing.
"""

from __future__ import annotations

import json
import logging
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arelle.api.Session import Session
from arelle.ModelDocument import Type
from arelle.UrlUtil import isHttpUrl

from xbrl_gen.errors import InputError
from xbrl_gen.model import Issue, Severity
from xbrl_gen.taxonomy import NS
from xbrl_gen.validate import IssueCollector, arelle_options

if TYPE_CHECKING:
    from arelle.ModelXbrl import ModelXbrl

PLUGINS = "inlineXbrlDocumentSet|saveLoadableOIM"  # extraction of the target instance; OIM writer
XLINK_HREF = f"{{{NS['xlink']}}}href"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DTS_REFERENCES = {f"{{{NS['link']}}}{kind}": kind for kind in ("schemaRef", "linkbaseRef")}
_UNRESOLVED = ("IOerror", "oime:invalidTaxonomy")  # a taxonomy file Arelle could not find offline
_WITHOUT_DTS = ("xbrl:schemaImportMissing", ":missingReferences")  # facts without concepts: what skipDTS means
REPORT_TYPES = (Type.INSTANCE, Type.INLINEXBRL, Type.INLINEXBRLDOCUMENTSET)


@dataclass(frozen=True)
class Reference:
    """A ``link:schemaRef`` or ``link:linkbaseRef`` of the report, as the report writes it."""

    kind: str
    href: str


@dataclass(frozen=True)
class Loaded:
    model: ModelXbrl
    missing: tuple[str, ...] = ()  # taxonomy files not resolved offline: facts read without the DTS


@contextmanager
def loaded(sources: list[Path], packages: list[Path], *, need_taxonomy: bool) -> Iterator[Loaded]:
    """The report in ``sources`` (one file, or the documents of one inline document set) as
    Arelle's model; ``InputError`` when Arelle cannot load it, or when its taxonomy cannot be
    resolved offline and ``need_taxonomy``."""
    entry = _entry(sources)
    with _session(entry, packages) as (models, issues):
        missing = _unresolved(issues)
        if not missing:
            _check(sources[0], models, issues)
            yield Loaded(models[0])
            return
    if need_taxonomy:
        check_taxonomy_resolved(sources[0], issues)
    with _session(entry, packages, skipDTS=True) as (models, issues):
        _check(sources[0], models, [i for i in issues if not i.code.endswith(_WITHOUT_DTS)], concepts=False)
        yield Loaded(models[0], missing)


def _entry(sources: list[Path]) -> str:
    """Arelle's entry point: a file (or a zip), or a JSON list naming an inline document set."""
    if len(sources) == 1:
        return str(sources[0])
    return json.dumps([{"ixds": [{"file": str(p.resolve())} for p in sources]}])


@contextmanager
def _session(entry: str, packages: list[Path], **more: Any) -> Iterator[tuple[list[ModelXbrl], list[Issue]]]:
    collector = IssueCollector()
    try:
        with Session() as session:
            session.run(arelle_options(entry, packages, keepOpen=True, plugins=PLUGINS, **more), logHandler=collector)
            yield session.get_models(), collector.issues
    finally:
        logging.getLogger("arelle").removeHandler(collector)


def _unresolved(issues: list[Issue]) -> tuple[str, ...]:
    """The taxonomy files Arelle could not find (its IOerror ends with the file), in order."""
    found = [
        i.message.rpartition("file: ")[2]
        for i in issues
        if i.severity is Severity.ERROR and i.code.startswith(_UNRESOLVED)
    ]
    return tuple(dict.fromkeys(found))


def check_taxonomy_resolved(source: Path, issues: list[Issue]) -> None:
    """One line instead of Arelle's errors when a taxonomy file could not be found offline: an
    extension schema not beside the report, a URL no package maps (the errors that follow, such
    as every fact's concept undefined, are its consequence)."""
    missing = _unresolved(issues)
    if missing:
        raise InputError(
            f"its taxonomy cannot be resolved offline: {missing[0]}; keep the extension taxonomy beside the report, "
            "or give its taxonomy package with --taxonomy-package",
            str(source),
        )


def _check(source: Path, models: list[ModelXbrl], issues: list[Issue], *, concepts: bool = True) -> None:
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        raise InputError(f"Arelle cannot load it: {errors[0].message} [{errors[0].code}]", str(source))
    if not models or models[0].modelDocument is None:
        raise InputError("Arelle cannot load it as a report", str(source))
    if len(models) > 1:
        raise InputError(f"it holds {len(models)} reports; convert a package holding one", str(source))
    missing = sorted({str(f.qname) for f in models[0].factsInInstance if f.concept is None}) if concepts else []
    if missing:
        raise InputError(f"concepts not in its taxonomy: {', '.join(missing[:5])}", str(source))


def language(model: ModelXbrl) -> str:
    """The report's ``xml:lang``, for labels; English when it states none."""
    return str(model.modelDocument.xmlRootElement.get(XML_LANG) or "en")


def references(model: ModelXbrl) -> list[Reference]:
    """The report's schema and linkbase references as it writes them: a URL stays a URL, a local
    file is copied beside the output (``local_files``), so the output stands alone."""
    found = {
        Reference(kind, element.get(XLINK_HREF))
        for element in _reference_elements(model)
        if (kind := DTS_REFERENCES.get(element.tag))
    }
    return sorted(found, key=lambda r: (r.kind != "schemaRef", r.href))


def _reference_elements(model: ModelXbrl) -> Iterator[Any]:
    for document in _report_documents(model):
        yield from document.xmlRootElement.iter(*DTS_REFERENCES)


def _report_documents(model: ModelXbrl) -> list[Any]:
    top = model.modelDocument
    if top.type == Type.INLINEXBRLDOCUMENTSET:
        return [d for d in top.referencesDocument if d.type == Type.INLINEXBRL]
    return [top]


def report_folder(model: ModelXbrl) -> str:
    """The folder of the report's (first) document: a path, or a path inside a zip."""
    return posixpath.dirname(str(_report_documents(model)[0].uri).replace("\\", "/"))


def local_files(model: ModelXbrl, source: Path) -> dict[str, bytes]:
    """Every DTS document that is not at a URL (the extension taxonomy: a file, or an entry of a
    report package), by its path relative to the report's folder, with its bytes."""
    folder = report_folder(model)
    reports = {d.uri for d in _report_documents(model)} | {model.modelDocument.uri}
    files = {}
    for uri, document in sorted(model.urlDocs.items()):
        if isHttpUrl(uri) or uri in reports or document.type in REPORT_TYPES:
            continue
        relative = posixpath.relpath(uri.replace("\\", "/"), folder)
        if relative.startswith("../"):
            raise InputError(
                f"taxonomy file {uri} lies outside the report's folder; the output could not stand alone", str(source)
            )
        (handle,) = model.fileSource.file(uri, binary=True)
        with handle:
            files[relative] = handle.read()
    return files


def report_namespaces(model: ModelXbrl) -> dict[str, str]:
    """Prefix -> namespace as the report's documents declare them (the first declaration wins)."""
    found: dict[str, str] = {}
    for document in _report_documents(model):
        for element in document.xmlRootElement.iter():
            for prefix, uri in (element.nsmap or {}).items():
                if prefix:
                    found.setdefault(prefix, uri)
    return dict(sorted(found.items()))
