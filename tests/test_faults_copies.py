"""Two copies of coach and one session: the copy playing it claims it, and no other copy
resumes or closes it while that copy lives.

Issue 14, item 1, where it is tested:
- the claim, and its end with its process: `test_item_1_a_claim_lasts_as_long_as_its_process`;
- a lock already held for a new session's id:
  `test_item_1_a_new_session_whose_lock_another_coach_holds_is_not_played`;
- the resume offer and its buttons against a claim taken by another process:
  `test_item_1_start_up_leaves_a_session_claimed_elsewhere_alone`,
  `test_item_1_resume_and_close_refuse_a_session_claimed_after_it_was_offered`;
- two installed copies in tmux:
  `test_item_1_a_second_window_never_closes_the_routine_the_first_is_playing`.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual import events

from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.flows import SessionUnavailable, begin_session, prepare_start
from coach.library import load_library
from coach.screens.day import day_text
from coach.screens.home import HomeScreen
from coach.screens.player import PlayerScreen, resume_session, start_routine
from coach.screens.resume import ResumeQuestion
from coach.settings import Settings
from coach.status import status_line
from coach.store import Store, StoreError
from coach.store.claims import (
    CLAIM_RETRY_S,
    claim_path,
    claim_session,
    claimed_elsewhere,
    unfinished,
)
from coach.store.days import day_status
from coach.store.history import day_detail
from coach.store.sessions import get_session, start_session
from harness.terminal import COACH, Terminal, coach_env
from tests.helpers import checked_in, screened, text_of
from tests.terminal import (
    checked_in_today,
    descendant_running,
    into_player,
    one_line_refusal,
    run_coach,
    wait_for_reps,
    wait_gone,
)

HOLD = """
import sys, time
from pathlib import Path
from coach.settings import Settings
from coach.store import Store, StoreError
from coach.store.claims import claim_session
claim = claim_session(Store.open(Path(sys.argv[1])), int(sys.argv[2]))
print("claimed" if claim else "refused", flush=True)
time.sleep(600)
"""


@contextmanager
def claimed_by_another_process(db: Path, session_id: int) -> Iterator[subprocess.Popen[str]]:
    """Another process that claims the session and holds it until killed (SIGKILL: no clean-up
    of any kind, as a crash)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), str(session_id)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "claimed\n"
        yield holder
    finally:
        holder.kill()
        holder.wait(timeout=10)


def _status(store: Store, session_id: int) -> str:
    session = get_session(store, session_id)
    assert session is not None
    return session.status


def _notes(app: CoachApp) -> list[str]:
    return [f"{note.title}: {note.message}" for note in app._notifications]


def test_item_1_a_claim_lasts_as_long_as_its_process(
    store: Store, clock: FakeClock, db_file: Path
) -> None:
    session_id = start_session(store, clock, "core", pain_before=None)
    assert not claimed_elsewhere(store, session_id)
    with claimed_by_another_process(db_file, session_id) as holder:
        assert claimed_elsewhere(store, session_id)
        assert claim_session(store, session_id) is None
        assert unfinished(store).left is None and len(unfinished(store).elsewhere) == 1
        path = claim_path(store, session_id)
        assert path is not None and stat.S_IMODE(path.stat().st_mode) == 0o600
        holder.kill()
        holder.wait(timeout=10)
        assert not claimed_elsewhere(store, session_id)
    claim = claim_session(store, session_id)
    assert claim is not None and unfinished(store).left is None  # held here now
    claim.release()  # still unfinished: offered again, the file kept for the next claim
    assert unfinished(store).left == get_session(store, session_id) and path.exists()
    claim = claim_session(store, session_id)
    assert claim is not None
    claim.end()
    assert not path.exists() and not claimed_elsewhere(store, session_id)


