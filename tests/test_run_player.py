"""The interval player: walk and run by time on the frozen clock, a bell at each switch, posture
cues while running, and the run recorded with its pains for the next stage."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, closing
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from coach import clinical
from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.library import load_library
from coach.plan import build_interval_plan
from coach.screens.checkin import CheckinScreen
from coach.screens.guided import SAVE_GRACE_S
from coach.screens.home import HomeScreen
from coach.screens.player import LeaveQuestion
from coach.screens.run_player import POSTURE, RunPlayerScreen
from coach.settings import Bell, Settings
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.voice import phase_cues
from coach.widgets.pain_scale import ChoiceRow
from tests.helpers import COVERS, covered_twice, footer_labels, screened


def after_a_flare(store: Store, clock: FakeClock) -> None:
    """Pain 8 yesterday, 2 today: stage 7 of 8, walk 1 min / run 10 min × 2 (the warning
    signs current, so g plays it at once)."""
    screened(store)
    clock.advance(-24 * 3600)
    save_checkin(store, clock, clinical.checkin_entry(pain=8))
    clock.advance(24 * 3600)
    save_checkin(store, clock, clinical.checkin_entry(pain=2))


@asynccontextmanager
async def run_played(app: CoachApp) -> AsyncIterator[tuple[Pilot, RunPlayerScreen]]:
    """`app` at 80×24, `g` pressed on home: the day's running stage playing."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunPlayerScreen)
        yield pilot, screen


def phase_word(app: CoachApp) -> str:
    return str(app.screen.query_one("#run-phase", Static).render())


def entered(app: CoachApp) -> str:
    """The kind of phase the run player is in (the bell rings before it is drawn)."""
    screen = app.screen
    assert isinstance(screen, RunPlayerScreen) and screen.timer.current is not None
    return screen.timer.current.kind


async def to_next_phase(pilot: Pilot, screen: RunPlayerScreen, clock: FakeClock) -> None:
    clock.advance(screen.timer.remaining() + 0.01)
    screen.on_deadline()
    screen.writer.settle(10)
    await pilot.pause()


def on_disk(db_file: Path) -> list[tuple[object, ...]]:
    """The run intervals in the file, read as another program would."""
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute(
            "SELECT run_id, interval_no, run_s, ran_s, intervals_done, ended_at IS NULL "
            "FROM run_intervals JOIN runs ON runs.id = run_id ORDER BY interval_no"
        ).fetchall()


async def answer_pain(pilot: Pilot, pain: str) -> None:
    await pilot.press(pain, "enter")
    await pilot.pause()
    for screen in pilot.app.screen_stack:
        if isinstance(screen, RunPlayerScreen):  # the run is home once all is on disk
            screen.writer.settle(10)
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
        app.bell = lambda: rings.append(entered(app))  # type: ignore[method-assign]
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunPlayerScreen)
        assert phase_word(app) == "WALK" and rings == []  # the start is no change
        seen = []
        for _ in range(3):
            await to_next_phase(pilot, screen, clock)
            seen.append(phase_word(app))
            posture = str(screen.query_one("#posture", Static).render())
            assert (posture == POSTURE) == (phase_word(app) == "RUN")
        assert seen == ["RUN", "WALK", "RUN"]
        assert rings == ["run", "walk", "run"]  # one at each switch
        assert str(screen.query_one("#run-counter", Static).render()).startswith("2 of 2")
        await to_next_phase(pilot, screen, clock)
        assert screen.intervals_done == 2
        assert len(rings) == 3  # the end asks, it does not ring
        await answer_pain(pilot, "4")
        await answer_pain(pilot, "2")
        assert isinstance(app.screen, HomeScreen)
    rows = store.db.execute(
        "SELECT day, stage, pain_during, pain_after, intervals_done, ended_at IS NOT NULL, "
        "round(active_s, 2) FROM runs"
    ).fetchall()
    # 2 × (walk 1 min, run 10 min): phases chained on deadlines, the last one ended 0.01 s late
    assert rows == [(clock.today().isoformat(), "stage-7", 4, 2, 2, 1, 1320.01)]


