"""Bad, hostile and awkward input: markup in labels, XML bombs and external entities, broken
files on every command, failures in the middle of a build, and the same input built twice."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, SEEDS, arelle_facts, arelle_model
from lxml import etree

from xbrl_gen.cli import main
from xbrl_gen.errors import InputError, MappingError, OutputError
from xbrl_gen.xmlsafe import check_file, parse_bytes

XHTML = "{http://www.w3.org/1999/xhtml}"

# -- labels with markup characters ----------------------------------------------------------------

ENTITY = "Ärger & Söhne <Holdings> -- \"Ltd\" 'KK' 株式会社"
TITLE = "Q1 <draft> & \"final\" 'report' > ]]> — 第1四半期"
LABELS = {
    'Fees & <charges> "gross"': "tst:FeesAndCharges",
    "Royalties 'net' > 0 ]]> — ロイヤルティ": "tst:RoyaltiesNet",
    "Total <fees> & 'royalties' ½": "tst:TotalFeesAndRoyalties",
}


def _markup_statements() -> dict[str, object]:
    fees, royalties, total = LABELS
    return {
        "title": TITLE,
        "entity": {"name": ENTITY, "identifier": "9999", "scheme": "http://example.org/ids"},
        "extension": {"prefix": "tst", "namespace": "http://example.org/xbrl/tst/2020-06-30"},
        "period": {"start": "2020-04-01", "end": "2020-06-30"},
        "currency": "JPY",
        "scale": 3,
        "statements": [
            {
                "id": "profit-or-loss",
                "kind": "profit-or-loss",
                "title": "Statement of <profit> & \"loss\" 'Q1'",
                "columns": [
                    {"id": "current", "start": "2020-04-01", "end": "2020-06-30", "heading": "Q1 <2020> & 'co'"}
                ],
                "lines": [
                    {"label": 'Income <sources> & "kinds"'},
                    {"label": fees, "depth": 1, "values": [120], "concept": LABELS[fees]},
                    {"label": royalties, "depth": 1, "values": [30], "concept": LABELS[royalties]},
                    {"label": total, "depth": 1, "total": True, "values": [150], "concept": LABELS[total]},
                ],
            }
        ],
    }


def _our_labels(entry: Path, packages: list[Path]) -> dict[str, str]:
    """Standard labels of the extension's concepts, as Arelle reads them from our label linkbase."""
    from arelle import XbrlConst

    with arelle_model(entry, packages) as model:
        return {
            str(rel.fromModelObject.qname): rel.toModelObject.textValue
            for rel in model.relationshipSet(XbrlConst.conceptLabel).modelRelationships
            if rel.toModelObject.role == XbrlConst.standardLabel and rel.modelDocument.uri.endswith("_lab.xml")
        }


@pytest.mark.arelle
def test_markup_in_labels_is_escaped_and_validates(tmp_path: Path, packages: list[Path]) -> None:
    from xbrl_gen.build import build

    source = tmp_path / "q1--<draft> & 'final'" / "statements.yaml"  # the path goes into a comment too
    source.parent.mkdir()
    source.write_text(yaml.safe_dump(_markup_statements(), allow_unicode=True), encoding="utf-8")
    result = build(source, tmp_path / "out", packages)
    for report in result.reports:
        assert report.errors == [] and report.calculation_inconsistencies == [], report.summary()
        assert report.fact_count == 3, report.summary()
    labels = _our_labels(result.instance, packages)
    assert {qname: labels[qname] for qname in LABELS.values()} == {qname: label for label, qname in LABELS.items()}
    assert 'Income <sources> & "kinds"' in labels.values()
    page = etree.parse(str(result.inline))
    assert page.findtext(f".//{XHTML}title") == f"{ENTITY}: {TITLE}"
    assert page.findtext(f".//{XHTML}h1") == TITLE
    assert page.findtext(f".//{XHTML}h2") == "Statement of <profit> & \"loss\" 'Q1'"


# -- duplicate facts -------------------------------------------------------------------------------


