"""YAML read with libyaml's loader when PyYAML has it (about eight times faster than PyYAML's own),
PyYAML's otherwise, and PyYAML's again for a document libyaml refuses: error messages and line
numbers stay PyYAML's, the ones our readers report and document."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import yaml

_NESTING_PROBE = 2_000  # levels: beyond libyaml's limit (1,000), and shallow enough to compose safely without one
_UNRESOLVED = "tag:xbrl-gen:unresolved"  # a plain scalar's tag until ``tag`` resolves it
_RESOLVER = yaml.resolver.Resolver()  # YAML 1.1's implicit tags, as PyYAML's safe loader resolves them
# The first characters of the plain scalars that YAML 1.1 may read as null ("~", "null", "Null",
# "NULL", empty), from PyYAML's own table; None: any (a resolver for every first character).
_MAY_BE_NULL = frozenset(
    first
    for first, resolvers in _RESOLVER.yaml_implicit_resolvers.items()
    if any(tag.endswith(":null") for tag, _ in resolvers)
)


def compose(text: str) -> yaml.Node | None:
    """The document's node tree, each node with its line. A scalar's tag is to be read with
    ``tag`` or ``is_null``: with libyaml, a plain scalar's is resolved only when asked for."""
    node: yaml.Node | None = _read(yaml.compose, text, lazy_tags=True)
    return node


def tag(node: yaml.Node) -> str:
    """The scalar's tag, a plain one's resolved as PyYAML's safe loader resolves it."""
    if node.tag != _UNRESOLVED:
        return str(node.tag)
    return str(_RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False)))  # type: ignore[no-untyped-call]


def is_null(node: yaml.Node) -> bool:
    """Whether YAML reads the scalar as null; told without resolving a plain scalar (an amount, a
    key) whose first character starts no null."""
    if node.tag == _UNRESOLVED and node.value[:1] not in _MAY_BE_NULL and None not in _MAY_BE_NULL:
        return False
    return tag(node).endswith(":null")


def safe_load(text: str) -> Any:
    """The document as plain mappings, lists, text, numbers and dates, as ``yaml.safe_load``."""
    return _read(yaml.load, text)


def _read(read: Callable[..., Any], text: str, lazy_tags: bool = False) -> Any:
    loader = libyaml_loader()
    if loader is not None:
        try:
            return read(text, Loader=_LazyTags if lazy_tags else loader)
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


if yaml.__with_libyaml__:

    class _LazyTags(yaml.CSafeLoader):
        """libyaml's safe composer, leaving each plain scalar's tag to ``tag``: resolving one takes
        a call into Python and a few regular expressions (a fifth of the composing), and most
        (keys, amounts) are never asked for theirs."""

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> Any:
            if kind is yaml.ScalarNode and implicit[0]:
                return _UNRESOLVED
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
