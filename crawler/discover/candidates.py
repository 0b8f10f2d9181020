"""What discovery hands on: candidate pages, the errors met on the way, and the fetch it relies on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from crawler.fetch import FetchResult
from crawler.fetch.client import Refusal


class Fetch(Protocol):
    """The polite fetch of a discovery resource (a crawl's: the fetcher's `fetch_resource`). `max_bytes`: the most
    its body may be, when not the fetcher's `max_body_bytes` for pages (a sitemap's is the protocol's 50 MB).
    `stay_in`: why its redirects may not be followed to an address (the pages a follow crawl walks keep to the
    source's scope, as its pages do; a feed or sitemap may move to another host)."""

    def __call__(self, url: str, *, max_bytes: int | None = None,
                 stay_in: Refusal | None = None) -> Awaitable[FetchResult]: ...


# Runs a parsing function off the event loop: asyncio.to_thread, or a crawl's worker processes (which
# also put a time limit on it). The functions given are module-level, their arguments plain data.
Offload = Callable[..., Awaitable[Any]]
Via = Literal["url", "feed", "sitemap", "listing", "follow"]


@dataclass(frozen=True)
class Candidate:
    """A page worth fetching. `lastmod` is ISO 8601 UTC when the feed or sitemap said when it last changed."""

    url: str  # canonical
    via: Via
    lastmod: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What one discovery resource (a feed, a sitemap tree, a listing, a follow crawl) yielded."""

    found: tuple[Candidate, ...] = ()
    errors: tuple[str, ...] = ()


def failure(url: str, reason: str, detail: str | None = None) -> str:
    """One error line: the resource, the reason code, and what happened."""
    return f"{url}: {reason}: {detail}" if detail else f"{url}: {reason}"


async def fetch_body(fetch: Fetch, url: str, max_bytes: int | None = None,
                     stay_in: Refusal | None = None) -> tuple[FetchResult | None, str | None]:
    """Fetch `url` (its body up to `max_bytes`, its redirects `stay_in`, when given); returns (result, None) when there
    is a body to read, else (result, error line).

    A 2xx body is used even when the fetcher flags it (e.g. `not_html` for a feed): discovery reads XML.
    """
    given = {name: value for name, value in (("max_bytes", max_bytes), ("stay_in", stay_in)) if value is not None}
    try:
        result = await fetch(url, **given)
    except Exception as exc:  # a fetcher bug must not stop the other resources
        return None, failure(url, "fetch_error", f"{type(exc).__name__}: {exc}")
    has_body = result.status is not None and 200 <= result.status < 300 and result.body is not None
    if (has_body and result.error in (None, "not_html")) or result.not_modified:
        return result, None
    return result, failure(url, result.error or f"http_{result.status}", result.detail)


def iso_utc(moment: datetime, timezone: str = "UTC") -> str:
    """ISO 8601 UTC with a Z; naive times are taken to be in `timezone`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_w3c_date(text: str | None, timezone: str = "UTC") -> str | None:
    """A sitemap/W3C datetime ('2024-05-01', '2024-05-01T10:00+08:00', ...) as ISO UTC, or None if unreadable.

    A bare date means the start of that day in the source's timezone.
    """
    if not text:
        return None
    text = text.strip()
    try:
        if len(text) == 10:
            return iso_utc(datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time()), timezone)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return iso_utc(moment, timezone)


def newer(lastmod: str | None, seen: str | None) -> bool:
    """True when `lastmod` is known and later than `seen` (both ISO 8601)."""
    if not lastmod or not seen:
        return False
    try:
        return _aware(lastmod) > _aware(seen)
    except ValueError:
        return False


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
