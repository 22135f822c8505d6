"""No exercise without a current warning-sign screen, and a warning sign stops exercise at once:
every way into the player, and every way a sign can arrive, in the real app (Pilot) on a real
SQLite file. Time moves only with the FakeClock; the player's safety check is what its repaint
tick calls."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Static

from coach.app import CoachApp, make_app
from coach.cli.main import cli
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.red_flags import parse_red_flags
from coach.screens.checkin import CheckinScreen
from coach.screens.home import HomeScreen
from coach.screens.player import PlayerScreen
from coach.screens.red_flags import (
    AboutYouScreen,
    FollowUpScreen,
    MistakeQuestion,
    RedFlagResultScreen,
    RedFlagsScreen,
)
from coach.screens.resume import ResumeQuestion
from coach.screens.routines import RoutinesScreen
from coach.screens.run_player import RunPlayerScreen
from coach.screens.settings import SettingsScreen
from coach.screens.summary import PainModal
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.red_flags import save_screen
from coach.store.sessions import start_session
from tests.helpers import (
    ENTERS_TO_NOTE,
    checked_in,
    clear_screen,
    end_phase,
    pain_now_kept,
    run_command,
    screened,
    seed_recent_screens,
    text_of,
)


def table(store: Store, sql: str) -> list[tuple]:
    return store.conn.execute(sql).fetchall()


async def answer_the_questions(app: CoachApp, pilot: Pilot) -> None:
    """About you (none) and the warning signs (none of these): one key each."""
    assert isinstance(app.screen, AboutYouScreen)
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, RedFlagsScreen)
    assert text_of(app, "#intro").startswith("Before your first routine")
    await pilot.press("n")
    await pilot.pause()


async def open_by(how: str, app: CoachApp, pilot: Pilot) -> None:
    if how == "routine list":
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        await pilot.press("enter")
    else:
        await run_command(app, pilot, "Start routine: Core")
    await pilot.pause()


@pytest.mark.parametrize("how", ["routine list", "palette"])
async def test_a_fresh_start_asks_the_questions_before_any_routine(
    app_factory: Callable[[], CoachApp], store: Store, how: str
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by(how, app, pilot)
        assert table(store, "SELECT count(*) FROM sessions") == [(0,)]
        await answer_the_questions(app, pilot)
        assert isinstance(app.screen, PainModal)  # all clear: the routine follows
        await pilot.press("5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
    assert table(store, "SELECT result, checkin_id FROM red_flags") == [("none", None)]
    assert table(store, "SELECT count(*) FROM about_you") == [(1,)]
    assert table(store, "SELECT status, pain_before FROM sessions") == [("in_progress", 5)]


async def test_a_week_on_enter_on_home_asks_the_questions_before_the_routine_it_suggests(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """Checked in today, the warning signs last asked 8 days ago: Enter on home (the routine
    the plan suggests) asks them first, and the routine follows once all is clear."""
    with store.write() as db:
        db["checkins"].insert({"day": "2026-11-25", "at": "2026-11-25T07:00:00.000Z", "pain": 3})
    screened(store, date(2026, 11, 17))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagsScreen)
        assert text_of(app, "#intro").startswith("A week has passed")
        assert table(store, "SELECT count(*) FROM sessions") == [(0,)]
        await pilot.press("n")
        await pain_now_kept(pilot, app)
    assert table(store, "SELECT result FROM red_flags ORDER BY id") == [("none",), ("none",)]
    assert table(store, "SELECT status, pain_before FROM sessions") == [("in_progress", 3)]


async def test_a_week_up_while_pain_now_is_asked_asks_the_questions_before_the_routine(
    store: Store, config_dir: Path
) -> None:
    """ "Pain now?" left open past midnight, into the day the week since the warning signs is
    up: answering it asks the questions first (then pain now again, for the new day), and
    never opens the player on a screen that is no longer current."""
    screened(store, date(2026, 11, 17))
    clock = FakeClock(datetime(2026, 11, 23, 23, 59, 30, tzinfo=ZoneInfo("Europe/London")))
    app = make_app(store=store, clock=clock, config_dir=config_dir, start_routine="core")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PainModal)
        clock.advance(60)
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagsScreen)
        assert text_of(app, "#intro").startswith("A week has passed")
        assert table(store, "SELECT count(*) FROM sessions") == [(0,)]
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PainModal)
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
    latest = table(store, "SELECT day, result FROM red_flags ORDER BY id")[-1]
    assert latest == ("2026-11-24", "none")
    assert table(store, "SELECT day, status FROM sessions") == [("2026-11-24", "in_progress")]


async def test_coach_start_asks_the_questions_first(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = make_app(store=store, clock=clock, config_dir=config_dir, start_routine="core")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_the_questions(app, pilot)
        assert isinstance(app.screen, PainModal)


async def test_escape_from_the_questions_starts_nothing(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by("routine list", app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert table(store, "SELECT count(*) FROM sessions") == [(0,)]
    assert table(store, "SELECT count(*) FROM red_flags") == [(0,)]


async def test_a_warning_sign_among_the_questions_starts_no_routine(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by("palette", app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("down", "down", "space")  # new sexual dysfunction: urgent
        await pilot.pause()
        assert isinstance(app.screen, RedFlagResultScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert table(store, "SELECT count(*) FROM sessions") == [(0,)]


async def test_resuming_asks_the_questions_first(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    start_session(store, clock, "core", pain_before=3)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeQuestion)
        await pilot.press("r")
        await pilot.pause()
        await answer_the_questions(app, pilot)
        assert isinstance(app.screen, PlayerScreen)


async def test_while_a_warning_sign_holds_no_way_in_opens_the_player(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    seed_recent_screens(store)
    start_session(store, clock, "core", pain_before=3)  # an unfinished one to resume, too
    save_checkin(
        store, clock, checkin_entry(pain=2), red_flags=parse_red_flags("fever", frozenset())
    )
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")  # resume: refused
        await pilot.pause()
        await open_by("routine list", app, pilot)
        await open_by("palette", app, pilot)
        assert not any(isinstance(screen, PlayerScreen) for screen in app.screen_stack)
        assert isinstance(app.screen, HomeScreen)
        assert "see a doctor today" in text_of(app, "#plan-detail")
        refusals = [str(note.message) for note in app._notifications if note.title == "Not today"]
        assert len(refusals) == 3 and all("see a doctor today" in note for note in refusals)


# --- a warning sign stops a running routine ------------------------------------------------------


def playing(store: Store, clock: FakeClock, config_dir: Path) -> CoachApp:
    seed_recent_screens(store)
    checked_in(store)
    return make_app(store=store, clock=clock, config_dir=config_dir, start_routine="core")


@asynccontextmanager
async def a_rep_played(
    store: Store, clock: FakeClock, config_dir: Path
) -> AsyncIterator[tuple[CoachApp, Pilot, PlayerScreen]]:
    """Core playing (as `coach start core` opens it), one rep of it on disk."""
    app = playing(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        yield app, pilot, await one_rep_done(app, pilot, clock)


async def next_tick_stops(app: CoachApp, pilot: Pilot, player: PlayerScreen) -> None:
    """The player's next repaint tick finds the sign: the care screen is on top."""
    player.check_safety()  # what the next repaint tick does
    await pilot.pause()
    assert isinstance(app.screen, RedFlagResultScreen)


