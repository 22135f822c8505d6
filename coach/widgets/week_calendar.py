"""A calendar of weeks: one row per week (Monday first), each day coloured by that day's pain.

The widget only draws what it is given and reports what the user does: moving the cursor,
choosing a day (Enter or a click), or stepping outside its weeks, which the screen answers by
giving it another range.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from coach.store.history import CalendarDay

LABEL_WIDTH = 12  # "W47 16 Nov" and two spaces
CELL_WIDTH = 3  # pain (two digits) and a mark
GAP = 1
DAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
ROUTINE_MARK = "●"
RED_FLAG_MARK = "!"
TODAY = Style(underline=True)
BASE = "base"  # the widget's own style, among the component styles of `WeekCalendar._styles`
#: Each pain band's shade, drawn before the pain when there is no colour (NO_COLOR) to tell
#: the bands apart: light to dark, as the colours go from green to red.
BAND_MARKS = {"low": "░", "moderate": "▒", "high": "▓"}


def pain_band(pain: int) -> str:
    """The colour band of a pain score: low 0–3, moderate 4–6, high 7–10."""
    if pain <= 3:
        return "low"
    if pain <= 6:
        return "moderate"
    return "high"


class WeekCalendar(Widget, can_focus=True):
    """Weeks as rows, days as cells: pain as colour and number, ● for a routine completed."""

    DEFAULT_CSS = """
    WeekCalendar {
        width: auto;
        height: auto;
        & > .week-calendar--low { background: $success-muted; color: $text; }
        & > .week-calendar--moderate { background: $warning-muted; color: $text; }
        & > .week-calendar--high { background: $error-muted; color: $text; }
        & > .week-calendar--none { color: $text-disabled; }
        & > .week-calendar--cursor { background: $accent; color: $text; text-style: bold; }
        & > .week-calendar--label { color: $text-muted; }
        & > .week-calendar--flag { color: $error; text-style: bold; }
    }
    """

    COMPONENT_CLASSES = {
        "week-calendar--low",
        "week-calendar--moderate",
        "week-calendar--high",
        "week-calendar--none",
        "week-calendar--cursor",
        "week-calendar--label",
        "week-calendar--flag",
    }

    BINDINGS = [
        Binding("left", "move(-1)", "Day before", show=False, id="calendar.left"),
        Binding("right", "move(1)", "Day after", show=False, id="calendar.right"),
        Binding("up", "move(-7)", "Week before", show=False, id="calendar.up"),
        Binding("down", "move(7)", "Week after", show=False, id="calendar.down"),
        Binding("enter", "choose", "Day", id="calendar.choose"),
    ]

    cursor: reactive[date] = reactive(date.min, init=False)

    class CursorMoved(Message):
        """The cursor is on another day."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    class DayChosen(Message):
        """The user wants this day's detail (Enter or a click)."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    class LeftRange(Message):
        """The cursor tried to leave the weeks shown: the screen should show weeks with `day`."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(
        self, *, weeks: int = 12, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.weeks = weeks
        self.first_monday = date.min
        self.today = date.max
        self.days: dict[date, CalendarDay] = {}
        self._style_cache: dict[str, Style] | None = None

    def show(
        self, first_monday: date, days: dict[date, CalendarDay], *, today: date, cursor: date
    ) -> date:
        """Show `weeks` weeks from `first_monday`; `cursor` is kept inside them. Returns the
        day the cursor is on, for the caller to describe: no CursorMoved is posted, so the
        caller can update everything the new weeks change in one frame. Only a repaint: the
        grid is as big for any weeks."""
        self.first_monday = first_monday
        self.days = days
        self.today = today
        last = min(self.last_day, today)
        self.set_reactive(WeekCalendar.cursor, min(max(cursor, first_monday), last))
        self.refresh()
        return self.cursor

    @property
    def last_day(self) -> date:
        return self.first_monday + timedelta(weeks=self.weeks, days=-1)

    def watch_cursor(self, day: date) -> None:
        self.post_message(self.CursorMoved(day))
        self.refresh()

    def action_move(self, days: int) -> None:
        target = self.cursor + timedelta(days=days)
        if target > self.today:
            return
        if target < self.first_monday or target > self.last_day:
            self.post_message(self.LeftRange(target))
            return
        self.cursor = target

    def action_choose(self) -> None:
        self.post_message(self.DayChosen(self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        day = self.day_at(offset.x, offset.y)
        if day is not None and day <= self.today:
            self.cursor = day
            self.post_message(self.DayChosen(day))

    @property
    def marks_bands(self) -> bool:
        """Without colour, each cell starts with its band's shade (`BAND_MARKS`)."""
        return self.app.no_color

    @property
    def cell_width(self) -> int:
        return CELL_WIDTH + self.marks_bands

    def day_at(self, x: int, y: int) -> date | None:
        """The day drawn at content offset (x, y), or None for a label or a gap."""
        row, column, width = y - 1, x - LABEL_WIDTH, self.cell_width
        if not (0 <= row < self.weeks) or column < 0 or column % (width + GAP) >= width:
            return None
        weekday = column // (width + GAP)
        if weekday > 6:
            return None
        return self.first_monday + timedelta(weeks=row, days=weekday)

    def get_content_width(self, container: object, viewport: object) -> int:
        return LABEL_WIDTH + 7 * (self.cell_width + GAP) - GAP

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return self.weeks + 1

    def render_line(self, y: int) -> Strip:
        """One line of the grid (the Line API: cheaper than one big Text to re-render)."""
        styles = self._styles()
        base = styles[BASE]
        label_style = base + styles["week-calendar--label"]
        if y == 0:
            names = " ".join(name.center(self.cell_width) for name in DAY_NAMES)
            return Strip([Segment(" " * LABEL_WIDTH, base), Segment(names, label_style)])
        if y > self.weeks:
            return Strip.blank(self.size.width, base)
        monday = self.first_monday + timedelta(weeks=y - 1)
        week = monday.isocalendar().week
        segments = [Segment(f"W{week:02d} {monday:%d %b}".ljust(LABEL_WIDTH), label_style)]
        for weekday in range(7):
            if weekday:
                segments.append(Segment(" " * GAP, base))
            segments.extend(self._cell(monday + timedelta(days=weekday), styles, base))
        return Strip(segments)

    def _styles(self) -> dict[str, Style]:
        """The component styles and the widget's own (`BASE`), looked up once per change of
        style rather than once per cell: `rich_style` walks every ancestor at each call."""
        if self._style_cache is None:
            self._style_cache = {
                name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES
            }
            self._style_cache[BASE] = self.rich_style
        return self._style_cache

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache = None

    def _cell(self, day: date, styles: dict[str, Style], base: Style) -> list[Segment]:
        if day > self.today:
            return [Segment(" " * self.cell_width, base)]
        record = self.days.get(day)
        band = " " if self.marks_bands else ""
        if record is None or record.pain is None:
            body, style = f"{band} ·", base + styles["week-calendar--none"]
        else:
            if self.marks_bands:
                band = BAND_MARKS[pain_band(record.pain)]
            body = f"{band}{record.pain:>2}"
            style = base + styles[f"week-calendar--{pain_band(record.pain)}"]
        if day == self.cursor:
            style += styles["week-calendar--cursor"] if self.has_focus else Style(reverse=True)
        if day == self.today:
            style += TODAY
        if record is not None and record.red_flag:
            # Only the colour of the flag style: its background would hide the pain band.
            flag = Style(color=styles["week-calendar--flag"].color, bold=True)
            return [Segment(body, style), Segment(RED_FLAG_MARK, style + flag)]
        mark = ROUTINE_MARK if record is not None and record.routines else " "
        return [Segment(body + mark, style)]

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
