"""User mistakes get one line naming the thing and the reason, a non-zero exit, and never a traceback."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import Archive, CaptureRecord, SnapshotRecord, StoreError
from store.schema import SCHEMA_VERSION
from tests.conftest import ROOT, run_cli
from tests.site import Response, Site


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


# Codecs Python knows that decode no page: bytes to bytes, text to text, failing on any page ("replace" too), or
# reading backslash escapes.
@pytest.mark.parametrize("charset", ["bogus", "", "base64", "rot13", "hex", "zlib", "bz2", "idna", "undefined",
                                     "unicode_escape", "raw-unicode-escape"])  # (Python's escapes: no page's)
def test_extract_with_an_unknown_charset(tmp_path: Path, charset: str) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(b"<p>x</p>")
    result = run_cli("extract", "--charset", charset, str(page), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: --charset {charset!r}: unknown charset"


def test_extract_from_a_closed_stdin(tmp_path: Path) -> None:
    result = subprocess.run(["sh", "-c", 'exec "$0" -m crawler extract - <&-', sys.executable], capture_output=True,
                            text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.returncode == 2
    assert result.stderr == "error: -: no standard input (it is closed)\n"


def test_a_304_to_a_request_that_was_not_conditional_is_a_failure(site: Site, config_file: Path) -> None:
    site.routes["/a.html"] = Response(b"", 304, {})  # (a broken server: no page stored, nothing to confirm)
    url = site.url("/a.html")
    result = run_cli("fetch", "--config", str(config_file), url, cwd=config_file.parent)
    assert "if-none-match" not in site.hits("/a.html")[0].headers
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: {url}: http_304 (304 Not Modified, but no version of this page is stored: " \
                            "nothing to read)\n"


def test_serve_on_a_port_in_use_or_an_address_that_is_none_says_so_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    Archive(db).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--db", str(db), "--port", str(port), cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stderr == f"error: 127.0.0.1:{port}: cannot serve (Address already in use)\n"
    result = run_cli("serve", "--db", str(db), "--host", "999.1.1.1", "--port", str(port), cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1  # (the resolver's reason varies)
    assert result.stderr.startswith(f"error: 999.1.1.1:{port}: cannot serve (")


def test_writers_refuse_an_sqlite_file_of_something_else_and_leave_it_alone(tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table notes (a)")
    result = run_cli("fetch", "--db", str(other), "http://127.0.0.1:9/", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == \
        f"error: {other}: not a palimpsest archive (an SQLite file with other tables: notes); give another --db"
    with sqlite3.connect(other) as conn:  # (no table of ours added, its journal mode as it was)
        assert conn.execute("select name from sqlite_master").fetchall() == [("notes",)]
        assert conn.execute("pragma journal_mode").fetchone() == ("delete",)


def test_a_store_of_a_newer_palimpsest_is_refused_by_readers_and_writers(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    Archive(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("pragma user_version = 99")
    for command in (["history", "http://x.cn/a.html"], ["fetch", "http://127.0.0.1:9/"]):
        result = run_cli(*command, "--db", str(db), cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip() == (f"error: {db}: written by a newer palimpsest (schema 99; this one knows up "
                                          f"to {SCHEMA_VERSION}): upgrade palimpsest to use it")


def test_a_store_locked_by_another_writer_is_named_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "archive.db"
    with Archive(db) as archive:
        archive.record(CaptureRecord(url="http://x.cn/a.html", fetched_at="2026-11-27T00:00:00Z", outcome="ok"))
    monkeypatch.setattr(Archive, "busy_timeout", 0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # (another process in the middle of a write)
    try:
        with pytest.raises(StoreError) as opening:
            Archive(db)
        locked = f"{db}: locked by another process writing to it (waited 0.2 s); try again when it is done"
        assert str(opening.value) == locked
        reader = Archive(db, readonly=True)  # (WAL: readers go on reading)
        assert reader.latest_version("http://x.cn/a.html") is None
        reader.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Archive(db) as archive:
        with sqlite3.connect(db, isolation_level=None) as late:
            late.execute("BEGIN IMMEDIATE")  # (a lock taken while a run is writing: that write fails, by name)
            with pytest.raises(StoreError, match="locked by another process"):
                archive.record(CaptureRecord(url="http://x.cn/b.html", fetched_at="2026-11-27T00:01:00Z",
                                             outcome="ok"))
            late.execute("ROLLBACK")
        assert archive.db.execute("select count(*) from captures").fetchone() == (1,)  # (nothing lost)


def test_a_read_only_store_is_named_so_by_every_writer(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    Archive(db).close()
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not permitted here: a read-only file cannot be made for root otherwise")
    try:
        for command in (["fetch", "http://127.0.0.1:9/"], ["crawl", "--all"]):
            config = tmp_path / "config.toml"
            config.write_text('[[sources]]\nname = "t"\nurls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
            result = run_cli(*command, "--config", str(config), "--db", str(db), cwd=tmp_path)
            assert result.returncode == 2 and "Traceback" not in result.stderr
            assert result.stderr.strip() == f"error: {db}: read-only: palimpsest cannot write to it (check its and " \
                                            "its directory's permissions)"
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


def test_a_daemon_whose_lock_file_cannot_be_made_says_so(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nname = "t"\nurls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    db = tmp_path / "archive.db"
    (tmp_path / "archive.db.lock").mkdir()
    result = run_cli("daemon", "--config", str(config), "--db", str(db), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"error: {db}.lock: cannot open the daemon's lock file (Is a directory)"


def test_a_store_damaged_where_a_reader_reads_is_one_line(tmp_path: Path) -> None:
    db, url = tmp_path / "archive.db", "http://x.cn/a.html"
    with Archive(db) as archive:
        archive.record(CaptureRecord(url=url, fetched_at="2026-11-27T00:00:00Z", outcome="ok", status=200),
                       SnapshotRecord("标题", "正文第一段。"))
    with sqlite3.connect(db) as conn:  # (bytes that are not UTF-8 where a text was)
        conn.execute("update snapshots set text = cast(x'ff41' as text)")
    for command in (["history", url], ["search", "标题"]):
        result = run_cli(*command, "--db", str(db), cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip() == ("error: the store cannot be read here (Could not decode to UTF-8 column "
                                         "'text' with text '\ufffdA'); `palimpsest verify` names what is damaged")


# Opens a store and records a page at the moment given (time.time()), so that the processes start together.
OPEN_AT_ONCE = """
import sys, time
from store import Archive, CaptureRecord
path, start, n = sys.argv[1], float(sys.argv[2]), sys.argv[3]
time.sleep(max(0.0, start - time.time()))
with Archive(path) as archive:
    archive.record(CaptureRecord(url=f"http://x.cn/{n}.html", fetched_at="2026-11-27T00:00:00Z", outcome="ok"))
