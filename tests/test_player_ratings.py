"""The player's one-key ratings between exercises, the questions after a routine, and the
person's own doses played and shown: the real app, a real database, a frozen clock."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from coach.app import CoachApp, make_app
from coach.clock import FakeClock
from coach.progression import LEG_PAIN_ADVICE, TOO_EASY
from coach.screens.day import day_text
from coach.screens.feedback import LegPainQuestion, RateQuestion, WhichExercise
from coach.screens.player import PlayerScreen
from coach.screens.summary import PainModal, SummaryScreen
from coach.store import Store
from coach.store.feedback import answers_on, save_hand_dose, save_rating
from coach.store.history import day_detail
from coach.store.sessions import finish_session, record_rep, start_session
from tests.helpers import checked_in, end_phase, pain_now_kept, written

#: Two exercises of two 2-second holds: get ready · h r h · rest · get ready · h r h.
TWO = """
name = "Two"
summary = "Two exercises, for the rating tests."

[[steps]]
exercise = "cat-camel"
reps = 2
hold_s = 2
rest_s = 4

[[steps]]
exercise = "glute-bridge"
reps = 2
hold_s = 2
rest_s = 0
"""


def two_app(store: Store, clock: FakeClock, config_dir: Path) -> CoachApp:
    (config_dir / "routines").mkdir()
    (config_dir / "routines" / "two.toml").write_text(TWO)
    checked_in(store)
    return make_app(store=store, clock=clock, config_dir=config_dir, start_routine="two")


def line(screen: PlayerScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def ratings(store: Store) -> list[tuple]:
    return store.conn.execute("SELECT step_no, exercise, rating FROM ratings").fetchall()


async def to_the_rest(screen: PlayerScreen, clock: FakeClock) -> None:
    """On to the rest after the first exercise."""
    while screen.timer.current is not None and screen.timer.current.kind != "rest":
        end_phase(screen, clock)
    assert screen.timer.current is not None and screen.timer.current.step_no == 0


async def test_a_rating_between_exercises_is_one_key_and_never_stops_the_timer(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = two_app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        end_phase(screen, clock)  # into the first hold: nothing to rate yet
        await pilot.press("1")
        await pilot.pause()
        assert line(screen, "#rate") == "" and ratings(store) == []
        await to_the_rest(screen, clock)
        await pilot.pause()
        assert line(screen, "#rate") == (
            "Cat–camel? 1 too easy · 2 about right · 3 hard · 4 it hurt"
        )
        deadline, serial = screen.timer.deadline, screen.timer.serial
        await pilot.press("1")
        await written(pilot, app)
        assert ratings(store) == [(0, "cat-camel", TOO_EASY)]
        assert line(screen, "#rate") == "Cat–camel: too easy. (1–4 changes it)"
        # the timer went on as it was: same phase, same deadline, not paused
        assert (screen.timer.deadline, screen.timer.serial) == (deadline, serial)
        assert not screen.timer.paused
        end_phase(screen, clock)  # the next exercise's get-ready still asks
        await pilot.pause()
        assert screen.timer.current is not None and screen.timer.current.kind == "position"
        assert line(screen, "#rate") == "Cat–camel: too easy. (1–4 changes it)"
        await pilot.press("enter")  # Enter says about right, the answer replaced
        await written(pilot, app)
        assert ratings(store) == [(0, "cat-camel", 2)]
        end_phase(screen, clock)  # the first hold: the question is gone, the keys do nothing
        await pilot.pause()
        assert line(screen, "#rate") == ""
        await pilot.press("4")
        await written(pilot, app)
        assert ratings(store) == [(0, "cat-camel", 2)]


async def test_the_last_exercise_is_rated_at_the_end_then_pain_and_a_leg(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = two_app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        while isinstance(app.screen, PlayerScreen):
            end_phase(screen, clock)
            await pilot.pause()
        assert isinstance(app.screen, RateQuestion)
        assert str(app.screen.query_one("#question", Static).render()) == ("How was Glute bridge?")
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, PainModal)
        await pilot.press("enter")  # the pain before (4, this morning's) kept
        await pilot.pause()
        assert isinstance(app.screen, LegPainQuestion)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, WhichExercise)
        await pilot.press("2")
        await written(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        shown = str(app.screen.query_one("#doses", Static).render())
    assert ratings(store) == [(1, "glute-bridge", 4)]
    row = store.conn.execute("SELECT pain_after, leg_pain, leg_pain_exercise FROM sessions")
    assert row.fetchone() == (4, 1, "glute-bridge")
    assert shown == "\n".join(
        ["Next time:", "Glute bridge: 1 rep now (was 2): pain into a leg", LEG_PAIN_ADVICE]
    )


async def test_the_player_plays_the_persons_dose_and_says_why(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """Two sessions with the glute bridge too easy: the third plays 3 reps, not the file's 2."""
    app = two_app(store, clock, config_dir)
    for _ in range(2):
        session = start_session(store, clock, "two", pain_before=3)
        record_rep(store, clock.now(), session, step_no=1, exercise="glute-bridge", set_no=1,
                   rep_no=1, side="both", hold_s=2, held_s=2, active_s=2)  # fmt: skip
        save_rating(store, clock.now(), clock.today(), session, step_no=1,
                    exercise="glute-bridge", rating=TOO_EASY)  # fmt: skip
        finish_session(store, clock.now(), session, status="completed", active_s=2)
        clock.advance(60)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        assert [step.reps_per_set for step in screen.plan.routine.steps] == [(2,), (3,)]
        assert len(screen.plan.holds) == 5
        assert line(screen, "#dose") == ""  # the cat–camel is as the routine has it
        await to_the_rest(screen, clock)
        end_phase(screen, clock)
        await pilot.pause()
        assert line(screen, "#dose") == "Your dose: 3 reps now (was 2): easy twice.\n"


async def test_a_dose_set_by_hand_is_played(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = two_app(store, clock, config_dir)
    save_hand_dose(store, clock, "two", "cat-camel", (4, 4), 3)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        first = screen.plan.routine.steps[0]
        assert (first.reps_per_set, first.hold_s) == ((4, 4), 3)
        assert (
            line(screen, "#dose") == "Your dose: 2 × 4 reps now (was 2), 3 s holds now "
            "(was 2 s): set by hand.\n"
        )


async def test_the_routine_list_shows_each_changed_dose_and_why(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    save_hand_dose(store, clock, "core", "bird-dog", (6, 4, 2), 10)
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("core"))
        await pilot.pause()
        about = str(app.screen.query_one("#about", Static).render())
    assert about.splitlines()[1] == "Bird dog: 6-4-2 reps now (was 5-3-1): set by hand"


async def test_the_day_detail_says_how_each_exercise_felt(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    app = two_app(store, clock, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await pain_now_kept(pilot, app)
        await to_the_rest(screen, clock)
        await pilot.press("1")  # the cat–camel: too easy
        while isinstance(app.screen, PlayerScreen):
            end_phase(screen, clock)
            await pilot.pause()
        await pilot.press("3")  # the glute bridge: hard
        await pilot.pause()
        await pilot.press("enter", "y")
        await pilot.pause()
        await pilot.press("2")  # the bridge sent pain into a leg
        await written(pilot, app)
    text = day_text(day_detail(store, clock.today()), app.library, answers_on(store, clock.today()))
    assert "Cat–camel: 2 reps, held 2.0 s of 2 s, rated too easy" in text.plain
    assert "Glute bridge: 2 reps, held 2.0 s of 2 s, rated hard, pain into a leg" in text.plain
