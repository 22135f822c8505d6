"""Progress: your level, each exercise's dose against the routine's, and how it got there.

One row per exercise that has a rating or a change of dose; the row under the cursor shows,
beneath the table, how often each rating was given and every change of its dose with its day
and reason. Nothing here decides anything: coach.progression and coach.programme do, from the
same records home and the player read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from coach.programme import programme_on
from coach.progression import ExerciseDose, every_routines_doses, ratings_words
from coach.user_text import text

if TYPE_CHECKING:
    from coach.app import CoachApp

#: Said when nothing has been rated or changed yet.
NOTHING_YET = (
    "No ratings yet. As a routine plays, rate each exercise between exercises (1 too easy · "
    "2 about right · 3 hard · 4 it hurt): your doses follow."
)


class ProgressScreen(Screen[None]):
    CSS_PATH = "progress.tcss"
    FITS_PHONE = True
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="progress.back")]

    app: CoachApp
    #: Each row's routine name and exercise dose, by the row's key.
    _rows: dict[str, tuple[str, ExerciseDose]]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="level", markup=False)
        yield DataTable(id="doses", cursor_type="row", zebra_stripes=True)
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
        for label in ("Routine", "Exercise", "Your dose", "Last change"):
            table.add_column(label)
        for doses in every_routines_doses(app.store, app.library, today):
            for exercise_id, dose in doses.doses.items():
                if not dose.ratings and not dose.changes:
                    continue
                key = f"{doses.routine.id}/{exercise_id}"
                self._rows[key] = (doses.routine.name, dose)
                change = dose.last_change
                table.add_row(
                    text(doses.routine.name),
                    text(dose.exercise.name),
                    dose.dose.short,
                    f"{change.day:%-d %b}: {change.reason}" if change else "–",
                    key=key,
                )
        if not self._rows:
            table.display = False
            self.query_one("#changes", Static).update(NOTHING_YET)
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
        lines += [
            f"{change.day:%-d %b}  {change.now.change_words(change.was)}: {change.reason}"
            for change in dose.changes
        ]
        self.query_one("#changes", Static).update("\n".join(lines))
