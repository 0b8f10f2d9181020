"""One httpx client per run; every attempt bounded in time and size, every outcome a `FetchResult`.

`Fetcher.attempts(url)` is the whole polite fetch of one URL: the address guard (in the transport),
robots.txt, the host's turn, then attempts with back-off until one succeeds, fails for good, or the
URL's `deadline` is spent. A redirect to another host waits for that host's turn as well. Each attempt is
yielded, so the caller can record every one of them.
"""

from __future__ import annotations

import asyncio
import importlib.util
import ssl
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from urllib.parse import urljoin

import httpx

from crawler.config import FetchConfig
from crawler.fetch.body import read_body, unterminated_page
from crawler.fetch.guard import AddressBlocked, ResolveFailed, check_url, guarded_transport
from crawler.fetch.politeness import Politeness, Turns, host_key
from crawler.fetch.result import FetchFailed, FetchResult, now_iso
from crawler.fetch.retry import backoff, is_retryable, retry_after, server_failing
from crawler.fetch.robots import ROBOTS_MAX_BYTES, ROBOTS_MIN_REDIRECTS, Robots, RobotsRules
from store import Archive
from store.exchange import Exchange
from store.robots import RobotsCache

__all__ = ["Fetcher", "FetchFailed", "FetchResult", "now_iso"]

# httpcore tries `import sniffio` each time it sets up a lock, about eight times a page. sniffio is optional (anyio
# no longer needs it), and a module that is not installed is searched for along sys.path on every attempt (26 µs
# here). A None entry in sys.modules makes that import fail at once, as it would anyway.
if importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]

PAGE_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"
REDIRECT_BODY_BYTES = 64 * 1024  # read (and drop) this much of a redirect's body, so the connection is reused
MIN_RETRY_BASE = 0.1  # seconds: retries back off from the host delay, but never from less than this
Refusal = Callable[[str], str | None]  # why a redirect may not be followed to an address; None when it may


@dataclass(frozen=True)
class Caps:
    """Limits of one attempt. `truncate` keeps the first `max_bytes` instead of failing (robots.txt);
    `robots` checks each redirect target against its own robots.txt; `delay` spaces the requests to each
    host a redirect leads to (or its Crawl-delay, when robots are checked and it is longer); `refuse` says why a
    redirect may not be followed to an address (a source's deny, its hosts), if it may not."""

    max_bytes: int
    max_redirects: int
    truncate: bool = False
    robots: bool = False
    delay: float = 0.0
    refuse: Refusal | None = None