async def test_each_interval_is_on_disk_as_it_ends(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock, db_file: Path
) -> None:
    """Before the run ends, each interval run to its end is in the file (written by the
    writer's thread, on its own connection): a kill then loses at most the interval under way.
    A run interval cut short by leaving is not one."""
    after_a_flare(store, clock)
    app = app_factory()
    async with run_played(app) as (pilot, screen):
        run_id = screen.run_id
        begun = store.db.execute("SELECT stage, ended_at FROM runs").fetchall()
        assert begun == [("stage-7", None)]  # the run's row comes before its first interval
        await to_next_phase(pilot, screen, clock)  # walk → run
        assert on_disk(db_file) == []
        await to_next_phase(pilot, screen, clock)  # the first run done
        assert on_disk(db_file) == [(run_id, 1, 600.0, 600.01, 1, 1)]
        await to_next_phase(pilot, screen, clock)  # the second walk done
        clock.advance(120)  # two minutes into the second run, and coach is killed
        assert on_disk(db_file) == [(run_id, 1, 600.0, 600.01, 1, 1)]
        await pilot.press("escape", "l")
        await pilot.pause()
        await answer_pain(pilot, "3")
        await answer_pain(pilot, "1")
    assert on_disk(db_file) == [(run_id, 1, 600.0, 600.01, 1, 0)]  # ended, one interval


async def test_leaving_part_way_records_the_intervals_done(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    after_a_flare(store, clock)
    app = app_factory()
    async with run_played(app) as (pilot, screen):
        await to_next_phase(pilot, screen, clock)  # into the first run
        await pilot.press("space")
        await pilot.pause()
        assert phase_word(app) == "PAUSED · space to go on"
        assert "Resume" in footer_labels(app) and "Pause" not in footer_labels(app)
        clock.advance(3600)  # paused time counts for nothing
        await pilot.press("space")
        await pilot.pause()
        assert phase_word(app) == "RUN"
        assert "Pause" in footer_labels(app) and "Resume" not in footer_labels(app)
        await to_next_phase(pilot, screen, clock)  # the first run done
        await pilot.press("escape")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, LeaveQuestion)
        assert str(question.query_one("#detail", Static).render()) == (
            "It will be kept, with the 1 run interval you ran, and you will be asked about pain."
        )
        left = screen.timer.remaining()
        clock.advance(60)
        assert screen.timer.remaining() == left  # the run waits while asked
        await pilot.press("k")  # keep going
        await pilot.pause()
        assert app.screen is screen and not screen.timer.paused
        await pilot.press("escape", "l")
        await pilot.pause()
        await answer_pain(pilot, "6")
        await answer_pain(pilot, "3")
    rows = store.db.execute("SELECT pain_during, pain_after, intervals_done FROM runs")
    assert rows.fetchall() == [(6, 3, 1)]


