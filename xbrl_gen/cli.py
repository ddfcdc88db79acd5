"""``xbrl-gen``: build filings from statements and check them with Arelle.

Exit codes: 0 success, 1 Arelle found errors or calculation inconsistencies in what we wrote, or the
statements' arithmetic fails beyond rounding (a total, a balance, a roll-forward), or ``convert``
wrote facts without their taxonomy, unvalidated; 2 bad input or setup (one line on
stderr naming file and position; a traceback only with --debug).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from xbrl_gen import commands
from xbrl_gen.convert.formats import Format
from xbrl_gen.errors import XbrlGenError
from xbrl_gen.model import Severity
from xbrl_gen.sources.structured import DEFAULT_PREFIX, PREFIX_EXPECTED, URI, valid_prefix
from xbrl_gen.taxonomy import DEFAULT_IFRS_VERSION, ENV_PACKAGES, IFRS_VERSIONS, package_paths

if TYPE_CHECKING:
    from xbrl_gen.validate import ValidationReport

log = logging.getLogger("xbrl_gen")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.INFO if args.verbose else logging.WARNING, format="%(message)s"
    )
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except XbrlGenError as err:
        if args.debug:
            raise
        print(f"xbrl-gen: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xbrl-gen", description="IFRS XBRL and Inline XBRL from financial statements."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="say what is being done")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="tag, render and validate a filing from a statements file")
    build.add_argument(
        "sources",
        type=Path,
        nargs="+",
        metavar="source",
        help="statements file (.yaml/.json), workbook (.xlsx/.csv) or a directory holding statements.yaml; with several, "
        "each is built into OUT/<directory name or file stem>/",
    )
    build.add_argument("-o", "--out", type=Path, required=True, help="output directory")
    build.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="build N sources at a time, in N processes (default: one per core this process may use)",
    )
    build.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="build the sources on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786; extra 'cluster'), "
        "instead of in local processes; its workers must see the same paths",
    )
    build.add_argument(
        "--mapping", type=Path, action="append", default=[], help="company mapping rules (YAML); may repeat"
    )
    build.add_argument("--no-validate", action="store_true", help="skip Arelle validation")
    _prefix_option(build, None, f"the statements file's extension.prefix, else {DEFAULT_PREFIX}")
    build.add_argument(
        "--accept-differences",
        action="store_true",
        help="a total or balance missing its parts beyond rounding is a warning, not an error "
        "(as 'accept-difference: true' on every line); it then gets no calculation relationship",
    )
    build.add_argument(
        "--viewer", action="store_true", help="also write the interactive ixbrl-viewer page (needs the 'viewer' extra)"
    )
    _profile_option(build, "write an ESEF report package checked by Arelle's ESEF validation")
    build.add_argument("--lei", help="the entity's LEI (ESEF profiles); default: entity.lei of the statements file")
    build.add_argument(
        "--force-taxonomy",
        choices=["ifrs"],
        help="tag statements that state another framework (U.S. GAAP, J-GAAP) with the IFRS taxonomy anyway",
    )
    _taxonomy_option(build)
    _version_option(build)
    build.set_defaults(command=_build)

    text = sub.add_parser("convert-text", help="read the statements of a text report into a statements file")
    text.add_argument("report", type=Path, help="extracted text of an earnings release or quarterly report (.txt)")
    text.add_argument("-o", "--out", type=Path, required=True, help="statements file to write (.yaml)")
    text.add_argument("--entity-name", help="entity name, when the report does not say it plainly")
    text.add_argument("--identifier", help="entity identifier (e.g. stock code), when the report does not give it")
    text.add_argument(
        "--scheme",
        type=_uri,
        help="identifier scheme URI (default: the scheme of the exchange the report lists the stock code on, "
        "http://xbrl-gen.invalid/stock-code/<exchange the report lists it on, or 'listing'>)",
    )
    _prefix_option(text, DEFAULT_PREFIX, DEFAULT_PREFIX)
    text.set_defaults(command=_convert_text)

    explain = sub.add_parser("map", help="show which concept each line gets, why, and which choices are weak")
    explain.add_argument("source", type=Path, help="statements file or a directory holding statements.yaml")
    explain.add_argument("--json", action="store_true", help="machine-readable output")
    explain.add_argument(
        "--mapping", type=Path, action="append", default=[], help="company mapping rules (YAML); may repeat"
    )
    _taxonomy_option(explain)
    _version_option(explain)
    explain.set_defaults(command=_map)

    convert = sub.add_parser(
        "convert", help="convert a report: XBRL, Inline XBRL, xBRL-JSON/CSV, report package, fact table"
    )
    convert.add_argument(
        "sources",
        type=Path,
        nargs="+",
        metavar="source",
        help="XBRL instance, Inline XBRL 1.0/1.1 (several: one inline document set), report package (.xbri, .xbr, "
        ".zip), xBRL-JSON, or xBRL-CSV metadata (.json)",
    )
    convert.add_argument(
        "-o",
        "--out",
        type=Path,
        required=True,
        help="output file (xBRL-CSV: NAME.csv writes NAME-metadata.json + NAME-facts.csv)",
    )
    convert.add_argument("--to", required=True, choices=[f.value for f in Format], help="output format")
    convert.add_argument("--no-validate", action="store_true", help="skip Arelle validation of the output")
    _taxonomy_option(convert)
    convert.set_defaults(command=_convert)

    check = sub.add_parser("validate", help="validate an XBRL instance with Arelle (offline)")
    check.add_argument("instance", type=Path, help="instance, Inline XBRL report, or (with --profile) report package")
    _profile_option(check, "also run Arelle's ESEF validation of that year")
    _taxonomy_option(check)
    check.set_defaults(command=_validate)
    commands.register(sub, _taxonomy_option)  # convert-sheet, template, serve
    return parser


def _prefix_option(parser: argparse.ArgumentParser, default: str | None, default_text: str) -> None:
    parser.add_argument(
        "--prefix",
        type=_prefix,
        default=default,
        help=f"XML prefix of the company's extension concepts (default: {default_text})",
    )


def _prefix(text: str) -> str:
    if not valid_prefix(text):
        raise argparse.ArgumentTypeError(f"expected {PREFIX_EXPECTED}, got {text!r}")
    return text


def _uri(text: str) -> str:
    if not URI.fullmatch(text):
        raise argparse.ArgumentTypeError(f"expected an absolute URI, got {text!r}")
    return text


def _profile_option(parser: argparse.ArgumentParser, what: str) -> None:
    from xbrl_gen.esef import PROFILES

    parser.add_argument("--profile", choices=list(PROFILES), help=f"filing profile: {what}")


def _taxonomy_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--taxonomy-package",
        action="append",
        default=[],
        metavar="ZIP",
        help=f"taxonomy package (repeatable); default from ${ENV_PACKAGES}",
    )


def _version_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ifrs-version",
        choices=IFRS_VERSIONS,
        default=DEFAULT_IFRS_VERSION,
        help="IFRS Accounting Taxonomy to tag with, from the packages given (default: %(default)s)",
    )


def _build(args: argparse.Namespace) -> int:
    """Each source in turn (or ``--jobs`` at a time); the exit code is the worst source's."""
    from xbrl_gen import batch
    from xbrl_gen.progress import Progress, on_terminal

    if args.lei and not args.profile:
        raise XbrlGenError("--lei identifies the entity of an ESEF filing: give it with --profile")
    if args.viewer and args.profile:
        raise XbrlGenError("--viewer works on the plain report, not on an ESEF report package: leave out one of them")
    settings = batch.Settings(
        tuple(package_paths(args.taxonomy_package)),
        tuple(args.mapping),
        not args.no_validate,
        args.viewer,
        args.accept_differences,
        args.debug,
        args.prefix,
        args.ifrs_version,
        args.profile,
        args.lei,
        args.force_taxonomy,
        stages=on_terminal() and len(args.sources) == 1,
    )
    code = 0
    jobs = batch.plan(args.sources, args.out, settings)
    workers = args.jobs or len(os.sched_getaffinity(0))
    for outcome in batch.run(jobs, workers, args.scheduler, Progress(on_terminal())):
        if outcome.error is not None:
            print(f"xbrl-gen: error: {outcome.error}", file=sys.stderr)
            code = 2
            continue
        for issue in outcome.issues:
            print(issue, file=sys.stderr)
        for path in outcome.files:
            log.info("wrote %s", path)
        warnings = sum(issue.severity is Severity.WARNING for issue in outcome.issues)
        print(
            f"wrote {len(outcome.files)} files to {outcome.job.out} "
            f"({outcome.extensions} extension concepts, {warnings} warning{'' if warnings == 1 else 's'})"
        )
        if outcome.viewer:
            print(f"viewer page: {outcome.viewer}")
        code = max(code, _report(list(outcome.reports)))
        errors = [i for i in outcome.issues if i.severity is Severity.ERROR]
        if errors:
            print(f"{len(errors)} errors in the statements (listed above)")
            code = max(code, 1)
    return code


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _convert_text(args: argparse.Namespace) -> int:
    from xbrl_gen.render import write_atomically
    from xbrl_gen.sources.structured import dumps
    from xbrl_gen.sources.text.contents import SKIPPED, table_of_contents
    from xbrl_gen.sources.text_report import read_report

    filing, issues = read_report(
        args.report, name=args.entity_name, identifier=args.identifier, scheme=args.scheme, prefix=args.prefix
    )
    for issue in issues:
        if issue.code != SKIPPED:
            print(issue, file=sys.stderr)
    toc = table_of_contents(filing.statements, issues)
    contents = args.out.with_name(f"{args.out.stem}.contents.txt")
    write_atomically({args.out.name: dumps(filing), contents.name: toc}, args.out.parent)
    print(toc, end="")
    lines = sum(len(s.lines) for s in filing.statements)
    print(
        f"wrote {args.out} and {contents.name}: {len(filing.statements)} statements, {lines} lines, {len(issues)} warnings"
    )
    return 0


