"""The template environment's escaping writes exactly what Jinja's own autoescaping writes."""

from __future__ import annotations

from decimal import Decimal

import jinja2
import markupsafe
from hypothesis import given
from hypothesis import strategies as st

from xbrl_gen.templating import environment, xml_escape

TEMPLATE = """\
{% macro cell(v) %}<td>{{ v }}</td>{% endmacro %}
{% set header %}<th>{{ title }}</th>{% endset %}
{{ header }}{% for v in values %}{{ cell(v) }}<i a="{{ v }}">{{ v ~ "&" }}</i>{% endfor %}
{% filter upper %}{{ title }}{% endfilter %}
{% autoescape false %}{{ raw }}{% endautoescape %}{{ raw }}"""


@given(st.text())
def test_text_is_escaped_as_markupsafe_escapes_it(text: str) -> None:
    assert xml_escape(text) == str(markupsafe.escape(text))


def test_other_values_are_escaped_as_markupsafe_escapes_them() -> None:
    for value in (0, -3, 10**40, True, None, 1.5, Decimal("-1.50"), markupsafe.Markup("<b>&amp;</b>"), ["<a>"]):
        assert xml_escape(value) == str(markupsafe.escape(value)), value


def test_templates_render_as_with_jinjas_own_escaping() -> None:
    """Macros, set blocks, filter blocks, concatenation and a switched-off block alike."""
    values = {"title": "P&L <Q1>", "values": [1, "a<b", markupsafe.Markup("<br/>"), "'\""], "raw": "<x/>&"}
    ours = environment().from_string(TEMPLATE).render(values)
    plain = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    jinjas = plain.from_string(TEMPLATE).render(values)
    assert ours == jinjas
    assert "P&amp;L &lt;Q1&gt;" in ours and "a&lt;b&amp;" in ours and "<br/>" in ours and "&#39;&#34;" in ours
    assert "<x/>&&lt;x/&gt;&amp;" in ours


def test_the_private_jinja_hook_is_still_called() -> None:
    """templating._XmlCodeGenerator overrides Jinja's private ``_output_child_pre``: if a Jinja
    release renames it, changes its parameters or stops calling it, the compiled template no
    longer calls our escaping and this fails (the rendering itself would still be correct)."""
    import inspect

    from jinja2.compiler import CodeGenerator

    assert list(inspect.signature(CodeGenerator._output_child_pre).parameters) == ["self", "node", "frame", "finalize"]
    source = environment().compile("{{ x }}{% autoescape false %}{{ y }}{% endautoescape %}", raw=True)
    assert source.count("environment.xml_escape(") == 1
