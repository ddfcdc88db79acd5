"""Exact-concept accuracy of the mapper on the development set (bench/devset/*/): real filers'
primary statements with the concept a careful tagger would choose for each line.

    python bench/mapping_accuracy.py [--misses] [--esef] [DEVSET_DIR]

A line is right when it gets the expected ifrs-full concept (or one of the listed equally good
ones), or a company extension where the expected entry says ``extension``. A filer whose
mapping or facts fail (the build would stop) counts all its lines as wrong. ``--esef`` also
builds each filer and counts Arelle's ESEF extensionElementDuplicatesCoreElement findings on its
Inline XBRL report (needs the ESEF taxonomy package next to the IFRS one, and the "esef" extra).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

from xbrl_gen.build import map_statements
from xbrl_gen.errors import XbrlGenError
from xbrl_gen.facts import derive_facts
from xbrl_gen.sources import structured
from xbrl_gen.taxonomy import IFRS_PREFIX, load_ifrs, package_paths

DEVSET = Path(__file__).parent / "devset"


def expected_lines(folder: Path) -> dict[str, list[tuple[str, tuple[str, ...], str]]]:
    """Statement id -> (label, acceptable concepts, reason) for each non-header line, in order."""
    doc = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    found = {}
    for statement, rows in doc["statements"].items():
        found[statement] = [(str(r[0]), tuple(r[1]) if isinstance(r[1], list) else (r[1],), str(r[2])) for r in rows]
    return found


def score(folder: Path, packages: list[Path], show: bool) -> tuple[int, int]:
    """(right, total) for one filer; misses printed when ``show``."""
    expected = expected_lines(folder)
    total = sum(len(rows) for rows in expected.values())
    try:
        mapped = map_statements(structured.read(folder / "statements.yaml"), packages, [])
        derive_facts(mapped)  # two values for one fact fail the build here
    except XbrlGenError as err:
        print(f"  {folder.name}: mapping failed: {err}")
        return 0, total
    right = 0
    for statement in mapped.statements:
        rows = expected.get(statement.statement.id, [])
        lines = [t for t in statement.lines if not t.line.is_header]
        if [r[0] for r in rows] != [t.line.label for t in lines]:
            raise SystemExit(
                f"{folder.name}/{statement.statement.id}: expected.yaml lines do not follow statements.yaml"
            )
        for tagged, (label, concepts, _why) in zip(lines, rows):
            got = tagged.concept.qname if tagged.concept else "-"
            ok = got in concepts or ("extension" in concepts and not got.startswith(f"{IFRS_PREFIX}:"))
            right += ok
            if show and not ok:
                layer = tagged.choice.layer if tagged.choice else "-"
                print(f"    {statement.statement.id}: {label!r}: got {got} ({layer}), want {' | '.join(concepts)}")
    return right, total


def esef_duplicates(folder: Path, packages: list[Path], out: Path) -> int:
    """Extension concepts Arelle's ESEF check finds duplicating a core concept, in the built filing."""
    import json

    from arelle.api.Session import Session
    from arelle.RuntimeOptions import RuntimeOptions

    from xbrl_gen.build import build

    built = build(folder / "statements.yaml", out / folder.name, packages, [], check=False)
    esef = [p for p in packages if "esef" in p.name] or sorted(packages[0].parent.glob("esef_taxonomy_2022*.zip"))
    options = RuntimeOptions(
        entrypointFile=str(built.inline),
        packages=[str(p) for p in [*packages, *esef]],
        plugins="inlineXbrlDocumentSet|validate/ESEF",
        disclosureSystemName="esef-2022",
        validate=True,
        internetConnectivity="offline",
        logFile="logToBuffer",
        logLevel="WARNING",
    )
    with Session() as session:
        session.run(options)
        log = json.loads(session.get_logs("json"))["log"]
    return sum("extensionElementDuplicatesCoreElement" in entry["code"] for entry in log)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", nargs="?", type=Path, default=DEVSET)
    parser.add_argument("--misses", action="store_true", help="list every line mapped otherwise than expected")
    parser.add_argument(
        "--esef", action="store_true", help="build each filer and count ESEF extensionElementDuplicatesCoreElement"
    )
    args = parser.parse_args()
    packages = package_paths()
    taxonomy = load_ifrs(packages)
    right = total = 0
    for folder in sorted(p for p in args.devset.iterdir() if (p / "expected.yaml").is_file()):
        unknown = {
            c
            for rows in expected_lines(folder).values()
            for _, cs, _ in rows
            for c in cs
            if c != "extension" and c not in taxonomy.concepts
        }
        if unknown:
            print(
                f"  {folder.name}: expected concepts not in the taxonomy (never matched): {', '.join(sorted(unknown))}"
            )
        r, t = score(folder, packages, args.misses)
        duplicates = ""
        if args.esef:
            with tempfile.TemporaryDirectory() as out:
                duplicates = f"  ESEF duplicates of core concepts: {esef_duplicates(folder, packages, Path(out))}"
        print(f"{folder.name:28} {r:3}/{t:3}  {100 * r / t:5.1f} %{duplicates}")
        right, total = right + r, total + t
    print(f"{'all':28} {right:3}/{total:3}  {100 * right / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
