"""``xbrl-gen build`` over several sources: each into ``OUT/<source name>/``, in worker processes
or on a Dask cluster.

Arelle keeps one controller per process, so builds run side by side in processes, never threads;
each worker process keeps its controller (``validate.worker``) and the taxonomy it read
(``taxonomy.load_ifrs``) for all the reports it builds. A worker sends back only what the command
prints (issues, Arelle's reports, the files written), and the parent prints the outcomes in the
order the sources were given, so the output and the files are the same for any number of workers
and on a cluster. One source's bad input does not stop the others.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from xbrl_gen.errors import InputError, XbrlGenError
from xbrl_gen.model import Issue
from xbrl_gen.progress import Progress, quiet
from xbrl_gen.sources import STATEMENTS_FILE
from xbrl_gen.taxonomy import DEFAULT_IFRS_VERSION
from xbrl_gen.validate import ValidationReport

# Collect young objects every 10,000 allocations instead of 700: a build keeps hundreds of
# thousands of objects alive (taxonomy, facts, view models), and at the default thresholds the
# cyclic collector rescans them all a dozen times over, a third of the rendering time at 100,000
# facts. Higher thresholds gain little more and let Arelle's garbage pile up (docs/benchmarks.md).
GC_THRESHOLDS = (10_000, 10, 10)
SCHEDULER_TIMEOUT = "30s"  # how long to try reaching a Dask scheduler before giving up


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
    stages: bool = False  # print a progress line as each stage of a build starts (a single source, on a terminal)


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


def run(
    jobs: list[Job], workers: int = 1, scheduler: str | None = None, progress: Progress | None = None
) -> Iterator[Outcome]:
    """Each job's outcome, in the order of ``jobs``: here, in a pool of ``workers`` processes, or
    on the Dask cluster whose scheduler is at ``scheduler``; ``progress`` hears of each."""
    shown = progress or Progress(False)
    if scheduler:
        outcomes = _on_cluster(jobs, scheduler)
    elif workers <= 1 or len(jobs) <= 1:
        tune_gc()
        spare_core = workers > 1  # one source: its extension taxonomy is validated on another core
        outcomes = (build_one(job, spare_core) for job in _collecting_between(jobs))
    else:
        pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=tune_gc)
        outcomes = _closing(pool, pool.map(build_collected, jobs))
    for done, outcome in enumerate(outcomes, 1):
        if len(jobs) > 1:
            shown.say(f"[{done}/{len(jobs)}] {outcome.job.source}: {'failed' if outcome.error else 'built'}")
        yield outcome


def _closing(pool: ProcessPoolExecutor, outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    with pool:
        yield from outcomes


def _on_cluster(jobs: list[Job], scheduler: str) -> Iterator[Outcome]:
    """``build_one`` for each job on a Dask distributed cluster (the ``cluster`` extra). Its
    workers must import xbrl_gen and see the sources, the packages and the output folder at the
    same paths as here (a shared file system)."""
    try:
        from distributed import Client
    except ImportError:
        raise XbrlGenError("--scheduler needs Dask: pip install 'xbrl-gen[cluster]'") from None
    try:
        client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)  # type: ignore[no-untyped-call]
    except OSError as err:
        raise XbrlGenError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    with client:
        client.run(tune_gc)
        futures = client.map(build_collected, jobs, pure=False)
        for future in futures:
            yield future.result()


def _collecting_between(jobs: list[Job]) -> Iterator[Job]:
    for index, job in enumerate(jobs):
        if index:
            collect_garbage()
        yield job


def build_collected(job: Job) -> Outcome:
    """``build_one`` in a process that builds report after report: its garbage collected after it."""
    try:
        return build_one(job)
    finally:
        collect_garbage()


_frozen = False


def collect_garbage() -> None:
    """The last report's cyclic garbage (Arelle's models leave ~140,000 objects) collected, so that
    a worker's memory stays that of one report. What survives the first collection (the taxonomy,
    Arelle's controller and plugins) is frozen out of later ones, which then scan one report's
    objects, not the whole process's."""
    global _frozen
    gc.collect()
    if not _frozen:
        gc.freeze()
        _frozen = True


def tune_gc() -> None:
    """Set this process's collector for building filings (``GC_THRESHOLDS``)."""
    gc.set_threshold(*GC_THRESHOLDS)


def build_one(job: Job, spare_core: bool = False) -> Outcome:
    """Build, validate and (optionally) write the viewer page for one source; ``build``'s
    ``spare_core`` when another core is free for it."""
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
            stage=Progress(True).say if settings.stages else quiet,
            spare_core=spare_core,
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
