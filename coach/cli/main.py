"""`coach` and its subcommands.

Imports stay lazy: `coach status` and `coach --version` must not pay for importing Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from coach import __version__
from coach.cli.checkin import checkin, status
from coach.cli.history import demo, export, history
from coach.cli.routines import routines
from coach.cli.start import start
from coach.paths import db_path


class CoachCLIError(click.ClickException):
    """A user-facing failure: printed as one line, exit code 2, never a traceback."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"coach: {self.format_message()}", err=True)


@dataclass
class CLIContext:
    """What every subcommand needs: where the database is. Opened only when asked for."""

    db_option: str | None

    @property
    def db_path(self) -> Path:
        return db_path(self.db_option)

    def open_store(self):  # -> coach.store.Store (kept lazy for start-up time)
        from coach.store import Store, StoreError

        try:
            return Store.open(self.db_path)
        except StoreError as error:
            raise CoachCLIError(str(error)) from error


pass_context = click.make_pass_decorator(CLIContext)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_option",
    metavar="PATH",
    envvar="COACH_DB",
    help="The database file (default: coach.db in your user data folder; or set COACH_DB).",
)
@click.version_option(__version__, "--version", "-V", prog_name="coach")
@click.pass_context
def cli(ctx: click.Context, db_option: str | None) -> None:
    """A terminal coach for low back pain: check in each morning, follow guided routines
    with hold timers, and review your weeks offline. Run without a command to open the app."""
    ctx.obj = CLIContext(db_option)
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj)


cli.add_command(routines)
cli.add_command(start)
cli.add_command(history)
cli.add_command(export)
cli.add_command(demo)
cli.add_command(checkin)
cli.add_command(status)


def run_app(context: CLIContext, **screen_options: object) -> None:
    """Open the app on the chosen database; a bad file is reported before the screen starts."""
    from coach.app import make_app

    store = context.open_store()
    try:
        app = make_app(store=store, **screen_options)
        app.run()
    finally:
        store.close()
    if app.return_code:
        raise SystemExit(app.return_code)


def main() -> None:
    cli(prog_name="coach")
