"""Check-ins on disk: one transaction with PEG and red flags, replacing keeps the old row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.clinical import checkin_entry, peg_entry, plan_for_day
from coach.clock import FakeClock
from coach.red_flags import red_flag_entry
from coach.rules import QUESTION_SET, signs_asked
from coach.store import Store, StoreError
from coach.store.checkins import (
    CheckinExistsError,
    PegExistsError,
    add_peg,
    current_checkin,
    last_peg_day,
    recent_pains,
    save_checkin,
    todays_pain,
)
from coach.store.days import day_status
from coach.store.history import PainPeriod, calendar_days, monday_of, pain_period, weeks
from coach.store.red_flags import RedFlagEntry, latest_screen

NO_FLAGS = {sign.column: False for sign in signs_asked(frozenset())}
NUMBER = "999"


def flags(*yes: str) -> RedFlagEntry:
    return red_flag_entry({**NO_FLAGS, **dict.fromkeys(yes, True)}, frozenset())


def rows(store: Store, table: str) -> list[dict[str, object]]:
    return list(store.db[table].rows)


def test_a_checkin_with_peg_and_red_flags_is_one_write(store: Store, clock: FakeClock) -> None:
    entry = checkin_entry(pain=4, activity="run", activity_min=25, sleep="good", note="ok")
    checkin_id = save_checkin(store, clock, entry, peg=peg_entry(5, 4, 6), red_flags=flags("fever"))

    [checkin] = rows(store, "checkins")
    assert checkin == {
        "id": checkin_id,
        "day": "2026-11-25",
        "at": "2026-11-25T07:30:00.000Z",
        "pain": 4,
        "activity": "run",
        "activity_answered": 1,
        "activity_min": 25,
        "sleep": "good",
        "stiffness": "none",
        "new_symptoms": 0,
        "note": "ok",
        "superseded_at": None,
    }
    [peg] = rows(store, "peg")
    assert (peg["checkin_id"], peg["day"], peg["score"]) == (checkin_id, "2026-11-25", 5.0)
    assert (peg["pain_avg"], peg["enjoyment"], peg["general_activity"]) == (5, 4, 6)
    [flag_row] = rows(store, "red_flags")
    assert flag_row["checkin_id"] == checkin_id
    assert flag_row["fever"] == 1 and flag_row["chest_pain"] == 0
    assert flag_row["one_leg"] is None  # asked only with a history of cancer
    assert (flag_row["result"], flag_row["question_set"]) == ("same_day", QUESTION_SET)


def test_a_failure_part_way_saves_nothing(store: Store, clock: FakeClock) -> None:
    broken = RedFlagEntry(NO_FLAGS, "maybe", QUESTION_SET)  # refused by the CHECK constraint
    with pytest.raises(StoreError):
        save_checkin(store, clock, checkin_entry(pain=3), peg=peg_entry(1, 1, 1), red_flags=broken)
    assert rows(store, "checkins") == [] and rows(store, "peg") == []


def test_a_second_checkin_needs_replace_and_keeps_the_first(store: Store, clock: FakeClock) -> None:
    first = save_checkin(store, clock, checkin_entry(pain=4))
    clock.advance(3600)
    with pytest.raises(CheckinExistsError) as caught:
        save_checkin(store, clock, checkin_entry(pain=6))
    assert caught.value.existing.id == first
    assert str(caught.value) == "you already checked in today (pain 4 at 07:30)"
    assert len(rows(store, "checkins")) == 1

    second = save_checkin(store, clock, checkin_entry(pain=6), replace=True)
    old, new = rows(store, "checkins")
    assert (old["id"], old["superseded_at"]) == (first, "2026-11-25T08:30:00.000Z")
    assert (new["id"], new["superseded_at"]) == (second, None)
    assert todays_pain(store, clock.today()) == 6
    assert day_status(store, clock.today()).checkin_pain == 6


def test_queries_see_only_checkins_that_count(store: Store, clock: FakeClock) -> None:
    today = clock.today()
    assert todays_pain(store, today) is None and current_checkin(store, today) is None
    for days_ago, pain in [(8, 9), (7, 2), (3, 4), (1, 5)]:
        day = today - timedelta(days=days_ago)
        with store.write() as db:
            db["checkins"].insert({"day": day.isoformat(), "at": f"{day}T07:00:00Z", "pain": pain})
    with store.write() as db:  # a replaced check-in does not count
        db["checkins"].insert(
            {"day": str(today - timedelta(days=1)), "at": "x", "pain": 10, "superseded_at": "y"}
        )
    save_checkin(store, clock, checkin_entry(pain=3))
    assert recent_pains(store, today) == [2, 4, 5]
    assert todays_pain(store, today) == 3
    stored = current_checkin(store, today)
    assert stored is not None and stored.local_time.strftime("%H:%M") == "07:30"


def test_of_two_checkins_at_the_same_instant_the_one_saved_last_counts_everywhere(
    store: Store, clock: FakeClock
) -> None:
    """Two live check-ins with one `at` (written by another tool: coach replaces the first):
    every reader takes the same one, the row saved last, and each day counts once."""
    today = clock.today()
    yesterday = today - timedelta(days=1)  # a Tuesday: the same week
    for day in (yesterday, today):
        with store.write() as db:
            for pain in (8, 2):
                db["checkins"].insert(
                    {"day": day.isoformat(), "at": f"{day}T07:00:00.000Z", "pain": pain}
                )
    assert todays_pain(store, today) == 2
    assert day_status(store, today).checkin_pain == 2
    assert recent_pains(store, today) == [2]
    (week,) = weeks(store, monday_of(today), monday_of(today))
    assert (week.checkin_days, week.avg_pain, week.worst_pain) == (2, 2.0, 2)
    assert {day: cell.pain for day, cell in calendar_days(store, yesterday, today).items()} == {
        yesterday: 2,
        today: 2,
    }
    assert pain_period(store, yesterday, today) == PainPeriod(yesterday, today, 2, 2.0)


def test_last_peg_and_red_flag_days(store: Store, clock: FakeClock) -> None:
    assert last_peg_day(store) is None and latest_screen(store) is None
    save_checkin(store, clock, checkin_entry(pain=3), red_flags=flags())
    screen = latest_screen(store)
    assert screen is not None and screen.day == date(2026, 11, 25)
    assert last_peg_day(store) is None
    clock.advance(86400)
    save_checkin(store, clock, checkin_entry(pain=3), peg=peg_entry(2, 2, 2))
    assert last_peg_day(store) == date(2026, 11, 26)
    assert latest_screen(store) == screen


def test_the_plan_reads_the_day_from_disk(store: Store, clock: FakeClock) -> None:
    today = clock.today()
    assert plan_for_day(store, day_status(store, today), emergency_number=NUMBER) is None
    save_checkin(store, clock, checkin_entry(pain=2), red_flags=flags())
    plan = plan_for_day(store, day_status(store, today), emergency_number=NUMBER)
    assert plan is not None and plan.kind == "normal"


def test_a_red_flag_stays_for_the_day_even_if_the_checkin_is_replaced(
    store: Store, clock: FakeClock
) -> None:
    save_checkin(store, clock, checkin_entry(pain=2), red_flags=flags("bladder_bowel"))
    clock.advance(600)
    save_checkin(store, clock, checkin_entry(pain=1), replace=True)
    status = day_status(store, clock.today())
    assert status.red_flag == "urgent"
    plan = plan_for_day(store, status, emergency_number=NUMBER)
    assert plan is not None and plan.kind == "stop" and plan.routines == ()


def test_the_weeks_peg_can_be_added_to_todays_checkin_once(store: Store, clock: FakeClock) -> None:
    with pytest.raises(StoreError, match="no check-in today to add the PEG to"):
        add_peg(store, clock, peg_entry(5, 4, 6))
    first = save_checkin(store, clock, checkin_entry(pain=3))
    clock.advance(600)
    assert add_peg(store, clock, peg_entry(5, 4, 6)).id == first
    (peg,) = rows(store, "peg")
    assert (peg["checkin_id"], peg["score"], peg["day"]) == (first, 5.0, "2026-11-25")
    assert peg["at"] == "2026-11-25T07:40:00.000Z"
    with pytest.raises(PegExistsError, match=r"already has the week's PEG \(score 5.0\)"):
        add_peg(store, clock, peg_entry(1, 1, 1))
    assert len(rows(store, "peg")) == 1


def test_an_unanswered_activity_is_kept_apart_from_rest(store: Store, clock: FakeClock) -> None:
    """Saved as the column's default, marked not answered, and read back as not said; a
    chosen rest is rest. A check-in from before the question was tracked counts as given."""
    save_checkin(store, clock, checkin_entry(pain=3))
    (row,) = rows(store, "checkins")
    assert (row["activity"], row["activity_answered"]) == ("rest", 0)
    checkin = current_checkin(store, clock.today())
    assert checkin is not None and checkin.activity is None
    save_checkin(store, clock, checkin_entry(pain=3, activity="rest"), replace=True)
    assert rows(store, "checkins")[-1]["activity_answered"] == 1
    assert current_checkin(store, clock.today()).activity == "rest"
    with store.write() as db:
        db.execute("UPDATE checkins SET activity_answered = NULL")
    assert current_checkin(store, clock.today()).activity == "rest"
