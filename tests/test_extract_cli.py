"""`palimpsest extract`: saved pages in, articles out, one result per input in the order given."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.extraction.fixtures import load_fixtures
from tests.conftest import ROOT, run_cli

FIXTURES = load_fixtures()
FIELDS = {"title", "published", "author", "source", "text", "paragraphs", "language", "charset", "charset_source",
          "links", "images", "warnings", "file"}


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
    links = json.loads(run_cli("extract", "--json", "--base-url", "http://gzw.example.gov.cn/art/1.html",
                               str(page.path), cwd=tmp_path).stdout)["links"]
    assert all(link.startswith("http") for link in links)


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
