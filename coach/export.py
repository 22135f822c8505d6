"""Exports, written one way for the app (the export dialog, `e` on history) and `coach export`.

What a report says is composed in `coach.report` (and `coach.html_report`); here it is put in
files, written as it is composed, and the rows of the CSV and JSON exports are written from
SQLite as they are read. Every file is written 0600 in a folder made 0700 if it is new (this is
health data), and never over an existing file unless forced; the app never forces: it picks the
next free name.
The reports' modules are imported only for a report (and the CSV's weeks): `coach export
--format json` pays for none of them.
No Textual here.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TextIO

from coach import __version__
from coach.paths import PRIVATE_FILE_MODE, data_dir, ensure_private_dir
from coach.store.db import Store
from coach.store.rows import EXPORT_TABLES, export_rows, json_rows
from coach.user_text import shown

if TYPE_CHECKING:
    from coach.library import Library

Format = Literal["csv", "json", "md", "html"]
FORMATS: tuple[Format, ...] = ("csv", "json", "md", "html")
#: Formats that are a report for a clinician, and so may leave the person's notes out.
REPORT_FORMATS: tuple[Format, ...] = ("md", "html")

#: The periods the app offers: a name, and how many days back from today (None: all).
PERIODS: dict[str, int | None] = {"4 weeks": 28, "12 weeks": 84, "All": None}


class ExportError(Exception):
    """An export that could not be written, worded for the user."""


def since_for(days: int | None, today: date) -> date | None:
    """The first day of the `days` days ending today; None for the whole record."""
    return today - timedelta(days=days - 1) if days else None


def default_folder(store: Store) -> Path:
    """Where the app suggests writing: beside the database in use (`--db` or not)."""
    return store.path.parent if store.path is not None else data_dir()


def default_target(fmt: Format, today: date) -> Path:
    """Where `coach export` writes without --out: coach-export-DATE.json, .md or .html, or
    the folder coach-export-DATE for CSV, in the current folder."""
    name = f"coach-export-{today.isoformat()}"
    return Path(name if fmt == "csv" else f"{name}.{fmt}")


def free_target(folder: Path, fmt: Format, today: date) -> Path:
    """`default_target` in `folder`, or with -2, -3… added: a name nothing has yet."""
    first = folder / default_target(fmt, today)
    candidate, number = first, 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = first.with_name(f"{first.stem}-{number}{first.suffix}")
    return candidate


def write_export(
    store: Store,
    library: Library | None,
    fmt: Format,
    out: TextIO,
    *,
    since: date | None,
    now: datetime,
    with_notes: bool = True,
) -> None:
    """A one-file export, written to `out` as it is composed: JSON (every row), or Markdown
    or HTML (a report for a clinician, with or without the person's notes). `now` is the
    export's instant; the report is dated by its local day and names, from `library`, the
    sources of the routines done (rows need no library: None for csv and json)."""
    if fmt == "csv":
        raise ExportError("CSV export writes several files: give a folder with --out.")
    local = now.astimezone()
    if fmt == "json":
        write_json(store, out, since=since, exported_at=local)
        return
    if library is None:
        raise ValueError(f"a report ({fmt}) names the sources of the routines: give the library")
    from coach import html_report, report

    composed = report.clinician_report(
        store, library, since=since, today=local.date(), with_notes=with_notes
    )
    if fmt == "md":
        report.write_markdown(composed, out)
    else:
        html_report.write_html(composed, out)


def export(
    store: Store,
    library: Library | None,
    fmt: Format,
    target: Path,
    *,
    since: date | None,
    now: datetime,
    force: bool,
    with_notes: bool = True,
) -> list[Path]:
    """Write the export to `target` (a folder for CSV) and return the files written."""
    if fmt == "csv":
        return export_csv(store, target, since=since, force=force)
    with open_private(target, force=force) as handle:
        write_export(store, library, fmt, handle, since=since, now=now, with_notes=with_notes)
    return [target]


def export_to_folder(
    store: Store,
    library: Library,
    fmt: Format,
    folder: Path,
    *,
    since: date | None,
    now: datetime,
    with_notes: bool = True,
) -> list[Path]:
    """The app's export: into `folder`, under the next free name, never over a file."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder.")
    target = free_target(folder, fmt, now.astimezone().date())
    return export(
        store, library, fmt, target, since=since, now=now, force=False, with_notes=with_notes
    )


def write_json(store: Store, out: TextIO, *, since: date | None, exported_at: datetime) -> None:
    """Every table as lists of objects (one a line), with what a reader needs to trust it;
    written a thousand rows at a time as SQLite makes them (`json_rows`), so ten years cost
    no more memory than a week."""
    out.write("{\n")
    head = {
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "coach_version": __version__,
        "schema": store.migration_names(),
        "since": since.isoformat() if since else None,
    }
    for key, value in head.items():
        out.write(f"  {_json(key)}: {_json(value)},\n")
    out.write('  "tables": {')
    for index, name in enumerate(EXPORT_TABLES):
        out.write(f"{',' if index else ''}\n    {_json(name)}: [")
        rows = json_rows(store, name, since)
        separator = "\n      "
        while batch := list(islice(rows, _ROWS_A_WRITE)):
            if not "".join(batch).isprintable():  # one look for a thousand rows, as `_json`
                batch = list(map(_printable, batch))
            out.write(separator + ",\n      ".join(batch))
            separator = ",\n      "
        out.write("\n    ]" if separator != "\n      " else "]")
    out.write("\n  }\n}\n")


#: Rows joined before each write: one write a row cost a tenth of a ten-year export's time.
_ROWS_A_WRITE = 1000


def _json(value: object) -> str:
    """JSON that keeps accents and symbols as written but escapes (`\\u009b`) every character
    a terminal would act on, as `--out -` prints it: `json` escapes only the C0 controls."""
    return _printable(json.dumps(value, ensure_ascii=False))


def _printable(text: str) -> str:
    """JSON text with every character a terminal would act on escaped."""
    return text if text.isprintable() else "".join(map(_json_char, text))


def _json_char(char: str) -> str:
    return char if shown(char) == char else json.dumps(char)[1:-1]


def check_target(path: Path, *, force: bool) -> None:
    """Refuse a target coach must not write: a symbolic link (whether it points at a file or at
    nothing, writing through it would put health data, or truncate a file, somewhere else), a
    folder, or an existing file unless `force`."""
    if path.is_symlink():
        raise ExportError(
            f"{path} is a symbolic link; coach never writes an export through one: "
            "give another path with --out."
        )
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name with --out.")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it.")


