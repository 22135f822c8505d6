"""Faults of the process and the terminal, with the installed `coach` running in tmux.

The crash and terminal promises in README's "What coach promises", and where each is tested:
- kill -9 at many moments, then resuming and leaving:
  `test_kill_9_at_random_moments_loses_no_rep_reported_done`;
- two copies on one file, both writing: `test_a_routine_and_a_checkin_from_two_copies_both_land`
  (two connections hammering one file from threads: tests/test_store.py);
- the terminal closing (SIGHUP) and Ctrl+C mid-routine: `test_closing_the_terminal_keeps_the_reps`,
  `test_ctrl_c_does_not_stop_the_routine_and_quitting_leaves_it_resumable`;
- SIGTERM (issue 14, item 19): `test_item_19_sigterm_quits_and_restores_the_terminal`.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.library import load_library
from coach.plan import Plan, build_plan
from coach.timer import rep_key, resume_index
from coach.words import counter_line
from harness.terminal import COACH, Terminal, coach_env
from tests.terminal import (
    checked_in_today,
    count_reps,
    descendant_running,
    into_player,
    wait_for_reps,
    wait_gone,
)

pytestmark = pytest.mark.terminal

POSITION_S = 1.0
RELEASE_S = 0.5
ROUTINE = "pelvic-tilts"
#: The counter line of the player ("rep 3 of 10 · left side"), not the "Next: …, rep 3 of 10"
#: line below it.
COUNTER = re.compile(r"(?<!, )rep (\d+) of (\d+)(?: · (left|right) side)?")
PHASES = {"GET READY": "position", "HOLD": "hold", "RELEASE": "release", "REST": "rest"}
#: The kill moments are drawn from this seed, so a failing run can be replayed; set
#: COACH_KILL_SEED to draw others. The seed used is printed at the end of the run.
KILL_SEED = 1125


@dataclass
class Setup:
    home: Path
    db: Path
    env: dict[str, str]


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    """A coach with fast phases and today's check-in done, so the player opens at once."""
    home = tmp_path / "home"
    db = tmp_path / "data" / "coach.db"
    config = home / ".config" / "coach"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(
        f"position_s = {POSITION_S}\nrelease_s = {RELEASE_S}\nbell = false\nvoice = 'off'\n"
    )
    checked_in_today(db)
    return Setup(home, db, coach_env(home, db))


@pytest.fixture(scope="module")
def plan() -> Plan:
    routine = load_library(None).routines[ROUTINE]
    return build_plan(routine, load_library(None), position_s=POSITION_S, release_s=RELEASE_S)


