"""What a reader gets back is what was served: the WARC export, the diff page, the feed and `history`, after
sequences that a second audit found told wrongly (a 304 after a 404, a title edit, an odd title, a gone page)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import httpx
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.config import Config
from store import Archive, CaptureRecord, SnapshotRecord
from tests.archive_builder import serving
from tests.conftest import run_cli
from tests.fetching import article, make_config, process, rows
from tests.hostile import Validated
from tests.site import Site


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def record(path: Path, url: str, day: int, snapshot: SnapshotRecord, outcome: str = "ok") -> None:
    with Archive(path) as archive:
        archive.record(CaptureRecord(url=url, fetched_at=f"2026-11-{day:02}T00:00:00Z", outcome=outcome,
                                     status=200 if outcome == "ok" else 404), snapshot if outcome == "ok" else None)


def test_a_304_after_the_page_was_gone_revisits_its_last_good_response(site: Site, config: Config,
                                                                       tmp_path: Path) -> None:
    url = site.handler("/news/v.html", Validated(article()))
    process(config, url)
    site.page("/news/v.html", "<html><body><h1>404 Not Found</h1></body></html>", status=404)
    assert process(config, url)[0].change == "gone"
    site.handler("/news/v.html", Validated(article()))
    [back] = process(config, url)
    assert (back.status, back.change) == (304, "back")
    out = tmp_path / "out.warc"
    assert run_cli("export", "--db", str(config.store.path), str(out), cwd=tmp_path).returncode == 0
    with out.open("rb") as stream:
        found = [(r.rec_type, r.http_headers.get_statuscode() if r.http_headers else None, dict(r.rec_headers.headers))
                 for r in ArchiveIterator(stream) if r.rec_type in ("response", "revisit")]
    (_, ok, first), (_, missing, _), (kind, not_modified, revisit) = found
    assert (ok, missing, kind, not_modified) == ("200", "404", "revisit", "304")
    assert revisit["WARC-Refers-To-Date"] == first["WARC-Date"]


def test_the_diff_page_counts_changed_characters_as_the_store_does(tmp_path: Path) -> None:
    url, path = "http://x.cn/a.html", tmp_path / "archive.db"
    record(path, url, 1, SnapshotRecord("国资委召开会议", "各单位要认真开展安全检查。"))
    record(path, url, 2, SnapshotRecord("国资委召开会议（更新）", "各单位要认真开展安全检查。"))
    [(stored,)] = rows(make_config(tmp_path), "select changed_chars from snapshots where version = 2")
    assert stored == 4
    with serving(path) as base:
        page = httpx.get(f"{base}/-/diff", params={"url": url}, timeout=10).text
        odd = [httpx.get(f"{base}/-/diff", params={"url": url, name: value}, timeout=10).status_code
               for name, value in (("from", "²"), ("to", "²"), ("from", "١"))]
    assert f'<strong class="changed-chars">{stored}</strong> characters changed' in page  # (the title's edit too)
    assert odd == [400, 400, 400]


def test_a_title_xml_cannot_hold_leaves_the_feed_readable(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    record(path, "http://x.cn/a.html", 1, SnapshotRecord("坏标题\uffff\x01", "各单位要认真开展安全检查。"))
    with serving(path) as base:
        feeds = [httpx.get(f"{base}/-/changes.atom", params=params, timeout=10).content
                 for params in ({}, {"source": "\x00"}, {"source": "\uffff"})]
    for content in feeds:
        feed = feedparser.parse(content)
        assert not feed.bozo, feed.get("bozo_exception")
    assert feedparser.parse(feeds[0]).entries[0].title == "New: 坏标题"


def test_history_finds_a_url_given_as_fetch_took_it_and_says_it_is_gone(tmp_path: Path) -> None:
    url, path = "http://x.cn/a.html", tmp_path / "archive.db"
    record(path, url, 1, SnapshotRecord("国资委召开会议", "各单位要认真开展安全检查。"))
    record(path, url, 2, SnapshotRecord("", ""), outcome="gone")
    given = "HTTP://X.cn/a.html?utm_source=weibo#top"
    shown = run_cli("history", "--db", str(path), given, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-1] == "gone since 2026-11-02T00:00:00Z"
    lines = run_cli("history", "--db", str(path), given, "--json", cwd=tmp_path).stdout.splitlines()
    assert json.loads(lines[0])["page_gone_at"] == "2026-11-02T00:00:00Z"
    record(path, url, 3, SnapshotRecord("国资委召开会议", "各单位要认真开展安全检查。"))
    assert run_cli("history", "--db", str(path), url, cwd=tmp_path).stdout.splitlines()[-1] == \
        "gone 2026-11-02T00:00:00Z → back 2026-11-03T00:00:00Z"
    assert run_cli("diff", "--db", str(path), given, "--to", "1", "--from", "1", cwd=tmp_path).returncode == 0


def test_a_run_counts_a_page_come_back_as_unchanged() -> None:
    from store.runs import RunCounts

    counts = RunCounts()
    for change, failed in (("back", False), ("gone", True), ("none", True), ("changed", False)):
        counts.count(change, failed)
    assert (counts.fetched, counts.unchanged, counts.gone, counts.errors, counts.changed) == (4, 1, 1, 1, 1)


TYPED = "http://x.cn/新闻 中心/a.html"
STORED = "http://x.cn/%E6%96%B0%E9%97%BB%20%E4%B8%AD%E5%BF%83/a.html"  # (TYPED as fetch stores it)


def test_the_history_diff_and_warc_pages_find_a_url_typed_as_users_write_it(tmp_path: Path) -> None:
    path, stored = tmp_path / "archive.db", STORED
    record(path, stored, 1, SnapshotRecord("国资委召开会议", "各单位要认真开展安全检查。"))
    record(path, stored, 2, SnapshotRecord("国资委召开会议", "各单位要认真开展安全生产检查。"))
    forms = [{"url": TYPED}, {"url": f"HTTP://X.CN{stored[len('http://x.cn'):]}#top"}]
    with serving(path) as base:
        answers = [httpx.get(f"{base}{page}", params=form, timeout=10) for page in ("/-/history", "/-/diff", "/-/warc")
                   for form in forms]
        # (the stored form typed into the address bar: the query string decodes it once, to the Chinese and space)
        answers.append(httpx.get(f"{base}/-/history?url={stored}", timeout=10))
        unknown = httpx.get(f"{base}/-/history", params={"url": "http://x.cn/其他.html"}, timeout=10)
    assert [answer.status_code for answer in answers] == [200] * 7
    assert all(stored in answer.text for answer in answers[:4] + answers[6:])  # (the page names what is stored)
    assert unknown.status_code == 404 and "not in the archive" in unknown.text


def test_pages_edited_gives_the_latest_edit_never_a_reread(tmp_path: Path) -> None:
    path, never, edited = tmp_path / "archive.db", "http://x.cn/never.html", "http://x.cn/edited.html"
    text = "各单位要认真开展安全检查。"
    record(path, never, 1, SnapshotRecord("通知", text))
    record(path, never, 2, SnapshotRecord("通知", text + "\n附件：名单", read_anew=True))
    record(path, edited, 3, SnapshotRecord("通知", text))
    record(path, edited, 4, SnapshotRecord("通知", text.replace("认真", "切实")))
    record(path, edited, 5, SnapshotRecord("通知", text.replace("认真", "切实") + "\n附件：名单", read_anew=True))
    with serving(path) as base:
        listed = httpx.get(f"{base}/archive/changed_pages.json", params={"_shape": "array"}, timeout=10).json()
    assert [(row["url"], row["versions"], row["latest_change"], row["changed_chars"]) for row in listed] == \
        [(edited, 3, "2026-11-04T00:00:00Z", 4)]
    assert listed[0]["diff"].endswith("&to=2")


def test_a_raw_body_is_served_under_the_charset_label_browsers_know(tmp_path: Path) -> None:
    path, text = tmp_path / "archive.db", "<html><body><p>國資委召開會議</p></body></html>"
    stored = {"big5hkscs": "big5", "cp950": "big5", "gb18030": "gb18030", "cp936": "gbk", "cp1252": "windows-1252",
              "utf-8": "utf-8", "utf-32": None}
    with Archive(path) as archive:
        ids = [archive.record(CaptureRecord(url=f"http://x.cn/{codec}.html", fetched_at="2026-11-01T00:00:00Z",
                                            outcome="ok", status=200, body=text.encode(codec, "xmlcharrefreplace"),
                                            charset=codec, content_type="text/html")).capture_id for codec in stored]
    with serving(path) as base:
        served = [httpx.get(f"{base}/-/capture/{capture_id}/body", timeout=10).headers["content-type"]
                  for capture_id in ids]
    assert served == [f"text/plain; charset={label}" if label else "text/plain" for label in stored.values()]


def test_history_says_each_time_the_page_was_gone_after_it_came_back(tmp_path: Path) -> None:
    url, path = "http://x.cn/a.html", tmp_path / "archive.db"
    for day, outcome in ((1, "ok"), (3, "gone"), (4, "gone"), (9, "ok"), (12, "gone")):
        record(path, url, day, SnapshotRecord("国资委通报", "会议通报了安全生产情况。"), outcome=outcome)
    record(path, url, 15, SnapshotRecord("国资委通报", "会议通报了安全生产情况。"))
    shown = run_cli("history", "--db", str(path), url, cwd=tmp_path).stdout.splitlines()
    assert shown[0].startswith("v1  2026-11-01T00:00:00Z → 2026-11-15T00:00:00Z")
    assert shown[1:] == ["gone 2026-11-03T00:00:00Z → back 2026-11-09T00:00:00Z",
                         "gone 2026-11-12T00:00:00Z → back 2026-11-15T00:00:00Z"]
    [line] = run_cli("history", "--db", str(path), url, "--json", cwd=tmp_path).stdout.splitlines()
    assert json.loads(line)["page_gone"] == [
        {"gone_at": "2026-11-03T00:00:00Z", "back_at": "2026-11-09T00:00:00Z"},
        {"gone_at": "2026-11-12T00:00:00Z", "back_at": "2026-11-15T00:00:00Z"}]


def test_history_and_the_diff_page_count_the_changed_characters_of_every_version_alike(tmp_path: Path) -> None:
    path, url = tmp_path / "archive.db", "http://x.cn/notice.html"
    first = "各单位要认真开展安全检查。\n检查 Windows 10 终端。\n确保完成全年任务。"
    record(path, url, 1, SnapshotRecord("通知", first))
    record(path, url, 2, SnapshotRecord("关于检查的通知", first.replace("认真", "切实")))
    history = [json.loads(line) for line in run_cli("history", "--json", url, "--db", str(path)).stdout.splitlines()]
    with serving(path) as base:
        pages = [httpx.get(f"{base}/-/diff", params={"url": url, "to": n}, timeout=10).text for n in (1, 2)]
    shown = [int(re.search(r'class="changed-chars">(\d+)<', page).group(1)) for page in pages]
    assert [version["changed_chars"] for version in history] == shown == [len(first), 5 + 4]  # (v1: the page said 36)


def test_the_readers_tell_a_page_the_archive_never_held_from_one_held_without_versions(tmp_path: Path) -> None:
    path, held, never = tmp_path / "archive.db", "http://x.cn/dead.html", "http://x.cn/typo.html"
    record(path, "http://x.cn/a.html", 1, SnapshotRecord("通知", "各单位要认真开展安全检查。"))
    with Archive(path) as archive:
        for day, error in ((2, "timeout"), (3, "http_404"), (4, "http_404")):
            archive.record(CaptureRecord(url=held, fetched_at=f"2026-11-0{day}T00:00:00Z", outcome="error",
                                         error=error), None)
    said = {(command, url): run_cli(command, url, "--db", str(path)) for command in ("history", "diff")
            for url in (held, never)}
    with serving(path) as base:
        pages = {url: httpx.get(f"{base}/-/diff", params={"url": url}, timeout=10) for url in (held, never)}
    without = "in the archive, but no versions stored (its captures: 2 http_404, 1 timeout)"
    for command in ("history", "diff"):  # (was: "no versions stored" for both)
        assert said[command, never].stderr == f"error: {never}: not in the archive\n"
        assert said[command, held].stderr == f"error: {held}: {without}\n"
    assert pages[never].status_code == pages[held].status_code == 404
    assert f"{never}: not in the archive" in pages[never].text and f"{held}: {without}" in pages[held].text
