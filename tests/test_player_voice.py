"""Spoken cues in the real player (Pilot, FakeClock, a recording engine), the one-time question,
the Voice setting, and the player's layout on a phone held upright."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Select, Static
from textual.widgets._footer import FooterKey

from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.screens.player import PlayerScreen
from coach.screens.resume import ResumeQuestion
from coach.screens.settings import SettingsScreen
from coach.screens.voice import VoiceQuestion
from coach.settings import Settings, settings_path
from coach.store import Store
from coach.voice import END_WORDS, find_engine
from coach.widgets.hold_timer import HoldTimer
from coach.widgets.too_small import TooSmall
from harness.terminal import COACH, Terminal, coach_env
from tests.helpers import RecordingEngine, answer_pain_now, checked_in, end_phase
from tests.terminal import checked_in_today

#: SHORT, phase by phase: get ready · hold release hold · rest · switch · hold release hold.
SHORT_SAID = [
    "Single-leg pelvic tilt, left side",
    "Hold.",
    "Release.",
    "Hold. Last one.",
    "Rest.",
    "Switch to the right side.",
    "Hold.",
    "Release.",
    "Hold. Last one.",
    END_WORDS,
]


def _app(
    store: Store,
    clock: FakeClock,
    config_dir: Path,
    speech: RecordingEngine | None,
    **options: object,
) -> CoachApp:
    checked_in(store)
    return make_app(
        store=store,
        clock=clock,
        config_dir=config_dir,
        speech=speech,
        start_routine="short",
        **options,  # type: ignore[arg-type]
    )


def _saved_voice(config_dir: Path) -> str | None:
    path = settings_path(config_dir)
    return tomllib.loads(path.read_text())["voice"] if path.exists() else None


async def test_the_question_comes_once_at_the_first_routine_and_the_answer_is_kept(
    store: Store, clock: FakeClock, config_dir: Path, short_routine: str
) -> None:
    engine = RecordingEngine(clock)
    app = _app(store, clock, config_dir, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_pain_now(pilot, app)
        assert isinstance(app.screen, VoiceQuestion)
        player = app.screen_stack[-2]
        assert isinstance(player, PlayerScreen) and player.timer.paused
        clock.advance(30)  # the get-ready time waits for the answer
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is player and not player.timer.paused
        assert player.timer.remaining() == 5.0
        assert engine.said == [(clock.monotonic(), SHORT_SAID[0])]
    assert _saved_voice(config_dir) == "cues"

    again = _app(store, clock, config_dir, RecordingEngine(clock))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeQuestion)  # the first session was left running
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(again.screen, PlayerScreen)  # and no question this time
        assert again.settings.voice == "cues"


async def test_escape_is_an_answer_too_no_voice(
    store: Store, clock: FakeClock, config_dir: Path, short_routine: str
) -> None:
    engine = RecordingEngine(clock)
    app = _app(store, clock, config_dir, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_pain_now(pilot, app)
        assert isinstance(app.screen, VoiceQuestion)
        await pilot.press("escape")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen) and not player.timer.paused
        end_phase(player, clock)
        await pilot.pause()
    assert _saved_voice(config_dir) == "off"
    assert engine.said == []


async def test_without_a_speech_program_nothing_is_asked_and_the_bell_stays(
    store: Store, clock: FakeClock, config_dir: Path, short_routine: str
) -> None:
    app = _app(store, clock, config_dir, None)
    bells: list[None] = []
    app.bell = lambda: bells.append(None)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_pain_now(pilot, app)
        player = app.screen
        assert isinstance(player, PlayerScreen) and not player.timer.paused
        end_phase(player, clock)
        await pilot.pause()
        assert bells == [None]
        app.action_open_settings()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#voice", Select).disabled
        hint = str(app.screen.query_one("#voice-hint", Static).render())
        assert hint == "no speech program found"
    assert _saved_voice(config_dir) is None  # still to be asked where there is a voice


async def test_the_player_speaks_at_every_phase_change_and_at_the_end(
    store: Store, clock: FakeClock, config_dir: Path, short_routine: str
) -> None:
    engine = RecordingEngine(clock)
    app = _app(store, clock, config_dir, engine, settings=Settings(voice="cues", bell="off"))
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_pain_now(pilot, app)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        while not player.timer.done:
            said_before = len(engine.said)
            end_phase(player, clock)
            await pilot.pause()
            # Said at the deadline itself, when the phase changed, not a repaint later.
            assert engine.said[said_before][0] == clock.monotonic()
        await pilot.pause()
    assert engine.texts == SHORT_SAID
    assert engine.stopped >= 1  # the player went away: anything still being said stops


async def test_the_voice_setting_is_chosen_and_saved_in_settings(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = make_app(store=store, clock=clock, config_dir=config_dir, speech=RecordingEngine(clock))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_open_settings()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        voice = screen.query_one("#voice", Select)
        assert voice.value == "ask" and not voice.disabled
        hint = str(screen.query_one("#voice-hint", Static).render())
        assert hint == "spoken by a recording engine"
        voice.value = "full"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert _saved_voice(config_dir) == "full"
    assert app.settings.voice == "full"


# --- a phone held upright ----------------------------------------------------------------------


async def test_on_a_phone_the_countdown_is_big_and_the_cues_sit_under_it(
    store: Store, clock: FakeClock, config_dir: Path, short_routine: str
) -> None:
    app = _app(store, clock, config_dir, None)
    async with app.run_test(size=(40, 30)) as pilot:
        await answer_pain_now(pilot, app)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        end_phase(player, clock)
        await pilot.pause()
        assert player.has_class("-narrow") and not player.query(TooSmall)
        clock_box = player.query_one("#clock").region
        guide = player.query_one("#guide").region
        assert clock_box.width == 40 and guide.y >= clock_box.bottom  # beneath, full width
        assert not player.query_one("#instructions").display
        cues = str(player.query_one("#cues", Static).render())
        assert "stop if pain builds" in cues  # the exercise's stop-if cue stays in sight
        countdown = player.query_one(HoldTimer)
        assert countdown.region.height >= 10 and "█" * 4 in str(countdown.render())
        assert str(player.query_one("#counter", Static).render()) == "rep 1 of 2 · left side"
        keys = {key.action: key.region for key in player.query(FooterKey)}
        own = ("toggle_pause(False)", "next_exercise('exercise')", "previous_exercise")
        own += ("skip_rep('narrow')", "leave")  # "Next", not "Next side", fits a phone
        assert all(keys[action].right <= 40 for action in own)  # every player key on screen
        await pilot.click(offset=keys["toggle_pause(False)"].offset)  # a tap on "Pause"
        assert player.timer.paused

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert player.has_class("-wide") and not player.has_class("-narrow")
        labels = {key.description for key in player.query(FooterKey)}
        assert "Skip rep" in labels and "Skip" not in labels  # the full words fit again
        assert player.query_one("#instructions").display
        assert player.query_one("#guide").region.x > 40  # back beside the countdown


# --- the installed command, in a real terminal ---------------------------------------------------


@pytest.mark.terminal
@pytest.mark.skipif(
    find_engine() is None, reason="no speech program here (.ci/run installs espeak-ng)"
)
def test_the_installed_coach_asks_once_where_the_machine_can_speak(tmp_path: Path) -> None:
    home, db = tmp_path / "home", tmp_path / "data" / "coach.db"
    config = home / ".config" / "coach"
    config.mkdir(parents=True)
    checked_in_today(db)
    with Terminal([str(COACH), "start", "pelvic-tilts"], env=coach_env(home, db)) as term:
        term.wait_for("Pain now?")
        term.keys("Enter")
        term.wait_for("Speak the cues aloud?")
        term.keys("n")
        term.wait_for("GET READY")
    assert _saved_voice(config) == "off"
