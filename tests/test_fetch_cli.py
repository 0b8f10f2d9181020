"""The one-off fetch, end to end: real HTTP server, real SQLite file, the real CLI in a subprocess."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from tests.conftest import run_cli
from tests.site import Handler, Response, Site

ARTICLE = """<!doctype html><html><head><meta charset="utf-8"><title>国资委召开会议 - 国务院国资委</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>
<div class="content"><h1>国资委召开会议部署疫情防控工作</h1>
<p>2月3日上午，国资委召开党委会议，传达学习中央关于疫情防控工作的重要指示精神。</p>
<p>会议要求，各中央企业要{change}切实做好复工复产工作，确保生产经营平稳有序。</p>
<p>会议强调，要加强组织领导，压实各级责任，坚决打赢疫情防控阻击战。</p>
</div><div class="footer">版权所有 国务院国资委 京ICP备05000000号</div></body></html>"""


def serve_article(site: Site, change: str = "") -> str:
    return site.page("/a.html", ARTICLE.format(change=change))


def db_rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_fetch_prints_the_article_and_stores_a_version(site: Site, config_file: Path) -> None:
    url = serve_article(site)
    result = run_cli("fetch", "--config", str(config_file), url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "国资委召开会议部署疫情防控工作"
    assert "会议强调，要加强组织领导，压实各级责任，坚决打赢疫情防控阻击战。" in result.stdout.splitlines()
    assert "版权所有" not in result.stdout
    db = config_file.parent / "archive.db"
    assert db_rows(db, "select url, version from snapshots") == [(url, 1)]
    assert db_rows(db, "select count(*) from bodies") == [(1,)]
    assert db_rows(db, "select status, outcome, charset from captures") == [(200, "ok", "utf-8")]


def test_unchanged_refetch_adds_a_capture_but_no_version(site: Site, config_file: Path) -> None:
    url = serve_article(site)
    db = config_file.parent / "archive.db"
    for _ in range(2):
        assert run_cli("--config", str(config_file), "fetch", url).returncode == 0
    assert db_rows(db, "select count(*) from captures") == [(2,)]
    assert db_rows(db, "select version from snapshots") == [(1,)]
    first_seen, last_seen = db_rows(db, "select first_seen, last_seen from snapshots")[0]
    assert last_seen > first_seen


def test_fetch_stores_a_url_in_its_canonical_form_as_a_crawl_does(site: Site, config_file: Path) -> None:
    url = serve_article(site)
    for given in (url.replace("http://", "HTTP://") + "#top", url + "?utm_source=weixin", url):
        assert run_cli("fetch", "--config", str(config_file), given).returncode == 0
    db = config_file.parent / "archive.db"
    assert db_rows(db, "select url from pages") == [(url,)]
    assert db_rows(db, "select url, version from snapshots") == [(url, 1)]


def test_changed_body_adds_a_version_and_diff_shows_it(site: Site, config_file: Path) -> None:
    url = serve_article(site)
    assert run_cli("fetch", "--config", str(config_file), url).returncode == 0
    serve_article(site, change="在确保安全的前提下")
    assert run_cli("fetch", "--config", str(config_file), url).returncode == 0
    history = run_cli("history", "--config", str(config_file), url)
    assert history.returncode == 0 and history.stdout.count("\n") == 2
    diff = run_cli("diff", "--config", str(config_file), url)
    assert diff.returncode == 0
    assert "+会议要求，各中央企业要在确保安全的前提下切实做好复工复产工作，确保生产经营平稳有序。" in diff.stdout
    assert "-会议要求，各中央企业要切实做好复工复产工作，确保生产经营平稳有序。" in diff.stdout


def test_a_rewritten_headline_is_a_new_version_and_a_rewrapped_source_is_not(site: Site, config_file: Path) -> None:
    url = serve_article(site)
    db = config_file.parent / "archive.db"
    assert run_cli("fetch", "--config", str(config_file), url).returncode == 0
    # The same article, its source wrapped anew: line breaks (and indents) between Chinese characters.
    site.page("/a.html", ARTICLE.format(change="").replace("各中央企业要", "各中央企业\n      要"))
    assert run_cli("fetch", "--config", str(config_file), url).returncode == 0
    assert db_rows(db, "select version from snapshots") == [(1,)]
    site.page("/a.html", ARTICLE.format(change="").replace("部署疫情防控工作</h1>", "部署复工复产工作</h1>"))
    assert run_cli("fetch", "--config", str(config_file), url).returncode == 0
    assert db_rows(db, "select version, title from snapshots") == [(1, "国资委召开会议部署疫情防控工作"),
                                                                    (2, "国资委召开会议部署复工复产工作")]
    diff = run_cli("diff", "--config", str(config_file), url)
    assert "title v2: 国资委召开会议部署复工复产工作" in diff.stdout


def test_json_output_has_the_article_fields(site: Site, config_file: Path) -> None:
    url = serve_article(site)
    result = run_cli("fetch", "--json", "--config", str(config_file), url)
    data = json.loads(result.stdout)
    assert data["title"] == "国资委召开会议部署疫情防控工作"
    assert data["version"] == 1 and data["change"] == "new"
    assert len(data["paragraphs"]) == 3


def test_dead_url_fails_with_one_line_and_keeps_the_rest(site: Site, config_file: Path) -> None:
    good = serve_article(site)
    missing = site.url("/missing.html")
    result = run_cli("fetch", "--config", str(config_file), missing, good)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {missing}: http_404"
    assert "国资委召开会议部署疫情防控工作" in result.stdout
    db = config_file.parent / "archive.db"
    assert db_rows(db, "select count(*) from snapshots") == [(1,)]


def test_a_page_gone_since_it_was_archived_is_said_gone_in_json_as_history_says_it(site: Site,
                                                                                  config_file: Path) -> None:
    url, missing = serve_article(site), site.url("/missing.html")
    assert run_cli("fetch", "--config", str(config_file), url).returncode == 0
    site.page("/a.html", "<h1>404 Not Found</h1>", status=404)
    for _ in range(2):  # (newly gone, then still gone: since the first time)
        result = run_cli("fetch", "--json", "--config", str(config_file), url, missing)
        gone, dead = [json.loads(line) for line in result.stdout.splitlines()]
        history = json.loads(run_cli("history", "--json", "--config", str(config_file), url).stdout)
        assert gone == {"url": url, "change": "gone", "error": "http_404", "detail": None,
                        "page_gone_at": history["page_gone_at"]} and history["page_gone_at"]
        assert dead == {"url": missing, "change": "none", "error": "http_404", "detail": None, "page_gone_at": None}
        assert result.returncode == 1 and result.stderr.splitlines() == [
            f"error: {url}: http_404 (the archived page is gone since {history['page_gone_at']})",
            f"error: {missing}: http_404"]


def test_refused_connection_names_the_reason(config_file: Path) -> None:
    result = run_cli("fetch", "--config", str(config_file), "http://127.0.0.1:9/nothing")
    assert result.returncode == 1
    assert result.stderr.startswith("error: http://127.0.0.1:9/nothing: connect")
    assert "Traceback" not in result.stderr


def test_unresolvable_host_names_the_dns_reason_and_is_a_capture(config_file: Path) -> None:
    # .invalid never resolves (RFC 6761): the resolver answers at once, nothing leaves the machine.
    url = "http://no-such-host.invalid/article.html"
    result = run_cli("fetch", "--config", str(config_file), url)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {url}: dns")
    assert "Traceback" not in result.stderr
    db = config_file.parent / "archive.db"
    assert db_rows(db, f"select error from captures where url = '{url}'") == [("dns",)]


def test_a_page_that_stalls_the_parser_is_stopped_at_the_time_limit(site: Site, config_file: Path) -> None:
    from tests import hostile

    config_file.write_text(config_file.read_text(encoding="utf-8") + "[extract]\ntimeout = 1\n", encoding="utf-8")
    bomb = site.page("/bomb.html", hostile.attribute_bomb())
    url = serve_article(site)
    started = time.monotonic()
    run_cli("fetch", "--config", str(config_file), url)
    without_bomb = time.monotonic() - started  # (start-up, its worker's included: a second or two, by the machine)
    started = time.monotonic()
    result = run_cli("fetch", "--config", str(config_file), bomb, url)
    # The limit (1 s) and a new worker's start-up, not the parser's 5 s on the bomb.
    assert time.monotonic() - started < without_bomb + 3.5
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{bomb}: extract_timeout" in result.stderr
    assert "会议强调，要加强组织领导，压实各级责任，坚决打赢疫情防控阻击战。" in result.stdout
    db = config_file.parent / "archive.db"
    assert db_rows(db, "select outcome, error from captures where url like '%bomb%'") == [("error", "extract_timeout")]


def test_a_page_whose_furniture_changes_on_every_view_keeps_one_version_until_its_text_is_edited(
        site: Site, config_file: Path) -> None:
    # Each view counts up, rotates the hot list, fills the ad slot anew and writes its spaces its own way;
    # only an appended paragraph is an edit, and the diff shows it alone.
    hot = ["国资委部署中央企业安全生产工作", "中央企业一季度经济运行情况发布", "国资委召开中央企业负责人会议"]
    paragraphs = ["2月3日上午，国资委召开党委会议，传达学习中央关于疫情防控工作的重要指示精神。",
                  "会议要求，各中央企业要切实做好复工复产工作，确保生产经营平稳有序。",
                  "会议强调，要加强组织领导，压实各级责任，坚决打赢疫情防控阻击战。"]
    views = []

    def churning_page(handler: Handler) -> None:
        views.append(1)
        n = len(views)
        space = "&nbsp;" if n % 2 else " "
        rotated = hot[n % 3:] + hot[:n % 3]
        body = ("<!doctype html><html><head><meta charset='utf-8'><title>国资委召开会议 - 国务院国资委</title></head>"
                f"<body><div class='nav'><a href='/'>首页</a> <a href='/news'>新闻</a></div>"
                f"<div class='content css-{n}x7q'><h1>国资委召开会议部署疫情防控工作</h1>"
                f"<div class='info'>发布时间：2020-02-03{space}09:35 阅读次数：{1000 + 37 * n}</div>"
                + "".join(f"<p>{'　　' if n % 2 else ''}{p}</p>" for p in paragraphs[:2])
                + f"<div class='ad-slot'><a href='https://ads.example.com/c?v={n}'><img src='/ad/{n}.jpg'></a></div>"
                + "".join(f"<p>{p}</p>" for p in paragraphs[2:])
                + "</div><div class='hot'><h3>热点新闻</h3><ul>"
                + "".join(f"<li><a href='/h/{i}.html'>{title}</a></li>" for i, title in enumerate(rotated))
                + "</ul></div><div class='footer'>版权所有 国务院国资委 京ICP备05000000号</div></body></html>")
        handler.send(Response(body.encode("utf-8")))

    url = site.handler("/live.html", churning_page)
    db = config_file.parent / "archive.db"
    for _ in range(3):
        assert run_cli("fetch", "--config", str(config_file), url).returncode == 0
    assert db_rows(db, "select count(*) from captures") == [(3,)]
    assert db_rows(db, "select count(distinct body_sha256) from captures") == [(3,)]  # (the raw bytes differ)
    assert db_rows(db, "select version from snapshots") == [(1,)]
    paragraphs.append("会后，各中央企业迅速传达会议精神，结合实际研究部署落实措施。")
    assert run_cli("fetch", "--config", str(config_file), url).returncode == 0
    assert db_rows(db, "select version from snapshots") == [(1,), (2,)]
    diff = run_cli("diff", "--config", str(config_file), url).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["+会后，各中央企业迅速传达会议精神，结合实际研究部署落实措施。"]
