"""The running answer: its rules at, under and over each limit, the stages' files, a
simulated six-week return to running on a real database with a frozen clock, and runs as the
day's detail and the clinician's report tell them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.app import make_app
from coach.clinical import TodaysPlan, checkin_entry, plan_for_day, stop_plan, todays_plan
from coach.clock import FakeClock
from coach.library import load_library
from coach.running import (
    RULES,
    answer_for_day,
    current_stage,
    rule,
    run_words,
    running_answer,
    running_summary,
    stage_index,
    stage_name,
    stage_words,
    verdict,
)
from coach.screens.day import DayScreen
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.days import day_status
from coach.store.runs import (
    RunEntry,
    RunRecord,
    begin_run,
    end_run,
    runs_until,
    set_run_pains,
)
from tests.helpers import add_run, text_of

STAGES = tuple(load_library(None).stages.values())
DAY = date(2026, 11, 25)


def run(pain_during: int, day: date = DAY) -> RunEntry:
    return RunEntry(day, "stage-3", pain_during, pain_during, 8)


def test_every_rule_names_its_source() -> None:
    assert {name: rule.value for name, rule in RULES.items()} == {
        "not_today_pain": 7,
        "good_during": 3,
        "limit_during": 5,
        "morning_rise": 2,
        "good_runs_to_move_up": 2,
        "flare_steps_back": 2,
        "long_flare_days": 14,
    }
    assert all(rule.source for rule in RULES.values())


@pytest.mark.parametrize(
    ("pain_during", "baseline", "next_morning", "expected"),
    [
        # Pain during at, under and over 3: good whatever the next morning (if not risen 2).
        (2, 3, None, "good"),
        (3, 3, None, "good"),
        (3, 3, 4, "good"),
        (4, 3, None, "repeat"),  # the next morning not known yet
        # 4–5 during: good only when back to baseline the next morning.
        (4, 3, 3, "good"),
        (5, 3, 2, "good"),
        (5, 3, 4, "repeat"),
        # Over 5 during: too much, even with a good morning.
        (6, 3, 3, "too_much"),
        # The next morning at, under and over 2 above the baseline.
        (2, 3, 4, "good"),
        (2, 3, 5, "too_much"),
        (5, 3, 6, "too_much"),
        # No morning check-in that day: only the pain during can judge it.
        (5, None, 5, "repeat"),
        (3, None, 9, "good"),
    ],
)
def test_a_run_is_judged_by_the_pain_monitoring_model(
    pain_during: int, baseline: int | None, next_morning: int | None, expected: str
) -> None:
    assert verdict(run(pain_during), baseline, next_morning) == expected


def plan(pain: int, red_flag: str | None = None) -> TodaysPlan:
    """The day's plan at `pain`; with a warning sign held, the stop plan whatever the pain."""
    if red_flag is not None:
        return stop_plan(f"A warning sign was reported today: {red_flag}.")
    return todays_plan(pain, [pain] * 7)


@pytest.mark.parametrize(
    ("pain", "red_flag", "stage", "expected"),
    [
        (6, None, None, "Running: an easy 20–30 min at most; stop if pain rises above 5"),
        (10, None, 2, "Running: not today — not at 10/10"),
        (7, None, None, "Running: not today — walk 10–20 min instead"),
        (8, None, 2, "Running: not today — walk 10–20 min instead"),
        (0, "same_day", None, "Running: not today — a warning sign comes first"),
        (2, "urgent", 2, "Running: not today — a warning sign comes first"),
        (3, None, None, "Running: your usual run; stop if pain rises above 5"),
        (
            3,
            None,
            2,
            "Running: stage 3 of 8 — walk 2 min / run 1 min × 8; stop if pain rises above 5",
        ),
        (6, None, 7, "Running: stage 8 of 8 — run 20 min; stop if pain rises above 5"),
    ],
)
def test_the_running_line(
    pain: int, red_flag: str | None, stage: int | None, expected: str
) -> None:
    chosen = STAGES[stage] if stage is not None else None
    answer = running_answer(plan(pain, red_flag), "yes", chosen, STAGES)
    assert answer.line == expected
    assert answer.stage is (chosen if answer.line.startswith("Running: stage") else None)
    # Not asked yet counts as a runner: the line is the same.
    assert running_answer(plan(pain, red_flag), "ask", chosen, STAGES).line == expected


