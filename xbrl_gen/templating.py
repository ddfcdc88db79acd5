"""The Jinja environment every template renders in: XML autoescaping at a cost that scales.

With autoescaping, Jinja passes the value of every ``{{ }}`` to markupsafe's ``escape``, which
wraps each result in a new ``Markup`` object. A fact in the instance and the report takes about
fifteen of them, and at 100,000 facts that was most of the rendering time. ``xml_escape`` writes
exactly what ``escape`` writes, but hands back a string that holds none of ``&<>"'`` (names, ids,
numbers: nearly every value) as it is, and an integer as its digits.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import jinja2
import markupsafe
from jinja2.compiler import CodeGenerator, Frame

_NEEDS_ESCAPING = re.compile("[&<>\"']").search


def xml_escape(value: Any) -> str:
    """``str(markupsafe.escape(value))``, without the ``Markup`` object when nothing changes."""
    kind = type(value)
    if kind is str:
        return value if _NEEDS_ESCAPING(value) is None else markupsafe.escape(value)
    if kind is int:
        return str(value)
    return markupsafe.escape(value)


class _XmlCodeGenerator(CodeGenerator):
    """Compiles ``{{ }}`` in autoescaped templates to ``environment.xml_escape(…)``.

    Only the compiled name of the escaping function changes; where autoescaping is switched at
    run time (a volatile ``{% autoescape %}``), Jinja's own code stays.

    Why a private method: Jinja has no public way to choose the escaping function. Compiled
    templates call the ``escape`` they import from ``jinja2.runtime`` (markupsafe's), and neither
    ``finalize`` (runs before escaping), filters nor globals replace it; ``code_generator_class``
    is public, the hook inside it, ``_output_child_pre``, is not. tests/test_templating.py fails
    if Jinja renames it or stops calling it for autoescaped output."""

    def _output_child_pre(self, node: jinja2.nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.xml_escape(")
        if finalize.src is not None:
            self.write(finalize.src)


class XmlEnvironment(jinja2.Environment):
    code_generator_class = _XmlCodeGenerator
    xml_escape = staticmethod(xml_escape)


@functools.cache
def environment() -> XmlEnvironment:
    """The templates of ``xbrl_gen/templates``, compiled once per process."""
    return XmlEnvironment(
        loader=jinja2.FileSystemLoader(str(resources.files("xbrl_gen.templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
