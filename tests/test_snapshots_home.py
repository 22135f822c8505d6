"""What home, the routine list and the resume offer look like at 80×24: one state per snapshot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from textual.pilot import Pilot

from coach.app import CoachApp
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.red_flags import parse_red_flags
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.sessions import record_rep, start_session
from tests.helpers import add_checkin

SIZE = (80, 24)


def keys(*pressed: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press(*pressed)
        await pilot.pause()

    return run_before


def test_home_before_the_checkin(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """A first morning: the date in the header, "not yet today", "after your check-in" for
    the plan, and the hint to press c; c r h l s q and ? Help in the footer, each with its
    label (Textual's compact footer)."""
    assert snap_compare(app_factory(), terminal_size=SIZE)


def test_home_after_the_checkin(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """Pain 5 checked in: a tick and "pain 5/10", the easy-day plan with its advice and
    reason, no routine yet, "This week  core 0 of 5 · strength 0 of 2", and the hint to pick
    one with r. The plan's "why? — l" names Learn, so the footer leaves it out."""
    save_checkin(store, clock, checkin_entry(pain=5, activity="walk", activity_min=30))
    assert snap_compare(app_factory(), terminal_size=SIZE)


def test_home_while_a_warning_sign_holds(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """A same-day sign reported this morning: "No exercise today" in red, the advice with
    NHS 111, the hint to press u if it was ticked by mistake, and u Undo in the footer,
    ? Help still labelled."""
    flags = parse_red_flags("night_pain", frozenset())
    save_checkin(store, clock, checkin_entry(pain=4), red_flags=flags)
    assert snap_compare(app_factory(), terminal_size=SIZE)


def test_home_with_a_see_your_gp_notice(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """Pain 8 or more on three mornings: the gentle day, and under it in amber "See your GP or
    physiotherapist: pain 8/10 or more on 3 mornings running (23 Nov to 25 Nov)"; d Dismiss in
    the footer to dismiss it for a week, q Quit and ? Help still beside it. Above it, "This
    week  pelvic tilts 0 of 5", "2 weeks: 0 of 2" beneath its words, and in amber "Level
    down to gentle after pain 8/10 on 23 Nov.": all inside 80×24."""
    for days_ago in (2, 1):
        add_checkin(store, clock.today() - timedelta(days=days_ago), 8)
    save_checkin(store, clock, checkin_entry(pain=8))
    assert snap_compare(app_factory(), terminal_size=SIZE)


def test_routine_list_marks_todays_suggestion(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """On an easy day: the five built-in routines with level and minutes, a star beside
    pelvic tilts and core, the cursor on the first suggestion and its summary below."""
    save_checkin(store, clock, checkin_entry(pain=5))
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=keys("r"))


def test_resume_offer_after_a_crash(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """A routine left in progress with two reps done: on start, the offer to resume it at
    the next rep or to close it as stopped, with r and c in the footer."""
    session = start_session(store, clock, "pelvic-tilts", pain_before=4)
    for rep_no in (1, 2):
        record_rep(
            store,
            clock.now(),
            session,
            step_no=0,
            exercise="single-leg-pelvic-tilt",
            set_no=1,
            rep_no=rep_no,
            side="left",
            hold_s=2,
            held_s=2.0,
            active_s=14.0 * rep_no,
        )
    assert snap_compare(app_factory(), terminal_size=SIZE)
