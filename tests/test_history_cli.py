"""`coach history`, `coach export` and `coach demo` on real database files."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coach.cli.main import cli
from coach.clock import FakeClock
from coach.store import Store
from tests.helpers import add_checkin, add_session


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def fill(db: Path) -> None:
    """Three weeks of check-ins to today (the commands use the real date)."""
    store = Store.open(db)
    today = date.today()
    for offset in range(21):
        add_checkin(store, today - timedelta(days=offset), 4, activity="walk", minutes=30)
    add_session(store, today, "core")
    store.close()


def test_history_prints_the_week_table(db_file: Path) -> None:
    fill(db_file)
    result = run(db_file, "history", "--weeks", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "The last 3 weeks"
    assert lines[1].split() == [
        "Week", "Days", "Avg", "Worst", "PEG", "Done", "Part", "Min", "Run", "Walk", "Strength"
    ]  # fmt: skip
    this_week = date.today().isocalendar()
    assert lines[4].startswith(f"{this_week.year}-W{this_week.week:02d}")
    assert lines[4].split()[2:4] == ["4.0", "4"]
    assert lines[4].split()[5:8] == ["1", "0", "10"]
    assert all(len(line) <= 80 for line in lines)


def test_history_on_an_empty_database_says_how_to_start(db_file: Path) -> None:
    Store.open(db_file).close()
    result = run(db_file, "history")
    assert result.exit_code == 0
    assert "No check-ins yet" in result.output


def test_export_json_and_refusal_to_overwrite(db_file: Path, tmp_path: Path) -> None:
    fill(db_file)
    out = tmp_path / "export.json"
    result = run(db_file, "export", "--format", "json", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {out}"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(json.loads(out.read_text())["tables"]["checkins"]) == 21
    again = run(db_file, "export", "--format", "json", "--out", str(out))
    assert again.exit_code == 2
    assert "already exists; use --force" in again.output
    since = (date.today() - timedelta(days=1)).isoformat()
    forced = run(
        db_file, "export", "--format", "json", "--out", str(out), "--since", since, "--force"
    )
    assert forced.exit_code == 0
    assert len(json.loads(out.read_text())["tables"]["checkins"]) == 2


def test_export_csv_folder_and_markdown_to_stdout(db_file: Path, tmp_path: Path) -> None:
    fill(db_file)
    folder = tmp_path / "csv"
    result = run(db_file, "export", "--format", "csv", "--out", str(folder))
    assert result.exit_code == 0, result.output
    assert (folder / "checkins.csv").read_text().count("\n") == 22
    markdown = run(db_file, "export", "--format", "md", "--out", "-")
    assert markdown.exit_code == 0
    assert markdown.output.startswith("# Low back pain record")
    assert "## Routines" in markdown.output


def test_export_rejects_a_bad_date_and_csv_to_stdout(db_file: Path) -> None:
    Store.open(db_file).close()
    bad = run(db_file, "export", "--format", "md", "--since", "25/11/2026")
    assert bad.exit_code == 2
    assert "is not a date like 2026-03-01" in bad.output
    csv_out = run(db_file, "export", "--format", "csv", "--out", "-")
    assert csv_out.exit_code == 2
    assert "give a folder with --out" in csv_out.output


def test_demo_fills_only_a_new_named_database(db_file: Path) -> None:
    unnamed = CliRunner().invoke(cli, ["demo"])
    assert unnamed.exit_code == 2
    assert "--db PATH" in unnamed.output
    result = run(db_file, "demo", "--years", "1", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote 1 year of demo history to {db_file}")
    store = Store.open(db_file)
    assert store.db.conn.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] > 300
    store.close()
    again = run(db_file, "demo")
    assert again.exit_code == 2
    assert "already holds records" in again.output


def test_the_commands_never_import_textual(db_file: Path) -> None:
    fill(db_file)
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from coach.cli.main import cli\n"
        f"db = {str(db_file)!r}\n"
        "for args in (['history'], ['export', '--format', 'md', '--out', '-']):\n"
        "    assert CliRunner().invoke(cli, ['--db', db, *args]).exit_code == 0\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


#: What each export of rows must not import: the reports, and what only they need. (The CSV's
#: weeks.csv is the week table, from coach.report.)
NOT_FOR_ROWS = {"coach.html_report", "coach.escalation", "coach.progression", "coach.running",
                "coach.flows"}  # fmt: skip
NOT_IMPORTED = {
    "json": NOT_FOR_ROWS | {"coach.report", "coach.library", "coach.store.history"},
    "csv": NOT_FOR_ROWS,
}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_of_rows_imports_neither_the_reports_nor_what_they_need(
    db_file: Path, tmp_path: Path, fmt: str
) -> None:
    """Rows need no report, notice, dose or exercise file: `coach export --format json` (or
    csv) starts without importing them (they were most of its fixed cost)."""
    fill(db_file)
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from coach.cli.main import cli\n"
        f"args = ['--db', {str(db_file)!r}, 'export', '--format', {fmt!r}, "
        f"'--out', {str(tmp_path / 'out')!r}]\n"
        "assert CliRunner().invoke(cli, args).exit_code == 0\n"
        f"print(sorted(set(sys.modules).intersection({sorted(NOT_IMPORTED[fmt])!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    written = tmp_path / "out"
    assert (written / "checkins.csv" if fmt == "csv" else written).stat().st_size > 100


def test_history_export_and_demo_take_today_from_the_clock(
    db_file: Path, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commands read "today" from the clock in their context, as the app does: here a
    frozen Wednesday years away from the real date."""
    store = Store.open(db_file)
    add_checkin(store, clock.today(), 5)
    store.close()

    def run_on_clock(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--db", str(db_file), *args], obj=clock)

    history = run_on_clock("history", "--weeks", "2")
    assert history.exit_code == 0, history.output
    assert history.output.splitlines()[2].split()[:3] == ["2026-W48", "1", "5.0"]
    monkeypatch.chdir(tmp_path)
    exported = run_on_clock("export", "--format", "md")
    assert exported.output == "Wrote coach-export-2026-11-25.md\n"
    report = (tmp_path / "coach-export-2026-11-25.md").read_text()
    assert report.splitlines()[2].startswith("Exported 2026-11-25 by coach")
    assert run_on_clock("export", "--format", "json").exit_code == 0
    document = json.loads((tmp_path / "coach-export-2026-11-25.json").read_text())
    assert document["exported_at"] == "2026-11-25T07:30:00+00:00"
    demo_db = tmp_path / "demo.db"
    demo = CliRunner().invoke(cli, ["--db", str(demo_db), "demo"], obj=clock)
    assert demo.exit_code == 0, demo.output
    demo_store = Store.open(demo_db)
    span = demo_store.conn.execute("SELECT MIN(day), MAX(day) FROM checkins").fetchone()
    demo_store.close()
    assert span[0] >= "2025-11-25" and span[1] <= "2026-11-25" and span[1] >= "2026-11-18"


def test_history_of_a_thousand_weeks_starts_at_the_first_record(
    db_file: Path, clock: FakeClock
) -> None:
    """Ten days of records: asked for 1000 weeks, it prints the two weeks they fall in."""
    store = Store.open(db_file)
    for offset in range(10):
        add_checkin(store, clock.today() - timedelta(days=offset), 3)
    store.close()
    result = CliRunner().invoke(
        cli, ["--db", str(db_file), "history", "--weeks", "1000"], obj=clock
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "The 2 weeks since your first record"
    assert [line.split()[0] for line in lines[2:4]] == ["2026-W47", "2026-W48"]
    assert lines[4].startswith("Days: days with a check-in")
    one = CliRunner().invoke(cli, ["--db", str(db_file), "history", "--weeks", "1"], obj=clock)
    assert one.output.splitlines()[0] == "This week"


def test_export_html_one_page_to_a_file_or_stdout_and_notes_left_out(
    db_file: Path, tmp_path: Path
) -> None:
    fill(db_file)
    store = Store.open(db_file)
    add_checkin(store, date.today(), 4, note="slept badly", superseded=False, hour=9)
    store.close()
    page = tmp_path / "report.html"
    result = run(db_file, "export", "--format", "html", "--out", str(page))
    assert (result.exit_code, result.output) == (0, f"Wrote {page}\n")
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "slept badly" in html
    printed = run(db_file, "export", "--format", "html", "--out", "-", "--no-notes")
    assert printed.exit_code == 0 and printed.output.startswith("<!DOCTYPE html>")
    assert "slept badly" not in printed.output and "chose not to include" in printed.output
    since = (date.today() - timedelta(days=6)).isoformat()
    markdown = run(db_file, "export", "--format", "md", "--out", "-", "--since", since)
    assert f"This report covers {since} to " in markdown.output


@pytest.mark.parametrize("args", [["history"], ["export", "--format", "csv"]])
def test_a_command_that_reads_says_there_is_no_database_and_makes_none(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A --db that names no file (mistyped, or before the first check-in): one line, exit
    code 2, and no database, folder or export left behind."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "no" / "such.db"
    result = run(db, *args)
    said = f"coach: No database at {db} yet: `coach` or `coach checkin` starts one.\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", said)
    assert list(tmp_path.iterdir()) == []
