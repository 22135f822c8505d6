"""Processes and the database file as the terminal tests watch them from outside coach."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


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
