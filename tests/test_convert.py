"""``xbrl-gen convert``: round trips that keep every fact, outputs Arelle validates and other
libraries read, and clear refusals of what is not XBRL.

Facts are compared as Arelle reads them back (``arelle_facts``); each conversion loads the IFRS
taxonomy once, so the conversions are made once per session and shared by the tests."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from conftest import DAY, IFRS_PACKAGE, ROOT, ReadFact, arelle_facts, arelle_model
from lxml import etree

from xbrl_gen.cli import main
from xbrl_gen.convert.formats import Format
from xbrl_gen.convert.pipeline import convert
from xbrl_gen.convert.table import COLUMNS
from xbrl_gen.validate import validate

EXAMPLES = ["iij-2020-q1", "iij-2020-h1"]
FOREIGN = ROOT / "tests" / "data" / "foreign" / "acme-2023.xbrl"
IX = "{http://www.xbrl.org/2013/inlineXBRL}"
NS = {"ix": IX[1:-1], "h": "http://www.w3.org/1999/xhtml"}

pytestmark = pytest.mark.arelle


def _xpath(page: etree._ElementTree, expression: str) -> list[Any]:
    return cast(list[Any], page.xpath(expression, namespaces=NS))


def _convert(source: Path | list[Path], target: Format, out: Path, packages: list[Path]) -> Path:
    result = convert(source, target, out, packages)
    return result.entry or result.files[0]


RECIPES = {  # output -> (what it is converted from, to, where); "instance" and "inline" are build's
    "json": ("instance", Format.JSON, "oim/report.json"),
    "json-xbrl": ("json", Format.XBRL, "from-json.xbrl"),
    "csv": ("instance", Format.CSV, "oim/report.csv"),
    "csv-xbrl": ("csv", Format.XBRL, "from-csv.xbrl"),
    "inline-xbrl": ("inline", Format.XBRL, "extracted.xbrl"),
    "xbrl-inline": ("instance", Format.IXBRL, "rendered/report.xhtml"),
}


class Outputs:
    """Each example's conversions, each made once per session, when a test first asks for it."""

    def __init__(self, built: dict[str, Any], packages: list[Path], root: Path) -> None:
        self.built, self.packages, self.root = built, packages, root
        self.made: dict[tuple[str, str], Path] = {}

    def __call__(self, example: str, name: str) -> Path:
        if name in ("instance", "inline"):
            return cast(Path, getattr(self.built[example], name))
        if (example, name) not in self.made:
            source, target, where = RECIPES[name]
            self.made[example, name] = _convert(
                self(example, source), target, self.root / example / where, self.packages
            )
        return self.made[example, name]


@pytest.fixture(scope="session")
def outputs(built, packages, tmp_path_factory: pytest.TempPathFactory) -> Outputs:  # type: ignore[no-untyped-def]
    return Outputs(built, packages, tmp_path_factory.mktemp("convert"))


@pytest.fixture(scope="session")
def source_facts(built, packages) -> dict[str, list[ReadFact]]:  # type: ignore[no-untyped-def]
    return {example: arelle_facts(built[example].instance, packages) for example in EXAMPLES}


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("example", "output"),
    [("iij-2020-q1", o) for o in RECIPES] + [("iij-2020-h1", "json-xbrl"), ("iij-2020-h1", "xbrl-inline")],
)
def test_round_trips_keep_every_fact(outputs, source_facts, packages, example: str, output: str) -> None:  # type: ignore[no-untyped-def]
    """XBRL -> JSON -> XBRL, XBRL -> CSV -> XBRL, iXBRL -> XBRL and XBRL -> iXBRL: concept,
    period, entity, dimensions, unit, decimals and value of every fact, duplicates counted."""
    path = outputs(example, output)
    assert arelle_facts(path, packages, inline=path.suffix == ".xhtml") == source_facts[example]


