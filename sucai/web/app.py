"""The ASGI application: routers, one error shape, body-size limits, static files.

API errors are always `{"error": {"status": N, "message": "..."}}`; page errors
render the same message as HTML.  Nothing escapes as a bare 500 page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import Settings
from ..errors import SucaiError, TooManyRequests
from ..service import Service
from ..store.library import Library
from . import api, pages
from .common import render_error
from .headers import SecurityHeaders, add_docs
from .limits import limiter_for, parse_networks

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
SMALL_BODY = 2 * 1024 * 1024  # everything but uploads
UPLOAD_PATHS = ("/admin/upload", "/api/admin/import")

_HTTP_MESSAGES = {
    400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "页面或资源不存在", 405: "不支持这种请求方式",
    413: "上传内容过大", 415: "不支持的内容类型", 422: "参数有误", 429: "请求过于频繁",
}


# Sync routes run in a thread pool and each thread holds one database connection, so the
# pool is kept small: plenty for 2 cores, and N app servers stay far below PostgreSQL's
# connection limit.
WORKER_THREADS = 8


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    # The search index warms up (its derived tables, and a large index's pages read and mapped: 1.5–2.7 s
    # at 900 M characters) beside the first requests instead of inside them.
    threading.Thread(target=_warm, args=(app,), name="sucai-warm", daemon=True).start()
    yield


def _warm(app: FastAPI) -> None:
    try:
        app.state.service.indexes.search.get().warm()
    except Exception:  # a node that cannot open its index yet says so on its first request
        log.exception("warming the search index failed")


def create_app(settings: Settings, library: Library) -> FastAPI:
    app = FastAPI(
        lifespan=_lifespan,
        title="sucai 公文素材库",
        version="0.1.0",
        description="公文素材库的 JSON 接口：检索、阅读、素材篮、下载。写操作须以 application/json 提交，"
                    "或带上会话的 X-CSRF-Token 请求头。",
        docs_url=None,  # served by headers.add_docs under its own content security policy
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.service = Service(settings, library)
    app.state.limiter = limiter_for(settings)
    app.state.trusted_proxies = parse_networks(settings.trusted_proxies)
    add_docs(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_api_route("/favicon.ico", _favicon, include_in_schema=False)
    _install_error_handlers(app)
    limit = settings.max_upload_mb * 1024 * 1024
    app.add_middleware(BodyLimit, upload_limit=limit)
    app.add_middleware(SecurityHeaders)  # outermost: also on 413s and error pages
    return app


def _favicon() -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page links; the same icon as /static/favicon.svg."""
    return FileResponse(STATIC_DIR / "favicon.ico", media_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=86400"})


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    if status == 401 and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return render_error(request, status, message)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SucaiError)
    async def sucai_error(request: Request, exc: SucaiError) -> Response:
        response = error_response(request, exc.status, exc.message)
        if isinstance(exc, TooManyRequests):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, "参数有误：" + _describe(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
        if message in (None, "", "Not Found", "Method Not Allowed"):
            message = _HTTP_MESSAGES.get(exc.status_code, "请求有误")
        return error_response(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "服务器内部错误，请稍后再试")


def _describe(errors: Any) -> str:
    parts = []
    for e in list(errors)[:3]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path"))
        parts.append(f"{where or '请求体'} {_validation_text(e)}")
    return "；".join(parts) or "格式不对"


def _validation_text(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    table = {
        "missing": "缺少此项",
        "int_parsing": "须为整数",
        "bool_parsing": "须为布尔值",
        "greater_than_equal": f"不能小于 {ctx.get('ge')}",
        "less_than_equal": f"不能大于 {ctx.get('le')}",
        "string_too_long": f"不能超过 {ctx.get('max_length')} 个字符",
        "string_too_short": f"不能少于 {ctx.get('min_length')} 个字符",
        "literal_error": f"须为 {ctx.get('expected')}",
        "enum": f"须为 {ctx.get('expected')}",
        "json_invalid": "不是合法的 JSON",
        "model_attributes_type": "须为 JSON 对象",
        "dict_type": "须为 JSON 对象",
        "string_type": "须为字符串",
        "list_type": "须为数组",
    }
    return table.get(kind, "格式不对")


class BodyLimit:
    """Refuse request bodies over the limit with 413, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, upload_limit: int) -> None:
        self.app = app
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = self.upload_limit if path.startswith(UPLOAD_PATHS) else SMALL_BODY
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _send_413(scope, send, limit)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge()
            return message

        async def watch_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watch_send)
        except _TooLarge:
            if not started:
                await _send_413(scope, send, limit)


class _TooLarge(StarletteHTTPException):
    """Raised from inside body reading; an HTTP error so FastAPI's body parser passes it on as 413."""

    def __init__(self) -> None:
        super().__init__(413, "请求内容过大")


async def _send_413(scope: Scope, send: Send, limit: int) -> None:
    import json

    message = f"请求内容过大（上限 {limit // (1024 * 1024)} MB）"
    path = scope.get("path", "")
    if path.startswith("/api/"):
        body = json.dumps({"error": {"status": 413, "message": message}}, ensure_ascii=False).encode()
        kind = b"application/json"
    else:
        body = f"<!doctype html><meta charset=utf-8><title>413</title><p>{message}</p>".encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