@pytest.mark.parametrize(
    ("pain", "red_flag", "expected"),
    [
        (3, None, "Walking: 30 min or more, brisk if it feels fine"),
        (4, None, "Walking: 20–30 min at an easy pace; stop if pain rises above 5"),
        (7, None, "Walking: a short, easy walk of 10–20 min"),
        (1, "urgent", "Walking: none guided today — a warning sign comes first"),
        (10, None, "Walking: none guided today — not at 10/10"),
    ],
)
def test_someone_who_does_not_run_gets_a_walking_line(
    pain: int, red_flag: str | None, expected: str
) -> None:
    assert running_answer(plan(pain, red_flag), "no", STAGES[0], STAGES).line == expected


def test_stage_words() -> None:
    assert [stage_words(stage) for stage in STAGES] == [
        "walk 4 min / run 1 min × 4",
        "walk 3 min / run 1 min × 6",
        "walk 2 min / run 1 min × 8",
        "walk 2 min / run 2 min × 6",
        "walk 1 min / run 3 min × 6",
        "walk 1 min / run 5 min × 4",
        "walk 1 min / run 10 min × 2",
        "run 20 min",
    ]
    # From short walk–run intervals up to continuous running, never longer than 24 minutes.
    assert all(stage.total_s <= 24 * 60 for stage in STAGES)
    runs = [stage.run_s * stage.repeats for stage in STAGES]
    assert runs == sorted(runs)
    assert all(stage.based_on for stage in STAGES)


def days(first: int, last: int) -> set[date]:
    return {DAY + timedelta(days=offset) for offset in range(first, last + 1)}


@pytest.mark.parametrize(
    ("flare", "expected"),
    [
        (set(), 8),  # no flare on record: running as usual
        (days(0, 0), 6),  # a flare: two back from usual running, never "your usual run"
        (days(0, 12), 6),  # 13 days: still two back
        (days(0, 13), 0),  # 14 days: the first stage
        (days(0, 20), 0),
        (days(0, 0) | days(2, 2), 4),  # two flares: two back each
    ],
)
def test_a_flare_restarts_at_an_earlier_stage(flare: set[date], expected: int) -> None:
    assert stage_index(len(STAGES), [], {}, flare) == expected


def test_a_run_too_much_before_a_flare_is_one_setback() -> None:
    """Ran at stage 5 (index 4), woke 2 points worse, which is also a gentle day: two below
    the stage run, not one for the run and two more for the flare."""
    start = days(0, 0)  # a flare puts the programme at index 6
    runs = [run(2, DAY + timedelta(days=offset)) for offset in (1, 2)]  # up to 7
    pains = {DAY + timedelta(days=offset): 3 for offset in range(1, 4)}
    assert stage_index(len(STAGES), runs, pains, start) == 7
    pains[DAY + timedelta(days=3)] = 5
    assert stage_index(len(STAGES), runs, pains, start | days(3, 3)) == 4


def test_a_six_week_return_to_running(store: Store, clock: FakeClock) -> None:
    """Two weeks of pain 7, then runs that move up, repeat, step back, meet a flare, and end
    back at the usual run: each morning's line is what the rules say."""
    # Each day: (morning pain, the pain during that day's run or None for no run).
    script: list[tuple[int, int | None]] = [(7, None)] * 14
    script += [(3, 2), (3, 2)]  # days 15–16: two good runs at stage 1: up
    script += [(3, 4), (3, 4)]  # day 17 good (back to baseline), day 18 repeat (morning +1)
    script += [(4, 6)]  # day 19: pain during passed 5: one stage back
    script += [(3, 1), (3, 1), (3, 2), (3, 2)]  # days 20–23: up twice, to stage 3
    script += [(3, 3)]  # day 24: ran at stage 3 …
    script += [(5, None)]  # day 25: … woke 2 worse, a gentle day: two below stage 3
    script += [(3, 2)] * 16  # days 26–41: good runs, up every two
    script += [(3, None)]  # day 42
    assert len(script) == 42
    lines: list[str] = []
    for pain, pain_during in script:
        today = clock.today()
        save_checkin(store, clock, checkin_entry(pain=pain))
        day_plan = plan_for_day(store, day_status(store, today), emergency_number="999")
        assert day_plan is not None
        answer = answer_for_day(store, day_plan, "yes", STAGES, today)
        lines.append(answer.short)
        if pain_during is not None:
            assert answer.stage is not None, (len(lines), answer.line)
            run_id = begin_run(store, clock, answer.stage.id)
            end_run(store, clock.now(), run_id, 1200)
            set_run_pains(store, run_id, pain_during, pain_during)
        clock.advance(24 * 3600)
    expected = ["run: not today"] * 14
    expected += ["run: stage 1"] * 2  # 15–16
    expected += ["run: stage 2"] * 3  # 17, 18 (repeat), 19 (too much)
    expected += ["run: stage 1"] * 2  # 20–21
    expected += ["run: stage 2"] * 2  # 22–23
    expected += ["run: stage 3"]  # 24
    expected += ["run: not today"]  # 25, the flare
    for stage in range(1, 9):  # 26–41: two days at each stage
        expected += [f"run: stage {stage}"] * 2
    expected += ["run: usual"]  # 42: the programme done
    assert lines == expected
    assert current_stage(store, STAGES, clock.today()) is None


