"""Exports under faults and hostile input: a full disk, symbolic links, formulas in cells.

Issue 14, where each item is tested:
- 7, a forced export onto a full disk keeps the old files, on a real full tmpfs:
  `test_item_7_a_forced_export_onto_a_full_disk_keeps_the_old_files`;
- 11, never written through a symbolic link: `test_item_11_a_dangling_symlink_at_the_output_is_
  refused`, `test_item_11_a_forced_export_never_truncates_the_file_a_symlink_points_to`, a CSV
  folder `test_item_11_a_symlink_among_the_csv_files_is_refused_before_any_is_written`, the app's
  daily report `test_item_11_the_apps_report_is_not_written_through_a_symlink`;
- 12, CSV formula injection: `test_item_12_csv_cells_a_spreadsheet_would_run_get_a_leading_quote`.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result

from coach import export
from coach.cli.main import cli
from coach.clock import FakeClock
from coach.demo import generate
from coach.library import load_library
from coach.store import Store
from tests.helpers import add_checkin, add_session, fill_filesystem

LIBRARY = load_library(None)

TODAY = date(2026, 11, 25)


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "export", *args])


def one_line_refusal(result: Result, words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("coach: ") and words in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and not isinstance(result.exception, Exception)


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


# --- item 7: a full disk ---------------------------------------------------------------------


def test_item_7_a_forced_export_onto_a_full_disk_keeps_the_old_files(
    small_disk: Path, store: Store, db_file: Path
) -> None:
    """The old report, JSON and CSV files are whole after `--force` fails for want of space; with
    space freed the same command replaces them."""
    outputs = {"md": small_disk / "report.md", "json": small_disk / "all.json",
               "csv": small_disk / "csv"}  # fmt: skip
    for fmt, out in outputs.items():
        assert run(db_file, "--format", fmt, "--out", str(out)).exit_code == 0
    old = {fmt: contents(out) if out.is_dir() else out.read_bytes() for fmt, out in outputs.items()}
    generate(store, days=60, end=TODAY)  # the new exports are far larger than the empty old
    filler = fill_filesystem(small_disk)
    for fmt, out in outputs.items():
        result = run(db_file, "--format", fmt, "--out", str(out), "--force")
        one_line_refusal(result, "No space left on device")
        assert (contents(out) if out.is_dir() else out.read_bytes()) == old[fmt], fmt
    assert sorted(path.name for path in small_disk.iterdir()) == ["all.json", "csv", "filler",
                                                                  "report.md"]  # fmt: skip
    filler.unlink()
    for fmt, out in outputs.items():
        assert run(db_file, "--format", fmt, "--out", str(out), "--force").exit_code == 0
        assert (contents(out) if out.is_dir() else out.read_bytes()) != old[fmt], fmt


# --- item 11: symbolic links -----------------------------------------------------------------


def test_item_11_a_dangling_symlink_at_the_output_is_refused(
    db_file: Path, store: Store, tmp_path: Path
) -> None:
    """Without --force a link to a file that does not exist yet was written through."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "report.md"
    link.symlink_to(elsewhere / "planted.md")
    for force in ([], ["--force"]):
        result = run(db_file, "--format", "md", "--out", str(link), *force)
        one_line_refusal(result, f"{link} is a symbolic link")
    assert list(elsewhere.iterdir()) == [] and link.is_symlink()


def test_item_11_a_forced_export_never_truncates_the_file_a_symlink_points_to(
    db_file: Path, store: Store, tmp_path: Path
) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    link = tmp_path / "all.json"
    link.symlink_to(victim)
    one_line_refusal(run(db_file, "--format", "json", "--out", str(link), "--force"), "symbolic")
    assert victim.read_text() == "keep me" and link.is_symlink()


def test_item_11_a_symlink_among_the_csv_files_is_refused_before_any_is_written(
    db_file: Path, store: Store, tmp_path: Path
) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "sessions.csv").symlink_to(victim)
    for force in ([], ["--force"]):
        result = run(db_file, "--format", "csv", "--out", str(folder), *force)
        one_line_refusal(result, f"{folder / 'sessions.csv'} is a symbolic link")
    assert victim.read_text() == "keep me"
    assert [path.name for path in folder.iterdir()] == ["sessions.csv"]


def test_item_11_the_apps_export_is_not_written_through_a_symlink(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    """A link where the app's file would go is stepped over, like any name already taken."""
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "coach-export-2026-11-25.md").symlink_to(victim)
    (written,) = export.export_to_folder(store, LIBRARY, "md", folder, since=None, now=clock.now())
    assert written.name == "coach-export-2026-11-25-2.md" and not written.is_symlink()
    assert victim.read_text() == "keep me"


# --- item 12: formulas in CSV cells ----------------------------------------------------------

#: Text that a spreadsheet opening the CSV would run, or read as the start of a formula.
FORMULAS = ['=HYPERLINK("http://example.com/x","click")', "+1+1", "-2+3", "@SUM(A1)",
            "\tpadded", "\rreturn"]  # fmt: skip


def test_item_12_csv_cells_a_spreadsheet_would_run_get_a_leading_quote(
    db_file: Path, store: Store, tmp_path: Path
) -> None:
    """Each note and routine id that starts like a formula gets a `'` in the CSV (the OWASP
    rule); other text, numbers and the JSON export keep the value as stored."""
    for day, note in enumerate([*FORMULAS, "a plain note"], start=1):
        add_checkin(store, date(2026, 11, day), 4, note=note)
    add_session(store, date(2026, 11, 1), "=cmd|' /C calc'!A0", before=5, after=3)
    folder = tmp_path / "csv"
    assert run(db_file, "--format", "csv", "--out", str(folder)).exit_code == 0
    with (folder / "checkins.csv").open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["note"] for row in rows] == [*(f"'{note}" for note in FORMULAS), "a plain note"]
    assert {row["pain"] for row in rows} == {"4"}
    with (folder / "sessions.csv").open(newline="") as file:
        (session,) = csv.DictReader(file)
    assert session["routine"] == "'=cmd|' /C calc'!A0" and session["pain_after"] == "3"
    result = run(db_file, "--format", "json", "--out", "-")
    notes = [row["note"] for row in json.loads(result.output)["tables"]["checkins"]]
    assert notes == [*FORMULAS, "a plain note"]
