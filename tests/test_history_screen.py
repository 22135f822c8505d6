"""The history screen driven by keys and clicks, on a real database and a frozen clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from coach import report
from coach.app import CoachApp
from coach.clock import FakeClock
from coach.demo import generate
from coach.screens.day import DayScreen
from coach.screens.export import ExportDialog
from coach.screens.history import HistoryScreen
from coach.screens.home import HomeScreen
from coach.store import Store
from coach.widgets.pain_scale import ChoiceRow
from coach.widgets.week_calendar import WeekCalendar
from tests.helpers import add_checkin, add_session

TODAY = date(2026, 11, 25)  # the conftest clock's Wednesday


def text(screen: Screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def history_opened(app: CoachApp, pilot: Pilot[None]) -> HistoryScreen:
    """`h` pressed on home, and the history screen it opens."""
    await pilot.press("h")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def test_h_opens_history_and_escape_returns(app_factory: Callable[[], CoachApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "No check-ins yet." in text(app.screen, "#summary")
        assert "Press c on the home screen each morning" in text(app.screen, "#summary")
        assert text(app.screen, "#range-line").startswith("Weeks 2026-W37 – 2026-W48")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_before_any_record_the_chart_and_what_helps_name_the_activities_they_will_show(
    app_factory: Callable[[], CoachApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "3")
        await pilot.pause()
        assert "with your run, walk and strength minutes" in text(app.screen, "#chart-empty")
        await pilot.press("4")
        await pilot.pause()
        assert "to the next after a run, a walk, strength work, other activity or rest." in (
            " ".join(text(app.screen, "#helps-text").split())
        )


async def test_paging_by_four_weeks_stops_at_the_first_record(
    app_factory: Callable[[], CoachApp], store: Store, clock: FakeClock
) -> None:
    generate(store, days=200, end=TODAY)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await history_opened(app, pilot)
        latest = screen.first_monday
        assert latest == date(2026, 9, 7)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.first_monday == latest - timedelta(weeks=4)
        assert text(screen, "#range-line").startswith("Weeks 2026-W33 – 2026-W44")
        assert screen.query_one(WeekCalendar).cursor == TODAY - timedelta(weeks=4)
        for _ in range(10):
            await pilot.press("left_square_bracket")
        await pilot.pause()
        first_record = TODAY - timedelta(days=199)
        assert screen.first_monday == first_record - timedelta(days=first_record.weekday())
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.first_monday > first_record - timedelta(days=7)
        await pilot.press("t")
        await pilot.pause()
        assert screen.first_monday == latest
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.first_monday == latest  # never past this week


async def test_arrows_move_the_day_and_page_at_the_edge(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    add_checkin(store, TODAY - timedelta(days=7), 6, note="sore after the drive")
    add_checkin(store, TODAY - timedelta(weeks=20), 3)  # the first record: paging may reach it
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await history_opened(app, pilot)
        calendar = screen.query_one(WeekCalendar)
        assert calendar.has_focus and calendar.cursor == TODAY
        await pilot.press("right")  # tomorrow is not on the calendar yet
        assert calendar.cursor == TODAY
        await pilot.press("up")
        await pilot.pause()
        assert calendar.cursor == TODAY - timedelta(days=7)
        assert "Pain 6/10" in text(screen, "#day-info")
        for _ in range(11):
            await pilot.press("up")
        await pilot.pause()
        # Twelve weeks up leaves the range at the top: the screen moved 4 weeks back.
        assert calendar.cursor == TODAY - timedelta(weeks=12)
        assert screen.first_monday == date(2026, 9, 7) - timedelta(weeks=4)
        await pilot.press("down")
        assert calendar.cursor == TODAY - timedelta(weeks=11)


async def test_enter_opens_the_day_with_replaced_checkins(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    yesterday = TODAY - timedelta(days=1)
    add_checkin(store, yesterday, 7, superseded=True)
    add_checkin(store, yesterday, 5, hour=8, activity="run", minutes=30, note="[b]tight[/b]")
    add_session(store, yesterday, "pelvic-tilts", before=5, after=3, reps=4)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "left")
        await pilot.pause()
        assert "● Pelvic tilts" in text(app.screen, "#day-info")  # by name, not file name
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        body = text(app.screen, "#day-text")
        assert "(replaced by a later check-in)" in body
        assert "pain 5/10" in body and "yesterday: a run, 30 min" in body
        assert "“[b]tight[/b]”" in body  # the user's words, not markup
        assert "Pelvic tilts" in body and "pain 5 → 3" in body
        assert "Bird dog: 4 reps, held 9.2 s of 10 s" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_clicking_a_day_opens_it(app_factory: Callable[[], CoachApp], store: Store) -> None:
    monday = date(2026, 11, 23)
    add_checkin(store, monday, 2)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        calendar = app.screen.query_one(WeekCalendar)
        # Row 12 is the week of 23 November; Monday is the first cell after the label.
        assert calendar.day_at(13, 12) == monday
        await pilot.click(WeekCalendar, offset=(13, 12))
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        assert "pain 2/10" in text(app.screen, "#day-text")


async def test_the_other_views(app_factory: Callable[[], CoachApp], store: Store) -> None:
    generate(store, days=120, end=TODAY)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "2")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#week-table", DataTable)
        assert table.row_count == 12 and table.has_focus
        assert table.get_row_at(11)[0] == "2026-W48"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert table.get_row_at(11)[0] == "2026-W44"
        await pilot.press("3")
        await pilot.pause()
        assert screen.query("PainChart")
        await pilot.press("4")
        await pilot.pause()
        helps = text(screen, "#helps-text")
        assert helps.startswith("What helps, 10 Aug – 1 Nov 2026 (the weeks shown")
        assert "During a routine: pain asked as it starts" in helps and "after a run, " in helps
        await pilot.click("#view-bar", offset=(3, 0))
        await pilot.pause()
        assert screen.query_one(WeekCalendar).has_focus


async def test_a_page_turn_redraws_the_same_widgets_with_the_day_in_one_update(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """`[` fills the widgets already on screen (none is mounted again) and describes the
    cursor's new day together with the new weeks, not a message later; the side panel is laid
    out again only when the day's description changes height, and then it is."""
    four_weeks_ago = TODAY - timedelta(weeks=4)
    add_checkin(store, TODAY, 2)
    add_checkin(store, four_weeks_ago, 5)
    add_session(store, four_weeks_ago, "pelvic-tilts")  # one line more: the routine done
    add_checkin(store, TODAY - timedelta(weeks=20), 3)  # the first record: paging may reach it
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await history_opened(app, pilot)
        calendar, day_info, summary = (
            screen.query_one(WeekCalendar),
            screen.query_one("#day-info", Static),
            screen.query_one("#summary", Static),
        )
        top, lines = summary.region.y, day_info.region.height
        screen.action_page(-1)
        assert text(screen, "#day-info").startswith(f"{four_weeks_ago:%A %-d %B %Y}\nPain 5/10")
        await pilot.pause()
        assert screen.query_one(WeekCalendar) is calendar and calendar.cursor == four_weeks_ago
        assert screen.query_one("#day-info", Static) is day_info
        assert screen.query_one("#summary", Static) is summary
        assert (day_info.region.height, summary.region.y) == (lines + 1, top + 1)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert text(screen, "#day-info").startswith(f"{TODAY:%A %-d %B %Y}\nPain 2/10")
        assert (day_info.region.height, summary.region.y) == (lines, top)


