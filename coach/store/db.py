"""The one SQLite file, opened safely.

Why each setting:
- WAL, so a reader (history) never blocks the writer (a routine) and a crash never tears a page;
- synchronous=FULL, so a committed rep survives a power cut, not only a crash of the app;
- a busy timeout with writes begun by BEGIN IMMEDIATE, so a second copy of coach waits for
  the lock instead of failing (under WAL a plain BEGIN that later writes gets "database is
  locked" whatever the timeout);
- foreign keys on; the file 0600 and its folder 0700, because this is health data.

A file is judged before anything touches it: only a regular file, a SQLite header, a length
that matches the header, then its schema read through a connection that cannot write
(`immutable`, or read-only when a `-wal` holds data). Only an empty file or a file of coach's
own is adopted; one made by a newer coach, another program's database, a damaged or unreadable
file is refused with a StoreError and left byte for byte as it was: no WAL switch, no
migration, no backup, no change of mode.
"""

from __future__ import annotations

import filecmp
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from coach.paths import PRIVATE_FILE_MODE, ensure_private_dir, read_regular
from coach.store.locks import lock_holder

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
BUSY_TIMEOUT_MS = 10_000
#: The number of migrations in coach.store.schema, kept in PRAGMA user_version so that opening
#: an up-to-date file needs no sqlite-utils import (tests/test_store.py checks they agree).
SCHEMA_VERSION = 8
#: The tables and columns the migrations make, checked on every open so that a file with a
#: table or column gone is refused at once rather than failing mid-routine
#: (tests/test_store.py checks this against the migrations).
SCHEMA_COLUMNS: dict[str, tuple[str, ...]] = {
    "checkins": ("id", "day", "at", "pain", "activity", "activity_min", "sleep", "stiffness",
                 "new_symptoms", "note", "superseded_at", "activity_answered"),
    "peg": ("id", "checkin_id", "day", "at", "pain_avg", "enjoyment", "general_activity", "score"),
    "red_flags": ("id", "checkin_id", "day", "at", "question_set", "saddle_numbness",
                  "bladder_bowel", "sexual_dysfunction", "both_legs", "walking",
                  "serious_accident", "chest_pain", "one_leg", "fever", "weight_loss",
                  "back_lump", "night_pain", "straining_pain", "upper_back", "minor_fall",
                  "sudden_onset", "worsening", "leg_weakness", "trauma", "cancer_history",
                  "result", "superseded_at"),
    "follow_ups": ("id", "red_flag_id", "day", "at", "answer"),
    "about_you": ("id", "day", "at", "cancer_history", "steroids_osteoporosis", "weak_immunity",
                  "over_50_at_onset"),
    "notice_dismissals": ("id", "notice", "day", "at"),
    "sessions": ("id", "routine", "day", "started_at", "ended_at", "status", "pain_before",
                 "pain_after", "active_s", "leg_pain", "leg_pain_exercise"),
    "reps": ("id", "session_id", "step_no", "exercise", "set_no", "rep_no", "side", "hold_s",
             "held_s", "at"),
    "runs": ("id", "day", "at", "stage", "pain_during", "pain_after", "intervals_done",
             "ended_at", "active_s"),
    "run_intervals": ("id", "run_id", "interval_no", "run_s", "ran_s", "at"),
    "ratings": ("id", "session_id", "step_no", "exercise", "rating", "day", "at"),
    "hand_doses": ("id", "routine", "exercise", "day", "at", "reps", "hold_s"),
}  # fmt: skip
MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_SET = "coach"
#: Migration backups are named `<db>.before-<migration>-<stamp>[-n].bak`.
BACKUP_STAMP = "%Y%m%dT%H%M%SZ"


class StoreError(Exception):
    """A problem with the database file, worded for the user."""


@dataclass(frozen=True)
class _Found:
    """What an existing file holds, read without changing it."""

    coach_migrations: tuple[str, ...]  # those recorded in the file, in order
    up_to_date: bool


Value = TypeVar("Value")


