"""Exports, written one way for the app (the palette and `e` on history) and `coach export`.

What a report says is composed in `coach.report`; here it is put in files. Every file is
written 0600 in a folder made 0700 if it is new (this is health data), and never over an
existing file unless forced: the app's daily report replaces only that day's own report.
No Textual here.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TextIO

from coach import report
from coach.paths import PRIVATE_FILE_MODE, data_dir, ensure_private_dir
from coach.store.db import Store
from coach.store.history import EXPORT_TABLES, export_rows, record_span

Format = Literal["csv", "json", "md"]
FORMATS: tuple[Format, ...] = ("csv", "json", "md")


class ExportError(Exception):
    """An export that could not be written, worded for the user."""


def report_path(today: date) -> Path:
    """Where the app's report goes: one a day in `<data folder>/exports/`."""
    return data_dir() / "exports" / f"coach-report-{today.isoformat()}.md"


def export_report(store: Store, today: date) -> Path:
    """Write today's Markdown report for a clinician (replacing an earlier one from today)
    where `report_path` says; ExportError if it cannot be written."""
    text = report.markdown_text(store, since=None, today=today)
    return write_text(report_path(today), text, force=True)


def default_target(fmt: Format, today: date) -> Path:
    """Where `coach export` writes without --out: coach-export-DATE.json or .md, or the
    folder coach-export-DATE for CSV, in the current folder."""
    name = f"coach-export-{today.isoformat()}"
    return Path(name if fmt == "csv" else f"{name}.{fmt}")


def export_text(store: Store, fmt: Format, *, since: date | None, now: datetime) -> str:
    """A one-file export as text: JSON (every row) or Markdown (a report for a clinician).
    `now` is the export's instant; the report is dated by its local day."""
    if fmt == "csv":
        raise ExportError("CSV export writes several files: give a folder with --out.")
    local = now.astimezone()
    if fmt == "json":
        return report.json_text(store, since=since, exported_at=local)
    return report.markdown_text(store, since=since, today=local.date())


def export(
    store: Store, fmt: Format, target: Path, *, since: date | None, now: datetime, force: bool
) -> list[Path]:
    """Write the export to `target` (a folder for CSV) and return the files written."""
    if fmt == "csv":
        return export_csv(store, target, since=since, force=force)
    return [write_text(target, export_text(store, fmt, since=since, now=now), force=force)]


@contextmanager
def open_private(path: Path, *, force: bool) -> Iterator[TextIO]:
    """Open `path` for writing, 0600; refuse an existing file unless `force`."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name with --out.")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it.")
    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        os.fchmod(fd, PRIVATE_FILE_MODE)
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror}.") from error
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        yield handle


def write_text(path: Path, text: str, *, force: bool) -> Path:
    with open_private(path, force=force) as handle:
        handle.write(text)
    return path


def export_csv(store: Store, folder: Path, *, since: date | None, force: bool) -> list[Path]:
    """One CSV per table, plus weeks.csv, in `folder`. Checks every name before writing any."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; CSV export needs a folder for its files.")
    names = [*EXPORT_TABLES, "weeks"]
    targets = [folder / f"{name}.csv" for name in names]
    if not force:
        for target in targets:
            if target.exists():
                raise ExportError(f"{target} already exists; use --force to overwrite it.")
    for name, target in zip(names, targets, strict=True):
        if name == "weeks":
            header = [column.title for column in report.WEEK_COLUMNS]
            weeks_since = report.export_weeks(store, record_span(store), since)
            rows: list = [report.week_cells(row) for row in weeks_since]
        else:
            header, rows = export_rows(store, name, since)
        with open_private(target, force=True) as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    return targets
