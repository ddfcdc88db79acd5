"""The Inline XBRL report: valid for Arelle, the same facts as the instance, the figures as printed,
readable in a browser, and viewable offline in Arelle's ixbrl-viewer."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLES, arelle_facts
from lxml import etree

from xbrl_gen.build import map_statements
from xbrl_gen.inline import (
    NIL_FORMAT,
    NUMBER_FORMAT,
    VIEWER_SCRIPT,
    render_inline,
    unit_heading,
    write_viewer,
)
from xbrl_gen.render import build_render_model, render_filing, write_atomically
from xbrl_gen.sources import read_statements
from xbrl_gen.taxonomy import load_ifrs
from xbrl_gen.validate import validate

EXAMPLE_NAMES = ["iij-2020-q1", "iij-2020-h1"]
IX = "{http://www.xbrl.org/2013/inlineXBRL}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LINK = "{http://www.xbrl.org/2003/linkbase}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed: run scripts/install-chromium.sh (Debian, needs root)"
)


@pytest.mark.arelle
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_report_validates_clean(built, example: str) -> None:  # type: ignore[no-untyped-def]
    reports = {r.entry.suffix: r for r in built[example].reports}
    inline = reports[".xhtml"]
    assert inline.errors == [], inline.errors
    assert inline.calculation_inconsistencies == []
    assert inline.fact_count == reports[".xbrl"].fact_count > 200


@pytest.mark.arelle
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_extracted_instance_equals_the_instance(built, packages, example: str) -> None:  # type: ignore[no-untyped-def]
    """Concept, period, entity, dimensions, unit, decimals and value of every fact, duplicates
    counted: Arelle's reading of the report against its reading of the instance."""
    result = built[example]
    assert arelle_facts(result.inline, packages, inline=True) == arelle_facts(result.instance, packages)


