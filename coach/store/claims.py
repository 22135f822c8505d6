"""A session being played is claimed by the process playing it, so that another copy of coach
can tell a live session from one that a crash or a closed terminal left behind.

The claim is an exclusive `flock` on a small file beside the database
(`coach.db.session-42.lock`, 0600). The kernel drops it when the process ends, however it ends
(a crash, `kill -9`, a closed terminal), so there is no heartbeat to go stale and nothing to
clean up after a crash. Whoever plays, resumes or closes a session claims it first, and
another process's claim is never taken over: a session played in another window is neither
resumed nor closed here. The claim that ends its session removes the file; one left by a crash
is reused when the session is resumed or closed.

Where there is no `flock` (Windows) or no file (an in-memory store), no other process can be
told apart, and every claim is granted, as before claims existed.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from coach.paths import PRIVATE_FILE_MODE
from coach.store.db import Store, StoreError
from coach.store.sessions import Session, unfinished_sessions

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


#: The claim files this process holds now. A `flock` cannot tell this process's own claim
#: from another's (two open files conflict), so what a day shows as playing in another window
#: leaves these out.
_HELD_HERE: set[Path] = set()


class SessionClaim:
    """This process's hold on one session, until `release` or `end` (or the process ends)."""

    def __init__(self, session_id: int, fd: int | None, path: Path | None) -> None:
        self.session_id = session_id
        self._fd = fd
        self._path = path
        if fd is not None and path is not None:
            _HELD_HERE.add(path)

    def release(self) -> None:
        """Let the session go, still unfinished: another copy may then resume or close it."""
        if self._fd is not None:
            os.close(self._fd)  # closing the file drops the lock
            self._fd = None
            if self._path is not None:
                _HELD_HERE.discard(self._path)

    def end(self) -> None:
        """Let the session go for good, once it has ended: its file goes with the claim."""
        if self._fd is not None and self._path is not None:
            self._path.unlink(missing_ok=True)
        self.release()


def claim_path(store: Store, session_id: int) -> Path | None:
    if store.path is None or fcntl is None:
        return None
    return store.path.with_name(f"{store.path.name}.session-{session_id}.lock")


def claim_session(store: Store, session_id: int) -> SessionClaim | None:
    """Claim `session_id` for this process; None when another process holds it."""
    path = claim_path(store, session_id)
    if path is None:
        return SessionClaim(session_id, None, None)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, PRIVATE_FILE_MODE)
    except OSError as error:
        raise _cannot_use(path, error) from error
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)  # whatever the umask
        if not _lock_exclusive(fd):
            os.close(fd)
            return None
    except OSError as error:
        os.close(fd)
        raise _cannot_use(path, error) from error
    return SessionClaim(session_id, fd, path)


#: How often, and how far apart, a claim is tried again before it counts as another's: another
#: window's `claimed_elsewhere` holds a shared lock on the file for a few microseconds.
CLAIM_TRIES = 10
CLAIM_RETRY_S = 0.005


def _lock_exclusive(fd: int) -> bool:
    """Whether this process took the exclusive lock: a player's claim is held for as long as
    it plays, a look from another window only for an instant, which is waited out."""
    for attempt in range(CLAIM_TRIES):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if attempt + 1 < CLAIM_TRIES:
                time.sleep(CLAIM_RETRY_S)
        else:
            return True
    return False


def claimed_elsewhere(store: Store, session_id: int) -> bool:
    """Whether another process is playing `session_id` now. A claim this process holds counts
    too (flock locks of two open files conflict), so ask only about sessions it does not play."""
    path = claim_path(store, session_id)
    if path is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise _cannot_use(path, error) from error
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # and with it the shared lock, if it was taken
    return False


def played_elsewhere(store: Store, session_id: int) -> bool:
    """Whether another copy of coach is playing `session_id` now: `claimed_elsewhere`, less
    the sessions this process plays itself."""
    if claim_path(store, session_id) in _HELD_HERE:
        return False
    return claimed_elsewhere(store, session_id)


def _cannot_use(path: Path, error: OSError) -> StoreError:
    return StoreError(f"Cannot use {path}, which marks a routine being played: {error.strerror}.")


@dataclass(frozen=True)
class Unfinished:
    """The sessions still in progress, as start-up sees them."""

    left: Session | None  # the latest one a crash or a closed terminal left: offer it
    elsewhere: tuple[Session, ...]  # played in another window right now: leave them be


def unfinished(store: Store) -> Unfinished:
    """Which unfinished sessions are alive in another window and which were left behind."""
    left, elsewhere = None, []
    for session in unfinished_sessions(store):
        if claimed_elsewhere(store, session.id):
            elsewhere.append(session)
        elif left is None:
            left = session
    return Unfinished(left, tuple(elsewhere))
