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
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from coach.app import CoachApp, make_app
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.demo import generate
from coach.screens.player import PlayerScreen
from coach.store import Store
from coach.store.checkins import save_checkin

ZONE = "Europe/London"
NOW = datetime(2026, 11, 25, 7, 30, tzinfo=ZoneInfo(ZONE))
SIZE = (80, 24)

Step = Callable[[CoachApp], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    name: str
    what: str
    keys: tuple[str, ...] = ()
    checked_in: bool = True
    then: tuple[Step, ...] = field(default_factory=tuple)
    size: tuple[int, int] = SIZE


async def into_hold(app: CoachApp) -> None:
    """Let the get-into-position phase run out and the first hold begin, 3 s in."""
    await _move_clock(app, 5.0)
    await _move_clock(app, 3.0)


async def to_the_end(app: CoachApp) -> None:
    """Play every phase of the routine by moving the frozen clock to each deadline."""
    for _ in range(500):
        screen = app.screen
        if not isinstance(screen, PlayerScreen):
            return
        await _move_clock(app, max(screen.timer.remaining(), 0.0) + 0.01)
    raise RuntimeError("the routine did not end")


async def _move_clock(app: CoachApp, seconds: float) -> None:
    assert isinstance(app.clock, FakeClock)
    app.clock.advance(seconds)
    screen = app.screen
    if isinstance(screen, PlayerScreen):
        screen.on_deadline()
        screen.repaint()


SHOTS = [
    Shot("home", "Home after this morning's check-in: today's plan and what is next."),
    Shot("home-first-run", "Home on a new morning, before the check-in.", checked_in=False),
    Shot("checkin", "The morning check-in with pain 3 picked.", ("c", "3"), checked_in=False),
    Shot(
        "red-flag-question",
        "A warning-sign question after 'something new' was answered yes.",
        ("c", "3", "enter", "enter", "enter", "enter", "y", "enter", "enter"),
        checked_in=False,
    ),
    Shot(
        "red-flag-urgent",
        "The urgent screen: emergency care now.",
        ("c", "3", "enter", "enter", "enter", "enter", "y", "enter", "enter", "n", "y",
         "n", "n", "n", "n", "n"),
        checked_in=False,
    ),
    Shot(
        "red-flag-same-day",
        "The same-day screen: see a doctor today.",
        ("c", "3", "enter", "enter", "enter", "enter", "y", "enter", "enter", "n", "n",
         "n", "n", "y", "n", "n"),
        checked_in=False,
    ),
    Shot("routines", "The routine list, today's suggestion marked.", ("r",)),
    Shot("player-hold", "The player in a hold.", ("r", "enter"), then=(into_hold,)),
    Shot("player-paused", "The player paused in a hold.", ("r", "enter"),
         then=(into_hold, lambda app: app.screen.run_action("toggle_pause"))),
    Shot("summary", "The end of a routine: reps, time, pain before and after.",
         ("r", "down", "down", "enter"), then=(to_the_end,)),
    Shot("history", "History: twelve weeks at a glance and the summary.", ("h",)),
    Shot("history-weeks", "History: the week table.", ("h", "2")),
    Shot("history-chart", "History: pain per week.", ("h", "3")),
    Shot("history-helps", "History: what helps.", ("h", "4")),
    Shot("day", "One day's detail.", ("h", "enter")),
    Shot("help", "Help: every key of the screen beneath.", ("question_mark",)),
    Shot("settings", "Settings.", ("s",)),
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


async def take(shot: Shot, template: Path, folder: Path, out: Path) -> None:
    db = folder / f"{shot.name}.db"
    shutil.copyfile(template, db)
    db.chmod(0o600)
    store = Store.open(db)
    clock = FakeClock(NOW)
    if shot.checked_in:
        save_checkin(store, clock, checkin_entry(pain=3, activity="run", activity_min=25))
    config = folder / f"{shot.name}-config"
    config.mkdir()
    app = make_app(store=store, clock=clock, config_dir=config)
    async with app.run_test(size=shot.size) as pilot:
        await pilot.pause()
        for key in shot.keys:
            await pilot.press(key)
            await pilot.pause()
        for step in shot.then:
            result = step(app)
            if result is not None:
                await result
            await pilot.pause()
        await pilot.pause()
        svg = app.export_screenshot(title=f"coach — {shot.what}")
    store.close()
    (out / f"{shot.name}.svg").write_text(svg)


async def main(out: Path) -> None:
    os.environ["TZ"] = ZONE
    time.tzset()
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        template = demo_template(folder)
        for shot in SHOTS:
            await take(shot, template, folder, out)
            print(f"{out / shot.name}.svg  {shot.what}")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
