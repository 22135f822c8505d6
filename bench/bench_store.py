"""The store's queries on ten years of data, against the cheapest full look at the data.

Each function the screens call is timed on the ten-year demo database (a real file, WAL, the
page cache warm after one untimed call), median and p95 of N calls, against one full read of
the largest table (`SELECT count(*), sum(held_s) FROM reps`) on the same connection: every
figure is also a ratio. (A bare `count(*)` is shown too, but SQLite answers it from an index's
page counts without reading a row, so it is no yardstick for a query.) The windows
are the ones the screens use: home asks about today, the history shows 12 weeks, `coach
history --weeks 520` asks for ten years of weeks. (Writing a rep is in bench_timer.)
Reproduce: .venv/bin/python -m bench.bench_store
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from bench.apps import demo_database
from bench.table import median, percentile, print_table, ratio
from coach.clinical import TodaysPlan, plan_for_day
from coach.store import Store
from coach.store.days import DayStatus, day_status
from coach.store.history import (
    calendar_days,
    day_detail,
    monday_of,
    pain_period,
    peg_trend,
    record_span,
    red_flags_raised,
    routine_totals,
    weeks,
    what_helps,
)
from coach.store.rows import export_rows
from coach.store.sessions import unfinished_sessions

SHOWN_WEEKS = 12
SCAN = "SELECT count(*), sum(held_s) FROM reps"
COUNT = "SELECT count(*) FROM reps"


def timed(call: Callable[[], object], runs: int) -> list[float]:
    call()  # untimed: the pages it reads are then in the cache, as for a screen opened twice
    costs = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        costs.append(time.perf_counter() - started)
    return costs


def plan_afresh(store: Store, status: DayStatus) -> TodaysPlan | None:
    """The plan as home's first showing in a process makes it: on a connection of its own,
    nothing worked out yet (`Store.remembered` keeps it per connection)."""
    fresh = store.another_connection()
    try:
        return plan_for_day(fresh, status, emergency_number="999")
    finally:
        fresh.close()


def queries(store: Store, today: date) -> list[tuple[str, Callable[[], object]]]:
    """(what, call) for every query on the paths that matter, in the order a user meets them."""
    last_monday = monday_of(today)
    first_monday = last_monday - timedelta(weeks=SHOWN_WEEKS - 1)
    yesterday = day_status(store, today - timedelta(days=1))  # checked in: the plan is made
    return [
        ("home: `day_status` (today)", lambda: day_status(store, today)),
        (
            "home: `plan_for_day` (after a check-in), first: nothing remembered",
            lambda: plan_afresh(store, yesterday),
        ),
        (
            "home: `plan_for_day` (after a check-in), again while nothing is written",
            lambda: plan_for_day(store, yesterday, emergency_number="999"),
        ),
        ("home: `unfinished_sessions`", lambda: unfinished_sessions(store)),
        ("history: `record_span`", lambda: record_span(store)),
        (
            f"history: `weeks` ({SHOWN_WEEKS} weeks)",
            lambda: weeks(store, first_monday, last_monday),
        ),
        (
            f"history: `calendar_days` ({SHOWN_WEEKS} weeks)",
            lambda: calendar_days(store, first_monday, last_monday + timedelta(days=6)),
        ),
        (
            "history: `pain_period` (2 weeks)",
            lambda: pain_period(store, today - timedelta(days=14), today - timedelta(days=1)),
        ),
        (
            f"history: `what_helps` ({SHOWN_WEEKS} weeks)",
            lambda: what_helps(store, first_monday, today),
        ),
        (
            "report: `what_helps` (all 10 years)",
            lambda: what_helps(store, date.min, today),
        ),
        ("history: `day_detail` (yesterday)", lambda: day_detail(store, today - timedelta(1))),
        (
            "`coach history --weeks 520`: `weeks` (520 weeks)",
            lambda: weeks(store, last_monday - timedelta(weeks=519), last_monday),
        ),
        ("report: `peg_trend` (all)", lambda: peg_trend(store)),
        ("report: `red_flags_raised` (all)", lambda: red_flags_raised(store)),
        ("report: `routine_totals` (all)", lambda: routine_totals(store)),
        ("export: `export_rows` reps (all)", lambda: list(export_rows(store, "reps")[1])),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed calls per query")
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo = demo_database(Path(folder) / "demo.db", args.years)
        today = date.today()
        store = Store.open(demo.path)
        try:
            count = timed(lambda: store.conn.execute(COUNT).fetchone(), args.runs)
            baseline = timed(lambda: store.conn.execute(SCAN).fetchone(), args.runs)
            results = [(what, timed(call, args.runs)) for what, call in queries(store, today)]
        finally:
            store.close()
        described = demo.describe(args.years)
    base = median(baseline)
    rows = [
        [what, f"{median(costs) * 1000:.2f} ms", f"{percentile(costs, 0.95) * 1000:.2f} ms",
         ratio(median(costs), base)]
        for what, costs in [(f"baseline: `{SCAN}`", baseline), (f"`{COUNT}`", count), *results]
    ]  # fmt: skip
    print_table(
        f"Store queries on {described}, {args.runs} warm calls each; ratio of medians against "
        "the baseline (`.venv/bin/python -m bench.bench_store`)",
        ["query", "median", "p95", "ratio"],
        rows,
    )


if __name__ == "__main__":
    main()
