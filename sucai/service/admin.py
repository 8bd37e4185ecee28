"""Administration for the web: overview, users, vouchers and background imports."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import accounts
from ..accounts import Reader
from ..config import Settings
from ..derived.catchup import settle_import
from ..errors import Forbidden, NotFound
from ..store.library import Library
from .base import Part, require_user

log = logging.getLogger(__name__)


@dataclass
class ImportJob:
    """An admin upload being imported in a background thread."""

    id: str
    user: str
    files: list[str]
    state: str = "running"  # running, finished, failed
    done: int = 0
    total: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    report: dict[str, Any] | None = None
    error: str | None = None
    ocr: dict[str, Any] | None = None  # the scan being OCR'd: {"path", "page", "pages"}

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "user": self.user, "state": self.state, "done": self.done, "total": self.total,
                "results": list(self.results), "report": self.report, "error": self.error, "ocr": self.ocr}



class Admin(Part):
    """Admin pages: `imported` runs after a background import so searches see it at once."""

    def __init__(self, settings: Settings, library: Library, imported: Callable[[], None]) -> None:
        super().__init__(settings, library)
        self.imported = imported
        self._jobs: dict[str, ImportJob] = {}
        self._jobs_lock = threading.Lock()

    def require_admin(self, reader: Reader) -> None:
        require_user(reader)
        if not reader.is_admin:
            raise Forbidden("只有管理员可以访问")

    def admin_overview(self, reader: Reader) -> dict[str, Any]:
        self.require_admin(reader)
        runs = self.library.import_runs(limit=30)
        return {"users": accounts.list_users(self.db), "usage": accounts.usage_figures(self.db),
                "runs": runs, "stats": self.library.stats(), "jobs": [j.to_json() for j in self.jobs()],
                "vouchers": accounts.list_vouchers(self.db, 30)}

    def admin_run(self, reader: Reader, run_id: int) -> dict[str, Any]:
        self.require_admin(reader)
        run = self.library.import_run(run_id)
        if run is None:
            raise NotFound("没有这次导入")
        return {"run": run, "files": self.library.import_files(run_id)}

    def admin_set_user(self, reader: Reader, name: str, role: str, days: int | None) -> None:
        self.require_admin(reader)
        if days and role == accounts.MEMBER:
            accounts.grant_days(self.db, name, days)
            return
        accounts.set_role(self.db, name, role, accounts.expiry_from(days) if role == accounts.MEMBER else None)

    def admin_create_user(self, reader: Reader, name: str, password: str, role: str, days: int | None) -> None:
        self.require_admin(reader)
        accounts.create_user(self.db, name, password, role,
                             accounts.expiry_from(days) if role == accounts.MEMBER else None)

    def admin_voucher(self, reader: Reader, days: int | None, doc_id: str | None) -> str:
        self.require_admin(reader)
        return accounts.create_voucher(self.db, days, doc_id or None)

    def jobs(self) -> list[ImportJob]:
        with self._jobs_lock:
            return sorted(self._jobs.values(), key=lambda j: j.id, reverse=True)[:20]

    def job(self, reader: Reader, job_id: str) -> ImportJob:
        self.require_admin(reader)
        with self._jobs_lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound("没有这个导入任务")
        return job

    def start_import(self, reader: Reader, folder: Path, names: list[str],
                     cleanup: Callable[[], None] | None = None) -> ImportJob:
        """Import a staged upload folder in a background thread; progress is kept on the job."""
        self.require_admin(reader)
        job = ImportJob(id=uuid.uuid4().hex[:12], user=reader.name, files=names)
        with self._jobs_lock:
            self._jobs[job.id] = job
        thread = threading.Thread(target=self._import, args=(job, folder, cleanup), daemon=True,
                                  name=f"import-{job.id}")
        thread.start()
        return job

    def _import(self, job: ImportJob, folder: Path, cleanup: Callable[[], None] | None) -> None:
        from ..ingest.batch import import_paths

        def progress(n: int, total: int, result: Any) -> None:
            job.done, job.total, job.ocr = n, total, None
            job.results.append({"path": Path(result.path).name, "status": result.status,
                                "documents": len(result.documents), "error": result.error})

        def pages(path: Path, page: int, count: int) -> None:
            job.ocr = {"path": path.name, "page": page, "pages": count}

        try:
            # uploaded files are read in child processes, each stopped after parse_seconds (a scan: per page)
            report = import_paths(self.library, [folder], origin="web", progress=progress, pages=pages,
                                  advert_rules=self.settings.advert_rules or None,
                                  isolate_seconds=self.settings.parse_seconds)
            job.report = report.to_json()
            job.report["files"] = report.files
            job.report["counts"] = report.counts()
            report.near_duplicates = settle_import(self.settings, self.library, report.new_documents)
            job.report["near_duplicates"] = report.near_duplicates
            self.imported()
            job.state = "finished"
        except Exception as exc:  # the thread must leave a readable state behind, never die silently
            log.exception("web import %s failed", job.id)
            job.state, job.error = "failed", f"导入失败：{exc}"
        finally:
            if cleanup:
                cleanup()


