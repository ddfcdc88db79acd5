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
from conftest import ROOT, ReadFact, arelle_facts
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


def _convert(source: Path, target: Format, out: Path, packages: list[Path]) -> Path:
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
            self.made[example, name] = _convert(self(example, source), target, self.root / example / where, self.packages)
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
    ("example", "output"), [("iij-2020-q1", "json-xbrl"), ("iij-2020-q1", "xbrl-inline"), ("iij-2020-h1", "xbrl-inline")]
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
    titles = [h.text for h in page.iter("{http://www.w3.org/1999/xhtml}h2")]  # the roles' definitions, with their periods
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
        period = _period(getattr(context, "instant_date", None), getattr(context, "start_date", None), getattr(context, "end_date", None))
        members = _members((s.dimension.name, s.member.name) for s in context.segments)
        read[(fact.concept.name, period, members, Decimal(str(fact.value)).normalize())] += 1
    assert read == _ours(source_facts[example])


# --- report package ----------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "name", "document_type"), [("inline", "iij.xbri", "xbri"), ("instance", "iij.xbr", "xbr")])
def test_report_package_opens_and_validates(built, packages, source_facts, tmp_path: Path, source: str, name: str, document_type: str) -> None:  # type: ignore[no-untyped-def]
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
    assert "Dividends paid" in text and "(200)" in text and "0.9375" in text and "Thousands of EUR" in text


# --- refusals ----------------------------------------------------------------------------------

BILLION_LAUGHS = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>'


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.txt", b"Revenue rose by 5%.\n", "neither XML nor JSON"),
        ("broken.xbrl", b"<xbrl><context>\n</xbrl>", "not well-formed XML"),
        ("page.xml", b"<html><body><p>hello</p></body></html>", "an HTML page with no Inline XBRL in it"),
        ("data.json", b'{"documentInfo": {"documentType": "https://example.com/other"}}', "no documentInfo.documentType"),
        ("report.xbrl", BILLION_LAUGHS, "DTD"),
        ("table.csv", b"concept,value\nRevenue,1\n", "metadata file"),
    ],
)
def test_not_xbrl_is_refused_in_one_line(packages, tmp_path: Path, capsys, name: str, content: bytes, expected: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out" / "report.xhtml"
    assert main(["convert", str(source), "-o", str(out), "--to", "ixbrl", "--taxonomy-package", str(packages[0])]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"xbrl-gen: error: {source}") and err.count("\n") == 1 and expected in err
    assert not (tmp_path / "out").exists()


def test_unresolvable_taxonomy_is_refused(built, packages, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """An instance whose extension schema is not beside it, converted offline."""
    source = tmp_path / "alone" / "report.xbrl"
    source.parent.mkdir()
    shutil.copy(built["iij-2020-q1"].instance, source)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["convert", str(source), "-o", str(out / "report.json"), "--to", "json", "--taxonomy-package", str(packages[0])]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"xbrl-gen: error: {source}: its taxonomy cannot be resolved offline") and err.count("\n") == 1
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
    assert sorted(p.name for p in out.parent.iterdir()) == ["iij-facts.csv", "iij-metadata.json"]
    metadata = json.loads((out.parent / "iij-metadata.json").read_text(encoding="utf-8"))
    (schema,) = metadata["documentInfo"]["taxonomy"]  # relative to where the report now is
    assert (out.parent / schema).resolve() == built["iij-2020-h1"].instance.with_suffix(".xsd").resolve()
