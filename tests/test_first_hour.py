"""What a new user meets in the first hour: output paths that cannot be written, files that are
not XBRL given to ``validate``, output names, summary counts, unquoted thousands separators."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, SEEDS

from xbrl_gen.cli import main
from xbrl_gen.errors import InputError
from xbrl_gen.mapping.candidates import below
from xbrl_gen.mapping.report import _reason
from xbrl_gen.model import MappingChoice
from xbrl_gen.sources.structured import loads

EXAMPLE = EXAMPLES / "iij-2020-q1"
STATEMENTS = (EXAMPLE / "statements.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def taxonomy_env(packages: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XBRL_GEN_TAXONOMY_PACKAGES", os.pathsep.join(map(str, packages)))


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory, packages: list[Path]) -> Path:
    from xbrl_gen.build import build

    return build(EXAMPLE, tmp_path_factory.mktemp("built"), packages, check=False).instance


def _one_line_error(capsys: pytest.CaptureFixture[str], code: int, where: str) -> str:
    captured = capsys.readouterr()
    assert code == 2, captured
    err = captured.err.splitlines()[-1]  # convert-text prints its reading warnings first
    assert captured.err.endswith("\n") and err.startswith(f"xbrl-gen: error: {where}"), captured.err
    assert "Traceback" not in captured.err, captured.err
    return err


# -- 1: output that cannot be written -------------------------------------------------------------


def _unwritable(tmp_path: Path) -> dict[str, Path]:
    existing = tmp_path / "afile"
    existing.write_text("mine\n")
    return {
        "read-only file system": Path("/sys/xbrl-gen-out"),
        "no such folder": Path("/proc/xbrl-gen-out"),
        "a file": existing,
    }


@pytest.mark.parametrize("case", ["read-only file system", "no such folder", "a file"])
def test_build_into_an_unwritable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    out = _unwritable(tmp_path)[case]
    err = _one_line_error(capsys, main(["build", str(EXAMPLE), "-o", str(out), "--no-validate"]), str(out))
    assert "cannot write" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


@pytest.mark.parametrize("folder", ["/proc", "/sys", "afile"])
def test_convert_text_and_convert_into_an_unwritable_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], instance: Path, folder: str
) -> None:
    """/proc once gave "Invalid cross-device link": the staging folder was made on another file
    system than the target."""
    existing = _unwritable(tmp_path)["a file"]
    base = existing if folder == "afile" else Path(folder)
    report = next(iter(sorted(SEEDS.glob("*.txt"))), None)
    if report is None:
        pytest.skip(f"no seed reports in {SEEDS} (../shared/seeds beside the checkout)")
    code = main(["convert-text", str(report), "-o", str(base / "s.yaml")])
    assert "cannot write" in _one_line_error(capsys, code, str(base))
    code = main(["convert", str(instance), "-o", str(base / "x.json"), "--to", "json", "--no-validate"])
    assert "cannot write" in _one_line_error(capsys, code, str(base))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_staging_is_made_beside_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename only works within one file system: the staged files sit in the output folder."""
    from xbrl_gen import render

    made: list[Path] = []
    mkdtemp = render.tempfile.mkdtemp

    def spy(*args: object, **kwargs: object) -> str:
        folder = mkdtemp(*args, **kwargs)  # type: ignore[call-overload]
        made.append(Path(folder))
        return str(folder)

    monkeypatch.setattr(render.tempfile, "mkdtemp", spy)
    written = render.write_atomically({"a.txt": "a", "b.bin": b"\x00b"}, tmp_path / "out")
    assert [p.parent for p in made] == [tmp_path / "out"] and not made[0].exists()
    assert [p.read_bytes() for p in written] == [b"a", b"\x00b"]


