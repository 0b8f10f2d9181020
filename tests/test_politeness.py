"""Politeness: per-host spacing and concurrency, a global limit, back-off after 429/503 or failures that decays."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.config import Config, ExtractConfig, Source
from crawler.fetch import Fetcher, FetchResult, politeness
from crawler.fetch.politeness import HostSlots, Politeness, host_key
from crawler.fetch.result import FetchFailed
from crawler.run import crawl_source
from store import Archive, revisits
from tests import hostile
from tests.fetching import article, make_config, process, rows
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
    # (the server sees arrivals: the first request also waited for its connection, which shortens the first
    # gap by up to 60 ms on a busy machine, as in the test below; a clean-clone run measured 0.198 s once)
    first, *rest = gaps(counter)
    assert first >= 0.18 and min(rest) >= 0.23, gaps(counter)


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


def crawl_together(config: Config, *sources: Source) -> None:
    """Runs of `sources` at the same time in one event loop, as the daemon runs its jobs."""
    config = replace(config, extract=ExtractConfig(processes=0))

    async def run() -> None:
        with Archive(config.store.path) as archive:
            await asyncio.gather(*(crawl_source(config, archive, source) for source in sources))

    asyncio.run(run())


def test_two_sources_on_one_host_share_its_delay_and_concurrency(site: Site, config: Config) -> None:
    counter = hostile.InFlightCounter()
    urls = pages(site, 6, 0.1, counter)
    crawl_together(replace(config, fetch=replace(config.fetch, delay=0.4, host_concurrency=1)),
                   Source(name="news", urls=tuple(urls[:3])), Source(name="notices", urls=tuple(urls[3:])))
    assert counter.most == 1
    first, *rest = gaps(counter)  # (the first arrival also waited for its connection, as above)
    assert first >= 0.3 and min(rest) >= 0.37, gaps(counter)


def test_each_source_sharing_a_host_keeps_to_its_own_concurrency(site: Site, config: Config) -> None:
    counter = hostile.InFlightCounter()
    urls = pages(site, 8, 0.3, counter)
    crawl_together(config, Source(name="wide", urls=tuple(urls[:6]), host_concurrency=3),
                   Source(name="narrow", urls=tuple(urls[6:]), host_concurrency=1))
    assert counter.most == 3


def test_host_slots_hand_each_freed_slot_on_and_lose_none_to_a_cancel() -> None:
    async def run() -> tuple[int, int]:
        slots, most = HostSlots(), 0

        async def request(limit: int) -> None:
            nonlocal most
            await slots.acquire(limit)
            most = max(most, slots.active)
            await asyncio.sleep(0)
            slots.release()

        tasks = [asyncio.ensure_future(request(2 if i % 3 else 1)) for i in range(3000)]
        await asyncio.sleep(0)
        for task in tasks[5:50]:  # cancelled while waiting, or just after a slot was handed to them
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return most, slots.active

    assert asyncio.run(asyncio.wait_for(run(), 10)) == (2, 0)


@pytest.fixture
def three_sites() -> Iterator[list[Site]]:
    """Three hosts: politeness keys hosts by host and port."""
    sites = [Site().start() for _ in range(3)]
    yield sites
    for server in sites:
        server.stop()


def test_global_concurrency_is_capped_across_hosts(config: Config, three_sites: list[Site]) -> None:
    counter = hostile.InFlightCounter()
    urls = [url for i, s in enumerate(three_sites) for url in pages(s, 2, 0.15, counter, prefix=f"s{i}-")]
    results = process(config, *urls, concurrency=2, host_concurrency=2)
    assert all(r.change == "new" for r in results)
    assert counter.most == 2


def test_different_hosts_do_not_wait_for_each_other(config: Config, three_sites: list[Site]) -> None:
    counter = hostile.InFlightCounter()
    urls = [pages(s, 1, 0.3, counter, prefix=f"s{i}-")[0] for i, s in enumerate(three_sites)]
    process(config, *urls, delay=5.0, host_concurrency=1)
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


def test_a_loops_idle_hosts_are_forgotten_when_a_run_ends_and_a_back_off_is_kept(
        config: Config, three_sites: list[Site]) -> None:
    # (the daemon's one event loop outlives its runs: its host table kept every host it ever asked)
    quiet, throttled = three_sites[0].page("/a.html", article()), three_sites[1].page("/a.html", b"", status=503)

    async def runs() -> list[str]:
        for url in (quiet, throttled):  # (a run each, one after another, as scheduled jobs are)
            async with Fetcher(config.fetch) as fetcher:
                await fetcher.fetch(url)
        async with Fetcher(config.fetch) as fetcher:
            return list(fetcher.politeness.hosts)

    assert asyncio.run(runs()) == [host_key(throttled)]  # (its 503's back-off carries over into its next runs)


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


# ---- redirects to another host take that host's turn ----------------------------------------------------

def redirect(site: Site, path: str, to: str) -> str:
    return site.page(path, b"", status=302, content_type="", Location=to)


def fetch_all(config: Config, *urls: str, **fetch: object) -> list[FetchResult]:
    async def run() -> list[FetchResult]:
        async with Fetcher(replace(config.fetch, **fetch)) as fetcher:
            return list(await asyncio.gather(*(fetcher.fetch(url) for url in urls)))

    return asyncio.run(run())


@pytest.fixture
def other(three_sites: list[Site]) -> Site:
    return three_sites[0]


@pytest.fixture
def third(three_sites: list[Site]) -> Site:
    return three_sites[1]


def test_redirects_from_two_hosts_to_a_third_are_spaced_by_its_delay(site: Site, other: Site, third: Site,
                                                                       config: Config) -> None:
    counter = hostile.InFlightCounter()
    targets = pages(other, 2, 0, counter)
    # two first hosts, so that their own requests go out at once
    starts = [redirect(s, "/moved.html", to) for s, to in ((site, targets[0]), (third, targets[1]))]
    results = fetch_all(config, *starts, delay=0.4)
    assert [r.status for r in results] == [200, 200] and [r.redirects for r in results] == [(u,) for u in starts]
    assert gaps(counter)[0] >= 0.33, gaps(counter)  # (less the first connection's setup, as above)


def test_redirects_to_another_host_keep_to_its_crawl_delay(site: Site, other: Site, config: Config) -> None:
    counter = hostile.InFlightCounter()
    other.page("/robots.txt", "User-agent: *\nCrawl-delay: 0.5\n", content_type="text/plain")
    starts = [redirect(site, f"/old{i}.html", to) for i, to in enumerate(pages(other, 2, 0, counter))]
    results = fetch_all(config, *starts, obey_robots=True, host_concurrency=4)
    assert [r.status for r in results] == [200, 200]
    assert gaps(counter)[0] >= 0.43, gaps(counter)


def test_redirects_to_another_host_keep_to_its_concurrency(site: Site, other: Site, third: Site,
                                                            config: Config) -> None:
    counter = hostile.InFlightCounter()
    targets = pages(other, 2, 0.3, counter)
    starts = [redirect(s, "/moved.html", to) for s, to in ((site, targets[0]), (third, targets[1]))]
    results = fetch_all(config, *starts, host_concurrency=1)
    assert [r.status for r in results] == [200, 200]
    assert counter.most == 1


def test_a_redirect_chain_on_one_host_does_not_wait_for_itself(site: Site, other: Site, config: Config) -> None:
    end = site.page("/end.html", article())
    chain = redirect(site, "/a.html", redirect(site, "/b.html", redirect(site, "/c.html", end)))
    there_and_back = redirect(site, "/out.html", redirect(other, "/back.html", site.page("/home.html", article())))
    results = fetch_all(config, chain, there_and_back, host_concurrency=1, concurrency=1)
    assert [(r.status, r.error, r.final_url) for r in results] == [(200, None, end),
                                                                    (200, None, site.url("/home.html"))]


def test_redirects_across_two_hosts_both_ways_do_not_wait_for_each_other(site: Site, other: Site,
                                                                           config: Config) -> None:
    counter = hostile.InFlightCounter()
    a_to_b = redirect(site, "/x.html", pages(other, 1, 0.2, counter)[0])
    b_to_a = redirect(other, "/x.html", pages(site, 1, 0.2, counter)[0])
    results = fetch_all(config, a_to_b, b_to_a, host_concurrency=1, timeout=5.0, deadline=5.0)
    assert [r.status for r in results] == [200, 200]
    assert max(r.duration for r in results) < 2.0  # a request holds one host's slot at a time


def test_a_503_after_a_redirect_slows_the_host_that_sent_it(site: Site, other: Site, config: Config) -> None:
    throttled = hostile.Throttled(article(), times=1, status=503, retry_after="1")
    start = redirect(site, "/moved.html", other.handler("/busy.html", throttled))
    counter = hostile.InFlightCounter()
    later = pages(other, 1, 0, counter)[0]
    unrelated = site.page("/fine.html", article())

    async def run() -> tuple[FetchResult, float]:
        async with Fetcher(config.fetch) as fetcher:
            first = await fetcher.fetch(start)  # retries = 1: no retry of its own
            began = time.monotonic()
            assert (await fetcher.fetch(unrelated)).status == 200
            took = time.monotonic() - began
            await fetcher.fetch(later)
            return first, took

    first, took = asyncio.run(run())
    assert first.error == "http_503" and first.final_url == other.url("/busy.html")
    assert counter.starts[0] - throttled.arrivals[0] >= 0.95  # the other host waited out Retry-After
    assert took < 0.5  # the host that redirected was not slowed down


def test_waiting_for_another_host_never_outlasts_the_deadline(site: Site, other: Site, config: Config) -> None:
    throttled = hostile.Throttled(article(), times=1, status=503, retry_after="30")
    busy = other.handler("/busy.html", throttled)
    start = redirect(site, "/moved.html", other.page("/page.html", article()))

    async def run() -> tuple[FetchResult, float]:
        async with Fetcher(replace(config.fetch, max_backoff=60.0, deadline=1.0, retries=3)) as fetcher:
            assert (await fetcher.fetch(busy)).status == 503  # the other host now backs off for 30 s
            began = time.monotonic()
            result = await fetcher.fetch(start)
            return result, time.monotonic() - began

    result, took = asyncio.run(run())
    assert result.error == "timeout" and "waiting for the turn of" in result.detail, result
    assert took < 1.3 and not other.hits("/page.html")


# ---- a failing host is asked more slowly ----------------------------------------------------------------

def failing_route(kind: str) -> hostile.Route:
    """A route that fails its first request as `kind` (a status, a reset, a server's silence), then serves."""
    if kind == "reset":
        return hostile.reset_at_once()
    if kind == "timeout":
        return hostile.slow_headers(3)
    return hostile.Throttled(article(), times=1, status=int(kind), retry_after=None)


@pytest.mark.parametrize("kind", ["500", "502", "504", "reset", "timeout"])
def test_a_failing_answer_slows_the_whole_host_down(site: Site, config: Config, kind: str) -> None:
    first = site.handler("/first.html", failing_route(kind))
    counter = hostile.InFlightCounter()
    later = pages(site, 1, 0, counter)[0]

    async def run() -> tuple[FetchResult, float]:
        async with Fetcher(replace(config.fetch, timeout=0.5)) as fetcher:
            failed = await fetcher.fetch(first)  # retries = 1: no retry of its own
            done = time.monotonic()
            await fetcher.fetch(later)
            return failed, done

    failed, done = asyncio.run(run())
    assert failed.error in (f"http_{kind}", kind), failed
    assert counter.starts[0] - done >= 0.95  # the host's next request waited out a back-off (delay is 0)


def test_a_host_refusing_connections_is_backed_off(site: Site, config: Config) -> None:
    site.stop()  # (nothing listens on its port: each connection is refused)
    url = site.url("/p.html")

    async def run() -> tuple[FetchResult, float, float]:
        async with Fetcher(config.fetch) as fetcher:
            result = await fetcher.fetch(url)
            return result, fetcher.politeness.host(url).backoff, fetcher.politeness.wait_for(url)

    result, backoff, wait = asyncio.run(run())
    assert result.error == "connect" and backoff == 1.0 and wait > 0.9


def test_a_sick_server_is_asked_ever_more_slowly(site: Site, config: Config) -> None:
    failing = hostile.Throttled(article(), times=99, status=500, retry_after=None)
    urls = [site.handler(f"/p{i}.html", failing) for i in range(3)]
    results = process(config, *urls, host_concurrency=1, max_backoff=5.0)
    assert [r.error for r in results] == ["http_500"] * 3
    spacing = [b - a for a, b in zip(failing.arrivals, failing.arrivals[1:], strict=False)]
    assert spacing[0] >= 0.95 and spacing[1] >= 1.45, spacing  # 1 s, then half as much again


def test_a_failing_hosts_back_off_grows_gently_to_its_cap_and_decays() -> None:
    async def run() -> list[float]:
        polite = Politeness(concurrency=4, max_backoff=600.0)
        url, seen = "http://news.example.cn/a", []
        for _ in range(3):
            polite.answered(url, 500, None, failing=True)
            seen.append(polite.host(url).backoff)
        for _ in range(20):
            polite.answered(url, None, None, failing=True)  # (a connection refused: no status)
        seen.append(polite.host(url).backoff)
        polite.answered(url, 429, None)  # a server's own request for time grows past the failing cap
        seen.append(polite.host(url).backoff)
        polite.answered(url, 502, None, failing=True)  # and a failure never lowers it
        seen.append(polite.host(url).backoff)
        polite.answered(url, 200, None)
        seen.append(polite.host(url).backoff)
        return seen

    cap = politeness.FAILING_BACKOFF_CAP
    assert asyncio.run(run()) == [1.0, 1.5, 2.25, cap, 2 * cap, 2 * cap, cap]


def test_a_failing_hosts_back_off_carries_over_into_its_next_runs(config: Config, three_sites: list[Site]) -> None:
    # (the daemon's loop keeps the host table across runs: a sick host's back-off must not be forgotten as idle)
    quiet = three_sites[0].page("/a.html", article())
    sick = three_sites[1].handler("/a.html", hostile.Throttled(article(), times=99, status=502, retry_after=None))

    async def runs() -> list[str]:
        for url in (quiet, sick):
            async with Fetcher(config.fetch) as fetcher:
                await fetcher.fetch(url)
        async with Fetcher(config.fetch) as fetcher:
            return list(fetcher.politeness.hosts)

    assert asyncio.run(runs()) == [host_key(sick)]


def test_a_host_that_keeps_failing_is_paused_and_its_other_urls_end_at_once(
        site: Site, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    # (three failures in a row, not ten: the back-off between them is real, 1 s then 1.5 s)
    monkeypatch.setattr(politeness, "HOST_DOWN_AFTER", 3)
    failing = hostile.Throttled(article(), times=99, status=500, retry_after=None)
    urls = [site.handler(f"/p{i}.html", failing) for i in range(8)]
    started = time.monotonic()
    results = process(config, *urls, host_concurrency=1)
    errors = sorted(r.error for r in results)
    assert errors == ["host_down"] * 5 + ["http_500"] * 3 and len(failing.arrivals) == 3, errors
    assert time.monotonic() - started < 5  # (the five others waited out no back-off: 30 s each once it is full)
    down = [row for row in rows(config, "SELECT error, error_detail FROM captures") if row[0] == "host_down"]
    assert len(down) == 5 and "failed its last 3 answers in a row" in down[0][1], down


def test_only_failing_answers_in_a_row_pause_a_host_and_only_for_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(politeness, "HOST_DOWN_PAUSE", 0.3)
    after = politeness.HOST_DOWN_AFTER

    async def run() -> list[bool]:
        polite = Politeness(concurrency=4, max_backoff=600.0)
        url, down = "http://news.example.cn/a", []
        for _ in range(after - 1):
            polite.answered(url, 500, None, failing=True)
        polite.answered(url, 404, None)  # an answer, if not the page: the host is up
        down.append(_paused(polite, url))
        for _ in range(after - 1):
            polite.answered(url, None, None, failing=True)  # (connections refused)
        polite.answered(url, 429, None)  # a request for time: an answer too
        polite.answered(url, 503, None)
        down.append(_paused(polite, url))
        for _ in range(after - 2):
            polite.answered(url, 502, None, failing=True)
        polite.answered(url, 503, None)  # the tenth failure in a row, 503 among them
        down.append(_paused(polite, url))
        await asyncio.sleep(0.35)
        down.append(_paused(polite, url))  # asked again after the pause
        polite.answered(url, 500, None, failing=True)  # whose failure pauses it again at once
        down.append(_paused(polite, url))
        return down

    assert asyncio.run(run()) == [False, False, True, False, True]


def _paused(polite: Politeness, url: str) -> bool:
    try:
        polite.host(url).check_up(url)
    except FetchFailed as exc:
        return exc.reason == "host_down"
    return False


def test_a_timeout_waiting_for_another_hosts_turn_backs_no_host_off(site: Site, other: Site, config: Config) -> None:
    busy = other.handler("/busy.html", hostile.Throttled(article(), times=1, status=503, retry_after="30"))
    start = redirect(site, "/moved.html", other.page("/page.html", article()))

    async def run() -> tuple[FetchResult, float]:
        async with Fetcher(replace(config.fetch, max_backoff=60.0, deadline=1.0)) as fetcher:
            await fetcher.fetch(busy)
            result = await fetcher.fetch(start)  # its wait for the other host's turn runs out
            return result, fetcher.politeness.host(start).backoff

    result, backoff = asyncio.run(run())
    assert result.error == "timeout" and "waiting for the turn of" in result.detail, result
    assert backoff == 0.0  # the host that redirected answered well: our own wait is no failure of its


def test_a_retry_out_of_time_in_the_queue_leaves_the_hosts_turn_to_the_others(site: Site, config: Config) -> None:
    # One slot: each URL's retry queues behind the other URL. The first one's deadline passes there: it gives up
    # the wait, and the turn it would have taken only to find no time left goes to the other's retry.
    failing = hostile.Throttled(article(), times=99, status=500, retry_after=None)
    urls = [site.handler(f"/p{i}.html", failing) for i in range(2)]

    async def run() -> tuple[list[FetchResult], float]:
        async with Fetcher(replace(config.fetch, host_concurrency=1, retries=3, deadline=1.6,
                                   max_backoff=5.0)) as fetcher:
            began = time.monotonic()
            results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
            return list(results), time.monotonic() - began

    results, took = asyncio.run(run())
    first, second = results
    assert first.error == "timeout" and "spent before attempt 2" in first.detail, first
    assert (second.error, second.attempt) == ("http_500", 2)  # (asked at 2.5 s: back-offs of 1 s, then 1.5 s)
    assert len(failing.arrivals) == 3 and took < 3.5, (failing.arrivals, took)


def test_a_paused_host_that_answers_is_asked_again_at_once() -> None:
    # (a request in flight when the host was paused comes back answered: the host is up, its URLs no longer end)
    async def run() -> tuple[bool, bool]:
        polite = Politeness(concurrency=4, max_backoff=600.0)
        url = "http://news.example.cn/a"
        for _ in range(politeness.HOST_DOWN_AFTER):
            polite.answered(url, 500, None, failing=True)
        paused = _paused(polite, url)
        polite.answered(url, 200, None)
        return paused, _paused(polite, url)

    assert asyncio.run(run()) == (True, False)


def test_a_new_page_whose_host_was_down_at_each_visit_is_not_given_up_unasked(
        site: Site, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    # (a page that failed five times is given up, known, never fetched from a listing again: a `host_down` is no
    # failure of the page's, whose server was never asked)
    monkeypatch.setattr(politeness, "HOST_DOWN_AFTER", 1)
    first = site.handler("/first.html", hostile.Throttled(article(), times=99, status=500, retry_after=None))
    unasked = hostile.Throttled(article(), times=99, status=500, retry_after=None)
    new = site.handler("/new.html", unasked)
    for _ in range(revisits.FAILURES_BEFORE_GIVING_UP + 1):
        process(config, first, new, host_concurrency=1, retries=1)
    assert not unasked.arrivals
    assert rows(config, "SELECT count(*) FROM captures WHERE url = ? AND error = 'host_down'", new) == [(6,)]
    with Archive(config.store.path) as archive:
        assert revisits.known(archive.db, new) is None


def test_a_paused_hosts_pages_and_redirects_to_it_end_as_host_down_without_asking_its_robots_txt(
        site: Site, other: Site, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    # (the daemon's next run, a fetcher of its own in the same loop: the paused host's robots.txt is not yet known)
    monkeypatch.setattr(politeness, "HOST_DOWN_AFTER", 1)
    failing = hostile.Throttled(article(), times=99, status=500, retry_after=None)
    sick = other.handler("/robots.txt", failing)  # (the whole server fails: its robots.txt too)
    moved = redirect(site, "/moved.html", other.handler("/page.html", failing))

    async def runs() -> list[FetchResult]:
        async with Fetcher(replace(config.fetch, obey_robots=True)) as fetcher:
            await fetcher.fetch(sick)  # (a 500: the host paused)
        async with Fetcher(replace(config.fetch, obey_robots=True)) as fetcher:
            return [await fetcher.fetch(moved), await fetcher.fetch(other.url("/page.html"))]

    results = asyncio.run(runs())
    assert [result.error for result in results] == ["host_down"] * 2, results
    assert len(other.hits("/robots.txt")) == 1 and not other.hits("/page.html")
