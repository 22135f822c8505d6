"""What the Learn screen looks like at 80×24: the list, and one lesson."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from coach.app import CoachApp

SIZE = (80, 24)


def keys(*pressed: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()

    return run_before


def test_learn_lists_the_lessons(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """l on home: seven lesson titles in a framed list, the first highlighted, escape Back."""
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=keys("l"))


def test_a_lesson_fits_one_screen(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """The strength lesson: its title, the 60% and 12% in bold, the trial's size and limits,
    and its sources in italics at the end, all on one screen; escape n p in the footer."""
    assert snap_compare(
        app_factory(), terminal_size=SIZE, run_before=keys("l", "down", "down", "enter")
    )
