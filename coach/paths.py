"""Where coach keeps its data and the user's own files.

Found in one place so the CLI, the app and the tests agree. platformdirs honours
XDG_DATA_HOME / XDG_CONFIG_HOME on Linux; `--db` and COACH_DB point at another database
file, and COACH_CONFIG_DIR at another config folder (the tests use both).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "coach"
DB_FILENAME = "coach.db"
DB_ENV = "COACH_DB"
CONFIG_ENV = "COACH_CONFIG_DIR"

#: Health data is the owner's alone: folders we create are 0700, the database 0600.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The database file: `--db` first, then COACH_DB, then the user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return data_dir() / DB_FILENAME


def ensure_private_dir(path: Path) -> None:
    """Create `path` (and parents) readable by its owner alone; tighten what we made.

    Each missing parent is made 0700 too (mkdir's `parents=True` would leave them to the
    umask, world-writable under a umask of 0); folders that already exist are left alone.
    """
    if path.is_dir():
        return
    missing = [folder for folder in (path, *path.parents) if not folder.is_dir()]
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        folder.chmod(PRIVATE_DIR_MODE)
