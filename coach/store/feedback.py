"""What the person says about a session's exercises, and the doses they set by hand.

A rating is one row per exercise step of a session (rating it again, after going back to it,
replaces the answer); the leg-pain answer is two columns of the session; a dose set or reset by
hand is a row of `hand_doses`, the latest of a routine's exercise counting. The doses played are
worked out from these rows (coach.progression), so nothing here stores a derived dose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coach.clock import Clock, iso_utc
from coach.store.checkins import COUNTED_CHECKINS, counted_between
from coach.store.db import Store


@dataclass(frozen=True)
class SessionRecord:
    """One session of a routine as the dose rules read it."""

    id: int
    day: date
    started_at: str
    pain_before: int | None
    pain_after: int | None
    #: None: not asked; True: an exercise sent pain into a leg.
    leg_pain: bool | None
    #: The exercise it named; None with `leg_pain`: not said which, so every one done.
    leg_pain_exercise: str | None
    #: The exercises with at least one rep held, by id.
    done: frozenset[str]
    #: The rating of each exercise rated (1 too easy … 4 it hurt), by id: the last step's.
    ratings: dict[str, int]


@dataclass(frozen=True)
class HandDose:
    routine: str
    exercise: str
    day: date
    at: str
    #: One count per set; None: back to the routine's own dose.
    reps_per_set: tuple[int, ...] | None
    hold_s: int | None


@dataclass(frozen=True)
class Morning:
    """The check-in that counts for a day: its pain, and when it was given."""

    day: date
    at: str
    pain: int


def save_rating(
    store: Store,
    at: datetime,
    day: date,
    session_id: int,
    *,
    step_no: int,
    exercise: str,
    rating: int,
) -> None:
    """One exercise's rating, given at the instant `at` on the local `day` (the write may
    come later); a second answer for the same step replaces the first."""
    if rating not in (1, 2, 3, 4):
        raise ValueError(f"a rating is 1, 2, 3 or 4, not {rating!r}")
    with store.write() as db:
        db.execute(
            "INSERT INTO ratings (session_id, step_no, exercise, rating, day, at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, step_no) DO UPDATE SET "
            "rating = excluded.rating, day = excluded.day, at = excluded.at",
            [session_id, step_no, exercise, rating, day.isoformat(), iso_utc(at)],
        )  # fmt: skip


def save_leg_pain(store: Store, session_id: int, leg_pain: bool, exercise: str | None) -> None:
    """The answer to "did any exercise send pain into a leg?", and which one when it was said."""
    with store.write() as db:
        db.execute(
            "UPDATE sessions SET leg_pain = ?, leg_pain_exercise = ? WHERE id = ?",
            [int(leg_pain), exercise if leg_pain else None, session_id],
        )


def save_hand_dose(
    store: Store,
    clock: Clock,
    routine: str,
    exercise: str,
    reps_per_set: tuple[int, ...] | None,
    hold_s: int | None,
) -> None:
    """A dose set by hand for an exercise of a routine; no reps: back to the routine's own."""
    reps = ",".join(str(count) for count in reps_per_set) if reps_per_set else None
    with store.write() as db:
        db.execute(
            "INSERT INTO hand_doses (routine, exercise, day, at, reps, hold_s) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [routine, exercise, clock.today().isoformat(), iso_utc(clock.now()), reps,
             hold_s if reps else None],
        )  # fmt: skip


def session_ratings(store: Store, session_id: int) -> dict[int, int]:
    """The session's ratings so far, by step."""
    rows = store.query(
        "SELECT step_no, rating FROM ratings WHERE session_id = ?", [session_id]
    ).fetchall()
    return {row["step_no"]: row["rating"] for row in rows}


@dataclass(frozen=True)
class SessionAnswers:
    """What the person said after a session's exercises: each one's rating (the last step's,
    by exercise id), and whether one sent pain into a leg (None: not asked)."""

    ratings: dict[str, int]
    leg_pain: bool | None
    leg_pain_exercise: str | None


