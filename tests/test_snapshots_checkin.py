"""What the check-in and the warning-sign screens look like at 80×24: one state per snapshot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from textual.pilot import Pilot

from coach.app import CoachApp
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.red_flags import parse_red_flags
from coach.rules import signs_asked
from coach.store import Store
from coach.store.checkins import save_checkin
from tests.helpers import ENTERS_TO_NOTE, seed_recent_screens

SIZE = (80, 24)

#: From home to the warning-sign checklist, with something new reported.
TO_RED_FLAGS = ("c", "3", *["enter"] * (ENTERS_TO_NOTE - 1), "y", "enter", "enter")


def keys(*pressed: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press(*pressed)
        await pilot.pause()

    return run_before


def test_checkin_form(snap_compare, app_factory: Callable[[], CoachApp], store: Store) -> None:
    """The daily form with pain 4 picked: anchors under the scale, defaults highlighted, the
    minutes greyed out at rest, "y/n" beside the new-symptoms question, Next/Save/Cancel keys."""
    seed_recent_screens(store)
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=keys("c", "4"))


def test_checkin_form_at_the_smallest_size(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """60×18, the stated minimum: each answer row under its label, pain 0 to 10 whole with its
    anchors, Yesterday's five answers and its minutes on one line, the scroll bar at the
    right; the rest is reached with Down."""
    seed_recent_screens(store)
    assert snap_compare(app_factory(), terminal_size=(60, 18), run_before=keys("c", "4"))


def test_checkin_form_with_weekly_peg(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """The first check-in: Enter on the first PEG question without an answer turns its
    anchors into the warning "Type a number from 0 to 10" and highlights its question."""
    run_before = keys("c", "4", *["enter"] * (ENTERS_TO_NOTE + 2))
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_red_flag_checklist(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """The warning signs as one checklist: "You said something is new or different", the seven
    urgent signs first, then the same-day ones, each on one line; "n none of these · space
    tick · enter done" under the list and in the footer."""
    seed_recent_screens(store)
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=keys(*TO_RED_FLAGS))


def test_about_you(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """The first check-in, after the form and PEG: "About you", asked once, four lines to tick
    (cancer, steroids or osteoporosis, a weakened immune system, over 50 at the first episode)."""
    run_before = keys("c", "4", *["enter"] * (ENTERS_TO_NOTE + 1), *"5", "enter", "3", "enter",
                      "4", "enter")  # fmt: skip
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_red_flag_urgent(snap_compare, app_factory: Callable[[], CoachApp], store: Store) -> None:
    """Urgent, at the first tick: red frame, "Get emergency care now", "Call 999 or go to the
    emergency department (A&E) now", the sign reported, why it matters, "coach is not a
    diagnosis", and the buttons Back to home and I answered by mistake."""
    seed_recent_screens(store)
    run_before = keys(*TO_RED_FLAGS, "space")
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_red_flag_same_day(snap_compare, app_factory: Callable[[], CoachApp], store: Store) -> None:
    """Same day: amber frame, "See a doctor today", NHS 111 when no appointment can be had,
    the sign ticked (a fall or a blow), when to call 999 instead."""
    seed_recent_screens(store)
    fall = [sign.column for sign in signs_asked(frozenset())].index("minor_fall")
    run_before = keys(*TO_RED_FLAGS, *["down"] * fall, "space", "enter")
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_follow_up(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """The morning after a warning sign: "On 24 November you reported chest pain", the
    question, and the three answers with their keys s, g and n."""
    seed_recent_screens(store)
    yesterday = FakeClock(clock.now() - timedelta(days=1))
    save_checkin(store, yesterday, checkin_entry(pain=3),
                 red_flags=parse_red_flags("chest_pain", frozenset()))  # fmt: skip
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=keys("c"))


def test_replace_confirmation(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """A second check-in the same day: "Replace this morning's check-in (pain 4 at 07:12)?",
    with y and n (not home's keys) in the dialog's own footer."""
    seed_recent_screens(store)
    with store.write() as db:
        db["checkins"].insert({"day": "2026-11-25", "at": "2026-11-25T07:12:00.000Z", "pain": 4})
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=keys("c"))
