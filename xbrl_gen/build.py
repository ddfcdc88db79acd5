"""The build pipeline: statements → mapping → facts → rendered filing → Arelle."""

from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from xbrl_gen.checks import check_filing
from xbrl_gen.inline import render_inline
from xbrl_gen.mapping.engine import MappedFiling, map_filing
from xbrl_gen.mapping.report import format_json, format_text, mapping_report
from xbrl_gen.mapping.rules import common_rule_sets, entity_rule_sets
from xbrl_gen.model import Filing, Issue
from xbrl_gen.render import build_render_model, collector_paused, render_filing, write_atomically
from xbrl_gen.sources import read_statements
from xbrl_gen.taxonomy import load_ifrs
from xbrl_gen.validate import ValidationReport, validate

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    mapped: MappedFiling
    files: list[Path]
    instance: Path
    issues: list[Issue] = field(default_factory=list)
    reports: list[ValidationReport] = field(default_factory=list)

    @property
    def inline(self) -> Path:
        """The Inline XBRL report written beside the instance."""
        return self.instance.with_suffix(".xhtml")


def map_statements(filing: Filing, packages: list[Path], mapping_files: list[Path]) -> MappedFiling:
    """The filing mapped, with the arithmetic checks' findings (``checks.py``) among its issues:
    an error there (a total or balance missing its parts beyond rounding) fails the build."""
    taxonomy = load_ifrs(packages)
    rules = entity_rule_sets(filing.entity.identifier, mapping_files) + common_rule_sets()
    mapped = map_filing(filing, taxonomy, rules)
    mapped.issues[:0] = check_filing(filing)
    return mapped


def accepting_differences(filing: Filing) -> Filing:
    """``--accept-differences``: every line accepts that it misses its parts, as if each carried
    ``accept-difference: true``."""
    statements = tuple(
        replace(s, lines=tuple(replace(line, accept_difference=True) for line in s.lines)) for s in filing.statements
    )
    return replace(filing, statements=statements)


def render(mapped: MappedFiling, packages: list[Path]) -> tuple[str, dict[str, str]]:
    """Instance file name and every file's content (the Inline XBRL report and the mapping report
    included), all in memory."""
    taxonomy = load_ifrs(packages)
    with collector_paused():
        model = build_render_model(mapped, taxonomy.namespace, taxonomy.label_roles)
        files = render_filing(model, taxonomy.schema_url)
        files[f"{model.name}.xhtml"] = render_inline(model)
    rows = mapping_report(mapped)
    files[f"{model.name}-mapping.json"] = format_json(rows)
    files[f"{model.name}-mapping.txt"] = format_text(rows)
    return f"{model.name}.xbrl", files


def build(
    source: Path,
    out_dir: Path,
    packages: list[Path],
    mapping_files: list[Path] | None = None,
    *,
    check: bool = True,
    accept_differences: bool = False,
) -> BuildResult:
    filing = read_statements(source)
    if accept_differences:
        filing = accepting_differences(filing)
    mapped = map_statements(filing, packages, mapping_files or [])
    instance_name, files = render(mapped, packages)
    written = write_atomically(files, out_dir)
    result = BuildResult(mapped, written, out_dir / instance_name, list(mapped.issues))
    if check:
        result.reports.extend(validate_both(result.instance, result.inline, packages))
    return result


def validate_both(instance: Path, inline: Path, packages: list[Path]) -> list[ValidationReport]:
    """Arelle checks the instance and the Inline XBRL report at the same time: the instance in a
    second process (Arelle keeps one controller per process), the report in this one. Each load
    of the IFRS taxonomy costs about two seconds, so on two cores this halves the wait."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(validate, instance, packages)
        report = validate(inline, packages, inline=True)
        return [pending.result(), report]
