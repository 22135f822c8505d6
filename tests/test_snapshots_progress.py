"""The Progress view at 80×24, frozen by the FakeClock."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from coach.app import make_app
from coach.clock import FakeClock
from coach.progression import ABOUT_RIGHT, HARD, HURT, TOO_EASY
from coach.store import Store
from tests.test_progress_screen import rated

SIZE = (80, 24)


def test_progress(snap_compare, store: Store, clock: FakeClock, config_dir: Path) -> None:
    """ "Level: standard. This week core 0 of 5 · strength 0 of 2."; a table of two rows,
    Routine, Exercise and Your dose within 80 columns: Core's curl-up (4-2-1 × 10 s) and bird
    dog (6-4-2 × 10 s); under it, the curl-up's (the row under the cursor) dose against the
    routine's 5-3-1, its rating, "it hurt ×1", and under "Changes, latest first" its change
    with its day and reason; the footer shows "j k Changes"."""
    for rating in (TOO_EASY, TOO_EASY, ABOUT_RIGHT, HARD):
        rated(store, clock, "core", "bird-dog", 3, rating)
    rated(store, clock, "core", "curl-up", 1, HURT)
    app = make_app(store=store, clock=clock, config_dir=config_dir)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.action_progress()  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
