"""Bulk import: a sequence of one-file transactions with a report.

One bad file never stops the batch; re-running a batch after a crash finishes
the job and duplicates nothing (files already stored are recognised by hash).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import SucaiError
from ..models import Block
from ..store import FileResult
from .clean import AdvertRules, load_rules
from .ocr import page_progress
from .pipeline import file_hash, iter_files, parse_file
from .readers import read_file

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    run_id: int
    files: int = 0
    results: list[FileResult] = field(default_factory=list)
    near_duplicates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def new_documents(self) -> list[str]:
        return [d for r in self.results for d in r.documents]

    @property
    def rejected(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "rejected"]

    def counts(self) -> dict[str, int]:
        return {
            "files": self.files,
            "imported": sum(1 for r in self.results if r.status == "imported"),
            "duplicates": sum(1 for r in self.results if r.status == "duplicate"),
            "rejected": len(self.rejected),
            "documents": sum(len(r.documents) for r in self.results),
        }

    def to_json(self) -> dict[str, Any]:
        imported, duplicates, rejected, warnings = [], [], [], []
        for r in self.results:
            if r.status == "imported":
                imported.append({"path": r.path, "documents": list(r.documents), "collection": r.collection})
            if r.status == "rejected":
                rejected.append({"path": r.path, "error": r.error})
            for of in r.duplicates or ((r.duplicate_of,) if r.status == "duplicate" else ()):
                duplicates.append({"path": r.path, "of": of})
            warnings.extend({"path": r.path, "warning": w} for w in r.warnings)
        return {
            "files": self.files, "imported": imported, "duplicates": duplicates, "rejected": rejected,
            "warnings": warnings, "run": self.run_id, "documents": self.counts()["documents"],
            "near_duplicates": self.near_duplicates,
        }


def import_one(library: Any, path: Path, rules: AdvertRules | None = None,
               read: Callable[[Path], list[Block]] = read_file) -> FileResult:
    shown = str(path)
    try:
        source_hash = file_hash(path)
        seen = library.source_seen(source_hash)
        if seen is not None:
            return FileResult(shown, "duplicate", duplicate_of=seen or None)
        parsed = parse_file(path, rules, read)
        return library.add_file(parsed, source_hash)
    except SucaiError as exc:
        return FileResult(shown, "rejected", error=exc.message)
    except OSError as exc:
        return FileResult(shown, "rejected", error=f"无法读取文件：{exc.strerror or exc}")
    except Exception as exc:  # one broken file must never stop the batch
        log.exception("import of %s failed", shown)
        return FileResult(shown, "rejected", error=f"处理失败（{type(exc).__name__}）：{exc}")


def import_paths(
    library: Any,
    paths: list[Path],
    *,
    origin: str = "cli",
    progress: Callable[[int, int, FileResult], None] | None = None,
    advert_rules: str | Path | None = None,
    read: Callable[[Path], list[Block]] = read_file,
    pages: Callable[[Path, int, int], None] | None = None,
) -> ImportReport:
    """Import files and folders; `progress` hears of each file done, `pages` of each scanned page
    OCR'd within a file (path, page, pages).  `advert_rules` is the user's rule file (the
    `advert_rules` setting) that extends the built-in advert/chrome rules.  A bad rule file stops
    the batch before anything is stored (every file would be cleaned wrongly)."""
    rules = load_rules(advert_rules or None)
    files = iter_files(paths)
    missing = [p for p in paths if not p.exists()]
    run_id = library.start_run(origin)
    report = ImportReport(run_id=run_id, files=len(files) + len(missing))
    for p in missing:
        result = FileResult(str(p), "rejected", error="文件或文件夹不存在")
        report.results.append(result)
        library.record_file(run_id, result)
    for n, path in enumerate(files, 1):
        with page_progress(partial(pages, path) if pages else None):
            result = import_one(library, path, rules, read)
        report.results.append(result)
        library.record_file(run_id, result)
        if progress:
            progress(n, len(files), result)
    library.finish_run(run_id, report.counts())
    return report
