"""HTML pages: server-rendered Jinja2 in Simplified Chinese over the same service calls as the API.

Every form POST checks the CSRF token (common.check_form_csrf) and answers with a
redirect, so reloading a page never repeats an action; the exceptions change nothing
and answer with their result directly (the check report, a compiled file).
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from ..access import membership_teaser
from ..accounts import MAX_DAYS, Reader
from ..errors import AuthError, SucaiError
from ..service import CHECK_MAX_CHARS, CHECK_UPLOAD_BYTES, FREE_CHECK_CHARS
from .api import Format, check_ids, file_response
from .browse import browse_documents
from .common import (
    SESSION_COOKIE,
    FiltersDep,
    ReaderDep,
    check_form_csrf,
    clear_session_cookie,
    form_token,
    render,
    service_of,
    set_session_cookie,
    templates,
)
from .limits import client_address, limit
from .uploads import read_limited, stage_uploads

router = APIRouter(include_in_schema=False)
Csrf = Annotated[str, Form(max_length=200)]
PAGE_SIZE = 20


def back(to: str, **params: Any) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return RedirectResponse(to + ("?" + query if query else ""), status_code=303)


def form_days(text: str) -> int | None:
    """An optional number of days from a form field (empty means none)."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        raise SucaiError(f"天数须为 1 到 {MAX_DAYS} 之间的整数")
    return int(text)


