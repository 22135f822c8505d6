"""The `coach` command: the app by default, and subcommands for scripts and quick looks."""

from __future__ import annotations

import sys


def main() -> None:
    """The console script. `coach` alone opens the app without importing click (start-up
    time); an option or a command, `--help` included, goes through the click group."""
    if len(sys.argv) > 1:
        from coach.cli.main import main as with_click

        with_click()
        return
    from coach.cli.context import open_app

    open_app()
