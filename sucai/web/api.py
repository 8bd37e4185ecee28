"""JSON API under /api/: the same service calls as the pages, rendered as JSON.

Every error is `{"error": {"status", "message"}}` (see app.py).  Writes are CSRF-safe
by the rule in common.py: JSON bodies, or the session's X-CSRF-Token header.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..accounts import MAX_DAYS
from ..errors import SucaiError
from ..models import ROLES
from ..service import CHECK_UPLOAD_BYTES, FileOut
from .common import (
    SESSION_COOKIE,
    FiltersDep,
    ReaderDep,
    check_api_csrf,
    clear_session_cookie,
    service_of,
    set_session_cookie,
)
from .limits import client_address, limit
from .uploads import read_limited, stage_uploads

router = APIRouter(prefix="/api", tags=["api"])

DocId = Annotated[str, Path(min_length=1, max_length=64, description="文档编号")]
Format = Literal["txt", "md", "docx"]
ERRORS = {code: {"description": text, "content": {"application/json": {"example": {
    "error": {"status": code, "message": text}}}}}
    for code, text in ((400, "请求有误"), (401, "请先登录"), (402, "会员内容"), (403, "没有权限"),
                       (404, "不存在"), (413, "内容过大"), (422, "参数有误"), (429, "次数用完"))}


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class BasketItem(BaseModel):
    doc_id: str = Field(min_length=1, max_length=64)
    node: int = Field(default=-1, ge=-1, le=100_000, description="小节编号；-1 表示整篇")


class BasketOrder(BaseModel):
    items: list[BasketItem] = Field(max_length=500)


class CompileIn(BaseModel):
    format: Format = "docx"
    title: str | None = Field(default=None, max_length=100)
    form: Literal["restored", "published"] = "restored"  # masks restored (党的二十大) or as published


class DraftIn(BaseModel):
    text: str = Field(description="文稿全文（会员每次最多 3 万字，免费用户 500 字）")


class VoucherIn(BaseModel):
    code: str = Field(min_length=1, max_length=64)


class NewUser(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    role: Literal["free", "member", "admin"] = "free"
    days: int | None = Field(default=None, ge=1, le=MAX_DAYS)


class NewVoucher(BaseModel):
    days: int | None = Field(default=None, ge=1, le=MAX_DAYS)
    doc_id: str | None = Field(default=None, max_length=64)


def file_response(out: FileOut) -> Response:
    return Response(out.data, media_type=out.media_type,
                    headers={"Content-Disposition": out.content_disposition(), "Cache-Control": "private, no-store"})


def private(data: Any) -> JSONResponse:
    # responses that may hold paid text or personal data must stay out of shared caches
    return JSONResponse(data, headers={"Cache-Control": "private, no-store"})


# ------------------------------------------------------------------ accounts

@router.get("/health", responses=ERRORS)
def health(request: Request) -> dict[str, Any]:
    """Liveness for the reverse proxy, and this node's index lag (store change number vs index)."""
    service = service_of(request)
    status = service.index_status()
    return {"status": "ok", "documents": service.library.stats()["documents"], **status,
            "index_lag": status["store_seq"] - status["index_seq"]}


