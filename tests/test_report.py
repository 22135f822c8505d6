"""The summary's words at, under and over the thresholds, and the exports read back."""

from __future__ import annotations

import csv
import json
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach import export, report
from coach.store import Store
from coach.store.history import PainPeriod
from tests.helpers import add_checkin, add_peg, add_session

NOTICE = "a change of 2 points or 30% is one that people notice"


def test_a_fall_of_2_7_points_is_less_pain_that_people_notice() -> None:
    assert report.describe_change(5.8, 3.1) == (
        f"weekly average pain 5.8 → 3.1 (−2.7): less pain, and {NOTICE}."
    )


@pytest.mark.parametrize(
    ("before", "after", "meaningful"),
    [
        (8.0, 6.0, True),  # exactly 2 points (25%)
        (8.0, 6.1, False),  # 1.9 points, 24%: under both
        (8.0, 5.5, True),  # over
        (5.0, 3.5, True),  # exactly 30% (1.5 points)
        (5.0, 3.6, False),  # 28%
        (5.0, 3.4, True),
        (3.0, 5.0, True),  # worse counts the same way
        (0.0, 0.0, False),
        (8.04, 6.05, True),  # compared as shown: 8.0 → 6.1 would be under, 8.0 → 6.0 is not
    ],
)
def test_meaningful_thresholds(before: float, after: float, meaningful: bool) -> None:
    assert report.is_meaningful(before, after) is meaningful
    sentence = report.describe_change(before, after)
    assert ("no clear change" in sentence) is (not meaningful)
    assert NOTICE in sentence


def test_words_for_worse_and_for_no_change() -> None:
    assert report.describe_change(3.0, 5.0) == (
        f"weekly average pain 3.0 → 5.0 (+2.0): more pain, and {NOTICE}."
    )
    assert report.describe_change(4.0, 3.5) == (
        f"weekly average pain 4.0 → 3.5 (−0.5): no clear change ({NOTICE})."
    )
    assert report.change_verdict(4.0, 3.5) == "no clear change"
    assert report.change_verdict(6.0, 3.0) == "less pain, a change people notice"


def test_no_claim_with_too_few_days() -> None:
    few = PainPeriod(date(2026, 1, 1), date(2026, 1, 14), report.MIN_DAYS_FOR_CLAIM - 1, 7.0)
    enough = PainPeriod(date(2026, 1, 15), date(2026, 1, 28), report.MIN_DAYS_FOR_CLAIM, 2.0)
    comparison = report.Comparison("Last 2 weeks", few, enough)
    assert not comparison.enough
    assert comparison.sentence() == (
        "Last 2 weeks: too few check-ins to compare (4 and 5 days; each needs at least 5)."
    )
    assert report.Comparison("x", enough, enough).enough


TODAY = date(2026, 11, 25)


def fill_six_weeks(store: Store) -> None:
    """Six weeks to 25 Nov: two at pain 6, two at 5, the last two at 3."""
    start = TODAY - timedelta(days=41)
    for offset in range(42):
        pain = 6 if offset < 14 else 5 if offset < 28 else 3
        add_checkin(store, start + timedelta(days=offset), pain)


def test_comparisons_against_the_two_before_and_the_first_two(store: Store) -> None:
    assert report.summary_lines(store) == []
    fill_six_weeks(store)
    last, first = report.summary_lines(store)
    assert last == (
        "Last 2 weeks (12 Nov – 25 Nov 2026) vs the 2 before: weekly average pain "
        f"5.0 → 3.0 (−2.0): less pain, and {NOTICE}."
    )
    assert first == (
        "Last 2 weeks vs your first 2 (15 Oct – 28 Oct 2026): weekly average pain "
        f"6.0 → 3.0 (−3.0): less pain, and {NOTICE}."
    )


def test_a_first_fortnight_that_overlaps_is_not_compared_twice(store: Store) -> None:
    for offset in range(17):
        add_checkin(store, TODAY - timedelta(days=offset), 4)
    (only,) = report.comparisons(store)
    assert only.label.endswith("vs the 2 before")
    assert "too few check-ins" in only.sentence()


