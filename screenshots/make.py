"""`make screenshots`: an SVG of every screen, driven by keys against a demo history.

Every shot starts from a fresh copy of the same seeded demo database and a frozen clock, so
running this twice writes the same files. Usage: python screenshots/make.py [FOLDER]
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.pilot import Pilot
from textual.widgets import Input

from coach.app import CoachApp, make_app
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.demo import generate
from coach.progression import ABOUT_RIGHT, HARD, HURT, TOO_EASY
from coach.red_flags import parse_red_flags, red_flag_entry, screen_due, sign_questions
from coach.rules import signs_asked
from coach.screens.player import PlayerScreen
from coach.screens.run_player import RunPlayerScreen
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.feedback import save_rating
from coach.store.red_flags import background
from coach.store.sessions import finish_session, record_rep, start_session

ZONE = "Europe/London"
NOW = datetime(2026, 11, 25, 7, 30, tzinfo=ZoneInfo(ZONE))
SIZE = (80, 24)

Step = Callable[[Pilot], Awaitable[None]]
#: Records a shot needs beyond the demo's, written before the app starts.
Before = Callable[[Store, FakeClock], None]


@dataclass(frozen=True)
class Shot:
    name: str
    what: str
    steps: tuple[Step, ...] = ()
    checked_in: bool = True
    size: tuple[int, int] = SIZE
    before: Before | None = None


def press(*keys: str) -> Step:
    async def pressing(pilot: Pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return pressing


async def into_hold(pilot: Pilot) -> None:
    """Let the get-into-position phase run out and the first hold begin, 1 s in."""
    await _move_clock(pilot, 5.0)
    await _move_clock(pilot, 1.0)


def to_phase(kind: str) -> Step:
    """Play the routine, deadline by deadline, until its first phase of `kind` begins."""

    async def playing(pilot: Pilot) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, PlayerScreen)
        while screen.timer.kind != kind:
            await _move_clock(pilot, max(screen.timer.remaining(), 0.0) + 0.01)

    return playing


async def to_the_end(pilot: Pilot) -> None:
    """Play every phase of the routine by moving the frozen clock to each deadline."""
    for _ in range(1000):
        screen = pilot.app.screen
        if not isinstance(screen, PlayerScreen):
            return
        await _move_clock(pilot, max(screen.timer.remaining(), 0.0) + 0.01)
    raise RuntimeError("the routine did not end")


async def usual_folder(pilot: Pilot) -> None:
    """The export dialog's folder is beside a temporary database here: show the usual one."""
    pilot.app.screen.query_one("#folder", Input).value = "~/.local/share/coach"
    await pilot.pause()


async def _move_clock(pilot: Pilot, seconds: float) -> None:
    clock = pilot.app.clock
    assert isinstance(clock, FakeClock)
    clock.advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, PlayerScreen):
        screen.on_deadline()
        screen.repaint()
        screen.query_one("#clock").remove_class("-flash")  # the steady look, not the blink
    await pilot.pause()


async def into_a_run(pilot: Pilot) -> None:
    """From the first walk into the first run of today's stage, 5 s in."""
    screen = pilot.app.screen
    clock = pilot.app.clock
    assert isinstance(screen, RunPlayerScreen) and isinstance(clock, FakeClock)
    clock.advance(screen.timer.remaining() + 0.01)
    screen.on_deadline()
    clock.advance(5)
    screen.repaint()
    await pilot.pause()


#: From home to the warning-sign checklist, with "something new" answered yes.
TO_RED_FLAGS = ("c", "3", "enter", "enter", "enter", "enter", "y", "enter", "enter")
#: Down the checklist to "A fall or a blow to your back", a same-day sign.
TO_A_FALL = ("down",) * [sign.column for sign in signs_asked(frozenset())].index("minor_fall")


async def about_you(pilot: Pilot) -> None:
    """Settings' "About you: Change", as its button does."""
    await pilot.app.screen.run_action("about_you")
    await pilot.pause()


def warning_sign(signs: str, days_ago: int) -> Before:
    """A check-in with a warning sign, `days_ago` mornings before the shot."""

    def record(store: Store, clock: FakeClock) -> None:
        then = FakeClock(clock.now() - timedelta(days=days_ago))
        flags = parse_red_flags(signs, background(store) or frozenset())
        save_checkin(store, then, checkin_entry(pain=4), red_flags=flags, replace=True)

    return record


def high_mornings(store: Store, clock: FakeClock) -> None:
    """Pain 8 on the three mornings up to today: "see your GP or physiotherapist"."""
    for days_ago in (2, 1, 0):
        then = FakeClock(clock.now() - timedelta(days=days_ago))
        save_checkin(store, then, checkin_entry(pain=8), replace=True)


def core_rated(store: Store, clock: FakeClock) -> None:
    """Core played on the three evenings before the shot, the bird dog rated too easy, the
    curl-up about right, then hard, then it hurt."""
    for days_ago, curl_up in ((3, ABOUT_RIGHT), (2, HARD), (1, HURT)):
        then = FakeClock(clock.now() - timedelta(days=days_ago) + timedelta(hours=11))
        session = start_session(store, then, "core", pain_before=3)
        for step_no, exercise, rating in ((1, "curl-up", curl_up), (3, "bird-dog", TOO_EASY)):
            record_rep(
                store,
                then.now(),
                session,
                step_no=step_no,
                exercise=exercise,
                set_no=1,
                rep_no=1,
                side="both",
                hold_s=10,
                held_s=10,
                active_s=10,
            )
            save_rating(store, then.now(), then.today(), session, step_no=step_no,
                        exercise=exercise, rating=rating)  # fmt: skip
        finish_session(store, then.now(), session, status="completed", active_s=600)


