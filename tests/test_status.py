"""The status line's words (`coach status`), and the command reading the day from its clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Static

from coach import clinical
from coach.app import CoachApp
from coach.cli.main import cli
from coach.clock import FakeClock
from coach.library import load_library
from coach.red_flags import parse_red_flags
from coach.screens.home import HomeScreen
from coach.screens.player import PlayerScreen
from coach.status import status_line
from coach.store import Store
from coach.store.checkins import save_checkin
from tests.helpers import add_session, pain_now_kept, screened


def line(store: Store, day: date) -> str:
    """The status line, naming routines as `coach status` does (the built-in library)."""
    return status_line(store, day, emergency_number="999", library=load_library(None))


def test_status_lines(store: Store, clock: FakeClock) -> None:
    today = clock.today()
    assert line(store, today) == "coach: check-in due"
    save_checkin(store, clock, clinical.checkin_entry(pain=3))
    # the week's first strength day (coach.programme)
    assert line(store, today) == "coach: pain 3 · normal day · Strength due · run: usual"
    with store.write() as db:
        db["sessions"].insert(
            {"routine": "core", "day": today.isoformat(), "started_at": "x", "status": "completed"}
        )
    assert line(store, today) == "coach: pain 3 · normal day · Pre-run due · run: usual"
    with store.write() as db:
        db["sessions"].insert(
            {
                "routine": "pre-run",
                "day": today.isoformat(),
                "started_at": "y",
                "status": "completed",
            }
        )
    assert line(store, today) == "coach: pain 3 · normal day · done for today · run: usual"
    tomorrow = today + timedelta(days=1)
    assert line(store, tomorrow) == "coach: check-in due"


def test_status_on_a_red_flag_day(store: Store, clock: FakeClock) -> None:
    flags = parse_red_flags("night_pain", frozenset())
    save_checkin(store, clock, clinical.checkin_entry(pain=1), red_flags=flags)
    line = status_line(store, clock.today(), emergency_number="999")
    assert line == "coach: warning sign · see a doctor today"
    urgent = parse_red_flags("chest_pain", frozenset())
    save_checkin(store, clock, clinical.checkin_entry(pain=1), red_flags=urgent, replace=True)
    line = status_line(store, clock.today(), emergency_number="911")
    assert line == "coach: warning sign · get emergency care now (call 911)"


def test_coach_status_reads_today_from_its_clock(db_file: Path, clock: FakeClock) -> None:
    """The day is the injected clock's, as in the app: checked in "today" on the fake clock,
    and a check-in is due again the next day."""
    store = Store.open(db_file)
    save_checkin(store, clock, clinical.checkin_entry(pain=3))
    store.close()
    args = ["--db", str(db_file), "status"]
    today = CliRunner().invoke(cli, args, obj=clock)
    assert (today.exit_code, today.output) == (
        0,
        "coach: pain 3 · normal day · Strength due · run: usual\n",
    )
    clock.advance(timedelta(days=1).total_seconds())
    tomorrow = CliRunner().invoke(cli, args, obj=clock)
    assert tomorrow.output == "coach: check-in due\n"


@pytest.mark.parametrize(
    ("done", "status_todo", "home_hint"),
    [
        # the week's first strength day (coach.programme)
        ((), "Strength due", "▶ Strength · 17 min — Enter, then Pre-run · 5 min"),
        (("strength",), "Pre-run due", "▶ Pre-run · 5 min — Enter"),
        # core in its place counts for the day
        (("core",), "Pre-run due", "▶ Pre-run · 5 min — Enter"),
        (("core", "pre-run"), "done for today", "Done for today."),
    ],
)
async def test_the_status_line_and_home_say_the_same_routine_is_due(
    store: Store,
    clock: FakeClock,
    app_factory: Callable[[], CoachApp],
    done: tuple[str, ...],
    status_todo: str,
    home_hint: str,
) -> None:
    screened(store)  # the warning signs are current: Enter opens the player at once
    save_checkin(store, clock, clinical.checkin_entry(pain=3))
    for routine in done:
        add_session(store, clock.today(), routine)
    assert line(store, clock.today()) == f"coach: pain 3 · normal day · {status_todo} · run: usual"
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#hint", Static).render()).startswith(home_hint)
        await pilot.press("enter")  # starts the routine due, and does nothing when none is
        if done == ("core", "pre-run"):
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        else:
            await pain_now_kept(pilot, app)
            assert isinstance(app.screen, PlayerScreen)
            assert app.screen.plan.routine.name == home_hint.split(" · ")[0].removeprefix("▶ ")


async def test_home_names_the_routines_done_today(
    store: Store, clock: FakeClock, app_factory: Callable[[], CoachApp]
) -> None:
    save_checkin(store, clock, clinical.checkin_entry(pain=3))
    add_session(store, clock.today(), "core")
    add_session(store, clock.today(), "pre-run")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#routine-line", Static).render()).endswith(
            "✓ Core, Pre-run"
        )
