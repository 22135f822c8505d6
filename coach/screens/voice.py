"""Spoken cues in the player: the one-time question, and the Speaker wired to the event loop.

The question comes at the first routine on a machine that can speak, over the paused player, so
it is asked wherever the routine was started from (the list, `coach start`, a resume). Any
answer, escape included, is saved, so it is asked once; Settings changes it later.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from coach.screens.dialog import Dialog
from coach.screens.settings import keep_settings
from coach.settings import Voice
from coach.voice import SPEAKING, Speaker

if TYPE_CHECKING:
    from collections.abc import Callable

    from coach.app import CoachApp


#: Each answer: the setting it saves, its keys, its words (on its button and in the footer).
ANSWERS: tuple[tuple[Voice, str, str], ...] = (
    ("cues", "y", "Yes"),
    ("full", "f", "With steps"),
    ("off", "n,escape", "No"),
)


class VoiceQuestion(Dialog[Voice]):
    """Say the cues aloud? Cues, cues and instructions, or no (escape too)."""

    CSS_PATH = "voice.tcss"
    FITS_PHONE = True
    BINDINGS = [
        Binding(keys, f"answer('{voice}')", words, id=f"voice.{voice}")
        for voice, keys, words in ANSWERS
    ]

    def __init__(self, engine_name: str) -> None:
        super().__init__("Speak the cues aloud?")
        self._engine_name = engine_name

    def compose_body(self) -> ComposeResult:
        yield Static(
            'coach can say each change ("hold", "release", "3, 2, 1") so you can follow a '
            "routine from the floor without looking.",
            id="question",
            markup=False,
        )
        yield Static(
            f"Spoken by {self._engine_name}. Change it any time in Settings.",
            id="detail",
            markup=False,
        )
        with Horizontal(id="buttons"):
            for voice, _keys, words in ANSWERS:
                variant: ButtonVariant = "primary" if voice == "cues" else "default"
                yield Button(words, id=voice, variant=variant, action=f"screen.answer('{voice}')")

    def on_mount(self) -> None:
        self.query_one("#cues", Button).focus()

    def action_answer(self, voice: Voice) -> None:
        self.dismiss(voice)


def voice_undecided(app: CoachApp) -> bool:
    """The question is due: the machine can speak and it was never answered."""
    return app.speech is not None and app.settings.voice == "ask"


def ask_voice(app: CoachApp, then: Callable[[], None]) -> None:
    """Ask once, keep the answer in settings.toml, then carry on (even if it cannot be saved:
    the answer holds for this run)."""
    assert app.speech is not None

    def answered(voice: Voice | None) -> None:
        keep_settings(app, voice=voice or "off")
        then()

    app.push_screen(VoiceQuestion(app.speech.name), callback=answered)


def cue_speaker(app: CoachApp) -> Speaker | None:
    """A Speaker for the player when cues are on and there is an engine, else None."""
    voice = app.settings.voice
    if app.speech is None or voice not in SPEAKING:
        return None
    loop = asyncio.get_running_loop()
    return Speaker(
        app.speech, voice, app.library, clock=app.clock.monotonic, call_later=loop.call_later
    )
