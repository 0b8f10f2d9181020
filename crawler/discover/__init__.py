"""Discovery: a source's feeds, sitemaps, listings and fixed URLs (optionally followed) → the pages to fetch.

    discovery = await discover(source, fetch, known=store_lookup)

`fetch(url)` is any coroutine returning a `FetchResult` (the fetcher's polite resource fetch); `robots(url)`, when
given, returns the `Sitemap:` lines of that origin's robots.txt (the fetcher's cached copy), else discovery
fetches robots.txt itself. `known(url)` says
when a page was last fetched (ISO 8601) or None when it is new; with it, known pages are left to the revisit
schedule unless a feed or sitemap dates them after that fetch (believably: lastmod.py), new pages are capped at
`max_new_per_run`, and those known pages, after the new ones, at `max_lastmod_revisits_per_run`.
Every resource is read independently: a broken feed is one line in `errors` and never stops the rest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from crawler.config import Source
from crawler.discover.candidates import Candidate, Fetch, Offload, Outcome, Via, failure, newer
from crawler.discover.feeds import read_feed
from crawler.discover.follow import follow
from crawler.discover.listings import read_listing
from crawler.discover.sitemaps import RobotsSitemaps, read_sitemaps
from crawler.discover.urls import Scope, canonical_from_html, canonical_url
from crawler.errors import ParseTimeout

__all__ = ["Candidate", "Discovery", "Fetch", "Known", "RobotsSitemaps", "Scope", "Via", "canonical_from_html",
           "canonical_url", "discover", "scope_of"]

Known = Callable[[str], str | None]


@dataclass(frozen=True)
class Discovery:
    """The pages to fetch this run, in priority order (fixed URLs, feeds, listings, sitemaps newest first, followed
    links; the known pages a feed or sitemap re-dated after all of them, newest first), and one line per discovery
    resource that failed or whose dates were ignored."""

    found: tuple[Candidate, ...] = ()
    errors: tuple[str, ...] = ()
    unchanged: int = 0  # known pages left out: no feed/sitemap date after their last fetch
    over_cap: int = 0  # new pages left for a later run by max_new_per_run
    revisits_over_cap: int = 0  # known pages dated after their last fetch, left by max_lastmod_revisits_per_run
    out_of_scope: int = 0  # links seen that the source's scope excludes
    resources: int = 0  # feeds, listings, the sitemap tree and the follow crawl that were read
    failed_resources: int = 0  # of those, the ones that failed and yielded nothing

    @property
    def failed(self) -> bool:
        """Every way of finding pages failed: the run found nothing because of errors, not because nothing is new."""
        return self.resources > 0 and self.failed_resources == self.resources


def scope_of(source: Source) -> Scope:
    """Same host(s) as the source's configured URLs, narrowed by its allow/deny regexes."""
    seeds = [*source.urls, *source.feeds, *source.sitemaps, *(listing.url for listing in source.listings)]
    return Scope.of(seeds, source.allow, source.deny)


async def discover(source: Source, fetch: Fetch, *, known: Known | None = None,
                   robots: RobotsSitemaps | None = None, offload: Offload = asyncio.to_thread) -> Discovery:
    """Read every discovery resource of `source` concurrently and merge what they found; parsing goes
    through `offload` (a crawl's worker processes, with their time limit)."""
    scope = scope_of(source)
    fixed = tuple(Candidate(url, "url") for url in dict.fromkeys(filter(None, map(canonical_url, source.urls))))
    # (Each reader is begun by its own task: one made here and never begun, the run stopped at once, would be
    # "never awaited".)
    jobs: list[tuple[str, Callable[[], Coroutine[Any, Any, Outcome]]]] = [
        *((url, partial(read_feed, url, fetch, offload)) for url in source.feeds),
        *((listing.url, partial(read_listing, listing, fetch, offload)) for listing in source.listings),
    ]
    if source.sitemaps:
        jobs.append((source.sitemaps[0], partial(read_sitemaps, source.sitemaps, fetch, timezone=source.timezone,
                                                 robots=source.robots_sitemaps, robots_lookup=robots,
                                                 offload=offload)))
    if source.follow_depth and source.urls:
        jobs.append((source.urls[0], partial(follow, source.urls, source.follow_depth, fetch, scope,
                                             offload=offload)))
    outcomes = await asyncio.gather(*(_guarded(label, job) for label, job in jobs))
    candidates = [*fixed, *(c for outcome in outcomes for c in outcome.found)]
    errors = tuple(e for outcome in outcomes for e in outcome.errors)
    merged = _merge(candidates)
    in_scope = [c for c in merged if c.url in scope]
    failed = sum(1 for outcome in outcomes if outcome.errors and not outcome.found)
    # (a source's own URLs are fetched whatever its allow and deny say: no link found and left)
    out_of_scope = sum(1 for c in merged if c.via != "url" and c.url not in scope)
    selected = _select(in_scope, known, source, errors)
    return replace(selected, out_of_scope=out_of_scope, resources=len(outcomes), failed_resources=failed)


async def _guarded(label: str, job: Callable[[], Coroutine[Any, Any, Outcome]]) -> Outcome:
    """A bug in one reader becomes an error line for its resource, not a failed run."""
    try:
        return await job()
    except ParseTimeout as exc:
        return Outcome(errors=(failure(label, "parse_timeout", str(exc)),))
    except Exception as exc:
        return Outcome(errors=(failure(label, "discovery_error", f"{type(exc).__name__}: {exc}"),))


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per URL, where it was first found, with the newest date and first title anyone gave."""
    merged: dict[str, Candidate] = {}
    for candidate in candidates:
        earlier = merged.get(candidate.url)
        if earlier is None:
            merged[candidate.url] = candidate
            continue
        lastmod = max(filter(None, (earlier.lastmod, candidate.lastmod)), default=None)
        merged[candidate.url] = replace(earlier, lastmod=lastmod, title=earlier.title or candidate.title)
    return list(merged.values())


def _select(candidates: list[Candidate], known: Known | None, source: Source, errors: tuple[str, ...]) -> Discovery:
    """New pages up to `max_new_per_run`, in the order found, then the known pages dated after their last fetch up
    to `max_lastmod_revisits_per_run`, the most recently changed first: revisits never take a new article's place,
    and a site re-dating thousands of pages costs one run its cap, not hours."""
    chosen: list[Candidate] = []
    redated: list[Candidate] = []
    new = unchanged = over_cap = 0
    for candidate in candidates:
        seen = known(candidate.url) if known else None
        if seen is not None:
            if not newer(candidate.lastmod, seen):
                unchanged += 1
            elif candidate.via == "url":  # (a fixed URL is fetched every run anyway)
                chosen.append(candidate)
            else:
                redated.append(candidate)
        elif new < source.max_new_per_run:
            new += 1
            chosen.append(candidate)
        else:
            over_cap += 1
    redated.sort(key=lambda c: c.lastmod or "", reverse=True)  # (ISO UTC, one format: text order is time order)
    cap = source.max_lastmod_revisits_per_run
    return Discovery((*chosen, *redated[:cap]), errors, unchanged, over_cap, max(0, len(redated) - cap))
