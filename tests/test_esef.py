"""ESEF profiles (``build --profile esef-2022``): the LEI check, the statements file's entity
section, the report package's layout, Arelle's ESEF validation of it, and the package read back
by ``xbrl-gen convert`` and ixbrlparse with the facts of the plain build.

Each Arelle ESEF run loads the IFRS and ESMA taxonomies and runs ESMA's formulas (20-40 s), so the
example package is built and validated once per session and shared."""

from __future__ import annotations

import csv
import io
import json
import random
import string
import zipfile
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, IFRS_PACKAGE, SHARED, ReadFact, arelle_facts, arelle_model
from lxml import etree

from xbrl_gen import esef
from xbrl_gen.cli import main
from xbrl_gen.errors import InputError, TaxonomyError
from xbrl_gen.model import Extension
from xbrl_gen.sources import read_statements

ESEF_2022 = SHARED / "taxonomies" / "esef_taxonomy_2022.zip"
IFRS_2021 = SHARED / "taxonomies" / "IFRSAT-2021-03-24.zip"
ESEF_2021 = SHARED / "taxonomies" / "esef_taxonomy_2021.zip"
EXAMPLE = EXAMPLES / "iij-2020-q1"
IX = "http://www.xbrl.org/2013/inlineXBRL"
XLINK = "{http://www.w3.org/1999/xlink}"
LINK = "{http://www.xbrl.org/2003/linkbase}"
KNOWN_LEIS = ["HWUPKR0MPOU8FGXBT394", "7LTWFZYICNSX8D621K86", "5493001KJTIIGC8Y1R12", "529900T8BM49AURSDO55"]


def _require(*paths: Path) -> list[Path]:
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        pytest.skip(f"taxonomy packages not found in ../shared/taxonomies: {', '.join(missing)}")
    return list(paths)


@pytest.fixture(scope="session")
def esef_packages() -> list[Path]:
    return _require(IFRS_PACKAGE, ESEF_2022)


