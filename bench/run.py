"""The benchmark (``make bench``): speed and memory at scale, side by side with xbrl-forge.

In one run, each in processes of its own so that peak RSS is per step:
1. synthetic statements files of about 1,000, 10,000 and 100,000 values (``synthetic.py``), timed
   stage by stage (load, map, render instance + extension taxonomy, render iXBRL, write) and then
   validated by Arelle;
2. the same content through xbrl-forge 1.0.0, in a virtual environment of its own
   (``bench/.venv-forge``, made on first use), without its input check;
3. the IIJ example end to end: the text report (seed 000) to a validated filing, and
   ``xbrl-gen build examples/iij-2020-q1`` as a user runs it;
4. 100 copies of the example (``--copies``; the batch size of the target) built with ``-j 1`` and with ``-j 2``: reports per minute.
The results go to stdout and bench/out/results.md (untracked); with ``--update-doc`` also into
docs/benchmarks.md, between the results markers, for a run worth publishing.

    python bench/run.py [--sizes 1000 10000 100000] [--copies 100] [--no-forge] [--no-validate] [--no-batch] [--update-doc]
    python bench/run.py --profile 10000     # cProfile of each stage instead
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
DOC = ROOT / "docs" / "benchmarks.md"
FORGE_VENV = BENCH / ".venv-forge"
FORGE_REQUIREMENT = "xbrl-forge==1.0.0"
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLE = ROOT / "examples" / "iij-2020-q1"
BATCH_COPIES = 100
START, END = "<!-- results: written by bench/run.py -->", "<!-- /results -->"
OUR_STAGES = {
    "load": "load (parse YAML)",
    "map": "map",
    "render": "render model, instance + extension taxonomy",
    "inline": "render iXBRL",
    "write": "write",
    "validate": "Arelle: validate iXBRL, compare the instance",
}
END_TO_END = "**end to end: taxonomy, load → validated files**"
BUILD_COMMAND = "**`xbrl-gen build` in a new process (what a user waits for)**"
MIN_SECONDS = 0.05  # a stage shorter than this at 10k is timer and page-cache noise, not a scaling measure
FORGE_STAGES = {"json load": "json load", "load input": "load input", "create": "create", "save": "save"}
# What is compared: both generators from content in memory to files on disk. Ours: the render
# model (facts, contexts, networks), the instance and the taxonomy, the iXBRL report, the write.
# xbrl-forge: strictly its create + save; and, as the like of our render model, its load input
# (its document objects from the parsed JSON) + create + save.
OURS_RENDER = ("render", "inline", "write")
FORGE_RENDERS = {"create + save": ("create", "save"), "load input + create + save": ("load input", "create", "save")}


def ours_render(result: dict[str, Any]) -> float:
    return sum(result["ours"]["stages"][k] for k in OURS_RENDER)


def end_to_end(result: dict[str, Any]) -> float:
    """Every stage of a build, the taxonomy package's reading and Arelle's validation included."""
    return sum(result["ours"]["stages"].values()) + sum(result["validation"]["stages"].values())


def forge_render(result: dict[str, Any], stages: tuple[str, ...]) -> float:
    return sum(result["forge"]["stages"][k] for k in stages)


CPU_SHARES: list[float] = []  # CPU seconds / wall seconds of each single-process step


@dataclass(frozen=True)
class Run:
    """A finished child process: exit code, wall and CPU seconds, its own peak RSS, its output."""

    code: int
    seconds: float
    cpu: float
    rss_mb: float
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        """The step's JSON result; a step that had less than a whole core was slowed by other work."""
        if self.code:
            raise SystemExit(f"bench: a step failed (exit code {self.code}):\n{self.stderr[-3000:]}")
        CPU_SHARES.append(self.cpu / self.seconds)
        return json.loads(self.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def measure(command: list[str], cwd: Path = ROOT) -> Run:
    """Run ``command``: wall time, and from ``wait4`` the CPU time and peak RSS of the child (with
    the workers it waited for), not of this process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Run(process.returncode, seconds, cpu, usage.ru_maxrss / 1024, out.read(), err.read())


def step(*args: str | Path) -> dict[str, Any]:
    return measure([sys.executable, str(BENCH / "stages.py"), *map(str, args)], cwd=BENCH).json()


def forge_python() -> Path:
    """The interpreter of bench/.venv-forge, with xbrl-forge installed the first time."""
    python = FORGE_VENV / "bin" / "python"
    if python.exists() and measure([str(python), "-c", "import xbrl_forge"]).code == 0:
        return python
    print(f"bench: installing {FORGE_REQUIREMENT} into {FORGE_VENV}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(FORGE_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", FORGE_REQUIREMENT], check=True)
    return python


def synthetic(size: int) -> Path:
    from synthetic import filing

    from xbrl_gen.sources.structured import dumps

    path = OUT / f"synthetic-{size}.yaml"
    path.write_text(dumps(filing(size)), encoding="utf-8")
    return path


def scale_run(size: int, validate: bool, forge: Path | None) -> dict[str, Any]:
    source = synthetic(size)
    out = OUT / f"filing-{size}"
    shutil.rmtree(out, ignore_errors=True)
    forge_json = OUT / f"forge-{size}.json"
    result: dict[str, Any] = {"ours": step("pipeline", source, out, *([forge_json] if forge else []))}
    if validate:
        result["validation"] = step("validate", out)
        result["cli"] = build_command(source, OUT / f"cli-{size}")
    if forge is not None:
        forge_out = OUT / f"forge-{size}"
        shutil.rmtree(forge_out, ignore_errors=True)
        result["forge"] = measure([str(forge), str(BENCH / "forge_stages.py"), str(forge_json), str(forge_out)]).json()
    print(f"bench: {size:,} values done", file=sys.stderr)
    return result


def build_command(source: Path, out: Path) -> dict[str, Any]:
    """``xbrl-gen build SOURCE -o OUT`` as a user runs it, in a new process: imports, the build
    (the mapping report included, the taxonomy's validation started as early as the build
    starts it) and Arelle's validation, to the process's end."""
    shutil.rmtree(out, ignore_errors=True)
    run = measure([str(Path(sys.executable).with_name("xbrl-gen")), "build", str(source), "-o", str(out)])
    return {"seconds": run.seconds, "rss_mb": run.rss_mb, "code": run.code, "stdout": run.stdout.strip()}


def example_runs() -> dict[str, Any]:
    """The IIJ example: the text report end to end, and the build command as a user runs it."""
    result: dict[str, Any] = {}
    seeds = sorted(SEEDS.glob("000_*.txt"))
    if seeds:
        result["text"] = step("text", seeds[0], OUT / "iij-text") | {"seed": seeds[0].name}
    result["cli"] = build_command(EXAMPLE, OUT / "iij-cli")
    shutil.rmtree(OUT / "iij-warm", ignore_errors=True)
    result["warm"] = step("warm", EXAMPLE, OUT / "iij-warm")["seconds"]
    return result


def batch_runs(copies: int) -> dict[str, Any]:
    """``copies`` copies of the example, built serially and on two workers; the outputs must not differ."""
    shutil.rmtree(OUT / "batch-sources", ignore_errors=True)
    sources = []
    for n in range(1, copies + 1):
        copy = OUT / "batch-sources" / f"{EXAMPLE.name}-copy{n}"
        copy.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXAMPLE / "statements.yaml", copy / "statements.yaml")
        sources.append(str(copy))
    runs = {}
    for jobs in (1, 2):
        out = OUT / f"batch-j{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        runs[jobs] = measure(
            [str(Path(sys.executable).with_name("xbrl-gen")), "build", *sources, "-o", str(out), "-j", str(jobs)]
        )
        if runs[jobs].code:
            raise SystemExit(f"bench: batch build -j {jobs} failed:\n{runs[jobs].stderr[-3000:]}")
    same = not _differences(OUT / "batch-j1", OUT / "batch-j2")
    cores = {f"cores{jobs}": run.cpu / run.seconds for jobs, run in runs.items()}  # workers' CPU time counts too
    rss = {f"rss{jobs}": run.rss_mb for jobs, run in runs.items()}  # the largest process: a worker, or the parent
    return {"copies": copies, "j1": runs[1].seconds, "j2": runs[2].seconds, "identical": same, **cores, **rss}


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = compared.left_only + compared.right_only + compared.diff_files + compared.funny_files
    return found + [d for sub in compared.common_dirs for d in _differences(left / sub, right / sub)]


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "ram": f"{memory / 1024 / 1024:.1f} GB",
        "python": platform.python_version(),
        "arelle": version("arelle-release"),
        "os": f"{platform.system()} {platform.release()}",
    }


# --- report -------------------------------------------------------------------------------------


def _s(seconds: float | None, facts: int | None = None) -> str:
    if seconds is None:
        return "–"
    rate = f" ({facts / seconds:,.0f}/s)" if facts and seconds else ""
    return f"{seconds:.2f} s{rate}"


def _ratio(big: float | None, small: float | None) -> str:
    return f"{big / small:.1f}" if big and small else "–"


def clis(results: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    return [results[s]["cli"] for s in sorted(results)]


def scale_table(results: dict[int, dict[str, Any]]) -> list[str]:
    sizes = sorted(results)
    last = sizes[-2:] if len(sizes) > 1 else []
    head = [
        "| stage | " + " | ".join(f"{s:,}" for s in sizes) + (f" | {last[1]:,} / {last[0]:,}" if last else "") + " |"
    ]
    head.append("|---" * (len(sizes) + 1 + bool(last)) + "|")
    rows = []

    def row(name: str, values: list[float | None], facts: list[int | None]) -> None:
        cells = [_s(v, f) for v, f in zip(values, facts)]
        rows.append(
            f"| {name} | " + " | ".join(cells) + (f" | {_ratio(values[-1], values[-2])}" if last else "") + " |"
        )

    def plain(name: str, cells: list[str]) -> None:
        """A row of figures with no 100k / 10k ratio: its ratio cell stays empty."""
        rows.append(f"| {name} | " + " | ".join(cells) + (" | |" if last else " |"))

    summaries = [results[s]["ours"] for s in sizes]
    facts = [r["facts"] for r in summaries]
    for key, name in OUR_STAGES.items():
        values = [
            (r["ours"]["stages"] | r.get("validation", {}).get("stages", {})).get(key)
            for r in (results[s] for s in sizes)
        ]
        row(name, values, facts)
    ours = [ours_render(results[s]) for s in sizes]
    row("**ours: render instance + taxonomy + iXBRL, write**", ours, facts)
    if all("validation" in results[s] for s in sizes):
        row(END_TO_END, [end_to_end(results[s]) for s in sizes], facts)
        row(BUILD_COMMAND, [results[s]["cli"]["seconds"] for s in sizes], facts)
    if all("forge" in results[s] for s in sizes):
        forge = [results[s]["forge"] for s in sizes]
        for key, name in FORGE_STAGES.items():
            row(f"xbrl-forge: {name}", [f["stages"][key] for f in forge], facts)
        for name, stages in FORGE_RENDERS.items():
            theirs = [forge_render(results[s], stages) for s in sizes]
            row(f"**xbrl-forge: {name}**", theirs, facts)
            plain(f"**xbrl-forge {name} / ours**", [f"{_ratio(f, o)}×" for f, o in zip(theirs, ours)])
        plain("peak RSS, xbrl-forge", [f"{f['rss_mb']:.0f} MB" for f in forge])
    plain("peak RSS, load → write", [f"{results[s]['ours']['rss_mb']:.0f} MB" for s in sizes])
    if all("validation" in results[s] for s in sizes):
        plain(
            "peak RSS, Arelle validation (largest process)",
            [f"{results[s]['validation']['rss_mb']:.0f} MB" for s in sizes],
        )
        plain("Arelle: errors + calculation inconsistencies", [str(results[s]["validation"]["errors"]) for s in sizes])
        plain("`xbrl-gen build`: exit code, peak RSS", [f"{c['code']}, {c['rss_mb']:.0f} MB" for c in clis(results)])
    plain("values in the file → facts", [f"{r['cells']:,} → {r['facts']:,}" for r in summaries])
    plain("extension concepts / output size", [f"{r['extensions']:,} / {r['bytes'] / 1e6:.1f} MB" for r in summaries])
    return head + rows


def example_table(result: dict[str, Any]) -> list[str]:
    lines = []
    text = result.get("text")
    if text:
        stages = text["stages"]
        title = (
            f"Text report `{text['seed']}` → validated XBRL + iXBRL, in one process "
            f"({text['facts']} facts, {sum(text['issues'].values())} reader/mapping warnings):"
        )
        lines += [title, "", "| stage | seconds |", "|---|---|"]
        lines += [f"| {k} | {v:.2f} |" for k, v in stages.items()]
        lines += [f"| **total** | **{sum(stages.values()):.2f}** |", ""]
    cli = result["cli"]
    lines.append(
        f"`xbrl-gen build examples/iij-2020-q1 -o …` (a new process: imports, taxonomy, build, Arelle's "
        f"validation of the report, the instance compared with it): **{cli['seconds']:.2f} s** wall, peak RSS {cli['rss_mb']:.0f} MB, exit code {cli['code']}."
    )
    first, *later = result["warm"]
    lines += [
        "",
        f"The same build {len(result['warm'])} times in one process, as a batch or `xbrl-gen serve` worker builds "
        f"report after report: the first {first:.2f} s, then **{statistics.median(later):.2f} s** a report (median).",
    ]
    return lines


def targets(scale: dict[int, dict[str, Any]], example: dict[str, Any], batch: dict[str, Any] | None) -> list[str]:
    lines = []
    if 100_000 in scale and "validation" in scale[100_000]:
        stages, cli = end_to_end(scale[100_000]), scale[100_000]["cli"]
        met = cli["seconds"] <= 30 and cli["code"] == 0
        lines.append(
            f"- 100k values → validated XBRL + iXBRL end to end ≤ 30 s: `xbrl-gen build` in a new process "
            f"{cli['seconds']:.1f} s (exit code {cli['code']}) — {_met(met)}; its stages measured one by one "
            f"{stages:.1f} s"
        )
    if 10_000 in scale and 100_000 in scale:
        big, small = scale[100_000], scale[10_000]
        stages = {**big["ours"]["stages"], **big.get("validation", {}).get("stages", {})}
        smalls = {**small["ours"]["stages"], **small.get("validation", {}).get("stages", {})}
        judged = [k for k in OUR_STAGES if k in stages and smalls.get(k, 0) >= MIN_SECONDS]
        worst = max((stages[k] / smalls[k], OUR_STAGES[k]) for k in judged)
        short = [OUR_STAGES[k] for k in OUR_STAGES if k in smalls and k not in judged]
        lines.append(
            f"- time(100k) / time(10k) ≤ 12 for every stage we own: worst {worst[0]:.1f} ({worst[1]}) — "
            f"{_met(worst[0] <= 12)}"
            + (f"; not judged, under {MIN_SECONDS} s at 10k: {', '.join(short)}" if short else "")
        )
        rss = big["ours"]["rss_mb"]
        lines.append(
            f"- Peak RSS < 1 GB at 100k (load → write): {rss:.0f} MB — {_met(rss < 1024)}"
            + (f"; Arelle validation alone: {big['validation']['rss_mb']:.0f} MB" if "validation" in big else "")
        )
    cli = example["cli"]["seconds"]
    warm = statistics.median(example["warm"][1:])
    lines.append(
        f"- IIJ quarter end to end (`xbrl-gen build`, Arelle included) ≤ 1.5 s: {cli:.2f} s in a new process — "
        f"{_met(cli <= 1.5)}; {warm:.2f} s in a warm worker (batch, `xbrl-gen serve`) — {_met(warm <= 1.5)}"
    )
    if batch:
        rate = per_minute(batch, 2)
        lines.append(
            f"- Batch of quarterly reports at `-j 2` ≥ 120 reports/minute: {rate:.0f}/minute "
            f"({batch['copies']} copies) — {_met(rate >= 120)}"
        )
    return lines


def _met(met: bool) -> str:
    return "met" if met else "not met"


def per_minute(batch: dict[str, Any], jobs: int) -> float:
    return float(batch["copies"] * 60 / batch[f"j{jobs}"])


def report(
    scale: dict[int, dict[str, Any]],
    example: dict[str, Any],
    batch: dict[str, Any] | None,
    info: dict[str, str],
    loads: tuple[float, float],
) -> str:
    share, load = min(CPU_SHARES), max(loads)
    lines = [
        START,
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {info['cpu']}, {info['ram']} RAM, {info['os']}; "
        f"Python {info['python']}, Arelle {info['arelle']}, {FORGE_REQUIREMENT}. Load average (1 min) "
        f"{loads[0]:.2f} before the run, {loads[1]:.2f} after; the least CPU a single-process step got: {share:.0%} of a core."
        + _shared_note(load, share),
        "",
        "### Synthetic filings (seconds, facts per second)",
        "",
        *scale_table(scale),
        "",
        "### The IIJ example end to end",
        "",
        *example_table(example),
        "",
    ]
    if batch:
        lines += [
            "### Batch builds on 2 cores",
            "",
            (
                f"{batch['copies']} copies of examples/iij-2020-q1 in one `xbrl-gen build` (validation included): "
                f"`-j 1` {batch['j1']:.1f} s ({per_minute(batch, 1):.0f} reports/minute, largest process "
                f"{batch['rss1']:.0f} MB), `-j 2` {batch['j2']:.1f} s (**{per_minute(batch, 2):.0f} reports/minute**, "
                f"largest process {batch['rss2']:.0f} MB) — speed-up **{batch['j1'] / batch['j2']:.2f}×**; "
                f"outputs {'byte-identical' if batch['identical'] else '**different**'}. Cores kept busy: "
                f"{batch['cores1']:.2f} with `-j 1`, {batch['cores2']:.2f} with `-j 2`"
                + (" (the other core was taken by other work)." if batch["cores2"] < 1.5 else ".")
            ),
            "",
        ]
    lines += ["### Targets", "", *targets(scale, example, batch), END]
    return "\n".join(lines)


def _shared_note(load: float, share: float) -> str:
    if share < 0.9:
        return " **The machine was shared with other work during the run**, so the times are upper bounds."
    if load >= 0.5:
        return (
            " **The machine was shared with other work during the run**: each single-process step still had a"
            " core to itself, but the batch's second worker had to share one."
        )
    return ""


def write_doc(results: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    DOC.write_text(before + results + after, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--no-forge", action="store_true", help="leave xbrl-forge out")
    parser.add_argument(
        "--no-validate", action="store_true", help="leave Arelle validation of the synthetic filings out"
    )
    parser.add_argument("--no-batch", action="store_true", help="leave the batch builds out")
    parser.add_argument(
        "--copies",
        type=int,
        default=BATCH_COPIES,
        help="copies of the example in the batch builds (default: %(default)s)",
    )
    parser.add_argument(
        "--update-doc", action="store_true", help=f"also write the results into {DOC.relative_to(ROOT)} (tracked)"
    )
    parser.add_argument(
        "--profile", type=int, metavar="SIZE", help="only profile the pipeline on SIZE values (cProfile)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault(
        "XBRL_GEN_TAXONOMY_PACKAGES", str(ROOT.parent / "shared" / "taxonomies" / "IFRSAT-2022-03-24.zip")
    )
    OUT.mkdir(exist_ok=True)
    if args.profile:
        result = step("profile", synthetic(args.profile), OUT / f"profile-{args.profile}")
        text = "\n".join(
            f"## {name}: {result['stages'][name]:.2f} s\n{stats}" for name, stats in result["profiles"].items()
        )
        (OUT / f"profile-{args.profile}.txt").write_text(text, encoding="utf-8")
        print(text)
        return
    load = os.getloadavg()[0]
    forge = None if args.no_forge else forge_python()
    scale = {size: scale_run(size, not args.no_validate, forge) for size in sorted(args.sizes)}
    example = example_runs()
    batch = None if args.no_batch else batch_runs(args.copies)
    results = report(scale, example, batch, machine(), (load, os.getloadavg()[0]))
    print(results)
    (OUT / "results.md").write_text(results, encoding="utf-8")
    if args.update_doc:
        write_doc(results)


if __name__ == "__main__":
    main()