def local_next(target: str | None) -> str:
    """Only same-site paths may be redirect targets (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# ------------------------------------------------------------------ library

@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    return render(request, "home.html", service_of(request).home())


@router.get("/search", response_class=HTMLResponse, dependencies=[Depends(limit("search"))])
def search(
    request: Request,
    reader: ReaderDep,
    filters: FiltersDep,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=500)] = 1,
    headings: bool = False,
) -> Response:
    if not q.strip() and any(filters.values()):
        # a category without words: list the documents of that category instead of asking for words
        return back("/documents", **{k: v for k, v in filters.items() if k != "role"})
    ctx: dict[str, Any] = {"q": q, "filters": filters, "headings": headings, "result": None, "page": page,
                           "error": None}
    if q.strip():
        try:
            result = service_of(request).search(reader, q, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
                                                 filters=filters, headings=headings)
            ctx["result"] = result
            ctx["pages"] = max(1, math.ceil(result.get("total", 0) / PAGE_SIZE))
        except SucaiError as exc:
            if isinstance(exc, AuthError):
                raise
            ctx["error"] = exc.message
    ctx["params"] = {k: v for k, v in {"q": q, **filters, "headings": "1" if headings else ""}.items() if v}
    return render(request, "search.html", ctx)


@router.get("/documents", response_class=HTMLResponse)
def documents(
    request: Request,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    days: Annotated[int, Query(ge=0, le=3650)] = 0,
    *,
    filters: FiltersDep,
) -> Response:
    """The library by category, newest first: where type, facet and 「更多」 links lead."""
    filters = {k: v for k, v in filters.items() if k != "role"}
    data = browse_documents(service_of(request).library, filters, days=days, page=page, size=PAGE_SIZE)
    params = {k: v for k, v in {**filters, "days": days or ""}.items() if v}
    return render(request, "documents.html", {**data, "filters": filters, "days": days, "page": page,
                                              "params": params, "pages": max(1, math.ceil(data["total"] / PAGE_SIZE))})


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(doc_id: str, request: Request, reader: ReaderDep) -> Response:
    service = service_of(request)
    data = service.document_page(reader, doc_id)
    published = request.query_params.get("form") == "published"
    # the outline and the text (every paragraph) are the costly parts to render: they are cached
    # under what they depend on, with a slot for the reader's own form token
    key = ("reader-html", data["id"], data["entitled"], reader.signed_in, published)
    outline, text = service.parts.get(key, lambda: render_reader_parts(data, reader, published))
    token = str(escape(form_token(request)))
    return render(request, "document.html", {"doc": data, "account": service.account(reader), "published": published,
                                             "outline_html": Markup(outline.replace(CSRF_SLOT, token)),
                                             "text_html": Markup(text)})


CSRF_SLOT = "\x00csrf\x00"


def render_reader_parts(data: dict[str, Any], reader: Reader, published: bool) -> tuple[str, str]:
    """The outline and text of a document page, which depend only on the document, the reader's
    entitlement to it, whether they are signed in (their form token goes in CSRF_SLOT) and the
    form asked for (masks restored or as published)."""
    ctx = {"doc": data, "reader": reader, "csrf": CSRF_SLOT, "published": published}
    return (templates.get_template("_doc_outline.html").render(ctx),
            templates.get_template("_doc_text.html").render(ctx))


@router.get("/documents/{doc_id}/download")
def download(doc_id: str, request: Request, reader: ReaderDep, format: Format = "docx",
             form: str = "restored") -> Response:
    return file_response(service_of(request).download(reader, doc_id, format, published=form == "published"))


@router.get("/collections/{collection_id}", response_class=HTMLResponse)
def collection(collection_id: str, request: Request) -> Response:
    return render(request, "collection.html", {"collection": service_of(request).collection(collection_id)})


@router.get("/collections", response_class=HTMLResponse)
def collections(request: Request) -> Response:
    return render(request, "collections.html", {"collections": service_of(request).library.collections()})


# ------------------------------------------------------------------ writing aids

@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, reader: ReaderDep) -> Response:
    return render(request, "check.html", check_context(request, reader, ""))


def check_context(request: Request, reader: Reader, text: str) -> dict[str, Any]:
    service = service_of(request)
    return {"limit": service.check_limit(reader), "member_limit": CHECK_MAX_CHARS,
            "teaser": membership_teaser(reader, service.paid_paragraphs()),
            "free_limit": FREE_CHECK_CHARS, "text": text, "report": None, "error": None}


@router.post("/check", response_class=HTMLResponse, dependencies=[Depends(limit("check"))])
async def check(request: Request, reader: ReaderDep, csrf: Csrf, text: Annotated[str, Form()] = "",
                file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Render the report directly (no redirect): checking changes nothing, and the draft is not kept."""
    check_form_csrf(request, csrf)
    service = service_of(request)
    ctx = check_context(request, reader, text)
    try:
        if file is not None and file.filename:
            data = await read_limited(file, CHECK_UPLOAD_BYTES)
            ctx["text"], ctx["report"] = await run_in_threadpool(service.check_file, reader, file.filename, data)
            ctx["filename"] = file.filename
        else:
            ctx["report"] = await run_in_threadpool(service.check, reader, text)
    except SucaiError as exc:
        ctx["error"] = exc.message
        return render(request, "check.html", ctx, status=exc.status)
    ctx["report"]["matches"] = [m | {"path": source_path(service, m["paragraph_id"])} for m in ctx["report"]["matches"]]
    return render(request, "check.html", ctx)


def source_path(service: Any, paragraph_id: str) -> list[str]:
    """The outline path (public headings) of a matched source paragraph, to name where it stands."""
    try:
        return json.loads(service.library.paragraph(paragraph_id)["path_json"] or "[]")
    except SucaiError:
        return []


@router.get("/template", response_class=HTMLResponse)
def template(request: Request, kind: Annotated[str, Query(max_length=40)] = "",
             org_type: Annotated[str, Query(max_length=40)] = "") -> Response:
    return render(request, "template.html", {"data": service_of(request).template(kind, org_type)})


@router.get("/headings", response_class=HTMLResponse)
def headings(request: Request, role: Annotated[str, Query(max_length=20)] = "",
             kind: Annotated[str, Query(max_length=40)] = "", q: Annotated[str, Query(max_length=200)] = "") -> Response:
    data = service_of(request).headings(role, kind, q)
    return render(request, "headings.html", {"data": data, "q": "", "hq": q})


