"""Helpers several test modules share: rows written the way coach writes them, short routines,
the player's clock, what the help screen lists, TOML for hand-built files. Fixtures live in
conftest.py; tmux and process helpers in terminal.py."""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from coach.app import CoachApp, make_app
from coach.clock import FakeClock, iso_utc
from coach.red_flags import red_flag_entry
from coach.rules import BACKGROUND_COLUMNS, signs_asked
from coach.screens.guided import GuidedScreen
from coach.screens.help import HelpScreen
from coach.screens.player import PlayerScreen
from coach.screens.summary import PainModal
from coach.store import Store
from coach.store.db import SCHEMA_VERSION
from coach.store.red_flags import RedFlagEntry, insert_screen
from coach.store.schema import migrations

#: "About you" answered no to every item.
NO_BACKGROUND = dict.fromkeys(BACKGROUND_COLUMNS, 0)

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
    """Today's check-in (the frozen clock's day) is done and the warning signs are current, so
    a routine opens at once."""
    with store.write() as db:
        db["checkins"].insert({"day": "2026-11-25", "at": "2026-11-25T07:00:00.000Z", "pain": pain})
    screened(store)


def screened(store: Store, day: date = date(2026, 11, 23)) -> None:
    """ "About you" answered (none of them) and every warning sign answered no on `day`, as
    the check-in saves them: no question is due before a routine for a week after `day`."""
    at = local_at(day)
    with store.write() as db:
        insert_screen(db, clear_screen(), day=day, at=at, checkin_id=None)
        db["about_you"].insert({"day": day.isoformat(), "at": at, **NO_BACKGROUND})


def clear_screen(background: frozenset[str] = frozenset()) -> RedFlagEntry:
    """Every sign asked of `background`, answered no."""
    return red_flag_entry({sign.column: False for sign in signs_asked(background)}, background)


def seed_recent_screens(store: Store) -> None:
    """PEG, "about you" and the warning signs were asked two days ago, so none is due today."""
    with store.write() as db:
        stamp = {"day": "2026-11-23", "at": "2026-11-23T07:00:00.000Z"}
        db["peg"].insert(
            {**stamp, "pain_avg": 3, "enjoyment": 3, "general_activity": 3, "score": 3}
        )
    screened(store)


def four_app(store: Store, clock: FakeClock, config_dir: Path) -> CoachApp:
    """The app opening straight into the FOUR routine, today's check-in done."""
    (config_dir / "routines").mkdir()
    (config_dir / "routines" / "four.toml").write_text(FOUR)
    checked_in(store)
    return make_app(store=store, clock=clock, config_dir=config_dir, start_routine="four")


#: What covers a player (help, the command palette, a window made too small) and uncovers it.
COVERS = pytest.mark.parametrize(
    ("cover", "uncover"),
    [
        (("question_mark",), ("escape",)),  # help
        (("ctrl+p",), ("escape",)),  # the command palette
        (("resize", 30, 10), ("resize", 80, 24)),  # the window too small
    ],
)


async def _do(pilot: Pilot[None], what: tuple[object, ...]) -> None:
    """Keys to press, or ("resize", columns, rows)."""
    if what[0] == "resize":
        await pilot.resize_terminal(what[1], what[2])  # type: ignore[arg-type]
    else:
        await pilot.press(*what)  # type: ignore[arg-type]
    await pilot.pause()


async def covered_twice(
    pilot: Pilot[None],
    clock: FakeClock,
    player: GuidedScreen,
    cover: tuple[object, ...],
    uncover: tuple[object, ...],
) -> None:
    """`player` covered and uncovered twice, running, then paused by the user: paused while
    covered (a minute under the cover costs nothing), and back as it was once uncovered."""
    for paused_before in (False, True):
        await _do(pilot, cover)
        assert player.timer.paused
        left = player.timer.remaining()
        clock.advance(60)
        assert player.timer.remaining() == left
        await _do(pilot, uncover)
        assert pilot.app.screen is player
        assert player.timer.paused is paused_before
        if not paused_before:
            await pilot.press("space")  # paused by the user: stays so under the cover
            await pilot.pause()


def text_of(app: App[Any], selector: str) -> str:
    """The text a Static of the screen on top shows now."""
    return str(app.screen.query_one(selector, Static).render())


def footer_labels(app: App[Any]) -> set[str]:
    """The labels the footer of the screen on top shows now."""
    return {key.description for key in app.screen.query(FooterKey)}