# -- 3: validate given what is not a report ---------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html>\n<html><head><title>Results</title></head><body><p>Q1</p></body></html>\n",
        b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Q1</title></head><body/></html>',
    ],
)
@pytest.mark.parametrize("command", ["validate", "convert"])
def test_an_html_page_without_xbrl_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], page: bytes, command: str
) -> None:
    path = tmp_path / "page.xml"
    path.write_bytes(page)
    args = [command, str(path)] + (["-o", str(tmp_path / "out.json"), "--to", "json"] if command == "convert" else [])
    err = _one_line_error(capsys, main(args), str(path))
    assert "no Inline XBRL" in err and "0 facts" not in err


def test_a_lone_instance_names_its_missing_schema_in_one_short_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], instance: Path
) -> None:
    lone = tmp_path / instance.name
    lone.write_bytes(instance.read_bytes())
    err = _one_line_error(capsys, main(["validate", str(lone)]), f"{lone}: its taxonomy cannot be resolved offline")
    assert instance.with_suffix(".xsd").name in err and len(err) < 400, err


def test_validate_a_statements_file_points_to_build(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = EXAMPLE / "statements.yaml"
    assert "xbrl-gen build" in _one_line_error(capsys, main(["validate", str(path)]), str(path))
    as_json = tmp_path / "statements.json"  # a statements file in JSON, which starts like xBRL-JSON
    as_json.write_text('{"format": "xbrl-gen/statements 1", "statements": []}')
    assert "xbrl-gen build" in _one_line_error(capsys, main(["validate", str(as_json)]), str(as_json))


# -- 4: convert writes the very path given -------------------------------------------------------


def test_convert_writes_and_validates_exactly_the_path_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], instance: Path
) -> None:
    wrong = tmp_path / "x" / "r.txt"
    err = _one_line_error(capsys, main(["convert", str(instance), "-o", str(wrong), "--to", "json"]), str(wrong))
    assert ".json" in err and not wrong.parent.exists()
    right = tmp_path / "x" / "r.json"
    assert main(["convert", str(instance), "-o", str(right), "--to", "json"]) == 0
    out = capsys.readouterr().out
    written = sorted(p.name for p in right.parent.iterdir())
    # the report's extension taxonomy is copied beside it (the output stands alone), nothing else
    assert "r.json" in written and all(n == "r.json" or n.startswith(instance.stem) for n in written), written
    assert re.search(r"^r\.json: 422 facts, 0 errors", out, re.M), out


# -- 5: the counts the summary lines give ---------------------------------------------------------


def test_the_build_summary_counts_the_warnings_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "off-by-one.yaml"  # total current assets one thousand yen off: within rounding, a warning
    source.write_text(STATEMENTS.replace("[2476477, 2131647]", "[2476478, 2131647]", 1), encoding="utf-8")
    main(["build", str(source), "-o", str(tmp_path / "out"), "--no-validate"])
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning:")]
    assert warnings, captured.err
    plural = "" if len(warnings) == 1 else "s"
    assert f"extension concepts, {len(warnings)} warning{plural})" in captured.out, captured.out


def test_viewer_build_says_how_many_files_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("iXBRLViewerPlugin", reason="ixbrl-viewer not installed: pip install 'xbrl-gen[viewer]'")
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "-o", str(out), "--no-validate", "--viewer"]) == 0
    said = re.search(r"^wrote (\d+) files to", capsys.readouterr().out, re.M)
    assert said and int(said[1]) == len(list(out.iterdir())) == 11


@pytest.mark.parametrize("score", [0.995, 0.9951, 0.999999, 0.99])
def test_a_score_below_the_threshold_never_prints_as_the_threshold(score: float) -> None:
    text = _reason(MappingChoice("taxonomy search", score), low=True)
    shown, threshold = re.search(r"scored (\S+) < (\S+)$", text).groups()  # type: ignore[union-attr]
    assert float(shown) < float(threshold) == 1.0 and float(shown) <= score
    assert below(0.7999, 0.8) == "0.79 < 0.80"


# -- 6: thousands separators in a flow list -------------------------------------------------------


