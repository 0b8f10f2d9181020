"""`palimpsest crawl`: one run now, in the foreground, over the bundled demo site."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo.site import DemoSite
from tests.conftest import ROOT, run_cli


@pytest.fixture
def demo() -> Iterator[DemoSite]:
    site = DemoSite(port=0, edit_every=2.0, gone_after=3.0).start()
    yield site
    site.stop()


def demo_config(tmp_path: Path, demo: DemoSite) -> Path:
    """The shipped config.toml, pointed at this test's demo site and store."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace("http://127.0.0.1:8000", demo.base)
    text = text.replace('path = "data/archive.db"', f'path = "{tmp_path / "archive.db"}"')
    text = text.replace("delay = 1.0", "delay = 0")
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_crawl_archives_the_demo_site_and_sees_edits_and_deletions(tmp_path: Path, demo: DemoSite) -> None:
    config = demo_config(tmp_path, demo)
    db = tmp_path / "archive.db"
    first = run_cli("crawl", "demo", "--config", str(config))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("demo: ok: ")
    articles = {url for (url,) in rows(db, "select url from snapshots")}
    assert {f"{demo.base}{a.path}" for a in demo.articles} <= articles  # listing, feed and sitemap found them
    assert not any("?from=list" in url for url in articles)  # one article is one page however it is linked
    time.sleep(3.5)
    second = run_cli("--config", str(config), "crawl", "--all")
    assert second.returncode == 0, second.stderr
    notice = f"{demo.base}/news/notice/content.html"
    assert rows(db, f"select max(version) from snapshots where url = '{notice}'") == [(2,)]
    gone = f"{demo.base}/news/gone/content.html"
    assert rows(db, f"select gone_at is not null from pages where url = '{gone}'") == [(1,)]
    # the view counter changes on every request, and never made a version
    article = f"{demo.base}{demo.articles[1].path}"
    assert rows(db, f"select count(*) from snapshots where url = '{article}'") == [(1,)]
    assert rows(db, "select count(*) from runs where status = 'ok'") == [(2,)]


def test_crawl_of_an_unknown_source_is_a_one_line_error(tmp_path: Path, demo: DemoSite) -> None:
    result = run_cli("crawl", "nope", "--config", str(demo_config(tmp_path, demo)))
    assert result.returncode == 2
    assert "no source named 'nope' (known: demo)" in result.stderr
    assert "Traceback" not in result.stderr


def test_crawl_sends_alerts_for_new_articles_and_a_dead_target_does_not_stop_it(tmp_path: Path,
                                                                                demo: DemoSite) -> None:
    from tests.test_alerts import Receiver

    receiver = Receiver()
    try:
        config = demo_config(tmp_path, demo)
        config.write_text(config.read_text(encoding="utf-8") + f"""
[[alerts]]
url = "{receiver.url('hook')}"
events = ["new", "gone"]
[[alerts]]
url = "json://127.0.0.1:9/dead"
""", encoding="utf-8")
        result = run_cli("crawl", "demo", "--config", str(config))
        assert result.returncode == 0, result.stderr
        assert len(receiver.received) == 1
        path, message = receiver.received[0]
        assert path == "/hook"
        assert demo.articles[0].path in json.dumps(message, ensure_ascii=False)
        assert rows(tmp_path / "archive.db", "select count(*) from runs where status = 'ok'") == [(1,)]
    finally:
        receiver.close()
