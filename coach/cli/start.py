"""`coach start ROUTINE_ID`: open the app straight into the player for one routine."""

from __future__ import annotations

import click

from coach.library import LibraryError, load_library
from coach.paths import config_dir


@click.command()
@click.argument("routine_id", metavar="ROUTINE_ID")
@click.pass_obj
def start(context: object, routine_id: str) -> None:
    """Start routine ROUTINE_ID now (`coach routines` lists them).

    An unfinished routine is offered for resuming first; on a day with a warning sign
    reported, no routine starts.
    """
    # Imported here: coach.cli.main imports this module to register the command.
    from coach.cli.main import CoachCLIError, run_app

    folder = config_dir()
    try:
        library = load_library(folder)
    except LibraryError as error:
        raise CoachCLIError(f"the built-in library is broken: {error}") from error
    if routine_id not in library.routines:
        for problem in library.problems:
            if problem.path.stem == routine_id:  # the user's file is there, but broken
                raise CoachCLIError(f"{problem.path} cannot be used: {problem.detail}")
        valid = ", ".join(library.routines)
        raise CoachCLIError(f'no routine "{routine_id}"; the routines are: {valid}')
    run_app(context, config_dir=folder, library=library, start_routine=routine_id)  # type: ignore[arg-type]
