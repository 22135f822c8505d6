"""Start-up: home is the first screen built, today is read once, and a new day draws without
the modules only a plan needs; a checked-in day draws its plan after the first frame; a key
pressed as soon as the app runs acts on today."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from coach.app import CoachApp
from coach.clinical import plan_for_day
from coach.clock import FakeClock
from coach.demo import generate
from coach.screens.checkin import CheckinScreen
from coach.screens.home import HomeScreen
from coach.settings import Settings
from coach.status import routine_due
from coach.store import Store
from coach.store.days import day_status
from tests.helpers import checked_in, pain_now_kept

#: What only a checked-in day, a warning sign, a remapped key or a key other than the first
#: needs.
PLAN_ONLY = (
    "coach.clinical",
    "coach.escalation",
    "coach.flows",
    "coach.library",
    "coach.plan",
    "coach.programme",
    "coach.red_flags",
    "coach.running",
    "coach.screens.settings",
    "coach.store.history",
    "pkgutil",
)

START_HEADLESS = """
import asyncio, sys
from pathlib import Path
import coach.app
from coach.app import make_app
from coach.store import Store

coach.app.SCREENS_AFTER_FIRST_FRAME = ()  # what the first frame needs, not what comes after it

async def main() -> None:
    store = Store.open(Path(sys.argv[1]))
    app = make_app(store=store, config_dir=Path(sys.argv[2]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "not yet today" in str(app.screen.query_one("#checkin-line").render())
        print(" ".join(sorted(name for name in sys.argv[3:] if name in sys.modules)))
    store.close()

asyncio.run(main())
"""


async def test_home_is_the_first_screen_not_one_pushed_over_a_blank_one(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, HomeScreen)
        assert app.screen_stack == [app.screen]


async def test_home_reads_today_once_at_start(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        store.conn.set_trace_callback(None)
    completed = [sql for sql in statements if "status = 'completed'" in sql]
    assert len(completed) == 1, statements


def test_a_new_day_starts_without_what_only_a_plan_needs(db_file: Path, config_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", START_HEADLESS, str(db_file), str(config_dir), *PLAN_ONLY],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


async def test_enter_pressed_at_once_starts_the_routine_due(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    checked_in(store)
    status = day_status(store, clock.today())
    plan = plan_for_day(store, status, emergency_number=Settings().emergency_number)
    assert plan is not None
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        player = await pain_now_kept(pilot, app)
        assert player.plan.routine.id == routine_due(plan, status)


async def test_c_pressed_at_once_opens_the_check_in(app_factory: Callable[[], CoachApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)


def two_years_checked_in(store: Store, clock: FakeClock) -> None:
    """Two years of demo records up to yesterday, and today checked in."""
    generate(store, days=730, end=clock.today() - timedelta(days=1))
    checked_in(store)


def due_on_its_own_connection(db_file: Path, clock: FakeClock) -> str | None:
    """The routine due today, worked out on a connection of its own: nothing it remembers
    reaches the app's."""
    other = Store.open(db_file)
    try:
        status = day_status(other, clock.today())
        plan = plan_for_day(other, status, emergency_number=Settings().emergency_number)
        assert plan is not None
        return routine_due(plan, status)
    finally:
        other.close()


async def test_a_checked_in_day_draws_its_plan_after_the_first_frame(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    two_years_checked_in(store, clock)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert str(home.query_one("#checkin-line", Static).render()) == "Check-in   ✓ pain 4/10"
        assert "Routine" in str(home.query_one("#routine-line", Static).render())
        plan_line = str(home.query_one("#plan-line", Static).render())
        assert plan_line == "Plan       Working out today's plan…"
        assert not home.query_one("#week-line").display
        await pilot.pause()
        assert "Working out" not in str(home.query_one("#plan-line", Static).render())
        assert home.query_one("#week-line").display
        assert "▶" in str(home.query_one("#hint", Static).render())


async def test_enter_pressed_at_once_on_years_of_records_starts_the_routine_due(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock, db_file: Path
) -> None:
    two_years_checked_in(store, clock)
    due = due_on_its_own_connection(db_file, clock)
    assert due is not None
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Working out" in str(app.screen.query_one("#plan-line", Static).render())
        await pilot.press("enter")
        player = await pain_now_kept(pilot, app)
        assert player.plan.routine.id == due


def test_the_screens_homes_keys_open_are_imported_after_the_first_frame(tmp_path: Path) -> None:
    """Not on the way to the first frame (importing coach.app leaves them out), and ready
    before the first key that opens one."""
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from coach.app import SCREENS_AFTER_FIRST_FRAME, make_app\n"
        "from coach.store import Store\n"
        "print(any(name in sys.modules for name in SCREENS_AFTER_FIRST_FRAME))\n"
        "async def main():\n"
        f"    store = Store.open(Path({str(tmp_path / 'coach.db')!r}))\n"
        f"    app = make_app(store=store, config_dir=Path({str(tmp_path)!r}))\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        print(all(name in sys.modules for name in SCREENS_AFTER_FIRST_FRAME))\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
