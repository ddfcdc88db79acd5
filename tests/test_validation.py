"""Validation leaves the taxonomy package's documents unchecked, and nothing else; the instance
built beside a report is held to the report's facts."""

from __future__ import annotations

import errno
import gc
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from xbrl_gen.build import taxonomy_apart
from xbrl_gen.render import taxonomy_files
from xbrl_gen.validate import (
    PACKAGED_DOCUMENTS_PLUGIN,
    TaxonomyApart,
    _validation_options,
    arelle_options,
    report_validated,
    taxonomy_validated,
    validate,
    validate_filing,
    worker,
)

pytestmark = pytest.mark.arelle


def test_only_documents_of_the_package_skip_their_checks_and_ifrs_labels_are_ours(
    built: dict[str, object], packages: list[Path]
) -> None:
    from arelle.api.Session import Session

    instance = built["iij-2020-q1"].instance  # type: ignore[attr-defined]
    options = arelle_options(instance, packages, validate=True, keepOpen=True, plugins=str(PACKAGED_DOCUMENTS_PLUGIN))
    with Session() as session:
        session.run(options, logFileName="logToBuffer")
        (model,) = session.get_models()
        loaded = set(model.urlDocs)
        skipped = {doc.uri for doc in model.urlDocs.values() if doc.skipDTS}
        ours = {doc.uri for doc in model.urlDocs.values() if Path(doc.filepath).parent == instance.parent}
        cash = next(c for q, c in model.qnameConcepts.items() if q.localName == "CashAndCashEquivalents")
        labels = {q.localName: c.label(lang="en") for q, c in model.qnameConcepts.items() if q.prefix == "ifrs-full"}
        period_start = cash.label("http://www.xbrl.org/2003/role/periodStartLabel", lang="en")
    ifrs = "https://xbrl.ifrs.org/taxonomy/2022-03-24/full_ifrs/"
    assert ifrs + "full_ifrs-cor_2022-03-24.xsd" in skipped
    # The IFRS label linkbase is not loaded: the labels of the IFRS concepts we use are our own
    # linkbase's, worded as the IFRS Foundation publishes them.
    assert not any(uri.startswith(ifrs + "labels/") for uri in loaded)
    assert labels["Revenue"] == "Revenue"
    assert labels["StatementOfFinancialPositionAbstract"] == "Statement of financial position [abstract]"
    assert labels["CashAndCashEquivalents"] == "Cash and cash equivalents"
    assert period_start == "Cash and cash equivalents at beginning of period"
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


def _broken(built: dict[str, object], tmp_path: Path, change: Callable[[str], str]) -> tuple[Path, Path]:
    """A copy of the example's filing whose instance ``change`` altered; the report untouched."""
    built_instance = built["iij-2020-q1"].instance  # type: ignore[attr-defined]
    out = Path(shutil.copytree(built_instance.parent, tmp_path / "out"))
    instance = out / built_instance.name
    changed = change(instance.read_text())
    assert changed != instance.read_text()
    instance.write_text(changed)
    return instance, instance.with_suffix(".xhtml")


FACT = re.compile(r'  <ifrs-full:Revenue contextRef="[^"]+" unitRef="[^"]+" decimals="-3">(\d+)</ifrs-full:Revenue>\n')


def _altered(text: str) -> str:
    found = FACT.search(text)
    assert found
    return text.replace(found[0], found[0].replace(found[1], str(int(found[1]) + 1000)), 1)


def _dropped(text: str) -> str:
    return FACT.sub("", text, count=1)


def _added(text: str) -> str:
    found = FACT.search(text)
    assert found
    return text.replace(found[0], found[0] + found[0].replace("ifrs-full:Revenue", "ifrs-full:OtherIncome"), 1)


def _schema_changed(text: str) -> str:
    return re.sub(r'(<link:schemaRef [^>]*xlink:href=")([^"]+)"', r'\1other.xsd"', text, count=1)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_altered, ["fact not in the report: {…}Revenue", "fact missing: {…}Revenue"]),
        (_dropped, ["fact missing: {…}Revenue"]),
        (_added, ["fact not in the report: {…}OtherIncome"]),
        (_schema_changed, ["references the schemas ['other.xsd']"]),
    ],
)
def test_an_instance_that_differs_from_the_report_is_an_error(
    built: dict[str, object],
    packages: list[Path],
    tmp_path: Path,
    change: Callable[[str], str],
    expected: list[str],
) -> None:
    instance, inline = _broken(built, tmp_path, change)
    instance_report, inline_report = validate_filing(instance, inline, packages)
    assert not inline_report.errors and inline_report.fact_count == 422
    messages = [re.sub(r"\{[^}]*\}", "{…}", i.message) for i in instance_report.errors]
    assert [m[: len(e)] for m, e in zip(messages, expected)] == expected, messages
    assert {i.code for i in instance_report.errors} == {"xbrl-gen:instanceDiffersFromReport"}
    assert instance_report.summary().startswith(f"{instance.name}: ")
    assert f" {len(expected)} errors," in instance_report.summary()


