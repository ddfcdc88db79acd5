"""Arelle, in-process and offline, as the judge of what we write.

One Arelle controller per process (``ArelleWorker``), reused by every run of that process. Its
plugin discovery reads the installed packages' entry points only: the plugins we name that ship
with Arelle are found by their path under Arelle's plugin directory, so the ~190 plugin files
there are not parsed for their names (a third of a second on every new process). Arelle's
camelCase and log records stay in here and come out as our own ``Issue`` records.
"""

from __future__ import annotations

import gc
import glob
import logging
import multiprocessing
import os
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, TypeVar

from arelle import PackageManager, PluginManager
from arelle.CntlrCmdLine import createCntlrAndPreloadPlugins
from arelle.plugin_system.entry_point_ref import EntryPointRef
from arelle.RuntimeOptions import RuntimeOptions

from xbrl_gen import arelle_speedups, same_facts
from xbrl_gen.arelle_packaged import CHECKED_SCHEMA_OPTION
from xbrl_gen.collector import collector_paused
from xbrl_gen.esef import Profile
from xbrl_gen.model import Issue, Severity

log = logging.getLogger(__name__)

_CALC_CODES = ("calc11e:", "xbrl.5.2.5.2", "calc")
_NOISE = {
    "info",
    "",
    "arelle:nonAuthoritative",
    "tpe:packageRewriteOverlap",
}  # the last: two packages carry the same DTR schemas
PACKAGED_DOCUMENTS_PLUGIN = Path(__file__).with_name("arelle_packaged.py")
_PLUGIN_FAILURES = {"viewer:error", "viewer:exception"}  # the ixbrl-viewer plugin logs its failures at INFO


@dataclass
class ValidationReport:
    entry: Path
    issues: list[Issue] = field(default_factory=list)
    fact_count: int = 0

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def calculation_inconsistencies(self) -> list[Issue]:
        return [i for i in self.issues if i.code.startswith(_CALC_CODES) and i.severity is not Severity.INFO]

    def summary(self) -> str:
        return (
            f"{self.entry.name}: {self.fact_count} facts, {len(self.errors)} errors, "
            f"{len(self.warnings)} warnings, {len(self.calculation_inconsistencies)} calculation inconsistencies"
        )


class IssueCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.issues: list[Issue] = []

    def emit(self, record: logging.LogRecord) -> None:
        code = str(getattr(record, "messageCode", "") or "")
        failure = code in _PLUGIN_FAILURES
        if (record.levelno < logging.WARNING and not failure) or code in _NOISE:
            return
        # Arelle's own levels sit between ours: INCONSISTENCY is WARNING+3, ERROR-SEMANTIC ERROR-2.
        severity = Severity.ERROR if failure or record.levelno >= logging.ERROR - 2 else Severity.WARNING
        refs = getattr(record, "refs", None) or []
        where = str(refs[0].get("href", "")) if refs and isinstance(refs[0], dict) else ""
        self.issues.append(Issue(severity, code, " ".join(record.getMessage().split()), where))


