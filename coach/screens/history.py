"""History: twelve weeks at a glance, the week table, the pain chart, and what seems to help.

Every figure comes from SQL aggregates over the shown weeks (coach.store.history), so paging
through ten years costs the same as paging through one month. The week table, the chart and
"What helps" are built the first time their tab opens (most visits only need the calendar),
and redrawn for other weeks only when they are in sight: a page turn redraws what is shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Header, Static

from coach import report
from coach.rules import MIN_DAYS_FOR_CLAIM
from coach.screens.keymap import shown_keys
from coach.screens.user_text import markup
from coach.store.history import (
    CalendarDay,
    WeekRow,
    calendar_days,
    iso_week,
    monday_of,
    record_span,
    weeks,
    what_helps,
)
from coach.vocabulary import ACTIVITY, in_words
from coach.widgets.footer import Footer
from coach.widgets.week_calendar import BAND_MARKS, RED_FLAG_MARK, ROUTINE_MARK, WeekCalendar

if TYPE_CHECKING:
    from coach.app import CoachApp

WEEKS_SHOWN = 12
PAGE_WEEKS = 4
VIEWS = (("overview", "Overview"), ("weeks", "Weeks"), ("chart", "Chart"), ("helps", "What helps"))

EMPTY = (
    "[b]No check-ins yet.[/b] Press [b]c[/b] on the home screen each morning; your weeks will "
    "appear here.\n\n[dim]You will see each day coloured by its pain, ● on the days you "
    "completed a routine, your average pain per week, and — after a few weeks — what seems to "
    "help.[/dim]"
)
LEGEND = (
    "Pain [on $success-muted]{low} 0–3 [/][on $warning-muted]{moderate} 4–6 [/]"
    "[on $error-muted]{high} 7–10 [/]  [dim]·[/] no check-in\n"
    f"{ROUTINE_MARK} routine completed  [$error]{RED_FLAG_MARK}[/] warning sign"
)


def update_in_place(static: Static, content: str | Content) -> None:
    """`Static.update`, laying the screen out again only when the new content is not as many
    lines high as the old at the widget's width: Textual reflows the whole screen for any
    layout, and lays it out once more in the next frame for each widget whose size changed,
    where new text of the same height needs only a repaint."""
    width = static.size.width - static.styles.gutter.width
    if width <= 0:  # not laid out yet
        static.update(content)
        return
    before = static.get_content_height(static.container_size, static.app.size, width)
    static.update(content, layout=False)
    if static.get_content_height(static.container_size, static.app.size, width) != before:
        static.refresh(layout=True)


def legend(marks_bands: bool) -> str:
    """The calendar's key: its colours, and their shades when there is no colour."""
    return LEGEND.format_map(
        {band: f" {mark}" if marks_bands else "" for band, mark in BAND_MARKS.items()}
    )


