"""`coach` and its subcommands.

Imports stay lazy: `coach status` and `coach --version` must not pay for importing Textual.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coach import __version__
from coach.clock import Clock, SystemClock
from coach.paths import PathError, db_path
from coach.user_text import shown

if TYPE_CHECKING:
    from coach.library import Library
    from coach.settings import Settings
    from coach.store import Store

#: Each subcommand, as "module:attribute", imported when it runs or `--help` lists it: the bare
#: `coach` (the app) pays for none of their modules (the library, the plan, the exports).
SUBCOMMANDS = {
    "routines": "coach.cli.routines:routines",
    "start": "coach.cli.start:start",
    "history": "coach.cli.history:history",
    "export": "coach.cli.history:export",
    "demo": "coach.cli.history:demo",
    "checkin": "coach.cli.checkin:checkin",
    "status": "coach.cli.checkin:status",
    "serve": "coach.cli.serve:serve",
    "learn": "coach.cli.learn:learn",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that command is wanted."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module, attribute = self.lazy_commands[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a problem of a file or a path ends it with one line, not a traceback."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            context = ctx.obj if isinstance(ctx.obj, CLIContext) else None
            message = failure_message(error, context)
            if message is None:
                raise
            raise CoachCLIError(message) from error

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click's, but a mistyped command is matched against every command, not only the
        ones already imported: `coach statsu` asks "Did you mean 'status'?"."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            raise click.exceptions.NoSuchCommand(
                error.command_name, possibilities=self.list_commands(ctx), ctx=ctx
            ) from None


class CoachCLIError(click.ClickException):
    """A user-facing failure: printed as one line, exit code 2, never a traceback."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        # Messages quote ids, paths and values from outside: shown, never sent raw.
        click.echo(f"coach: {shown(self.format_message())}", err=True)


@dataclass
class CLIContext:
    """What every subcommand needs: where the database is (opened only when asked for), and
    the clock, injected as the app's is, so "today" is one thing for every command."""

    db_option: str | None
    clock: Clock = field(default_factory=SystemClock)

    @property
    def db_path(self) -> Path:
        return db_path(self.db_option)

    def settings(self) -> Settings:
        """The user's settings; a bad value falls back to its default, as in the app."""
        from coach.paths import config_dir
        from coach.settings import load_settings

        return load_settings(config_dir())[0]

    def open_store(self, *, echo_notices: bool = True) -> Store:
        """Open the database, or stop with its one-line refusal. What the user should know
        about the file (it was made private) goes to stderr; the app shows it itself."""
        from coach.store import Store, StoreError

        try:
            store = Store.open(self.db_path)
        except StoreError as error:
            raise CoachCLIError(str(error)) from error
        if echo_notices:
            for notice in store.notices:
                click.echo(f"coach: {notice}", err=True)
        return store


def failure_message(error: Exception, context: CLIContext | None) -> str | None:
    """The one line for an error the user can act on (a damaged database, a path that cannot
    be used), or None for a bug, which keeps its traceback."""
    if isinstance(error, PathError):
        return str(error)
    if isinstance(error, OSError) and error.errno != errno.EPIPE:  # click handles a closed pipe
        where = f"{error.filename}: " if error.filename else ""
        return f"Cannot use {where}{(error.strerror or str(error)).lower()}."
    from coach.store.db import failure_message as store_failure

    db = None
    if context is not None:
        with contextlib.suppress(PathError):
            db = context.db_path
    return store_failure(error, db)


@click.group(
    cls=LazyGroup,
    lazy_commands=SUBCOMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
    if db_option == "":  # `--db ""` or `--db "$UNSET"`: never fall back to the real records
        raise CoachCLIError("--db is empty: name the database file, or leave --db out.")
    # A test passes its FakeClock as click's `obj`; otherwise the system clock.
    ctx.obj = CLIContext(db_option, ctx.obj if ctx.obj is not None else SystemClock())
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj)


def run_app(
    context: CLIContext, *, library: Library | None = None, start_routine: str | None = None
) -> None:
    """Open the app on the chosen database; a bad file is reported before the screen starts."""
    from coach.app import make_app
    from coach.voice import find_engine

    store = context.open_store(echo_notices=False)
    try:
        app = make_app(
            store=store,
            clock=context.clock,
            library=library,
            start_routine=start_routine,
            speech=find_engine(),
        )
        app.run()
    finally:
        store.close()
    if app.failure is not None:
        raise CoachCLIError(app.failure)
    if app.return_code:
        raise SystemExit(app.return_code)


def main() -> None:
    cli(prog_name="coach")