async def one_rep_done(app: CoachApp, pilot: Pilot, clock: FakeClock) -> PlayerScreen:
    player = await pain_now_kept(pilot, app)
    while not table(app.store, "SELECT count(*) FROM reps")[0][0]:
        end_phase(player, clock)
    return player


def assert_stopped(app: CoachApp, player: PlayerScreen, clock: FakeClock, rings: list[int]) -> None:
    """Timer stopped, session closed as stopped with its reps, no more reps, no bell."""
    store = app.store
    reps = table(store, "SELECT count(*) FROM reps")[0][0]
    assert reps >= 1
    assert table(store, "SELECT status FROM sessions") == [("stopped",)]
    assert player.timer.done and player.timer.stopped
    rung = len(rings)
    for _ in range(5):
        clock.advance(30)
        player.on_deadline()
    assert table(store, "SELECT count(*) FROM reps")[0][0] == reps
    assert len(rings) == rung


async def test_an_urgent_sign_from_the_checkin_over_the_player_stops_it_at_the_next_tick(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = playing(store, clock, config_dir)
    rings: list[int] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
        player = await one_rep_done(app, pilot, clock)
        await run_command(app, pilot, "Check in")
        await pilot.press("y")  # replace this morning's
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("3", *["enter"] * (ENTERS_TO_NOTE - 1), "y", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagsScreen)
        await pilot.press("space")  # urgent: numbness around the genitals or bottom
        await pilot.pause(0.3)  # the player's repaint tick runs underneath
        assert isinstance(app.screen, RedFlagResultScreen)
        assert player.stopped_by is not None
        assert_stopped(app, player, clock, rings)
        await pilot.press("enter")  # "Back to home": home, not the player
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen_stack == [app.screen]  # home alone: the player is gone
        await pilot.press("r", "enter")  # and no way back in that day
        await pilot.pause()
        assert not any(isinstance(screen, PlayerScreen) for screen in app.screen_stack)
        assert [note.title for note in app._notifications][-1] == "Not today"


def sign_from_another_copy(db_file: Path, clock: FakeClock, sign: str, *, pain: int) -> None:
    """A second copy of coach, on its own connection, checks in again with `sign` ticked."""
    other = Store.open(db_file)
    try:
        flags = parse_red_flags(sign, frozenset())
        save_checkin(other, clock, checkin_entry(pain=pain), red_flags=flags, replace=True)
    finally:
        other.close()


async def test_a_sign_recorded_by_another_copy_stops_the_player(
    store: Store, clock: FakeClock, config_dir: Path, db_file: Path
) -> None:
    async with a_rep_played(store, clock, config_dir) as (app, pilot, player):
        sign_from_another_copy(db_file, clock, "night_pain", pain=5)
        await next_tick_stops(app, pilot, player)
        assert app.screen.has_class("same-day")
        assert_stopped(app, player, clock, [])


async def test_a_sign_from_coach_checkin_stops_the_player(
    store: Store, clock: FakeClock, config_dir: Path, db_file: Path
) -> None:
    async with a_rep_played(store, clock, config_dir) as (app, pilot, player):
        result = CliRunner().invoke(
            cli,
            ["--db", str(db_file), "checkin", "--pain", "6", "--replace", "--new-symptoms",
             "--red-flags", "both_legs"],
            obj=clock,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        await next_tick_stops(app, pilot, player)
        assert_stopped(app, player, clock, [])


async def test_a_sign_while_a_dialog_covers_the_player_shows_once_it_closes(
    store: Store, clock: FakeClock, config_dir: Path, db_file: Path
) -> None:
    async with a_rep_played(store, clock, config_dir) as (app, pilot, player):
        await pilot.press("escape")  # "Leave this routine?"
        await pilot.pause()
        sign_from_another_copy(db_file, clock, "chest_pain", pain=5)
        player.check_safety()
        await pilot.pause()
        assert table(store, "SELECT status FROM sessions") == [("stopped",)]
        await pilot.press("k")  # "keep going": there is nothing to go on with
        await pilot.pause()
        assert isinstance(app.screen, RedFlagResultScreen)


async def test_the_interval_run_asks_the_questions_first_and_a_sign_stops_it(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock, db_file: Path
) -> None:
    """`g` on home (the day's running stage): the warning signs first on a fresh record, then
    the run; a sign from another copy stops it at its next tick, with nothing more asked."""
    clock.advance(-24 * 3600)  # pain 8 yesterday, 2 today: a running stage is due
    save_checkin(store, clock, checkin_entry(pain=8))
    clock.advance(24 * 3600)
    save_checkin(store, clock, checkin_entry(pain=2))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await answer_the_questions(app, pilot)
        run = app.screen
        assert isinstance(run, RunPlayerScreen)
        sign_from_another_copy(db_file, clock, "walking", pain=2)
        run.check_safety()  # what its next repaint tick does
        await pilot.pause()
        assert isinstance(app.screen, RedFlagResultScreen)
        assert run.timer.done and run.stopped_by is not None
        clock.advance(600)
        run.on_deadline()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    # Ended where it stopped, with no pains asked: kept, and it judges no stage.
    assert table(store, "SELECT pain_during, ended_at IS NOT NULL FROM runs") == [(None, 1)]


# --- after the warning sign --------------------------------------------------------------------


async def test_a_mistaken_yes_is_undone_the_same_day(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """Only the yes is replaced: the check-in's all-clear earlier that day stands."""
    seed_recent_screens(store)
    save_checkin(store, clock, checkin_entry(pain=3), red_flags=clear_screen())
    clock.advance(3600)
    save_screen(store, clock, parse_red_flags("serious_accident", frozenset()))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "No exercise today" in text_of(app, "#plan-line")
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, MistakeQuestion)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagsScreen)
        assert text_of(app, "#intro").startswith("Answered by mistake")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Normal day" in text_of(app, "#plan-line")
    kept = table(store, "SELECT result, superseded_at IS NOT NULL FROM red_flags ORDER BY id")
    assert kept[-3:] == [("none", 0), ("urgent", 1), ("none", 0)]


async def test_a_yes_answered_again_after_midnight_is_not_taken_back(
    store: Store, config_dir: Path
) -> None:
    """ "I answered by mistake" is for the day of the answers: the list asked again just
    before midnight and answered after it records the new answers and takes nothing back,
    and says why; the sign holds until its follow-up."""
    seed_recent_screens(store)
    clock = FakeClock(datetime(2026, 11, 24, 23, 58, tzinfo=ZoneInfo("Europe/London")))
    save_screen(store, clock, parse_red_flags("serious_accident", frozenset()))
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagsScreen)
        clock.advance(180)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagResultScreen)
        assert not app.screen.query("#undo")
        [note] = [note for note in app._notifications if note.title == "Not taken back"]
        assert str(note.message).startswith("It is past midnight: the answers of 24 November")
        await pilot.press("enter")  # Back to home: the care screen was shown over it
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen_stack == [app.screen]
    kept = table(store, "SELECT day, result, superseded_at IS NOT NULL FROM red_flags ORDER BY id")
    assert kept[-2:] == [("2026-11-24", "urgent", 0), ("2026-11-25", "none", 0)]


