"""The seed-based fixture pages fetched over real HTTP, as served (GBK with only a <meta>, Big5, ruby...)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bench.extraction.fixtures import FixturePage, load_fixtures
from tests.conftest import run_cli
from tests.site import Site

FIXTURES = load_fixtures()


@pytest.fixture(scope="module")
def served() -> Site:
    site = Site().start()
    for page in FIXTURES:
        site.page(f"/{page.file}", page.read_bytes(), content_type=page.content_type)
    yield site
    site.stop()


@pytest.fixture(scope="module")
def fetched(served: Site, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict], Path]:
    """Every fixture page fetched by one `palimpsest fetch --json` into one store."""
    tmp = tmp_path_factory.mktemp("fixtures")
    config = tmp / "config.toml"
    config.write_text(f'[store]\npath = "{tmp / "archive.db"}"\n[fetch]\nallow_addresses = ["127.0.0.1"]\n'
                      "delay = 0\nobey_robots = false\n", encoding="utf-8")
    result = run_cli("fetch", "--json", "--config", str(config), *(served.url(f"/{p.file}") for p in FIXTURES))
    assert result.returncode == 0, result.stderr
    by_url = {item["url"]: item for item in map(json.loads, result.stdout.splitlines())}
    return by_url, tmp / "archive.db"


@pytest.mark.parametrize("page", FIXTURES, ids=[p.id for p in FIXTURES])
def test_fetched_body_has_the_seed_paragraphs_and_no_boilerplate(page: FixturePage, served: Site,
                                                                 fetched: tuple[dict[str, dict], Path]) -> None:
    article = fetched[0][served.url(f"/{page.file}")]
    body = article["text"]
    for paragraph in page.gold_paragraphs:
        for damaged in page.damaged:
            paragraph = paragraph.replace(damaged, "")
        for piece in filter(None, paragraph.split("\n")):
            assert piece[:40] in body, f"missing from {page.id}: {piece[:40]}"
    for junk in page.boilerplate:
        assert junk not in body, f"boilerplate in {page.id}: {junk}"
    assert article["title"] == page.title


def test_each_capture_records_the_charset_and_where_it_came_from(served: Site,
                                                                 fetched: tuple[dict[str, dict], Path]) -> None:
    with sqlite3.connect(fetched[1]) as conn:
        rows = dict(((url, (charset, source)) for url, charset, source in
                     conn.execute("select url, charset, charset_source from captures")))
    gbk = next(p for p in FIXTURES if p.variant == "gbk")
    big5 = next(p for p in FIXTURES if p.variant == "big5")
    assert rows[served.url(f"/{gbk.file}")] == ("gb18030", "meta")  # no charset in the header: the <meta> wins
    assert rows[served.url(f"/{big5.file}")] == ("big5hkscs", "header")