def _rep_keys(db: Path) -> list[tuple[int, int, int, str]]:
    """The reps on disk, read by another program through its own connection."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        rows = conn.execute("SELECT step_no, set_no, rep_no, side FROM reps ORDER BY id")
        return [tuple(row) for row in rows]


def reported_done(screen: str, plan: Plan) -> set[tuple[int, int, int, str]] | None:
    """The reps the screen says are finished: every hold before the phase it shows.

    A release or rest carries the rep it follows, a get-ready the rep it comes before, so the
    phase on screen is found in the plan by its exercise, side, rep and kind. None when the
    screen shows no player (between screens, or mid-redraw).
    """
    match = COUNTER.search(screen)
    phase = next((kind for word, kind in PHASES.items() if word in screen), None)
    if match is None or phase is None:
        return None
    rep_no, side = int(match[1]), match[3] or "both"
    # A resumed session starts with a get-ready in front of a hold: either kind matches.
    kinds = {"position", "switch", "hold"} if phase == "position" else {phase}
    index = next(
        (
            i
            for i, candidate in enumerate(plan.phases)
            if candidate.kind in kinds
            and candidate.rep_no == rep_no
            and candidate.side == side
            and candidate.exercise_name in screen
        ),
        None,
    )
    if index is None:
        return None
    return {rep_key(plan.phases[i]) for i in plan.holds if i < index}


def _integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def _sessions(db: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT status, ended_at FROM sessions").fetchall()


def _running(term: Terminal, *, first: bool) -> None:
    """Into the player: straight in the first time, through the resume offer after a kill."""
    if first:
        into_player(term)
        return
    term.wait_for("Unfinished routine")
    term.keys("r")
    term.wait_for("GET READY")


def _screens_until(term: Terminal, seconds: float) -> Iterator[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        yield term.screen()
        time.sleep(0.05)


def test_kill_9_at_random_moments_loses_no_rep_reported_done(
    setup: Setup, plan: Plan, record_property: Callable[[str, object], None]
) -> None:
    """Six kills at random moments of one routine (about 35 s): after each, every rep the screen
    had shown as finished is on disk, the file is intact, and the next start offers to resume.
    Then a seventh start resumes at the next rep and leaves: every rep is on disk once, in the
    routine's order, and the session is closed as stopped."""
    seed = int(os.environ.get("COACH_KILL_SEED", KILL_SEED))
    record_property("COACH_KILL_SEED", seed)
    moments = random.Random(seed).sample(range(300, 6500), 6)
    checked = 0
    for attempt, moment_ms in enumerate(moments):
        where = f"seed {seed}, kill {attempt + 1} at {moment_ms} ms"
        before = _rep_keys(setup.db)
        with Terminal([str(COACH), "start", ROUTINE], env=setup.env) as term:
            _running(term, first=attempt == 0)
            reported: set[tuple[int, int, int, str]] = set()
            if attempt % 2 == 0:
                # Half the kills come after a rep is shown done, however slow the machine, so
                # the check below always has something to check.
                shown = term.wait_until(
                    lambda screen: bool(reported_done(screen, plan)), 30, "a rep shown done"
                )
                reported |= reported_done(shown, plan) or set()
            for screen in _screens_until(term, moment_ms / 1000):
                reported |= reported_done(screen, plan) or set()
            coach = descendant_running(term.pid(), "coach")
            os.kill(coach, signal.SIGKILL)
            wait_gone(coach)
        on_disk = _rep_keys(setup.db)
        assert reported <= set(on_disk), f"{where}: reported {reported - set(on_disk)} lost"
        assert on_disk[: len(before)] == before, where
        assert len(on_disk) == len(set(on_disk)), f"{where}: a rep counted twice"
        assert _integrity(setup.db) == "ok", where
        assert _sessions(setup.db) == [("in_progress", None)], where
        checked += bool(reported)
    assert checked >= 3, f"seed {seed}: the screen showed finished reps only {checked} times"
    done = _rep_keys(setup.db)
    assert len(done) >= 3
    at = plan.phases[resume_index(plan, done)]

    with Terminal([str(COACH)], env=setup.env) as term:
        offer = term.wait_for("Unfinished routine")  # the sixth kill is offered too
        assert f"{len(done)} of {len(plan.holds)} reps done" in offer
        assert f"{at.exercise_name}, {counter_line(at)}?" in offer
        term.keys("r")
        assert counter_line(at) in term.wait_for("GET READY")
        wait_for_reps(setup.db, len(done) + 1)
        term.keys("Escape")
        term.wait_for("Leave this routine?")
        term.keys("l")
        term.wait_for("How was ")  # the exercise it stopped in
        term.keys("Escape")
        term.wait_for("Pain now?")
        term.keys("Escape")
        term.wait_for("send pain into a leg?")
        term.keys("Escape")
        term.wait_for("stopped part-way; every rep is kept")
        term.keys("Enter")
        term.wait_for("Check-in")
        term.keys("q")
    keys = _rep_keys(setup.db)
    assert keys == [rep_key(plan.phases[i]) for i in plan.holds][: len(keys)], f"seed {seed}"
    assert len(keys) > len(done)
    assert _integrity(setup.db) == "ok"
    assert [status for status, _ in _sessions(setup.db)] == ["stopped"]


