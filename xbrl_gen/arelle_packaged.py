"""An Arelle plugin module (``validate`` passes its path): documents read from a taxonomy
package count as validated.

Arelle checks every document of the DTS on every run. For a small filing most of that time went
to the IFRS core schema (5,000 element declarations) and its English label linkbase, the IFRS
Foundation's published files, the same on every run. Marking them ``skipDTS`` when validation
starts leaves out only their own document checks: the instance, the Inline XBRL report, our
schema and linkbases, and every fact, context and relationship are checked in full.
"""

from __future__ import annotations

from typing import Any

from arelle import PackageManager


def _packaged_documents_checked(val: Any, *args: Any, **kwargs: Any) -> None:
    for document in val.modelXbrl.urlDocs.values():
        if PackageManager.isMappedUrl(document.uri):
            document.skipDTS = True


__pluginInfo__ = {
    "name": "xbrl-gen packaged documents",
    "version": "1.0",
    "description": "Documents resolved from taxonomy packages are not re-validated.",
    "license": "Apache-2.0",
    "Validate.XBRL.Start": _packaged_documents_checked,
}
