"""The command palette (ctrl+p): every action of coach by name, from any screen.

Each command calls an app-level action (`CoachApp.action_*`), the same ones the keys use, so
the palette and the keys cannot drift apart. Themes come from Textual's own "Theme" command.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from coach.screens.user_text import escaped
from coach.user_text import shown, text

if TYPE_CHECKING:
    from coach.app import CoachApp

Command = tuple[str, str, Callable[[], object]]


def coach_commands(app: CoachApp) -> list[Command]:
    """(name, help, callback) for every coach action, one "Start routine" per routine."""
    commands: list[Command] = [
        ("Check in", "Today's morning check-in: pain, activity, sleep", app.action_checkin),
        ("Routines", "The list of routines, with today's suggestion", app.action_routines),
        ("History", "Your weeks: calendar, pain trend, what helps", app.action_history),
        (
            "Progress",
            "Your level, and each exercise's dose: how and why it changed",
            app.action_progress,
        ),
        ("Learn", "Short lessons: why the plan says what it says", app.action_learn),
        ("Run today's stage", "The interval player: walk and run by time", app.action_start_run),
        (
            "Export report",
            "A report for a clinician (HTML to print, or Markdown), or every record (CSV, JSON)",
            app.action_export,
        ),
        ("Settings", "Bell, timings, default routine, theme", app.action_open_settings),
        ("Help", "Every key that works on this screen", app.action_help),
    ]
    for routine in app.library.routines.values():
        commands.append(
            (
                f"Start routine: {routine.name}",
                routine.summary,
                partial(app.action_start_routine, routine.id),
            )
        )
    return commands


class CoachCommands(Provider):
    """Offers `coach_commands` in the palette: all of them before typing, fuzzy-matched after.

    A routine's name and summary come from a file, so they are given as text: the palette
    parses a plain string prompt, its help and `Matcher.highlight`'s candidate as markup.
    """

    @property
    def _commands(self) -> list[Command]:
        # A Provider's `app` is a plain property typed App[object]; coach only ever gives it
        # the CoachApp (see CoachApp.COMMANDS).
        return coach_commands(cast("CoachApp", self.app))

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands:
            yield DiscoveryHit(text(name), callback, text=name, help=escaped(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands:
            if (score := matcher.match(shown(name))) > 0:
                prompt = _highlight(matcher, shown(name))
                yield Hit(score, prompt, callback, text=name, help=escaped(help_text))


def _highlight(matcher: Matcher, name: str) -> Content:
    """`name` as text with the letters the query matched highlighted, as the palette does."""
    content = Content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
