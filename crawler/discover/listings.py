"""Listing (column) pages → article links, following pagination.

A listing is read from its URL and then up to `max_pages` further pages: either by the "next page" link
(`next`, a CSS selector) or by the URL pattern `pages` with n = 1..max_pages (`index_{n}.html`, the usual
Chinese CMS scheme where index.html is the first page and index_1.html the second). Pagination ends early at a
page that fails, has no article links, or loops back.
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urljoin

from crawler.config import MAX_LISTING_PAGES, Listing
from crawler.discover.candidates import Candidate, Fetch, Offload, Outcome, failure, fetch_body
from crawler.discover.links import BadSelector, first_link, html_page, links, parse
from crawler.discover.urls import canonical_url, host_of, same_host

MAX_PAGES = MAX_LISTING_PAGES  # (the config refuses more; a Listing made in code is held to it too)


def listing_page(html: str, page_url: str, listing: Listing,
                 charset: str = "utf-8") -> tuple[list[Candidate], str | None]:
    """Article candidates on one listing page (in `charset`), and the next page's URL when `listing.next` is set."""
    tree = parse(html)
    pattern = re.compile(listing.pattern) if listing.pattern else None
    found = [Candidate(link.url, "listing", None, link.text)
             for link in links(tree, page_url, listing.links, pattern, charset)]
    following = first_link(tree, page_url, listing.next, charset) if listing.next else None
    return found, following


def _read_page(body: bytes, content_type: str | None, page_url: str,
               listing: Listing) -> tuple[list[Candidate], str | None]:
    html, charset = html_page(body, content_type)
    return listing_page(html, page_url, listing, charset)


def pattern_pages(listing: Listing) -> list[str]:
    """URLs of the further pages given by `listing.pages`, n = 1..max_pages, resolved against the listing URL."""
    if not listing.pages:
        return []
    first = canonical_url(listing.url)
    urls = (canonical_url(urljoin(listing.url, listing.pages.replace("{n}", str(n))))
            for n in range(1, min(listing.max_pages, MAX_PAGES) + 1))
    return [u for u in dict.fromkeys(urls) if u and u != first]


async def read_listing(listing: Listing, fetch: Fetch, offload: Offload = asyncio.to_thread) -> Outcome:
    """All article candidates of a listing, its pages read one after another (pagination needs the order)."""
    first = canonical_url(listing.url)
    if not first:
        return Outcome(errors=(failure(listing.url, "bad_url"),))
    found: dict[str, Candidate] = {}
    errors: list[str] = []
    queue, seen = [first, *pattern_pages(listing)], set()
    budget = min(listing.max_pages, MAX_PAGES) + 1
    while queue and len(seen) < budget:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        result, error = await fetch_body(fetch, url)
        if error or result is None or result.body is None:
            if error and (url == first or result is None or result.status not in (404, 410)):
                errors.append(error)  # (a later page that is not there just means the listing is shorter)
            break
        try:
            page, following = await offload(_read_page, result.body, result.content_type,
                                            result.final_url or url, listing)
        except BadSelector as exc:
            errors.append(failure(listing.url, "bad_selector", str(exc)))
            break
        for candidate in page:
            found.setdefault(candidate.url, candidate)
        if not page:
            if url == first:  # most likely a selector or pattern that no longer fits the site
                errors.append(failure(url, "no_links", "no article links matched on the listing page"))
            break
        if following and following not in seen and same_host(host_of(following), host_of(first)):
            queue.append(following)
    return Outcome(tuple(found.values()), tuple(errors))
