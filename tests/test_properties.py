"""Property-based tests: whatever the text-report parser and the statements loader are given —
random text and bytes, or real inputs truncated, shuffled, padded with junk, with huge numbers or
labels full of markup — they return a result or raise an ``XbrlGenError`` whose message is one
line naming the file and the position. A result always survives the statements-file round trip.

Two hypothesis profiles, chosen with ``XBRL_GEN_HYPOTHESIS_PROFILE``: ``ci`` (default, sized so
that this module runs in well under a minute) and ``fuzz`` (10,000 cases per test, no deadline;
``make fuzz``). Seed reports are read from ../shared/seeds at test time, never copied here.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, SEEDS
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from xbrl_gen.errors import XbrlGenError
from xbrl_gen.model import Filing
from xbrl_gen.sources.structured import dumps, loads, read
from xbrl_gen.sources.text_report import read_report
from xbrl_gen.xmlsafe import parse_bytes

_SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("ci", max_examples=60, deadline=None, database=None, suppress_health_check=_SLOW_INPUTS)
settings.register_profile("fuzz", max_examples=10_000, deadline=None, database=None, suppress_health_check=_SLOW_INPUTS)
settings.load_profile(os.environ.get("XBRL_GEN_HYPOTHESIS_PROFILE", "ci"))

Draw = Callable[[st.SearchStrategy[Any]], Any]
Lines = list[bytes]

# -- what goes in -------------------------------------------------------------------------------

MARKUP = [
    "A & B <Holdings>",
    'Profit "adjusted"',
    "Owner's equity",
    "]]>",
    "<![CDATA[x]]>",
    "&amp; &lt; &#0;",
    "<script>alert(1)</script>",
    "Résultat net — ½ 営業利益",
    "\u202eright-to-left",
    "a\x00b",
    "x\u2028y",
    "\ufeff",
]
LABELS = st.one_of(st.sampled_from(MARKUP), st.text(min_size=1, max_size=40))
HUGE = st.one_of(
    st.sampled_from(
        [
            str(10**40),
            f"{10**40:,}",
            f"({10**40:,})",
            f"-{10**40}",
            "9" * 5000,
            "1e40",
            "1e999999999",
            "1" + "0" * 100 + ".5",
            "0." + "0" * 60 + "1",
            "١٢٣",
            "１２３",
        ]
    ),
    st.integers(10**18, 10**60).map(lambda n: f"{n:,}"),
)
JUNK = st.one_of(
    st.binary(min_size=1, max_size=16),
    st.sampled_from(
        [b"\x00", b"\xff\xfe", b"\xc3(", b"\xed\xa0\x80", b"\x1b[31m", b"\r", b"\t\t\t", b"\x0c", b"\xe2\x80\xa8"]
    ),
)
REPORT_WORDS = st.sampled_from(
    [
        "Condensed Consolidated Statements of Financial Position",
        "Consolidated Statements of Profit or Loss",
        "Statements of Cash Flows",
        "Consolidated Statements of Changes in Equity",
        "Notes to the financial statements",
        "Segment Information",
        "Thousands of yen",
        "Millions of U.S. dollars",
        "As of",
        "Three months ended",
        "June 30, 2020",
        "31 March 2021",
        "Total assets",
        "Revenue",
        "Cash and cash equivalents",
        "Notes",
        "(1,234)",
        "1,234,567",
        "-",
        "—",
        "24.76",
        "(12",
        "Company name: Example Inc.",
        "Stock code: 1234",
        "\t",
        "\n",
    ]
)


@st.composite
def token_soup(draw: Draw) -> bytes:
    """Report-like text: titles, units, dates, labels and amounts in random order."""
    words = draw(st.lists(st.one_of(REPORT_WORDS, LABELS, HUGE), min_size=1, max_size=200))
    separators = draw(st.lists(st.sampled_from([" ", "\t", "\n"]), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, separators)).encode("utf-8", "surrogatepass")


# -- mutations of real inputs ---------------------------------------------------------------------


def _span(draw: Draw, lines: Lines) -> tuple[int, int]:
    start = draw(st.integers(0, max(0, len(lines) - 1)))
    return start, start + draw(st.integers(1, 40))


def _truncate(draw: Draw, lines: Lines) -> Lines:
    blob = b"".join(lines)
    return blob[: draw(st.integers(0, len(blob)))].splitlines(keepends=True)


def _shuffle(draw: Draw, lines: Lines) -> Lines:
    start, end = _span(draw, lines)
    return lines[:start] + draw(st.permutations(lines[start:end])) + lines[end:]


def _duplicate(draw: Draw, lines: Lines) -> Lines:
    start, end = _span(draw, lines)
    at = draw(st.integers(0, len(lines)))
    return lines[:at] + lines[start:end] + lines[at:]


def _drop(draw: Draw, lines: Lines) -> Lines:
    start, end = _span(draw, lines)
    return lines[:start] + lines[end:]


def _in_one_line(draw: Draw, lines: Lines, change: Callable[[bytes], bytes]) -> Lines:
    if not lines:
        return [change(b"")]
    index = draw(st.integers(0, len(lines) - 1))
    return lines[:index] + [change(lines[index])] + lines[index + 1 :]


def _junk(draw: Draw, lines: Lines) -> Lines:
    def insert(line: bytes) -> bytes:
        at = draw(st.integers(0, len(line)))
        return line[:at] + draw(JUNK) + line[at:]

    return _in_one_line(draw, lines, insert)


def _huge_number(draw: Draw, lines: Lines) -> Lines:
    def replace(line: bytes) -> bytes:
        numbers = list(re.finditer(rb"\(?-?\d[\d,.]*\)?", line))
        huge = draw(HUGE).encode()
        if not numbers:
            return line.rstrip(b"\r\n") + b" " + huge + b"\n"
        found = draw(st.sampled_from(numbers))
        return line[: found.start()] + huge + line[found.end() :]

    return _in_one_line(draw, lines, replace)


def _relabel(draw: Draw, lines: Lines) -> Lines:
    """The label (or YAML key and value) that starts a line replaced by markup or unicode."""

    def replace(line: bytes) -> bytes:
        label = re.match(rb"\s*(?:- )?\{?(?:label: )?[^\d\t(,:{}\[\]]*", line)
        end = label.end() if label else 0
        return line[: end - len(line[:end].lstrip())] + draw(LABELS).encode("utf-8") + b" " + line[end:]

    return _in_one_line(draw, lines, replace)


def _retab(draw: Draw, lines: Lines) -> Lines:
    tabs = draw(st.booleans())
    return _in_one_line(draw, lines, lambda line: line.replace(b" ", b"\t") if tabs else line.replace(b"\t", b"  "))


MUTATIONS = [_truncate, _shuffle, _duplicate, _drop, _junk, _huge_number, _relabel, _retab]


@st.composite
def mutated(draw: Draw, bases: st.SearchStrategy[bytes]) -> bytes:
    lines = draw(bases).splitlines(keepends=True)
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        lines = mutation(draw, lines)
    return b"".join(lines)


# -- structural mutations of the statements file ---------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    LABELS,
    HUGE,
    st.integers(),
    st.floats(),
    st.dates(),
    st.decimals().map(str),
    st.sampled_from(["-", "", " ", "null", "yes", "2020-02-30", "JPY", "ifrs-full:Revenue", "a:b:c", "start"]),
)
NODES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of a parsed document, depth first."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    found = []
    for key, child in items:
        found.append((node, key))
        found.extend(_slots(child))
    return found


def _lines(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [line for statement in document["statements"] for line in statement["lines"]]


def _relabel_line(draw: Draw, document: dict[str, Any]) -> None:
    draw(st.sampled_from(_lines(document)))["label"] = draw(LABELS)


def _revalue_line(draw: Draw, document: dict[str, Any]) -> None:
    values = draw(st.sampled_from([line["values"] for line in _lines(document) if "values" in line]))
    values[draw(st.integers(0, len(values) - 1))] = draw(st.one_of(HUGE, st.integers(), st.decimals().map(str)))


def _repeat_part(draw: Draw, document: dict[str, Any]) -> None:
    """The same line, value list or column list twice: YAML writes the second as an alias."""
    statement = draw(st.sampled_from(document["statements"]))
    part = draw(st.sampled_from(["line", "values", "columns"]))
    if part == "line":
        statement["lines"].append(draw(st.sampled_from(statement["lines"])))
    elif part == "values":
        lines = [line for line in statement["lines"] if "values" in line]
        draw(st.sampled_from(lines))["values"] = draw(st.sampled_from(lines))["values"]
    else:
        draw(st.sampled_from(document["statements"]))["columns"] = statement["columns"]


def _reshape_anywhere(draw: Draw, document: dict[str, Any]) -> None:
    container, key = draw(st.sampled_from(_slots(document)))
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "delete":
        del container[key]
    elif action == "add" and isinstance(container, dict):
        container[draw(st.text(max_size=8))] = draw(NODES)
    else:
        container[key] = draw(NODES)


@cache
def _example_document() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@st.composite
def reshaped_statements(draw: Draw) -> str:
    """The example statements with labels and values replaced, and any item replaced, removed or
    added; written as YAML or JSON."""
    document = copy.deepcopy(_example_document())
    changes = st.sampled_from([_relabel_line, _revalue_line, _repeat_part, _reshape_anywhere])
    for change in draw(st.lists(changes, min_size=1, max_size=4)):
        if isinstance(document, dict) and "statements" in document:  # the structure a change needs is still there
            try:
                change(draw, document)
            except (KeyError, TypeError, IndexError, AttributeError):
                continue  # an earlier change broke what this one walks
    if draw(st.booleans()):
        return json.dumps(document, default=str, ensure_ascii=draw(st.booleans()))
    return yaml.safe_dump(document, allow_unicode=draw(st.booleans()), sort_keys=False)


# -- what must come out ---------------------------------------------------------------------------

EXAMPLE = EXAMPLES / "iij-2020-q1" / "statements.yaml"


def refusal(error: XbrlGenError) -> str:
    """The kind of refusal, for hypothesis' statistics: the message without indexes and values."""
    return "refused: " + re.sub(r"\[\d+\]|, got .*|[(].*", "", error.message)[:90]


