"""Retries: which failures are tried again, how long between tries, and one capture row per attempt."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crawler.config import Config
from tests import hostile
from tests.fetching import article, make_config, process, rows
from tests.site import Site


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path, retries=3, delay=0.05, max_backoff=2.0)


def attempts(config: Config) -> list[tuple]:
    return rows(config, "select attempt, status, outcome, error from captures order by id")


@pytest.mark.parametrize("status", [503, 429])
def test_throttled_then_served_records_every_attempt(site: Site, config: Config, status: int) -> None:
    route = hostile.Throttled(article(), times=1, status=status, retry_after="1")
    url = site.handler("/p.html", route)
    [result] = process(config, url)
    assert result.change == "new" and result.attempts == 2
    assert route.arrivals[1] - route.arrivals[0] >= 0.95  # Retry-After: 1 honoured
    assert attempts(config) == [(1, status, "retried", f"http_{status}"), (2, 200, "ok", None)]
    assert rows(config, "select version from snapshots") == [(1,)]


def test_retry_after_is_capped_by_max_backoff(site: Site, config: Config) -> None:
    route = hostile.Throttled(article(), times=1, status=503, retry_after="3600")
    url = site.handler("/p.html", route)
    [result] = process(config, url, max_backoff=0.3)
    assert result.change == "new"
    assert 0.2 <= route.arrivals[1] - route.arrivals[0] < 1.0


def test_retries_run_out_and_the_last_attempt_says_why(site: Site, config: Config) -> None:
    url = archive = site.page("/p.html", article())
    process(config, archive)
    site.handler("/p.html", hostile.Throttled(article(), times=99, status=500, retry_after=None))
    [result] = process(config, url)
    assert (result.error, result.status, result.attempts) == ("http_500", 500, 3)
    assert attempts(config)[1:] == [(1, 500, "retried", "http_500"), (2, 500, "retried", "http_500"),
                                    (3, 500, "error", "http_500")]
    assert rows(config, "select version, gone_at from snapshots join pages using (url)") == [(1, None)]


@pytest.mark.parametrize("status", [400, 403, 404, 451])
def test_other_4xx_are_never_retried(site: Site, config: Config, status: int) -> None:
    url = site.page("/p.html", b"no", status=status)
    [result] = process(config, url)
    assert result.error == f"http_{status}" and len(site.hits("/p.html")) == 1
    assert [a[0] for a in attempts(config)] == [1]


def test_408_is_retried(site: Site, config: Config) -> None:
    url = site.handler("/p.html", hostile.Throttled(article(), times=1, status=408, retry_after=None))
    [result] = process(config, url)
    assert result.change == "new" and attempts(config)[0][:3] == (1, 408, "retried")


def test_timeouts_are_retried_with_growing_waits(site: Site, config: Config) -> None:
    url = site.handler("/p.html", hostile.slow_headers(2))
    started = time.monotonic()
    [result] = process(config, url, timeout=0.3, retries=3, delay=0.1)
    assert result.error == "timeout" and result.attempts == 3
    # (each timeout also backs the host off, by 1 s and then 1.5 s: the retries wait for that, not the 0.1 s delay)
    assert 2.8 < time.monotonic() - started < 4.5
    assert [a[2:] for a in attempts(config)] == [("retried", "timeout")] * 2 + [("error", "timeout")]


def test_connection_refused_is_retried(site: Site, config: Config) -> None:
    site.stop()
    [result] = process(config, site.url("/p.html"))
    assert (result.error, result.attempts) == ("connect", 3)


def test_the_deadline_bounds_a_url_including_its_retries(site: Site, config: Config) -> None:
    route = hostile.Throttled(article(), times=99, status=503, retry_after="1")
    url = site.handler("/p.html", route)
    started = time.monotonic()
    [result] = process(config, url, retries=10, deadline=2.5, max_backoff=1.0)
    elapsed = time.monotonic() - started
    assert elapsed < 2.6 and result.error == "http_503"
    assert 2 <= len(route.arrivals) <= 3
    assert attempts(config)[-1][2:] == ("error", "http_503")


def test_blocked_and_bad_urls_are_not_retried(site: Site, config: Config) -> None:
    site.page("/p.html", b"", status=302, content_type="", Location="http://10.0.0.8/")
    [blocked] = process(config, site.url("/p.html"))
    assert (blocked.error, blocked.attempts) == ("blocked_address", 1)
