"""`palimpsest crawl`: one run now, in the foreground, over the bundled demo site."""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo.site import SPLIT, DemoSite
from crawler.extract.repair import repair_pinyin
from tests.conftest import ROOT, run_cli


@pytest.fixture
def demo() -> Iterator[DemoSite]:
    """The demo site, editing and deleting nothing until a test says so: what a crawl finds must not hang on the
    machine's speed (a page gone 3 s after start was gone before a loaded machine's crawl reached it)."""
    site = DemoSite(port=0, edit_every=600.0, gone_after=600.0).start()
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
    split = demo.articles[SPLIT]  # served over two pages: one version of its whole text
    [(text,)] = rows(db, f"select text from snapshots where url = '{demo.base}{split.path}'")
    lines = text.splitlines()
    first_page, second_page = (repair_pinyin(split.paragraphs[i]) for i in (0, (len(split.paragraphs) + 1) // 2))
    assert lines[0] == first_page and second_page in lines  # (as repaired: the seed leaks pinyin, 戰(zhàn))
    assert rows(db, "select outcome from captures where url like '%_2.html'") == [("part",)]
    demo.gone_after, demo.edit_every = 0.0, 2.0  # the page is gone from now on; the notice is edited every 2 s
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


def test_crawl_all_with_an_unknown_source_is_refused_too(tmp_path: Path, demo: DemoSite) -> None:
    result = run_cli("crawl", "--all", "nope", "--config", str(demo_config(tmp_path, demo)))
    assert (result.returncode, result.stdout) == (2, "")  # (was: every source crawled, exit 0)
    assert result.stderr.endswith("sources: no source named 'nope' (known: demo)\n")
    assert not (tmp_path / "archive.db").exists()


def test_a_source_named_twice_is_crawled_once(tmp_path: Path, demo: DemoSite) -> None:
    result = run_cli("crawl", "demo", "demo", "--config", str(demo_config(tmp_path, demo)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("demo: ok: ") == 1
    assert rows(tmp_path / "archive.db", "select count(*) from runs") == [(1,)]


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


def test_only_pages_that_look_like_articles_become_versions(tmp_path: Path, site) -> None:  # noqa: ANN001
    from tests.test_daemon import article

    links = "".join(f'<li><a href="/news/{i}.html">国资要闻第{i}条标题</a><span>2020-02-0{i}</span></li>'
                    for i in range(1, 9))
    site.page("/hub.html", '<html><body><a href="/news/1.html">要闻</a> <a href="/login.html">登录</a>'
                           '<a href="/list.html">列表</a></body></html>')
    site.page("/list.html", f"<html><head><title>国资要闻</title></head><body><ul>{links}</ul></body></html>")
    site.page("/login.html", '<html><body><h1>用户登录</h1><form>用户名：<input name="u"> 密码：<input name="p">'
                             '<button>登录</button></form><p>忘记密码？</p></body></html>')
    site.page("/news/1.html", article("国资委部署疫情防控工作"))
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      f'delay = 0\nobey_robots = false\n[[sources]]\nname = "s"\nurls = ["{site.url("/hub.html")}"]\n'
                      "follow_depth = 1\n", encoding="utf-8")
    result = run_cli("crawl", "s", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert len(site.hits("/hub.html")) == 1  # walked for its links and stored from the same download
    db = tmp_path / "archive.db"
    assert rows(db, "select url from snapshots where url like '%/news/%'") == [(site.url("/news/1.html"),)]
    for path in ("/list.html", "/login.html"):
        url = site.url(path)
        assert rows(db, f"select outcome, article_score < 0.5 from captures where url = '{url}'") == [
            ("not_article", 1)]
        assert rows(db, f"select is_article, next_visit from pages where url = '{url}'") == [(0, None)]


def test_rel_canonical_on_the_same_host_makes_one_page(tmp_path: Path, site) -> None:  # noqa: ANN001
    from tests.test_daemon import article

    canonical = site.url("/news/1.html")
    page = article("国资委部署疫情防控工作").replace("<head>", f'<head><link rel="canonical" href="{canonical}">')
    site.page("/news/1.html", page)
    site.page("/print/1.html", page)
    site.page("/other.html", page.replace(canonical, "http://elsewhere.example/news/1.html"))
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      "delay = 0\nobey_robots = false\n", encoding="utf-8")
    urls = [site.url(p) for p in ("/news/1.html", "/print/1.html", "/other.html")]
    assert run_cli("fetch", "--config", str(config), *urls).returncode == 0
    db = tmp_path / "archive.db"
    assert rows(db, "select url, version from snapshots order by url") == [(canonical, 1), (urls[2], 1)]
    assert rows(db, f"select count(*) from captures where url = '{canonical}'") == [(2,)]


def test_a_known_article_cut_down_to_a_notice_is_still_a_new_version(tmp_path: Path, site) -> None:  # noqa: ANN001
    from tests.test_daemon import article

    site.page("/news/1.html", article("国资委部署疫情防控工作"))
    site.page("/list.html", '<html><body><ul class="list"><li><a href="/news/1.html">一</a></li></ul></body></html>')
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      f'delay = 0\nobey_robots = false\n[[sources]]\nname = "s"\n[[sources.listings]]\n'
                      f'url = "{site.url("/list.html")}"\nlinks = "ul.list a"\n', encoding="utf-8")
    assert run_cli("crawl", "s", "--config", str(config)).returncode == 0
    site.page("/news/1.html", "<html><body><h1>国资委部署疫情防控工作</h1><p>该文已撤回。</p></body></html>")
    db = tmp_path / "archive.db"
    with sqlite3.connect(db) as conn:
        conn.execute("update pages set next_visit = '2000-01-01T00:00:00.000Z'")  # the revisit is due
    assert run_cli("crawl", "s", "--config", str(config)).returncode == 0
    url = site.url("/news/1.html")
    versions = rows(db, f"select version, text from snapshots where url = '{url}' order by version")
    assert versions[1] == (2, "该文已撤回。")


def test_a_malformed_url_is_one_failure_line_and_the_others_are_stored(tmp_path: Path, site) -> None:  # noqa: ANN001
    from tests.test_daemon import article

    good = site.page("/a.html", article("国资委部署疫情防控工作"))
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      "delay = 0\nobey_robots = false\n", encoding="utf-8")
    result = run_cli("fetch", "--config", str(config), "http://[::1", good)
    assert result.returncode == 1
    assert result.stderr.startswith("error: http://[::1: bad_url")
    assert "Traceback" not in result.stderr
    assert rows(tmp_path / "archive.db", "select url from snapshots") == [(good,)]


def test_a_link_to_a_page_with_another_canonical_url_is_known_on_the_next_run(tmp_path: Path,
                                                                               site) -> None:  # noqa: ANN001
    from tests.test_daemon import article

    canonical = site.url("/news/1.html")
    site.page("/print/1.html", article("国资委部署疫情防控工作").replace(
        "<head>", f'<head><link rel="canonical" href="{canonical}">'))
    site.page("/list.html", '<html><body><ul class="list"><li><a href="/print/1.html">一</a></li></ul></body></html>')
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      f'delay = 0\nobey_robots = false\n[[sources]]\nname = "s"\n[[sources.listings]]\n'
                      f'url = "{site.url("/list.html")}"\nlinks = "ul.list a"\n', encoding="utf-8")
    for _ in range(2):
        assert run_cli("crawl", "s", "--config", str(config)).returncode == 0
    assert len(site.hits("/print/1.html")) == 1
    assert rows(tmp_path / "archive.db", "select url from snapshots") == [(canonical,)]


