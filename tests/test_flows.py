"""Starting, resuming and refusing a routine, without a screen: a real SQLite file, the real
library, a frozen clock. The player, the routine list, the resume offer and the CLI all call
these, so what is true here is true everywhere."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable

from coach import clinical
from coach.app import make_app
from coach.cli.main import cli
from coach.clock import FakeClock
from coach.flows import (
    RoutineRefused,
    ScreeningDue,
    begin_session,
    continue_today,
    describe_unfinished,
    prepare_resume,
    prepare_start,
    resume_plan,
    user_plan,
)
from coach.library import Library, load_library
from coach.red_flags import current_hold, parse_red_flags
from coach.screens.routines import RoutinesScreen
from coach.settings import Settings
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.red_flags import record_follow_up
from coach.store.sessions import get_session, record_rep, start_session
from tests.helpers import checked_in, screened

SLOW = Settings(position_s=30, release_s=10)


@pytest.fixture
def library(config_dir: Path) -> Library:
    return load_library(config_dir)


def warning_sign(store: Store, clock: FakeClock) -> None:
    """Today's check-in with a warning sign answered yes, as the check-in screen saves it."""
    flags = parse_red_flags("fever", frozenset())
    save_checkin(store, clock, clinical.checkin_entry(pain=2), red_flags=flags)


def test_a_warning_sign_refuses_every_start_and_resume_until_it_is_followed_up(
    store: Store, clock: FakeClock, library: Library
) -> None:
    screened(store)
    today = clock.today()
    assert current_hold(store) is None
    session = get_session(store, start_session(store, clock, "core", pain_before=3))
    assert session is not None
    warning_sign(store, clock)
    held = current_hold(store)
    assert held is not None
    assert held.refusal(today, "999").startswith("A warning sign was reported today")
    with pytest.raises(RoutineRefused, match="see a doctor today"):
        prepare_start(store, today, library, Settings(), "core")
    with pytest.raises(RoutineRefused, match="see a doctor today"):
        prepare_resume(store, today, library, Settings(), session)
    tomorrow = today + timedelta(days=1)
    with pytest.raises(RoutineRefused, match="Your next check-in asks"):
        prepare_start(store, tomorrow, library, Settings(), "core")
    hold = current_hold(store)
    assert hold is not None
    clock.advance(86400)
    record_follow_up(store, clock, hold.latest_id, "gone")
    with pytest.raises(ScreeningDue) as due:  # lifted: the questions once more, then exercise
        prepare_start(store, tomorrow, library, Settings(), "core")
    assert due.value.gate.screen == "after_warning"
    screened(store, tomorrow)
    assert prepare_start(store, tomorrow, library, Settings(), "core").plan.routine.id == "core"


def test_no_start_or_resume_before_the_questions(
    store: Store, clock: FakeClock, library: Library
) -> None:
    session = get_session(store, start_session(store, clock, "core", pain_before=3))
    assert session is not None
    for attempt in (
        lambda: prepare_start(store, clock.today(), library, Settings(), "core"),
        lambda: prepare_resume(store, clock.today(), library, Settings(), session),
    ):
        with pytest.raises(ScreeningDue) as due:
            attempt()
        assert (due.value.gate.background, due.value.gate.screen) == (None, "first")


def test_a_warning_sign_recorded_while_the_pain_before_is_asked_stops_the_start(
    store: Store, clock: FakeClock, library: Library
) -> None:
    screened(store)
    start = prepare_start(store, clock.today(), library, Settings(), "core")
    warning_sign(store, clock)  # another copy, or `coach checkin`, meanwhile
    with pytest.raises(RoutineRefused):
        begin_session(store, clock, Settings(), start, 4)
    assert store.conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_a_screen_no_longer_current_when_the_pain_before_is_answered_stops_the_start(
    store: Store, clock: FakeClock, library: Library
) -> None:
    """ "Pain now?" left open into the day the week since the warning signs is up: neither a
    start nor an earlier day's session going on as today's passes, and that session is left
    unfinished, to be offered again once the questions are answered."""
    screened(store, clock.today() - timedelta(days=6))
    yesterday = get_session(store, start_session(store, clock, "core", pain_before=3))
    assert yesterday is not None
    start = prepare_start(store, clock.today(), library, Settings(), "core")
    point = resume_plan(store, library, Settings(), yesterday)
    assert point is not None
    clock.advance(86400)
    with pytest.raises(ScreeningDue):
        begin_session(store, clock, Settings(), start, 4)
    with pytest.raises(ScreeningDue):
        continue_today(store, clock, Settings(), yesterday, point.plan, 4)
    assert store.conn.execute("SELECT status FROM sessions").fetchall() == [("in_progress",)]


def test_this_mornings_pain_is_offered_and_the_answer_is_the_pain_before(
    store: Store, clock: FakeClock, library: Library
) -> None:
    today = clock.today()
    screened(store)
    assert prepare_start(store, today, library, Settings(), "core").morning_pain is None
    checked_in(store, pain=6)
    start = prepare_start(store, today, library, Settings(), "core")
    assert start.morning_pain == 6
    claim = begin_session(store, clock, Settings(), start, 5)
    session = get_session(store, claim.session_id)
    assert session is not None
    assert (session.routine, session.status, session.pain_before, session.day) == (
        "core",
        "in_progress",
        5,
        "2026-11-25",
    )


