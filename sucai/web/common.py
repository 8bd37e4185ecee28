"""What pages and API share: the reader of a request, cookies, CSRF checks, templates.

CSRF policy:
- HTML forms carry a hidden `csrf` field.  For a signed-in reader it must equal the
  session's token (stored server-side with the session); for an anonymous visitor
  (login and register forms) it must equal the `sucai_csrf` cookie (double submit).
- JSON API writes must be sent as `application/json` (a cross-site HTML form cannot
  send that without a CORS preflight, and this app allows no cross-origin requests)
  or carry the session's token in the `X-CSRF-Token` header (used for uploads).
  `POST /api/logout` is exempt: ending a session cannot be abused.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..accounts import ROLE_NAMES, Reader, local_day
from ..errors import Forbidden
from ..normalize import restore_masks
from ..service import Service
from ..zh import FILTER_LABELS, ROLE_SHORT, filter_value_label, period_label

SESSION_COOKIE = "sucai_session"
CSRF_COOKIE = "sucai_csrf"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))


def highlight(text: str | None, spans: Any) -> Markup:
    """Snippet text with <mark> around the highlight spans; every piece is escaped."""
    text = text or ""
    out, at = [], 0
    for span in sorted((tuple(s) for s in (spans or []) if len(s) == 2), key=lambda s: s[0]):
        start, end = max(int(span[0]), at), min(int(span[1]), len(text))
        if start >= end:
            continue
        out.append(escape(text[at:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def mark_matches(text: str | None, matches: Any) -> Markup:
    """A checked draft with each matched passage marked and numbered like the match list (escaped)."""
    text = text or ""
    out, at = [], 0
    for n, m in enumerate(matches or [], 1):
        start, end = max(int(m["start"]), at), min(int(m["end"]), len(text))
        if start >= end:
            continue
        title = f"相似度 {round(float(m['similarity']) * 100)}% · 来源：{m.get('title') or m['doc_id']}"
        out.append(escape(text[at:start]))
        out.append(Markup('<mark class="copied" id="dm-{n}" title="{t}">{body}<a class="ref" href="#m-{n}">[{n}]'
                          "</a></mark>").format(n=n, t=title, body=text[start:end]))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


templates.env.filters["highlight"] = highlight
templates.env.filters["mark_matches"] = mark_matches
templates.env.filters["restore_masks"] = restore_masks  # the reader shows 党的二十大, not D的二十大
templates.env.globals["role_names"] = ROLE_NAMES
templates.env.filters["value_label"] = lambda value, name: filter_value_label(name, value)
templates.env.globals["role_labels"] = ROLE_SHORT
templates.env.globals["facet_labels"] = FILTER_LABELS
templates.env.globals["period"] = period_label
templates.env.filters["local_day"] = local_day


def service_of(request: Request) -> Service:
    return request.app.state.service


def get_reader(request: Request) -> Reader:
    """The reader of this request, resolved once from the session cookie."""
    cached = getattr(request.state, "reader", None)
    if cached is None:
        cached = service_of(request).reader_for_token(request.cookies.get(SESSION_COOKIE))
        request.state.reader = cached
    return cached


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings = request.app.state.settings
    response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_days * 86400, httponly=True,
                        samesite="lax", secure=settings.secure_cookies, path="/")


def clear_session_cookie(request: Request, response: Response) -> None:
    settings = request.app.state.settings
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies)


def form_token(request: Request) -> str:
    """The CSRF token forms on this page must carry (see the module docstring)."""
    reader = get_reader(request)
    if reader.csrf:
        return reader.csrf
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(24)
        request.state.new_csrf = token
    return token


def check_form_csrf(request: Request, submitted: str | None) -> None:
    reader = get_reader(request)
    expected = reader.csrf if reader.csrf else request.cookies.get(CSRF_COOKIE)
    if not expected or not submitted or not secrets.compare_digest(str(expected), str(submitted)):
        raise Forbidden("表单已失效，请刷新页面后重试")


def check_api_csrf(request: Request) -> None:
    """JSON API writes: application/json, or the session's token in X-CSRF-Token."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        return
    reader = get_reader(request)
    header = request.headers.get("x-csrf-token")
    if reader.csrf and header and secrets.compare_digest(reader.csrf, header):
        return
    raise Forbidden("写操作须以 application/json 提交，或带上 X-CSRF-Token 请求头")


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    reader = get_reader(request)
    ctx = {"reader": reader, "csrf": form_token(request), "request": request, **(context or {})}
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    new = getattr(request.state, "new_csrf", None)
    if new:
        settings = request.app.state.settings
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="lax", secure=settings.secure_cookies,
                            path="/")
    # pages may hold paid text for this reader only: never let a shared cache keep them
    response.headers["Cache-Control"] = "private, no-store"
    return response


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    try:
        return render(request, "error.html", {"status": status, "message": message}, status=status)
    except Exception:  # the error page must never fail in turn
        from html import escape

        return HTMLResponse(f"<!doctype html><meta charset=utf-8><p>{escape(message)}</p>", status_code=status)


def get_filters(
    kind: Annotated[str, Query(max_length=40, description="文档类型，如 总结及计划")] = "",
    org_type: Annotated[str, Query(max_length=40, description="单位类型，如 乡镇/街道")] = "",
    year: Annotated[str, Query(pattern=r"^(\d{4}(-\d{4})?)?$", description="年份或年份区间，如 2023-2024")] = "",
    half: Annotated[str, Query(pattern=r"^(H1|H2|full)?$", description="时期：H1 上半年，H2 下半年，full 全年")] = "",
    role: Annotated[str, Query(max_length=20, description="段落用途，如 summary、plan")] = "",
) -> dict[str, str]:
    """The search filters, declared once for the JSON API and the pages (empty = no filter)."""
    return {"kind": kind, "org_type": org_type, "year": year, "half": half, "role": role}


ReaderDep = Annotated[Reader, Depends(get_reader)]
FiltersDep = Annotated[dict[str, str], Depends(get_filters)]

