"""What the interval player looks like at 80×24, in a run."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from coach import clinical
from coach.app import CoachApp
from coach.clock import FakeClock
from coach.screens.run_player import RunPlayerScreen
from coach.store import Store
from coach.store.checkins import save_checkin
from tests.helpers import screened

SIZE = (80, 24)


async def into_the_first_run(pilot: Pilot) -> None:
    await pilot.press("g")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RunPlayerScreen)
    clock = pilot.app.clock
    assert isinstance(clock, FakeClock)
    clock.advance(screen.timer.remaining() + 0.01)
    screen.on_deadline()
    clock.advance(5)  # 5 s into the first run
    screen.repaint()
    await pilot.pause()


def test_an_interval_session_in_a_run(
    snap_compare, app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """Stage 7 after a flare: RUN in a green frame, the big 9:55 countdown, "1 of 2 · 20:55
    left", the posture cues beneath; space Pause and escape Leave in the footer."""
    screened(store)  # the warning signs current: g plays the stage at once
    clock.advance(-24 * 3600)
    save_checkin(store, clock, clinical.checkin_entry(pain=8))
    clock.advance(24 * 3600)
    save_checkin(store, clock, clinical.checkin_entry(pain=2))
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=into_the_first_run)
