"""A run killed part way, with the installed `coach` running in tmux.

README's promise for the interval player, and where it is tested:
- kill -9 in the middle of a run loses at most the run interval under way; every interval the
  screen showed as finished is in the file, once, and the run is kept but judges no stage:
  `test_kill_9_mid_run_loses_at_most_the_interval_under_way`.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from coach.store import Store
from harness.terminal import COACH, Terminal, coach_env
from tests.helpers import screened
from tests.terminal import descendant_running, wait_gone

pytestmark = pytest.mark.terminal

#: The first stage replaced by a short one of the person's own: 6 × (walk 1 s, run 10 s).
QUICK_STAGE = """\
name = "Quick test stage"
order = 1
run_s = 10
walk_s = 1
repeats = 6
based_on = "a stage short enough for a test"
"""
#: The player's counter: "3 of 6 · 0:40 left".
COUNTER = re.compile(r"\b(\d) of 6 · ")


def _intervals(db: Path) -> list[tuple[int, int]]:
    """(run_id, interval_no) of every run interval in the file, read as another program."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute(
            "SELECT run_id, interval_no FROM run_intervals ORDER BY interval_no"
        ).fetchall()


def _wait_for_intervals(db: Path, at_least: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_intervals(db)) >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} run intervals on disk after {timeout} s")


def test_kill_9_mid_run_loses_at_most_the_interval_under_way(tmp_path: Path) -> None:
    """Two weeks at 8/10 then a morning at 3: stage 1, here the quick stage. `g` plays it;
    coach is killed (SIGKILL: no clean-up) in the middle of a run interval. The file is whole;
    it holds every interval the screen showed as finished, numbered from 1 with none twice, and
    at most the one that ended between the last look and the kill; the run has no end and no
    pains, and the next coach still offers stage 1 (a run cut off judges nothing)."""
    home, db = tmp_path / "home", tmp_path / "data" / "coach.db"
    config = home / ".config" / "coach"
    (config / "running").mkdir(parents=True)
    (config / "running" / "stage-1.toml").write_text(QUICK_STAGE)
    (config / "settings.toml").write_text("bell = 'off'\nvoice = 'off'\nrunner = 'yes'\n")
    today = time.strftime("%Y-%m-%d")
    store = Store.open(db)
    try:
        with store.write() as conn:
            for offset in range(14, 0, -1):
                day = f"(date('now', 'localtime', '-{offset} days'))"
                at = "'2026-01-01T07:00:00Z'"
                conn.execute(f"INSERT INTO checkins (day, at, pain) VALUES ({day}, {at}, 8)")
            conn["checkins"].insert({"day": today, "at": f"{today}T06:00:00.000Z", "pain": 3})
        screened(store, date.fromisoformat(today))
    finally:
        store.close()
    env = coach_env(home, db)
    with Terminal([str(COACH)], env=env) as term:
        term.wait_for("Running: stage 1 of 8 — walk 1 s / run 10 s")
        term.keys("g")
        term.wait_for("WALK")
        _wait_for_intervals(db, 2)
        screen = term.wait_until(
            lambda s: "RUN" in s and "WALK" not in s and COUNTER.search(s) is not None,
            30,
            "a run interval under way",
        )
        coach = descendant_running(term.pid(), "coach")
        os.kill(coach, signal.SIGKILL)
        wait_gone(coach)
    found = COUNTER.search(screen)
    assert found is not None
    shown_finished = int(found[1]) - 1  # running interval n: n - 1 finished before it
    intervals = _intervals(db)
    (run_id,) = {run for run, _number in intervals}
    numbers = [number for _run, number in intervals]
    assert numbers == list(range(1, len(numbers) + 1))  # from 1, none twice, none missing
    assert shown_finished <= len(numbers) <= shown_finished + 1
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        run = conn.execute(
            "SELECT id, intervals_done, ended_at, pain_during, pain_after FROM runs"
        ).fetchall()
    assert run == [(run_id, len(numbers), None, None, None)]
    with Terminal([str(COACH)], env=env) as term:
        term.wait_for("Running: stage 1 of 8")
        term.keys("C-q")
