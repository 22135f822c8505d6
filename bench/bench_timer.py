"""How late a hold ends against its deadline, and what writing a rep costs.

Hold ends: the real app (CoachApp and its PlayerScreen, headless, the real clock, a real
database file, the 10 Hz repaint running) plays a routine of many short holds. Each rep's
`held_s` is measured from the hold's scheduled start (the previous deadline) to the moment the
one-shot timer ended it, so `held_s - hold_s` is exactly how far the end landed from its
deadline. Once on an idle machine, once with one core kept busy by a spinning process.
Aim: median under 5 ms, p99 under 20 ms, busy core included.

Rep writes: `record_rep` on a real file (WAL, synchronous=FULL: one committed transaction per
rep). Aim: under 2 ms at the p99.
Reproduce: .venv/bin/python -m bench.bench_timer
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bench.table import median, percentile, print_table
from coach.app import make_app
from coach.clock import SystemClock
from coach.library import Library, Routine, RoutineStep, load_library
from coach.screens.player import PlayerScreen
from coach.settings import Settings
from coach.store import Store
from coach.store.sessions import record_rep, start_session

HOLDS = 200
HOLD_S = 0.1
WRITES = 2000
SETTINGS = Settings(bell=False, position_s=0.2, release_s=0.05)


def bench_library() -> Library:
    """The built-in library plus a routine of HOLDS short holds (shorter than a file allows)."""
    library = load_library(None)
    step = RoutineStep("curl-up", reps=HOLDS, hold_s=HOLD_S, sets=1, sides="both", rest_s=0)  # type: ignore[arg-type]
    routine = Routine("bench", "Bench", "Many short holds.", None, (step,))
    return replace(library, routines={**library.routines, "bench": routine})


async def hold_errors(folder: Path) -> list[float]:
    """Play the bench routine in the real app; return each hold's end minus its deadline."""
    store = Store.open(folder / "coach.db")
    clock = SystemClock()
    with store.write() as db:
        db["checkins"].insert(
            {"day": clock.today().isoformat(), "at": "2000-01-01T00:00:00.000Z", "pain": 2}
        )
    app = make_app(
        store=store,
        clock=clock,
        config_dir=folder,
        library=bench_library(),
        settings=SETTINGS,
        start_routine="bench",
    )
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PlayerScreen)
            for _ in range(int(screen.plan.total_s * 10) + 600):  # the routine, + a minute
                if screen.timer.done:
                    break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("the routine did not finish in time")
            # The end opens the pain question: let it mount before the app is torn down.
            await pilot.pause()
        rows = store.db.execute("SELECT held_s - hold_s FROM reps ORDER BY id").fetchall()
    finally:
        store.close()
    if len(rows) != HOLDS:
        raise RuntimeError(f"expected {HOLDS} reps, got {len(rows)}")
    return [row[0] for row in rows]


def write_costs(folder: Path) -> list[float]:
    store = Store.open(folder / "writes.db")
    clock = SystemClock()
    session_id = start_session(store, clock, "bench", pain_before=None)
    costs = []
    try:
        for rep_no in range(1, WRITES + 1):
            started = time.perf_counter()
            record_rep(store, clock, session_id, step_no=0, exercise="curl-up", set_no=1,
                       rep_no=rep_no, side="both", hold_s=10, held_s=10.001,
                       active_s=rep_no * 12.0)  # fmt: skip
            costs.append(time.perf_counter() - started)
    finally:
        store.close()
    return costs


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def figures(values: Sequence[float]) -> list[str]:
    return [ms(median(values)), ms(percentile(values, 0.99)), ms(max(values))]


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "idle").mkdir()
        rows.append(["idle", *figures(asyncio.run(hold_errors(folder / "idle")))])
        spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            (folder / "busy").mkdir()
            rows.append(["one core busy", *figures(asyncio.run(hold_errors(folder / "busy")))])
        finally:
            spinner.kill()
            spinner.wait()
        writes = write_costs(folder)
    print_table(
        f"Hold end minus deadline, ms ({HOLDS} holds of {HOLD_S} s in the real app, headless; "
        "aim: median < 5, p99 < 20) — `.venv/bin/python -m bench.bench_timer`",
        ["machine", "median", "p99", "max"],
        rows,
    )
    print_table(
        f"Writing one rep, ms ({WRITES} committed writes, WAL, synchronous=FULL; "
        "aim: p99 < 2) — `.venv/bin/python -m bench.bench_timer`",
        ["median", "p99", "max"],
        [figures(writes)],
    )


if __name__ == "__main__":
    main()