def listing_source(tmp_path: Path, site) -> Path:  # noqa: ANN001
    """A config whose one source `s` reads the listing /list.html (links: ul.list a), quickly."""
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      'delay = 0\nobey_robots = false\nretries = 1\nmax_backoff = 0.1\n'
                      f'[[sources]]\nname = "s"\n[[sources.listings]]\nurl = "{site.url("/list.html")}"\n'
                      'links = "ul.list a"\n', encoding="utf-8")
    return config


FIRST_FETCHES = [(500, "服务器错误"), (404, "页面不存在"), (200, "<script>go()</script>")]


@pytest.mark.parametrize(("status", "first"), FIRST_FETCHES, ids=["outage", "published-late", "firewall-script"])
def test_an_article_whose_first_fetch_failed_is_fetched_again_by_the_next_run(tmp_path: Path, site, status: int,
                                                                              first: str) -> None:  # noqa: ANN001
    """An outage, a 404 before the article went up, a firewall's script in its place: the listing still links it,
    so the next run fetches it again (it was taken for known, and lost for good)."""
    from tests.test_daemon import article

    site.page("/news/1.html", f"<html><body>{first}</body></html>", status=status)
    site.page("/list.html", '<html><body><ul class="list"><li><a href="/news/1.html">一</a></li></ul></body></html>')
    config = listing_source(tmp_path, site)
    assert run_cli("crawl", "s", "--config", str(config)).returncode == 0
    site.page("/news/1.html", article("国资委部署疫情防控工作"))
    assert run_cli("crawl", "s", "--config", str(config)).returncode == 0
    assert rows(tmp_path / "archive.db", "select url, version from snapshots") == [(site.url("/news/1.html"), 1)]
    assert run_cli("crawl", "s", "--config", str(config)).returncode == 0  # (now known: left to its revisits)
    assert len(site.hits("/news/1.html")) == 2


