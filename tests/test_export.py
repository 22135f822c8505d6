"""Exports written the one way the app and `coach export` share: where, how, and dated by
the injected clock."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from coach import export
from coach.clock import FakeClock
from coach.store import Store
from tests.helpers import checked_in


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_apps_report_goes_to_the_data_folder_one_a_day(
    store: Store, clock: FakeClock, private_home: Path
) -> None:
    today = clock.today()
    folder = private_home / ".local" / "share" / "coach" / "exports"
    assert export.report_path(today) == folder / "coach-report-2026-11-25.md"
    path = export.export_report(store, today)
    assert path == export.report_path(today) and private(path)
    assert "No records yet." in path.read_text()
    checked_in(store)
    assert export.export_report(store, today) == path  # the day's report is replaced
    assert "Records from 2026-11-25 to 2026-11-25" in path.read_text()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_default_targets_are_named_by_the_day(clock: FakeClock) -> None:
    today = clock.today()
    assert export.default_target("json", today) == Path("coach-export-2026-11-25.json")
    assert export.default_target("md", today) == Path("coach-export-2026-11-25.md")
    assert export.default_target("csv", today) == Path("coach-export-2026-11-25")


def test_one_file_exports_are_stamped_by_the_clock_and_csv_needs_a_folder(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    checked_in(store)
    now = clock.now()
    (json_file,) = export.export(
        store, "json", tmp_path / "a.json", since=None, now=now, force=False
    )
    assert json.loads(json_file.read_text())["exported_at"] == "2026-11-25T07:30:00+00:00"
    (md_file,) = export.export(store, "md", tmp_path / "a.md", since=None, now=now, force=False)
    assert md_file.read_text().splitlines()[2].startswith("Exported 2026-11-25 by coach")
    assert private(json_file) and private(md_file)
    with pytest.raises(export.ExportError, match="give a folder with --out"):
        export.export_text(store, "csv", since=None, now=now)
    written = export.export(store, "csv", tmp_path / "csv", since=None, now=now, force=False)
    assert len(written) == 6 and all(private(path) for path in written)
