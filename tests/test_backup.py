"""`make backup` / `make restore` (scripts/backup.sh): a PostgreSQL backup restored
into a fresh database holds the same rows, and a restore is never run by accident.

Runs only on PostgreSQL (CI's second pass, DATABASE_URL=postgres://...): the source
is the session's test database with the demo organisation, the target a database
of its own, bht_backup_restore, created and dropped here.
"""

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "backup.sh"
RESTORE_DB = "bht_backup_restore"

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="backup/restore: needs DATABASE_URL=postgres://... (pg_dump); CI runs it on PostgreSQL",
)


def _url(db: dict, name: str) -> str:
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{quote(db['USER'], safe='')}{password}@{db['HOST']}{port}/{name}"


def _connect(db: dict, name: str):
    import psycopg

    return psycopg.connect(_url(db, name), autocommit=True)


def _snapshot(db: dict, name: str) -> dict[str, int]:
    """Rows of every table and the position of every sequence."""
    with _connect(db, name) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }
        for seq, last in conn.execute(
            "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences "
            "WHERE schemaname = 'public'"
        ):
            counts[f"sequence {seq}"] = last
    return counts


def _run(action: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), action],
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def source(django_db_setup, django_db_blocker) -> dict:
    """The committed test database, with the demo organisation in it."""
    from core.models import User

    with django_db_blocker.unblock():
        # A transactional test earlier in the session may have flushed it.
        if not User.objects.filter(username="bhtleder").exists():
            call_command("seed_demo", verbosity=0)
        return dict(settings.DATABASES["default"])


@pytest.fixture
def fresh_db(source):
    with _connect(source, "postgres") as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {RESTORE_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {RESTORE_DB}")
    yield RESTORE_DB
    with _connect(source, "postgres") as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {RESTORE_DB} WITH (FORCE)")


def test_it_restores_the_same_rows_into_a_fresh_database(source, fresh_db, tmp_path):
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "note.txt").write_text("vedlegg\n")
    dump = tmp_path / "backup.dump"

    backup = _run(
        "backup",
        {
            "DATABASE_URL": _url(source, source["NAME"]),
            "BACKUP_FILE": str(dump),
            "MEDIA_ROOT": str(media),
        },
    )
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_size > 0
    assert Path(f"{dump}.media.tar.gz").is_file()

    restored_media = tmp_path / "restored-media"
    restore = _run(
        "restore",
        {
            "DATABASE_URL": _url(source, fresh_db),
            "BACKUP_FILE": str(dump),
            "MEDIA_ROOT": str(restored_media),
            "FORCE": "1",
        },
    )
    assert restore.returncode == 0, restore.stderr

    before = _snapshot(source, source["NAME"])
    after = _snapshot(source, fresh_db)
    # The demo is in it: a backup of empty tables would prove nothing.
    assert before["orders_order"] > 0
    assert before["timetracking_timeentry"] > 0
    assert after == before
    assert (restored_media / "attachments" / "note.txt").read_text() == "vedlegg\n"


def test_it_restores_over_existing_data(source, fresh_db, tmp_path):
    """--clean --if-exists: restoring twice into the same database gives the same rows."""
    dump = tmp_path / "backup.dump"
    env = {"BACKUP_FILE": str(dump), "MEDIA_ROOT": str(tmp_path / "none"), "FORCE": "1"}
    assert _run("backup", {**env, "DATABASE_URL": _url(source, source["NAME"])}).returncode == 0
    target = {**env, "DATABASE_URL": _url(source, fresh_db)}
    assert _run("restore", target).returncode == 0
    with _connect(source, fresh_db) as conn:
        conn.execute("DELETE FROM timetracking_timeentry")
    second = _run("restore", target)
    assert second.returncode == 0, second.stderr
    assert _snapshot(source, fresh_db) == _snapshot(source, source["NAME"])


def test_it_refuses_to_restore_without_confirmation(source, fresh_db, tmp_path):
    dump = tmp_path / "backup.dump"
    env = {"BACKUP_FILE": str(dump), "MEDIA_ROOT": str(tmp_path / "none")}
    assert _run("backup", {**env, "DATABASE_URL": _url(source, source["NAME"])}).returncode == 0

    refused = _run("restore", {**env, "DATABASE_URL": _url(source, fresh_db), "FORCE": ""})

    assert refused.returncode != 0
    assert "FORCE=1" in refused.stderr
    with _connect(source, fresh_db) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone()[0] == 0


def test_it_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = _run(
        "backup",
        {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "BACKUP_FILE": str(tmp_path / "x")},
    )
    assert result.returncode != 0
    assert "not a PostgreSQL URL" in result.stderr
    assert not (tmp_path / "x").exists()
