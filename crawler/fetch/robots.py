"""robots.txt (RFC 9309), parsed with protego, cached per origin in memory and in the store.

What a robots.txt answer means (RFC 9309 §2.3.1):
- 2xx: its rules, for our user agent, including Crawl-delay, Request-rate and Sitemap lines;
- 4xx (and redirects that lead nowhere): no rules, everything allowed;
- 5xx, 429, or unreachable (after the retries a page gets): everything disallowed until the next try, which comes
  sooner than the TTL.
A robots.txt over 500 KiB is read up to that size, up to its last complete line.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from protego import Protego

from crawler.fetch.result import FetchResult
from store.robots import RobotsCache, RobotsRecord
from store.times import iso, parse

ROBOTS_MAX_BYTES = 500 * 1024
ROBOTS_MIN_REDIRECTS = 5  # RFC 9309 §2.3.1.2: follow at least five, whatever a page may follow
RETRY_FAILED_AFTER = 1800.0  # seconds before a robots.txt that could not be read is tried again
# robots.txt errors that mean "there is no robots.txt for us": allow all, like a 4xx
_UNAVAILABLE_ERRORS = ("too_many_redirects", "redirect_loop")


# A product of a User-Agent header (RFC 9110 §10.1.5): a name with its version, at a word's start (not inside a URL)
_PRODUCT = re.compile(r"(?:^|(?<=[\s;(]))([A-Za-z][\w.-]*)/[\w.-]+")
_BROWSER_PREFIXES = frozenset({"mozilla"})  # what crawlers posing as browsers put first


def product_token(user_agent: str) -> str:
    """Our name in robots.txt (RFC 9309 §2.2.1): the User-Agent's first product without its version, a browser's
    prefix skipped (`palimpsest` of `palimpsest/0.1 (+https://example.org/contact)` and of `Mozilla/5.0
    (compatible; palimpsest/0.1)`). Groups are matched against it alone: against the whole header, a group for
    `example` or `contact` (words of our contact URL) or for `Mozilla` would be taken for ours."""
    products = [name for name in _PRODUCT.findall(user_agent) if name.lower() not in _BROWSER_PREFIXES]
    words = re.findall(r"[A-Za-z][\w.-]*", user_agent)
    return (products or words or [user_agent])[0].lower()


def origin(url: str) -> str:
    """scheme://host:port, the scope of one robots.txt."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


@dataclass(frozen=True)
class RobotsRules:
    """One origin's robots.txt, as fetched or as cached."""

    record: RobotsRecord
    parser: Protego | None = field(default=None, compare=False)

    @classmethod
    def from_record(cls, record: RobotsRecord) -> RobotsRules:
        ok = record.status is not None and 200 <= record.status < 300 and record.error is None
        return cls(record, Protego.parse(record.body or "") if ok else None)

    @property
    def unreachable(self) -> bool:
        """5xx, 429 or no answer at all: RFC 9309 says assume complete disallow."""
        if self.record.error is not None:
            return self.record.error not in _UNAVAILABLE_ERRORS and not _is_4xx(self.record.status)
        return self.record.status is None or self.record.status >= 500 or self.record.status == 429

    @property
    def address_blocked(self) -> bool:
        """robots.txt was not asked for: the host's address is not one this crawler may reach."""
        return self.record.error == "blocked_address"

    def refusal(self, url: str, agent: str) -> str | None:
        """None when `url` may be fetched, else why not (one line)."""
        if self.unreachable:
            why = self.record.error or f"http_{self.record.status}"
            return f"robots.txt could not be read ({why}), so the host is off limits until it can"
        if self.parser is not None and not self.parser.can_fetch(url, product_token(agent)):
            return "disallowed by robots.txt"
        return None

    def crawl_delay(self, agent: str) -> float | None:
        """The spacing the host asks of us: its Crawl-delay, or its Request-rate (n/Ts: T/n seconds a request,
        at every hour, its window aside: the stricter reading) when that is longer."""
        if self.parser is None:
            return None
        token = product_token(agent)
        delays = [self.parser.crawl_delay(token)]
        if (rate := self.parser.request_rate(token)) is not None and rate.requests > 0:
            delays.append(rate.seconds / rate.requests)
        return max((d for d in delays if d is not None), default=None)

    def sitemaps(self) -> tuple[str, ...]:
        return tuple(self.parser.sitemaps) if self.parser is not None else ()

    def expired(self) -> bool:
        return parse(self.record.expires_at) <= datetime.now(UTC)


def _is_4xx(status: int | None) -> bool:
    return status is not None and 400 <= status < 500 and status != 429


def record_from(result: FetchResult, host: str, ttl: float) -> RobotsRecord:
    """Turn the fetch of a robots.txt into the cache entry; failures expire sooner, to be tried again."""
    now = datetime.now(UTC)
    good = result.error is None and result.status is not None and 200 <= result.status < 300
    body = None
    if good and result.body is not None:
        text = result.body.decode("utf-8", "replace").lstrip("\ufeff")
        body = text[: text.rfind("\n") + 1] if len(result.body) >= ROBOTS_MAX_BYTES and "\n" in text else text
    record = RobotsRecord(host=host, fetched_at=iso(now), expires_at=iso(now + timedelta(seconds=ttl)),
                          status=result.status, body=body, error=None if good else result.error)
    if RobotsRules(record).unreachable:
        retry = timedelta(seconds=min(ttl, RETRY_FAILED_AFTER))
        record = RobotsRecord(**{**record.__dict__, "expires_at": iso(now + retry)})
    return record


FetchRobots = Callable[[str], Awaitable[FetchResult]]


class Robots:
    """The robots.txt rules of each origin: memory first, then the store, then one fetch per origin."""

    def __init__(self, fetch: FetchRobots, cache: RobotsCache | None, ttl: float) -> None:
        self.fetch, self.cache, self.ttl = fetch, cache, ttl
        self.rules_by_origin: dict[str, RobotsRules] = {}
        self.locks: dict[str, asyncio.Lock] = {}

    async def rules(self, url: str) -> RobotsRules:
        host = origin(url)
        rules = self.rules_by_origin.get(host)
        if rules is not None and not rules.expired():
            return rules
        async with self.locks.setdefault(host, asyncio.Lock()):  # one fetch per origin, however many ask
            rules = self.rules_by_origin.get(host)
            if rules is None or rules.expired():
                rules = await self._load(host, url)
                self.rules_by_origin[host] = rules
            return rules

    async def _load(self, host: str, url: str) -> RobotsRules:
        record = self.cache.get(host) if self.cache is not None else None
        if record is None:
            record = record_from(await self.fetch(robots_url(url)), host, self.ttl)
            if self.cache is not None:
                self.cache.put(record)
        return RobotsRules.from_record(record)