class Fetcher:
    """Async fetcher for one run: `async with Fetcher(config, robots=archive) as fetcher: ...`.

    `robots` is where robots.txt answers are cached between runs: an `Archive` (or a `RobotsCache`);
    None keeps them in memory only. `policy` arguments are a source's `fetch_config()`: the politeness
    keys (delay, host_concurrency, obey_robots) and limits come from it; the client from `config`.
    `pace` is awaited before each request, when its host's turn has come (see `Politeness`).
    """

    def __init__(self, config: FetchConfig, *, robots: Archive | RobotsCache | None = None,
                 pace: Callable[[], Awaitable[None]] | None = None) -> None:
        self.config = config
        limits = httpx.Limits(max_connections=max(1, config.concurrency),
                              max_keepalive_connections=max(1, config.concurrency))
        self.client = httpx.AsyncClient(
            headers={"User-Agent": config.user_agent, "Accept": PAGE_ACCEPT,
                     "Accept-Encoding": "gzip, deflate, br", "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"},
            timeout=httpx.Timeout(config.timeout, connect=config.connect_timeout, read=config.read_timeout),
            follow_redirects=False, trust_env=False,
            transport=guarded_transport(config.allows, limits, ca_bundle=config.ca_bundle),
        )
        self.politeness = Politeness(config.concurrency, config.max_backoff, pace)
        cache = RobotsCache(robots) if isinstance(robots, Archive) else robots
        self.robots = Robots(self._fetch_robots, cache, config.robots_ttl)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()
        self.politeness.forget_idle()  # (what a host's next request must wait for is kept: its turn, its back-off)

    # ---- the public ways in --------------------------------------------------------------------------

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    policy: FetchConfig | None = None) -> FetchResult:
        """Fetch `url` politely, with retries; the final attempt's result."""
        return [r async for r in self.attempts(url, etag=etag, last_modified=last_modified, policy=policy)][-1]

    async def fetch_resource(self, url: str, policy: FetchConfig | None = None, *, max_bytes: int | None = None,
                             stay_in: Refusal | None = None) -> FetchResult:
        """A feed, sitemap or listing for discovery: same robots, politeness, guard, caps and retries
        as a page, nothing stored, its body up to `max_bytes` when given (a sitemap may be larger than a page may),
        its redirects followed where `stay_in` lets them (`attempts`). A 2xx body comes back whatever its type."""
        policy = policy or self.config
        if max_bytes is not None:
            policy = replace(policy, max_body_bytes=max_bytes)
        return [r async for r in self.attempts(url, policy=policy, accept="*/*", stay_in=stay_in)][-1]

    async def robots_sitemaps(self, url: str) -> tuple[str, ...]:
        """The `Sitemap:` lines of the robots.txt of `url`'s origin (fetched or cached)."""
        if check_url_reason(url):
            return ()
        return (await self.robots.rules(url)).sitemaps()

    async def attempts(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                       policy: FetchConfig | None = None, accept: str | None = None,
                       referer: str | None = None,
                       kept_ends_document: Callable[[], bool] | None = None,
                       stay_in: Refusal | None = None) -> AsyncIterator[FetchResult]:
        """Every attempt at `url`, in order; the last one has `final=True`. Never raises for a bad URL,
        a refusal or a hostile server: those are results. `referer`: the page that links `url`, sent as a browser
        sends it (file servers that refuse downloads linked from elsewhere ask for it). `kept_ends_document`:
        whether the copy of the page kept before ended its document (asked only of an unterminated page: see
        `_cut_short`). `stay_in`: why a redirect may not be followed to an address (a source's scope), if it may
        not: the attempt ends there, `redirect_out_of_scope`, and the address is never asked."""
        policy = policy or self.config
        if reason := check_url_reason(url):
            yield FetchResult(url, now_iso(), error="bad_url", detail=reason)
            return
        delay = policy.delay
        if policy.obey_robots:
            try:
                rules = await self._robots_of(url)
            except FetchFailed as exc:  # (`host_down`)
                yield FetchResult(url, now_iso(), error=exc.reason, detail=exc.detail)
                return
            # A host whose address is refused is refused for the page too: the page's own attempt says why.
            if (refusal := rules.refusal(url, self.config.user_agent)) and not rules.address_blocked:
                yield FetchResult(url, now_iso(), error="robots", detail=refusal)
                return
            delay = self._spacing(delay, rules)
        # (validators go back as the bytes they came as: a server's ETag may hold bytes past ASCII, which httpx
        # would refuse to encode from text)
        headers: dict[str, str | bytes] = {k: v.encode("latin-1", "replace") for k, v in
                                           (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        if accept:
            headers["Accept"] = accept
        if referer:
            headers["Referer"] = referer.encode("ascii", "replace")
        tries, base = max(1, policy.retries), max(policy.delay, MIN_RETRY_BASE)
        deadline_at: float | None = None
        for attempt in range(1, tries + 1):
            result = await self._polite_attempt(url, headers, attempt, policy, delay, deadline_at, stay_in)
            if kept_ends_document is not None:
                result = _cut_short(result, kept_ends_document)
            if deadline_at is None:
                deadline_at = time.monotonic() - result.duration + policy.deadline
            pause = backoff(attempt, base, policy.max_backoff)
            retry = (attempt < tries and is_retryable(result)
                     and time.monotonic() + max(pause, self.politeness.wait_for(url)) < deadline_at)
            yield replace(result, final=not retry)
            if not retry:
                return
            await asyncio.sleep(pause)

    # ---- one attempt ---------------------------------------------------------------------------------

    async def _polite_attempt(self, url: str, headers: dict[str, str | bytes], attempt: int, policy: FetchConfig,
                              delay: float, deadline_at: float | None, stay_in: Refusal | None) -> FetchResult:
        """One attempt in the host's turn. The URL's deadline runs from its first attempt's turn, not before:
        in a crawl, the wait behind the host's other URLs is not this URL's time."""
        async with Turns(self.politeness, policy.host_concurrency) as turns:
            try:
                in_time = await _take_by(turns, url, delay, deadline_at)
            except FetchFailed as exc:  # (`host_down`: the host is not asked for a while, see politeness)
                return FetchResult(url, now_iso(), error=exc.reason, detail=exc.detail, attempt=attempt)
            until = time.monotonic() + policy.deadline if deadline_at is None else deadline_at
            budget = min(policy.timeout, until - time.monotonic()) if in_time else 0.0
            if budget <= 0:
                return FetchResult(url, now_iso(), error="timeout", attempt=attempt, timed_out_waiting=True,
                                   detail=f"deadline of {policy.deadline:g}s spent before attempt {attempt}")
            caps = Caps(policy.max_body_bytes, policy.max_redirects, robots=policy.obey_robots, delay=policy.delay,
                        refuse=stay_in)
            result = await self.attempt(url, headers=headers, attempt=attempt, budget=budget, caps=caps,
                                        turns=turns, until=until)
        turns.answered(result.status, retry_after(result, policy.max_backoff), server_failing(result))
        return result

    async def attempt(self, url: str, *, headers: dict[str, str | bytes] | None = None, attempt: int = 1,
                      budget: float | None = None, caps: Caps | None = None, turns: Turns | None = None,
                      until: float | None = None) -> FetchResult:
        """One attempt: redirects followed, the whole of it (connect to last byte) bounded by `budget` seconds,
        so a server trickling bytes cannot stretch it. No politeness without `turns`; with them, each hop
        waits for its host's turn, and that wait is added to the budget, though never past `until`
        (`time.monotonic()`, the clock asyncio's timeouts use)."""
        budget = self.config.timeout if budget is None else budget
        caps = caps or Caps(self.config.max_body_bytes, self.config.max_redirects)
        started, fetched_at = time.monotonic(), now_iso()
        waited, waiting_for = 0.0, ""  # other hosts' turns: our own time, not the servers'

        async def own_time(wait: Awaitable[float], what: str) -> float:
            """Our own wait (another host's turn, or its robots.txt read with the retries a page gets), not the
            servers' time: it may last as long as the URL's deadline, and the servers still get `budget`."""
            nonlocal waited, waiting_for
            if until is None:  # no deadline: the wait counts against `budget`
                return await wait
            timer.reschedule(until)
            waiting_for, began = what, time.monotonic()
            value = await wait
            waited += time.monotonic() - began
            waiting_for = ""
            timer.reschedule(min(started + budget + waited, until))
            return value

        async def turn(hop: str, delay: float) -> None:
            if turns is not None:
                await own_time(turns.take(hop, delay), f"the turn of {host_key(hop)}")

        async def robots(hop: str, status: int, delay: float) -> float:
            return await own_time(self._check_robots(hop, status, delay), f"robots.txt of {host_key(hop)}")

        def failed(reason: str, detail: str, status: int | None = None, waiting: bool = False,
                   hops: tuple[Exchange, ...] = ()) -> FetchResult:
            return FetchResult(url, fetched_at, status=status, error=reason, detail=" ".join(detail.split()),
                               duration=time.monotonic() - started, attempt=attempt, timed_out_waiting=waiting,
                               hops=hops)

        try:
            async with asyncio.timeout(budget) as timer:
                result = await self._follow(url, headers or {}, caps, turn, robots)
        except FetchFailed as exc:
            return failed(exc.reason, exc.detail, exc.status, hops=exc.hops)
        except TimeoutError:
            if waiting_for:
                return failed("timeout", f"deadline reached waiting for {waiting_for}", waiting=True)
            return failed("timeout", f"no complete response within {budget:g}s")
        except Exception as exc:  # a bug or a surprise from a library: one bad page never stops a run
            return failed("fetch_error", f"{type(exc).__name__}: {exc}")
        return replace(result, url=url, fetched_at=fetched_at, duration=time.monotonic() - started, attempt=attempt)

    async def _follow(self, url: str, headers: dict[str, str | bytes], caps: Caps,
                      turn: Callable[[str, float], Awaitable[None]],
                      robots: Callable[[str, int, float], Awaitable[float]]) -> FetchResult:
        hops: list[Exchange] = []
        current, delay = url, caps.delay
        while True:
            check_url(current)
            await turn(current, delay)
            hop_headers = headers if not hops else {k: v for k, v in headers.items() if not k.startswith("If-")}
            sent_at = now_iso()
            response, body, server_ip = await self._get(current, hop_headers, caps)
            location = response.headers.get("location")
            if response.is_redirect and location:
                hops.append(Exchange(current, sent_at, response.status_code, raw_headers(response),
                                     raw_headers(response.request), server_ip))
                current = urljoin(current, location.strip())
                if any(hop.url == current for hop in hops):
                    raise FetchFailed("redirect_loop", f"redirect loop back to {current}", response.status_code)
                if len(hops) > caps.max_redirects:
                    raise FetchFailed("too_many_redirects", f"more than {caps.max_redirects} redirects",
                                      response.status_code)
                if caps.refuse is not None and (why := caps.refuse(current)):
                    raise FetchFailed("redirect_out_of_scope", f"redirected to {current}, {why}: not followed",
                                      response.status_code, tuple(hops))
                if caps.robots:
                    delay = await robots(current, response.status_code, caps.delay)
                continue
            status = response.status_code
            error = None if 200 <= status < 300 or status == 304 else f"http_{status}"
            return FetchResult(url, "", final_url=current, status=status, headers=raw_headers(response),
                               body=body, error=error, hops=tuple(hops), http_version=response.http_version,
                               request_headers=raw_headers(response.request), server_ip=server_ip)

    async def _get(self, url: str, headers: dict[str, str | bytes],
                   caps: Caps) -> tuple[httpx.Response, bytes | None, str | None]:
        """The response, its body (None for a 304 or a redirect) and the address it came from."""
        status = None  # known once headers arrived: a body that fails later still records it
        try:
            async with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                server_ip = _server_ip(response)
                if status == 304:
                    return response, None, server_ip
                if response.is_redirect:
                    await read_body(response, REDIRECT_BODY_BYTES, truncate=True)
                    return response, None, server_ip
                body, _ = await read_body(response, caps.max_bytes, truncate=caps.truncate)
                return response, body, server_ip
        except FetchFailed as exc:
            raise FetchFailed(exc.reason, exc.detail, exc.status or status) from None
        except (AddressBlocked, ResolveFailed, httpx.HTTPError) as exc:
            raise failure(exc, status) from None

    async def _check_robots(self, url: str, status: int, delay: float) -> float:
        """A redirect target is fetched only if its own robots.txt allows it; returns its host's delay."""
        if check_url_reason(url):
            return delay  # the next hop's URL check says why
        rules = await self._robots_of(url)
        if refusal := rules.refusal(url, self.config.user_agent):
            raise FetchFailed("robots", f"redirect to {url}: {refusal}", status)
        return self._spacing(delay, rules)

    async def _robots_of(self, url: str) -> RobotsRules:
        """The rules of `url`'s robots.txt; `host_down` (`FetchFailed`) while its host is paused, whose robots.txt is
        not asked then either."""
        self.politeness.host(url).check_up(url)
        return await self.robots.rules(url)

    def _spacing(self, delay: float, rules: RobotsRules) -> float:
        """A host's delay: the configured one, or its robots.txt Crawl-delay or Request-rate (capped by
        max_backoff) when that is longer."""
        return max(delay, min(rules.crawl_delay(self.config.user_agent) or 0.0, self.config.max_backoff))

    async def _fetch_robots(self, url: str) -> FetchResult:
        """robots.txt, read up to 500 KiB (more is cut off, not refused), with the retries a page gets within its
        deadline: one reset or timeout would otherwise put the whole host off limits until the next try, half an
        hour later (RFC 9309's complete disallow), and its pages with it."""
        tries, base = max(1, self.config.retries), max(self.config.delay, MIN_RETRY_BASE)
        give_up_at = time.monotonic() + self.config.deadline
        result = await self._robots_attempt(url, 1)
        for attempt in range(2, tries + 1):
            pause = backoff(attempt - 1, base, self.config.max_backoff)
            if not is_retryable(result) or time.monotonic() + max(pause, self.politeness.wait_for(url)) >= give_up_at:
                break
            await asyncio.sleep(pause)
            result = await self._robots_attempt(url, attempt)
        return result

    async def _robots_attempt(self, url: str, attempt: int) -> FetchResult:
        """One attempt at robots.txt. Spaced like any request, but outside the concurrency limits: it may be needed
        from inside an attempt that holds them (a redirect to another origin)."""
        redirects = max(self.config.max_redirects, ROBOTS_MIN_REDIRECTS)
        async with Turns(self.politeness, self.config.host_concurrency, limited=False) as turns:
            await turns.take(url, self.config.delay)
            result = await self.attempt(url, headers={"Accept": "text/plain,*/*;q=0.5"}, turns=turns, attempt=attempt,
                                        caps=Caps(ROBOTS_MAX_BYTES, redirects, truncate=True, delay=self.config.delay))
        turns.answered(result.status, retry_after(result, self.config.max_backoff), server_failing(result))
        return result


async def _take_by(turns: Turns, url: str, delay: float, deadline_at: float | None) -> bool:
    """Take `url`'s host's turn, unless the URL's deadline (`deadline_at`, when its first attempt set one) passes
    first: False then, and the turn is left to the host's other URLs. (A retry waits behind them for a slot, which
    `wait_for` cannot foresee; taking its turn only to find no time left spaced the next real request by one more
    back-off for nothing, and a run against a failing host spent most of its time so.)"""
    if deadline_at is None:
        await turns.take(url, delay)
        return True
    try:
        async with asyncio.timeout_at(deadline_at):  # (the loop's clock is time.monotonic())
            await turns.take(url, delay)
    except TimeoutError:
        return False
    return True


def _cut_short(result: FetchResult, kept_ends_document: Callable[[], bool]) -> FetchResult:
    """`result` as `truncated` when it is a close-delimited page that never ends its document, where the copy kept
    before did: a server that closed the connection mid-page (old IIS and PHP setups under load, often at the same
    byte each time), whose page would otherwise read as an edit deleting its end. The kept copy decides, not the end
    tags alone: many real pages omit them, and those have none to lose. (A site that drops them from a template
    that had them, on such a server, has its pages reported truncated at each visit: seen, not stored wrong.)"""
    if not unterminated_page(result) or not kept_ends_document():
        return result
    return replace(result, body=None, error="truncated",
                   detail="the server closed the connection before the page's end (no </body> or </html>, which "
                          "the copy kept before has)")


def check_url_reason(url: str) -> str | None:
    try:
        check_url(url)
    except FetchFailed as exc:
        return exc.detail
    return None


def failure(exc: Exception, status: int | None) -> FetchFailed:
    """The reason code for an exception from the guard or httpx."""
    if isinstance(exc, AddressBlocked):
        return FetchFailed("blocked_address", str(exc))
    if isinstance(exc, ResolveFailed):
        return FetchFailed("dns", str(exc))
    if isinstance(exc, httpx.TimeoutException):
        kind = {httpx.ConnectTimeout: "connect", httpx.ReadTimeout: "no data", httpx.WriteTimeout: "write",
                httpx.PoolTimeout: "no free connection"}.get(type(exc), "")
        return FetchFailed("timeout", f"{kind} timed out".strip(), status)
    if isinstance(exc, httpx.ConnectError) and (problem := tls_problem(exc)):
        return FetchFailed("tls", problem, status)
    reasons = ((httpx.ConnectError, "connect", "connection failed"),
               (httpx.RemoteProtocolError, "truncated", "server closed the connection early"),
               ((httpx.ReadError, httpx.WriteError), "reset", "connection reset"),
               ((httpx.UnsupportedProtocol, httpx.InvalidURL), "bad_url", "not a URL we can fetch"))
    for kinds, reason, fallback in reasons:
        if isinstance(exc, kinds):
            return FetchFailed(reason, str(exc) or fallback, status)
    return FetchFailed("http_error", f"{type(exc).__name__}: {exc}", status)


def tls_problem(exc: BaseException) -> str | None:
    """Why the TLS handshake refused the server (untrusted or wrong certificate, no common protocol), if it did.
    Not a closed or reset connection during the handshake: that is `connect`, and worth another try."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"certificate verify failed: {cause.verify_message}"
        if isinstance(cause, (ssl.SSLEOFError, ssl.SSLZeroReturnError, ssl.SSLSyscallError)):
            return None
        if isinstance(cause, ssl.SSLError):
            return f"TLS handshake failed: {(cause.reason or str(cause)).lower().replace('_', ' ')}"
        cause = cause.__cause__ or cause.__context__
    return None


def raw_headers(message: httpx.Response | httpx.Request) -> tuple[tuple[str, str], ...]:
    """A message's headers as they went over the wire: order, repeats and the sender's own spelling of names kept
    (for WARC)."""
    return tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in message.headers.raw)


def _server_ip(response: httpx.Response) -> str | None:
    """The address the response came from (the connection's peer), when the transport says."""
    stream = response.extensions.get("network_stream")
    try:
        address = stream.get_extra_info("server_addr") if stream is not None else None
    except Exception:  # (a transport without the information: not worth failing a page for)
        return None
    return str(address[0]) if address else None
