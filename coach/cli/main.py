"""`coach` and its subcommands, through click.

Imports stay lazy: `coach status` and `coach --version` must not pay for importing Textual, and
`coach` alone, the app, does not come here at all: the console script (`coach.cli:main`)
opens it without importing click.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click

from coach import __version__
from coach.cli.context import (
    FAILURE_EXIT,
    CLIContext,
    failure_line,
    failure_message,
    run_app,
)
from coach.clock import SystemClock

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

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """As click's, but a bad option of `coach` itself is told in one line."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            raise usage_failure(error) from error

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a problem of a file or a path, or a bad command, option or value,
        ends it with one line, not a traceback nor click's four lines of usage."""
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise usage_failure(error) from error
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

    exit_code = FAILURE_EXIT

    def show(self, file: object = None) -> None:
        click.echo(failure_line(self.format_message()), err=True)


def usage_failure(error: click.UsageError) -> CoachCLIError:
    """click's usage error as one line with where to read more, its exit code 2 kept:
    "Invalid value for '--weeks': 'x' is not a valid integer range. See coach history --help."."""
    command = error.ctx.command_path if error.ctx is not None else "coach"
    message = error.format_message()
    stop = "" if message.endswith((".", "?", "?)")) else "."
    return CoachCLIError(f"{message}{stop} See {command} --help.")


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


def main() -> None:
    cli(prog_name="coach")