async def run_command(app: CoachApp, pilot: Pilot, query: str) -> None:
    """Open the palette (ctrl+p), type `query`, run the best match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await app.workers.wait_for_complete()
    await pilot.pause(0.1)
    await pilot.press("enter")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def answer_pain_now(pilot: Pilot[None], app: CoachApp) -> None:
    """Answer "Pain now?" before a routine with what it offers (Enter: this morning's pain)."""
    await pilot.pause()
    assert isinstance(app.screen, PainModal) and app.screen.title_text == "Pain now?"
    await pilot.press("enter")
    await pilot.pause()


async def pain_now_kept(pilot: Pilot[None], app: CoachApp) -> PlayerScreen:
    """`answer_pain_now`, and the player that opens."""
    await answer_pain_now(pilot, app)
    screen = app.screen
    assert isinstance(screen, PlayerScreen)
    return screen


@asynccontextmanager
async def routine_playing(
    store: Store, clock: FakeClock, config_dir: Path, routine: str, *, pain: int = 4, **options: Any
) -> AsyncIterator[tuple[CoachApp, Pilot[None], PlayerScreen]]:
    """Today checked in at `pain`, `routine` opened at 80×24 as `coach start` opens it, and
    "pain now?" answered with this morning's: the app, its pilot and the player."""
    checked_in(store, pain=pain)
    app = make_app(
        store=store, clock=clock, config_dir=config_dir, start_routine=routine, **options
    )
    async with app.run_test(size=(80, 24)) as pilot:
        yield app, pilot, await pain_now_kept(pilot, app)


def end_phase(screen: PlayerScreen, clock: FakeClock) -> None:
    """Move the clock to the phase's deadline and fire what the screen's one-shot timer fires."""
    clock.advance(screen.timer.remaining())
    screen.on_deadline()
    screen.writer.settle(10)


async def written(pilot: Pilot[None], app: CoachApp) -> None:
    """Let the player's writer write what it was handed (the pain after, the end), and the
    screens act on it: the summary opens once the session is all on disk."""
    for screen in app.screen_stack:
        if isinstance(screen, PlayerScreen):
            screen.writer.wait_for(lambda state: state.idle or state.stopped is not None, 10)
    await pilot.pause()
    await pilot.pause()


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


# --- files: real databases, snapshots of a folder, a full filesystem, an older schema ---


def real_database(path: Path, checkins: int = 300) -> None:
    """A coach database at `path` with a check-in a day, each with a 400-byte note (300 of
    them fill about 40 pages)."""
    store = Store.open(path)
    first = date(2026, 1, 1)
    with store.write() as db:
        for number in range(checkins):
            day = (first + timedelta(days=number)).isoformat()
            row = {"day": day, "at": f"{day}T07:00:00.000Z", "pain": 3, "note": "n" * 400}
            db["checkins"].insert(row)
    store.close()


def folder_snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in `folder`: its bytes and its mode, to show that nothing changed."""
    return {
        path.name: (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def fill_filesystem(folder: Path, leave: int = 0) -> Path:
    """Take every free block of `folder`'s filesystem but about `leave` bytes; delete the
    returned file to free them."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):  # ENOSPC: the filesystem is full, as wanted
            while True:
                os.write(fd, b"\0" * 4096)
        if leave:
            os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)
    return filler


@contextlib.contextmanager
def one_more_migration(
    monkeypatch: pytest.MonkeyPatch, body: Callable[[Any], None] | None = None
) -> Iterator[str]:
    """A migration after the real ones, for as long as the block lasts: every file made before
    it is an older coach file. `body` is what it does (by default, add a table)."""
    name = "9000_test_extra"

    def extra(db: Any) -> None:
        if body is None:
            db.execute("CREATE TABLE test_extra (id INTEGER PRIMARY KEY)")
        else:
            body(db)

    migrations(name=name)(extra)
    monkeypatch.setattr("coach.store.db.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    try:
        yield name
    finally:
        migrations._migrations[:] = [m for m in migrations._migrations if m.name != name]
        monkeypatch.setattr("coach.store.db.SCHEMA_VERSION", SCHEMA_VERSION)


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


def add_run(
    store: Store,
    day: date,
    stage: str,
    intervals_done: int,
    *,
    during: int | None = 2,
    after: int | None = 2,
    active_s: float = 1200.0,
) -> None:
    """An interval run begun at 17:00 on `day`, ended as the run player ends one."""
    with store.write() as db:
        db.conn.execute(
            "INSERT INTO runs (day, at, stage, pain_during, pain_after, intervals_done, "
            "ended_at, active_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                day.isoformat(),
                local_at(day, 17, 0),
                stage,
                during,
                after,
                intervals_done,
                local_at(day, 17, 20),
                active_s,
            ],
        )


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


# --- spoken cues ---


class RecordingEngine:
    """A speech engine that speaks nothing: it records what it was asked to say, and when on
    the FakeClock's monotonic time."""

    name = "a recording engine"

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.said: list[tuple[float, str]] = []
        self.stopped = 0

    def say(self, text: str) -> None:
        self.said.append((self.clock.monotonic(), text))

    def stop(self) -> None:
        self.stopped += 1

    @property
    def texts(self) -> list[str]:
        return [text for _, text in self.said]
