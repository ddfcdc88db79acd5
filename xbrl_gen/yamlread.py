"""YAML read with libyaml's loader when PyYAML has it (about eight times faster than PyYAML's own),
PyYAML's otherwise, and PyYAML's again for a document libyaml refuses: error messages and line
numbers stay PyYAML's, the ones our readers report and document."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import yaml

_NESTING_PROBE = 2_000  # levels: beyond libyaml's limit (1,000), and shallow enough to compose safely without one


def compose(text: str) -> yaml.Node | None:
    """The document's node tree, each node with its line."""
    node: yaml.Node | None = _read(yaml.compose, text)
    return node


def safe_load(text: str) -> Any:
    """The document as plain mappings, lists, text, numbers and dates, as ``yaml.safe_load``."""
    return _read(yaml.load, text)


def _read(read: Callable[..., Any], text: str) -> Any:
    loader = libyaml_loader()
    if loader is not None:
        try:
            return read(text, Loader=loader)
        except yaml.YAMLError:
            pass
    return read(text, Loader=yaml.SafeLoader)


@cache
def libyaml_loader() -> type[yaml.CSafeLoader] | None:
    """libyaml's safe loader, when installed and when it refuses documents nested deeper than its
    limit: its composer recurses once per level in C, where no RecursionError stops it, so an
    unlimited libyaml would let a deeply nested document overflow the stack. PyYAML's own composer
    is then used, whose recursion Python bounds."""
    if not yaml.__with_libyaml__:
        return None
    try:
        yaml.compose("[" * _NESTING_PROBE + "]" * _NESTING_PROBE, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return yaml.CSafeLoader
    return None
