"""History queries against hand-computed fixtures in a real SQLite file (rows written by
tests/helpers.py the way the check-in and the player write them)."""

from __future__ import annotations

from datetime import date, timedelta

from coach import report
from coach.clock import FakeClock
from coach.library import load_library
from coach.screens.day import day_text
from coach.store import Store
from coach.store.checkins import COUNTED_CHECKINS, CheckinEntry, counted_between, save_checkin
from coach.store.history import (
    DAY_DETAIL_MOST,
    PairedChange,
    calendar_days,
    day_detail,
    iso_week,
    monday_of,
    pain_period,
    record_span,
    weeks,
    what_helps,
)
from coach.store.rows import export_rows
from tests.helpers import add_checkin, add_peg, add_session, local_at

MON = date(2026, 11, 9)  # a Monday: ISO week 2026-W46


def test_weeks_split_on_monday_and_keep_an_empty_week(store: Store) -> None:
    add_checkin(store, MON + timedelta(days=6), 6)  # Sunday 15 Nov, W46
    add_checkin(store, MON + timedelta(days=7), 2)  # Monday 16 Nov, W47
    add_checkin(store, MON + timedelta(days=8), 4)
    rows = weeks(store, MON - timedelta(weeks=1), MON + timedelta(weeks=1))
    assert [row.week for row in rows] == ["2026-W45", "2026-W46", "2026-W47"]
    empty, w46, w47 = rows
    assert empty.is_empty and empty.checkin_days == 0 and empty.avg_pain is None
    assert (w46.checkin_days, w46.avg_pain, w46.worst_pain) == (1, 6.0, 6)
    assert (w47.checkin_days, w47.avg_pain, w47.worst_pain) == (2, 3.0, 4)


def test_a_replaced_checkin_never_counts_and_a_day_counts_once(store: Store) -> None:
    add_checkin(store, MON, 9, superseded=True)
    add_checkin(store, MON, 3, hour=8)
    add_checkin(store, MON + timedelta(days=1), 5, hour=7)
    add_checkin(store, MON + timedelta(days=1), 7, hour=9)  # two live ones: the later wins
    (row,) = weeks(store, MON, MON)
    assert (row.checkin_days, row.avg_pain, row.worst_pain) == (2, 5.0, 7)
    days = calendar_days(store, MON, MON + timedelta(days=6))
    assert days[MON].pain == 3
    assert days[MON + timedelta(days=1)].pain == 7


def test_activity_minutes_count_in_the_week_they_happened(store: Store) -> None:
    # Monday's check-in reports Sunday's run: it belongs to the week before.
    add_checkin(store, MON + timedelta(days=7), 2, activity="run", minutes=30)
    add_checkin(store, MON + timedelta(days=2), 2, activity="walk", minutes=40)
    add_checkin(store, MON + timedelta(days=3), 2, activity="strength", minutes=25)
    add_checkin(store, MON + timedelta(days=4), 2, activity="walk", minutes=10)
    add_checkin(store, MON + timedelta(days=5), 2, activity="other", minutes=15)
    add_checkin(store, MON + timedelta(days=6), 2)  # rest
    w46, w47 = weeks(store, MON, MON + timedelta(weeks=1))
    assert w46.activity_min == {"run": 30, "walk": 50, "strength": 25, "other": 15}
    assert (w46.minutes_of("rest"), w47.minutes_of("run")) == (0, 0)
    assert w47.activity_min == {} and w47.checkin_days == 1


def test_the_week_of_the_dst_change_has_seven_days(store: Store) -> None:
    monday = date(2026, 10, 19)  # British Summer Time ends on Sunday 25 October 2026
    for offset in range(7):
        add_checkin(store, monday + timedelta(days=offset), offset)
    (row,) = weeks(store, monday, monday)
    assert row.week == "2026-W43"
    assert (row.checkin_days, row.avg_pain, row.worst_pain) == (7, 3.0, 6)
    # The stored instants moved by an hour across the change; the days did not.
    sunday = day_detail(store, monday + timedelta(days=6)).checkins[0]
    saturday = day_detail(store, monday + timedelta(days=5)).checkins[0]
    assert saturday.at.endswith("06:30:00.000Z") and sunday.at.endswith("07:30:00.000Z")


def test_peg_and_sessions_per_week(store: Store) -> None:
    first = add_checkin(store, MON, 5)
    add_peg(store, first, MON, (6, 3, 3))  # score 4
    replaced = add_checkin(store, MON + timedelta(days=1), 8, superseded=True)
    add_peg(store, replaced, MON + timedelta(days=1), (9, 9, 9))
    add_session(store, MON, "core", active_s=600)
    add_session(store, MON + timedelta(days=2), "gentle", active_s=300)
    (row,) = weeks(store, MON, MON)
    assert row.peg_score == 4.0
    assert row.routines == 2
    assert row.routine_min == 15.0