def assert_located(error: XbrlGenError, source: str) -> None:
    """One line, starting with the file and (unless it is about the whole file) the line number."""
    message = str(error)
    assert message.splitlines() == [message], message
    assert re.match(rf"{re.escape(source)}(:\d+)?: \S", message), message
    whole_file = re.search(r"the file is empty|cannot read", message)
    assert whole_file or re.match(rf"{re.escape(source)}:\d+: ", message), message


def assert_round_trip(filing: Filing, source: str) -> None:
    """What a reader returns can be written as a statements file and read back unchanged."""
    written = dumps(filing)
    assert dumps(loads(written, source)) == written


def read_text_report(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    try:
        filing, issues = read_report(path)
    except XbrlGenError as error:
        event(refusal(error))
        assert_located(error, str(path))
        return
    event("read")
    assert filing.statements
    assert all(str(issue).splitlines() == [str(issue)] for issue in issues)
    assert_round_trip(filing, str(path))


def parse_xml(content: bytes) -> None:
    try:
        tree = parse_bytes(content, "input.xml")
    except XbrlGenError as error:
        message = str(error)
        assert message.splitlines() == [message] and re.match(r"input\.xml(:\d+)?: \S", message), message
        return
    info = tree.docinfo
    assert info.public_id is None and info.system_url is None  # type: ignore[attr-defined]  # no external DTD
    assert info.internalDTD is None or not list(info.internalDTD.iterentities())  # type: ignore[attr-defined]


def read_statements_file(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    try:
        filing = read(path)
    except XbrlGenError as error:
        event(refusal(error))
        assert_located(error, str(path))
        return
    event("read")
    assert_round_trip(filing, str(path))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@pytest.fixture(scope="module")
def seed_reports() -> list[bytes]:
    found = sorted(SEEDS.glob("*.txt"))
    if not found:
        pytest.skip(f"no seed reports in {SEEDS} (../shared/seeds beside the checkout)")
    return [path.read_bytes() for path in found]


# -- the text report parser -----------------------------------------------------------------------


@given(content=st.one_of(st.binary(), st.text().map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_text_report_random_input(scratch: Path, content: bytes) -> None:
    read_text_report(scratch / "random.txt", content)


@given(content=token_soup())
def test_text_report_token_soup(scratch: Path, content: bytes) -> None:
    read_text_report(scratch / "soup.txt", content)


@given(data=st.data())
def test_text_report_mutated_seeds(scratch: Path, seed_reports: list[bytes], data: st.DataObject) -> None:
    read_text_report(scratch / "mutated.txt", data.draw(mutated(st.sampled_from(seed_reports))))


# -- the statements file loader -------------------------------------------------------------------


@given(content=st.one_of(st.binary(), st.text().map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_statements_random_input(scratch: Path, content: bytes) -> None:
    read_statements_file(scratch / "random.yaml", content)


@given(content=mutated(st.just(EXAMPLE.read_bytes())))
def test_statements_mutated_example(scratch: Path, content: bytes) -> None:
    read_statements_file(scratch / "mutated.yaml", content)


def _without_extension(identifier: str) -> str:
    """The example with no extension namespace of its own, for the entity ``identifier``."""
    document = copy.deepcopy(_example_document())
    del document["extension"]
    document["entity"]["identifier"] = identifier
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@given(text=reshaped_statements())
@example(text=_without_extension("A & B <Holdings>"))  # once found by chance: the default namespace must be a URI
@example(text=_without_extension('x y"{|}\\^`\u00e9/%'))
def test_statements_reshaped_example(scratch: Path, text: str) -> None:
    read_statements_file(scratch / "reshaped.yaml", text.encode("utf-8", "surrogatepass"))


def test_markup_and_unicode_labels_load_verbatim() -> None:
    """Labels are text, not markup: they come back exactly as written, whatever they hold."""
    document = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    labels = [label for label in MARKUP if label.strip() and "\x00" not in label]
    for line, label in zip(document["statements"][0]["lines"], labels):
        line["label"] = label
    filing = loads(yaml.safe_dump(document, allow_unicode=True), "x.yaml")
    assert [line.label for line in filing.statements[0].lines[: len(labels)]] == [label.strip() for label in labels]
    assert_round_trip(filing, "x.yaml")


def test_huge_numbers_are_exact() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("[38671734, 38892573]", f"[{10**40}, -{10**40}.5]", 1)
    line = loads(text, "x.yaml").statements[0].lines[2]
    assert [str(v) for v in line.values] == [str(10**40), f"-{10**40}.5"]


# -- XML we did not write -------------------------------------------------------------------------

INSTANCE = b"""<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:ifrs-full="https://xbrl.ifrs.org/taxonomy/2022-03-24/ifrs-full">
  <xbrli:context id="c"><xbrli:entity><xbrli:identifier scheme="http://example.org">1</xbrli:identifier></xbrli:entity>
    <xbrli:period><xbrli:instant>2020-06-30</xbrli:instant></xbrli:period></xbrli:context>
  <ifrs-full:Revenue contextRef="c" unitRef="u" decimals="0">1000</ifrs-full:Revenue>
</xbrli:xbrl>
"""
DOCTYPES = st.sampled_from(
    [
        b'<!DOCTYPE x [<!ENTITY e "e">]>',
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        b"<!DOCTYPE html>",
        b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
        b'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/"> %p;]>',
        b"<!DOCTYPE x []>",
        b"&e;",
        b"<![CDATA[ ]]>",
        b'<?xml version="1.0" encoding="UTF-16"?>',
    ]
)


@st.composite
def hostile_xml(draw: Draw) -> bytes:
    """The instance with a doctype, an entity reference or CDATA put in somewhere, then mutated."""
    at = draw(st.integers(0, len(INSTANCE)))
    return draw(mutated(st.just(INSTANCE[:at] + draw(DOCTYPES) + b"\n" + INSTANCE[at:])))


@given(content=st.one_of(st.binary(), hostile_xml()))
def test_xml_random_and_hostile_input(content: bytes) -> None:
    parse_xml(content)
