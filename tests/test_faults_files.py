"""Files coach must refuse, or adopt, without changing them, and paths that must not hang it.

Issue 14, items 5, 6, 8, 13, 15, 16, 17 and 18: each test is named after its item. Every
refusal is one line on stderr starting `coach: `, exit code 2, no traceback, and the folder
holding the file is byte for byte and mode for mode as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach.app import make_app
from coach.store import Store, StoreError
from harness.terminal import COACH, Terminal, coach_env
from tests.conftest import NOBODY, AsNobody
from tests.helpers import (
    fill_filesystem,
    folder_snapshot,
    one_more_migration,
    real_database,
)
from tests.terminal import one_line_refusal, run_coach

#: Every command that opens the database, as a user would type it (the app itself: the
#: Pilot and tmux tests; it refuses before the screen starts, so it is here too).
OPENING_COMMANDS = (
    (),
    ("status",),
    ("history",),
    ("checkin", "--pain", "3", "--red-flags", "none", "--about-you", "none", "--replace"),
    ("export", "--format", "json", "--out", "-"),
    ("export", "--format", "md", "--out", "-"),
    ("start", "pelvic-tilts"),
)
#: Those that print and end (the app's two ways in need a terminal once the file is open).
PRINTING_COMMANDS = tuple(args for args in OPENING_COMMANDS if args and args[0] != "start")


def _env(tmp_path: Path, db: Path) -> dict[str, str]:
    return coach_env(tmp_path / "home", db)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- item 5 -------------------------------------------------------------------------------------


def test_item_05_an_empty_db_option_is_refused(tmp_path: Path) -> None:
    """`--db ""` (an unset variable in a script) never falls back to the real records."""
    home = tmp_path / "home"
    env = {key: value for key, value in _env(tmp_path, tmp_path / "x.db").items()}
    del env["COACH_DB"]
    for args in (("demo", "--years", "1"), *OPENING_COMMANDS):
        one_line_refusal(run_coach("--db", "", *args, env=env), "--db is empty")
    assert not (home / ".local" / "share" / "coach").exists()


# --- item 6 -------------------------------------------------------------------------------------


def test_item_06_refused_newer_database_is_not_switched_to_wal(tmp_path: Path) -> None:
    """A newer coach's file in rollback-journal mode: refused before the WAL switch, the
    migrations or a backup could touch it (its header said WAL afterwards)."""
    db = tmp_path / "data" / "coach.db"
    real_database(db, checkins=3)
    with sqlite3.connect(db, isolation_level=None) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = folder_snapshot(db.parent)
    assert before["coach.db"][0][18:20] == b"\x01\x01"  # rollback journal, not WAL
    with pytest.raises(StoreError, match="newer version of coach"):
        Store.open(db)
    for args in OPENING_COMMANDS:
        one_line_refusal(run_coach(*args, env=_env(tmp_path, db)), "newer version of coach")
    assert folder_snapshot(db.parent) == before


def test_item_06_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    """Another program's database (user_version 0, tables of its own) is not adopted: no coach
    tables added, no WAL, no backup."""
    db = tmp_path / "data" / "budget.db"
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE expenses (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO expenses (amount) VALUES (12.5)")
    conn.close()
    before = folder_snapshot(db.parent)
    with pytest.raises(StoreError, match="another program"):
        Store.open(db)
    for args in (*OPENING_COMMANDS, ("demo",)):
        one_line_refusal(run_coach(*args, env=_env(tmp_path, db)), "not a coach database")
    assert folder_snapshot(db.parent) == before


def test_item_06_an_empty_sqlite_file_is_adopted(tmp_path: Path) -> None:
    """A SQLite file with no table in it is nobody's yet: coach makes it its own, and there is
    nothing in it to back up."""
    db = tmp_path / "coach.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE scratch (id INTEGER)")
        conn.execute("DROP TABLE scratch")
    conn.close()
    store = Store.open(db)
    assert "reps" in store.db.table_names()
    store.close()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["coach.db"]


# --- item 8 -------------------------------------------------------------------------------------


def _loosened(db: Path) -> sqlite3.Connection:
    """A real database with its -wal and -shm present (a connection is kept open), all three
    0644 as a restore from a backup might leave them."""
    real_database(db, checkins=3)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("INSERT INTO checkins (day, at, pain) VALUES ('d', 'x', 2)")
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        path.chmod(0o644)
    return holder


def test_item_08_a_database_open_to_others_is_made_private_with_a_notice(tmp_path: Path) -> None:
    db = tmp_path / "data" / "coach.db"
    holder = _loosened(db)
    try:
        result = run_coach("status", env=_env(tmp_path, db))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("coach: ")
        notice = result.stderr.splitlines()
        assert len(notice) == 1 and notice[0].startswith("coach: "), result.stderr
        assert "made private (0600)" in notice[0]
        for name in ("coach.db (0644)", "coach.db-wal (0644)", "coach.db-shm (0644)"):
            assert name in notice[0]
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert _mode(path) == 0o600, path
        again = run_coach("status", env=_env(tmp_path, db))
        assert again.returncode == 0 and again.stderr == ""  # said once, when it was done
    finally:
        holder.close()


def test_item_08_through_a_link_the_files_it_leads_to_are_made_private(tmp_path: Path) -> None:
    """`--db` a link: SQLite keeps the -wal and -shm beside the file the link leads to, and
    those are the ones tightened."""
    real = tmp_path / "real" / "coach.db"
    holder = _loosened(real)
    link = tmp_path / "coach.db"
    link.symlink_to(real)
    try:
        store = Store.open(link)
        store.close()
        assert store.notices == (
            f"{link} was open to other users: coach.db (0644), coach.db-wal (0644), "
            "coach.db-shm (0644) made private (0600).",
        )
        for path in (real, Path(f"{real}-wal"), Path(f"{real}-shm")):
            assert _mode(path) == 0o600, path
    finally:
        holder.close()


async def test_item_08_the_app_shows_the_privacy_notice(tmp_path: Path, config_dir: Path) -> None:
    db = tmp_path / "coach.db"
    _loosened(db).close()
    db.chmod(0o640)
    store = Store.open(db)
    try:
        assert _mode(db) == 0o600
        app = make_app(store=store, config_dir=config_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            shown = [note.message for note in app._notifications]
            assert shown == [f"{db} was open to other users: coach.db (0640) made private (0600)."]
    finally:
        store.close()


# --- item 13 ------------------------------------------------------------------------------------


def _damage(db: Path, table: str) -> None:
    """Overwrite the head of the root pages of `table` and its indexes, as a failing disk
    would: SQLite then reports "database disk image is malformed" when, and only when, that
    table is read."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        roots = conn.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = ?", [table])
        pages = [row[0] for row in roots]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * page_size)
            handle.write(b"\xff" * 8)


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A real database whose sessions table is damaged: every command reads it."""
    db = tmp_path / "data" / "coach.db"
    real_database(db, checkins=20)
    _damage(db, "sessions")
    return db


def test_item_13_damaged_pages_are_one_line_in_every_command(damaged: Path, tmp_path: Path) -> None:
    before = folder_snapshot(damaged.parent)
    env = _env(tmp_path, damaged)
    csv_folder = tmp_path / "csv"
    for args in (*PRINTING_COMMANDS, ("export", "--format", "csv", "--out", str(csv_folder))):
        result = run_coach(*args, env=env)
        one_line_refusal(result, "is damaged (database disk image is malformed)")
        assert result.stdout == "", args
    assert folder_snapshot(damaged.parent) == before
    assert not csv_folder.exists()  # every table is read before any file is written


def test_item_13_a_forced_csv_export_that_meets_a_damaged_table_keeps_every_old_file(
    tmp_path: Path,
) -> None:
    """The tables before the damaged one are streamed to temporary files first; none replaces
    its old file until every one is whole, and none is left behind."""
    db = tmp_path / "data" / "coach.db"
    real_database(db, checkins=20)
    env = _env(tmp_path, db)
    folder = tmp_path / "csv"
    assert run_coach("export", "--format", "csv", "--out", str(folder), env=env).returncode == 0
    before = folder_snapshot(folder)
    with sqlite3.connect(db) as conn:  # a new checkins.csv would differ from the old one
        conn.execute("UPDATE checkins SET pain = 9")
    conn.close()
    _damage(db, "sessions")
    result = run_coach("export", "--format", "csv", "--out", str(folder), "--force", env=env)
    one_line_refusal(result, "is damaged (database disk image is malformed)")
    assert folder_snapshot(folder) == before


def test_item_13_checkin_on_a_damaged_file_saves_nothing_and_never_says_saved(
    damaged: Path, tmp_path: Path
) -> None:
    """The check-in itself can be written (its table is whole), but what is printed after it
    reads the damaged table: all of it is one transaction, so nothing is kept or claimed."""
    with sqlite3.connect(damaged) as conn:
        checkins = conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
    conn.close()
    result = run_coach(
        "checkin",
        "--pain",
        "4",
        "--red-flags",
        "none",
        "--about-you",
        "none",
        env=_env(tmp_path, damaged),
    )
    one_line_refusal(result, "is damaged")
    assert "not saved" in result.stderr and result.stdout == ""
    with sqlite3.connect(damaged) as conn:
        assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == checkins
    conn.close()


async def test_item_13_the_app_stops_with_one_line_on_damaged_pages(
    damaged: Path, config_dir: Path
) -> None:
    store = Store.open(damaged)  # page 1 is whole: the damage shows when the screen reads
    try:
        app = make_app(store=store, config_dir=config_dir)
        async with app.run_test(size=(80, 24)):
            pass  # home reads the sessions table as it opens
        assert app.return_code == 2
        assert app.failure == (
            f"{damaged} is damaged (database disk image is malformed): restore a backup or "
            "move it away."
        )
    finally:
        store.close()


@pytest.mark.terminal
def test_item_13_the_installed_app_on_damaged_pages(damaged: Path, tmp_path: Path) -> None:
    with Terminal([str(COACH)], env=_env(tmp_path, damaged), width=200) as term:
        screen = term.wait_until(lambda text: "move it away" in text, 20, "the one line")
    assert "coach: " in screen and "is damaged (database disk image is malformed)" in screen
    assert "Traceback" not in screen


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("DROP TABLE reps", "has no reps table"),
        ("ALTER TABLE sessions DROP COLUMN active_s", "has lost the column sessions.active_s"),
        ("ALTER TABLE checkins RENAME TO old_checkins", "has no checkins table"),
    ],
)
def test_item_13_missing_tables_or_columns_are_refused(
    tmp_path: Path, change: str, words: str
) -> None:
    db = tmp_path / "data" / "coach.db"
    real_database(db, checkins=3)
    with sqlite3.connect(db) as conn:
        conn.execute(change)
    conn.close()
    before = folder_snapshot(db.parent)
    for args in OPENING_COMMANDS:
        one_line_refusal(run_coach(*args, env=_env(tmp_path, db)), words)
    assert folder_snapshot(db.parent) == before


# --- item 15 ------------------------------------------------------------------------------------


@pytest.fixture
def nobody_env(nobodys_folder: Path) -> dict[str, str]:
    """The environment of the unprivileged user, with a home of their own."""
    home = nobodys_folder / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    return coach_env(home, nobodys_folder / "db" / "coach.db")


def test_item_15_a_database_in_someone_elses_private_folder(
    as_nobody: AsNobody, nobody_env: dict[str, str], tmp_path: Path
) -> None:
    """tmp_path is root's and 0700: the unprivileged user cannot even look inside it."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    env = {**nobody_env, "COACH_DB": str(private / "coach.db")}
    for args in OPENING_COMMANDS:
        one_line_refusal(run_coach(*args, env=env, command=as_nobody.coach), "permission denied")
    assert list(private.iterdir()) == []


