"""The demo history: deterministic, realistic in shape, and only ever written to an empty file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.demo import ACTIVITY_EFFECT, DemoError, generate, is_empty
from coach.library import LEVELS, Level, load_library
from coach.programme import START_LEVEL, Programme, programme_on
from coach.progression import ABOUT_RIGHT, HURT, TOO_EASY, dose_lines, every_routines_doses
from coach.store import Store
from coach.store.history import record_span, weeks
from coach.store.rows import export_rows
from coach.vocabulary import ACTIVITY, SLEEP, STIFFNESS

END = date(2026, 11, 25)


def dump(store: Store) -> dict[str, list]:
    rows = {table: list(export_rows(store, table)[1]) for table in ("checkins", "sessions", "reps")}
    ratings = store.conn.execute("SELECT * FROM ratings ORDER BY session_id, step_no")
    return {**rows, "ratings": [tuple(row) for row in ratings]}


def test_the_same_seed_gives_the_same_history() -> None:
    first, second, other = Store.in_memory(), Store.in_memory(), Store.in_memory()
    generate(first, days=60, end=END, seed=7)
    generate(second, days=60, end=END, seed=7)
    generate(other, days=60, end=END, seed=8)
    assert dump(first) == dump(second)
    assert dump(first) != dump(other)


def test_a_year_looks_like_daily_use(store: Store) -> None:
    counts = generate(store, days=365, end=END)
    assert record_span(store) == (END - timedelta(days=364), END)
    assert 320 <= counts.checkins <= 380  # a few mornings missed, a few check-ins redone
    assert 40 <= counts.peg <= 53  # weekly, on Mondays
    assert counts.checkins // 8 <= counts.red_flags <= counts.checkins // 6  # weekly
    assert 250 <= counts.sessions <= 420  # a routine most days, the pre-run one before runs
    assert counts.reps >= 20 * counts.sessions // 2
    conn = store.db.conn
    replaced = conn.execute("SELECT COUNT(*) FROM checkins WHERE superseded_at IS NOT NULL")
    assert replaced.fetchone()[0] >= 1
    activities = {row[0] for row in conn.execute("SELECT DISTINCT activity FROM checkins")}
    assert {"run", "walk", "strength", "rest"} <= activities
    routines = {row[0] for row in conn.execute("SELECT DISTINCT routine FROM sessions")}
    assert routines <= {"pelvic-tilts", "core", "gentle", "pre-run", "strength"}
    # Pain drifts: weekly averages are not all the same.
    averages = {round(row.avg_pain) for row in weeks(store, date(2025, 12, 1), date(2026, 11, 23))}
    assert len(averages) >= 3


def test_held_times_are_close_to_the_plan(store: Store) -> None:
    generate(store, days=30, end=END)
    worst = store.db.conn.execute("SELECT MAX(ABS(held_s - hold_s)) FROM reps").fetchone()[0]
    assert 0 < worst < 0.5


def test_refuses_a_database_with_records(store: Store) -> None:
    generate(store, days=3, end=END)
    assert not is_empty(store)
    with pytest.raises(DemoError, match="already holds records"):
        generate(store, days=3, end=END)


def test_ten_years_is_the_benchmark_size(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "ten.db")
    counts = generate(store, days=3652, end=END)
    store.close()
    assert counts.checkins >= 3300
    assert counts.reps >= 40_000


def test_the_demo_models_every_answer_the_checkin_offers(store: Store) -> None:
    """Its activities are the check-in's, and a year of it gives every answer at least once."""
    assert set(ACTIVITY_EFFECT) == set(ACTIVITY.values)
    generate(store, days=365, end=END)
    for question in (ACTIVITY, SLEEP, STIFFNESS):
        given = store.conn.execute(f"SELECT DISTINCT {question.column} FROM checkins")
        assert {row[0] for row in given} == set(question.values)


def test_a_year_rates_its_exercises_as_a_person_does(store: Store) -> None:
    """Each exercise done is rated, as the player asks: mostly about right, some too easy,
    "it hurt" only now and then and only on a bad morning; "pain into a leg?" answered no.
    The doses then move as a real person's do: some stepped up, some down. (Two years, as
    `make screenshots` builds: one has too few bad mornings to be sure of an "it hurt".)"""
    counts = generate(store, days=730, end=END)
    conn = store.conn
    steps_done = conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT session_id, step_no FROM reps)"
    ).fetchone()[0]
    assert counts.ratings == steps_done > 0
    shares = {
        rating: number / counts.ratings
        for rating, number in conn.execute("SELECT rating, COUNT(*) FROM ratings GROUP BY rating")
    }
    assert shares[ABOUT_RIGHT] > 0.6
    assert 0.05 < shares[TOO_EASY] < 0.25 and 0.0 < shares.get(HURT, 0) < 0.02
    hurt_mornings = conn.execute(
        "SELECT DISTINCT c.pain FROM ratings r JOIN checkins c ON c.day = r.day "
        "AND c.superseded_at IS NULL WHERE r.rating = ?",
        [HURT],
    )
    assert min(row[0] for row in hurt_mornings) >= 6
    assert conn.execute("SELECT DISTINCT leg_pain FROM sessions").fetchall() == [(0,)]
    changes = [
        change
        for doses in every_routines_doses(store, load_library(None), END + timedelta(days=1))
        for change in dose_lines(doses)
    ]
    assert any("easy twice" in change for change in changes), changes
    assert any("(was" in change for change in changes)


def level_on(programme: Programme, day: date) -> Level:
    """The level on `day`, by the programme's changes of level (it starts at START_LEVEL)."""
    level = START_LEVEL
    for change in programme.changes:
        if change.day > day:
            break
        level = change.now
    return level


def test_the_person_mostly_does_what_coach_suggests(store: Store) -> None:
    """Over the last of two years (what `make screenshots` builds), the person does most of
    the routines their plans put first, and so their level, worked out from the records as
    home works it out, is standard or strong on most days. A flare now and then takes it a
    level down, and it comes back up: pain that rose 2 points above the week's median on a
    mere bad morning would take it down every few weeks."""
    generate(store, days=730, end=END)
    programme = programme_on(store, END)
    year = [END - timedelta(days=n) for n in range(365)]
    planned = [one for one in programme.planned if one.day >= year[-1]]
    assert sum(one.done for one in planned) >= 0.7 * len(planned)
    levels = [level_on(programme, day) for day in year]
    assert sum(level in ("standard", "strong") for level in levels) >= 0.75 * len(levels)
    downs = [
        change
        for change in programme.changes
        if LEVELS.index(change.now) < LEVELS.index(change.was)
    ]
    assert 1 <= len(downs) <= 12, [change.words for change in programme.changes]
    for down in downs[:-1]:
        assert any(up.day > down.day and up.now == down.was for up in programme.changes)