@pytest.fixture(scope="session")
def esef_built(esef_packages: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    from xbrl_gen.build import build

    return build(EXAMPLE, tmp_path_factory.mktemp("esef"), esef_packages, profile=esef.profile("esef-2022"))


@pytest.fixture(scope="session")
def esef_2024_built(esef_packages: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    from xbrl_gen.build import build

    return build(EXAMPLE, tmp_path_factory.mktemp("esef24"), esef_packages, profile=esef.profile("esef-2024"))


@pytest.fixture(scope="session")
def plain_facts(esef_packages: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[ReadFact]:
    """The facts of the example's plain (no profile) instance, as Arelle reads them."""
    from xbrl_gen.build import build

    result = build(EXAMPLE, tmp_path_factory.mktemp("plain"), esef_packages[:1], check=False)
    return arelle_facts(result.instance, esef_packages[:1])


def _entity_section() -> dict[str, str]:
    return yaml.safe_load((EXAMPLE / "statements.yaml").read_text(encoding="utf-8"))["entity"]


def _members(package: Path) -> dict[str, bytes]:
    return _members_of(package.read_bytes())


# --- the LEI -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lei", KNOWN_LEIS)
def test_published_leis_pass(lei: str) -> None:
    assert esef.lei_problem(lei) is None


def test_generated_leis_pass_and_every_single_error_is_caught() -> None:
    """ISO 7064 MOD 97-10 catches every digit changed for another digit, every letter for another
    letter, and every swap of two neighbouring digits."""
    rng = random.Random(17442)
    alphabet = string.digits + string.ascii_uppercase
    for _ in range(200):
        base = "".join(rng.choice(alphabet) for _ in range(18))
        lei = base + esef.lei_check_digits(base)
        assert esef.lei_problem(lei) is None
        at = rng.randrange(20)
        same_class = string.digits if lei[at].isdigit() else string.ascii_uppercase
        wrong = rng.choice([c for c in same_class if c != lei[at]])
        assert "check digits" in (esef.lei_problem(lei[:at] + wrong + lei[at + 1 :]) or "")
        pairs = [i for i in range(19) if lei[i].isdigit() and lei[i + 1].isdigit() and lei[i] != lei[i + 1]]
        if pairs:
            at = rng.choice(pairs)
            assert esef.lei_problem(lei[:at] + lei[at + 1] + lei[at] + lei[at + 2 :]) is not None


@pytest.mark.parametrize("lei", ["529900EXAMPLE0IIJ05", "529900example0iij058", "529900EXAMPLE0IIJ0A8", ""])
def test_malformed_leis_are_refused(lei: str) -> None:
    assert "expected an LEI" in (esef.lei_problem(lei) or "")


def test_a_bad_lei_in_the_statements_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLE / "statements.yaml").read_text(encoding="utf-8")
    source = tmp_path / "statements.yaml"
    source.write_text(text.replace("lei: 529900EXAMPLE0IIJ058", "lei: 529900EXAMPLE0IIJ059"), encoding="utf-8")
    line = next(n for n, t in enumerate(source.read_text().splitlines(), start=1) if t.strip().startswith("lei:"))
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--taxonomy-package", str(IFRS_PACKAGE)]) == 2
    error = capsys.readouterr().err
    assert (
        error.startswith(f"xbrl-gen: error: {source}:{line}: entity.lei: the check digits") and error.count("\n") == 1
    )
    assert not (tmp_path / "out").exists()


# --- the entity section -----------------------------------------------------------------------


def test_the_example_entity_section_is_read() -> None:
    section = _entity_section()
    entity = read_statements(EXAMPLE).entity
    assert entity.lei == section["lei"] and esef.lei_problem(entity.lei) is None
    assert dict(entity.details) == {k: section[k] for k in esef.DETAIL_KEYS}


@pytest.mark.parametrize("dropped", [["domicile"], ["parent", "name-change"]])
def test_esef_names_every_missing_markup(dropped: list[str]) -> None:
    filing = read_statements(EXAMPLE)
    details = tuple((k, v) for k, v in filing.entity.details if k not in dropped)
    filing = replace(filing, entity=replace(filing.entity, details=details))
    with pytest.raises(InputError, match=f"missing: {', '.join(k for k in esef.DETAIL_KEYS if k in dropped)} "):
        esef.esef_filing(filing, esef.profile("esef-2022"))


def test_the_lei_option_wins_and_is_checked() -> None:
    filing = read_statements(EXAMPLE)
    assert esef.esef_filing(filing, esef.profile("esef-2022"), KNOWN_LEIS[0]).entity.identifier == KNOWN_LEIS[0]
    with pytest.raises(InputError, match="^--lei: the check digits"):
        esef.esef_filing(filing, esef.profile("esef-2022"), KNOWN_LEIS[0][:-1] + "5")


def test_missing_esma_package_or_wrong_ifrs_year_is_a_setup_error() -> None:
    packages = _require(IFRS_PACKAGE, ESEF_2022)
    url = "https://xbrl.ifrs.org/taxonomy/2022-03-24/full_ifrs/full_ifrs-cor_2022-03-24.xsd"
    with pytest.raises(TaxonomyError, match="needs ESMA's ESEF taxonomy package of 2022-03-24 or 2021-03-24"):
        esef.on_packages(esef.profile("esef-2022"), packages[:1])
    with pytest.raises(TaxonomyError, match="needs ESMA's ESEF taxonomy package of 2025-03-27 or 2024-03-27"):
        esef.on_packages(esef.profile("esef-2025"), packages)
    on_2021 = replace(esef.profile("esef-2022"), chosen=esef.TAXONOMIES["2021-03-24"])
    with pytest.raises(TaxonomyError, match="goes with the IFRS taxonomy 2021-03-24"):
        esef.check_ifrs(on_2021, url)


@pytest.mark.parametrize(("name", "taxonomy"), [("esef-2022", "2022-03-24"), ("esef-2024", "2022-03-24")])
def test_a_profile_takes_the_newest_esef_taxonomy_given_that_its_rules_accept(name: str, taxonomy: str) -> None:
    """The 2024 rules accept the 2022 taxonomy (reports for 2024 were filed on it)."""
    packages = _require(IFRS_PACKAGE, ESEF_2022)
    assert esef.on_packages(esef.profile(name), packages).taxonomy == esef.TAXONOMIES[taxonomy]


# --- the package ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "namespace", ["urn:example:xbrl", "http://www.example.com:8080/xbrl", "http://www.example.com/x?y=1"]
)
def test_the_taxonomy_folder_needs_a_web_namespace(namespace: str) -> None:
    filing = read_statements(EXAMPLE)
    filing = replace(filing, extension=Extension("iij", namespace))
    with pytest.raises(InputError, match="must be an http"):
        esef.taxonomy_folder(filing)


def test_package_layout_follows_esma_naming(esef_built: Any) -> None:
    lei, top = _entity_section()["lei"], "529900EXAMPLE0IIJ058-2020-06-30-en"
    assert esef_built.instance.name == f"{top}.zip" and top.startswith(lei)
    folder = f"{top}/www.iij.ad.jp/xbrl/2020-06-30"
    assert sorted(_members(esef_built.instance)) == sorted(
        [f"{top}/META-INF/taxonomyPackage.xml", f"{top}/META-INF/catalog.xml", f"{top}/reports/{top}.xhtml"]
        + [f"{folder}/iij-2020-06-30{s}" for s in (".xsd", "_cal.xml", "_def.xml", "_lab-en.xml", "_pre.xml")]
    )


def _report(package: Path) -> etree._Element:
    (report,) = [v for n, v in _members(package).items() if "/reports/" in n]
    return etree.fromstring(report)


def test_report_tags_as_esef_asks(esef_built: Any) -> None:
    report = _report(esef_built.instance)
    ns = {"ix": IX, "xbrli": "http://www.xbrl.org/2003/instance"}
    facts = report.xpath("//ix:nonFraction | //ix:nonNumeric", namespaces=ns)
    assert facts and all(f.get("id") for f in facts) and len({f.get("id") for f in facts}) == len(facts)
    assert not report.xpath("//xbrli:segment", namespaces=ns) and report.xpath("//xbrli:scenario", namespaces=ns)
    schemes = {i.get("scheme") + " " + i.text for i in report.xpath("//xbrli:identifier", namespaces=ns)}
    assert schemes == {f"http://standards.iso.org/iso/17442 {_entity_section()['lei']}"}
    texts = {
        f.get("name"): (f.get("{http://www.w3.org/XML/1998/namespace}lang"), f.text)
        for f in report.xpath("//ix:nonNumeric", namespaces=ns)
    }
    section = _entity_section()
    assert texts == {f"ifrs-full:{name}": ("en", section[key]) for key, name in esef.MARKUPS.items()}


def test_every_line_item_is_in_esmas_hypercube_and_no_default_is_overridden(esef_built: Any) -> None:
    members = _members(esef_built.instance)
    (definition,) = [etree.fromstring(v) for n, v in members.items() if n.endswith("_def.xml")]
    report = _report(esef_built.instance)
    reported = {f.get("name") for f in report.iter(f"{{{IX}}}nonFraction", f"{{{IX}}}nonNumeric")}
    links = {link.get(XLINK + "role"): link for link in definition.iter(LINK + "definitionLink")}
    line_items = links["https://www.esma.europa.eu/xbrl/role/cor/esef_role-999999"]
    targets = {loc.get(XLINK + "href").rpartition("#")[2].replace("_", ":", 1) for loc in line_items.iter(LINK + "loc")}
    assert reported <= targets
    arcroles = {arc.get(XLINK + "arcrole") for arc in definition.iter(LINK + "definitionArc")}
    assert "http://xbrl.org/int/dim/arcrole/dimension-default" not in arcroles  # ESMA declares the IFRS axes' defaults
    contexts = {a.get("{http://xbrl.org/2005/xbrldt}contextElement") for a in definition.iter(LINK + "definitionArc")}
    assert contexts == {None, "scenario"}
    (schema,) = [etree.fromstring(v) for n, v in members.items() if n.endswith(".xsd")]
    imports = {i.get("schemaLocation") for i in schema.iter("{http://www.w3.org/2001/XMLSchema}import")}
    assert "https://www.esma.europa.eu/taxonomy/2022-03-24/esef_cor.xsd" in imports


def test_package_is_deterministic(esef_built: Any, esef_packages: list[Path], tmp_path: Path) -> None:
    from xbrl_gen.build import build

    again = build(EXAMPLE, tmp_path, esef_packages, check=False, profile=esef.profile("esef-2022"))
    assert again.instance.read_bytes() == esef_built.instance.read_bytes()


# --- Arelle's ESEF validation -------------------------------------------------------------------


def test_arelles_esef_validation_passes(esef_built: Any, plain_facts: list[ReadFact]) -> None:
    """No error and no warning. The segment table's adjustments column is negative revenue
    (intersegment revenue taken out), which ESMA's formula that revenue be positive exempts because
    it is reported on SegmentConsolidationItemsAxis, as the IFRS 8 table places it."""
    (report,) = esef_built.reports
    assert (report.errors, report.warnings) == ([], [])
    reconciling = [
        f
        for f in plain_facts
        if f.concept == "ifrs-full:Revenue"
        and f.value < 0
        and f.dims == (("ifrs-full:SegmentConsolidationItemsAxis", "ifrs-full:MaterialReconcilingItemsMember"),)
    ]
    assert len(reconciling) == 2
    assert report.fact_count == len(plain_facts) + len(esef.MARKUPS)


def test_validate_command_reports_esef_rules(
    esef_built: Any,
    esef_packages: list[Path],
    plain_facts: list[ReadFact],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A package without ESMA's line-items hypercube: ``validate --profile`` reports ESEF 3.4.2."""
    broken = tmp_path / esef_built.instance.name
    with zipfile.ZipFile(esef_built.instance) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("_def.xml"):
                root = etree.fromstring(data)
                for link in root.iter(LINK + "definitionLink"):
                    if link.get(XLINK + "role").endswith("esef_role-999999"):
                        root.remove(link)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            target.writestr(item, data)
    packages = [arg for p in esef_packages for arg in ("--taxonomy-package", str(p))]
    assert main(["validate", str(broken), "--profile", "esef-2022", *packages]) == 1
    out = capsys.readouterr()
    assert "[ESEF.3.4.2.extensionTaxonomyLineItemNotLinkedToAnyHypercube]" in out.err
    assert f"{broken.name}: {len(esef.MARKUPS) + len(plain_facts)} facts" in out.out


# --- read back ------------------------------------------------------------------------------------


def _numeric(facts: list[ReadFact]) -> Counter[tuple[Any, ...]]:
    return Counter((f.concept, f.period, f.unit, f.decimals, f.value.normalize(), f.dims) for f in facts)


@pytest.mark.parametrize("built", ["esef_built", "esef_2024_built"])
def test_convert_reads_the_package_with_the_plain_builds_facts(
    built: str,
    request: pytest.FixtureRequest,
    esef_packages: list[Path],
    plain_facts: list[ReadFact],
    tmp_path: Path,
) -> None:
    """The ESEF-style zip and the Report Packages 1.0 ``.xbri`` alike."""
    package = request.getfixturevalue(built).instance
    table = tmp_path / "facts.csv"
    assert (
        main(
            ["convert", str(package), "-o", str(table), "--to", "facts", "--no-validate"]
            + [a for p in esef_packages for a in ("--taxonomy-package", str(p))]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    numbers = [r for r in rows if r["unit"]]
    read = Counter(
        (
            r["concept"],
            r["instant"] or f"{r['period_start']}..{r['period_end']}",
            r["unit"].replace("iso4217:", "").replace("xbrli:", ""),
            r["decimals"],
            Decimal(r["value"]).normalize(),
            tuple(tuple(d.split("=")) for d in r["dimensions"].split(";") if d),
        )
        for r in numbers
    )
    assert read == _numeric(plain_facts)
    assert {r["entity"] for r in rows} == {_entity_section()["lei"]}
    texts = {r["concept"]: r["value"] for r in rows if not r["unit"]}
    assert texts == {f"ifrs-full:{n}": _entity_section()[k] for k, n in esef.MARKUPS.items()}


def test_ixbrlparse_reads_the_packaged_report(esef_built: Any, plain_facts: list[ReadFact]) -> None:
    ixbrlparse = pytest.importorskip("ixbrlparse", reason="pip install 'xbrl-gen[test]'")
    (report,) = [v for n, v in _members(esef_built.instance).items() if "/reports/" in n]
    parsed = ixbrlparse.IXBRL(io.BytesIO(report), raise_on_error=True)
    read = Counter((f.name, _period(f.context), Decimal(str(f.value)).normalize()) for f in parsed.numeric)
    assert read == Counter((f.concept.rpartition(":")[2], f.period, f.value.normalize()) for f in plain_facts)
    assert {f.name: f.value for f in parsed.nonnumeric} == {n: _entity_section()[k] for k, n in esef.MARKUPS.items()}


def _period(context: Any) -> str:
    return str(context.instant) if context.instant else f"{context.startdate}..{context.enddate}"


def test_esef_2021_with_the_2021_taxonomies(tmp_path: Path) -> None:
    from xbrl_gen.build import build

    packages = _require(IFRS_2021, ESEF_2021)
    result = build(EXAMPLE, tmp_path, packages, profile=esef.profile("esef-2021"))
    (report,) = result.reports
    assert report.errors == []
    assert {i.code for i in report.warnings} == {
        "ESEF.3.2.1.extensionTaxonomyElementNameDoesNotFollowLc3Convention",  # 2021 rules only, see docs/esef.md
        "ESEF.3.2.5.abstractConceptDefinitionInExtensionTaxonomy",
    }
    with arelle_model(result.instance, packages, inline=True) as model:
        assert {str(c.entityIdentifier[0]) for c in model.contexts.values()} == {esef.LEI_SCHEME}


def test_esef_2024_rules_on_the_2022_taxonomies(esef_2024_built: Any, plain_facts: list[ReadFact]) -> None:
    """The 2024 rules (Arelle's ``esef-2024``) on the 2022 taxonomies, which they accept: a
    Report Packages 1.0 package (``reportPackage.json`` of an Inline XBRL package, ``.xbri``) that
    Arelle loads whole, with no error and no warning, as the 2022 build."""
    (report,) = esef_2024_built.reports
    assert esef_2024_built.instance.suffix == ".xbri" and report.errors == []
    assert report.warnings == []
    assert report.fact_count == len(plain_facts) + len(esef.MARKUPS)
    members = _members(esef_2024_built.instance)
    (manifest,) = [v for n, v in members.items() if n.endswith("/META-INF/reportPackage.json")]
    assert json.loads(manifest) == {"documentInfo": {"documentType": "https://xbrl.org/report-package/2023/xbri"}}
    (calculation,) = [etree.fromstring(v) for n, v in members.items() if n.endswith("_cal.xml")]
    assert {a.get(XLINK + "arcrole") for a in calculation.iter(LINK + "calculationArc")} == {esef.CALC_2003}


def test_arelle_loads_the_xbri_as_an_inline_report_package(esef_2024_built: Any, esef_packages: list[Path]) -> None:
    with arelle_model(esef_2024_built.instance, esef_packages, inline=True) as model:
        package = model.fileSource.reportPackage
        assert package.documentType == "https://xbrl.org/report-package/2023/xbri"
        assert package.reportType.name == "INLINE_XBRL_REPORT_PACKAGE"
        (report,) = package.reports
        top = esef_2024_built.instance.stem
        assert report.primary == f"{top}/reports/{top}.xhtml"


@pytest.mark.parametrize(
    ("name", "taxonomy", "ixt"),
    [
        ("esef-2024", "2024-03-27", esef.TR4),
        ("esef-2025", "2025-03-27", esef.TR5),
        ("esef-2025", "2024-03-27", esef.TR5),
    ],
)
def test_the_2024_and_later_taxonomies_switch_calculations_types_and_registry(
    name: str, taxonomy: str, ixt: str
) -> None:
    """No ESEF 2024/2025 or IFRS 2024/2025 packages here: what those taxonomies and rules change is
    checked in the files (on the IFRS 2022 concepts), not by Arelle."""
    from xbrl_gen.build import map_statements, render_extension, render_inline_report, render_report

    packages = _require(IFRS_PACKAGE, ESEF_2022)
    chosen = replace(esef.profile(name), chosen=esef.TAXONOMIES[taxonomy])
    filing = read_statements(EXAMPLE)
    mapped = map_statements(filing, packages, [])
    mapped.filing = esef.esef_filing(filing, chosen)
    model, extension = render_extension(mapped, packages, chosen)
    entry, files = render_report(mapped, model, extension, render_inline_report(mapped, model), packages)
    assert entry.endswith(".xbri")
    members = _members_of(files[entry])  # type: ignore[arg-type]
    assert any(n.endswith("/META-INF/reportPackage.json") for n in members)
    (calculation,) = [etree.fromstring(v) for n, v in members.items() if n.endswith("_cal.xml")]
    assert {a.get(XLINK + "arcrole") for a in calculation.iter(LINK + "calculationArc")} == {esef.CALC_11}
    assert [r.get(XLINK + "href") for r in calculation.iter(LINK + "arcroleRef")] == [
        "https://www.xbrl.org/2023/calculation-1.1.xsd#summation-item"
    ]
    (schema,) = [etree.fromstring(v) for n, v in members.items() if n.endswith(".xsd")]
    imports = {
        i.get("namespace"): i.get("schemaLocation") for i in schema.iter("{http://www.w3.org/2001/XMLSchema}import")
    }
    esma = f"https://www.esma.europa.eu/taxonomy/{taxonomy}/esef_cor"
    assert imports[esma] == esma + ".xsd"
    assert imports["http://www.xbrl.org/dtr/type/2022-03-31"] == "https://www.xbrl.org/dtr/type/2022-03-31/types.xsd"
    ((path, content),) = [(n, v) for n, v in members.items() if "/reports/" in n]
    assert etree.fromstring(content).nsmap["ixt"] == ixt
    version = "-1" if name == "esef-2025" else ""  # the 2025 rules number the report
    assert path.endswith(f"/reports/529900EXAMPLE0IIJ058-2020-06-30{version}-en.xhtml")


def _members_of(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "esef-2022 needs ESMA's ESEF taxonomy package of 2022-03-24"),
        (["--lei", "529900EXAMPLE0IIJ05"], "--lei: expected an LEI"),
    ],
)
def test_build_profile_errors_are_one_line_and_write_nothing(
    extra: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _require(IFRS_PACKAGE)
    out = tmp_path / "out"
    argv = ["build", str(EXAMPLE), "-o", str(out), "--profile", "esef-2022", "--taxonomy-package", str(IFRS_PACKAGE)]
    assert main(argv + extra) == 2
    error = capsys.readouterr().err
    assert message in error and error.startswith("xbrl-gen: error: ") and error.count("\n") == 1
    assert not out.exists()


def test_validate_profile_asks_for_esmas_package(esef_built: Any, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["validate", str(esef_built.instance), "--profile", "esef-2022", "--taxonomy-package", str(IFRS_PACKAGE)]
    assert main(argv) == 2
    assert "needs ESMA's ESEF taxonomy package of 2022-03-24" in capsys.readouterr().err
