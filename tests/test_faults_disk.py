"""Faults of the disk and of the database file: full, damaged, read-only, old, too new.

The disk and file promises in README's "What coach promises", and where each is tested:
- the disk fills: mid-routine `test_a_full_disk_mid_routine_pauses_says_so_and_keeps_the_reps`,
  at the check-in `test_a_full_disk_at_the_checkin_saves_nothing_and_says_so` (SQLite's
  max_page_count); a real full filesystem under the installed command
  `test_a_real_full_filesystem` (a small tmpfs; skipped where mounting is not allowed);
- database files: random bytes and a folder are refused by Store.open
  (tests/test_store.py) and by the command (tests/test_cli.py); a truncated database through the
  command `test_a_truncated_database_is_refused_by_the_command`; read-only file, read-only
  folder and an unreadable file, as an unprivileged user: `test_files_coach_cannot_use`;
- upgrades: `test_each_migration_upgrades_an_older_file_after_a_backup` (every migration k over
  a file made with the ones before it), a newer file refused and untouched by the command
  `test_a_file_from_a_newer_coach_is_refused_by_the_command` (by Store.open: tests/test_store.py).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Static

from coach.app import make_app
from coach.clock import FakeClock
from coach.library import load_library
from coach.plan import build_plan
from coach.screens.checkin import CheckinScreen
from coach.screens.player import SAVE_GRACE_S, PlayerScreen
from coach.store import Store, StoreError
from coach.store.db import SCHEMA_VERSION
from coach.store.schema import known_migrations, migrations
from coach.timer import rep_key
from harness.terminal import COACH, Terminal, coach_env
from tests.conftest import NOBODY, AsNobody
from tests.helpers import (
    end_phase,
    fill_filesystem,
    folder_snapshot,
    four_app,
    one_more_migration,
    pain_now_kept,
    real_database,
    seed_recent_screens,
)
from tests.terminal import (
    checked_in_today,
    count_reps,
    into_player,
    one_line_refusal,
    run_coach,
    wait_for_reps,
)


def fill_disk(store: Store) -> int:
    """Make the database full for this connection: no page may be added (SQLite's
    max_page_count), and the room left in the pages the next rep or check-in would use is
    taken by rows like theirs, from an old session and old check-ins. Returns the page limit."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with store.write() as db:
        old = (
            db["sessions"]
            .insert(
                {"routine": "core", "day": "2026-01-01", "started_at": "2026-01-01T07:00:00.000Z"}
            )
            .last_pk
        )
    rep = {"session_id": old, "step_no": 0, "exercise": "curl-up", "set_no": 1, "side": "both"}
    for table, row in (
        ("reps", {**rep, "hold_s": 2.0, "held_s": 2.0, "at": "2026-01-01T07:00:00.000Z"}),
        ("checkins", {"day": "2026-01-01", "at": "2026-01-01T07:00:00.000Z", "pain": 3}),
    ):
        for number in range(1, 100_000):
            try:
                with store.write() as db:
                    db[table].insert({**row, "rep_no": number} if table == "reps" else row)
            except StoreError as error:
                assert "full" in str(error)
                break
    return pages


def _notes(app) -> list[str]:
    return [f"{note.title}: {note.message}" for note in app._notifications]


def _session_reps(store: Store, session_id: int) -> list[tuple]:
    return store.db.execute(
        "SELECT rep_no, held_s FROM reps WHERE session_id = ? ORDER BY id", [session_id]
    ).fetchall()