@router.post("/login", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
def login(body: Credentials, request: Request) -> JSONResponse:
    """登录：成功后设置会话 Cookie，返回账户状态与 CSRF 令牌。"""
    service = service_of(request)
    reader, token = service.login(body.username, body.password, client_address(request))
    response = private(service.account(reader) | {"csrf": reader.csrf})
    set_session_cookie(request, response, token)
    return response


@router.post("/register", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
def register(body: Credentials, request: Request) -> JSONResponse:
    """注册免费账户并登录。"""
    service = service_of(request)
    reader, token = service.register(body.username, body.password)
    response = private(service.account(reader) | {"csrf": reader.csrf})
    set_session_cookie(request, response, token)
    return response


@router.post("/logout", responses=ERRORS)
def logout(request: Request) -> JSONResponse:
    """退出登录。"""
    service_of(request).logout(request.cookies.get(SESSION_COOKIE))
    response = JSONResponse({"ok": True})
    clear_session_cookie(request, response)
    return response


@router.get("/me", responses=ERRORS)
def me(reader: ReaderDep, request: Request) -> JSONResponse:
    """当前读者：身份、会员到期时间、今日剩余下载次数、已购文档。"""
    return private(service_of(request).account(reader))


@router.post("/vouchers/redeem", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
def redeem(body: VoucherIn, reader: ReaderDep, request: Request) -> JSONResponse:
    """使用兑换码（会员天数或单篇文档）。"""
    service = service_of(request)
    granted = service.redeem(reader, body.code)
    return private({"granted": granted, "account": service.account(service.reader_for_token(
        request.cookies.get(SESSION_COOKIE)))})


# ------------------------------------------------------------------ library

@router.get("/home", responses=ERRORS)
def home(request: Request) -> JSONResponse:
    """首页数据：最新导入、素材库统计、热门检索、汇编。"""
    return JSONResponse(service_of(request).home())


@router.get("/search", responses=ERRORS | {503: {"description": "检索尚未就绪"}, 429: {"description": "请求过于频繁"}},
            dependencies=[Depends(limit("search"))])
def search(
    reader: ReaderDep,
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="检索式")],
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    headings: bool = False,
    group: bool = False,
) -> JSONResponse:
    """精准检索。只在读者可读的文本中检索和计数：未获授权的付费段落不计入总数、命中和分面。"""
    return private(service_of(request).search(reader, q, limit=limit, offset=offset, filters=filters,
                                              headings=headings, group=group))


@router.get("/documents", responses=ERRORS)
def documents(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JSONResponse:
    """文档列表（最新在前），只含元数据。"""
    return JSONResponse(service_of(request).documents(limit, offset))


@router.get("/documents/{doc_id}", responses=ERRORS)
def document(doc_id: DocId, reader: ReaderDep, request: Request) -> JSONResponse:
    """一篇文档（与 `sucai show --json` 同形）；未获授权的付费段落 `text` 为 null、`locked` 为 true。"""
    return private(service_of(request).document(reader, doc_id))


@router.get("/documents/{doc_id}/similar", responses=ERRORS)
def similar(doc_id: DocId, reader: ReaderDep, request: Request) -> JSONResponse:
    """相似文档（只含元数据）。"""
    return JSONResponse(service_of(request).similar(reader, doc_id))


@router.get("/documents/{doc_id}/download", responses=ERRORS | {200: {"description": "文件"}})
def download(doc_id: DocId, reader: ReaderDep, request: Request, format: Format = "docx",
             form: Annotated[Literal["restored", "published"], Query(description="restored：还原遮蔽词（党的二十大，默认）；published：原发布形式（D的二十大）")] = "restored") -> Response:  # noqa: E501
    """下载整篇文档；未获授权返回 402/403，超过每日次数返回 429。"""
    return file_response(service_of(request).download(reader, doc_id, format, published=form == "published"))


@router.get("/collections", responses=ERRORS)
def collections(request: Request) -> JSONResponse:
    """汇编列表。"""
    return JSONResponse(service_of(request).library.collections())


@router.get("/collections/{collection_id}", responses=ERRORS)
def collection(collection_id: Annotated[str, Path(min_length=1, max_length=64)], request: Request) -> JSONResponse:
    """一个汇编及其文档。"""
    return JSONResponse(service_of(request).collection(collection_id))


# ------------------------------------------------------------------ writing aids

@router.post("/check", responses=ERRORS, dependencies=[Depends(check_api_csrf), Depends(limit("check"))])
def check(body: DraftIn, reader: ReaderDep, request: Request) -> JSONResponse:
    """查重：返回复制比与每处重复（位置、来源文档与段落、相似度、来源原文）。

    未获授权的付费来源只给出文档与段落编号，`source_text` 为 null、`locked` 为 true。文稿不会被保存。
    """
    return private(service_of(request).check(reader, body.text))


@router.post("/check/file", responses=ERRORS, dependencies=[Depends(check_api_csrf), Depends(limit("check"))])
async def check_file(reader: ReaderDep, request: Request,
                     file: Annotated[UploadFile, File(description="txt、md 或 docx 文稿")]) -> JSONResponse:
    """上传文稿查重（须带 X-CSRF-Token 请求头）；另返回读出的全文 `text`，位置以它为准。"""
    data = await read_limited(file, CHECK_UPLOAD_BYTES)
    text, report = await run_in_threadpool(service_of(request).check_file, reader, file.filename or "", data)
    return private(report | {"text": text})


@router.get("/template", responses=ERRORS)
def template(
    request: Request,
    kind: Annotated[str | None, Query(max_length=40, description="文档类型，如 总结及计划")] = None,
    org_type: Annotated[str | None, Query(max_length=40, description="单位类型，如 乡镇/街道")] = None,
) -> JSONResponse:
    """提纲模板：某类文档常见的一级标题，及其出现频次、位置、示例标题。"""
    return JSONResponse(service_of(request).template(kind, org_type))


@router.get("/headings", responses=ERRORS)
def headings(
    request: Request,
    role: Annotated[Literal[ROLES] | None, Query(description="段落用途")] = None,  # type: ignore[valid-type]
    kind: Annotated[str | None, Query(max_length=40)] = None,
    q: Annotated[str | None, Query(max_length=200, description="标题中包含的字词")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> JSONResponse:
    """小标题库：按用途、类型和字词筛选的小标题，及其排比句式分组。只含标题，不含正文。"""
    return JSONResponse(service_of(request).headings(role, kind, q, limit))


@router.get("/figures", responses=ERRORS | {200: {"description": "JSON、CSV 或 XLSX"}},
            dependencies=[Depends(limit("search"))])
def figures(
    reader: ReaderDep,
    request: Request,
    doc: Annotated[list[str], Query(max_length=100, description="文档编号，可重复")] = [],  # noqa: B006
    q: Annotated[str | None, Query(max_length=200, description="检索式：取检索结果中的文档")] = None,
    collection: Annotated[str | None, Query(max_length=64, description="汇编编号")] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    org_type: Annotated[str | None, Query(max_length=40)] = None,
    year: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{4})?$")] = None,
    format: Literal["json", "csv", "xlsx"] = "json",
) -> Response:
    """数据表：文档、检索结果或汇编中报告的数据（单位、时期、指标、数值、单位、增减）。

    付费段落中的数据只给有权阅读的读者。CSV、XLSX 下载不计入每日下载次数。
    """
    service = service_of(request)
    how = {"doc_ids": check_ids(doc), "q": q, "collection": collection,
           "filters": {"kind": kind, "org_type": org_type, "year": year}}
    if format == "json":
        return private(service.figures(reader, **how))
    return file_response(service.figures_file(reader, format, **how))


def check_ids(ids: list[str]) -> list[str]:
    if any(not 1 <= len(i) <= 64 for i in ids):
        raise SucaiError("文档编号须为 1 到 64 个字符")
    return ids


# ------------------------------------------------------------------ basket

@router.get("/basket", responses=ERRORS)
def basket(reader: ReaderDep, request: Request) -> JSONResponse:
    """我的素材篮。"""
    return private(service_of(request).basket(reader))


@router.post("/basket", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
def basket_add(body: BasketItem, reader: ReaderDep, request: Request) -> JSONResponse:
    """加入素材篮：整篇（node=-1）或一个小节。"""
    return private(service_of(request).basket_add(reader, body.doc_id, body.node))


@router.post("/basket/remove", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
def basket_remove(body: BasketItem, reader: ReaderDep, request: Request) -> JSONResponse:
    """从素材篮移除一项。"""
    return private(service_of(request).basket_remove(reader, body.doc_id, body.node))


@router.post("/basket/order", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
def basket_order(body: BasketOrder, reader: ReaderDep, request: Request) -> JSONResponse:
    """调整素材篮顺序。"""
    keys = [(i.doc_id, i.node) for i in body.items]
    return private(service_of(request).basket_order(reader, keys))


@router.post("/basket/clear", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
def basket_clear(reader: ReaderDep, request: Request) -> JSONResponse:
    """清空素材篮。"""
    service_of(request).basket_clear(reader)
    return private([])


@router.post("/basket/compile", responses=ERRORS | {200: {"description": "文件"}},
             dependencies=[Depends(check_api_csrf)])
def basket_compile(body: CompileIn, reader: ReaderDep, request: Request) -> Response:
    """把素材篮汇编成一个文件下载（计入每日下载次数）。"""
    return file_response(service_of(request).compile(reader, body.format, body.title,
                                                      published=body.form == "published"))


# ------------------------------------------------------------------ admin

@router.get("/admin/overview", responses=ERRORS)
def admin_overview(reader: ReaderDep, request: Request) -> JSONResponse:
    """管理概览：用户、用量、导入历史（仅管理员）。"""
    return private(service_of(request).admin_overview(reader))


@router.get("/admin/runs/{run_id}", responses=ERRORS)
def admin_run(run_id: Annotated[int, Path(ge=1, le=2**62)], reader: ReaderDep, request: Request) -> JSONResponse:
    """一次导入的逐文件报告（仅管理员）。"""
    return private(service_of(request).admin_run(reader, run_id))


@router.post("/admin/users", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
def admin_add_user(body: NewUser, reader: ReaderDep, request: Request) -> JSONResponse:
    """新建用户（仅管理员）。"""
    service = service_of(request)
    service.admin_create_user(reader, body.username, body.password, body.role, body.days)
    return private({"ok": True})


@router.post("/admin/vouchers", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
def admin_voucher(body: NewVoucher, reader: ReaderDep, request: Request) -> JSONResponse:
    """生成兑换码（仅管理员）。"""
    return private({"code": service_of(request).admin_voucher(reader, body.days, body.doc_id)})


@router.post("/admin/import", responses=ERRORS, dependencies=[Depends(check_api_csrf)])
async def admin_import(reader: ReaderDep, request: Request,
                       files: Annotated[list[UploadFile], File(description="文件或 zip")]) -> JSONResponse:
    """上传文件或 zip 并在后台导入（仅管理员；须带 X-CSRF-Token 请求头）。"""
    service = service_of(request)
    service.require_admin(reader)
    staged = await stage_uploads(files, request.app.state.settings.max_upload_mb * 1024 * 1024)
    job = service.start_import(reader, staged.folder, staged.names, cleanup=staged.cleanup)
    return private(job.to_json())


@router.get("/admin/jobs/{job_id}", responses=ERRORS)
def admin_job(job_id: Annotated[str, Path(min_length=1, max_length=40)], reader: ReaderDep,
              request: Request) -> JSONResponse:
    """导入任务的进度与逐文件结果（仅管理员）。"""
    return private(service_of(request).job(reader, job_id).to_json())