def test_demo_serves_archives_and_stops_its_children_on_sigterm(tmp_path: Path) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        site_port = probe.getsockname()[1]
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace("127.0.0.1:8000", f"127.0.0.1:{site_port}")
    config = tmp_path / "config.toml"
    config.write_text(text.replace('every = "30s"', 'every = "2s"'), encoding="utf-8")
    db = tmp_path / "archive.db"
    demo = subprocess.Popen([sys.executable, "-m", "crawler", "demo", "--config", str(config), "--db", str(db),
                             "--site-port", str(site_port), "--no-serve"], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if ok_runs(db) >= 1:
                break
            time.sleep(0.5)
        assert rows(db, "select count(*) from snapshots")[0][0] >= 7
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=20) is not None
        leftovers = subprocess.run(["pgrep", "-s", str(demo.pid)], capture_output=True, text=True).stdout.split()
        assert leftovers == []  # the daemon it started is gone too
        assert rows(db, "pragma integrity_check") == [("ok",)]
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)


def test_demo_refuses_a_config_its_daemon_would_refuse_before_starting_anything(tmp_path: Path) -> None:
    port = free_port()
    result = run_cli("demo", "--db", "a.db", "--site-port", str(port), "--no-serve", cwd=tmp_path, timeout=60)
    assert (result.returncode, result.stderr) == (2, "error: config.toml: config file not found\n")  # (was: exit 0)
    (tmp_path / "nosources.toml").write_text('[fetch]\nallow_addresses = ["127.0.0.1"]\n', encoding="utf-8")
    result = run_cli("demo", "--config", "nosources.toml", "--db", "a.db", "--site-port", str(port), "--no-serve",
                     cwd=tmp_path, timeout=60)
    assert (result.returncode, result.stderr) == (2, "error: nosources.toml: sources: no [[sources]] to schedule\n")
    assert not (tmp_path / "a.db").exists()


def test_demo_exits_with_its_daemons_status_when_the_daemon_fails(tmp_path: Path) -> None:
    site_port, port = free_port(), free_port()
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace("127.0.0.1:8000", f"127.0.0.1:{site_port}")
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    (tmp_path / "archive.db.lock").mkdir()  # (the daemon cannot take its lock: it says so and ends)
    started = time.monotonic()
    result = run_cli("demo", "--db", "archive.db", "--site-port", str(site_port), "--port", str(port),
                     cwd=tmp_path, timeout=60)
    assert result.returncode == 2  # (was: 0, after waiting 30 s for the store and saying where to browse it)
    lock = tmp_path / "archive.db.lock"
    assert f"error: {lock}: cannot open the daemon's lock file (Is a directory)" in result.stderr
    assert "browse the archive" not in result.stderr and time.monotonic() - started < 25


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ok_runs(db: Path) -> int:
    """The runs finished ok, 0 while the store is not there yet (the file exists a moment before its tables)."""
    try:
        return rows(db, "select count(*) from runs where status = 'ok'")[0][0] if db.exists() else 0
    except sqlite3.OperationalError:
        return 0


