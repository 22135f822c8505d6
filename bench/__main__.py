"""`make bench`: run every bench/bench_*.py, print its figures, and keep them in docs/benchmarks.md.

`python -m bench bench_keys bench_export` runs only those, and leaves the document as it was.

Each benchmark is its own process (a clean interpreter, its own imports) and prints Markdown
tables whose titles carry the command that reproduces them, and reports its aims (each a ratio
to a baseline measured in the same run), gathered here into one table at the top. Nothing here
passes or fails.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.table import AIM_PREFIX, AIMS_ENV, verdict

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "benchmarks.md"
# Profiles are read by a person, not measured by a run: kept in their own dated file.
PROFILES = (
    "\nWhy an aim is or is not met, with the profiles that show it: "
    "[profiles.md](profiles.md) (written by hand, each profile dated).\n"
)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
        f"{memory_kib / 1024 / 1024:.0f} GiB, Python {platform.python_version()}"
    )


def aims_table(rows: list[dict[str, object]]) -> str:
    lines = [
        "### Aims, each against its baseline from this run\n",
        "| what | measured | against the baseline | aim | |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        cells = [row["what"], row["figure"], row["measured"], row["wanted"]]
        lines.append("| " + " | ".join(map(str, cells)) + f" | {verdict(bool(row['met']))} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    every = [f"bench.{script.stem}" for script in sorted(Path(__file__).parent.glob("bench_*.py"))]
    chosen = [f"bench.{name.removeprefix('bench.')}" for name in sys.argv[1:]]
    modules = chosen or every
    sections = [
        "# Benchmarks\n",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "Produced by `make bench`; each table names the command that reproduces it. "
        "These machines are shared and noisy: read the ratios, not the absolute times.\n",
    ]
    env = {**os.environ, AIMS_ENV: "1"}
    aims = []
    for module in modules:
        print(f"== {module}", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", module], cwd=ROOT, capture_output=True, text=True, env=env
        )
        lines = result.stdout.splitlines(keepends=True)
        aims += [json.loads(line.removeprefix(AIM_PREFIX)) for line in lines
                 if line.startswith(AIM_PREFIX)]  # fmt: skip
        text = "".join(line for line in lines if not line.startswith(AIM_PREFIX))
        print(text, end="", flush=True)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            sections.append(f"### {module} failed\n\n```\n{result.stderr[-2000:]}\n```\n")
        else:
            sections.append(text)
    table = aims_table(aims)
    print(table)
    if chosen:  # the document holds one whole run, never a part of one
        return
    sections.insert(3, table + PROFILES)
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text("\n".join(sections))
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
