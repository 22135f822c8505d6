"""The history queries: weeks, calendar days, one day's detail and what helps.

Every figure is aggregated in SQL over the `day` indexes; Python only merges a handful of rows
per week or per day, so ten years of data cost the same as one month for a 12-week view.

Rules every query follows:
- a check-in with `superseded_at` set was replaced by a later one that day: it is left out of
  every figure (the day detail still shows it, marked replaced);
- a day's figures come from the check-in that counts for it (`COUNTED_CHECKINS`, in
  coach.store.checkins), so a day never counts twice;
- a check-in's activity describes the day *before* it (the morning check-in asks about
  yesterday), so activity minutes are counted in the week of that previous day, and
  "pain the day after a run" is simply the pain of the check-ins that report a run.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from coach.store.checkins import COUNTED_CHECKINS, counted_between, said_activity
from coach.store.claims import played_elsewhere
from coach.store.db import Store
from coach.store.red_flags import StoredScreen, screens, worst_by_day
from coach.store.rows import since_text
from coach.vocabulary import ACTIVITY

#: The Monday of a `day` column, in SQL: 'weekday 0' moves forward to Sunday (or stays).
_MONDAY = "date({col}, 'weekday 0', '-6 days')"

#: Activity reported on a day happened the day before: the Monday of that day.
_ACTIVITY_MONDAY = _MONDAY.format(col="date(day, '-1 day')")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def iso_week(monday: date) -> str:
    """'2026-W47': the ISO year can differ from the calendar year in late December."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class WeekRow:
    monday: date
    checkin_days: int
    avg_pain: float | None
    worst_pain: int | None
    peg_score: float | None  # mean of the PEG scores taken that week
    routines: int  # completed sessions
    partly_done: int  # sessions stopped part-way
    routine_min: float  # the guided minutes of both
    #: Minutes by activity (its stored value); activities with none are absent.
    activity_min: Mapping[str, int]

    @property
    def week(self) -> str:
        return iso_week(self.monday)

    def minutes_of(self, activity: str) -> int:
        return self.activity_min.get(activity, 0)

    @property
    def is_empty(self) -> bool:
        return (
            self.checkin_days == 0
            and self.routines == 0
            and self.partly_done == 0
            and self.peg_score is None
        )


@dataclass(frozen=True)
class CalendarDay:
    day: date
    pain: int | None
    routines: tuple[str, ...]
    red_flag: str | None  # 'urgent' or 'same_day' when a warning sign was reported


@dataclass(frozen=True)
class PainPeriod:
    start: date
    end: date
    days: int
    avg_pain: float | None