class ArelleWorker:
    """Arelle's controller for the life of this process, with its log records going to one
    ``IssueCollector``. Each run starts from Arelle's plugin and package managers as a new
    controller has them, except that the plugins found on disk are remembered."""

    def __init__(self) -> None:
        arelle_speedups.install()
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.collector = IssueCollector()
        self.cntlr = createCntlrAndPreloadPlugins(uiLang=None, disablePersistentConfig=True, arellePluginModules={})
        self.cntlr.startLogging(
            logFileName="logToPrint", logHandler=self.collector, logLevel="INFO", logPropagate=False
        )
        self.cntlr.postLoggingInit()
        self.discovered: tuple[Any, Any] = (None, None)
        self._fresh_managers()
        # Installed plugins (entry points, e.g. ixbrl-viewer) only: Arelle's own are found by path.
        self.discovered = (EntryPointRef._discoverInstalled(plugin_manager=PluginManager.getInstance()), None)

    @contextmanager
    def run(self, options: RuntimeOptions) -> Iterator[tuple[list[Issue], list[Any]]]:
        """One Arelle run: its messages as issues and, for the duration of the ``with``, the
        models it loaded (with ``keepOpen``); closed afterwards. The cyclic garbage collector
        rests meanwhile: Arelle's objects live as long as the run, and rescanning them (and the
        build's) as they pile up found nothing but took a tenth of a 100,000-fact validation; the
        garbage the run leaves is collected after it, with the next collection (a batch worker's
        ``collect_garbage``)."""
        with self.lock, collector_paused():  # the lock: Arelle's managers are process-wide, one run at a time
            yield from self._run(options)

    def _run(self, options: RuntimeOptions) -> Iterator[tuple[list[Issue], list[Any]]]:
        self._fresh_managers()
        self.collector.issues = []
        models = self.cntlr.modelManager.loadedModelXbrls
        try:
            self.cntlr.run(options)
            yield self.collector.issues, list(models)
        finally:
            if _closing_models:
                for model in models:
                    model.close()  # not ModelManager.close, which runs a full garbage collection each time
            models.clear()
            self.cntlr.modelManager.modelXbrl = None
            self.cntlr.modelManager.skipLoading = None  # Arelle sets it from a run's options and never clears it
            self._remember_discovery()

    def _fresh_managers(self) -> None:
        """Plugins and packages of the previous run dropped, as ``arelle.api.Session.run`` does,
        and the plugin manager set up again for this controller with its discovery cache."""
        PackageManager.close()
        PackageManager.init(self.cntlr, loadPackagesConfig=False)
        plugins = PluginManager.getInstance()
        plugins.close()
        plugins.init(self.cntlr, loadPluginConfig=False)
        plugins._entryPointRefCache, plugins._entryPointRefAliasCache = self.discovered

    def _remember_discovery(self) -> None:
        plugins = PluginManager.getInstance()
        self.discovered = (plugins._entryPointRefCache, plugins._entryPointRefAliasCache)


_worker: ArelleWorker | None = None
_closing_models = True  # False in a process that ends after its run (``_disposable``)
_T = TypeVar("_T")


def worker() -> ArelleWorker:
    """This process's ``ArelleWorker``, made on first use (and again in a forked child)."""
    global _worker
    if _worker is None or _worker.pid != os.getpid():
        if _worker is not None:  # the parent's, inherited by fork: its collector would keep every record
            logging.getLogger("arelle").removeHandler(_worker.collector)
        _worker = ArelleWorker()
    return _worker


def validate(entry: Path, packages: list[Path], *, inline: bool = False) -> ValidationReport:
    """XBRL 2.1, XDT, calculation 1.1 (round to nearest) and, for .xhtml, Inline XBRL 1.1 rules."""
    return _validate(entry, packages, ["inlineXbrlDocumentSet"] if inline else [])


def validate_esef(entry: Path, packages: list[Path], profile: Profile) -> ValidationReport:
    """The same plus Arelle's ESEF validation (plugin ``validate/ESEF``) of a report package or
    report, under the profile's disclosure system, with the ``eps_threshold`` ESMA's EPS
    assertions take."""
    esef = {"disclosureSystemName": profile.name, "parameters": "eps_threshold=0.01"}
    return _validate(entry, packages, ["validate/ESEF"], **esef)


@dataclass(frozen=True)
class TaxonomyApart:
    """An extension taxonomy to validate in a second process: its schema, and the linkbases the
    report's run then need not load at all (labels, presentation: the report's facts,
    calculations and dimensions use none of their relationships)."""

    schema: Path
    unneeded: tuple[Path, ...] = ()
    # Runs started already from the rendered files (``taxonomy_validated``, ``report_validated``).
    taxonomy_started: Callable[[], list[Issue]] | None = None
    report_started: Callable[[], ReportRun] | None = None

    def skip_loading(self) -> str | None:
        """Arelle's ``skipLoading`` (file patterns joined by ``|``) for the unneeded linkbases;
        None when a path holds a ``|``, which the patterns cannot say."""
        paths = [str(p.resolve()) for p in self.unneeded]
        if not paths or any("|" in p for p in paths):
            return None
        return "|".join(glob.escape(p) for p in paths)


