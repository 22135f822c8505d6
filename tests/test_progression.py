"""The dose rules: the table, each rule at, under and over its limit, the words of a change,
and a simulated twelve weeks of one person on a real database with a frozen clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.clock import FakeClock, iso_utc
from coach.html_report import write_html
from coach.library import Exercise, Routine, RoutineStep, load_library
from coach.plan import build_plan
from coach.progression import (
    ABOUT_RIGHT,
    HARD,
    HURT,
    RULES,
    TOO_EASY,
    Dose,
    DoseChange,
    ExerciseDose,
    RoutineDoses,
    check_dose,
    dose_summary,
    replay,
    routine_doses,
    step_down,
    step_to_rate,
    step_up,
)
from coach.report import clinician_report, markdown_text
from coach.store import Store
from coach.store.feedback import (
    HandDose,
    Morning,
    SessionRecord,
    save_hand_dose,
    save_leg_pain,
    save_rating,
    session_ratings,
)
from coach.store.red_flags import save_screen
from coach.store.sessions import finish_session, record_rep, start_session
from tests.helpers import add_checkin, clear_screen, local_at, screened

LIBRARY = load_library(None)
BIRD_DOG = LIBRARY.exercises["bird-dog"]  # core, 10 s holds, easier: dead bug
DEAD_BUG = LIBRARY.exercises["dead-bug"]  # core, 3 s holds, harder: bird dog
BRIDGE = LIBRARY.exercises["glute-bridge"]  # strength: its hold stays as the routine has it
STRETCH = LIBRARY.exercises["hamstring-stretch"]
CORE_BIRD_DOG = Dose((5, 3, 1), 10)
DAY = date(2026, 9, 1)


def test_every_rule_has_its_value_meaning_and_source() -> None:
    assert {name: one.value for name, one in RULES.items()} == {
        "easy_in_a_row": 2,
        "rep_step": 1,
        "hold_step_s": 2,
        "core_hold_cap_s": 10,
        "stretch_hold_cap_s": 30,
        "reps_cap_times": 2,
        "pain_after_limit": 5,
        "morning_rise": 2,
        "settled_to_recover": 2,
        "hurt_in_a_row": 2,
    }
    assert all(one.meaning and one.source for one in RULES.values())


def record(
    number: int,
    rating: int | None,
    *,
    exercise: str = "bird-dog",
    pain_after: int | None = None,
    leg_pain: bool | None = None,
    leg_pain_exercise: str | None = None,
    day: date | None = None,
) -> SessionRecord:
    """Session `number` (one a day from DAY) in which `exercise` was done and rated."""
    day = day or DAY + timedelta(days=number)
    return SessionRecord(
        id=number,
        day=day,
        started_at=local_at(day, 18),
        pain_before=3,
        pain_after=pain_after,
        leg_pain=leg_pain,
        leg_pain_exercise=leg_pain_exercise,
        done=frozenset({exercise}),
        ratings={exercise: rating} if rating is not None else {},
    )


def played(
    exercise: Exercise,
    base: Dose,
    sessions: Sequence[SessionRecord],
    *,
    flares: set[date] | None = None,
    mornings: dict[date, Morning] | None = None,
    hands: Sequence[HandDose] = (),
) -> ExerciseDose:
    return replay(exercise, base, sessions, hands, mornings or {}, flares or set(), as_of="9999")


def ratings(*answers: int | None, exercise: Exercise = BIRD_DOG) -> list[SessionRecord]:
    return [record(n, answer, exercise=exercise.id) for n, answer in enumerate(answers, 1)]


# --- "too easy" twice running: a step up --------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "reps"),
    [
        ((TOO_EASY,), (5, 3, 1)),  # under: once is not twice
        ((TOO_EASY, TOO_EASY), (6, 4, 2)),  # at
        ((TOO_EASY, TOO_EASY, TOO_EASY), (6, 4, 2)),  # over: the count starts again
        ((TOO_EASY,) * 4, (7, 5, 2)),  # the last set at twice its 1
        ((TOO_EASY, ABOUT_RIGHT, TOO_EASY), (5, 3, 1)),  # not in a row
        ((TOO_EASY, HARD, TOO_EASY), (5, 3, 1)),
        ((TOO_EASY, None, TOO_EASY), (6, 4, 2)),  # a skipped rating neither counts nor breaks
    ],
)
def test_too_easy_twice_running_steps_up(answers: tuple[int | None, ...], reps: tuple) -> None:
    assert played(BIRD_DOG, CORE_BIRD_DOG, ratings(*answers)).dose == Dose(reps, 10)


def test_the_change_says_what_and_why() -> None:
    dose = played(BIRD_DOG, Dose((5,), 10), ratings(TOO_EASY, TOO_EASY))
    change = dose.last_change
    assert change is not None
    assert change.words("Bird dog") == "Bird dog: 6 reps now (was 5): easy twice"
    assert change.direction == "up" and change.day == DAY + timedelta(days=2)


@pytest.mark.parametrize(
    ("was", "now", "words"),
    [
        (Dose((5, 3, 1), 10), Dose((6, 4, 2), 10), "6-4-2 reps now (was 5-3-1)"),
        (Dose((8, 8), 3), Dose((9, 9), 3), "2 × 9 reps now (was 2 × 8)"),
        (Dose((10,), 3), Dose((10,), 5), "5 s holds now (was 3 s)"),
        (Dose((2,), 1), Dose((1,), 1), "1 rep now (was 2)"),
        (Dose((2, 2), 1), Dose((1, 1), 1), "2 × 1 rep now (was 2 × 2)"),
    ],
)
def test_a_dose_change_in_words(was: Dose, now: Dose, words: str) -> None:
    assert now.change_words(was) == words


def test_no_step_up_on_a_flare_day_nor_across_one() -> None:
    sessions = ratings(TOO_EASY, TOO_EASY)
    # the second "too easy" on a gentle day: it does not count
    assert played(BIRD_DOG, CORE_BIRD_DOG, sessions, flares={sessions[1].day}).changes == ()
    # a flare (or a warning sign) between the two: the count starts again
    apart = [record(1, TOO_EASY), record(3, TOO_EASY)]
    between = DAY + timedelta(days=2)
    assert played(BIRD_DOG, CORE_BIRD_DOG, apart, flares={between}).changes == ()
    assert played(BIRD_DOG, CORE_BIRD_DOG, apart).dose == Dose((6, 4, 2), 10)
    late = ratings(TOO_EASY, TOO_EASY, TOO_EASY)
    flared = played(BIRD_DOG, CORE_BIRD_DOG, late, flares={late[1].day})
    assert flared.dose == CORE_BIRD_DOG  # the first is cut off by the flare, the third alone
    # a flare before the first: nothing to do with them
    before = played(BIRD_DOG, CORE_BIRD_DOG, sessions, flares={DAY})
    assert before.dose == Dose((6, 4, 2), 10)


LOW = [HandDose("core", "bird-dog", DAY, local_at(DAY, 6), (3, 1, 1), 6)]  # below its own


@pytest.mark.parametrize(
    ("answers", "dose"),
    [
        ((ABOUT_RIGHT,), Dose((3, 1, 1), 6)),  # under
        ((ABOUT_RIGHT, ABOUT_RIGHT), Dose((3, 1, 1), 8)),  # at: the hold first
        ((None, None), Dose((3, 1, 1), 8)),  # unrated sessions without trouble count
        ((TOO_EASY, ABOUT_RIGHT), Dose((3, 1, 1), 8)),
        ((ABOUT_RIGHT,) * 3, Dose((3, 1, 1), 8)),  # over: the count starts again
        ((ABOUT_RIGHT,) * 4, Dose((3, 1, 1), 10)),
        ((ABOUT_RIGHT,) * 6, Dose((4, 2, 1), 10)),  # then the reps
        ((ABOUT_RIGHT, HARD, ABOUT_RIGHT), Dose((3, 1, 1), 6)),  # "hard" is not settled
        ((ABOUT_RIGHT,) * 12, Dose((5, 3, 1), 10)),  # back to the routine's own, not past
    ],
)
def test_below_the_routines_own_two_settled_sessions_step_back_toward_it(
    answers: tuple[int | None, ...], dose: Dose
) -> None:
    assert played(BIRD_DOG, CORE_BIRD_DOG, ratings(*answers), hands=LOW).dose == dose


def test_back_at_the_routines_own_too_easy_twice_goes_past_it() -> None:
    dose = played(BIRD_DOG, CORE_BIRD_DOG, ratings(*[TOO_EASY] * 12), hands=LOW)
    assert dose.dose == Dose((7, 5, 2), 10)
    assert [change.reason for change in dose.changes] == [
        "set by hand",
        *["settled twice"] * 4,
        *["easy twice"] * 2,
    ]


def test_no_step_back_on_a_flare_day_nor_across_one() -> None:
    sessions = ratings(ABOUT_RIGHT, None, ABOUT_RIGHT)
    flare = {sessions[1].day}  # a gentle day, done gently: neither counts
    assert played(BIRD_DOG, CORE_BIRD_DOG, sessions, hands=LOW, flares=flare).dose == Dose(
        (3, 1, 1), 6
    )


# --- the caps -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exercise", "base", "dose", "after"),
    [
        # a core hold grows by 2 s up to 10 s, then the reps grow
        (DEAD_BUG, Dose((10,), 3), Dose((10,), 7), Dose((10,), 9)),  # under
        (DEAD_BUG, Dose((10,), 8), Dose((10,), 8), Dose((10,), 10)),  # to the cap exactly
        (DEAD_BUG, Dose((10,), 3), Dose((10,), 9), Dose((11,), 9)),  # 11 s would be over
        (BIRD_DOG, CORE_BIRD_DOG, CORE_BIRD_DOG, Dose((6, 4, 2), 10)),  # at the cap
        # a stretch's hold up to 30 s
        (STRETCH, Dose((2,), 20), Dose((2,), 28), Dose((2,), 30)),
        (STRETCH, Dose((2,), 20), Dose((2,), 29), Dose((3,), 29)),
        (STRETCH, Dose((2,), 20), Dose((2,), 30), Dose((3,), 30)),
        # a strength exercise keeps the routine's hold
        (BRIDGE, Dose((10, 10), 3), Dose((10, 10), 3), Dose((11, 11), 3)),
        # reps up to twice the routine's, set by set
        (BRIDGE, Dose((10,), 3), Dose((19,), 3), Dose((20,), 3)),
        (BIRD_DOG, CORE_BIRD_DOG, Dose((10, 6, 2), 10), Dose((10, 6, 2), 10)),
    ],
)
def test_a_step_up_within_the_caps(exercise: Exercise, base: Dose, dose: Dose, after: Dose) -> None:
    assert (step_up(dose, base, exercise) or dose) == after


def test_nothing_left_to_add_offers_the_harder_form() -> None:
    assert step_up(Dose((20,), 10), Dose((10,), 10), DEAD_BUG) is None
    most = [HandDose("core", "dead-bug", DAY, local_at(DAY), (20,), 10)]
    easy = ratings(TOO_EASY, TOO_EASY, exercise=DEAD_BUG)
    at_most = played(DEAD_BUG, Dose((10,), 10), easy, hands=most)
    assert at_most.dose == Dose((20,), 10) and at_most.offer == "bird-dog"
    assert [change.reason for change in at_most.changes] == ["set by hand"]
    # bird dog has no harder form in the library: nothing to offer
    top = played(BIRD_DOG, Dose((5,), 10), ratings(TOO_EASY, TOO_EASY),
                 hands=[HandDose("core", "bird-dog", DAY, local_at(DAY), (10,), 10)])  # fmt: skip
    assert top.dose == Dose((10,), 10) and top.offer is None


@pytest.mark.parametrize(
    ("base", "dose", "after"),
    [
        (Dose((5, 3, 1), 10), Dose((7, 5, 3), 10), Dose((6, 4, 2), 10)),  # reps added: taken
        (Dose((10,), 3), Dose((11,), 9), Dose((10,), 9)),  # reps first, the latest kind added
        (Dose((10,), 3), Dose((10,), 9), Dose((10,), 7)),  # then the hold
        (Dose((10,), 3), Dose((10,), 4), Dose((10,), 3)),  # never below the routine's by it
        (Dose((5, 3, 1), 10), Dose((5, 3, 1), 10), Dose((4, 2, 1), 10)),  # below: a rep less
        (Dose((5, 3, 1), 10), Dose((1, 1, 1), 10), Dose((1, 1, 1), 8)),  # then the hold
        (Dose((5,), 10), Dose((1,), 2), Dose((1,), 1)),
    ],
)
def test_a_step_down(base: Dose, dose: Dose, after: Dose) -> None:
    assert step_down(dose, base) == after


def test_nothing_left_to_take_away() -> None:
    assert step_down(Dose((1,), 1), Dose((5,), 10)) is None
    floor = played(BIRD_DOG, Dose((1,), 1), ratings(HURT))
    assert floor.changes == ()


# --- pain: "it hurt", pain after, the next morning, a leg -----------------------------------


def test_it_hurt_steps_down_at_once_and_twice_offers_the_easier_form() -> None:
    once = played(BIRD_DOG, CORE_BIRD_DOG, ratings(HURT))
    assert once.dose == Dose((4, 2, 1), 10) and once.offer is None
    assert once.changes[0].reason == "it hurt" and once.changes[0].direction == "down"
    twice = played(BIRD_DOG, CORE_BIRD_DOG, ratings(HURT, HURT))
    assert twice.dose == Dose((3, 1, 1), 10) and twice.offer == "dead-bug"
    apart = played(BIRD_DOG, CORE_BIRD_DOG, ratings(HURT, ABOUT_RIGHT, HURT))
    assert apart.offer is None
    after = played(BIRD_DOG, CORE_BIRD_DOG, ratings(HURT, HURT, ABOUT_RIGHT))
    assert after.offer is None  # offered after the session that called for it, not forever


@pytest.mark.parametrize(("pain_after", "stepped_down"), [(4, False), (5, False), (6, True)])
def test_pain_after_the_session_above_five_steps_down(pain_after: int, stepped_down: bool) -> None:
    dose = played(BIRD_DOG, CORE_BIRD_DOG, [record(1, ABOUT_RIGHT, pain_after=pain_after)])
    assert (dose.dose != CORE_BIRD_DOG) is stepped_down
    if stepped_down:
        assert dose.changes[0].reason == "pain 6/10 after it"


def test_pain_after_above_five_blocks_a_step_up() -> None:
    sessions = [record(1, TOO_EASY), record(2, TOO_EASY, pain_after=6)]
    assert played(BIRD_DOG, CORE_BIRD_DOG, sessions).dose == Dose((4, 2, 1), 10)


@pytest.mark.parametrize(("rise", "stepped_down"), [(1, False), (2, True), (3, True)])
def test_the_next_morning_two_points_up_steps_down(rise: int, stepped_down: bool) -> None:
    session = record(1, ABOUT_RIGHT)
    next_day = session.day + timedelta(days=1)
    mornings = {
        session.day: Morning(session.day, local_at(session.day), 3),
        next_day: Morning(next_day, local_at(next_day), 3 + rise),
    }
    dose = played(BIRD_DOG, CORE_BIRD_DOG, [session], mornings=mornings)
    assert (dose.dose == Dose((4, 2, 1), 10)) is stepped_down
    if stepped_down:
        assert dose.changes[0].reason == f"pain {rise} points up the next morning"
        assert dose.changes[0].day == next_day


def test_the_next_morning_does_not_step_down_twice_what_the_session_already_did() -> None:
    session = record(1, HURT)
    next_day = session.day + timedelta(days=1)
    mornings = {
        session.day: Morning(session.day, local_at(session.day), 3),
        next_day: Morning(next_day, local_at(next_day), 6),
    }
    assert played(BIRD_DOG, CORE_BIRD_DOG, [session], mornings=mornings).dose == Dose((4, 2, 1), 10)


def test_pain_into_a_leg_steps_down_the_exercise_named_or_every_one_when_not_said() -> None:
    named = record(1, ABOUT_RIGHT, leg_pain=True, leg_pain_exercise="bird-dog")
    assert played(BIRD_DOG, CORE_BIRD_DOG, [named]).changes[0].reason == "pain into a leg"
    other = record(1, ABOUT_RIGHT, leg_pain=True, leg_pain_exercise="curl-up")
    assert played(BIRD_DOG, CORE_BIRD_DOG, [other]).changes == ()
    unsaid = record(1, TOO_EASY, leg_pain=True)
    assert played(BIRD_DOG, CORE_BIRD_DOG, [unsaid]).dose == Dose((4, 2, 1), 10)
    no = record(1, ABOUT_RIGHT, leg_pain=False)
    assert played(BIRD_DOG, CORE_BIRD_DOG, [no]).changes == ()


def test_a_dose_set_by_hand_replaces_it_and_a_reset_goes_back_to_the_routines() -> None:
    sessions = ratings(TOO_EASY, TOO_EASY, TOO_EASY)
    third = DAY + timedelta(days=2)
    hand = HandDose("core", "bird-dog", third, local_at(third, 23), (3, 2, 1), 8)
    set_by_hand = played(BIRD_DOG, CORE_BIRD_DOG, sessions, hands=[hand])
    # set after the second session's step up; the third "too easy" alone is not twice
    assert set_by_hand.dose == Dose((3, 2, 1), 8)
    assert [change.reason for change in set_by_hand.changes] == ["easy twice", "set by hand"]
    later = DAY + timedelta(days=9)
    reset = HandDose("core", "bird-dog", later, local_at(later), None, None)
    back = played(BIRD_DOG, CORE_BIRD_DOG, ratings(TOO_EASY, TOO_EASY), hands=[reset])
    assert back.dose == CORE_BIRD_DOG and back.changes[-1].reason == "back to the routine's"


@pytest.mark.parametrize(
    ("reps", "hold_s", "problem"),
    [
        ((), 10, "sets"),
        ((0,), 10, "reps"),
        ((101,), 10, "reps"),
        ((5,), 0, "hold"),
        ((5,), 301, "hold"),
        ((1,) * 21, 10, "sets"),
    ],
)
def test_a_dose_by_hand_is_within_the_files_limits(
    reps: tuple[int, ...], hold_s: int, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        check_dose(reps, hold_s)
    assert check_dose((100,) * 20, 300) == Dose((100,) * 20, 300)
    assert check_dose((1,), 1) == Dose((1,), 1)


# --- twelve weeks of one person, on a real database ---------------------------------------------

TZ = ZoneInfo("Europe/London")
START = date(2026, 9, 7)  # a Monday


class Person:
    """Plays the core routine on a real database with a frozen clock, as the player would."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.clock = FakeClock(datetime(2026, 9, 7, 7, 30, tzinfo=TZ))
        screened(store, START - timedelta(days=1))

    def morning(self, day: date, pain: int) -> None:
        self.clock = FakeClock(datetime.combine(day, datetime.min.time(), TZ).replace(hour=8))
        add_checkin(self.store, day, pain)

    def core(
        self,
        answers: dict[str, int],
        *,
        pain_after: int = 3,
        leg: str | None | bool = False,
    ) -> None:
        """Play the core routine at 18:00 with the doses as they stand, rate its exercises."""
        self.clock.advance(11 * 3600)
        dosed = self.doses().routine
        session_id = start_session(self.store, self.clock, "core", pain_before=3)
        for step_no, step in enumerate(dosed.steps):
            self.clock.advance(30)
            record_rep(self.store, self.clock.now(), session_id, step_no=step_no,
                       exercise=step.exercise, set_no=1, rep_no=1, side="both",
                       hold_s=step.hold_s, held_s=step.hold_s, active_s=30.0 * step_no)  # fmt: skip
            if step.exercise in answers:
                save_rating(self.store, self.clock.now(), self.clock.today(), session_id,
                            step_no=step_no, exercise=step.exercise,
                            rating=answers[step.exercise])  # fmt: skip
        finish_session(self.store, self.clock.now(), session_id, status="completed",
                       active_s=600, pain_after=pain_after)  # fmt: skip
        if leg is not False:
            save_leg_pain(self.store, session_id, True, leg if isinstance(leg, str) else None)

    def doses(self) -> RoutineDoses:
        return routine_doses(self.store, LIBRARY, "core", day=self.clock.today(),
                             as_of=iso_utc(self.clock.now()))  # fmt: skip

    def dose(self, exercise: str) -> Dose:
        return self.doses().doses[exercise].dose


