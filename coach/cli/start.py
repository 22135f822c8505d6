"""`coach start ROUTINE_ID`: open the app straight into the player for one routine."""

from __future__ import annotations

import click

from coach.cli.context import CLIContext, run_app
from coach.cli.main import CoachCLIError
from coach.cli.routines import load


@click.command()
@click.argument("routine_id", metavar="ROUTINE_ID")
@click.pass_obj
def start(context: CLIContext, routine_id: str) -> None:
    """Start routine ROUTINE_ID now (`coach routines` lists them).

    An unfinished routine is offered for resuming first. The warning-sign questions come first
    when they are due; while a warning sign has not been followed up, no routine starts.
    """
    from coach.flows import playing_refusal
    from coach.red_flags import gate

    library = load()
    if routine_id not in library.routines:
        for problem in library.problems:
            if problem.path.stem == routine_id:  # the user's file is there, but broken
                raise CoachCLIError(f"{problem.path} cannot be used: {problem.detail}")
        valid = ", ".join(library.routines)
        raise CoachCLIError(f'no routine "{routine_id}"; the routines are: {valid}')
    store = context.open_store()
    try:
        today = context.clock.today()
        refusal = playing_refusal(store, today, library, routine_id) or gate(
            store, today
        ).cli_refusal(today, context.settings().emergency_number)
    finally:
        store.close()
    if refusal is not None:
        raise CoachCLIError(refusal)
    run_app(context, library=library, start_routine=routine_id)