def test_stopped_sessions_count_as_partly_done_in_the_routine_minutes(store: Store) -> None:
    """10 min completed, 2 min stopped part-way, 1 min still under way: 12 minutes, one
    routine done and one partly done (the one under way is counted once it ends)."""
    add_session(store, MON, "core", active_s=600)
    add_session(store, MON + timedelta(days=3), "core", status="stopped", active_s=120)
    add_session(store, MON + timedelta(days=4), "core", status="in_progress", active_s=60)
    (row,) = weeks(store, MON, MON)
    assert (row.routines, row.partly_done, row.routine_min) == (1, 1, 12.0)
    assert report.week_cells(row)[5:8] == ["1", "1", "12"]
    assert "Done, Part: routines completed, and stopped part-way" in report.WEEK_LEGEND
    assert "Min: minutes of routines, part-way ones included" in report.WEEK_LEGEND


def test_calendar_days_carry_routines_and_red_flags(store: Store) -> None:
    checkin = add_checkin(store, MON, 4)
    add_session(store, MON, "core")
    add_session(store, MON, "gentle")
    add_session(store, MON + timedelta(days=1), "strength")
    with store.write() as db:
        db.conn.execute(
            "INSERT INTO red_flags (checkin_id, day, at, saddle_numbness, bladder_bowel, "
            "leg_weakness, fever, trauma, cancer_history, night_pain, result) "
            "VALUES (?, ?, ?, 0, 0, 1, 0, 0, 0, 0, 'urgent')",
            [checkin, MON.isoformat(), local_at(MON)],
        )
    days = calendar_days(store, MON, MON + timedelta(days=6))
    assert days[MON].routines == ("core", "gentle")
    assert days[MON].red_flag == "urgent"
    assert days[MON + timedelta(days=1)].pain is None
    assert days[MON + timedelta(days=1)].routines == ("strength",)
    assert MON + timedelta(days=2) not in days


def test_what_helps_pairs_each_change_within_its_occasion_and_its_period(store: Store) -> None:
    """Sessions: core 6 → 4 and 5 → 4 (mean 5.5 → 4.0, changes −2 and −1: SD √0.5 = 0.71);
    gentle has no pain after. Mornings: Mon 4, Tue 2 (after a run), Wed 3 (after a run), Thu 6
    (after rest; a replaced 9 left out), Fri 5 (after a walk), no Saturday, Sun 2 (after a run,
    but with no Saturday morning to pair with). Runs: 4 → 2 and 2 → 3, mean 3.0 → 2.5, changes
    −2 and +1: SD √4.5 = 2.12."""
    add_session(store, MON, "core", before=6, after=4)
    add_session(store, MON + timedelta(days=1), "core", before=5, after=4)
    add_session(store, MON + timedelta(days=2), "gentle", before=5, after=None)
    for offset, pain, activity in (
        (0, 4, "rest"),
        (1, 2, "run"),
        (2, 3, "run"),
        (3, 6, "rest"),
        (4, 5, "walk"),
        (6, 2, "run"),
    ):
        add_checkin(store, MON + timedelta(days=offset), pain, activity=activity)
    add_checkin(store, MON + timedelta(days=3), 9, activity="rest", superseded=True)
    helps = what_helps(store, MON, MON + timedelta(days=6))
    ((routine, core),) = [(effect.routine, effect.change) for effect in helps.routines]
    assert (routine, core.pairs, core.before, core.after) == ("core", 2, 5.5, 4.0)
    assert core.change == -1.5 and round(core.spread, 4) == 0.7071
    by_activity = {effect.activity: effect.change for effect in helps.activities}
    run = by_activity["run"]
    assert (run.pairs, run.before, run.after, round(run.spread, 4)) == (2, 3.0, 2.5, 2.1213)
    assert by_activity["rest"] == PairedChange(1, 3.0, 6.0, None)
    assert by_activity["walk"] == PairedChange(1, 6.0, 5.0, None)
    assert by_activity["strength"] == by_activity["other"] == PairedChange(0, None, None, None)
    # From Tuesday on, Monday's morning is outside: the first run has no pair.
    later = what_helps(store, MON + timedelta(days=1), MON + timedelta(days=6))
    assert {e.activity: e.change.pairs for e in later.activities}["run"] == 1
    assert [e.change.pairs for e in what_helps(store, MON, MON).routines] == [1]


