"""The export dialog (`e` on history, "Export" in the palette): which period, which format,
the notes or not, and which folder; it never writes over a file and says where it wrote.

What is written, and how, is `coach.export`'s, shared with `coach export`; this screen only
asks. The folder starts beside the database in use, so `coach --db /tmp/try.db` exports
beside /tmp/try.db, not into the default data folder.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Label, Static

from coach.export import (
    PERIODS,
    REPORT_FORMATS,
    ExportError,
    Format,
    default_folder,
    default_target,
    export_to_folder,
    since_for,
)
from coach.paths import PathError, expand
from coach.screens.dialog import Dialog
from coach.store import StoreError
from coach.user_text import shown
from coach.widgets.pain_scale import ChoiceRow

if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.library import Library

#: Each format as the dialog offers it: (value, label, key).
FORMAT_CHOICES: tuple[tuple[Format, str, str], ...] = (
    ("html", "HTML, to print", "h"),
    ("md", "Markdown", "m"),
    ("json", "JSON", "j"),
    ("csv", "CSV", "c"),
)
#: Each period as offered: (name in coach.export.PERIODS, label, key).
PERIOD_CHOICES = (("4 weeks", "4 weeks", "4"), ("12 weeks", "12 weeks", "1"), ("All", "All", "a"))


class ExportDialog(Dialog[list[Path] | None]):
    """Period, format, notes and folder; dismissed with the files written, or None."""

    CSS_PATH = "export.tcss"
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.save"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    app: CoachApp

    def __init__(self, folder: Path) -> None:
        super().__init__("Export a report")
        self._folder = folder
        #: A file is being written: the dialog closes once, when it is, saying where.
        self._writing = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label("Period", classes="label")
            yield ChoiceRow(PERIOD_CHOICES, "12 weeks", show_keys=False, id="period")
        with Horizontal(classes="field"):
            yield Label("Format", classes="label")
            yield ChoiceRow(FORMAT_CHOICES, "html", show_keys=False, id="format")
        with Horizontal(classes="field"):
            yield Label("Notes", classes="label")
            yield Checkbox("Include my notes", True, compact=True, id="notes")
        with Horizontal(classes="field"):
            yield Label("Folder", classes="label")
            yield Input(str(self._folder), compact=True, id="folder")
        yield Static(id="file-name", markup=False)
        yield Static(id="error", markup=False)
        with Horizontal(id="buttons"):
            yield Button("Cancel", id="cancel", action="screen.cancel")
            yield Button("Export", id="export", variant="primary", action="screen.export")

    def on_mount(self) -> None:
        self._describe()
        self.query_one("#format", ChoiceRow).focus()

    @property
    def format(self) -> Format:
        value = self.query_one("#format", ChoiceRow).value
        return next(fmt for fmt, _, _ in FORMAT_CHOICES if fmt == value)

    @on(ChoiceRow.Changed, "#format")
    def _format_changed(self) -> None:
        self._describe()

    def _describe(self) -> None:
        """The name the file will have, and whether notes are a choice for this format."""
        fmt = self.format
        self.query_one("#notes", Checkbox).disabled = fmt not in REPORT_FORMATS
        name = default_target(fmt, self.app.clock.today()).name
        kind = "a folder of CSV files" if fmt == "csv" else name
        self.query_one("#file-name", Static).update(
            f"Written as {kind} (or -2, -3… after it): nothing is ever replaced."
        )

    @on(Input.Submitted, "#folder")
    def _folder_submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        if self._writing:
            return
        try:
            folder = expand(self.query_one("#folder", Input).value.strip() or ".")
        except PathError as error:
            self._show_error(str(error))
            return
        days = PERIODS[self.query_one("#period", ChoiceRow).value]
        notes = self.query_one("#notes", Checkbox)
        self._set_writing(True)
        self._show_error("")
        with_notes = notes.value or notes.disabled
        self._write(folder, self.app.library, since_days=days, with_notes=with_notes)

    @work(thread=True, exclusive=True, group="export")
    def _write(
        self, folder: Path, library: Library, *, since_days: int | None, with_notes: bool
    ) -> None:
        """Ten years take a moment: written off the event loop, then the dialog closes."""
        app = self.app
        now: datetime = app.clock.now()
        try:
            written = export_to_folder(
                app.store,
                library,
                self.format,
                folder,
                since=since_for(since_days, app.clock.today()),
                now=now,
                with_notes=with_notes,
            )
        except (ExportError, StoreError, OSError) as error:
            app.call_from_thread(self._failed, str(error))
            return
        app.call_from_thread(self.dismiss, written)

    def _failed(self, message: str) -> None:
        self._show_error(message)
        self._set_writing(False)

    def _set_writing(self, writing: bool) -> None:
        self._writing = writing
        for button in self.query(Button):
            button.disabled = writing

    def _show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(shown(message))

    def action_cancel(self) -> None:
        if not self._writing:  # else the file is on its way: closing now would hide where
            self.dismiss(None)


def open_export(app: CoachApp) -> None:
    """Ask what to export; then say where it went."""

    def done(written: list[Path] | None) -> None:
        if not written:
            return
        if len(written) == 1:
            where = f"Wrote {written[0]}"
        else:
            where = f"Wrote {len(written)} files into {written[0].parent}"
        app.notify(shown(where), title="Export", timeout=20, markup=False)

    app.push_screen(ExportDialog(default_folder(app.store)), done)
