"""The dialogs in Pilot: each shows its own keys in its own footer (never the keys of the
screen behind it, which do nothing while it is up), and the one confirm dialog can grey out
a yes that is not possible."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.screens.checkin import ReplaceQuestion
from coach.screens.day import DayScreen
from coach.screens.dialog import Dialog
from coach.screens.home import HomeScreen
from coach.screens.player import LeaveQuestion
from coach.screens.resume import ResumeQuestion
from coach.screens.summary import PainModal
from coach.store import Store
from coach.store.sessions import start_session
from tests.helpers import checked_in, pain_now_kept


def _footer(app: App[None]) -> dict[str, tuple[str, bool]]:
    return {
        key.key: (key.description, not key.has_class("-disabled"))
        for key in app.screen.query(FooterKey)
    }


async def footer_keys(pilot: Pilot[None]) -> dict[str, tuple[str, bool]]:
    """The keys the footer of the screen on top shows: key → (description, enabled).

    The footer recomposes in its own messages after a screen or keymap change; on a loaded
    machine one pause can read it half-built, so wait until two reads in a row agree."""
    shown = _footer(pilot.app)
    for _ in range(50):
        await pilot.pause()
        again = _footer(pilot.app)
        if again and again == shown:
            break
        shown = again
    return shown


async def test_the_leave_question_shows_its_own_keys_not_the_players(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    checked_in(store)
    app = make_app(store=store, clock=clock, config_dir=config_dir, start_routine="core")
    async with app.run_test(size=(80, 24)) as pilot:
        await pain_now_kept(pilot, app)
        assert "space" in await footer_keys(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveQuestion)
        keys = await footer_keys(pilot)
        assert keys["l"] == ("Leave", True) and keys["k"] == ("Keep going", True)
        assert not {"space", "n", "p", "s"} & set(keys)  # the player's keys are not offered
        assert app.screen.focused is app.screen.query_one("#no", Button)  # staying is safe


async def test_the_replace_question_shows_its_own_keys_not_homes(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    checked_in(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReplaceQuestion)
        keys = await footer_keys(pilot)
        assert keys["y"] == ("Replace", True) and keys["n"] == ("Keep it", True)
        assert not {"c", "r", "h", "q"} & set(keys)
        await pilot.press("h")  # home's key does nothing under the question
        await pilot.pause()
        assert isinstance(app.screen, ReplaceQuestion)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_gone_routine_greys_out_resume_in_the_button_the_key_and_the_footer(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    start_session(store, clock, "no-longer-here", pain_before=3)
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ResumeQuestion) and not dialog.can_say_yes
        assert dialog.query_one("#yes", Button).disabled
        assert dialog.focused is dialog.query_one("#no", Button)
        keys = await footer_keys(pilot)
        assert keys["r"] == ("Resume", False) and keys["c"] == ("Close as stopped", True)
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is dialog  # refused: the session stays as it was
        assert store.conn.execute("SELECT status FROM sessions").fetchone()[0] == "in_progress"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert store.conn.execute("SELECT status FROM sessions").fetchone()[0] == "stopped"


async def test_the_pain_question_and_the_day_are_dialogs_with_their_own_keys(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PainModal("Pain now?", "How is your back now, from 0 to 10?"))
        await pilot.pause()
        assert isinstance(app.screen, Dialog)
        keys = await footer_keys(pilot)
        assert keys["enter"] == ("Save", True) and keys["escape"] == ("Skip", True)
        assert "c" not in keys
        await pilot.press("escape")
        await app.push_screen(DayScreen(date(2026, 11, 25)))
        await pilot.pause()
        assert isinstance(app.screen, Dialog)
        assert (await footer_keys(pilot))["escape"] == ("Close", True)


async def test_a_questions_keys_are_remapped_like_any_other(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """Declared with ids, a question's keys take `[keys]`: the footer, the button's key."""
    (config_dir / "settings.toml").write_text('[keys]\n"resume.close" = "x"\n')
    start_session(store, clock, "core", pain_before=3)
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    assert app.settings_problems == ()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeQuestion)
        keys = await footer_keys(pilot)
        assert keys["x"] == ("Close as stopped", True) and "c" not in keys
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ResumeQuestion)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert store.conn.execute("SELECT status FROM sessions").fetchone()[0] == "stopped"