def _map(args: argparse.Namespace) -> int:
    from xbrl_gen.build import map_statements
    from xbrl_gen.mapping.report import format_json, format_text, mapping_report
    from xbrl_gen.sources import read_statements

    mapped = map_statements(
        read_statements(args.source), package_paths(args.taxonomy_package), args.mapping, args.ifrs_version
    )
    rows = mapping_report(mapped)
    print(format_json(rows) if args.json else format_text(rows), end="")
    for issue in mapped.issues:
        print(issue, file=sys.stderr)
    return 0


def _convert(args: argparse.Namespace) -> int:
    from xbrl_gen.convert.pipeline import convert
    from xbrl_gen.validate import validate

    for source in args.sources:
        if not source.is_file():
            raise XbrlGenError("expected a file, found a directory" if source.is_dir() else "no such file", str(source))
    packages = package_paths(args.taxonomy_package)
    result = convert(args.sources, Format(args.to), args.out, packages)
    print(f"wrote {', '.join(str(p) for p in result.files)} ({result.source.value} to {args.to})")
    if result.missing:
        print(
            f"xbrl-gen: warning: {args.sources[0]}: taxonomy not found offline: {', '.join(result.missing)}; "
            "facts written as the report states them, not validated",
            file=sys.stderr,
        )
        return 1
    if result.entry is None or args.no_validate:
        return 0
    inline = result.entry.suffix in {".xhtml", ".html", ".htm", ".xbri", ".zip"}
    return _report([validate(result.entry, [*packages, *result.packages], inline=inline)])