def test_a_look_from_another_window_does_not_keep_a_player_from_its_claim(
    store: Store, clock: FakeClock
) -> None:
    """Another window's `claimed_elsewhere` holds a shared lock on the claim file for an
    instant: a claim taken in that instant waits it out instead of taking the session for
    another's (which closed a routine just begun, saying another database held it)."""
    session_id = start_session(store, clock, "core", pain_before=None)
    path = claim_path(store, session_id)
    assert path is not None
    path.touch(mode=0o600)
    looking = os.open(path, os.O_RDONLY)
    fcntl.flock(looking, fcntl.LOCK_SH | fcntl.LOCK_NB)  # another window, looking
    threading.Timer(CLAIM_RETRY_S * 2, os.close, [looking]).start()
    claim = claim_session(store, session_id)
    assert claim is not None
    claim.end()


def test_item_1_a_new_session_whose_lock_another_coach_holds_is_not_played(
    store: Store, clock: FakeClock, db_file: Path
) -> None:
    """A coach still playing session 1 of a database deleted and made again at the same path
    holds its lock: the new session 1 is closed at once with a message, never played
    unclaimed."""
    screened(store)
    with claimed_by_another_process(db_file, 1):
        start = prepare_start(store, clock.today(), load_library(None), Settings(), "core")
        with pytest.raises(StoreError, match="held by a coach playing another database"):
            begin_session(store, clock, Settings(), start, 4)
    assert _status(store, 1) == "stopped"


async def test_item_1_start_up_leaves_a_session_claimed_elsewhere_alone(
    store: Store, clock: FakeClock, config_dir: Path, db_file: Path
) -> None:
    """No offer to close or resume it: a notice that it is in progress in another window."""
    checked_in(store)
    session_id = start_session(store, clock, "core", pain_before=4)
    with claimed_by_another_process(db_file, session_id):
        app = make_app(store=store, clock=clock, config_dir=config_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert _notes(app) == [
                "Routine in progress: Core is in progress in another window: finish it or "
                "leave it there."
            ]
    assert _status(store, session_id) == "in_progress"


async def test_item_1_resume_and_close_refuse_a_session_claimed_after_it_was_offered(
    store: Store, clock: FakeClock, config_dir: Path, db_file: Path
) -> None:
    """The offer is up when another copy starts playing the session: neither button acts on
    it. Once that copy is gone, resuming works."""
    checked_in(store)
    session_id = start_session(store, clock, "core", pain_before=4)
    session = get_session(store, session_id)
    assert session is not None
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeQuestion)
        with claimed_by_another_process(db_file, session_id):
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            in_another_window = (
                "Core is in progress in another window: finish it or leave it there."
            )
            assert _notes(app) == [f"Not closed: {in_another_window}"]
            assert _status(store, session_id) == "in_progress"
            resume_session(app, session)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert _notes(app)[-1] == f"Not resumed: {in_another_window}"
        resume_session(app, session)
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen) and app.screen.session_id == session_id
        assert claimed_elsewhere(store, session_id)  # the player's claim, on another file


