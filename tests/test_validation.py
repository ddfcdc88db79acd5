"""Validation leaves the taxonomy package's documents unchecked, and nothing else."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from xbrl_gen.validate import PACKAGED_DOCUMENTS_PLUGIN, arelle_options, validate

pytestmark = pytest.mark.arelle


def test_only_documents_of_the_package_skip_their_checks(built: dict[str, object], packages: list[Path]) -> None:
    from arelle.api.Session import Session

    instance = built["iij-2020-q1"].instance  # type: ignore[attr-defined]
    options = arelle_options(instance, packages, validate=True, keepOpen=True, plugins=str(PACKAGED_DOCUMENTS_PLUGIN))
    with Session() as session:
        session.run(options, logFileName="logToBuffer")
        (model,) = session.get_models()
        skipped = {doc.uri for doc in model.urlDocs.values() if doc.skipDTS}
        ours = {doc.uri for doc in model.urlDocs.values() if Path(doc.filepath).parent == instance.parent}
    ifrs = "https://xbrl.ifrs.org/taxonomy/2022-03-24/full_ifrs/"
    assert {ifrs + "full_ifrs-cor_2022-03-24.xsd", ifrs + "labels/lab_full_ifrs-en_2022-03-24.xml"} <= skipped
    assert all(uri.startswith(("https://xbrl.ifrs.org/", "https://www.xbrl.org/dtr/")) for uri in skipped)
    assert {Path(uri).suffix for uri in ours} == {".xbrl", ".xsd", ".xml"}
    assert not ours & skipped


def test_errors_in_our_schema_and_linkbases_are_still_found(
    built: dict[str, object], packages: list[Path], tmp_path: Path
) -> None:
    built_instance = built["iij-2020-q1"].instance  # type: ignore[attr-defined]
    out = Path(shutil.copytree(built_instance.parent, tmp_path / "out"))
    schema, presentation = out / f"{built_instance.stem}.xsd", out / f"{built_instance.stem}_pre.xml"
    schema.write_text(re.sub(' xbrli:periodType="duration"', "", schema.read_text(), count=1))
    presentation.write_text(presentation.read_text().replace('order="1"', 'order="1" priority="high"', 1))
    report = validate(out / built_instance.name, packages)
    assert {i.code for i in report.errors} == {"xbrl.5.1.1.1:itemPeriodType", "xmlSchema:valueError"}
