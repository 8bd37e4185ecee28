"""Security headers on every response, and the API docs page under its own strict policy.

The pages use no inline script, style or event handler (script and style come from /static), so
the policy is `default-src 'self'`.  Swagger UI (/api/docs) needs its CDN files and one inline
script: that page gets a policy naming the CDN and the script's hash, nothing broader.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
       "object-src 'none'")
HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
DOCS_CDN = "https://cdn.jsdelivr.net"


class SecurityHeaders:
    """Adds the headers to every HTTP response; a response that set its own CSP keeps it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers.extend(h for h in HEADERS if h[0] not in names)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _script_hashes(html: str) -> list[str]:
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    return ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts]


def add_docs(app: FastAPI, path: str = "/api/docs") -> None:
    """Swagger UI at path with a CSP that allows exactly its CDN files and its inline script."""

    @app.get(path, include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=app.title + " - 接口文档")
        html = page.body.decode()
        policy = (f"default-src 'self'; script-src 'self' {DOCS_CDN} {' '.join(_script_hashes(html))}; "
                  f"style-src 'self' {DOCS_CDN}; img-src 'self' data: https://fastapi.tiangolo.com; "
                  "frame-ancestors 'none'; base-uri 'self'; object-src 'none'")
        return HTMLResponse(html, headers={"Content-Security-Policy": policy})