def _with_duplicate(tmp_path: Path, value: int) -> Path:
    """The example with a second cash line, tagged like the first, showing ``value`` this quarter."""
    text = (EXAMPLES / "iij-2020-q1" / "statements.yaml").read_text(encoding="utf-8")
    first = "      - {label: Cash and cash equivalents, depth: 2, values: [38671734, 38892573]}\n"
    assert first in text
    tagged = "depth: 2, concept: ifrs-full:CashAndCashEquivalents,"
    again = f"      - {{label: Cash at bank, {tagged} values: [38671734, {value}]}}\n"
    path = tmp_path / f"duplicate-{value}.yaml"
    path.write_text(text.replace(first, first.replace("depth: 2,", tagged) + again, 1), encoding="utf-8")
    return path


def test_inconsistent_duplicate_facts_name_both_lines(tmp_path: Path, packages: list[Path]) -> None:
    from xbrl_gen.build import build

    source = _with_duplicate(tmp_path, 38892574)
    lines = source.read_text(encoding="utf-8").splitlines()
    first, second = (n for n, text in enumerate(lines, 1) if "ifrs-full:CashAndCashEquivalents" in text)
    with pytest.raises(MappingError) as error:
        build(source, tmp_path / "out", packages, check=False)
    message = str(error.value)
    assert message.startswith(f"{source}:{second}: ifrs-full:CashAndCashEquivalents"), message
    assert f"{source}:{first}" in message and "38892574000" in message and "38892573000" in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.arelle
def test_consistent_duplicate_facts_collapse(tmp_path: Path, packages: list[Path]) -> None:
    from xbrl_gen.build import build

    result = build(_with_duplicate(tmp_path, 38892573), tmp_path / "out", packages, check=False)
    cash = [f for f in arelle_facts(result.instance, packages) if f.concept == "ifrs-full:CashAndCashEquivalents"]
    assert [f.value for f in cash if f.period == "2020-06-30"] == [Decimal(38892573000)]


# -- hostile XML --------------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    try:
        server.accept()[0].close()
    except BlockingIOError:
        return False
    return True


