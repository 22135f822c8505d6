"""`coach history`, `coach export` and `coach demo`: the history without opening the app.

No Textual here: these print with Rich and must start fast in a pipe.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from datetime import date

import click

from coach import export as exports
from coach.cli.context import CLIContext
from coach.cli.main import CoachCLIError
from coach.export import Format
from coach.paths import expand
from coach.user_text import shown

#: An export printed to standard output is held in memory up to this size, then in a private
#: temporary file, until it is whole.
SPOOL_BYTES = 8 * 1024 * 1024


def _parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-03-01.") from None


@click.command()
@click.option(
    "--weeks",
    "wanted",
    type=click.IntRange(1, 5200),
    default=12,
    show_default=True,
    help="How many weeks to show, ending with this week (none before your first record).",
)
@click.pass_obj
def history(context: CLIContext, wanted: int) -> None:
    """Print the week table: check-ins, pain, PEG, routines and activity minutes."""
    from rich.console import Console
    from rich.text import Text

    from coach.report import (
        NOTICEABLE,
        WEEK_COLUMNS,
        WEEK_LEGEND,
        last_weeks,
        summary_lines,
        week_cells,
    )

    store = context.open_records()
    try:
        rows = last_weeks(store, context.clock.today(), wanted)
        summary = summary_lines(store)
    finally:
        store.close()
    console = Console(highlight=False)
    if not rows:
        console.print("No check-ins yet: run `coach` and press c each morning.")
        return
    # Padded lines in one Text, not a rich Table: a Table measures every cell, which takes
    # about a second for ten years of weeks; these columns have fixed widths anyway.
    table = Text(f"{_title(len(rows), wanted)}\n", style="bold")
    table.append(_line([column.short for column in WEEK_COLUMNS]) + "\n", style="bold")
    for row in rows:
        table.append(_line(week_cells(row)) + "\n", style="dim" if row.is_empty else "")
    console.print(table, end="", soft_wrap=True)
    console.print(WEEK_LEGEND, style="dim")
    for line in summary:
        console.print(line)
    if summary:
        console.print(f"Average of each day's pain over 2 weeks: {NOTICEABLE}.", style="dim")


def _title(shown_weeks: int, wanted: int) -> str:
    """'The last 12 weeks', or 'The 3 weeks since your first record' when there are fewer."""
    from coach.words import count

    if shown_weeks < wanted:
        return f"The {count(shown_weeks, 'week')} since your first record"
    return "This week" if wanted == 1 else f"The last {wanted} weeks"


def _line(cells: list[str]) -> str:
    from coach.report import WEEK_COLUMNS

    return "  ".join(
        cell.ljust(column.width) if index == 0 else cell.rjust(column.width)
        for index, (cell, column) in enumerate(zip(cells, WEEK_COLUMNS, strict=True))
    )


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(exports.FORMATS),
    required=True,
    help="csv: a folder with one file per table; json: everything; md or html: a report for a "
    "clinician (html: one page that prints, charts included).",
)
@click.option(
    "--since",
    metavar="YYYY-MM-DD",
    callback=_parse_day,
    help="Only records from this day on: every row and every figure of the report.",
)
@click.option(
    "--out",
    "out",
    metavar="PATH",
    help="Where to write (default: coach-export-DATE.json, .md or .html, or the folder "
    "coach-export-DATE for csv). '-' prints json, md or html.",
)
@click.option(
    "--no-notes",
    is_flag=True,
    help="Leave your check-in notes out of an md or html report (csv and json hold every row).",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.pass_obj
def export(
    context: CLIContext,
    fmt: Format,
    since: date | None,
    out: str | None,
    no_notes: bool,
    force: bool,
) -> None:
    """Export your records as CSV, JSON, or a report for a clinician in Markdown or HTML
    (files readable by you alone)."""
    now = context.clock.now()
    library = None  # rows (csv, json) need none
    if fmt in exports.REPORT_FORMATS:
        from coach.cli.routines import load

        library = load()  # a report names the sources of the routines done
    # None: printed. A path that cannot be (no such user) is refused before the database is.
    today = context.clock.today()
    target = None if out == "-" else expand(out) if out else exports.default_target(fmt, today)
    store = context.open_records()
    try:
        if target is None:
            # Composed whole before a byte is printed: a record that cannot be read half-way
            # (a damaged page) must not leave half an export in the pipe.
            with (
                tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool,
                io.TextIOWrapper(spool, encoding="utf-8") as composed,
            ):
                exports.write_export(
                    store, library, fmt, composed, since=since, now=now, with_notes=not no_notes
                )
                composed.seek(0)
                shutil.copyfileobj(composed, sys.stdout)
            return
        written = exports.export(
            store, library, fmt, target, since=since, now=now, force=force, with_notes=not no_notes
        )
    except exports.ExportError as error:
        raise CoachCLIError(str(error)) from error
    finally:
        store.close()
    for path in written:
        click.echo(f"Wrote {shown(str(path))}")


@click.command()
@click.option(
    "--years",
    type=click.IntRange(1, 50),
    default=1,
    show_default=True,
    help="How many years of history.",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="The same seed gives the same data."
)
@click.pass_obj
def demo(context: CLIContext, years: int, seed: int) -> None:
    """Fill a NEW or empty database (named with --db) with a synthetic history to try coach."""
    from coach.demo import DemoError, generate
    from coach.words import count

    if context.db_option is None:
        raise CoachCLIError(
            "Name the database to fill with --db PATH (a new file): the demo never writes to "
            "your own records."
        )
    store = context.open_store()
    try:
        days = years * 365 + years // 4
        counts = generate(store, days=days, end=context.clock.today(), seed=seed)
    except DemoError as error:
        raise CoachCLIError(str(error)) from error
    finally:
        store.close()
    db = shown(str(context.db_path))
    click.echo(
        f"Wrote {count(years, 'year')} of demo history to {db}: "
        f"{count(counts.checkins, 'check-in')}, {count(counts.sessions, 'session')}, "
        f"{count(counts.reps, 'rep')}. "
        f"Open it with: coach --db {db}"
    )