@router.get("/figures", response_class=HTMLResponse, dependencies=[Depends(limit("search"))])
def figures(
    request: Request,
    reader: ReaderDep,
    doc: Annotated[list[str], Query(max_length=100)] = [],  # noqa: B006
    q: Annotated[str, Query(max_length=200)] = "",
    collection: Annotated[str, Query(max_length=64)] = "",
    kind: Annotated[str, Query(max_length=40)] = "",
    org_type: Annotated[str, Query(max_length=40)] = "",
    year: Annotated[str, Query(max_length=9)] = "",
) -> Response:
    params = [("doc", d) for d in doc] + [(k, v) for k, v in (("q", q), ("collection", collection), ("kind", kind),
                                                              ("org_type", org_type), ("year", year)) if v]
    data = None
    if doc or q.strip() or collection:
        data = service_of(request).figures(reader, doc_ids=check_ids(doc), q=q, collection=collection,
                                           filters={"kind": kind, "org_type": org_type, "year": year})
    return render(request, "figures.html", {"data": data, "query": urlencode(params), "fq": q})


# ------------------------------------------------------------------ basket

@router.get("/basket", response_class=HTMLResponse)
def basket(request: Request, reader: ReaderDep) -> Response:
    service = service_of(request)
    return render(request, "basket.html", {"items": service.basket(reader), "account": service.account(reader)})


@router.post("/basket/add")
def basket_add(request: Request, reader: ReaderDep, csrf: Csrf, doc_id: Annotated[str, Form(max_length=64)],
               node: Annotated[int, Form(ge=-1, le=100_000)] = -1,
               next: Annotated[str, Form(max_length=300)] = "") -> Response:
    check_form_csrf(request, csrf)
    service_of(request).basket_add(reader, doc_id, node)
    return back(local_next(next or "/basket"), added="1")


@router.post("/basket/remove")
def basket_remove(request: Request, reader: ReaderDep, csrf: Csrf, doc_id: Annotated[str, Form(max_length=64)],
                  node: Annotated[int, Form(ge=-1, le=100_000)] = -1) -> Response:
    check_form_csrf(request, csrf)
    service_of(request).basket_remove(reader, doc_id, node)
    return back("/basket")


@router.post("/basket/move")
def basket_move(request: Request, reader: ReaderDep, csrf: Csrf, doc_id: Annotated[str, Form(max_length=64)],
                node: Annotated[int, Form(ge=-1, le=100_000)], step: Annotated[int, Form(ge=-1, le=1)]) -> Response:
    check_form_csrf(request, csrf)
    service_of(request).basket_move(reader, doc_id, node, step)
    return back("/basket")


@router.post("/basket/clear")
def basket_clear(request: Request, reader: ReaderDep, csrf: Csrf) -> Response:
    check_form_csrf(request, csrf)
    service_of(request).basket_clear(reader)
    return back("/basket")


@router.post("/basket/compile")
def basket_compile(request: Request, reader: ReaderDep, csrf: Csrf, format: Annotated[Format, Form()] = "docx",
                   title: Annotated[str, Form(max_length=100)] = "") -> Response:
    check_form_csrf(request, csrf)
    return file_response(service_of(request).compile(reader, format, title))


# ------------------------------------------------------------------ account

@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str, Query(max_length=300)] = "/") -> Response:
    return render(request, "login.html", {"next": local_next(next), "error": None, "mode": "login"})


@router.post("/login")
def login(request: Request, csrf: Csrf, username: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=256)], next: Annotated[str, Form(max_length=300)] = "/") -> Response:
    check_form_csrf(request, csrf)
    try:
        _, token = service_of(request).login(username, password, client_address(request))
    except SucaiError as exc:
        return render(request, "login.html", {"next": local_next(next), "error": exc.message, "mode": "login",
                                              "username": username}, status=exc.status)
    response = back(local_next(next))
    set_session_cookie(request, response, token)
    return response


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request) -> Response:
    return render(request, "login.html", {"next": "/account", "error": None, "mode": "register"})