@pytest.mark.parametrize(
    ("example", "output"),
    [("iij-2020-q1", "json-xbrl"), ("iij-2020-q1", "xbrl-inline"), ("iij-2020-h1", "xbrl-inline")],
)
def test_outputs_validate_clean(outputs, packages, example: str, output: str) -> None:  # type: ignore[no-untyped-def]
    path = outputs(example, output)
    report = validate(path, packages, inline=path.suffix == ".xhtml")
    assert (report.errors, report.warnings, report.calculation_inconsistencies) == ([], [], [])
    assert report.fact_count > 200


def test_rendered_report_follows_the_presentation(outputs) -> None:  # type: ignore[no-untyped-def]
    """The statements in their roles' order, labels from the label linkbase, thousands of yen
    scaled as printed, costs in parentheses, every fact tagged once and none hidden."""
    page = etree.parse(str(outputs("iij-2020-q1", "xbrl-inline")))
    titles = [
        h.text for h in page.iter("{http://www.w3.org/1999/xhtml}h2")
    ]  # the roles' definitions, with their periods
    assert titles[:2] == [
        "Condensed Consolidated Statements of Financial Position - March 31, 2020 and June 30, 2020",
        "Condensed Consolidated Statements of Profit or Loss - April 1, 2019 to June 30, 2019 and April 1, 2020 to June 30, 2020",
    ]
    text = etree.tostring(page, encoding="unicode", method="text")
    assert "Thousands of yen" in text and "Total current assets" in text and "(42,265,448)" in text
    assert page.find(f".//{IX}hidden") is None
    revenue = _xpath(page, "//ix:nonFraction[@name='ifrs-full:Revenue']")
    assert {(f.get("scale"), f.text) for f in revenue} >= {("3", "50,378,505")}


def test_conversion_is_deterministic(built, packages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = _convert(built["iij-2020-q1"].instance, Format.IXBRL, tmp_path / "a" / "r.xhtml", packages)
    second = _convert(built["iij-2020-q1"].instance, Format.IXBRL, tmp_path / "b" / "r.xhtml", packages)
    assert first.read_bytes() == second.read_bytes()


# --- independent consumers ---------------------------------------------------------------------


Seen = Counter[tuple[str, str, tuple[tuple[str, str], ...], Decimal]]  # local name, period, members, value


def _ours(facts: list[ReadFact]) -> Seen:
    """Our facts as Arelle read them, in the terms the other libraries give."""
    return Counter((_local(f.concept), f.period, _members(f.dims), f.value.normalize()) for f in facts)


def _local(qname: str) -> str:
    return qname.rpartition(":")[2]


def _members(pairs: Any) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((_local(str(axis)), _local(str(member))) for axis, member in pairs))


def _period(instant: object, start: object, end: object) -> str:
    return str(instant) if instant else f"{start}..{end}"


@pytest.mark.parametrize("example", EXAMPLES)
def test_ixbrlparse_reads_the_rendered_report(outputs, source_facts, example: str) -> None:  # type: ignore[no-untyped-def]
    ixbrlparse = pytest.importorskip("ixbrlparse", reason="pip install 'xbrl-gen[test]'")
    with outputs(example, "xbrl-inline").open("rb") as page:
        report = ixbrlparse.IXBRL(page, raise_on_error=True)
    read = Counter(
        (
            f.name,
            _period(f.context.instant, f.context.startdate, f.context.enddate),
            _members((s["dimension"], s["value"]) for s in f.context.segments),
            Decimal(str(f.value)).normalize(),
        )
        for f in report.numeric
    )
    assert read == _ours(source_facts[example])


