"""The same bytes read to a new text (a newer extractor, changed site rules) make a new version, but no edit:
the archive says `reread`, so a reader or an alert never takes it for the page's own change."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import httpx
import pytest

from crawler.config import Config, Source
from crawler.extract import SiteRules
from store import Archive
from store.schema import SCHEMA_VERSION
from tests.archive_builder import serving
from tests.conftest import run_cli
from tests.fetching import article, make_config, process, rows
from tests.site import Site


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def test_the_same_bytes_read_to_a_new_text_are_a_reread_not_an_edit(site: Site, config: Config) -> None:
    url = site.page("/news/p.html", article())
    assert process(config, url, source=Source("news"))[0].change == "new"
    # (the user's new site rule drops a paragraph: the page itself is byte for byte the same)
    ruled = Source("news", rules=SiteRules(drop=("div.content p:first-of-type",)))
    [reread] = process(config, url, source=ruled)
    assert (reread.change, reread.version) == ("reread", 2)
    assert process(config, url, source=ruled)[0].change == "unchanged"
    site.page("/news/p.html", article(change="在确保安全的前提下"))
    [edited] = process(config, url, source=ruled)
    assert (edited.change, edited.version) == ("changed", 3)
    assert rows(config, "select kind, version from events order by id") == [("new", 1), ("reread", 2), ("changed", 3)]
    bodies = (article(), article(), article(change="在确保安全的前提下"))
    digests = [hashlib.sha256(body).hexdigest() for body in bodies]
    assert [digest for (digest,) in rows(config, "select raw_sha256 from snapshots order by version")] == digests


def counted(views: int, change: str = "") -> bytes:
    """The article with a view counter that moves on every fetch, as news pages have."""
    return article(change=change).replace(b'<div class="footer">', f'<div class="views">浏览次数：{views}</div>'
                                          '<div class="footer">'.encode())


def test_a_new_reading_is_told_though_the_furniture_around_the_text_moved(site: Site, config: Config) -> None:
    url = site.page("/news/p.html", counted(3571))
    assert process(config, url, source=Source("news"))[0].change == "new"
    site.page("/news/p.html", counted(3578))
    assert process(config, url, source=Source("news"))[0].change == "unchanged"  # (the counter is no text)
    ruled = Source("news", rules=SiteRules(drop=("div.content p:first-of-type",)))
    site.page("/news/p.html", counted(3585))
    [reread] = process(config, url, source=ruled)
    assert (reread.change, reread.version) == ("reread", 2)  # (the old bytes, read today, give this text)
    site.page("/news/p.html", counted(3592, change="在确保安全的前提下"))
    [edited] = process(config, url, source=ruled)
    assert (edited.change, edited.version) == ("changed", 3)
    assert rows(config, "select kind from events order by id") == [("new",), ("reread",), ("changed",)]


def test_a_version_stored_before_its_bytes_were_recorded_is_compared_by_its_captures_body(
        site: Site, config: Config) -> None:
    url = site.page("/news/p.html", article())
    process(config, url, source=Source("news"))
    with sqlite3.connect(config.store.path) as db:
        db.execute("UPDATE snapshots SET raw_sha256 = NULL")  # (as a store of schema 3 left it)
    ruled = Source("news", rules=SiteRules(drop=("div.content p:first-of-type",)))
    assert process(config, url, source=ruled)[0].change == "reread"


def test_a_version_3_store_gains_the_new_columns_when_opened_to_write(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Archive(path).close()
    with sqlite3.connect(path) as db:  # (what a version 3 store lacks)
        db.execute("ALTER TABLE snapshots DROP COLUMN raw_sha256")
        db.execute("ALTER TABLE runs DROP COLUMN reread")
        db.execute("PRAGMA user_version = 3")
    with Archive(path, readonly=True) as archive:
        assert archive.outdated
    with Archive(path) as archive:
        assert archive.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert "raw_sha256" in archive.db["snapshots"].columns_dict and "reread" in archive.db["runs"].columns_dict


def test_history_and_diff_say_a_version_was_read_anew(site: Site, config: Config, tmp_path: Path) -> None:
    url = site.page("/news/p.html", article())
    process(config, url, source=Source("news"))
    process(config, url, source=Source("news", rules=SiteRules(drop=("div.content p:first-of-type",))))
    shown = run_cli("history", "--db", str(config.store.path), url, "--json", cwd=tmp_path)
    assert [json.loads(line)["reread"] for line in shown.stdout.splitlines()] == [False, True]
    with serving(config.store.path) as base:
        history = httpx.get(f"{base}/-/history", params={"url": url}, timeout=10).text
        diff = httpx.get(f"{base}/-/diff", params={"url": url}, timeout=10).text
        first = httpx.get(f"{base}/-/diff", params={"url": url, "to": 1}, timeout=10).text
    assert history.count('class="reread"') == 1 and "read anew" in history
    assert "Read anew: v2 comes from the same bytes as v1" in diff and 'class="reread"' not in first
