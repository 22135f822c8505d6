"""`coach routines`: list, show and check the exercise library from the shell.

Minutes are those of the plan the player would play, timed with the user's settings and
with their own doses, so the shell and the app's list agree. Rich is imported when a table
is printed: `coach routines check` does without it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coach.cli.context import CLIContext
from coach.cli.main import CoachCLIError
from coach.flows import person_length, user_length
from coach.library import (
    BUILTIN,
    Library,
    LibraryError,
    Routine,
    check_files,
    library_files,
    load_library,
)
from coach.paths import config_dir
from coach.settings import Settings, load_settings
from coach.user_text import shown, text
from coach.words import count

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from coach.progression import RoutineDoses


@click.group(invoke_without_command=True)
@click.pass_context
def routines(ctx: click.Context) -> None:
    """List every routine: id, name, level, minutes and whether it is built in or your file.

    Your own routines and exercises go in the `routines` and `exercises` folders of the
    coach config folder (set COACH_CONFIG_DIR to use another); one with a built-in's id
    replaces it.
    """
    if ctx.invoked_subcommand is None:
        library, settings = load(), user_settings()
        _print_list(library, _minutes(ctx.obj, library, settings))


@routines.command()
@click.argument("routine_id", metavar="ID")
def show(routine_id: str) -> None:
    """Print the steps of routine ID."""
    library = load()
    routine = library.routines.get(routine_id)
    if routine is None:
        raise CoachCLIError(_not_found(routine_id, library))
    _print_routine(routine, library, user_settings())


@routines.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check FILEs (or, with none, every built-in and user file) and exit 1 on any error.

    Exercises among the FILEs can be used by routines among them, so a new exercise and
    the routine that uses it can be checked together before they are copied into place.
    """
    if files:
        paths, library = list(files), load()
    else:
        try:
            paths, library = library_files(config_dir()), Library()
        except LibraryError as error:
            raise CoachCLIError(str(error)) from error
    errors = check_files(paths, library)
    for problem in errors:
        click.echo(shown(f"{_where(str(problem.path))}: {problem.detail}"))
    checked = f"checked {count(len(paths), 'file')}"
    if errors:
        broken = len({error.path for error in errors})
        click.echo(f"{checked}: {broken} with errors ({count(len(errors), 'error')})")
        ctx.exit(1)
    click.echo(f"{checked}: all valid")


def load() -> Library:
    """The library with the user's files; a broken built-in is reported, not a traceback."""
    try:
        return load_library(config_dir())
    except LibraryError as error:
        raise CoachCLIError(f"the built-in library is broken: {error}") from error


def user_settings() -> Settings:
    """The user's settings (their timings make the minutes); a bad value takes its default,
    as in the app, which reports it."""
    settings, _problems = load_settings(config_dir())
    return settings