async def test_item_02_a_full_disk_mid_routine_keeps_every_rep_in_order(
    small_disk: Path, clock: FakeClock, config_dir: Path
) -> None:
    """The disk fills after rep 1 (a real ENOSPC). Reps 2 and 3 cannot be written: the routine
    goes on, the player says they wait and why, nothing is half-written; with space freed they
    are written, in order, and none is lost (rep 2 was dropped before)."""
    store = Store.open(small_disk / "coach.db")
    try:
        app = four_app(store, clock, config_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await pain_now_kept(pilot, app)
            session = screen.session_id
            end_phase(screen, clock)  # get ready
            end_phase(screen, clock)  # rep 1
            assert _session_reps(store, session) == [(1, 2.0)]

            filler = fill_filesystem(small_disk)
            end_phase(screen, clock)  # release
            end_phase(screen, clock)  # rep 2: cannot be written yet
            assert screen.writer.state.reps_waiting == 1
            clock.advance(SAVE_GRACE_S)
            await pilot.pause()
            assert _text(screen, "#phase") == "RELEASE"  # the routine goes on: not paused
            saving = screen.query_one("#saving", Static)
            assert saving.has_class("-waiting")
            assert _text(screen, "#saving").startswith(
                "Waiting to save 1 rep: the disk holding coach.db is full (free some space)."
            )
            end_phase(screen, clock)  # release
            end_phase(screen, clock)  # rep 3, queued behind rep 2
            assert screen.writer.state.reps_waiting == 2
            assert _session_reps(store, session) == [(1, 2.0)]  # nothing half-written
            assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

            filler.unlink()  # the user frees some space; nothing to press
            assert screen.writer.wait_for(lambda state: state.idle, 10).idle
            await pilot.pause()
            assert not saving.has_class("-waiting")
            assert _session_reps(store, session) == [(1, 2.0), (2, 2.0), (3, 2.0)]
    finally:
        store.close()


def _text(screen: PlayerScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_a_full_disk_at_the_checkin_saves_nothing_and_says_so(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        seed_recent_screens(store)  # so the form is all there is to answer
        fill_disk(store)
        before = store.db["checkins"].count
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("3", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)  # still there, answers kept for a retry
        error = str(app.screen.query_one("#error", Static).render())
        assert error.startswith("Not saved: The disk holding") and "is full" in error
        assert store.db["checkins"].count == before


@pytest.mark.terminal
def test_a_real_full_filesystem(small_disk: Path, tmp_path: Path) -> None:
    """The installed coach on a disk that fills mid-routine: the routine goes on and the player
    says reps wait and why, `coach checkin` says so in one line, the file stays intact, and with
    space freed the reps are written without a key pressed, every one, in order."""
    home = tmp_path / "home"
    db = small_disk / "coach.db"
    config = home / ".config" / "coach"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(
        "position_s = 1\nrelease_s = 0.5\nbell = false\nvoice = 'off'\n"
    )
    env = coach_env(home, db)
    checked_in_today(db)
    library = load_library(None)
    plan = build_plan(library.routines["pelvic-tilts"], library, position_s=1, release_s=0.5)
    in_order = [rep_key(plan.phases[index]) for index in plan.holds]

    with Terminal([str(COACH), "start", "pelvic-tilts"], env=env) as term:
        into_player(term)
        wait_for_reps(db, 1, timeout=20)
        filler = fill_filesystem(small_disk)
        screen = term.wait_for("Waiting to save", timeout=30)
        assert "is full (free some space)" in screen and "Traceback" not in screen
        assert "PAUSED" not in screen
        kept = count_reps(db)
        assert kept >= 1

        checkin = subprocess.run(
            [str(COACH), "checkin", "--pain", "4", "--replace", "--red-flags", "none"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert checkin.returncode == 2
        assert checkin.stderr.startswith("coach: ") and "full" in checkin.stderr
        assert "Traceback" not in checkin.stderr

        filler.unlink()
        assert wait_for_reps(db, kept + 2, timeout=20) > kept
        term.wait_until(lambda text: "Waiting to save" not in text, 20, "the reps saved")
        term.keys("C-q")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT pain FROM checkins").fetchall() == [(3,)]
        on_disk = conn.execute("SELECT step_no, set_no, rep_no, side FROM reps ORDER BY id")
        keys = [tuple(row) for row in on_disk]
    conn.close()
    assert keys == in_order[: len(keys)]  # no rep missing, none twice, in the order done


# --- database files -----------------------------------------------------------------------------


def test_a_truncated_database_is_refused_by_the_command(tmp_path: Path) -> None:
    db = tmp_path / "data" / "coach.db"
    real_database(db)
    db.write_bytes(db.read_bytes()[:40_000])
    before = folder_snapshot(db.parent)
    for args in ((), ("status",), ("history",), ("checkin", "--pain", "3", "--red-flags", "none")):
        one_line_refusal(run_coach("--db", str(db), *args, env=coach_env(tmp_path, db)), "damaged")
    assert folder_snapshot(db.parent) == before


def test_a_file_from_a_newer_coach_is_refused_by_the_command(tmp_path: Path) -> None:
    db = tmp_path / "data" / "coach.db"
    real_database(db, checkins=3)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = folder_snapshot(db.parent)
    for args in ((), ("status",), ("export", "--format", "json", "--out", "-")):
        result = run_coach("--db", str(db), *args, env=coach_env(tmp_path, db))
        one_line_refusal(result, "newer version of coach")
    assert folder_snapshot(db.parent) == before


def _as_nobody(folder: Path, name: str, mode: int) -> Path:
    """A copy of a real database at folder/name, owned by nobody with `mode`, in a folder of
    nobody's."""
    path = folder / name
    real_database(path, checkins=3)
    for item in (path.parent, path):
        os.chown(item, NOBODY, NOBODY)
    path.chmod(mode)
    return path


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("read-only file", "it is read-only. It was not changed."),
        ("read-only folder", "is not writable"),
        ("unreadable file", "Cannot read"),
        ("new file in a read-only folder", "is not writable"),
    ],
)
def test_files_coach_cannot_use(
    nobodys_folder: Path, as_nobody: AsNobody, case: str, words: str
) -> None:
    home = nobodys_folder / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    folder = nobodys_folder / "data"
    folder.mkdir()
    db = _as_nobody(folder, "coach.db", 0o400 if case == "read-only file" else 0o600)
    if case == "unreadable file":
        db.chmod(0)
    if case == "new file in a read-only folder":
        db.unlink()
    if "read-only folder" in case or case == "new file in a read-only folder":
        folder.chmod(0o500)
    before = folder_snapshot(folder) if case != "unreadable file" else None
    env = coach_env(home, db)
    for args in ((), ("status",), ("checkin", "--pain", "3", "--red-flags", "none")):
        result = run_coach(*args, env=env, command=as_nobody.coach)
        if case == "new file in a read-only folder" and args == ("status",):
            # creates nothing, needs nothing
            assert result.stdout == f"coach: check-in due (no database at {db} yet)\n"
            continue
        one_line_refusal(result, words)
    if before is not None:
        assert folder_snapshot(folder) == before
    assert sorted(path.name for path in folder.iterdir()) == (
        [] if case == "new file in a read-only folder" else ["coach.db"]
    )


# --- upgrades -----------------------------------------------------------------------------------

#: A row for each table, so a migration has real data to carry.
ROWS = {
    "checkins": {"day": "2026-11-24", "at": "2026-11-24T07:00:00.000Z", "pain": 5},
    "sessions": {"routine": "core", "day": "2026-11-24", "started_at": "2026-11-24T08:00:00.000Z"},
    "runs": {"day": "2026-11-24", "at": "2026-11-24T18:00:00.000Z", "stage": "stage-3",
             "pain_during": 3, "pain_after": 2, "intervals_done": 8},
}  # fmt: skip


def _tables(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name != '_sqlite_migrations' ORDER BY name"
            )
        ]
        return {name: conn.execute(f"SELECT * FROM [{name}]").fetchall() for name in names}


@pytest.mark.parametrize("migration", known_migrations())
def test_each_migration_upgrades_an_older_file_after_a_backup(
    tmp_path: Path, migration: str
) -> None:
    """A file made by the coach just before `migration` opens under this one: migrated, its
    rows intact, and a private, openable copy of the old file beside it. (The first migration
    creates the tables, so its "older file" is an empty SQLite file: adopted, with nothing in
    it to copy.)"""
    from sqlite_utils import Database

    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / "coach.db"
    old = Database(path)
    migrations.apply(old, stop_before=migration)
    before_tables = set(old.table_names()) - {"_sqlite_migrations"}
    for table, row in ROWS.items():
        if table in before_tables:
            old[table].insert(row)
    if not before_tables:
        old.execute("CREATE TABLE scratch (id INTEGER)")
        old.execute("DROP TABLE scratch")  # a SQLite file with pages, and no table in it
    old.conn.close()
    path.chmod(0o600)
    old_content = _tables(path)
    index = known_migrations().index(migration)

    store = Store.open(path)
    try:
        assert store.migration_names() == known_migrations()
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()
    now = _tables(path)
    for table, rows in old_content.items():
        assert [row[: len(rows[0])] for row in now[table]] == rows, table
    backups = sorted(folder.glob(f"coach.db.before-{migration}-*.bak"))
    assert len(backups) == (1 if before_tables else 0)
    for backup in backups:
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert _tables(backup) == old_content
        with sqlite3.connect(backup) as copy:
            done = [row[0] for row in copy.execute("SELECT name FROM _sqlite_migrations")]
        assert done == known_migrations()[:index]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_failed_migration_leaves_the_old_file_and_its_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration that breaks half-way is rolled back: the file is as it was, and says why."""
    path = tmp_path / "coach.db"
    real_database(path, checkins=3)
    before = _tables(path)

    def breaks(db) -> None:
        db.execute("CREATE TABLE half (id INTEGER)")
        db.execute("INSERT INTO no_such_table VALUES (1)")

    with one_more_migration(monkeypatch, breaks), pytest.raises(StoreError):
        Store.open(path)
    assert _tables(path) == before
    assert len(list(tmp_path.glob("coach.db.before-*.bak"))) == 1
