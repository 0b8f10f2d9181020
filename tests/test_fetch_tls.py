"""HTTPS and HTTP/2, end to end: a real TLS server on 127.0.0.1 (tests/tls_site.py) with a test CA,
the real CLI in a subprocess, a real SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crawler.fetch.guard import guarded_transport
from tests.conftest import run_cli
from tests.tls_site import CA_BUNDLE, TLSSite

ARTICLE = """<!doctype html><html><head><meta charset="utf-8"><title>中央企业一季度实现平稳开局 - 国资委</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>
<div class="content"><h1>中央企业一季度实现平稳开局</h1>
<p>一季度，中央企业坚持稳中求进工作总基调，生产经营总体平稳，主要效益指标保持增长。</p>
<p>国资委有关负责人表示，各中央企业要加大科技创新力度，持续推动产业转型升级。</p>
<p>下一步，国资委将指导企业做好风险防控，确保全年目标任务顺利完成。</p>
</div><div class="footer">版权所有 国务院国资委 京ICP备05000000号</div></body></html>"""
TITLE = "中央企业一季度实现平稳开局"


@pytest.fixture
def tls_site() -> Iterator[TLSSite]:
    with TLSSite() as server:
        yield server


def write_config(tmp_path: Path, extra: str = "", allow: str = '"127.0.0.1"', retries: int = 1) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[store]\npath = "{tmp_path / "archive.db"}"\n[fetch]\nallow_addresses = [{allow}]\n'
                    f"delay = 0\ntimeout = 10\nretries = {retries}\nobey_robots = false\n{extra}", encoding="utf-8")
    return path


def trusting(tmp_path: Path) -> Path:
    return write_config(tmp_path, f'ca_bundle = "{CA_BUNDLE}"\n')


def rows(config: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(config.parent / "archive.db") as conn:
        return conn.execute(sql).fetchall()


def test_https_fetch_with_the_ca_bundle_stores_the_article_over_http2(tls_site: TLSSite, tmp_path: Path) -> None:
    url = tls_site.page("/a.html", ARTICLE)
    config = trusting(tmp_path)
    result = run_cli("fetch", "--config", str(config), url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == TITLE
    assert rows(config, "select url, version from snapshots") == [(url, 1)]
    assert rows(config, "select status, outcome, charset from captures") == [(200, "ok", "utf-8")]
    assert tls_site.protocols("/a.html") == ["h2"]


def test_an_untrusted_certificate_fails_with_one_line_naming_tls(tls_site: TLSSite, tmp_path: Path) -> None:
    url = tls_site.page("/a.html", ARTICLE)
    config = write_config(tmp_path, retries=3)  # a certificate does not heal in seconds: not retried
    result = run_cli("fetch", "--config", str(config), url)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"error: {url}: tls (certificate verify failed: "
                                     "unable to get local issuer certificate)")
    assert tls_site.requests == []  # the handshake was refused: no request was ever sent
    assert rows(config, "select error, outcome from captures") == [("tls", "error")]
    assert rows(config, "select count(*) from snapshots") == [(0,)]


def test_a_redirect_is_followed_over_http2(tls_site: TLSSite, tmp_path: Path) -> None:
    target = tls_site.page("/news/2024/a.html", ARTICLE)
    start = tls_site.redirect("/old.html", "/news/2024/a.html")
    config = trusting(tmp_path)
    result = run_cli("fetch", "--config", str(config), start)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == TITLE
    assert [(r.protocol, r.path) for r in tls_site.requests] == [("h2", "/old.html"), ("h2", "/news/2024/a.html")]
    assert rows(config, "select url, final_url from captures") == [(target, target)]  # (the page it landed on)


def test_a_conditional_get_is_answered_304_over_http2(tls_site: TLSSite, tmp_path: Path) -> None:
    url = tls_site.page("/a.html", ARTICLE, ETag='"v1"')
    config = trusting(tmp_path)
    for _ in range(2):
        assert run_cli("fetch", "--config", str(config), url).returncode == 0
    assert tls_site.protocols("/a.html") == ["h2", "h2"]
    assert tls_site.requests[-1].headers["if-none-match"] == '"v1"'
    assert rows(config, "select status, outcome from captures order by id") == [(200, "ok"), (304, "not_modified")]
    assert rows(config, "select version from snapshots") == [(1,)]


def test_a_404_over_http2_is_one_line(tls_site: TLSSite, tmp_path: Path) -> None:
    url = tls_site.url("/missing.html")
    result = run_cli("fetch", "--config", str(trusting(tmp_path)), url)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {url}: http_404"
    assert tls_site.protocols("/missing.html") == ["h2"]


def test_the_address_guard_still_applies_to_https(tls_site: TLSSite, tmp_path: Path) -> None:
    url = tls_site.page("/a.html", ARTICLE)
    config = write_config(tmp_path, f'ca_bundle = "{CA_BUNDLE}"\n', allow="")
    result = run_cli("fetch", "--config", str(config), url)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {url}: blocked_address")
    assert tls_site.requests == []


def test_a_bad_ca_bundle_is_a_one_line_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pem"
    config = write_config(tmp_path, f'ca_bundle = "{missing}"\n')
    result = run_cli("fetch", "--config", str(config), "https://127.0.0.1:9/a.html")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: {config}: fetch.ca_bundle: cannot read '{missing}': "
                                     "No such file or directory")
    not_pem = tmp_path / "not.pem"
    not_pem.write_text("just text\n", encoding="utf-8")
    config = write_config(tmp_path, f'ca_bundle = "{not_pem}"\n')
    result = run_cli("fetch", "--config", str(config), "https://127.0.0.1:9/a.html")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: {config}: fetch.ca_bundle: '{not_pem}' "
                                     "is not a PEM file of CA certificates")


def test_http1_is_served_to_a_client_that_does_not_offer_h2(tls_site: TLSSite) -> None:
    url = tls_site.page("/a.html", ARTICLE)

    async def get(http2: bool) -> httpx.Response:
        transport = guarded_transport(lambda address: address == "127.0.0.1", httpx.Limits(), http2=http2,
                                      ca_bundle=CA_BUNDLE)
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get(url)

    assert [asyncio.run(get(h2)).http_version for h2 in (False, True)] == ["HTTP/1.1", "HTTP/2"]
    assert tls_site.protocols("/a.html") == ["http/1.1", "h2"]
