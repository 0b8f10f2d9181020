"""One httpx client per run; every attempt bounded in time and size, every outcome a `FetchResult`."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from crawler.config import FetchConfig

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class FetchResult:
    """One attempt at one URL. `error` is None on success, else a reason code."""

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
    redirects: tuple[str, ...] = field(default=())

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
        ctype = self.content_type
        return ctype.split(";")[0].strip().lower() if ctype else None

    def describe(self) -> str:
        """The one-line reason shown to a user."""
        return f"{self.error}: {self.detail}" if self.detail else str(self.error)


class FetchFailed(Exception):
    def __init__(self, reason: str, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.status = reason, detail, status


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Fetcher:
    """Async fetcher. Use as `async with Fetcher(config) as fetcher: await fetcher.fetch(url)`."""

    def __init__(self, config: FetchConfig) -> None:
        self.config = config
        timeout = httpx.Timeout(config.timeout, connect=config.connect_timeout, read=config.read_timeout)
        self.client = httpx.AsyncClient(
            headers={"User-Agent": config.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                     "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"},
            timeout=timeout, follow_redirects=False, http2=True,
            limits=httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency),
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    attempt: int = 1) -> FetchResult:
        """One attempt: redirects followed, the whole of it bounded by `timeout`."""
        started, fetched_at = time.monotonic(), now_iso()
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        try:
            async with asyncio.timeout(self.config.timeout):
                return await self._follow(url, conditional, fetched_at, started, attempt)
        except FetchFailed as exc:
            return FetchResult(url, fetched_at, status=exc.status, error=exc.reason, detail=exc.detail,
                               duration=time.monotonic() - started, attempt=attempt)
        except TimeoutError:
            return FetchResult(url, fetched_at, error="timeout",
                               detail=f"no complete response within {self.config.timeout:g}s",
                               duration=time.monotonic() - started, attempt=attempt)

    async def _follow(self, url: str, conditional: dict[str, str], fetched_at: str, started: float,
                      attempt: int) -> FetchResult:
        seen: list[str] = []
        current = url
        while True:
            check_scheme(current)
            response, body = await self._get(current, conditional if not seen else {})
            if response.is_redirect and "location" in response.headers:
                seen.append(current)
                current = urljoin(current, response.headers["location"])
                if current in seen:
                    raise FetchFailed("redirect_loop", f"redirect loop back to {current}")
                if len(seen) > self.config.max_redirects:
                    raise FetchFailed("too_many_redirects", f"more than {self.config.max_redirects} redirects")
                continue
            return FetchResult(url, fetched_at, final_url=current, status=response.status_code,
                               headers=tuple(response.headers.multi_items()), body=body,
                               error=None if response.status_code < 400 else f"http_{response.status_code}",
                               duration=time.monotonic() - started, attempt=attempt, redirects=tuple(seen))

    async def _get(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes | None]:
        try:
            async with self.client.stream("GET", url, headers=headers) as response:
                if response.is_redirect or response.status_code == 304:
                    return response, None
                return response, await self._read_capped(response)
        except httpx.ConnectTimeout:
            raise FetchFailed("timeout", "connect timed out") from None
        except httpx.ReadTimeout:
            raise FetchFailed("timeout", f"no data for {self.config.read_timeout:g}s") from None
        except httpx.ConnectError as exc:
            reason = "dns" if "name" in str(exc).lower() or "address" in str(exc).lower() else "connect"
            raise FetchFailed(reason, str(exc) or "connection failed") from None
        except httpx.RemoteProtocolError as exc:
            raise FetchFailed("truncated", str(exc) or "server closed the connection early") from None
        except (httpx.ReadError, httpx.WriteError) as exc:
            raise FetchFailed("reset", str(exc) or "connection reset") from None
        except httpx.DecodingError as exc:
            raise FetchFailed("bad_encoding", f"content-encoding could not be decoded: {exc}") from None
        except httpx.InvalidURL as exc:
            raise FetchFailed("bad_url", str(exc)) from None
        except httpx.HTTPError as exc:
            raise FetchFailed("http_error", f"{type(exc).__name__}: {exc}") from None

    async def _read_capped(self, response: httpx.Response) -> bytes:
        """Read the decoded body, stopping at the cap: a gzip bomb is cut off, not inflated."""
        cap = self.config.max_body_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap and "content-encoding" not in response.headers:
            raise FetchFailed("too_large", f"Content-Length {declared} exceeds {cap} bytes", response.status_code)
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchFailed("too_large", f"body exceeds {cap} bytes", response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)


def check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchFailed("bad_url", f"only http and https are fetched, not {parts.scheme or 'a relative URL'!r}")
    if not parts.hostname:
        raise FetchFailed("bad_url", "no host in URL")
