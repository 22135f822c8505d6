"""The morning check-in on disk: one check-in a day, with its PEG answers and red-flag screen.

A second check-in on the same day does not delete the first: the first gets `superseded_at`
and stays in the file as the history of edits. The check-in, its PEG and its red-flag answers
are written in one transaction, so a crash never leaves half a check-in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from coach.clock import Clock, iso_utc
from coach.store.db import Store, StoreError
from coach.store.red_flags import RedFlagEntry, insert_screen, save_background
from coach.vocabulary import REST

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class CheckinEntry:
    """A validated check-in, ready to write (built by coach.clinical)."""

    pain: int
    activity: str | None  # None: not said
    activity_min: int
    sleep: str
    stiffness: str
    new_symptoms: bool
    note: str


@dataclass(frozen=True)
class PegEntry:
    """The three PEG items and their mean."""

    pain_avg: int
    enjoyment: int
    general_activity: int
    score: float


@dataclass(frozen=True)
class StoredCheckin:
    id: int
    day: date
    at: str
    pain: int
    activity: str | None  # None: not said
    activity_min: int
    sleep: str | None
    stiffness: str | None
    new_symptoms: bool
    note: str

    @property
    def local_time(self) -> datetime:
        """When it was recorded, on the user's wall clock."""
        return datetime.fromisoformat(self.at).astimezone()


class CheckinExistsError(StoreError):
    """Today already has a check-in and the caller did not ask to replace it."""

    def __init__(self, existing: StoredCheckin) -> None:
        self.existing = existing
        super().__init__(
            f"you already checked in today (pain {existing.pain} at {existing.local_time:%H:%M})"
        )


#: The check-in that counts for each day from :start to :end (ISO dates, both included): the
#: latest one not replaced, by `at`, and of two made at the same instant the one saved last.
#: Every figure that takes one check-in per day reads its rows (all of `checkins`' columns)
#: from this.
COUNTED_CHECKINS = """
    SELECT * FROM (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY day ORDER BY at DESC, id DESC) AS newest_first
        FROM checkins
        WHERE superseded_at IS NULL AND day BETWEEN :start AND :end
    ) WHERE newest_first = 1
"""


def counted_between(start: date, end: date) -> dict[str, str]:
    """COUNTED_CHECKINS's parameters for the days from `start` to `end`, both included."""
    return {"start": start.isoformat(), "end": end.isoformat()}


def current_checkin(store: Store, day: date) -> StoredCheckin | None:
    """The check-in that counts for `day`."""
    row = store.query(COUNTED_CHECKINS, counted_between(day, day)).fetchone()
    if row is None:
        return None
    return StoredCheckin(
        id=row["id"],
        day=date.fromisoformat(row["day"]),
        at=row["at"],
        pain=row["pain"],
        activity=said_activity(row),
        activity_min=row["activity_min"],
        sleep=row["sleep"],
        stiffness=row["stiffness"],
        new_symptoms=bool(row["new_symptoms"]),
        note=row["note"],
    )


def said_activity(row: Mapping[str, Any]) -> str | None:
    """A check-in row's activity as the person gave it: None when they did not say (stored as
    'rest' with activity_answered 0); rows from before coach asked are taken as given."""
    return None if row["activity_answered"] == 0 else row["activity"]


def todays_pain(store: Store, day: date) -> int | None:
    """Pain at the morning check-in of `day`, or None before the user has checked in."""
    checkin = current_checkin(store, day)
    return checkin.pain if checkin else None


def recent_pains(store: Store, day: date, days: int = 7) -> list[int]:
    """Check-in pains of the `days` days before `day` (not `day` itself), oldest first."""
    rows = store.query(
        f"SELECT pain FROM ({COUNTED_CHECKINS}) ORDER BY day",
        counted_between(day - timedelta(days=days), day - timedelta(days=1)),
    )
    return [row["pain"] for row in rows]