def test_twelve_weeks_of_one_person_step_by_step(store: Store) -> None:
    person = Person(store)
    day = START
    easy = {"bird-dog": TOO_EASY, "curl-up": ABOUT_RIGHT}

    # Week 1: bird dog too easy twice → a step up the evening of the second.
    person.morning(day, 3)
    person.core(easy)
    assert person.dose("bird-dog") == Dose((5, 3, 1), 10)
    person.morning(day + timedelta(days=1), 3)
    person.core(easy)
    assert person.dose("bird-dog") == Dose((6, 4, 2), 10)
    assert person.doses().changes_on(day + timedelta(days=1)) == [
        "Bird dog: 6-4-2 reps now (was 5-3-1): easy twice"
    ]
    # ...the core routine plays it: 6 holds in its first set
    assert person.doses().routine.steps[3].reps_per_set == (6, 4, 2)
    assert person.dose("curl-up") == Dose((5, 3, 1), 10)

    # Week 2: a flare (pain 7, a gentle day) between two "too easy": no step up.
    day = START + timedelta(days=7)
    person.morning(day, 3)
    person.core(easy)
    person.morning(day + timedelta(days=1), 3)
    person.morning(day + timedelta(days=2), 7)
    person.morning(day + timedelta(days=3), 3)
    person.core(easy)
    assert person.dose("bird-dog") == Dose((6, 4, 2), 10)
    person.morning(day + timedelta(days=4), 3)
    person.core(easy)
    assert person.dose("bird-dog") == Dose((7, 5, 2), 10)  # the last set at twice its 1

    # Week 3: "it hurt" → a step down at once; twice running → dead bug offered.
    day = START + timedelta(days=14)
    person.morning(day, 4)
    person.core({"bird-dog": HURT})
    assert person.dose("bird-dog") == Dose((6, 4, 1), 10)
    assert person.doses().doses["bird-dog"].offer is None
    person.morning(day + timedelta(days=1), 4)
    person.core({"bird-dog": HURT})
    assert person.dose("bird-dog") == Dose((5, 3, 1), 10)
    assert person.doses().doses["bird-dog"].offer == "dead-bug"

    # Week 4: a good session, then the next morning 2 points up → every exercise done steps
    # down (the curl-up too), recorded on that morning.
    day = START + timedelta(days=21)
    person.morning(day, 2)
    person.core({"bird-dog": ABOUT_RIGHT})
    assert person.doses().doses["bird-dog"].offer is None
    person.morning(day + timedelta(days=1), 4)
    assert person.dose("bird-dog") == Dose((4, 2, 1), 10)
    assert person.dose("curl-up") == Dose((4, 2, 1), 10)
    assert "Curl-up: 4-2-1 reps now (was 5-3-1): pain 2 points up the next morning" in (
        person.doses().changes_on(day + timedelta(days=1))
    )

    # Week 5: pain into a leg, not said from which exercise → each one done steps down.
    day = START + timedelta(days=28)
    person.morning(day, 3)
    person.core({}, leg=None)
    assert person.dose("bird-dog") == Dose((3, 1, 1), 10)
    assert person.dose("glute-bridge") == Dose((6,), 3)  # 8, then 7 the morning of week 4
    assert person.doses().doses["glute-bridge"].last_change.reason == "pain into a leg"

    # Week 6: the bird dog set by hand; then a warning sign between two "too easy".
    day = START + timedelta(days=35)
    person.morning(day, 3)
    save_hand_dose(store, person.clock, "core", "bird-dog", (5, 3, 1), 10)
    assert person.dose("bird-dog") == Dose((5, 3, 1), 10)
    person.core(easy)
    person.morning(day + timedelta(days=1), 3)
    save_screen(store, person.clock, clear_screen())  # all clear: not a warning
    person.morning(day + timedelta(days=2), 3)
    with store.write() as db:  # a same-day sign, since followed up (seen, told to go on)
        db["red_flags"].insert({"day": (day + timedelta(days=2)).isoformat(),
                                "at": local_at(day + timedelta(days=2), 8),
                                "question_set": 2, "fever": 1, "result": "same_day"})  # fmt: skip
    person.core(easy)
    assert person.dose("bird-dog") == Dose((5, 3, 1), 10)

    # Weeks 7–12: "too easy" twice a week, no pain: one step a week, up to twice the
    # routine's reps, then nothing more (bird dog has no harder form).
    expected = [(6, 4, 2), (7, 5, 2), (8, 6, 2), (9, 6, 2), (10, 6, 2), (10, 6, 2)]
    for week, reps in enumerate(expected, start=6):
        day = START + timedelta(days=7 * week)
        person.morning(day, 2)
        person.core(easy)
        person.morning(day + timedelta(days=2), 2)
        person.core(easy)
        assert person.dose("bird-dog") == Dose(reps, 10), week
    changes: tuple[DoseChange, ...] = person.doses().doses["bird-dog"].changes
    assert [change.reason for change in changes] == [
        "easy twice",
        "easy twice",
        "it hurt",
        "it hurt",
        "pain 2 points up the next morning",
        "pain into a leg",
        "set by hand",
        *["easy twice"] * 5,
    ]
    # a resumed session plays the doses as they stood when it started
    first = person.store.conn.execute(
        "SELECT started_at, day FROM sessions ORDER BY id LIMIT 1"
    ).fetchone()
    then = routine_doses(store, LIBRARY, "core", day=date.fromisoformat(first[1]), as_of=first[0])
    assert then.doses["bird-dog"].dose == Dose((5, 3, 1), 10)


