"""Exports written the one way the app and `coach export` share: where, how, and dated by
the injected clock."""

from __future__ import annotations

import csv
import io
import json
import stat
import tracemalloc
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from coach import export
from coach.clock import FakeClock
from coach.demo import generate
from coach.library import load_library
from coach.store import Store
from coach.store.rows import EXPORT_TABLES, export_rows
from tests.helpers import checked_in

LIBRARY = load_library(None)


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_apps_export_goes_beside_the_database_and_never_over_a_file(
    store: Store, clock: FakeClock, db_file: Path
) -> None:
    folder = export.default_folder(store)
    assert folder == db_file.parent
    checked_in(store)
    now = clock.now()
    (first,) = export.export_to_folder(store, LIBRARY, "html", folder, since=None, now=now)
    (second,) = export.export_to_folder(store, LIBRARY, "html", folder, since=None, now=now)
    assert (first.name, second.name) == (
        "coach-export-2026-11-25.html",
        "coach-export-2026-11-25-2.html",
    )
    assert private(first) and private(second)
    first.write_text("the first, kept")
    (third,) = export.export_to_folder(store, LIBRARY, "md", folder, since=None, now=now)
    assert third.name == "coach-export-2026-11-25.md"
    assert first.read_text() == "the first, kept"
    csv_files = export.export_to_folder(store, LIBRARY, "csv", folder, since=None, now=now)
    assert {path.parent.name for path in csv_files} == {"coach-export-2026-11-25"}


def test_the_apps_periods_end_today(clock: FakeClock) -> None:
    today = clock.today()
    assert export.since_for(export.PERIODS["4 weeks"], today) == date(2026, 10, 29)
    assert export.since_for(export.PERIODS["12 weeks"], today) == date(2026, 9, 3)
    assert export.since_for(export.PERIODS["All"], today) is None


def test_the_default_targets_are_named_by_the_day(clock: FakeClock) -> None:
    today = clock.today()
    assert export.default_target("json", today) == Path("coach-export-2026-11-25.json")
    assert export.default_target("md", today) == Path("coach-export-2026-11-25.md")
    assert export.default_target("html", today) == Path("coach-export-2026-11-25.html")
    assert export.default_target("csv", today) == Path("coach-export-2026-11-25")


