"""XBRL 2.1 instances and XBRL OIM (xBRL-JSON, xBRL-CSV) written by Arelle's own machinery:
the ``inlineXbrlDocumentSet`` plugin's target-instance extraction, Arelle's OIM loader's
document, and the ``saveLoadableOIM`` plugin. The taxonomy references are the report's own, as it
writes them (its local taxonomy files are copied beside the output)."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arelle.ModelDocument import Type
from arelle.PluginManager import pluginClassMethods

from xbrl_gen.convert.formats import Format
from xbrl_gen.convert.loading import XML_LANG, references
from xbrl_gen.errors import XbrlGenError

INLINE_TYPES = (Type.INLINEXBRL, Type.INLINEXBRLDOCUMENTSET)

if TYPE_CHECKING:
    from arelle.ModelXbrl import ModelXbrl


def instance_text(model: ModelXbrl, source: Format, out: Path) -> str:
    """The XBRL 2.1 instance of a report read from Inline XBRL (a report package's included),
    xBRL-JSON or xBRL-CSV."""
    if source is Format.PACKAGE:
        source = Format.IXBRL if model.modelDocument.type in INLINE_TYPES else Format.XBRL
    if source is Format.IXBRL:
        (create,) = pluginClassMethods("InlineDocumentSet.CreateTargetInstance")
        schemas = [r.href for r in references(model) if r.kind == "schemaRef"]
        root = model.modelDocument.xmlRootElement
        language = root.get(XML_LANG) or root.get("lang")  # as the plugin's own --saveInstance takes it
        target = create(model, str(out.resolve()), schemas, None, language, xbrliNamespacePrefix="xbrli")
        try:
            return _saved(target)
        finally:
            target.close()
    if source in (Format.JSON, Format.CSV):
        return _saved(model)
    raise XbrlGenError("the package holds an XBRL instance already; nothing to convert", str(out))


def _saved(model: ModelXbrl) -> str:
    text = io.StringIO()
    model.modelDocument.save(outputFile=text, updateFileHistory=False)
    return text.getvalue()


def oim_files(model: ModelXbrl, target: Format, out: Path) -> dict[str, str]:
    """File name -> content: ``out`` for xBRL-JSON; ``<stem>-metadata.json`` (the report's entry
    point) and ``<stem>-facts.csv`` for xBRL-CSV."""
    (save,) = pluginClassMethods("SaveLoadableOim.Save")
    # Arelle picks the format by the suffix (and appends .json to any other): save under a name
    # it takes as is, and give the user's name back to xBRL-JSON's one file.
    name = f"{out.stem}.json" if target is Format.JSON else f"{out.stem}.csv"
    with tempfile.TemporaryDirectory(prefix=".xbrl-gen-") as staging:
        save(model, str(Path(staging) / name))
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(staging).iterdir())}
    if not files:
        raise XbrlGenError(f"Arelle wrote no {target.value} output", str(out))
    taxonomy = [r.href for r in references(model)]
    for file_name, text in files.items():
        if file_name.endswith(".json"):
            files[file_name] = _with_taxonomy(json.loads(text), taxonomy)
    return {out.name: files[name]} if target is Format.JSON else files


def _with_taxonomy(document: dict[str, Any], taxonomy: list[str]) -> str:
    document["documentInfo"]["taxonomy"] = taxonomy
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
