"""How fast the history is on ten years of daily use (`coach demo --years 10`).

Prints one Markdown table (for `make bench`): the history screen opening after `h` (Pilot,
headless), turning a page of 4 weeks with `[`, and `coach history --weeks 520` as a
subprocess — each the median of N runs, against its budget (BUDGET_OPEN_MS, BUDGET_PAGE_MS,
BUDGET_CLI_MS: 200, 50, 1000 ms).

The screen timings run from posting the key to the screen having processed every message the
key caused (`Pilot._wait_for_screen`), so they include Textual's layout and the SQL but not
Pilot's idle-detection sleeps, which would add ~100 ms of waiting to every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from bench.apps import demo_database
from bench.table import median, print_table
from coach.app import CoachApp, make_app
from coach.clock import SystemClock
from coach.screens.history import HistoryScreen
from coach.store import Store
from harness.terminal import COACH

BUDGET_OPEN_MS = 200
BUDGET_PAGE_MS = 50
BUDGET_CLI_MS = 1000


async def _settle(pilot: Pilot, done: Callable[[], bool]) -> None:
    """Until `done()` holds and the current screen has processed every pending message."""
    while True:
        await pilot._wait_for_screen()
        if done():
            break
    await pilot._wait_for_screen()


async def _press(pilot: Pilot, key: str, done: Callable[[], bool]) -> float:
    """Milliseconds from posting `key` to the screen being settled with `done()` true."""
    start = time.perf_counter()
    character = {"left_square_bracket": "[", "right_square_bracket": "]"}.get(key, key)
    pilot.app.post_message(events.Key(key, character))
    await _settle(pilot, done)
    return (time.perf_counter() - start) * 1000


def _history_shown(app: CoachApp) -> bool:
    """The history screen is on top and has loaded its weeks (its on_mount has run)."""
    screen = app.screen
    return isinstance(screen, HistoryScreen) and screen.first_monday != date.min


def _paged(screen: HistoryScreen) -> Callable[[], bool]:
    before = screen.first_monday
    return lambda: screen.first_monday != before


async def screen_times(db: Path, runs: int) -> tuple[list[float], list[float]]:
    store = Store.open(db)
    app = make_app(store=store, clock=SystemClock(), config_dir=db.parent)
    opens: list[float] = []
    pages: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(runs):
            opens.append(await _press(pilot, "h", lambda: _history_shown(app)))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, HistoryScreen)
            for _ in range(3):
                pages.append(await _press(pilot, "left_square_bracket", _paged(screen)))
            await pilot.press("escape")
            await pilot.pause()
    store.close()
    return opens, pages


def cli_times(db: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [COACH, "--db", str(db), "history", "--weeks", "520"],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "COLUMNS": "80"},
        )
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median reported)")
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo = demo_database(Path(folder) / "demo.db", args.years)
        opens, pages = asyncio.run(screen_times(demo.path, args.runs))
        cli = cli_times(demo.path, args.runs)
        described = demo.describe(args.years)

    rows = []
    for name, values, budget in (
        ("history screen open after `h`", opens, BUDGET_OPEN_MS),
        ("page turn (`[`, 4 weeks)", pages, BUDGET_PAGE_MS),
        ("`coach history --weeks 520`", cli, BUDGET_CLI_MS),
    ):
        middle = median(values)
        rows.append(
            [
                name,
                f"{middle:.0f} ms",
                f"{min(values):.0f} ms",
                f"{max(values):.0f} ms",
                f"{budget} ms",
                "within" if middle <= budget else "OVER",
            ]
        )
    print_table(
        f"History on {described}, headless (Pilot), built in {demo.build_s:.1f} s "
        f"(`.venv/bin/python -m bench.bench_history`, median of {args.runs})",
        ["measure", "median", "min", "max", "budget", ""],
        rows,
    )


if __name__ == "__main__":
    main()