def validate_filing(
    instance: Path, inline: Path, packages: list[Path], *, taxonomy_apart: TaxonomyApart | None = None
) -> list[ValidationReport]:
    """The Inline XBRL report validated in full, and the instance proved to state the same facts
    (``same_facts``): one Arelle load of the taxonomy instead of two. The instance's report
    counts its own differences and the report's findings that concern facts, not Inline XBRL
    markup (those codes start with ``ix``).

    ``taxonomy_apart``: the extension schema's DTS is validated on its own (``validate``) while
    the report is validated taking that DTS's documents as checked (the plugin skips their
    element-by-element checks, nothing else) and leaving out the linkbases it does not need: the
    same checks on two cores, for a report whose taxonomy is large; findings both runs make are
    reported once. Each run has a forked process of its own (``_apart``), and this one reads
    the instance meanwhile; either may have been started already, from the rendered files
    (``TaxonomyApart.taxonomy_started``, ``.report_started``)."""
    if taxonomy_apart is None:
        run, taxonomy = _report_run(inline, packages), []
        stated = same_facts.read_instance(instance)
    else:
        apart, schema, skipped = taxonomy_apart, taxonomy_apart.schema, taxonomy_apart.skip_loading()
        with (
            _started_or_apart(apart.taxonomy_started, _taxonomy_issues, schema, packages) as taxonomy_issues,
            _started_or_apart(apart.report_started, _report_run, inline, packages, schema, skipped) as report_run,
        ):
            stated = same_facts.read_instance(instance)
            run, taxonomy = report_run(), taxonomy_issues()
    report = ValidationReport(inline, _once(taxonomy, run.issues) + run.issues, run.fact_count)
    differences, count = same_facts.compare(instance, stated, run.facts, run.schemas)
    shared = [i for i in report.issues if not i.code.startswith("ix")]
    return [ValidationReport(instance, differences + shared, count), report]


def _started_or_apart(
    started: Callable[[], _T] | None, run: Callable[..., _T], *args: Any
) -> AbstractContextManager[Callable[[], _T]]:
    """The run started already, if any; else ``run(*args)`` in a process apart (``_apart``)."""
    return nullcontext(started) if started else _apart(run, *args)


@dataclass
class ReportRun:
    """What the report's run found, and what it read for ``same_facts``: the facts, the schemas
    referenced and how many facts there are."""

    issues: list[Issue]
    facts: Counter[same_facts.FactKey]
    schemas: set[str]
    fact_count: int


def _report_run(
    inline: Path, packages: list[Path], checked_schema: Path | None = None, skip_loading: str | None = None
) -> ReportRun:
    options = _validation_options(
        inline, packages, ["inlineXbrlDocumentSet"], checked_schema=checked_schema, skipLoading=skip_loading
    )
    with worker().run(options) as (issues, models):
        facts, schemas = same_facts.report_facts(models[0]) if models else (Counter(), set())
        return ReportRun(list(issues), facts, schemas, sum(len(m.factsInInstance) for m in models))


def _taxonomy_issues(schema: Path, packages: list[Path]) -> list[Issue]:
    return validate(schema, packages).issues


@contextmanager
def taxonomy_validated(
    files: Mapping[str, str], schema: Path, packages: list[Path]
) -> Iterator[Callable[[], list[Issue]]]:
    """While the ``with`` lasts, an extension taxonomy validated from its rendered ``files`` (name
    → content; ``schema`` the place its schema will have) as ``validate_filing`` validates it
    apart: started before the report is rendered and written, it has that much of a head start
    (``_from_rendered``)."""
    with _from_rendered(files, schema.parent, _taxonomy_issues_in, schema.name, packages) as issues:
        yield issues


