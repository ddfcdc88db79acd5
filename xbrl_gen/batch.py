"""``xbrl-gen build`` over several sources: each into ``OUT/<source name>/``, in worker processes.

Arelle keeps one controller per process, so builds run side by side in processes, never threads.
A worker sends back only what the command prints (issues, Arelle's reports, the files written),
and the parent prints the outcomes in the order the sources were given, so the output and the
files are the same for any number of workers. One source's bad input does not stop the others.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from xbrl_gen.errors import InputError, XbrlGenError
from xbrl_gen.model import Issue
from xbrl_gen.sources import STATEMENTS_FILE
from xbrl_gen.taxonomy import DEFAULT_IFRS_VERSION
from xbrl_gen.validate import ValidationReport

# Collect young objects every 10,000 allocations instead of 700: a build keeps hundreds of
# thousands of objects alive (taxonomy, facts, view models), and at the default thresholds the
# cyclic collector rescans them all a dozen times over, a third of the rendering time at 100,000
# facts. Higher thresholds gain little more and let Arelle's garbage pile up (docs/benchmarks.md).
GC_THRESHOLDS = (10_000, 10, 10)


@dataclass(frozen=True)
class Settings:
    """What every source of one command shares."""

    packages: tuple[Path, ...]
    mapping_files: tuple[Path, ...] = ()
    check: bool = True
    viewer: bool = False
    accept_differences: bool = False  # totals and balances missing their parts are warnings, not errors
    debug: bool = False  # let errors through with their traceback instead of reporting them
    prefix: str | None = None  # the extension prefix, instead of the statements file's
    ifrs_version: str = DEFAULT_IFRS_VERSION
    profile: str | None = None  # a filing profile: "esef-2022", ...
    lei: str | None = None
    force_taxonomy: str | None = None  # "ifrs": tag statements of another framework with IFRS anyway


@dataclass(frozen=True)
class Job:
    source: Path
    out: Path
    settings: Settings


@dataclass(frozen=True)
class Outcome:
    job: Job
    files: tuple[Path, ...] = ()
    extensions: int = 0
    issues: tuple[Issue, ...] = ()
    reports: tuple[ValidationReport, ...] = ()
    viewer: Path | None = None
    error: str | None = None  # bad input or setup, as the one line the CLI prints (exit code 2)


def source_name(source: Path) -> str:
    """The output folder of a source: a directory's name, a statements file's stem (the folder's
    name for ``statements.yaml``)."""
    if source.is_dir() or source.name == STATEMENTS_FILE:
        return (source if source.is_dir() else source.parent).resolve().name
    return source.stem


def plan(sources: list[Path], out: Path, settings: Settings) -> list[Job]:
    """One job per source: straight into ``out`` for a single source, else into
    ``out/<source name>``; two sources with one name are an error before anything is built."""
    if len(sources) == 1:
        return [Job(sources[0], out, settings)]
    seen: dict[str, Path] = {}
    for source in sources:
        name = source_name(source)
        if name in seen:
            raise InputError(
                f"{seen[name]} and {source} would both be built into {out / name}; rename one", str(source)
            )
        seen[name] = source
    return [Job(source, out / name, settings) for name, source in seen.items()]


def run(jobs: list[Job], workers: int = 1) -> Iterator[Outcome]:
    """Each job's outcome, in the order of ``jobs``; with more than one worker, in a pool."""
    if workers <= 1 or len(jobs) <= 1:
        tune_gc()
        yield from map(build_one, jobs)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=tune_gc) as pool:
        yield from pool.map(build_one, jobs)


def tune_gc() -> None:
    """Set this process's collector for building filings (``GC_THRESHOLDS``)."""
    gc.set_threshold(*GC_THRESHOLDS)


def build_one(job: Job) -> Outcome:
    """Build, validate and (optionally) write the viewer page for one source."""
    from xbrl_gen.build import build
    from xbrl_gen.esef import profile

    settings = job.settings
    packages = list(settings.packages)
    try:
        chosen = profile(settings.profile) if settings.profile else None
        result = build(
            job.source,
            job.out,
            packages,
            list(settings.mapping_files),
            check=settings.check,
            prefix=settings.prefix,
            ifrs_version=settings.ifrs_version,
            profile=chosen,
            lei=settings.lei,
            accept_differences=settings.accept_differences,
            force_taxonomy=settings.force_taxonomy,
        )
        files = list(result.files)
        viewer = None
        if settings.viewer:
            from xbrl_gen.inline import VIEWER_SCRIPT, write_viewer

            viewer = write_viewer(result.inline, job.out, packages)
            files += [viewer, job.out / VIEWER_SCRIPT]
    except XbrlGenError as err:
        if settings.debug:
            raise
        return Outcome(job, error=str(err))
    return Outcome(
        job,
        files=tuple(files),
        extensions=len(result.mapped.extensions),
        issues=tuple(result.issues),
        reports=tuple(result.reports),
        viewer=viewer,
    )
