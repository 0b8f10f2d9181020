"""Writing one row with plain SQL.

sqlite-utils' `table.insert()` reads the schema and opens a savepoint on every call, which costs more than the
INSERT itself on the store's per-page path; and each savepoint makes FTS5 flush its pending index entries to
disk early. The statement text is the same for every row of a table, so SQLite's statement cache keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlite_utils import Database


def insert_row(db: Database, table: str, row: Mapping[str, object]) -> int:
    """INSERT `row` (column → value) into `table`; returns its rowid."""
    columns = ", ".join(f"[{name}]" for name in row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values())).lastrowid
