"""What the player looks like at 80×24 (and on a phone), frozen by the FakeClock: one state per
snapshot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from coach.app import make_app
from coach.clock import FakeClock
from coach.screens.player import FLASH_S
from coach.store import Store
from tests.helpers import checked_in, end_phase, pain_now_kept, written

SIZE = (80, 24)


def _player(store: Store, clock: FakeClock, config_dir: Path, routine: str = "pelvic-tilts"):
    checked_in(store, pain=5)
    return make_app(store=store, clock=clock, config_dir=config_dir, start_routine=routine)


RunBefore = Callable[[Pilot], Awaitable[None]]


def _until(clock: FakeClock, phase: str, *, then: float = 0.0) -> RunBefore:
    """Run the routine to the first `phase`, `then` seconds into it, with the flash over."""

    async def run_before(pilot: Pilot) -> None:
        screen = await pain_now_kept(pilot, pilot.app)  # type: ignore[arg-type]
        while screen.timer.kind != phase:
            end_phase(screen, clock)
        clock.advance(then)
        screen.repaint()
        screen.query_one("#clock").remove_class("-flash")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [SIZE, (40, 30)], ids=["80x24", "phone"])
def test_pain_now_before_a_routine(
    snap_compare, store: Store, clock: FakeClock, config_dir: Path, size: tuple[int, int]
) -> None:
    """ "Pain now?" over the routine about to start: this morning's 5 bracketed, [5], and the
    line saying Enter keeps it; on a phone the scale narrows to cells of three, 0 to 10 all
    there."""
    app = _player(store, clock, config_dir)
    assert snap_compare(app, terminal_size=size)


def test_skipping_an_exercise_asks(
    snap_compare, store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """On the right side of the single-leg tilt, n asks "Skip the rest of Single-leg pelvic
    tilt?", names the next exercise and says the reps are kept; its own keys (n Skip it,
    k Keep going) in the footer, "Keep going" focused."""
    app = _player(store, clock, config_dir)

    async def run_before(pilot: Pilot) -> None:
        player = await pain_now_kept(pilot, pilot.app)  # type: ignore[arg-type]
        await pilot.press("n")  # to the right side, which flashes
        await pilot.pause(FLASH_S + 0.1)  # the steady look, not the blink
        player.query_one("#clock").remove_class("-flash")
        await pilot.press("n")  # the last side: the question
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_player_in_a_hold(snap_compare, store: Store, clock: FakeClock, config_dir: Path) -> None:
    """A green HOLD band, the big "2" (1.5 s left, rounded up), rep 1 of 10 · left side,
    instructions and cues at the right, the progress bar with 2:36 left, the next line."""
    app = _player(store, clock, config_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_until(clock, "hold", then=0.5))


def test_player_on_a_phone(snap_compare, store: Store, clock: FakeClock, config_dir: Path) -> None:
    """A phone held upright (40×30, as under `coach serve`): the HOLD band and a big "2"
    across the width, rep 1 of 10 · left side, the stop-if line under it, the cues (stop if
    pain builds) beneath, and every player key in the footer."""
    app = _player(store, clock, config_dir)
    assert snap_compare(app, terminal_size=(40, 30), run_before=_until(clock, "hold", then=0.5))


def test_player_in_rest(snap_compare, store: Store, clock: FakeClock, config_dir: Path) -> None:
    """A blue REST band after the tenth left rep, "15" in big numerals, "REST · next: right
    side" where the counter was, and the next phase: switch to the right side."""
    app = _player(store, clock, config_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_until(clock, "rest"))


def test_player_at_the_swap(snap_compare, store: Store, clock: FakeClock, config_dir: Path) -> None:
    """Core, between the curl-up's first and second sets: an amber SWAP LEGS band, "5" to bend
    the other knee, rep 1 of 3 · set 2 of 3, the stop-if line under it, and next: the hold."""
    app = _player(store, clock, config_dir, routine="core")
    assert snap_compare(app, terminal_size=SIZE, run_before=_until(clock, "swap"))


def test_player_paused(snap_compare, store: Store, clock: FakeClock, config_dir: Path) -> None:
    """A red band, "PAUSED · space to go on", in a hold; the countdown stands still at what
    was left, and the footer says Resume."""
    app = _player(store, clock, config_dir)
    before = _until(clock, "hold", then=0.5)

    async def run_before(pilot: Pilot) -> None:
        await before(pilot)
        await pilot.press("space")
        clock.advance(60)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_summary(snap_compare, store: Store, clock: FakeClock, config_dir: Path) -> None:
    """The summary of a completed routine: 30 of 30 reps, the guided time, pain 5 → 2, and
    "Next time: Double-leg pelvic tilt: 9 reps now (was 10): it hurt", as it was rated."""
    app = _player(store, clock, config_dir)

    async def run_before(pilot: Pilot) -> None:
        screen = await pain_now_kept(pilot, pilot.app)  # type: ignore[arg-type]
        while not screen.timer.done:
            end_phase(screen, clock)
        await pilot.pause()
        await pilot.press("4")  # the last exercise hurt
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        await pilot.press("n")  # no pain into a leg
        await written(pilot, pilot.app)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_player_asks_how_it_was(
    snap_compare, store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """Pelvic tilts, getting ready for the double-leg tilt: the amber GET READY band and the
    line across the width above "Next", "Single-leg pelvic tilt? 1 too easy · 2 about right ·
    3 hard · 4 it hurt", on one line; the timer runs on."""
    app = _player(store, clock, config_dir)

    async def run_before(pilot: Pilot) -> None:
        screen = await pain_now_kept(pilot, pilot.app)  # type: ignore[arg-type]
        while not (screen.timer.kind == "position" and screen.timer.current.step_no == 1):
            end_phase(screen, clock)
        screen.repaint()
        screen.query_one("#clock").remove_class("-flash")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_player_asks_about_the_last_exercise(
    snap_compare, store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """The routine done (DONE behind the dialog): "How was Double-leg pelvic tilt?" with four
    buttons, 1 too easy to 4 it hurt, "2 about right" focused; the footer says each key."""
    app = _player(store, clock, config_dir)

    async def run_before(pilot: Pilot) -> None:
        screen = await pain_now_kept(pilot, pilot.app)  # type: ignore[arg-type]
        while not screen.timer.done:
            end_phase(screen, clock)
        await pilot.pause(FLASH_S + 0.1)  # the steady look, not the blink
        screen.query_one("#clock").remove_class("-flash")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
