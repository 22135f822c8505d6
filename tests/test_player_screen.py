"""The player end to end in Pilot: keys in, the real SQLite file checked after every rep.

Time moves only with the FakeClock: `end_phase` moves it to the phase's deadline and calls
`on_deadline()`, exactly what the screen's one-shot timer calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from coach.app import CoachApp, make_app
from coach.cli.main import cli
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.red_flags import parse_red_flags
from coach.screens.feedback import LegPainQuestion, RateQuestion
from coach.screens.home import HomeScreen
from coach.screens.player import LeaveQuestion, PlayerScreen, SkipQuestion
from coach.screens.resume import ResumeQuestion
from coach.screens.routines import RoutinesScreen
from coach.screens.summary import PainModal, SummaryScreen, pain_line
from coach.settings import Bell, Settings
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.history import what_helps
from coach.store.sessions import record_rep, start_session
from coach.widgets.hold_timer import HoldTimer, big_lines, fitting_scale
from coach.widgets.pain_scale import PainScale
from coach.words import countdown, counter_line, next_line, stop_if_line
from tests.conftest import FROZEN_NOW
from tests.helpers import (
    COVERS,
    checked_in,
    covered_twice,
    end_phase,
    footer_labels,
    pain_now_kept,
    routine_playing,
    screened,
    text_of,
    written,
)


def _app(store: Store, clock: FakeClock, config_dir: Path, **options: object) -> CoachApp:
    return make_app(store=store, clock=clock, config_dir=config_dir, **options)  # type: ignore[arg-type]


def _reps(store: Store) -> list[tuple]:
    return store.db.execute(
        "SELECT session_id, step_no, set_no, rep_no, side, hold_s, held_s FROM reps ORDER BY id"
    ).fetchall()


def _sessions(store: Store) -> list[tuple]:
    return store.db.execute(
        "SELECT routine, status, pain_before, pain_after, active_s, ended_at IS NOT NULL "
        "FROM sessions ORDER BY id"
    ).fetchall()


async def test_a_short_routine_from_the_list_to_the_summary(
    store: Store, clock: FakeClock, config_dir: Path, short_routine: str
) -> None:
    screened(store)
    app = _app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        assert text_of(app, "#about") == (
            f"{app.library.routines['pelvic-tilts'].summary}\n"
            f"Source: {app.library.routines['pelvic-tilts'].source}"
        )
        await pilot.press("down", "down")  # pelvic-tilts → pre-run → short, which names none
        await pilot.pause()
        assert text_of(app, "#about") == "Two holds a side, for tests."
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PainModal)  # no check-in today: pain is asked
        await pilot.press("6", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert _sessions(store) == [("short", "in_progress", 6, None, 0, 0)]
        assert text_of(app, "#phase") == "GET READY"
        assert text_of(app, "#exercise") == "Single-leg pelvic tilt"
        assert text_of(app, "#counter") == "rep 1 of 2 · left side"
        assert screen.query_one(HoldTimer).value == "5"
        assert text_of(app, "#time-left") == "0:31 left"

        end_phase(screen, clock)
        await pilot.pause()
        assert text_of(app, "#phase") == "HOLD"
        assert _reps(store) == []
        end_phase(screen, clock)
        assert _reps(store) == [(1, 0, 1, 1, "left", 3.0, 3.0)]  # on disk before any repaint
        await pilot.pause()
        assert text_of(app, "#phase") == "RELEASE"
        assert text_of(app, "#next") == "Next: hold 3 s, rep 2 of 2"
        end_phase(screen, clock)
        end_phase(screen, clock)
        await pilot.pause()
        assert text_of(app, "#phase") == "REST"
        assert text_of(app, "#counter") == "REST · next: right side"

        while isinstance(app.screen, PlayerScreen):
            end_phase(screen, clock)
            await pilot.pause()
        assert isinstance(app.screen, RateQuestion)  # the last exercise, rated at the end
        assert _sessions(store)[0][:2] == ("short", "completed")  # closed before the question
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, PainModal)
        assert app.screen.query_one(PainScale).value == 6  # the pain before, offered
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LegPainQuestion)
        await pilot.press("n")
        await written(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        assert "complete" in text_of(app, "#headline")
        assert text_of(app, "#reps") == "Reps   4 of 4"
        assert text_of(app, "#pain").startswith("Pain   6 → 3: less pain")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert _sessions(store) == [("short", "completed", 6, 3, 31.0, 1)]
    assert [(side, rep_no) for *_, rep_no, side, _, _ in _reps(store)] == [
        ("left", 1),
        ("left", 2),
        ("right", 1),
        ("right", 2),
    ]
    assert {held for *_, held in _reps(store)} == {3.0}


async def test_a_routine_played_to_the_end_with_its_reps_skipped_is_stopped(
    store: Store, clock: FakeClock, config_dir: Path, short_routine: str
) -> None:
    async with routine_playing(store, clock, config_dir, short_routine) as (app, pilot, _player):
        await pilot.press("n", "n", "n")  # to the right side, skip the exercise?, yes
        await pilot.pause()
        assert isinstance(app.screen, PainModal)
        assert _sessions(store)[0][:2] == ("short", "stopped")
        player = app.screen_stack[-2]
        assert str(player.query_one("#phase", Static).render()) == "STOPPED"
        assert str(player.query_one("#time-left", Static).render()) != "0:00 left"
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "stopped" in text_of(app, "#headline")
        assert text_of(app, "#reps") == "Reps   0 of 4"


async def test_n_goes_to_the_other_side_first_and_asks_before_skipping_an_exercise(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    async with routine_playing(store, clock, config_dir, "pelvic-tilts") as (app, pilot, screen):
        end_phase(screen, clock)  # into the first hold, left side
        await pilot.pause()
        assert "Next side" in footer_labels(app) and "Next" not in footer_labels(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen  # no question: the right side is the same exercise
        assert (text_of(app, "#phase"), text_of(app, "#exercise")) == (
            "SWITCH SIDES",
            "Single-leg pelvic tilt",
        )
        assert text_of(app, "#counter") == "rep 1 of 10 · right side"
        shown = footer_labels(app)
        assert "Next" in shown and "Next side" not in shown  # the last side
        end_phase(screen, clock)
        end_phase(screen, clock)  # one rep on the right side
        await written(pilot, app)
        await pilot.press("n")  # the last side: leaving the exercise asks
        await pilot.pause()
        question = app.screen
        assert isinstance(question, SkipQuestion)
        assert str(question.query_one("#question", Static).render()) == (
            "Skip the rest of Single-leg pelvic tilt?"
        )
        assert str(question.query_one("#detail", Static).render()) == (
            "Next: Double-leg pelvic tilt. The reps you did are kept."
        )
        assert screen.timer.paused  # covered: the routine waits
        await pilot.press("k")  # keep going
        await pilot.pause()
        assert app.screen is screen and not screen.timer.paused
        assert (text_of(app, "#exercise"), text_of(app, "#phase")) == (
            "Single-leg pelvic tilt",
            "RELEASE",
        )
        await pilot.press("n", "n")  # n again says yes
        await pilot.pause()
        assert app.screen is screen
        assert (text_of(app, "#exercise"), text_of(app, "#phase")) == (
            "Double-leg pelvic tilt",
            "GET READY",
        )
    assert len(_reps(store)) == 1


async def test_pain_now_is_asked_before_a_routine_with_this_mornings_answer_offered(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    checked_in(store, pain=4)
    app = _app(store, clock, config_dir, start_routine="pelvic-tilts")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PainModal)
        assert app.screen.title_text == "Pain now?"
        assert text_of(app, "#question") == (
            "How is your back now, from 0 to 10?\nThis morning you said 4: Enter keeps it."
        )
        assert app.screen.query_one(PainScale).value == 4
        await pilot.press("6", "enter")  # worse than this morning
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.sub_title == "Pelvic tilts"
    assert _sessions(store) == [("pelvic-tilts", "in_progress", 6, None, 0, 0)]
    with store.write() as db:  # the routine ends, pain after 5
        db.execute("UPDATE sessions SET status = 'completed', pain_after = 5")
    day = clock.today()
    (effect,) = what_helps(store, day, day).routines
    assert (effect.change.before, effect.change.after) == (6, 5)  # pain now, not the morning's


async def test_coach_start_keeps_this_mornings_pain_with_enter(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    async with routine_playing(store, clock, config_dir, "pelvic-tilts") as (_app, _pilot, player):
        assert player.session_id == 1
    assert _sessions(store) == [("pelvic-tilts", "in_progress", 4, None, 0, 0)]


async def test_core_warms_up_then_swaps_legs_between_curl_up_sets(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    async with routine_playing(store, clock, config_dir, "core") as (app, pilot, screen):
        assert (text_of(app, "#exercise"), text_of(app, "#phase")) == ("Cat–camel", "GET READY")
        stop_if = screen.query_one("#stop-if", Static)
        assert text_of(app, "#stop-if") == "Stop if pain spreads into a leg."
        # beside the timer, whole, above the progress row: not in the scrolling guide
        assert stop_if.region.height == 1 and stop_if.region.bottom <= 24 - 3
        assert stop_if.region.right <= screen.query_one("#guide").region.x
        while [phase.kind for phase in screen.timer.next_phases(2)] != ["rest", "swap"]:
            end_phase(screen, clock)
        await pilot.pause()
        assert text_of(app, "#next") == "Next: rest 15 s, then swap legs"  # the last curl-up
        end_phase(screen, clock)
        await pilot.pause()
        assert text_of(app, "#next") == "Next: swap legs"
        assert text_of(app, "#counter") == "REST · next: set 2 of 3, legs swapped"
        end_phase(screen, clock)
        await written(pilot, app)
        assert (text_of(app, "#exercise"), text_of(app, "#phase")) == ("Curl-up", "SWAP LEGS")
        assert text_of(app, "#counter") == "rep 1 of 3 · set 2 of 3"
        assert text_of(app, "#next") == "Next: hold 10 s, rep 1 of 3"
        assert text_of(app, "#stop-if") == "Stop if pain spreads into a leg."
        assert len(_reps(store)) == 6 + 5  # the cat–camel cycles and the first curl-up set
        end_phase(screen, clock)  # the swap ends, and is not a rep
        await written(pilot, app)
        assert (text_of(app, "#phase"), len(_reps(store))) == ("HOLD", 11)
        end_phase(screen, clock)
        await written(pilot, app)
    assert _reps(store)[-1][1:5] == (1, 2, 1, "both")  # curl-ups, set 2, rep 1


async def test_pause_skip_next_and_previous_from_the_keyboard(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    async with routine_playing(store, clock, config_dir, "pelvic-tilts") as (app, pilot, screen):
        assert {"Pause", "Start now"} <= footer_labels(app) and "Skip rep" not in footer_labels(app)
        # A label changing by phase is redrawn in place: remounting the keys at every phase
        # holds the event loop under a running timer.
        keys = list(app.screen.query(FooterKey))
        await pilot.press("space")
        clock.advance(300)
        screen.on_deadline()
        await pilot.pause()
        assert text_of(app, "#phase") == "PAUSED · space to go on"
        assert "Resume" in footer_labels(app) and "Pause" not in footer_labels(app)
        assert screen.timer.remaining() == 5  # five minutes paused cost nothing
        await pilot.press("space")
        await pilot.pause()
        assert text_of(app, "#phase") == "GET READY"
        assert "Pause" in footer_labels(app) and "Resume" not in footer_labels(app)

        await pilot.press("s")  # skip the get-ready
        await pilot.pause()
        assert text_of(app, "#phase") == "HOLD"
        assert "Skip rep" in footer_labels(app) and "Start now" not in footer_labels(app)
        assert list(app.screen.query(FooterKey)) == keys
        clock.advance(1)
        await pilot.press("s")  # skip the rep: not recorded
        await pilot.pause()
        assert text_of(app, "#phase") == "RELEASE"
        assert _reps(store) == []

        await pilot.press("n", "n", "n")  # the right side, then the next exercise, asked
        await pilot.pause()
        assert text_of(app, "#exercise") == "Double-leg pelvic tilt"
        assert text_of(app, "#phase") == "GET READY"
        await pilot.press("p")  # at an exercise's start: back to the one before
        await pilot.pause()
        assert text_of(app, "#exercise") == "Single-leg pelvic tilt"
        assert text_of(app, "#counter") == "rep 1 of 10 · left side"


async def test_leaving_asks_first_and_keeps_every_rep(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    async with routine_playing(store, clock, config_dir, "pelvic-tilts", pain=5) as (
        app,
        pilot,
        screen,
    ):
        end_phase(screen, clock)
        end_phase(screen, clock)  # one rep done
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveQuestion)
        assert text_of(app, "#question") == "Leave this routine?"
        assert screen.timer.paused  # the routine waits while the question is up
        await pilot.press("k")
        await pilot.pause()
        assert app.screen is screen and not screen.timer.paused
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#yes")  # Leave
        await pilot.pause()
        assert isinstance(app.screen, RateQuestion)
        await pilot.press("escape")  # the rating is skippable
        await pilot.pause()
        assert isinstance(app.screen, PainModal)
        await pilot.press("escape")  # pain now is skippable
        await pilot.pause()
        assert isinstance(app.screen, LegPainQuestion)
        await pilot.press("escape")  # and so is the leg question
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "stopped" in text_of(app, "#headline")
        assert text_of(app, "#reps") == "Reps   1 of 30"
        assert "not answered" in text_of(app, "#pain")
    assert _sessions(store) == [("pelvic-tilts", "stopped", 5, None, 7.0, 1)]
    assert len(_reps(store)) == 1


async def test_a_red_flag_day_refuses_to_start_and_says_why(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    screened(store)
    fever = parse_red_flags("fever", frozenset())
    save_checkin(store, clock, checkin_entry(pain=3), red_flags=fever)
    app = _app(store, clock, config_dir, start_routine="pelvic-tilts")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        messages = [notification.message for notification in app._notifications]
        assert any("see a doctor today" in message for message in messages)
    assert _sessions(store) == []


@pytest.mark.parametrize(("bell", "rings_wanted"), [("every", 6), ("holds", 5), ("off", 0)])
async def test_each_phase_change_rings_as_the_bell_setting_says_and_flashes(
    store: Store,
    clock: FakeClock,
    config_dir: Path,
    short_routine: str,
    bell: Bell,
    rings_wanted: int,
) -> None:
    """Get ready, hold, release, hold, rest, switch, hold: the change from the rest to the
    switch is the one that neither starts nor ends a hold."""
    checked_in(store)
    app = _app(store, clock, config_dir, start_routine=short_routine, settings=Settings(bell=bell))
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        end_phase(screen, clock)
        assert screen.query_one("#clock").has_class("-flash")
        for _ in range(5):
            end_phase(screen, clock)
        assert screen.timer.kind == "hold"
        screen.repaint()  # a repaint is not a phase change
    assert len(rings) == rings_wanted


async def test_an_unfinished_session_is_offered_and_resumes_after_the_last_rep(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    checked_in(store)
    session_id = start_session(store, clock, "pelvic-tilts", pain_before=4)
    for rep_no in (1, 2, 3):
        record_rep(store, clock.now(), session_id, step_no=0, exercise="single-leg-pelvic-tilt",
                   set_no=1, rep_no=rep_no, side="left", hold_s=2, held_s=2.001,
                   active_s=4.0 * rep_no + 1)  # fmt: skip
    app = _app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeQuestion)
        text = text_of(app, "#question") + "\n" + text_of(app, "#detail")
        assert "3 of 30 reps done" in text
        assert "Resume at Single-leg pelvic tilt, rep 4 of 10 · left side?" in text
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert text_of(app, "#phase") == "GET READY"  # time to get back on the floor first
        assert text_of(app, "#counter") == "rep 4 of 10 · left side"
        end_phase(screen, clock)
        end_phase(screen, clock)
        await pilot.pause()
        assert screen.active_s() == 13.0 + 5 + 2
    assert [rep_no for _, _, _, rep_no, *_ in _reps(store)] == [1, 2, 3, 4]
    active = store.db.execute("SELECT active_s FROM sessions").fetchone()[0]
    assert active == 20.0


async def test_an_earlier_days_session_goes_on_as_todays_and_is_closed_under_its_own_day(
    store: Store, clock: FakeClock, config_dir: Path, short_routine: str
) -> None:
    """Left unfinished last night: resuming closes it as stopped under its own day, its reps
    kept there, and plays the rest as a new session of today's, so no rep done today is filed
    under yesterday; its end counts only the reps it was to do."""
    checked_in(store, pain=4)
    last_night = FakeClock(FROZEN_NOW - timedelta(hours=12))
    session_id = start_session(store, last_night, "short", pain_before=6)
    record_rep(store, last_night.now(), session_id, step_no=0, exercise="single-leg-pelvic-tilt",
               set_no=1, rep_no=1, side="left", hold_s=3, held_s=3.0, active_s=8)  # fmt: skip
    app = _app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeQuestion)
        assert text_of(app, "#detail") == (
            "Resume at Single-leg pelvic tilt, rep 2 of 2 · left side, as today's routine? "
            "The one of Tue 24 Nov is closed as stopped.\nEvery rep already done is kept "
            "either way."
        )
        await pilot.press("r")
        screen = await pain_now_kept(pilot, app)  # asked today, this morning's 4 offered
        assert text_of(app, "#counter") == "rep 2 of 2 · left side"
        while isinstance(app.screen, PlayerScreen):
            end_phase(screen, clock)
            await pilot.pause()
        await pilot.press("2")  # how the last exercise was
        await pilot.pause()
        await pilot.press("3", "enter")  # pain now, at the end
        await pilot.pause()
        await pilot.press("n")  # no pain into a leg
        await written(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        assert text_of(app, "#reps") == "Reps   3 of 3"
    rows = store.db.execute(
        "SELECT id, day, status, pain_before, (SELECT count(*) FROM reps WHERE session_id = "
        "sessions.id) FROM sessions ORDER BY id"
    ).fetchall()
    assert rows == [
        (session_id, "2026-11-24", "stopped", 6, 1),
        (session_id + 1, "2026-11-25", "completed", 4, 3),
    ]


async def test_closing_the_unfinished_session_keeps_its_reps(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    session_id = start_session(store, clock, "pelvic-tilts", pain_before=None)
    record_rep(store, clock.now(), session_id, step_no=0, exercise="single-leg-pelvic-tilt",
               set_no=1, rep_no=1, side="left", hold_s=2, held_s=2.0, active_s=7)  # fmt: skip
    app = _app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert _sessions(store) == [("pelvic-tilts", "stopped", None, None, 7.0, 1)]
    assert len(_reps(store)) == 1


def test_coach_start_with_an_unknown_id_lists_the_valid_ones(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), "start", "nope"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        'coach: no routine "nope"; the routines are: core, gentle, pelvic-tilts, pre-run, strength'
    )


def test_the_words_on_the_player(short_routine: str, config_dir: Path) -> None:
    from coach.library import load_library
    from coach.plan import build_plan

    library = load_library(config_dir)
    plan = build_plan(library.routines["short"], library)
    assert counter_line(plan.phases[1]) == "rep 1 of 2 · left side"
    assert next_line(plan.phases[4:6]) == "Next: rest 5 s, then switch to the right side"
    assert next_line(()) == "Next: the end. Last one!"
    assert stop_if_line("pain spreads into a leg") == "Stop if pain spreads into a leg."
    assert stop_if_line("your knee hurts.") == "Stop if your knee hurts."
    assert stop_if_line(None) == ""
    assert pain_line(6, 3) == "6 → 3: less pain, a change people notice"
    assert pain_line(3, 2) == "3 → 2: no clear change [dim](under 2 points)[/dim]"
    assert pain_line(4, 6) == "4 → 6: more pain, a change people notice"
    assert pain_line(None, 2) == "– → 2 [dim](not answered)[/dim]"


def test_the_countdown_rounds_up_and_fits_its_space() -> None:
    assert [countdown(s) for s in (10, 9.01, 9.0, 0.2, 0, -1, 65, 600)] == [
        "10", "10", "9", "1", "0", "0", "1:05", "10:00",
    ]  # fmt: skip
    assert big_lines("1", 1) == ["  ██  ", "████  ", "  ██  ", "  ██  ", "██████"]
    assert fitting_scale("10", width=44, height=14) == 2
    assert fitting_scale("1:05", width=44, height=14) == 1
    assert fitting_scale("10:00", width=10, height=3) == 1


async def test_the_app_factory_loads_settings_and_reports_bad_ones(
    app_factory: Callable[[], CoachApp], config_dir: Path
) -> None:
    (config_dir / "settings.toml").write_text("bell = 3\n")
    app = app_factory()
    assert app.settings == Settings()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert messages == ['settings.toml: bell: expected "off", "holds" or "every", got 3; '
                            'using the default, "every".']  # fmt: skip


@COVERS
async def test_anything_that_covers_the_player_pauses_it_until_it_is_gone(
    store: Store,
    clock: FakeClock,
    config_dir: Path,
    cover: tuple[object, ...],
    uncover: tuple[object, ...],
) -> None:
    """A routine that was running goes on when uncovered; one the user paused stays paused."""
    async with routine_playing(store, clock, config_dir, "pelvic-tilts") as (_app, pilot, player):
        await covered_twice(pilot, clock, player, cover, uncover)


@pytest.mark.parametrize(("count_down", "ticks_wanted"), [(True, 3), (False, 0)])
async def test_the_count_down_ticks_at_a_holds_last_three_seconds(
    store: Store,
    clock: FakeClock,
    config_dir: Path,
    short_routine: str,
    count_down: bool,
    ticks_wanted: int,
) -> None:
    """A 3 s hold: a tick as 3, 2 and 1 show, each once, with the bell off."""
    checked_in(store)
    settings = Settings(bell="off", count_down=count_down)
    app = _app(store, clock, config_dir, start_routine=short_routine, settings=settings)
    ticks: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        app.bell = lambda: ticks.append(screen.timer.remaining())  # type: ignore[method-assign]
        end_phase(screen, clock)
        assert screen.timer.kind == "hold"
        while screen.timer.remaining() > 0.1:
            clock.advance(0.1)
            screen.repaint()
            screen.repaint()  # twice in one second: still one tick
    assert [math.ceil(left) for left in ticks] == [3, 2, 1][:ticks_wanted]


async def test_the_steps_scroll_by_keyboard_and_the_stop_if_line_stays(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """At 80×24 the steps and cues are longer than their panel: j or PgDn shows more, k or
    PgUp goes back; the routine is not touched and "Stop if…" stays beside the timer."""
    async with routine_playing(store, clock, config_dir, "pelvic-tilts") as (app, pilot, screen):
        guide = screen.query_one("#guide")
        stop_if = screen.query_one("#stop-if", Static).region
        assert guide.max_scroll_y > 0 and guide.scroll_y == 0
        phase, left = screen.timer.index, screen.timer.remaining()
        await pilot.press("j")
        await pilot.pause()
        assert guide.scroll_y > 0
        await pilot.press("k")
        await pilot.pause()
        assert guide.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert guide.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert guide.scroll_y == 0
        assert (screen.timer.index, screen.timer.remaining()) == (phase, left)
        assert screen.query_one("#stop-if", Static).region == stop_if
        assert text_of(app, "#stop-if") == "Stop if pain spreads into a leg."