def test_a_rating_given_again_replaces_the_first(store: Store) -> None:
    clock = FakeClock(datetime(2026, 9, 7, 18, 0, tzinfo=TZ))
    session_id = start_session(store, clock, "core", pain_before=3)
    now, today = clock.now(), clock.today()
    save_rating(store, now, today, session_id, step_no=3, exercise="bird-dog", rating=TOO_EASY)
    save_rating(store, now, today, session_id, step_no=3, exercise="bird-dog", rating=HURT)
    assert session_ratings(store, session_id) == {3: HURT}
    with pytest.raises(ValueError, match="1, 2, 3 or 4"):
        save_rating(store, now, today, session_id, step_no=3, exercise="bird-dog", rating=5)


# --- when the player asks ------------------------------------------------------------------------

TWO_STEPS = build_plan(
    Routine("two", "Two", "", None, (
        RoutineStep("cat-camel", (2,), 2, "both", 4),
        RoutineStep("side-plank", (1, 1), 2, "each", 5),
    )),
    LIBRARY,
)  # fmt: skip


def kinds() -> list[tuple[str, int, int | None]]:
    """Each phase: its kind, its step, and the step asked about in it (every step done)."""
    phases = TWO_STEPS.phases
    return [
        (phase.kind, phase.step_no,
         step_to_rate(phase, phases[i + 1] if i + 1 < len(phases) else None, {0, 1}))
        for i, phase in enumerate(phases)
    ]  # fmt: skip


