"""Bulk import: a sequence of one-file transactions with a report.

One bad file never stops the batch; re-running a batch after a crash finishes
the job and duplicates nothing (files already stored are recognised by hash).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..models import Block
from ..store import FileResult
from ..store.library import PreparedFile
from .clean import AdvertRules, load_rules
from .isolated import read_isolated
from .ocr import page_progress
from .pipeline import file_hash, iter_files, parse_file
from .pool import MIN_FILES, Pool, reason, workers_wanted
from .readers import read_file


@dataclass
class ImportReport:
    run_id: int
    files: int = 0
    results: list[FileResult] = field(default_factory=list)
    near_duplicates: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # CPU seconds by step (parse_cpu, store_cpu)

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
    except Exception as exc:  # one broken file must never stop the batch
        return FileResult(shown, "rejected", error=reason(exc, shown))


def _seen(library: Any, path: Path) -> str | FileResult:
    """The file's hash when it is new, else its result (a duplicate, or unreadable)."""
    try:
        source_hash = file_hash(path)
        seen = library.source_seen(source_hash)
    except Exception as exc:  # one broken file must never stop the batch
        return FileResult(str(path), "rejected", error=reason(exc, path))
    return source_hash if seen is None else FileResult(str(path), "duplicate", duplicate_of=seen or None)


def import_pooled(library: Any, run_id: int, files: list[Path], rules: AdvertRules | None, report: ImportReport,
                  pages: Callable[[Path, int, int], None] | None = None,
                  timeout: float | None = None) -> Iterator[FileResult]:
    """Each file's result in order, recorded in the run: parsed on every core (each file within
    `timeout` seconds when given), stored here a batch of files per transaction (each file all or
    nothing)."""
    checked = [_seen(library, p) for p in files]
    todo = [p for p, c in zip(files, checked, strict=True) if isinstance(c, str)]
    pool = Pool(rules, workers_wanted(), timeout=timeout, pages=pages)
    batch: list[tuple[str, str, PreparedFile | FileResult]] = []
    chars = 0
    try:
        parsed = pool.parse_in_order(todo)
        for path, check in zip(files, checked, strict=True):
            if isinstance(check, FileResult):
                batch.append((str(path), "", check))
            else:
                result = next(parsed)[1]
                batch.append((str(path), check, FileResult(str(path), "rejected", error=result)
                              if isinstance(result, str) else result))
                chars += 0 if isinstance(result, str) else sum(d.chars for d in result.documents)
            if len(batch) >= BATCH_FILES or chars >= BATCH_CHARS:
                yield from _store(library, run_id, batch, report)
                batch, chars = [], 0
        yield from _store(library, run_id, batch, report)
    finally:
        pool.close()
        report.timings["parse_cpu"] = pool.cpu


BATCH_FILES = 64  # files stored per transaction on a pooled import
BATCH_CHARS = 2_000_000  # or fewer, when they hold this many characters


def _store(library: Any, run_id: int, batch: list[tuple[str, str, PreparedFile | FileResult]],
           report: ImportReport) -> list[FileResult]:
    if not batch:
        return []
    started = time.process_time()
    try:
        stored = library.add_files(run_id, batch)
    except Exception:  # the batch could not be committed: store its files one by one
        stored = [item if isinstance(item, FileResult) else _store_one(library, item, source_hash)
                  for _, source_hash, item in batch]
        for result in stored:
            if isinstance(result, FileResult):
                library.record_file(run_id, result)
    out = []
    for (path, _, _), result in zip(batch, stored, strict=True):
        if not isinstance(result, FileResult):
            result = FileResult(path, "rejected", error=reason(result, path))
            library.record_file(run_id, result)
        out.append(result)
    report.timings["store_cpu"] = report.timings.get("store_cpu", 0.0) + time.process_time() - started
    return out


def _store_one(library: Any, parsed: PreparedFile, source_hash: str) -> FileResult | Exception:
    try:
        return library.add_file(parsed, source_hash)
    except Exception as exc:  # one broken file must never stop the batch
        return exc


def import_paths(
    library: Any,
    paths: list[Path],
    *,
    origin: str = "cli",
    progress: Callable[[int, int, FileResult], None] | None = None,
    advert_rules: str | Path | None = None,
    read: Callable[[Path], list[Block]] = read_file,
    pages: Callable[[Path, int, int], None] | None = None,
    isolate_seconds: float | None = None,
) -> ImportReport:
    """Import files and folders; `progress` hears of each file done, `pages` of each scanned page
    OCR'd within a file (path, page, pages).  `advert_rules` is the user's rule file (the
    `advert_rules` setting) that extends the built-in advert/chrome rules.  A bad rule file stops
    the batch before anything is stored (every file would be cleaned wrongly).

    A batch of MIN_FILES files or more is parsed in worker processes, one per core.  With
    `isolate_seconds` (untrusted uploads) every file is read in a child process and rejected when it
    takes longer than that (a scan: per page); `read` is then not used."""
    rules = load_rules(advert_rules or None)
    files = iter_files(paths)
    missing = [p for p in paths if not p.exists()]
    run_id = library.start_run(origin)
    report = ImportReport(run_id=run_id, files=len(files) + len(missing))
    for p in missing:
        result = FileResult(str(p), "rejected", error="文件或文件夹不存在")
        report.results.append(result)
        library.record_file(run_id, result)
    if isolate_seconds is not None:
        read = partial(read_isolated, timeout=isolate_seconds)
    pooled = len(files) >= MIN_FILES and workers_wanted() > 1 and (read is read_file or isolate_seconds is not None)
    results = import_pooled(library, run_id, files, rules, report, pages, isolate_seconds) if pooled else \
        _one_by_one(library, run_id, files, rules, read, pages)
    for n, result in enumerate(results, 1):  # each result is recorded in the run already
        report.results.append(result)
        if progress:
            progress(n, len(files), result)
    library.finish_run(run_id, report.counts())
    return report


def _one_by_one(library: Any, run_id: int, files: list[Path], rules: AdvertRules | None,
                read: Callable[[Path], list[Block]], pages: Callable[[Path, int, int], None] | None,
                ) -> Iterator[FileResult]:
    for path in files:
        with page_progress(partial(pages, path) if pages else None):
            result = import_one(library, path, rules, read)
        library.record_file(run_id, result)
        yield result