def test_an_instance_equal_to_the_report_counts_its_facts(built: dict[str, object], packages: list[Path]) -> None:
    result = built["iij-2020-q1"]
    instance_report, inline_report = validate_filing(result.instance, result.inline, packages)  # type: ignore[attr-defined]
    assert (
        instance_report.summary()
        == "iij-2020-06-30.xbrl: 422 facts, 0 errors, 0 warnings, 0 calculation inconsistencies"
    )
    assert (
        inline_report.summary()
        == "iij-2020-06-30.xhtml: 422 facts, 0 errors, 0 warnings, 0 calculation inconsistencies"
    )


# Breakages of each file of the example's filing: element by element (schema-invalid values),
# XLink structure, DTS-wide rules, concepts, and the report's own facts.
BREAKAGES = [
    ("_pre.xml", r'order="1"', 'order="first"'),
    ("_cal.xml", r'weight="1"', 'weight="one"'),
    ("_pre.xml", r'xlink:to="[^"]+"', 'xlink:to="nowhere"'),
    ("_lab.xml", r'xml:lang="en"', 'xml:lang="en english"'),
    ("_def.xml", r'xbrldt:closed="true"', 'xbrldt:closed="yes"'),
    ("_def.xml", r"arcrole/hypercube-dimension\b", "arcrole/hypercube-dimensions"),
    (".xsd", r' xbrli:periodType="duration"', ""),
    (".xsd", r"(  <xs:element [^\n]*\n)", r"\1\1"),
    (".xhtml", r"(<ix:nonFraction [^>]*>)[\d,]+(</ix:nonFraction>)", r"\g<1>12,345,678\g<2>"),
    (".xhtml", r"(<ix:nonFraction [^>]*>)[\d,]+(</ix:nonFraction>)", r"\g<1>n/a\g<2>"),
]


@pytest.mark.parametrize(("suffix", "pattern", "replacement"), BREAKAGES)
def test_the_taxonomy_validated_apart_finds_what_one_run_finds(
    built: dict[str, object], packages: list[Path], tmp_path: Path, suffix: str, pattern: str, replacement: str
) -> None:
    """The same findings (message and place) from one run, from the taxonomy validated apart,
    and from both runs started from the rendered files, before the files were written."""
    built_instance = built["iij-2020-q1"].instance  # type: ignore[attr-defined]
    out = Path(shutil.copytree(built_instance.parent, tmp_path / "out"))
    instance = out / built_instance.name
    broken = out / f"{instance.stem}{suffix}"
    text = broken.read_text()
    changed = re.sub(pattern, replacement, text, count=1)
    assert changed != text
    broken.write_text(changed)
    schema = instance.with_suffix(".xsd")

    def found(apart: TaxonomyApart | None = None) -> list[Counter[tuple[str, str, str, str]]]:
        reports = validate_filing(instance, instance.with_suffix(".xhtml"), packages, taxonomy_apart=apart)
        return [Counter((i.severity.value, i.code, i.message, i.where) for i in r.issues) for r in reports]

    one_run = found()
    assert any(i for i in one_run), "the breakage was not found at all"
    assert found(taxonomy_apart(schema)) == one_run
    rendered = {name: (out / name).read_text() for name in taxonomy_files(instance.stem).values()}
    inline = instance.with_suffix(".xhtml")
    apart, waited = taxonomy_apart(schema), []
    with (
        taxonomy_validated(rendered, schema, packages) as taxonomy_started,
        report_validated({**rendered, inline.name: inline.read_text()}, inline, apart, packages) as report_started,
    ):
        started = replace(
            apart,
            taxonomy_started=lambda: waited.append("taxonomy") or taxonomy_started(),
            report_started=lambda: waited.append("report") or report_started(),
        )
        assert found(started) == one_run
    assert sorted(waited) == ["report", "taxonomy"]


