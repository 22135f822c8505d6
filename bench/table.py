"""How every benchmark reports: Markdown tables (readable in a terminal and a doc), and the
same summary statistics everywhere."""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: a value that was measured, never an interpolation."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ratio(value: float, baseline: float) -> str:
    """Three significant figures: 0.0213× and 24.8× both say something."""
    return f"{value / baseline:.3g}×"


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    print(f"### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join("---" for _ in header) + " |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


#: Where `make bench` collects every benchmark's aims (a JSON line each), to print them together.
AIMS_FILE = "COACH_BENCH_AIMS"


def aim(what: str, figure: str, measured: str, wanted: str, met: bool) -> None:
    """Report one aim: `figure` (the plain measure) and `measured` (the one the aim is on, a
    ratio to its same-run baseline) against `wanted`. Collected by `make bench` into one table;
    a benchmark run alone prints it as a line."""
    row = {"what": what, "figure": figure, "measured": measured, "wanted": wanted, "met": met}
    target = os.environ.get(AIMS_FILE)
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        print(f"aim: {what}: {figure}, {measured} (aim {wanted}): {verdict(met)}\n")


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"
