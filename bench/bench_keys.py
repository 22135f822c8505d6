"""Key to screen, and memory, in a real terminal: the installed `coach` on ten years of data.

A key is sent with tmux and the clock stops when `capture-pane` first shows the screen it
leads to, so each figure is what a user waits for: the key's trip through the terminal, the
app's work and the paint. The baseline is the same trip for the smallest thing Textual can do
(the bare app toggling a line of text on `t`), so every figure is also a ratio. The first press
of a session is kept apart: it imports the screen's module (compiled, as installed), later
ones do not.
The day view is opened (Enter on the calendar) on a day checked in BUSY_CHECKINS times, in a
copy of the same data.
Peak RSS (VmHWM) is read on home, and after the history has opened on the ten years.
Reproduce: .venv/bin/python -m bench.bench_keys (`--only coach` or `--only day` for part)
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from bench.apps import (
    BARE,
    busy_day,
    compile_as_installed,
    demo_database,
    peak_rss_kib,
    press,
    wait_screen,
)
from bench.bare_app import TOGGLED
from bench.table import aim, median, percentile, print_table, ratio
from harness.terminal import COACH, Terminal, coach_env

PAGES = 2  # page turns per visit to the history
BUSY_CHECKINS = 3000
DAY_VIEW = f"day view of a day with {BUSY_CHECKINS} check-ins (Enter)"
#: What each key's median may be, as a multiple of the bare app's toggle.
AIMS = {
    "home → check-in": 6,
    "home → check-in (first)": 6,
    "home → history (first)": 6,
    "home → history": 4,
    "history page turn (`[`)": 2,
    DAY_VIEW: 6,
}


def on_home(screen: str) -> bool:
    return "Check-in   not yet today" in screen


def on_checkin(screen: str) -> bool:
    return "Pain now" in screen


def on_history(screen: str) -> bool:
    return "1 Overview" in screen


def on_day(day: date) -> Callable[[str], bool]:
    """The day view of `day` is open: its dialog's title is on screen."""
    return lambda screen: f"╭─ {day:%A %-d %B %Y}" in screen


def day_line(day: date) -> Callable[[str], bool]:
    """The history's side panel describes `day` (the calendar's cursor is on it)."""
    return lambda screen: f"{day:%A %-d %B %Y}" in screen and not on_day(day)(screen)


def range_line(screen: str) -> str:
    """The history's "Weeks 2026-W37 – 2026-W48 …" line, or "" when it is not on screen."""
    return next((line for line in screen.splitlines() if line.lstrip().startswith("Weeks ")), "")


def coach_session(
    db: Path, env: dict[str, str], rounds: int, times: dict[str, list[float]]
) -> tuple[int, int]:
    """One coach from start to quit: `rounds` of c, esc, h, [ …, esc. Returns peak RSS (KiB)
    on home and after the first history."""
    with Terminal([str(COACH), "--db", str(db)], env=env, width=80, height=24) as term:
        wait_screen(term, on_home, "home")
        rss_home = rss_history = peak_rss_kib(term)
        for round_no in range(rounds):
            first = " (first)" if round_no == 0 else ""
            times["home → check-in" + first].append(press(term, "c", on_checkin, "check-in"))
            press(term, "Escape", on_home, "home")
            times["home → history" + first].append(press(term, "h", on_history, "history"))
            if round_no == 0:
                rss_history = peak_rss_kib(term)
            for _ in range(PAGES):
                before = range_line(term.screen())
                turned = press(term, "[", lambda s, b=before: range_line(s) not in ("", b), "page")
                times["history page turn (`[`)"].append(turned)
            press(term, "Escape", on_home, "home")
        term.keys("q")
    return rss_home, rss_history


def day_session(db: Path, env: dict[str, str], rounds: int, times: dict[str, list[float]]) -> None:
    """One coach: h, the cursor to yesterday (the busy day), then `rounds` of Enter and esc."""
    yesterday = date.today() - timedelta(days=1)
    with Terminal([str(COACH), "--db", str(db)], env=env, width=80, height=24) as term:
        wait_screen(term, on_home, "home")
        press(term, "h", on_history, "history")
        press(term, "Left", day_line(yesterday), "yesterday in the side panel")
        for _ in range(rounds):
            times[DAY_VIEW].append(press(term, "Enter", on_day(yesterday), "the day view"))
            press(term, "Escape", day_line(yesterday), "history")
        term.keys("Escape", "q")


def bare_session(env: dict[str, str], toggles: int, times: list[float]) -> int:
    """One bare app: `toggles` presses of `t`, each timed to the line's change. Returns RSS."""
    with Terminal(BARE, env=env, width=80, height=24) as term:
        wait_screen(term, lambda screen: "Check-in" in screen, "first paint")
        rss = peak_rss_kib(term)
        for toggle in range(toggles):
            shown = toggle % 2 == 0
            times.append(press(term, "t", lambda s, on=shown: (TOGGLED in s) == on, "toggle"))
        term.keys("q")
    return rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3, help="app starts of each kind")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of keys per coach start")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument(
        "--only",
        choices=("coach", "day"),
        help="only coach's keys (check-in, history, page turn) or only the day view, each "
        "beside the bare app's toggle; every row by default",
    )
    args = parser.parse_args()
    compile_as_installed()  # a first key then imports a screen as an installed coach does
    times: dict[str, list[float]] = defaultdict(list)
    bare_times: list[float] = []
    rss: dict[str, list[int]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        demo = demo_database(home / "demo.db", args.years)
        env = coach_env(home, demo.path)
        busy = home / "busy.db"
        if args.only != "coach":
            shutil.copy(demo.path, busy)
            busy_day(busy, date.today() - timedelta(days=1), BUSY_CHECKINS)
        for _ in range(args.sessions):  # alternating, so a noisy neighbour hurts both alike
            if args.only != "day":
                rss_home, rss_history = coach_session(demo.path, env, args.rounds, times)
                rss["coach on home"].append(rss_home)
                rss["coach after opening the history"].append(rss_history)
            rss["bare Textual app"].append(bare_session(env, args.rounds * 2, bare_times))
            if args.only != "coach":
                day_session(busy, coach_env(home, busy), args.rounds, times)
        described = demo.describe(args.years)

    baseline = median(bare_times)
    rows = [
        [
            name,
            str(len(values)),
            f"{median(values) * 1000:.0f} ms",
            f"{percentile(values, 0.95) * 1000:.0f} ms",
            ratio(median(values), baseline),
        ]
        for name, values in [*sorted(times.items()), ("bare app: `t` toggles a line", bare_times)]
    ]
    print_table(
        f"Key to screen painted, in tmux, on {described}; ratio of medians against the bare "
        f"app's toggle (`.venv/bin/python -m bench.bench_keys`)",
        ["key", "runs", "median", "p95", "ratio"],
        rows,
    )
    for name, most in AIMS.items():
        if name not in times:
            continue
        key = median(times[name])
        aim(
            f"{name}, key to painted",
            f"{key * 1000:.0f} ms (bare toggle {baseline * 1000:.0f} ms)",
            ratio(key, baseline),
            f"≤ {most}× the bare app's toggle",
            key <= most * baseline,
        )
    bare_rss = median(rss["bare Textual app"])
    print_table(
        f"Peak RSS (VmHWM), median of {args.sessions} starts, on {described} "
        "(`.venv/bin/python -m bench.bench_keys`)",
        ["app", "peak RSS", "ratio"],
        [
            [name, f"{median(values) / 1024:.1f} MiB", ratio(median(values), bare_rss)]
            for name, values in rss.items()
        ],
    )


if __name__ == "__main__":
    main()
