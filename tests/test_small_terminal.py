"""Below 60×18 a "make the window larger" cover instead of a broken layout; resizing is safe.

The cover hides the active screen without replacing it, so a routine underneath keeps its
deadlines and its reps, and comes back exactly where it is when the window grows again. The
screens laid out for a phone held upright (home, the routine list, the player) are covered only
below 40 columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.filter import Monochrome
from textual.geometry import Region
from textual.widgets import Static

from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.screens.checkin import CheckinScreen
from coach.screens.history import HistoryScreen
from coach.screens.home import HomeScreen, _week_lines
from coach.screens.routines import RoutinesScreen
from coach.screens.settings import SettingsScreen
from coach.store import Store
from coach.widgets.too_small import (
    MIN_HEIGHT,
    MIN_WIDTH,
    PHONE_WIDTH,
    TooSmall,
    is_too_small,
    message,
)
from tests.helpers import checked_in, end_phase, pain_now_kept


def _cover(app: CoachApp) -> TooSmall | None:
    covers = app.screen.query_children(TooSmall)
    return covers.first() if covers else None


def _reps(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM reps").fetchone()[0]


def test_the_threshold() -> None:
    from textual.geometry import Size

    assert (MIN_WIDTH, MIN_HEIGHT, PHONE_WIDTH) == (60, 18, 40)
    assert not is_too_small(Size(60, 18))
    assert is_too_small(Size(59, 24))
    assert is_too_small(Size(80, 17))
    phone_screen = HomeScreen()
    assert not is_too_small(Size(40, 18), phone_screen)
    assert is_too_small(Size(39, 30), phone_screen)
    assert is_too_small(Size(40, 17), phone_screen)


async def test_a_small_window_shows_the_message_and_takes_no_keys(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        cover = _cover(app)
        assert cover is not None
        assert str(cover.render()) == message(app.size, PHONE_WIDTH)
        assert "This window is 50 × 14." in str(cover.render())
        assert "at least 40 × 18" in str(cover.render())  # home fits a phone
        await pilot.press("c", "question_mark", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # nothing acted blind
        await pilot.resize_terminal(39, 30)
        await pilot.pause()
        assert "This window is 39 × 30." in str(_cover(app).render())  # type: ignore[union-attr]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert _cover(app) is None
        assert not app.screen.has_class("-too-small")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)


async def test_ctrl_q_still_quits_under_the_cover(app_factory: Callable[[], CoachApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert _cover(app) is not None
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_phone_held_upright_reaches_the_routines_but_not_the_check_in(
    app_factory: Callable[[], CoachApp],
) -> None:
    """At 40×30 home and the routine list are laid out; the check-in asks for 60 columns."""
    app = app_factory()
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and _cover(app) is None
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen) and _cover(app) is None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        cover = _cover(app)
        assert cover is not None and "at least 60 × 18" in str(cover.render())


async def test_a_screen_opened_while_small_is_covered_too(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.pause()
        home = app.screen
        app.action_history()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert _cover(app) is not None
        assert not home.query_children(TooSmall)  # only the visible screen carries it
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert _cover(app) is None
        app.pop_screen()
        await pilot.pause()
        assert app.screen is home and _cover(app) is None


async def test_a_routine_keeps_its_place_and_its_reps_through_a_resize(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    checked_in(store)
    app = make_app(store=store, clock=clock, config_dir=config_dir, start_routine="pelvic-tilts")
    async with app.run_test(size=(80, 24)) as pilot:
        player = await pain_now_kept(pilot, app)
        while player.timer.kind != "hold":
            end_phase(player, clock)
        await pilot.resize_terminal(45, 12)
        await pilot.pause()
        assert app.screen is player and _cover(app) is not None
        assert player.timer.paused  # it cannot be seen, so it waits
        await pilot.press("space")  # would resume the routine: not while it cannot be seen
        assert player.timer.paused
        before = (player.timer.index, player.timer.kind)
        clock.advance(60)
        player.on_deadline()
        assert _reps(store) == 0
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.screen is player and _cover(app) is None
        assert not player.timer.paused  # running when covered: it goes on
        assert (player.timer.index, player.timer.kind) == before
        assert "HOLD" in str(player.query_one("#phase", Static).render()).upper()
        for _ in range(6):  # three holds and their releases, on their deadlines
            end_phase(player, clock)
        await pilot.pause()
        assert _reps(store) == 3
        await pilot.press("space")
        assert player.timer.paused


async def test_no_color_is_honoured(
    app_factory: Callable[[], CoachApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual reads NO_COLOR itself and renders through a monochrome filter."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
        assert any(isinstance(line_filter, Monochrome) for line_filter in app.get_line_filters())
    monkeypatch.delenv("NO_COLOR")
    assert not any(isinstance(f, Monochrome) for f in app_factory().get_line_filters())


async def test_at_60_by_18_no_settings_hint_is_cut_inside_a_word(
    app_factory: Callable[[], CoachApp],
) -> None:
    """Below 80 columns the names and lists narrow, so each hint beside them keeps whole
    words ("espeak-ng", "warning-sign"), not "routin" above "e"."""
    app = app_factory()
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        for hint in app.screen.query(".hint"):
            longest = max(map(len, str(hint.render()).split()), default=0)
            assert longest <= hint.content_region.width, (hint.id, hint.content_region.width)


@pytest.mark.parametrize("size", [(80, 24), (60, 18), (120, 40)])
async def test_the_fortnight_on_home_is_never_broken_across_lines(
    app_factory: Callable[[], CoachApp], store: Store, size: tuple[int, int]
) -> None:
    """A week with strength in it and a fortnight of two digits: "2 weeks: 10 of 13" whole on
    one line, at 80×24, on a phone and on a big screen."""
    checked_in(store)
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        plan = app.screen._plan
        assert plan is not None
        week = replace(plan, week="core 5 of 5 · strength 3 of 3", fortnight="2 weeks: 10 of 13")
        line = app.screen.query_one("#week-line", Static)
        line.update(_week_lines(week))
        await pilot.pause()
        shown = [strip.text.strip() for strip in line.render_lines(Region(0, 0, *line.size))]
        assert "2 weeks: 10 of 13" in shown, shown
