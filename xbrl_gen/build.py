"""The build pipeline: statements → mapping → facts → rendered filing → Arelle."""

from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from xbrl_gen.inline import render_inline
from xbrl_gen.mapping.engine import MappedFiling, map_filing
from xbrl_gen.mapping.report import format_json, format_text, mapping_report
from xbrl_gen.mapping.rules import common_rule_sets, entity_rule_sets
from xbrl_gen.errors import InputError
from xbrl_gen.model import FRAMEWORKS, Filing, Issue, Severity
from xbrl_gen.render import build_render_model, collector_paused, render_filing, write_atomically
from xbrl_gen.sources import read_statements
from xbrl_gen.taxonomy import load_ifrs
from xbrl_gen.validate import ValidationReport, validate

log = logging.getLogger(__name__)

# The taxonomy package each non-IFRS framework needs, as named to the user.
FRAMEWORK_PACKAGES = {
    "us-gaap": "US GAAP Financial Reporting Taxonomy package (FASB, us-gaap)",
    "j-gaap": "EDINET taxonomy package (Japan FSA, jppfs)",
}


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
    taxonomy = load_ifrs(packages)
    rules = entity_rule_sets(filing.entity.identifier, mapping_files) + common_rule_sets()
    return map_filing(filing, taxonomy, rules)


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
    force_taxonomy: str | None = None,
) -> BuildResult:
    filing = read_statements(source)
    forced = framework_issues(filing, force_taxonomy)
    mapped = map_statements(filing, packages, mapping_files or [])
    instance_name, files = render(mapped, packages)
    written = write_atomically(files, out_dir)
    result = BuildResult(mapped, written, out_dir / instance_name, forced + list(mapped.issues))
    if check:
        result.reports.extend(validate_both(result.instance, result.inline, packages))
    return result


def framework_issues(filing: Filing, force_taxonomy: str | None) -> list[Issue]:
    """Statements under another framework than IFRS are refused (tagging them with IFRS concepts
    would validate and be wrong), unless the user forces the IFRS taxonomy: then a warning."""
    if filing.framework in (None, "ifrs"):
        return []
    name = FRAMEWORKS[filing.framework]
    if force_taxonomy != "ifrs":
        raise InputError(
            f"the statements are prepared under {name}, which needs the {FRAMEWORK_PACKAGES[filing.framework]}; "
            "xbrl-gen tags with the IFRS taxonomy only (--force-taxonomy ifrs tags them with IFRS concepts anyway)",
            filing.source,
        )
    message = f"statements prepared under {name} tagged with the IFRS taxonomy, as forced by --force-taxonomy ifrs"
    return [Issue(Severity.WARNING, "forced-taxonomy", message, filing.source)]


def validate_both(instance: Path, inline: Path, packages: list[Path]) -> list[ValidationReport]:
    """Arelle checks the instance and the Inline XBRL report at the same time: the instance in a
    second process (Arelle keeps one controller per process), the report in this one. Each load
    of the IFRS taxonomy costs about two seconds, so on two cores this halves the wait."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(validate, instance, packages)
        report = validate(inline, packages, inline=True)
        return [pending.result(), report]
