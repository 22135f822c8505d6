"""kill -9 in the middle of a routine: the reps done are on disk, and the next `coach` offers to
resume at the next rep without counting any twice. The installed command, in tmux."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from coach.store import Store
from tests.terminal import COACH, Terminal, coach_env

pytestmark = pytest.mark.terminal


def _descendant_running(pid: int, name: str) -> int:
    """The pid of the process under `pid` whose command line mentions `name`."""
    pending = [pid]
    while pending:
        current = pending.pop()
        cmdline = Path(f"/proc/{current}/cmdline").read_bytes().replace(b"\0", b" ")
        if current != pid and name.encode() in cmdline:
            return current
        for task in Path(f"/proc/{current}/task").iterdir():
            pending += [int(child) for child in (task / "children").read_text().split()]
    raise AssertionError(f"no {name} process under {pid}")


def _wait_gone(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and _state(pid) != "Z":
        if time.monotonic() > deadline:
            raise AssertionError(f"process {pid} still running after SIGKILL")
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


def _count_reps(db: Path) -> int:
    """Read the live file the way another program would, through its own connection."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute("SELECT count(*) FROM reps").fetchone()[0]


def _wait_for_reps(db: Path, at_least: int, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = _count_reps(db)
        if count >= at_least:
            return count
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} reps on disk after {timeout} s")


def test_a_killed_routine_keeps_its_reps_and_resumes_at_the_next(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = tmp_path / "data" / "coach.db"
    config = home / ".config" / "coach"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text("position_s = 1\nrelease_s = 0.5\nbell = false\n")
    store = Store.open(db)
    with store.write() as conn:  # today's check-in, so the player opens without asking pain
        today = time.strftime("%Y-%m-%d")
        conn["checkins"].insert({"day": today, "at": f"{today}T06:00:00.000Z", "pain": 3})
    store.close()
    env = coach_env(home, db)

    with Terminal([str(COACH), "start", "pelvic-tilts"], env=env) as term:
        term.wait_for("GET READY")
        _wait_for_reps(db, 2)
        coach = _descendant_running(term.pid(), "coach")
        os.kill(coach, signal.SIGKILL)
        _wait_gone(coach)
    done = _count_reps(db)
    assert done >= 2

    store = Store.open(db)
    try:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        status = store.db.execute("SELECT status, ended_at FROM sessions").fetchall()
        assert status == [("in_progress", None)]
        reps = store.db.execute("SELECT rep_no, side FROM reps ORDER BY id").fetchall()
        assert reps == [(n, "left") for n in range(1, done + 1)]
    finally:
        store.close()

    with Terminal([str(COACH)], env=env) as term:
        screen = term.wait_for("Unfinished routine")
        assert f"{done} of 30 reps done" in screen
        assert f"rep {done + 1} of 10 · left side" in screen
        term.keys("r")
        screen = term.wait_for("GET READY")
        assert f"rep {done + 1} of 10 · left side" in screen
        _wait_for_reps(db, done + 1)
        term.keys("Escape")
        term.wait_for("Leave this routine?")
        term.keys("l")
        term.wait_for("Pain now?")
        term.keys("Escape")
        term.wait_for("stopped; every rep is kept")
        term.keys("Enter")
        term.wait_for("Check-in")
        term.keys("q")

    store = Store.open(db)
    try:
        rows = store.db.execute("SELECT step_no, set_no, rep_no, side FROM reps").fetchall()
        assert len(rows) == len(set(rows)) >= done + 1  # nothing counted twice
        assert [n for _, _, n, _ in rows[: done + 1]] == list(range(1, done + 2))
        status = store.db.execute("SELECT status FROM sessions").fetchall()
        assert status == [("stopped",)]
    finally:
        store.close()
