"""Privacy: health data readable by its owner alone, and nothing leaving the machine.

The privacy promises in README's "What coach promises", and where each is tested:
- the data folder 0700 and the database 0600 (with its -wal and -shm): tests/test_store.py
  `test_file_and_folder_are_private`; here the same under a umask that would make them public,
  after a migration (the backup), and for every export (CLI and the app's dialog):
  `test_every_file_coach_writes_is_private_whatever_the_umask`;
- exports written 0600: tests/test_report.py, tests/test_history_cli.py, and here;
- a whole day with network sockets blocked: `test_a_whole_day_opens_no_network_connection`.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli.main import cli
from coach.clinical import checkin_entry
from coach.clock import FakeClock
from coach.export import default_folder, export_to_folder
from coach.library import load_library
from coach.store import Store
from coach.store.checkins import save_checkin
from tests.conftest import FROZEN_NOW
from tests.helpers import SHORT, one_more_migration, real_database

LIBRARY = load_library(None)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that grants everyone everything, so only coach's own modes protect the files."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_coach_writes_is_private_whatever_the_umask(
    open_umask: None, tmp_path: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "new" / "data"
    db = data / "coach.db"
    store = Store.open(db)
    save_checkin(store, FakeClock(FROZEN_NOW), checkin_entry(pain=3))
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        assert _mode(path) == 0o600, path
    assert _mode(data) == _mode(data.parent) == 0o700
    # The app's export, into a new folder beside the database.
    (report,) = export_to_folder(
        store, LIBRARY, "html", default_folder(store) / "reports", since=None, now=FROZEN_NOW
    )
    assert _mode(report) == 0o600 and _mode(report.parent) == 0o700
    store.close()

    old = tmp_path / "old" / "coach.db"
    real_database(old, checkins=3)
    with one_more_migration(monkeypatch):  # so `old` is an older coach file, to be upgraded
        Store.open(old).close()
    [backup] = old.parent.glob("coach.db.before-*.bak")
    assert _mode(backup) == 0o600 and _mode(old) == 0o600

    runner = CliRunner()
    exports = tmp_path / "exports"
    for fmt, out in (("json", "x.json"), ("md", "x.md"), ("csv", "csv-folder")):
        result = runner.invoke(
            cli, ["--db", str(db), "export", "--format", fmt, "--out", str(exports / out)]
        )
        assert result.exit_code == 0, result.output
    written = [path for path in exports.rglob("*") if path.is_file()]
    assert len(written) >= 3
    assert {path.name: _mode(path) for path in written} == {path.name: 0o600 for path in written}
    assert _mode(exports) == _mode(exports / "csv-folder") == 0o700
    (exports / "x.json").chmod(0o644)  # overwriting a file someone loosened tightens it again
    result = runner.invoke(
        cli,
        [
            "--db",
            str(db),
            "export",
            "--format",
            "json",
            "--force",
            "--out",
            str(exports / "x.json"),
        ],
    )
    assert result.exit_code == 0 and _mode(exports / "x.json") == 0o600


#: Run in a fresh interpreter: an audit hook (which cannot be removed) refuses every socket
#: that is not a local AF_UNIX pair, and every name lookup and connection, and records them.
#: Then the day: a check-in, a routine, the history and an export in the app, and the commands.
DAY = r"""
import asyncio, json, socket, sys
from pathlib import Path

attempts = []

def guard(event, args):
    if event == "socket.__new__":
        family = args[1]
        if family != socket.AF_UNIX:
            attempts.append(f"{event} family={family}")
            raise PermissionError("network blocked by the test")
    elif event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                   "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "socket.bind",
                   "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect"):
        attempts.append(f"{event} {args[1:]!r}")
        raise PermissionError("network blocked by the test")

sys.addaudithook(guard)
try:  # the guard itself works, or this test proves nothing
    socket.create_connection(("127.0.0.1", 9), timeout=1)
except PermissionError:
    assert attempts, "the guard refused without recording"
    attempts.clear()
else:
    raise SystemExit("the network guard let a connection through")

from click.testing import CliRunner
from coach.app import make_app
from coach.cli.main import cli
from coach.clock import FakeClock
from coach.screens.history import HistoryScreen
from coach.screens.player import PlayerScreen
from coach.screens.summary import PainModal
from coach.store import Store
from tests.conftest import FROZEN_NOW
from tests.helpers import written

db, config, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
store = Store.open(db)
clock = FakeClock(FROZEN_NOW)
rows = {}

async def day():
    app = make_app(store=store, clock=clock, config_dir=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "4", *["enter"] * 6, "5", "enter", "3", "enter", "4", "enter")
        await pilot.pause()
        await pilot.press(*"nnnnnnn")
        await pilot.pause()
        app.action_start_routine("short")
        await pilot.pause()
        assert isinstance(app.screen, PainModal), app.screen
        await pilot.press("enter")  # pain now: this morning's 4
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen), app.screen
        while isinstance(app.screen, PlayerScreen):
            clock.advance(screen.timer.remaining())
            screen.on_deadline()
            await pilot.pause()
        await pilot.press("2", "enter")
        await written(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        app.action_history()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("2", "3", "e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    for table in ("checkins", "peg", "red_flags", "sessions", "reps"):
        rows[table] = store.db[table].count

asyncio.run(day())
store.close()
runner = CliRunner()
codes = {}
for args in (["status"], ["history"], ["routines"], ["routines", "show", "short"],
             ["checkin", "--pain", "3", "--replace"],
             ["export", "--format", "json", "--out", str(out / "day.json")],
             ["export", "--format", "csv", "--out", str(out / "csv")],
             ["export", "--format", "md", "--out", "-"],
             ["export", "--format", "html", "--out", str(out / "day.html")]):
    result = runner.invoke(cli, ["--db", str(db), *args], env={"COACH_CONFIG_DIR": str(config)})
    failure = repr(result.exception) if result.exit_code else ""
    codes[" ".join(args)] = (result.exit_code, failure)
print(json.dumps({"attempts": attempts, "rows": rows, "codes": codes}))
"""


def test_a_whole_day_opens_no_network_connection(tmp_path: Path, private_home: Path) -> None:
    config = tmp_path / "config"
    (config / "routines").mkdir(parents=True)
    (config / "routines" / "short.toml").write_text(SHORT)
    out = tmp_path / "out"
    script = tmp_path / "day.py"
    script.write_text(DAY)
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEXTUAL")}
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "coach.db"), str(config), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PYTHONPATH": str(Path(__file__).parent.parent)},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["attempts"] == []
    assert report["rows"] == {"checkins": 1, "peg": 1, "red_flags": 1, "sessions": 1, "reps": 4}
    assert {name: code for name, (code, _) in report["codes"].items()} == dict.fromkeys(
        report["codes"], 0
    ), report["codes"]
    assert (out / "day.json").exists() and (out / "csv" / "reps.csv").exists()
    assert (out / "day.html").exists()
    assert (tmp_path / "coach-export-2026-11-25.html").exists()  # the app's, beside the database