def test_the_report_run_skips_the_checks_of_the_taxonomy_validated_apart_and_its_unneeded_linkbases(
    built: dict[str, object], packages: list[Path]
) -> None:
    instance = built["iij-2020-q1"].instance  # type: ignore[attr-defined]
    apart = taxonomy_apart(instance.with_suffix(".xsd"))
    options = _validation_options(
        instance.with_suffix(".xhtml"),
        packages,
        ["inlineXbrlDocumentSet"],
        checked_schema=apart.schema,
        skipLoading=apart.skip_loading(),
    )
    with worker().run(options) as (_, models):
        ours = {
            Path(d.filepath).name: d.skipDTS
            for d in models[0].urlDocs.values()
            if Path(d.filepath).parent == instance.parent
        }
        calculations = len(
            models[0].relationshipSet("http://www.xbrl.org/2003/arcrole/summation-item").modelRelationships
        )
    assert ours == {
        instance.with_suffix(".xhtml").name: False,
        **{f"{instance.stem}{s}": True for s in (".xsd", "_cal.xml", "_def.xml")},
    }
    assert calculations > 50
    with worker().run(_validation_options(instance, packages, [])) as (_, models):  # the next run loads them again
        assert {f"{instance.stem}_lab.xml", f"{instance.stem}_pre.xml"} <= {
            Path(d.filepath).name for d in models[0].urlDocs.values()
        }


def test_the_collector_rests_during_an_arelle_run_only(built: dict[str, object], packages: list[Path]) -> None:
    instance = built["iij-2020-q1"].instance  # type: ignore[attr-defined]
    assert gc.isenabled()
    with worker().run(_validation_options(instance, packages, [])) as (issues, models):
        assert not gc.isenabled()
        assert models and not [i for i in issues if i.severity.value == "error"]
    assert gc.isenabled()


@pytest.mark.parametrize("dying", ["taxonomy", "report"])
def test_a_validation_process_that_dies_has_its_work_done_here(
    built: dict[str, object],
    packages: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog,  # type: ignore[no-untyped-def]
    dying: str,
) -> None:
    from xbrl_gen import same_facts
    from xbrl_gen import validate as module

    built_instance = built["iij-2020-q1"].instance  # type: ignore[attr-defined]
    instance = Path(shutil.copytree(built_instance.parent, tmp_path / "out")) / built_instance.name
    calculation = instance.with_name(f"{instance.stem}_cal.xml")
    calculation.write_text(
        calculation.read_text().replace('weight="1"', 'weight="one"', 1)
    )  # only the taxonomy's process checks it
    one_run = validate_filing(instance, instance.with_suffix(".xhtml"), packages)
    owner, name = (module, "validate") if dying == "taxonomy" else (same_facts, "report_facts")
    parent, working = os.getpid(), getattr(owner, name)

    def dies_apart(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            os._exit(1)
        return working(*args, **kwargs)

    monkeypatch.setattr(owner, name, dies_apart)
    reports = validate_filing(
        instance, instance.with_suffix(".xhtml"), packages, taxonomy_apart=taxonomy_apart(instance.with_suffix(".xsd"))
    )
    assert "xmlSchema:valueError" in {i.code for i in reports[1].errors}
    assert [Counter(r.issues) for r in reports] == [Counter(r.issues) for r in one_run]
    assert "a validation process ended abruptly" in caplog.text


def _collector_and_closing() -> tuple[bool, bool]:
    from xbrl_gen import validate as module

    return gc.isenabled(), module._closing_models


def test_a_validation_process_apart_neither_collects_nor_closes_and_this_one_still_does() -> None:
    from xbrl_gen.validate import _apart

    with _apart(_collector_and_closing) as state:
        assert state() == (False, False)
    assert _collector_and_closing() == (True, True)


class _Unpicklable(Exception):
    def __reduce__(self):  # type: ignore[no-untyped-def]
        raise TypeError("not to be pickled")


def _raising(error: Exception) -> None:
    raise error


@pytest.mark.parametrize("error", [ValueError("bad value"), _Unpicklable("bad state")])
def test_what_a_validation_process_apart_raises_is_raised_here(error: Exception) -> None:
    from xbrl_gen.validate import _apart

    with pytest.raises(type(error), match=str(error)), _apart(_raising, error) as result:
        result()


@pytest.mark.parametrize("failing", ["folder", "files"])
def test_rendered_files_that_cannot_be_copied_are_validated_where_written(
    built: dict[str, object],
    packages: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog,  # type: ignore[no-untyped-def]
    failing: str,
) -> None:
    """A temporary folder that cannot be made, or filled (a full file system): the run is done
    on the files the build wrote, with the same findings, and a warning says so."""
    instance = built["iij-2020-q1"].instance  # type: ignore[attr-defined]
    schema = instance.with_suffix(".xsd")
    rendered = {name: (schema.parent / name).read_text() for name in taxonomy_files(instance.stem).values()}
    if failing == "folder":
        not_a_folder = tmp_path / "file"
        not_a_folder.write_text("")
        monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    else:

        def full(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(Path, "write_text", full)
    with taxonomy_validated(rendered, schema, packages) as issues:
        found = issues()
    assert found == validate(schema, packages).issues
    assert "validating the written files, not a temporary copy" in caplog.text