def test_only_a_run_whose_pain_during_was_said_is_judged(store: Store, clock: FakeClock) -> None:
    """A run begun and never ended (coach killed mid-run), or ended without the worst pain
    during it, is kept but moves no stage; the pain now alone is not enough."""
    killed = begin_run(store, clock, "stage-3")
    unsaid = begin_run(store, clock, "stage-3")
    end_run(store, clock.now(), unsaid, 60)
    set_run_pains(store, unsaid, None, 2)
    judged = begin_run(store, clock, "stage-3")
    end_run(store, clock.now(), judged, 60)
    set_run_pains(store, judged, 4, None)
    assert runs_until(store, clock.today()) == [RunEntry(clock.today(), "stage-3", 4, None, 0)]
    assert [row[0] for row in store.db.execute("SELECT id FROM runs ORDER BY id")] == [
        killed,
        unsaid,
        judged,
    ]


@pytest.mark.parametrize("pain", range(11))
def test_only_the_running_line_says_how_to_run(pain: int) -> None:
    """The plan's advice names no run of its own ("your usual run" the morning after a month at
    8/10 was the fault): how far to run is the Running line's, from the programme."""
    advice = todays_plan(pain, []).advice
    assert "usual run" not in advice and "20–30" not in advice


# --- runs as the history and the clinician's report tell them --------------------------------


def _record(stage: str, done: int, during: int | None = 2, after: int | None = 1) -> RunRecord:
    return RunRecord(DAY, "2026-11-25T17:00:00.000Z", stage, done, during, after, 1500.0)


def test_a_run_is_told_as_far_as_it_went_with_its_pains() -> None:
    assert run_words(_record("stage-3", 8), STAGES) == (
        "finished, 8 of 8 run intervals, 25 min, worst pain during 2, after 1"
    )
    assert run_words(_record("stage-3", 3, 6, None), STAGES) == (
        "stopped, 3 of 8 run intervals, 25 min, worst pain during 6"
    )
    assert run_words(_record("stage-1", 0, None, None), STAGES) == (
        "stopped, 0 of 4 run intervals, 25 min, pain not asked"
    )
    # A stage whose file is gone: its id, and no planned count to say it was finished.
    assert stage_name("my-stage", STAGES) == "my-stage"
    assert run_words(_record("my-stage", 1), STAGES).startswith("stopped, 1 run interval,")
    assert stage_name("stage-3", STAGES) == "stage 3 of 8, Walk 2 min / run 1 min"


def test_the_running_summary_of_a_period_without_runs_says_so() -> None:
    summary = running_summary([], STAGES)
    assert summary.lines() == ["No interval run in this period."]


def test_a_pain_at_the_limit_is_no_step_back_and_above_it_is() -> None:
    at = running_summary([_record("stage-3", 8, rule("limit_during"))], STAGES)
    assert at.too_painful == () and "No run had pain above 5/10" in at.lines()[-1]
    over = running_summary([_record("stage-3", 8, rule("limit_during") + 1)], STAGES)
    assert over.too_painful == ((DAY, False),)


async def test_the_day_detail_lists_the_days_runs(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """Opened from the history, the day says each run's stage, how far it went, and its
    pains, below the routines; a day with a run alone is not "nothing recorded"."""
    today = clock.today()
    add_run(store, today, "stage-3", 3, during=6, after=4, active_s=700)
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(DayScreen(today))
        await pilot.pause()
        text = text_of(app, "#day-text")
    assert text.splitlines() == [
        "Runs",
        "  17:00  Stage 3 of 8, Walk 2 min / run 1 min  stopped, 3 of 8 run intervals, "
        "11 min 40 s, worst pain during 6, after 4",
    ]
