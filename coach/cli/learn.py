"""`coach learn`: the lessons behind the plan, listed, or one printed as Markdown."""

from __future__ import annotations

import shutil

import click
from rich.console import Console
from rich.markdown import Markdown

from coach.cli.main import CoachCLIError


@click.command()
@click.argument("lesson_id", required=False, metavar="[ID]")
def learn(lesson_id: str | None) -> None:
    """List the lessons, or print the lesson ID (e.g. coach learn posture)."""
    from coach.learn import UnknownLesson, lesson, lessons

    if lesson_id is None:
        width = max(len(each.id) for each in lessons())
        for each in lessons():
            click.echo(f"{each.id:<{width}}  {each.title}")
        click.echo("\nRead one with: coach learn ID")
        return
    try:
        chosen = lesson(lesson_id)
    except UnknownLesson as error:
        raise CoachCLIError(str(error)) from None
    # coach's own files: their Markdown is rendered, not shown as text.
    Console(width=min(shutil.get_terminal_size().columns, 80)).print(Markdown(chosen.markdown))
