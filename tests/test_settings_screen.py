"""The settings screen writes settings.toml, applies at once, refuses what the file would refuse.

And at start-up: the theme in the file is applied, a bad value is named in a warning.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, Switch

from coach.app import CoachApp
from coach.screens.home import HomeScreen
from coach.screens.settings import SettingsScreen
from coach.settings import Settings, load_settings, settings_path


async def _open(app: CoachApp, pilot: Pilot) -> SettingsScreen:
    await pilot.pause()
    app.action_open_settings()
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def _type(pilot: Pilot, screen: SettingsScreen, key: str, text: str) -> None:
    field = screen.query_one(f"#{key}", Input)
    field.focus()
    field.clear()
    await pilot.press(*text)


def _messages(app: CoachApp, severity: str) -> list[str]:
    return [note.message for note in app._notifications if note.severity == severity]


def _warnings(app: CoachApp) -> list[str]:
    return _messages(app, "warning")


def _errors(app: CoachApp) -> list[str]:
    return _messages(app, "error")


async def test_the_form_shows_the_current_settings(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    settings_path(config_dir).write_text(
        'bell = false\nposition_s = 7.5\nrelease_s = 0\ndefault_routine = "core"\ntheme = "nord"\n'
    )
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        assert screen.query_one("#bell", Select).value == "off"  # false, from an older file
        assert screen.query_one("#position_s", Input).value == "7.5"
        assert screen.query_one("#release_s", Input).value == "0"
        assert screen.query_one("#default_routine", Select).value == "core"
        assert screen.query_one("#theme", Select).value == "nord"
        routines = screen.query_one("#default_routine", Select)
        assert [value for _label, value in routines._options if value != Select.NULL] == list(
            app.library.routines
        )


async def test_save_writes_the_file_and_applies_at_once(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        assert screen.query_one("#bell", Select).has_focus
        screen.query_one("#bell", Select).value = "holds"
        screen.query_one("#count_down", Switch).value = True
        await _type(pilot, screen, "position_s", "8.5")
        await _type(pilot, screen, "release_s", "0")
        screen.query_one("#default_routine", Select).value = "core"
        screen.query_one("#theme", Select).value = "gruvbox"
        screen.query_one("#runner", Select).value = "no"
        await pilot.pause()
        assert app.theme == "gruvbox"  # previewed
        await pilot.press("ctrl+s")
        await pilot.pause()
        wanted = Settings(
            bell="holds",
            count_down=True,
            position_s=8.5,
            release_s=0,
            default_routine="core",
            theme="gruvbox",
            runner="no",
        )
        assert isinstance(app.screen, HomeScreen)
        assert app.settings == wanted
        assert app.theme == "gruvbox"
        assert load_settings(config_dir) == (wanted, [])
        text = settings_path(config_dir).read_text()
        assert "release_s = 0\n" in text  # a whole number stays whole in the file
        assert tomllib.loads(text)["position_s"] == 8.5


async def test_a_bad_number_is_named_and_nothing_is_saved(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await _type(pilot, screen, "position_s", "90")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        hint = screen.query_one("#position_s-hint", Static)
        assert hint.has_class("-problem")
        assert str(hint.render()) == "expected a number of seconds from 0 to 60"
        assert _errors(app) == [
            "Position seconds: expected a number of seconds from 0 to 60, got 90."
        ]
        assert not settings_path(config_dir).exists()
        assert screen.focused is screen.query_one("#position_s", Input)
        await pilot.press("backspace", "backspace", "1", "2")
        assert not hint.has_class("-problem")
        await _type(pilot, screen, "release_s", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert _errors(app)[-1] == (
            "Release seconds: expected a number of seconds from 0 to 30, got nothing."
        )
        assert not settings_path(config_dir).exists()
        await _type(pilot, screen, "release_s", "1.5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert load_settings(config_dir) == (Settings(position_s=12, release_s=1.5), [])


async def test_escape_leaves_everything_as_it_was(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        screen.query_one("#theme", Select).value = "dracula"
        await _type(pilot, screen, "position_s", "9")
        await pilot.pause()
        assert app.theme == "dracula"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "textual-dark"
        assert app.settings == Settings()
        assert not settings_path(config_dir).exists()


async def test_the_buttons_work_with_the_mouse(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        screen.query_one("#bell", Select).value = "off"
        screen.query_one("#save").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert load_settings(config_dir)[0].bell == "off"


async def test_the_theme_in_the_file_is_applied_on_start(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    settings_path(config_dir).write_text('theme = "solarized-light"\n')
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "solarized-light"
        assert _warnings(app) == []


async def test_bad_values_in_the_file_are_named_on_start(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    settings_path(config_dir).write_text('release_s = "two"\ntheme = "no-such-theme"\n')
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert set(_warnings(app)) == {
            'settings.toml: release_s: expected a number of seconds from 0 to 30, got "two"; '
            "using the default, 2.",
            "settings.toml: theme: no theme called 'no-such-theme'; using textual-dark. "
            "Pick one in Settings.",
        }
        assert app.settings.release_s == 2
        assert app.theme == "textual-dark"


async def test_saving_the_form_keeps_the_remapped_keys(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    settings_path(config_dir).write_text('release_s = 3\n\n[keys]\nhome.checkin = "x"\n')
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await _type(pilot, screen, "release_s", "4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert load_settings(config_dir) == (Settings(release_s=4, keys={"home.checkin": "x"}), [])


async def test_whether_you_run_is_offered_as_home_asked_it(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    """Offered "Not chosen yet" only while home's question is to come; then yes or no."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        runner = screen.query_one("#runner", Select)
        assert runner.value == "ask"
        assert [value for _label, value in runner._options] == ["yes", "no", "ask"]
    settings_path(config_dir).write_text('runner = "yes"\n')
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        runner = screen.query_one("#runner", Select)
        assert runner.value == "yes"
        assert [value for _label, value in runner._options] == ["yes", "no"]


