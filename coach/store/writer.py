"""A routine's (or a run's) records, written on a thread of their own: in order, never dropped.

Why a thread: a write waits while another program holds the database's lock (up to SQLite's
busy timeout) and fails when the disk is full. Made on the event loop, that froze the screen
for the length of the wait, counted the frozen time as hold time, and dropped the rep when the
wait ran out. Here the player hands each record to its `RecordWriter` (`SessionWriter` for a
routine's reps, `RunWriter` for a run's intervals) and goes on at once; one thread, on a
connection of its own, writes them in the order they came:

- a lock, a full disk or a file made read-only is a wait: the record stays first in the queue
  and is tried again until it goes in, and `state.waiting` says why, naming the program that
  holds the lock when the system tells (coach.store.locks);
- the `-wal` deleted or replaced under coach (its inode changed): what is queued is written into
  the log coach still holds, a checkpoint copies that log into the database, and writing stops
  for good, saying so; the database or its `-shm` deleted or replaced stops it at once;
- any other failure (damaged pages, a table gone) stops it too.
`state.stopped` then says why; records never written stay counted as waiting.

No Textual: `on_change` is called on the writer's thread (the player posts it as a message).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

from coach.store.db import Store, StoreError, describe, sidecar
from coach.store.feedback import save_leg_pain, save_rating
from coach.store.locks import lock_holder
from coach.store.runs import end_run, record_interval, set_run_pains
from coach.store.sessions import EndStatus, finish_session, record_rep, set_pain_after

#: Pause between two attempts while the file cannot be written.
RETRY_S = 0.5
#: How long one attempt waits for a lock (SQLite's busy timeout on the writer's connection):
#: short, so that the reason is known before the player shows the rep as waiting.
ATTEMPT_BUSY_MS = 250

#: SQLite's primary result codes for which a write is tried again: SQLITE_BUSY, SQLITE_LOCKED,
#: SQLITE_READONLY, SQLITE_FULL.
_BUSY, _LOCKED, _READONLY, _FULL = 5, 6, 8, 13


@dataclass(frozen=True)
class WriterState:
    """What the player shows about saving."""

    reps_waiting: int = 0  # reps (or run intervals) handed over and not yet in the file
    others_waiting: int = 0  # the session's end or its pains, not yet in the file
    #: Why the first record waits (a lock, a full disk), worded for the user; None when
    #: records are simply being written.
    waiting: str | None = None
    #: Why writing stopped for good; nothing more is written.
    stopped: str | None = None

    @property
    def idle(self) -> bool:
        return self.reps_waiting == 0 and self.others_waiting == 0


@dataclass(frozen=True)
class _Job:
    write: Callable[[Store], object]
    is_rep: bool
    handed_at: float  # on the writer's monotonic clock


@dataclass(frozen=True)
class _Problem:
    text: str
    retry: bool


class RecordWriter:
    """Writes the records handed to it, in order, on its own thread."""

    def __init__(
        self,
        store: Store,
        on_change: Callable[[WriterState], object] = lambda state: None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """`on_change` is called with each new state, from the writer's thread; `monotonic`
        times how long a record has waited (the app's clock, so tests can move it)."""
        assert store.path is not None
        self._path = store.path
        self._monotonic = monotonic
        self._on_change = on_change
        self._store = store.another_connection()
        self._store.conn.execute(f"PRAGMA busy_timeout = {ATTEMPT_BUSY_MS}")
        self._files = _FileIdentities(self._path)
        self._jobs: deque[_Job] = deque()
        self._condition = threading.Condition()
        self._waiting: str | None = None
        self._stopped: str | None = None
        self._closing = False
        self._given_up = False
        self._reported = WriterState()
        self._thread = threading.Thread(target=self._run, name="coach-writer", daemon=True)
        self._thread.start()

    # --- handing records over (from the event loop) -----------------------------------------

    def put(self, write: Callable[[Store], object], *, is_rep: bool) -> None:
        """Queue `write` (one transaction on the writer's connection); `is_rep` when it is a
        counted record (a rep, a run interval), which the player says is waiting."""
        with self._condition:
            self._jobs.append(_Job(write, is_rep, self._monotonic()))
            self._condition.notify_all()
            state = self._reported = self._state()
        self._on_change(state)

    # --- what the player reads --------------------------------------------------------------

    @property
    def state(self) -> WriterState:
        with self._condition:
            return self._state()

    def oldest_waiting_s(self) -> float:
        """How long the first record not yet written has been waiting (0 when none is)."""
        with self._condition:
            if not self._jobs:
                return 0.0
            return self._monotonic() - self._jobs[0].handed_at

    def wait_for(self, condition: Callable[[WriterState], bool], timeout: float) -> WriterState:
        """Wait, up to `timeout` seconds, until `condition` holds of the state; return it."""
        with self._condition:
            self._condition.wait_for(lambda: condition(self._state()), timeout)
            return self._state()

    def settle(self, timeout: float) -> WriterState:
        """Wait until the writer has done what it can for now: every record written, or the
        first one waiting for a reason, or writing stopped."""
        return self.wait_for(
            lambda state: state.idle or state.waiting is not None or state.stopped is not None,
            timeout,
        )

    def close(self, timeout: float) -> WriterState:
        """Write what is left, for up to `timeout` seconds, then stop; what could not be
        written is in the state returned."""
        with self._condition:
            self._closing = True
            self._condition.notify_all()
        self._thread.join(timeout)
        with self._condition:
            self._given_up = True  # a thread still waiting for a lock ends at its next try
            self._condition.notify_all()
            return self._state()

    # --- the thread -------------------------------------------------------------------------

    def _state(self) -> WriterState:
        reps = sum(job.is_rep for job in self._jobs)
        return WriterState(reps, len(self._jobs) - reps, self._waiting, self._stopped)

    def _run(self) -> None:
        try:
            while True:
                with self._condition:
                    self._condition.wait_for(lambda: self._jobs or self._closing)
                    if not self._jobs or self._given_up:
                        return
                    job = self._jobs[0]
                problem = self._attempt(job)
                with self._condition:
                    if problem is None:
                        if self._jobs and self._jobs[0] is job:
                            self._jobs.popleft()
                        self._waiting = None
                    elif problem.retry:
                        self._waiting = problem.text
                    else:
                        self._stopped = problem.text
                    state = self._state()
                    changed = state != self._reported  # a wait tried again says nothing new
                    self._reported = state
                    self._condition.notify_all()
                if changed:
                    self._on_change(state)
                if problem is not None and not problem.retry:
                    return
                if problem is not None:
                    with self._condition:
                        self._condition.wait(RETRY_S)
        finally:
            self._store.close()

    def _attempt(self, job: _Job) -> _Problem | None:
        moved = self._files.moved()
        if moved is not None:
            return self._rescue(moved)
        try:
            job.write(self._store)
        except StoreError as error:
            return self._problem(error)
        except Exception as error:  # on this thread nothing else would ever say so
            return _Problem(f"{self._path} could not be written ({error})", False)
        return None

    def _problem(self, error: StoreError) -> _Problem:
        cause = error.__cause__
        code = getattr(cause, "sqlite_errorcode", None)
        code = None if code is None else code & 0xFF  # the primary code of an extended one
        name = self._path.name
        if code in (_BUSY, _LOCKED):
            holder = lock_holder(self._path) or "another program"
            return _Problem(f"{name} is locked by {holder}", True)
        if code == _FULL:
            return _Problem(f"the disk holding {name} is full (free some space)", True)
        if code == _READONLY:
            return _Problem(f"{name} has become read-only", True)
        return _Problem(str(error), False)

    def _rescue(self, moved: Path) -> _Problem:
        """`moved` was deleted or replaced under coach. When it is the log alone, the records
        queued are written into the log this connection still holds, and a checkpoint copies
        that log into the database (every other connection shares the same `-shm`, so none
        can have written elsewhere meanwhile); then writing stops."""
        db = self._path
        if moved != sidecar(db, "-wal"):
            return _Problem(
                f"{moved} was deleted or replaced while coach was writing to it, so coach "
                "stopped writing to protect what is there; start coach again to go on",
                False,
            )
        with self._condition:
            jobs = list(self._jobs)
        for job in jobs:
            try:
                job.write(self._store)
            except StoreError:
                break
            with self._condition:
                self._jobs.popleft()
        try:
            busy, log, copied = self._store.conn.execute(
                "PRAGMA wal_checkpoint(TRUNCATE)"
            ).fetchone()
        except sqlite3.Error as error:
            kept = f"it could not be copied into {db.name} ({describe(db, error)})"
        else:
            whole = busy == 0 and log == copied
            kept = f"what was saved is kept in {db.name}" if whole else (
                f"only part of what was saved could be copied into {db.name}"
            )  # fmt: skip
        return _Problem(
            f"{moved} was deleted while coach was writing to it: {kept}, and coach stopped "
            "so as to lose nothing more; start coach again to go on",
            False,
        )


class SessionWriter(RecordWriter):
    """Writes one session's reps, end and pain after."""

    def __init__(
        self,
        store: Store,
        session_id: int,
        on_change: Callable[[WriterState], object] = lambda state: None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(store, on_change, monotonic=monotonic)
        self._session_id = session_id

    def rep(
        self,
        at: datetime,
        *,
        step_no: int,
        exercise: str,
        set_no: int,
        rep_no: int,
        side: str,
        hold_s: float,
        held_s: float,
        active_s: float,
    ) -> None:
        """A rep whose hold ended at `at`, with the session's active time at that moment."""
        write = partial(record_rep, at=at, session_id=self._session_id, step_no=step_no,
                        exercise=exercise, set_no=set_no, rep_no=rep_no, side=side,
                        hold_s=hold_s, held_s=held_s, active_s=active_s)  # fmt: skip
        self.put(write, is_rep=True)

    def finish(self, at: datetime, *, status: EndStatus, active_s: float) -> None:
        session_id = self._session_id
        self.put(
            lambda store: finish_session(store, at, session_id, status=status, active_s=active_s),
            is_rep=False,
        )

    def pain_after(self, pain: int) -> None:
        session_id = self._session_id
        self.put(lambda store: set_pain_after(store, session_id, pain), is_rep=False)

    def rating(self, at: datetime, day: date, *, step_no: int, exercise: str, rating: int) -> None:
        """The person's rating of an exercise, given at `at`: like a rep, never waited for."""
        write = partial(save_rating, at=at, day=day, session_id=self._session_id,
                        step_no=step_no, exercise=exercise, rating=rating)  # fmt: skip
        self.put(write, is_rep=False)

    def leg_pain(self, leg_pain: bool, exercise: str | None) -> None:
        session_id = self._session_id
        self.put(lambda store: save_leg_pain(store, session_id, leg_pain, exercise), is_rep=False)


class RunWriter(RecordWriter):
    """Writes one run's intervals, each as it ends, then its end and its pains."""

    def __init__(
        self,
        store: Store,
        run_id: int,
        on_change: Callable[[WriterState], object] = lambda state: None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(store, on_change, monotonic=monotonic)
        self._run_id = run_id

    def interval(self, at: datetime, *, interval_no: int, run_s: float, ran_s: float) -> None:
        """The run interval `interval_no` (1-based), ended at `at`, run for `ran_s` seconds."""
        write = partial(record_interval, at=at, run_id=self._run_id, interval_no=interval_no,
                        run_s=run_s, ran_s=ran_s)  # fmt: skip
        self.put(write, is_rep=True)

    def finish(self, at: datetime, *, active_s: float) -> None:
        run_id = self._run_id
        self.put(lambda store: end_run(store, at, run_id, active_s), is_rep=False)

    def pains(self, pain_during: int | None, pain_after: int | None) -> None:
        run_id = self._run_id
        self.put(lambda store: set_run_pains(store, run_id, pain_during, pain_after), is_rep=False)


class _FileIdentities:
    """The database, its `-wal` and its `-shm` as they were when the writer began, by device
    and inode: a file deleted or replaced under coach no longer matches."""

    def __init__(self, db: Path) -> None:
        self._paths = (db, sidecar(db, "-wal"), sidecar(db, "-shm"))
        self._seen = {path: _identity(path) for path in self._paths}

    def moved(self) -> Path | None:
        for path in self._paths:
            now = _identity(path)
            if self._seen[path] is None:
                self._seen[path] = now  # made since (a log SQLite had not opened yet)
            elif now != self._seen[path]:
                return path
        return None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
