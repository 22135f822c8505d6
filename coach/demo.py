"""A synthetic history for trying coach, taking screenshots and running benchmarks.

The person behaves as someone who mostly does what coach suggests. Their pain eases from the
episode that brought them to coach towards a low baseline, wanders smoothly around it from day
to day, and flares for real now and then (about 3 points up for some days); it answers to what
they did: strength work, walks and routines ease the next morning, rest and runs push it up.
Each morning's check-in reports yesterday's activity, as the real one does. The weekly
programme is worked out as they go (coach.programme), and on most days they play the routine
its plan puts first, so their level is coach's own reading of their records.
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
from coach.running import is_flare
from coach.store.db import Store
from coach.store.feedback import save_leg_pain, save_rating
from coach.store.rows import EXPORT_TABLES

#: The next morning's pain moves by this much after each kind of day: every activity of
#: coach.vocabulary, by its stored value (tests/test_demo.py checks they agree).
ACTIVITY_EFFECT = {"run": 0.2, "walk": -0.3, "strength": -0.6, "other": 0.0, "rest": 0.5}
ROUTINE_EFFECT = -0.3
#: The pain everyone settles to once the episode that brought them to coach has passed.
BASELINE = 2.5
#: How far above the baseline the first mornings are (people start using a back-pain coach
#: during an episode), and the share of what is left of it that fades each day: a little
#: faster on a day with a routine done, as regular exercise helps.
EPISODE = 3.5
EPISODE_FADING = {False: 0.006, True: 0.012}
#: Pain wanders around the baseline as an AR(1) process: most of yesterday's wander, plus a
#: little new each day. Independent daily noise would put a morning 2 points above the
#: week's median (a flare, by coach's rules) every few weeks; a person's pain moves smoothly.
WANDER_KEPT = 0.85
WANDER_STEP = 0.2
#: A real flare (lifting, a long drive, a bad night) comes three or four times a year: pain
#: about 3 points up for a few days, then easing by a share a day.
FLARE_CHANCE = 1 / 90
FLARE_RISE = (2.5, 3.5)
FLARE_DAYS = (2, 5)
FLARE_KEPT = 0.6
#: How often the person does what the day's plan puts first (on a day they checked in), and
#: the pre-run routine before a run; on the other days they mostly skip it.
FOLLOWS_PLAN = 0.88
PRE_RUN_BEFORE_A_RUN = 0.5
#: A rep is held for its planned time give or take this many milliseconds: the player's timer.
HELD_OFF_BY_MS = 60
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


#: SQLite's form of coach.clock.iso_utc for an instant given in seconds since the epoch.
ISO_UTC_OF_EPOCH = "strftime('%Y-%m-%dT%H:%M:%fZ', ?, 'unixepoch')"


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
        # Each rep's end comes as seconds since the epoch, written by SQLite in the stored form
        # of coach.clock.iso_utc: formatting each in Python was most of the demo's time.
        conn.executemany(
            "INSERT INTO reps (session_id, step_no, exercise, set_no, rep_no, side, hold_s, "
            f"held_s, at) VALUES (?,?,?,?,?,?,?,?, {ISO_UTC_OF_EPOCH})",
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


class _Back:
    """The person's pain, unseen: the baseline, what is left of the first episode, the
    day-to-day wander and any flare. `next_day` moves it on a day and gives its sum."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.episode = EPISODE
        self.wander = 0.0
        self.flare = 0.0
        self.flare_held = 0  # days the flare stays at its height before it eases

    def next_day(self, exercised: bool) -> float:
        """This morning's ache, after a day with (`exercised`) or without a routine done."""
        rng = self.rng
        self.episode *= 1 - EPISODE_FADING[exercised]
        self.wander = WANDER_KEPT * self.wander + rng.gauss(0, WANDER_STEP)
        if self.flare_held:
            self.flare_held -= 1
        else:
            self.flare *= FLARE_KEPT
        if self.flare < 0.5 and rng.random() < FLARE_CHANCE:
            self.flare = rng.uniform(*FLARE_RISE)
            self.flare_held = rng.randint(*FLARE_DAYS)
        return max(BASELINE + self.episode + self.wander + self.flare, 0.0)


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
        back = _Back(rng)
        effect = 0.0  # how yesterday (activity and routine) shows in this morning's pain
        exercised = False  # a routine was done yesterday
        yesterday: tuple[str, int] = ("rest", 0)
        # The weekly programme as coach works it out, so the person can follow its plan.
        pains: dict[date, int] = {}
        programme = ProgrammeWalk(start, pains, set())
        day = start
        while day <= end:
            ache = back.next_day(exercised)
            pain = _clamp(round(ache + effect))
            if day == start or rng.random() > 0.06:  # some mornings are missed
                self._checkin(day, pain, ache, yesterday, first=day == start)
                pains[day] = pain
            plan = programme.plan_for(day)
            yesterday = self._activity(day, ache, plan)
            completed = [
                routine
                for routine in self._routines(plan, yesterday[0])
                if self._session(day, routine, pain)
            ]
            programme.record(day, completed)
            exercised = bool(completed)
            effect = ACTIVITY_EFFECT[yesterday[0]] + (ROUTINE_EFFECT if exercised else 0.0)
            day += timedelta(days=1)
        return self

    def _activity(self, day: date, ache: float, plan: TodaysPlan | None) -> tuple[str, int]:
        """What the person does besides coach's routines: no run on a flare day (as the plan
        says) nor on a sore one."""
        rng = self.rng
        if ache >= 6.5 or (plan is not None and is_flare(plan)):
            choice = rng.choices(("rest", "walk"), (0.6, 0.4))[0]
        elif day.weekday() in (1, 3, 5) and ache < 4.5:
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

    def _routines(self, plan: TodaysPlan | None, activity: str) -> list[str]:
        """The routines the person plays: on most days the one the plan puts first (now and
        then what the plan allows in its place), and the pre-run routine before a run; on the
        other days mostly nothing, sometimes core anyway. Nothing without a check-in."""
        rng = self.rng
        if plan is None or not plan.routines:
            return []
        if rng.random() >= FOLLOWS_PLAN:
            return ["core"] if rng.random() < 0.3 else []
        main = plan.routines[0]
        instead = dict(plan.alternatives).get(main)
        if instead is not None and rng.random() < 0.15:
            main = instead
        if activity == "run" and rng.random() < PRE_RUN_BEFORE_A_RUN:
            return ["pre-run", main]
        return [main]

    def _checkin(
        self, day: date, pain: int, ache: float, yesterday: tuple[str, int], *, first: bool
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
            answers = [_clamp(round(ache + rng.gauss(0, 1))) for _ in range(3)]
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
        # Whole milliseconds, as the instants are stored; each rep's end goes in as seconds
        # since the epoch for SQLite to write in iso_utc's form (see generate).
        started_ms = round(started.timestamp() * 1000)
        elapsed_ms = 0
        step_ends_ms: dict[int, int] = {}  # each step with a rep held: its last rep's end
        for phase in plan.phases:
            if phase.step_no >= stop_at:
                break
            planned_ms = round(phase.seconds * 1000)
            if phase.kind != "hold":
                elapsed_ms += planned_ms
                continue
            held_ms = planned_ms + round(plan_rng.uniform(-HELD_OFF_BY_MS, HELD_OFF_BY_MS))
            elapsed_ms += held_ms
            step_ends_ms[phase.step_no] = elapsed_ms
            self.reps.append(
                (
                    session_id,
                    phase.step_no,
                    phase.exercise,
                    phase.set_no,
                    phase.rep_no,
                    phase.side,
                    float(phase.seconds),
                    held_ms / 1000,
                    (started_ms + elapsed_ms) / 1000,
                )
            )
        elapsed = elapsed_ms / 1000
        step_ends = {
            step_no: started + timedelta(milliseconds=ms) for step_no, ms in step_ends_ms.items()
        }
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
