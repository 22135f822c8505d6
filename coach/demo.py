"""A synthetic history for trying coach, taking screenshots and running benchmarks.

Pain follows a hidden level that drifts back towards a low baseline, flares now and then, and
answers to what the person did: strength work, walks and routines ease it, rest and a run on a
bad day push it up. Each morning's check-in reports yesterday's activity, as the real one does.
Everything comes from one seeded random generator, so a seed and an end day give the same
database every time; all rows go in with executemany inside one transaction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from coach.clinical import TodaysPlan
from coach.clock import iso_utc
from coach.library import load_library
from coach.plan import Plan, build_plan
from coach.programme import ProgrammeWalk
from coach.progression import ABOUT_RIGHT, HARD, HURT, TOO_EASY
from coach.red_flags import SCREEN_INTERVAL_DAYS
from coach.rules import BACKGROUND_COLUMNS, QUESTION_SET, signs_asked
from coach.store.db import Store
from coach.store.feedback import save_leg_pain, save_rating
from coach.store.rows import EXPORT_TABLES

#: The next morning's pain moves by this much after each kind of day: every activity of
#: coach.vocabulary, by its stored value (tests/test_demo.py checks they agree).
ACTIVITY_EFFECT = {"run": 0.2, "walk": -0.3, "strength": -0.6, "other": 0.0, "rest": 0.5}
ROUTINE_EFFECT = -0.3
#: The pain level everyone drifts back to between flares.
BASELINE = 3.0
#: How much a session eases pain on the spot, as choices (the gentle ones ease it most).
EASING = {
    "gentle": (0, 1, 1, 2, 2),
    "pelvic-tilts": (0, 0, 1, 1, 2),
    "core": (0, 0, 1, 1, 1),
    "pre-run": (0, 0, 0, 1, 1),
    "strength": (-1, 0, 0, 1, 1),
}
#: How each exercise felt, as the player asks after it: weights of too easy, about right,
#: hard and it hurt, on an ordinary day and on a bad one (pain 6 or more, or a flare). Mostly
#: "about right"; "it hurt" only now and then, and on bad days.
RATING_WEIGHTS: dict[str, dict[int, float]] = {
    "ordinary": {TOO_EASY: 0.16, ABOUT_RIGHT: 0.76, HARD: 0.08, HURT: 0.0},
    "bad": {TOO_EASY: 0.02, ABOUT_RIGHT: 0.62, HARD: 0.24, HURT: 0.12},
}
NOTES = (
    "Stiff getting out of bed.",
    "Long day at the desk.",
    "Felt loose after the walk.",
    "Slept badly, back sore.",
    "Good day.",
    "Lifted the shopping carefully.",
)


class DemoError(Exception):
    """The demo refused to run, worded for the user."""


@dataclass(frozen=True)
class DemoCounts:
    checkins: int
    peg: int
    red_flags: int
    sessions: int
    reps: int
    ratings: int = 0


def is_empty(store: Store) -> bool:
    conn = store.db.conn
    return all(
        conn.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
        for table in EXPORT_TABLES
    )


def generate(store: Store, *, days: int, end: date, seed: int = 1) -> DemoCounts:
    """Fill an empty store with `days` days of history ending on `end` (inclusive)."""
    if days < 1:
        raise DemoError("The demo needs at least one day.")
    if not is_empty(store):
        raise DemoError(
            f"{store.path or 'the database'} already holds records; the demo only fills a new "
            "or empty database. Point --db at a new file."
        )
    library = load_library(None)
    plans = {routine: build_plan(library.routines[routine], library) for routine in EASING}
    rows = _History(random.Random(seed), plans).build(end - timedelta(days=days - 1), end)
    with store.write() as db:
        conn = db.conn
        conn.executemany(
            "INSERT INTO checkins (id, day, at, pain, activity, activity_min, sleep, stiffness, "
            "new_symptoms, note, superseded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows.checkins,
        )
        conn.executemany(
            "INSERT INTO peg (checkin_id, day, at, pain_avg, enjoyment, general_activity, score) "
            "VALUES (?,?,?,?,?,?,?)",
            rows.peg,
        )
        # Every screen all clear, asked of someone with none of the background items.
        asked = [sign.column for sign in signs_asked(frozenset())]
        conn.executemany(
            f"INSERT INTO red_flags (checkin_id, day, at, question_set, result, "
            f"{', '.join(asked)}) VALUES (?, ?, ?, {QUESTION_SET}, 'none'{', 0' * len(asked)})",
            rows.red_flags,
        )
        first = rows.checkins[0]
        conn.execute(  # "about you", asked once at the first check-in: none of them
            f"INSERT INTO about_you (day, at, {', '.join(BACKGROUND_COLUMNS)}) "
            f"VALUES (?, ?{', 0' * len(BACKGROUND_COLUMNS)})",
            [first[1], first[2]],
        )
        conn.executemany(
            "INSERT INTO sessions (id, routine, day, started_at, ended_at, status, pain_before, "
            "pain_after, active_s) VALUES (?,?,?,?,?,?,?,?,?)",
            rows.sessions,
        )
        conn.executemany(
            "INSERT INTO reps (session_id, step_no, exercise, set_no, rep_no, side, hold_s, "
            "held_s, at) VALUES (?,?,?,?,?,?,?,?,?)",
            rows.reps,
        )
        # What the person said after each exercise and at the end, as the player saves it.
        for rating in rows.ratings:
            save_rating(
                store,
                rating.at,
                rating.day,
                rating.session_id,
                step_no=rating.step_no,
                exercise=rating.exercise,
                rating=rating.rating,
            )
        for session_id in rows.leg_answers:
            save_leg_pain(store, session_id, False, None)
    return DemoCounts(
        checkins=len(rows.checkins),
        peg=len(rows.peg),
        red_flags=len(rows.red_flags),
        sessions=len(rows.sessions),
        reps=len(rows.reps),
        ratings=len(rows.ratings),
    )


@dataclass(frozen=True)
class _Rating:
    at: datetime
    day: date
    session_id: int
    step_no: int
    exercise: str
    rating: int


class _History:
    """The simulation: one pass over the days, appending rows to plain lists."""

    def __init__(self, rng: random.Random, plans: dict[str, Plan]) -> None:
        self.rng = rng
        self.plans = plans
        self.checkins: list[tuple] = []
        self.peg: list[tuple] = []
        self.red_flags: list[tuple] = []
        self.sessions: list[tuple] = []
        self.reps: list[tuple] = []
        self.ratings: list[_Rating] = []
        #: The sessions whose "pain into a leg?" was answered (no, in this history).
        self.leg_answers: list[int] = []
        #: The day the warning signs were last asked: they are asked again weekly.
        self.last_screen: date | None = None

    def build(self, start: date, end: date) -> _History:
        rng = self.rng
        level = 6.0  # people start using a back-pain coach during an episode
        effect = 0.0  # how yesterday (activity and routine) shows in this morning's pain
        yesterday: tuple[str, int] = ("rest", 0)
        # The weekly programme as coach works it out, so the person can follow its plan.
        pains: dict[date, int] = {}
        programme = ProgrammeWalk(start, pains, set())
        day = start
        while day <= end:
            if rng.random() < 1 / 120:
                level += rng.uniform(2.5, 4.0)  # a flare: lifting, a long drive, a bad night
            level += (BASELINE - level) * 0.05 + rng.gauss(0, 0.3)
            level = min(max(level, 0.0), 9.0)
            pain = _clamp(round(level + effect + rng.gauss(0, 0.8)))
            if day == start or rng.random() > 0.06:  # some mornings are missed
                self._checkin(day, pain, level, yesterday, first=day == start)
                pains[day] = pain
            plan = programme.plan_for(day)
            yesterday = self._activity(day, level)
            effect = ACTIVITY_EFFECT[yesterday[0]]
            if yesterday[0] == "run" and level > 4.5:
                effect += 1.0  # running through a bad day is overdoing it
            completed: list[str] = []
            if rng.random() < (0.7 if level < 6.5 else 0.5):
                routine = self._pick_routine(level, yesterday[0], plan)
                if self._session(day, routine, pain):
                    completed.append(routine)
                    effect += ROUTINE_EFFECT
                    level -= 0.03  # regular exercise helps a little for good
            programme.record(day, completed)
            day += timedelta(days=1)
        return self

    def _activity(self, day: date, level: float) -> tuple[str, int]:
        rng = self.rng
        if level >= 6.5:
            choice = rng.choices(("rest", "walk"), (0.6, 0.4))[0]
        elif day.weekday() in (1, 3, 5) and level < 4.5:
            choice = rng.choices(("run", "walk", "rest"), (0.75, 0.15, 0.1))[0]
        elif day.weekday() in (0, 4):
            choice = rng.choices(("strength", "walk", "rest"), (0.6, 0.25, 0.15))[0]
        else:
            choice = rng.choices(("walk", "other", "rest"), (0.5, 0.15, 0.35))[0]
        minutes = {
            "run": rng.randint(20, 50),
            "walk": rng.randint(20, 70),
            "strength": rng.randint(20, 45),
            "other": rng.randint(15, 60),
            "rest": 0,
        }[choice]
        return choice, minutes

    def _pick_routine(self, level: float, activity: str, plan: TodaysPlan | None) -> str:
        """What the person plays: the gentle routine on a bad day and the pre-run routine
        before a run; otherwise the day's plan three times in four (the routine it puts first),
        else what they fancy. The same draws as a person who ignored the plan, so following it
        changes no check-in."""
        if level >= 6:
            return "gentle"
        if activity == "run":
            return "pre-run"
        fancied = self.rng.choice(("pelvic-tilts", "core", "core", "strength"))
        if plan is None or not plan.routines or fancied == "strength":
            return fancied
        return plan.routines[0]

    def _checkin(
        self, day: date, pain: int, level: float, yesterday: tuple[str, int], *, first: bool
    ) -> None:
        rng = self.rng
        at = _utc(day, time(7, rng.randint(0, 50)))
        new_symptoms = 1 if rng.random() < 0.01 else 0
        sleep = "poor" if pain >= 7 else rng.choice(("fair", "good", "good"))
        stiffness = "longer" if pain >= 6 else "under_30" if pain >= 3 else "none"
        note = rng.choice(NOTES) if rng.random() < 0.12 else ""
        if rng.random() < 0.01:  # a check-in the user redid a few minutes later
            redo = at + timedelta(minutes=rng.randint(2, 20))
            self.checkins.append(
                (
                    len(self.checkins) + 1,
                    day.isoformat(),
                    iso_utc(at),
                    _clamp(pain + rng.choice((-2, 2))),
                    *yesterday,
                    sleep,
                    stiffness,
                    0,
                    "",
                    iso_utc(redo),
                )
            )
            at = redo
        checkin_id = len(self.checkins) + 1
        self.checkins.append(
            (
                checkin_id,
                day.isoformat(),
                iso_utc(at),
                pain,
                *yesterday,
                sleep,
                stiffness,
                new_symptoms,
                note,
                None,
            )
        )
        last = self.last_screen
        if first or new_symptoms or last is None or (day - last).days >= SCREEN_INTERVAL_DAYS:
            self.red_flags.append((checkin_id, day.isoformat(), iso_utc(at)))
            self.last_screen = day
        if day.weekday() == 0:
            answers = [_clamp(round(level + rng.gauss(0, 1))) for _ in range(3)]
            self.peg.append(
                (checkin_id, day.isoformat(), iso_utc(at), *answers, round(sum(answers) / 3, 2))
            )

    def _session(self, day: date, routine: str, pain: int) -> bool:
        """Record one session; True when it was completed."""
        rng = self.rng
        session_id = len(self.sessions) + 1
        started = _utc(day, time(rng.choice((8, 12, 18)), rng.randint(0, 59)))
        completed = rng.random() > 0.05
        plan = self.plans[routine]
        # What depends on the routine's content is drawn from the session's own generator, so
        # a change to a routine does not reshuffle the check-ins and PEG days that follow.
        plan_rng = random.Random(rng.random())
        routine_steps = len(plan.routine.steps)
        stop_at = routine_steps if completed else plan_rng.randint(1, routine_steps)
        elapsed = 0.0
        step_ends: dict[int, datetime] = {}  # each step with a rep held: its last rep's end
        for phase in plan.phases:
            if phase.step_no >= stop_at:
                break
            if phase.kind != "hold":
                elapsed += phase.seconds
                continue
            held = max(phase.seconds + plan_rng.gauss(0, 0.04), 0.0)
            elapsed += held
            step_ends[phase.step_no] = started + timedelta(seconds=elapsed)
            self.reps.append(
                (
                    session_id,
                    phase.step_no,
                    phase.exercise,
                    phase.set_no,
                    phase.rep_no,
                    phase.side,
                    float(phase.seconds),
                    round(held, 3),
                    iso_utc(started + timedelta(seconds=elapsed)),
                )
            )
        self._rate(session_id, day, step_ends, plan, plan_rng, bad_day=pain >= 6)
        before = _clamp(pain + rng.choice((-1, 0, 0, 1)))
        after = _clamp(before - rng.choice(EASING[routine])) if completed else before
        self.sessions.append(
            (
                session_id,
                routine,
                day.isoformat(),
                iso_utc(started),
                iso_utc(started + timedelta(seconds=elapsed + 60)),
                "completed" if completed else "stopped",
                before,
                after,
                round(elapsed, 1),
            )
        )
        return completed

    def _rate(
        self,
        session_id: int,
        day: date,
        step_ends: dict[int, datetime],
        plan: Plan,
        rng: random.Random,
        *,
        bad_day: bool,
    ) -> None:
        """How each exercise done felt, said as its last rep ended, and "no" to pain into a
        leg; drawn from the session's own generator, like its reps."""
        weights = RATING_WEIGHTS["bad" if bad_day else "ordinary"]
        for step_no, at in step_ends.items():
            exercise = plan.routine.steps[step_no].exercise
            rating = rng.choices(list(weights), list(weights.values()))[0]
            self.ratings.append(_Rating(at, day, session_id, step_no, exercise, rating))
        self.leg_answers.append(session_id)


def _utc(day: date, clock_time: time) -> datetime:
    """A local wall-clock time on `day`, as a UTC instant (DST handled by the system zone)."""
    return datetime.combine(day, clock_time).astimezone().astimezone(UTC)


def _clamp(pain: int) -> int:
    return min(max(pain, 0), 10)
