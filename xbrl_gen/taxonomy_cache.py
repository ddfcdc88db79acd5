"""The IFRS core as read for mapping, kept on disk between runs.

Reading the core schema and its labels, and indexing their words for the search, takes most of a
second on every ``xbrl-gen`` process; loading the same objects back takes a twentieth of that. An
entry is found by a key over the packages (path, size, modification time), the IFRS version and
the source of xbrl-gen itself (its modules and mapping tables), so a changed package or a changed
xbrl-gen never reads an entry made by another. Entries are written to a temporary file and
renamed, so concurrent processes never read half an entry; one that cannot be read is ignored
and written again. Only the ``KEPT`` most recently written entries are kept (each xbrl-gen
version and package makes its own, about 4 MB). ``XBRL_GEN_CACHE_DIR`` chooses the folder
(default: the user's cache folder); ``XBRL_GEN_CACHE_DIR=off`` turns the cache off. The folder
holds pickles: it must be the user's own, as any folder Python imports from is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

ENV_CACHE_DIR = "XBRL_GEN_CACHE_DIR"
_OFF = "off"
_PACKAGE_ROOT = Path(__file__).resolve().parent
_SOURCES = ("*.py", "*.yaml", "*.yml")
KEPT = 8
_UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
)

log = logging.getLogger(__name__)


def folder() -> Path | None:
    """Where entries live, or None when the cache is off."""
    chosen = os.environ.get(ENV_CACHE_DIR)
    if chosen == _OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found: no cache
        return None
    return Path(base) / "xbrl-gen"


def key(packages: tuple[Path, ...], version: str) -> str:
    """The entry's name: what it was read from, and by which xbrl-gen."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(f"{sys.version_info[:2]}|{version}".encode())
    for path in packages:
        stat = path.stat()
        digest.update(f"|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


@cache
def code_fingerprint() -> str:
    """A digest of xbrl-gen's modules and of its mapping tables (``taxonomies/``, when installed
    beside the package as in a checkout or an editable install)."""
    digest = hashlib.sha256()
    roots = [_PACKAGE_ROOT, _PACKAGE_ROOT.parent / "taxonomies"]
    for path in sorted(p for root in roots for pattern in _SOURCES for p in root.rglob(pattern)):
        digest.update(str(path.relative_to(_PACKAGE_ROOT.parent)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load(name: str) -> Any | None:
    """The entry ``name``, or None when there is none or it cannot be read."""
    where = folder()
    if where is None or not name:
        return None
    try:
        with (where / f"{name}.pickle").open("rb") as file:
            return pickle.load(file)
    except FileNotFoundError:
        return None
    except _UNREADABLE as err:
        log.debug("taxonomy cache entry %s not read (%s); it is read from the package again", name, err)
        return None


def store(name: str, value: Any) -> None:
    """Write the entry ``name``; a cache that cannot be written is not an error, only slower."""
    where = folder()
    if where is None or not name:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}-", dir=where)
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, where / f"{name}.pickle")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(where)
    except OSError as err:
        log.debug("taxonomy cache entry %s not written (%s)", name, err)


def _prune(where: Path) -> None:
    """All but the ``KEPT`` newest entries removed (another process may remove one first)."""
    entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEPT:]:
        old.unlink(missing_ok=True)