@pytest.mark.arelle
def test_facts_without_a_cell_go_to_ix_hidden(packages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    taxonomy = load_ifrs(packages)
    mapped = map_statements(read_statements(EXAMPLES / "iij-2020-q1"), packages, [])
    model = build_render_model(mapped, taxonomy.namespace, taxonomy.labels)
    files = render_filing(model, taxonomy)
    cash_flows = next(s for s in mapped.statements if s.statement.kind.value == "cash-flows")
    mapped.statements.remove(cash_flows)  # facts printed nowhere else lose their cells
    files["report.xhtml"] = render_inline(model)
    write_atomically(files, tmp_path)
    hidden = etree.parse(str(tmp_path / "report.xhtml")).find(f".//{IX}hidden")
    assert hidden is not None and len(hidden) > 30
    report = validate(tmp_path / "report.xhtml", packages, inline=True)
    assert (report.errors, report.fact_count) == ([], len(model.facts))


def test_ifrs_labels_are_carried_in_english_beside_the_filing_s_own(packages) -> None:  # type: ignore[no-untyped-def]
    """A filing in German: its own concepts are labelled in German (its lines' wording), the IFRS
    concepts it uses in English as the IFRS Foundation words them, in the extension's linkbase."""
    taxonomy = load_ifrs(packages)
    mapped = map_statements(read_statements(EXAMPLES / "iij-2020-q1"), packages, [])
    mapped.filing = replace(mapped.filing, language="de")
    files = render_filing(build_render_model(mapped, taxonomy.namespace, taxonomy.labels), taxonomy)
    (linkbase,) = (etree.fromstring(v.encode()) for k, v in files.items() if k.endswith("_lab.xml"))
    xlink = "{http://www.w3.org/1999/xlink}"
    concept = {a.get(f"{xlink}to"): a.get(f"{xlink}from") for a in linkbase.iter(f"{LINK}labelArc")}
    labels = {
        (concept[r.get(f"{xlink}label")], r.get(f"{xlink}role").rsplit("/", 1)[1]): (r.get(XML_LANG), r.text)
        for r in linkbase.iter(f"{LINK}label")
    }
    assert labels["loc_ifrs-full_Revenue", "label"] == ("en", "Revenue")
    assert labels["loc_ifrs-full_CashAndCashEquivalents", "periodStartLabel"] == (
        "en",
        "Cash and cash equivalents at beginning of period",
    )
    own = [v for (loc, _), v in labels.items() if loc.startswith("loc_iij_")]
    assert own and {language for language, _ in own} == {"de"}
    assert not any("lab_full_ifrs" in v for k, v in files.items() if k.endswith(".xsd"))


# --- the page as printed -----------------------------------------------------------------------


def _row(xhtml: Path, statement: str, label: str) -> list[etree._Element]:
    """The value cells of the first row with ``label`` in the statement whose id ends in ``statement``."""
    for section in etree.parse(str(xhtml)).iter(f"{XHTML}div"):
        if section.get("id", "").endswith(statement):
            for row in section.iter(f"{XHTML}tr"):
                cells = row.findall(f"{XHTML}td")
                if cells and cells[0].text == label:
                    return [c for c in cells if c.get("class") == "amount"]
    raise AssertionError(f"no row {label!r} in {statement}")


@pytest.mark.parametrize(
    ("statement", "label", "text", "tag"),
    [
        ("profit-or-loss", "Total revenues", "50,378,505", ("ifrs-full:Revenue", "3", None, NUMBER_FORMAT)),
        ("profit-or-loss", "Total cost of sales", "(42,265,448)", ("ifrs-full:CostOfSales", "3", None, NUMBER_FORMAT)),
        (
            "financial-position",
            "Treasury shares",
            "(1,896,921)",
            ("ifrs-full:TreasuryShares", "3", None, NUMBER_FORMAT),
        ),
        (
            "comprehensive-income",
            "Exchange differences on translation of foreign operations",
            "(25,465)",
            ("ifrs-full:OtherComprehensiveIncomeNetOfTaxExchangeDifferencesOnTranslation", "3", "-", NUMBER_FORMAT),
        ),
        (
            "profit-or-loss",
            "Basic earnings per share (yen)",
            "24.76",
            ("ifrs-full:BasicEarningsLossPerShare", "0", None, NUMBER_FORMAT),
        ),
        (
            "cash-flows",
            "Proceeds from sales of intangible assets",
            "-",
            ("ifrs-full:ProceedsFromSalesOfIntangibleAssetsClassifiedAsInvestingActivities", "3", None, NIL_FORMAT),
        ),
        ("cash-flows", "Profit (loss) before tax", "1,694,231", None),  # tagged once, in profit or loss
    ],
)
def test_cells_print_the_source_figures(
    built, statement: str, label: str, text: str, tag: tuple[str, ...] | None
) -> None:  # type: ignore[no-untyped-def]
    cell = _row(built["iij-2020-q1"].inline, statement, label)[-1]  # the current period
    assert "".join(cell.itertext()) == text
    fact = cell.find(f"{IX}nonFraction")
    assert (
        None if fact is None else (fact.get("name"), fact.get("scale"), fact.get("sign"), fact.get("format"))
    ) == tag


def test_unit_heading_on_every_table_and_no_hidden_section(built) -> None:  # type: ignore[no-untyped-def]
    page = built["iij-2020-q1"].inline.read_text(encoding="utf-8")
    assert page.count("(Thousands of yen)") == len(built["iij-2020-q1"].mapped.statements) == 8
    assert "<ix:hidden" not in page


@pytest.mark.parametrize(
    ("scale", "currency", "heading"),
    [
        (3, "JPY", "Thousands of yen"),
        (6, "JPY", "Millions of yen"),
        (0, "JPY", "Yen"),
        (3, "EUR", "Thousands of euros"),
        (0, "USD", "US dollars"),
        (6, "GBP", "Millions of pounds sterling"),
        (3, "NOK", "Thousands of NOK"),
    ],
)
def test_unit_heading(scale: int, currency: str, heading: str) -> None:
    assert unit_heading(scale, currency) == heading


# --- browsers ----------------------------------------------------------------------------------


def _dump_dom(page: Path, tmp_path: Path) -> str:
    """The DOM headless Chromium builds from ``page``; a dead proxy makes any network use fail."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--proxy-server=http://127.0.0.1:9",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--dump-dom",
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


@needs_chromium
def test_report_renders_in_chromium(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dom = _dump_dom(built["iij-2020-q1"].inline, tmp_path)
    assert "This page contains the following errors" not in dom  # Chromium's XML parse-error banner
    assert "50,378,505" in dom and "(42,265,448)" in re.sub(r"<[^>]+>", "", dom)


@pytest.mark.arelle
def test_viewer_works_offline(built, packages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("iXBRLViewerPlugin", reason="ixbrl-viewer not installed: pip install 'xbrl-gen[viewer]'")
    result = built["iij-2020-q1"]
    page = write_viewer(result.inline, tmp_path / "viewer", packages)
    html = page.read_text(encoding="utf-8")
    assert (page.parent / VIEWER_SCRIPT).is_file()
    assert re.findall(r"<script[^>]* src=\"([^\"]+)\"", html) == [VIEWER_SCRIPT]
    data = re.search(r'<script type="application/x.ixbrl-viewer\+json">(.*?)</script>', html, re.DOTALL)
    assert data is not None
    (report,) = json.loads(data.group(1))["sourceReports"][0]["targetReports"]
    assert len(report["facts"]) == result.reports[0].fact_count
    if CHROMIUM is not None:
        assert 'title="iXBRL document view"' in _dump_dom(page, tmp_path)  # the local script ran and built its frame
