"""The clinical rules: today's plan table, the scales' validation, the PEG's schedule."""

from __future__ import annotations

from datetime import date

import pytest

from coach import clinical
from coach.clinical import (
    EASY_PAIN_FROM,
    GENTLE_PAIN_FROM,
    RISE_POINTS,
    CheckinError,
    checkin_entry,
    needs_peg,
    parse_activity,
    parse_peg,
    parse_scale,
    peg_entry,
    stop_plan,
    todays_plan,
)

PAIN_MESSAGE = "pain must be a whole number from 0 to 10"
TODAY = date(2026, 11, 25)


def test_thresholds_are_the_documented_ones() -> None:
    assert (GENTLE_PAIN_FROM, EASY_PAIN_FROM, RISE_POINTS) == (7, 4, 2)


@pytest.mark.parametrize(
    ("pain", "recent", "kind", "routines"),
    [
        # the worst imaginable: nothing suggested, not even a walk
        (10, [9, 9, 9], "severe", ()),
        (10, [], "severe", ()),
        # high pain: gentle, whatever the history
        (7, [], "gentle", ("gentle",)),
        (9, [9, 9, 9], "gentle", ("gentle",)),
        # rising: 2 or more above the 7-day median is gentle even when the pain is low
        (5, [3, 3, 2, 4], "gentle", ("gentle",)),
        (2, [0, 0, 1], "gentle", ("gentle",)),
        (4, [2, 2], "gentle", ("gentle",)),
        # a median of an even count is the mean of the middle two: 5 − 3.5 = 1.5, not rising
        (5, [3, 4, 3, 4], "easy", ("pelvic-tilts", "core")),
        # moderate: easy day
        (4, [], "easy", ("pelvic-tilts", "core")),
        (6, [5, 6, 5], "easy", ("pelvic-tilts", "core")),
        (6, [6, 6, 6, 6, 6, 6, 6], "easy", ("pelvic-tilts", "core")),
        # low and not rising: normal day
        (0, [], "normal", ("core", "pre-run")),
        (3, [], "normal", ("core", "pre-run")),
        (3, [2, 2, 2], "normal", ("core", "pre-run")),
        (1, [6, 5, 4], "normal", ("core", "pre-run")),
    ],
)
def test_todays_plan_rules(
    pain: int, recent: list[int], kind: str, routines: tuple[str, ...]
) -> None:
    plan = todays_plan(pain, recent)
    assert plan.kind == kind
    assert plan.routines == routines


def test_plan_words_say_what_and_why() -> None:
    gentle = todays_plan(5, [3, 3, 3])
    assert gentle.advice == "The gentle routine and a short, easy walk; no running today."
    assert "2 points above your 7-day median of 3" in gentle.reason
    easy = todays_plan(5, [])
    assert "stop whatever makes your pain rise" in easy.advice
    normal = todays_plan(2, [2])
    assert "pre-run routine before a run" in normal.advice
    assert "not rising" in normal.reason


def test_ten_out_of_ten_suggests_no_walk() -> None:
    plan = todays_plan(10, [])
    assert "easy walk" not in plan.advice and plan.routines == ()
    assert "no routine, walk or run is suggested" in plan.advice
    assert todays_plan(9, []).advice.startswith("The gentle routine and a short, easy walk")


def test_a_stop_plan_gives_no_exercise_advice() -> None:
    plan = stop_plan("A warning sign was reported today: get emergency care now.")
    assert plan.kind == "stop" and plan.routines == ()
    assert plan.advice == "A warning sign was reported today: get emergency care now."
    assert "not a diagnosis" in plan.reason
    assert plan.next_routine([]) is None


def test_next_routine_skips_what_is_done() -> None:
    plan = todays_plan(2, [])
    assert plan.next_routine([]) == "core"
    assert plan.next_routine(["core"]) == "pre-run"
    assert plan.next_routine(["pre-run", "core"]) is None


@pytest.mark.parametrize("text", ["11", "-1", "4.5", "abc", "", " ", "1e1", "+3", "٣"])
def test_bad_pain_is_refused_with_the_valid_range(text: str) -> None:
    with pytest.raises(CheckinError) as caught:
        parse_scale(text)
    assert str(caught.value) == PAIN_MESSAGE


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("10", 10), (" 7 ", 7), ("07", 7)])
def test_good_pain_is_read(text: str, value: int) -> None:
    assert parse_scale(text) == value