@contextmanager
def report_validated(
    files: Mapping[str, str], inline: Path, apart: TaxonomyApart, packages: list[Path]
) -> Iterator[Callable[[], ReportRun]]:
    """While the ``with`` lasts, the Inline XBRL report validated from its rendered ``files`` (the
    report and its extension taxonomy; ``inline`` the place the report will have) as
    ``validate_filing`` validates it beside a taxonomy validated ``apart``: started before the
    instance and the mapping report are rendered and the files written (``_from_rendered``)."""
    names = apart.schema.name, tuple(p.name for p in apart.unneeded)
    with _from_rendered(files, inline.parent, _report_run_in, inline.name, *names, packages) as run:
        yield run


@contextmanager
def _from_rendered(
    files: Mapping[str, str], out_dir: Path, run: Callable[..., _T], *args: Any
) -> Iterator[Callable[[], _T]]:
    """``run(folder, *args)`` in a forked process (``_apart``) that first writes ``files`` into
    ``folder``, a temporary folder of its own; the callable waits for what it returns, whose
    issues name ``out_dir`` where they named that folder. If the temporary folder cannot be
    made or filled (a full or missing temporary file system), the callable runs
    ``run(out_dir, *args)`` here instead, on the files the build has written there by then."""
    with ExitStack() as stack:
        try:
            folder = stack.enter_context(TemporaryDirectory(prefix="xbrl-gen-check-"))
        except OSError as err:
            unmade: Exception = err
            yield lambda: _on_written(run, out_dir, args, unmade)
            return
        result: Callable[[], _T] = stack.enter_context(_apart(_written_then, files, Path(folder), run, *args))

        def waited() -> _T:
            try:
                return _relocated(result(), folder, str(out_dir))
            except _NotWritten as err:
                return _on_written(run, out_dir, args, err)

        yield waited


class _NotWritten(Exception):
    """The rendered files could not be written into a validation's temporary folder."""


def _written_then(files: Mapping[str, str], folder: Path, run: Callable[..., _T], *args: Any) -> _T:
    try:
        for name, content in files.items():
            (folder / name).write_text(content, encoding="utf-8")
    except OSError as err:
        raise _NotWritten(str(err)) from None
    return run(folder, *args)


def _on_written(run: Callable[..., _T], out_dir: Path, args: tuple[Any, ...], why: Exception) -> _T:
    log.warning("validating the written files, not a temporary copy: %s", why)
    return run(out_dir, *args)


def _taxonomy_issues_in(folder: Path, schema: str, packages: list[Path]) -> list[Issue]:
    return _taxonomy_issues(folder / schema, packages)


def _report_run_in(
    folder: Path, inline: str, schema: str, unneeded: tuple[str, ...], packages: list[Path]
) -> ReportRun:
    here = TaxonomyApart(folder / schema, tuple(folder / name for name in unneeded))
    return _report_run(folder / inline, packages, here.schema, here.skip_loading())


def _relocated(found: _T, old: str, new: str) -> _T:
    """``found`` (issues, or a report's run) with the folder ``old`` named ``new`` in its issues."""

    def moved(issue: Issue) -> Issue:
        return replace(issue, message=issue.message.replace(old, new), where=issue.where.replace(old, new))

    if isinstance(found, ReportRun):
        return replace(found, issues=[moved(i) for i in found.issues])
    return [moved(i) for i in found]  # type: ignore[attr-defined,return-value]


