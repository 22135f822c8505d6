"""The interval player: walk and run by time on the frozen clock, a bell at each switch, posture
cues while running, and the run recorded with its pains for the next stage."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static

from coach import clinical
from coach.app import CoachApp
from coach.clock import FakeClock
from coach.library import load_library
from coach.plan import build_interval_plan
from coach.screens.home import HomeScreen
from coach.screens.run_player import POSTURE, RunPlayerScreen
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.voice import phase_cues
from tests.helpers import screened


def after_a_flare(store: Store, clock: FakeClock) -> None:
    """Pain 8 yesterday, 2 today: stage 7 of 8, walk 1 min / run 10 min × 2 (the warning
    signs current, so g plays it at once)."""
    screened(store)
    clock.advance(-24 * 3600)
    save_checkin(store, clock, clinical.checkin_entry(pain=8))
    clock.advance(24 * 3600)
    save_checkin(store, clock, clinical.checkin_entry(pain=2))


def phase_word(app: CoachApp) -> str:
    return str(app.screen.query_one("#run-phase", Static).render())


async def to_next_phase(pilot: Pilot, screen: RunPlayerScreen, clock: FakeClock) -> None:
    clock.advance(screen.timer.remaining() + 0.01)
    screen.on_deadline()
    await pilot.pause()


async def answer_pain(pilot: Pilot, pain: str) -> None:
    await pilot.press(pain, "enter")
    await pilot.pause()


async def test_an_interval_run_rings_at_each_switch_and_is_recorded(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    after_a_flare(store, clock)
    app = app_factory()
    rings: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home_line = str(app.screen.query_one("#running-line", Static).render())
        assert "stage 7 of 8" in home_line and "(g plays it)" in home_line
        app.bell = lambda: rings.append(phase_word(app))  # type: ignore[method-assign]
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunPlayerScreen)
        assert phase_word(app) == "WALK" and len(rings) == 1  # the start rings
        seen = []
        for _ in range(3):
            await to_next_phase(pilot, screen, clock)
            seen.append(phase_word(app))
            posture = str(screen.query_one("#posture", Static).render())
            assert (posture == POSTURE) == (phase_word(app) == "RUN")
        assert seen == ["RUN", "WALK", "RUN"]
        assert len(rings) == 4  # one more at each of the three switches
        assert str(screen.query_one("#run-counter", Static).render()).startswith("2 of 2")
        await to_next_phase(pilot, screen, clock)
        assert screen.intervals_done == 2
        assert len(rings) == 4  # the end asks, it does not ring
        await answer_pain(pilot, "4")
        await answer_pain(pilot, "2")
        assert isinstance(app.screen, HomeScreen)
    rows = store.db.execute(
        "SELECT day, stage, pain_during, pain_after, intervals_done FROM runs"
    ).fetchall()
    assert rows == [(clock.today().isoformat(), "stage-7", 4, 2, 2)]


async def test_leaving_part_way_records_the_intervals_done(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    after_a_flare(store, clock)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunPlayerScreen)
        await to_next_phase(pilot, screen, clock)  # into the first run
        await pilot.press("space")
        await pilot.pause()
        assert phase_word(app) == "PAUSED"
        clock.advance(3600)  # paused time counts for nothing
        await pilot.press("space")
        await pilot.pause()
        assert phase_word(app) == "RUN"
        await to_next_phase(pilot, screen, clock)  # the first run done
        await pilot.press("escape")
        await pilot.pause()
        await answer_pain(pilot, "6")
        await answer_pain(pilot, "3")
    assert store.db.execute("SELECT pain_during, intervals_done FROM runs").fetchall() == [(6, 1)]


async def test_no_stage_no_interval_run(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """No flare on record: the usual run, so g does nothing and the palette's command says
    there is no stage to play."""
    save_checkin(store, clock, clinical.checkin_entry(pain=2))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not list(app._notifications)
        app.action_start_run()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [note.title for note in app._notifications] == ["No interval run"]


def test_the_spoken_cues_of_an_interval_session() -> None:
    stage = load_library(None).stages["stage-3"]
    walk, run = build_interval_plan(stage).phases[:2]
    assert [cue.text for cue in phase_cues(walk, "cues", str)] == ["Walk."]
    assert [cue.text for cue in phase_cues(run, "cues", str)] == [
        "Run. Tall, relaxed shoulders, short quick steps."
    ]
    assert len(build_interval_plan(stage).phases) == 2 * stage.repeats
    assert build_interval_plan(stage).total_s == stage.total_s