def test_the_player_asks_between_exercises_only() -> None:
    assert kinds() == [
        ("position", 0, None),
        ("hold", 0, None),
        ("release", 0, None),
        ("hold", 0, None),
        ("rest", 0, 0),  # after the cat–camel's last set
        ("position", 1, 0),  # and in the side plank's get-ready
        ("hold", 1, None),
        ("rest", 1, None),  # between sets
        ("hold", 1, None),
        ("rest", 1, None),  # between sides
        ("switch", 1, None),
        ("hold", 1, None),
        ("rest", 1, None),
        ("hold", 1, None),  # the last: asked at the end
    ]
    position = TWO_STEPS.phases[5]
    assert step_to_rate(position, None, {1}) is None  # the cat–camel was skipped: not asked


def test_the_clinician_report_lists_the_doses_and_each_step_down_with_why(store: Store) -> None:
    person = Person(store)
    person.morning(START, 3)
    person.core({}, leg="bird-dog")  # pain into a leg from the bird dog
    today = START + timedelta(days=1)
    report = markdown_text(store, LIBRARY, since=None, today=today)
    doses = report.split("## Doses\n\n", 1)[1].split("\n## Notes", 1)[0]
    assert "| Core | Bird dog | 4-2-1 reps, 10 s holds | 5-3-1 reps, 10 s holds |" in doses
    assert "- 7 Sep 2026: Core, Bird dog: 4-2-1 reps now (was 5-3-1): pain into a leg" in doses
    page = StringIO()
    write_html(clinician_report(store, LIBRARY, since=None, today=today), page)
    assert "pain into a leg" in page.getvalue().split('<section id="doses">', 1)[1]
    assert dose_summary(store, LIBRARY, today, since=today).steps_down == []  # the period


