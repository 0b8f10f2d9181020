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
from tests.fetching import SUBTITLE, article, make_config, process, rows, with_subtitle
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
        assert archive.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 11
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
    said = run_cli("diff", "--db", str(config.store.path), url, cwd=tmp_path).stdout
    assert said.startswith("read anew: v2 comes from the same bytes as v1")
    across = run_cli("diff", "--db", str(config.store.path), url, "--from", "2", "--to", "2", cwd=tmp_path).stdout
    assert "read anew" not in across


def test_an_edit_of_the_subtitle_alone_is_a_new_version(site: Site, config: Config, tmp_path: Path) -> None:
    url = site.page("/news/p.html", with_subtitle())
    assert process(config, url)[0].change == "new"
    assert process(config, url)[0].change == "unchanged"
    site.page("/news/p.html", with_subtitle("——国资委副主任出席会议并讲话"))
    [edited] = process(config, url)
    assert (edited.change, edited.version) == ("changed", 2)
    edited_subtitle = "——国资委副主任出席会议并讲话"
    assert rows(config, "select subtitle from snapshots order by version") == [(SUBTITLE,), (edited_subtitle,)]
    assert rows(config, "select changed_chars from snapshots where version = 2") == [(1,)]  # (副)
    shown = run_cli("diff", "--db", str(config.store.path), url, cwd=tmp_path)
    assert f"subtitle v1: {SUBTITLE}\nsubtitle v2: ——国资委副主任出席会议并讲话\n" in shown.stdout
    with serving(config.store.path) as base:
        page = httpx.get(f"{base}/-/diff", params={"url": url}, timeout=10).text
    assert f"Subtitle: <del>{SUBTITLE}</del> <ins>——国资委副主任出席会议并讲话</ins>" in page


def test_a_subtitle_first_read_from_the_same_bytes_is_a_reread(site: Site, config: Config) -> None:
    url = site.page("/news/p.html", with_subtitle())
    unread = Source("news", rules=SiteRules(drop=("h2.subtitle",)))  # (as a palimpsest before subtitles read it)
    assert process(config, url, source=unread)[0].change == "new"
    [reread] = process(config, url, source=Source("news"))
    assert (reread.change, reread.version) == ("reread", 2)
    assert rows(config, "select version, subtitle from snapshots order by version") == [(1, None), (2, SUBTITLE)]


def test_a_store_from_before_subtitles_is_read_then_brought_up_to_date(site: Site, config: Config,
                                                                        tmp_path: Path) -> None:
    url = site.page("/news/p.html", article())
    process(config, url)
    site.page("/news/p.html", article(change="在确保安全的前提下"))
    process(config, url)
    with sqlite3.connect(config.store.path) as db:  # (what a version 5 store lacks)
        db.execute("ALTER TABLE snapshots DROP COLUMN subtitle")
        db.execute("PRAGMA user_version = 5")
    for command in (("history", url), ("diff", url), ("export", str(tmp_path / "out.warc"))):
        shown = run_cli(command[0], "--db", str(config.store.path), *command[1:], cwd=tmp_path)
        assert shown.returncode == 0 and "Traceback" not in shown.stderr, shown.stderr  # (read-only: not migrated)
    with serving(config.store.path) as base:
        assert httpx.get(f"{base}/-/diff", params={"url": url}, timeout=10).status_code == 200
    assert process(config, url)[0].change == "unchanged"  # (no subtitle then, none now: no edit)
    assert rows(config, "select subtitle from snapshots") == [(None,), (None,)]


def test_a_mark_moved_to_the_next_column_beside_an_empty_cell_is_an_edit(site: Site, config: Config) -> None:
    def notice(took: str, left: str) -> bytes:
        table = ("<table><tr><td>姓名</td><td>任职</td><td>免职</td></tr>"
                 f"<tr><td>张明</td><td>{took}</td><td>{left}</td></tr><tr><td>李华</td><td>√</td><td></td></tr></table>")
        return article().replace(b'</div><div class="footer">', table.encode() + b'</div><div class="footer">')

    url = site.page("/news/p.html", notice("√", ""))
    assert process(config, url)[0].change == "new"
    site.page("/news/p.html", notice("", "√"))
    [moved] = process(config, url)
    assert (moved.change, moved.version) == ("changed", 2)
    assert rows(config, "select text from snapshots where version = 2")[0][0].splitlines()[-2] == "张明 | | √"
