"""Following links from fixed URLs, for sites with neither feed nor sitemap: a bounded same-host BFS.

Level 0 is the source's `urls`; pages on levels 0..depth-1 are fetched and their in-scope links become the next
level. Every page reached on levels 1..depth is a candidate. Walking goes through any same-host page that `deny`
does not exclude; `allow` only decides which pages are candidates (in `discover`), else an article-only `allow`
would stop the walk at the first column page.
"""

from __future__ import annotations

import asyncio

from crawler.discover.candidates import Candidate, Fetch, Offload, Outcome, fetch_body
from crawler.discover.links import html_page, links, parse
from crawler.discover.urls import Scope, canonical_url
from crawler.fetch.sniff import HTML_TYPES

MAX_FETCHES = 200  # pages fetched for their links, per source and run
MAX_DEPTH = 5


async def follow(urls: tuple[str, ...] | list[str], depth: int, fetch: Fetch, scope: Scope,
                 *, max_fetches: int = MAX_FETCHES, offload: Offload = asyncio.to_thread) -> Outcome:
    """Pages reachable from `urls` within `depth` link steps, in BFS order, each once."""
    level = [u for u in dict.fromkeys(canonical_url(u) for u in urls) if u]
    seen = set(level)
    found: list[Candidate] = []
    errors: list[str] = []
    fetched = 0
    for _ in range(min(depth, MAX_DEPTH)):
        batch = level[: max(0, max_fetches - fetched)]
        fetched += len(batch)
        pages = await asyncio.gather(*(_page_links(url, fetch, scope, offload) for url in batch))
        level = []
        for page, error in pages:
            if error:
                errors.append(error)
            for candidate in page:
                if candidate.url not in seen:
                    seen.add(candidate.url)
                    found.append(candidate)
                    level.append(candidate.url)
        if not level or fetched >= max_fetches:
            break
    return Outcome(tuple(found), tuple(errors))


async def _page_links(url: str, fetch: Fetch, scope: Scope, offload: Offload) -> tuple[list[Candidate], str | None]:
    result, error = await fetch_body(fetch, url, stay_in=scope.refusal)  # (a page's redirects keep to the scope)
    if error or result is None or result.body is None:
        return [], error
    if result.media_type and result.media_type not in HTML_TYPES:
        return [], None
    return await offload(_in_scope_links, result.body, result.content_type, result.final_url or url, scope), None


def _in_scope_links(body: bytes, content_type: str | None, page_url: str, scope: Scope) -> list[Candidate]:
    html, charset = html_page(body, content_type)
    return [Candidate(link.url, "follow", None, link.text) for link in links(parse(html), page_url, charset=charset)
            if scope.may_visit(link.url)]
