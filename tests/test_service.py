"""The HTTP service: each endpoint through FastAPI's test client, its limits, concurrent requests
kept apart, and once the real thing: ``xbrl-gen serve`` on uvicorn, on a free port of 127.0.0.1."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
import httpx
from fastapi.testclient import TestClient

from xbrl_gen.service.app import Limits, create_app

pytestmark = [pytest.mark.arelle, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def statements(name: str, revenue: int) -> bytes:
    """A small statements file: one profit-or-loss statement of one company."""
    return f"""
title: Annual report {name}
entity: {{name: {name}, identifier: "{name.upper()}1", scheme: "http://example.com/id"}}
period: {{start: 2024-01-01, end: 2024-12-31}}
currency: EUR
scale: 3
statements:
  - id: profit-or-loss
    kind: profit-or-loss
    title: Statement of profit or loss
    columns: [{{id: fy, start: 2024-01-01, end: 2024-12-31}}]
    lines:
      - {{label: Revenue, values: [{revenue}]}}
      - {{label: Cost of sales, values: [-400]}}
      - {{label: Gross profit, total: true, values: [{revenue - 400}]}}
""".encode()


def revenue_of(document: dict[str, Any]) -> tuple[str, Decimal]:
    """(entity identifier, revenue) as the xBRL-JSON report states them."""
    (fact,) = [f for f in document["report"]["facts"].values() if f["dimensions"]["concept"] == "ifrs-full:Revenue"]
    return fact["dimensions"]["entity"].rpartition(":")[2], Decimal(fact["value"])


@pytest.fixture(scope="module")
def temp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("requests")


@pytest.fixture(scope="module")
def client(packages: list[Path], temp_root: Path) -> Any:
    app = create_app(packages, Limits(max_bytes=200_000, timeout=240, workers=2, temp_root=temp_root))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_filings_gives_a_report_package_and_json_of_facts(client: TestClient, temp_root: Path) -> None:
    answer = client.post(
        "/filings", params={"validate": "false"}, files={"file": ("acme.yaml", statements("acme", 1000))}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert any(n.endswith("META-INF/reportPackage.json") for n in names) and any(n.endswith(".xhtml") for n in names)
    answer = client.post("/filings", params={"output": "json"}, files={"file": ("acme.yaml", statements("acme", 1000))})
    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert revenue_of(document) == ("ACME1", Decimal(1000000))
    assert all(" 0 errors" in s for s in document["validation"]) and len(document["validation"]) == 2
    assert list(temp_root.iterdir()) == []  # every request's folder is gone


def test_a_workbook_goes_in_like_a_statements_file(client: TestClient) -> None:
    workbook = b"Income statement\nEntity name,Beta\nIdentifier,B1\nScheme,http://example.com/id\nin thousands of EUR\n,Year ended 31 December 2024\nRevenue,700\n"
    answer = client.post(
        "/filings", params={"output": "json", "validate": "false"}, files={"file": ("beta.csv", workbook)}
    )
    assert answer.status_code == 200, answer.text
    assert revenue_of(answer.json()) == ("B1", Decimal(700000))


@pytest.mark.parametrize(
    ("path", "name", "content", "status", "error"),
    [
        (
            "/filings",
            "bad.csv",
            b"Entity name,X\nLEI,529900T8BM49AURSDO55\nin EUR\n,2024-01-01 to 2024-12-31\nRevenue,n/a\n",
            400,
            "bad.csv: B5: expected a number, got 'n/a'",
        ),
        ("/filings", "bad.yaml", b"entity: [", 400, "bad.yaml:1: not valid YAML/JSON"),
        ("/filings", "notes.pdf", b"%PDF", 400, "notes.pdf: expected a file named .yaml"),
        (
            "/validate",
            "x.xbrl",
            b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>",
            400,
            "x.xbrl:1: a DTD (entity declarations) is not accepted",
        ),
        ("/convert?to=json", "x.xbrl", b"plain text", 400, "x.xbrl: not XBRL"),
        ("/convert?to=word", "x.xbrl", b"<x/>", 400, "query.to: Input should be"),
    ],
)
def test_bad_input_is_one_json_line_with_4xx(
    client: TestClient, path: str, name: str, content: bytes, status: int, error: str
) -> None:
    answer = client.post(path, files={"file": (name, content)})
    assert answer.status_code == status, answer.text
    assert answer.json()["error"].startswith(error) and "\n" not in answer.json()["error"]
    assert "Traceback" not in answer.text and "/tmp" not in answer.text  # nor the server's paths


def test_a_text_report_goes_in_too(client: TestClient) -> None:
    from conftest import SEEDS

    seeds = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"seed 000 not found in {SEEDS} (../shared/seeds beside the checkout)")
    answer = client.post(
        "/filings",
        params={"output": "json", "validate": "false"},
        files={"file": ("release.txt", seeds[0].read_bytes())},
    )
    assert answer.status_code == 200, answer.text
    facts = answer.json()["report"]["facts"].values()
    revenue = {
        f["dimensions"]["period"]: Decimal(f["value"])
        for f in facts
        if f["dimensions"]["concept"] == "ifrs-full:Revenue" and len(f["dimensions"]) == 4
    }
    assert revenue["2020-04-01T00:00:00/2020-07-01T00:00:00"] == Decimal(
        "50378505000"
    )  # as the release prints it, in thousands of yen


def test_a_report_package_holding_a_dtd_is_refused(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("r/reports/r.xbrl", "<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>")
    answer = client.post("/validate", files={"file": ("r.zip", buffer.getvalue())})
    assert (answer.status_code, answer.json()) == (
        400,
        {"error": "r.zip/r/reports/r.xbrl:1: a DTD (entity declarations) is not accepted in XBRL input"},
    )


def test_size_limit_by_header_and_by_stream(client: TestClient) -> None:
    big = client.post("/filings", files={"file": ("big.yaml", b"x" * 300_000)})
    assert (big.status_code, big.json()) == (413, {"error": "the request is larger than 200,000 bytes"})

    def chunks() -> Any:  # a well-formed upload without Content-Length: counted as it arrives
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.yaml"\r\n\r\n'
        for _ in range(40):
            yield b"y" * 10_000
        yield b"\r\n--b--\r\n"

    streamed = client.post("/filings", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert (streamed.status_code, streamed.json()) == (413, {"error": "the request is larger than 200,000 bytes"})


def test_a_fault_of_ours_is_500_without_a_traceback(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from xbrl_gen.service.workers import Workers

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("secret detail at /srv/internal/path")

    monkeypatch.setattr(Workers, "run", broken)
    answer = client.post("/filings", files={"file": ("acme.yaml", statements("acme", 1000))})
    assert (answer.status_code, answer.json()) == (500, {"error": "internal error"})


def test_missing_file_and_unknown_route(client: TestClient) -> None:
    assert client.post("/filings").json() == {"error": "body.file: Field required"}
    assert client.get("/nowhere").status_code == 404


def test_openapi_documents_the_endpoints(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/filings", "/validate", "/convert"} <= schema["paths"].keys()
    assert client.get("/docs").status_code == 200


def test_concurrent_requests_get_their_own_answers(client: TestClient, temp_root: Path) -> None:
    companies = [("alpha", 1100), ("bravo", 1200), ("charlie", 1300), ("delta", 1400)]

    def post(company: tuple[str, int]) -> tuple[str, Decimal]:
        name, revenue = company
        answer = client.post(
            "/filings",
            params={"output": "json", "validate": "false"},
            files={"file": ("statements.yaml", statements(name, revenue))},
        )
        assert answer.status_code == 200, answer.text
        return revenue_of(answer.json())

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(post, companies))
    assert answers == [(f"{n.upper()}1", Decimal(r * 1000)) for n, r in companies]
    assert list(temp_root.iterdir()) == []


def test_validate_and_convert_a_report_package(client: TestClient, built, packages: list[Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from xbrl_gen.convert.formats import Format
    from xbrl_gen.convert.pipeline import convert

    package = convert(built["iij-2020-q1"].inline, Format.PACKAGE, tmp_path / "iij.xbri", packages).files[0]
    answer = client.post("/validate", files={"file": (package.name, package.read_bytes())})
    assert answer.status_code == 200, answer.text
    assert answer.json()["valid"] is True and answer.json()["facts"] == 422, answer.json()
    csv = client.post("/convert", params={"to": "csv"}, files={"file": (package.name, package.read_bytes())})
    assert csv.status_code == 200, csv.text
    names = sorted(zipfile.ZipFile(io.BytesIO(csv.content)).namelist())
    assert {"iij-2020-06-30-facts.csv", "iij-2020-06-30-metadata.json"} <= set(names)
    # beside them only the report's extension taxonomy, so that the output stands alone
    assert all(n.startswith("iij-2020-06-30") for n in names) and "iij-2020-06-30.xsd" in names, names
    alone = client.post("/validate", files={"file": ("iij.xbrl", built["iij-2020-q1"].instance.read_bytes())})
    assert alone.json()["valid"] is False  # an instance without its extension taxonomy: Arelle cannot load it


def test_over_time_answers_408_and_the_worker_is_replaced(packages: list[Path], tmp_path: Path) -> None:
    app = create_app(packages, Limits(timeout=0.5, workers=1, temp_root=tmp_path))
    with TestClient(app, raise_server_exceptions=False) as slow:
        _wait_for_workers(lambda: slow.get("/health").json(), 1)
        answer = slow.post("/filings", files={"file": ("acme.yaml", statements("acme", 1000))})
        assert (answer.status_code, answer.json()) == (408, {"error": "acme.yaml: not done within 0.5 seconds"})
        assert list(tmp_path.iterdir()) == []
        _wait_for_workers(lambda: slow.get("/health").json(), 1)


def _wait_for_workers(health: Any, count: int, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if health()["idle"] >= count:
                return
        except (httpx.HTTPError, json.JSONDecodeError, KeyError):
            pass
        time.sleep(0.2)
    pytest.fail(f"no {count} idle workers within {limit} s")


def test_real_uvicorn_on_localhost(packages: list[Path]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "xbrl_gen.cli", "serve", "--port", str(port), "--workers", "1", "--timeout", "120"]
    command += [arg for p in packages for arg in ("--taxonomy-package", str(p))]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_workers(lambda: httpx.get(f"{base}/health", timeout=2).json(), 1)
        answer = httpx.post(
            f"{base}/filings",
            params={"output": "json", "validate": "false"},
            files={"file": ("acme.yaml", statements("acme", 1000))},
            timeout=120,
        )
        assert answer.status_code == 200, answer.text
        assert revenue_of(answer.json()) == ("ACME1", Decimal(1000000))
        bad = httpx.post(f"{base}/filings", files={"file": ("acme.yaml", b"entity: [")}, timeout=60)
        assert bad.status_code == 400 and bad.json()["error"].startswith("acme.yaml:1: not valid YAML/JSON")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert server.returncode == 0, server.stderr.read().decode() if server.stderr else ""
