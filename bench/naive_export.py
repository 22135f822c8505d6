"""The floor for `coach export --format json`: plain `sqlite3` and one `json.dumps` of every row.

Every table named is read whole into lists of dicts and written in one call: the fastest a
Python JSON export can be, and the most memory it takes. It imports nothing of coach (its
memory is Python's and the rows'); bench_export names the tables and times coach against it.
Usage: python bench/naive_export.py DATABASE OUT TABLE...
"""

import json
import sqlite3
import sys


def main(database: str, out: str, tables: list[str]) -> None:
    conn = sqlite3.connect(database)
    rows = {}
    for table in tables:
        cursor = conn.execute(f"SELECT * FROM {table}")
        columns = [column[0] for column in cursor.description]
        rows[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"tables": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