def answers_on(store: Store, day: date) -> dict[int, SessionAnswers]:
    """The answers given after each session of `day` that has any, by session id."""
    found: dict[int, SessionAnswers] = {}
    for row in store.query(
        "SELECT id, leg_pain, leg_pain_exercise FROM sessions WHERE day = ?", [day.isoformat()]
    ):
        leg = None if row["leg_pain"] is None else bool(row["leg_pain"])
        found[row["id"]] = SessionAnswers({}, leg, row["leg_pain_exercise"])
    for row in store.query(
        "SELECT session_id, exercise, rating FROM ratings WHERE session_id IN "
        "(SELECT id FROM sessions WHERE day = ?) ORDER BY session_id, step_no",
        [day.isoformat()],
    ):
        found[row["session_id"]].ratings[row["exercise"]] = row["rating"]
    return found


def session_leg_pain(store: Store, session_id: int) -> bool:
    """Whether the person said an exercise of the session sent pain into a leg."""
    row = store.query("SELECT leg_pain FROM sessions WHERE id = ?", [session_id]).fetchone()
    return row is not None and row["leg_pain"] == 1


def session_records(store: Store, routine: str) -> list[SessionRecord]:
    """Every ended session of `routine` in which something was done, oldest first."""
    sessions = store.query(
        "SELECT id, day, started_at, pain_before, pain_after, leg_pain, leg_pain_exercise "
        "FROM sessions WHERE routine = ? AND status != 'in_progress' ORDER BY started_at, id",
        [routine],
    ).fetchall()
    done: dict[int, set[str]] = {}
    for row in store.query(
        "SELECT DISTINCT session_id, exercise FROM reps WHERE session_id IN "
        "(SELECT id FROM sessions WHERE routine = ?)",
        [routine],
    ):
        done.setdefault(row["session_id"], set()).add(row["exercise"])
    rated: dict[int, dict[str, int]] = {}
    for row in store.query(
        "SELECT session_id, exercise, rating FROM ratings WHERE session_id IN "
        "(SELECT id FROM sessions WHERE routine = ?) ORDER BY session_id, step_no",
        [routine],
    ):
        rated.setdefault(row["session_id"], {})[row["exercise"]] = row["rating"]
    return [
        SessionRecord(
            id=row["id"],
            day=date.fromisoformat(row["day"]),
            started_at=row["started_at"],
            pain_before=row["pain_before"],
            pain_after=row["pain_after"],
            leg_pain=None if row["leg_pain"] is None else bool(row["leg_pain"]),
            leg_pain_exercise=row["leg_pain_exercise"],
            done=frozenset(done.get(row["id"], set()) | set(rated.get(row["id"], {}))),
            ratings=rated.get(row["id"], {}),
        )
        for row in sessions
        if row["id"] in done or row["id"] in rated
    ]


def hand_doses(store: Store, routine: str) -> list[HandDose]:
    """Every dose set or reset by hand for `routine`'s exercises, oldest first."""
    rows = store.query(
        "SELECT routine, exercise, day, at, reps, hold_s FROM hand_doses WHERE routine = ? "
        "ORDER BY at, id",
        [routine],
    )
    return [
        HandDose(
            routine=row["routine"],
            exercise=row["exercise"],
            day=date.fromisoformat(row["day"]),
            at=row["at"],
            reps_per_set=tuple(int(count) for count in row["reps"].split(","))
            if row["reps"]
            else None,
            hold_s=row["hold_s"],
        )
        for row in rows
    ]


def mornings(store: Store, day: date) -> dict[date, Morning]:
    """The check-in that counts for each day up to `day`: pain and when it was given."""
    rows = store.query(
        f"SELECT day, at, pain FROM ({COUNTED_CHECKINS})", counted_between(date.min, day)
    )
    return {
        date.fromisoformat(row["day"]): Morning(date.fromisoformat(row["day"]), row["at"],
                                                row["pain"])
        for row in rows
    }  # fmt: skip