def test_one_file_exports_are_stamped_by_the_clock_and_csv_needs_a_folder(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    checked_in(store)
    now = clock.now()
    (json_file,) = export.export(
        store, LIBRARY, "json", tmp_path / "a.json", since=None, now=now, force=False
    )
    assert json.loads(json_file.read_text())["exported_at"] == "2026-11-25T07:30:00+00:00"
    (md_file,) = export.export(
        store, LIBRARY, "md", tmp_path / "a.md", since=None, now=now, force=False
    )
    assert md_file.read_text().splitlines()[2].startswith("Exported 2026-11-25 by coach")
    assert private(json_file) and private(md_file)
    with pytest.raises(export.ExportError, match="give a folder with --out"):
        export.write_export(store, LIBRARY, "csv", io.StringIO(), since=None, now=now)
    with pytest.raises(ValueError, match="names the sources"):  # rows need no library; reports do
        export.write_export(store, None, "md", io.StringIO(), since=None, now=now)
    written = export.export(
        store, LIBRARY, "csv", tmp_path / "csv", since=None, now=now, force=False
    )
    assert len(written) == len(EXPORT_TABLES) + 1 and all(private(path) for path in written)


#: Values SQLite holds that a JSON writer could get wrong: REALs needing all 17 digits, the
#: extremes, a REAL in an INTEGER column, text with quotes, controls (a terminal's CSI among
#: them), accents and a line separator; NULLs.
AWKWARD_NOTE = 'caf\u00e9 "quoted" \\ back\tslash\nnew line \x01 \x9b2J \u2028 end'
AWKWARD_REALS = (0.1 + 0.2, 3.0139999999999998, 5e-324, 1e300, 123456789.12345679, 1e16, 3.0,
                 float("inf"), float("-inf"))  # fmt: skip


def _typed(rows: list[dict[str, object]]) -> list[list[tuple[str, str, object]]]:
    """Rows with every value's type beside it: 3 and 3.0 are not the same record."""
    return [[(key, type(value).__name__, value) for key, value in row.items()] for row in rows]


def test_the_json_export_reads_back_as_exactly_the_rows_stored(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    """Every table, every column in its order, every value of its type: SQLite writes the
    objects, but a REAL keeps all its digits, and no character a terminal acts on is written
    raw."""
    generate(store, days=10, end=clock.today())
    with store.write() as db:
        db.execute(
            "INSERT INTO checkins (day, at, pain, note, activity_min) VALUES (?, ?, 3.25, ?, 12.5)",
            ["2026-11-25", "2026-11-25T07:00:00.000Z", AWKWARD_NOTE],
        )
        session = db.execute(
            "INSERT INTO sessions (routine, day, started_at, active_s) VALUES ('core', ?, ?, ?)",
            ["2026-11-25", "2026-11-25T08:00:00.000Z", 0.1 + 0.2],
        ).lastrowid
        for number, value in enumerate(AWKWARD_REALS, start=1):
            db.execute(
                "INSERT INTO reps (session_id, step_no, exercise, set_no, rep_no, side, hold_s, "
                "held_s, at) VALUES (?, 0, 'bird-dog', 1, ?, 'left', ?, ?, ?)",
                [session, number, value, -value, "2026-11-25T08:01:00.000Z"],
            )
    (target,) = export.export(
        store, None, "json", tmp_path / "all.json", since=None, now=clock.now(), force=False
    )
    text = target.read_text(encoding="utf-8")
    assert "\x9b" not in text and "\\u009b" in text
    tables = json.loads(text)["tables"]
    assert list(tables) == list(EXPORT_TABLES)
    for table in EXPORT_TABLES:
        header, rows = export_rows(store, table)
        stored = [dict(zip(header, row, strict=True)) for row in rows]
        assert _typed(tables[table]) == _typed(stored), table
    assert tables["checkins"][-1]["note"] == AWKWARD_NOTE
    assert [rep["hold_s"] for rep in tables["reps"][-len(AWKWARD_REALS) :]] == list(AWKWARD_REALS)


def test_every_table_is_exported_and_since_limits_each_by_its_day(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    """ "Every row as stored" means every table the database holds: a table added later and
    not exported would be data the person cannot take away. A run's intervals follow its day."""
    tables = {
        name
        for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith(("sqlite_", "_sqlite_"))
    }
    assert tables == set(EXPORT_TABLES)
    with store.write() as db:
        for run_id, day in ((1, "2026-11-01"), (2, "2026-11-25")):
            db.execute(
                "INSERT INTO runs (id, day, at, stage, intervals_done) "
                "VALUES (?, ?, ?, 'stage-1', 1)",
                [run_id, day, f"{day}T17:00:00.000Z"],
            )
            db.execute(
                "INSERT INTO run_intervals (run_id, interval_no, run_s, ran_s, at) "
                "VALUES (?, 1, 60, 60.5, ?)",
                [run_id, f"{day}T17:05:00.000Z"],
            )
        for day in ("2026-11-01", "2026-11-25"):
            db.execute(
                "INSERT INTO hand_doses (routine, exercise, day, at, reps, hold_s) "
                "VALUES ('core', 'bird-dog', ?, ?, '6', 8)",
                [day, f"{day}T09:00:00.000Z"],
            )
            db.execute(
                "INSERT INTO notice_dismissals (notice, day, at) VALUES ('no_improvement', ?, ?)",
                [day, f"{day}T09:00:00.000Z"],
            )
    (target,) = export.export(
        store, None, "json", tmp_path / "since.json", since=date(2026, 11, 20), now=clock.now(),
        force=False,
    )  # fmt: skip
    exported = json.loads(target.read_text(encoding="utf-8"))["tables"]
    assert [run["id"] for run in exported["runs"]] == [2]
    assert [interval["run_id"] for interval in exported["run_intervals"]] == [2]
    assert [dose["day"] for dose in exported["hand_doses"]] == ["2026-11-25"]
    assert [row["day"] for row in exported["notice_dismissals"]] == ["2026-11-25"]


def test_the_csv_export_is_the_rows_stored_with_formulas_quoted_whatever_the_column(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    """SQLite quotes the cells as it reads them: text that starts like a formula gets its `'`
    in any column (SQLite lets an INTEGER column hold text), a negative number none."""
    generate(store, days=10, end=clock.today())
    with store.write() as db:
        session = db.execute(
            "INSERT INTO sessions (routine, day, started_at, active_s) VALUES ('core', ?, ?, ?)",
            ["2026-11-25", "2026-11-25T08:00:00.000Z", -2.5],
        ).lastrowid
        for number, (step, held) in enumerate([("=1+1", -3), ("\tpad", 2.0), ("-", -0.1)]):
            db.execute(
                "INSERT INTO reps (session_id, step_no, exercise, set_no, rep_no, side, hold_s, "
                "held_s, at) VALUES (?, ?, '@SUM(A1)', 1, ?, 'left', 3, ?, ?)",
                [session, step, number, held, "2026-11-25T08:01:00.000Z"],
            )
    folder = tmp_path / "csv"
    export.export_csv(store, folder, since=None, force=False)
    for table in EXPORT_TABLES:
        header, rows = export_rows(store, table)
        expected = [header] + [
            ["'" + v if isinstance(v, str) and v.startswith(tuple("=+-@\t\r")) else v for v in row]
            for row in rows
        ]
        out = io.StringIO()
        csv.writer(out).writerows(expected)
        assert (folder / f"{table}.csv").read_bytes().decode() == out.getvalue(), table
    with (folder / "reps.csv").open(newline="") as handle:
        last = list(csv.DictReader(handle))[-3:]
    assert [(rep["step_no"], rep["exercise"], rep["held_s"]) for rep in last] == [
        ("'=1+1", "'@SUM(A1)", "-3.0"),
        ("'\tpad", "'@SUM(A1)", "2.0"),
        ("'-", "'@SUM(A1)", "-0.1"),
    ]


def _peak_bytes(write: Callable[[], object]) -> int:
    """The most Python memory `write` held at once, beyond what was held before it."""
    tracemalloc.start()
    try:
        write()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_years_export_takes_no_more_memory_than_a_months(
    fmt: export.Format, clock: FakeClock, tmp_path: Path
) -> None:
    """Rows go from SQLite to the file as they are read: twelve times the records, about the
    same peak (holding every row took ten times as much)."""
    peaks = []
    for days in (30, 360):
        store = Store.open(tmp_path / f"{days}.db")
        try:
            generate(store, days=days, end=clock.today())
            target = tmp_path / f"{days}.{fmt}"
            write = partial(export.export, store, LIBRARY, fmt, target, since=None,
                            now=clock.now(), force=False)  # fmt: skip
            peaks.append(_peak_bytes(write))
        finally:
            store.close()
    month, year = peaks
    assert year < 1.5 * month, peaks