def test_the_plan_is_timed_by_the_users_settings(
    store: Store, clock: FakeClock, library: Library
) -> None:
    routine = library.routines["pelvic-tilts"]
    quick, slow = user_plan(routine, library, Settings()), user_plan(routine, library, SLOW)
    assert {p.seconds for p in slow.phases if p.kind in ("position", "switch")} == {30}
    assert {p.seconds for p in slow.phases if p.kind == "release"} == {10}
    assert slow.total_s > quick.total_s and slow.minutes > quick.minutes
    screened(store)
    start = prepare_start(store, clock.today(), library, SLOW, "pelvic-tilts")
    assert start.plan == slow


def test_resuming_picks_up_after_the_last_rep_with_the_users_timings(
    store: Store, clock: FakeClock, library: Library
) -> None:
    session_id = start_session(store, clock, "pelvic-tilts", pain_before=4)
    for rep_no in (1, 2, 3):
        record_rep(store, clock.now(), session_id, step_no=0, exercise="single-leg-pelvic-tilt",
                   set_no=1, rep_no=rep_no, side="left", hold_s=2, held_s=2.0,
                   active_s=4.0 * rep_no)  # fmt: skip
    session = get_session(store, session_id)
    assert session is not None
    found = resume_plan(store, library, SLOW, session)
    assert found is not None
    assert found.plan == user_plan(library.routines["pelvic-tilts"], library, SLOW)
    phase = found.phase
    assert phase is not None
    assert (phase.kind, phase.rep_no, phase.side) == ("hold", 4, "left")
    screened(store)
    assert prepare_resume(store, clock.today(), library, SLOW, session) == found


def test_the_unfinished_session_described_as_data(
    store: Store, clock: FakeClock, library: Library
) -> None:
    session_id = start_session(store, clock, "pelvic-tilts", pain_before=None)
    record_rep(store, clock.now(), session_id, step_no=0, exercise="single-leg-pelvic-tilt",
               set_no=1, rep_no=1, side="left", hold_s=2, held_s=2.0, active_s=7)  # fmt: skip
    session = get_session(store, session_id)
    assert session is not None
    unfinished = describe_unfinished(store, library, Settings(), session, clock.today())
    assert (unfinished.name, unfinished.reps_done) == ("Pelvic tilts", 1)
    assert unfinished.can_resume and unfinished.resume is not None
    assert len(unfinished.resume.plan.holds) == 30
    assert unfinished.started == clock.now().astimezone()
    assert unfinished.resume is not None and unfinished.resume.phase is not None
    assert unfinished.resume.phase.rep_no == 2


def test_a_session_whose_routine_is_gone_cannot_be_resumed(
    store: Store, clock: FakeClock, library: Library
) -> None:
    session = get_session(store, start_session(store, clock, "deleted-one", pain_before=2))
    assert session is not None
    assert resume_plan(store, library, Settings(), session) is None
    unfinished = describe_unfinished(store, library, Settings(), session, clock.today())
    assert (unfinished.name, unfinished.reps_done, unfinished.resume) == ("deleted-one", 0, None)
    assert not unfinished.can_resume


def test_every_resume_point_after_the_last_rep_is_the_ending(
    store: Store, clock: FakeClock, library: Library
) -> None:
    """With every rep done, only the ending is left: no phase to resume at."""
    plan = user_plan(library.routines["pelvic-tilts"], library, Settings())
    session_id = start_session(store, clock, "pelvic-tilts", pain_before=None)
    for index in plan.holds:
        phase = plan.phases[index]
        record_rep(store, clock.now(), session_id, step_no=phase.step_no, exercise=phase.exercise,
                   set_no=phase.set_no, rep_no=phase.rep_no, side=phase.side,
                   hold_s=phase.seconds, held_s=phase.seconds, active_s=1)  # fmt: skip
    session = get_session(store, session_id)
    assert session is not None
    found = resume_plan(store, library, Settings(), session)
    assert found is not None
    assert (found.index, found.phase) == (len(plan.phases), None)


async def test_the_cli_and_the_routine_list_show_the_same_minutes(
    store: Store, clock: FakeClock, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both time the plan with the user's settings: slow timings lengthen both alike."""
    (config_dir / "settings.toml").write_text("position_s = 30\nrelease_s = 10\n")
    monkeypatch.setenv("COACH_CONFIG_DIR", str(config_dir))
    monkeypatch.setenv("COLUMNS", "200")
    listed = CliRunner().invoke(cli, ["routines"], catch_exceptions=False)
    cli_minutes = {}
    for line in listed.output.splitlines():
        cells = line.split()
        if cells and cells[-1] == "built-in":
            cli_minutes[cells[0]] = cells[-2]
    shown = CliRunner().invoke(cli, ["routines", "show", "pelvic-tilts"])
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_routines()
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        table = app.screen.query_one(DataTable)
        screen_minutes = {
            str(key.value): str(table.get_cell(key, "min")).strip() for key in table.rows
        }
    library = load_library(config_dir)
    expected = {
        routine.id: str(user_plan(routine, library, SLOW).minutes)
        for routine in library.routines.values()
    }
    assert cli_minutes == screen_minutes == expected
    assert expected["pelvic-tilts"] != str(user_plan(
        library.routines["pelvic-tilts"], library, Settings()).minutes)  # fmt: skip
    assert f"about {expected['pelvic-tilts']} min" in shown.output
