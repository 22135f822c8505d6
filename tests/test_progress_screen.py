"""The Progress view: each exercise's dose against the routine's, its ratings and changes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import DataTable, Static

from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.progression import ABOUT_RIGHT, HURT, TOO_EASY
from coach.screens.history import HistoryScreen
from coach.screens.progress import NOTHING_YET, ProgressScreen
from coach.store import Store
from coach.store.feedback import save_rating
from coach.store.sessions import finish_session, record_rep, start_session
from tests.helpers import run_command


def rated(store: Store, clock: FakeClock, routine: str, exercise: str, step: int, rating: int):
    """A session of `routine` ended a day before the clock, one rep of `exercise`, rated."""
    then = FakeClock(clock.now() - timedelta(days=1))
    session = start_session(store, then, routine, pain_before=2)
    record_rep(store, then.now(), session, step_no=step, exercise=exercise, set_no=1, rep_no=1,
               side="both", hold_s=10, held_s=10, active_s=10)  # fmt: skip
    save_rating(store, then.now(), then.today(), session, step_no=step, exercise=exercise,
                rating=rating)  # fmt: skip
    finish_session(store, then.now(), session, status="completed", active_s=10)
    clock.advance(60)


def lines(app: CoachApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_progress_shows_each_dose_its_ratings_and_why_it_changed(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    for rating in (TOO_EASY, TOO_EASY, ABOUT_RIGHT, HURT):
        rated(store, clock, "core", "bird-dog", 3, rating)
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await run_command(app, pilot, "Progress")
        assert isinstance(app.screen, ProgressScreen)
        assert lines(app, "#level").startswith("Level: standard. This week core 0 of 5")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "Core", "Bird dog", "5-3-1 × 10 s",
            f"{(clock.now() - timedelta(days=1)).astimezone():%-d %b}: it hurt",
        ]  # fmt: skip
        day = f"{(clock.now() - timedelta(days=1)).astimezone():%-d %b}"
        assert lines(app, "#changes").splitlines() == [
            "Bird dog in Core: 5-3-1 reps, 10 s holds (the routine's: 5-3-1 reps, 10 s holds)",
            "Ratings: too easy ×2 · about right ×1 · it hurt ×1",
            f"{day}  6-4-2 reps now (was 5-3-1): easy twice",
            f"{day}  5-3-1 reps now (was 6-4-2): it hurt",
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProgressScreen)


async def test_progress_before_any_rating_says_how_to_give_one(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("p")  # from the history
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        assert lines(app, "#changes") == NOTHING_YET
        assert not app.screen.query_one(DataTable).display
