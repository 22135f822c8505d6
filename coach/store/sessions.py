"""Guided sessions and their reps, written the moment they happen.

A session row is written `in_progress` when the routine starts; each rep that ran to its end is
its own committed transaction, so a crash or a `kill -9` loses nothing already done. The reps
table's UNIQUE (session, step, set, rep, side) key with INSERT OR IGNORE makes a rep write
idempotent: resuming a session or going back over an exercise never counts a rep twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from coach.clock import Clock, iso_utc
from coach.store.db import Store

EndStatus = Literal["completed", "stopped"]


@dataclass(frozen=True)
class Session:
    id: int
    routine: str
    day: str
    started_at: str
    ended_at: str | None
    status: str  # 'in_progress', 'completed' or 'stopped'
    pain_before: int | None
    pain_after: int | None
    active_s: float


@dataclass(frozen=True)
class Rep:
    step_no: int
    exercise: str
    set_no: int
    rep_no: int
    side: str
    hold_s: float
    held_s: float
    at: str

    @property
    def key(self) -> tuple[int, int, int, str]:
        """The rep's identity within its session, as `coach.timer.rep_key` makes it."""
        return (self.step_no, self.set_no, self.rep_no, self.side)


_SESSION_COLUMNS = (
    "id, routine, day, started_at, ended_at, status, pain_before, pain_after, active_s"
)
_REP_COLUMNS = "step_no, exercise, set_no, rep_no, side, hold_s, held_s, at"


def start_session(store: Store, clock: Clock, routine: str, *, pain_before: int | None) -> int:
    """Write a new `in_progress` session and return its id."""
    with store.write() as db:
        cursor = db.execute(
            "INSERT INTO sessions (routine, day, started_at, status, pain_before) "
            "VALUES (?, ?, ?, 'in_progress', ?)",
            [routine, clock.today().isoformat(), iso_utc(clock.now()), pain_before],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


def record_rep(
    store: Store,
    at: datetime,
    session_id: int,
    *,
    step_no: int,
    exercise: str,
    set_no: int,
    rep_no: int,
    side: str,
    hold_s: float,
    held_s: float,
    active_s: float,
) -> bool:
    """Commit one finished rep, ended at the instant `at`, and the session's active time so
    far with it. (The instant is given, not read from a clock: the write may come later.)

    Returns False (and changes nothing) when that rep is already on disk.
    """
    with store.write() as db:
        cursor = db.execute(
            f"INSERT OR IGNORE INTO reps ({_REP_COLUMNS}, session_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [step_no, exercise, set_no, rep_no, side, hold_s, held_s, iso_utc(at), session_id],
        )  # fmt: skip
        inserted = cursor.rowcount == 1
        if inserted:
            db.execute(
                "UPDATE sessions SET active_s = ? WHERE id = ? AND status = 'in_progress'",
                [active_s, session_id],
            )
    return inserted


def finish_session(
    store: Store,
    at: datetime,
    session_id: int,
    *,
    status: EndStatus,
    active_s: float,
    pain_after: int | None = None,
) -> bool:
    """End an `in_progress` session at the instant `at`; False when it had already ended
    (nothing is changed)."""
    if status not in ("completed", "stopped"):
        raise ValueError(f"a session ends completed or stopped, not {status!r}")
    with store.write() as db:
        cursor = db.execute(
            "UPDATE sessions SET status = ?, ended_at = ?, active_s = ?, pain_after = ? "
            "WHERE id = ? AND status = 'in_progress'",
            [status, iso_utc(at), active_s, pain_after, session_id],
        )
    return cursor.rowcount == 1


def set_pain_after(store: Store, session_id: int, pain: int | None) -> None:
    """The answer to "pain now?", asked after the session has already been closed."""
    with store.write() as db:
        db.execute("UPDATE sessions SET pain_after = ? WHERE id = ?", [pain, session_id])


def get_session(store: Store, session_id: int) -> Session | None:
    row = store.conn.execute(
        f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", [session_id]
    ).fetchone()
    return Session(*row) if row else None


def unfinished_sessions(store: Store) -> list[Session]:
    """The sessions still `in_progress`, latest first: played in another window right now, or
    left so by a crash or a closed terminal (`coach.store.claims` tells which)."""
    rows = store.conn.execute(
        f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE status = 'in_progress' "
        "ORDER BY started_at DESC, id DESC"
    ).fetchall()
    return [Session(*row) for row in rows]


def reps_done(store: Store, session_id: int) -> list[Rep]:
    """The session's reps in the order they were done."""
    rows = store.conn.execute(
        f"SELECT {_REP_COLUMNS} FROM reps WHERE session_id = ? ORDER BY id", [session_id]
    ).fetchall()
    return [Rep(*row) for row in rows]


def close_unfinished(store: Store, session_id: int) -> bool:
    """Close a session left `in_progress` as stopped, its reps kept. When it really ended is
    unknown (the app was killed), so it is taken as its last rep's time, or its start."""
    with store.write() as db:
        cursor = db.execute(
            "UPDATE sessions SET status = 'stopped', ended_at = COALESCE("
            "(SELECT MAX(at) FROM reps WHERE reps.session_id = sessions.id), started_at) "
            "WHERE id = ? AND status = 'in_progress'",
            [session_id],
        )
    return cursor.rowcount == 1
