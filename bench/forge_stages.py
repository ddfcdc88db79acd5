"""xbrl-forge's stages on one input file, timed; run by bench/run.py with the interpreter of
bench/.venv-forge (xbrl-forge 1.0.0), so it imports nothing of ours.

Its JSON-schema check of the input (``validate_input_data``) is left out: it is most of its run
time at scale and no part of generating. Prints one JSON object: seconds per stage, facts tagged
in what it wrote, peak RSS in MB.

    python forge_stages.py INPUT.json OUT_DIR
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def main(source: Path, out: Path) -> dict[str, object]:
    seconds: dict[str, float] = {}

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        seconds[name] = time.perf_counter() - start

    with stage("import"):
        import xbrl_forge
    with stage("json load"):
        data = json.loads(source.read_text(encoding="utf-8"))
    with stage("load input"):
        loaded = xbrl_forge.load_input_data(data)
    with stage("create"):
        package = xbrl_forge.create_xbrl([loaded])
    with stage("save"):
        out.mkdir(parents=True, exist_ok=True)
        package.save_files(str(out), True)
    return {
        "stages": seconds,
        "facts": _facts(out),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _facts(out: Path) -> dict[str, int]:
    """Numeric facts in each report written: ix:nonFraction tags, or unit-bearing instance items."""
    counts = {}
    for report in sorted(out.glob("*/reports/*")):
        text = report.read_text(encoding="utf-8")
        pattern = r"<ix:nonFraction\b" if report.suffix in (".html", ".xhtml") else r"<[\w.-]+:[\w.-]+ [^>]*unitRef="
        counts[report.name] = len(re.findall(pattern, text))
    return counts


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