def reported_the_day_before(store: Store, clock: FakeClock, sign: str) -> None:
    """`sign` ticked at a check-in of pain 3, and the clock a day on: its follow-up is due."""
    seed_recent_screens(store)
    flags = parse_red_flags(sign, frozenset())
    save_checkin(store, clock, checkin_entry(pain=3), red_flags=flags)
    clock.advance(86400)


async def test_the_next_checkin_starts_with_the_follow_up(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    reported_the_day_before(store, clock, "weight_loss")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Press c" in text_of(app, "#hint")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)
        assert text_of(app, "#reported") == "On 25 November you reported unexplained weight loss."
        await pilot.press("g")  # it has gone
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("2", *["enter"] * (ENTERS_TO_NOTE + 1))
        await pilot.pause()
        assert isinstance(app.screen, RedFlagsScreen)  # lifted: the signs once more
        assert text_of(app, "#intro").startswith("The warning sign you reported")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Normal day" in text_of(app, "#plan-line")
    assert table(store, "SELECT answer FROM follow_ups") == [("gone",)]


async def test_not_yet_repeats_the_advice(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    reported_the_day_before(store, clock, "fever")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("n")  # not yet
        await pilot.pause()
        await pilot.press("4", *["enter"] * (ENTERS_TO_NOTE + 1))
        await pilot.pause()
        assert isinstance(app.screen, RedFlagResultScreen)
        assert text_of(app, "#title") == "See a doctor today"
        assert not app.screen.check_action("undo", ())  # a mistake only the same day
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c")  # asked once a day: straight to replacing today's check-in
        await pilot.pause()
        assert not isinstance(app.screen, FollowUpScreen)


async def test_about_you_and_the_emergency_number_in_settings(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    seed_recent_screens(store)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert text_of(app, "#about-you-hint") == "none of the four"
        await app.screen.run_action("about_you")
        await pilot.pause()
        assert isinstance(app.screen, AboutYouScreen)
        await pilot.press("space", "enter")  # a history of cancer
        await pilot.pause()
        assert text_of(app, "#about-you-hint") == "a history of cancer"
        number = app.screen.query_one("#emergency_number")
        number.value = "112"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.settings.emergency_number == "112"
        save_checkin(store, clock, checkin_entry(pain=3),
                     red_flags=parse_red_flags("chest_pain", frozenset()))  # fmt: skip
        await pilot.press("r", "enter")
        await pilot.pause()
        [refusal] = [str(note.message) for note in app._notifications if note.title == "Not today"]
        assert "Call 112 or go to the emergency department" in refusal
    assert table(store, "SELECT cancer_history FROM about_you ORDER BY id") == [(0,), (1,)]


async def test_a_notice_on_home_is_dismissed_for_a_week(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    seed_recent_screens(store)
    save_checkin(store, clock, checkin_entry(pain=10))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notice = app.screen.query_one("#notice", Static)
        assert notice.display
        assert str(notice.render()).startswith("See your GP or physiotherapist: pain 10/10")
        await pilot.press("d")
        await pilot.pause()
        assert not app.screen.query_one("#notice").display
    assert table(store, "SELECT notice FROM notice_dismissals") == [("worst_pain",)]