def _validate(args: argparse.Namespace) -> int:
    from xbrl_gen.convert.formats import detect
    from xbrl_gen.convert.loading import check_taxonomy_resolved
    from xbrl_gen.esef import check_ifrs, on_packages, profile
    from xbrl_gen.taxonomy import load_ifrs
    from xbrl_gen.validate import validate, validate_esef

    if not args.instance.is_file():
        raise XbrlGenError(
            "expected a file, found a directory" if args.instance.is_dir() else "no such file", str(args.instance)
        )
    fmt = detect(args.instance)  # not XBRL, hostile or broken XML (a package's too): stops here, before Arelle reads it
    packages = package_paths(args.taxonomy_package)
    if args.profile:
        chosen = on_packages(profile(args.profile), packages)
        check_ifrs(chosen, load_ifrs(packages, chosen.taxonomy.ifrs_date).schema_url)
        report = validate_esef(args.instance, packages, chosen)
    else:
        report = validate(args.instance, packages, inline=fmt in (Format.IXBRL, Format.PACKAGE))
    check_taxonomy_resolved(args.instance, report.issues)
    return _report([report])


def _report(reports: list[ValidationReport]) -> int:
    failed = False
    for report in reports:
        for issue in report.issues:
            if issue.severity is not Severity.INFO:
                print(f"  {issue}", file=sys.stderr)
        print(report.summary())
        failed = failed or bool(report.errors) or bool(report.calculation_inconsistencies)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
