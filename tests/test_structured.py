"""The statements file: exact numbers, located errors, and a lossless writer."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from conftest import EXAMPLES

from xbrl_gen import yamlread
from xbrl_gen.errors import InputError
from xbrl_gen.sources.structured import dumps, loads, read

MINIMAL = """
entity: {name: "A & B <Holdings>", identifier: "1", scheme: "http://example.org/ids"}
period: {start: 2020-04-01, end: 2020-06-30}
currency: JPY
scale: 3
statements:
  - id: pl
    kind: profit-or-loss
    columns: [{id: c, start: 2020-04-01, end: 2020-06-30}]
    lines:
      - {label: Revenue, values: [1000]}
"""


def test_example_loads_with_exact_numbers() -> None:
    filing = read(EXAMPLES / "iij-2020-q1" / "statements.yaml")
    assert [s.kind.value for s in filing.statements] == [
        "financial-position",
        "profit-or-loss",
        "comprehensive-income",
        "cash-flows",
        "changes-in-equity",
        "changes-in-equity",
        "segments",
        "segments",
    ]
    assert filing.statements[5].columns[2].member == "Retained earnings"
    eps = next(line for line in filing.statements[1].lines if line.label.startswith("Basic earnings"))
    assert eps.values == (Decimal("17.23"), Decimal("24.76"))
    ids = [line.id for line in filing.statements[0].lines]
    assert "current-assets--prepaid-expenses" not in ids and len(set(ids)) == len(ids)


def test_round_trip_is_lossless() -> None:
    filing = read(EXAMPLES / "iij-2020-h1" / "statements.yaml")
    again = loads(dumps(filing), filing.source)

    def strip(f):
        return [
            [(l.id, l.label, l.depth, l.values, l.total, l.note, l.concept, l.at) for l in s.lines]
            for s in f.statements
        ]

    assert strip(again) == strip(filing)
    assert (again.entity, again.period, again.scale, again.currency) == (
        filing.entity,
        filing.period,
        filing.scale,
        filing.currency,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "x.yaml: the file is empty"),
        ("entity: [", "x.yaml:1: not valid YAML/JSON"),
        (
            MINIMAL.replace("[1000]", "[1, 2]"),
            "x.yaml:11: statements[0].lines[0].values: expected 1 values (one per column), got 2",
        ),
        (
            MINIMAL.replace("values: [1000]", "values: [zzz]"),
            "x.yaml:11: statements[0].lines[0].values[0]: expected a number",
        ),
        (
            MINIMAL.replace("end: 2020-06-30}\ncurrency", "end: 2020-13-30}\ncurrency"),
            "period.end: expected a date YYYY-MM-DD",
        ),
        (MINIMAL.replace("kind: profit-or-loss", "kind: income"), "statements[0].kind: expected one of"),
        (MINIMAL.replace("scale: 3", "scale: thousands"), "scale: expected a whole number"),
        (MINIMAL.replace("currency: JPY\n", ""), "missing required key 'currency'"),
    ],
)
def test_errors_name_file_line_and_path(reader: str, text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        loads(text, "x.yaml")
    assert message in str(err.value) and "\n" not in str(err.value)


def test_nil_dash_and_empty_cell_differ() -> None:
    filing = loads(MINIMAL.replace("[1000]", '["-"]'), "x.yaml")
    assert filing.statements[0].lines[0].values == (Decimal(0),)
    filing = loads(MINIMAL.replace("[1000]", "[null]"), "x.yaml")
    assert filing.statements[0].lines[0].values == (None,)


@pytest.fixture(params=["libyaml", "pyyaml"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test using it runs with libyaml's loader (when installed) and with PyYAML's own."""
    if request.param == "libyaml" and yamlread.libyaml_loader() is None:
        pytest.skip("PyYAML has no libyaml here")
    if request.param == "pyyaml":
        monkeypatch.setattr(yamlread, "libyaml_loader", lambda: None)
    return str(request.param)


@pytest.mark.parametrize("style", ["flow", "block"])
@pytest.mark.parametrize("depth", [2, 40, 400, 999, 1_000, 1_001, 5_000, 50_000])
def test_deep_nesting_is_a_one_line_error(reader: str, style: str, depth: int) -> None:
    """A value nested any number of levels deep: a one-line error naming the file and a line, never
    a crash (libyaml's composer recurses in C) nor a RecursionError."""
    nested = "[" * depth + "1" + "]" * depth if style == "flow" else "\n" + " " * 8 + "- " * depth + "1"
    text = MINIMAL.replace(
        "      - {label: Revenue, values: [1000]}", f"      - label: Revenue\n        values: {nested}"
    )
    with pytest.raises(InputError) as err:
        loads(text, "x.yaml")
    message = str(err.value)
    assert message.startswith("x.yaml:") and "\n" not in message, message
    assert "values" in message or "nested too deeply" in message or "not valid YAML/JSON" in message, message


# Plain scalars of every implicit YAML 1.1 type, and explicit, quoted and non-specific tags.
SCALARS = (
    "[~, null, Null, NULL, nULL, '', \"~\", 'null', yes, No, OFF, on, n, Nil, true, 1, -5, 012, 0x1F, 1_000, 1:30, "
    "1.5, .inf, -.Inf, .NaN, 1e5, 2024-01-01, 2024-1-1 10:00:00, =, <<, text, !!str null, !!null 5, !!bool 7, "
    "! null, !<tag:example.org:null> x, {k: , v: ~}]"
)


def test_a_plain_scalars_tag_resolved_when_asked_is_pyyamls() -> None:
    """libyaml's nodes leave a plain scalar's tag unresolved until asked; asked, it is the tag
    PyYAML's safe loader gives."""

    def scalars(node: yaml.Node) -> list[yaml.Node]:
        if isinstance(node, yaml.ScalarNode):
            return [node]
        children = [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else node.value
        return [s for child in children for s in scalars(child)]

    composed = yamlread.compose(SCALARS)
    assert composed is not None
    lazy, eager = scalars(composed), scalars(yaml.compose(SCALARS, Loader=yaml.SafeLoader))
    assert [(n.value, yamlread.tag(n)) for n in lazy] == [(n.value, n.tag) for n in eager]
    assert [yamlread.is_null(n) for n in lazy] == [n.tag.endswith(":null") for n in eager]
    # ~, null, Null, NULL, ! null, !!null 5, <tag:example.org:null> x, k's empty value and v's ~
    assert sum(map(yamlread.is_null, lazy)) == 9


def test_both_readers_read_the_examples_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (EXAMPLES / "iij-2020-h1" / "statements.yaml").read_text(encoding="utf-8")
    fast = loads(text, "h1.yaml")
    monkeypatch.setattr(yamlread, "libyaml_loader", lambda: None)
    assert loads(text, "h1.yaml") == fast