def test_unquoted_thousands_separators_are_named() -> None:
    text = STATEMENTS.replace("[38671734, 38892573]", "[38671734, 38,892,573]", 1)
    with pytest.raises(InputError, match=r"expected 2 values .* got 4 items: YAML splits an unquoted 38,892,573"):
        loads(text, "s.yaml")
    compact = STATEMENTS.replace("[38671734, 38892573]", "[38671734,388]", 1)  # compact JSON style: two values
    assert [str(v) for v in loads(compact, "s.yaml").statements[0].lines[2].values] == ["38671734", "388"]
    with pytest.raises(InputError) as plain:  # a real count mismatch gets no such hint
        loads(STATEMENTS.replace("[38671734, 38892573]", "[38671734, 892, 573]", 1), "s.yaml")
    assert "YAML splits" not in str(plain.value)


# -- 11: the extension prefix and the identifier scheme --------------------------------------------


def _seed(stem: str) -> Path:
    found = sorted(SEEDS.glob(f"{stem}_*.txt"))
    if not found:
        pytest.skip(f"no seed reports in {SEEDS} (../shared/seeds beside the checkout)")
    return found[0]


def test_a_stock_code_found_or_given_gets_one_scheme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Seed 000 says "TSE1: 3774": the code read from it and the code given have the TSE's scheme."""
    found, given = tmp_path / "found.yaml", tmp_path / "given.yaml"
    assert main(["convert-text", str(_seed("000")), "-o", str(found)]) == 0
    assert (
        main(["convert-text", str(_seed("000")), "-o", str(given), "--entity-name", "IIJ", "--identifier", "3774"]) == 0
    )
    capsys.readouterr()
    entities = [loads(path.read_text(encoding="utf-8"), str(path)).entity for path in (found, given)]
    assert [(e.identifier, e.scheme) for e in entities] == [("3774", "http://xbrl-gen.invalid/stock-code/tse")] * 2


def test_convert_text_prefix_and_scheme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.yaml"
    args = ["convert-text", str(_seed("000")), "-o", str(out), "--prefix", "iij", "--scheme", "http://www.jpx.co.jp/"]
    assert main(args) == 0
    filing = loads(out.read_text(encoding="utf-8"), str(out))
    assert (filing.extension.prefix, filing.entity.scheme) == ("iij", "http://www.jpx.co.jp/")
    with pytest.raises(SystemExit) as refused:
        main(["convert-text", str(_seed("000")), "-o", str(out), "--prefix", "ifrs-full"])
    assert refused.value.code == 2 and "--prefix" in capsys.readouterr().err


def test_build_prefix_names_every_extension_concept(tmp_path: Path, packages: list[Path]) -> None:
    from conftest import arelle_facts

    source = tmp_path / "explicit.yaml"  # one extension concept given by name, under the file's own prefix
    text = STATEMENTS.replace("{label: Inventories, depth: 2,", "{label: Inventories, depth: 2, concept: iij:Stock,", 1)
    source.write_text(text, encoding="utf-8")
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--prefix", "acme", "--no-validate"]) == 0
    (instance,) = (tmp_path / "out").glob("*.xbrl")
    concepts = {fact.concept for fact in arelle_facts(instance, packages)}
    assert {concept.split(":")[0] for concept in concepts} == {"ifrs-full", "acme"} and "acme:Stock" in concepts


# -- 8: packaging and the make targets -------------------------------------------------------------

ROOT = EXAMPLES.parent


