"""Processes and the database file as the terminal tests watch them from outside coach."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from coach.store import Store
from harness.terminal import COACH, Terminal
from tests.helpers import screened


def descendant_running(pid: int, name: str) -> int:
    """The pid of the process under `pid` whose command line mentions `name`."""
    pending = [pid]
    while pending:
        current = pending.pop()
        cmdline = Path(f"/proc/{current}/cmdline").read_bytes().replace(b"\0", b" ")
        if current != pid and name.encode() in cmdline:
            return current
        for task in Path(f"/proc/{current}/task").iterdir():
            pending += [int(child) for child in (task / "children").read_text().split()]
    raise AssertionError(f"no {name} process under {pid}")


def wait_gone(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and process_state(pid) != "Z":
        if time.monotonic() > deadline:
            raise AssertionError(f"process {pid} still running after SIGKILL")
        time.sleep(0.05)


def process_state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


def run_coach(
    *args: str,
    env: dict[str, str],
    command: Sequence[str] = (str(COACH),),
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """The installed command (or `command`, e.g. `AsNobody.coach`), run to its end, stdin
    closed."""
    return subprocess.run(
        [*command, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def one_line_refusal(result: subprocess.CompletedProcess[str], words: str) -> None:
    """The command refused with exit code 2 and one line on stderr containing `words`."""
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("coach: ") and words in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def count_reps(db: Path) -> int:
    """Read the live file the way another program would, through its own connection."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute("SELECT count(*) FROM reps").fetchone()[0]


def wait_for_reps(db: Path, at_least: int, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = count_reps(db)
        if count >= at_least:
            return count
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} reps on disk after {timeout} s")


def checked_in_today(db: Path, pain: int = 3) -> None:
    """Today's check-in by the real clock (as the installed coach sees the day), with the
    warning signs answered and current: `coach start` asks only "Pain now?" (`into_player`)."""
    today = time.strftime("%Y-%m-%d")
    store = Store.open(db)
    try:
        with store.write() as conn:
            conn["checkins"].insert({"day": today, "at": f"{today}T06:00:00.000Z", "pain": pain})
        screened(store, date.fromisoformat(today))
    finally:
        store.close()


def into_player(term: Terminal) -> str:
    """Past "Pain now?" before a routine (Enter keeps this morning's pain) to the player's
    first get-ready; the screen then."""
    term.wait_for("Pain now?")
    term.keys("Enter")
    return term.wait_for("GET READY")
