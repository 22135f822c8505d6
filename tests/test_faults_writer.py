"""The player's writes under a lock, a stall and a log deleted under it.

Issue 14, items 2, 3 and 4, each test named after its item (the full disk of item 2 is in
tests/test_faults_disk.py: `test_item_02_a_full_disk_mid_routine_keeps_every_rep_in_order` and
`test_a_real_full_filesystem`). The lock is a real one: the `sqlite3` program, or another
connection, holding `BEGIN EXCLUSIVE` for longer than coach's busy timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Static

from coach.clock import FakeClock
from coach.library import load_library
from coach.plan import build_plan
from coach.screens.feedback import LegPainQuestion, RateQuestion
from coach.screens.player import SAVE_GRACE_S, PlayerScreen
from coach.screens.summary import PainModal, SummaryScreen
from coach.store import Store
from coach.store.db import BUSY_TIMEOUT_MS
from coach.store.locks import lock_holder
from coach.timer import rep_key
from harness.terminal import COACH, Terminal, coach_env
from tests.helpers import end_phase, four_app, pain_now_kept, written
from tests.terminal import (
    checked_in_today,
    descendant_running,
    into_player,
    run_coach,
    wait_for_reps,
)

POSITION_S = 1.0
RELEASE_S = 0.5
ROUTINE = "pelvic-tilts"


@pytest.fixture
def held(store: Store, db_file: Path) -> Iterator[sqlite3.Connection]:
    """Another connection to the file, as another program would open it (the store is made
    first, so the file is coach's)."""
    other = sqlite3.connect(db_file, isolation_level=None, timeout=0)
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def _reps(store: Store, session_id: int) -> list[tuple[int, float]]:
    rows = store.conn.execute(
        "SELECT rep_no, held_s FROM reps WHERE session_id = ? ORDER BY id", [session_id]
    )
    return rows.fetchall()


def _text(screen: Screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


# --- item 2 and 3 in the app: a lock held while the routine goes on -----------------------------


async def test_item_03_a_held_lock_never_freezes_the_screen_nor_drops_a_rep(
    store: Store, clock: FakeClock, config_dir: Path, held: sqlite3.Connection
) -> None:
    """Another program holds the write lock across three reps. Each phase still ends on time
    and keys still act (the old player waited on the event loop for the lock, the screen
    frozen, then dropped the rep); each rep waits in order, the player says so, and when the
    lock goes every rep is written with the hold it had, not the wait."""
    app = four_app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        session = screen.session_id
        end_phase(screen, clock)  # get ready
        end_phase(screen, clock)  # rep 1, written
        assert _reps(store, session) == [(1, 2.0)]

        held.execute("BEGIN EXCLUSIVE")
        for _ in range(2):
            end_phase(screen, clock)  # release
            end_phase(screen, clock)  # reps 2 and 3: handed over, waiting
        state = screen.writer.state
        assert state.reps_waiting == 2
        assert state.waiting == "coach.db is locked by another program"
        clock.advance(SAVE_GRACE_S)
        await pilot.pause()
        assert _text(screen, "#phase") == "RELEASE"
        assert _text(screen, "#saving").startswith(
            "Waiting to save 2 reps: coach.db is locked by another program."
        )
        await pilot.press("space")  # the screen answers while the lock is held
        await pilot.pause()
        assert _text(screen, "#phase").startswith("PAUSED")
        await pilot.press("space")
        await pilot.pause()
        assert _reps(store, session) == [(1, 2.0)]

        held.execute("COMMIT")
        assert screen.writer.wait_for(lambda state: state.idle, 10).idle
        await pilot.pause()
        assert not screen.query_one("#saving").has_class("-waiting")
        assert _reps(store, session) == [(1, 2.0), (2, 2.0), (3, 2.0)]


async def test_item_02_quitting_with_reps_waiting_asks_again(
    store: Store, clock: FakeClock, config_dir: Path, held: sqlite3.Connection
) -> None:
    app = four_app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        end_phase(screen, clock)  # get ready
        held.execute("BEGIN EXCLUSIVE")
        end_phase(screen, clock)  # rep 1, waiting
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, PlayerScreen)
        [note] = [note for note in app._notifications if note.title == "Not saved yet"]
        assert note.message == (
            "Waiting to save 1 rep: coach.db is locked by another program. They are kept in "
            "order until it can be done. Quit again to leave without them."
        )
        held.execute("COMMIT")
        assert screen.writer.wait_for(lambda state: state.idle, 10).idle
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert store.conn.execute("SELECT count(*) FROM reps").fetchone()[0] == 1


async def test_item_02_the_summary_waits_for_the_routine_to_be_saved(
    store: Store, clock: FakeClock, config_dir: Path, held: sqlite3.Connection
) -> None:
    """The lock is taken before the last rep: the routine still ends and asks for the pain,
    and the summary, which reads the session from the file, opens once all of it is there."""
    app = four_app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        for _ in range(6):  # get ready, then reps 1 to 3 with their releases
            end_phase(screen, clock)
        held.execute("BEGIN EXCLUSIVE")
        end_phase(screen, clock)  # release
        end_phase(screen, clock)  # rep 4, and the end of the routine: both waiting
        await pilot.pause()
        assert isinstance(app.screen, RateQuestion)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, PainModal)
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LegPainQuestion)
        await pilot.press("n")
        await pilot.pause()
        # the end, the rating, the pain and the leg answer wait behind the rep, in order
        assert app.screen is screen and screen.writer.state.others_waiting == 4
        held.execute("COMMIT")
        await written(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        assert _text(app.screen, "#reps") == "Reps   4 of 4"
    row = store.conn.execute("SELECT status, pain_after, leg_pain FROM sessions").fetchone()
    assert row == ("completed", 3, 0)
    assert store.conn.execute("SELECT exercise, rating FROM ratings").fetchall() == [("curl-up", 2)]


def _hold_the_lock(program: list[str], db: Path) -> subprocess.Popen[str]:
    """Run `program` (sqlite3's shell, or Python) with `BEGIN EXCLUSIVE` taken on `db`."""
    holder = subprocess.Popen(
        program, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=db.parent
    )
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "locked"
    return holder


def _let_go(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.write("COMMIT;\n.quit\n")
    holder.stdin.close()
    holder.wait(timeout=10)


#: A shell that reads SQL like sqlite3's, for a holder whose program is named as we like.
PY_SHELL = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "for line in sys.stdin:\n"
    "    if line.startswith('.quit'): break\n"
    "    for row in conn.execute(line): print(*row, flush=True)\n"
)


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 program is not installed")
def test_item_02_the_wait_names_the_program_holding_the_lock(
    db_file: Path, store: Store, tmp_path: Path
) -> None:
    """The lock is blamed on who holds it: the sqlite3 program by name, another copy of coach
    only when it is one (a process named coach), nobody when it is this process."""
    holder = _hold_the_lock(["sqlite3", str(db_file)], db_file)
    try:
        assert lock_holder(db_file) == f"sqlite3 (pid {holder.pid})"
    finally:
        _let_go(holder)
    assert lock_holder(db_file) is None

    as_coach = tmp_path / "bin" / "coach"
    as_coach.parent.mkdir()
    as_coach.symlink_to(sys.executable)  # Linux names a process after the file it runs
    holder = _hold_the_lock([str(as_coach), "-c", PY_SHELL, str(db_file)], db_file)
    try:
        assert lock_holder(db_file) == f"another copy of coach (pid {holder.pid})"
    finally:
        _let_go(holder)

    with store.write():
        assert lock_holder(db_file) is None  # this process itself


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 program is not installed")
def test_item_02_a_command_kept_out_past_the_busy_timeout_names_the_lock(
    db_file: Path, store: Store, tmp_path: Path
) -> None:
    """A check-in from the command waits the whole busy timeout for `sqlite3`, then says who
    holds the lock (it said "busy in another copy of coach") and saves nothing."""
    holder = _hold_the_lock(["sqlite3", str(db_file)], db_file)
    try:
        checkin = ("checkin", "--pain", "3", "--red-flags", "none", "--about-you", "none")
        result = run_coach(*checkin, env=coach_env(tmp_path / "home", db_file))
    finally:
        _let_go(holder)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr == (
        f"coach: {db_file} is locked by sqlite3 (pid {holder.pid}); try again in a moment. "
        "The check-in was not saved.\n"
    )
    assert store.conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0


# --- the installed coach under a real lock, a stall, a deleted log ------------------------------


@pytest.fixture
def routine_env(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A coach with fast phases, today's check-in done and the warning signs answered, so the
    player opens at once."""
    home = tmp_path / "home"
    db = tmp_path / "data" / "coach.db"
    config = home / ".config" / "coach"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(
        f"position_s = {POSITION_S}\nrelease_s = {RELEASE_S}\nbell = false\nvoice = 'off'\n"
    )
    checked_in_today(db)
    return db, coach_env(home, db)


def _in_order() -> list[tuple[int, int, int, str]]:
    library = load_library(None)
    plan = build_plan(
        library.routines[ROUTINE], library, position_s=POSITION_S, release_s=RELEASE_S
    )
    return [rep_key(plan.phases[index]) for index in plan.holds]


def _on_disk(db: Path) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        rows = conn.execute("SELECT step_no, set_no, rep_no, side, hold_s, held_s FROM reps")
        found = rows.fetchall()
    conn.close()
    return found


@pytest.mark.terminal
@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 program is not installed")
def test_item_02_a_lock_held_past_the_busy_timeout_drops_no_rep(
    routine_env: tuple[Path, dict[str, str]],
) -> None:
    """`sqlite3` holds BEGIN EXCLUSIVE for 12 s, past coach's 10 s busy timeout, while the
    routine runs (reps 17, 18, 20 were kept and 19 lost before): the player names sqlite3 and
    goes on, and after the lock every rep is on disk, in order, with its own hold."""
    db, env = routine_env
    assert BUSY_TIMEOUT_MS < 12_000
    with Terminal([str(COACH), "start", ROUTINE], env=env) as term:
        into_player(term)
        done = wait_for_reps(db, 1)
        holder = _hold_the_lock(["sqlite3", str(db)], db)
        try:
            blamed = f"coach.db is locked by sqlite3 (pid {holder.pid})"
            screen = term.wait_until(lambda text: blamed in " ".join(text.split()), 20, blamed)
            assert "another copy" not in screen and "PAUSED" not in screen
            time.sleep(12)
            assert len(_on_disk(db)) == done
        finally:
            _let_go(holder)
        wait_for_reps(db, done + 6, timeout=20)
        term.wait_until(lambda text: "Waiting to save" not in text, 20, "every rep saved")
        term.keys("C-q")
    rows = _on_disk(db)
    assert [row[:4] for row in rows] == _in_order()[: len(rows)]
    assert all(held < hold + 0.5 for *_, hold, held in rows), rows


@pytest.mark.terminal
def test_item_03_a_stopped_process_does_not_count_the_stall_as_a_hold(
    routine_env: tuple[Path, dict[str, str]],
) -> None:
    """coach stopped (`kill -STOP`) for 6 s in a hold, then continued: that rep is recorded
    with the hold it was given (6.9 s before), and the routine goes on from there."""
    db, env = routine_env
    with Terminal([str(COACH), "start", ROUTINE], env=env) as term:
        into_player(term)
        term.wait_until(lambda text: "HOLD" in text.split("Next:")[0], 20, "a hold")
        coach = descendant_running(term.pid(), "coach")
        os.kill(coach, signal.SIGSTOP)
        try:
            time.sleep(6)
        finally:
            os.kill(coach, signal.SIGCONT)
        wait_for_reps(db, 3, timeout=20)
        term.keys("C-q")
    rows = _on_disk(db)
    assert all(held < hold + 1.0 for *_, hold, held in rows), rows


async def test_item_04_a_deleted_log_stops_the_player_and_keeps_what_was_saved(
    store: Store, clock: FakeClock, config_dir: Path, db_file: Path, tmp_path: Path
) -> None:
    """The `-wal` is deleted mid-routine (the old player went on "saving" into the deleted
    file and the whole session was lost). The next write notices the log is not the one it
    opened: what is queued goes into the log coach still holds, a checkpoint copies it all into
    the database, and the app stops with one line. Another program meanwhile gets a message,
    not a `disk I/O error` traceback."""
    app = four_app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        session = screen.session_id
        end_phase(screen, clock)  # get ready
        end_phase(screen, clock)  # rep 1: committed to the log, not yet to the database
        os.unlink(f"{db_file}-wal")

        other = run_coach("status", env=coach_env(tmp_path / "home", db_file))
        assert other.returncode == 2 and other.stderr.count("\n") == 1, other.stderr
        assert other.stderr.startswith(f"coach: {db_file} could not be read or written")
        assert "Traceback" not in other.stderr

        end_phase(screen, clock)  # release
        end_phase(screen, clock)  # rep 2: the writer finds the log gone
        await pilot.pause()
    assert app.return_code == 2
    assert app.failure == (
        f"{db_file}-wal was deleted while coach was writing to it: what was saved is kept in "
        "coach.db, and coach stopped so as to lose nothing more; start coach again to go on."
    )
    store.close()
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        reps = conn.execute("SELECT rep_no FROM reps WHERE session_id = ?", [session])
        assert [row[0] for row in reps] == [1, 2]
    conn.close()


@pytest.mark.terminal
def test_item_04_the_installed_app_with_its_log_deleted(
    routine_env: tuple[Path, dict[str, str]],
) -> None:
    db, env = routine_env
    with Terminal([str(COACH), "start", ROUTINE], env=env, width=200) as term:
        into_player(term)
        wait_for_reps(db, 2)
        Path(f"{db}-wal").unlink()
        screen = term.wait_until(lambda text: "start coach again" in text, 30, "the one line")
    assert f"coach: {db}-wal was deleted while coach was writing to it" in screen
    assert "Traceback" not in screen
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    rows = _on_disk(db)
    assert len(rows) >= 3  # the reps before the log went, and the one that found it gone
    assert [row[:4] for row in rows] == _in_order()[: len(rows)]