class Store:
    """An open coach database. Every write is committed before the method that made it returns."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, notices: tuple[str, ...] = ()
    ) -> None:
        self.conn = conn
        self.path = path
        #: One-line things the user should know about the file (it was made private); the
        #: app shows them as notifications, the commands print them on stderr.
        self.notices = notices
        #: Writes committed through this connection: `PRAGMA data_version` counts only the
        #: other connections' (see `changes`).
        self.commits = 0
        #: What `remembered` keeps, and the state of the file it was worked out from.
        self._remembered: dict[Hashable, Any] = {}
        self._remembered_state: tuple[int, int, int] | None = None

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
        found = None if is_new else _inspect(path)
        notices = _make_private(path)
        try:
            conn = _connect(path)
        except sqlite3.Error as error:
            raise StoreError(f"Cannot open {path}: {error}.") from error
        store = cls(conn, path, notices)
        try:
            store._configure()
            if found is None or not found.up_to_date:
                store._migrate(backup=found is not None and bool(found.coach_migrations))
        except sqlite3.DatabaseError as error:
            conn.close()
            raise StoreError(describe(path, error)) from error
        except StoreError:
            conn.close()
            raise
        return store

    def another_connection(self) -> Store:
        """The same file on a connection of its own, set up as this one's: for a thread that
        writes while this connection reads (one connection's transactions are not per thread)."""
        assert self.path is not None, "an in-memory database has no second connection"
        try:
            store = Store(_connect(self.path), self.path)
            store._configure()
        except sqlite3.Error as error:
            raise StoreError(describe(self.path, error)) from error
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
        """One write transaction, taken with BEGIN IMMEDIATE and committed on leaving.

        A write inside a write joins it (as a savepoint): a caller can make several store
        functions one transaction, so that nothing is kept unless all of them succeed.
        """
        conn = self.conn
        nested = conn.in_transaction
        begin, commit, undo = (
            ("SAVEPOINT inner", "RELEASE inner", "ROLLBACK TO inner")
            if nested
            else ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
        )
        try:
            conn.execute(begin)
        except sqlite3.OperationalError as error:
            raise StoreError(describe(self.path, error)) from error
        try:
            yield self.db
            conn.execute(commit)
            if not nested:
                self.commits += 1
        except BaseException as error:
            if conn.in_transaction:
                conn.execute(undo)
                if nested:
                    conn.execute(commit)
            if isinstance(error, sqlite3.DatabaseError):
                raise StoreError(describe(self.path, error)) from error
            raise

    def changes(self) -> tuple[int, int]:
        """A marker that moves whenever anything is committed to the file, by this connection
        or another (another copy of coach, `coach checkin`). Costs one PRAGMA, no table read."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0], self.commits

    def remembered(self, key: Hashable, work_out: Callable[[], Value]) -> Value:
        """`work_out()`, kept under `key` until anything is written to the file: by another
        connection (`PRAGMA data_version`) or this one (the rows it changed, committed or not).
        What is worked out afresh from every record (the programme, the doses) then costs one
        PRAGMA while nothing changed. Nothing is kept from inside a transaction: it could be
        rolled back. Nor is a value during which anything was written: read partly before the
        write and partly after, it would stand for neither. The value is shared: callers must
        not change it."""
        state = self._written_state()
        if state != self._remembered_state:
            self._remembered.clear()
            self._remembered_state = state
        if key in self._remembered:
            return self._remembered[key]  # type: ignore[no-any-return]
        value = work_out()
        unchanged = self._written_state() == state == self._remembered_state
        if unchanged and not self.conn.in_transaction:
            self._remembered[key] = value
        return value

    def _written_state(self) -> tuple[int, int, int]:
        """`changes()` and this connection's changed rows, committed or not."""
        return (*self.changes(), self.conn.total_changes)

    def _configure(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if self.path is not None and mode.lower() != "wal":
            raise StoreError(f"{self.path} cannot be switched to WAL mode (it says {mode}).")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")

    def _migrate(self, *, backup: bool) -> None:
        """Apply the pending migrations, first copying the file beside itself when it holds
        records. The version is read again inside the transaction: another copy of coach may
        have migrated the file meanwhile (then nothing is pending), or a newer one."""
        from coach.store.schema import migrations

        pending = migrations.pending(self.db)
        if pending and backup and self.path is not None:
            self._backup(before=pending[0].name)
        with self.write():
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                _refuse_newer(self.path, f"version {version}")
            migrations.apply(self.db)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _backup(self, *, before: str) -> Path:
        """Copy the file beside itself before a migration touches it: one copy per state of the
        file. A copy left by an earlier attempt that failed is kept and used again when the
        file has not changed since; the copy is written to a temporary name and renamed, so no
        name is taken twice and a full disk leaves no empty or partial copy behind."""
        path = self.path
        assert path is not None
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        temp = Path(temp_name)
        try:
            with sqlite3.connect(temp) as copy:
                self.conn.backup(copy)
            copy.close()
            os.chmod(temp, PRIVATE_FILE_MODE)
            earlier = sorted(path.parent.glob(f"{path.name}.before-{before}-*.bak"))
            same = next((old for old in earlier if filecmp.cmp(old, temp, shallow=False)), None)
            if same is not None:
                return same
            target = _free_name(path, before)
            os.link(temp, target)  # fails rather than replace a copy of the same name
            _sync_folder(path.parent)
            return target
        except (sqlite3.Error, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            raise StoreError(
                f"{path} needs an upgrade, but the copy of it made first could not be written "
                f"({reason}). Nothing was changed; free some space and try again."
            ) from error
        finally:
            temp.unlink(missing_ok=True)

    def migration_names(self) -> list[str]:
        rows = self.conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id",
            [MIGRATION_SET],
        )
        return [row[0] for row in rows]


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=rw",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )


def backup_stamp() -> str:
    """The UTC time in a backup's name (a function, so a test can hold it still)."""
    return datetime.now(UTC).strftime(BACKUP_STAMP)


def _free_name(path: Path, before: str) -> Path:
    """`<db>.before-<migration>-<stamp>.bak`, with `-2`, `-3`… when that name is taken."""
    stem = f"{path.name}.before-{before}-{backup_stamp()}"
    target = path.with_name(f"{stem}.bak")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{stem}-{number}.bak")
    return target


def _sync_folder(folder: Path) -> None:
    """Make a new name in `folder` survive a power cut (a no-op where folders cannot be opened)."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _check_file(path: Path) -> bool:
    """Refuse what we must not open; return True when the file is new (created 0600 if absent)."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return _create(path)
    except OSError as error:
        raise StoreError(_unreachable(path, error)) from error
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path} is a folder, not a database file. Point --db at a file.")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(
            f"{path} is not a regular file (a pipe, a device or a socket), so it is not a coach "
            "database. It was not changed; point --db at a file."
        )
    try:
        header = read_regular(path, HEADER_SIZE)
    except OSError as error:
        raise StoreError(f"Cannot read {path}: {error.strerror}.") from error
    if header and header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a SQLite database, so it is not a coach database. It was not "
            "changed; point --db elsewhere or move the file away."
        )
    if header:
        _check_not_truncated(path, header)
    elif _has_data(sidecar(path, "-wal")):
        raise StoreError(
            f"{path} is empty but {path.name}-wal beside it is not: SQLite would throw that "
            "away. They were not changed; move them away or restore a backup."
        )
    if not os.access(path, os.W_OK):
        raise StoreError(f"Cannot write to {path}: it is read-only. It was not changed.")
    if not os.access(path.parent, os.W_OK):  # WAL keeps its -wal and -shm files beside it
        raise StoreError(
            f"Cannot write to {path}: the folder {path.parent} is not writable, and SQLite "
            "keeps its journal files beside the database. It was not changed."
        )
    return not header  # an empty file (a first run that failed, `touch`) is a new database


