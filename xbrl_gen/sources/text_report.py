"""Text reports (an earnings release or quarterly securities report as extracted text) into
normalized statements.

Only the statements section is read: from the first statement title to the notes, plus the
segment note's tables. Values are kept as presented; what the text leaves unsure (a lost
bracket, two rows on one line, a mislabelled balance) is read the likely way and reported as a
warning. ``dumps(filing)`` then gives the statements file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from xbrl_gen.errors import InputError
from xbrl_gen.model import FRAMEWORKS, Filing, Issue
from xbrl_gen.sources.structured import DEFAULT_PREFIX, default_extension
from xbrl_gen.sources.text import assemble, contents, flat, stacked, tabbed, transposed
from xbrl_gen.sources.text.document import Layout, blocks, load
from xbrl_gen.sources.text.entity import detect
from xbrl_gen.sources.text.framework import detect as detect_framework
from xbrl_gen.sources.text.periods import most_common_unit
from xbrl_gen.sources.text.tables import RawTable, warning

log = logging.getLogger(__name__)

SUFFIXES = (".txt",)
_READERS = {Layout.FLAT: flat.read, Layout.TABBED: tabbed.read, Layout.STACKED: stacked.read}


def can_read(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read_report(
    path: Path,
    *,
    name: str | None = None,
    identifier: str | None = None,
    scheme: str | None = None,
    prefix: str = DEFAULT_PREFIX,
) -> tuple[Filing, list[Issue]]:
    """The filing the report's statements make, and the warnings met on the way. The entity's
    name, identifier and scheme, when not given, are read from the report (``entity.detect``).

    Raises InputError when the file is unreadable, empty, binary or holds no statement.
    """
    document = load(path)
    issues: list[Issue] = []
    tables: list[RawTable] = []
    found_blocks, late = blocks(document)
    found_blocks = sorted(found_blocks + contents.orphans(document, found_blocks), key=lambda b: b.line)
    for block in found_blocks:
        found, block_issues = _READERS[block.layout](block, document)
        found = transposed.as_grids(found, block, document)
        log.debug(
            "%s: %s block %r gave %d table(s)", document.where(block.line), block.layout.value, block.title, len(found)
        )
        tables.extend(found)
        issues.extend(block_issues)
    statements, statement_issues = assemble.statements(tables, document)
    issues.extend(statement_issues)
    if late:
        message = (
            f"{len(late)} more statement titles after the notes began, the first {late[0][1]!r}: "
            "the file holds a second copy of the statements or a second report; only the first set is read"
        )
        issues.append(warning("repeated-statements", message, document.where(late[0][0])))
    issues.extend(contents.skipped(document, statements, found_blocks, late))
    period, period_issues = assemble.reporting_period(statements, tables, document.where(1))
    issues.extend(period_issues)
    if period is None:
        raise InputError("no financial statement with readable columns found", document.where(1))
    entity, entity_issues = detect(
        "\n".join(document.lines), document.source, name=name, identifier=identifier, scheme=scheme
    )
    issues.extend(entity_issues)
    framework, basis_line = detect_framework(document.lines)
    issues.extend(_framework_issues(framework, document.where(basis_line)))
    unit = most_common_unit(t.unit for t in tables)
    if unit is None:
        issues.append(
            warning(
                "unit-not-found",
                "no unit such as 'Thousands of yen' in the headers; currency XXX, scale 0",
                document.where(1),
            )
        )
    filing = Filing(
        entity=entity,
        extension=default_extension(entity, prefix),
        period=period,
        currency=unit.currency if unit else "XXX",
        scale=unit.scale if unit else 0,
        title=f"Financial statements for the period {period.start.isoformat()} to {period.end.isoformat()}",
        statements=tuple(statements),
        source=document.source,
        framework=framework,
    )
    return filing, issues


def _framework_issues(framework: str | None, where: str) -> list[Issue]:
    if framework is None:
        message = "the report states no accounting framework ('prepared in accordance with IFRS'); none written"
        return [warning("framework-not-found", message, where)]
    if framework != "ifrs":
        message = (
            f"the statements are prepared under {FRAMEWORKS[framework]}: build refuses to tag them with the IFRS "
            "taxonomy unless given --force-taxonomy ifrs"
        )
        return [warning("not-ifrs", message, where)]
    return []