# --- worked out once while nothing is written ------------------------------------------------


def test_doses_are_kept_while_nothing_is_written_and_follow_another_copys_rating(
    db_file: Path,
) -> None:
    mine, other = Store.open(db_file), Store.open(db_file)
    try:
        person = Person(other)  # plays and rates in another copy of coach
        easy = {"bird-dog": TOO_EASY}
        person.morning(START, 3)
        person.core(easy)
        day = START + timedelta(days=1)
        person.morning(day, 3)
        before = routine_doses(mine, LIBRARY, "core", day=day)
        assert before.doses["bird-dog"].dose == CORE_BIRD_DOG
        assert routine_doses(mine, LIBRARY, "core", day=day) is before  # nothing written
        again = load_library(None)  # the files read again: worked out afresh, alike
        assert routine_doses(mine, again, "core", day=day) == before
        assert routine_doses(mine, again, "core", day=day) is not before
        person.core(easy)  # the second "too easy", in the other copy
        after = routine_doses(mine, LIBRARY, "core", day=day)
        assert after.doses["bird-dog"].dose == Dose((6, 4, 2), 10)
    finally:
        mine.close()
        other.close()


def test_a_write_on_the_same_connection_outside_a_transaction_is_seen(store: Store) -> None:
    person = Person(store)
    person.morning(START, 3)
    person.core({})
    before = routine_doses(store, LIBRARY, "core", day=START)
    store.conn.execute("UPDATE reps SET exercise = 'dead-bug' WHERE exercise = 'bird-dog'")
    after = routine_doses(store, LIBRARY, "core", day=START)
    assert after is not before