def test_item_15_an_export_into_someone_elses_private_folder(
    as_nobody: AsNobody, nobody_env: dict[str, str], tmp_path: Path, nobodys_folder: Path
) -> None:
    db_folder = nobodys_folder / "db"
    db_folder.mkdir()
    os.chown(db_folder, NOBODY, NOBODY)
    checkin = ("checkin", "--pain", "3", "--red-flags", "none", "--about-you", "none")
    made = run_coach(*checkin, env=nobody_env, command=as_nobody.coach)
    assert made.returncode == 0, made.stderr
    target = tmp_path / "private" / "export.json"
    target.parent.mkdir(mode=0o700)
    for fmt, out in (("json", target), ("csv", target.parent / "csv")):
        export = ("export", "--format", fmt, "--out", str(out))
        result = run_coach(*export, env=nobody_env, command=as_nobody.coach)
        one_line_refusal(result, "permission denied")
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize(
    ("where", "args"),
    [
        ("COACH_DB", ()),
        ("COACH_DB", ("status",)),
        ("COACH_DB", ("checkin", "--pain", "3", "--red-flags", "none", "--about-you", "none")),
        ("COACH_DB", ("history",)),
        ("--db", ("status",)),
        ("COACH_CONFIG_DIR", ()),
        ("COACH_CONFIG_DIR", ("routines",)),
        ("COACH_CONFIG_DIR", ("start", "core")),
        ("--out", ("export", "--format", "json")),
    ],
)
def test_item_15_a_home_folder_of_no_such_user(
    tmp_path: Path, where: str, args: tuple[str, ...]
) -> None:
    env = _env(tmp_path, tmp_path / "coach.db")
    nowhere = "~nosuchuser-coach/coach.db"
    if where == "--db":
        args = ("--db", nowhere, *args)
    elif where == "--out":
        args = (*args, "--out", nowhere)
    else:
        env[where] = nowhere
    one_line_refusal(run_coach(*args, env=env), "~nosuchuser-coach (no such user?)")