async def open_progress(pilot: Pilot) -> None:
    pilot.app.action_progress()  # type: ignore[attr-defined]
    await pilot.pause()


SHOTS = [
    Shot("home", "Home after this morning's check-in: today's plan and what is next."),
    Shot("home-first-run", "Home on a new morning, before the check-in.", checked_in=False),
    Shot("checkin", "The morning check-in, pain 3 picked.", (press("c", "3"),), False),
    Shot(
        "red-flag-checklist",
        "The warning signs, one list: n is none of these.",
        (press(*TO_RED_FLAGS),),
        False,
    ),
    Shot(
        "red-flag-urgent",
        "The urgent screen: emergency care now.",
        (press(*TO_RED_FLAGS, "space"),),
        False,
    ),
    Shot(
        "red-flag-same-day",
        "The same-day screen: see a doctor today.",
        (press(*TO_RED_FLAGS, *TO_A_FALL, "space", "enter"),),
        False,
    ),
    Shot(
        "home-warning",
        "Home on the day of a warning sign: no exercise, and u if it was a mistake.",
        checked_in=False,
        before=warning_sign("night_pain", 0),
    ),
    Shot(
        "follow-up",
        "The next morning: have you been seen, or has it gone?",
        (press("c"),),
        False,
        before=warning_sign("chest_pain", 1),
    ),
    Shot(
        "home-notice",
        "Three mornings at 8/10: see your GP or physiotherapist.",
        checked_in=False,
        before=high_mornings,
    ),
    Shot("about-you", "About you, asked once; changed in Settings.", (press("s"), about_you)),
    Shot("routines", "The routine list, today's suggestion marked.", (press("r"),)),
    Shot("player-hold", "The player in a hold.", (press("r", "enter", "enter"), into_hold)),
    Shot(
        "player-paused",
        "The player paused in a hold.",
        (press("r", "enter", "enter"), into_hold, press("space")),
    ),
    Shot(
        "player-swap",
        "Core: swap legs between the curl-up's sets.",
        (press("r", "ctrl+home", "enter", "enter"), to_phase("swap")),
    ),
    Shot(
        "summary",
        "The end of a routine: reps, time, pain before and after.",
        # The last exercise rated about right (2), pain now 2, no pain into a leg (n).
        (press("r", "down", "down", "enter", "enter"), to_the_end, press("2", "2", "enter", "n")),
    ),
    Shot("history", "History: twelve weeks at a glance and the summary.", (press("h"),)),
    Shot("history-weeks", "History: the week table.", (press("h", "2"),)),
    Shot("history-chart", "History: pain and activity per week.", (press("h", "3"),)),
    Shot("history-helps", "History: what helps.", (press("h", "4"),)),
    Shot(
        "export",
        "Export: period, format, notes and folder.",
        (press("h", "e"), usual_folder),
    ),
    Shot("day", "One day's detail.", (press("h", "enter"),)),
    Shot(
        "progress",
        "Progress: the level, each dose against the routine's, and why it changed.",
        (open_progress,),
        before=core_rated,
    ),
    Shot(
        "run-interval",
        "The interval player: today's running stage, in a run.",
        (press("g"), into_a_run),
    ),
    Shot("learn", "Learn: the lessons behind the plan.", (press("l"),)),
    Shot(
        "learn-lesson",
        "Learn: one lesson, strength vs jogging.",
        (press("l", "down", "down", "enter"),),
    ),
    Shot("help", "Help: every key of the screen beneath.", (press("question_mark"),)),
    Shot("settings", "Settings.", (press("s"),)),
    Shot("home-wide", "Home at 120×40.", size=(120, 40)),
]


def demo_template(folder: Path) -> Path:
    """Two years of seeded demo history ending yesterday, checkpointed into one file."""
    path = folder / "template.db"
    store = Store.open(path)
    generate(store, days=730, end=NOW.date() - timedelta(days=1), seed=7)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


def take(shot: Shot, template: Path, folder: Path) -> str:
    """One shot from its own copy of the demo, with this morning's check-in if it wants one."""
    db = folder / f"{shot.name}.db"
    shutil.copyfile(template, db)
    db.chmod(0o600)
    config = folder / f"{shot.name}-config"
    config.mkdir()
    store = Store.open(db)
    clock = FakeClock(NOW)
    if shot.checked_in:
        _check_in(store, clock)
    if shot.before is not None:
        shot.before(store, clock)
    app = make_app(store=store, clock=clock, config_dir=config)
    try:
        return asyncio.run(_play(app, shot))
    finally:
        store.close()


def _check_in(store: Store, clock: FakeClock) -> None:
    """This morning's check-in, with the warning signs (all no) when they are due, as the
    check-in screen would ask them."""
    due = screen_due(store, clock.today())
    given = background(store) or frozenset()
    flags = (
        red_flag_entry({sign.column: False for sign in sign_questions(given)}, given)
        if due
        else None
    )
    entry = checkin_entry(pain=3, activity="run", activity_min=25)
    save_checkin(store, clock, entry, red_flags=flags)


async def _play(app: CoachApp, shot: Shot) -> str:
    async with app.run_test(size=shot.size) as pilot:
        await pilot.pause()
        for step in shot.steps:
            await step(pilot)
        await pilot.pause()
        return app.export_screenshot(title=f"coach — {shot.what}")


def main(out: Path) -> None:
    os.environ["TZ"] = ZONE
    time.tzset()
    os.environ["LANG"] = "en_GB.UTF-8"  # the emergency number the messages show: 999
    os.environ.pop("LC_ALL", None)
    os.environ.pop("LC_MESSAGES", None)
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        template = demo_template(folder)
        for shot in SHOTS:
            (out / f"{shot.name}.svg").write_text(take(shot, template, folder))
            print(f"{out / shot.name}.svg  {shot.what}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
