"""Politeness: per-host spacing and concurrency, a global limit, back-off after 429/503 that decays."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from crawler.config import Config, Source
from crawler.fetch import Fetcher
from crawler.fetch.politeness import Politeness
from tests import hostile
from tests.fetching import article, make_config, process
from tests.site import Site


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


def pages(site: Site, count: int, hold: float, counter: hostile.InFlightCounter, prefix: str = "p") -> list[str]:
    return [site.handler(f"/{prefix}{i}.html", hostile.InFlight(article(title=f"第{i}号通知全文"), hold, counter))
            for i in range(count)]


def gaps(counter: hostile.InFlightCounter) -> list[float]:
    starts = sorted(counter.starts)
    return [b - a for a, b in zip(starts, starts[1:], strict=False)]


def test_requests_to_one_host_are_spaced_by_the_delay(site: Site, config: Config) -> None:
    counter = hostile.InFlightCounter()
    results = process(config, *pages(site, 4, 0, counter), delay=0.25, host_concurrency=4)
    assert all(r.change == "new" for r in results)
    assert min(gaps(counter)) >= 0.23, gaps(counter)


def test_a_source_can_set_its_own_delay(site: Site, config: Config) -> None:
    counter = hostile.InFlightCounter()
    process(config, *pages(site, 3, 0, counter), source=Source(name="slow", delay=0.3), host_concurrency=3)
    # Request starts are spaced; the server sees arrivals, and the first one also waited for a fresh
    # connection, which shortens the first gap it sees on a busy machine (by up to 60 ms measured).
    first, *rest = gaps(counter)
    assert first >= 0.2 and min(rest) >= 0.28, gaps(counter)


def test_per_host_concurrency_is_capped(site: Site, config: Config) -> None:
    counter = hostile.InFlightCounter()
    results = process(config, *pages(site, 6, 0.2, counter), host_concurrency=2, concurrency=32)
    assert all(r.change == "new" for r in results)
    assert counter.most == 2


def test_global_concurrency_is_capped_across_hosts(config: Config) -> None:
    counter = hostile.InFlightCounter()
    sites = [Site().start() for _ in range(3)]
    try:
        urls = [url for i, s in enumerate(sites) for url in pages(s, 2, 0.15, counter, prefix=f"s{i}-")]
        results = process(config, *urls, concurrency=2, host_concurrency=2)
    finally:
        for s in sites:
            s.stop()
    assert all(r.change == "new" for r in results)
    assert counter.most == 2


def test_different_hosts_do_not_wait_for_each_other(config: Config) -> None:
    counter = hostile.InFlightCounter()
    sites = [Site().start() for _ in range(3)]
    try:
        urls = [pages(s, 1, 0.3, counter, prefix=f"s{i}-")[0] for i, s in enumerate(sites)]
        process(config, *urls, delay=5.0, host_concurrency=1)
    finally:
        for s in sites:
            s.stop()
    assert counter.most == 3  # a long per-host delay holds no other host back


def test_429_slows_the_whole_host_down(site: Site, config: Config) -> None:
    throttled = hostile.Throttled(article(), times=1, status=429, retry_after="1")
    counter = hostile.InFlightCounter()
    first = site.handler("/first.html", throttled)
    later = pages(site, 1, 0, counter)[0]

    async def run() -> None:
        async with Fetcher(config.fetch) as fetcher:
            assert (await fetcher.fetch(first)).error == "http_429"  # retries = 1: no retry of its own
            await fetcher.fetch(later)

    asyncio.run(run())
    assert counter.starts[0] - throttled.arrivals[0] >= 0.95  # the other URL waited out Retry-After


def test_backoff_grows_is_capped_and_decays() -> None:
    async def run() -> list[float]:
        polite = Politeness(concurrency=4, max_backoff=3.0)
        url, seen = "http://news.example.cn/a", []
        for status, retry_after in ((503, None), (503, None), (429, 2.5), (503, None), (200, None), (200, None)):
            polite.answered(url, status, retry_after)
            seen.append(polite.host(url).backoff)
        for _ in range(10):
            polite.answered(url, 200, None)
        seen.append(polite.host(url).backoff)
        return seen

    assert asyncio.run(run()) == [1.0, 2.0, 3.0, 3.0, 1.5, 0.75, 0.0]
