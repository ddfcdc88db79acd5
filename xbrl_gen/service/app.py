"""The HTTP routes: POST /filings, /validate and /convert, OpenAPI docs at /docs.

Each request gets its own temporary folder (removed when it is answered) and a worker process
(``workers``); the body is refused beyond ``max_bytes`` and the work beyond ``timeout`` seconds.
Errors are JSON ``{"error": "<the one line the command line prints>"}`` with a 4xx code: 400 bad
input, 413 too large, 408 over time, 422 Arelle found errors; 503 when every worker stayed busy,
500 (no detail) for a fault of ours. No traceback reaches a client.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope, Send

from xbrl_gen.convert.formats import Format
from xbrl_gen.errors import ValidationFailed, XbrlGenError
from xbrl_gen.service import jobs
from xbrl_gen.service.workers import Busy, Failed, TimedOut, Workers

log = logging.getLogger(__name__)
_CHUNK = 1 << 16
Upload = Annotated[UploadFile, File(description="the file to process")]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20_000_000  # the request body
    timeout: float = 120.0  # seconds from the request's arrival to its answer
    workers: int = 2
    temp_root: Path | None = None  # where request folders go (default: the system's)


class _TooLarge(Exception):
    pass


def create_app(packages: list[Path], limits: Limits = Limits()) -> Any:
    """The service as an ASGI application (the FastAPI app inside a body-size guard)."""
    workers = Workers(packages, limits.workers)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        workers.start()
        try:
            yield
        finally:
            workers.close()

    app = FastAPI(
        title="xbrl-gen",
        summary="IFRS-tagged XBRL from financial statements, checked by Arelle",
        description="Statements (YAML/JSON, .xlsx/.csv workbook, or a text report) in; an XBRL report package or "
        'the facts as xBRL-JSON out. Errors: `{"error": "<one line>"}` with a 4xx code.',
        lifespan=lifespan,
    )
    _routes(app, workers, packages, limits)
    _error_handlers(app)
    return _BodyLimit(app, limits.max_bytes)


def _routes(app: FastAPI, workers: Workers, packages: list[Path], limits: Limits) -> None:
    @app.post(
        "/filings",
        summary="Build a filing from statements",
        response_class=Response,
        responses={200: {"content": {"application/zip": {}, "application/json": {}}}},
    )
    def filings(
        file: Upload,
        output: Annotated[
            Literal["package", "json"],
            Query(description="an Inline XBRL report package (.xbri), or xBRL-JSON with messages"),
        ] = "package",
        validate: Annotated[bool, Query(description="validate with Arelle (a failure answers 422)")] = True,
    ) -> Response:
        return _handle(
            workers,
            limits,
            file,
            jobs.STATEMENTS_SUFFIXES,
            jobs.filing,
            packages=packages,
            output=output,
            check=validate,
        )

    @app.post("/validate", summary="Validate an instance, Inline XBRL report or report package with Arelle")
    def validate(file: Upload) -> Response:
        return _handle(workers, limits, file, jobs.VALIDATE_SUFFIXES, jobs.validate_report, packages=packages)

    @app.post(
        "/convert",
        summary="Convert a report: XBRL, Inline XBRL, xBRL-JSON/CSV, report package, fact table",
        response_class=Response,
    )
    def convert(
        file: Upload,
        to: Annotated[
            Literal["xbrl", "ixbrl", "json", "csv", "package", "facts"], Query(description="the format wanted")
        ],
    ) -> Response:
        return _handle(
            workers, limits, file, jobs.REPORT_SUFFIXES, jobs.convert_report, packages=packages, to=Format(to).value
        )

    @app.get("/health", summary="Whether the service is up, and its workers")
    def health() -> dict[str, Any]:
        return {"status": "ok", "workers": len(workers.all), "idle": workers.idle.qsize()}


def _handle(
    workers: Workers,
    limits: Limits,
    upload: UploadFile,
    suffixes: tuple[str, ...],
    job: Callable[..., jobs.Answer],
    **arguments: Any,
) -> Response:
    deadline = time.monotonic() + limits.timeout
    name = _safe_name(upload.filename or "upload")
    if Path(name).suffix.lower() not in suffixes:
        return _error(400, f"{name}: expected a file named {', '.join(suffixes)}")
    work = Path(tempfile.mkdtemp(prefix="xbrl-gen-request-", dir=limits.temp_root))
    try:
        source = work / name
        with source.open("wb") as copy:
            shutil.copyfileobj(upload.file, copy, _CHUNK)
        answer: jobs.Answer = workers.run(job, work, deadline, source=source, work=work, **arguments)
    except ValidationFailed as err:
        return _error(422, str(err))
    except XbrlGenError as err:
        return _error(400, str(err))
    except TimedOut:
        return _error(408, f"{name}: not done within {limits.timeout:g} seconds")
    except Busy:
        return _error(503, "every worker stayed busy; try again later")
    except Failed:
        return _error(500, "internal error")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if answer.body is None:
        return JSONResponse(answer.document)
    headers = {"Content-Disposition": f'attachment; filename="{answer.filename}"'}
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _safe_name(filename: str) -> str:
    """The upload's base name, reduced to characters safe in any file system."""
    base = re.sub(r"[^\w.-]+", "_", Path(filename.replace("\\", "/")).name).lstrip(".")[:100]
    return base or "upload"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": " ".join(message.split())}, status_code=status)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in err.errors()]
        return _error(400, "; ".join(problems) or "invalid request")

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, err: HTTPException) -> JSONResponse:
        return _error(err.status_code, str(err.detail))

    @app.exception_handler(Exception)
    async def internal(_: Request, err: Exception) -> JSONResponse:
        log.error("internal error: %s: %s", type(err).__name__, err)
        return _error(500, "internal error")


class _BodyLimit:
    """Refuses a body over ``max_bytes`` with 413: by its Content-Length, or as it streams in."""

    def __init__(self, app: FastAPI, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)  # app.openapi(), app.routes, ... for tools and tests

    async def __call__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(send)
            return
        seen, started, exceeded = 0, False, False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                exceeded = seen > self.max_bytes
                if exceeded:
                    raise _TooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            if exceeded:  # FastAPI answers a body it could not read with 400: ours is 413
                if not started:
                    started = True
                    await self._too_large(send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _TooLarge:
            if not started:
                await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        response = _error(413, f"the request is larger than {self.max_bytes:,} bytes")
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


def serve(packages: list[Path], limits: Limits, host: str, port: int) -> None:
    """Run the service with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(packages, limits), host=host, port=port, log_level="info", timeout_graceful_shutdown=5)
