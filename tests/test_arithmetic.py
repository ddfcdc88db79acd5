"""The build fails on arithmetic that does not hold: one mis-keyed number in a copy of the
example, or total assets that are not liabilities + equity, exits 1 naming the statements-file
line; differences within rounding and accepted ones are warnings, and the calculation linkbase
states every total whether or not its numbers agree, so Arelle's check is a real one."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES

from xbrl_gen.checks import check_filing
from xbrl_gen.cli import main
from xbrl_gen.model import Severity, Statement
from xbrl_gen.sources import read_statements
from xbrl_gen.summations import infer_summations

EXAMPLE = EXAMPLES / "iij-2020-q1" / "statements.yaml"


def _variant(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, str]:
    """A copy of the example with each ``old`` row text replaced by ``new``."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    folder = tmp_path / "variant"
    folder.mkdir()
    (folder / "statements.yaml").write_text(text, encoding="utf-8")
    return folder / "statements.yaml", text


def _line_of(text: str, row: str) -> int:
    """The 1-based line of the statements file holding ``row``."""
    return text[: text.index(row)].count("\n") + 1


def _build(capsys: pytest.CaptureFixture[str], packages: list[Path], *args: str) -> tuple[int, str, str]:
    code = main(["build", *args, *(a for p in packages for a in ("--taxonomy-package", str(p)))])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# Trade receivables at June 30, 2020 printed 28,498,975 (thousands); keyed with one digit wrong.
RECEIVABLES = "{label: Trade receivables, depth: 2, values: [32585326, 28498975]}"
TOTAL_CURRENT_ASSETS = "{label: Total Current Assets, depth: 2, total: true, values: [86590427, 85167115]}"


@pytest.mark.arelle
def test_a_mis_keyed_number_fails_the_build_and_arelle_agrees(tmp_path: Path, packages: list[Path], capsys) -> None:  # type: ignore[no-untyped-def]
    source, text = _variant(tmp_path, (RECEIVABLES, RECEIVABLES.replace("28498975", "28499975")))
    code, out, err = _build(capsys, packages, str(source.parent), "-o", str(tmp_path / "out"))
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    assert errors[0].startswith(f"error: {source}:{_line_of(text, TOTAL_CURRENT_ASSETS)}: financial-position: ")
    assert (
        "'Total Current Assets' [June 30, 2020] is 85,167,115 but the lines it totals add up to 85,168,115" in errors[0]
    )
    assert errors[0].endswith("[subtotal]")
    # the relationship was written although the numbers disagree: Arelle finds the same total
    assert "Calculation inconsistent from ifrs-full:CurrentAssets" in err
    assert "1 calculation inconsistencies" in out


@pytest.mark.arelle
def test_assets_not_liabilities_plus_equity_fails_naming_total_assets(
    tmp_path: Path, packages: list[Path], capsys
) -> None:  # type: ignore[no-untyped-def]
    """Inventories, their total and total assets raised alike: every subtotal still adds up, only
    the balance sheet does not balance."""
    source, text = _variant(
        tmp_path,
        ("values: [2476477, 2131647]", "values: [2476477, 2131747]"),
        ("values: [86590427, 85167115]", "values: [86590427, 85167215]"),
        (
            "{label: Total assets, depth: 1, total: true, values: [206524260, 205348880]}",
            "{label: Total assets, depth: 1, total: true, values: [206524260, 205348980]}",
        ),
    )
    code, _, err = _build(capsys, packages, str(source.parent), "-o", str(tmp_path / "out"), "--no-validate")
    assert code == 1
    (error,) = [line for line in err.splitlines() if line.startswith("error:")]
    assert error.startswith(
        f"error: {source}:{_line_of(text, '{label: Total assets,')}: financial-position: 'Total assets'"
    )
    assert "is 205,348,980 but 'Total liabilities and equity' is 205,348,880" in error and error.endswith(
        "[balance-sheet]"
    )


