"""Warning-sign screens, their follow-ups, the background asked once, dismissed notices.

The rules that give these rows their meaning live in `coach.rules` and `coach.red_flags`; this
module only reads and writes them, each query once:
- a screen whose warning sign was taken back ("I answered by mistake") keeps its row with
  `superseded_at` and counts for nothing;
- a warning sign holds until a follow-up answered `seen` or `gone`; that answer lifts every
  warning recorded before it (by id, which a clock change cannot reorder);
- the worst warning sign of a day is `worst_by_day` (its SQL, `WORST_BY_DAY`), the one
  definition of it, for the calendar and for the flares of the running and dose rules.
The store knows no sign by name: a screen's answers are every sign column it holds that is not
NULL (NULL means that question was not asked).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from coach.clock import Clock, iso_utc
from coach.store.db import Store
from coach.vocabulary import FOLLOW_UP

if TYPE_CHECKING:
    from sqlite_utils import Database

#: The red_flags columns that are not answers.
SCREEN_META = ("id", "checkin_id", "day", "at", "question_set", "result", "superseded_at")
FOLLOW_UP_ANSWERS = FOLLOW_UP.values
LIFTING = ("seen", "gone")

#: The worst of a group of screens' results: 'urgent', 'same_day', or NULL for none.
_WORST = (
    "CASE MAX(CASE result WHEN 'urgent' THEN 2 WHEN 'same_day' THEN 1 ELSE 0 END) "
    "WHEN 2 THEN 'urgent' WHEN 1 THEN 'same_day' END"
)

#: The worst warning sign of each day from :start to :end, in one row a day: (day, worst).
WORST_BY_DAY = f"""
    SELECT day, {_WORST} AS worst FROM red_flags
    WHERE superseded_at IS NULL AND day BETWEEN :start AND :end GROUP BY day
"""

#: The id of the latest screen a follow-up has lifted (0 when none has).
_LIFTED_UP_TO = (
    f"COALESCE((SELECT MAX(red_flag_id) FROM follow_ups WHERE answer IN {LIFTING!r}), 0)"
)
#: Screens with a warning sign that no follow-up has lifted yet.
_UNLIFTED = f"superseded_at IS NULL AND result != 'none' AND id > {_LIFTED_UP_TO}"


@dataclass(frozen=True)
class RedFlagEntry:
    """A screen to write: the answers given (a sign left out was not asked) and their result."""

    answers: Mapping[str, bool]
    result: str
    question_set: int


@dataclass(frozen=True)
class StoredScreen:
    id: int
    checkin_id: int | None
    day: date
    at: str
    question_set: int
    #: The signs asked, by column: True for yes.
    answers: dict[str, bool]
    result: str
    superseded: bool

    @property
    def yes(self) -> list[str]:
        return [column for column, answer in self.answers.items() if answer]


def insert_screen(
    db: Database, entry: RedFlagEntry, *, day: date, at: str, checkin_id: int | None
) -> int:
    """Write one screen inside the caller's transaction; its id."""
    row = {
        "checkin_id": checkin_id,
        "day": day.isoformat(),
        "at": at,
        "question_set": entry.question_set,
        "result": entry.result,
        **{column: int(value) for column, value in entry.answers.items()},
    }
    screen_id = db.table("red_flags").insert(row).last_pk
    assert isinstance(screen_id, int), "the id column is the rowid, set by every insert"
    return screen_id


def save_screen(
    store: Store, clock: Clock, entry: RedFlagEntry, *, replacing: Sequence[int] = ()
) -> int:
    """A screen taken on its own (before a routine, or again after "I answered by mistake").

    The screens `replacing` names (by id: the answers taken back, and only those) are marked
    superseded in the same transaction.
    """
    at = iso_utc(clock.now())
    with store.write() as db:
        for screen_id in replacing:
            db.execute(
                "UPDATE red_flags SET superseded_at = ? WHERE id = ? AND superseded_at IS NULL",
                [at, screen_id],
            )
        return insert_screen(db, entry, day=clock.today(), at=at, checkin_id=None)


def screens(
    store: Store, where: str = "1", params: Mapping[str, object] | None = None
) -> list[StoredScreen]:
    """The screens matching `where` (named parameters), oldest first."""
    rows = store.query(f"SELECT * FROM red_flags WHERE {where} ORDER BY id", dict(params or {}))
    return [_screen(row) for row in rows]


def latest_screen(store: Store) -> StoredScreen | None:
    """The latest screen that was not replaced."""
    found = screens(store, "id = (SELECT MAX(id) FROM red_flags WHERE superseded_at IS NULL)")
    return found[0] if found else None


