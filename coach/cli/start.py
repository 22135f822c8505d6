"""`coach start ROUTINE_ID`: open the app straight into the player for one routine."""

from __future__ import annotations

import click

from coach.cli.main import CLIContext, CoachCLIError, run_app
from coach.cli.routines import load


@click.command()
@click.argument("routine_id", metavar="ROUTINE_ID")
@click.pass_obj
def start(context: CLIContext, routine_id: str) -> None:
    """Start routine ROUTINE_ID now (`coach routines` lists them).

    An unfinished routine is offered for resuming first; on a day with a warning sign
    reported, no routine starts.
    """
    library = load()
    if routine_id not in library.routines:
        for problem in library.problems:
            if problem.path.stem == routine_id:  # the user's file is there, but broken
                raise CoachCLIError(f"{problem.path} cannot be used: {problem.detail}")
        valid = ", ".join(library.routines)
        raise CoachCLIError(f'no routine "{routine_id}"; the routines are: {valid}')
    run_app(context, library=library, start_routine=routine_id)
