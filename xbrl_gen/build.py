"""The build pipeline: statements → mapping → facts → rendered filing → Arelle."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from xbrl_gen import esef
from xbrl_gen.checks import check_filing
from xbrl_gen.collector import collector_paused
from xbrl_gen.errors import InputError
from xbrl_gen.esef import Profile
from xbrl_gen.inline import render_inline
from xbrl_gen.mapping.engine import MappedFiling, map_filing
from xbrl_gen.mapping.report import format_json, format_text, mapping_report
from xbrl_gen.mapping.rules import common_rule_sets, entity_rule_sets
from xbrl_gen.model import FRAMEWORKS, Filing, Issue, Severity
from xbrl_gen.progress import Stage, quiet
from xbrl_gen.render import (
    RenderModel,
    build_render_model,
    render_instance,
    render_taxonomy,
    taxonomy_files,
    write_atomically,
)
from xbrl_gen.sources import read_statements_and_issues
from xbrl_gen.sources.structured import with_prefix
from xbrl_gen.taxonomy import DEFAULT_IFRS_VERSION, load_ifrs
from xbrl_gen.validate import (
    TaxonomyApart,
    ValidationReport,
    report_validated,
    taxonomy_validated,
    validate_esef,
    validate_filing,
)

log = logging.getLogger(__name__)

# Bytes of extension schema and linkbases from which a one-source build validates them on a
# second core: below, the second process's start and its own load of the IFRS core take what
# the split saves (docs/how-it-works.md; the IIJ quarter's are 0.4 MB, 2,600 company concepts 5 MB).
TAXONOMY_APART_FROM = 1_000_000

# The taxonomy package each non-IFRS framework needs, as named to the user.
FRAMEWORK_PACKAGES = {
    "us-gaap": "US GAAP Financial Reporting Taxonomy package (FASB, us-gaap)",
    "j-gaap": "EDINET taxonomy package (Japan FSA, jppfs)",
}


@dataclass
class BuildResult:
    mapped: MappedFiling
    files: list[Path]
    instance: Path  # or, for an ESEF profile, the report package
    issues: list[Issue] = field(default_factory=list)
    reports: list[ValidationReport] = field(default_factory=list)

    @property
    def inline(self) -> Path:
        """The Inline XBRL report written beside the instance."""
        return self.instance.with_suffix(".xhtml")


def map_statements(
    filing: Filing, packages: list[Path], mapping_files: list[Path], ifrs_version: str = DEFAULT_IFRS_VERSION
) -> MappedFiling:
    """The filing mapped, with the arithmetic checks' findings (``checks.py``) among its issues:
    an error there (a total or balance missing its parts beyond rounding) fails the build."""
    taxonomy = load_ifrs(packages, ifrs_version)
    rules = entity_rule_sets(filing.entity.identifier, mapping_files) + common_rule_sets()
    with collector_paused():  # a few objects per line and no cycles; at 100,000 values 15 % of the time
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


def render_extension(
    mapped: MappedFiling,
    packages: list[Path],
    profile: Profile | None = None,
    ifrs_version: str = DEFAULT_IFRS_VERSION,
) -> tuple[RenderModel, dict[str, str]]:
    """The render model and the extension taxonomy's files (name → content), in memory."""
    taxonomy = load_ifrs(packages, ifrs_version)
    with collector_paused():
        model = build_render_model(mapped, taxonomy.namespace, taxonomy.labels, profile, taxonomy.concepts)
        return model, render_taxonomy(model, taxonomy)


def render_inline_report(mapped: MappedFiling, model: RenderModel) -> str:
    """The Inline XBRL report; with an ESEF profile, for its place in the report package."""
    with collector_paused():
        return render_inline(model, esef.schema_href(mapped.filing, model.name) if model.profile else None)


def render_report(
    mapped: MappedFiling,
    model: RenderModel,
    extension: dict[str, str],
    inline: str,
    packages: list[Path],
    ifrs_version: str = DEFAULT_IFRS_VERSION,
) -> tuple[str, dict[str, str | bytes]]:
    """The file to validate and every file's content (the mapping report included), all in
    memory: the instance, the ``inline`` report and the ``extension`` taxonomy, or with an ESEF
    profile the report package."""
    taxonomy = load_ifrs(packages, ifrs_version)
    files: dict[str, str | bytes]
    with collector_paused():
        if model.profile:
            entry, package = esef.report_package(mapped.filing, model.profile, model.name, extension, inline)
            files = {entry: package}
        else:
            entry = f"{model.name}.xbrl"
            files = {**extension, entry: render_instance(model, taxonomy), f"{model.name}.xhtml": inline}
        rows = mapping_report(mapped)
        files[f"{model.name}-mapping.json"] = format_json(rows)
        files[f"{model.name}-mapping.txt"] = format_text(rows)
    return entry, files


