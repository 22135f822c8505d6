"""Sessions and reps on the real SQLite file: each rep committed alone, never counted twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.clock import FakeClock
from coach.store import Store
from coach.store.sessions import (
    Session,
    close_unfinished,
    finish_session,
    get_session,
    record_rep,
    reps_done,
    set_pain_after,
    start_session,
    unfinished_sessions,
)


def _rep(store: Store, clock: FakeClock, session_id: int, rep_no: int, **changes: object) -> bool:
    values: dict = dict(step_no=0, exercise="curl-up", set_no=1, rep_no=rep_no, side="both",
                        hold_s=10, held_s=10.002, active_s=15.0 * rep_no)  # fmt: skip
    values.update(changes)
    return record_rep(store, clock.now(), session_id, **values)


def test_a_session_starts_in_progress(store: Store, clock: FakeClock) -> None:
    session_id = start_session(store, clock, "core", pain_before=4)
    assert get_session(store, session_id) == Session(
        id=session_id,
        routine="core",
        day="2026-11-25",
        started_at="2026-11-25T07:30:00.000Z",
        ended_at=None,
        status="in_progress",
        pain_before=4,
        pain_after=None,
        active_s=0,
    )
    assert unfinished_sessions(store) == [get_session(store, session_id)]


def test_each_rep_is_on_disk_when_record_rep_returns(
    store: Store, clock: FakeClock, db_file: Path
) -> None:
    session_id = start_session(store, clock, "core", pain_before=None)
    clock.advance(15)
    assert _rep(store, clock, session_id, 1)
    other = Store.open(db_file)  # a second connection sees only what was committed
    try:
        rows = other.db.execute("SELECT rep_no, hold_s, held_s, at FROM reps").fetchall()
        assert rows == [(1, 10.0, 10.002, "2026-11-25T07:30:15.000Z")]
        active = other.db.execute("SELECT active_s FROM sessions").fetchone()[0]
        assert active == 15.0
    finally:
        other.close()


def test_the_same_rep_twice_is_counted_once(store: Store, clock: FakeClock) -> None:
    session_id = start_session(store, clock, "core", pain_before=None)
    assert _rep(store, clock, session_id, 1, held_s=10.0)
    assert not _rep(store, clock, session_id, 1, held_s=11.0, active_s=99.0)
    assert _rep(store, clock, session_id, 1, side="left")  # another side is another rep
    reps = reps_done(store, session_id)
    assert [(rep.key, rep.held_s) for rep in reps] == [
        ((0, 1, 1, "both"), 10.0),
        ((0, 1, 1, "left"), 10.002),
    ]
    assert get_session(store, session_id).active_s == 15.0  # the ignored write changed nothing


def test_finishing_writes_the_status_once(store: Store, clock: FakeClock) -> None:
    session_id = start_session(store, clock, "core", pain_before=5)
    clock.advance(300)
    assert finish_session(store, clock.now(), session_id, status="completed", active_s=290.5)
    clock.advance(5)
    assert not finish_session(store, clock.now(), session_id, status="stopped", active_s=1)
    set_pain_after(store, session_id, 3)
    session = get_session(store, session_id)
    assert session is not None
    assert (session.status, session.ended_at, session.active_s) == (
        "completed",
        "2026-11-25T07:35:00.000Z",
        290.5,
    )
    assert (session.pain_before, session.pain_after) == (5, 3)
    assert unfinished_sessions(store) == []


def test_an_unknown_status_is_refused(store: Store, clock: FakeClock) -> None:
    session_id = start_session(store, clock, "core", pain_before=None)
    with pytest.raises(ValueError, match="completed or stopped"):
        finish_session(store, clock.now(), session_id, status="in_progress", active_s=0)  # type: ignore[arg-type]


def test_unfinished_sessions_come_latest_first(store: Store, clock: FakeClock) -> None:
    first = start_session(store, clock, "core", pain_before=None)
    clock.advance(60)
    second = start_session(store, clock, "gentle", pain_before=None)
    assert [session.id for session in unfinished_sessions(store)] == [second, first]
    finish_session(store, clock.now(), second, status="stopped", active_s=0)
    assert [session.id for session in unfinished_sessions(store)] == [first]


def test_closing_an_unfinished_session_ends_it_at_its_last_rep(
    store: Store, clock: FakeClock
) -> None:
    session_id = start_session(store, clock, "core", pain_before=None)
    clock.advance(40)
    _rep(store, clock, session_id, 1)
    clock.advance(3600)  # the app was killed; the user comes back an hour later
    assert close_unfinished(store, session_id)
    assert not close_unfinished(store, session_id)
    session = get_session(store, session_id)
    assert session is not None
    assert (session.status, session.ended_at) == ("stopped", "2026-11-25T07:30:40.000Z")
    assert len(reps_done(store, session_id)) == 1


def test_closing_a_session_without_reps_ends_it_at_its_start(
    store: Store, clock: FakeClock
) -> None:
    session_id = start_session(store, clock, "core", pain_before=None)
    clock.advance(100)
    close_unfinished(store, session_id)
    session = get_session(store, session_id)
    assert session is not None and session.ended_at == session.started_at
