"""Home's `Running:` line, and the one question whether you run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from coach import clinical
from coach.app import CoachApp
from coach.clock import FakeClock
from coach.settings import load_settings
from coach.status import status_line
from coach.store import Store
from coach.store.checkins import save_checkin


def shown(app: CoachApp, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


async def test_home_says_running_and_asks_once(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock, config_dir: Path
) -> None:
    save_checkin(store, clock, clinical.checkin_entry(pain=3))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = shown(app, "#running-line")
        assert line == "Running: your usual run; stop if pain rises above 5"
        assert shown(app, "#runner-question").startswith("Do you run? y yes · n no")
        await pilot.press("n")
        await pilot.pause()
        assert shown(app, "#running-line") == "Walking: 30 min or more, brisk if it feels fine"
        assert not app.screen.query_one("#runner-question").display
        await pilot.press("y")  # asked once: the key does nothing now
        await pilot.pause()
        assert shown(app, "#running-line").startswith("Walking:")
    assert load_settings(config_dir)[0].runner == "no"
    assert status_line(store, clock.today(), emergency_number="999", runner="no").endswith(
        "· walk: 30 min"
    )


async def test_before_the_checkin_home_neither_asks_nor_answers(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#running-line").display
        assert not app.screen.query_one("#runner-question").display
        await pilot.press("y")
        await pilot.pause()
        assert app.settings.runner == "ask"


async def test_home_and_status_give_the_same_stage_after_a_flare(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """A day at 8/10 yesterday: today at 2 the line is stage 7 of 8, on home and in status."""
    clock.advance(-24 * 3600)
    save_checkin(store, clock, clinical.checkin_entry(pain=8))
    clock.advance(24 * 3600)
    save_checkin(store, clock, clinical.checkin_entry(pain=2))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown(app, "#running-line").startswith("Running: stage 7 of 8 — walk 1 min")
        stages = tuple(app.library.stages.values())
    assert status_line(
        store, clock.today(), emergency_number="999", runner="yes", stages=stages
    ).endswith("· run: stage 7")