def build(
    source: Path,
    out_dir: Path,
    packages: list[Path],
    mapping_files: list[Path] | None = None,
    *,
    check: bool = True,
    prefix: str | None = None,
    ifrs_version: str = DEFAULT_IFRS_VERSION,
    profile: Profile | None = None,
    lei: str | None = None,
    accept_differences: bool = False,
    force_taxonomy: str | None = None,
    stage: Stage = quiet,
    spare_core: bool = False,
) -> BuildResult:
    """Statements to a validated filing; with an ESEF ``profile``, to a report package that
    Arelle's ESEF validation checks (on the IFRS taxonomy of the profile's year). ``stage`` is
    told when each stage starts. With a ``spare_core`` and a large extension taxonomy
    (``validated_apart``), that taxonomy is validated there while this process validates the
    report (``validate_filing``; not for ESEF, whose checks span both)."""
    stage(f"reading {source}")
    filing, read_issues = read_statements_and_issues(source)
    read_issues += framework_issues(filing, force_taxonomy)
    if prefix:
        filing = with_prefix(filing, prefix)
    if accept_differences:
        filing = accepting_differences(filing)
    filed = esef.esef_filing(filing, profile, lei) if profile else filing
    if profile:
        profile = esef.on_packages(profile, packages)
        ifrs_version = profile.taxonomy.ifrs_date
        esef.check_ifrs(profile, load_ifrs(packages, ifrs_version).schema_url)
    stage(f"mapping {sum(len(s.lines) for s in filing.statements):,} lines")
    mapped = map_statements(
        filing, packages, mapping_files or [], ifrs_version
    )  # company rules by the file's own identifier
    mapped.filing = filed
    stage("rendering the instance, extension taxonomy and Inline XBRL report")
    model, extension = render_extension(mapped, packages, profile, ifrs_version)
    schema = out_dir / taxonomy_files(model.name)["schema.xsd.j2"]
    apart = taxonomy_apart(schema) if check and not profile and spare_core and _large(extension.values()) else None
    with ExitStack() as running:
        if apart:  # the taxonomy's validation starts now, the report's once it is rendered
            apart = replace(
                apart, taxonomy_started=running.enter_context(taxonomy_validated(extension, schema, packages))
            )
        inline = render_inline_report(mapped, model)
        if apart:
            report_files = {**extension, f"{model.name}.xhtml": inline}
            report = report_validated(report_files, out_dir / f"{model.name}.xhtml", apart, packages)
            apart = replace(apart, report_started=running.enter_context(report))
        entry, files = render_report(mapped, model, extension, inline, packages, ifrs_version)
        written = write_atomically(files, out_dir)
        result = BuildResult(mapped, written, out_dir / entry, read_issues + list(mapped.issues))
        if check and profile:
            stage("validating with Arelle")
            result.reports.append(validate_esef(result.instance, packages, profile))
        elif check:
            stage("validating with Arelle" + (", the report and the extension taxonomy side by side" if apart else ""))
            result.reports.extend(validate_filing(result.instance, result.inline, packages, taxonomy_apart=apart))
    return result


def taxonomy_apart(schema: Path) -> TaxonomyApart:
    """Our extension taxonomy as ``validate_filing`` checks it in a second process: the report's
    run leaves out its label and presentation linkbases."""
    names = taxonomy_files(schema.stem)
    return TaxonomyApart(schema, tuple(schema.parent / names[t] for t in ("labels.xml.j2", "presentation.xml.j2")))


def validated_apart(schema: Path, spare_core: bool) -> TaxonomyApart | None:
    """How a written filing has its extension taxonomy validated: apart, with a core to spare for
    it and a taxonomy large enough to gain; else (None) within the report's run."""
    names = taxonomy_files(schema.stem).values()
    return taxonomy_apart(schema) if spare_core and _large((schema.parent / n).read_bytes() for n in names) else None


def _large(contents: Iterable[str | bytes]) -> bool:
    """Whether the extension schema and its linkbases are large enough for their validation on a
    second core to gain more than that process's start costs (``TAXONOMY_APART_FROM`` bytes)."""
    return sum(len(c.encode() if isinstance(c, str) else c) for c in contents) >= TAXONOMY_APART_FROM


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
