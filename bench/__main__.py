"""`make bench`: run every bench/bench_*.py, print its figures, and keep them in docs/benchmarks.md.

Each benchmark is its own process (a clean interpreter, its own imports) and prints Markdown
tables whose titles carry the command that reproduces them. Nothing here passes or fails.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "benchmarks.md"


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


def main() -> None:
    sections = [
        "# Benchmarks\n",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "Produced by `make bench`; each table names the command that reproduces it. "
        "These machines are shared and noisy: read the ratios, not the absolute times.\n",
    ]
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        module = f"bench.{script.stem}"
        print(f"== {module}", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", module], cwd=ROOT, capture_output=True, text=True
        )
        print(result.stdout, end="", flush=True)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            sections.append(f"### {module} failed\n\n```\n{result.stderr[-2000:]}\n```\n")
        else:
            sections.append(result.stdout)
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text("\n".join(sections))
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