async def test_only_an_emergency_number_typed_in_the_form_is_written(
    app_factory: Callable[[], CoachApp], config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved untouched, the locale's number stays the locale's (999 here, 911 after a move to
    the US); typed, the person's number is written and outlives a change of locale."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        assert screen.query_one("#emergency_number", Input).value == "999"
        await _type(pilot, screen, "release_s", "3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert "emergency_number" not in settings_path(config_dir).read_text()
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        assert screen.query_one("#emergency_number", Input).value == "911"
        await _type(pilot, screen, "emergency_number", "112")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.settings.emergency_number == "112"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    settings, problems = load_settings(config_dir)
    assert (settings.emergency_number, settings.release_s, problems) == ("112", 3, [])


async def test_a_change_here_keeps_what_another_copy_saved_meanwhile(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    """Two copies on one settings.toml: the emergency number saved by the other, since this
    one started, outlives a theme picked here (written at once) and this one's Save of the
    form, which writes only what was changed in it; and this copy uses it from then on."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        settings_path(config_dir).write_text('emergency_number = "112"\nrelease_s = 4\n')
        app.theme = "nord"  # picked from ctrl+p: saved at once
        await pilot.pause()
        assert load_settings(config_dir) == (
            Settings(theme="nord", emergency_number="112", emergency_number_chosen=True,
                     release_s=4),
            [],
        )  # fmt: skip
        screen = await _open(app, pilot)
        await _type(pilot, screen, "position_s", "7")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert (app.settings.emergency_number, app.settings.release_s) == ("112", 4)
    settings, problems = load_settings(config_dir)
    assert (settings.emergency_number, settings.release_s, settings.position_s) == ("112", 4, 7)
    assert (settings.theme, problems) == ("nord", [])


async def test_a_default_routine_no_file_has_is_named_once(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    """default_routine = "nope": named when the routine list (which reads the library) opens,
    and only once however often it and the settings screen open; before that, home named
    nothing about it, since it does not read the library."""
    settings_path(config_dir).write_text('default_routine = "nope"\n')
    app = app_factory()
    problem = (
        'settings.toml: default_routine: no routine has the id "nope"; none is suggested '
        "before your check-in. Pick one in Settings."
    )
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert _warnings(app) == []
        for _ in range(2):
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        await _open(app, pilot)
        assert _warnings(app) == [problem]