async def test_a_view_out_of_sight_is_redrawn_for_the_weeks_shown_when_it_is_shown(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """A page turned on the overview leaves the week table and What helps as they were until
    they are shown again, then they show the weeks the overview shows."""
    generate(store, days=120, end=TODAY)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "2", "4", "1", "left_square_bracket")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#week-table", DataTable)
        assert text(screen, "#range-line").startswith("Weeks 2026-W33 – 2026-W44")
        assert table.get_row_at(11)[0] == "2026-W48"  # out of sight: not redrawn
        assert text(screen, "#helps-text").startswith("What helps, 7 Sep – 25 Nov 2026")
        await pilot.press("2")
        await pilot.pause()
        assert table.get_row_at(11)[0] == "2026-W44"
        await pilot.press("4")
        await pilot.pause()
        assert text(screen, "#helps-text").startswith("What helps, 10 Aug – 1 Nov 2026")


async def test_without_colour_the_calendar_marks_each_pain_band_by_its_shade(
    app_factory: Callable[[], CoachApp], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under NO_COLOR the bands' backgrounds are one grey: a shade before each pain tells them
    apart (light 0–3, medium 4–6, dark 7–10), and the legend says which is which."""
    monday = TODAY - timedelta(days=2)
    for offset, pain in enumerate((2, 5, 8)):
        add_checkin(store, monday + timedelta(days=offset), pain)
    for no_color in (False, True):
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        app = app_factory()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("h")
            await pilot.pause()
            calendar = app.screen.query_one(WeekCalendar)
            this_week = calendar.render_line(12).text
            legend = text(app.screen, "#legend")
            if no_color:
                assert this_week[12:].startswith("░ 2  ▒ 5  ▓ 8")
                assert calendar.render_line(0).text[12:].startswith(" Mo   Tu   We")
                assert "░ 0–3" in legend and "▒ 4–6" in legend and "▓ 7–10" in legend
                assert calendar.day_at(12 + 5 + 1, 12) == monday + timedelta(days=1)
            else:
                assert this_week[12:].startswith(" 2   5   8")
                assert not {"░", "▒", "▓"} & set(this_week + legend)


async def test_every_figure_says_its_days_and_the_page_keys_move_them(
    app_factory: Callable[[], CoachApp], store: Store
) -> None:
    """The summary and What helps are for the weeks shown, say which, and follow `[`/`]`.
    Runs on Mondays (reported on Tuesdays): pain 5 that Monday morning, 2 the next; pain 3
    every other day, for 16 weeks."""
    start = TODAY - timedelta(weeks=16)
    for offset in range(16 * 7 + 1):
        day = start + timedelta(days=offset)
        if day.weekday() == 1:
            add_checkin(store, day, 2, activity="run", minutes=30)
        else:
            add_checkin(store, day, 5 if day.weekday() == 0 else 3)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        summary = " ".join(text(screen, "#summary").split())
        assert summary.startswith("How it is going to 25 Nov 2026 12–25 Nov 2026 vs the 2 ")
        assert "vs your first 2 weeks (5–18 Aug 2026):" in summary
        assert "usually the worst of an episode" in summary
        await pilot.press("4")
        await pilot.pause()
        helps = text(screen, "#helps-text")
        assert helps.startswith("What helps, 7 Sep – 25 Nov 2026 (the weeks shown; [ and ]")
        # Twelve Monday → Tuesday pairs in the weeks shown, each 5 → 2 (−3.0, no spread).
        assert "after a run, 12 days: 5.0 → 2.0 (−3.0, spread 0.0): less pain" in helps
        assert " ".join(report.HELPS_CAVEAT.split()) in " ".join(helps.split())  # on screen
        await pilot.press("left_square_bracket")
        await pilot.pause()
        helps = text(screen, "#helps-text")
        assert helps.startswith("What helps, 10 Aug – 1 Nov 2026 (the weeks shown")
        assert "after a run, 12 days: 5.0 → 2.0" in helps  # Mondays 10 Aug to 26 Oct
        assert " ".join(text(screen, "#summary").split()).startswith(
            "How it is going to 1 Nov 2026 19 Oct – 1 Nov 2026 vs the 2 weeks before:"
        )


async def test_escape_or_ctrl_s_while_the_export_is_written_leaves_the_history_open(
    app_factory: Callable[[], CoachApp], store: Store, db_file: Path
) -> None:
    """While the file is written (off the event loop), Escape and ctrl+s wait for it: the
    dialog then closes once, onto the history, saying where it wrote. (A cancelled dialog
    closed again by the finished write took the history down with it, and said nothing of
    the file it had written.)"""
    add_checkin(store, TODAY, 3)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.action_export()  # the write starts on its thread; its end comes back later
        dialog.action_cancel()
        dialog.action_export()
        assert app.screen is dialog
        for _ in range(200):  # the write's end closes the dialog
            await pilot.pause(0.05)
            if app.screen is not dialog:
                break
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        path = db_file.parent / "coach-export-2026-11-25.html"
        assert [note.message for note in app._notifications] == [f"Wrote {path}"]
    assert sorted(file.name for file in db_file.parent.glob("coach-export-*")) == [path.name]


async def test_e_asks_period_format_notes_and_folder_and_says_where_it_wrote(
    app_factory: Callable[[], CoachApp], store: Store, db_file: Path
) -> None:
    """The folder starts beside the database in use (here a --db file in a temp folder); the
    4 weeks end today; the Markdown report leaves the notes out when asked; a second export
    takes the next name; a folder that is a file is refused in the dialog, which stays."""
    for offset in range(60):
        add_checkin(store, TODAY - timedelta(days=offset), 3, note=f"day {offset}")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#folder", Input).value == str(db_file.parent)
        assert "coach-export-2026-11-25.html" in text(dialog, "#file-name")
        dialog.query_one("#period", ChoiceRow).select(0)  # 4 weeks
        dialog.query_one("#format", ChoiceRow).select(1)  # Markdown
        await pilot.click("#notes")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        path = db_file.parent / "coach-export-2026-11-25.md"
        assert app._notifications and list(app._notifications)[-1].message == f"Wrote {path}"
        report = path.read_text()
        assert "This report covers 2026-10-29 to 2026-11-25, from 2026-10-29 as asked" in report
        assert "day 1" not in report and "chose not to include their notes" in report
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#format", ChoiceRow).select(1)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        again = db_file.parent / "coach-export-2026-11-25-2.md"
        assert "| 2026-11-24 | day 1 |" in again.read_text()  # all, notes in: the defaults
        assert path.read_text() == report
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#folder", Input).value = str(path)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog
        assert text(dialog, "#error") == f"{path} is a file, not a folder."