def _create(path: Path) -> bool:
    if os.path.islink(path):
        raise StoreError(
            f"{path} is a link to {os.readlink(path)}, which does not exist. Nothing was "
            "created; fix the link or point --db elsewhere."
        )
    try:
        ensure_private_dir(path.parent)
    except OSError as error:
        raise StoreError(f"Cannot create the folder {path.parent}: {error.strerror}.") from error
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"Cannot create {path}: the folder {path.parent} is not writable.")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except OSError as error:
        raise StoreError(f"Cannot create {path}: {error.strerror}.") from error
    os.close(fd)
    return True


def _unreachable(path: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return (
            f"Cannot reach {path}: permission denied (a folder on the way is not yours to "
            "open). Point --db at a file of yours."
        )
    return f"Cannot reach {path}: {error.strerror}."


def sidecar(path: Path, suffix: str) -> Path:
    """SQLite's `-wal` or `-shm` file of the database at `path`: beside the file itself, which
    for a link is where it leads."""
    return Path(f"{path.resolve()}{suffix}")


def _has_data(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


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


def _inspect(path: Path) -> _Found:
    """Read what `path` holds through a connection that cannot change it, and refuse a file
    that is not coach's, is newer than this coach, or has lost a table or a column.

    `immutable` reads the file alone and creates nothing; when a `-wal` holds data (another
    copy is running, or one was killed), read-only, which reads the log too.
    """
    query = "mode=ro" if _has_data(sidecar(path, "-wal")) else "immutable=1"
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?{query}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            columns: dict[str, set[str]] = {}
            for table, column in conn.execute(
                "SELECT m.name, p.name FROM sqlite_master AS m "
                "JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table'"
            ):
                columns.setdefault(table, set()).add(column)
            sets: list[tuple[str, str]] = []
            if MIGRATIONS_TABLE in columns:
                sets = conn.execute(
                    f"SELECT migration_set, name FROM {MIGRATIONS_TABLE} ORDER BY id"
                ).fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{describe(path, error)} It was not changed.") from error
    applied = tuple(name for migration_set, name in sets if migration_set == MIGRATION_SET)
    others = {table for table in columns if not table.startswith("sqlite_")} - {MIGRATIONS_TABLE}
    if not applied:
        if others or len(sets) > len(applied):
            shown = ", ".join(sorted(others)[:3]) + (", …" if len(others) > 3 else "")
            raise StoreError(
                f"{path} is a SQLite database of another program (its tables: {shown}), not "
                "a coach database. It was not changed; point --db at a new file."
            )
        return _Found(applied, up_to_date=False)  # an empty SQLite file: adopted
    if version > SCHEMA_VERSION or len(applied) > SCHEMA_VERSION:
        _refuse_newer(path, f"version {max(version, len(applied))}")
    if version == SCHEMA_VERSION and len(applied) == SCHEMA_VERSION:
        _check_columns(path, columns)
        return _Found(applied, up_to_date=True)
    from coach.store.schema import known_migrations  # an upgrade: sqlite-utils is needed now

    unknown = set(applied) - set(known_migrations())
    if unknown:
        _refuse_newer(path, max(unknown))
    return _Found(applied, up_to_date=False)


def _refuse_newer(path: Path | None, schema: str) -> None:
    raise StoreError(
        f"{path} was made by a newer version of coach (schema {schema}). "
        "It was not changed; upgrade coach to open it."
    )


def _check_columns(path: Path, found: dict[str, set[str]]) -> None:
    for table, wanted in SCHEMA_COLUMNS.items():
        if table not in found:
            lost = f"has no {table} table"
        elif missing := [column for column in wanted if column not in found[table]]:
            lost = f"has lost the column {table}.{missing[0]}"
        else:
            continue
        raise StoreError(
            f"{path} {lost}, so coach cannot use it. It was not changed; restore a backup "
            "or move it away."
        )


def _make_private(path: Path) -> tuple[str, ...]:
    """Take from group and others any access to the database and its -wal and -shm: a file
    restored from a backup or copied by another tool may have come back readable by all."""
    loosened = []
    for file in (path, sidecar(path, "-wal"), sidecar(path, "-shm")):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
        except OSError:
            continue
        if not mode & 0o077:
            continue
        try:
            os.chmod(file, PRIVATE_FILE_MODE)
        except OSError as error:
            return (
                f"{file} is open to other users ({mode:04o}) and coach cannot change that "
                f"({(error.strerror or str(error)).lower()}); make it 0600 yourself.",
            )
        loosened.append(f"{file.name} ({mode:04o})")
    if not loosened:
        return ()
    return (f"{path} was open to other users: {', '.join(loosened)} made private (0600).",)


def describe(path: Path | None, error: sqlite3.Error) -> str:
    """A SQLite error as a sentence naming the file and what the user can do."""
    text = str(error)
    name = str(path) if path is not None else "the database"
    if "disk is full" in text or "database or disk is full" in text:
        return f"The disk holding {name} is full: nothing more could be saved. Free some space."
    if "malformed" in text or "not a database" in text:
        return f"{name} is damaged ({text}): restore a backup or move it away."
    if "no such table" in text or "no such column" in text:
        return f"{name} is not as coach made it ({text}): restore a backup or move it away."
    if "readonly" in text or "read-only" in text:
        return f"Cannot write to {name}: it is read-only."
    if "disk I/O error" in text:
        return (
            f"{name} could not be read or written (disk I/O error): the disk may be full, "
            "removed or failing, or its -wal file was deleted while coach had it open."
        )
    if "locked" in text or "busy" in text:
        holder = lock_holder(path) if path is not None else None
        return f"{name} is locked by {holder or 'another program'}; try again in a moment."
    return f"{name}: {text}."


def failure_message(error: BaseException, path: Path | None) -> str | None:
    """The one line to end on when `error` is a problem of the database file, else None: the
    app and the commands stop with it instead of a traceback."""
    if isinstance(error, StoreError):
        return str(error)
    if isinstance(error, sqlite3.Error):
        return describe(path, error)
    return None
