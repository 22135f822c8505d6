"""What the history and the reports say, against figures worked out by hand: the change rules
at, under and over each limit, the fortnights, the paired "what helps", and the Markdown and
HTML reports parsed back."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import stat
from datetime import date, datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coach import export, report
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.library import load_library
from coach.red_flags import parse_background, parse_red_flags
from coach.rules import CHANGE_RULES, is_noticeable_change
from coach.store import Store
from coach.store.checkins import save_checkin
from coach.store.history import (
    ActivityEffect,
    PainPeriod,
    PairedChange,
    RoutineEffect,
    red_flags_raised,
)
from coach.store.red_flags import record_follow_up
from harness.browser import CHROMIUM, Chromium
from tests.helpers import add_checkin, add_peg, add_run, add_session

LIBRARY = load_library(None)

TODAY = date(2026, 11, 25)


# --- the change rules, at, under and over each limit --------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "noticeable"),
    [
        (5, 3, True),  # at 2 points
        (5, 4, False),  # under: 1 point
        (3, 2, False),  # 1 point is a third of 3, but one reading needs 2 points
        (1, 0, False),
        (2, 5, True),  # over, and worse counts the same way
    ],
)
def test_a_single_reading_needs_two_points(before: int, after: int, noticeable: bool) -> None:
    assert is_noticeable_change(before, after, averaged=False) is noticeable


@pytest.mark.parametrize(
    ("before", "after", "noticeable"),
    [
        (8.0, 6.0, True),  # at 2 points (25%)
        (8.0, 6.1, False),  # 1.9 points, 24%: under both
        (8.0, 5.9, True),
        (5.0, 3.5, True),  # at 30% (1.5 points)
        (5.0, 3.6, False),  # 28%
        (5.0, 3.4, True),
        (2.0, 1.0, True),  # at the floor: 1 point (50%)
        (2.0, 1.1, False),  # 45%, but under 1 point
        (2.0, 0.9, True),
        (1.0, 1.3, False),  # 30%, 0.3 points: not a change
        (3.0, 5.0, True),  # worse counts the same way
        (0.0, 0.0, False),
        (8.04, 6.05, True),  # compared as shown: 8.0 → 6.0, not 8.04 → 6.05
    ],
)
def test_an_average_needs_two_points_or_thirty_percent_and_one_point(
    before: float, after: float, noticeable: bool
) -> None:
    assert is_noticeable_change(before, after, averaged=True) is noticeable
    verdict = report.change_verdict(before, after)
    assert (verdict != "no clear change") is noticeable


def test_the_rules_table_cites_its_sources() -> None:
    single, averaged = CHANGE_RULES["single"], CHANGE_RULES["averaged"]
    assert (single.points, single.fraction, single.floor) == (2.0, None, 2.0)
    assert (averaged.points, averaged.fraction, averaged.floor) == (2.0, 0.30, 1.0)
    assert "Farrar et al. 2001" in single.source and "Farrar et al. 2001" in averaged.source
    assert "Ostelo et al. 2008" in averaged.source
    assert [averaged.needed(pain) for pain in (1.0, 5.0, 8.0)] == [1.0, 1.5, 2.0]


def test_words_for_less_more_and_no_clear_change() -> None:
    assert report.change_figures(5.8, 3.1) == "5.8 → 3.1 (−2.7)"
    assert report.change_figures(4.0, 2.6, 0.894) == "4.0 → 2.6 (−1.4, spread 0.9)"
    assert report.change_verdict(5.8, 3.1) == "less pain"
    assert report.change_verdict(3.0, 5.0) == "more pain"
    assert report.change_verdict(4.0, 3.5) == "no clear change"


# --- how it is going: fortnights, labelled by their days ----------------------------------------


def fill_eight_weeks(store: Store) -> None:
    """1 Oct – 25 Nov: a fortnight each at pain 8, 6, 5 and, the last, 3."""
    start = TODAY - timedelta(days=55)
    for offset in range(56):
        add_checkin(store, start + timedelta(days=offset), (8, 6, 5, 3)[offset // 14])


def test_the_last_fortnight_against_the_one_before_and_the_first_on_record(store: Store) -> None:
    assert report.summary_lines(store) == []
    fill_eight_weeks(store)
    before, first = report.summary_lines(store)
    assert before == (
        "Average daily pain, 12–25 Nov 2026 vs the 2 weeks before: 5.0 → 3.0 (−2.0): less pain."
    )
    assert first == (
        "Average daily pain, 12–25 Nov 2026 vs your first 2 weeks (1–14 Oct 2026): "
        f"8.0 → 3.0 (−5.0): less pain. {report.FIRST_FORTNIGHT}"
    )
    assert "usually the worst of an episode" in report.FIRST_FORTNIGHT


def test_a_later_start_compares_with_its_own_first_fortnight_and_no_episode_caveat(
    store: Store,
) -> None:
    fill_eight_weeks(store)
    period = report.report_period(store, date(2026, 10, 15))
    assert period == report.Period(date(2026, 10, 15), TODAY, from_first_record=False)
    _, first = report.comparisons(store, period)
    assert first.sentence() == (
        "Average daily pain, 12–25 Nov 2026 vs the first 2 weeks here (15–28 Oct 2026): "
        "6.0 → 3.0 (−3.0): less pain."
    )


def test_a_first_fortnight_that_overlaps_is_not_compared_twice(store: Store) -> None:
    for offset in range(17):
        add_checkin(store, TODAY - timedelta(days=offset), 4)
    (only,) = report.comparisons(store, report.report_period(store, None))
    assert only.label == "12–25 Nov 2026 vs 9–11 Nov 2026"
    assert only.short() == "too few check-ins to compare (3 and 14 days; each needs at least 5)"


def test_too_few_days_is_said_in_words_that_agree() -> None:
    """'0 days and 1 day', never '0 and 1 days'."""
    empty = PainPeriod(date(2026, 1, 1), date(2026, 1, 14), 0, None)
    one = PainPeriod(date(2026, 1, 15), date(2026, 1, 28), 1, 7.0)
    assert report.Comparison("x", empty, one).sentence() == (
        "Average daily pain, x: too few check-ins to compare (0 days and 1 day; each needs at "
        "least 5)."
    )


# --- what helps: paired, with its days and spread ------------------------------------------------


def test_paired_lines_give_days_spread_and_a_verdict_or_no_claim() -> None:
    """Five run days, that morning → the next: (4, 2), (4, 3), (5, 3), (3, 3), (4, 2). Means
    4.0 → 2.6, change −1.4 (35% of 4.0, over 1 point: less pain); the changes −2, −1, −2, 0,
    −2 have a standard deviation of √(3.2 / 4) = 0.894."""
    five = PairedChange(5, 4.0, 2.6, 0.894)
    assert report.activity_line(ActivityEffect("run", five)) == (
        "after a run, 5 days: 4.0 → 2.6 (−1.4, spread 0.9): less pain"
    )
    four = PairedChange(4, 6.0, 4.0, 1.0)
    assert report.routine_line(RoutineEffect("core", four), "Core") == (
        "Core, too few sessions to say (4; needs 5)"
    )
    small = PairedChange(12, 3.2, 2.8, 1.1)
    assert report.activity_line(ActivityEffect("strength", small)) == (
        "after strength work, 12 days: 3.2 → 2.8 (−0.4, spread 1.1): no clear change"
    )


# --- the reports, parsed back ---------------------------------------------------------------------

#: Says things Markdown and HTML would otherwise read as their own.
NOTE = 'knee <b>sore</b> | *not* back & "fine"'


def fill_for_report(store: Store) -> None:
    """Three weeks to Wednesday 25 November, with every kind of record:

    - check-ins 5–25 Nov: pain 5 on Mondays, 2 on Tuesdays (after a run), 3 on the other days
      (after rest); a note on 24 Nov;
    - a PEG of (4, 3, 2), score 3.0, on 23 Nov;
    - an urgent warning sign (both legs) on 10 Nov;
    - core completed (10 min, 6 → 4) on 9 and 16 Nov, stopped after 4 min (5 → 5) on 18 Nov;
    - the Monday runs (the Tuesdays' check-ins report them): stage 4 finished (6 of 6) on 9
      Nov, stage 3 finished (8 of 8) on 16 Nov, stage 3 stopped after 3 of 8, pain 6 during
      it, on 23 Nov.
    """
    start = date(2026, 11, 5)
    for offset in range(21):
        day = start + timedelta(days=offset)
        if day.weekday() == 1:
            checkin = add_checkin(store, day, 2, activity="run", minutes=30)
        else:
            checkin = add_checkin(store, day, 5 if day.weekday() == 0 else 3)
        if day == date(2026, 11, 23):
            add_peg(store, checkin, day, (4, 3, 2))
        if day == date(2026, 11, 24):
            with store.write() as db:
                db.execute("UPDATE checkins SET note = ? WHERE id = ?", [NOTE, checkin])
        if day == date(2026, 11, 10):
            with store.write() as db:
                db.execute(
                    "INSERT INTO red_flags (checkin_id, day, at, saddle_numbness, bladder_bowel, "
                    "leg_weakness, fever, trauma, cancer_history, night_pain, result) "
                    "VALUES (?, ?, '2026-11-10T07:31:00.000Z', 0, 0, 1, 0, 0, 0, 0, 'urgent')",
                    [checkin, day.isoformat()],
                )
    add_session(store, date(2026, 11, 9), "core", before=6, after=4, reps=3)
    add_session(store, date(2026, 11, 16), "core", before=6, after=4)
    add_session(
        store, date(2026, 11, 18), "core", before=5, after=5, status="stopped", active_s=240
    )
    add_run(store, date(2026, 11, 9), "stage-4", 6)
    add_run(store, date(2026, 11, 16), "stage-3", 8, during=3, after=1)
    add_run(store, date(2026, 11, 23), "stage-3", 3, during=6, after=5, active_s=500)


def sections(markdown: str) -> dict[str, str]:
    """The report's sections by heading."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return {
        heading.split(" (")[0]: body.strip()
        for heading, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def markdown_rows(section: str) -> list[list[str]]:
    """A Markdown table's body rows, cells unescaped."""
    rows = []
    for line in section.splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        rows.append([re.sub(r"\\(.)", r"\1", cell.strip()) for cell in cells])
    return rows


def test_the_markdown_report_read_back(store: Store) -> None:
    fill_for_report(store)
    text = report.markdown_text(store, LIBRARY, since=None, today=TODAY)
    assert text.startswith("# Low back pain record\n\nExported 2026-11-25 by coach ")
    assert "This report covers 2026-11-05 to 2026-11-25; the records run from 2026-11-05 to " in (
        text
    )
    parts = sections(text)
    assert list(parts) == [
        "How it is going",
        "What seems to help",
        "Weeks",
        "PEG trend",
        "Warning signs",
        "See a GP or physiotherapist",
        "Routines",
        "Running",
        "Doses",
        "Notes",
    ]
    assert parts["Doses"].splitlines()[2:] == [  # no rating: the routines' own doses
        "Every exercise is at its routine's own dose.",
        "",
        "Steps down, and why:",
        "",
        "No step down in this period.",
    ]
    # 12–25 Nov: two Mondays (5), two Tuesdays (2), ten other days (3) → 44 / 14 = 3.14.
    # 5–11 Nov, the fortnight before it on record: 5, 2 and five 3s → 22 / 7 = 3.14.
    assert parts["How it is going"].splitlines()[0] == (
        "- Average daily pain, 12–25 Nov 2026 vs 5–11 Nov 2026: 3.1 → 3.1 (±0.0): no clear change."
    )
    helps = parts["What seems to help"]
    # core: 6 → 4 twice and 5 → 5 (stopped, but measured): 17/3 = 5.67 → 13/3 = 4.33, three.
    assert "- Core, too few sessions to say (3; needs 5)" in helps
    # Runs on the Mondays 9, 16 and 23 Nov: Monday 5 → Tuesday 2, three pairs, spread 0.
    assert "- after a run, too few days to say (3; needs 5)" in helps
    # Rest, the other 17 pairs: Sunday 3 → Monday 5 (+2) three times, Tuesday 2 → Wednesday 3
    # (+1) three times, 3 → 3 eleven times. Means 48/17 = 2.82 → 57/17 = 3.35, the changes'
    # mean 9/17 = 0.53 (under the 1-point floor) and SD √((15 − 17 × 0.53²) / 16) = 0.80.
    assert "- after rest, 17 days: 2.8 → 3.4 (+0.6, spread 0.8): no clear change" in helps
    assert report.HELPS_CAVEAT in helps
    weeks = markdown_rows(parts["Weeks"])
    assert [row[0] for row in weeks] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    # W46 (9–15 Nov): 5, 2, 3, 3, 3, 3, 3 → 22 / 7 = 3.1; core completed, 10 min; run 30 min
    # (reported on Tuesday 10th, about Monday 9th).
    assert weeks[1][:11] == ["2026-W46", "7", "3.1", "5", "—", "1", "0", "10", "30", "0", "0"]
    # W47: core completed on the 16th and stopped on the 18th: 10 + 4 = 14 minutes.
    assert weeks[2][5:8] == ["1", "1", "14"]
    assert weeks[3][4] == "3.0"  # the PEG's week
    assert markdown_rows(parts["PEG trend"]) == [["2026-11-23", "3.0", "4", "3", "2"]]
    assert parts["Warning signs"] == (
        "- 2026-11-10 07:31: weakness or numbness in both legs, or a leg getting weaker "
        "(get emergency care now)"
    )
    assert markdown_rows(parts["Routines"]) == [
        ["Core", "2", "1", "24", "2026-11-09", "2026-11-18"]
    ]
    assert parts["Running"].splitlines() == [
        "- Stage reached: stage 4 of 8, Walk 2 min / run 2 min (the highest stage run in this "
        "period).",
        "- Runs: 3, 2 finished and 1 stopped part-way.",
        "- Pain above 5/10 during a run (the next is a stage back): 2026-11-23 (stopped).",
    ]
    assert markdown_rows(parts["Notes"]) == [["2026-11-24", NOTE]]
    assert "<b>" not in parts["Notes"]  # escaped: a reader shows it, never renders it


def test_since_limits_every_figure_of_the_report_and_says_its_days(store: Store) -> None:
    fill_for_report(store)
    since = date(2026, 11, 17)
    text = report.markdown_text(store, LIBRARY, since=since, today=TODAY)
    assert (
        "This report covers 2026-11-17 to 2026-11-25, from 2026-11-17 as asked; the records "
        in (text)
    )
    parts = sections(text)
    weeks = markdown_rows(parts["Weeks"])
    assert [row[0] for row in weeks] == ["2026-W47", "2026-W48"]
    # W47 from the 17th: Tuesday 2 and five 3s (17 / 6 = 2.8); the core of the 16th left out,
    # the one stopped on the 18th kept; the run of Monday 16th (reported on the 17th) too early.
    assert weeks[0] == ["2026-W47", "6", "2.8", "3", "—", "0", "1", "4", "0", "0", "0"]
    assert "The first week counts from 2026-11-17." in parts["Weeks"]
    assert "What seems to help (17–25 Nov 2026)" in text
    # The one session from the 17th on: core stopped on the 18th.
    assert markdown_rows(parts["Routines"]) == [["Core", "0", "1", "4", "2026-11-18", "2026-11-18"]]
    assert "- Core, too few sessions to say (1; needs 5)" in parts["What seems to help"]
    # Runs: only Monday 23 → Tuesday 24 has both mornings inside.
    assert "- after a run, too few days to say (1; needs 5)" in parts["What seems to help"]
    # The run of the 23rd alone (stage 3, stopped for pain: stage 4 was earlier); the weeks
    # count runs only through the next morning's check-in, so nothing there changes.
    assert parts["Running"].splitlines() == [
        "- Stage reached: stage 3 of 8, Walk 2 min / run 1 min (the highest stage run in this "
        "period).",
        "- Runs: 1, 0 finished and 1 stopped part-way.",
        "- Pain above 5/10 during a run (the next is a stage back): 2026-11-23 (stopped).",
    ]
    assert parts["Warning signs"].startswith("None")
    assert markdown_rows(parts["PEG trend"]) == [["2026-11-23", "3.0", "4", "3", "2"]]
    # Nine days from the 17th: no days before its last fortnight to compare it with.
    assert parts["How it is going"].splitlines()[0] == f"- {report.TOO_SHORT}"
    empty = report.markdown_text(store, LIBRARY, since=date(2027, 1, 1), today=TODAY)
    assert "Nothing was recorded from 2027-01-01 on" in empty and "## " not in empty


def test_notes_can_be_left_out(store: Store) -> None:
    fill_for_report(store)
    text = report.markdown_text(store, LIBRARY, since=None, today=TODAY, with_notes=False)
    assert sections(text)["Notes"] == report.NOTES_LEFT_OUT
    assert "knee" not in text


class Page(HTMLParser):
    """The parts of the HTML report a test reads: sections' tables and list items, and every
    tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.section = ""
        self.tables: dict[str, list[list[str]]] = {}
        self.items: dict[str, list[str]] = {}
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._item: list[str] | None = None
        self.polylines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self.section = attributes["id"] or ""
        elif tag == "tr":
            self._row = []
        elif tag == "td":
            self._cell = []
        elif tag == "li":
            self._item = []
        elif tag == "polyline":
            self.polylines.append(attributes["class"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row:
            self.tables.setdefault(self.section, []).append(self._row)
            self._row = None
        elif tag == "li" and self._item is not None:
            self.items.setdefault(self.section, []).append("".join(self._item))
            self._item = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._item):
            if part is not None:
                part.append(data)


def test_the_html_report_says_what_the_markdown_says_and_fetches_nothing(
    store: Store, tmp_path: Path
) -> None:
    fill_for_report(store)
    now = datetime(2026, 11, 25, 8, 0).astimezone()
    (target,) = export.export(
        store, LIBRARY, "html", tmp_path / "r.html", since=None, now=now, force=False
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    html = target.read_text()
    page = Page()
    page.feed(html)
    markdown = sections(report.markdown_text(store, LIBRARY, since=None, today=TODAY))
    for section, heading in (("weeks", "Weeks"), ("peg", "PEG trend"), ("routines", "Routines")):
        assert page.tables[section] == markdown_rows(markdown[heading]), section
    assert page.tables["notes"] == [["2026-11-24", NOTE]]
    assert page.items["running"] == [line[2:] for line in markdown["Running"].splitlines()]
    assert page.items["warning-signs"] == [markdown["Warning signs"][2:]]
    assert page.items["summary"][0] == markdown["How it is going"].splitlines()[0][2:]
    assert "after a run, too few days to say (3; needs 5)" in page.items["helps"]
    assert report.HELPS_CAVEAT in unescape(html)  # a pattern, not proof: in every report
    # The chart: average pain and PEG; four weeks of check-ins, one week of PEG (a dot).
    assert page.polylines == ["avg"]
    assert html.count('class="worst"') == 4 + 1  # a dot a week, and one in the legend
    # Self-contained: nothing to fetch, no script, the note only text.
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base", "form"}
    for tag, attributes in page.tags:
        assert not {"src", "href", "srcset", "action"} & attributes.keys(), tag
    assert not re.search(r"https?:|//|url\(|@import", html.replace("<!DOCTYPE html>", ""))
    csp = next(a for t, a in page.tags if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in (csp["content"] or "")
    assert "&lt;b&gt;sore&lt;/b&gt;" in html and "<b>sore" not in html


def test_the_reports_name_the_sources_of_the_routines_done(
    store: Store, config_dir: Path, tmp_path: Path
) -> None:
    fill_for_report(store)
    add_session(store, date(2026, 11, 20), "legs")  # the user's own, naming no source
    add_session(store, date(2026, 11, 21), "deleted")  # its file since removed
    (config_dir / "routines").mkdir()
    (config_dir / "routines" / "legs.toml").write_text(
        'name = "Legs"\nsummary = "Mine."\n[[steps]]\nexercise = "chair-squat"\n'
    )
    library = load_library(config_dir)
    core = library.routines["core"].source
    assert core and core.startswith("McGill SM, Back Mechanic (Backfitpro, 2015)")
    expected = [
        f"Core: {core}",
        "Legs: no source given in its file",
        "deleted: no longer in the library",
    ]
    routines = sections(report.markdown_text(store, library, since=None, today=TODAY))["Routines"]
    listed = routines.split(f"{report.SOURCES_HEADING}:\n\n")[1].splitlines()
    assert sorted(re.sub(r"\\(.)", r"\1", line[2:]) for line in listed) == sorted(expected)
    now = datetime(2026, 11, 25, 8, 0).astimezone()
    (target,) = export.export(
        store, library, "html", tmp_path / "r.html", since=None, now=now, force=False
    )
    page = Page()
    page.feed(target.read_text())
    assert sorted(page.items["routines"]) == sorted(expected)


def test_json_is_every_row_written_as_it_is_read(store: Store, tmp_path: Path) -> None:
    fill_for_report(store)
    now = datetime(2026, 11, 25, 8, 0).astimezone()
    (target,) = export.export(
        store, LIBRARY, "json", tmp_path / "a.json", since=None, now=now, force=False
    )
    document = json.loads(target.read_text())
    assert document["since"] is None and document["schema"] == store.migration_names()
    tables = document["tables"]
    assert (len(tables["checkins"]), len(tables["sessions"]), len(tables["reps"])) == (21, 3, 3)
    assert tables["peg"][0]["score"] == 3.0
    assert [row["note"] for row in tables["checkins"] if row["note"]] == [NOTE]
    out = io.StringIO()
    export.write_json(store, out, since=date(2026, 11, 24), exported_at=now)
    since = json.loads(out.getvalue())["tables"]
    assert (len(since["checkins"]), since["sessions"], since["reps"]) == (2, [], [])


def test_csv_export_reads_back_and_refuses_to_overwrite(store: Store, tmp_path: Path) -> None:
    fill_for_report(store)
    folder = tmp_path / "out"
    written = export.export_csv(store, folder, since=None, force=False)
    assert sorted(p.name for p in written) == [
        "about_you.csv",
        "checkins.csv",
        "follow_ups.csv",
        "hand_doses.csv",
        "notice_dismissals.csv",
        "peg.csv",
        "ratings.csv",
        "red_flags.csv",
        "reps.csv",
        "run_intervals.csv",
        "runs.csv",
        "sessions.csv",
        "weeks.csv",
    ]
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in written)
    with (folder / "weeks.csv").open(newline="") as handle:
        weeks = list(csv.DictReader(handle))
    assert weeks[2]["Week"] == "2026-W47" and weeks[2]["Routine min"] == "14"
    assert weeks[2]["Routines stopped part-way"] == "1"
    with pytest.raises(export.ExportError, match="already exists; use --force"):
        export.export_csv(store, folder, since=None, force=False)
    export.export_csv(store, folder, since=date(2026, 11, 17), force=True)
    with (folder / "sessions.csv").open(newline="") as handle:
        assert [row["day"] for row in csv.DictReader(handle)] == ["2026-11-18"]
    with (folder / "weeks.csv").open(newline="") as handle:
        assert [row["Week"] for row in csv.DictReader(handle)] == ["2026-W47", "2026-W48"]


def test_an_empty_record_says_so() -> None:
    text = report.markdown_text(Store.in_memory(), LIBRARY, since=None, today=TODAY)
    assert text.endswith("No records yet.\n")


def test_the_clinician_report_says_what_the_app_said(store: Store, tmp_path: Path) -> None:
    """About you, a warning sign with the app's tier and label, its follow-up, and the "see a
    GP" notice: the same lines in the Markdown and the HTML report."""
    clock = FakeClock(datetime(2026, 11, 23, 7, 30).astimezone())
    background = parse_background("cancer_history")
    save_checkin(
        store,
        clock,
        checkin_entry(pain=4),
        background=background,
        red_flags=parse_red_flags("both_legs", frozenset({"cancer_history"})),
    )
    (screen,) = red_flags_raised(store)
    clock.advance(24 * 3600)
    record_follow_up(store, clock, screen.id, "gone")
    clock.advance(24 * 3600)
    save_checkin(store, clock, checkin_entry(pain=10))
    library = load_library(None)
    markdown = report.markdown_text(store, library, since=None, today=TODAY)
    parts = sections(markdown)
    assert "\nBackground (asked once): a history of cancer.\n" in markdown
    assert parts["Warning signs"].splitlines() == [
        "- 2026-11-23 07:30: numbness or weakness in both legs (get emergency care now)",
        "- 2026-11-24 07:30: follow-up of 2026-11-23: it has gone",
    ]
    (notice,) = parts["See a GP or physiotherapist"].splitlines()
    assert notice.startswith("- Pain 10/10") and "25 Nov" in notice
    now = datetime(2026, 11, 25, 8, 0).astimezone()
    (target,) = export.export(
        store, library, "html", tmp_path / "r.html", since=None, now=now, force=False
    )
    html = target.read_text()
    page = Page()
    page.feed(html)
    assert "<p>Background (asked once): a history of cancer.</p>" in html
    assert page.items["warning-signs"] == [line[2:] for line in parts["Warning signs"].splitlines()]
    assert page.items["see-a-clinician"] == [notice[2:]]


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
# A real browser's start can miss its wait on a machine busy with other suites: one more try.
@pytest.mark.flaky(reruns=2)
async def test_a_real_browser_offline_opens_the_html_report_and_prints_it_to_pdf(
    store: Store, tmp_path: Path
) -> None:
    """Headless Chromium with its network switched off opens the exported file: the page and
    its chart are drawn, nothing was fetched, and it prints to a PDF of several pages."""
    fill_for_report(store)
    now = datetime(2026, 11, 25, 8, 0).astimezone()
    (target,) = export.export(
        store, LIBRARY, "html", tmp_path / "r.html", since=None, now=now, force=False
    )
    async with Chromium(size=(1000, 800)) as browser:
        await browser.send("Network.enable")
        await browser.send(
            "Network.emulateNetworkConditions",
            offline=True,
            latency=0,
            downloadThroughput=-1,
            uploadThroughput=-1,
        )
        await browser.open(target.as_uri())
        await browser.wait_for("document.readyState === 'complete'")
        assert "Low back pain record" in await browser.evaluate("document.body.innerText")
        assert await browser.evaluate("document.querySelector('svg').getBBox().width") > 100
        assert await browser.evaluate("performance.getEntriesByType('resource').length") == 0
        printed = await browser.send("Page.printToPDF", printBackground=True)
    pdf = base64.b64decode(printed["data"])
    (tmp_path / "r.pdf").write_bytes(pdf)  # kept in the test's folder to look at
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 2
