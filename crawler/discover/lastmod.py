"""Whether a sitemap's or feed's dates can be believed, before they decide which known pages are fetched again.

A `lastmod` after its file was fetched cannot be true: it is a typo, a wrong year, or a CMS that writes the time
a page will be published. Many CMS sitemaps write the time the file was generated ("now") for every URL, or
today's date: the dates then say nothing about the pages, and believing them refetches every known page on every
run. Both kinds are read as no date (the page is left to the revisit ladder, and a new one is still new), and a file
found generating its dates gets a warning line.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

# A date up to this far after the fetch is believed: clocks disagree, and a local time written as UTC runs ahead.
SKEW = timedelta(days=1)
# The dates of a file are its making time when at least GENERATED_SHARE of its (at least GENERATED_MIN) dated
# entries lie within GENERATED_SPREAD of each other, that instant within NEAR before the fetch (or SKEW after it):
# a whole day, as a bare date of "today" is the midnight before the fetch in the source's timezone.
GENERATED_SHARE = 0.9
GENERATED_MIN = 10
GENERATED_SPREAD = timedelta(minutes=5)
NEAR = timedelta(days=1)


class Dated(Protocol):
    """A frozen dataclass with an ISO 8601 UTC `lastmod` (a sitemap entry, a candidate)."""

    @property
    def lastmod(self) -> str | None: ...


D = TypeVar("D", bound=Dated)


def believable(items: Sequence[D], fetched_at: str) -> tuple[list[D], str | None]:
    """`items` (of one file fetched at `fetched_at`) with the dates that cannot be believed removed, and a warning
    detail when the file's dates were all its own making time."""
    fetched = _moment(fetched_at)
    if fetched is None:
        return list(items), None
    dated = [(moment, i) for i, item in enumerate(items) if (moment := _moment(item.lastmod)) is not None]
    future = {i for moment, i in dated if moment > fetched + SKEW}
    honest = sorted(moment for moment, i in dated if i not in future)
    instant = generated_instant(honest, fetched)
    if instant is not None:
        return [_undated(item) if item.lastmod else item for item in items], _warning(len(dated), instant)
    return [_undated(item) if i in future else item for i, item in enumerate(items)], None


def generated_instant(moments: list[datetime], fetched: datetime) -> datetime | None:
    """The instant nearly all of the sorted `moments` share, when it is near `fetched`, else None."""
    if len(moments) < GENERATED_MIN:
        return None
    count, start = _densest(moments)
    instant = moments[start]
    if count < GENERATED_SHARE * len(moments) or not fetched - NEAR <= instant <= fetched + SKEW:
        return None
    return instant


def _densest(moments: list[datetime]) -> tuple[int, int]:
    """(How many, first index) of the most sorted `moments` within GENERATED_SPREAD of one another."""
    best = (0, 0)
    for start, moment in enumerate(moments):
        count = bisect_right(moments, moment + GENERATED_SPREAD, lo=start) - start
        best = max(best, (count, -start))
    return best[0], -best[1]


def _warning(dated: int, instant: datetime) -> str:
    when = instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f"{dated} lastmod dates are nearly all {when}, about when the file was fetched: the time it was "
            f"generated, not when its pages changed; its dates are ignored")


def _undated(item: D) -> D:
    return replace(item, lastmod=None)  # type: ignore[type-var]


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
