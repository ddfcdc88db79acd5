"""One measured step of the benchmark, run by bench/run.py in a process of its own so that the
peak RSS it reports is this step's alone. Prints one JSON object on stdout.

    python stages.py pipeline STATEMENTS OUT [FORGE_JSON]   load, map, render, iXBRL, write; then,
                                                          untimed, the content in xbrl-forge's format
    python stages.py validate OUT                          Arelle on the iXBRL report, the instance compared
    python stages.py text REPORT OUT                       a text report end to end, validation included
    python stages.py profile STATEMENTS OUT                cProfile of the pipeline, top functions per stage
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from xbrl_gen.batch import collect_garbage, tune_gc
from xbrl_gen.build import build, map_statements, validated_apart
from xbrl_gen.collector import collector_paused
from xbrl_gen.inline import render_inline
from xbrl_gen.mapping.search import concept_index
from xbrl_gen.model import Filing, Issue, Severity
from xbrl_gen.render import (
    RenderModel,
    build_render_model,
    render_filing,
    write_atomically,
)
from xbrl_gen.sources import read_statements
from xbrl_gen.sources.text_report import read_report
from xbrl_gen.taxonomy import load_ifrs, package_paths
from xbrl_gen.validate import validate_filing

Result = dict[str, Any]


class Stopwatch:
    """Wall and CPU seconds per named stage (CPU: this process's, which a loaded machine does not
    inflate); with a profiler, its statistics per stage too."""

    def __init__(self, profile: bool = False) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.profiles: dict[str, str] = {}
        self.profile = profile

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        profiler = cProfile.Profile() if self.profile else None
        start, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        yield
        if profiler:
            profiler.disable()
        self.seconds[name] = time.perf_counter() - start
        self.cpu[name] = time.process_time() - cpu
        if profiler:
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(12)
            self.profiles[name] = text.getvalue()


def pipeline(read: Callable[[], tuple[Filing, list[Issue]]], out: Path, watch: Stopwatch) -> tuple[Result, RenderModel]:
    """The build, stage by stage, as ``xbrl_gen.build`` runs it."""
    packages = package_paths()
    with watch.stage("taxonomy"):
        taxonomy = load_ifrs(packages)
        concept_index(taxonomy)
    with watch.stage("load"):
        filing, issues = read()
    with watch.stage("map"):
        mapped = map_statements(filing, packages, [])
    refused = [i for i in [*issues, *mapped.issues] if i.severity is Severity.ERROR]
    if refused:  # a filing the build refuses measures nothing
        raise SystemExit(f"bench: the build would refuse {refused[0].where}: {refused[0].message}")
    with watch.stage("render"), collector_paused():
        model = build_render_model(mapped, taxonomy.namespace, taxonomy.labels)
        files = render_filing(model, taxonomy)
    with watch.stage("inline"), collector_paused():
        files[f"{model.name}.xhtml"] = render_inline(model)
    with watch.stage("write"):
        written = write_atomically(files, out)
    return {
        "cells": sum(v is not None for s in filing.statements for line in s.lines for v in line.values),
        "facts": len(model.facts),
        "bytes": sum(p.stat().st_size for p in written),
        "issues": dict(Counter(i.code for i in [*issues, *mapped.issues])),
        "extensions": len(mapped.extensions),
    }, model


def check(out: Path, watch: Stopwatch) -> Result:
    """Arelle on what ``pipeline`` wrote, as ``xbrl-gen build`` checks one source: the Inline XBRL
    report validated, the instance proved equal to it; the report and the extension taxonomy
    validated side by side when there is a second core and the taxonomy is large enough."""
    packages = package_paths()
    (instance,) = out.glob("*.xbrl")
    apart = validated_apart(instance.with_suffix(".xsd"), spare_core=len(os.sched_getaffinity(0)) > 1)
    with watch.stage("validate"):
        reports = validate_filing(instance, instance.with_suffix(".xhtml"), packages, taxonomy_apart=apart)
    return {
        "summaries": [r.summary() for r in reports],
        "errors": sum(len(r.errors) + len(r.calculation_inconsistencies) for r in reports),
        "facts": reports[0].fact_count,
    }


WARM_BUILDS = 6


def warm(source: Path, out: Path) -> Result:
    """The same build, validation included, ``WARM_BUILDS`` times in this one process, as a batch
    worker or a ``xbrl-gen serve`` worker builds report after report: the first pays for the
    worker's start (Arelle's controller and plugins, the taxonomy; Arelle is imported already),
    the others show a report's own cost."""
    packages = package_paths()
    seconds = []
    for n in range(WARM_BUILDS):
        start = time.perf_counter()
        result = build(source, out / str(n), packages)
        seconds.append(time.perf_counter() - start)
        if any(r.errors for r in result.reports):
            raise SystemExit(f"bench: warm build {n} failed: {[r.summary() for r in result.reports]}")
        collect_garbage()
    return {"seconds": seconds}


def main(argv: list[str]) -> Result:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["pipeline", "validate", "text", "profile", "warm"])
    parser.add_argument("paths", type=Path, nargs="+")
    args = parser.parse_args(argv)
    tune_gc()  # as xbrl-gen build does
    watch = Stopwatch(profile=args.step == "profile")
    if args.step == "validate":
        return check(args.paths[0], watch) | _measured(watch)
    if args.step == "warm":
        return warm(*args.paths)
    source, out, *forge = args.paths
    read = (lambda: read_report(source)) if args.step == "text" else (lambda: (read_statements(source), []))
    result, model = pipeline(read, out, watch)
    result |= _measured(watch)
    if args.step == "text":
        result["validation"] = check(out, watch)
    if watch.profiles:
        result["profiles"] = watch.profiles
    if forge:
        from forge_input import forge_input

        forge[0].write_text(json.dumps(forge_input(model, load_ifrs(package_paths()))), encoding="utf-8")
    return result


def _measured(watch: Stopwatch) -> Result:
    """Seconds per stage (wall, and CPU) and the peak RSS so far of the largest process: this
    one, or a validation process it forked. What was measured, before any untimed work."""
    largest = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"stages": watch.seconds, "cpu": watch.cpu, "rss_mb": largest / 1024}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