"""


def test_processes_creating_one_new_store_at_once_take_turns(tmp_path: Path) -> None:
    """Each waits while another creates the tables: none fails, as it did when its schema transaction read first."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for attempt in range(3):  # (the race is lost within one attempt or two when the transaction reads first)
        db = tmp_path / f"archive{attempt}.db"
        start = time.time() + 1.0  # (after every interpreter has started)
        processes = [subprocess.Popen([sys.executable, "-c", OPEN_AT_ONCE, str(db), str(start), str(n)],
                                      env=env, stderr=subprocess.PIPE, text=True) for n in range(6)]
        errors = [process.communicate(timeout=60)[1] for process in processes]
        assert [(process.returncode, error) for process, error in zip(processes, errors, strict=True)] == \
            [(0, "")] * 6
        with sqlite3.connect(db) as conn:
            assert conn.execute("select count(*) from captures").fetchone() == (6,)


def test_a_writer_in_the_older_journal_mode_is_waited_for_as_any_other(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # (SQLite refuses the switch to WAL at once while it writes: the switch is tried again for the busy timeout, as
    # processes creating one new store together need; the message says how long it waited)
    db = tmp_path / "archive.db"
    Archive(db).close()
    monkeypatch.setattr(Archive, "busy_timeout", 0.5)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")  # (as another SQLite tool may leave it)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as opening:
            Archive(db)
        assert 0.5 <= time.monotonic() - started < 5
        assert str(opening.value) == f"{db}: locked by another process writing to it (waited 0.5 s); try again when " \
                                     "it is done"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    Archive(db).close()  # (its writer gone, the store opens, back in WAL)


@pytest.mark.parametrize("name", ["arch#1.db", "what?.db", "100%.db"])
def test_a_store_named_with_uri_characters_is_read_where_it_was_written(tmp_path: Path, name: str) -> None:
    db, url = tmp_path / name, "http://x.cn/a.html"
    with Archive(db) as archive:
        archive.record(CaptureRecord(url=url, fetched_at="2026-11-27T00:00:00Z", outcome="ok", status=200),
                       SnapshotRecord("标题", "正文第一段。"))
    result = run_cli("history", url, "--db", str(db), cwd=tmp_path)
    assert result.returncode == 0 and "标题" in result.stdout, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(name)) == []  # (no stray file made)


