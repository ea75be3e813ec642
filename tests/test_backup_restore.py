"""Backup and restore as README's "Backup and restore" block prints them: a populated PostgreSQL database and
media folder are backed up, restored into a new empty database and folder, and the restored system holds the
same rows (count per table, checksums of a few tables) and the same files (bytes)."""

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CHECKSUMMED = [
    "people_statebody",
    "people_civilservant",
    "people_user",
    "lms_auditentry",
    "django_migrations",
]


def readme_backup_commands() -> list[str]:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Backup and restore", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _admin_sql(sql: str) -> None:
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(sql)


def snapshot(url: str) -> tuple[dict, dict]:
    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        sums = {
            t: conn.execute(
                f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{t}\" t"  # noqa: S608
            ).fetchone()[0]
            for t in CHECKSUMMED
        }
    return counts, sums


def files_of(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def populated(tmp_path):
    from tests.factories import CivilServantFactory, user_with_role

    servants = [CivilServantFactory() for _ in range(7)]
    user_with_role("hr_officer", body=servants[0].position.body)
    media = tmp_path / "media"
    (media / "videos/2026/12").mkdir(parents=True)
    (media / "videos/2026/12/lecture.mp4").write_bytes(os.urandom(50_000))
    (media / "external-training/certificate ü.pdf").parent.mkdir(parents=True)
    (media / "external-training/certificate ü.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(1000))
    connection.close()  # committed (transaction=True); pg_dump sees what the test wrote
    return media


@pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="pg_dump")
# No serialized_rollback: after an earlier flush re-created the content types it would insert them twice; the
# rows migrations seed are put back by conftest.py instead.
@pytest.mark.django_db(transaction=True)
def test_readme_backup_then_restore_gives_the_same_rows_and_files(populated, tmp_path):
    source = _url(settings.DATABASES["default"]["NAME"])
    target_name = f"{settings.DATABASES['default']['NAME']}_restored"
    _admin_sql(f'DROP DATABASE IF EXISTS "{target_name}"')
    _admin_sql(f'CREATE DATABASE "{target_name}"')
    restored_media = tmp_path / "restored-media"
    backup_line, restore_line = readme_backup_commands()
    assert "backup.sh" in backup_line and "restore.sh" in restore_line
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    cwd = tmp_path / "clone"  # relative backup folders land here, not in the checkout
    cwd.mkdir()
    (cwd / "scripts").symlink_to(ROOT / "scripts")
    (cwd / ".venv").symlink_to(ROOT / ".venv")
    try:
        for line, url, media in (
            (backup_line, source, populated),
            (restore_line, _url(target_name), restored_media),
        ):
            done = subprocess.run(
                [shutil.which("bash"), "-c", line],
                cwd=cwd,
                capture_output=True,
                text=True,
                timeout=120,
                env={**base_env, "DATABASE_URL": url, "MEDIA_ROOT": str(media)},
            )
            assert done.returncode == 0, f"$ {line} {url}\n{done.stdout}\n{done.stderr}"
        before, after = snapshot(source), snapshot(_url(target_name))
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
    counts_before, sums_before = before
    assert counts_before["people_civilservant"] >= 7 and counts_before["lms_auditentry"] > 0
    assert after[0] == counts_before
    assert after[1] == sums_before
    assert files_of(restored_media) == files_of(populated) and len(files_of(populated)) == 2


def test_restore_refuses_a_tampered_backup(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.txt").write_text("a")
    db = tmp_path / "site.sqlite3"
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "MEDIA_ROOT": str(media)}
    subprocess.run(
        [str(ROOT / "scripts/backup.sh"), str(tmp_path / "bk")], env=env, check=True, capture_output=True
    )
    restored = tmp_path / "restored.sqlite3"
    env_restore = {**env, "DATABASE_URL": f"sqlite:///{restored}", "MEDIA_ROOT": str(tmp_path / "m2")}
    ok = subprocess.run(
        [str(ROOT / "scripts/restore.sh"), str(tmp_path / "bk")],
        env=env_restore,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    with sqlite3.connect(restored) as conn:
        assert conn.execute("SELECT x FROM t").fetchall() == [(1,)]
    assert (tmp_path / "m2/a.txt").read_text() == "a"
    with open(tmp_path / "bk/media.tar.gz", "ab") as tar:
        tar.write(b"tampered")
    refused = subprocess.run(
        [str(ROOT / "scripts/restore.sh"), str(tmp_path / "bk")],
        env={**env_restore, "DATABASE_URL": f"sqlite:///{tmp_path / 'again.sqlite3'}"},
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0
    assert not (tmp_path / "again.sqlite3").exists()
