"""What every command shares, without click: the database and the clock, opening the app, and
the one line a failure is told in.

`coach` alone runs from here (`open_app`), so the app's start pays for no click import; every
other use of the command goes through the click group in `coach.cli.main`, which uses the same.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coach.clock import Clock, SystemClock
from coach.paths import PathError, db_path
from coach.user_text import shown

if TYPE_CHECKING:
    from coach.library import Library
    from coach.settings import Settings
    from coach.store import Store

#: The exit code of a failure told in one line (click's usage errors have 2 too).
FAILURE_EXIT = 2


class CoachFailure(Exception):
    """A failure the user can act on: told as one line, exit code 2, never a traceback."""


def failure_line(message: str) -> str:
    # Messages quote ids, paths and values from outside: shown, never sent raw.
    return f"coach: {shown(message)}"


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

    def open_records(self) -> Store:
        """The database for a command that only reads it: one that is not there is said, not
        made, so a mistyped --db leaves no empty database (and its folders) where no one looks."""
        if not self.db_path.exists() and not self.db_path.is_symlink():  # a link: open says
            raise CoachFailure(
                f"No database at {self.db_path} yet: `coach` or `coach checkin` starts one."
            )
        return self.open_store()

    def open_store(self, *, echo_notices: bool = True) -> Store:
        """Open the database, or stop with its one-line refusal. What the user should know
        about the file (it was made private) goes to stderr; the app shows it itself."""
        from coach.store import Store, StoreError

        try:
            store = Store.open(self.db_path)
        except StoreError as error:
            raise CoachFailure(str(error)) from error
        if echo_notices:
            for notice in store.notices:
                print(f"coach: {notice}", file=sys.stderr)
        return store


def failure_message(error: Exception, context: CLIContext | None) -> str | None:
    """The one line for an error the user can act on (a damaged database, a path that cannot
    be used), or None for a bug, which keeps its traceback."""
    if isinstance(error, CoachFailure | PathError):
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
        raise CoachFailure(app.failure)
    if app.return_code:
        raise SystemExit(app.return_code)


def open_app() -> None:
    """`coach` with no argument: the app on the database COACH_DB names, or the default one, as
    the click group would open it (an empty COACH_DB counts as unset there too); a failure the
    user can act on is one line on stderr and exit code 2."""
    context = CLIContext(os.environ.get("COACH_DB") or None)
    try:
        run_app(context)
    except (KeyboardInterrupt, EOFError):
        print("\nAborted!", file=sys.stderr)  # as click says it
        raise SystemExit(1) from None
    except Exception as error:
        message = failure_message(error, context)
        if message is None:
            raise
        print(failure_line(message), file=sys.stderr)
        raise SystemExit(FAILURE_EXIT) from None