@pytest.fixture(scope="session")
def py_xbrl_cache(packages, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """py-xbrl's URL-keyed cache, filled offline: Arelle's copies of the xbrl.org schemas and the
    IFRS taxonomy package, laid out by the URLs its catalog rewrites."""
    import arelle
    from lxml import etree as et

    cache = tmp_path_factory.mktemp("py-xbrl-cache")
    shutil.copytree(Path(arelle.__file__).parent / "resources" / "cache" / "http", cache, dirs_exist_ok=True)
    with zipfile.ZipFile(packages[0]) as archive:
        (catalog_name,) = [n for n in archive.namelist() if n.endswith("META-INF/catalog.xml")]
        base = catalog_name.rsplit("/", 2)[0]
        rewrites = et.fromstring(archive.read(catalog_name)).findall("{*}rewriteURI")
        for rewrite in rewrites:
            url, prefix = rewrite.get("uriStartString", ""), rewrite.get("rewritePrefix", "")
            folder = f"{base}/{prefix.removeprefix('../')}"
            for name in archive.namelist():
                if name.startswith(folder) and not name.endswith("/"):
                    target = cache / url.split("://", 1)[1] / name[len(folder) :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(name))
    return cache


@pytest.mark.parametrize("example", EXAMPLES)
def test_py_xbrl_reads_the_converted_instance(outputs, source_facts, py_xbrl_cache: Path, example: str) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("xbrl", reason="pip install 'xbrl-gen[test]'")
    from xbrl.cache import HttpCache
    from xbrl.instance import XbrlParser

    cache = HttpCache(str(py_xbrl_cache))

    def offline(url: str, **_: object) -> None:
        raise AssertionError(f"py-xbrl went to the network for {url}")

    cache.connection_manager.download = offline  # type: ignore[method-assign]
    instance = XbrlParser(cache).parse_instance(str(outputs(example, "json-xbrl")))
    read: Seen = Counter()
    for fact in instance.facts:
        context = fact.context
        period = _period(
            getattr(context, "instant_date", None),
            getattr(context, "start_date", None),
            getattr(context, "end_date", None),
        )
        members = _members((s.dimension.name, s.member.name) for s in context.segments)
        read[(fact.concept.name, period, members, Decimal(str(fact.value)).normalize())] += 1
    assert read == _ours(source_facts[example])


# --- report package ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "name", "document_type"), [("inline", "iij.xbri", "xbri"), ("instance", "iij.xbr", "xbr")]
)
def test_report_package_opens_and_validates(
    built, packages, source_facts, tmp_path: Path, source: str, name: str, document_type: str
) -> None:  # type: ignore[no-untyped-def]
    result = built["iij-2020-q1"]
    package = _convert(getattr(result, source), Format.PACKAGE, tmp_path / name, packages)
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("iij/META-INF/reportPackage.json"))
    assert {n.split("/")[0] for n in names} == {"iij"}
    assert manifest == {"documentInfo": {"documentType": f"https://xbrl.org/report-package/2023/{document_type}"}}
    reports = sorted(n.split("/", 2)[2] for n in names if n.startswith("iij/reports/"))
    assert reports == sorted(
        [getattr(result, source).name] + [p.name for p in result.files if p.suffix in {".xsd", ".xml"}]
    )
    report = validate(package, packages, inline=True)
    assert report.errors == [] and not [i for i in report.issues if i.code.startswith("rpe:")]
    assert report.fact_count == len(source_facts["iij-2020-q1"])
    if source == "inline":
        assert arelle_facts(package, packages, inline=True) == source_facts["iij-2020-q1"]


