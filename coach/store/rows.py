"""The rows the CSV and JSON exports hold: every exported table as stored, oldest first.

Read as they are written, never a whole table in memory, and apart from the history queries
(and what they import): `coach export` starts on this module alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from operator import itemgetter

from coach.store.db import Store

EXPORT_TABLES: tuple[str, ...] = (
    "checkins",
    "peg",
    "red_flags",
    "follow_ups",
    "about_you",
    "notice_dismissals",
    "sessions",
    "reps",
    "ratings",
    "hand_doses",
    "runs",
    "run_intervals",
)

#: Each value as `json_rows` gives it to `json_object`: a REAL as Python writes it (the SQL
#: function `coach_repr`, `float.__repr__`), an infinity as ±9e999 (JSON has no word for it; Python
#: and JavaScript read that number as one, stricter readers as the largest float or an
#: error), anything else as it is.
_JSON_VALUE = (
    "CASE WHEN typeof({value}) <> 'real' THEN {value} "
    "WHEN abs({value}) < 9e999 THEN json(coach_repr({value})) "
    "ELSE json(IIF({value} > 0, '9e999', '-9e999')) END"
)


def export_rows(
    store: Store, table: str, since: date | None = None, *, each: str = "{value}"
) -> tuple[list[str], Iterator[tuple[object, ...]]]:
    """A table's columns, and its rows as stored (reps follow their session's day, run
    intervals their run's), oldest first, read as they are used; `each`, SQL of a `{value}`,
    is what SQLite gives of each value (the CSV's guard against formulas)."""
    columns = _columns(store, table)
    select = ", ".join(
        f"{each.format(value=_column(table, column))} AS {_identifier(column)}"
        for column in columns
    )
    return columns, store.conn.execute(_export_query(table, select), [since_text(since)])


def json_rows(store: Store, table: str, since: date | None = None) -> Iterator[str]:
    """The rows of `export_rows`, each a JSON object of its columns in order, made by SQLite
    (`json_object`, in C, rather than a dict built and encoded in Python for every row).

    SQLite would write a REAL with 15 digits, changing 0.30000000000000004 into 0.3;
    so each REAL, whatever column holds it (SQLite lets any column hold one), is written by
    Python's `repr`, the shortest text that reads back as the same number, as `json.dumps`."""
    conn = store.conn
    conn.create_function("coach_repr", 1, float.__repr__, deterministic=True)
    columns = _columns(store, table)
    pairs = ", ".join(
        "?, " + _JSON_VALUE.format(value=_column(table, column)) for column in columns
    )
    sql = _export_query(table, f"json_object({pairs})")
    return map(itemgetter(0), conn.execute(sql, [*columns, since_text(since)]))


def _columns(store: Store, table: str) -> list[str]:
    """The table's columns in order, as `SELECT *` gives them."""
    info = store.conn.execute("SELECT name FROM pragma_table_info(?) ORDER BY cid", [table])
    return [row[0] for row in info]


def _column(table: str, column: str) -> str:
    return f"{_identifier(table)}.{_identifier(column)}"


def _export_query(table: str, select: str) -> str:
    if table not in EXPORT_TABLES:
        raise ValueError(f"not an exported table: {table}")
    if table == "reps":
        return (
            f"SELECT {select} FROM reps JOIN sessions ON sessions.id = reps.session_id "
            "WHERE sessions.day >= ? ORDER BY reps.session_id, reps.id"
        )
    if table == "run_intervals":
        return (
            f"SELECT {select} FROM run_intervals JOIN runs ON runs.id = run_intervals.run_id "
            "WHERE runs.day >= ? ORDER BY run_intervals.run_id, run_intervals.id"
        )
    if table == "about_you":  # background, not events: the latest answers hold whatever the day
        return f"SELECT {select} FROM about_you WHERE ? IS NOT NULL ORDER BY id"
    return f"SELECT {select} FROM {table} WHERE day >= ? ORDER BY day, id"


def _identifier(name: str) -> str:
    """A column's name quoted for SQL, whatever it holds (a column added by another tool)."""
    return '"' + name.replace('"', '""') + '"'


def since_text(since: date | None) -> str:
    """`since` as the queries compare it with a `day`: from the first record when None."""
    return since.isoformat() if since else "0000-01-01"
