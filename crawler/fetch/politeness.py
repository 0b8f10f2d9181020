"""Politeness: per-host minimum delay and concurrency, a global concurrency limit, and back-off.

Requests to one host start at least `delay` seconds apart (the larger of the configured delay and the
host's robots.txt Crawl-delay or Request-rate). A host answering 429 or 503 gets a growing extra delay, at least its
`Retry-After` and at most `max_backoff`; a failing host (a 5xx, a connection refused, reset or timed out) one that
grows more gently, to at most `FAILING_BACKOFF_CAP`; each success halves it again. A host that keeps failing is
paused (`HOST_DOWN_AFTER`), and its URLs end at once as `host_down` meanwhile. A request that is redirected to
another host waits for that host's turn too (`Turns`). A host's state is shared by every fetcher in one event
loop: the daemon's runs of two sources on one host, at the same time, keep to its delay and concurrency together.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.fetch.result import FetchFailed

FIRST_BACKOFF = 1.0  # seconds of back-off after a first 429/503 (or failure) without Retry-After
# A failing host's back-off grows by half, not double, and to at most this: a 5xx or a dropped connection may be one
# broken page, or a server briefly down, where a 429/503 is the server's own request for time. Asked once in 30 s at
# most, a sick server is spared; one that fails every time is paused (HOST_DOWN_AFTER).
FAILING_GROWTH = 1.5
FAILING_BACKOFF_CAP = 30.0
BACKOFF_FLOOR = 0.05  # below this a decaying back-off is dropped
# A host whose last this many answers all failed (a 5xx, 503 too, or a connection refused, reset or timed out; any
# other answer starts the count again) is down: it is not asked for HOST_DOWN_PAUSE seconds, and each URL that comes
# to it meanwhile ends at once as `host_down`, to be asked by a later run. Spaced by its back-off alone, a run asked
# each URL of a dead host in turn, 30 s apart: 500 pages took four hours and held back the source's next runs.
HOST_DOWN_AFTER = 10
HOST_DOWN_PAUSE = 300.0


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


class HostSlots:
    """The requests in flight to one host, each admitted under its own limit: runs of two sources on one host share
    the count, and each holds to its own `host_concurrency` (a semaphore has one size, its first user's). A freed
    slot is handed to the longest waiter of the largest limit it fits, so a release wakes one waiter, not all."""

    def __init__(self) -> None:
        self.active = 0
        self.waiting: dict[int, deque[asyncio.Future[None]]] = {}

    async def acquire(self, limit: int) -> None:
        limit = max(1, limit)
        if self.active < limit and not self.waiting.get(limit):
            self.active += 1
            return
        waiter = asyncio.get_running_loop().create_future()
        queue = self.waiting.setdefault(limit, deque())
        queue.append(waiter)
        try:
            await waiter  # (`release` counts the slot it hands over)
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot, then cancelled before taking it: pass it on
            elif waiter in queue:
                queue.remove(waiter)
            raise

    def release(self) -> None:
        """Free a slot and hand it on (no await: safe in a cancelled task's cleanup)."""
        self.active -= 1
        for limit in sorted(self.waiting, reverse=True):
            queue = self.waiting[limit]
            while queue and self.active < limit:
                waiter = queue.popleft()
                if not waiter.done():
                    self.active += 1
                    waiter.set_result(None)


@dataclass
class HostState:
    slots: HostSlots = field(default_factory=HostSlots)
    next_start: float = 0.0  # monotonic time before which no request to the host may start
    backoff: float = 0.0  # extra spacing after 429/503 or failures
    throttled: int = field(default=0)  # 429/503 answers seen, for reports
    failures: int = field(default=0)  # failing answers seen (5xx but 503, connections refused, reset, timed out)
    failing_streak: int = 0  # answers in a row that failed (503 too), for HOST_DOWN_AFTER
    down_until: float = 0.0  # monotonic time before which the host is not asked (see HOST_DOWN_AFTER)

    def idle(self, now: float) -> bool:
        """Nothing to keep: no request in flight or waiting, its turn come and no back-off to carry over."""
        slots = self.slots
        return not slots.active and not any(slots.waiting.values()) and self.next_start <= now and not self.backoff \
            and self.down_until <= now

    def failed(self) -> None:
        """Count a failing answer; the HOST_DOWN_AFTER-th in a row (and each after it) pauses the host."""
        self.failing_streak += 1
        if self.failing_streak >= HOST_DOWN_AFTER:
            self.down_until = time.monotonic() + HOST_DOWN_PAUSE

    def up(self) -> None:
        """The host answered: the count starts again, and a pause ends (a request in flight when the host was paused
        came back answered)."""
        self.failing_streak = 0
        self.down_until = 0.0

    def check_up(self, url: str) -> None:
        """Raise `host_down` while the host is paused."""
        if (left := self.down_until - time.monotonic()) > 0:
            raise FetchFailed("host_down", f"{host_key(url)} failed its last {self.failing_streak} answers in a row: "
                                           f"not asked for another {left:.0f}s")


_LOOP_HOSTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, HostState]] = weakref.WeakKeyDictionary()