def _not_found(routine_id: str, library: Library) -> str:
    """Why there is no such routine: its file was skipped, or a typo, or neither."""
    for problem in library.problems:
        if problem.path.stem == routine_id and problem.path.parent.name == "routines":
            where = _where(str(problem.path))
            return f'routine "{routine_id}" was skipped: {where}: {problem.detail}'
    close = difflib.get_close_matches(routine_id, list(library.routines), n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f'no routine "{routine_id}"{hint}; `coach routines` lists them'


def _where(origin: str) -> str:
    """Where a file is, for display: `built-in`, or its path with the home folder as `~`."""
    if origin == BUILTIN:
        return origin
    path, home = Path(origin), Path.home()
    return f"~/{path.relative_to(home)}" if path.is_relative_to(home) else origin


def _minutes(context: CLIContext, library: Library, settings: Settings) -> dict[str, int]:
    """Each routine's minutes with the user's timings, and their own doses when a database
    is there (a list is no reason to make one)."""
    if not context.db_path.exists():
        return {rid: user_length(one, settings).minutes for rid, one in library.routines.items()}
    store = context.open_store()
    try:
        today = context.clock.today()
        return {
            routine_id: person_length(store, library, settings, routine_id, today).minutes
            for routine_id in library.routines
        }
    finally:
        store.close()


def _print_list(library: Library, minutes: dict[str, int]) -> None:
    table = _table("ID", "Name", "Level", "Min", "From")
    for routine in library.routines.values():
        origin = BUILTIN if routine.origin == BUILTIN else "your file"
        if routine.replaces_builtin:
            origin += ", replaces built-in"
        table.add_row(
            text(routine.id),
            text(routine.name),
            routine.level or "–",
            str(minutes[routine.id]),
            origin,
        )
    console = _console()
    console.print(table)
    _print_problems(console, library.problems)
    # Paths are on lines of their own, never in a cell, which would fold them mid-name; the
    # terminal wraps a long one, and a copy of it is whole.
    folder = _where(str(config_dir()))
    console.print(
        text(
            f"Your files are {folder}/routines/ID.toml; exercises go in {folder}/exercises.", "dim"
        ),
        soft_wrap=True,
    )


def _print_problems(console: Console, problems: Iterable[LibraryError]) -> None:
    """Skipped user files, so a typo never makes a routine silently disappear."""
    for problem in problems:
        line = f"skipped {_where(str(problem.path))}: {problem.detail}"
        console.print(text(line, "yellow"), soft_wrap=True)


def _print_routine(routine: Routine, library: Library, settings: Settings) -> None:
    length = user_length(routine, settings)
    console = _console()
    console.print(text(f"{routine.name} ({routine.id})", "bold"))
    if routine.summary:
        console.print(text(routine.summary))
    facts = [routine.level or "no level", f"about {length.minutes} min"]
    facts += [count(length.holds, "hold"), _where(routine.origin)]
    console.print(text(" · ".join(facts), "dim"), soft_wrap=True)
    table = _table("#", "Exercise", "Sets", "Reps", "Hold", "Sides", "Rest", "Between sets")
    for number, step in enumerate(routine.steps, start=1):
        name = library.exercises[step.exercise].name
        table.add_row(
            str(number),
            text(name),
            str(step.sets),
            _reps(step.reps_per_set),
            f"{step.hold_s} s",
            step.sides,
            f"{step.rest_s} s",
            "swap legs" if step.swap_legs and step.sets > 1 else "",
        )
    console.print(table)
    _print_sources(console, routine, library)


def _reps(reps_per_set: tuple[int, ...]) -> str:
    """`10` when every set has 10 reps; `5-3-1` for a pyramid."""
    if len(set(reps_per_set)) == 1:
        return str(reps_per_set[0])
    return "-".join(str(reps) for reps in reps_per_set)


def _print_sources(console: Console, routine: Routine, library: Library) -> None:
    """What the routine and each of its exercises follow, for anyone who wants to check."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(text(routine.name), text(routine.source or "none given in its file"))
    exercises = {step.exercise: library.exercises[step.exercise] for step in routine.steps}
    for exercise in exercises.values():
        if exercise.source:
            grid.add_row(text(exercise.name), text(exercise.source))
    console.print(text("Sources", "bold"))
    console.print(grid)


def _table(*columns: str) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


@routines.command()
@click.argument("routine_id", metavar="ID")
@click.argument("exercise_id", metavar="EXERCISE", required=False)
@click.argument("reps", metavar="REPS", required=False)
@click.option("--hold", "hold_s", type=int, metavar="SECONDS", help="The hold of each rep.")
@click.option("--reset", is_flag=True, help="Back to the routine's own dose.")
@click.pass_obj
def dose(
    context: CLIContext,
    routine_id: str,
    exercise_id: str | None,
    reps: str | None,
    hold_s: int | None,
    reset: bool,
) -> None:
    """Your doses of routine ID, each with its last change and why.

    With EXERCISE and REPS (8, 3x8 or 5,3,1: one number per set) and perhaps --hold, set
    that exercise's dose by hand; with EXERCISE and --reset, go back to the routine's own.
    coach changes doses by itself from how each exercise felt (see the README).
    """
    from coach.progression import check_dose, parse_reps, routine_doses
    from coach.store.feedback import save_hand_dose

    library = load()
    if routine_id not in library.routines:
        raise CoachCLIError(_not_found(routine_id, library))
    store = context.open_store()
    try:
        today = context.clock.today()
        doses = routine_doses(store, library, routine_id, day=today)
        if exercise_id is None:
            _print_doses(doses)
            return
        current = doses.doses.get(exercise_id)
        if current is None:
            names = ", ".join(doses.doses)
            raise CoachCLIError(f'routine "{routine_id}" has no exercise "{exercise_id}": {names}')
        if reset == (reps is not None) or (reset and hold_s is not None):
            raise CoachCLIError("give REPS (and perhaps --hold), or --reset")
        if reset:
            save_hand_dose(store, context.clock, routine_id, exercise_id, None, None)
        else:
            assert reps is not None
            try:
                chosen = check_dose(parse_reps(reps), hold_s or current.dose.hold_s)
            except ValueError as error:
                raise CoachCLIError(str(error)) from error
            save_hand_dose(store, context.clock, routine_id, exercise_id, chosen.reps_per_set,
                           chosen.hold_s)  # fmt: skip
        after = routine_doses(store, library, routine_id, day=today).doses[exercise_id]
        click.echo(shown(f"{after.exercise.name}: {after.dose.words}"))
    finally:
        store.close()


def _print_doses(doses: RoutineDoses) -> None:
    """One row an exercise: the person's dose, the routine's own, the last change and why."""
    table = _table("Exercise", "Your dose", "The routine's", "Last change")
    for one in doses.doses.values():
        change = one.last_change
        why = f"{change.day:%-d %b}: {change.reason}" if change is not None else "–"
        table.add_row(text(one.exercise.name), one.dose.words, one.base.words, why)
    console = _console()
    console.print(text(f"{doses.routine.name} ({doses.routine.id})", "bold"))
    console.print(table)
