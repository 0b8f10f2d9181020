"""What one fetch attempt produced: `FetchResult`, and `FetchFailed`, the way an attempt stops early."""

from __future__ import annotations

from dataclasses import dataclass

from store.exchange import Exchange
from store.times import utcnow


@dataclass(frozen=True)
class FetchResult:
    """One attempt at one URL. `error` is None on success, else a reason code (timeout, http_404, ...).

    `final` is False for an attempt that was followed by another one (a retry); `body` is the decoded
    (Content-Encoding removed) body, `headers` the full headers of the last response, in order.
    """

    url: str
    fetched_at: str
    final_url: str | None = None
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    error: str | None = None
    detail: str | None = None
    duration: float = 0.0
    attempt: int = 1
    hops: tuple[Exchange, ...] = ()  # the redirects followed before the final response, in order
    final: bool = True
    http_version: str | None = None
    request_headers: tuple[tuple[str, str], ...] = ()  # the final request's, as sent
    server_ip: str | None = None  # where the final response came from
    timed_out_waiting: bool = False  # out of time in our own wait (a host's turn, a robots.txt), not a server's

    @property
    def redirects(self) -> tuple[str, ...]:
        """The URLs that redirected, in order."""
        return tuple(hop.url for hop in self.hops)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")

    @property
    def media_type(self) -> str | None:
        return media_type_of(self.content_type)

    def describe(self) -> str:
        """The one-line reason shown to a user."""
        return f"{self.error}: {self.detail}" if self.detail else str(self.error)


def media_type_of(content_type: str | None) -> str | None:
    """text/html from "text/html; charset=gbk"."""
    return content_type.split(";")[0].strip().lower() or None if content_type else None


class FetchFailed(Exception):
    """Raised inside an attempt to end it with a reason code; becomes a `FetchResult` with that error."""

    def __init__(self, reason: str, detail: str, status: int | None = None, hops: tuple[Exchange, ...] = ()) -> None:
        detail = " ".join(detail.split())  # shown to users on one line, whatever a library put in it
        super().__init__(detail)
        self.reason, self.detail, self.status = reason, detail, status
        self.hops = hops  # the redirects followed before it stopped (a redirect not followed: the last of them)


def now_iso() -> str:
    return utcnow()
