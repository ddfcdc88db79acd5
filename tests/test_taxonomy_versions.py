"""IFRS taxonomy versions: the core schema found in each package as published (the 2023 package
keeps the IFRS Foundation's manifest, whose entry points only import the core), the version
chosen by ``--ifrs-version`` among several packages, and a filing built on 2021 and 2023."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES, IFRS_PACKAGE, arelle_facts

from xbrl_gen.build import build
from xbrl_gen.cli import main
from xbrl_gen.errors import TaxonomyError
from xbrl_gen.taxonomy import load_ifrs

VERSIONS = {"2017": "2017-03-09", "2021": "2021-03-24", "2022": "2022-03-24", "2023": "2023-03-23"}


@pytest.fixture(scope="module")
def all_packages() -> list[Path]:
    found = [IFRS_PACKAGE.parent / f"IFRSAT-{date}.zip" for date in VERSIONS.values()]
    missing = [p.name for p in found if not p.is_file()]
    if missing:
        pytest.skip(f"IFRS taxonomy packages not found: {', '.join(missing)} (../shared/taxonomies)")
    return found


@pytest.mark.parametrize("version", VERSIONS)
def test_core_schema_of_each_version(all_packages: list[Path], version: str) -> None:
    """Among all four packages, the one of the version asked for; its namespace, core schema,
    English labels and data types as the package itself has them."""
    date = VERSIONS[version]
    taxonomy = load_ifrs(list(reversed(all_packages)), version)
    assert taxonomy.namespace.endswith(f"/taxonomy/{date}/ifrs-full")
    assert taxonomy.schema_url.endswith(f"/taxonomy/{date}/full_ifrs/full_ifrs-cor_{date}.xsd")
    period_start = "http://www.xbrl.org/2003/role/periodStartLabel"  # read with every other role, for our linkbase
    assert taxonomy.labels["ifrs-full:CashAndCashEquivalents"][period_start] == (
        "Cash and cash equivalents at beginning of period"
    )
    with zipfile.ZipFile(IFRS_PACKAGE.parent / f"IFRSAT-{date}.zip") as archive:
        assert f"IFRSAT-{date}/full_ifrs/labels/lab_full_ifrs-en_{date}.xml" in archive.namelist()
    assert (
        taxonomy.concept("ifrs-full:Revenue") is not None and taxonomy.concept("ifrs-full:Revenue").label == "Revenue"
    )  # type: ignore[union-attr]


def test_2023_manifest_lists_no_core_schema(all_packages: list[Path]) -> None:
    """The precondition of the test above for 2023: its entry points are not the core schema."""
    with zipfile.ZipFile(all_packages[3]) as archive:
        manifest = archive.read("IFRSAT-2023-03-23/META-INF/taxonomyPackage.xml").decode()
    assert "full_ifrs-cor_" not in manifest


def test_default_is_2022_and_a_missing_version_is_named(all_packages: list[Path]) -> None:
    assert "2022-03-24" in load_ifrs(all_packages).schema_url
    with pytest.raises(TaxonomyError, match=r"no IFRS 2022 core schema in the given packages \(found 2023-03-23\)"):
        load_ifrs([all_packages[3]])


@pytest.mark.parametrize("version", ["2021", "2023"])
def test_build_on_another_version(all_packages: list[Path], built, packages, tmp_path: Path, version: str) -> None:  # type: ignore[no-untyped-def]
    """The example built on 2021 and 2023 validates clean, imports that version's core by its
    URL, and has the facts of the 2022 build (local names, periods, units, values)."""
    given = [all_packages[2], all_packages[list(VERSIONS).index(version)]]  # 2022's first: the option decides
    result = build(EXAMPLES / "iij-2020-q1", tmp_path, given, ifrs_version=version)
    assert [(r.errors, r.warnings, r.calculation_inconsistencies) for r in result.reports] == [([], [], [])] * 2
    schema = result.instance.with_suffix(".xsd").read_text(encoding="utf-8")
    assert f"full_ifrs-cor_{VERSIONS[version]}.xsd" in schema and "2022-03-24" not in schema

    def local(path: Path, packages: list[Path]) -> Counter[tuple[str, str, str, object]]:
        return Counter((f.concept.rpartition(":")[2], f.period, f.unit, f.value) for f in arelle_facts(path, packages))

    assert local(result.instance, given) == local(built["iij-2020-q1"].instance, packages)


def test_cli_option(all_packages: list[Path], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["map", str(EXAMPLES / "iij-2020-q1"), "--ifrs-version", "2023", "--taxonomy-package", str(all_packages[2])]
    assert main(argv) == 2
    assert "no IFRS 2023 core schema in the given packages (found 2022-03-24)" in capsys.readouterr().err
