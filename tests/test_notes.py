"""Notes as block tags: the statements file's ``notes:`` section becomes one ``ix:nonNumeric``
(``escape="true"``) per note in the report and the same fact in the instance, which Arelle reads
back with its concept and text (ixbrlparse the text); a note's concept must be an IFRS text block."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, IFRS_PACKAGE, arelle_model
from lxml import etree

from xbrl_gen.cli import main
from xbrl_gen.errors import InputError
from xbrl_gen.sources import read_statements
from xbrl_gen.sources.structured import dumps, loads

EXAMPLE = EXAMPLES / "iij-2020-q1" / "statements.yaml"
POLICIES = "ifrs-full:DisclosureOfSummaryOfSignificantAccountingPoliciesExplanatory"
BLOCKS = [POLICIES, "ifrs-full:DisclosureOfRevenueExplanatory", "ifrs-full:DisclosureOfLeasesExplanatory"]
WORDS = ["revenue", "IFRS 16", "R&D", "a < b", "'quoted'", '"double"', "yen ¥", "naïve", "—", "12.5%", "x>y"]


def _notes(seed: int) -> list[dict[str, str]]:
    """Random notes: one to three, each of one to three paragraphs of words with XML's special characters."""
    rng = random.Random(seed)
    return [
        {
            "title": f"Note {n}: {rng.choice(WORDS)}",
            "concept": concept,
            "text": "\n\n".join(
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))) for _ in range(rng.randint(1, 3))
            ),
        }
        for n, concept in enumerate(rng.sample(BLOCKS, rng.randint(1, 3)), start=1)
    ]


def _with_notes(tmp_path: Path, notes: list[dict[str, str]]) -> Path:
    document = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    document["notes"] = notes
    path = tmp_path / "statements.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _paragraphs(value: str) -> list[str]:
    """The paragraphs of a block tag's value (escaped XHTML), as text."""
    root = etree.fromstring(f"<div>{value}</div>")
    return [p.xpath("string()") for p in root if etree.QName(p).localname == "p"]


def _text_facts(entry: Path, packages: list[Path], inline: bool) -> dict[str, str]:
    with arelle_model(entry, packages, inline=inline) as model:
        return {str(f.qname): f.value for f in model.facts if not f.isNumeric}


def test_notes_are_read_and_written_back(tmp_path: Path) -> None:
    notes = _notes(1)
    filing = read_statements(_with_notes(tmp_path, notes))
    read = [(n.title, n.concept, n.text) for n in filing.notes]
    assert read == [(n["title"], n["concept"], n["text"].strip()) for n in notes]
    assert [(n.title, n.concept, n.text) for n in loads(dumps(filing), "again").notes] == read


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ({"title": "Policies", "concept": "Revenue", "text": "x"}, "expected prefix:Name"),
        ({"title": "Policies", "concept": POLICIES}, "missing required key 'text'"),
        ({"title": "Policies", "concept": POLICIES, "text": "x", "page": 3}, "unknown key"),
    ],
)
def test_a_bad_note_is_an_error_naming_its_line(tmp_path: Path, note: dict[str, Any], message: str) -> None:
    path = _with_notes(tmp_path, [note])
    with pytest.raises(InputError, match=message) as caught:
        read_statements(path)
    assert str(path) in str(caught.value) and "notes[0]" in str(caught.value)


def test_two_notes_of_one_concept_are_refused(tmp_path: Path) -> None:
    note = {"title": "Policies", "concept": POLICIES, "text": "x"}
    with pytest.raises(InputError, match=f"duplicate note concept '{POLICIES}'"):
        read_statements(_with_notes(tmp_path, [note, dict(note)]))


@pytest.mark.parametrize("concept", ["ifrs-full:Revenue", "ifrs-full:NoSuchConceptExplanatory"])
def test_a_note_needs_a_text_block_concept(concept: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_notes(tmp_path, [{"title": "Revenue", "concept": concept, "text": "x"}])
    line = next(n for n, t in enumerate(path.read_text().splitlines(), start=1) if concept in t)
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "--taxonomy-package", str(IFRS_PACKAGE)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"xbrl-gen: error: {path}:{line}: notes: {concept} is ") and error.count("\n") == 1
    assert "textBlockItemType" in error and not (tmp_path / "out").exists()


@pytest.mark.parametrize("seed", [2, 3])
def test_arelle_reads_each_note_from_the_instance_and_the_report(seed: int, tmp_path: Path) -> None:
    from xbrl_gen.build import build

    notes = _notes(seed)
    packages = [IFRS_PACKAGE]
    result = build(_with_notes(tmp_path, notes), tmp_path / "out", packages)
    assert all(not r.errors and not r.warnings for r in result.reports)
    report = etree.parse(str(result.inline)).getroot()
    tags = report.iter("{http://www.xbrl.org/2013/inlineXBRL}nonNumeric")
    assert {t.get("name"): t.get("escape") for t in tags} == {n["concept"]: "true" for n in notes}
    instance = _text_facts(result.instance, packages, inline=False)
    inline = _text_facts(result.inline, packages, inline=True)
    wanted = {n["concept"]: [" ".join(p.split()) for p in n["text"].split("\n\n")] for n in notes}
    assert {c: _paragraphs(v) for c, v in instance.items()} == wanted
    assert {c: _paragraphs(v) for c, v in inline.items()} == wanted
    ixbrlparse = pytest.importorskip("ixbrlparse", reason="pip install 'xbrl-gen[test]'")
    with result.inline.open("rb") as report_file:
        parsed = ixbrlparse.IXBRL(report_file, raise_on_error=True)
    assert {f.name: f.value for f in parsed.nonnumeric} == {  # the text, without the paragraphs' markup
        c.partition(":")[2]: "".join(p) for c, p in wanted.items()
    }


def test_esef_validation_takes_the_block_tags(tmp_path: Path) -> None:
    """In an ESEF package, notes are in ESMA's line-items hypercube and presented: Arelle's ESEF
    validation finds nothing in them (docs/esef.md)."""
    from xbrl_gen import esef
    from xbrl_gen.build import build

    esef_package = IFRS_PACKAGE.parent / "esef_taxonomy_2022.zip"
    if not esef_package.is_file():
        pytest.skip("esef_taxonomy_2022.zip not found in ../shared/taxonomies")
    notes = _notes(4)
    packages = [IFRS_PACKAGE, esef_package]
    result = build(_with_notes(tmp_path, notes), tmp_path / "out", packages, profile=esef.profile("esef-2022"))
    (report,) = result.reports
    assert report.errors == []
    assert report.warnings == []
    with arelle_model(result.instance, packages, inline=True) as model:
        read = {str(f.qname): _paragraphs(f.value) for f in model.facts if str(f.qname) in BLOCKS}
    assert read == {n["concept"]: [" ".join(p.split()) for p in n["text"].split("\n\n")] for n in notes}