def test_package_extension_must_match_the_report(built, packages, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "iij.xbri"
    argv = ["convert", str(built["iij-2020-q1"].instance), "-o", str(out), "--to", "package"]
    assert main([*argv, "--taxonomy-package", str(packages[0])]) == 2
    assert "xbrl reports belong in .xbr (or .zip) packages" in capsys.readouterr().err
    assert not out.exists()


# --- the flat fact table -----------------------------------------------------------------------


def test_fact_table_has_a_row_per_fact(built, packages, source_facts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = _convert(built["iij-2020-q1"].inline, Format.FACTS, tmp_path / "facts.csv", packages)
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    read = Counter(
        (
            r["concept"],
            r["instant"] or f"{r['period_start']}..{r['period_end']}",
            r["unit"].replace("iso4217:", "").replace("xbrli:", ""),
            r["decimals"],
            Decimal(r["value"]).normalize(),
        )
        for r in rows
    )
    ours = Counter((f.concept, f.period, f.unit, f.decimals, f.value.normalize()) for f in source_facts["iij-2020-q1"])
    assert read == ours
    cash = next(r for r in rows if r["concept"] == "ifrs-full:CashAndCashEquivalents")
    assert (cash["label"], cash["entity_scheme"], cash["entity"], cash["dimensions"]) == (
        "Cash and cash equivalents",
        "http://www.jpx.co.jp/",
        "3774",
        "",
    )


# --- a report xbrl-gen did not write -----------------------------------------------------------


@pytest.fixture(scope="session")
def foreign(packages, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    return _convert(FOREIGN, Format.IXBRL, tmp_path_factory.mktemp("foreign") / "acme.xhtml", packages)


def _table_rows(path: Path, packages: list[Path], tmp_path: Path) -> list[tuple[str, ...]]:
    table = _convert(path, Format.FACTS, tmp_path / f"{path.stem}-{path.suffix[1:]}.csv", packages)
    return sorted(tuple(row) for row in csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))


def test_foreign_instance_renders_valid_and_fact_equal(foreign: Path, packages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Text, nil, negative, INF-decimals, dimensional and unpresented facts of a hand-written
    instance (default xbrli namespace, its own presentation and labels) survive the rendering."""
    report = validate(foreign, packages, inline=True)
    assert (report.errors, report.fact_count) == ([], 36)
    assert _table_rows(foreign, packages, tmp_path) == _table_rows(FOREIGN, packages, tmp_path)


def test_foreign_layout(foreign: Path) -> None:
    page = etree.parse(str(foreign))
    hidden = _xpath(page, "//ix:hidden/*/@name")
    assert hidden == ["acme:AdjustedOperatingProfit", "acme:AdjustedOperatingProfit"]  # in no presentation
    headings = _xpath(page, "//h:th[@class='amount']/text()")
    assert "Retained earnings [member] / January 1, 2023 to December 31, 2023" in headings
    name = _xpath(page, "//h:td/ix:nonNumeric[@name='ifrs-full:NameOfReportingEntityOrOtherMeansOfIdentification']")
    assert [n.text for n in name] == ["ACME plc"]
    nil = _xpath(page, "//ix:nonFraction[@contextRef='AtEnd2022'][@name='ifrs-full:Inventories']")
    assert [n.get("{http://www.w3.org/2001/XMLSchema-instance}nil") for n in nil] == ["true"]
    shares = _xpath(page, "//ix:resources//*[local-name()='unitDenominator']/*/text()")
    assert shares == ["xbrli:shares"]  # an unprefixed QName of the default namespace, re-prefixed
    text = etree.tostring(page, encoding="unicode", method="text")
    assert "Dividends paid" in text and "(200)" in text and "0.9375" in text and "Thousands of euros" in text


# --- refusals ----------------------------------------------------------------------------------

BILLION_LAUGHS = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>'


def _zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.txt", b"Revenue rose by 5%.\n", "neither XML nor JSON"),
        ("broken.xbrl", b"<xbrl><context>\n</xbrl>", "not well-formed XML"),
        ("page.xml", b"<html><body><p>hello</p></body></html>", "an HTML page with no Inline XBRL in it"),
        (
            "data.json",
            b'{"documentInfo": {"documentType": "https://example.com/other"}}',
            "no documentInfo.documentType",
        ),
        ("report.xbrl", BILLION_LAUGHS, "DTD"),
        ("table.csv", b"concept,value\nRevenue,1\n", "metadata file"),
        ("photos.zip", _zip_bytes({"photos/a.jpg": b"\xff\xd8"}), "a zip, but not a report package"),
        ("torn.xbri", b"PK\x03\x04" + bytes(40), "not a readable zip"),
    ],
)
def test_not_xbrl_is_refused_in_one_line(
    packages, tmp_path: Path, capsys, name: str, content: bytes, expected: str
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out" / "report.xhtml"
    assert main(["convert", str(source), "-o", str(out), "--to", "ixbrl", "--taxonomy-package", str(packages[0])]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"xbrl-gen: error: {source}") and err.count("\n") == 1 and expected in err
    assert not (tmp_path / "out").exists()


def test_unresolvable_taxonomy_refuses_the_report_targets(built, packages, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """An instance whose extension schema is not beside it: Inline XBRL cannot be made from it."""
    source = tmp_path / "alone" / "report.xbrl"
    source.parent.mkdir()
    shutil.copy(built["iij-2020-q1"].instance, source)
    out = tmp_path / "out"
    out.mkdir()
    assert (
        main(
            [
                "convert",
                str(source),
                "-o",
                str(out / "report.xhtml"),
                "--to",
                "ixbrl",
                "--taxonomy-package",
                str(packages[0]),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert (
        err.startswith(f"xbrl-gen: error: {source}: its taxonomy cannot be resolved offline") and err.count("\n") == 1
    )
    assert "iij-2020-06-30.xsd" in err
    assert list(out.iterdir()) == []


def test_converting_to_the_same_format_is_refused(built, packages, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "again.xbrl"
    argv = ["convert", str(built["iij-2020-q1"].instance), "-o", str(out), "--to", "xbrl"]
    assert main([*argv, "--taxonomy-package", str(packages[0])]) == 2
    assert "already xbrl" in capsys.readouterr().err and not out.exists()


def test_cli_writes_and_validates(built, packages, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "csv" / "iij.csv"
    argv = ["convert", str(built["iij-2020-h1"].inline), "-o", str(out), "--to", "csv"]
    assert main([*argv, "--taxonomy-package", str(packages[0])]) == 0
    printed = capsys.readouterr().out
    assert "iij-metadata.json" in printed and "0 errors" in printed
    taxonomy = sorted(p.name for p in built["iij-2020-h1"].files if p.suffix in {".xsd", ".xml"})
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["iij-facts.csv", "iij-metadata.json", *taxonomy])
    metadata = json.loads((out.parent / "iij-metadata.json").read_text(encoding="utf-8"))
    (schema,) = metadata["documentInfo"]["taxonomy"]  # as the report wrote it, the schema copied beside
    assert schema == "iij-2020-09-30.xsd"
    assert (out.parent / schema).read_bytes() == built["iij-2020-h1"].instance.with_suffix(".xsd").read_bytes()


# --- filings in the wild -----------------------------------------------------------------------

WILD = ROOT / "tests" / "data" / "wild"
IFRS_2022 = ("https://xbrl.ifrs.org/taxonomy/2022-03-24/", "2022-03-24")
IFRS_BASES = {  # version -> (base URL of its files, date in its file names), as each version writes them
    "2017": ("http://xbrl.ifrs.org/taxonomy/2017-03-09/", "2017-03-09"),
    "2022": IFRS_2022,
    "2023": ("https://xbrl.ifrs.org/taxonomy/2023-03-23/", "2023-03-23"),
}
Aspects = tuple[
    str, str, tuple[tuple[str, str], ...], str, str, str, str
]  # concept, period, dims, unit, decimals, value, entity


def _ifrs_package(version: str) -> Path:
    (package,) = sorted(IFRS_PACKAGE.parent.glob(f"IFRSAT-{version}-*.zip")) or [None]
    if package is None:
        pytest.skip(f"no IFRS {version} taxonomy package in {IFRS_PACKAGE.parent}")
    return package


def _wild(folder: Path, version: str = "2022", names: tuple[str, ...] = ("acme.xsd", "acme.xbrl")) -> Path:
    """The hand-written filing of tests/data/wild, on the IFRS version given, in ``folder``."""
    base, date = IFRS_BASES[version]
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        text = (WILD / name).read_text(encoding="utf-8").replace(IFRS_2022[0], base).replace(IFRS_2022[1], date)
        (folder / name).write_text(text, encoding="utf-8")
    return folder / names[-1]


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    path.write_bytes(_zip_bytes(entries))
    return path


def _report_package(folder: Path, report: str, suffix: str) -> Path:
    """Report Packages 1.0: META-INF/reportPackage.json, the report and its schema in reports/."""
    kind = {".xbri": "/xbri", ".xbr": "/xbr", ".zip": ""}[suffix]
    manifest = json.dumps({"documentInfo": {"documentType": f"https://xbrl.org/report-package/2023{kind}"}})
    entries = {"acme/META-INF/reportPackage.json": manifest.encode()}
    entries |= {f"acme/reports/{n}": (WILD / n).read_bytes() for n in (report, "acme.xsd")}
    return _zip(folder / f"acme{suffix}", entries)


ESEF_MANIFEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<tp:taxonomyPackage xmlns:tp="http://xbrl.org/2016/taxonomy-package" xml:lang="en">
  <tp:identifier>http://www.acme.example/2023</tp:identifier>
  <tp:name>ACME plc 2023</tp:name>
  <tp:publicationDate>2024-03-01</tp:publicationDate>
  <tp:entryPoints><tp:entryPoint><tp:name>ACME</tp:name>
    <tp:entryPointDocument href="http://www.acme.example/2023/acme.xsd"/></tp:entryPoint></tp:entryPoints>
</tp:taxonomyPackage>
"""
ESEF_CATALOG = b"""<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <rewriteURI uriStartString="http://www.acme.example/2023/" rewritePrefix="../www.acme.example/2023/"/>
</catalog>
"""


def _esef_zip(folder: Path) -> Path:
    """The older ESEF form: a taxonomy package (META-INF/taxonomyPackage.xml, catalog) holding the
    extension taxonomy under its URL's host name, and the report in reports/ naming it by URL."""
    report = (
        (WILD / "acme.xhtml")
        .read_bytes()
        .replace(b'xlink:href="acme.xsd"', b'xlink:href="http://www.acme.example/2023/acme.xsd"')
    )
    return _zip(
        folder / "acme-esef.zip",
        {
            "acme/META-INF/taxonomyPackage.xml": ESEF_MANIFEST,
            "acme/META-INF/catalog.xml": ESEF_CATALOG,
            "acme/www.acme.example/2023/acme.xsd": (WILD / "acme.xsd").read_bytes(),
            "acme/reports/acme.xhtml": report,
        },
    )


def _arelle_view(entry: Path | str, packages: list[Path]) -> Counter[Aspects]:
    """Every fact of ``entry`` as Arelle reads it (text, nil and numeric facts alike)."""
    with arelle_model(cast(Path, entry), packages, inline=True) as model:
        assert model.factsInInstance, f"Arelle read no facts from {entry}"
        return Counter(_arelle_aspects(f) for f in model.factsInInstance)


def _arelle_aspects(fact: Any) -> Aspects:
    context = fact.context
    if context.isInstantPeriod:
        period = (context.instantDatetime.date() - DAY).isoformat()
    else:
        period = f"{context.startDatetime.date()}..{context.endDatetime.date() - DAY}"
    dims = tuple(sorted((d.localName, m.memberQname.localName) for d, m in context.qnameDims.items()))
    unit = ""
    if fact.unit is not None:
        unit = "/".join("*".join(m.localName for m in side) for side in fact.unit.measures if side)
    value = "" if fact.isNil else _value(fact.value, numeric=fact.isNumeric)
    decimals = str(fact.decimals) if fact.isNumeric and fact.decimals is not None else ""
    return (fact.qname.localName, period, dims, unit, decimals, value, " ".join(context.entityIdentifier))


def _value(text: str, *, numeric: bool) -> str:
    return str(Decimal(text).normalize()) if numeric else text


def _table_view(table: Path) -> Counter[Aspects]:
    """The fact table's rows in the same terms."""
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    return Counter(
        (
            _local(r["concept"]),
            r["instant"] or f"{r['period_start']}..{r['period_end']}",
            tuple(
                sorted(
                    (_local(a), _local(m)) for a, _, m in (p.partition("=") for p in r["dimensions"].split(";") if p)
                )
            ),
            "/".join(_local(m) for m in r["unit"].split("/") if m),
            r["decimals"],
            _value(r["value"], numeric=bool(r["unit"])) if r["value"] else "",
            f"{r['entity_scheme']} {r['entity']}",
        )
        for r in rows
    )


WILD_INPUTS = {  # kind -> how to make it in a folder: (entry for convert, entry for Arelle)
    "xbrl-2.1": lambda d: [WILD / "acme.xbrl"],
    "inline-1.1": lambda d: [WILD / "acme.xhtml"],
    "inline-1.0": lambda d: [WILD / "acme-ix10.xhtml"],
    "inline-document-set": lambda d: [WILD / "acme-part1.xhtml", WILD / "acme-part2.xhtml"],
    "report-package-xbri": lambda d: [_report_package(d, "acme.xhtml", ".xbri")],
    "report-package-xbr": lambda d: [_report_package(d, "acme.xbrl", ".xbr")],
    "report-package-zip": lambda d: [_report_package(d, "acme.xhtml", ".zip")],
    "esef-taxonomy-package-zip": lambda d: [_esef_zip(d)],
}


def _arelle_entry(sources: list[Path]) -> Path | str:
    if len(sources) == 1:
        return sources[0]
    return json.dumps([{"ixds": [{"file": str(s)} for s in sources]}])


@pytest.fixture(scope="module")
def wild_facts(packages) -> Counter[Aspects]:  # type: ignore[no-untyped-def]
    """The hand-written filing's facts as Arelle reads the instance."""
    return _arelle_view(WILD / "acme.xbrl", packages)


@pytest.mark.parametrize("kind", WILD_INPUTS)
def test_every_input_kind_gives_arelles_facts(packages, wild_facts, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    """Each form a filing comes in, read from its content: the fact table has every fact Arelle
    reads from that very input, and the same as the instance's."""
    sources = WILD_INPUTS[kind](tmp_path)
    table = _convert(sources, Format.FACTS, tmp_path / "out" / "facts.csv", packages)  # type: ignore[arg-type]
    assert _table_view(table) == _arelle_view(_arelle_entry(sources), packages) == wild_facts
    assert len(wild_facts) == 9


@pytest.mark.parametrize(
    ("names", "target"),
    [(["acme.xbrl"], t) for t in (Format.FACTS, Format.JSON, Format.CSV)]
    + [(["acme-ix10.xhtml"], Format.FACTS), (["acme-part1.xhtml", "acme-part2.xhtml"], Format.JSON)],
)
def test_missing_taxonomy_still_gives_every_fact(
    packages, wild_facts, tmp_path: Path, capsys, names: list[str], target: Format
) -> None:  # type: ignore[no-untyped-def]
    """The extension schema absent: every fact is written as the report states it, one warning
    names the missing file, exit 1; once the schema is beside the output, Arelle reads the
    report's very facts from it."""
    (tmp_path / "alone").mkdir()
    sources = [Path(shutil.copy(WILD / name, tmp_path / "alone")) for name in names]
    source = sources[0]
    out = tmp_path / "out" / f"acme.{'json' if target is Format.JSON else 'csv'}"
    argv = ["convert", *map(str, sources), "-o", str(out), "--to", target.value]
    assert main([*argv, "--taxonomy-package", str(packages[0])]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"xbrl-gen: warning: {source}: taxonomy not found offline: {source.parent / 'acme.xsd'}; "
        "facts written as the report states them, not validated\n"
    )
    if target is Format.FACTS:
        assert _table_view(out) == wild_facts
        return
    shutil.copy(WILD / "acme.xsd", out.parent)
    entry = out if target is Format.JSON else out.parent / "acme-metadata.json"
    assert _arelle_view(entry, packages) == wild_facts


@pytest.mark.parametrize("version", ["2017", "2023"])
def test_filings_on_other_ifrs_versions(tmp_path: Path, version: str) -> None:
    """A filing on IFRS 2017 or 2023, with every IFRS package given: its own version's is used,
    and the xBRL-JSON has the facts Arelle reads from the instance."""
    packages = [_ifrs_package(v) for v in ("2017", "2022", "2023")]
    source = _wild(tmp_path / "in", version)
    expected = _arelle_view(source, packages)
    with arelle_model(source, packages) as model:
        assert {d.uri for d in model.urlDocs.values() if "full_ifrs-cor" in d.uri} == {
            f"{IFRS_BASES[version][0]}full_ifrs/full_ifrs-cor_{IFRS_BASES[version][1]}.xsd"
        }
    result = convert(source, Format.JSON, tmp_path / "out" / "acme.json", packages)
    assert result.missing == () and _arelle_view(tmp_path / "out" / "acme.json", packages) == expected
    assert len(expected) == 9


def test_outputs_stand_alone(packages, wild_facts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A converted report keeps the reference the report wrote and gets the extension taxonomy
    beside it, so the folder moved anywhere still loads; modes like any other file written."""
    out = tmp_path / "out"
    json_out = _convert(WILD / "acme.xhtml", Format.JSON, out / "acme.json", packages)
    package = _convert(WILD / "acme.xhtml", Format.PACKAGE, out / "acme.xbri", packages)
    assert json.loads(json_out.read_text(encoding="utf-8"))["documentInfo"]["taxonomy"] == ["acme.xsd"]
    assert (out / "acme.xsd").read_bytes() == (WILD / "acme.xsd").read_bytes()
    moved = shutil.move(out, tmp_path / "elsewhere")
    assert _arelle_view(Path(moved) / "acme.json", packages) == wild_facts
    probe = tmp_path / "probe"
    probe.touch()
    modes = {p.stat().st_mode & 0o777 for p in Path(moved).iterdir()}
    assert modes == {probe.stat().st_mode & 0o777} and package.name == "acme.xbri"


def test_own_package_converts_back(packages, wild_facts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    package = _convert(
        [WILD / "acme-part1.xhtml", WILD / "acme-part2.xhtml"], Format.PACKAGE, tmp_path / "acme.xbri", packages
    )
    back = _convert(package, Format.CSV, tmp_path / "back" / "acme.csv", packages)
    assert _arelle_view(back, packages) == wild_facts


def test_fact_table_is_in_document_order_and_stable(built, packages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rows in the order the instance writes its facts, and the same bytes every run."""
    instance = built["iij-2020-q1"].instance
    first = _convert(instance, Format.FACTS, tmp_path / "a.csv", packages)
    second = _convert(instance, Format.FACTS, tmp_path / "b.csv", packages)
    assert first.read_bytes() == second.read_bytes()
    written = [e for e in etree.parse(str(instance)).getroot() if e.get("contextRef")]
    rows = list(csv.DictReader(io.StringIO(first.read_text(encoding="utf-8"))))
    assert [(r["concept"].partition(":")[2], r["value"]) for r in rows] == [
        (etree.QName(e).localname, e.text or "") for e in written
    ]


def test_esef_zip_is_validated_with_its_own_taxonomy(packages, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The converted report names the extension schema by the URL the zip's catalog maps; the
    check after the conversion reads it from the zip, as a consumer given the zip would."""
    source = _esef_zip(tmp_path)
    out = tmp_path / "out" / "acme.xbrl"
    assert main(["convert", str(source), "-o", str(out), "--to", "xbrl", "--taxonomy-package", str(packages[0])]) == 0
    assert "acme.xbrl: 9 facts, 0 errors, 0 warnings" in capsys.readouterr().out
    assert 'xlink:href="http://www.acme.example/2023/acme.xsd"' in out.read_text(encoding="utf-8")


def test_filing_on_a_version_whose_package_is_not_given(packages, wild_facts, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """An IFRS 2017 filing with only the 2022 package: its facts, and a warning naming the core."""
    source = _wild(tmp_path / "in", "2017")
    out = tmp_path / "out" / "facts.csv"
    assert main(["convert", str(source), "-o", str(out), "--to", "facts", "--taxonomy-package", str(packages[0])]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "taxonomy not found offline: " in err
    assert "http://xbrl.ifrs.org/taxonomy/2017-03-09/full_ifrs/full_ifrs-cor_2017-03-09.xsd" in err
    assert _table_view(out) == wild_facts


def test_cli_reads_a_document_set(packages, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out" / "acme.json"
    argv = ["convert", str(WILD / "acme-part1.xhtml"), str(WILD / "acme-part2.xhtml"), "-o", str(out), "--to", "json"]
    assert main([*argv, "--taxonomy-package", str(packages[0])]) == 0
    assert "acme.json: 9 facts, 0 errors, 0 warnings" in capsys.readouterr().out