class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="history.back"),
        Binding("left_square_bracket", "page(-1)", "Earlier", id="history.earlier"),
        Binding("right_square_bracket", "page(1)", "Later", id="history.later"),
        Binding("left", "page(-1)", "4 weeks earlier", show=False, id="history.earlier_arrow"),
        Binding("right", "page(1)", "4 weeks later", show=False, id="history.later_arrow"),
        Binding("t", "this_week", "Now", id="history.this_week"),
        Binding("e", "app.export", "Export", id="history.export"),
        Binding("p", "app.progress", "Progress", id="history.progress"),
        Binding("1", "view('overview')", "Overview", show=False, id="history.overview"),
        Binding("2", "view('weeks')", "Weeks", show=False, id="history.weeks"),
        Binding("3", "view('chart')", "Chart", show=False, id="history.chart"),
        Binding("4", "view('helps')", "What helps", show=False, id="history.helps"),
    ]

    app: CoachApp

    def __init__(self) -> None:
        super().__init__()
        self.today = date.min
        self.first_monday = date.min
        self.earliest_monday = date.min
        self.latest_monday = date.min
        self.has_records = False
        self.record_span: tuple[date, date] | None = None
        self.shown_days: dict[date, CalendarDay] = {}
        self._shown_weeks: list[WeekRow] | None = None
        #: The views besides the overview built so far, and those of them still drawn for
        #: other weeks than the ones shown: each is redrawn when it is next shown.
        self.built_views: set[str] = set()
        self.stale_views: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="range-line")
        yield Static(id="view-bar")
        with ContentSwitcher(initial="overview", id="views"):
            with Horizontal(id="overview"):
                with Vertical(id="calendar-box"):
                    yield WeekCalendar(weeks=WEEKS_SHOWN, id="calendar")
                    yield Static(legend(self.app.no_color), id="legend")
                with VerticalScroll(id="side"):
                    yield Static(id="day-info")
                    yield Static(id="summary")
            yield Vertical(id="weeks")
            yield Vertical(id="chart")
            with VerticalScroll(id="helps"):
                yield Static(id="helps-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.today = self.app.clock.today()
        span = self.record_span = record_span(self.app.store)
        self.has_records = span is not None
        self.latest_monday = monday_of(self.today) - timedelta(weeks=WEEKS_SHOWN - 1)
        first_record = monday_of(span[0]) if span else self.latest_monday
        self.earliest_monday = min(first_record, self.latest_monday)
        self._draw_view_bar()
        self.show_weeks(self.latest_monday, cursor=self.today)
        self.query_one(WeekCalendar).focus()

    @property
    def shown_weeks(self) -> list[WeekRow]:
        """The rows of the weeks shown, queried when a view first needs them."""
        if self._shown_weeks is None:
            last_monday = self.first_monday + timedelta(weeks=WEEKS_SHOWN - 1)
            self._shown_weeks = weeks(self.app.store, self.first_monday, last_monday)
        return self._shown_weeks

    def show_weeks(self, first_monday: date, *, cursor: date) -> None:
        """Show the 12 weeks from `first_monday`: the overview and the view in sight at once,
        in one frame; the other views built so far when they are next shown."""
        self.first_monday = first_monday
        last_monday = first_monday + timedelta(weeks=WEEKS_SHOWN - 1)
        self.shown_days = calendar_days(
            self.app.store, first_monday, last_monday + timedelta(days=6)
        )
        self._shown_weeks = None
        update_in_place(
            self.query_one("#range-line", Static),
            f"[b]Weeks {iso_week(first_monday)} – {iso_week(last_monday)}[/b]  "
            f"[dim]{first_monday:%-d %b %Y} – {last_monday + timedelta(days=6):%-d %b %Y}[/dim]",
        )
        day = self.query_one(WeekCalendar).show(
            first_monday, self.shown_days, today=self.today, cursor=cursor
        )
        update_in_place(self.query_one("#day-info", Static), self._day_info(day))
        update_in_place(self.query_one("#summary", Static), self._summary())
        self.stale_views = set(self.built_views)
        self._redraw(self.query_one("#views", ContentSwitcher).current or "")

    def action_page(self, direction: int) -> None:
        target = self._clamp(self.first_monday + timedelta(weeks=PAGE_WEEKS * direction))
        if target == self.first_monday:
            edge = "the first week on record" if direction < 0 else "this week"
            self.notify(f"Already showing {edge}.", timeout=2)
            return
        cursor = self.query_one(WeekCalendar).cursor + (target - self.first_monday)
        self.show_weeks(target, cursor=cursor)

    def action_this_week(self) -> None:
        self.show_weeks(self.latest_monday, cursor=self.today)

    @on(WeekCalendar.LeftRange)
    def _follow_cursor(self, event: WeekCalendar.LeftRange) -> None:
        direction = 1 if event.day > self.first_monday else -1
        target = self._clamp(self.first_monday + timedelta(weeks=PAGE_WEEKS * direction))
        if target != self.first_monday:
            self.show_weeks(target, cursor=event.day)

    @on(WeekCalendar.CursorMoved)
    def _describe_day(self, event: WeekCalendar.CursorMoved) -> None:
        update_in_place(self.query_one("#day-info", Static), self._day_info(event.day))

    @on(WeekCalendar.DayChosen)
    def _open_day(self, event: WeekCalendar.DayChosen) -> None:
        from coach.screens.day import DayScreen

        self.app.push_screen(DayScreen(event.day))

    def action_view(self, view: str) -> None:
        """Show one of the four views: built the first time it is shown, redrawn when the weeks
        changed while it was out of sight."""
        self.query_one("#views", ContentSwitcher).current = view
        self._draw_view_bar()
        if view == "overview":
            self.query_one(WeekCalendar).focus()
            return
        first_time = view not in self.built_views
        if first_time:
            self.built_views.add(view)
            self.stale_views.add(view)
        if view == "chart" and first_time:
            self._mount_chart()
            # Its plots are composed after it is mounted: it is drawn once they are.
            self.call_after_refresh(self._redraw, view)
            return
        if view == "weeks" and first_time:
            self._mount_week_table()
        self._redraw(view)
        if view == "weeks":
            self.query_one("#week-table").focus()
        elif view == "helps" and first_time:
            self.query_one("#helps").focus()

    def _redraw(self, view: str) -> None:
        """Draw `view` for the weeks shown, if it is still drawn for others."""
        if view not in self.stale_views:
            return
        self.stale_views.discard(view)
        if view == "weeks":
            self._fill_week_table()
        elif view == "chart" and self.has_records:
            self._draw_chart()
        elif view == "helps":
            self.query_one("#helps-text", Static).update(self._helps())

    def _draw_view_bar(self) -> None:
        current = self.query_one("#views", ContentSwitcher).current
        items = []
        for key, (view, title) in enumerate(VIEWS, start=1):
            style = "reverse b" if view == current else "$text-muted"
            items.append(f"[@click=screen.view('{view}')][{style}] {key} {title} [/][/]")
        self.query_one("#view-bar", Static).update("  ".join(items))

    def _mount_week_table(self) -> None:
        table: DataTable[str] = DataTable(id="week-table", cursor_type="row", zebra_stripes=True)
        self.query_one("#weeks").mount_all([table, Static(report.WEEK_LEGEND, id="weeks-legend")])
        for column in report.WEEK_COLUMNS:
            table.add_column(column.short, width=column.width)

    def _fill_week_table(self) -> None:
        table = self.query_one("#week-table", DataTable)
        table.clear()
        for row in self.shown_weeks:
            table.add_row(*report.week_cells(row), key=row.monday.isoformat())

    def _mount_chart(self) -> None:
        if not self.has_records:
            self.query_one("#chart").mount(
                Static(
                    "Your average and worst pain per week will be drawn here, with your "
                    f"{in_words(report.CHART_ACTIVITIES, 'and')} minutes beside them, once you "
                    "have check-ins.",
                    id="chart-empty",
                )
            )
            return
        from coach.widgets.pain_chart import PainChart

        self.query_one("#chart").mount(PainChart())

    def _draw_chart(self) -> None:
        from coach.widgets.pain_chart import PainChart

        self.query_one(PainChart).show(self.shown_weeks)

    def _clamp(self, monday: date) -> date:
        return min(max(monday, self.earliest_monday), self.latest_monday)

    def _day_info(self, day: date) -> Content:
        record = self.shown_days.get(day)
        lines = [f"[b]{day:%A %-d %B %Y}[/b]"]
        if record is None or record.pain is None:
            lines.append("[dim]No check-in.[/dim]")
        else:
            lines.append(f"Pain {record.pain}/10")
        names = map(self.app.library.routine_name, record.routines if record is not None else ())
        routines = ", ".join(names)
        if routines:
            lines.append(f"{ROUTINE_MARK} $routines")
        if record is not None and record.red_flag:
            lines.append("[$error]A warning sign was reported.[/]")
        lines.append("[dim]Enter or click: the day's detail[/dim]")
        return markup("\n".join(lines), routines=routines)

    def shown_period(self, *, from_first_record: bool) -> report.Period | None:
        """The days of the weeks shown that hold records (none after today); with
        `from_first_record`, starting at the first record instead, for the comparisons with
        the first fortnight."""
        if self.record_span is None:
            return None
        first, last = self.record_span
        end = min(self.first_monday + timedelta(weeks=WEEKS_SHOWN, days=-1), self.today, last)
        start = first if from_first_record else max(first, self.first_monday)
        if end < start:
            return None
        return report.Period(start, end, from_first_record=start == first)

    def _summary(self) -> str:
        if not self.has_records:
            return EMPTY
        period = self.shown_period(from_first_record=True)
        if period is None:
            return "[b]How it is going[/b]\n[dim]No records in these weeks.[/dim]"
        lines = [f"[b]How it is going[/b] to {period.end:%-d %b %Y}"]
        comparisons = report.comparisons(self.app.store, period)
        for comparison in comparisons:
            lines.append(f"{comparison.label}:")
            lines.append(f"  [b]{comparison.short()}[/b]")
        if not comparisons:
            lines.append(report.TOO_SHORT)
        lines.append(f"[dim]Average of each day's pain, 0–10. {report.NOTICEABLE.capitalize()}.")
        if any(comparison.caveat and comparison.enough for comparison in comparisons):
            lines[-1] += f" {report.FIRST_FORTNIGHT}"
        lines[-1] += "[/dim]"
        return "\n".join(lines)

    def _helps(self) -> str | Content:
        if not self.has_records:
            return (
                "Once you have check-ins and routines, this shows how your pain changes "
                "during each routine and from one morning to the next after "
                f"{in_words([activity.phrase for activity in ACTIVITY.choices])}. A figure "
                f"needs at least {MIN_DAYS_FOR_CLAIM} days behind it."
            )
        period = self.shown_period(from_first_record=False)
        keys = {
            "earlier": shown_keys(self, "history.earlier"),
            "later": shown_keys(self, "history.later"),
        }
        if period is None:
            return markup(
                "No records in the weeks shown: [b]$earlier[/b] and [b]$later[/b] move them.",
                **keys,
            )
        helps = what_helps(self.app.store, period.start, period.end)
        name = self.app.library.routine_name
        routines = [
            markup("  $line", line=report.routine_line(e, name(e.routine))) for e in helps.routines
        ]
        if not helps.routines:
            routines.append(Content("  No routine with pain before and after in these weeks."))
        head = (
            f"[b]What helps, {period.words}[/b] [dim](the weeks shown; [b]$earlier[/b] and "
            "[b]$later[/b] move them)[/dim]\n\n"
            f"[b]{report.ROUTINE_HEADING}[/b]: {report.ROUTINE_MEASURE}"
        )
        lines = [
            "",
            f"[b]{report.MORNING_HEADING}[/b]: {report.MORNING_MEASURE}",
            *(f"  {line}" for line in report.activity_lines(helps)),
            "",
            f"[dim]{report.HELPS_CAVEAT}[/dim]",
        ]
        return Content("\n").join([markup(head, **keys), *routines, markup("\n".join(lines))])
