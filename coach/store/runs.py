"""Runs of the return-to-running programme: a row per run, begun as it starts, a row per run
interval as each ends (so a crash loses at most the interval in progress), then its end and
its pains. Only a run whose worst pain during it was answered is judged for the next stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coach.clock import Clock, iso_utc
from coach.store.checkins import COUNTED_CHECKINS, counted_between
from coach.store.db import Store


@dataclass(frozen=True)
class RunEntry:
    day: date
    #: The running stage's id.
    stage: str
    #: The worst pain during the run, 0–10.
    pain_during: int
    #: Pain just after it, 0–10, when it was answered.
    pain_after: int | None
    intervals_done: int


@dataclass(frozen=True)
class RunRecord:
    """A run as it was recorded, for the history and the reports."""

    day: date
    at: str  # the UTC instant it began, ISO 8601
    stage: str  # the running stage's id
    intervals_done: int
    pain_during: int | None  # the worst during it, when answered
    pain_after: int | None
    active_s: float | None  # guided time, pauses excluded; None for runs written whole


def run_records(store: Store, first: date, last: date = date.max) -> list[RunRecord]:
    """The runs begun from `first` to `last`, oldest first."""
    rows = store.query(
        "SELECT day, at, stage, intervals_done, pain_during, pain_after, active_s FROM runs "
        "WHERE day BETWEEN ? AND ? ORDER BY day, at, id",
        [first.isoformat(), last.isoformat()],
    )
    return [
        RunRecord(
            date.fromisoformat(row["day"]),
            row["at"],
            row["stage"],
            row["intervals_done"],
            row["pain_during"],
            row["pain_after"],
            row["active_s"],
        )
        for row in rows
    ]


def begin_run(store: Store, clock: Clock, stage: str) -> int:
    """The run's row, written before its first interval; returns its id."""
    with store.write() as db:
        now = clock.now()
        row = {"day": clock.today().isoformat(), "at": iso_utc(now), "stage": stage}
        return int(db.table("runs").insert(row).last_pk)  # type: ignore[arg-type]


def record_interval(
    store: Store, at: datetime, *, run_id: int, interval_no: int, run_s: float, ran_s: float
) -> bool:
    """Commit one run interval that ran to its end at `at`, and the run's count with it.

    Returns False (and changes nothing) when that interval is already on disk."""
    with store.write() as db:
        cursor = db.execute(
            "INSERT OR IGNORE INTO run_intervals (run_id, interval_no, run_s, ran_s, at) "
            "VALUES (?, ?, ?, ?, ?)",
            [run_id, interval_no, run_s, ran_s, iso_utc(at)],
        )
        inserted = cursor.rowcount == 1
        if inserted:
            db.execute("UPDATE runs SET intervals_done = intervals_done + 1 WHERE id = ?", [run_id])
    return inserted


def end_run(store: Store, at: datetime, run_id: int, active_s: float) -> None:
    """The run ended at `at` after `active_s` seconds of guided time (pauses excluded)."""
    with store.write() as db:
        db.execute(
            "UPDATE runs SET ended_at = ?, active_s = ? WHERE id = ?",
            [iso_utc(at), active_s, run_id],
        )


def set_run_pains(
    store: Store, run_id: int, pain_during: int | None, pain_after: int | None
) -> None:
    with store.write() as db:
        db.execute(
            "UPDATE runs SET pain_during = ?, pain_after = ? WHERE id = ?",
            [pain_during, pain_after, run_id],
        )


def minutes_run_on(store: Store, day: date) -> int | None:
    """The guided minutes of the runs begun on `day` with a run interval done (0 when none of
    them ended: coach was stopped), or None when there was no such run that day: what the next
    morning's check-in offers as yesterday's activity. A run left before its first run
    interval ended is no run."""
    row = store.query(
        "SELECT count(*) AS runs, sum(active_s) AS active_s FROM runs "
        "WHERE day = ? AND intervals_done > 0",
        [day.isoformat()],
    ).fetchone()
    if not row["runs"]:
        return None
    return round((row["active_s"] or 0) / 60)


def runs_until(store: Store, day: date) -> list[RunEntry]:
    """Every run up to and including `day` that can be judged (its pain during answered),
    oldest first."""
    rows = store.query(
        "SELECT day, stage, pain_during, pain_after, intervals_done FROM runs "
        "WHERE day <= ? AND pain_during IS NOT NULL ORDER BY day, at, id",
        [day.isoformat()],
    )
    return [
        RunEntry(
            date.fromisoformat(row["day"]),
            row["stage"],
            row["pain_during"],
            row["pain_after"],
            row["intervals_done"],
        )
        for row in rows
    ]


def pains_by_day(store: Store, day: date) -> dict[date, int]:
    """The pain of the check-in that counts for each day up to `day`."""
    rows = store.query(
        f"SELECT day, pain FROM ({COUNTED_CHECKINS})", counted_between(date.min, day)
    )
    return {date.fromisoformat(row["day"]): row["pain"] for row in rows}