@pytest.mark.arelle
def test_a_difference_within_rounding_is_a_warning_and_arelle_agrees(
    tmp_path: Path, packages: list[Path], capsys
) -> None:  # type: ignore[no-untyped-def]
    """Seven lines and their total printed in thousands may miss by up to 4 (half a thousand each)."""
    source, text = _variant(tmp_path, (RECEIVABLES, RECEIVABLES.replace("28498975", "28498979")))
    code, out, err = _build(capsys, packages, str(source.parent), "-o", str(tmp_path / "out"))
    assert code == 0, err
    line = _line_of(text, TOTAL_CURRENT_ASSETS)
    assert f"warning: {source}:{line}: financial-position: 'Total Current Assets' [June 30, 2020]" in err
    assert "within rounding (up to 4 as printed) [subtotal]" in err
    assert "0 errors, 0 warnings, 0 calculation inconsistencies" in out


@pytest.mark.arelle
def test_one_more_than_rounding_allows_fails(tmp_path: Path, packages: list[Path], capsys) -> None:  # type: ignore[no-untyped-def]
    source, _ = _variant(tmp_path, (RECEIVABLES, RECEIVABLES.replace("28498975", "28498980")))
    code, _, err = _build(capsys, packages, str(source.parent), "-o", str(tmp_path / "out"), "--no-validate")
    assert code == 1 and "add up to 85,167,120" in err


@pytest.mark.arelle
def test_an_accepted_difference_builds_clean(tmp_path: Path, packages: list[Path], capsys) -> None:  # type: ignore[no-untyped-def]
    """``accept-difference: true`` on the total: a warning, and no relationship Arelle would flag."""
    source, _ = _variant(
        tmp_path,
        (RECEIVABLES, RECEIVABLES.replace("28498975", "28499975")),
        (TOTAL_CURRENT_ASSETS, TOTAL_CURRENT_ASSETS.replace("total: true,", "total: true, accept-difference: true,")),
    )
    code, out, err = _build(capsys, packages, str(source.parent), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert "accepted (accept-difference); its calculation relationship is left out [subtotal]" in err
    assert "0 errors, 0 warnings, 0 calculation inconsistencies" in out


@pytest.mark.arelle
def test_accept_differences_option(tmp_path: Path, packages: list[Path], capsys) -> None:  # type: ignore[no-untyped-def]
    source, _ = _variant(tmp_path, (RECEIVABLES, RECEIVABLES.replace("28498975", "28499975")))
    code, _, err = _build(
        capsys, packages, str(source.parent), "-o", str(tmp_path / "out"), "--no-validate", "--accept-differences"
    )
    assert code == 0 and "accepted (accept-difference)" in err and "error:" not in err


# -- every number that takes part in a sum is checked ------------------------------------------


def _cells_in_sums(statement: Statement) -> list[tuple[int, int]]:
    """(line index, column) of every printed amount that is a total or a component of one."""
    sums = infer_summations(statement)
    in_sums = set(sums.children) | {c for kids in sums.children.values() for c in kids}
    return [
        (i, c)
        for i, line in enumerate(statement.lines)
        if line.id in in_sums
        for c, value in enumerate(line.values)
        if value is not None and value != 0
    ]


@pytest.mark.parametrize("example", ["iij-2020-q1", "iij-2020-h1"])
def test_any_mis_keyed_amount_of_a_sum_is_an_error(example: str) -> None:
    """Each amount of each total or component in the examples, keyed 1,000 (printed units) off,
    makes check_filing report an error; the examples as printed report none."""
    filing = read_statements(EXAMPLES / example)
    assert [i for i in check_filing(filing) if i.severity is Severity.ERROR] == []
    tried = 0
    for statement in filing.statements:
        for line_index, column in _cells_in_sums(statement):
            line = statement.lines[line_index]
            values = list(line.values)
            values[column] = (values[column] or Decimal(0)) + 1000
            lines = list(statement.lines)
            lines[line_index] = replace(line, values=tuple(values))
            alone = replace(filing, statements=(replace(statement, lines=tuple(lines)),))
            errors = [i for i in check_filing(alone) if i.severity is Severity.ERROR]
            assert errors, f"{line.where} column {column}: a mis-keyed amount went unnoticed"
            tried += 1
    assert tried > 100