def test_item_15_an_export_whose_folder_is_a_file(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    real_database(db, checkins=3)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine")
    for fmt in ("json", "md", "csv"):
        out = blocker / f"export.{fmt}"
        result = run_coach("export", "--format", fmt, "--out", str(out), env=_env(tmp_path, db))
        one_line_refusal(result, f"{blocker} is a file, not a folder")
    assert blocker.read_text() == "mine"


def test_item_15_a_dangling_database_link(tmp_path: Path) -> None:
    """A link to a database on a disk that is not mounted: refused, never a new empty file
    where the link points (today: "File exists")."""
    link = tmp_path / "coach.db"
    link.symlink_to(tmp_path / "usb" / "coach.db")
    for args in OPENING_COMMANDS:
        if args == ("status",):
            continue  # status creates nothing and says a check-in is due
        one_line_refusal(run_coach(*args, env=_env(tmp_path, link)), "which does not exist")
    assert os.readlink(link) == str(tmp_path / "usb" / "coach.db")
    assert not (tmp_path / "usb").exists()


# --- item 16 ------------------------------------------------------------------------------------


def test_item_16_a_fifo_as_the_database_never_hangs(tmp_path: Path) -> None:
    fifo = tmp_path / "coach.db"
    os.mkfifo(fifo)
    for args in (*OPENING_COMMANDS, ("demo",)):
        result = run_coach(*args, env=_env(tmp_path, fifo), timeout=30)
        one_line_refusal(result, "is not a regular file")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_item_16_a_fifo_as_a_routine_or_the_settings_never_hangs(tmp_path: Path) -> None:
    config = tmp_path / "home" / ".config" / "coach"
    (config / "routines").mkdir(parents=True)
    os.mkfifo(config / "routines" / "piped.toml")
    os.mkfifo(config / "settings.toml")
    env = _env(tmp_path, tmp_path / "coach.db")
    listed = run_coach("routines", env=env, timeout=30)
    assert listed.returncode == 0, listed.stderr
    assert "piped.toml: cannot be read: not a regular file" in " ".join(listed.stdout.split())
    checked = run_coach("routines", "check", str(config / "routines" / "piped.toml"), env=env)
    assert checked.returncode == 1 and "not a regular file" in checked.stdout + checked.stderr
    code = (
        "import sys; from pathlib import Path; from coach.settings import load_settings; "
        "print(load_settings(Path(sys.argv[1]))[1])"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code, str(config)], capture_output=True, text=True, timeout=30
    )
    assert "settings.toml: cannot be read (not a regular file" in loaded.stdout, loaded.stderr
    assert "using the default settings" in loaded.stdout


