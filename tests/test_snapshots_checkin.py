"""What the check-in and the warning-sign screens look like at 80×24: one state per snapshot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from coach.app import CoachApp
from coach.store import Store
from tests.helpers import ENTERS_TO_NOTE, seed_recent_screens

SIZE = (80, 24)

#: From home to the first warning-sign question, with something new reported.
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


def test_checkin_form_with_weekly_peg(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """The first check-in: Enter on the first PEG question without an answer turns its
    anchors into the warning "Type a number from 0 to 10" and highlights its question."""
    run_before = keys("c", "4", *["enter"] * (ENTERS_TO_NOTE + 2))
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_red_flag_question(snap_compare, app_factory: Callable[[], CoachApp], store: Store) -> None:
    """The first warning-sign question: "Question 1 of 7", y/n and Yes/No buttons, none
    focused (Enter cannot answer), y/n/Back/Cancel in the footer."""
    seed_recent_screens(store)
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=keys(*TO_RED_FLAGS))


def test_red_flag_urgent(snap_compare, app_factory: Callable[[], CoachApp], store: Store) -> None:
    """Urgent: red frame, "Get emergency care now", the call-999/112/911 line first, the sign
    answered yes, why it matters, and "coach is not a diagnosis"."""
    seed_recent_screens(store)
    run_before = keys(*TO_RED_FLAGS, "n", "y", *"nnnnn")
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_red_flag_same_day(snap_compare, app_factory: Callable[[], CoachApp], store: Store) -> None:
    """Same day: amber frame, "See a doctor today", the sign answered yes (a recent fall),
    when to call emergency services instead, and "coach is not a diagnosis"."""
    seed_recent_screens(store)
    run_before = keys(*TO_RED_FLAGS, *"nnnnynn")
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_replace_confirmation(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """A second check-in the same day: "Replace this morning's check-in (pain 4 at 07:12)?",
    with y and n (not home's keys) in the dialog's own footer."""
    seed_recent_screens(store)
    with store.write() as db:
        db["checkins"].insert({"day": "2026-11-25", "at": "2026-11-25T07:12:00.000Z", "pain": 4})
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=keys("c"))
