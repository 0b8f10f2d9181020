"""User mistakes get one line naming the thing and the reason, a non-zero exit, and never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.mark.parametrize("command", [["history", "http://x.cn/a.html"], ["diff", "http://x.cn/a.html"],
                                     ["search", "疫情"], ["export", "out.warc.gz"],
                                     ["verify"]])
def test_readers_on_a_file_that_is_not_an_archive(tmp_path: Path, command: list[str]) -> None:
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("these are my notes", encoding="utf-8")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table t (a)")
    for db, reason in ((not_sqlite, "file is not a database"), (other, "no such table: snapshots")):
        result = run_cli(*command, "--db", str(db), cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.strip() == f"error: {db}: not a palimpsest archive ({reason})"
    assert not_sqlite.read_text(encoding="utf-8") == "these are my notes"


def test_fetch_into_a_file_that_is_not_an_archive_leaves_it_alone(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("these are my notes", encoding="utf-8")
    result = run_cli("fetch", "--db", str(db), "http://127.0.0.1:9/", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a palimpsest archive" in result.stderr and "Traceback" not in result.stderr
    assert db.read_text(encoding="utf-8") == "these are my notes"


def test_extract_with_an_unknown_charset(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(b"<p>x</p>")
    result = run_cli("extract", "--charset", "bogus", str(page), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: --charset 'bogus': unknown charset"