@contextmanager
def _apart(run: Callable[..., _T], *args: Any) -> Iterator[Callable[[], _T]]:
    """While the ``with`` lasts, ``run(*args)`` in a forked process (no re-import, and no
    ``__main__`` guard asked of the caller; ``worker`` gives the child its own controller) that
    ends after it (``_disposable``); the callable waits for its result, or raises what it
    raised. A process that ends abruptly (killed, out of memory) has its work done here
    instead, so that no check is lost, only time; one still running when the ``with`` ends
    (the build failed meanwhile) is stopped."""
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    process = fork.Process(target=_run_disposable, args=(sending, run, args))
    process.start()
    sending.close()

    def waited() -> _T:
        try:
            outcome, value = receiving.recv()
        except EOFError:
            log.warning("a validation process ended abruptly; doing its work here")
            return run(*args)
        if outcome == "raised":
            raise value
        return value  # type: ignore[no-any-return]

    try:
        yield waited
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiving.close()


def _run_disposable(sending: Connection, run: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """The forked process's work. Ctrl-C is the build's process to handle (it stops this one)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _disposable()
    try:
        outcome = ("returned", run(*args))
    except Exception as error:  # raised in the build's process, as if run there
        outcome = ("raised", error)
    try:
        sending.send(outcome)
    except Exception:  # what cannot be sent (an exception that does not pickle) is done again there
        os._exit(1)


def _disposable() -> None:
    """A forked validation process, which ends after its one run: what it inherits is frozen out
    of any collection, and what its run makes is neither collected nor closed, since the
    process's end frees it all at once (at 100,000 facts, a second and more of each run)."""
    global _closing_models
    gc.freeze()
    gc.disable()
    _closing_models = False


def _once(apart: list[Issue], found: list[Issue]) -> list[Issue]:
    """The issues of the run apart that the report's run did not also find (links and
    relationships are checked by both)."""
    left = Counter(found)
    once = []
    for issue in apart:
        if left[issue]:
            left[issue] -= 1
        else:
            once.append(issue)
    return once


def _validate(entry: Path, packages: list[Path], plugins: list[str], **more: Any) -> ValidationReport:
    report = ValidationReport(entry)
    with worker().run(_validation_options(entry, packages, plugins, **more)) as (issues, models):
        report.issues, report.fact_count = list(issues), sum(len(m.factsInInstance) for m in models)
    return report


def _validation_options(
    entry: Path, packages: list[Path], plugins: list[str], checked_schema: Path | None = None, **more: Any
) -> RuntimeOptions:
    return arelle_options(
        entry,
        packages,
        validate=True,
        calcs="c11r",
        keepOpen=True,
        plugins="|".join([*plugins, str(PACKAGED_DOCUMENTS_PLUGIN)]),
        pluginOptions={CHECKED_SCHEMA_OPTION: str(checked_schema.resolve()) if checked_schema else None},
        **more,
    )


def save_viewer(entry: Path, page: Path, packages: list[Path]) -> list[Issue]:
    """Arelle's ixbrl-viewer plugin (pip ``ixbrl-viewer``): writes ``page``, the report with the
    viewer's data embedded, and copies the script bundled in that package beside it."""
    viewer_options: dict[str, str | bool | None] = {
        "saveViewerDest": str(page),
        "viewerURL": None,  # the plugin's own viewer/dist/ixbrlviewer.js, not a CDN
        "viewerNoCopyScript": False,
        "useStubViewer": False,
        "validationMessages": False,
        "zipViewerOutput": False,
        "packageDownloadURL": None,
    }
    with worker().run(arelle_options(entry, packages, plugins="ixbrl-viewer", pluginOptions=viewer_options)) as run:
        return list(run[0])


def arelle_options(entry: Path | str, packages: list[Path], **more: Any) -> RuntimeOptions:
    """Offline, no user configuration, INFO messages to our own handler only. ``entry``: a file,
    or Arelle's JSON naming the documents of an inline document set."""
    return RuntimeOptions(
        entrypointFile=str(entry),
        packages=[str(p) for p in packages],
        internetConnectivity="offline",
        disablePersistentConfig=True,
        logLevel="INFO",
        logPropagate=False,
        **more,
    )
