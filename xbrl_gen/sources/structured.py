"""The structured statements file (YAML, or JSON which YAML reads too): one filing per file.

The format is documented in docs/statements-format.md. Every error names the file, the line in
it, the path of the offending item (``statements[1].lines[4].values[0]``) and what was expected.
Numbers keep the digits they were written with: ``24.60`` stays two decimals.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from xbrl_gen.collector import collector_paused
from xbrl_gen.errors import InputError
from xbrl_gen.esef import DETAIL_KEYS, lei_problem
from xbrl_gen.model import (
    FRAMEWORKS,
    LINE_UNITS,
    Column,
    Duration,
    Entity,
    Extension,
    Filing,
    Instant,
    Line,
    Note,
    Period,
    Statement,
    StatementKind,
)
from xbrl_gen.names import QNAME
from xbrl_gen.yamlread import compose, is_null, tag

FORMAT_TAG = "xbrl-gen/statements 1"
DEFAULT_PREFIX = "ext"
PREFIX_EXPECTED = "an XML prefix of the company's own (letters, digits, '.', '-', '_'; not xml..., not ifrs-full)"
SUFFIXES = (".yaml", ".yml", ".json")
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")  # absolute: namespaces and schemes must be
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")  # xml:lang
_THOUSANDS_GROUP = re.compile(r"\d{3}(?:\.\d*)?")
_THOUSANDS_HINT = ' items: YAML splits an unquoted 38,892,573 at its commas; quote it ("38,892,573") or drop the commas'
NIL_DASHES = frozenset({"-", "\u2015", "\u2014", "\u2013", "\u2212"})  # a nil amount, as printed
# Digits each side of the point: no amount comes close, and "1e999999999" must not become a billion digits.
MAX_DIGITS = 100
_WHOLE = re.compile(r"-?[0-9]{1,9}")
_PLAIN_AMOUNT = re.compile(r"-?[0-9]{1,30}(?:\.[0-9]{1,30})?")
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # what XML 1.0 cannot hold


def can_read(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read(path: Path) -> Filing:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the statements file ({err.strerror or err})", str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"expected UTF-8 text, found byte {data[err.start]:#04x}", f"{path}:{line}") from None
    return loads(text, str(path))


def loads(text: str, source: str) -> Filing:
    with collector_paused():  # a node per item, a few objects per line, and no reference cycles
        # The node tree, held by no name here, is freed before the collector resumes: the first
        # collection then scans the filing only, not the several times larger tree too.
        return _Reader(source).filing(_tree(text, source))


def _tree(text: str, source: str) -> yaml.Node:
    try:
        node = compose(text)
    except RecursionError:
        raise InputError("not valid YAML/JSON: lists or mappings nested too deeply", f"{source}:1") from None
    except yaml.YAMLError as err:
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise InputError(f"not valid YAML/JSON: {problem}", f"{source}:{_error_line(err, text)}") from None
    if node is None:
        raise InputError("the file is empty; expected a statements document", source)
    return node


def _error_line(err: yaml.YAMLError, text: str) -> int:
    """The line a YAML error points at; a reader error (a control character) gives an offset."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    return text.count("\n", 0, getattr(err, "position", 0)) + 1


