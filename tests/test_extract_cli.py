"""`palimpsest extract`: saved pages in, articles out, one result per input in the order given."""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.extraction.fixtures import load_fixtures
from tests import hostile
from tests.conftest import ROOT, run_cli
from tests.fetching import SUBTITLE, TITLE, with_subtitle
from tests.site import Site

FIXTURES = load_fixtures()
# An article whose body links to a document by a relative URL.
LINKED = ("<html><head><title>关于复工的通知_国资委</title></head><body><div class=\"content\"><h1>关于复工的通知</h1>"
          "<p>各省属企业要在做好疫情防控的前提下，有序推进复工复产，确保生产经营平稳有序。</p>"
          "<p>具体安排详见<a href=\"../doc/2.html\">通知全文</a>，各单位要认真贯彻落实，及时报送进展情况。</p>"
          "</div></body></html>").encode()
FIELDS = {"title", "subtitle", "published", "author", "source", "text", "paragraphs", "language", "charset",
          "charset_source", "links", "images", "warnings", "file"}


def test_many_files_stream_json_lines_in_order_and_a_bad_one_does_not_stop_the_rest(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    files = [str(FIXTURES[0].path), str(missing), *(str(p.path) for p in FIXTURES[1:])]
    result = run_cli("extract", "--json", *files, cwd=tmp_path)
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == files
    assert lines[1] == {"file": str(missing), "error": "No such file or directory"}
    for line, page in zip([lines[0], *lines[2:]], FIXTURES, strict=True):
        assert set(line) >= FIELDS, page.id
        assert line["title"] == page.title
        assert line["text"] == "\n".join(line["paragraphs"])
    assert f"error: {missing}: No such file or directory" in result.stderr


def test_gbk_file_is_decoded_from_its_meta_and_charset_can_be_forced(tmp_path: Path) -> None:
    gbk = next(p for p in FIXTURES if p.variant == "gbk")
    detected = json.loads(run_cli("extract", "--json", str(gbk.path), cwd=tmp_path).stdout)
    assert (detected["charset"], detected["charset_source"]) == ("gb18030", "meta")
    forced = json.loads(run_cli("extract", "--json", "--charset", "latin-1", str(gbk.path), cwd=tmp_path).stdout)
    assert forced["charset_source"] == "forced"
    assert gbk.title not in forced["text"]


def test_stdin_reference_format_base_url_and_explain(tmp_path: Path) -> None:
    page = next(p for p in FIXTURES if p.variant == "trs")
    result = subprocess.run([sys.executable, "-m", "crawler", "extract", "--explain", "--base-url",
                             "http://gzw.example.gov.cn/art/1.html", "-"], input=page.read_bytes(),
                            capture_output=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0
    out = result.stdout.decode()
    assert out.splitlines()[0] == page.title
    assert page.gold_paragraphs[-1][:30] in out
    assert "body:" in result.stderr.decode()  # which heuristic chose the body
    linked = tmp_path / "linked.html"
    linked.write_bytes(LINKED)
    links = json.loads(run_cli("extract", "--json", "--base-url", "http://gzw.example.gov.cn/art/1.html",
                               str(linked), cwd=tmp_path).stdout)["links"]
    assert links == ["http://gzw.example.gov.cn/doc/2.html"]


def test_a_subtitle_is_printed_under_the_title_and_given_in_json(tmp_path: Path) -> None:
    page = tmp_path / "subtitled.html"
    page.write_bytes(with_subtitle())
    printed = run_cli("extract", str(page), cwd=tmp_path)
    assert printed.stdout.splitlines()[:2] == [TITLE, SUBTITLE]
    assert json.loads(run_cli("extract", "--json", str(page), cwd=tmp_path).stdout)["subtitle"] == SUBTITLE
    explained = run_cli("extract", "--explain", str(page), cwd=tmp_path)
    assert "subtitle: h2.subtitle, beside the headline" in explained.stderr


def test_site_rules_from_the_config_win_over_the_heuristics(tmp_path: Path) -> None:
    page = next(p for p in FIXTURES if p.variant == "trs")
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nname = "gzw"\n[sources.rules]\nbody = "div.footer, #footer, .foot"\n',
                      encoding="utf-8")
    ruled = json.loads(run_cli("extract", "--json", "--source", "gzw", "--config", str(config), str(page.path),
                               cwd=tmp_path).stdout)
    heuristic = json.loads(run_cli("extract", "--json", str(page.path), cwd=tmp_path).stdout)
    assert ruled["text"] != heuristic["text"]
    assert page.gold_paragraphs[0][:30] not in ruled["text"]


def test_a_file_that_stalls_the_parser_fails_alone_at_the_time_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html"
    bomb.write_bytes(hostile.attribute_bomb())
    files = [str(FIXTURES[0].path), str(bomb), str(FIXTURES[1].path)]
    started = time.monotonic()
    run_cli("extract", "--json", "--timeout", "1", files[0], files[2], cwd=tmp_path)
    without_bomb = time.monotonic() - started  # (start-up, its worker's included: a second or two, by the machine)
    started = time.monotonic()
    result = run_cli("extract", "--json", "--timeout", "1", *files, cwd=tmp_path)
    # The limit (1 s) and a new worker's start-up, not the parser's 5 s on the bomb.
    assert time.monotonic() - started < without_bomb + 3.5
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == files
    assert lines[1] == {"file": str(bomb), "error": "parsing took over 1 s; stopped"}
    assert [line["title"] for line in (lines[0], lines[2])] == [FIXTURES[0].title, FIXTURES[1].title]
    assert f"error: {bomb}: parsing took over 1 s; stopped" in result.stderr


def test_parallel_workers_and_in_process_parsing_give_the_same_output_in_order(tmp_path: Path) -> None:
    files = [str(page.path) for page in FIXTURES] * 3
    outputs = {n: run_cli("extract", "--json", "--processes", str(n), *files, cwd=tmp_path) for n in (0, 2)}
    assert outputs[0].returncode == outputs[2].returncode == 0
    assert outputs[0].stdout == outputs[2].stdout
    assert [json.loads(line)["file"] for line in outputs[2].stdout.splitlines()] == files


def test_a_url_is_fetched_then_extracted_with_its_links_resolved_against_it(site: Site, tmp_path: Path) -> None:
    url = site.page("/art/1.html", LINKED)
    config = tmp_path / "config.toml"
    config.write_text('[fetch]\nallow_addresses = ["127.0.0.1"]\nobey_robots = false\n', encoding="utf-8")
    result = run_cli("extract", "--json", "--config", str(config), url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "关于复工的通知" and article["file"] == url
    assert article["links"] == [site.url("/doc/2.html")]


def test_a_url_needs_no_config_file_and_a_refused_address_says_how_to_allow_it(site: Site, tmp_path: Path) -> None:
    url = site.page("/art/1.html", LINKED)  # the defaults obey robots.txt and refuse loopback addresses
    result = run_cli("extract", url, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"error: {url}: blocked_address: 127.0.0.1 is a loopback address " \
                            "(allow it with fetch.allow_addresses)\n"


def test_binary_files_are_not_pages(tmp_path: Path) -> None:
    archive, image = tmp_path / "page.html.gz", tmp_path / "logo.png"
    archive.write_bytes(gzip.compress(LINKED))
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = run_cli("extract", "--json", str(archive), str(image), str(FIXTURES[0].path), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[:2] == [{"file": str(archive), "error": "not an HTML page (application/gzip)"},
                         {"file": str(image), "error": "not an HTML page (image/png)"}]
    assert lines[2]["title"] == FIXTURES[0].title


def test_an_empty_file_and_an_address_of_another_scheme_fail_alone_and_say_why(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    inputs = [str(empty), "ftp://example.org/notice.html", "HTTPS://", str(FIXTURES[0].path)]
    result = run_cli("extract", "--json", *inputs, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[:3] == [{"file": str(empty), "error": "empty: no bytes to extract"},
                         {"file": inputs[1], "error": "bad_url (only http and https are fetched, not 'ftp')"},
                         {"file": inputs[2], "error": "bad_url: no host in URL"}]
    assert lines[3]["title"] == FIXTURES[0].title


def test_a_timeout_or_a_number_of_processes_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    page = str(FIXTURES[0].path)
    for option, value in (("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "0"), ("--timeout", "-1"),
                          ("--processes", "65"), ("--processes", "99999999999999999999")):  # (that one hung)
        result = run_cli("extract", option, value, page, cwd=tmp_path, timeout=60)
        assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr, value
        assert f"Invalid value for '{option}'" in result.stderr


def test_a_base_url_that_is_no_http_url_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(LINKED)
    for base, reason in (("htp://x/", "is not an http(s) URL"), ("javascript:x", "is not an http(s) URL"),
                         ("http://", "is not an http(s) URL"),  # (was: links resolved to http:///doc/2.html)
                         ("http://[::1", "is not a valid URL: Invalid IPv6 URL"),
                         ("http://a..b/", "is not a valid URL: the host 'a..b' has an empty label")):
        result = run_cli("extract", "--json", "--base-url", base, str(page), cwd=tmp_path)
        assert result.returncode == 2 and result.stdout == "", base
        assert len(result.stderr.splitlines()) == 1
        assert result.stderr.startswith(f"error: --base-url: {base!r} {reason}")
    result = run_cli("extract", "--json", "--base-url", "http://x.cn/a/", str(page), cwd=tmp_path)
    assert result.returncode == 0 and "http://x.cn/doc/2.html" in result.stdout


def test_an_input_larger_than_max_body_bytes_fails_alone(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[fetch]\nmax_body_bytes = 4096\n", encoding="utf-8")
    big = tmp_path / "big.html"
    big.write_bytes(LINKED + b" " * (4097 - len(LINKED)))
    fitting = tmp_path / "fits.html"
    fitting.write_bytes(LINKED + b" " * (4096 - len(LINKED)))
    # (a real endless input; the address-space limit makes the old read-it-all a quick MemoryError, not the OOM killer)
    result = subprocess.run([sys.executable, "-m", "crawler", "extract", "--json", "--config", str(config), str(big),
                             "/dev/zero", "-", str(fitting)], input=LINKED * 100, capture_output=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60, preexec_fn=_at_most_4_gb)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    too_large = "too_large (more than 4096 bytes, [fetch] max_body_bytes)"
    assert lines[:3] == [{"file": name, "error": too_large} for name in (str(big), "/dev/zero", "-")]
    assert lines[3]["title"] == "关于复工的通知" and lines[3]["file"] == str(fitting)
    assert result.stderr.decode().splitlines() == [f"error: {name}: {too_large}" for name in (big, "/dev/zero", "-")]


def _at_most_4_gb() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
