"""The one SQLite file, opened safely.

Why each setting:
- WAL, so a reader (history) never blocks the writer (a routine) and a crash never tears a page;
- synchronous=FULL, so a committed rep survives a power cut, not only a crash of the app;
- a busy timeout with writes begun by BEGIN IMMEDIATE, so a second copy of coach waits for
  the lock instead of failing (under WAL a plain BEGIN that later writes gets "database is
  locked" whatever the timeout);
- foreign keys on; the file 0600 and its folder 0700, because this is health data.
A file we cannot trust (not SQLite, corrupt, made by a newer coach, unreadable) is refused with
a StoreError and never changed.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.paths import PRIVATE_FILE_MODE, ensure_private_dir

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
BUSY_TIMEOUT_MS = 10_000
#: The number of migrations in coach.store.schema, kept in PRAGMA user_version so that opening
#: an up-to-date file needs no sqlite-utils import (tests/test_store.py checks they agree).
SCHEMA_VERSION = 1


class StoreError(Exception):
    """A problem with the database file, worded for the user."""


class Store:
    """An open coach database. Every write is committed before the method that made it returns."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path

    @cached_property
    def db(self) -> Database:
        """sqlite-utils over the same connection, imported on first use (it costs start-up)."""
        from sqlite_utils import Database

        return Database(self.conn)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if new) and migrate the database at `path`, or raise StoreError."""
        path = Path(path)
        is_new = _check_file(path)
        mode = "rwc" if is_new else "rw"
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode={mode}",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise StoreError(f"Cannot open {path}: {error}.") from error
        store = cls(conn, path)
        try:
            store._configure()
            store._migrate(backup=not is_new)
        except sqlite3.DatabaseError as error:
            conn.close()
            raise StoreError(_describe(path, error)) from error
        except StoreError:
            conn.close()
            raise
        return store

    @classmethod
    def in_memory(cls) -> Store:
        """A throwaway store (benchmarks of the domain, property tests)."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(conn, None)
        store._configure()
        store._migrate(backup=False)
        return store

    def close(self) -> None:
        self.conn.close()

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        """Run a read and give its rows as `sqlite3.Row`, read by column name.

        Only this cursor's rows are named: sqlite-utils and the exports share the connection
        and expect plain tuples.
        """
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params)

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One write transaction, taken with BEGIN IMMEDIATE and committed on leaving."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(_describe(self.path, error)) from error
        try:
            yield self.db
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError):
                raise StoreError(_describe(self.path, error)) from error
            raise

    def _configure(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if self.path is not None and mode.lower() != "wal":
            raise StoreError(f"{self.path} cannot be switched to WAL mode (it says {mode}).")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")

    def _migrate(self, *, backup: bool) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return  # the common case, decided without importing sqlite-utils
        from coach.store.schema import known_migrations, migrations

        applied = {m.name for m in migrations.applied(self.db)}
        unknown = applied - set(known_migrations())
        if unknown or version > SCHEMA_VERSION:
            newest = max(unknown) if unknown else f"version {version}"
            raise StoreError(
                f"{self.path} was made by a newer version of coach (schema {newest}). "
                "It was not changed; upgrade coach to open it."
            )
        pending = migrations.pending(self.db)
        if pending:
            if backup and self.path is not None and _has_user_tables(self.conn):
                self._backup(before=pending[0].name)
            with self.write():
                migrations.apply(self.db)
        self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _backup(self, *, before: str) -> Path:
        """Copy the file beside itself before a migration touches it."""
        assert self.path is not None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.before-{before}-{stamp}.bak")
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        os.close(fd)
        with sqlite3.connect(target) as copy:
            self.conn.backup(copy)
        copy.close()
        return target

    def migration_names(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'coach' ORDER BY id"
        )
        return [row[0] for row in rows]


def _has_user_tables(conn: sqlite3.Connection) -> bool:
    rows = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
        "AND name != '_sqlite_migrations' AND name NOT LIKE 'sqlite_%'"
    )
    return rows.fetchone()[0] > 0


def _check_file(path: Path) -> bool:
    """Refuse what we must not open; return True when the file is new (and create it 0600)."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. Point --db at a file.")
    try:
        ensure_private_dir(path.parent)
    except OSError as error:
        raise StoreError(f"Cannot create the folder {path.parent}: {error.strerror}.") from error
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(HEADER_SIZE)
        except OSError as error:
            raise StoreError(f"Cannot read {path}: {error.strerror}.") from error
        if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
            what = "is empty" if not header else "is not a SQLite database"
            raise StoreError(
                f"{path} {what}, so it is not a coach database. It was not changed; "
                "point --db elsewhere or move the file away."
            )
        _check_not_truncated(path, header)
        if not os.access(path, os.W_OK):
            raise StoreError(f"Cannot write to {path}: it is read-only. It was not changed.")
        if not os.access(path.parent, os.W_OK):  # WAL keeps its -wal and -shm files beside it
            raise StoreError(
                f"Cannot write to {path}: the folder {path.parent} is not writable, and SQLite "
                "keeps its journal files beside the database. It was not changed."
            )
        return False
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"Cannot create {path}: the folder {path.parent} is not writable.")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except OSError as error:
        raise StoreError(f"Cannot create {path}: {error.strerror}.") from error
    os.close(fd)
    return True


def _check_not_truncated(path: Path, header: bytes) -> None:
    """Catch a cut-short file from its header alone.

    A full `PRAGMA quick_check` reads every page (0.3 s on ten years of data) and would cost every
    start; the header's page count against the file's size is free. Damage inside a page still
    surfaces as a StoreError when SQLite reads it.
    """
    if len(header) < HEADER_SIZE:
        raise StoreError(f"{path} is damaged (shorter than a SQLite header). It was not changed.")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size_is_valid = header[24:28] == header[92:96] and pages > 0
    if size_is_valid and path.stat().st_size < pages * page_size:
        raise StoreError(
            f"{path} is damaged: it is shorter than SQLite says it should be (cut off while "
            "copying?). It was not changed; restore a backup or move it away."
        )


def _describe(path: Path | None, error: sqlite3.Error) -> str:
    text = str(error)
    name = str(path) if path is not None else "the database"
    if "disk is full" in text or "database or disk is full" in text:
        return f"The disk holding {name} is full: nothing more could be saved. Free some space."
    if "malformed" in text or "not a database" in text:
        return f"{name} is damaged ({text}). It was not changed; restore a backup or move it away."
    if "readonly" in text or "read-only" in text:
        return f"Cannot write to {name}: it is read-only."
    if "locked" in text or "busy" in text:
        return f"{name} is busy in another copy of coach; try again in a moment."
    return f"{name}: {text}."