@router.post("/register")
def register(request: Request, csrf: Csrf, username: Annotated[str, Form(max_length=64)],
             password: Annotated[str, Form(max_length=256)]) -> Response:
    check_form_csrf(request, csrf)
    try:
        _, token = service_of(request).register(username, password)
    except SucaiError as exc:
        return render(request, "login.html", {"next": "/account", "error": exc.message, "mode": "register",
                                              "username": username}, status=exc.status)
    response = back("/account", welcome="1")
    set_session_cookie(request, response, token)
    return response


@router.post("/logout")
def logout(request: Request, csrf: Csrf) -> Response:
    check_form_csrf(request, csrf)
    service_of(request).logout(request.cookies.get(SESSION_COOKIE))
    response = back("/")
    clear_session_cookie(request, response)
    return response


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, reader: ReaderDep, msg: Annotated[str, Query(max_length=40)] = "") -> Response:
    if not reader.signed_in:
        raise AuthError("请先登录")
    return render(request, "account.html", {"account": service_of(request).account(reader), "msg": msg})


@router.post("/account/redeem")
def redeem(request: Request, reader: ReaderDep, csrf: Csrf, code: Annotated[str, Form(max_length=64)]) -> Response:
    check_form_csrf(request, csrf)
    service_of(request).redeem(reader, code)
    return back("/account", msg="redeemed")


# ------------------------------------------------------------------ admin

@router.get("/admin", response_class=HTMLResponse)
def admin(request: Request, reader: ReaderDep, voucher: Annotated[str, Query(max_length=40)] = "") -> Response:
    data = service_of(request).admin_overview(reader)
    return render(request, "admin.html", {**data, "voucher": voucher})


@router.get("/admin/runs/{run_id}", response_class=HTMLResponse)
def admin_run(run_id: Annotated[int, Path(ge=1, le=2**62)], request: Request, reader: ReaderDep) -> Response:
    return render(request, "admin_run.html", service_of(request).admin_run(reader, run_id))


@router.get("/admin/jobs/{job_id}", response_class=HTMLResponse)
def admin_job(job_id: str, request: Request, reader: ReaderDep) -> Response:
    return render(request, "admin_job.html", {"job": service_of(request).job(reader, job_id).to_json()})


@router.post("/admin/upload")
async def admin_upload(request: Request, reader: ReaderDep, csrf: Csrf,
                       files: Annotated[list[UploadFile], File()]) -> Response:
    check_form_csrf(request, csrf)
    service = service_of(request)
    service.require_admin(reader)
    staged = await stage_uploads(files, request.app.state.settings.max_upload_mb * 1024 * 1024)
    job = service.start_import(reader, staged.folder, staged.names, cleanup=staged.cleanup)
    return back(f"/admin/jobs/{job.id}")


@router.post("/admin/users")
def admin_users(request: Request, reader: ReaderDep, csrf: Csrf, username: Annotated[str, Form(max_length=64)],
                role: Annotated[str, Form(max_length=10)], password: Annotated[str, Form(max_length=256)] = "",
                days: Annotated[str, Form(max_length=6)] = "") -> Response:
    check_form_csrf(request, csrf)
    service = service_of(request)
    if password:
        service.admin_create_user(reader, username, password, role, form_days(days))
    else:
        service.admin_set_user(reader, username, role, form_days(days))
    return back("/admin")


@router.post("/admin/vouchers")
def admin_vouchers(request: Request, reader: ReaderDep, csrf: Csrf,
                   days: Annotated[str, Form(max_length=6)] = "",
                   doc_id: Annotated[str, Form(max_length=64)] = "") -> Response:
    check_form_csrf(request, csrf)
    code = service_of(request).admin_voucher(reader, form_days(days), doc_id.strip() or None)
    return back("/admin", voucher=code)
