"""Progress lines on long work (a batch, a large build), on stderr and only when it is a terminal:
output captured by a pipe or a log stays exactly what the command reports."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

Stage = Callable[[str], None]


def quiet(_: str) -> None:
    """A stage callback that says nothing."""


def on_terminal() -> bool:
    return sys.stderr.isatty()


class Progress:
    """``xbrl-gen: 12.3 s: <what>`` lines, timed from when the work started."""

    def __init__(self, shown: bool) -> None:
        self.shown = shown
        self.start = time.perf_counter()

    def say(self, text: str) -> None:
        if self.shown:
            print(f"xbrl-gen: {time.perf_counter() - self.start:.1f} s: {text}", file=sys.stderr, flush=True)

    def stage(self) -> Stage:
        """The callback a build reports its stages to: this, or ``quiet`` when nothing is shown."""
        return self.say if self.shown else quiet
