"""`coach routines` with one maximum-size valid routine beside the built-ins, against
`coach routines` with the built-ins alone, in the same run.

The routine is as long as a routine file may make one: MAX_STEPS steps of MAX_SETS sets of
the most reps, the longest hold and rest, each side in turn (240,000 holds, weeks of guided
time). The list shows every routine's minutes, so this is what a file at the limits costs a
user who only asked for the list. Runs alternate; each is `coach` as a process, start to exit.
Reproduce: .venv/bin/python -m bench.bench_routines
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.apps import compile_as_installed
from bench.table import aim, median, print_table, ratio
from coach.library import MAX_SETS, MAX_STEPS, check_files, load_library
from harness.terminal import COACH, coach_env

#: The largest values a routine step's keys accept (coach.library's `_REPS`, `_HOLD_S`,
#: `_REST_S`); the routine is checked as valid before it is timed.
MOST_REPS, LONGEST_HOLD_S, LONGEST_REST_S = 100, 300, 600
AIM_MS = 300


def write_biggest_routine(config: Path) -> Path:
    """The largest routine file coach accepts, in `config`'s routines folder."""
    step = [
        "[[steps]]",
        'exercise = "bird-dog"',
        f"reps = [{', '.join([str(MOST_REPS)] * MAX_SETS)}]",
        f"hold_s = {LONGEST_HOLD_S}",
        'sides = "each"',
        f"rest_s = {LONGEST_REST_S}",
    ]
    head = ['name = "Biggest"', 'summary = "As long as a routine file may make one."']
    path = config / "routines" / "biggest.toml"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(head + ["", *step] * MAX_STEPS) + "\n")
    errors = check_files([path], load_library(None))
    if errors:
        raise RuntimeError(f"the biggest routine is not valid: {errors}")
    return path


def seconds(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="alternating runs of each")
    args = parser.parse_args()
    compile_as_installed()  # each command then loads coach as an installed coach does
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        base = {**os.environ, **coach_env(home, home / "coach.db")}
        plain_env = {**base, "COACH_CONFIG_DIR": str(home / "plain")}
        big_env = {**base, "COACH_CONFIG_DIR": str(home / "big")}
        write_biggest_routine(home / "big")
        commands = {
            "`coach routines`, built-ins only": ([str(COACH), "routines"], plain_env),
            "`coach routines`, with the biggest routine": ([str(COACH), "routines"], big_env),
            "`coach routines show biggest`": ([str(COACH), "routines", "show", "biggest"],
                                              big_env),
            "`coach routines check`, with the biggest routine": ([str(COACH), "routines", "check"],
                                                                big_env),
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (command, env) in commands.items():
                times[name].append(seconds(command, env))
    baseline_name = next(iter(commands))
    baseline = median(times[baseline_name])
    print_table(
        f"`coach routines` with one routine of {MAX_STEPS} steps × {MAX_SETS} sets × {MOST_REPS} "
        f"reps, each side, median of {args.runs} alternating runs "
        "(`.venv/bin/python -m bench.bench_routines`)",
        ["command", "median", "max", "÷ built-ins only"],
        [
            [
                name,
                f"{median(values) * 1000:.0f} ms",
                f"{max(values) * 1000:.0f} ms",
                ratio(median(values), baseline),
            ]
            for name, values in times.items()
        ],  # fmt: skip
    )
    biggest = median(times["`coach routines`, with the biggest routine"])
    aim(
        "`coach routines` with one maximum-size valid routine",
        f"{biggest * 1000:.0f} ms (built-ins only {baseline * 1000:.0f} ms)",
        ratio(biggest, baseline),
        f"under {AIM_MS} ms",
        biggest * 1000 < AIM_MS,
    )


if __name__ == "__main__":
    main()
