"""kill -9 in the middle of a routine: the reps done are on disk, and the next `coach` offers to
resume at the next rep without counting any twice. The installed command, in tmux."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from coach.store import Store
from harness.terminal import COACH, Terminal, coach_env
from tests.terminal import count_reps, descendant_running, wait_for_reps, wait_gone

pytestmark = pytest.mark.terminal


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
        wait_for_reps(db, 2)
        coach = descendant_running(term.pid(), "coach")
        os.kill(coach, signal.SIGKILL)
        wait_gone(coach)
    done = count_reps(db)
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
        wait_for_reps(db, done + 1)
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
