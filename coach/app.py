"""The Textual app: holds the services every screen uses and routes between screens."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import signal
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding

from coach.clock import Clock, SystemClock
from coach.paths import config_dir as default_config_dir
from coach.screens.home import HomeScreen
from coach.settings import Settings, load_settings
from coach.store import Store
from coach.store.claims import unfinished
from coach.store.db import failure_message
from coach.user_text import shown
from coach.widgets.too_small import PASS_KEYS, guard, is_covered

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.theme import Theme

    from coach.library import Library
    from coach.voice import Engine


#: New objects, less those freed, that set off a collection of the youngest generation.
YOUNG_COLLECTION_THRESHOLD = 2000
#: The screens home's footer opens (c, r, h): imported once the first frame is on screen, not
#: at the first press of their key, which then waited for them.
SCREENS_AFTER_FIRST_FRAME = (
    "coach.screens.checkin",
    "coach.screens.routines",
    "coach.screens.history",
)


def _coach_commands() -> type[Provider]:
    """The palette's coach commands, imported when the palette first opens (start-up time)."""
    from coach.screens.commands import CoachCommands

    return CoachCommands


class CoachApp(App[None]):
    """coach. Build it with `make_app`, never at import time: the store and clock are injected."""

    TITLE = "coach"
    # Home's own file, read with the app's CSS: the first screen then costs no re-parse of the
    # whole stylesheet (Textual re-parses every rule when a pushed screen brings a new file).
    CSS_PATH = "screens/home.tcss"
    BINDINGS = [
        # Priority, as Textual's own: a dialog (a modal screen) hides the app's other bindings.
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        # Shown only where a text field takes `?` (the footer shows one key per action).
        Binding("f1", "help", "Help", id="app.help_f1"),
        Binding(
            "ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.palette"
        ),
    ]
    COMMANDS = App.COMMANDS | {_coach_commands}

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        config_dir: Path,
        library: Library | None,
        settings: Settings,
        settings_problems: Sequence[str] = (),
        start_routine: str | None = None,
        speech: Engine | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.config_dir = config_dir
        self._library = library
        self.settings = settings
        self.settings_problems = tuple(settings_problems)
        self._settings_problems_told: set[str] = set()
        self.start_routine = start_routine
        #: Why the app stopped, when the database failed under it (damaged pages, a table
        #: gone): the command prints it as its one line instead of a traceback.
        self.failure: str | None = None
        #: The system's speech program for spoken cues; None where there is none (or in tests).
        self.speech = speech
        if settings.keys:  # set before home is built: its hints name the keys
            from coach.screens.keymap import check_keymap

            keymap, keymap_problems = check_keymap(settings.keys, type(self))
            self.set_keymap(keymap)
            self.settings_problems += tuple(keymap_problems)

    @property
    def library(self) -> Library:
        """The exercises and routines, read on first use: home does not need them (start-up)."""
        if self._library is None:
            from coach.library import load_library

            self._library = load_library(self.config_dir)
        return self._library

    def tell_settings_problem(self, problem: str) -> None:
        """A bad settings value in a notice, once a run: the screens that find one only once
        the library is read (a default routine no file has) open again and again."""
        if problem in self._settings_problems_told:
            return
        self._settings_problems_told.add(problem)
        self.notify(shown(problem), title="Settings", severity="warning", timeout=15, markup=False)

    def check_default_routine(self) -> None:
        """Name a default routine the library lacks; the screens that use it read the library
        anyway, and home, which does not, never needs it (start-up)."""
        if self.settings.default_routine not in self.library.routines:
            from coach.settings import unknown_routine_problem

            self.tell_settings_problem(unknown_routine_problem(self.settings.default_routine))

    async def run_async(self, **options: Any) -> None:
        """Run in a real terminal; SIGTERM (a `kill`, a logout) quits as Ctrl+Q does.

        Python's default for SIGTERM ends the process at once, leaving the terminal in the
        alternate screen with mouse reporting on; every rep is already on disk, so quitting
        loses nothing and leaves the routine to resume. The exit code says it was a signal.
        """
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError):  # Windows: no asyncio signal handlers
            loop.add_signal_handler(signal.SIGTERM, self.exit, None, 128 + signal.SIGTERM)
        try:
            return await super().run_async(**options)
        finally:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(signal.SIGTERM)

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.notify(
                f"settings.toml: theme: no theme called {self.settings.theme!r}; "
                f"using {self.theme}. Pick one in Settings.",
                title="Settings",
                severity="warning",
                timeout=15,
                markup=False,
            )
        self.screen_change_signal.subscribe(self, lambda _screen: guard(self))
        self.theme_changed_signal.subscribe(self, self._keep_theme)
        for problem in self.settings_problems:
            self.tell_settings_problem(problem)
        for notice in self.store.notices:
            self.notify(
                shown(notice), title="Privacy", severity="warning", timeout=15, markup=False
            )
        routine = self.start_routine
        found = unfinished(self.store)
        # The player and its modules are imported only when a routine is to start or resume.
        if found.elsewhere:
            from coach.flows import played_elsewhere_notice

            for session in found.elsewhere:
                notice = shown(played_elsewhere_notice(self.library, session))
                self.notify(notice, title="Routine in progress", timeout=15, markup=False)
        if routine is not None or found.left is not None:
            from coach.screens.player import start_routine as open_player
            from coach.screens.resume import offer_resume

            then = (lambda: open_player(self, routine)) if routine else None
            offer_resume(self, found.left, then=then)

    def on_ready(self) -> None:
        """After the first frame, what start-up built (modules, the stylesheet, home) is
        moved out of the garbage collector's reach: it lives as long as the app, yet each full
        collection walked all of it again, 14–109 ms that landed on a key press. Collections
        of the youngest objects start at 2000 of them, not Python's 700: a
        screen opened builds tens of thousands, and every tenth of the collections they set
        off climbs a generation, towards a full one. Cyclic garbage left by
        start-up is frozen with the rest: a few kilobytes, kept once, for no full walk later.

        Before that, the screens home's keys open are imported (`SCREENS_AFTER_FIRST_FRAME`):
        off the first frame's path, and off the first key's."""
        for module in SCREENS_AFTER_FIRST_FRAME:
            importlib.import_module(module)
        gc.freeze()
        gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])

    def get_default_screen(self) -> HomeScreen:
        """Home is the bottom of the stack from the start: no blank screen is built, laid out
        and then covered before the first frame (start-up time)."""
        return HomeScreen()

    def _handle_exception(self, error: Exception) -> None:
        """A database that fails under a screen (damaged pages, a table gone) ends the app with
        one line naming the file, as the commands do; anything else is a bug and keeps
        Textual's traceback. (Textual has no public hook for this; its version is pinned.)"""
        if self.failure is not None:
            return  # widgets torn down mid-mount by the first failure: it is already said
        message = failure_message(error, self.store.path)
        if message is None:
            super()._handle_exception(error)
            return
        self.failure = message
        self._return_code = 2
        self._exception_event.set()  # as Textual's own handler does: a Pilot stops waiting
        self._close_messages_no_wait()

    def fail(self, message: str) -> None:
        """End the app with `message` as the command's one line and exit code 2: the database
        can no longer be written (the player's writer stopped)."""
        if self.failure is None:
            self.failure = message
        self.exit(return_code=2)

    async def action_quit(self) -> None:
        """Quit; while a routine's reps (or a run's intervals) still wait to be saved, only when
        asked a second time."""
        from coach.screens.guided import GuidedScreen

        players = [screen for screen in self.screen_stack if isinstance(screen, GuidedScreen)]
        if all(player.may_quit() for player in players):
            self.exit()

    def action_help_quit(self) -> None:
        """ctrl+c stops nothing (a stray one must not end a routine): it says which key quits,
        over a dialog too, whose own ctrl+c calls this (the app's keys are hidden under it)."""
        keys = self._keymap.get("app.quit", "ctrl+q")
        shown_keys = " or ".join(
            self.get_key_display(binding)
            for binding in Binding.make_bindings([Binding(keys, "quit")])
        )
        self.notify(f"Press {shown_keys} to quit the app.", title="Quit?", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        guard(self, event.size)

    async def on_event(self, event: events.Event) -> None:
        # Once quitting, a key typed with the quit key would open a screen the closing app takes
        # down half-mounted (a traceback); under the too-small cover it would act on a screen
        # the user cannot see.
        if isinstance(event, events.Key) and (
            self._exit or (is_covered(self) and not self._passes_cover(event.key))
        ):
            return
        await super().on_event(event)

    def _passes_cover(self, key: str) -> bool:
        """ctrl+c, and the key that quits (ctrl+q, or the one [keys] gave it)."""
        active = self.screen.active_bindings.get(key)
        return key in PASS_KEYS or (active is not None and active.binding.id == "app.quit")

    def _keep_theme(self, theme: Theme) -> None:
        """A theme picked from the palette is the theme at the next start too. The settings
        screen previews themes as they are picked, and saves or restores its own."""
        from coach.screens.settings import SettingsScreen, save_settings

        if theme.name == self.settings.theme or isinstance(self.screen, SettingsScreen):
            return
        wanted = replace(self.settings, theme=theme.name)
        failure = "The theme is used until coach closes"
        if (
            save_settings(
                self, wanted, failure=failure, title="Theme not saved", severity="warning"
            )
            is None
        ):
            self.settings = wanted

    # --- actions shared by the keys and the command palette ---------------------------------

    def action_help(self) -> None:
        from coach.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_open_settings(self) -> None:
        from coach.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_checkin(self) -> None:
        from coach.screens.checkin import CheckinScreen, start_checkin

        if not isinstance(self.screen, CheckinScreen) and not self._question_open():
            start_checkin(self)

    def action_routines(self) -> None:
        from coach.screens.routines import RoutinesScreen, open_routines

        if (
            not isinstance(self.screen, RoutinesScreen)
            and not self._routine_running()
            and not self._question_open()
        ):
            open_routines(self)

    def action_start_routine(self, routine_id: str) -> None:
        from coach.screens.player import start_routine as open_player

        if not self._routine_running() and not self._question_open():
            open_player(self, routine_id)

    def action_history(self) -> None:
        from coach.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_progress(self) -> None:
        from coach.screens.progress import ProgressScreen

        if not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen())

    def action_start_run(self) -> None:
        """Play today's running stage, when the day's answer is one (never while a warning sign
        holds: the day's answer is then no run), through the same gate as a routine: the
        warning signs first when they are due."""
        from coach.clinical import plan_for_day
        from coach.flows import RoutineRefused, ScreeningDue, check_gate
        from coach.running import answer_for_day
        from coach.screens.red_flags import ask_first
        from coach.screens.run_player import RunPlayerScreen
        from coach.store import StoreError
        from coach.store.days import day_status
        from coach.store.runs import begin_run

        if self._routine_running() or self._question_open():
            return
        status = day_status(self.store, self.clock.today())
        plan = plan_for_day(self.store, status, emergency_number=self.settings.emergency_number)
        stages = tuple(self.library.stages.values())
        answer = (
            answer_for_day(self.store, plan, self.settings.runner, stages, status.day)
            if plan is not None
            else None
        )
        if answer is None or answer.stage is None:
            self.notify(
                "No running stage today: the Running line on home says what fits.",
                title="No interval run",
            )
            return
        try:
            check_gate(self.store, status.day, self.settings)
        except RoutineRefused as refused:
            self.notify(str(refused), title="Not today", severity="error", timeout=20)
            return
        except ScreeningDue as due:
            ask_first(self, due.gate, self.action_start_run)
            return
        try:
            run_id = begin_run(self.store, self.clock, answer.stage.id)
        except StoreError as error:
            self.notify(
                shown(str(error)), title="Cannot start", severity="error", timeout=15, markup=False
            )
            return
        self.push_screen(RunPlayerScreen(answer.stage, stages.index(answer.stage) + 1, run_id))

    def action_learn(self) -> None:
        """The lessons, the cursor on the one behind today's plan (the first before it)."""
        from coach.clinical import plan_for_day
        from coach.learn import LESSON_FOR_PLAN
        from coach.screens.learn import LearnScreen, LessonScreen
        from coach.store.days import day_status

        if not isinstance(self.screen, LearnScreen | LessonScreen):
            status = day_status(self.store, self.clock.today())
            plan = plan_for_day(self.store, status, emergency_number=self.settings.emergency_number)
            self.push_screen(LearnScreen(LESSON_FOR_PLAN[plan.kind] if plan else None))

    def action_export(self) -> None:
        from coach.screens.export import ExportDialog, open_export

        if not isinstance(self.screen, ExportDialog):
            open_export(self)

    def _question_open(self) -> bool:
        """A question a start or a check-in waits on is open (about you, the warning signs,
        the follow-up, pain now), reached over by ctrl+p: a second start or check-in there
        would stack its own questions, and the first would still go on once its were
        answered. Say so."""
        from coach.screens.red_flags import ChecklistScreen, FollowUpScreen
        from coach.screens.summary import PainModal

        waiting = (ChecklistScreen, FollowUpScreen, PainModal)
        if any(isinstance(screen, waiting) for screen in self.screen_stack):
            self.notify("Answer the question on screen first.", title="Question open")
            return True
        return False

    def _routine_running(self) -> bool:
        """A second routine or run over one being played would leave the first half-recorded:
        say so."""
        from coach.screens.guided import GuidedScreen
        from coach.screens.run_player import RunPlayerScreen

        players = [screen for screen in self.screen_stack if isinstance(screen, GuidedScreen)]
        if any(isinstance(screen, RunPlayerScreen) for screen in players):
            self.notify("Finish or leave the run under way first.", title="Run under way")
            return True
        if players:
            self.notify("Finish or leave the routine under way first.", title="Routine running")
            return True
        return False


def make_app(
    *,
    store: Store,
    clock: Clock | None = None,
    config_dir: Path | None = None,
    library: Library | None = None,
    settings: Settings | None = None,
    start_routine: str | None = None,
    speech: Engine | None = None,
) -> CoachApp:
    """The one factory for the CLI, the tests and the screenshots. The settings (now) and the
    library (on first use) are read from `config_dir` unless given; `start_routine` opens
    straight into the player; `speech` speaks the cues (the CLI passes the system's engine, so
    tests and screenshots stay silent unless they pass one)."""
    folder = config_dir or default_config_dir()
    problems: list[str] = []
    if settings is None:
        settings, problems = load_settings(folder)
    return CoachApp(
        store=store,
        clock=clock or SystemClock(),
        config_dir=folder,
        library=library,
        settings=settings,
        settings_problems=problems,
        start_routine=start_routine,
        speech=speech,
    )