# --- item 17 ------------------------------------------------------------------------------------


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("coach.db.before-*.bak"))


def _breaks(db: object) -> None:
    raise sqlite3.OperationalError("this migration fails, as a bug in one would")


def test_item_17_one_backup_per_migration_attempt_that_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration that fails leaves its copy; running coach again on the unchanged file uses
    that copy again instead of adding one each time, and so does the attempt that works."""
    db = tmp_path / "coach.db"
    real_database(db, checkins=50)
    with one_more_migration(monkeypatch, _breaks):
        for _ in range(3):
            with pytest.raises(StoreError, match="this migration fails"):
                Store.open(db)
    [kept] = _backups(tmp_path)
    with one_more_migration(monkeypatch):
        Store.open(db).close()
    assert _backups(tmp_path) == [kept]
    with sqlite3.connect(kept) as copy:
        assert copy.execute("SELECT count(*) FROM checkins").fetchone()[0] == 50
    copy.close()
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []


def test_item_17_attempts_in_the_same_second_do_not_collide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two failed attempts in one second on a file that changed in between: two copies, two
    names (today: FileExistsError on the second)."""
    db = tmp_path / "coach.db"
    real_database(db, checkins=3)
    monkeypatch.setattr("coach.store.db.backup_stamp", lambda: "20261125T073000Z", raising=False)
    with one_more_migration(monkeypatch, _breaks) as name:
        for pain in (4, 5):
            with pytest.raises(StoreError, match="this migration fails"):
                Store.open(db)
            with sqlite3.connect(db) as conn:  # the older coach records a check-in meanwhile
                conn.execute("INSERT INTO checkins (day, at, pain) VALUES ('d', 'x', ?)", [pain])
            conn.close()
    stem = f"coach.db.before-{name}-20261125T073000Z"
    assert [path.name for path in _backups(tmp_path)] == [f"{stem}-2.bak", f"{stem}.bak"]