def checkin_peg(store: Store, checkin_id: int) -> PegEntry | None:
    """The PEG answers given with a check-in, or None when it did not ask them."""
    row = store.query(
        "SELECT pain_avg, enjoyment, general_activity, score FROM peg WHERE checkin_id = ? "
        "ORDER BY id DESC LIMIT 1",
        [checkin_id],
    ).fetchone()
    return PegEntry(**dict(row)) if row is not None else None


def last_peg_day(store: Store) -> date | None:
    """The day of the latest PEG that counts: one whose check-in was replaced went with it."""
    row = store.conn.execute(
        "SELECT MAX(peg.day) FROM peg LEFT JOIN checkins ON checkins.id = peg.checkin_id "
        "WHERE checkins.superseded_at IS NULL"
    ).fetchone()
    return date.fromisoformat(row[0]) if row[0] else None


def save_checkin(
    store: Store,
    clock: Clock,
    entry: CheckinEntry,
    *,
    peg: PegEntry | None = None,
    red_flags: RedFlagEntry | None = None,
    background: Mapping[str, bool] | None = None,
    replace: bool = False,
) -> int:
    """Write today's check-in (and its PEG, red-flag and "about you" answers) in one
    transaction.

    With `replace`, today's earlier check-in is marked superseded in the same transaction;
    without it, an existing one raises CheckinExistsError and nothing is written.
    Returns the new check-in's id.
    """
    day = clock.today()
    at = iso_utc(clock.now())
    with store.write() as db:
        existing = current_checkin(store, day)
        if existing is not None:
            if not replace:
                raise CheckinExistsError(existing)
            db.execute(
                "UPDATE checkins SET superseded_at = ? WHERE day = ? AND superseded_at IS NULL",
                [at, day.isoformat()],
            )
        checkin_id = (
            db.table("checkins")
            .insert(
                {
                    "day": day.isoformat(),
                    "at": at,
                    "pain": entry.pain,
                    # Unanswered: the column's own default, marked not answered.
                    "activity": entry.activity if entry.activity is not None else REST,
                    "activity_answered": int(entry.activity is not None),
                    "activity_min": entry.activity_min,
                    "sleep": entry.sleep,
                    "stiffness": entry.stiffness,
                    "new_symptoms": int(entry.new_symptoms),
                    "note": entry.note,
                }
            )
            .last_rowid
        )
        assert checkin_id is not None  # the id column is the rowid, set by every insert
        stamp = {"checkin_id": checkin_id, "day": day.isoformat(), "at": at}
        if peg is not None:
            _insert_peg(db, peg, stamp)
        if background is not None:
            save_background(store, clock, background, db=db)
        if red_flags is not None:
            insert_screen(db, red_flags, day=day, at=at, checkin_id=checkin_id)
    return checkin_id


class PegExistsError(StoreError):
    """Today's check-in already has the week's PEG answers."""

    def __init__(self, score: float) -> None:
        self.score = score
        super().__init__(f"today's check-in already has the week's PEG (score {score:.1f})")


def add_peg(store: Store, clock: Clock, peg: PegEntry) -> StoredCheckin:
    """The week's PEG added to today's check-in, saved earlier without it (a second
    `coach checkin`, with --peg). StoreError when today has no check-in; PegExistsError when
    it has a PEG already (to change it, replace the check-in)."""
    day = clock.today()
    with store.write() as db:
        checkin = current_checkin(store, day)
        if checkin is None:
            raise StoreError("there is no check-in today to add the PEG to")
        row = db.execute("SELECT score FROM peg WHERE checkin_id = ?", [checkin.id]).fetchone()
        if row is not None:
            raise PegExistsError(row[0])
        stamp = {"checkin_id": checkin.id, "day": day.isoformat(), "at": iso_utc(clock.now())}
        _insert_peg(db, peg, stamp)
    return checkin


def _insert_peg(db: Database, peg: PegEntry, stamp: Mapping[str, object]) -> None:
    db.table("peg").insert(
        {
            **stamp,
            "pain_avg": peg.pain_avg,
            "enjoyment": peg.enjoyment,
            "general_activity": peg.general_activity,
            "score": peg.score,
        }
    )
