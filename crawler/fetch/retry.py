"""Which failed attempts are worth another try, and how long to wait before it."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from crawler.fetch.result import FetchResult

RETRY_ERRORS = frozenset({"timeout", "connect", "reset", "truncated"})
RETRY_STATUSES = frozenset({408, 429})
FAILING_ERRORS = frozenset({"timeout", "connect", "reset"})  # a server refusing, dropping or not answering


def is_retryable(result: FetchResult) -> bool:
    """Connect errors, timeouts, broken bodies, 5xx, 408 and 429; never other 4xx, never a refusal."""
    if result.error in RETRY_ERRORS:
        return True
    status = result.status
    return status is not None and result.error is not None and (status in RETRY_STATUSES or status >= 500)


def server_failing(result: FetchResult) -> bool:
    """Whether the server that answered last is failing, and its host should be asked more slowly: a 5xx but 503
    (a 503, like a 429, asks for time itself), or a connection refused, reset or timed out. Not a timeout in our own
    wait for a host's turn (no server was asked), nor a body cut short (`truncated`: also a kept-alive connection
    the server had closed, which is no sign of trouble)."""
    if result.error in FAILING_ERRORS:
        return not result.timed_out_waiting
    return result.error is not None and result.status is not None and result.status >= 500 and result.status != 503


def retry_after(result: FetchResult, cap: float) -> float | None:
    """`Retry-After` in seconds (delta or HTTP date), capped; None when absent or unreadable."""
    value = (result.header("retry-after") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - datetime.now(UTC)).total_seconds()), cap)


def backoff(attempt: int, base: float, cap: float) -> float:
    """Exponential back-off with full jitter around it: base·2^(attempt-1), times 0.5–1.5, capped."""
    return min(cap, base * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
