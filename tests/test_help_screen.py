"""`?` opens the keys of the screen beneath, read from its live bindings; escape or ? closes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input

from coach.app import CoachApp
from coach.screens.help import APP_GROUP, SCREEN_GROUP, HelpScreen, key_groups
from coach.screens.home import HomeScreen
from coach.screens.settings import SettingsScreen
from coach.store import Store
from tests.helpers import checked_in, help_listing, pain_now_kept


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
        plumbing = {"Focus Next", "Focus Previous", "Copy selected text"}
        assert not plumbing & {words for _, words in listed[SCREEN_GROUP]}
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


async def test_f1_opens_the_help_in_a_text_field_where_question_mark_is_typed(
    app_factory: Callable[[], CoachApp],
) -> None:
    """In a text field `?` belongs to the field, so f1 opens the help; the field's editing
    keys (Textual's) are not listed."""
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
        assert list(listed) == [SCREEN_GROUP, APP_GROUP]  # a text field's keys are Textual's
        assert listed[SCREEN_GROUP][:2] == [("^s", "Save"), ("esc", "Cancel")]
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


@pytest.mark.parametrize("where", ["home", "check-in", "player"])
async def test_the_help_fits_80_by_24_with_its_keys_grouped_and_no_plumbing(
    app_factory: Callable[[], CoachApp], store: Store, where: str
) -> None:
    """Between the header and the footer, nothing to scroll; coach's keys only, each action
    once: the check-in's twelve answer keys are one row, and the focused question's keys
    have a group of their own."""
    checked_in(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if where == "check-in":
            await pilot.press("c", "y")  # replace this morning's
        elif where == "player":
            app.action_start_routine("core")
            await pain_now_kept(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#keys")
        assert keys.region.y >= 1 and keys.region.bottom <= 24 - 1  # header, footer in sight
        assert keys.max_scroll_y == 0
        listed = help_listing(app)
        for rows in listed.values():  # each thing done once a group, with all its keys
            assert len({words for _, words in rows}) == len(rows)
        words = {description for rows in listed.values() for _, description in rows}
        assert not {"Focus Next", "Focus Previous", "Copy selected text"} & words
        if where == "check-in":
            assert ("0–9 y n", "Answer") in listed[SCREEN_GROUP]
            assert list(listed) == [SCREEN_GROUP, "In the pain scale", APP_GROUP]
