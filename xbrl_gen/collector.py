"""The cyclic garbage collector paused around work that makes many objects and no reference
cycles (rendering: a few small tuples per fact; reading: a node per YAML item), or whose objects
all live until it ends (an Arelle run): at 100,000 values it would scan the whole heap (taxonomy,
mapped filing, Arelle's model) again and again for nothing, a third of the rendering time, more
than half of the reading, a tenth of the validation."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
