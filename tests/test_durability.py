"""Crash safety and a hostile environment: real `crawl` processes killed mid-run, on real stores."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, run_cli
from tests.hostile import InFlight
from tests.site import Site
from tests.test_crawl_cli import listing_source
from tests.test_daemon import article


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def slow_listing(site: Site, tmp_path: Path, pages: int = 6, hold: float = 1.0) -> Path:
    """A source `s` whose listing links `pages` articles, each answering after `hold` seconds."""
    items = "".join(f'<li><a href="/news/{n}.html">{n}</a></li>' for n in range(pages))
    site.page("/list.html", f'<html><body><ul class="list">{items}</ul></body></html>')
    for n in range(pages):
        site.handler(f"/news/{n}.html", InFlight(article(f"国资委部署第{n}项工作").encode(), hold=hold))
    return listing_source(tmp_path, site)


def crawl_in_the_middle(config: Path, site: Site) -> subprocess.Popen[str]:
    """A `crawl s` process, returned once it is fetching its first article."""
    command = [sys.executable, "-m", "crawler", "crawl", "s", "--config", str(config)]
    crawl = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not site.hits("/news/0.html") and time.monotonic() < deadline:
        time.sleep(0.05)
    return crawl


def test_a_crawl_marks_interrupted_the_run_of_a_crawl_killed_before_it(tmp_path: Path, site: Site) -> None:
    """`kill -9` (the OOM killer, a power cut) leaves a run `running`: the next `crawl`, not only a daemon's
    start, marks it interrupted and removes its lock file, so no run stays `running` for good."""
    config = slow_listing(site, tmp_path)
    crawl = crawl_in_the_middle(config, site)
    crawl.kill()
    crawl.communicate(timeout=30)
    db = tmp_path / "archive.db"
    assert rows(db, "select id, status from runs") == [(1, "running")]
    again = run_cli("crawl", "s", "--config", str(config))
    assert again.returncode == 0, again.stderr
    assert "1 run(s) left unfinished by an earlier stop were marked interrupted" in again.stderr
    assert rows(db, "select id, status, ended_at is not null from runs") == [(1, "interrupted", 1), (2, "ok", 1)]
    assert not list(tmp_path.glob("archive.db.run*.lock"))


def test_a_crawl_whose_terminal_hangs_up_marks_its_run_interrupted(tmp_path: Path, site: Site) -> None:
    """SIGHUP (the terminal or SSH session closed) stops a crawl as SIGTERM does, not at once with its run left
    `running`."""
    crawl = crawl_in_the_middle(slow_listing(site, tmp_path), site)
    try:
        crawl.send_signal(signal.SIGHUP)
        _, stderr = crawl.communicate(timeout=30)
    finally:
        if crawl.poll() is None:
            crawl.kill()
    assert (crawl.returncode, stderr.splitlines()[-1:]) == (129, ["stopped by SIGHUP"])
    assert rows(tmp_path / "archive.db", "select status, error from runs") == [
        ("interrupted", "stopped before the run finished")]