@pytest.mark.parametrize("value", [11, -1, True, 4.5])
def test_a_pain_outside_the_scale_cannot_make_a_checkin(value: object) -> None:
    with pytest.raises(CheckinError, match=PAIN_MESSAGE):
        checkin_entry(pain=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("run:25", ("run", 25)),
        ("walk", ("walk", 0)),
        ("Strength:45", ("strength", 45)),
        ("rest", ("rest", 0)),
        ("rest:0", ("rest", 0)),
        ("other:1440", ("other", 1440)),
    ],
)
def test_activity_is_read(text: str, expected: tuple[str, int]) -> None:
    assert parse_activity(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("swim:20", "activity must be one of run, walk, strength, other, rest"),
        ("", "activity must be one of run, walk, strength, other, rest"),
        ("run:-5", "activity minutes must be a whole number from 0 to 1440"),
        ("run:1441", "activity minutes must be a whole number from 0 to 1440"),
        ("run:2.5", "activity minutes must be a whole number from 0 to 1440"),
        ("run:abc", "activity minutes must be a whole number from 0 to 1440"),
        ("rest:30", "activity minutes must be 0 for rest"),
    ],
)
def test_bad_activity_is_refused(text: str, message: str) -> None:
    with pytest.raises(CheckinError, match=message):
        parse_activity(text)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sleep", "great", "sleep must be one of poor, fair, good"),
        ("stiffness", "under30", "stiffness must be one of none, under_30, longer"),
        ("note", "x" * 2001, "note must be at most 2000 characters"),
    ],
)
def test_bad_choices_are_refused(field: str, value: str, message: str) -> None:
    with pytest.raises(CheckinError, match=message):
        checkin_entry(pain=3, **{field: value})


def test_checkin_defaults_every_answer_but_pain_and_leaves_the_activity_unsaid() -> None:
    entry = checkin_entry(pain=3, note="  stiff after the long drive  ")
    assert entry.activity is None and entry.activity_min == 0  # not said: not rest
    with pytest.raises(CheckinError, match="activity minutes need the activity"):
        checkin_entry(pain=3, activity_min=20)
    assert (entry.sleep, entry.stiffness, entry.new_symptoms) == ("fair", "none", False)
    assert entry.note == "stiff after the long drive"


def test_peg_score_is_the_mean_of_its_items() -> None:
    assert peg_entry(5, 4, 6).score == 5.0
    assert peg_entry(3, 4, 4).score == pytest.approx(3.67)
    assert parse_peg(" 7, 8 ,9") == peg_entry(7, 8, 9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5,4", "PEG must be three whole numbers"),
        ("5,4,6,1", "PEG must be three whole numbers"),
        ("5,11,6", "PEG enjoyment must be a whole number from 0 to 10"),
        ("5,4,x", "PEG general activity must be a whole number from 0 to 10"),
    ],
)
def test_bad_peg_is_refused(text: str, message: str) -> None:
    with pytest.raises(CheckinError, match=message):
        parse_peg(text)


@pytest.mark.parametrize(
    ("last", "due"),
    [(None, True), (date(2026, 11, 19), False), (date(2026, 11, 18), True)],
)
def test_peg_is_weekly(last: date | None, due: bool) -> None:
    assert needs_peg(last_peg=last, today=TODAY) is due


@pytest.mark.parametrize(
    ("planned", "held", "status"),
    [
        (10, 7, "stopped"),  # under 80%
        (10, 8, "completed"),  # at
        (10, 9, "completed"),  # over
        (4, 3, "stopped"),  # 75%
        (4, 0, "stopped"),  # everything skipped
        (0, 0, "completed"),  # a routine with no holds has nothing to fall short of
    ],
)
def test_a_routine_is_completed_only_when_most_of_its_reps_were_held(
    planned: int, held: int, status: str
) -> None:
    assert clinical.COMPLETED_REPS_SHARE == 0.8
    assert clinical.session_end(planned, held) == status