def unlifted_warnings(store: Store) -> list[StoredScreen]:
    """Screens with a warning sign that no follow-up has lifted yet, oldest first."""
    return screens(store, _UNLIFTED)


def worst_by_day(store: Store, start: date, end: date) -> dict[date, str]:
    """The worst warning sign ('urgent' or 'same_day') of each day from `start` to `end` that
    had one; answers replaced by mistake count for nothing."""
    rows = store.conn.execute(WORST_BY_DAY, {"start": start.isoformat(), "end": end.isoformat()})
    return {date.fromisoformat(day): worst for day, worst in rows if worst is not None}


def held_tier(store: Store) -> str | None:
    """The worst unlifted warning ('urgent' or 'same_day'), or None: one indexed query."""
    tier: str | None = store.conn.execute(
        f"SELECT {_WORST} FROM red_flags WHERE {_UNLIFTED}"
    ).fetchone()[0]
    return tier


def latest_lift(store: Store) -> int:
    """The id of the latest screen a `seen` or `gone` follow-up lifted; 0 when none."""
    return int(store.conn.execute(f"SELECT {_LIFTED_UP_TO}").fetchone()[0])


def record_follow_up(store: Store, clock: Clock, red_flag_id: int, answer: str) -> None:
    if answer not in FOLLOW_UP_ANSWERS:
        raise ValueError(f"a follow-up is one of {FOLLOW_UP_ANSWERS}, not {answer!r}")
    with store.write() as db:
        db.execute(
            "INSERT INTO follow_ups (red_flag_id, day, at, answer) VALUES (?, ?, ?, ?)",
            [red_flag_id, clock.today().isoformat(), iso_utc(clock.now()), answer],
        )


def last_follow_up_day(store: Store, red_flag_id: int) -> date | None:
    """The day of the latest follow-up answer given about screen `red_flag_id`, if any."""
    row = store.conn.execute(
        "SELECT MAX(day) FROM follow_ups WHERE red_flag_id = ?", [red_flag_id]
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


@dataclass(frozen=True)
class FollowUp:
    day: date
    at: str
    answer: str
    red_flag_day: date


def follow_ups(store: Store, since: date | None = None) -> list[FollowUp]:
    """Every follow-up answer, with the day of the screen it answered, oldest first."""
    return [
        FollowUp(date.fromisoformat(row[0]), row[1], row[2], date.fromisoformat(row[3]))
        for row in store.conn.execute(
            "SELECT f.day, f.at, f.answer, r.day FROM follow_ups f "
            "JOIN red_flags r ON r.id = f.red_flag_id WHERE f.day >= ? ORDER BY f.id",
            [since.isoformat() if since else "0000-01-01"],
        )
    ]


# --- about you ---------------------------------------------------------------------------------


def background(store: Store) -> frozenset[str] | None:
    """The background items answered yes at the latest "about you"; None if never asked."""
    row = store.query("SELECT * FROM about_you ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    # A sqlite3.Row iterates over its values: its names come from keys().
    names = row.keys()  # noqa: SIM118
    return frozenset(key for key in names if key not in ("id", "day", "at") and row[key])


def save_background(
    store: Store, clock: Clock, answers: Mapping[str, bool], *, db: Database | None = None
) -> None:
    """A new "about you" row (the earlier ones are kept); inside `db`'s transaction if given."""
    row = {
        "day": clock.today().isoformat(),
        "at": iso_utc(clock.now()),
        **{column: int(value) for column, value in answers.items()},
    }
    if db is not None:
        db.table("about_you").insert(row)
        return
    with store.write() as own:
        own.table("about_you").insert(row)


# --- notices -----------------------------------------------------------------------------------


def dismissed_since(store: Store, day: date) -> set[str]:
    """The notices dismissed on `day` or later."""
    rows = store.conn.execute(
        "SELECT DISTINCT notice FROM notice_dismissals WHERE day >= ?", [day.isoformat()]
    )
    return {row[0] for row in rows}


def dismiss_notice(store: Store, clock: Clock, notice: str) -> None:
    with store.write() as db:
        db.execute(
            "INSERT INTO notice_dismissals (notice, day, at) VALUES (?, ?, ?)",
            [notice, clock.today().isoformat(), iso_utc(clock.now())],
        )


def _screen(row: sqlite3.Row) -> StoredScreen:
    return StoredScreen(
        id=row["id"],
        checkin_id=row["checkin_id"],
        day=date.fromisoformat(row["day"]),
        at=row["at"],
        question_set=row["question_set"],
        answers={
            key: bool(row[key])
            for key in row.keys()  # noqa: SIM118 (a sqlite3.Row iterates over its values)
            if key not in SCREEN_META and row[key] is not None
        },
        result=row["result"],
        superseded=row["superseded_at"] is not None,
    )
