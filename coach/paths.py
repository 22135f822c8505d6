"""Where coach keeps its data and the user's own files.

Found in one place so the CLI, the app and the tests agree. platformdirs honours
XDG_DATA_HOME / XDG_CONFIG_HOME on Linux; `--db` and COACH_DB point at another database
file, and COACH_CONFIG_DIR at another config folder (the tests use both).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import platformdirs

APP_NAME = "coach"
DB_FILENAME = "coach.db"
DB_ENV = "COACH_DB"
CONFIG_ENV = "COACH_CONFIG_DIR"

#: Health data is the owner's alone: folders we create are 0700, the database 0600.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


class PathError(ValueError):
    """A path the user gave that cannot even be spelled out, worded for them."""


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return expand(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The database file: `--db` first, then COACH_DB, then the user data folder."""
    if cli_value:
        return expand(cli_value)
    override = os.environ.get(DB_ENV)
    if override:
        return expand(override)
    return data_dir() / DB_FILENAME


def expand(value: str | os.PathLike[str]) -> Path:
    """`value` with a leading `~` or `~user` expanded; PathError when there is no such home."""
    path = Path(value)
    try:
        return path.expanduser()
    except RuntimeError:  # pathlib's way of saying "no such user" (or no HOME at all)
        home = path.parts[0]
        raise PathError(f"{value}: cannot find the home folder {home} (no such user?).") from None


def ensure_private_dir(path: Path) -> None:
    """Create `path` (and parents) readable by its owner alone; tighten what we made.

    Each missing parent is made 0700 too (mkdir's `parents=True` would leave them to the
    umask, world-writable under a umask of 0); folders that already exist are left alone.
    A file in the way raises NotADirectoryError naming it (mkdir would only say "File exists").
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        if folder.exists():
            raise NotADirectoryError(
                errno.ENOTDIR, f"{folder} is a file, not a folder", str(folder)
            )
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        folder.chmod(PRIVATE_DIR_MODE)


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of `path` (at most `limit`), which must be a regular file.

    A FIFO, a device or a socket given where a file belongs would block coach forever or feed
    it without end, so the file is opened without blocking and checked before it is read. A
    folder raises IsADirectoryError, anything else that is not a file OSError(EINVAL).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, device or socket)", str(path))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read() if limit is None else handle.read(limit)
    finally:
        os.close(fd)
