"""Start-up to first paint and memory on home: the installed `coach` against a bare Textual app.

Both run in a real terminal (tmux). Runs alternate (coach, bare, coach, bare …) so a noisy
neighbour hurts both alike; the figure that matters is the median of the per-pair ratios. First
paint is the moment `capture-pane` first shows the word "Check-in", which both draw; the clock
starts before tmux itself, which both pay alike. Both load compiled bytecode, as installed.
Reproduce: .venv/bin/python -m bench.bench_startup
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.apps import BARE, compile_as_installed, peak_rss_kib, wait_screen
from bench.table import aim, median, print_table, ratio
from harness.terminal import COACH, Terminal, coach_env

AIM = 1.2  # coach's first paint ÷ the bare app's, the median of the pairs


def first_paint(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from starting the terminal to the first frame, and the app's peak RSS (KiB)."""
    started = time.monotonic()
    with Terminal(command, env=env, width=80, height=24) as term:
        wait_screen(term, lambda screen: "Check-in" in screen, "first paint")
        painted = time.monotonic() - started
        rss = peak_rss_kib(term)
        term.keys("q")
    return painted, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="alternating pairs")
    args = parser.parse_args()
    compile_as_installed()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = coach_env(home, home / "coach.db")
        first_paint([str(COACH)], env)  # create the database and warm the file cache
        first_paint(BARE, env)
        coach_times, bare_times, coach_rss, bare_rss = [], [], [], []
        for _ in range(args.runs):
            seconds, rss = first_paint([str(COACH)], env)
            coach_times.append(seconds)
            coach_rss.append(rss)
            seconds, rss = first_paint(BARE, env)
            bare_times.append(seconds)
            bare_rss.append(rss)
    ratios = [c / b for c, b in zip(coach_times, bare_times, strict=True)]
    print_table(
        f"Start-up to first paint in tmux, {args.runs} alternating runs; aim: within {AIM}× "
        "(`.venv/bin/python -m bench.bench_startup`)",
        ["what", "coach", "bare Textual app", "ratio"],
        [
            [
                "first paint, median",
                f"{median(coach_times) * 1000:.0f} ms",
                f"{median(bare_times) * 1000:.0f} ms",
                f"{median(ratios):.2f}× (pairs: {min(ratios):.2f}–{max(ratios):.2f})",
            ],
            [
                "peak RSS on home (new database), median",
                f"{median(coach_rss) / 1024:.1f} MiB",
                f"{median(bare_rss) / 1024:.1f} MiB",
                ratio(median(coach_rss), median(bare_rss)),
            ],
        ],
    )

    aim(
        "first paint, coach vs the bare app",
        f"{median(coach_times) * 1000:.0f} ms (bare app {median(bare_times) * 1000:.0f} ms)",
        f"{median(ratios):.2f}× (median of the pairs)",
        f"≤ {AIM}×",
        median(ratios) <= AIM,
    )


if __name__ == "__main__":
    main()
