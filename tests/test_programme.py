"""The weekly programme: its table, each rule at, under and over its limit, the day's plan at
each level, and twelve simulated weeks of one person on a real database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.clinical import plan_for_day, stop_plan, todays_plan
from coach.demo import generate
from coach.library import RunStage, load_library
from coach.programme import (
    RULES,
    PlannedDay,
    Programme,
    programme_on,
    programme_plan,
    strength_due,
    strength_target,
    work_out,
)
from coach.progression import RoutineDoses, day_records, routine_doses
from coach.running import current_stage, flare_days
from coach.status import status_line
from coach.store import Store
from coach.store.days import day_status
from coach.store.feedback import mornings
from coach.store.red_flags import worst_by_day
from tests.helpers import add_checkin, add_session

MONDAY = date(2026, 9, 7)
NORMAL = todays_plan(2, [2, 2, 2])
EASY = todays_plan(5, [5, 5, 5])
GENTLE = todays_plan(8, [5, 5, 5])


def test_every_rule_has_its_value_meaning_and_source() -> None:
    assert {name: one.value for name, one in RULES.items()} == {
        "main_days_a_week": 5,
        "strength_a_week_standard": 2,
        "strength_a_week_strong": 3,
        "strength_gap_days": 2,
        "level_window": 6,
        "level_done": 4,
        "level_steady_days": 14,
    }
    assert all(one.meaning and one.source for one in RULES.values())
    assert [strength_target(level) for level in ("gentle", "standard", "strong")] == [0, 2, 3]


# --- the day's plan at each level -----------------------------------------------------------------


def test_a_normal_day_suggests_strength_on_its_days_and_core_on_the_others() -> None:
    assert programme_plan(NORMAL, "standard", strength_due=False) == NORMAL
    strength = programme_plan(NORMAL, "standard", strength_due=True)
    assert strength.routines == ("strength", "pre-run")
    assert strength.next_routine(["core"]) == "pre-run"  # core instead counts for the day
    assert strength.advice.startswith("Strength today (or core)")
    # core done on a core day, or strength in its place ("core (or strength)")
    assert NORMAL.next_routine(["strength"]) == "pre-run"


def test_the_gentle_level_plays_pelvic_tilts_in_place_of_core() -> None:
    normal = programme_plan(NORMAL, "gentle", strength_due=False)
    assert normal.routines == ("pelvic-tilts", "pre-run")
    assert normal.next_routine(["core"]) == "pre-run"
    assert programme_plan(EASY, "gentle", strength_due=False).routines == ("pelvic-tilts",)
    assert programme_plan(EASY, "standard", strength_due=True) == EASY  # never strength
    for level in ("gentle", "standard", "strong"):
        assert programme_plan(GENTLE, level, strength_due=True) == GENTLE
        stop = stop_plan("A warning sign.")
        assert programme_plan(stop, level, strength_due=True) == stop


def on(*offsets: int) -> list[date]:
    """Days of the week of MONDAY (negative: the week before)."""
    return [MONDAY + timedelta(days=n) for n in offsets]


@pytest.mark.parametrize(
    ("level", "today", "done", "due"),
    [
        ("standard", 0, [], True),
        ("standard", 0, [0], False),  # done today
        ("standard", 0, [-1], False),  # never two days running, across a week's end too
        ("standard", 0, [-2], True),  # a new week: last week's do not count
        ("standard", 2, [1], False),
        ("standard", 2, [0], True),  # two days later: under the week's 2
        ("standard", 4, [0, 2], False),  # at the week's 2
        ("strong", 4, [0, 2], True),  # under the week's 3
        ("strong", 6, [0, 2, 4], False),  # at it
        ("gentle", 0, [], False),
    ],
)
def test_strength_is_due_while_the_week_is_short_never_two_days_running(
    level: str, today: int, done: list[int], due: bool
) -> None:
    assert strength_due(on(today)[0], level, on(*done)) is due  # type: ignore[arg-type]


# --- levels ---------------------------------------------------------------------------------------


def days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(count)]


def steady(start: date, count: int, pain: int = 2) -> dict[date, int]:
    return dict.fromkeys(days(start, count), pain)


@pytest.mark.parametrize(
    ("done_days", "level"),
    [
        (3, "standard"),  # under: 3 of the last 6 planned done
        (4, "strong"),  # at
        (6, "strong"),  # over
    ],
)
def test_a_level_goes_up_after_two_steady_weeks_with_four_of_six_done(
    done_days: int, level: str
) -> None:
    pains = steady(MONDAY, 15)
    today = MONDAY + timedelta(days=14)
    last_six = days(today - timedelta(days=6), 6)
    completed = {day: ["core"] for day in days(MONDAY, 8)}
    completed |= {day: ["core"] for day in last_six[:done_days]}
    completed |= {day: [] for day in last_six[done_days:]}
    assert work_out(today, pains, set(), completed).level == level


@pytest.mark.parametrize(("span", "level"), [(13, "standard"), (14, "strong"), (15, "strong")])
def test_two_weeks_at_a_level_before_it_goes_up(span: int, level: str) -> None:
    pains = steady(MONDAY, span + 1)
    completed = {day: ["core", "strength"] for day in days(MONDAY, span + 1)}
    assert work_out(MONDAY + timedelta(days=span), pains, set(), completed).level == level


def test_no_level_up_when_pain_has_risen_or_after_a_flare() -> None:
    """Routines done from day 24 on: day 28 is the first a level up could come (4 of 6)."""
    completed = {day: ["core"] for day in days(MONDAY + timedelta(days=24), 5)}
    second = MONDAY + timedelta(days=14)
    # 1 → 2.5 on average, a step at a time (no gentle day): a rise people notice
    risen = steady(MONDAY, 14, 1) | steady(second, 7, 2) | steady(second + timedelta(7), 8, 3)
    assert work_out(MONDAY + timedelta(days=28), risen, set(), completed).changes == ()
    # 2 → 2.5: not a change
    same = steady(MONDAY, 14, 2) | {day: 2 + n % 2 for n, day in enumerate(days(second, 15))}
    assert work_out(MONDAY + timedelta(days=28), same, set(), completed).level == "strong"
    # a flare in the fortnight before: down, and not yet up again
    flared = steady(MONDAY, 29) | {MONDAY + timedelta(days=20): 8}
    assert work_out(MONDAY + timedelta(days=28), flared, set(), completed).level == "gentle"


def test_a_flare_takes_the_level_one_down_at_its_first_day_and_says_why() -> None:
    pains = steady(MONDAY, 3) | {MONDAY + timedelta(days=3): 8, MONDAY + timedelta(days=4): 8}
    programme = work_out(MONDAY + timedelta(days=4), pains, set(), {})
    assert programme.level == "gentle"  # standard → gentle once, for a flare of two days
    [change] = programme.changes
    assert change.words == "Level down to gentle after pain 8/10 on 10 Sep."
    warned = work_out(MONDAY + timedelta(days=2), steady(MONDAY, 3), {MONDAY + timedelta(1)}, {})
    assert warned.level == "gentle"
    assert "after a warning sign on 8 Sep" in warned.changes[0].words
    gentle = work_out(MONDAY + timedelta(days=9), pains | {MONDAY + timedelta(9): 9}, set(), {})
    assert gentle.level == "gentle"  # never below gentle


def test_the_week_says_what_is_done_without_streaks() -> None:
    programme = Programme(
        MONDAY + timedelta(days=3),
        "standard",
        (),
        tuple(PlannedDay(day, "core", done) for day, done in zip(
            days(MONDAY - timedelta(days=7), 11), [True] * 5 + [False] * 3 + [True, False, True],
            strict=True)),
        frozenset({MONDAY + timedelta(days=1)}),
    )  # fmt: skip
    assert programme.week_words() == "core 2 of 5 · strength 1 of 2"
    assert programme.fortnight_words() == "2 weeks: 7 of 11"


# --- twelve weeks on a real database --------------------------------------------------------------


def plan_on(store: Store, day: date) -> tuple[str, ...]:
    status = day_status(store, day)
    plan = plan_for_day(store, status, emergency_number="999")
    assert plan is not None
    return plan.routines


def test_twelve_weeks_of_levels_and_weekly_targets_step_by_step(store: Store) -> None:
    """Weeks 1–2 at standard: strength on Monday and Wednesday, core else, all done; week 3
    moves to strong (three strength days); a flare on week 6's Monday takes it back to
    standard, and two flare-free weeks later (week 8's Tuesday) it is strong again."""
    day = MONDAY
    seen: list[tuple[date, tuple[str, ...]]] = []

    def live(day: date, pain: int = 2, *, do: bool = True) -> tuple[str, ...]:
        add_checkin(store, day, pain)
        routines = plan_on(store, day)
        seen.append((day, routines))
        if routines:  # coach status says what home says is due, every day
            assert f"· {routines[0]} due ·" in status_line(store, day, emergency_number="999")
        if do and routines:
            add_session(store, day, routines[0])
        return routines

    # Week 1 (standard): strength Monday, not Tuesday (never two days running), Wednesday.
    assert live(day) == ("strength", "pre-run")
    assert live(day + timedelta(days=1)) == ("core", "pre-run")
    assert live(day + timedelta(days=2)) == ("strength", "pre-run")
    for n in range(3, 7):
        assert live(day + timedelta(days=n)) == ("core", "pre-run")  # the week's 2 done
    status = day_status(store, day + timedelta(days=6))
    plan = plan_for_day(store, status, emergency_number="999")
    assert plan is not None
    assert (plan.week, plan.fortnight) == (
        "core 7 of 5 · strength 2 of 2",
        "2 weeks: 7 of 7",
    )
    # Week 2, then week 3 begins at strong: three strength days.
    for n in range(7, 14):
        live(day + timedelta(days=n))
    week3 = day + timedelta(days=14)
    assert live(week3) == ("strength", "pre-run")
    plan = plan_for_day(store, day_status(store, week3), emergency_number="999")
    assert (
        plan is not None
        and plan.level_news == "Level up to strong: 6 of 6 planned done, pain steady."
    )
    for n in range(15, 21):
        live(day + timedelta(days=n))
    week3_plans = [routines[0] for one, routines in seen if week3 <= one < week3 + timedelta(7)]
    assert week3_plans == ["strength", "core", "strength", "core", "strength", "core", "core"]

    # Weeks 4–5 steady; week 6 a flare (pain 8): gentle day, level down to standard.
    for n in range(21, 35):
        live(day + timedelta(days=n))
    flare = day + timedelta(days=35)
    assert live(flare, 8) == ("gentle",)
    plan = plan_for_day(store, day_status(store, flare), emergency_number="999")
    assert plan is not None and plan.level_news.startswith("Level down to standard after pain 8/10")
    # Weeks 6–7 back at standard, two strength days a week; week 8 strong again.
    for n in range(36, 49):
        live(day + timedelta(days=n))
    week6 = [routines[0] for one, routines in seen if flare < one < flare + timedelta(7)]
    assert week6 == ["strength", "core", "strength", "core", "core", "core"]
    assert live(day + timedelta(days=49)) == ("strength", "pre-run")  # still standard: the
    # flare was 14 days ago, inside the fortnight; the next day it is not
    assert live(day + timedelta(days=50)) == ("core", "pre-run")  # strong, strength yesterday
    plan = plan_for_day(store, day_status(store, day + timedelta(50)), emergency_number="999")
    assert plan is not None and plan.level_news.startswith("Level up to strong")

    # Weeks 8–12: days off cost nothing; the week counts what was done.
    for n in range(51, 84):
        live(day + timedelta(days=n), do=n % 7 not in (5, 6))
    last = day + timedelta(days=83)
    plan = plan_for_day(store, day_status(store, last), emergency_number="999")
    assert plan is not None
    assert plan.week == "core 5 of 5 · strength 3 of 3"  # Saturday and Sunday off
    assert plan.fortnight == "2 weeks: 10 of 13"  # today is not over


# --- worked out once while nothing is written, the same as afresh -----------------------------


def test_two_years_of_the_demo_give_the_same_programme_doses_and_stage_kept_as_afresh(
    db_file: Path,
) -> None:
    """One store asked about many days in turn (what it keeps) against a store just opened
    on the same file for each day (nothing kept): the same level, weeks, doses and stage."""
    end = date(2026, 11, 25)
    kept = Store.open(db_file)
    try:
        generate(kept, days=731, end=end)
        library = load_library(None)
        stages = tuple(library.stages.values())
        sampled = [end - timedelta(days=n) for n in range(0, 731, 29)]

        def answers(
            store: Store, day: date
        ) -> tuple[Programme, tuple[RoutineDoses, ...], RunStage | None]:
            doses = tuple(
                routine_doses(store, library, routine, day=day) for routine in library.routines
            )
            return programme_on(store, day), doses, current_stage(store, stages, day)

        first = {day: answers(kept, day) for day in sampled}
        for day in reversed(sampled):
            fresh = Store.open(db_file)
            try:
                assert answers(kept, day) == answers(fresh, day) == first[day], day
                by_day = mornings(fresh, day)
                pains = {one: morning.pain for one, morning in by_day.items()}
                warnings = set(worst_by_day(fresh, date.min, day))
                assert day_records(kept, day).flares == flare_days(pains, warnings)
            finally:
                fresh.close()
        levels = {first[day][0].level for day in sampled}
        assert len(levels) > 1, "the demo's two years move between levels"
    finally:
        kept.close()
