"""Readers of statements: each module offers ``can_read(path)``; ``read_statements`` picks one."""

from __future__ import annotations

from pathlib import Path

from xbrl_gen.errors import InputError
from xbrl_gen.model import Filing, Issue
from xbrl_gen.sources import spreadsheet, structured

STATEMENTS_FILE = "statements.yaml"


def read_statements(path: Path) -> Filing:
    """A statements file, or a directory holding ``statements.yaml``."""
    return read_statements_and_issues(path)[0]


def read_statements_and_issues(path: Path) -> tuple[Filing, list[Issue]]:
    """The filing, and what the reader read the likely way or left out (workbooks)."""
    if path.is_dir():
        path = path / STATEMENTS_FILE
    if not path.exists():
        raise InputError("no such file (expected a statements file or a directory with statements.yaml)", str(path))
    if structured.can_read(path):
        return structured.read(path), []
    if spreadsheet.can_read(path):
        return spreadsheet.read(path)
    raise InputError(
        f"unsupported input; expected one of {', '.join(structured.SUFFIXES + spreadsheet.SUFFIXES)} "
        "(convert a text report first with 'xbrl-gen convert-text')",
        str(path),
    )
