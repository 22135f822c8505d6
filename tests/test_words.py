"""Times, counts and plurals, worded once: at, under and over each boundary, and the same
session read back alike by the end-of-routine summary and the day detail."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from coach.app import make_app
from coach.clock import FakeClock
from coach.flows import user_plan
from coach.library import load_library
from coach.plan import Phase
from coach.report import Comparison
from coach.screens.day import day_text
from coach.screens.summary import SummaryScreen
from coach.settings import Settings
from coach.store import Store
from coach.store.history import PainPeriod, day_detail
from coach.words import clock_time, count, count_pair, countdown, duration, where_line
from tests.helpers import add_session


@pytest.mark.parametrize(
    ("number", "expected"), [(0, "0 reps"), (1, "1 rep"), (2, "2 reps"), (11, "11 reps")]
)
def test_count_says_one_in_the_singular_and_every_other_number_in_the_plural(
    number: int, expected: str
) -> None:
    assert count(number, "rep") == expected


def test_count_takes_an_irregular_plural() -> None:
    assert (count(1, "body", "bodies"), count(3, "body", "bodies")) == ("1 body", "3 bodies")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (4, 5, "4 and 5 days"),
        (1, 1, "1 and 1 day"),
        (0, 1, "0 days and 1 day"),
        (1, 0, "1 day and 0 days"),
        (0, 0, "0 and 0 days"),
    ],
)
def test_a_pair_of_counts_shares_its_noun_only_when_both_take_the_same_form(
    first: int, second: int, expected: str
) -> None:
    assert count_pair(first, second, "day") == expected


def test_too_few_days_to_compare_never_says_1_days() -> None:
    none = PainPeriod(date(2026, 11, 1), date(2026, 11, 14), 0, None)
    one = PainPeriod(date(2026, 11, 15), date(2026, 11, 28), 1, 3.0)
    assert Comparison("x", none, one).short() == (
        "too few check-ins to compare (0 days and 1 day; each needs at least 5)"
    )


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (-1, "0"),
        (0, "0"),
        (0.2, "1"),  # rounded up: "1" for the whole last second
        (9.0, "9"),
        (9.000000000001, "9"),  # float noise is not another second
        (9.01, "10"),
        (59.5, "1:00"),
        (60, "1:00"),
        (65, "1:05"),
        (600, "10:00"),
    ],
)
def test_the_countdown_rounds_up_and_shows_minutes_from_one_minute(
    seconds: float, shown: str
) -> None:
    assert countdown(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(-3, "0:00"), (0, "0:00"), (30.2, "0:31"), (59.9, "1:00"), (725, "12:05")],
)
def test_time_left_is_a_clock_rounded_up_like_the_countdown(seconds: float, shown: str) -> None:
    assert clock_time(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0 s"),
        (0.4, "0 s"),
        (44.5, "45 s"),
        (59.4, "59 s"),
        (59.5, "1 min"),
        (60, "1 min"),
        (90.4, "1 min 30 s"),
        (159, "2 min 39 s"),
        (600, "10 min"),
        (3725, "62 min 5 s"),
    ],
)
def test_a_duration_to_the_nearest_second(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown


async def test_the_summary_and_the_day_show_one_session_with_the_same_length(
    store: Store, clock: FakeClock, config_dir: Path
) -> None:
    """Once the summary said "1 min 31 s" and the day "2 min" for the same 90.6 seconds."""
    session_id = add_session(store, clock.today(), "pelvic-tilts", active_s=90.6, reps=1)
    library = load_library(config_dir)
    plan = user_plan(library.routines["pelvic-tilts"], library, Settings())
    app = make_app(store=store, clock=clock, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SummaryScreen(session_id, plan))
        await pilot.pause()
        summary = str(app.screen.query_one("#time", Static).render())
    assert "1 min 31 s" in summary
    day = day_text(day_detail(store, clock.today()), library).plain
    assert "completed, 1 min 31 s, pain 5 → 4" in day


def _phase(kind: str, *, step_no: int = 0, set_no: int = 1, side: str = "left") -> Phase:
    return Phase(kind, 5, step_no, "bridge", "Bridge", set_no, 2, 2, 2, side)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("following", "expected"),
    [
        ((_phase("hold", set_no=2),), "REST · next: set 2 of 2, left side"),
        ((_phase("hold", set_no=2, side="both"),), "REST · next: set 2 of 2"),
        ((_phase("switch", side="right"),), "REST · next: set 1 of 2, right side"),
        ((_phase("position", step_no=1),), "REST · next: Bridge"),
        ((), "REST · next: the end"),
    ],
)
def test_a_rest_says_what_it_is_before_not_the_rep_it_follows(
    following: tuple[Phase, ...], expected: str
) -> None:
    assert where_line(_phase("rest"), following) == expected


def test_outside_a_rest_the_line_is_the_counter() -> None:
    assert where_line(_phase("hold"), (_phase("release"),)) == "rep 2 of 2 · left side · set 1 of 2"
