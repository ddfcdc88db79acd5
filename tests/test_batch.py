"""``xbrl-gen build`` over several sources: one folder each, the same files for any -j, errors per source."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES

from xbrl_gen.batch import source_name
from xbrl_gen.cli import main

EXAMPLE_NAMES = ("iij-2020-q1", "iij-2020-h1")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(capsys: pytest.CaptureFixture[str], packages: list[Path], *args: str) -> tuple[int, str, str]:
    code = main(["build", *args, *(a for p in packages for a in ("--taxonomy-package", str(p)))])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.arelle
def test_parallel_build_writes_the_same_files_as_serial(tmp_path: Path, packages: list[Path], capsys) -> None:  # type: ignore[no-untyped-def]
    sources = [str(EXAMPLES / name) for name in EXAMPLE_NAMES]
    serial = _build(capsys, packages, *sources, "-o", str(tmp_path / "j1"), "-j", "1")
    parallel = _build(capsys, packages, *sources, "-o", str(tmp_path / "j2"), "-j", "2")
    assert serial[0] == parallel[0] == 0, serial[2] + parallel[2]
    files = _tree(tmp_path / "j1")
    assert sorted({name.split("/")[0] for name in files}) == sorted(EXAMPLE_NAMES)
    assert sum(name.endswith(".xhtml") for name in files) == 2
    assert files == _tree(tmp_path / "j2")
    assert serial[1].replace("/j1/", "/j2/") == parallel[1]
    assert serial[1].count("0 errors") == 4, serial[1]


def test_a_bad_source_is_reported_and_the_others_are_built(tmp_path: Path, packages: list[Path], capsys) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        (EXAMPLES / "iij-2020-q1" / "statements.yaml").read_text().replace("currency: JPY", "currency: yen")
    )
    missing = tmp_path / "missing.yaml"
    out = tmp_path / "out"
    code, stdout, stderr = _build(
        capsys,
        packages,
        str(broken),
        str(EXAMPLES / "iij-2020-q1"),
        str(missing),
        "-o",
        str(out),
        "-j",
        "2",
        "--no-validate",
    )
    assert code == 2
    errors = [line for line in stderr.splitlines() if line.startswith("xbrl-gen: error: ")]
    assert len(errors) == 2 and "Traceback" not in stderr, stderr
    assert errors[0].startswith(f"xbrl-gen: error: {broken}:") and "currency: expected an ISO 4217 code" in errors[0]
    assert errors[1].startswith(f"xbrl-gen: error: {missing}: no such file")
    assert f" files to {out / 'iij-2020-q1'} (" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["iij-2020-q1"]


def test_two_sources_with_one_name_build_nothing(tmp_path: Path, packages: list[Path], capsys) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "elsewhere" / "iij-2020-q1"
    copy.mkdir(parents=True)
    (copy / "statements.yaml").write_bytes((EXAMPLES / "iij-2020-q1" / "statements.yaml").read_bytes())
    out = tmp_path / "out"
    code, _, stderr = _build(
        capsys, packages, str(EXAMPLES / "iij-2020-q1"), str(copy), "-o", str(out), "--no-validate"
    )
    assert code == 2
    assert stderr.strip() == (
        f"xbrl-gen: error: {copy}: {EXAMPLES / 'iij-2020-q1'} and {copy} would both be built into {out / 'iij-2020-q1'}; rename one"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("source", "name"),
    [
        (EXAMPLES / "iij-2020-q1", "iij-2020-q1"),
        (EXAMPLES / "iij-2020-q1" / "statements.yaml", "iij-2020-q1"),
        (Path("filings/acme-2024.json"), "acme-2024"),
    ],
)
def test_each_source_gets_a_folder_named_after_it(source: Path, name: str) -> None:
    assert source_name(source) == name


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(jobs: str, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(EXAMPLES / "iij-2020-q1"), "-o", "out", "-j", jobs])
    assert exit_.value.code == 2
    assert "expected a whole number of at least 1" in capsys.readouterr().err
