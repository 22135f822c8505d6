"""Settings: the eight things a user may want to change, saved to `settings.toml`, and
"about you", the background asked once (kept in the database, as health records are).

The fields are checked with `coach.settings.setting_problem`, the same rules the loader
applies to the file, so the screen never writes a file the app would then refuse. The theme
is previewed as soon as it is picked; escape puts the old one back.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, Static, Switch

from coach.rules import BACKGROUND
from coach.screens.red_flags import AboutYouScreen
from coach.settings import Bell, Runner, Settings, Voice, save_changes, setting_problem
from coach.store import StoreError
from coach.store.red_flags import background, save_background
from coach.user_text import shown, text
from coach.widgets.footer import Footer

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from textual.notifications import SeverityLevel

    from coach.app import CoachApp


def _parse_seconds(text: str) -> float | None:
    """ "5" → 5 and "2.5" → 2.5 (a whole number stays an int, so the file says `5`), else None."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if math.isfinite(value) and value.is_integer():
        return int(value)
    return value


#: One of a question's answers ("ask" while it is to come).
Answer = TypeVar("Answer", bound=str)

#: Each typed field: its setting key, its label, the hint shown while it is valid, what the
#: Input lets be typed, and how its text is read.
TYPED_FIELDS: dict[str, tuple[str, str, str, Callable[[str], object]]] = {
    "position_s": ("Position seconds", "to get into position", "number", _parse_seconds),
    "release_s": ("Release seconds", "to relax between reps", "number", _parse_seconds),
    "emergency_number": (
        "Emergency number",
        "in every warning-sign message",
        "integer",
        str.strip,
    ),
}

#: The voice choices as the list shows them; "ask" only while the question at the first
#: routine is still to come.
BELL_CHOICES: dict[Bell, str] = {
    "off": "Off",
    "holds": "Holds start, end",
    "every": "Every change",
}
#: Whether you run, as home asks it; "ask" only while home's question is still to come.
RUNNER_CHOICES: dict[Runner, str] = {
    "yes": "I run",
    "no": "I don't run",
    "ask": "Not chosen yet",
}
VOICE_CHOICES: dict[Voice, str] = {
    "off": "Off",
    "cues": "Cues",
    "full": "Cues and steps",
    "ask": "Not chosen yet",
}


