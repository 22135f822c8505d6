"""Helpers several test modules share: rows written the way coach writes them, short routines,
the player's clock, what the help screen lists, TOML for hand-built files. Fixtures live in
conftest.py; tmux and process helpers in terminal.py."""

from __future__ import annotations

import contextlib
import json
import math
import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from textual.widgets import Static

from coach.app import CoachApp, make_app
from coach.clock import FakeClock, iso_utc
from coach.screens.help import HelpScreen
from coach.screens.player import PlayerScreen
from coach.store import Store

#: From pain to the note: activity, sleep, stiffness, new symptoms, note (minutes is off at rest).
ENTERS_TO_NOTE = 5

#: Two 3-second holds on each side: position · h r h · rest · switch · h r h (31 s).
SHORT = """
name = "Short"
summary = "Two holds a side, for tests."
level = "gentle"

[[steps]]
exercise = "single-leg-pelvic-tilt"
reps = 2
hold_s = 3
rest_s = 5
"""

#: One 2-second hold a side, four reps: enough to fail one part-way and go on after.
FOUR = """
name = "Four"
summary = "Four short holds, for tests."

[[steps]]
exercise = "curl-up"
reps = 4
hold_s = 2
rest_s = 0
sides = "both"
"""


def checked_in(store: Store, pain: int = 4) -> None:
    """Today's check-in (the frozen clock's day) is done, so a routine opens at once."""
    with store.write() as db:
        db["checkins"].insert({"day": "2026-11-25", "at": "2026-11-25T07:00:00.000Z", "pain": pain})


def seed_recent_screens(store: Store) -> None:
    """PEG and the warning signs were asked two days ago, so neither is due today."""
    with store.write() as db:
        stamp = {"day": "2026-11-23", "at": "2026-11-23T07:00:00.000Z"}
        db["peg"].insert(
            {**stamp, "pain_avg": 3, "enjoyment": 3, "general_activity": 3, "score": 3}
        )
        db["red_flags"].insert(
            {
                **stamp,
                "saddle_numbness": 0,
                "bladder_bowel": 0,
                "leg_weakness": 0,
                "fever": 0,
                "trauma": 0,
                "cancer_history": 0,
                "night_pain": 0,
                "result": "none",
            }
        )


def four_app(store: Store, clock: FakeClock, config_dir: Path) -> CoachApp:
    """The app opening straight into the FOUR routine, today's check-in done."""
    (config_dir / "routines").mkdir()
    (config_dir / "routines" / "four.toml").write_text(FOUR)
    checked_in(store)
    return make_app(store=store, clock=clock, config_dir=config_dir, start_routine="four")


def end_phase(screen: PlayerScreen, clock: FakeClock) -> None:
    """Move the clock to the phase's deadline and fire what the screen's one-shot timer fires."""
    clock.advance(screen.timer.remaining())
    screen.on_deadline()


def help_listing(app: CoachApp) -> dict[str, list[tuple[str, str]]]:
    """What the open help screen shows: group title → [(keys, description)]."""
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    groups: dict[str, list[tuple[str, str]]] = {}
    title = ""
    for widget in screen.query(".group, .key, .description").results(Static):
        text = str(widget.render())
        if widget.has_class("group"):
            title = text
            groups[title] = []
        elif widget.has_class("key"):
            groups[title].append((text, ""))
        else:
            keys, _ = groups[title][-1]
            groups[title][-1] = (keys, text)
    return groups


# --- history rows: a UTC `at` and the local `day`, as the check-in and the player write them ---


def local_at(day: date, hour: int = 7, minute: int = 30) -> str:
    """A local wall-clock time on `day` in the stored UTC form."""
    return iso_utc(datetime.combine(day, time(hour, minute)).astimezone())


def add_checkin(
    store: Store,
    day: date,
    pain: int,
    *,
    activity: str = "rest",
    minutes: int = 0,
    hour: int = 7,
    superseded: bool = False,
    note: str = "",
) -> int:
    with store.write() as db:
        cursor = db.conn.execute(
            "INSERT INTO checkins (day, at, pain, activity, activity_min, sleep, stiffness, note, "
            "superseded_at) VALUES (?, ?, ?, ?, ?, 'good', 'none', ?, ?)",
            [
                day.isoformat(),
                local_at(day, hour),
                pain,
                activity,
                minutes,
                note,
                local_at(day, hour + 1) if superseded else None,
            ],
        )
        return cursor.lastrowid


def add_peg(store: Store, checkin_id: int, day: date, answers: tuple[int, int, int]) -> None:
    with store.write() as db:
        db.conn.execute(
            "INSERT INTO peg (checkin_id, day, at, pain_avg, enjoyment, general_activity, score) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [checkin_id, day.isoformat(), local_at(day), *answers, sum(answers) / 3],
        )


def add_session(
    store: Store,
    day: date,
    routine: str,
    *,
    before: int | None = 5,
    after: int | None = 4,
    status: str = "completed",
    active_s: float = 600.0,
    reps: int = 0,
) -> int:
    with store.write() as db:
        session_id = db.conn.execute(
            "INSERT INTO sessions (routine, day, started_at, ended_at, status, pain_before, "
            "pain_after, active_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                routine,
                day.isoformat(),
                local_at(day, 18),
                local_at(day, 18, 20),
                status,
                before,
                after,
                active_s,
            ],
        ).lastrowid
        db.conn.executemany(
            "INSERT INTO reps (session_id, step_no, exercise, set_no, rep_no, side, hold_s, "
            "held_s, at) VALUES (?, 0, 'bird-dog', 1, ?, 'both', 10, ?, ?)",
            [(session_id, n, 9.0 + n / 10, local_at(day, 18, 1)) for n in range(1, reps + 1)],
        )
        return session_id


# --- TOML for the plain values the library tests build ---


def toml_value(value: object) -> str:
    """Inline TOML for the plain values these tests build (JSON strings are TOML strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def toml_dumps(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(key)} = {toml_value(value)}\n" for key, value in data.items())


def fill_filesystem(folder: Path) -> Path:
    """Take every free block of `folder`'s filesystem (a `small_disk`); returns the filler."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):  # ENOSPC: the filesystem is full, as wanted
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    return filler
