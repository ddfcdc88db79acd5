"""``xbrl-gen build`` over several sources: one folder each, the same files for any -j and on a Dask
cluster, errors per source, progress on a terminal only."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES

from xbrl_gen import batch
from xbrl_gen.batch import source_name
from xbrl_gen.cli import main

EXAMPLE_NAMES = ("iij-2020-q1", "iij-2020-h1")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(capsys: pytest.CaptureFixture[str], packages: list[Path], *args: str) -> tuple[int, str, str]:
    code = main(["build", *args, *(a for p in packages for a in ("--taxonomy-package", str(p)))])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A Dask cluster of two worker processes on this machine: its scheduler's address."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _three_sources(tmp_path: Path) -> list[Path]:
    """The two examples and a copy of the first under another name."""
    copy = tmp_path / "sources" / "acme-2020-q1"
    copy.mkdir(parents=True)
    shutil.copyfile(EXAMPLES / "iij-2020-q1" / "statements.yaml", copy / "statements.yaml")
    return [EXAMPLES / name for name in EXAMPLE_NAMES] + [copy]


@pytest.mark.arelle
def test_a_batch_writes_what_each_build_alone_writes(  # type: ignore[no-untyped-def]
    tmp_path: Path, packages: list[Path], scheduler: str, capsys
) -> None:
    sources = _three_sources(tmp_path)
    alone = [_build(capsys, packages, str(s), "-o", str(tmp_path / "alone" / source_name(s))) for s in sources]
    assert [code for code, _, _ in alone] == [0, 0, 0], [err for _, _, err in alone]
    batches = {
        "j2": _build(capsys, packages, *map(str, sources), "-o", str(tmp_path / "j2"), "-j", "2"),
        "dask": _build(capsys, packages, *map(str, sources), "-o", str(tmp_path / "dask"), "--scheduler", scheduler),
    }
    files = _tree(tmp_path / "alone")
    assert sum(name.endswith(".xhtml") for name in files) == 3
    assert "".join(out for _, out, _ in alone).count(" 0 errors") == 6
    for name, (code, stdout, stderr) in batches.items():
        assert code == 0, stderr
        assert _tree(tmp_path / name) == files, name
        assert stdout.replace(f"/{name}/", "/alone/") == "".join(out for _, out, _ in alone)


@pytest.mark.parametrize("where", ["pool", "dask"])
def test_a_bad_source_is_reported_and_the_others_are_built(  # type: ignore[no-untyped-def]
    tmp_path: Path, packages: list[Path], capsys, request: pytest.FixtureRequest, where: str
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        (EXAMPLES / "iij-2020-q1" / "statements.yaml").read_text().replace("currency: JPY", "currency: yen")
    )
    missing = tmp_path / "missing.yaml"
    out = tmp_path / "out"
    spread = ["--scheduler", request.getfixturevalue("scheduler")] if where == "dask" else ["-j", "2"]
    code, stdout, stderr = _build(
        capsys,
        packages,
        str(broken),
        str(EXAMPLES / "iij-2020-q1"),
        str(missing),
        "-o",
        str(out),
        *spread,
        "--no-validate",
    )
    assert code == 2
    errors = [line for line in stderr.splitlines() if line.startswith("xbrl-gen: error: ")]
    assert len(errors) == 2 and "Traceback" not in stderr, stderr
    assert errors[0].startswith(f"xbrl-gen: error: {broken}:") and "currency: expected an ISO 4217 code" in errors[0]
    assert errors[1].startswith(f"xbrl-gen: error: {missing}: no such file")
    assert f" files to {out / 'iij-2020-q1'} (" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["iij-2020-q1"]


def test_an_unreachable_scheduler_is_one_error_line(  # type: ignore[no-untyped-def]
    tmp_path: Path, packages: list[Path], capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "SCHEDULER_TIMEOUT", "1s")
    sources = [str(EXAMPLES / name) for name in EXAMPLE_NAMES]
    code, _, stderr = _build(capsys, packages, *sources, "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2
    assert stderr.startswith("xbrl-gen: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert len(stderr.splitlines()) == 1


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_lines_on_a_terminal_only(  # type: ignore[no-untyped-def]
    tmp_path: Path, packages: list[Path], capsys, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal)
    one = _build(capsys, packages, str(EXAMPLES / "iij-2020-q1"), "-o", str(tmp_path / "one"), "--no-validate")
    sources = [str(EXAMPLES / name) for name in EXAMPLE_NAMES]
    two = _build(capsys, packages, *sources, "-o", str(tmp_path / "two"), "--no-validate")
    progress = [[line for line in err.splitlines() if line.startswith("xbrl-gen: ")] for _, _, err in (one, two)]
    if not terminal:
        assert progress == [[], []]
        return
    stages = [line.split(": ", 2)[2] for line in progress[0]]
    assert stages == [
        f"reading {EXAMPLES / 'iij-2020-q1'}",
        "mapping 192 lines",
        "rendering the instance, extension taxonomy and Inline XBRL report",
    ]
    assert [line.split(": ", 2)[2] for line in progress[1]] == [
        f"[1/2] {sources[0]}: built",
        f"[2/2] {sources[1]}: built",
    ]


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


@pytest.mark.parametrize(("given", "workers"), [([], None), (["-j", "3"], 3)])
def test_a_batch_uses_every_core_unless_told(
    given: list[str], workers: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``-j``, as many workers as the cores this process may run on (two pretended)."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 5})
    asked: list[int] = []
    monkeypatch.setattr(batch, "run", lambda jobs, workers, *rest: asked.append(workers) or iter(()))
    other = tmp_path / "other"
    shutil.copytree(EXAMPLES / "iij-2020-q1", other)
    assert main(["build", str(EXAMPLES / "iij-2020-q1"), str(other), "-o", str(tmp_path / "out"), *given]) == 0
    assert asked == [workers or 2]


@pytest.mark.arelle
@pytest.mark.parametrize("from_bytes", [0, None])
def test_one_source_on_two_cores_validates_a_large_taxonomy_apart_with_the_same_outcome(
    tmp_path: Path, packages: list[Path], monkeypatch: pytest.MonkeyPatch, from_bytes: int | None
) -> None:
    """A single source with a core to spare: its extension taxonomy, when large enough, is
    validated on that core (``validate_filing``'s ``taxonomy_apart``), both runs started before
    the files are written, and the build writes and reports the same. The example's (0.4 MB) is below the
    default size."""
    from xbrl_gen import build

    apart: list[tuple[Path, bool, bool] | None] = []

    def spied(*args, taxonomy_apart=None):  # type: ignore[no-untyped-def]
        started = (taxonomy_apart.taxonomy_started, taxonomy_apart.report_started) if taxonomy_apart else ()
        apart.append((taxonomy_apart.schema, *(s is not None for s in started)) if taxonomy_apart else None)
        return validate_filing(*args, taxonomy_apart=taxonomy_apart)

    validate_filing = build.validate_filing
    monkeypatch.setattr(build, "validate_filing", spied)
    if from_bytes is not None:
        monkeypatch.setattr(build, "TAXONOMY_APART_FROM", from_bytes)
    settings = batch.Settings(tuple(packages))
    outcomes = {
        workers: next(batch.run([batch.Job(EXAMPLES / "iij-2020-q1", tmp_path / str(workers), settings)], workers))
        for workers in (1, 2)
    }
    assert apart == [None, None if from_bytes is None else (tmp_path / "2" / "iij-2020-06-30.xsd", True, True)]
    assert _tree(tmp_path / "1") == _tree(tmp_path / "2")
    one, two = (outcomes[w].reports for w in (1, 2))
    assert [(r.entry.name, r.fact_count, r.issues) for r in one] == [
        (r.entry.name, r.fact_count, r.issues) for r in two
    ]
    assert [r.summary() for r in two][
        1
    ] == "iij-2020-06-30.xhtml: 422 facts, 0 errors, 0 warnings, 0 calculation inconsistencies"


@pytest.mark.arelle
def test_a_build_that_fails_after_its_taxonomy_validation_started_stops_that_validation(
    tmp_path: Path, packages: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The taxonomy's validation starts before the files are written; when writing them fails,
    the build fails at once with the writing's error, and leaves no process behind."""
    import multiprocessing

    from xbrl_gen import build, validate
    from xbrl_gen.errors import OutputError

    monkeypatch.setattr(build, "TAXONOMY_APART_FROM", 0)
    monkeypatch.setattr(validate, "_taxonomy_issues", lambda *_: time.sleep(60))  # a long validation
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    before, started = set(multiprocessing.active_children()), time.perf_counter()
    with pytest.raises(OutputError, match="cannot write here"):
        build.build(EXAMPLES / "iij-2020-q1", not_a_folder, packages, spare_core=True)
    assert time.perf_counter() - started < 5
    assert set(multiprocessing.active_children()) <= before
