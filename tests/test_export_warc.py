"""`palimpsest export`: the archive as WARC 1.1, read back with warcio and checked with its digest checker."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.config import Config, Source
from tests.archive_builder import serving
from tests.conftest import run_cli
from tests.fetching import SUBTITLE, TITLE, article, make_config, process, rows, with_subtitle
from tests.hostile import Validated
from tests.site import Site

SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def records(path: Path, *, requests: bool = False) -> list[tuple[str, str, dict[str, str], dict[str, str], bytes]]:
    """(type, target URI, WARC headers, HTTP headers, payload) of every record in the file (but requests, unless
    asked for)."""
    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "request" and not requests:
                continue
            http = dict(record.http_headers.headers) if record.http_headers else {}
            if record.http_headers and record.rec_type != "request":
                http[":status"] = record.http_headers.get_statuscode()
            elif record.http_headers:
                http[":request"] = f"{record.http_headers.protocol} {record.http_headers.statusline}"
            found.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI") or "",
                          dict(record.rec_headers.headers), http, record.content_stream().read()))
    return found


def warcio_check(path: Path) -> None:
    checked = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)], capture_output=True,
                             text=True)
    assert checked.returncode == 0 and "digest pass" in checked.stdout, checked.stdout + checked.stderr


def export(config: Config, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("export", "--db", str(config.store.path), str(out), *options, cwd=out.parent)
    assert result.returncode == 0, result.stderr
    return result


def test_each_response_is_a_record_of_its_headers_and_raw_body(site: Site, config: Config, tmp_path: Path) -> None:
    compressed = site.page("/news/a.html", gzip.compress(article()), Content_Encoding="gzip")
    missing = site.page("/news/gone.html", "<html><body>Not here</body></html>", status=404)
    for url in (compressed, missing, compressed):  # (the same bytes again: a revisit, not a second copy)
        process(config, url)
    out = tmp_path / "archive.warc.gz"
    result = export(config, out)
    assert result.stdout.strip() == f"{out}: 2 responses, 1 revisits, 1 versions"
    kinds = [(kind, uri) for kind, uri, *_ in records(out)]
    assert kinds == [("warcinfo", ""), ("response", compressed), ("response", missing), ("revisit", compressed),
                     ("conversion", compressed)]
    info, (_, _, warc, http, body), (_, _, _, gone, _), (_, _, revisit, _, _), (_, _, converted, _, text) = records(out)
    assert info[2]["WARC-Filename"] == "archive.warc.gz"
    assert body == article() and http[":status"] == "200"  # (the body as the store keeps it: decoded, byte-exact)
    assert http["X-Archive-Orig-Content-Encoding"] == "gzip" and "Content-Encoding" not in http
    assert http["Content-Length"] == str(len(article()))
    assert gone[":status"] == "404"
    fetched_at = rows(config, "select fetched_at from captures order by id")
    assert [warc["WARC-Date"], revisit["WARC-Date"]] == [fetched_at[0][0], fetched_at[2][0]]
    assert revisit["WARC-Profile"] == IDENTICAL_PAYLOAD and revisit["WARC-Refers-To-Date"] == warc["WARC-Date"]
    assert revisit["WARC-Payload-Digest"] == warc["WARC-Payload-Digest"]
    [(title, stored_text)] = rows(config, "select title, text from snapshots")
    assert text.decode() == f"{title}\n\n{stored_text}\n"
    assert converted["WARC-Refers-To"] == warc["WARC-Record-ID"] and converted["WARC-Palimpsest-Version"] == "1"
    warcio_check(out)


def test_a_304_is_a_revisit_of_the_response_it_confirmed(site: Site, config: Config, tmp_path: Path) -> None:
    url = site.handler("/news/v.html", Validated(article()))
    process(config, url)
    [result] = process(config, url)
    assert result.status == 304
    out = tmp_path / "v.warc"  # (no .gz: records uncompressed)
    assert export(config, out).stdout.strip() == f"{out}: 1 responses, 1 revisits, 1 versions"
    assert out.read_bytes().startswith(b"WARC/1.1\r\n")
    (_, _, response, http, _), (kind, _, revisit, not_modified, payload) = records(out)[1:3]
    assert kind == "revisit" and revisit["WARC-Profile"] == SERVER_NOT_MODIFIED
    assert revisit["WARC-Refers-To-Target-URI"] == url and revisit["WARC-Refers-To-Date"] == response["WARC-Date"]
    assert http["ETag"] == '"v1"' and not_modified[":status"] == "304" and payload == b""


def test_export_selects_captures_and_says_what_it_left_out(site: Site, config: Config, tmp_path: Path) -> None:
    one, two = site.page("/news/1.html", article()), site.page("/news/2.html", article(title="第二篇文章的标题"))
    big = site.page("/news/big.html", article() * 20)
    process(config, one)
    process(config, two)
    process(config, big, max_body_bytes=1000)  # (cut off: the capture has no body to write)
    out = tmp_path / "out.warc.gz"
    assert export(config, out, "--url", two).stdout.strip() == f"{out}: 1 responses, 0 revisits, 1 versions"
    assert [uri for kind, uri, *_ in records(out) if kind == "response"] == [two]
    result = export(config, out, "--force")
    assert result.stdout.strip() == \
        f"{out}: 2 responses, 0 revisits, 2 versions; 1 captures without a response left out (1 error)"
    later = export(config, out, "--force", "--since", "2999-01-01")
    assert later.stdout.strip() == f"{out}: 0 responses, 0 revisits, 0 versions"
    assert [kind for kind, *_ in records(out)] == ["warcinfo"]


def test_export_url_finds_a_page_as_history_does_and_refuses_one_not_in_the_archive(site: Site, config: Config,
                                                                                     tmp_path: Path) -> None:
    url = site.page("/news/1.html", article())
    process(config, url)
    typed = "HTTP://" + url[len("http://"):] + "#top"
    out = tmp_path / "out.warc"
    assert export(config, out, "--url", typed).stdout.strip() == f"{out}: 1 responses, 0 revisits, 1 versions"
    assert [uri for kind, uri, *_ in records(out) if kind == "response"] == [url]
    unknown = url.replace("1.html", "2.html")
    result = run_cli("export", "--db", str(config.store.path), str(tmp_path / "new.warc"), "--url", url, "--url",
                     unknown, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"error: --url {unknown}: not in the archive (nothing written)\n"
    assert sorted(path.name for path in tmp_path.iterdir() if "warc" in path.name) == ["out.warc"]


def test_export_source_selects_its_captures_and_refuses_a_name_no_capture_has(site: Site, config: Config,
                                                                            tmp_path: Path) -> None:
    ours, others = site.page("/news/1.html", article()), site.page("/news/2.html", article(title="第二篇文章的标题"))
    process(config, ours, source=Source("ours"))
    process(config, others, source=Source("others"))
    out = tmp_path / "out.warc"
    assert export(config, out, "--source", "ours").stdout.strip() == f"{out}: 1 responses, 0 revisits, 1 versions"
    assert [uri for kind, uri, *_ in records(out) if kind == "response"] == [ours]
    result = run_cli("export", "--db", str(config.store.path), str(tmp_path / "new.warc"), "--source", "ours",
                     "--source", "Ours", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "error: --source Ours: no capture of the archive is of this source (nothing written)\n"
    assert sorted(path.name for path in tmp_path.iterdir() if "warc" in path.name) == ["out.warc"]


def test_export_refuses_to_replace_a_file_or_read_a_bad_time(config: Config, site: Site, tmp_path: Path) -> None:
    process(config, site.page("/news/1.html", article()))
    out = tmp_path / "mine.warc"
    out.write_text("keep me", encoding="utf-8")
    result = run_cli("export", "--db", str(config.store.path), str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {out}: already exists (give --force to replace it)"
    assert out.read_text(encoding="utf-8") == "keep me"
    result = run_cli("export", "--db", str(config.store.path), str(tmp_path / "new.warc"), "--since", "last week",
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: --since: not a date or time: 'last week'")
    result = run_cli("export", "--db", str(config.store.path), str(tmp_path / "no" / "such" / "dir.warc"),
                     cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith(f"error: {tmp_path / 'no' / 'such' / 'dir.warc'}: cannot write")
    assert sorted(path.name for path in tmp_path.iterdir() if "warc" in path.name) == ["mine.warc"]


def test_header_bytes_are_written_as_they_came(site: Site, config: Config, tmp_path: Path) -> None:
    # (a server that sends a raw UTF-8 file name: warcio alone would percent-encode it)
    raw_name = "附件：通知.html".encode().decode("latin-1")
    url = site.page("/news/1.html", article(), Content_Disposition=f'inline; filename="{raw_name}"')
    process(config, url)
    out = tmp_path / "out.warc"
    export(config, out)
    assert 'inline; filename="附件：通知.html"'.encode() + b"\r\n" in out.read_bytes()


def test_serve_gives_a_pages_captures_as_a_warc_from_its_history(site: Site, config: Config) -> None:
    url = site.page("/news/1.html", article())
    other = site.page("/news/2.html", article(title="第二篇文章的标题"))
    for page in (url, other, url):
        process(config, page)
    with serving(config.store.path) as base:
        history = httpx.get(f"{base}/-/history", params={"url": url}, timeout=10).text
        response = httpx.get(f"{base}/-/warc", params={"url": url}, timeout=10)
        missing = httpx.get(f"{base}/-/warc", params={"url": "http://nowhere.example/x"}, timeout=10)
    assert f'href="/-/warc?url={quote(url, safe="/")}"' in history
    assert response.status_code == 200 and response.headers["content-type"] == "application/warc"
    assert response.headers["content-disposition"] == 'attachment; filename="127.0.0.1_' \
        f'{url.split(":")[2].split("/")[0]}_news_1.html.warc.gz"'
    found = [(record.rec_type, record.rec_headers.get_header("WARC-Target-URI"))
             for record in ArchiveIterator(io.BytesIO(response.content))]
    assert found == [("warcinfo", None), ("response", url), ("request", url), ("revisit", url), ("request", url),
                     ("conversion", url)]
    assert missing.status_code == 404 and "not in the archive" in missing.text


def test_each_response_has_its_request_as_sent(site: Site, config: Config, tmp_path: Path) -> None:
    url = site.handler("/news/v.html?id=7", Validated(article()))
    process(config, url)
    process(config, url)  # (a 304: its request asked with the validators)
    out = tmp_path / "out.warc.gz"
    export(config, out)
    found = records(out, requests=True)
    assert [(kind, uri) for kind, uri, *_ in found[1:5]] == [("response", url), ("request", url), ("revisit", url),
                                                             ("request", url)]
    (_, _, response, _, _), (_, _, request, sent, payload), (_, _, revisit, _, _), (_, _, conditional, asked, _) = \
        found[1:5]
    assert request["WARC-Concurrent-To"] == response["WARC-Record-ID"] and payload == b""
    assert conditional["WARC-Concurrent-To"] == revisit["WARC-Record-ID"]
    assert sent[":request"] == "GET /news/v.html?id=7 HTTP/1.1"
    assert sent["User-Agent"] == config.fetch.user_agent and sent["Host"] == url.split("/")[2]
    assert "If-None-Match" not in sent and asked["If-None-Match"] == '"v1"'
    assert {record["WARC-IP-Address"] for record in (response, request, revisit, conditional)} == {"127.0.0.1"}
    warcio_check(out)


def test_redirect_hops_are_kept_and_exported_before_the_page(site: Site, config: Config, tmp_path: Path) -> None:
    page = site.page("/news/new.html", article())
    middle = site.page("/news/moved.html", b"", status=302, Location="/news/new.html")
    start = site.page("/news/old.html", b"<p>moved</p>", status=301, Location=middle)
    process(config, start)
    [(stored,)] = rows(config, "select redirects from captures")
    hops = json.loads(stored)
    assert [(hop["url"], hop["status"], hop["server_ip"]) for hop in hops] == \
        [(start, 301, "127.0.0.1"), (middle, 302, "127.0.0.1")]
    assert dict(hops[0]["headers"])["Location"] == middle and dict(hops[1]["request_headers"])["Accept"]
    out = tmp_path / "out.warc.gz"
    assert export(config, out).stdout.strip() == f"{out}: 1 responses, 0 revisits, 1 versions"
    found = records(out, requests=True)
    assert [(kind, uri, http.get(":status") or http[":request"]) for kind, uri, _, http, _ in found[1:7]] == [
        ("response", start, "301"), ("request", start, "GET /news/old.html HTTP/1.1"),
        ("response", middle, "302"), ("request", middle, "GET /news/moved.html HTTP/1.1"),
        ("response", page, "200"), ("request", page, "GET /news/new.html HTTP/1.1")]
    (_, _, first, moved, body) = found[1]
    assert moved["Location"] == middle and moved["Content-Length"] == "0" and body == b""
    assert moved["X-Archive-Orig-Content-Length"] == str(len(b"<p>moved</p>"))
    assert first["WARC-Date"] == hops[0]["fetched_at"]
    warcio_check(out)
    [(capture_id,)] = rows(config, "select id from captures")
    with serving(config.store.path) as base:  # (the capture's headers page shows the whole exchange)
        shown = httpx.get(f"{base}/-/capture/{capture_id}/headers", timeout=10).text
    assert shown.startswith(f"GET {start} (127.0.0.1)\n") and "\nHTTP 301\n" in shown
    assert f"\nLocation: {middle}\n" in shown
    assert shown.index("HTTP 302\n") < shown.index(f"GET {page} (127.0.0.1)\n") < shown.index("HTTP 200\n")


def test_a_redirect_to_a_raw_chinese_location_is_exported_under_one_percent_encoded_uri(site: Site, config: Config,
                                                                                        tmp_path: Path) -> None:
    page = site.page("/%E6%96%B0%E9%97%BB/c%20d.html", article())

    def moved(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(301)
        # (raw UTF-8, as many Chinese servers send it: send_header writes each character as the byte it is in Latin-1)
        handler.send_header("Location", "/新闻/c d.html".encode().decode("latin-1"))
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    start = site.handler("/go", moved)
    process(config, start)
    process(config, page)  # (the same page fetched at its own address: one URI for both in the WARC)
    out = tmp_path / "out.warc"
    export(config, out)
    found = [(kind, uri, http.get(":request")) for kind, uri, _, http, _ in records(out, requests=True)[1:]]
    target = "GET /%E6%96%B0%E9%97%BB/c%20d.html HTTP/1.1"
    assert found == [("response", start, None), ("request", start, "GET /go HTTP/1.1"), ("response", page, None),
                     ("request", page, target), ("revisit", page, None), ("request", page, target),
                     ("conversion", page, None)]  # (one page: the first fetch is archived where it landed)
    warcio_check(out)


def test_a_store_from_before_requests_were_kept_is_read_and_exported(site: Site, config: Config,
                                                                      tmp_path: Path) -> None:
    url = site.page("/news/1.html", article())
    process(config, url)
    with sqlite3.connect(config.store.path) as db:  # (what a version 4 store lacks)
        db.execute("DROP INDEX idx_captures_asked")
        for column in ("request_headers", "server_ip", "redirects"):
            db.execute(f"ALTER TABLE captures DROP COLUMN {column}")
        db.execute("PRAGMA user_version = 4")
    with serving(config.store.path) as base:  # (read-only: not migrated, the columns read as missing)
        response = httpx.get(f"{base}/-/warc", params={"url": url}, timeout=10)
    assert [record.rec_type for record in ArchiveIterator(io.BytesIO(response.content))] == \
        ["warcinfo", "response", "conversion"]
    out = tmp_path / "out.warc"
    export(config, out)  # (read-only, as every reader: the old columns read as missing, no request record)
    assert [kind for kind, *_ in records(out, requests=True)] == ["warcinfo", "response", "conversion"]
    process(config, url)
    export(config, out, "--force")
    assert [kind for kind, *_ in records(out, requests=True)] == \
        ["warcinfo", "response", "revisit", "request", "conversion"]


def test_a_versions_conversion_record_gives_its_title_and_subtitle_over_its_text(site: Site, config: Config,
                                                                                 tmp_path: Path) -> None:
    url = site.page("/news/1.html", with_subtitle())
    process(config, url)
    out = tmp_path / "out.warc"
    export(config, out)
    [text] = [payload for kind, _, _, _, payload in records(out) if kind == "conversion"]
    assert text.decode().startswith(f"{TITLE}\n{SUBTITLE}\n\n2月3日上午")
