"""The app-wide screens, frozen by the FakeClock: help, settings, the too-small cover."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from coach.app import CoachApp


async def _press(pilot: Pilot, *keys: str) -> None:
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()


def test_help_over_home(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """A dialog titled "Keys" between the header and the footer: under "This screen" c Check
    in, r Routines, h History, l Learn, s Settings, q Quit (no tab, shift+tab or copy); under
    "Everywhere" ^q Quit, "? f1" Help and ^p Command palette; a one-line Close button; "esc or
    ? closes" at the bottom."""
    assert snap_compare(
        app_factory(),
        terminal_size=(80, 24),
        run_before=lambda pilot: _press(pilot, "question_mark"),
    )


def test_settings(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """One row per setting, each with its hint at the right: Bell Every change, Count down,
    Voice, Running "Not chosen yet" (Running: or Walking: line), Position seconds 5, Release
    seconds 2, Emergency number 999, the rest below as the form scrolls; ^s Save, esc Cancel,
    ? Help in the footer."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.action_open_settings()  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)


def test_settings_with_a_bad_number(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """Release seconds holds 45: after ctrl+s its hint turns to a bold error, "expected a
    number of seconds from 0 to 30", and a "Not saved" toast names the field and the value."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.action_open_settings()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.click("#release_s")
        await pilot.press("end", "backspace", "4", "5", "ctrl+s")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)


def test_too_small(snap_compare, app_factory: Callable[[], CoachApp]) -> None:
    """At 50×14 nothing of the home screen shows: only the centred message "This window is
    50 × 14. coach needs at least 60 × 18: make the window larger (or the font smaller)."""
    assert snap_compare(app_factory(), terminal_size=(50, 14), run_before=_press)