BILLION_LAUGHS = "\n".join(
    [
        "<!DOCTYPE xbrl [",
        '  <!ENTITY lol0 "lol">',
        *(f'  <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)),
        "]>",
        '<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">&lol9;</xbrli:xbrl>',
    ]
)


def _hostile_files(folder: Path, port: int) -> dict[str, Path]:
    """Each hostile document as a file: entity bombs, external entities (a file, a FIFO that would
    block whoever opened it, a URL on ``port``) and an external DTD on that port."""
    secret = folder / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER\n")
    fifo = folder / "fifo"
    os.mkfifo(fifo)
    root = '<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">&e;</xbrli:xbrl>'
    documents = {
        "billion-laughs": BILLION_LAUGHS,
        "xxe-passwd": f'<!DOCTYPE xbrl [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n{root}',
        "xxe-secret": f'<!DOCTYPE xbrl [<!ENTITY e SYSTEM "{secret.as_uri()}">]>\n{root}',
        "xxe-fifo": f'<!DOCTYPE xbrl [<!ENTITY e SYSTEM "{fifo.as_uri()}">]>\n{root}',
        "xxe-http": f'<!DOCTYPE xbrl [<!ENTITY e SYSTEM "http://127.0.0.1:{port}/e">]>\n{root}',
        "parameter-entity": f'<!DOCTYPE xbrl [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p"> %p;]>\n{root}',
        "external-dtd": f'<!DOCTYPE xbrl SYSTEM "http://127.0.0.1:{port}/x.dtd">\n{root}',
    }
    paths = {}
    for name, text in documents.items():
        paths[name] = folder / f"{name}.xbrl"
        paths[name].write_text(f'<?xml version="1.0"?>\n{text}')
    return paths


@pytest.mark.parametrize(
    "name", ["billion-laughs", "xxe-passwd", "xxe-secret", "xxe-fifo", "xxe-http", "parameter-entity", "external-dtd"]
)
def test_xmlsafe_refuses_dtds(tmp_path: Path, listener: socket.socket, name: str) -> None:
    path = _hostile_files(tmp_path, listener.getsockname()[1])[name]
    with pytest.raises(InputError) as error:
        check_file(path)
    assert str(error.value) == f"{path}:2: a DTD (entity declarations) is not accepted in XBRL input"
    assert not _connected(listener)


def test_xmlsafe_lets_html5_doctype_through_and_reports_syntax_errors() -> None:
    page = b'<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"/>'
    assert parse_bytes(page, "p.xhtml").getroot().tag == f"{XHTML}html"
    with pytest.raises(InputError, match="DTD"):
        parse_bytes(page.replace(b"html>", b'html [<!ENTITY a "b">]>', 1), "p.xhtml")
    with pytest.raises(InputError) as error:
        parse_bytes(b"<a>\n<b></a>", "broken.xml")
    assert str(error.value).startswith("broken.xml:2: not well-formed XML: ")


def test_our_own_output_passes_the_xml_check(previous_build: Path) -> None:
    for path in sorted(previous_build.glob("*.x*")):
        check_file(path)


def _cli_subprocess(*args: str, packages: list[Path], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XBRL_GEN_TAXONOMY_PACKAGES=os.pathsep.join(map(str, packages)))
    command = [sys.executable, "-m", "xbrl_gen.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, check=False)


@pytest.fixture
def taxonomy_env(packages: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XBRL_GEN_TAXONOMY_PACKAGES", os.pathsep.join(map(str, packages)))


HOSTILE_COMMANDS = {
    "validate": lambda path, out: ["validate", str(path)],
    "convert": lambda path, out: ["convert", str(path), "--to", "json", "-o", str(out / "converted.json")],
}


def _assert_refused(code: int, stderr: str, path: Path) -> None:
    assert code == 2, stderr
    assert stderr.splitlines() == [stderr.strip()] and "DTD" in stderr, stderr
    assert stderr.startswith(f"xbrl-gen: error: {path}:2: "), stderr


@pytest.mark.usefixtures("taxonomy_env")
@pytest.mark.parametrize("command", sorted(HOSTILE_COMMANDS))
def test_hostile_xml_is_refused_by_the_cli(
    tmp_path: Path, listener: socket.socket, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Exit 2 and one line; nothing from the files the entities name, no connection, no output."""
    out = tmp_path / "out"
    hostile = _hostile_files(tmp_path, listener.getsockname()[1])
    for name, path in hostile.items():
        if name == "xxe-fifo":
            continue  # in its own process below: opening it would block
        code = main(HOSTILE_COMMANDS[command](path, out))
        captured = capsys.readouterr()
        _assert_refused(code, captured.err, path)
        assert "root:" not in captured.out + captured.err and "TOP-SECRET" not in captured.out + captured.err
        assert not _connected(listener), name
        assert not out.exists()


@pytest.mark.parametrize("command", sorted(HOSTILE_COMMANDS))
def test_entity_naming_a_fifo_is_never_opened(tmp_path: Path, packages: list[Path], command: str) -> None:
    """Whoever opened the FIFO for reading would wait for a writer that never comes."""
    path = _hostile_files(tmp_path, 9)["xxe-fifo"]
    result = _cli_subprocess(*HOSTILE_COMMANDS[command](path, tmp_path / "out"), packages=packages, timeout=60)
    _assert_refused(result.returncode, result.stderr, path)


# -- every command, bad input -----------------------------------------------------------------------

BAD_INPUTS = {
    "missing": lambda folder, suffix: folder / "absent" / "statements.yaml",
    "directory-without-statements": lambda folder, suffix: folder,
    "binary": lambda folder, suffix: _write(folder / f"junk.{suffix}", bytes(range(256)) * 4),
    "empty": lambda folder, suffix: _write(folder / f"empty.{suffix}", b""),
}
COMMANDS = {
    "build": ("yaml", lambda source, out: ["build", str(source), "-o", str(out / "filing")]),
    "convert-text": ("txt", lambda source, out: ["convert-text", str(source), "-o", str(out / "statements.yaml")]),
    "map": ("yaml", lambda source, out: ["map", str(source)]),
    "validate": ("xbrl", lambda source, out: ["validate", str(source)]),
    "convert": ("xbrl", lambda source, out: ["convert", str(source), "--to", "xbrl", "-o", str(out / "report.xbrl")]),
}


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.mark.usefixtures("taxonomy_env")
@pytest.mark.parametrize("bad", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, bad: str
) -> None:
    suffix, arguments = COMMANDS[command]
    folder = tmp_path / "in"
    folder.mkdir()
    source = BAD_INPUTS[bad](folder, suffix)
    out = tmp_path / "out"
    code = main(arguments(source, out))
    captured = capsys.readouterr()
    assert code == 2, captured
    assert captured.err.count("\n") == 1 and captured.err.startswith("xbrl-gen: error: "), captured.err
    assert str(source) in captured.err, captured.err
    assert "Traceback" not in captured.err and not out.exists()


def test_debug_shows_the_traceback(tmp_path: Path, packages: list[Path]) -> None:
    missing = tmp_path / "absent.txt"
    plain = _cli_subprocess("convert-text", str(missing), "-o", str(tmp_path / "s.yaml"), packages=packages)
    debug = _cli_subprocess("--debug", "convert-text", str(missing), "-o", str(tmp_path / "s.yaml"), packages=packages)
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert plain.stderr == f"xbrl-gen: error: {missing}: cannot read the text report (No such file or directory)\n"
    assert debug.returncode != 0 and debug.stderr.startswith("Traceback (most recent call last):")
    assert "xbrl_gen.errors.InputError" in debug.stderr and str(missing) in debug.stderr


# -- atomic output ------------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def previous_build(tmp_path: Path, packages: list[Path]) -> Path:
    """An output folder holding an earlier build plus a file of the user's own."""
    from xbrl_gen.build import build

    out = tmp_path / "out"
    build(EXAMPLES / "iij-2020-q1", out, packages, check=False)
    (out / "notes.txt").write_text("mine\n")
    return out


def _fail(*args: object, **kwargs: object) -> str:
    raise RuntimeError("injected failure")


def test_failure_in_rendering_leaves_output_as_it_was(
    previous_build: Path, packages: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from xbrl_gen import build

    before = _snapshot(previous_build)
    monkeypatch.setattr(build, "render_inline", _fail)
    with pytest.raises(RuntimeError, match="injected"):
        build.build(EXAMPLES / "iij-2020-h1", previous_build, packages, check=False)
    assert _snapshot(previous_build) == before
    assert sorted(p.name for p in previous_build.parent.iterdir()) == ["out"]


def test_failure_writing_the_third_file_leaves_output_as_it_was(
    previous_build: Path, packages: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from xbrl_gen.build import build

    before = _snapshot(previous_build)
    write_text = Path.write_text
    calls: list[Path] = []

    def third_fails(path: Path, *args: object, **kwargs: object) -> int:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return write_text(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", third_fails)
    with pytest.raises(OutputError, match="No space"):
        build(EXAMPLES / "iij-2020-h1", previous_build, packages, check=False)
    assert len(calls) == 3
    assert _snapshot(previous_build) == before
    assert sorted(p.name for p in previous_build.parent.iterdir()) == ["out"]


def test_failure_moving_the_third_file_in_puts_the_previous_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staged files are moved in one by one: a failing move takes out the ones moved in and puts
    back the ones they replaced, and a folder in the way is reported, not moved."""
    import os

    from xbrl_gen import render

    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.xbrl", "b.xsd", "c.xml", "mine.txt"):
        (out / name).write_text(f"old {name}\n")
    before = _snapshot(out)
    replace = os.replace
    moves_in: list[str] = []

    def third_fails(source: object, target: object) -> None:
        if Path(str(target)).parent == out and ".previous" not in str(source):
            moves_in.append(Path(str(target)).name)
            if len(moves_in) == 3:
                raise OSError(5, "Input/output error")
        replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(render.os, "replace", third_fails)
    new = {"a.xbrl": "new a", "b.xsd": "new b", "c.xml": "new c", "d.xml": "new d"}
    with pytest.raises(OutputError, match="Input/output"):
        render.write_atomically(new, out)
    assert moves_in == ["a.xbrl", "b.xsd", "c.xml"]
    assert _snapshot(out) == before
    monkeypatch.undo()
    (out / "d.xml").mkdir()
    with pytest.raises(OutputError, match="d.xml: cannot write here: Is a directory"):
        render.write_atomically(new, out)
    assert _snapshot_files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _snapshot_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


# -- determinism ------------------------------------------------------------------------------------


def test_convert_text_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = sorted(SEEDS.glob("*.txt"))
    if not reports:
        pytest.skip(f"no seed reports in {SEEDS} (../shared/seeds beside the checkout)")
    for report in reports:
        written = []
        for attempt in ("first", "second"):
            out = tmp_path / attempt / f"{report.stem}.yaml"
            assert main(["convert-text", str(report), "-o", str(out)]) == 0
            written.append(out.read_bytes())
        assert written[0] == written[1], report.name
    capsys.readouterr()
