"""The player on a phone held upright, as a browser shows it under `coach serve`: a PNG for the
README, taken by a real headless Chromium (Debian's `chromium`) from a real server.

A fresh database with today's check-in, fast get-ready, no voice question; the served coach
starts pelvic tilts (Enter keeps this morning's pain as pain now) and the shot is taken in the
first hold (the server runs on real time, so a shot that missed the hold is taken again).
Usage: python -m screenshots.phone [FILE]
"""

from __future__ import annotations

import asyncio
import functools
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from coach.clinical import checkin_entry
from coach.clock import SystemClock
from coach.red_flags import red_flag_entry, sign_questions
from coach.rules import BACKGROUND_COLUMNS
from coach.serve import LOOPBACK, TokenServer, app_command, new_token, start, url
from coach.store import Store
from coach.store.checkins import save_checkin
from harness.browser import CHROMIUM, Chromium, poll

POSITION_S = 3
ROUTINE = "pelvic-tilts"
OUTPUT = Path(__file__).parent / "phone-player.png"


def prepare(folder: Path) -> Path:
    """The database and the settings the served coach reads (through the environment)."""
    config = folder / "config"
    config.mkdir()
    (config / "settings.toml").write_text(
        f"position_s = {POSITION_S}\nbell = false\nvoice = 'off'\n"
    )
    os.environ["COACH_CONFIG_DIR"] = str(config)
    db = folder / "coach.db"
    store = Store.open(db)
    # This morning's check-in, with "about you" and the warning signs answered (all no), as
    # the check-in screen saves them: the routine starts without asking them again.
    none = frozenset[str]()
    no_signs = red_flag_entry({sign.column: False for sign in sign_questions(none)}, none)
    save_checkin(
        store,
        SystemClock(),
        checkin_entry(pain=3),
        red_flags=no_signs,
        background=dict.fromkeys(BACKGROUND_COLUMNS, False),
    )
    store.close()
    return db


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _has_sessions(db: Path, count: int) -> bool:
    return _count(db, "sessions") >= count


async def shoot(db: Path, output: Path) -> None:
    token = new_token()
    runner, port = await start(TokenServer(app_command(db, "start", ROUTINE), token), [LOOPBACK], 0)
    try:
        for attempt in range(1, 6):
            async with Chromium() as browser:
                await browser.open(url(LOOPBACK, port, token))
                await browser.settled_ink()  # "Pain now?" drawn
                await browser.press("enter")  # this morning's pain, kept
                started = functools.partial(_has_sessions, db, attempt)
                await poll(started, "the player to start", every=0.05)
                began = time.monotonic()
                await asyncio.sleep(POSITION_S + 0.7)  # into the first 2-second hold
                await browser.screenshot(output)
                in_hold = time.monotonic() - began < POSITION_S + 1.8
                if in_hold and _count(db, "reps") == 0:
                    return
        raise RuntimeError("the first hold was missed five times: is the machine very busy?")
    finally:
        await runner.cleanup()


def main() -> None:
    if CHROMIUM is None:
        print("screenshots/phone.py: Chromium is not installed; no phone screenshot taken.")
        return
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    with tempfile.TemporaryDirectory() as name:
        asyncio.run(shoot(prepare(Path(name)), output))
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
