"""XBRL 2.1 instances and XBRL OIM (xBRL-JSON, xBRL-CSV) written by Arelle's own machinery:
the ``inlineXbrlDocumentSet`` plugin's target-instance extraction, Arelle's OIM loader's
document, and the ``saveLoadableOIM`` plugin. Only the taxonomy references are rewritten, relative
to where the output goes."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arelle.PluginManager import pluginClassMethods

from xbrl_gen.convert.formats import Format
from xbrl_gen.convert.loading import XML_LANG, rebase_references, references
from xbrl_gen.errors import XbrlGenError

if TYPE_CHECKING:
    from arelle.ModelXbrl import ModelXbrl


def instance_text(model: ModelXbrl, source: Format, out: Path) -> str:
    """The XBRL 2.1 instance of a report read from Inline XBRL, xBRL-JSON or xBRL-CSV."""
    if source is Format.IXBRL:
        (create,) = pluginClassMethods("InlineDocumentSet.CreateTargetInstance")
        schemas = [r.href for r in references(model, out) if r.kind == "schemaRef"]
        root = model.modelDocument.xmlRootElement
        language = root.get(XML_LANG) or root.get("lang")  # as the plugin's own --saveInstance takes it
        target = create(model, str(out.resolve()), schemas, None, language, xbrliNamespacePrefix="xbrli")
        try:
            return _saved(target)
        finally:
            target.close()
    if source in (Format.JSON, Format.CSV):
        rebase_references(model, out)
        return _saved(model)
    raise XbrlGenError(f"cannot make an XBRL instance from {source.value}")


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
    taxonomy = [r.href for r in references(model, out)]
    for file_name, text in files.items():
        if file_name.endswith(".json"):
            files[file_name] = _with_taxonomy(json.loads(text), taxonomy)
    return {out.name: files[name]} if target is Format.JSON else files


def _with_taxonomy(document: dict[str, Any], taxonomy: list[str]) -> str:
    document["documentInfo"]["taxonomy"] = taxonomy
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
