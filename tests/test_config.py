"""config.toml: loaded once into typed objects; a bad one stops with one line naming the key, exit code 2."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from crawler.config import ServeConfig, load_config, parse_config, parse_duration
from crawler.errors import ConfigError
from tests.conftest import ROOT, run_cli

ISSUE_EXAMPLE = """
[store]
path = "data/archive.db"
[fetch]
user_agent = "palimpsest/0.1 (+https://example.org/contact)"
timeout = 30
allow_addresses = []
[[sources]]
name = "demo"
every = "30m"
urls = ["http://127.0.0.1:8000/article.html"]
feeds = []
sitemaps = []
[[sources]]
name = "cron"
cron = "*/30 * * * *"
timezone = "Asia/Shanghai"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_documented_keys_load_into_typed_objects(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ISSUE_EXAMPLE))
    assert config.fetch.timeout == 30.0
    assert config.sources[0].every == 1800.0
    assert config.sources[1].cron == "*/30 * * * *"
    assert config.store.path == Path("data/archive.db")


def test_the_shipped_config_is_valid() -> None:
    config = load_config(ROOT / "config.toml")
    assert config.sources


def test_serve_url_and_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, ISSUE_EXAMPLE)).serve == ServeConfig(None, "127.0.0.1", 8001)  # no links
    config = load_config(write(tmp_path, '[serve]\nurl = "https://archive.example.org/palimpsest"\nport = 9001\n'))
    assert config.serve == ServeConfig("https://archive.example.org/palimpsest", "127.0.0.1", 9001)


def test_the_shipped_alerts_and_serve_example_is_valid_once_uncommented() -> None:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    block = text[text.index("# [serve]"):text.index("# failing_after")].splitlines(keepends=True)
    config = parse_config(tomllib.loads("".join(line.removeprefix("# ") for line in block)))
    assert config.serve.url == "http://127.0.0.1:8001"
    assert config.alerts[0].events == ("new", "changed", "gone", "back", "failing")


def test_the_daemons_fixity_check_is_off_unless_given_a_period(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, ISSUE_EXAMPLE)).daemon.verify_every is None
    assert load_config(write(tmp_path, '[daemon]\nverify_every = "1w"\n')).daemon.verify_every == 7 * 86400


def test_db_option_overrides_the_store_path(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, ISSUE_EXAMPLE), db="x.db").store.path == Path("x.db")


@pytest.mark.parametrize(("text", "key", "problem"), [
    ("[fetch]\ntimout = 3\n", "fetch.timout", "unknown key"),
    ("[fetch]\ntimeout = 'soon'\n", "fetch.timeout", "must be a non-negative number"),
    ("[[sources]]\nname = 'x'\nurls = ['ftp://x/y']\n", "sources.x.urls[0]", "is not an http(s) URL"),
    ("[[sources]]\nname = 'x'\nurls = ['http://[::1']\n", "sources.x.urls[0]", "is not a valid URL"),
    ("[[sources]]\nname = 'x'\nfeeds = ['http://a:99999/']\n", "sources.x.feeds[0]", "Port out of range"),
    ("[[sources]]\nname = 'x'\n[[sources.listings]]\nurl = 'http://a/'\nlinks = 'ul >> a['\n",
     "sources.x.listings[0].links", "not a valid CSS selector"),
    ("[[sources]]\nname = 'x'\nevery = '5 minutes'\n", "sources.x.every", "is not a duration"),
    ("[[sources]]\nname = 'x'\ncron = '61 * * * *'\n", "sources.x.cron", "not a valid cron expression"),
    ("[[sources]]\nname = 'x'\ntimezone = 'Mars/Base'\n", "sources.x.timezone", "unknown timezone"),
    ("[[sources]]\nname = 'x'\nallow = ['(']\n", "sources.x.allow[0]", "not a valid regular expression"),
    ("[[sources]]\nurls = []\n", "sources[0]", "missing key 'name'"),
    ("[store\n", "", "not valid TOML"),
    ("[serve]\nurl = 'ftp://archive.example.org/'\n", "serve.url", "is not an http(s) URL"),
    ("[serve]\nurl = '127.0.0.1:8001'\n", "serve.url", "is not an http(s) URL"),
    ("[serve]\nurl = 'http://a/?db=x'\n", "serve.url", "give the base URL only, without '?' or '#'"),
    ("[serve]\nurl = 8001\n", "serve.url", "must be a non-empty string"),
    ("[serve]\nport = 70000\n", "serve.port", "must be a TCP port from 1 to 65535"),
    ("[serve]\nbase_url = 'http://a/'\n", "serve.base_url", "unknown key (known: host, port, url)"),
    ("[extract]\ntimeout = 0\n", "extract.timeout", "must be more than 0 seconds"),
    ("[extract]\nprocesses = -1\n", "extract.processes", ""),
    ("[daemon]\nverify_every = 'weekly'\n", "daemon.verify_every", "must be a non-negative number"),
])
def test_a_bad_config_names_the_key_and_the_problem(tmp_path: Path, text: str, key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert caught.value.key == key
    assert problem in caught.value.problem


def test_cli_reports_a_bad_config_in_one_line_with_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, "[fetch]\ntimeout = -1\n")
    result = run_cli("fetch", "--config", str(path), "http://127.0.0.1:9/")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: {path}: fetch.timeout: must be a non-negative number of"
                                                  " seconds (or a duration like '30s'), got -1"]


@pytest.mark.parametrize("command", [("crawl", "--all"), ("serve",)])
def test_cli_reports_a_bad_serve_url_in_one_line_with_exit_2(tmp_path: Path, command: tuple[str, ...]) -> None:
    path = write(tmp_path, '[serve]\nurl = "ftp://archive.example.org/"\n')
    result = run_cli(*command, "--config", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {path}: serve.url: 'ftp://archive.example.org/' is not an http(s) URL"]


def test_cli_reports_a_missing_config(tmp_path: Path) -> None:
    result = run_cli("--config", str(tmp_path / "nope.toml"), "fetch", "http://127.0.0.1:9/")
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.toml'}: config file not found"


def test_durations() -> None:
    assert parse_duration("90s") == 90 and parse_duration("1.5h") == 5400 and parse_duration("7d") == 604800
    with pytest.raises(ValueError):
        parse_duration("0m")
