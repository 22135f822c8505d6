"""Who holds the database's write lock, so that a wait can name it instead of guessing.

In WAL mode a writer holds a POSIX lock on byte 120 of the `-shm` file (SQLite's
WAL_WRITE_LOCK) for as long as its transaction lasts. Linux lists every such lock in
/proc/locks with the holder's pid; the pid's /proc entry gives its name. Elsewhere, or when the
holder is this process (another connection of coach's own), nothing is said.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Where SQLite's WAL_WRITE_LOCK sits in the `-shm` file (WALINDEX_LOCK_OFFSET).
WAL_WRITE_LOCK_BYTE = 120
#: A program whose name is this is a copy of coach (the installed command is a script of
#: that name, and Linux names a script's process after it).
COACH_PROCESS = "coach"


def lock_holder(db: Path) -> str | None:
    """The program holding `db`'s write lock, e.g. "sqlite3 (pid 4242)" or "another copy of
    coach (pid 4242)"; None when the system does not say."""
    try:
        shm = os.stat(f"{db.resolve()}-shm")  # beside the file itself, where a link leads
        locks = Path("/proc/locks").read_text()
    except OSError:
        return None
    where = f"{os.major(shm.st_dev):02x}:{os.minor(shm.st_dev):02x}:{shm.st_ino}"
    for line in locks.splitlines():
        fields = line.split()
        if len(fields) < 8 or fields[1] == "->":  # "->" marks a lock waited for, not held
            continue
        _, kind, _, access, pid, inode, start, _ = fields[:8]
        held = kind in ("POSIX", "OFDLCK") and access == "WRITE" and inode == where
        if held and start == str(WAL_WRITE_LOCK_BYTE) and pid.isdigit():
            return _program(int(pid))
    return None


def _program(pid: int) -> str | None:
    if pid == os.getpid():
        return None
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return f"another program (pid {pid})"
    if name == COACH_PROCESS:
        return f"another copy of coach (pid {pid})"
    return f"{name} (pid {pid})"
