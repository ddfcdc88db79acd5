"""Worker processes for the service: each loads the taxonomy once, then does one request at a
time. Arelle keeps one controller per process and is not thread-safe, so requests run side by
side in processes, never threads; a request over its time limit has its worker (and the worker's
own children, Arelle's second validation) killed, and a fresh worker takes its place."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from xbrl_gen.errors import ValidationFailed, XbrlGenError

log = logging.getLogger(__name__)


class TimedOut(Exception):
    """The request took longer than the service allows."""


class Busy(Exception):
    """No worker became free within the request's time."""


class Failed(Exception):
    """The job failed for a reason that is not the input's (logged in the worker, not sent)."""


@dataclass(eq=False)  # each worker is itself, to be kept in sets
class _Worker:
    process: Any
    connection: Connection

    def stop(self) -> None:
        """Kill the worker and everything it started (it leads its own process group)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.join(timeout=5)
        self.connection.close()


class Workers:
    """A fixed number of worker processes, started in the background as the service starts."""

    def __init__(self, packages: list[Path], size: int) -> None:
        self.packages = packages
        self.size = size
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.all: set[_Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server

    def start(self) -> None:
        for _ in range(self.size):
            threading.Thread(target=self._add, daemon=True).start()

    def _add(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.packages), daemon=False)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self.lock:
            if self.closed:
                worker.stop()
                return
            self.all.add(worker)
        self.idle.put(worker)

    def run(self, job: Callable[..., Any], folder: Path, deadline: float, **arguments: Any) -> Any:
        """``job(**arguments)`` in a worker, its answer and messages without the path of the
        request's ``folder``, by ``deadline`` (``time.monotonic()``)."""
        try:
            worker = self.idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise Busy from None
        try:
            worker.connection.send((job, str(folder), arguments))
            if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                raise TimedOut
            status, value = worker.connection.recv()
        except (TimedOut, EOFError, OSError) as err:
            self._replace(worker)
            if isinstance(err, TimedOut):
                raise
            raise Failed("the worker stopped") from None
        self.idle.put(worker)
        if status == "validation":
            raise ValidationFailed(value)
        if status == "input":
            raise XbrlGenError(value)
        if status == "internal":
            raise Failed(value)
        return value

    def _replace(self, worker: _Worker) -> None:
        with self.lock:
            self.all.discard(worker)
        worker.stop()
        if not self.closed:
            threading.Thread(target=self._add, daemon=True).start()

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.all)
            self.all.clear()
        for worker in workers:
            worker.stop()


def _serve(connection: Connection, packages: list[Path]) -> None:
    """A worker's life: load the taxonomy and start Arelle, then run jobs until the service goes
    away; the first request finds them ready, as every later one does."""
    os.setpgrp()  # so that a timeout kills Arelle's helper process with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the service stops workers itself
    from xbrl_gen.batch import collect_garbage, tune_gc
    from xbrl_gen.mapping.search import concept_index
    from xbrl_gen.taxonomy import load_ifrs
    from xbrl_gen.validate import worker

    tune_gc()
    try:
        concept_index(load_ifrs(packages))  # once per process: later requests find them cached
    except XbrlGenError as err:
        log.error("worker cannot load the taxonomy: %s", err)
    worker()  # Arelle imported, its controller made and its installed plugins found
    while True:
        try:
            job, work, arguments = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", _scrubbed(job(**arguments), work))
        except XbrlGenError as err:
            reply = ("validation" if isinstance(err, ValidationFailed) else "input", _scrubbed(str(err), work))
        except Exception:
            log.exception("request failed")
            reply = ("internal", "internal error")
        connection.send(reply)
        collect_garbage()  # the request's garbage (Arelle's models) gone before the next: one report's memory


def _scrubbed(value: Any, work: str) -> Any:
    """``value`` with the request folder's path taken out of every text: clients see file names."""
    if isinstance(value, str):
        return value.replace(work + os.sep, "").replace(work, "")
    if isinstance(value, list):
        return [_scrubbed(v, work) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, work) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            setattr(value, name, _scrubbed(getattr(value, name), work))
    return value
