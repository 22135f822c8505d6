"""The Progress view: each exercise's dose against the routine's, its ratings and changes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.progression import ABOUT_RIGHT, HURT, TOO_EASY
from coach.screens.history import HistoryScreen
from coach.screens.progress import CHANGES_HEADING, NO_CHANGE, NOTHING_YET, ProgressScreen
from coach.store import Store
from coach.store.feedback import save_rating
from coach.store.sessions import finish_session, record_rep, start_session
from tests.helpers import run_command


def rated(
    store: Store,
    clock: FakeClock,
    routine: str,
    exercise: str,
    step: int,
    rating: int,
    pain_after: int | None = None,
):
    """A session of `routine` ended a day before the clock, one rep of `exercise`, rated."""
    then = FakeClock(clock.now() - timedelta(days=1))
    session = start_session(store, then, routine, pain_before=2)
    record_rep(store, then.now(), session, step_no=step, exercise=exercise, set_no=1, rep_no=1,
               side="both", hold_s=10, held_s=10, active_s=10)  # fmt: skip
    save_rating(store, then.now(), then.today(), session, step_no=step, exercise=exercise,
                rating=rating)  # fmt: skip
    finish_session(store, then.now(), session, status="completed", active_s=10,
                   pain_after=pain_after)  # fmt: skip
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
        assert [str(cell) for cell in table.get_row_at(0)] == ["Core", "Bird dog", "5-3-1 × 10 s"]
        day = f"{(clock.now() - timedelta(days=1)).astimezone():%-d %b}"
        assert lines(app, "#dose").splitlines() == [
            "Bird dog in Core: 5-3-1 reps, 10 s holds (the routine's: 5-3-1 reps, 10 s holds)",
            "Ratings: too easy ×2 · about right ×1 · it hurt ×1",
        ]
        assert lines(app, "#changes-heading") == CHANGES_HEADING
        assert lines(app, "#changes").splitlines() == [
            f"{day}  5-3-1 reps now (was 6-4-2): it hurt",
            f"{day}  6-4-2 reps now (was 5-3-1): easy twice",
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
        assert lines(app, "#dose") == NOTHING_YET
        assert not app.screen.query_one("#changes-heading").display
        assert not app.screen.query_one(DataTable).display


@pytest.mark.parametrize("size", [(80, 24), (60, 18)])
async def test_progress_fits_the_width_and_lists_the_latest_change_first(
    store: Store, clock: FakeClock, config_dir: Path, size: tuple[int, int]
) -> None:
    """The widest names the routines have (Pelvic tilts, Single-leg pelvic tilt), stepped
    down for one of the longer reasons (pain 7/10 after it), and a dose changed on two days:
    every cell of every row is drawn whole, nothing scrolls sideways, and the change listed
    first is the later one."""
    for step, exercise in enumerate(("single-leg-pelvic-tilt", "double-leg-pelvic-tilt")):
        rated(store, clock, "pelvic-tilts", exercise, step, ABOUT_RIGHT, pain_after=7)
    for step, exercise in enumerate(("cat-camel", "curl-up", "side-plank")):
        rated(store, clock, "core", exercise, step, ABOUT_RIGHT)
    for rating in (TOO_EASY, TOO_EASY):
        rated(store, clock, "core", "bird-dog", 3, rating)
    stepped_up = (clock.now() - timedelta(days=1)).astimezone()
    clock.advance(3 * 86400)
    rated(store, clock, "core", "bird-dog", 3, HURT)
    stepped_down = (clock.now() - timedelta(days=1)).astimezone()
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=size) as pilot:
        await run_command(app, pilot, "Progress")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 6
        assert table.max_scroll_x == 0
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            drawn = [
                table.render_line(y).text for y in range(table.scrollable_content_region.height)
            ]
            cells = [str(cell) for cell in table.get_row_at(row)]
            assert any(all(cell in line for cell in cells) for line in drawn), (cells, drawn)
        assert [str(cell) for cell in table.get_row("pelvic-tilts/single-leg-pelvic-tilt")] == [
            "Pelvic tilts",
            "Single-leg pelvic tilt",
            "9 × 2 s",
        ]
        table.move_cursor(row=table.get_row_index("core/bird-dog"))
        await pilot.pause()
        assert lines(app, "#changes").splitlines() == [
            f"{stepped_down:%-d %b}  5-3-1 reps now (was 6-4-2): it hurt",
            f"{stepped_up:%-d %b}  6-4-2 reps now (was 5-3-1): easy twice",
        ]


async def test_progress_pages_through_the_changes_with_j_and_k(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """Five changes of bird dog do not fit under the table at 60×18: j pages on to the older
    ones and k back, while the arrow keys stay with the table; an exercise rated but never
    changed says so."""
    rated(store, clock, "core", "cat-camel", 0, ABOUT_RIGHT)
    for _ in range(12):
        rated(store, clock, "core", "bird-dog", 3, TOO_EASY)
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(60, 18)) as pilot:
        await run_command(app, pilot, "Progress")
        table = app.screen.query_one(DataTable)
        detail = app.screen.query_one("#detail", VerticalScroll)
        table.move_cursor(row=table.get_row_index("core/bird-dog"))
        await pilot.pause()
        assert len(lines(app, "#changes").splitlines()) == 5
        assert detail.max_scroll_y > 0 and detail.scroll_y == 0
        await pilot.press("j")
        await pilot.pause()
        assert detail.scroll_y > 0
        assert table.has_focus
        await pilot.press("k")
        await pilot.pause()
        assert detail.scroll_y == 0
        table.move_cursor(row=table.get_row_index("core/cat-camel"))
        await pilot.pause()
        assert lines(app, "#changes") == NO_CHANGE
