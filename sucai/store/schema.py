"""Schema of a library, one list of migrations for SQLite and PostgreSQL.

`{serial}` becomes an auto-increment integer key in each dialect.  A migration
is applied once and recorded in `schema_version`; never edit an applied one,
append a new one.
"""

from __future__ import annotations

from .db import Database

MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE IF NOT EXISTS sources (
                hash TEXT PRIMARY KEY, path TEXT NOT NULL, collection_id TEXT, first_doc TEXT,
                created_at TEXT NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS collections (
                id TEXT PRIMARY KEY, title TEXT NOT NULL, source_path TEXT, source_hash TEXT,
                toc_json TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS collection_items (
                collection_id TEXT NOT NULL, position INTEGER NOT NULL, doc_id TEXT NOT NULL,
                PRIMARY KEY (collection_id, position))""",
            """CREATE TABLE IF NOT EXISTS documents (
                num {serial}, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, org TEXT, org_type TEXT NOT NULL,
                kind TEXT NOT NULL, year INTEGER, half TEXT, date TEXT, chars INTEGER NOT NULL,
                collection_id TEXT, position INTEGER, content_hash TEXT NOT NULL UNIQUE,
                source_path TEXT, source_hash TEXT, outline_json TEXT NOT NULL, warnings_json TEXT NOT NULL,
                near_dup_of TEXT, similarity REAL, created_at TEXT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS documents_collection ON documents (collection_id, position)",
            """CREATE TABLE IF NOT EXISTS paragraphs (
                seq {serial}, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
                kind TEXT NOT NULL, text TEXT NOT NULL, path_json TEXT NOT NULL, role TEXT NOT NULL,
                paid INTEGER NOT NULL, node INTEGER, start_off INTEGER NOT NULL, end_off INTEGER NOT NULL,
                items_json TEXT NOT NULL DEFAULT '[]')""",
            "CREATE INDEX IF NOT EXISTS paragraphs_doc ON paragraphs (doc_id, idx)",
            """CREATE TABLE IF NOT EXISTS figures (
                doc_id TEXT NOT NULL, idx INTEGER NOT NULL, subject TEXT NOT NULL, value TEXT, unit TEXT,
                change TEXT, text TEXT NOT NULL, paragraph INTEGER, PRIMARY KEY (doc_id, idx))""",
            """CREATE TABLE IF NOT EXISTS import_runs (
                id {serial}, started_at TEXT NOT NULL, finished_at TEXT, files INTEGER NOT NULL DEFAULT 0,
                imported INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0, documents INTEGER NOT NULL DEFAULT 0,
                origin TEXT NOT NULL DEFAULT 'cli')""",
            """CREATE TABLE IF NOT EXISTS import_files (
                id {serial}, run_id INTEGER NOT NULL, path TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
                documents_json TEXT NOT NULL DEFAULT '[]', duplicate_of TEXT,
                warnings_json TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS import_files_run ON import_files (run_id)",
            # accounts, entitlements, usage (web library)
            """CREATE TABLE IF NOT EXISTS users (
                id {serial}, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, role TEXT NOT NULL,
                expires_at TEXT, created_at TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0)""",
            """CREATE TABLE IF NOT EXISTS sessions (
                token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, csrf TEXT NOT NULL,
                created_at TEXT NOT NULL, expires_at TEXT NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS orders (
                id {serial}, user_id INTEGER NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL,
                created_at TEXT NOT NULL, UNIQUE (user_id, doc_id))""",
            """CREATE TABLE IF NOT EXISTS vouchers (
                code TEXT PRIMARY KEY, days INTEGER, doc_id TEXT, created_at TEXT NOT NULL,
                used_by INTEGER, used_at TEXT)""",
            """CREATE TABLE IF NOT EXISTS downloads (
                id {serial}, user_id INTEGER NOT NULL, doc_id TEXT NOT NULL, fmt TEXT NOT NULL,
                day TEXT NOT NULL, created_at TEXT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS downloads_user_day ON downloads (user_id, day)",
            """CREATE TABLE IF NOT EXISTS searches (
                id {serial}, q TEXT NOT NULL, day TEXT NOT NULL, created_at TEXT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS searches_day ON searches (day)",
            """CREATE TABLE IF NOT EXISTS basket (
                user_id INTEGER NOT NULL, doc_id TEXT NOT NULL, node INTEGER NOT NULL DEFAULT -1,
                position INTEGER NOT NULL, added_at TEXT NOT NULL, PRIMARY KEY (user_id, doc_id, node))""",
            """CREATE TABLE IF NOT EXISTS login_attempts (
                key TEXT NOT NULL, at TEXT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS login_attempts_key ON login_attempts (key, at)",
        ],
    ),
    (
        2,
        [
            # login tries reserved before the password is checked (sucai.accounts.authenticate):
            # epoch seconds, so back-off waits can be measured; the old table is no longer read
            """CREATE TABLE IF NOT EXISTS login_tries (
                id {serial}, key TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS login_tries_key ON login_tries (key, at)",
            "DROP TABLE IF EXISTS login_attempts",
        ],
    ),
    (
        3,
        [
            # 1 when some of the document's text was read from page images by OCR (may be misread)
            "ALTER TABLE documents ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0",
        ],
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


def _ddl(db: Database, sql: str) -> str:
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT" if db.dialect == "sqlite" else "BIGSERIAL PRIMARY KEY"
    return sql.replace("{serial}", serial)


def migrate(db: Database) -> int:
    """Bring the schema up to date; safe to run from several processes at once."""
    with db.transaction(lock_key=7_201_001):
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
        done = {r["version"] for r in db.all("SELECT version FROM schema_version")}
        for version, statements in MIGRATIONS:
            if version in done:
                continue
            for sql in statements:
                db.execute(_ddl(db, sql))
            db.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, CURRENT_TIMESTAMP)", (version,)
            )
    return SCHEMA_VERSION
