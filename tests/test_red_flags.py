"""The gate before exercise, on a real SQLite file: when the warning signs are due, the hold a
warning sign leaves overnight, its follow-up, undoing a mistaken yes, the record's own day
across time zones, and an older database carried over."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.clinical import checkin_entry, plan_for_day
from coach.clock import FakeClock
from coach.library import load_library
from coach.red_flags import TIER_TITLES, current_hold, gate, parse_red_flags, screen_due
from coach.report import red_flag_line
from coach.running import current_stage
from coach.screens.day import day_text
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.days import day_status
from coach.store.history import calendar_days, day_detail
from coach.store.red_flags import record_follow_up, save_screen, worst_by_day
from coach.store.schema import known_migrations
from coach.store.sessions import start_session
from tests.helpers import clear_screen, screened

TODAY = date(2026, 11, 25)
NUMBER = "999"
STAGES = tuple(load_library(None).stages.values())


def warning(store: Store, clock: FakeClock, signs: str = "chest_pain") -> None:
    save_checkin(
        store,
        clock,
        checkin_entry(pain=3),
        red_flags=parse_red_flags(signs, frozenset()),
        replace=True,
    )


def next_morning(clock: FakeClock) -> None:
    clock.advance(86400)


@pytest.mark.parametrize(
    ("last_screen", "new_symptoms", "due"),
    [
        (None, False, "first"),
        (TODAY, False, None),
        (TODAY - timedelta(days=6), False, None),  # under a week
        (TODAY - timedelta(days=7), False, "weekly"),  # at a week
        (TODAY - timedelta(days=8), False, "weekly"),  # over
        (TODAY, True, "new"),  # something new: always
    ],
)
def test_when_the_warning_signs_are_due(
    store: Store, last_screen: date | None, new_symptoms: bool, due: str | None
) -> None:
    if last_screen is not None:
        screened(store, last_screen)
    assert screen_due(store, TODAY, new_symptoms=new_symptoms) == due


def test_a_screen_of_the_first_question_set_is_not_current(store: Store) -> None:
    screened(store, TODAY)
    store.conn.execute("UPDATE red_flags SET question_set = 1")
    assert screen_due(store, TODAY) == "new_questions"


def test_about_you_comes_before_the_first_screen(store: Store) -> None:
    first = gate(store, TODAY)
    assert (first.hold, first.background, first.screen, first.clear) == (None, None, "first", False)
    screened(store, TODAY)
    assert gate(store, TODAY).clear


def test_a_warning_sign_holds_overnight_until_seen_or_gone(store: Store, clock: FakeClock) -> None:
    screened(store, TODAY - timedelta(days=1))
    warning(store, clock, "saddle_numbness")
    hold = current_hold(store)
    assert hold is not None and hold.tier == "urgent"
    assert not hold.follow_up_due(TODAY) and hold.can_undo(TODAY)
    next_morning(clock)
    tomorrow = clock.today()
    status = day_status(store, tomorrow)
    assert status.red_flag == "urgent"  # remembered the next morning, before any check-in
    plan = plan_for_day(store, status, emergency_number=NUMBER)
    assert plan is not None and plan.kind == "stop" and plan.routines == ()
    assert plan.advice.startswith("On 25 November you reported numbness around the genitals")
    hold = current_hold(store)
    assert hold is not None and hold.follow_up_due(tomorrow) and not hold.can_undo(tomorrow)


@pytest.mark.parametrize(
    ("answer", "lifted"),
    [("seen", True), ("gone", True), ("not_yet", False)],
)
def test_only_seen_or_gone_lift_the_hold(
    store: Store, clock: FakeClock, answer: str, lifted: bool
) -> None:
    screened(store, TODAY - timedelta(days=1))
    warning(store, clock, "fever")
    next_morning(clock)
    hold = current_hold(store)
    assert hold is not None
    record_follow_up(store, clock, hold.latest_id, answer)
    after = current_hold(store)
    assert (after is None) is lifted
    if lifted:  # the warning signs once more before any exercise
        assert gate(store, clock.today()).screen == "after_warning"
    else:  # asked once a day: not again until tomorrow
        assert after is not None and not after.follow_up_due(clock.today())
        next_morning(clock)
        assert after.follow_up_due(clock.today())


def test_a_follow_up_lifts_every_warning_before_it(store: Store, clock: FakeClock) -> None:
    screened(store, TODAY - timedelta(days=1))
    warning(store, clock, "fever")
    next_morning(clock)
    hold = current_hold(store)
    assert hold is not None
    record_follow_up(store, clock, hold.latest_id, "not_yet")
    warning(store, clock, "walking")  # worse the next day: urgent now
    hold = current_hold(store)
    assert hold is not None and hold.tier == "urgent" and hold.signs == ["fever", "walking"]
    assert hold.reported() == (
        "Between 25 November and 26 November you reported fever or feeling unwell and "
        "difficulty walking."
    )
    next_morning(clock)
    record_follow_up(store, clock, hold.latest_id, "seen")
    assert current_hold(store) is None


def test_a_mistaken_yes_is_replaced_and_kept_as_superseded(store: Store, clock: FakeClock) -> None:
    screened(store, TODAY - timedelta(days=1))
    warning(store, clock, "serious_accident")
    hold = current_hold(store)
    assert hold is not None
    clock.advance(60)
    save_screen(store, clock, clear_screen(), replacing=hold.taken_back_by_mistake)
    assert current_hold(store) is None
    assert day_status(store, TODAY).red_flag is None  # the day follows the latest answers
    assert calendar_days(store, TODAY, TODAY)[TODAY].red_flag is None
    mistaken, latest = day_detail(store, TODAY).red_flags
    assert mistaken.superseded and mistaken.yes == ["serious_accident"]
    assert not latest.superseded and latest.result == "none"
    plan = plan_for_day(store, day_status(store, TODAY), emergency_number=NUMBER)
    assert plan is not None and plan.kind == "normal"  # pain 3: exercise advice is back
    # Nor is it a flare: the running programme does not restart below the usual run.
    assert current_stage(store, STAGES, TODAY) is None


def test_a_mistake_takes_back_only_the_warnings_not_the_days_earlier_all_clear(
    store: Store, clock: FakeClock
) -> None:
    """The morning's all-clear, then a yes by mistake before a routine, then the answers again
    with a same-day sign: only the yes is replaced; the day follows the latest answers."""
    screened(store, TODAY - timedelta(days=1))
    save_checkin(store, clock, checkin_entry(pain=3), red_flags=clear_screen())
    clock.advance(3600)
    save_screen(store, clock, parse_red_flags("serious_accident", frozenset()))
    hold = current_hold(store)
    assert hold is not None
    clock.advance(60)
    save_screen(store, clock, parse_red_flags("fever", frozenset()),
                replacing=hold.taken_back_by_mistake)  # fmt: skip
    morning, mistaken, latest = day_detail(store, TODAY).red_flags
    assert (morning.result, morning.superseded) == ("none", False)
    assert (mistaken.yes, mistaken.superseded) == (["serious_accident"], True)
    assert (latest.yes, latest.superseded) == (["fever"], False)
    assert day_status(store, TODAY).red_flag == "same_day"
    assert calendar_days(store, TODAY, TODAY)[TODAY].red_flag == "same_day"
    held = current_hold(store)
    assert held is not None and held.signs == ["fever"]
    text = day_text(day_detail(store, TODAY), load_library(None)).plain
    assert text.count("(answered by mistake: replaced)") == 1
    assert "serious accident" in text.split("(answered by mistake: replaced)")[0].splitlines()[-1]


def test_the_worst_sign_of_a_day_is_one_definition(store: Store, clock: FakeClock) -> None:
    screened(store, TODAY - timedelta(days=1))
    warning(store, clock, "fever")
    clock.advance(60)
    warning(store, clock, "chest_pain")
    assert calendar_days(store, TODAY, TODAY)[TODAY].red_flag == "urgent"
    assert day_status(store, TODAY).red_flag == "urgent"
    assert worst_by_day(store, TODAY - timedelta(days=1), TODAY) == {TODAY: "urgent"}
    assert current_stage(store, STAGES, TODAY) is not None  # a flare for the running programme


def test_the_day_view_words_each_tier_as_the_care_screens_title_it(
    store: Store, clock: FakeClock
) -> None:
    screened(store, TODAY - timedelta(days=1))
    warning(store, clock, "fever")
    clock.advance(60)
    warning(store, clock, "chest_pain")
    text = day_text(day_detail(store, TODAY), load_library(None)).plain
    assert f"fever or feeling unwell: {TIER_TITLES['same_day'].lower()}" in text
    assert f"chest pain: {TIER_TITLES['urgent'].lower()}" in text
    assert "get emergency care now" in text


@pytest.fixture
def london_then_new_york() -> Iterator[None]:
    before = os.environ["TZ"]
    yield
    os.environ["TZ"] = before
    time.tzset()


def test_a_sign_keeps_the_day_it_was_recorded_on_in_another_time_zone(
    store: Store, london_then_new_york: None
) -> None:
    """Recorded just after midnight in London (the 26th); a second later the machine is in New
    York, where it is still the 25th: the sign still holds, dated the 26th."""
    screened(store, date(2026, 11, 20))
    clock = FakeClock(datetime(2026, 11, 26, 0, 0, 30, tzinfo=ZoneInfo("Europe/London")))
    start_session(store, clock, "pelvic-tilts", pain_before=3)
    warning(store, clock, "bladder_bowel")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    clock.advance(1)
    assert clock.today() == date(2026, 11, 25)
    hold = current_hold(store)
    assert hold is not None and hold.last_day == date(2026, 11, 26)
    status = day_status(store, clock.today())
    assert status.red_flag == "urgent"
    plan = plan_for_day(store, status, emergency_number=NUMBER)
    assert plan is not None and plan.kind == "stop"
    assert hold.can_undo(clock.today()) and not hold.follow_up_due(clock.today())
    # The clinician's report dates it as recorded too, with the instant in UTC, never as
    # "2026-11-25 19:00" (New York's clock at that instant, on another day).
    assert red_flag_line(hold.screens[-1]) == (
        "2026-11-26 (2026-11-26 00:00 UTC): new bladder or bowel trouble (get emergency care now)"
    )
    # So does the day view: the check-in, the sign and the routine begun that minute are under
    # the 26th with that instant, not at 19:00 (New York's clock, on the 25th).
    shown = day_text(day_detail(store, date(2026, 11, 26)), load_library(None)).plain
    assert "19:00" not in shown
    assert "  (2026-11-26 00:00 UTC)  pain 3/10" in shown
    assert "  (2026-11-26 00:00 UTC)  new bladder or bowel trouble: get emergency care now" in shown
    assert "  (2026-11-26 00:00 UTC)  Pelvic tilts" in shown


def test_an_older_database_keeps_its_screens_and_their_hold(tmp_path: Path) -> None:
    """A file made by the first version (seven yes/no columns, all NOT NULL) is migrated: the
    rows and ids stay, the retired questions keep their answers, and its warning still holds."""
    path = tmp_path / "old.db"
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from coach.store.schema import initial

    old = Migrations("coach")
    old(name="0001_initial")(initial)
    db = Database(path)
    old.apply(db)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO red_flags (id, day, at, saddle_numbness, bladder_bowel, leg_weakness, "
        "fever, trauma, cancer_history, night_pain, result) VALUES "
        "(1, '2026-11-01', '2026-11-01T07:00:00.000Z', 0, 0, 0, 0, 0, 0, 0, 'none'), "
        "(2, '2026-11-24', '2026-11-24T07:00:00.000Z', 0, 0, 1, 0, 1, 0, 0, 'urgent')"
    )
    db.conn.commit()
    db.conn.close()

    store = Store.open(path)
    try:
        assert store.migration_names() == known_migrations()
        hold = current_hold(store)
        assert hold is not None and hold.latest_id == 2 and hold.tier == "urgent"
        assert hold.signs == ["leg_weakness", "trauma"]
        assert hold.reported() == (
            "On 24 November you reported weakness or numbness in both legs, or a leg getting "
            "weaker and a recent fall, accident or blow."
        )
        row = store.conn.execute("SELECT question_set, chest_pain FROM red_flags WHERE id = 1")
        assert row.fetchone() == (1, None)
    finally:
        store.close()
    [first_pending] = [name for name in known_migrations() if name != "0001_initial"][:1]
    backups = list(tmp_path.glob(f"old.db.before-{first_pending}-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT count(*) FROM red_flags").fetchone()[0] == 2
