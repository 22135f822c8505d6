"""ctrl+p reaches every action by name: check in, any routine, history, export, settings, help."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.command import CommandPalette

from coach.app import CoachApp
from coach.screens.checkin import CheckinScreen
from coach.screens.commands import coach_commands
from coach.screens.export import ExportDialog
from coach.screens.help import HelpScreen
from coach.screens.history import HistoryScreen
from coach.screens.home import HomeScreen
from coach.screens.learn import LearnScreen
from coach.screens.player import PlayerScreen
from coach.screens.red_flags import AboutYouScreen
from coach.screens.routines import RoutinesScreen
from coach.screens.settings import SettingsScreen
from coach.screens.summary import PainModal
from coach.settings import settings_path
from coach.store import Store
from tests.helpers import checked_in, pain_now_kept, run_command


async def test_every_action_and_every_routine_is_a_command(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        names = [name for name, _help, _callback in coach_commands(app)]
        assert names[:9] == [
            "Check in",
            "Routines",
            "History",
            "Progress",
            "Learn",
            "Run today's stage",
            "Export report",
            "Settings",
            "Help",
        ]
        routines = app.library.routines.values()
        assert names[9:] == [f"Start routine: {routine.name}" for routine in routines]
        assert all(help_text for _name, help_text, _callback in coach_commands(app))
        # Textual's own provider stays, for "Theme" (every built-in theme) and "Quit".
        system = [name for name, *_ in app.get_system_commands(app.screen)]
        assert {"Theme", "Quit"} <= set(system)


async def test_the_palette_opens_each_screen(app_factory: Callable[[], CoachApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for query, screen_type in [
            ("history", HistoryScreen),
            ("settings", SettingsScreen),
            ("check in", CheckinScreen),
            ("routines", RoutinesScreen),
            ("learn", LearnScreen),
        ]:
            await run_command(app, pilot, query)
            assert isinstance(app.screen, screen_type), query
            app.pop_screen()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_help_from_the_palette_describes_the_screen_beneath(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_open_settings()
        await pilot.pause()
        await run_command(app, pilot, "help")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen_stack[-2].__class__ is SettingsScreen
        keys = [str(widget.render()) for widget in app.screen.query(".description")]
        assert keys[:2] == ["Save", "Cancel"]


async def test_start_routine_by_name_writes_a_session(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    checked_in(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_command(app, pilot, "start routine: core")
        await pain_now_kept(pilot, app)
        rows = store.db.execute("SELECT routine, status, pain_before FROM sessions").fetchall()
        assert rows == [("core", "in_progress", 4)]
        # A second routine over the running one is refused, by name or from the list.
        await run_command(app, pilot, "start routine: gentle")
        await run_command(app, pilot, "routines")
        assert isinstance(app.screen, PlayerScreen)
        assert store.db.execute("SELECT count(*) FROM sessions").fetchone() == (1,)
        titles = [note.title for note in app._notifications]
        assert titles.count("Routine running") == 2


async def test_export_opens_the_dialog_which_writes_beside_the_database_and_says_where(
    app_factory: Callable[[], CoachApp], store: Store, db_file: Path
) -> None:
    checked_in(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_command(app, pilot, "export")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        path = db_file.parent / "coach-export-2026-11-25.html"
        text = path.read_text()
        assert text.startswith("<!DOCTYPE html>") and "This report covers 2026-11-25" in text
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert [note.message for note in app._notifications][-1] == f"Wrote {path}"


async def test_a_theme_picked_from_the_palette_is_kept_for_the_next_start(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await run_command(app, pilot, "theme")  # "Theme": the list of themes, itself a palette
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"nord")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    assert 'theme = "nord"' in settings_path(config_dir).read_text()
    again = app_factory()  # a second start, reading the same config folder
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_no_second_start_or_checkin_over_a_question_a_start_waits_on(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """A routine chosen in the list waits on "about you" (then the warning signs, then pain
    now); ctrl+p reaches over them, but starts nothing and opens no check-in there: each would
    stack its own questions, and the first start would still run once its own were answered."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        asked = app.screen
        assert isinstance(asked, AboutYouScreen)
        for command in ("Start routine: Core", "Check in", "Routines"):
            await run_command(app, pilot, command)
            assert app.screen is asked
        said = [note.message for note in app._notifications if note.title == "Question open"]
        assert said == ["Answer the question on screen first."] * 3
        await pilot.press("n", "n")  # about you, the warning signs: then pain now
        await pilot.pause()
        assert isinstance(app.screen, PainModal)
        await run_command(app, pilot, "Start routine: Core")
        assert isinstance(app.screen, PainModal)
        assert sum(isinstance(screen, PainModal) for screen in app.screen_stack) == 1