async def test_a_run_without_its_pain_during_is_kept_and_said_not_to_count(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """Kept, and said not to count; left before any interval ended, it is no run the next
    morning either."""
    after_a_flare(store, clock)
    app = app_factory()
    async with run_played(app) as (pilot, _screen):
        await pilot.press("escape", "l")  # leave at once
        await pilot.pause()
        await pilot.press("escape")  # the worst pain during: skipped
        await pilot.pause()
        await answer_pain(pilot, "2")
        assert isinstance(app.screen, HomeScreen)
        assert [note.title for note in app._notifications] == ["Run kept"]
        clock.advance(24 * 3600)
        await pilot.press("c")  # left before any run interval ended: no run to start from
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.query_one("#activity", ChoiceRow).chosen is None
    rows = store.db.execute("SELECT pain_during, pain_after, intervals_done FROM runs")
    assert rows.fetchall() == [(None, 2, 0)]


@pytest.mark.parametrize(("bell", "rings_wanted"), [("every", 3), ("holds", 3), ("off", 0)])
async def test_the_bell_follows_the_setting_as_in_a_routine(
    store: Store, clock: FakeClock, config_dir: Path, bell: Bell, rings_wanted: int
) -> None:
    """One rule for both players (coach.timer.bell_rings): "holds" rings as each run interval
    starts and ends, which in a walk-run stage is each switch; no mode rings at the start."""
    after_a_flare(store, clock)
    app = make_app(store=store, clock=clock, config_dir=config_dir, settings=Settings(bell=bell))
    rings: list[str] = []
    app.bell = lambda: rings.append(entered(app))  # type: ignore[method-assign]
    async with run_played(app) as (pilot, screen):
        for _ in range(3):
            await to_next_phase(pilot, screen, clock)
    assert len(rings) == rings_wanted


@COVERS
async def test_anything_that_covers_the_run_pauses_it_until_it_is_gone(
    app_factory: Callable[[], CoachApp],
    store: Store,
    clock: FakeClock,
    cover: tuple[object, ...],
    uncover: tuple[object, ...],
) -> None:
    """As a routine: a run going on when covered goes on when uncovered, and a run the user
    paused stays paused; time under the cover costs nothing."""
    after_a_flare(store, clock)
    async with run_played(app_factory()) as (pilot, screen):
        await covered_twice(pilot, clock, screen, cover, uncover)


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


async def test_a_held_lock_never_stops_the_run_and_its_interval_waits_in_order(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock, db_file: Path
) -> None:
    """Another program holds the write lock as a run interval ends: the run goes on (the
    interval is the writer thread's to wait for, not the screen's), the player says what waits
    and why, quitting asks a second time, and the interval is written once the lock goes."""
    after_a_flare(store, clock)
    app = app_factory()
    other = sqlite3.connect(db_file, isolation_level=None, timeout=0)
    try:
        async with run_played(app) as (pilot, screen):
            await to_next_phase(pilot, screen, clock)  # into the first run
            other.execute("BEGIN EXCLUSIVE")
            await to_next_phase(pilot, screen, clock)  # the first run done: waiting
            assert screen.writer.state.reps_waiting == 1
            clock.advance(SAVE_GRACE_S)
            screen.repaint()
            await pilot.pause()
            assert phase_word(app) == "WALK"
            saving = str(screen.query_one("#saving", Static).render())
            assert saving.startswith(
                "Waiting to save 1 run interval: coach.db is locked by another program."
            )
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert app.is_running and app.screen is screen
            assert "Not saved yet" in [note.title for note in app._notifications]
            other.execute("COMMIT")
            assert screen.writer.wait_for(lambda state: state.idle, 10).idle
            await pilot.pause()
            assert not screen.query_one("#saving").has_class("-waiting")
            assert on_disk(db_file) == [(screen.run_id, 1, 600.0, 600.01, 1, 1)]
    finally:
        other.close()


async def test_the_next_mornings_checkin_starts_from_the_run(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    """The morning after a run, the check-in's Yesterday row has Run chosen and the run's
    guided minutes in it (to change if there was more); a morning after none, nothing."""
    after_a_flare(store, clock)
    app = app_factory()
    async with run_played(app) as (pilot, screen):
        await to_next_phase(pilot, screen, clock)  # the first walk, 1 min
        await to_next_phase(pilot, screen, clock)  # the first run, 10 min
        await pilot.press("escape", "l")
        await pilot.pause()
        await answer_pain(pilot, "3")
        await answer_pain(pilot, "2")
        for day, chosen, minutes in ((1, "run", "11"), (2, None, "")):
            clock.advance(24 * 3600 * day)
            await pilot.press("c")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, CheckinScreen)
            assert form.query_one("#activity", ChoiceRow).chosen == chosen
            assert form.query_one("#minutes", Input).value == minutes
            await pilot.press("escape")
            await pilot.pause()