@dataclass(frozen=True)
class PairedChange:
    """Pain measured twice on the same occasions (before and after a session, one morning and
    the next): how many pairs, the mean of each end, and the spread of the differences."""

    pairs: int
    before: float | None  # mean of the first readings
    after: float | None  # mean of the second readings
    #: Sample standard deviation of (after − before); None below two pairs.
    spread: float | None

    @property
    def change(self) -> float | None:
        """Mean change: negative means less pain."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class RoutineEffect:
    routine: str
    #: Pain asked as the session starts ("pain now?", this morning's answer offered) → after.
    change: PairedChange


@dataclass(frozen=True)
class ActivityEffect:
    activity: str
    #: Pain on the morning before the activity → the next morning.
    change: PairedChange


@dataclass(frozen=True)
class WhatHelps:
    start: date  # the first and last day the figures cover
    end: date
    routines: tuple[RoutineEffect, ...]
    activities: tuple[ActivityEffect, ...]  # in ACTIVITY's order, zero-day ones included


@dataclass(frozen=True)
class CheckinDetail:
    id: int
    at: str
    pain: int
    activity: str | None  # None: not said
    activity_min: int
    sleep: str | None
    stiffness: str | None
    new_symptoms: bool
    note: str
    replaced: bool
    peg_score: float | None
    peg: tuple[int, int, int] | None  # pain_avg, enjoyment, general_activity


@dataclass(frozen=True)
class ExerciseReps:
    exercise: str
    reps: int
    hold_s: float  # planned hold
    avg_held_s: float
    min_held_s: float


@dataclass(frozen=True)
class SessionDetail:
    id: int
    routine: str
    started_at: str
    ended_at: str | None
    status: str
    pain_before: int | None
    pain_after: int | None
    active_s: float
    exercises: tuple[ExerciseReps, ...]
    #: In progress and claimed by another copy of coach, which is playing it now.
    playing_elsewhere: bool = False


#: The most of each kind of record (check-ins, warning-sign screens, sessions) a day's detail
#: holds: the latest ones. A day checked in thousands of times (a script, a key held down)
#: opens as fast as any other, and says how many earlier ones it leaves out.
DAY_DETAIL_MOST = 20


@dataclass(frozen=True)
class DayDetail:
    day: date
    checkins: tuple[CheckinDetail, ...]
    red_flags: tuple[StoredScreen, ...]
    sessions: tuple[SessionDetail, ...]
    #: How many earlier ones of each are left out (past DAY_DETAIL_MOST).
    checkins_left_out: int = 0
    red_flags_left_out: int = 0
    sessions_left_out: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.checkins or self.red_flags or self.sessions)


def record_span(store: Store) -> tuple[date, date] | None:
    """The first and last day with a check-in or a session, or None for an empty database."""
    conn = store.conn
    # Two subqueries, not `SELECT MIN(day), MAX(day)`: SQLite answers a lone MIN or MAX with one
    # seek in the `day` index, but both in one SELECT scan the whole index (ms on ten years).
    days = [
        value
        for table in ("checkins", "sessions")
        for value in conn.execute(
            f"SELECT (SELECT MIN(day) FROM {table}), (SELECT MAX(day) FROM {table})"
        ).fetchone()
        if value is not None
    ]
    if not days:
        return None
    return date.fromisoformat(min(days)), date.fromisoformat(max(days))


def weeks(
    store: Store, first_monday: date, last_monday: date, *, from_day: date | None = None
) -> list[WeekRow]:
    """One row per week from `first_monday` to `last_monday` inclusive, empty weeks included;
    with `from_day`, nothing before that day counts (a report from a Wednesday)."""
    end = last_monday + timedelta(days=6)
    start = max(first_monday, from_day) if from_day else first_monday
    params = counted_between(start, end)
    pain = _by_monday(
        store.query(
            f"SELECT {_MONDAY.format(col='day')} AS monday, COUNT(*) AS days, "
            f"AVG(pain) AS avg_pain, MAX(pain) AS worst_pain "
            f"FROM ({COUNTED_CHECKINS}) GROUP BY monday",
            params,
        )
    )
    activity: dict[date, dict[str, int]] = {}
    for row in store.query(
        f"SELECT {_ACTIVITY_MONDAY} AS monday, activity, SUM(activity_min) AS minutes "
        f"FROM ({COUNTED_CHECKINS}) WHERE day > :start AND activity_min > 0 "
        "GROUP BY monday, activity",
        # Activity reported on the Monday after the range belongs to its last Sunday.
        counted_between(start, end + timedelta(days=1)),
    ):
        activity.setdefault(date.fromisoformat(row["monday"]), {})[row["activity"]] = row["minutes"]
    peg = _by_monday(
        store.query(
            f"SELECT {_MONDAY.format(col='peg.day')} AS monday, AVG(peg.score) AS score "
            "FROM peg LEFT JOIN checkins ON checkins.id = peg.checkin_id "
            "WHERE peg.day BETWEEN :start AND :end AND checkins.superseded_at IS NULL "
            "GROUP BY monday",
            params,
        )
    )
    sessions = _by_monday(
        store.query(
            f"SELECT {_MONDAY.format(col='day')} AS monday, "
            "SUM(status = 'completed') AS done, SUM(status = 'stopped') AS partly, "
            "SUM(active_s) AS active_s FROM sessions "
            "WHERE status IN ('completed', 'stopped') AND day BETWEEN :start AND :end "
            "GROUP BY monday",
            params,
        )
    )
    rows = []
    monday = first_monday
    while monday <= last_monday:
        week_pain, week_peg, week_sessions = (
            pain.get(monday),
            peg.get(monday),
            sessions.get(monday),
        )
        rows.append(
            WeekRow(
                monday=monday,
                checkin_days=week_pain["days"] if week_pain else 0,
                avg_pain=week_pain["avg_pain"] if week_pain else None,
                worst_pain=week_pain["worst_pain"] if week_pain else None,
                peg_score=week_peg["score"] if week_peg else None,
                routines=week_sessions["done"] if week_sessions else 0,
                partly_done=week_sessions["partly"] if week_sessions else 0,
                routine_min=week_sessions["active_s"] / 60 if week_sessions else 0.0,
                activity_min=activity.get(monday, {}),
            )
        )
        monday += timedelta(days=7)
    return rows


def calendar_days(store: Store, start: date, end: date) -> dict[date, CalendarDay]:
    """The days from `start` to `end` that hold anything, keyed by date."""
    params = counted_between(start, end)
    conn = store.conn
    pain = {row["day"]: row["pain"] for row in store.query(COUNTED_CHECKINS, params)}
    routines = {
        row[0]: tuple(row[1].split("\n"))
        for row in conn.execute(
            "SELECT day, group_concat(routine, char(10)) FROM "
            "(SELECT day, routine FROM sessions WHERE status = 'completed' "
            "AND day BETWEEN :start AND :end ORDER BY started_at) GROUP BY day",
            params,
        )
    }
    flags = {day.isoformat(): worst for day, worst in worst_by_day(store, start, end).items()}
    return {
        date.fromisoformat(day): CalendarDay(
            day=date.fromisoformat(day),
            pain=pain.get(day),
            routines=routines.get(day, ()),
            red_flag=flags.get(day),
        )
        for day in sorted(pain.keys() | routines.keys() | flags.keys())
    }


def pain_period(store: Store, start: date, end: date) -> PainPeriod:
    """How many days had a check-in between `start` and `end`, and their mean pain."""
    row = store.query(
        f"SELECT COUNT(*) AS days, AVG(pain) AS avg_pain FROM ({COUNTED_CHECKINS})",
        counted_between(start, end),
    ).fetchone()
    return PainPeriod(start=start, end=end, days=row["days"], avg_pain=row["avg_pain"])


def what_helps(store: Store, start: date, end: date) -> WhatHelps:
    """Pain before and after each routine, and from the morning before each kind of day to the
    morning after it, on the days from `start` to `end`: each change paired within the same
    occasion, since runs (say) happen on better mornings than rest."""
    routines = tuple(
        RoutineEffect(row["routine"], _paired(row))
        for row in store.query(
            "SELECT routine, COUNT(*) AS pairs, AVG(pain_before) AS before, "
            "AVG(pain_after) AS after, "
            "AVG((pain_after - pain_before) * (pain_after - pain_before)) AS mean_square "
            "FROM sessions WHERE pain_before IS NOT NULL AND pain_after IS NOT NULL "
            "AND day BETWEEN :start AND :end GROUP BY routine ORDER BY routine",
            counted_between(start, end),
        )
    )
    # The check-in of day D+1 reports the activity of day D; the check-in of day D is the
    # morning before it. Both mornings fall inside the period, and D's activity was said.
    by_activity = {
        row["activity"]: _paired(row)
        for row in store.query(
            "SELECT later.activity AS activity, COUNT(*) AS pairs, AVG(earlier.pain) AS before, "
            "AVG(later.pain) AS after, "
            "AVG((later.pain - earlier.pain) * (later.pain - earlier.pain)) AS mean_square "
            f"FROM ({COUNTED_CHECKINS}) AS later JOIN ({COUNTED_CHECKINS}) AS earlier "
            "ON earlier.day = date(later.day, '-1 day') "
            # A day whose activity was not said is no kind of day: not rest, not anything.
            "WHERE later.activity_answered IS NOT 0 GROUP BY later.activity",
            counted_between(start, end),
        )
    }
    return WhatHelps(
        start=start,
        end=end,
        routines=routines,
        activities=tuple(
            ActivityEffect(activity, by_activity.get(activity, PairedChange(0, None, None, None)))
            for activity in ACTIVITY.values
        ),
    )


def _paired(row: sqlite3.Row) -> PairedChange:
    """A PairedChange from COUNT (pairs), AVG (before, after) and the mean square change."""
    pairs, before, after = row["pairs"], row["before"], row["after"]
    spread = None
    if pairs >= 2:
        mean = after - before
        variance = (row["mean_square"] - mean * mean) * pairs / (pairs - 1)
        spread = math.sqrt(max(variance, 0.0))  # rounding can leave a tiny negative
    return PairedChange(pairs, before, after, spread)


def day_detail(store: Store, day: date) -> DayDetail:
    """Everything recorded on one day, replaced check-ins included: the latest
    DAY_DETAIL_MOST of each kind, and how many earlier ones there are beside them."""
    iso = day.isoformat()
    params = {"day": iso, "most": DAY_DETAIL_MOST}
    checkins = tuple(
        CheckinDetail(
            id=row["id"],
            at=row["at"],
            pain=row["pain"],
            activity=said_activity(row),
            activity_min=row["activity_min"],
            sleep=row["sleep"],
            stiffness=row["stiffness"],
            new_symptoms=bool(row["new_symptoms"]),
            note=row["note"],
            replaced=row["superseded_at"] is not None,
            peg_score=row["score"],
            peg=(
                (row["pain_avg"], row["enjoyment"], row["general_activity"])
                if row["score"] is not None
                else None
            ),
        )
        for row in store.query(
            # The latest first, then their PEG (found by idx_peg_checkin).
            "SELECT c.*, p.score, p.pain_avg, p.enjoyment, p.general_activity FROM "
            "(SELECT * FROM checkins WHERE day = :day ORDER BY at DESC, id DESC LIMIT :most) c "
            "LEFT JOIN peg p ON p.checkin_id = c.id ORDER BY c.at, c.id",
            params,
        )
    )
    red_flags = tuple(
        screens(
            store,
            "id IN (SELECT id FROM red_flags WHERE day = :day ORDER BY id DESC LIMIT :most)",
            params,
        )
    )
    latest_sessions = (
        "SELECT id FROM sessions WHERE day = :day ORDER BY started_at DESC, id DESC LIMIT :most"
    )
    sessions = store.query(
        "SELECT id, routine, started_at, ended_at, status, pain_before, pain_after, active_s "
        f"FROM sessions WHERE id IN ({latest_sessions}) ORDER BY started_at, id",
        params,
    ).fetchall()
    reps: dict[int, list[ExerciseReps]] = {row["id"]: [] for row in sessions}
    for row in store.query(
        "SELECT session_id, exercise, COUNT(*) AS reps, MAX(hold_s) AS hold_s, "
        "AVG(held_s) AS avg_held_s, MIN(held_s) AS min_held_s "
        f"FROM reps WHERE session_id IN ({latest_sessions}) "
        "GROUP BY session_id, step_no, exercise ORDER BY session_id, step_no",
        params,
    ):
        reps[row["session_id"]].append(
            ExerciseReps(
                exercise=row["exercise"],
                reps=row["reps"],
                hold_s=row["hold_s"],
                avg_held_s=row["avg_held_s"],
                min_held_s=row["min_held_s"],
            )
        )
    on_the_day = store.conn.execute(
        "SELECT (SELECT COUNT(*) FROM checkins WHERE day = :day), "
        "(SELECT COUNT(*) FROM red_flags WHERE day = :day), "
        "(SELECT COUNT(*) FROM sessions WHERE day = :day)",
        params,
    ).fetchone()
    return DayDetail(
        day=day,
        checkins=checkins,
        red_flags=red_flags,
        sessions=tuple(
            SessionDetail(
                **dict(row),
                exercises=tuple(reps[row["id"]]),
                playing_elsewhere=row["status"] == "in_progress"
                and played_elsewhere(store, row["id"]),
            )
            for row in sessions
        ),
        checkins_left_out=on_the_day[0] - len(checkins),
        red_flags_left_out=on_the_day[1] - len(red_flags),
        sessions_left_out=on_the_day[2] - len(sessions),
    )


@dataclass(frozen=True)
class PegPoint:
    day: date
    score: float
    pain_avg: int
    enjoyment: int
    general_activity: int


@dataclass(frozen=True)
class RoutineTotal:
    routine: str
    completed: int
    partly_done: int  # stopped part-way
    minutes: float  # of both
    first_day: date
    last_day: date


@dataclass(frozen=True)
class Note:
    day: date
    text: str


def peg_trend(store: Store, since: date | None = None) -> list[PegPoint]:
    """Every PEG taken (replaced check-ins' ones left out), oldest first."""
    return [
        PegPoint(date.fromisoformat(row[0]), *row[1:])
        for row in store.conn.execute(
            "SELECT peg.day, peg.score, peg.pain_avg, peg.enjoyment, peg.general_activity "
            "FROM peg LEFT JOIN checkins ON checkins.id = peg.checkin_id "
            "WHERE peg.day >= ? AND checkins.superseded_at IS NULL ORDER BY peg.day, peg.at",
            [since_text(since)],
        )
    ]


def red_flags_raised(store: Store, since: date | None = None) -> list[StoredScreen]:
    """Screens where a warning sign was answered yes (replaced ones too), oldest first."""
    return screens(store, "day >= :since AND result != 'none'", {"since": since_text(since)})


def routine_totals(store: Store, since: date | None = None) -> list[RoutineTotal]:
    """Sessions per routine, completed or stopped part-way: how many, how long, from when to
    when (the ones still under way are counted once they end)."""
    return [
        RoutineTotal(
            routine=row["routine"],
            completed=row["completed"],
            partly_done=row["partly"],
            minutes=row["active_s"] / 60,
            first_day=date.fromisoformat(row["first_day"]),
            last_day=date.fromisoformat(row["last_day"]),
        )
        for row in store.query(
            "SELECT routine, SUM(status = 'completed') AS completed, "
            "SUM(status = 'stopped') AS partly, SUM(active_s) AS active_s, "
            "MIN(day) AS first_day, MAX(day) AS last_day FROM sessions "
            "WHERE status IN ('completed', 'stopped') AND day >= ? "
            "GROUP BY routine ORDER BY COUNT(*) DESC, routine",
            [since_text(since)],
        )
    ]


def notes(store: Store, since: date | None = None) -> list[Note]:
    """The notes of the check-ins that count, oldest first (a replaced check-in's note went
    with it: the one that replaced it was written knowing it)."""
    return [
        Note(date.fromisoformat(row["day"]), row["note"])
        for row in store.query(
            f"SELECT day, note FROM ({COUNTED_CHECKINS}) WHERE note != '' ORDER BY day",
            counted_between(since or date.min, date.max),
        )
    ]


def _by_monday(rows: Iterable[sqlite3.Row]) -> dict[date, sqlite3.Row]:
    """Rows with a `monday` column, keyed by that date."""
    return {date.fromisoformat(row["monday"]): row for row in rows}
