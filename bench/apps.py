"""What the terminal benchmarks share: the apps under test in tmux, watched from outside as a
user sees them, and the ten-year demo database they run on."""

from __future__ import annotations

import compileall
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import coach
from harness.terminal import Terminal

BARE = [sys.executable, str(Path(__file__).with_name("bare_app.py"))]
#: No wait in a benchmark may hang `make bench`: past this a run fails loudly instead.
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Demo:
    path: Path
    checkins: int
    sessions: int
    reps: int
    build_s: float

    def describe(self, years: int) -> str:
        size_mb = self.path.stat().st_size / 1e6
        return (
            f"{years} years of demo data ({self.checkins} check-ins, {self.sessions} sessions, "
            f"{self.reps} reps, {size_mb:.1f} MB)"
        )


def compile_as_installed() -> None:
    """Write coach's bytecode, as pip does when it installs coach (and did for Textual, which
    the bare app loads). An editable install under PYTHONDONTWRITEBYTECODE, which tmux hands on
    to the app, would compile every coach module from source at every start instead."""
    compileall.compile_dir(Path(coach.__file__).parent, quiet=1)


def demo_database(path: Path, years: int) -> Demo:
    """The data of `coach --db PATH demo --years N` (same generator, same number of days), but
    ending yesterday: today's check-in is still to do, so `c` opens the form, not a question."""
    from coach.demo import generate
    from coach.store import Store

    store = Store.open(path)
    started = time.perf_counter()
    try:
        counts = generate(
            store, days=years * 365 + years // 4, end=date.today() - timedelta(days=1)
        )
    finally:
        store.close()
    return Demo(path, counts.checkins, counts.sessions, counts.reps, time.perf_counter() - started)


def busy_day(path: Path, day: date, checkins: int) -> None:
    """Check in `checkins` times on `day` (each replacing the last, as checking in again does),
    the way the app saves them: a day whose detail has thousands of check-ins to show."""
    from coach.clock import FakeClock
    from coach.store import Store
    from coach.store.checkins import CheckinEntry, save_checkin

    clock = FakeClock(datetime.combine(day, clock_time(6)).astimezone())
    store = Store.open(path)
    try:
        for number in range(checkins):
            entry = CheckinEntry(
                pain=number % 11, activity="walk", activity_min=30, sleep="fair",
                stiffness="none", new_symptoms=False, note=f"check-in {number + 1}",
            )  # fmt: skip
            save_checkin(store, clock, entry, replace=True)
            clock.advance(5)
    finally:
        store.close()


def wait_screen(term: Terminal, predicate: Callable[[str], bool], what: str) -> float:
    """Seconds until the pane shows what `predicate` wants, polling as fast as tmux answers."""
    started = time.monotonic()
    while True:
        screen = term.screen()
        if predicate(screen):
            return time.monotonic() - started
        if time.monotonic() - started > TIMEOUT_S:
            raise RuntimeError(f"no {what} within {TIMEOUT_S:.0f} s; the screen was:\n{screen}")


def press(term: Terminal, key: str, predicate: Callable[[str], bool], what: str) -> float:
    """Seconds from sending `key` to the pane showing the screen it leads to."""
    started = time.monotonic()
    term.keys(key)
    wait_screen(term, predicate, what)
    return time.monotonic() - started


def peak_rss_kib(term: Terminal) -> int:
    """VmHWM of the app (the process the pane's shell started), once its last frame settled."""
    time.sleep(0.3)
    children = subprocess.run(
        ["pgrep", "-P", str(term.pid())], capture_output=True, text=True, check=False
    ).stdout.split()
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("the app process was not found")
