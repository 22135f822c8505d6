"""Runs of the return-to-running programme: one row per run, with its pains."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
    #: Pain just after it, 0–10.
    pain_after: int
    intervals_done: int


def save_run(store: Store, clock: Clock, entry: RunEntry) -> None:
    with store.write() as db:
        db.table("runs").insert(
            {
                "day": entry.day.isoformat(),
                "at": iso_utc(clock.now()),
                "stage": entry.stage,
                "pain_during": entry.pain_during,
                "pain_after": entry.pain_after,
                "intervals_done": entry.intervals_done,
            }
        )


def runs_until(store: Store, day: date) -> list[RunEntry]:
    """Every run up to and including `day`, oldest first."""
    rows = store.query(
        "SELECT day, stage, pain_during, pain_after, intervals_done FROM runs "
        "WHERE day <= ? ORDER BY day, at, id",
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
