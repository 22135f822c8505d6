"""`?` opens the keys of the screen beneath, read from its live bindings; escape or ? closes."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from coach.app import CoachApp
from coach.screens.help import APP_GROUP, SCREEN_GROUP, HelpScreen, key_groups
from coach.screens.home import HomeScreen
from coach.screens.settings import SettingsScreen
from tests.helpers import help_listing


async def test_question_mark_lists_the_home_keys_and_the_app_keys(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        listed = help_listing(app)
        assert list(listed) == [SCREEN_GROUP, APP_GROUP]
        assert listed[SCREEN_GROUP][:6] == [
            ("c", "Check in"),
            ("r", "Routines"),
            ("h", "History"),
            ("l", "Learn"),
            ("s", "Settings"),
            ("q", "Quit"),
        ]
        assert ("tab", "Focus Next") in listed[SCREEN_GROUP]
        assert listed[APP_GROUP] == [
            ("^q", "Quit"),
            ("? f1", "Help"),
            ("^p", "Command palette: every action by name"),
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_every_key_in_the_footer_is_in_the_help(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_open_settings()
        await pilot.pause()
        under = app.screen
        shown = {
            binding.description
            for _node, binding, _enabled, _tip in under.active_bindings.values()
            if binding.show
        }
        described = {row.description for group in key_groups(under, app) for row in group.rows}
        assert shown == {"Save", "Cancel", "Help"}
        assert shown <= described


async def test_the_focused_widget_keys_get_their_own_group(
    app_factory: Callable[[], CoachApp],
) -> None:
    """In a text field `?` belongs to the field, so f1 opens the help; the field's own keys
    are listed apart from the screen's."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_open_settings()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        field = app.screen.query_one("#position_s", Input)
        field.focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("f1")
        await pilot.pause()
        listed = help_listing(app)
        assert list(listed) == [SCREEN_GROUP, "Input", APP_GROUP]
        assert listed[SCREEN_GROUP][:2] == [("^s", "Save"), ("esc", "Cancel")]
        assert ("home ^a", "Go to start") in listed["Input"]
        assert listed[APP_GROUP][1] == ("f1", "Help")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is field.screen
        assert app.screen.focused is field


async def test_the_close_button_closes(app_factory: Callable[[], CoachApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.click("#close")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
