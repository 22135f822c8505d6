"""The routine list: every routine with its level and length, today's suggestion marked.

Enter starts the highlighted routine (through `start_routine`, which refuses on a red-flag
day). User files that could not be loaded are listed beneath, so a typo never makes a routine
silently disappear.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from coach.clinical import plan_for_day
from coach.flows import user_length
from coach.progression import RoutineDoses, dose_lines, every_routines_doses
from coach.screens.player import start_routine
from coach.store.days import day_status
from coach.user_text import shown, text
from coach.widgets.footer import Footer

if TYPE_CHECKING:
    from coach.app import CoachApp

SUGGESTED = "★"


class RoutinesScreen(Screen[str | None]):
    """Dismissed with the chosen routine's id, or None."""

    CSS_PATH = "routines.tcss"
    FITS_PHONE = True
    BINDINGS = [
        Binding("enter", "start", "Start", id="routines.start", priority=True),
        Binding("escape", "back", "Back", id="routines.back"),
    ]

    app: CoachApp
    #: Each routine with the person's doses, by id.
    _doses: dict[str, RoutineDoses]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="today")
        yield DataTable(id="list", cursor_type="row", zebra_stripes=True)
        yield Static(id="about", markup=False)
        yield Static(id="problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Routines"
        app = self.app
        status = day_status(app.store, app.clock.today())
        plan = plan_for_day(app.store, status, emergency_number=app.settings.emergency_number)
        suggested = plan.routines if plan is not None else (app.settings.default_routine,)
        app.check_default_routine()
        if plan is None:
            intro = f"{SUGGESTED} a good start; check in first for today's suggestion."
        elif plan.kind == "stop":
            intro = plan.advice
            self.query_one("#today").add_class("-stop")
        else:
            intro = f"{SUGGESTED} today's suggestion ({plan.title.lower()})."
        self.query_one("#today", Static).update(intro)
        table = self.query_one(DataTable)
        table.add_column("", key="mark", width=1)
        table.add_column("Routine", key="name")
        table.add_column("Level", key="level")
        table.add_column("Min", key="min")
        table.add_column("Id", key="id")
        settings = app.settings
        self._doses = {
            doses.routine.id: doses
            for doses in every_routines_doses(app.store, app.library, status.day)
        }
        for routine in app.library.routines.values():
            minutes = user_length(self._doses[routine.id].routine, settings).minutes
            table.add_row(
                SUGGESTED if routine.id in suggested else "",
                text(routine.name),
                routine.level or "–",
                Text(str(minutes), justify="right"),
                text(routine.id, style="dim"),
                key=routine.id,
            )
        done = status.sessions_completed
        first = plan.next_routine(done) if plan is not None else settings.default_routine
        if first is not None and first in app.library.routines:
            table.move_cursor(row=table.get_row_index(first))
        problems = app.library.problems
        if problems:
            lines = [f"Skipped {len(problems)} of your files (fix them, or run `coach routines "
                     "check`):"] + [f"  {shown(str(problem))}" for problem in problems]  # fmt: skip
            self.query_one("#problems", Static).update("\n".join(lines))
        table.focus()

    @on(DataTable.RowHighlighted)
    def show_about(self, event: DataTable.RowHighlighted) -> None:
        routine = self.app.library.routines[str(event.row_key.value)]
        about = text(routine.summary)
        for line in dose_lines(self._doses[routine.id]):
            about.append(f"\n{line}", style="bold")
        if routine.source:
            about.append(f"\nSource: {shown(routine.source)}", style="dim")
        self.query_one("#about", Static).update(about)

    @on(DataTable.RowSelected)
    def chosen(self, event: DataTable.RowSelected) -> None:
        self.dismiss(str(event.row_key.value))

    def action_start(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self.dismiss(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def action_back(self) -> None:
        self.dismiss(None)


def open_routines(app: CoachApp) -> None:
    """Show the list; the routine chosen there starts once the list has closed."""

    def chosen(routine_id: str | None) -> None:
        if routine_id is not None:
            start_routine(app, routine_id)

    app.push_screen(RoutinesScreen(), callback=chosen)