class SettingsScreen(Screen[None]):
    """Edits `app.settings`; ctrl+s saves (and applies the theme), escape leaves unchanged."""

    CSS_PATH = "settings.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
    ]

    app: CoachApp

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        routines = self.app.library.routines
        yield Header()
        with VerticalScroll(id="form"):
            with Horizontal(classes="field"):
                yield Label("Bell", classes="name")
                yield Select(
                    [(label, bell) for bell, label in BELL_CHOICES.items()],
                    value=settings.bell,
                    allow_blank=False,
                    id="bell",
                )
                yield Static("a beep in a routine", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Count down", classes="name")
                yield Switch(settings.count_down, id="count_down")
                yield Static("a tick in a hold's last 3 s", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Voice", classes="name")
                yield Select(
                    _offered(VOICE_CHOICES, settings.voice),
                    value=settings.voice,
                    allow_blank=False,
                    disabled=self.app.speech is None,
                    id="voice",
                )
                yield Static(_voice_hint(self.app), id="voice-hint", classes="hint", markup=False)
            with Horizontal(classes="field"):
                yield Label("Running", classes="name")
                yield Select(
                    _offered(RUNNER_CHOICES, settings.runner),
                    value=settings.runner,
                    allow_blank=False,
                    id="runner",
                )
                yield Static("Running: or Walking: line", classes="hint")
            for key, (name, hint, kind, _read) in TYPED_FIELDS.items():
                with Horizontal(classes="field"):
                    yield Label(name, classes="name")
                    yield Input(_field_text(getattr(settings, key)), id=key, type=kind)  # type: ignore[arg-type]
                    yield Static(hint, id=f"{key}-hint", classes="hint", markup=False)
            with Horizontal(classes="field"):
                yield Label("Default routine", classes="name")
                yield Select(
                    [(text(routine.name), routine.id) for routine in routines.values()],
                    value=settings.default_routine
                    if settings.default_routine in routines
                    else next(iter(routines)),
                    allow_blank=False,
                    id="default_routine",
                )
                yield Static("when none is suggested", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Theme", classes="name")
                yield Select(
                    [(name, name) for name in sorted(self.app.available_themes)],
                    value=self.app.theme,
                    allow_blank=False,
                    id="theme",
                )
                yield Static("previewed as you pick", classes="hint")
            with Horizontal(classes="field"):
                yield Label("About you", classes="name")
                yield Button("Change", id="about-you", action="screen.about_you")
                yield Static(id="about-you-hint", classes="hint", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save", id="save", variant="primary", action="screen.save")
                yield Button("Cancel", id="cancel", action="screen.cancel")
                yield Static("Timings apply from the next routine.", id="note", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self._theme_before = self.app.theme
        self.app.check_default_routine()
        self.query_one("#bell", Select).focus()
        self._show_background()

    def _show_background(self) -> None:
        given = background(self.app.store)
        if given is None:
            words = "not asked yet"
        else:
            said = [item.label for item in BACKGROUND if item.column in given]
            words = ", ".join(said) if said else "none of the four"
        self.query_one("#about-you-hint", Static).update(words)

    def action_about_you(self) -> None:
        """The background, saved at once as a new row (the earlier answers are kept)."""

        def answered(answers: dict[str, bool] | None) -> None:
            if answers is None:
                return
            try:
                save_background(self.app.store, self.app.clock, answers)
            except StoreError as error:
                self.notify(shown(str(error)), title="Not saved", severity="error", markup=False)
                return
            self._show_background()

        self.app.push_screen(AboutYouScreen(background(self.app.store)), answered)

    @on(Select.Changed, "#theme")
    def _preview_theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value

    @on(Input.Changed)
    def _clear_problem(self, event: Input.Changed) -> None:
        key = event.input.id or ""
        self._show_hint(key, TYPED_FIELDS[key][1], problem=False)

    def action_save(self) -> None:
        values: dict[str, Any] = {}
        for key, (name, _hint, _kind, read) in TYPED_FIELDS.items():
            text = self.query_one(f"#{key}", Input).value
            value = read(text)
            problem = setting_problem(key, value)
            if problem is not None or value is None:
                self._show_hint(key, str(problem), problem=True)
                self.query_one(f"#{key}", Input).focus()
                self.notify(
                    f"{name}: {problem}, got {shown(text.strip()) or 'nothing'}.",
                    title="Not saved",
                    severity="error",
                    markup=False,
                )
                return
            values[key] = value
        voice = self.query_one("#voice", Select).value
        assert voice in VOICE_CHOICES
        bell = self.query_one("#bell", Select).value
        assert bell in BELL_CHOICES
        runner = self.query_one("#runner", Select).value
        assert runner in RUNNER_CHOICES
        settings = replace(  # the keys are kept as the file has them
            self.app.settings,
            bell=bell,
            count_down=self.query_one("#count_down", Switch).value,
            voice=voice,
            runner=runner,
            position_s=values["position_s"],
            release_s=values["release_s"],
            default_routine=str(self.query_one("#default_routine", Select).value),
            theme=str(self.query_one("#theme", Select).value),
            emergency_number=values["emergency_number"],
            emergency_number_chosen=self.app.settings.emergency_number_chosen
            or values["emergency_number"] != self.app.settings.emergency_number,
        )
        path = save_settings(self.app, settings)
        if path is None:
            return
        self.app.theme = settings.theme
        self.app.notify(f"Saved to {shown(str(path))}.", title="Settings", markup=False)
        self.dismiss()

    def action_cancel(self) -> None:
        self.app.theme = self._theme_before
        self.dismiss()

    def _show_hint(self, key: str, text: str, *, problem: bool) -> None:
        hint = self.query_one(f"#{key}-hint", Static)
        hint.update(text)
        hint.set_class(problem, "-problem")


def save_settings(
    app: CoachApp,
    wanted: Settings,
    *,
    failure: str = "Cannot write the settings",
    title: str = "Not saved",
    severity: SeverityLevel = "error",
) -> Path | None:
    """Write what `wanted` changes from the app's settings over settings.toml as it stands
    (what another copy saved meanwhile stays), make the result the app's, and give the file's
    path; None when it cannot be written, said in a notice, as text (the error names the
    config folder)."""
    try:
        app.settings, path = save_changes(app.config_dir, app.settings, wanted)
    except OSError as error:
        app.notify(f"{failure}: {shown(str(error))}", title=title, severity=severity, markup=False)
        return None
    return path


def keep_settings(app: CoachApp, **changes: Any) -> None:
    """Apply `changes` (one answer: whether you run, the voice) and write them to
    settings.toml; when the file cannot be written they hold until coach closes."""
    wanted = replace(app.settings, **changes)
    if save_settings(app, wanted) is None:
        app.settings = wanted


def _offered(choices: Mapping[Answer, str], current: Answer) -> list[tuple[str, Answer]]:
    """A question's answers as a Select lists them: "Not chosen yet" ("ask") only while the
    question is still to come, so once answered it cannot be chosen back."""
    return [
        (label, value) for value, label in choices.items() if value != "ask" or current == "ask"
    ]


def _voice_hint(app: CoachApp) -> str:
    if app.speech is None:
        return "no speech program found"
    return f"spoken by {app.speech.name}"


def _field_text(value: object) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)
