"""One Arelle session around a conversion: the source loaded (offline, from the taxonomy
packages given), checked to be usable, and kept open while the writers read it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arelle.api.Session import Session
from arelle.UrlUtil import relativeUri

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


@dataclass(frozen=True)
class Reference:
    """A ``link:schemaRef`` or ``link:linkbaseRef`` of the report, as written at its new place."""

    kind: str
    href: str


@contextmanager
def loaded(source: Path, packages: list[Path]) -> Iterator[ModelXbrl]:
    """The report in ``source`` as Arelle's model; ``InputError`` when Arelle cannot load it or
    its taxonomy cannot be resolved offline."""
    collector = IssueCollector()
    try:
        with Session() as session:
            session.run(arelle_options(source, packages, keepOpen=True, plugins=PLUGINS), logHandler=collector)
            models = session.get_models()
            _check(source, models, collector.issues)
            yield models[0]
    finally:
        logging.getLogger("arelle").removeHandler(collector)


def check_taxonomy_resolved(source: Path, issues: list[Issue]) -> None:
    """One line instead of Arelle's errors when a taxonomy file could not be found offline: an
    extension schema not beside the report, a URL no package maps (the errors that follow, such
    as every fact's concept undefined, are its consequence)."""
    unresolved = [i for i in issues if i.severity is Severity.ERROR and i.code.startswith(_UNRESOLVED)]
    if unresolved:
        what = unresolved[0].message.rpartition("file: ")[2]  # Arelle's IOerror ends with the file
        raise InputError(
            f"its taxonomy cannot be resolved offline: {what}; keep the extension taxonomy beside the report, "
            "or give its taxonomy package with --taxonomy-package",
            str(source),
        )


def _check(source: Path, models: list[ModelXbrl], issues: list[Issue]) -> None:
    check_taxonomy_resolved(source, issues)
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        raise InputError(f"Arelle cannot load it: {errors[0].message} [{errors[0].code}]", str(source))
    if not models or models[0].modelDocument is None:
        raise InputError("Arelle cannot load it as a report", str(source))
    missing = sorted({str(f.qname) for f in models[0].factsInInstance if f.concept is None})
    if missing:
        raise InputError(f"concepts not in its taxonomy: {', '.join(missing[:5])}", str(source))


def language(model: ModelXbrl) -> str:
    """The report's ``xml:lang``, for labels; English when it states none."""
    return str(model.modelDocument.xmlRootElement.get(XML_LANG) or "en")


def references(model: ModelXbrl, out: Path) -> list[Reference]:
    """The report's schema and linkbase references, relative to ``out`` when local, so that a
    report written to another folder still finds its extension taxonomy."""
    return sorted((r for _, r in _referring(model, out)), key=lambda r: (r.kind != "schemaRef", r.href))


def rebase_references(model: ModelXbrl, out: Path) -> None:
    """Point the loaded report's own reference elements at its taxonomy as seen from ``out``."""
    for element, reference in _referring(model, out):
        element.set(XLINK_HREF, reference.href)


def _referring(model: ModelXbrl, out: Path) -> Iterator[tuple[Any, Reference]]:
    for document, reference in model.modelDocument.referencesDocument.items():
        element = reference.referringModelObject
        kind = DTS_REFERENCES.get(element.tag)
        if kind:
            yield element, Reference(kind, relativeUri(str(out.resolve()), document.uri))
