"""Runs of the pipeline: the one-off `fetch`, and a crawl of a source (discover, revisit, fetch, store).

`crawl` and the daemon both call `crawl_source`; `fetch` calls `fetch_urls`. All of them go through
`Pipeline.process`, so a page is handled the same way whichever command fetched it.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlite_utils import Database

from crawler.config import Config, Source
from crawler.discover import Discovery, canonical_url, discover
from crawler.errors import unreadable_store
from crawler.fetch import Fetcher, FetchResult
from crawler.fetch.client import Refusal
from crawler.fetch.sniff import HTML_TYPES
from crawler.pipeline import PageResult, PageWriter, Pipeline, redirect_scope
from crawler.workers import Workers, workers_or_none
from store import Archive, StoreError
from store.revisits import due_pages, known
from store.runs import RunCounts, RunLock, close_interrupted, consecutive_failures, finish_run, start_run
from store.times import utcnow
from store.versions import last_event_id

log = logging.getLogger("palimpsest.crawl")

Progress = Callable[[str, RunCounts], None]
T = TypeVar("T")


class Alerting(Protocol):
    """What a run asks of its notifier (`Notifier`; in the daemon, `BesideRuns`, which sends beside the runs)."""

    async def anotify_stored(self, db: Database, start: int) -> int: ...

    async def acheck_failing(self, source: str, consecutive_failures: int) -> int: ...


@dataclass(frozen=True)
class RunSummary:
    source: str
    run_id: int
    counts: RunCounts
    status: str  # ok, failed, interrupted
    error: str | None = None
    discovery_errors: tuple[str, ...] = ()
    first_event: int = 0  # events after this id were recorded by this run

    def line(self) -> str:
        tail = f" — {self.error}" if self.error and self.status != "ok" else ""
        return f"{self.source}: {self.status}: {self.counts.summary()}{tail}"

    def warnings(self) -> list[str]:
        """One line for each feed, sitemap or listing the run could not read (an ok run's too: a feed that broke
        silently would leave its articles unarchived), and one for new pages it left for later runs (a source
        falling behind its listings loses the articles that scroll off them), and one for the known pages a feed or
        sitemap re-dated that it left for later runs."""
        if self.status != "ok":
            return []
        held, revisits = self.counts.held_back, self.counts.revisits_held_back
        behind = [f"{self.source}: {held} new page(s) left for later runs by max_new_per_run"] if held else []
        if revisits:
            behind.append(f"{self.source}: {revisits} known page(s) a feed or sitemap dates after their last fetch "
                          "left for later runs by max_lastmod_revisits_per_run")
        return [f"{self.source}: {error}" for error in self.discovery_errors] + behind


async def fetch_urls(config: Config, urls: list[str], source: Source | None = None) -> list[PageResult]:
    """Fetch, extract and store each URL (in its canonical form, as a crawl stores it: HTTP://X/a#top is
    http://x/a); results in the order given. One bad URL never stops the rest; a store that cannot be written does."""
    with Archive(config.store.path) as archive:
        async with Fetcher(config.fetch, robots=archive) as fetcher, _workers(config) as workers:
            pipeline = Pipeline(config, archive, fetcher, workers=workers)
            return await _all_or_none([pipeline.process(canonical_url(url) or url, source=source) for url in urls])


def close_left_runs(archive: Archive, logger: logging.Logger = log) -> int:
    """Mark interrupted the runs a process that is gone left `running` (a `kill -9`, a crash, a power cut), as
    the daemon's start and each `crawl` do; a run in progress beside them holds its lock and is left alone."""
    with archive.writing():
        closed = close_interrupted(archive.db, utcnow(), archive.path)
    if closed:
        logger.warning("%d run(s) left unfinished by an earlier stop were marked interrupted", closed)
    return closed


class RunStopped(StoreError):
    """The store could not be written during a run, which stopped there. `recorded`: the run is marked failed in
    the store; else the store could not write even that, and the next start marks it interrupted."""

    def __init__(self, reason: str, recorded: bool) -> None:
        super().__init__(reason)
        self.recorded = recorded


async def crawl_source(config: Config, archive: Archive, source: Source, progress: Progress | None = None,
                       notifier: Alerting | None = None) -> RunSummary:
    """One run of one source. Page errors are counted; only a failure of the run itself fails it. A store that
    cannot be written (full, locked too long) stops the run: `RunStopped`, after the alerts."""
    mark = last_event_id(archive.db)
    try:
        summary = await _crawl(config, archive, source, progress, mark)
    except RunStopped as stop:
        if notifier is not None:
            await _alert(notifier, archive, source.name, mark, unrecorded_failures=0 if stop.recorded else 1)
        raise
    if notifier is not None:
        await _alert(notifier, archive, source.name, summary.first_event)
    return summary


async def _alert(notifier: Alerting, archive: Archive, source: str, first_event: int,
                 unrecorded_failures: int = 0) -> None:
    """The run's events, and the source's failing streak (with a failed run the store could not record). Alerts
    never fail a run: the notifier logs and keeps what it could not send."""
    try:
        await notifier.anotify_stored(archive.db, first_event)
    except sqlite3.OperationalError as exc:  # (the store cannot record what was sent: the next process sends it)
        log.error("alerts of %s: %s: the store cannot be written (%s)", source, archive.path, exc)
    failures = consecutive_failures(archive.db, source) + unrecorded_failures
    await notifier.acheck_failing(source, failures)


async def _crawl(config: Config, archive: Archive, source: Source, progress: Progress | None,
                 mark: int) -> RunSummary:
    lock: RunLock | None = None
    try:
        with archive.writing():
            run_id = start_run(archive.db, source.name, utcnow())
            lock = RunLock(archive.path, run_id)  # (held before the row is seen: a daemon starting never closes it)
    except StoreError as exc:
        if lock is not None:
            lock.release()
        raise RunStopped(str(exc), recorded=False) from None
    try:
        return await _run(config, archive, source, progress, mark, run_id)
    finally:
        lock.release()  # (after its end is recorded, whatever it was)


async def _run(config: Config, archive: Archive, source: Source, progress: Progress | None, mark: int,
               run_id: int) -> RunSummary:
    counts = RunCounts()
    failures: list[str] = []  # the pages that failed, as `PageResult.describe` says
    try:
        # The writer is closed (the page it has in hand written) before the run is finished, whatever happens.
        with PageWriter(archive.path, config.revisit.ladder) as writer:
            async with _workers(config) as workers:
                found = await _visit_all(config, archive, writer, workers, source, run_id, counts, progress,
                                         failures)
    except asyncio.CancelledError:
        finish_run(archive.db, run_id, utcnow(), counts, "interrupted", "stopped before the run finished")
        raise
    except StoreError as exc:  # (its pages stopped at the first that could not be written)
        raise RunStopped(str(exc), _record_failure(archive, run_id, counts, str(exc))) from None
    except sqlite3.DatabaseError as exc:  # (damaged where a page was read or written: no page can be counted for it)
        reason = unreadable_store(exc)
        raise RunStopped(reason, _record_failure(archive, run_id, counts, reason)) from None
    except Exception as exc:  # the run itself failed (a bug, a library's surprise): recorded, not hidden
        log.exception("run of %s failed", source.name)
        finish_run(archive.db, run_id, utcnow(), counts, "failed", f"{type(exc).__name__}: {exc}")
        return RunSummary(source.name, run_id, counts, "failed", f"{type(exc).__name__}: {exc}", first_event=mark)
    # A run fails when every way it had to find pages failed (or it has none) and it had nothing else to fetch, or
    # every page it fetched failed too (a server down: its fixed URLs and due revisits fail, and the source must count
    # as failing). A listing read while its new articles fail (a 404 before one went up) is no server down.
    nothing_read = (found.failed or found.resources == 0) and 0 < counts.fetched == counts.errors
    status = "failed" if (found.failed and counts.fetched == 0) or nothing_read else "ok"
    # (an ok run notes the feeds it could not read)
    first = failures[0] if failures else "no page"
    errors = [*found.errors, *([f"every page fetched failed ({counts.fetched}), as {first}"] if nothing_read else [])]
    error = _first_errors(tuple(errors)) if errors else None
    finish_run(archive.db, run_id, utcnow(), counts, status, error)
    return RunSummary(source.name, run_id, counts, status, error, tuple(found.errors), mark)


def _record_failure(archive: Archive, run_id: int, counts: RunCounts, reason: str) -> bool:
    """Mark the run failed, if the store can still write that."""
    try:
        with archive.writing():
            finish_run(archive.db, run_id, utcnow(), counts, "failed", reason)
    except (StoreError, sqlite3.DatabaseError):
        return False
    return True


def _first_errors(errors: tuple[str, ...], shown: int = 3) -> str:
    more = f" (and {len(errors) - shown} more)" if len(errors) > shown else ""
    return "; ".join(errors[:shown]) + more


def _workers(config: Config) -> AbstractAsyncContextManager[Workers | None]:
    """Parsing workers for a run or a fetch, as `[extract]` asks."""
    return workers_or_none(config.extract.processes, config.extract.timeout)


async def _visit_all(config: Config, archive: Archive, writer: PageWriter, workers: Workers | None,
                     source: Source, run_id: int, counts: RunCounts, progress: Progress | None,
                     failures: list[str]) -> Discovery:
    """Discover, then fetch and store every page of the plan; what discovery found."""
    report = progress or (lambda _name, _counts: None)

    async def pace() -> None:  # fetch no faster than the pages are parsed and stored
        if workers is not None:
            await workers.wait_for_room()
        await writer.wait_for_room()

    async with Fetcher(source.fetch_config(config.fetch), robots=archive, pace=pace) as fetcher:
        pages = DiscoveryPages(fetcher, redirect_scope(source))
        found = await discover(source, pages.fetch, known=lambda url: known(archive.db, url),
                               robots=fetcher.robots_sitemaps,
                               offload=workers.offload if workers is not None else asyncio.to_thread)
        plan = _plan(archive, source, found)
        counts.discovered, counts.held_back, counts.out_of_scope = len(found.found), found.over_cap, found.out_of_scope
        counts.revisits_held_back = found.revisits_over_cap
        report(source.name, counts)
        pipeline = Pipeline(config, archive, fetcher, writer, workers)

        async def visit(url: str, article_only: bool) -> None:
            result = await pipeline.process(url, source=source, run_id=run_id, require_article=article_only,
                                            fetched=pages.take(url))
            counts.count(result.change, result.failed)
            for file in result.files:  # (its attachments: a file's bytes new, changed or gone are the run's too)
                counts.count(file.change, file.failed)
                if file.failed and file.change != "gone":
                    log.info("%s: attachment %s", source.name, file.describe())
            if result.failed and result.change != "gone":
                log.info("%s: %s", source.name, result.describe())
                failures.append(result.describe())
            if result.error == "internal_error":  # nothing recorded, so the writer did not schedule it either
                await writer.run(writer.schedule_revisit, result.url, result.change, "error")
            report(source.name, counts)

        await _all_or_none([visit(url, article_only) for url, article_only in plan])
    return found


async def _all_or_none(coroutines: list[Coroutine[object, object, T]]) -> list[T]:
    """Their results, in order; the first to raise (a store that cannot be written: no page can be) cancels the
    others before its error is raised, so no more pages are fetched and none of them outlives the fetcher."""
    tasks = [asyncio.ensure_future(coroutine) for coroutine in coroutines]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _plan(archive: Archive, source: Source, found: Discovery) -> list[tuple[str, bool]]:
    """(URL, must look like an article) for this run: fixed URLs, discoveries, due revisits; no URL twice.

    Discovery has already left out known pages that nothing dated as changed, and capped the new ones.
    """
    plan = {url: False for url in filter(None, map(canonical_url, source.urls))}
    for candidate in found.found:
        plan.setdefault(candidate.url, candidate.via != "url")
    for url in due_pages(archive.db, source.name, utcnow()):
        plan.setdefault(url, True)
    return list(plan.items())


class DiscoveryPages:
    """Discovery's fetches, through the polite fetcher; the HTML pages among them (fixed URLs and pages walked
    for their links) are kept until the run stores them, so no page is downloaded twice in one run. Not one that a
    redirect took where `stay_in` refuses a page's redirects (discovery follows a feed's or a listing's anywhere):
    the run fetches it again as a page, and records where it led."""

    def __init__(self, fetcher: Fetcher, stay_in: Refusal | None = None) -> None:
        self.fetcher, self.stay_in = fetcher, stay_in
        self.kept: dict[str, FetchResult] = {}

    async def fetch(self, url: str, *, max_bytes: int | None = None,
                    stay_in: Refusal | None = None) -> FetchResult:
        result = await self.fetcher.fetch_resource(url, max_bytes=max_bytes, stay_in=stay_in)
        if result.ok and result.body is not None and result.media_type in HTML_TYPES and not self._left(result):
            self.kept[url] = result
        return result

    def _left(self, result: FetchResult) -> bool:
        """Whether a redirect took `result` to an address `stay_in` refuses."""
        if self.stay_in is None or not result.hops:
            return False
        landed = [hop.url for hop in result.hops[1:]] + [result.final_url or result.url]
        return any(self.stay_in(url) for url in landed)

    def take(self, url: str) -> FetchResult | None:
        return self.kept.pop(url, None)