class PrivateFiles:
    """Files written 0600, made whole together (`private_files`).

    A new file is created with O_EXCL and O_NOFOLLOW, so nothing that appeared there since
    `check_target` (a file, a link) is written over or through. With `force` the new text goes
    to a temporary file beside its path, synced, and is renamed over it only when every file
    is whole: a full disk, a damaged record or a crash half-way leaves the old files as they
    were. Everything written is removed if any of it fails.
    """

    def __init__(self, *, force: bool) -> None:
        self.force = force
        self.written: list[tuple[Path, Path]] = []  # (the file written, where it goes)

    @contextmanager
    def open(self, path: Path) -> Iterator[TextIO]:
        """Open `path` for writing, after `check_target`."""
        check_target(path, force=self.force)
        try:
            ensure_private_dir(path.parent)
            if self.force:
                fd, name = tempfile.mkstemp(
                    dir=path.parent, prefix=f".{path.name}.", suffix=".part"
                )
                written = Path(name)
            else:
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                fd, written = os.open(path, flags, PRIVATE_FILE_MODE), path
        except FileExistsError as error:
            raise ExportError(f"{path} already exists; use --force to overwrite it.") from error
        except OSError as error:
            raise _cannot_write(path, error) from error
        self.written.append((written, path))
        try:
            os.fchmod(fd, PRIVATE_FILE_MODE)  # whatever the umask
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            raise _cannot_write(path, error) from error

    def commit(self) -> None:
        """Put every temporary file in its place: renames, atomic each, never through a link."""
        for written, path in self.written:
            if written != path:
                try:
                    os.replace(written, path)
                except OSError as error:
                    raise _cannot_write(path, error) from error

    def discard(self) -> None:
        for written, _path in self.written:
            written.unlink(missing_ok=True)


@contextmanager
def private_files(*, force: bool) -> Iterator[PrivateFiles]:
    """Files written together: all in place when the block ends, none if it fails."""
    files = PrivateFiles(force=force)
    try:
        yield files
        files.commit()
    except BaseException:
        files.discard()
        raise


@contextmanager
def open_private(path: Path, *, force: bool) -> Iterator[TextIO]:
    """Open `path` for writing, 0600, after `check_target`; see `PrivateFiles`."""
    with private_files(force=force) as files, files.open(path) as handle:
        yield handle


def _cannot_write(path: Path, error: OSError) -> ExportError:
    return ExportError(f"Cannot write {path}: {error.strerror or error}.")


def write_text(path: Path, text: str, *, force: bool) -> Path:
    with open_private(path, force=force) as handle:
        handle.write(text)
    return path


def export_csv(store: Store, folder: Path, *, since: date | None, force: bool) -> list[Path]:
    """One CSV per table, plus weeks.csv, in `folder`, each streamed from SQLite as it is
    read, so ten years take no more memory than one. Checks every name before writing any,
    and puts the files in place only when all are whole (`private_files`): a damaged page
    leaves no half export, and no folder that was not there."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; CSV export needs a folder for its files.")
    names = [*EXPORT_TABLES, "weeks"]
    targets = [folder / f"{name}.csv" for name in names]
    for target in targets:
        check_target(target, force=force)
    new_folder = not folder.exists()
    try:
        with private_files(force=force) as files:
            for name, target in zip(names, targets, strict=True):
                header, rows = _csv_table(store, name, since)
                with files.open(target) as handle:
                    writer = csv.writer(handle)
                    writer.writerow(header)
                    writer.writerows(rows)
    except BaseException:
        if new_folder:
            with suppress(OSError):
                folder.rmdir()
        raise
    return targets


def _csv_table(
    store: Store, name: str, since: date | None
) -> tuple[list[str], Iterable[Sequence[object]]]:
    """A table's header and its rows, read as they are written (`CSV_CELL`); the weeks from
    aggregates, coach's own figures."""
    if name == "weeks":
        from coach import report

        weeks = report.export_weeks(store, since)
        return [column.title for column in report.WEEK_COLUMNS], map(report.week_cells, weeks)
    return export_rows(store, name, since, each=CSV_CELL)


#: How a cell starts when a spreadsheet would take it for a formula (or pad it into one): OWASP,
#: "CSV Injection". A note `=HYPERLINK(...)` would otherwise become a live link on opening.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: A value for a CSV file, in SQL (`export_rows`' `each`): text that starts like a formula gets
#: a leading `'`, which spreadsheets show as text; numbers and other text stay as they are.
#: SQLite applies it as it reads the rows: a Python call per cell took an eighth of the export.
CSV_CELL = (
    "CASE WHEN typeof({value}) = 'text' AND substr({value}, 1, 1) IN ("
    + ", ".join(f"char({ord(start)})" for start in FORMULA_STARTS)
    + ") THEN '''' || {value} ELSE {value} END"
)
