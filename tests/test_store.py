"""The store: schema, settings, file modes, and files it must refuse without changing them."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from coach.store import Store, StoreError
from coach.store.db import BUSY_TIMEOUT_MS, SCHEMA_COLUMNS, SCHEMA_VERSION
from coach.store.schema import known_migrations

REQUIRED_COLUMNS = {
    "checkins": {"id", "day", "at", "pain"},
    "sessions": {
        "id",
        "routine",
        "started_at",
        "ended_at",
        "status",
        "pain_before",
        "pain_after",
    },
    "reps": {"id", "session_id", "exercise", "set_no", "rep_no", "side", "hold_s", "held_s", "at"},
}


def test_migrates_an_empty_file_to_every_documented_table(store: Store) -> None:
    for table, columns in REQUIRED_COLUMNS.items():
        assert columns <= set(store.db[table].columns_dict), table
    assert store.migration_names() == known_migrations()


def test_schema_version_counts_the_migrations(store: Store) -> None:
    assert len(known_migrations()) == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_opening_an_up_to_date_file_does_not_import_sqlite_utils(db_file: Path) -> None:
    Store.open(db_file).close()
    code = (
        "import sys; from pathlib import Path; from coach.store import Store; "
        f"Store.open(Path({str(db_file)!r})).close(); "
        "print('sqlite_utils' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT score FROM peg WHERE checkin_id = 1",
        "SELECT c.id, p.score FROM checkins c LEFT JOIN peg p ON p.checkin_id = c.id "
        "WHERE c.day = '2026-11-25'",
    ],
)
def test_a_checkins_peg_is_found_by_an_index_not_a_scan(store: Store, sql: str) -> None:
    plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert any("peg" in step and "INDEX idx_peg_checkin" in step for step in plan), plan
    assert not any(step.startswith("SCAN p") or step == "SCAN peg" for step in plan), plan


def test_the_exercises_a_session_did_are_read_from_an_index_alone(store: Store) -> None:
    sql = (
        "SELECT DISTINCT session_id, exercise FROM reps WHERE session_id IN "
        "(SELECT id FROM sessions WHERE routine = 'core')"
    )
    plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert any("COVERING INDEX idx_reps_session_exercise" in step for step in plan), plan


def test_reopening_applies_nothing_twice(db_file: Path) -> None:
    Store.open(db_file).close()
    again = Store.open(db_file)
    rows = again.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert rows == len(known_migrations())
    again.close()


def test_connection_settings(store: Store) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_file_and_folder_are_private(store: Store, db_file: Path) -> None:
    with store.write() as db:
        db["checkins"].insert({"day": "2026-11-25", "at": "2026-11-25T07:30:00.000Z", "pain": 3})
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_file.parent.stat().st_mode) == 0o700
    for side_file in (Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
        assert stat.S_IMODE(side_file.stat().st_mode) == 0o600, side_file


def test_sessions_status_and_rep_sides_are_constrained(store: Store) -> None:
    with pytest.raises(StoreError), store.write() as db:
        db["sessions"].insert(
            {"routine": "core", "day": "2026-11-25", "started_at": "x", "status": "paused"}
        )
    with store.write() as db:
        session = (
            db["sessions"]
            .insert({"routine": "core", "day": "2026-11-25", "started_at": "x"})
            .last_pk
        )
    rep = {
        "session_id": session,
        "step_no": 0,
        "exercise": "curl-up",
        "set_no": 1,
        "rep_no": 1,
        "hold_s": 10,
        "held_s": 10.0,
        "at": "x",
    }
    with pytest.raises(StoreError), store.write() as db:
        db["reps"].insert({**rep, "side": "middle"})
    with store.write() as db:
        db["reps"].insert({**rep, "side": "left"})
    with pytest.raises(StoreError), store.write() as db:  # the same rep twice is refused
        db["reps"].insert({**rep, "side": "left"})
    assert store.db["reps"].count == 1


def test_a_failed_write_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(StoreError), store.write() as db:
        db["checkins"].insert({"day": "2026-11-25", "at": "x", "pain": 4})
        db["checkins"].insert({"day": "2026-11-25", "at": "x", "pain": 11})
    assert store.db["checkins"].count == 0


def test_two_copies_writing_at_once_both_land(db_file: Path) -> None:
    first, second = Store.open(db_file), Store.open(db_file)
    errors: list[BaseException] = []

    def write_many(store: Store, pain: int) -> None:
        try:
            for _ in range(50):
                with store.write() as db:
                    count = db.execute("SELECT count(*) FROM checkins").fetchone()[0]
                    db["checkins"].insert({"day": "2026-11-25", "at": str(count), "pain": pain})
        except BaseException as error:  # collected and asserted on below
            errors.append(error)

    threads = [
        threading.Thread(target=write_many, args=(first, 1)),
        threading.Thread(target=write_many, args=(second, 2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert first.db["checkins"].count == 100
    first.close()
    second.close()


def _refused_unchanged(path: Path, expected: str) -> None:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(StoreError) as raised:
        Store.open(path)
    assert expected in str(raised.value)
    if before is not None:
        assert path.read_bytes() == before
        assert not Path(f"{path}-wal").exists()


def test_refuses_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    path.write_bytes(bytes(range(256)) * 8)
    _refused_unchanged(path, "is not a SQLite database")


def test_refuses_a_folder(tmp_path: Path) -> None:
    _refused_unchanged(tmp_path, "is a folder")


def test_refuses_a_truncated_database(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    whole = Store.open(path)
    with whole.write() as db:
        for day in range(400):
            db["checkins"].insert({"day": f"d{day}", "at": "x", "pain": 3, "note": "n" * 500})
    whole.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    whole.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused_unchanged(path, "damaged")


def test_refuses_a_database_from_a_newer_coach(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('coach', '0099_future', 'x')"
        )
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    _refused_unchanged(path, "newer version of coach")


def test_refuses_a_folder_it_cannot_create(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="Cannot create the folder"):
        Store.open(blocker / "sub" / "coach.db")


def test_the_columns_checked_on_open_are_those_the_migrations_make(store: Store) -> None:
    made = {
        table: tuple(store.db[table].columns_dict)
        for table in store.db.table_names()
        if table != "_sqlite_migrations"
    }
    assert made == SCHEMA_COLUMNS


def test_nothing_is_remembered_that_another_copy_wrote_to_while_it_was_worked_out(
    store: Store, db_file: Path
) -> None:
    """A value read partly before another copy's write and partly after stands for neither
    state of the file: it is used once, and worked out again next time."""
    worked: list[int] = []

    def work_out_while_another_copy_writes() -> int:
        with closing(sqlite3.connect(db_file)) as other, other:
            other.execute(
                "INSERT INTO notice_dismissals (notice, day, at) VALUES ('n', '2026-11-02', 'x')"
            )
        worked.append(len(worked) + 1)
        return worked[-1]

    assert store.remembered("key", work_out_while_another_copy_writes) == 1
    assert store.remembered("key", lambda: 99) == 99
    assert store.remembered("key", lambda: 100) == 99  # nothing written since: kept


def test_what_is_remembered_lasts_until_a_write_and_nothing_is_kept_from_inside_one(
    store: Store,
) -> None:
    worked: list[int] = []

    def work_out() -> int:
        worked.append(len(worked) + 1)
        return worked[-1]

    assert store.remembered("key", work_out) == store.remembered("key", work_out) == 1
    with pytest.raises(RuntimeError), store.write() as db:
        db["red_flags"].insert(
            {"day": "2026-11-02", "at": "2026-11-02T08:00:00Z", "question_set": 2,
             "fever": 1, "result": "same_day"}
        )  # fmt: skip
        assert store.remembered("key", work_out) == 2  # the write in progress is seen…
        raise RuntimeError("rolled back")
    assert store.remembered("key", work_out) == 3  # …but not kept past its rollback
    assert store.remembered("key", work_out) == 3
