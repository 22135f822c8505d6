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


#: Set by `make bench`: each aim is then printed as one line of JSON after AIM_PREFIX, which it
#: gathers into one table (and leaves out of the benchmark's own text).
AIMS_ENV = "COACH_BENCH_AIMS"
AIM_PREFIX = "aim-json: "


def aim(what: str, figure: str, measured: str, wanted: str, met: bool) -> None:
    """Report one aim: `figure` (the plain measure) and `measured` (the one the aim is on, a
    ratio to its same-run baseline) against `wanted`."""
    row = {"what": what, "figure": figure, "measured": measured, "wanted": wanted, "met": met}
    if os.environ.get(AIMS_ENV):
        print(AIM_PREFIX + json.dumps(row, ensure_ascii=False))
    else:
        print(f"aim: {what}: {figure}, {measured} (aim {wanted}): {verdict(met)}\n")


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"
