"""An Arelle plugin module (``validate`` passes its path): documents checked elsewhere count as
validated.

Arelle checks every document of the DTS on every run. For a small filing most of that time went
to the IFRS core schema (5,000 element declarations) and its English label linkbase, the IFRS
Foundation's published files, the same on every run. For a large one, most of it goes to our own
schema and linkbases, which ``validate.validate_filing`` can have checked in a second process
while this one checks the report. Marking such documents ``skipDTS`` when validation starts leaves
out only their own document checks: the instance, the Inline XBRL report, every fact, context and
relationship are checked in full. When validation starts, the DTS is complete, so the concepts'
answers to "is it of type T?" can be shared from then on (``arelle_speedups.share_type_answers``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from arelle import PackageManager

from xbrl_gen import arelle_speedups

CHECKED_SCHEMA_OPTION = "xbrlGenCheckedSchema"  # a schema whose DTS another run validates, if any


def _remember_checked_schema(cntlr: Any, options: Any, model: Any, *args: Any, **kwargs: Any) -> None:
    model.xbrlGenCheckedSchema = getattr(options, CHECKED_SCHEMA_OPTION, None)


def _validation_starts(val: Any, *args: Any, **kwargs: Any) -> None:
    _skip_checked_elsewhere(val.modelXbrl)
    arelle_speedups.share_type_answers(val.modelXbrl)  # the DTS is complete


def _skip_checked_elsewhere(model: Any) -> None:
    checked_schema = getattr(model, "xbrlGenCheckedSchema", None)
    for document in model.urlDocs.values():
        if PackageManager.isMappedUrl(document.uri):
            document.skipDTS = True
    schema = (
        model.urlDocs.get(model.modelManager.cntlr.webCache.normalizeUrl(checked_schema)) if checked_schema else None
    )
    if schema is not None:
        for document in _discovered_from(schema):
            document.skipDTS = True


def _discovered_from(document: Any) -> Iterable[Any]:
    """The document and every document it references, directly or not: the DTS Arelle discovers
    and checks from it as an entry point."""
    seen = {document}
    pending = [document]
    while pending:
        for referenced in pending.pop().referencesDocument:
            if referenced not in seen:
                seen.add(referenced)
                pending.append(referenced)
    return seen


__pluginInfo__ = {
    "name": "xbrl-gen documents checked elsewhere",
    "version": "1.1",
    "description": "Documents resolved from taxonomy packages, and a DTS validated by another run, are not re-validated.",
    "license": "Apache-2.0",
    "CntlrCmdLine.Xbrl.Loaded": _remember_checked_schema,
    "Validate.XBRL.Start": _validation_starts,
}