def test_a_store_that_cannot_be_made_says_why_not_that_it_is_no_archive(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("a file where a folder would be")
    db = tmp_path / "notes" / "archive.db"
    result = run_cli("fetch", "http://127.0.0.1:9/", "--db", str(db), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    folder = tmp_path / "notes"
    assert result.stderr.strip() == f"error: {db}: cannot create the store: {folder} is a file, not a folder"


def test_a_store_in_a_folder_the_reader_cannot_write_is_read(tmp_path: Path) -> None:
    # (a read-only mount, a backup: SQLite cannot make the WAL store's -shm file there)
    folder, url = tmp_path / "backup", "http://x.cn/a.html"
    folder.mkdir()
    with Archive(folder / "archive.db") as archive:
        archive.record(CaptureRecord(url=url, fetched_at="2026-11-27T00:00:00Z", outcome="ok", status=200),
                       SnapshotRecord("标题", "正文第一段。"))
    assert sorted(p.name for p in folder.iterdir()) == ["archive.db"]
    folder.chmod(0o555)
    # (root writes anywhere: without its power to override permissions it reads as any user would)
    as_user = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    try:
        for command in (["verify"], ["history", url], ["search", "正文"]):
            env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent), "NO_COLOR": "1"}
            result = subprocess.run([*as_user, sys.executable, "-m", "crawler", *command, "--db",
                                     str(folder / "archive.db")], capture_output=True, text=True, env=env,
                                    cwd=tmp_path, timeout=60)
            assert result.returncode == 0, (command, result.stderr)
        assert sorted(p.name for p in folder.iterdir()) == ["archive.db"]
    finally:
        folder.chmod(0o755)


def test_a_store_damaged_where_a_page_is_read_stops_fetch_and_crawl_in_one_line(site: Site, tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>第{i}段：各单位要认真贯彻落实会议精神，结合实际制定第{i}项措施。</p>" for i in range(8))
    site.page("/a.html", f"<html><head><title>关于复工的通知</title></head><body><h1>关于复工的通知</h1>{paragraphs}"
                         "</body></html>")
    db, url = tmp_path / "archive.db", site.url("/a.html")
    with Archive(db) as archive:
        archive.record(CaptureRecord(url=url, fetched_at="2026-11-27T00:00:00Z", outcome="ok", status=200,
                                     source="s"), SnapshotRecord("标题", "正文第一段。"))
    with sqlite3.connect(db) as conn:  # (bytes that are not UTF-8 where the page's latest text was)
        conn.execute("update snapshots set text = cast(x'ff41' as text)")
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{db}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\ndelay = 0\nretries = 1\n'
                      f'obey_robots = false\n[[sources]]\nname = "s"\nurls = ["{url}"]\n', encoding="utf-8")
    line = ("error: the store cannot be read here (Could not decode to UTF-8 column 'text' with text '\ufffdA'); "
            "`palimpsest verify` names what is damaged")
    fetched = run_cli("fetch", url, "--config", str(config), cwd=tmp_path)  # (was: a traceback, internal_error)
    assert (fetched.returncode, fetched.stdout, fetched.stderr) == (2, "", line + "\n")
    crawled = run_cli("crawl", "s", "--config", str(config), cwd=tmp_path)  # (was: a page error, the run failed)
    assert crawled.returncode == 2 and crawled.stdout == ""
    assert crawled.stderr.splitlines()[-1] == line
    assert "Traceback" not in crawled.stderr and "internal_error" not in crawled.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select status, error from runs").fetchall() == [("failed", line.removeprefix("error: "))]


def test_a_store_whose_last_writes_are_in_its_wal_in_a_folder_the_reader_cannot_write_is_refused(
        tmp_path: Path) -> None:
    # (a backup copied with its -wal, or a writer that crashed: read as immutable, those writes would go unseen)
    live, folder = tmp_path / "live.db", tmp_path / "backup"
    folder.mkdir()
    archive = Archive(live)
    archive.record(CaptureRecord(url="http://x.cn/a.html", fetched_at="2026-11-27T00:00:00Z", outcome="ok", status=200),
                   SnapshotRecord("标题", "正文第一段。"))
    for name in ("live.db", "live.db-wal"):  # (copied while the writer has not merged its -wal)
        (folder / name.replace("live", "archive")).write_bytes((tmp_path / name).read_bytes())
    archive.close()
    assert (folder / "archive.db-wal").stat().st_size > 0
    folder.chmod(0o555)
    as_user = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        result = subprocess.run([*as_user, sys.executable, "-m", "crawler", "verify", "--db",
                                 str(folder / "archive.db")], capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "its last writes are still in archive.db-wal" in result.stderr
    finally:
        folder.chmod(0o755)
