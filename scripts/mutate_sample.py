"""Run a fixed-seed sample of mutmut's mutants one at a time, in scratch copies of the checkout.

mutmut's own runner first runs its whole test selection under tracing, longer than a sample's
run on two shared cores; this runs only the sample. It copies the checkout (the working tree as
it is, new tests included) to a temporary directory, has mutmut generate the mutants there and
names them (`mutmut results --all true`), draws the sample as `mutant_sample.py` does, writes each
sampled mutant into the source with `mutmut apply` in that copy (never in the working tree), runs
the module's fast tests against it with a timeout, and prints each module's score and the
survivors (file:line, function, the changed line). A failing or timed-out run kills the mutant;
a survivor listed in `scripts/equivalent_mutants.txt` (no input tells it apart) is counted apart.

    python scripts/mutate_sample.py --per-module 14 --seed 22 [-j 1] [modules...]
"""

from __future__ import annotations

import argparse
import difflib
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mutant_sample import module_of, sample

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAPPING = ("candidates", "dimensions", "engine", "extensions", "report", "rules", "search", "structure", "vetoes")
# The tests that reach mapping/ without an Arelle run or the minutes-long accuracy test.
TESTS = [
    "tests/test_mapping.py",
    "tests/test_mapping_structure.py",
    "tests/test_mapping_place.py",
    "tests/test_search_memory.py",
    "tests/test_defaults.py",
    "tests/test_seed_mapping.py",
]
# Most of test_dimensions builds and validates a filing with Arelle (20 s and more); these two do not.
EXTRA_TESTS = {
    "xbrl_gen.mapping.dimensions": [
        "tests/test_dimensions.py::test_a_reconciling_column_is_a_member_of_the_second_axis",
        "tests/test_dimensions.py::test_a_member_on_another_axis_needs_its_domain",
    ],
}
EQUIVALENT = ROOT / "scripts" / "equivalent_mutants.txt"
PYTEST = ["-p", "no:randomly", "-p", "no:cacheprovider", "-x", "-q", "-n", "0", "-m", "not arelle"]
PYTEST += ["-k", "not mapping_accuracy"]


@dataclass(frozen=True)
class Mutant:
    """One sampled mutant: its mutmut name, the file it changes and that file's mutated text."""

    name: str
    module: str
    path: str
    text: str
    line: int
    before: str
    after: str

    @property
    def function(self) -> str:
        """`Class.method` or `function`, from mutmut's mangled name (`xǁClassǁmethod__mutmut_3`)."""
        mangled = self.name.removeprefix(self.module + ".").partition("__mutmut_")[0]
        return mangled.removeprefix("x_").removeprefix("xǁ").replace("ǁ", ".")

    @property
    def number(self) -> str:
        return self.name.rpartition("__mutmut_")[2]


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    status: str  # killed, timeout (also killed) or survived
    seconds: float