def run_in_terminal(*args: str, timeout: float = 60) -> tuple[int, str]:
    """`python -m crawler ARGS` with a pseudo-terminal as its stdout and stderr, as a person at a terminal runs it."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120", "TERM": "xterm"}
    process = subprocess.Popen([sys.executable, "-m", "crawler", *args], stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal, cwd=ROOT, env=env)
    os.close(terminal)
    output, deadline = bytearray(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: the process is done with it
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    os.close(controller)
    return process.wait(timeout=10), output.decode("utf-8", "replace")


def test_crawl_on_a_terminal_shows_a_live_table_of_counts(tmp_path: Path, demo: DemoSite) -> None:
    code, shown = run_in_terminal("crawl", "demo", "--config", str(demo_config(tmp_path, demo)))
    assert code == 0, shown
    assert "palimpsest crawl" in shown  # the table's title
    for column in ("source", "discovered", "fetched", "new", "changed", "reread", "unchanged", "gone", "errors"):
        assert column in shown
    final_row = [line for line in shown.splitlines() if "│ demo" in line][-1]
    assert [cell.strip() for cell in final_row.split("│")[1:-1]][:4] == ["demo", "7", "8", "8"]
    assert "demo: ok: 7 discovered, 8 fetched, 8 new" in shown  # the summary line after it


def test_a_feed_or_sitemap_that_cannot_be_read_is_said_even_when_the_run_is_ok(tmp_path: Path,
                                                                                   site) -> None:  # noqa: ANN001
    from tests.test_daemon import article

    page = site.page("/news/1.html", article("国资委部署疫情防控工作"))
    feed, sitemap = site.url("/missing-feed.xml"), site.page("/sitemap.xml", "<html>not a sitemap</html>")
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      f'delay = 0\nobey_robots = false\n[[sources]]\nname = "s"\nurls = ["{page}"]\n'
                      f'feeds = ["{feed}"]\nsitemaps = ["{sitemap}"]\n', encoding="utf-8")
    result = run_cli("crawl", "s", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("s: ok: ")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2 and "Traceback" not in result.stderr
    assert warnings[0].startswith(f"warning: s: {feed}: http_404")
    assert warnings[1] == f"warning: s: {sitemap}: bad_sitemap: root element is <html>, not urlset"
    [(status, error)] = rows(tmp_path / "archive.db", "select status, error from runs")
    assert status == "ok" and feed in error and sitemap in error


def test_a_run_says_what_it_left_for_later_and_what_lay_outside_its_scope(tmp_path: Path,
                                                                          site) -> None:  # noqa: ANN001
    from tests.test_daemon import article

    items = "".join(f'<li><a href="/news/{n}.html">{n}</a></li>' for n in range(3))
    elsewhere = site.url("/news/9.html").replace("127.0.0.1", "localhost")  # (another host name)
    site.page("/list.html", f'<html><body><ul class="list">{items}<li><a href="{elsewhere}">9</a></li></ul>'
              "</body></html>")
    for n in range(3):
        site.page(f"/news/{n}.html", article(f"国资委部署第{n}项工作"))
    config = listing_source(tmp_path, site)
    config.write_text(config.read_text(encoding="utf-8").replace('name = "s"\n', 'name = "s"\nmax_new_per_run = 1\n'),
                      encoding="utf-8")
    result = run_cli("crawl", "s", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "1 new, " in result.stdout and "2 held back, 1 out of scope" in result.stdout
    assert "warning: s: 2 new page(s) left for later runs by max_new_per_run" in result.stderr
    assert rows(tmp_path / "archive.db", "select held_back, out_of_scope from runs") == [(2, 1)]


def test_a_sitemap_that_dates_every_url_now_is_said_and_its_dates_ignored(tmp_path: Path,
                                                                         site) -> None:  # noqa: ANN001
    """A CMS sitemap giving every URL the moment it was generated: the run warns, as for a sitemap it could not
    read, and refetches no known page for those dates (the second run fetches nothing, not every page again)."""
    from datetime import UTC, datetime

    from tests.discover_site import urlset
    from tests.test_daemon import article

    pages = [site.page(f"/news/{n}.html", article(f"国资委部署第{n}项工作")) for n in range(12)]

    def sitemap(handler) -> None:  # noqa: ANN001 (dated when it is asked for, as such a CMS does)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = urlset([(page, now) for page in pages]).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/xml")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    url = site.handler("/sitemap.xml", sitemap)
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      f'delay = 0\nobey_robots = false\n[[sources]]\nname = "s"\nsitemaps = ["{url}"]\n'
                      'robots_sitemaps = false\n', encoding="utf-8")
    for _ in range(2):
        result = run_cli("crawl", "s", "--config", str(config))
        assert result.returncode == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
        assert len(warnings) == 1 and warnings[0].startswith(f"warning: s: {url}: generated_lastmod: 12 lastmod dates")
    assert rows(tmp_path / "archive.db", "select fetched, new from runs order by id") == [(12, 12), (0, 0)]
    for status, error in rows(tmp_path / "archive.db", "select status, error from runs"):
        assert status == "ok" and error.startswith(f"{url}: generated_lastmod: ")


def test_a_run_says_the_revisits_a_sitemap_asked_for_that_it_left_for_later(tmp_path: Path,
                                                                            site) -> None:  # noqa: ANN001
    from datetime import UTC, datetime, timedelta

    from tests.discover_site import urlset
    from tests.test_daemon import article

    pages = [site.page(f"/news/{n}.html", article(f"国资委部署第{n}项工作")) for n in range(4)]
    site.page("/sitemap.xml", urlset([(page, None) for page in pages[:3]]), content_type="application/xml")
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      f'delay = 0\nobey_robots = false\n[[sources]]\nname = "s"\n'
                      f'sitemaps = ["{site.url("/sitemap.xml")}"]\nrobots_sitemaps = false\n'
                      'max_lastmod_revisits_per_run = 1\n', encoding="utf-8")
    assert run_cli("crawl", "s", "--config", str(config)).returncode == 0
    later = [(datetime.now(UTC) + timedelta(hours=n)).strftime("%Y-%m-%dT%H:%M:%SZ") for n in (1, 3, 2)]
    site.page("/sitemap.xml", urlset([*zip(pages[:3], later, strict=True), (pages[3], None)]),
              content_type="application/xml")
    result = run_cli("crawl", "s", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "2 fetched, 1 new, " in result.stdout and "2 revisits held back" in result.stdout
    assert ("warning: s: 2 known page(s) a feed or sitemap dates after their last fetch left for later runs by "
            "max_lastmod_revisits_per_run") in result.stderr
    assert rows(tmp_path / "archive.db", "select revisits_held_back from runs order by id") == [(0,), (2,)]
    assert rows(tmp_path / "archive.db", "select url from captures where run_id = 2 order by url") == [
        (pages[1],), (pages[3],)]  # the new page, and the page changed last


def test_a_run_whose_every_page_failed_and_that_had_no_listing_to_read_failed(tmp_path: Path,
                                                                               site) -> None:  # noqa: ANN001
    """A server down: a source of fixed URLs (or of due revisits) fetched nothing, and must count as failing."""
    url = site.page("/news/1.html", "<html><body>服务暂时不可用</body></html>", status=500)
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      f'delay = 0\nobey_robots = false\nretries = 1\nmax_backoff = 0.1\n'
                      f'[[sources]]\nname = "s"\nurls = ["{url}"]\n', encoding="utf-8")
    result = run_cli("crawl", "s", "--config", str(config))
    assert "s: failed: " in result.stdout and f"every page fetched failed (1), as {url}: http_500" in result.stdout
    [(status, error)] = rows(tmp_path / "archive.db", "select status, error from runs")
    assert status == "failed" and error.startswith("every page fetched failed (1)")


def test_a_crawl_stopped_by_sigterm_marks_its_run_interrupted(tmp_path: Path, site) -> None:  # noqa: ANN001
    """SIGTERM (`timeout`, systemd, `docker stop`) stops a crawl as Ctrl-C does: the run is not left `running`."""
    import signal

    from tests.hostile import InFlight
    from tests.test_daemon import article

    items = "".join(f'<li><a href="/news/{n}.html">{n}</a></li>' for n in range(20))
    site.page("/list.html", f'<html><body><ul class="list">{items}</ul></body></html>')
    for n in range(20):  # (each answers after 2 s: the crawl is in the middle of its pages when stopped)
        site.handler(f"/news/{n}.html", InFlight(article(f"国资委部署第{n}项工作").encode(), hold=2.0))
    command = [sys.executable, "-m", "crawler", "crawl", "s", "--config", str(listing_source(tmp_path, site))]
    crawl = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not site.hits("/news/0.html") and time.monotonic() < deadline:
            time.sleep(0.1)
        crawl.send_signal(signal.SIGTERM)
        _, stderr = crawl.communicate(timeout=30)
    finally:
        if crawl.poll() is None:
            crawl.kill()
    assert (crawl.returncode, stderr.splitlines()[-1:]) == (143, ["stopped by SIGTERM"])
    [(status, ended, error)] = rows(tmp_path / "archive.db", "select status, ended_at is not null, error from runs")
    assert (status, ended, error) == ("interrupted", 1, "stopped before the run finished")
