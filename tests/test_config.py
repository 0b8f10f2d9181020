"""config.toml: loaded once into typed objects; a bad one stops with one line naming the key, exit code 2."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
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


TOO_LONG = "is longer than the longest allowed, 366d"


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
    ("[fetch]\nattachments = ['pdf', '.xlsx']\n", "fetch.attachments[1]", "must be a file extension without its dot"),
    ("[[sources]]\nname = 'x'\nurls = ['ftp://x/y']\n", "sources.x.urls[0]", "is not an http(s) URL"),
    ("[[sources]]\nname = 'x'\nurls = ['http://[::1']\n", "sources.x.urls[0]", "is not a valid URL"),
    ("[[sources]]\nname = 'x'\nfeeds = ['http://a:99999/']\n", "sources.x.feeds[0]", "Port out of range"),
    ("[[sources]]\nname = 'x'\n[[sources.listings]]\nurl = 'http://a/'\nlinks = 'ul >> a['\n",
     "sources.x.listings[0].links", "not a valid CSS selector"),
    ("[[sources]]\nname = 'x'\nevery = '5 minutes'\n", "sources.x.every", "is not a duration"),
    ("[[sources]]\nname = 'x'\ncron = '61 * * * *'\n", "sources.x.cron", "not a valid cron expression"),
    ("[[sources]]\nname = 'x'\ncron = '0 8 * * 8'\n", "sources.x.cron", "days are 0–7 (0 and 7 are Sunday)"),
    # (a day no month has: the daemon ran it once, at start, as overdue, and never again, without a word)
    ("[[sources]]\nname = 'x'\ncron = '0 0 31 2 *'\n", "sources.x.cron", "'0 0 31 2 *' never fires: no date has"),
    ("[[sources]]\nname = 'x'\ncron = '0 0 31 4,6,9,11 *'\n", "sources.x.cron", "never fires: no date has"),
    ("[[sources]]\nname = 'x'\ntimezone = 'Mars/Base'\n", "sources.x.timezone", "unknown timezone"),
    ("[[sources]]\nname = 'x'\nallow = ['(']\n", "sources.x.allow[0]", "not a valid regular expression"),
    ("[[sources]]\nurls = []\n", "sources[0]", "missing key 'name'"),
    ("[[sources]]\nname = ''\n", "sources[0].name", "must be a non-empty string, got ''"),  # (not sources..name)
    ("[[sources]]\nname = 'a b'\n", "sources[0].name", "use letters, digits"),
    ("[store\n", "", "not valid TOML"),
    ("[serve]\nurl = 'ftp://archive.example.org/'\n", "serve.url", "is not an http(s) URL"),
    ("[serve]\nurl = '127.0.0.1:8001'\n", "serve.url", "is not an http(s) URL"),
    ("[serve]\nurl = 'http://a/?db=x'\n", "serve.url", "give the base URL only, without '?' or '#'"),
    ("[serve]\nurl = 8001\n", "serve.url", "must be a non-empty string"),
    ("[serve]\nport = 70000\n", "serve.port", "must be a TCP port from 1 to 65535"),
    ("[serve]\nbase_url = 'http://a/'\n", "serve.base_url", "unknown key (known: host, port, url)"),
    ("[extract]\ntimeout = 0\n", "extract.timeout", "must be more than 0 seconds"),
    ("[extract]\nprocesses = -1\n", "extract.processes", ""),
    ("[[sources]]\nname = 'x'\nmax_lastmod_revisits_per_run = -1\n", "sources.x.max_lastmod_revisits_per_run",
     "must be a non-negative integer, got -1"),
    ("[daemon]\nverify_every = 'weekly'\n", "daemon.verify_every", "must be a non-negative number"),
    # Durations: at most 366 days (beyond, a typo, and the daemon's date arithmetic overflows).
    ("[[sources]]\nname = 'x'\nevery = '99999999999999999w'\n", "sources.x.every", TOO_LONG),
    ("[[sources]]\nname = 'x'\nevery = '9999999w'\n", "sources.x.every", TOO_LONG),
    ("[[sources]]\nname = 'x'\nevery = '367d'\n", "sources.x.every", TOO_LONG),
    ("[daemon]\nverify_every = '9999999w'\n", "daemon.verify_every", TOO_LONG),
    ("[revisit]\nladder = ['1h', '9999999w']\n", "revisit.ladder[1]", TOO_LONG),
    ("[revisit]\nladder = ['1h', '0d']\n", "revisit.ladder[1]", "is not a duration"),
    ("[fetch]\nrobots_ttl = 1e300\n", "fetch.robots_ttl", TOO_LONG),
    ("[fetch]\nmax_backoff = '400d'\n", "fetch.max_backoff", TOO_LONG),
    ("[fetch]\ndeadline = 1" + "0" * 400 + "\n", "fetch.deadline", TOO_LONG),
    ("[[sources]]\nname = 'x'\ndelay = '9999999w'\n", "sources.x.delay", TOO_LONG),
    ("[daemon]\nstop_timeout = inf\n", "daemon.stop_timeout", TOO_LONG),
    ("[extract]\ntimeout = inf\n", "extract.timeout", TOO_LONG),
    # Time limits, counts and sizes that 0 would break; NaN is no number.
    ("[fetch]\ntimeout = 0\n", "fetch.timeout", "must be more than 0 seconds, got 0"),
    ("[fetch]\ndeadline = 0.0\n", "fetch.deadline", "must be more than 0 seconds"),
    ("[fetch]\nconnect_timeout = 0\n", "fetch.connect_timeout", "must be more than 0 seconds"),
    ("[fetch]\nread_timeout = 0\n", "fetch.read_timeout", "must be more than 0 seconds"),
    ("[fetch]\ntimeout = nan\n", "fetch.timeout", "must be a non-negative number"),
    ("[fetch]\ndelay = -1\n", "fetch.delay", "must be a non-negative number"),
    ("[fetch]\ndelay = nan\n", "fetch.delay", "must be a non-negative number"),
    ("[fetch]\nretries = 0\n", "fetch.retries", "must be more than 0, got 0"),
    ("[fetch]\nmax_body_bytes = 0\n", "fetch.max_body_bytes", "must be more than 0"),
    ("[fetch]\nconcurrency = 0\n", "fetch.concurrency", "must be more than 0"),
    ("[fetch]\nhost_concurrency = 0\n", "fetch.host_concurrency", "must be more than 0"),
    ("[[sources]]\nname = 'x'\nhost_concurrency = 0\n", "sources.x.host_concurrency", "must be more than 0"),
    ("[extract]\ntimeout = nan\n", "extract.timeout", "must be a non-negative number"),
    ("[extract]\nprocesses = 65\n", "extract.processes", "must be at most 64, got 65"),
    ("[[sources]]\nname = 'x'\n[[sources.listings]]\nurl = 'http://example.org/l/'\nmax_pages = 119\n",
     "sources.x.listings[0].max_pages", "must be at most 100, got 119"),  # (read as 100 without a word)
    ("[extract]\narticle_threshold = nan\n", "extract.article_threshold", "must be a number from 0 to 1, got nan"),
    ("[extract]\narticle_threshold = 1.5\n", "extract.article_threshold", "must be a number from 0 to 1"),
    ("[extract]\narticle_threshold = '1h'\n", "extract.article_threshold", "must be a number from 0 to 1"),
    ("[daemon]\nmisfire_grace = 0.5\n", "daemon.misfire_grace", "must be at least 1 second"),
    ("[daemon]\nverify_every = 0\n", "daemon.verify_every", "must be more than 0 seconds"),
    ("[[alerts]]\nurl = 'json://127.0.0.1:9/'\nfailing_after = 0\n", "alerts[0].failing_after",
     "must be more than 0"),
    # The User-Agent header: httpx sends header values as ASCII and refuses control characters and edge spaces.
    ("[fetch]\nuser_agent = '中文'\n", "fetch.user_agent", "must be printable ASCII"),
    ("[fetch]\nuser_agent = 'café/1.0'\n", "fetch.user_agent", "must be printable ASCII"),
    ('[fetch]\nuser_agent = "a\\nb"\n', "fetch.user_agent", "must be printable ASCII"),
    ('[fetch]\nuser_agent = "a\\tb"\n', "fetch.user_agent", "must be printable ASCII"),
    ('[fetch]\nuser_agent = "a\\u007fb"\n', "fetch.user_agent", "must be printable ASCII"),
    ("[fetch]\nuser_agent = ' palimpsest'\n", "fetch.user_agent", "must not start or end with a space"),
    # Alert targets: checked by apprise now, not at the first alert.
    ("[[alerts]]\nurl = 'nonsense'\n", "alerts[0].url", "not a URL apprise understands"),
    ("[[alerts]]\nevents = ['new']\n", "alerts[0]", "missing key 'url'"),  # (was a traceback)
    ("[[alerts]]\nurl = 'json://127.0.0.1:9/'\n[[alerts]]\nurl = 'tgram://'\n", "alerts[1].url",
     "not a tgram:// URL apprise understands"),
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


@pytest.mark.parametrize(("text", "line"), [
    ("[[sources]]\nname = 'x'\nevery = '9999999w'\n",
     "sources.x.every: '9999999w' is longer than the longest allowed, 366d"),
    ("[fetch]\ntimeout = 0\n", "fetch.timeout: must be more than 0 seconds, got 0"),
    ("[[sources]]\nname = 'x'\nmax_lastmod_revisits_per_run = '100'\n",
     "sources.x.max_lastmod_revisits_per_run: must be a non-negative integer, got '100'"),
    ('[fetch]\nuser_agent = "a\\nb"\n',
     r"fetch.user_agent: must be printable ASCII, as httpx sends it in an HTTP header: 'a\nb' has '\n'"),
    ("[[alerts]]\nurl = 'nonsense://secret-token@x'\n", "alerts[0].url: not a nonsense:// URL apprise understands"),
    # A folder of the timezone database names no zone (ZoneInfo raised IsADirectoryError: a traceback).
    ("[extract]\ntimezone = 'Asia'\n", "extract.timezone: unknown timezone 'Asia'"),
    ("[[sources]]\nname = 'x'\nurls = ['http://x.cn/']\ntimezone = 'US'\n",
     "sources.x.timezone: unknown timezone 'US'"),
])
def test_cli_reports_a_value_out_of_bounds_in_one_line_with_exit_2(tmp_path: Path, text: str, line: str) -> None:
    path = write(tmp_path, text)
    result = run_cli("fetch", "--config", str(path), "http://127.0.0.1:9/")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: {path}: {line}"]  # (apprise's own log of it is kept quiet)


def test_the_longest_durations_and_the_edge_values_are_allowed(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, """
[fetch]
user_agent = "Mozilla/5.0 (compatible; palimpsest/0.1; +https://example.org/contact)"
delay = 0
robots_ttl = 31622400
max_backoff = "366d"
[extract]
processes = 64
article_threshold = 1
[revisit]
ladder = ["1h", "366d"]
[daemon]
misfire_grace = 1
verify_every = "52w"
[[sources]]
name = "x"
every = "366d"
delay = 0
"""))
    assert config.sources[0].every == config.revisit.ladder[-1] == config.fetch.robots_ttl == 366 * 86400
    assert (config.fetch.delay, config.extract.processes, config.extract.article_threshold) == (0, 64, 1)
    assert load_config(write(tmp_path, "[extract]\nprocesses = 0\n")).extract.processes == 0  # in its own process
    urls = ["http://中文.cn/a.html", "http://a_b.example.com/", "http://example.com./", "http://[::1]:8080/x",
            "https://user@[::1]/", "http://1.2.3.4/?q=a b"]  # (hosts that can exist, however odd)
    config = load_config(write(tmp_path, f'[[sources]]\nname = "a"\nurls = {urls}\n'.replace("'", '"')))
    assert config.sources[0].urls == tuple(urls)


def test_a_config_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"\xef\xbb\xbf" + ISSUE_EXAMPLE.lstrip().encode("utf-8"))  # as Windows Notepad saves it
    assert load_config(path).sources[0].every == 1800.0


def test_a_bad_alert_url_is_not_logged_with_its_token(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, "[[alerts]]\nurl = 'tgram://secret-token'\n"))
    assert "secret-token" not in str(caught.value) and "secret-token" not in caplog.text


def test_a_config_without_alerts_loads_without_importing_apprise(tmp_path: Path) -> None:
    path = write(tmp_path, ISSUE_EXAMPLE)
    code = (f"import sys; from crawler.config import load_config; load_config({str(path)!r}); "
            "print('apprise' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


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
    assert parse_duration("366d") == 366 * 86400
    with pytest.raises(ValueError, match="longer than the longest allowed, 366d"):
        parse_duration("367d")


@pytest.mark.parametrize(("url", "problem"), [
    ("http://exa mple.com/", "the host 'exa mple.com' holds ' '"),
    ("http://a..b/", "the host 'a..b' has an empty label (two dots in a row, or a dot first)"),
    (f"http://{'a' * 70}.com/", f"the host '{'a' * 70}.com' has a label of 70 characters (at most 63)"),
    ("http://a\\u0000b/", r"it holds the control character '\x00'"),
    ("http://a\\tb/", r"it holds the control character '\t'"),  # (urlsplit would drop it without a word)
    ("http://ex%41mple.com/", "the host 'ex%41mple.com' holds '%'"),
    ("http://Ａ.cn/", "the host 'ａ.cn' is not a valid international domain name (Codepoint U+FF41 at position 1 "
                     "of 'ａ' not allowed)"),
])
def test_a_url_whose_host_no_server_can_have_is_refused_with_the_config(tmp_path: Path, url: str,
                                                                         problem: str) -> None:
    path = write(tmp_path, f'[[sources]]\nname = "a"\nurls = ["{url}"]\n')
    shown = tomllib.loads(path.read_text(encoding="utf-8"))["sources"][0]["urls"][0]
    result = run_cli("crawl", "a", "--config", str(path), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"error: {path}: sources.a.urls[0]: {shown!r} is not a valid URL: {problem}"]
    assert not (tmp_path / "a.db").exists()


def test_an_alert_for_a_source_the_config_has_not_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '[[sources]]\nname = "demo"\nurls = ["http://x.cn/"]\n'
                           '[[alerts]]\nurl = "json://127.0.0.1:9/hook"\nsources = ["demo", "demoo"]\n')
    result = run_cli("crawl", "demo", "--config", str(path), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: {path}: alerts[0].sources[1]: no source named 'demoo' (known: demo)"]
    path = write(tmp_path, '[[alerts]]\nurl = "json://127.0.0.1:9/hook"\nsources = ["demo"]\n')
    with pytest.raises(ConfigError, match=r"^.*alerts\[0\]\.sources\[0\]: no source named 'demo' \(known: none\)$"):
        load_config(path)


def test_a_source_with_nothing_to_discover_is_kept_for_the_pages_it_archived() -> None:
    # (its listings gone, its runs still revisit what it archived, watching it for edits and deletion)
    config = parse_config(tomllib.loads('[[sources]]\nname = "old"\n'))
    assert [source.name for source in config.sources] == ["old"]


def test_the_shipped_config_names_every_key() -> None:
    """config.toml documents every key (README says so): each field of each section, set or in a comment."""
    from dataclasses import fields

    from crawler import config as settings
    from crawler.extract.rules import SiteRules

    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    sections = (settings.StoreConfig, settings.FetchConfig, settings.ExtractConfig, settings.RevisitConfig,
                settings.DaemonConfig, settings.ServeConfig, settings.Source, settings.Listing, SiteRules,
                settings.AlertTarget)
    missing = [f"{cls.__name__}.{f.name}" for cls in sections for f in fields(cls)
               if f.name not in ("listings", "rules") and not re.search(rf"^#? ?{f.name} = ", text, re.M)]
    assert missing == []
