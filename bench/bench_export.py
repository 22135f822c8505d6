"""`coach export` on ten years of data, against the plainest JSON export Python can do.

Each export is the installed `coach` as its own process, timed from start to exit, its peak
RSS read from the kernel's account of that one child (`os.wait4`). The floor is
bench/naive_export.py: `sqlite3` and one `json.dumps` of every row, held whole in memory; the
runs alternate with it, so a noisy neighbour hurts both alike. Memory is also put against the
bare Textual app's (in tmux, as bench_keys reads it), and against coach's own export of one
year: an export that streams takes the same memory for one year as for ten.
Reproduce: .venv/bin/python -m bench.bench_export
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.apps import BARE, compile_as_installed, demo_database, peak_rss_kib, wait_screen
from bench.table import aim, median, print_table, ratio
from coach.store.rows import EXPORT_TABLES
from harness.terminal import COACH, Terminal, coach_env

NAIVE = [sys.executable, str(Path(__file__).with_name("naive_export.py"))]
AIM_TIME = 1.2  # × the floor's time
AIM_RSS = 1.5  # × the bare app's peak RSS
AIM_FLAT = 1.1  # ten years' peak RSS ÷ one year's


#: Runs the command and prints its seconds, peak RSS (KiB) and exit code. A fresh, small
#: interpreter between: a child's peak RSS starts at what it was forked from, and this
#: benchmark, having built ten years of data, is larger than any export.
LAUNCHER = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - started
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def measured(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from start to exit, and the peak RSS (KiB) of `command`, which must succeed."""
    result = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command], env=env, capture_output=True, text=True
    )
    seconds, peak, code = result.stdout.split()
    if result.returncode != 0 or code != "0":
        raise RuntimeError(f"{command} exited with {code}: {result.stderr}")
    return float(seconds), int(peak)


def bare_rss(env: dict[str, str]) -> int:
    with Terminal(BARE, env=env, width=80, height=24) as term:
        wait_screen(term, lambda screen: "Check-in" in screen, "first paint")
        rss = peak_rss_kib(term)
        term.keys("q")
    return rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each export")
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    compile_as_installed()  # each export then loads coach as an installed coach does
    times: dict[str, list[float]] = defaultdict(list)
    rss: dict[str, list[int]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        demo = demo_database(home / "demo.db", args.years)
        one_year = demo_database(home / "one-year.db", 1)
        env = {**os.environ, **coach_env(home, demo.path)}
        out = home / "out"

        def coach(fmt: str, db: Path) -> list[str]:
            target = out / fmt
            return [str(COACH), "--db", str(db), "export", "--format", fmt, "--out", str(target),
                    "--force"]  # fmt: skip

        exports = {
            "floor: `sqlite3` + `json.dumps` of every row": [
                *NAIVE,
                str(demo.path),
                str(out / "naive.json"),
                *EXPORT_TABLES,
            ],
            "`coach export --format json`": coach("json", demo.path),
            "`coach export --format json`, 1 year": coach("json", one_year.path),
            "`coach export --format csv`": coach("csv", demo.path),
            "`coach export --format csv`, 1 year": coach("csv", one_year.path),
            "`coach export --format md`": coach("md", demo.path),
            "`coach export --format html`": coach("html", demo.path),
        }
        out.mkdir()
        for _ in range(args.runs):
            for name, command in exports.items():
                seconds, peak = measured(command, env)
                times[name].append(seconds)
                rss[name].append(peak)
        bare = bare_rss(coach_env(home, demo.path))
        described = demo.describe(args.years)

    floor_name = next(iter(exports))
    floor_s, floor_rss = median(times[floor_name]), median(rss[floor_name])
    rows = [
        [
            name,
            f"{median(times[name]):.2f} s",
            ratio(median(times[name]), floor_s),
            f"{median(rss[name]) / 1024:.1f} MiB",
            ratio(median(rss[name]), floor_rss),
            ratio(median(rss[name]), bare),
        ]
        for name in exports
    ]
    print_table(
        f"Exports on {described} (10 years unless said), median of {args.runs} alternating "
        f"runs; the bare Textual app's peak RSS is {bare / 1024:.1f} MiB "
        "(`.venv/bin/python -m bench.bench_export`)",
        ["export", "time", "÷ floor", "peak RSS", "÷ floor", "÷ bare app"],
        rows,
    )
    json_name = "`coach export --format json`"
    json_s, json_rss = median(times[json_name]), median(rss[json_name])
    year_rss = median(rss[f"{json_name}, 1 year"])
    aim(
        f"{json_name}, {args.years} years: time",
        f"{json_s:.2f} s (floor {floor_s:.2f} s)",
        ratio(json_s, floor_s),
        f"≤ {AIM_TIME}× the floor",
        json_s <= AIM_TIME * floor_s,
    )
    aim(
        f"{json_name}, {args.years} years: peak RSS",
        f"{json_rss / 1024:.1f} MiB (floor {floor_rss / 1024:.1f} MiB, bare app "
        f"{bare / 1024:.1f} MiB, 1 year {year_rss / 1024:.1f} MiB)",
        f"{ratio(json_rss, bare)} the bare app; {ratio(json_rss, year_rss)} 1 year's",
        f"≤ {AIM_RSS}× the bare app; ≤ {AIM_FLAT}× 1 year's (flat)",
        json_rss <= AIM_RSS * bare and json_rss <= AIM_FLAT * year_rss,
    )
    csv_name = "`coach export --format csv`"
    csv_rss, csv_year_rss = median(rss[csv_name]), median(rss[f"{csv_name}, 1 year"])
    aim(
        f"{csv_name}, {args.years} years: peak RSS",
        f"{csv_rss / 1024:.1f} MiB (1 year {csv_year_rss / 1024:.1f} MiB)",
        f"{ratio(csv_rss, bare)} the bare app; {ratio(csv_rss, csv_year_rss)} 1 year's",
        f"≤ {AIM_RSS}× the bare app; ≤ {AIM_FLAT}× 1 year's (flat)",
        csv_rss <= AIM_RSS * bare and csv_rss <= AIM_FLAT * csv_year_rss,
    )


if __name__ == "__main__":
    main()
