"""Start-up to first paint and peak memory: the installed `coach` against a bare Textual app.

Both run in a real terminal (tmux). Runs alternate (coach, bare, coach, bare …) so a noisy
neighbour hurts both alike; the figure that matters is the median ratio. First paint is the
moment `capture-pane` first shows the word "Check-in", which both draw.
Reproduce: .venv/bin/python -m bench.bench_startup
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import print_table
from tests.terminal import COACH, Terminal, coach_env

RUNS = 9
BARE = [sys.executable, str(Path(__file__).with_name("bare_app.py"))]


def _children(pid: int) -> list[int]:
    result = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(line) for line in result.stdout.split()]


def _peak_rss_kib(shell_pid: int) -> int:
    """VmHWM of the app: the process the pane's shell started."""
    for pid in _children(shell_pid):
        status = Path(f"/proc/{pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("the app process was not found")


def first_paint(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from starting the terminal to the first frame, and the app's peak RSS (KiB)."""
    started = time.monotonic()
    with Terminal(command, env=env, width=80, height=24) as term:
        while "Check-in" not in term.screen():
            if time.monotonic() - started > 30:
                raise RuntimeError(f"{command[0]} did not paint within 30 s")
            time.sleep(0.005)
        painted = time.monotonic() - started
        time.sleep(0.3)  # let the first frame settle before reading memory
        rss = _peak_rss_kib(term.pid())
        term.keys("q")
    return painted, rss


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = coach_env(home, home / "coach.db")
        first_paint([str(COACH)], env)  # create the database and warm the file cache
        first_paint(BARE, env)
        coach_times, bare_times, coach_rss, bare_rss = [], [], [], []
        for _ in range(RUNS):
            seconds, rss = first_paint([str(COACH)], env)
            coach_times.append(seconds)
            coach_rss.append(rss)
            seconds, rss = first_paint(BARE, env)
            bare_times.append(seconds)
            bare_rss.append(rss)
    ratios = [c / b for c, b in zip(coach_times, bare_times, strict=True)]
    print_table(
        f"Start-up to first paint in tmux, {RUNS} alternating runs "
        "(.venv/bin/python -m bench.bench_startup)",
        ["what", "coach", "bare Textual app", "ratio"],
        [
            [
                "first paint, median",
                f"{statistics.median(coach_times) * 1000:.0f} ms",
                f"{statistics.median(bare_times) * 1000:.0f} ms",
                f"{statistics.median(ratios):.2f}×",
            ],
            [
                "peak RSS on home, median",
                f"{statistics.median(coach_rss) / 1024:.1f} MiB",
                f"{statistics.median(bare_rss) / 1024:.1f} MiB",
                f"{statistics.median(coach_rss) / statistics.median(bare_rss):.2f}×",
            ],
        ],
    )


if __name__ == "__main__":
    main()