def _loop_hosts() -> dict[str, HostState]:
    """The hosts' states of the running event loop's fetchers (a fresh table outside one)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return {}
    return _LOOP_HOSTS.setdefault(loop, {})


class Politeness:
    """Shared by every request of one fetcher, so all of a run's work on a host is spaced and capped.

    `pace`, when given, is awaited before each request once its host's turn has come (a crawl's page writer
    waiting for room): the run then fetches no faster than it can store what it fetched."""

    def __init__(self, concurrency: int, max_backoff: float,
                 pace: Callable[[], Awaitable[None]] | None = None) -> None:
        self.all = asyncio.Semaphore(max(1, concurrency))
        self.max_backoff = max_backoff
        self.hosts = _loop_hosts()  # (shared with the loop's other fetchers: one host, one set of turns)
        self.pace = pace

    def host(self, url: str) -> HostState:
        key = host_key(url)
        state = self.hosts.get(key)  # (per request: no new state made to be thrown away)
        if state is None:
            state = self.hosts[key] = HostState()
        return state

    def forget_idle(self) -> None:
        """Drop the hosts that are idle: the table is the event loop's, which in the daemon outlives every run, and
        would otherwise keep every host it ever asked, for months."""
        now = time.monotonic()
        for key in [key for key, state in self.hosts.items() if state.idle(now)]:
            del self.hosts[key]

    @asynccontextmanager
    async def slot(self, url: str, delay: float, host_concurrency: int,
                   limited: bool = True) -> AsyncIterator[None]:
        """Wait for this host's turn (its concurrency, then its spacing), then for a global slot.

        `limited=False` waits for the spacing only: for robots.txt, which may be needed from inside an
        attempt that holds this host's and a global slot (a redirect), and must not wait for itself."""
        state = self.host(url)
        if limited:  # (robots.txt is read as before: it decides for itself what an unreachable host allows)
            state.check_up(url)
            await state.slots.acquire(host_concurrency)
        try:
            await self._turn(state, paced=limited, url=url if limited else None)
            # no await between the check for the turn and this line: two waiters cannot both take it
            state.next_start = time.monotonic() + max(delay, state.backoff)
            async with self.all if limited else nullcontext():
                yield
        finally:
            if limited:
                state.slots.release()

    async def _turn(self, state: HostState, paced: bool, url: str | None = None) -> None:
        """Wait for the host's next turn and, if paced, for `pace`; returns with the turn still free. Given the `url`,
        raises `host_down` if the host is found down meanwhile (the URLs queued for it then end at once)."""
        while True:
            while (wait := state.next_start - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            if url is not None:
                state.check_up(url)
            if not paced or self.pace is None:
                return
            await self.pace()  # (returns without suspending when there is room)
            if state.next_start <= time.monotonic():  # nobody took the turn meanwhile
                return

    def wait_for(self, url: str) -> float:
        """Seconds until the host's next turn (0 when it is free now)."""
        state = self.hosts.get(host_key(url))
        return max(0.0, state.next_start - time.monotonic()) if state else 0.0

    def answered(self, url: str, status: int | None, retry_after: float | None, failing: bool = False) -> None:
        """Adjust the host's back-off to an answer: grow it on 429/503, more gently when `failing` (the server
        failed: `retry.server_failing`), halve it on success."""
        state = self.host(url)
        if failing or status == 503:
            state.failed()
        elif status is not None:
            state.up()  # (it answered: a 404 or a 429 is no sign of a host down)
        if status in (429, 503):
            state.throttled += 1
            _back_off(state, self._grown(state.backoff, retry_after, 2.0, self.max_backoff))
        elif failing:
            state.failures += 1
            # (never lowered by a failure: a 429's longer back-off stands)
            _back_off(state, max(state.backoff, self._grown(state.backoff, retry_after, FAILING_GROWTH,
                                                            FAILING_BACKOFF_CAP)))
        elif status is not None and status < 400:
            state.backoff = state.backoff / 2 if state.backoff / 2 >= BACKOFF_FLOOR else 0.0

    def _grown(self, backoff: float, retry_after: float | None, factor: float, cap: float) -> float:
        """`backoff` grown by `factor` (from FIRST_BACKOFF) up to `cap`, or the server's Retry-After if longer; never
        past `max_backoff`."""
        return min(self.max_backoff, max(retry_after or 0.0, min(cap, backoff * factor or FIRST_BACKOFF)))


def _back_off(state: HostState, backoff: float) -> None:
    """Space the host's requests by `backoff` from now on, its next one included."""
    state.backoff = backoff
    state.next_start = max(state.next_start, time.monotonic() + backoff)


class Turns:
    """The slot one request holds while it follows redirects: `async with Turns(...) as turns:`.

    A hop to another host gives up the slot held, then waits for that host's turn (its concurrency, spacing
    and back-off) like any first request. A hop on the same host keeps the slot: with `host_concurrency = 1`
    it would otherwise wait for itself. Holding one slot at a time, two requests redirected to each other's
    hosts never wait for each other."""

    def __init__(self, politeness: Politeness, host_concurrency: int, limited: bool = True) -> None:
        self.politeness, self.host_concurrency, self.limited = politeness, host_concurrency, limited
        self.url: str | None = None  # of the host taken last: the one whose answer came last
        self.held: AbstractAsyncContextManager[None] | None = None

    async def __aenter__(self) -> Turns:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.release()

    async def take(self, url: str, delay: float) -> float:
        """Hold `url`'s host's slot, spaced by at least `delay`; returns the seconds spent waiting for it."""
        if self.held is not None and self.url is not None and host_key(url) == host_key(self.url):
            return 0.0
        await self.release()
        started = time.monotonic()
        slot = self.politeness.slot(url, delay, self.host_concurrency, self.limited)
        await slot.__aenter__()
        self.held, self.url = slot, url
        return time.monotonic() - started

    async def release(self) -> None:
        if self.held is not None:
            held, self.held = self.held, None
            await held.__aexit__(None, None, None)

    def answered(self, status: int | None, retry_after: float | None, failing: bool = False) -> None:
        """The answer to the last hop counts toward the back-off of the host that gave it."""
        if self.url is not None:
            self.politeness.answered(self.url, status, retry_after, failing)