def test_routine_and_activity_lines_make_no_claim_below_five() -> None:
    from coach.store.history import ActivityEffect, RoutineEffect, WhatHelps

    assert report.routine_line(RoutineEffect("core", 4, -2.0)) == (
        "core: too few sessions to say (4)"
    )
    assert report.routine_line(RoutineEffect("core", 5, -1.25)) == (
        "core: pain −1.2 after a session on average (5 sessions)"
    )
    helps = WhatHelps(
        routines=(),
        activities=(ActivityEffect("run", 5, 2.5), ActivityEffect("rest", 3, 6.0)),
        all_days=8,
        avg_pain=3.8,
    )
    assert report.activity_lines(helps) == [
        "after a run: pain 2.5 next morning (5 days)",
        "after rest: too few days to say (3)",
    ]


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def fill_for_export(store: Store) -> None:
    fill_six_weeks(store)
    checkin = add_checkin(store, TODAY - timedelta(days=2), 4, note='said "ouch", twice')
    add_peg(store, checkin, TODAY - timedelta(days=2), (4, 3, 2))
    add_session(store, TODAY - timedelta(days=30), "core", reps=2)
    add_session(store, TODAY - timedelta(days=1), "gentle", reps=3)


def test_csv_export_reads_back_and_refuses_to_overwrite(store: Store, tmp_path: Path) -> None:
    fill_for_export(store)
    folder = tmp_path / "out"
    written = export.export_csv(store, folder, since=None, force=False)
    assert sorted(p.name for p in written) == [
        "checkins.csv",
        "peg.csv",
        "red_flags.csv",
        "reps.csv",
        "sessions.csv",
        "weeks.csv",
    ]
    assert all(private(path) for path in written)
    with (folder / "checkins.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 43
    assert [row["note"] for row in rows if row["note"]] == ['said "ouch", twice']
    with (folder / "reps.csv").open(newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 5
    with (folder / "weeks.csv").open(newline="") as handle:
        weeks = list(csv.DictReader(handle))
    assert weeks[-1]["Week"] == "2026-W48" and weeks[-1]["Avg pain"] == "3.3"
    with pytest.raises(export.ExportError, match="already exists; use --force"):
        export.export_csv(store, folder, since=None, force=False)
    export.export_csv(store, folder, since=TODAY - timedelta(days=1), force=True)
    with (folder / "sessions.csv").open(newline="") as handle:
        assert [row["routine"] for row in csv.DictReader(handle)] == ["gentle"]


def test_json_export_is_every_row(store: Store, tmp_path: Path) -> None:
    fill_for_export(store)
    text = report.json_text(
        store, since=None, exported_at=datetime(2026, 11, 25, 8, 0).astimezone()
    )
    target = export.write_text(tmp_path / "coach.json", text, force=False)
    assert private(target)
    document = json.loads(target.read_text())
    assert document["since"] is None and document["schema"] == store.migration_names()
    tables = document["tables"]
    assert len(tables["checkins"]) == 43 and len(tables["reps"]) == 5
    assert tables["peg"][0]["score"] == 3.0
    assert tables["sessions"][0]["routine"] == "core"
    with pytest.raises(export.ExportError, match="already exists"):
        export.write_text(target, text, force=False)
    assert export.write_text(target, "{}", force=True).read_text() == "{}"


def test_markdown_report_for_a_clinician(store: Store) -> None:
    fill_for_export(store)
    text = report.markdown_text(store, since=None, today=TODAY)
    assert text.startswith("# Low back pain record\n")
    for heading in ("## Summary", "## Weeks", "## PEG trend", "## Red flags recorded"):
        assert f"\n{heading}\n" in text
    assert "| Week | Check-ins | Avg pain |" in text
    assert "| 2026-W48 | 3 | 3.3 |" in text
    assert "| 2026-11-23 | 3.0 | 4 | 3 | 2 |" in text
    assert "None: no warning sign was reported" in text
    assert "| core | 1 | 10 | 2026-10-26 | 2026-10-26 |" in text
    assert f"5.0 → 3.1 (−1.9): less pain, and {NOTICE}" in text
    empty = report.markdown_text(Store.in_memory(), since=None, today=TODAY)
    assert "No records yet." in empty