def test_pyproject_license_and_every_data_folder_is_a_listed_package() -> None:
    """setuptools warns about a license table and about data folders missing from ``packages``."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str)
    config = project["tool"]["setuptools"]
    mapped = {folder: package for package, folder in config["package-dir"].items()}
    for top in ("templates", "taxonomies"):
        for folder in [ROOT / top, *(p for p in (ROOT / top).rglob("*") if p.is_dir() and p.name != "__pycache__")]:
            relative = folder.relative_to(ROOT)
            package = ".".join([mapped[top], *relative.parts[1:]])
            assert package in config["packages"], relative
            data = [p.name for p in folder.iterdir() if p.is_file() and p.suffix in {".yaml", ".j2"}]
            patterns = config["package-data"].get(package, [])
            assert all(any(Path(name).match(pattern) for pattern in patterns) for name in data), (package, data)


def test_make_demo_installs_like_make_test() -> None:
    """`make demo` after `make test` must not swap the editable install for a copy."""
    plan = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    installs = [line for line in plan.splitlines() if "pip install" in line and "--upgrade pip" not in line]
    assert installs and all(" -e " in line for line in installs), plan


def test_bench_leaves_the_tracked_doc_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only ``--update-doc`` writes docs/benchmarks.md; every run writes bench/out/results.md."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, bench)  # its dataclasses look themselves up there
    spec.loader.exec_module(bench)
    doc = tmp_path / "docs" / "benchmarks.md"
    doc.parent.mkdir()
    doc.write_text(f"# Benchmarks\n\n{bench.START}\nold\n{bench.END}\n")
    monkeypatch.setattr(bench, "ROOT", tmp_path)
    monkeypatch.setattr(bench, "DOC", doc)
    monkeypatch.setattr(bench, "OUT", tmp_path / "out")
    for name in ("scale_run", "example_runs", "batch_runs", "machine"):
        monkeypatch.setattr(bench, name, lambda *args, **kwargs: {})
    monkeypatch.setattr(bench, "report", lambda *args: "new results\n")
    bench.main(["--no-forge", "--no-batch", "--sizes", "10"])
    assert "old" in doc.read_text() and (tmp_path / "out" / "results.md").read_text() == "new results\n"
    bench.main(["--no-forge", "--no-batch", "--sizes", "10", "--update-doc"])
    assert "new results" in doc.read_text() and "old" not in doc.read_text()


# -- 9: every table and role says its period -------------------------------------------------------


def test_roles_are_unique_by_code_and_name_and_say_their_periods(instance: Path, packages: list[Path]) -> None:
    """The example has two changes-in-equity and two segment statements under one title each, and
    sums profit two ways (calculation-only roles)."""
    from conftest import arelle_model

    with arelle_model(instance, packages) as model:
        ours = [d for uri in model.roleTypes if re.match(r"\d{6} - ", d := model.roleTypeDefinition(uri))]
    codes = [d.split(" - ")[0] for d in ours]
    assert len(ours) >= 11 and len(set(codes)) == len(codes) and len(set(ours)) == len(ours), ours
    assert not [d for d in ours if re.search(r"\(\d+\)$", d)], ours
    equity = sorted(d for d in ours if "Changes in Shareholders' Equity" in d)
    assert [d.split(" - ", 1)[1] for d in equity] == [
        "Statement - Condensed Consolidated Statements of Changes in Shareholders' Equity (Unaudited)"
        f" - April 1, {year} to June 30, {year}"
        for year in (2019, 2020)
    ]
    calculations = [d for d in ours if " - Calculation - " in d]
    assert calculations and all(re.match(r"\d{2}0[1-9]00 - ", d) and " as the sum of " in d for d in calculations)


def test_the_report_contents_and_headings_say_each_tables_period(instance: Path) -> None:
    from lxml import etree

    page = etree.parse(str(instance.with_suffix(".xhtml")))
    xhtml = {"h": "http://www.w3.org/1999/xhtml"}
    contents = ["".join(li.itertext()) for li in page.iterfind(".//h:div[@class='cover']//h:li", xhtml)]
    assert len(contents) == 8 and len(set(contents)) == 8, contents
    assert "Segment Information (April 1, 2019 to June 30, 2019)" in contents
    for table in page.iterfind(".//h:div[@class='statement']", xhtml):
        period = table.find("h:p[@class='period']", xhtml)
        assert period is not None and re.fullmatch(r"[A-Z][a-z]+ \d+, \d{4}.*", period.text), table.get("id")
