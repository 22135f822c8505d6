"""Progress: your level, each exercise's dose, and how it got there.

One row per exercise that has a rating or a change of dose; the table keeps to three short
columns so it fits a phone's width. The row under the cursor shows, beneath the table, its
dose against the routine's, how often each rating was given, and every change of its dose
with its day and reason, the latest first. Nothing here decides anything: coach.progression
and coach.programme do, from the same records home and the player read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coach.programme import programme_on
from coach.progression import ExerciseDose, every_routines_doses, ratings_words
from coach.user_text import text
from coach.widgets.footer import Footer

if TYPE_CHECKING:
    from coach.app import CoachApp

#: Said when nothing has been rated or changed yet.
NOTHING_YET = (
    "No ratings yet. As a routine plays, rate each exercise between exercises (1 too easy · "
    "2 about right · 3 hard · 4 it hurt): your doses follow."
)
#: Above the changes of the exercise under the cursor.
CHANGES_HEADING = "Changes, latest first"
#: Under that heading for an exercise rated but never changed.
NO_CHANGE = "None yet: the routine's own dose."
#: In the footer: j and k page through those changes.
CHANGES_KEYS = Binding.Group("Changes")


class ProgressScreen(Screen[None]):
    CSS_PATH = "progress.tcss"
    FITS_PHONE = True
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="progress.back"),
        Binding("j", "scroll_changes(1)", "Older changes", id="progress.older", group=CHANGES_KEYS),
        Binding(
            "k", "scroll_changes(-1)", "Newer changes", id="progress.newer", group=CHANGES_KEYS
        ),
    ]

    app: CoachApp
    #: Each row's routine name and exercise dose, by the row's key.
    _rows: dict[str, tuple[str, ExerciseDose]]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="level", markup=False)
        yield DataTable(id="doses", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail", can_focus=False):
            yield Static(id="dose", markup=False)
            yield Static(CHANGES_HEADING, id="changes-heading", markup=False)
            yield Static(id="changes", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Progress"
        app = self.app
        today = app.clock.today()
        programme = programme_on(app.store, today)
        level = f"Level: {programme.level}. This week {programme.week_words()}."
        if programme.last_change is not None:
            level += f" {programme.last_change.words}"
        self.query_one("#level", Static).update(level)
        self._rows: dict[str, tuple[str, ExerciseDose]] = {}
        table = self.query_one(DataTable)
        for label in ("Routine", "Exercise", "Your dose"):
            table.add_column(label)
        for doses in every_routines_doses(app.store, app.library, today):
            for exercise_id, dose in doses.doses.items():
                if not dose.ratings and not dose.changes:
                    continue
                key = f"{doses.routine.id}/{exercise_id}"
                self._rows[key] = (doses.routine.name, dose)
                table.add_row(
                    text(doses.routine.name), text(dose.exercise.name), dose.dose.short, key=key
                )
        if not self._rows:
            table.display = False
            self.query_one("#changes-heading").display = False
            self.query_one("#dose", Static).update(NOTHING_YET)
            return
        table.focus()

    @on(DataTable.RowHighlighted)
    def show_changes(self, event: DataTable.RowHighlighted) -> None:
        routine, dose = self._rows[str(event.row_key.value)]
        lines = [
            f"{dose.exercise.name} in {routine}: {dose.dose.words} (the routine's: "
            f"{dose.base.words})"
        ]
        if dose.ratings:
            lines.append(f"Ratings: {ratings_words(dose.ratings)}")
        self.query_one("#dose", Static).update("\n".join(lines))
        changes = [
            f"{change.day:%-d %b}  {change.now.change_words(change.was)}: {change.reason}"
            for change in reversed(dose.changes)
        ]
        self.query_one("#changes", Static).update("\n".join(changes) or NO_CHANGE)
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    def action_scroll_changes(self, pages: int) -> None:
        """A page of the changes further on or back, while the table keeps the arrow keys."""
        detail = self.query_one("#detail", VerticalScroll)
        step = max(1, detail.scrollable_content_region.height - 1)
        detail.scroll_relative(y=pages * step, animate=False)