class _Reader:
    """Walks the YAML node tree so that each error can name the line it came from."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.read: set[int] = set()  # ids of the lists and mappings walked so far

    # -- node helpers -------------------------------------------------------------------
    def fail(self, node: yaml.Node, path: str, expected: str) -> InputError:
        return InputError(f"{path}: {expected}", f"{self.source}:{node.start_mark.line + 1}")

    def mapping(self, node: yaml.Node, path: str, required: set[str], optional: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, path, "expected a mapping")
        self.once(node, path)
        items: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in items or (key not in required and key not in optional):
                name = key if key and key.isprintable() else repr(key)
                expected = (
                    "duplicate key"
                    if key in items
                    else f"unknown key; expected one of {', '.join(sorted(required | optional))}"
                )
                raise self.fail(key_node, f"{path}.{name}", expected)
            items[key] = value_node
        if not required <= items.keys():
            raise self.fail(node, path, f"missing required key '{min(required - items.keys())}'")
        return items

    def sequence(self, node: yaml.Node, path: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, path, "expected a list")
        self.once(node, path)
        return list(node.value)

    def once(self, node: yaml.Node, path: str) -> None:
        """A list or mapping repeated by an alias would be read again each time: a few lines of
        nested aliases could make billions of cells (the YAML "billion laughs")."""
        if id(node) in self.read:
            raise self.fail(node, path, "expected a list or mapping written out, not repeated with an alias (*name)")
        self.read.add(id(node))

    def text(self, node: yaml.Node, path: str) -> str:
        value = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
        if not value or is_null(node):
            raise self.fail(node, path, "expected a non-empty text")
        if NOT_XML.search(value):
            raise self.fail(node, path, f"expected text without control characters, got {value!r}")
        return value

    def integer(self, node: yaml.Node, path: str, low: int, high: int) -> int:
        value = self.text(node, path)
        if not _WHOLE.fullmatch(value) or not low <= int(value) <= high:
            raise self.fail(node, path, f"expected a whole number from {low} to {high}, got {value!r}")
        return int(value)

    def boolean(self, node: yaml.Node, path: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or not tag(node).endswith(":bool"):
            raise self.fail(node, path, "expected true or false")
        return str(node.value).lower() in {"true", "yes", "on"}

    def day(self, node: yaml.Node, path: str) -> date:
        value = self.text(node, path)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(node, path, f"expected a date YYYY-MM-DD, got {value!r}") from None

    def amount(self, node: yaml.Node, path: str) -> Decimal | None:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, path, "expected a number, '-' for nil or null for an empty cell")
        raw = node.value.strip()
        if raw == "" or is_null(node):
            return None
        if raw in NIL_DASHES:
            return Decimal(0)
        if _PLAIN_AMOUNT.fullmatch(raw):  # most amounts: nothing to strip, nothing to check
            return Decimal(raw)
        try:
            value = Decimal(raw.replace(",", "").replace("_", ""))
        except InvalidOperation:
            raise self.fail(
                node, path, f"expected a number, '-' for nil or null for an empty cell, got {raw!r}"
            ) from None
        if not value.is_finite():
            raise self.fail(node, path, f"expected a finite number, got {raw!r}")
        if value.adjusted() >= MAX_DIGITS or int(value.as_tuple().exponent) < -MAX_DIGITS:
            raise self.fail(node, path, f"expected at most {MAX_DIGITS} digits each side of the point, got {raw!r}")
        return value

    def matching(self, node: yaml.Node, path: str, pattern: re.Pattern[str], expected: str) -> str:
        value = self.text(node, path)
        if not pattern.fullmatch(value):
            raise self.fail(node, path, f"expected {expected}, got {value!r}")
        return value

    def choice(self, node: yaml.Node, path: str, allowed: list[str]) -> str:
        value = self.text(node, path)
        if value not in allowed:
            raise self.fail(node, path, f"expected one of {', '.join(allowed)}, got {value!r}")
        return value

    # -- document ------------------------------------------------------------------------
    def filing(self, node: yaml.Node) -> Filing:
        top = self.mapping(
            node,
            "$",
            {"entity", "period", "currency", "statements"},
            {"format", "extension", "title", "scale", "language", "framework", "notes"},
        )
        if "format" in top and self.text(top["format"], "format") != FORMAT_TAG:
            raise self.fail(top["format"], "format", f"expected {FORMAT_TAG!r}")
        entity = self.entity(top["entity"])
        statements_nodes = self.sequence(top["statements"], "statements")
        if not statements_nodes:
            raise self.fail(top["statements"], "statements", "expected at least one statement")
        statements = tuple(self.statement(n, f"statements[{i}]") for i, n in enumerate(statements_nodes))
        self.unique([(s.id, n) for s, n in zip(statements, statements_nodes)], "statements", "statement id")
        currency = self.text(top["currency"], "currency")
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise self.fail(top["currency"], "currency", f"expected an ISO 4217 code like JPY, got {currency!r}")
        return Filing(
            entity=entity,
            extension=self.extension(top.get("extension"), entity),
            period=self.duration(top["period"], "period"),
            currency=currency,
            scale=self.integer(top["scale"], "scale", -6, 9) if "scale" in top else 0,
            title=self.text(top["title"], "title") if "title" in top else "Financial statements",
            statements=statements,
            language=self.matching(top["language"], "language", _LANGUAGE, "a language code like en or ja-JP")
            if "language" in top
            else "en",
            source=self.source,
            framework=self.choice(top["framework"], "framework", list(FRAMEWORKS)) if "framework" in top else None,
            notes=self.notes(top["notes"]) if "notes" in top else (),
        )

    def notes(self, node: yaml.Node) -> tuple[Note, ...]:
        nodes = self.sequence(node, "notes")
        notes = tuple(self.note(n, f"notes[{i}]") for i, n in enumerate(nodes))
        self.unique([(n.concept, n_node) for n, n_node in zip(notes, nodes)], "notes", "note concept")
        return notes

    def note(self, node: yaml.Node, path: str) -> Note:
        m = self.mapping(node, path, {"title", "concept", "text"}, set())
        concept = self.text(m["concept"], f"{path}.concept")
        if not QNAME.fullmatch(concept):
            raise self.fail(m["concept"], f"{path}.concept", f"expected prefix:Name, got {concept!r}")
        return Note(
            title=self.text(m["title"], f"{path}.title"),
            concept=concept,
            text=self.text(m["text"], f"{path}.text"),
            where=f"{self.source}:{m['concept'].start_mark.line + 1}",
        )

    def entity(self, node: yaml.Node) -> Entity:
        m = self.mapping(node, "entity", {"name", "identifier", "scheme"}, {"lei", *DETAIL_KEYS})
        lei = self.text(m["lei"], "entity.lei") if "lei" in m else None
        if lei is not None and (problem := lei_problem(lei)):
            raise self.fail(m["lei"], "entity.lei", problem)
        return Entity(
            name=self.text(m["name"], "entity.name"),
            identifier=self.text(m["identifier"], "entity.identifier"),
            scheme=self.matching(m["scheme"], "entity.scheme", URI, "an absolute URI"),
            lei=lei,
            details=tuple((k, self.text(m[k], f"entity.{k}")) for k in DETAIL_KEYS if k in m),
        )

    def extension(self, node: yaml.Node | None, entity: Entity) -> Extension:
        if node is None:
            return default_extension(entity)
        m = self.mapping(node, "extension", {"prefix", "namespace"}, set())
        prefix = self.text(m["prefix"], "extension.prefix")
        if not valid_prefix(prefix):
            raise self.fail(m["prefix"], "extension.prefix", f"expected {PREFIX_EXPECTED}, got {prefix!r}")
        namespace = self.matching(m["namespace"], "extension.namespace", URI, "an absolute URI")
        return Extension(prefix=prefix, namespace=namespace)

    def duration(self, node: yaml.Node, path: str) -> Duration:
        return self.duration_of(node, self.mapping(node, path, {"start", "end"}, set()), path)

    def duration_of(self, node: yaml.Node, m: dict[str, yaml.Node], path: str) -> Duration:
        start, end = self.day(m["start"], f"{path}.start"), self.day(m["end"], f"{path}.end")
        if end < start:
            raise self.fail(node, path, "expected start on or before end")
        return Duration(start, end)

    def statement(self, node: yaml.Node, path: str) -> Statement:
        m = self.mapping(node, path, {"id", "kind", "columns", "lines"}, {"title"})
        kinds = [k.value for k in StatementKind]
        column_nodes = self.sequence(m["columns"], f"{path}.columns")
        if not column_nodes:
            raise self.fail(m["columns"], f"{path}.columns", "expected at least one column")
        columns = tuple(self.column(n, f"{path}.columns[{i}]") for i, n in enumerate(column_nodes))
        self.unique([(c.id, n) for c, n in zip(columns, column_nodes)], f"{path}.columns", "column id")
        line_nodes = self.sequence(m["lines"], f"{path}.lines")
        if not line_nodes:
            raise self.fail(m["lines"], f"{path}.lines", "expected at least one line")
        lines = with_ids([self.line(n, f"{path}.lines[{i}]", len(columns)) for i, n in enumerate(line_nodes)])
        statement_id = self.text(m["id"], f"{path}.id")
        return Statement(
            id=statement_id,
            kind=StatementKind(self.choice(m["kind"], f"{path}.kind", kinds)),
            title=self.text(m["title"], f"{path}.title") if "title" in m else statement_id,
            columns=columns,
            lines=tuple(lines),
            where=f"{self.source}:{node.start_mark.line + 1}",
        )

    def column(self, node: yaml.Node, path: str) -> Column:
        m = self.mapping(node, path, {"id"}, {"instant", "start", "end", "heading", "member"})
        period: Period
        if "instant" in m:
            if "start" in m or "end" in m:
                raise self.fail(node, path, "expected either instant or start/end, not both")
            period = Instant(self.day(m["instant"], f"{path}.instant"))
        elif "start" in m and "end" in m:
            period = self.duration_of(node, m, path)
        else:
            raise self.fail(node, path, "expected a period: instant, or start and end")
        return Column(
            id=self.text(m["id"], f"{path}.id"),
            period=period,
            heading=self.text(m["heading"], f"{path}.heading") if "heading" in m else "",
            member=self.text(m["member"], f"{path}.member") if "member" in m else None,
        )

    def line(self, node: yaml.Node, path: str, width: int) -> Line:
        m = self.mapping(
            node,
            path,
            {"label"},
            {"id", "depth", "values", "total", "note", "concept", "at", "accept-difference", "unit"},
        )
        values: tuple[Decimal | None, ...] = (None,) * width
        if "values" in m:
            value_nodes = self.sequence(m["values"], f"{path}.values")
            if len(value_nodes) != width:
                hint = _THOUSANDS_HINT if _split_thousands(value_nodes) else ""
                raise self.fail(
                    m["values"],
                    f"{path}.values",
                    f"expected {width} values (one per column), got {len(value_nodes)}{hint}",
                )
            values = tuple(self.amount(n, f"{path}.values[{i}]") for i, n in enumerate(value_nodes))
        concept = None
        if "concept" in m:
            concept = self.text(m["concept"], f"{path}.concept")
            if not QNAME.fullmatch(concept):
                raise self.fail(m["concept"], f"{path}.concept", f"expected prefix:Name, got {concept!r}")
        return Line(
            id=self.text(m["id"], f"{path}.id") if "id" in m else "",
            label=self.text(m["label"], f"{path}.label"),
            depth=self.integer(m["depth"], f"{path}.depth", 0, 20) if "depth" in m else 0,
            values=values,
            total=self.boolean(m["total"], f"{path}.total") if "total" in m else False,
            note=self.text(m["note"], f"{path}.note") if "note" in m else None,
            concept=concept,
            at=self.choice(m["at"], f"{path}.at", ["start", "end"]) if "at" in m else None,  # type: ignore[arg-type]
            accept_difference=(
                self.boolean(m["accept-difference"], f"{path}.accept-difference") if "accept-difference" in m else False
            ),
            where=f"{self.source}:{node.start_mark.line + 1}",
            unit=self.choice(m["unit"], f"{path}.unit", list(LINE_UNITS)) if "unit" in m else None,
        )

    def unique(self, items: list[tuple[str, yaml.Node]], path: str, what: str) -> None:
        seen: set[str] = set()
        for value, node in items:
            if value in seen:
                raise self.fail(node, path, f"duplicate {what} {value!r}")
            seen.add(value)


def _split_thousands(nodes: list[yaml.Node]) -> bool:
    """Whether YAML split an unquoted ``38,892,573`` into items: a plain three-digit item right
    after a comma that directly follows the previous item."""
    return any(
        isinstance(node, yaml.ScalarNode)
        and not node.style  # plain: None from PyYAML, "" from libyaml
        and _THOUSANDS_GROUP.fullmatch(node.value) is not None
        and node.start_mark.index == previous.end_mark.index + 1
        for previous, node in zip(nodes, nodes[1:])
    )


def slug(text: str, empty: str = "line") -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or empty


def valid_prefix(prefix: str) -> bool:
    """An XML prefix (NCName) of the company's own: not ``xml...``, not the IFRS taxonomy's."""
    return bool(_NCNAME.fullmatch(prefix)) and not prefix.lower().startswith("xml") and prefix != "ifrs-full"


def with_prefix(filing: Filing, prefix: str) -> Filing:
    """The filing with its extension concepts under ``prefix``, explicit ``concept:`` lines too."""
    old = f"{filing.extension.prefix}:"

    def renamed(line: Line) -> Line:
        concept = line.concept
        return replace(line, concept=f"{prefix}:{concept[len(old) :]}") if concept and concept.startswith(old) else line

    statements = tuple(replace(s, lines=tuple(map(renamed, s.lines))) for s in filing.statements)
    return replace(filing, extension=replace(filing.extension, prefix=prefix), statements=statements)


def default_extension(entity: Entity, prefix: str = DEFAULT_PREFIX) -> Extension:
    """A namespace of the entity's own when none is given: its name as a slug and its identifier
    percent-encoded, so that any identifier ("A & B <Holdings>") makes an absolute URI."""
    identifier = quote(entity.identifier, safe="")
    return Extension(prefix, f"http://xbrl-gen.invalid/{slug(entity.name, 'entity')}/{identifier}")


def with_ids(lines: list[Line]) -> list[Line]:
    """Give every line a stable id unique in its statement: the label, qualified by the nearest
    header when the label repeats ("Prepaid expenses" under current and non-current assets)."""
    taken = {line.id for line in lines if line.id}
    headers: list[Line] = []
    result: list[Line] = []
    for line in lines:
        headers = [h for h in headers if h.depth < line.depth]
        if not line.id:
            candidate = slug(line.label)
            if candidate in taken and headers:
                candidate = f"{slug(headers[-1].label)}--{candidate}"
            base, n = candidate, 2
            while candidate in taken:
                candidate, n = f"{base}-{n}", n + 1
            line = replace(line, id=candidate)
            taken.add(candidate)
        if line.is_header:
            headers.append(line)
        result.append(line)
    return result


# --- writing ------------------------------------------------------------------------------


def dumps(filing: Filing) -> str:
    """The statements file for ``filing``; ``loads(dumps(f))`` gives ``f`` back (ids included)."""
    return dump_document(_document(filing))


def dump_document(document: dict[str, Any]) -> str:
    """A statements document (plain mappings, lists, text and ``Decimal``) as YAML text, each
    line on one row; other readers (workbooks) build one and validate it through ``loads``."""
    for statement in document.get("statements", []):
        statement["lines"] = [_FlowMap(line) for line in statement["lines"]]
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 20)


def _document(filing: Filing) -> dict[str, Any]:
    return {
        "format": FORMAT_TAG,
        "title": filing.title,
        "entity": _entity_document(filing.entity),
        "extension": {"prefix": filing.extension.prefix, "namespace": filing.extension.namespace},
        "period": {"start": filing.period.start.isoformat(), "end": filing.period.end.isoformat()},
        "currency": filing.currency,
        "scale": filing.scale,
        "language": filing.language,
        **({"framework": filing.framework} if filing.framework else {}),
        "statements": [_statement_document(s) for s in filing.statements],
        **(
            {"notes": [{"title": n.title, "concept": n.concept, "text": n.text} for n in filing.notes]}
            if filing.notes
            else {}
        ),
    }


def _entity_document(entity: Entity) -> dict[str, Any]:
    document = {"name": entity.name, "identifier": entity.identifier, "scheme": entity.scheme}
    return document | ({"lei": entity.lei} if entity.lei else {}) | dict(entity.details)


def _statement_document(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "kind": statement.kind.value,
        "title": statement.title,
        "columns": [_column_document(c) for c in statement.columns],
        "lines": [_FlowMap(_line_document(line)) for line in statement.lines],
    }


def _column_document(column: Column) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": column.id}
    if isinstance(column.period, Instant):
        doc["instant"] = column.period.date.isoformat()
    else:
        doc["start"], doc["end"] = column.period.start.isoformat(), column.period.end.isoformat()
    if column.heading:
        doc["heading"] = column.heading
    if column.member:
        doc["member"] = column.member
    return doc


def _line_document(line: Line) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": line.id, "label": line.label}
    if line.depth:
        doc["depth"] = line.depth
    if line.total:
        doc["total"] = True
    if not line.is_header:
        doc["values"] = list(line.values)
    for key in ("note", "concept", "at", "unit"):
        if getattr(line, key):
            doc[key] = getattr(line, key)
    if line.accept_difference:
        doc["accept-difference"] = True
    return doc


class _FlowMap(dict):  # type: ignore[type-arg]
    """A line written on one row: ``- {id: ..., label: ..., values: [38671734, 38892573]}``."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """PyYAML folds a NEL (U+0085) in a single-quoted scalar into a space: quote such text doubly."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if "\x85" in value else None)


def _represent_flow(dumper: yaml.SafeDumper, value: _FlowMap) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(_FlowMap, _represent_flow)