def test_day_detail_shows_replaced_checkins_and_reps(store: Store) -> None:
    add_checkin(store, MON, 8, superseded=True)
    add_checkin(store, MON, 3, hour=8, note="after the walk")
    session = add_session(store, MON, "core", reps=3)
    detail = day_detail(store, MON)
    assert [(c.pain, c.replaced) for c in detail.checkins] == [(8, True), (3, False)]
    assert detail.checkins[1].note == "after the walk"
    (shown,) = detail.sessions
    assert shown.id == session and shown.routine == "core"
    (step,) = shown.exercises
    assert (step.exercise, step.reps, step.hold_s) == ("bird-dog", 3, 10.0)
    assert round(step.avg_held_s, 2) == 9.2 and step.min_held_s == 9.1
    assert day_detail(store, MON + timedelta(days=1)).is_empty


def test_a_day_checked_in_thousands_of_times_shows_its_latest(
    store: Store, clock: FakeClock
) -> None:
    """Each check-in replaces the one before, as checking in again does: the detail holds the
    latest DAY_DETAIL_MOST (the one that counts last) and how many came before them; so do
    the day's sessions."""
    total = DAY_DETAIL_MOST + 5
    for number in range(1, total + 1):
        entry = CheckinEntry(number % 11, "walk", 30, "good", "none", False, f"try {number}")
        save_checkin(store, clock, entry, replace=True)
        clock.advance(60)
    today = clock.today()
    sessions = [add_session(store, today, "core", reps=1) for _ in range(DAY_DETAIL_MOST + 2)]
    detail = day_detail(store, today)
    assert [c.note for c in detail.checkins] == [f"try {n}" for n in range(6, total + 1)]
    assert [c.replaced for c in detail.checkins] == [True] * (DAY_DETAIL_MOST - 1) + [False]
    assert [s.id for s in detail.sessions] == sessions[2:]
    assert (detail.checkins_left_out, detail.sessions_left_out) == (5, 2)
    text = day_text(detail, load_library(None)).plain
    assert "5 earlier check-ins of this day not shown" in text
    assert "2 earlier routines of this day not shown" in text
    assert "try 5" not in text and f"try {total}" in text


def test_record_span_and_pain_period(store: Store) -> None:
    assert record_span(store) is None
    add_session(store, MON - timedelta(days=3), "core")
    add_checkin(store, MON, 4)
    add_checkin(store, MON + timedelta(days=5), 6)
    assert record_span(store) == (MON - timedelta(days=3), MON + timedelta(days=5))
    period = pain_period(store, MON, MON + timedelta(days=13))
    assert (period.days, period.avg_pain) == (2, 5.0)


def test_export_rows_since_follows_the_session_day_for_reps(store: Store) -> None:
    add_session(store, MON, "core", reps=2)
    add_session(store, MON + timedelta(days=1), "gentle", reps=3)
    header, rows = export_rows(store, "reps", MON + timedelta(days=1))
    assert header[:3] == ["id", "session_id", "step_no"]
    assert len(list(rows)) == 3
    _, sessions = export_rows(store, "sessions")
    assert [row[1] for row in sessions] == ["core", "gentle"]


def test_iso_week_and_monday_at_the_turn_of_the_year() -> None:
    assert monday_of(date(2027, 1, 3)) == date(2026, 12, 28)
    assert iso_week(date(2026, 12, 28)) == "2026-W53"
    assert iso_week(date(2024, 12, 30)) == "2025-W01"


def test_the_counted_checkins_read_the_day_index_not_the_whole_table(store: Store) -> None:
    plan = store.db.conn.execute(
        "EXPLAIN QUERY PLAN " + COUNTED_CHECKINS,
        counted_between(date(2026, 1, 1), date(2026, 2, 1)),
    ).fetchall()
    assert any("idx_checkins_day" in row[-1] for row in plan)


def test_what_helps_takes_no_unanswered_day_for_rest(store: Store) -> None:
    """Mon 4, Tue 2 (yesterday not said), Wed 3 (after rest): only Tue → Wed is a rest pair;
    Mon → Tue, whose Monday was not said, is no kind of day."""
    add_checkin(store, MON, 4)
    unsaid = add_checkin(store, MON + timedelta(days=1), 2)
    add_checkin(store, MON + timedelta(days=2), 3)
    with store.write() as db:
        db.execute("UPDATE checkins SET activity_answered = 0 WHERE id = ?", [unsaid])
    helps = what_helps(store, MON, MON + timedelta(days=2))
    by_activity = {effect.activity: effect.change for effect in helps.activities}
    assert by_activity["rest"] == PairedChange(1, 2.0, 3.0, None)
    assert sum(change.pairs for change in by_activity.values()) == 1
    (detail,) = day_detail(store, MON + timedelta(days=1)).checkins
    assert detail.activity is None
