"""Start-up to first paint and memory on home: the installed `coach` against a bare Textual app.

Both run in a real terminal (tmux). Runs alternate (coach, bare, coach, bare …) so a noisy
neighbour hurts both alike; the figure that matters is the median of the per-pair ratios. First
paint is the moment `capture-pane` first shows the word "Check-in", which both draw; the clock
starts before tmux itself, which both pay alike. Both load compiled bytecode, as installed.
Twice: on a new database, and on the ten-year demo checked in today, where home shows the
plan (the programme and the doses worked out from ten years of records).
Reproduce: .venv/bin/python -m bench.bench_startup
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bench.apps import (
    BARE,
    busy_day,
    compile_as_installed,
    demo_database,
    peak_rss_kib,
    wait_screen,
)
from bench.table import aim, median, print_table, ratio
from harness.terminal import COACH, Terminal, coach_env

AIM = 1.2  # coach's first paint ÷ the bare app's, the median of the pairs
AIM_DEMO = 1.5  # the same on the ten-year demo, checked in today
DEMO_YEARS = 10


def first_paint(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from starting the terminal to the first frame, and the app's peak RSS (KiB)."""
    started = time.monotonic()
    with Terminal(command, env=env, width=80, height=24) as term:
        wait_screen(term, lambda screen: "Check-in" in screen, "first paint")
        painted = time.monotonic() - started
        rss = peak_rss_kib(term)
        term.keys("q")
    return painted, rss


@dataclass
class Pairs:
    """First paints (seconds) and peak RSS (KiB) of alternating runs, coach's and the bare
    app's, in the order they ran."""

    coach_times: list[float] = field(default_factory=list)
    bare_times: list[float] = field(default_factory=list)
    coach_rss: list[int] = field(default_factory=list)
    bare_rss: list[int] = field(default_factory=list)

    def ratios(self) -> list[float]:
        return [c / b for c, b in zip(self.coach_times, self.bare_times, strict=True)]

    def paint_row(self, what: str) -> list[str]:
        ratios = self.ratios()
        return [
            what,
            f"{median(self.coach_times) * 1000:.0f} ms",
            f"{median(self.bare_times) * 1000:.0f} ms",
            f"{median(ratios):.2f}× (pairs: {min(ratios):.2f}–{max(ratios):.2f})",
        ]

    def aim(self, what: str, wanted: float) -> None:
        met = median(self.ratios())
        aim(
            what,
            f"{median(self.coach_times) * 1000:.0f} ms "
            f"(bare app {median(self.bare_times) * 1000:.0f} ms)",
            f"{met:.2f}× (median of the pairs)",
            f"≤ {wanted}×",
            met <= wanted,
        )


def alternate(coach: list[str], env: dict[str, str], runs: int) -> Pairs:
    """`runs` pairs of first paints, coach then the bare app, after one unmeasured start of
    each (which creates a new database and warms the file cache)."""
    first_paint(coach, env)
    first_paint(BARE, env)
    pairs = Pairs()
    for _ in range(runs):
        seconds, rss = first_paint(coach, env)
        pairs.coach_times.append(seconds)
        pairs.coach_rss.append(rss)
        seconds, rss = first_paint(BARE, env)
        pairs.bare_times.append(seconds)
        pairs.bare_rss.append(rss)
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="alternating pairs")
    args = parser.parse_args()
    compile_as_installed()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        new = alternate([str(COACH)], coach_env(home, home / "coach.db"), args.runs)
        demo = demo_database(home / "demo.db", DEMO_YEARS)
        busy_day(demo.path, date.today(), 1)  # checked in today: home shows the plan
        on_demo = alternate(
            [str(COACH), "--db", str(demo.path)], coach_env(home, demo.path), args.runs
        )
        described = demo.describe(DEMO_YEARS)
    print_table(
        f"Start-up to first paint in tmux, {args.runs} alternating runs each; aims: within "
        f"{AIM}× on a new database, {AIM_DEMO}× on the {DEMO_YEARS}-year demo "
        "(`.venv/bin/python -m bench.bench_startup`)",
        ["what", "coach", "bare Textual app", "ratio"],
        [
            new.paint_row("first paint (new database), median"),
            on_demo.paint_row(f"first paint on the {DEMO_YEARS}-year demo, checked in, median"),
            [
                "peak RSS on home (new database), median",
                f"{median(new.coach_rss) / 1024:.1f} MiB",
                f"{median(new.bare_rss) / 1024:.1f} MiB",
                ratio(median(new.coach_rss), median(new.bare_rss)),
            ],
        ],
    )
    print(f"The demo: {described}, checked in today.\n")
    new.aim("first paint, coach vs the bare app", AIM)
    on_demo.aim(
        f"first paint on the {DEMO_YEARS}-year demo (checked in), coach vs the bare app", AIM_DEMO
    )


if __name__ == "__main__":
    main()