def copy_checkout(dest: Path) -> None:
    """The tracked and new (not ignored) files of the working tree, as they are now."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


def generate(copy: Path) -> list[str]:
    """mutmut's mutants of the copy (the generating step of `mutmut run`, without its test runs), by name."""
    subprocess.run(
        ["nice", "-n", "10", sys.executable, "-c", "from mutmut.__main__ import create_mutants; create_mutants(1)"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    listed = subprocess.run(
        [BIN / "mutmut", "results", "--all", "true"], cwd=copy, check=True, capture_output=True, text=True
    ).stdout
    return [line.split(":")[0].strip() for line in listed.splitlines() if line.strip()]


def mutated(copy: Path, name: str, module: str) -> Mutant:
    """The mutant's file text, by `mutmut apply` in the generating copy, whose source is then restored."""
    path = module.replace(".", "/") + ".py"
    original = (copy / path).read_text(encoding="utf-8")
    try:
        subprocess.run([BIN / "mutmut", "apply", name], cwd=copy, check=True, capture_output=True)
        text = (copy / path).read_text(encoding="utf-8")
    finally:
        (copy / path).write_text(original, encoding="utf-8")
    old, new = original.splitlines(), text.splitlines()
    opcodes = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    _, i1, i2, j1, j2 = opcodes[0]
    before = " ".join(s.strip() for s in old[i1:i2])
    after = " ".join(s.strip() for s in new[j1:j2])
    return Mutant(name, module, path, text, i1 + 1, before, after)


def run_tests(copy: Path, mutant: Mutant | None, tests: list[str], timeout: float) -> tuple[str, float]:
    """Whether the tests fail on the mutant (None: on the unchanged code) in this copy."""
    path = copy / mutant.path if mutant else None
    original = path.read_text(encoding="utf-8") if path else ""
    if mutant and path:
        path.write_text(mutant.text, encoding="utf-8")
    command = ["nice", "-n", "10", sys.executable, "-m", "pytest", *PYTEST, *tests]
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
        status = "survived" if done.returncode == 0 else "killed"
        if done.returncode in (3, 4, 5):  # pytest's internal error, usage error, no tests: not a verdict
            raise RuntimeError(
                f"pytest exited {done.returncode} on {mutant.name if mutant else 'the code'}:\n{done.stdout}"
            )
    except subprocess.TimeoutExpired:
        status = "timeout"
    finally:
        if path:
            path.write_text(original, encoding="utf-8")
    return status, time.monotonic() - start


def run_all(mutants: list[Mutant], copies: list[Path], timeout: float) -> list[Outcome]:
    """Each mutant in a free copy; as many at once as there are copies."""
    free: queue.Queue[Path] = queue.Queue()
    for copy in copies:
        free.put(copy)

    def one(mutant: Mutant) -> Outcome:
        copy = free.get()
        try:
            status, seconds = run_tests(copy, mutant, TESTS + EXTRA_TESTS.get(mutant.module, []), timeout)
        finally:
            free.put(copy)
        print(f"{status:8} {seconds:5.1f}s {mutant.name}", file=sys.stderr, flush=True)
        return Outcome(mutant, status, seconds)

    with ThreadPoolExecutor(len(copies)) as pool:
        return list(pool.map(one, mutants))


def equivalents(path: Path) -> dict[str, str]:
    """Mutants no input tells apart from the code, by name, with the reason (`NAME  # reason`)."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    pairs = (line.partition("#") for line in lines if line.strip() and not line.startswith("#"))
    return {name.strip(): reason.strip() for name, _, reason in pairs}


def report(outcomes: list[Outcome], equivalent: dict[str, str]) -> str:
    """A table of each module's score (of the mutants not known to be equivalent), then the
    survivors with their place and change, the equivalent ones with the reason."""
    rows = ["| module | sampled | killed | survived | equivalent | score |", "|---|---|---|---|---|---|"]
    modules = sorted({o.mutant.module for o in outcomes})
    for module in [*modules, None]:
        mine = [o for o in outcomes if module is None or o.mutant.module == module]
        killed = sum(o.status != "survived" for o in mine)
        same = sum(o.status == "survived" and o.mutant.name in equivalent for o in mine)
        label = f"`{mine[0].mutant.path.removeprefix('xbrl_gen/')}`" if module else "all"
        score = 100 * killed / (len(mine) - same) if len(mine) > same else 100.0
        rows.append(f"| {label} | {len(mine)} | {killed} | {len(mine) - killed - same} | {same} | {score:.1f} % |")
    for title, wanted in (("Survivors", False), ("Equivalent (survived)", True)):
        rows += ["", f"{title}:", ""]
        for o in outcomes:
            m = o.mutant
            if o.status == "survived" and (m.name in equivalent) == wanted:
                place = f"`{m.path.removeprefix('xbrl_gen/')}:{m.line}` ({m.function}, {m.number})"
                why = f" — {equivalent[m.name]}" if wanted else ""
                rows.append(f"- {place}: `{m.before}` → `{m.after}`{why}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="dotted module names (default: the nine of mapping/ run 4 sampled)")
    parser.add_argument("--per-module", type=int, default=14)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("-j", "--jobs", type=int, default=1, help="mutants run at once, each in its own copy")
    parser.add_argument("--timeout", type=float, default=90, help="seconds; a run over it kills the mutant")
    parser.add_argument("--equivalent", type=Path, default=EQUIVALENT, help="names of equivalent mutants, with why")
    args = parser.parse_args()
    modules = args.modules or [f"xbrl_gen.mapping.{m}" for m in MAPPING]
    with tempfile.TemporaryDirectory(prefix="mutate-sample-") as scratch:
        copies = [Path(scratch) / f"copy{i}" for i in range(args.jobs)]
        for copy in copies:
            copy_checkout(copy)
        names = sample(generate(copies[0]), modules, args.per_module, args.seed)
        mutants = [mutated(copies[0], name, str(module_of(name))) for name in names]
        print(f"{len(mutants)} mutants sampled (seed {args.seed}, {args.per_module} a module)", file=sys.stderr)
        every = TESTS + [t for tests in EXTRA_TESTS.values() for t in tests]
        status, seconds = run_tests(copies[0], None, every, args.timeout)
        if status != "survived":
            sys.exit(f"the tests fail on the unchanged code ({status}, {seconds:.0f} s)")
        print(f"the unchanged code passes its tests ({seconds:.0f} s)", file=sys.stderr)
        print(report(run_all(mutants, copies, args.timeout), equivalents(args.equivalent)))


if __name__ == "__main__":
    main()