def test_a_routine_and_a_checkin_from_two_copies_both_land(setup: Setup) -> None:
    """A routine in one copy, check-ins from another, and a third program holding the write
    lock until a rep has ended under it: the routine goes on, saying the rep waits for the
    lock; the check-in waits; no one is told "database is locked", and every rep lands."""
    with Terminal([str(COACH), "start", ROUTINE], env=setup.env) as term:
        _running(term, first=True)
        done = wait_for_reps(setup.db, 1)
        blocker = sqlite3.connect(setup.db, timeout=10, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        checkin = subprocess.Popen(
            [str(COACH), "checkin", "--pain", "4", "--replace", "--red-flags", "none"],
            env=setup.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        term.wait_for("Waiting to save 1 rep: coach.db is locked by", timeout=30)
        assert count_reps(setup.db) == done  # nothing could be written meanwhile
        blocker.execute("ROLLBACK")
        blocker.close()
        out, err = checkin.communicate(timeout=20)
        assert checkin.returncode == 0, err
        assert "Check-in saved: pain 4/10." in out
        wait_for_reps(setup.db, done + 2)
        for _ in range(3):  # and the copies keep taking turns
            again = subprocess.run(
                [str(COACH), "checkin", "--pain", "5", "--replace"],
                env=setup.env,
                capture_output=True,
                text=True,
                timeout=20,
            )
            assert again.returncode == 0, again.stderr
        screen = term.wait_until(lambda text: "Waiting" not in text, 20, "every rep saved")
        assert "busy" not in screen and "locked" not in screen and "not saved" not in screen
        wait_for_reps(setup.db, done + 3)
    keys = _rep_keys(setup.db)
    assert len(keys) == len(set(keys))
    assert [rep_no for _, _, rep_no, _ in keys] == list(range(1, len(keys) + 1))
    with sqlite3.connect(setup.db) as conn:
        pains = conn.execute("SELECT pain, superseded_at IS NULL FROM checkins ORDER BY id")
        assert pains.fetchall() == [(3, 0), (4, 0), (5, 0), (5, 0), (5, 1)]


def test_closing_the_terminal_keeps_the_reps(setup: Setup) -> None:
    """The terminal window closes under a routine (SIGHUP): the reps stay, the session is
    resumable."""
    with Terminal([str(COACH), "start", ROUTINE], env=setup.env) as term:
        _running(term, first=True)
        done = wait_for_reps(setup.db, 2)
        coach = descendant_running(term.pid(), "coach")
    # leaving the block killed the tmux server: the pane's processes got SIGHUP
    wait_gone(coach)
    assert len(_rep_keys(setup.db)) >= done
    assert _integrity(setup.db) == "ok"
    assert _sessions(setup.db) == [("in_progress", None)]
    with Terminal([str(COACH)], env=setup.env) as term:
        screen = term.wait_for("Unfinished routine")
        assert f"{len(_rep_keys(setup.db))} of 30 reps done" in screen


def test_ctrl_c_does_not_stop_the_routine_and_quitting_leaves_it_resumable(setup: Setup) -> None:
    """Ctrl+C is a reflex, not a decision: the routine goes on and says how to quit; Ctrl+Q
    quits cleanly and leaves the session to resume."""
    with Terminal([str(COACH), "start", ROUTINE], env=setup.env) as term:
        _running(term, first=True)
        done = wait_for_reps(setup.db, 1)
        term.keys("C-c")
        term.wait_for("to quit")
        wait_for_reps(setup.db, done + 1)  # still running
        coach = descendant_running(term.pid(), "coach")
        term.keys("C-q")
        wait_gone(coach)
        screen = term.wait_until(lambda s: "GET READY" not in s, 10, "the app to close")
        assert "Traceback" not in screen
    assert _integrity(setup.db) == "ok"
    assert _sessions(setup.db) == [("in_progress", None)]
    with Terminal([str(COACH)], env=setup.env) as term:
        screen = term.wait_for("Unfinished routine")
        assert f"{len(_rep_keys(setup.db))} of 30 reps done" in screen


def test_item_19_sigterm_quits_and_restores_the_terminal(setup: Setup) -> None:
    """`kill` (SIGTERM: a logout, a service manager) mid-routine left the pane in the alternate
    screen with mouse reporting on. It quits as Ctrl+Q does: the shell's screen back, the mouse
    off, the routine resumable, and the exit code a signal's (128 + 15)."""
    shell = f"{COACH} start {ROUTINE}; echo coach exited with $?"
    with Terminal(["sh", "-c", shell], env=setup.env) as term:
        _running(term, first=True)
        wait_for_reps(setup.db, 1)
        running = term.modes()
        assert running["alternate_on"] and running["mouse_any_flag"], running
        coach = descendant_running(descendant_running(term.pid(), "exited with"), "coach")
        os.kill(coach, signal.SIGTERM)
        wait_gone(coach)
        screen = term.wait_for("coach exited with 143")
        assert not any(term.modes().values()), term.modes()
        assert "Traceback" not in screen
    assert _integrity(setup.db) == "ok"
    assert _sessions(setup.db) == [("in_progress", None)]
