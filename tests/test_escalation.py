"""When the person's own records say "see your GP or physiotherapist": each rule at, under and
over its threshold, on a real SQLite file; shown on home, in the plan, in `coach status` and in
the clinician's report; dismissed for a week."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from coach.clinical import checkin_entry, plan_for_day
from coach.clock import FakeClock
from coach.escalation import Notice, notice_text, notices, shown_notices
from coach.html_report import write_html
from coach.library import load_library
from coach.report import clinician_report, markdown_text
from coach.status import status_line
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.days import day_status
from coach.store.red_flags import dismiss_notice
from tests.helpers import add_checkin, add_peg, screened

TODAY = date(2026, 11, 25)


def pains(store: Store, values: list[int | None], end: date = TODAY) -> None:
    """One morning each, oldest first, the last on `end`; None is a morning missed."""
    for offset, pain in enumerate(reversed(values)):
        if pain is not None:
            add_checkin(store, end - timedelta(days=offset), pain)


def rules_raised(store: Store, today: date = TODAY) -> set[str]:
    return {notice.rule for notice in notices(store, today)}


@pytest.mark.parametrize(
    ("mornings", "raised"),
    [
        ([8, 8, 8], True),  # at: three mornings at 8
        ([8, 8, 7], False),  # under on the last morning
        ([7, 8, 8], False),  # under on the first
        ([9, 10, 9], True),  # over
        ([8, None, 8, 8], False),  # a missed morning breaks the run
        ([8, 8, 8] + [3] * 7, False),  # the run ended over a week ago
        ([8, 8, 8] + [3] * 6, True),  # …but not yet
    ],
)
def test_high_pain_on_three_mornings_running(
    store: Store, mornings: list[int | None], raised: bool
) -> None:
    pains(store, mornings)
    assert ("high_pain_run" in rules_raised(store)) is raised


@pytest.mark.parametrize(("pain", "raised"), [(9, False), (10, True)])
def test_pain_ten_even_once(store: Store, pain: int, raised: bool) -> None:
    pains(store, [2, 2, pain, 2])
    assert ("worst_pain" in rules_raised(store)) is raised


def weeks_of_use(store: Store, first: float, recent: float, days: int = 42) -> None:
    """`days` of check-ins ending today: the first fortnight around `first`, the last around
    `recent` (each fortnight's mean exactly as given, to one decimal)."""
    start = TODAY - timedelta(days=days - 1)
    for offset in range(days):
        day = start + timedelta(days=offset)
        level = first if offset < 14 else recent if day > TODAY - timedelta(days=14) else 5
        whole = int(level)
        tenths = round((level - whole) * 10)
        pain = whole + (1 if offset % 10 < tenths else 0)
        add_checkin(store, day, pain)


@pytest.mark.parametrize(
    ("days", "first", "recent", "raised"),
    [
        (42, 8.0, 6.0, False),  # at: improved by exactly 2 points
        (42, 8.0, 7.0, True),  # under: 1 point, 12%
        (42, 8.0, 5.0, False),  # over: 3 points
        (42, 5.0, 4.0, True),  # still 4 or more, 1 point (20%): not noticeable
        (42, 5.0, 3.0, False),  # improved, and under 4 anyway
        (42, 4.0, 4.0, True),  # no change at all, at 4
        (42, 3.0, 3.0, False),  # no change, but under 4
        (41, 8.0, 8.0, False),  # under six weeks of use: no verdict yet
    ],
)
def test_no_noticeable_improvement_after_six_weeks(
    store: Store, days: int, first: float, recent: float, raised: bool
) -> None:
    weeks_of_use(store, first, recent, days)
    assert ("no_improvement" in rules_raised(store)) is raised


@pytest.mark.parametrize(
    ("scores", "days_ago", "raised"),
    [
        ((7, 7, 7), (8, 1), True),  # at 7, two weekly answers running
        ((7, 7, 6), (8, 1), False),  # the latest under
        ((6, 6, 7), (8, 1), False),  # the previous one under
        ((9, 8, 9), (8, 1), True),  # over
        ((7, 7, 7), (16, 9), False),  # the latest is over a week old
    ],
)
def test_peg_seven_or_more_two_weeks_running(
    store: Store, scores: tuple[int, int, int], days_ago: tuple[int, int], raised: bool
) -> None:
    for ago in days_ago:
        day = TODAY - timedelta(days=ago)
        add_peg(store, add_checkin(store, day, 5), day, scores)
    assert ("peg_high" in rules_raised(store)) is raised


def test_thirty_mornings_at_eight_say_see_a_clinician_everywhere(
    store: Store, clock: FakeClock
) -> None:
    """Not thirty identical gentle days: from the third morning, a plain notice with the
    reason on home's plan, in `coach status` and in the clinician's report."""
    screened(store, TODAY - timedelta(days=2))
    pains(store, [8] * 29, end=TODAY - timedelta(days=1))
    save_checkin(store, clock, checkin_entry(pain=8))
    plan = plan_for_day(store, day_status(store, TODAY), emergency_number="999")
    assert plan is not None and plan.kind == "gentle"
    [notice] = plan.notices
    assert notice.text == (
        "See your GP or physiotherapist: pain 8/10 or more on 9 mornings running "
        "(17 Nov to 25 Nov)."
    )
    line = status_line(store, TODAY, emergency_number="999")
    assert line.endswith(
        "· gentle day · gentle due · run: not today · see your GP or physiotherapist"
    )
    report = markdown_text(store, load_library(None), since=None, today=TODAY)
    assert "## See a GP or physiotherapist" in report
    assert "- Pain 8/10 or more on 9 mornings running (17 Nov to 25 Nov)." in report
    page = io.StringIO()
    write_html(clinician_report(store, load_library(None), since=None, today=TODAY), page)
    assert '<section id="see-a-clinician">\n<h2>See a GP or physiotherapist</h2>' in (
        page.getvalue()
    )
    assert "<li>Pain 8/10 or more on 9 mornings running (17 Nov to 25 Nov).</li>" in (
        page.getvalue()
    )
    assert "<p>Background (asked once): none of " in page.getvalue()


def test_a_dismissed_notice_stays_away_for_a_week(store: Store, clock: FakeClock) -> None:
    pains(store, [2, 10])
    assert [n.rule for n in shown_notices(store, TODAY)] == ["worst_pain"]
    dismiss_notice(store, clock, "worst_pain")
    assert shown_notices(store, TODAY) == []
    assert [n.rule for n in notices(store, TODAY)] == ["worst_pain"]  # the report keeps it
    add_checkin(store, TODAY + timedelta(days=6), 10)
    assert shown_notices(store, TODAY + timedelta(days=6)) == []  # day 7 of the quiet week
    assert [n.rule for n in shown_notices(store, TODAY + timedelta(days=7))] == ["worst_pain"]


def test_several_notices_share_one_heading_and_give_a_line_for_each_reason() -> None:
    one = Notice("worst_pain", "pain 10/10 on 25 Nov")
    two = Notice("high_pain_run", "pain 8/10 or more on 3 mornings running")
    assert notice_text([]) == ""
    assert notice_text([one]) == "See your GP or physiotherapist: pain 10/10 on 25 Nov."
    assert notice_text([one, two]).splitlines() == [
        "See your GP or physiotherapist:",
        "· pain 10/10 on 25 Nov.",
        "· pain 8/10 or more on 3 mornings running.",
    ]
