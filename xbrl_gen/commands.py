"""The front-door commands: ``convert-sheet`` (workbook -> statements file), ``template``
(statements -> workbook to fill) and ``serve`` (the HTTP service). Kept apart from cli.py, which
registers them with ``register``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from xbrl_gen.errors import XbrlGenError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "iij-2020-q1" / "statements.yaml"


def register(sub: argparse._SubParsersAction, taxonomy_option: Callable[[argparse.ArgumentParser], None]) -> None:  # type: ignore[type-arg]
    sheet = sub.add_parser(
        "convert-sheet", help="read the statements of a workbook (.xlsx/.csv) into a statements file"
    )
    sheet.add_argument("workbook", type=Path, help="workbook (.xlsx) or CSV file, one sheet per statement")
    sheet.add_argument("-o", "--out", type=Path, required=True, help="statements file to write (.yaml)")
    sheet.set_defaults(command=convert_sheet)

    template = sub.add_parser(
        "template", help="write a workbook of statements laid out for xbrl-gen to read, to fill in"
    )
    template.add_argument("--xlsx", type=Path, required=True, metavar="OUT", help="workbook to write (.xlsx)")
    template.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=EXAMPLE,
        metavar="SOURCE",
        help="statements to lay out (default: the IIJ example, examples/iij-2020-q1)",
    )
    template.set_defaults(command=write_template)

    serve = sub.add_parser("serve", help="HTTP service: POST /filings, /validate, /convert (OpenAPI docs at /docs)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    serve.add_argument(
        "--workers",
        type=int,
        default=2,
        help="requests processed at a time, each in its own process (default: %(default)s)",
    )
    serve.add_argument(
        "--max-bytes", type=int, default=20_000_000, help="largest upload accepted (default: %(default)s)"
    )
    serve.add_argument("--timeout", type=float, default=120.0, help="seconds a request may take (default: %(default)s)")
    taxonomy_option(serve)
    serve.set_defaults(command=run_service)


def convert_sheet(args: argparse.Namespace) -> int:
    from xbrl_gen.render import write_atomically
    from xbrl_gen.sources import spreadsheet
    from xbrl_gen.sources.structured import dumps

    if not spreadsheet.can_read(args.workbook):
        raise XbrlGenError(f"expected a workbook ({', '.join(spreadsheet.SUFFIXES)})", str(args.workbook))
    if not args.workbook.is_file():
        raise XbrlGenError("no such file", str(args.workbook))
    filing, issues = spreadsheet.read(args.workbook)
    for issue in issues:
        print(issue, file=sys.stderr)
    write_atomically({args.out.name: dumps(filing)}, args.out.parent)
    lines = sum(len(s.lines) for s in filing.statements)
    print(f"wrote {args.out}: {len(filing.statements)} statements, {lines} lines, {len(issues)} warnings")
    return 0


def write_template(args: argparse.Namespace) -> int:
    from xbrl_gen.sources import read_statements
    from xbrl_gen.workbook import write_template as write

    if args.source == EXAMPLE and not EXAMPLE.is_file():
        raise XbrlGenError("the example is not installed with this copy of xbrl-gen; give statements with --from FILE")
    if args.xlsx.suffix.lower() != ".xlsx":
        raise XbrlGenError("expected an .xlsx file name", str(args.xlsx))
    filing = read_statements(args.source)
    written = write(filing, args.xlsx)
    print(f"wrote {written}: {len(filing.statements)} statement sheets and a 'Filing' sheet")
    return 0


def run_service(args: argparse.Namespace) -> int:
    try:
        from xbrl_gen.service.app import Limits, serve
    except ImportError as err:
        raise XbrlGenError(f"the service needs {err.name}: pip install 'xbrl-gen[serve]'") from None
    from xbrl_gen.taxonomy import package_paths

    if args.workers < 1 or args.max_bytes < 1 or args.timeout <= 0:
        raise XbrlGenError("--workers, --max-bytes and --timeout must be positive")
    limits = Limits(max_bytes=args.max_bytes, timeout=args.timeout, workers=args.workers)
    serve(package_paths(args.taxonomy_package), limits, args.host, args.port)
    return 0
