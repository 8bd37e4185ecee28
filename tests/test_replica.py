"""Page reads from a PostgreSQL read replica; writes and index catch-up on the primary.

A replica here is a second database reached through a read-only role: the same
primary database (an up-to-date replica) or an empty one (a replica that lags).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from sucai.ingest.batch import import_paths
from sucai.store.library import Library

from .conftest import PG_ADMIN_URL, drop_pg_database, fresh_pg_database

RO_ROLE = "sucai_test_reader"


def _pg() -> None:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
    except Exception:
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}")


def _reader_url(url: str) -> str:
    """The same database as `url`, reached as a role that may only read."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (RO_ROLE,)).fetchone()
        if not exists:
            conn.execute(f"CREATE ROLE {RO_ROLE} LOGIN")
            conn.execute(f"ALTER ROLE {RO_ROLE} SET default_transaction_read_only = on")
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {RO_ROLE}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {RO_ROLE}")
    return url.replace("postgres@", f"{RO_ROLE}@", 1)


@pytest.fixture
def primary_and_spare():
    _pg()
    made = [fresh_pg_database(), fresh_pg_database()]
    yield [url for _, url in made]
    for name, _ in made:
        drop_pg_database(name)


def test_reads_go_to_the_replica_and_writes_to_the_primary(primary_and_spare, seed_path: Path) -> None:
    primary, _ = primary_and_spare
    Library.open_url(primary).close()  # schema on the primary
    library = Library.open_url(primary, _reader_url(primary))
    try:
        assert library.rdb.scalar("SELECT current_user") == RO_ROLE
        report = import_paths(library, [seed_path])
        assert report.counts()["documents"] == 3
        docs = library.list_documents()
        assert len(docs) == 3
        assert library.get_document(docs[0]["id"]).document.title == docs[0]["title"]
        assert library.max_seq() > 0 and len(list(library.paragraph_rows())) == library.max_seq()
    finally:
        library.close()


def test_a_lagging_replica_falls_back_to_the_primary_for_one_document(primary_and_spare, seed_path: Path) -> None:
    primary, lagging = primary_and_spare
    Library.open_url(primary).close()
    Library.open_url(lagging).close()  # same schema, no rows yet: a replica that has not caught up
    library = Library.open_url(primary, _reader_url(lagging))
    try:
        import_paths(library, [seed_path])
        assert library.list_documents() == []  # lists come from the replica as it is
        doc_id = library.db.scalar("SELECT id FROM documents ORDER BY num LIMIT 1")
        stored = library.get_document(doc_id)  # a document just imported is read from the primary
        assert stored.paragraph_ids and stored.document.paragraphs
        assert library.max_seq() == len(list(library.paragraph_rows()))  # the change sequence: primary
    finally:
        library.close()


def test_cli_with_a_read_url(primary_and_spare, seed_path: Path, tmp_path: Path) -> None:
    from .conftest import cli_json, run_cli

    primary, _ = primary_and_spare
    Library.open_url(primary).close()
    env = {"SUCAI_DATABASE_URL": primary, "SUCAI_DATABASE_READ_URL": _reader_url(primary)}
    home = tmp_path / f"home-{uuid.uuid4().hex[:6]}"
    run_cli(home, "ingest", str(seed_path), env=env)
    docs = cli_json(home, "list", "--json", env=env)
    assert len(docs) == 3
    assert cli_json(home, "search", "党建", "--json", env=env)["total"] > 0
