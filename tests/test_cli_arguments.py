"""Arguments the CLI cannot use are refused before anything runs: one line naming the argument (or click's usage
error for a number out of its range), exit 2, never a traceback, and the store as it was."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from store import Archive, CaptureRecord, SnapshotRecord
from tests.conftest import run_cli

URL = "http://x.cn/a.html"
NOT_UTF8 = os.fsdecode(b"\xff")  # (as Python reads an argument of bytes that are not UTF-8; run_cli passes them back)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store with two versions of URL."""
    path = tmp_path / "archive.db"
    with Archive(path) as archive:
        for day, text in ((27, "first text"), (28, "second text")):
            archive.record(CaptureRecord(url=URL, fetched_at=f"2026-11-{day}T00:00:00Z", outcome="ok", status=200),
                           SnapshotRecord("title", text))
    return path


def assert_refused(result: subprocess.CompletedProcess[str], line: str | None = None) -> None:
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    if line is not None:
        assert result.stderr == line + "\n"


@pytest.mark.parametrize(("args", "line"), [
    (["history", NOT_UTF8], r"error: URL '\xff': not valid UTF-8"),
    (["diff", NOT_UTF8], r"error: URL '\xff': not valid UTF-8"),
    (["search", NOT_UTF8], r"error: QUERY '\xff': not valid UTF-8"),
    (["export", "--url", NOT_UTF8, "out.warc"], r"error: --url '\xff': not valid UTF-8"),
    (["export", "--source", NOT_UTF8, "out.warc"], r"error: --source '\xff': not valid UTF-8"),
    (["export", f"{NOT_UTF8}.warc"], r"error: OUTPUT '\xff.warc': not valid UTF-8"),
    (["extract", "--charset", NOT_UTF8, "page.html"], r"error: --charset '\xff': not valid UTF-8"),
    (["fetch", f"http://127.0.0.1:9/{NOT_UTF8}"], r"error: URLS 'http://127.0.0.1:9/\xff': not valid UTF-8"),
])
def test_an_argument_that_is_not_utf8_is_named(db: Path, args: list[str], line: str) -> None:
    before = db.read_bytes()
    assert_refused(run_cli(*args, "--db", str(db), cwd=db.parent), line)
    assert db.read_bytes() == before
    assert not list(db.parent.glob("*.warc*"))


@pytest.mark.parametrize(("args", "option"), [
    (["diff", URL, "--from", "99999999999999999999"], "--from"),
    (["diff", URL, "--to", "99999999999999999999"], "--to"),
    (["diff", URL, "--from", "0"], "--from"),  # (0 was taken for "not given": v1 → v2)
    (["diff", URL, "--to", "0"], "--to"),
    (["search", "text", "--limit", "99999999999999999999"], "--limit"),
    (["search", "text", "--limit", "0"], "--limit"),  # (was: "no matches")
    (["search", "text", "--limit", "-1"], "--limit"),  # (was: no limit at all)
    (["demo", "--site-port", "99999", "--no-serve"], "--site-port"),  # (was: OverflowError, a traceback)
    (["demo", "--site-port", "-5", "--no-serve"], "--site-port"),
    (["demo", "--port", "70000"], "--port"),  # (was: the serve child's error, the demo running on)
])
def test_a_number_out_of_its_range_is_a_usage_error(db: Path, args: list[str], option: str) -> None:
    result = run_cli(*args, "--db", str(db), cwd=db.parent)
    assert_refused(result)
    assert f"Invalid value for '{option}'" in result.stderr and result.stdout == ""


def test_diff_names_the_version_given_to_to_when_it_is_not_stored(db: Path) -> None:
    assert_refused(run_cli("diff", URL, "--to", "99", "--db", str(db), cwd=db.parent),
                   f"error: {URL}: no version 99 (stored: 1, 2)")
    assert_refused(run_cli("diff", URL, "--to", "1", "--db", str(db), cwd=db.parent),
                   f"error: {URL}: no version before 1 to compare with it (give --from)")
    assert run_cli("diff", URL, "--from", "2", "--to", "1", "--db", str(db), cwd=db.parent).returncode == 0
    for args in (["--from", "1", "--to", "2"], []):  # (a URL the archive has not: was "no version 2 (stored: )")
        assert_refused(run_cli("diff", "http://x.cn/none.html", *args, "--db", str(db), cwd=db.parent),
                       "error: http://x.cn/none.html: not in the archive")


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-14:00"])
def test_export_since_a_time_outside_the_years_utc_can_hold(db: Path, since: str) -> None:
    result = run_cli("export", "--since", since, "out.warc", "--db", str(db), cwd=db.parent)
    assert_refused(result, f"error: --since: out of range: {since!r}")
    assert not (db.parent / "out.warc").exists()


def test_export_into_a_path_under_a_regular_file_says_it_cannot_write(db: Path) -> None:
    output = db.parent / "notes.txt" / "out.warc"
    (db.parent / "notes.txt").write_text("my notes", encoding="utf-8")
    assert_refused(run_cli("export", str(output), "--db", str(db), cwd=db.parent),
                   f"error: {output}: cannot write (Not a directory)")
    assert (db.parent / "notes.txt").read_text(encoding="utf-8") == "my notes"


def test_export_to_an_empty_output_is_refused(db: Path) -> None:
    assert_refused(run_cli("export", "", "--db", str(db), cwd=db.parent),
                   "error: OUTPUT: empty (give the path of the WARC file to write)")


def test_export_force_replaces_only_a_regular_file_never_a_link_or_a_fifo(db: Path) -> None:
    kept = db.parent / "kept.warc"
    kept.write_text("not to be replaced through a link", encoding="utf-8")
    link, fifo = db.parent / "link.warc", db.parent / "fifo.warc"
    link.symlink_to(kept)
    os.mkfifo(fifo)  # (a device file as far as export can tell, without touching /dev)
    assert_refused(run_cli("export", "--force", str(link), "--db", str(db), cwd=db.parent),
                   f"error: {link}: a symbolic link (export writes, and --force replaces, only a regular file: give "
                   "the path it points to)")
    assert_refused(run_cli("export", "--force", str(fifo), "--db", str(db), cwd=db.parent),
                   f"error: {fifo}: not a regular file (export writes, and --force replaces, only a regular file)")
    assert link.is_symlink() and kept.read_text(encoding="utf-8") == "not to be replaced through a link"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    regular = db.parent / "out.warc"
    regular.write_bytes(b"old")
    assert run_cli("export", "--force", str(regular), "--db", str(db), cwd=db.parent).returncode == 0
    assert regular.read_bytes().startswith(b"WARC/1.1")