@pytest.mark.terminal
def test_item_17_a_full_disk_leaves_no_empty_backup(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Room to open the file, not to copy it (about 300 KB): no upgrade, nothing left behind;
    with space freed, the upgrade and its one copy."""
    db = small_disk / "coach.db"
    real_database(db, checkins=600)
    filler = fill_filesystem(small_disk, leave=96 * 1024)
    before = folder_snapshot(small_disk)
    with one_more_migration(monkeypatch):
        with pytest.raises(StoreError, match="could not be written"):
            Store.open(db)
        assert folder_snapshot(small_disk) == before  # no backup, no temporary file
        filler.unlink()
        Store.open(db).close()
    [backup] = _backups(small_disk)
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT count(*) FROM checkins").fetchone()[0] == 600
    copy.close()


# --- item 18 ------------------------------------------------------------------------------------


def test_item_18_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    db.touch(mode=0o600)
    result = run_coach(
        "checkin",
        "--pain",
        "3",
        "--red-flags",
        "none",
        "--about-you",
        "none",
        env=_env(tmp_path, db),
    )
    assert result.returncode == 0, result.stderr
    assert "Check-in saved: pain 3/10." in result.stdout


def test_item_18_an_empty_file_beside_a_log_with_data_is_refused(tmp_path: Path) -> None:
    """SQLite would delete a -wal beside an empty database; it may be all that is left."""
    db = tmp_path / "coach.db"
    db.touch(mode=0o600)
    Path(f"{db}-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 4096)
    before = folder_snapshot(tmp_path)
    one_line_refusal(run_coach("status", env=_env(tmp_path, db)), "coach.db-wal beside it")
    assert folder_snapshot(tmp_path) == before


@pytest.mark.terminal
def test_item_18_a_first_run_on_a_full_disk_does_not_lock_the_user_out(
    small_disk: Path, tmp_path: Path
) -> None:
    db = small_disk / "coach.db"
    env = _env(tmp_path, db)
    filler = fill_filesystem(small_disk)
    checkin = ("checkin", "--pain", "3", "--red-flags", "none", "--about-you", "none")
    one_line_refusal(run_coach(*checkin, env=env), "full")
    filler.unlink()
    result = run_coach(*checkin, env=env)
    assert result.returncode == 0, result.stderr
    assert "Check-in saved: pain 3/10." in result.stdout