def _sessions(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute("SELECT id, status FROM sessions ORDER BY id").fetchall()


@pytest.mark.terminal
def test_item_1_a_second_window_never_closes_the_routine_the_first_is_playing(
    tmp_path: Path,
) -> None:
    """`coach start pelvic-tilts` plays in one window; `coach` in a second says so (on home
    too), offers nothing, and neither it nor `coach start` plays the routine a second time
    (`coach status` says where it plays), while the first goes on recording. Killed (-9),
    the first lets go at once: the next copy offers the session and can close it."""
    home, db = tmp_path / "home", tmp_path / "data" / "coach.db"
    config = home / ".config" / "coach"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(
        "position_s = 1\nrelease_s = 0.5\nbell = false\nvoice = 'off'\n"
    )
    checked_in_today(db)
    env = coach_env(home, db)
    with Terminal([str(COACH), "start", "pelvic-tilts"], env=env) as first:
        into_player(first)
        done = wait_for_reps(db, 1)
        with Terminal([str(COACH)], env=env) as second:
            screen = second.wait_for("Routine in progress")  # the notice's title
            assert "Pelvic tilts is in progress in" in screen, screen
            assert "Unfinished routine" not in screen
            assert "Check-in" in screen  # home, nothing to answer
            second.wait_for("Pelvic tilts — playing in another window")
            one_line_refusal(
                run_coach("start", "pelvic-tilts", env=env), "in progress in another window"
            )
            status = run_coach("status", env=env)
            assert "Pelvic tilts playing in another window" in status.stdout, status
        wait_for_reps(db, done + 1)  # the first window plays on
        assert _sessions(db) == [(1, "in_progress")]
        coach = descendant_running(first.pid(), "coach")
        os.kill(coach, signal.SIGKILL)
        wait_gone(coach)
    with Terminal([str(COACH)], env=env) as third:
        third.wait_for("Unfinished routine")
        third.keys("c")
        third.wait_for("Closed as stopped")
    assert _sessions(db) == [(1, "stopped")]


async def test_a_routine_played_elsewhere_is_said_so_and_never_started_twice(
    store: Store, clock: FakeClock, config_dir: Path, db_file: Path
) -> None:
    """While another copy plays today's pelvic tilts, home, the day's detail and `coach
    status` say so (not "none yet today", not "not finished"), and every way of starting it
    here is refused with that message; once that copy has finished it, home shows it done as
    soon as this window has the focus again."""
    checked_in(store)
    library = load_library(None)
    session_id = start_session(store, clock, "pelvic-tilts", pain_before=4)
    playing = "Pelvic tilts — playing in another window"
    with claimed_by_another_process(db_file, session_id):
        assert (
            "pelvic tilts playing in another window"
            in status_line(store, clock.today(), emergency_number="999", library=library).lower()
        )
        detail = day_text(day_detail(store, clock.today()), library)
        assert "Pelvic tilts  playing in another window" in detail.plain
        assert "not finished" not in detail.plain
        app = make_app(store=store, clock=clock, config_dir=config_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert playing in text_of(app, "#routine-line")
            assert "Pelvic tilts" not in text_of(app, "#hint")  # not offered on Enter
            start_routine(app, "pelvic-tilts")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert _notes(app)[-1] == (
                "Not started: Pelvic tilts is in progress in another window: finish it or "
                "leave it there."
            )
            assert _sessions(db_file) == [(session_id, "in_progress")]
            # That copy finishes it, and this window gets the focus back.
            with store.write() as db:
                db.execute(
                    "UPDATE sessions SET status = 'completed', ended_at = ? WHERE id = ?",
                    ["2026-11-25T07:40:00.000Z", session_id],
                )
            app.post_message(events.AppBlur())
            await pilot.pause()
            assert playing in text_of(app, "#routine-line")  # nothing read while away
            app.post_message(events.AppFocus())
            await pilot.pause()
            assert text_of(app, "#routine-line") == "Routine    ✓ Pelvic tilts"


def test_a_routine_played_elsewhere_refuses_a_start_made_after_the_pain_was_asked(
    store: Store, clock: FakeClock, db_file: Path
) -> None:
    """Both windows asked "pain now?" at once: the second to answer starts nothing."""
    screened(store)
    start = prepare_start(store, clock.today(), load_library(None), Settings(), "core")
    session_id = start_session(store, clock, "core", pain_before=4)
    with (
        claimed_by_another_process(db_file, session_id),
        pytest.raises(SessionUnavailable, match="Core is in progress in another window"),
    ):
        begin_session(store, clock, Settings(), start, 4)
    assert _sessions(db_file) == [(session_id, "in_progress")]


def test_a_routine_played_here_is_not_said_to_play_elsewhere(
    store: Store, clock: FakeClock
) -> None:
    """This process's own claim is its own: the day never says its routine plays in another
    window, and once the claim is let go, nothing plays."""
    session_id = start_session(store, clock, "core", pain_before=4)
    claim = claim_session(store, session_id)
    assert claim is not None
    assert claimed_elsewhere(store, session_id)  # a flock cannot tell; the day can
    assert day_status(store, clock.today()).sessions_elsewhere == ()
    claim.release()
    assert day_status(store, clock.today()).sessions_elsewhere == ()
