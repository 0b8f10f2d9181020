"""A misbehaving web server for fetch tests: route functions for `tests.site.Site.handler`, one per case.

Each returns a function `(handler) -> None` that writes whatever it likes to the socket. They swallow the
errors a client hanging up causes, so a test that cuts a server off leaves no noise behind.
"""

from __future__ import annotations

import functools
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable

from tests.site import Handler

Route = Callable[[Handler], None]


def quiet(route: Callable[..., None]) -> Callable[..., None]:
    """Wrap a route (function or method): a client hanging up is what these cases provoke, not an error."""

    @functools.wraps(route)
    def wrapper(*args: object) -> None:
        handler = args[-1]
        try:
            route(*args)
        except (OSError, ValueError):
            handler.close_connection = True  # type: ignore[attr-defined]

    return wrapper


def _head(handler: Handler, status: int = 200, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for name, value in (headers or {"Content-Type": "text/html; charset=utf-8"}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.flush()


def slow_headers(seconds: float, body: bytes = b"<p>late</p>") -> Route:
    """Accepts the request, then says nothing for `seconds`."""

    @quiet
    def route(handler: Handler) -> None:
        time.sleep(seconds)
        _head(handler, headers={"Content-Type": "text/html", "Content-Length": str(len(body))})
        handler.wfile.write(body)

    return route


def trickle(body: bytes, interval: float) -> Route:
    """Headers at once, then the body one byte every `interval` seconds: never idle long enough for a
    per-read timeout to fire."""

    @quiet
    def route(handler: Handler) -> None:
        _head(handler, headers={"Content-Type": "text/html", "Content-Length": str(len(body))})
        for i in range(len(body)):
            handler.wfile.write(body[i:i + 1])
            handler.wfile.flush()
            time.sleep(interval)

    return route


def reset_mid_body(sent: bytes, declared: int) -> Route:
    """Sends part of the body, then resets the connection (TCP RST)."""

    @quiet
    def route(handler: Handler) -> None:
        _head(handler, headers={"Content-Type": "text/html", "Content-Length": str(declared)})
        handler.wfile.write(sent)
        handler.wfile.flush()
        time.sleep(0.05)
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        handler.connection.close()
        handler.rfile.close()

    return route


def reset_at_once() -> Route:
    """Reads the request, then resets the connection (TCP RST) without a word: a server falling over."""

    @quiet
    def route(handler: Handler) -> None:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        handler.connection.close()
        handler.rfile.close()

    return route


def short_body(sent: bytes, declared: int) -> Route:
    """Promises `declared` bytes, sends fewer, closes cleanly."""

    @quiet
    def route(handler: Handler) -> None:
        _head(handler, headers={"Content-Type": "text/html", "Content-Length": str(declared)})
        handler.wfile.write(sent)
        handler.close_connection = True

    return route


def close_delimited(body: bytes) -> Route:
    """Sends `body` without Content-Length or chunked coding, then closes the connection: where the body ends is
    only where the connection does (HTTP/1.0 style, as old servers answer)."""

    @quiet
    def route(handler: Handler) -> None:
        _head(handler, headers={"Content-Type": "text/html; charset=utf-8", "Connection": "close"})
        handler.wfile.write(body)
        handler.close_connection = True

    return route


def endless(chunk: bytes = b"<p>" + b"x" * 65536 + b"</p>") -> Route:
    """A body that never ends (no length, no end), sent as fast as the client reads."""

    @quiet
    def route(handler: Handler) -> None:
        _head(handler, headers={"Content-Type": "text/html", "Connection": "close"})
        handler.close_connection = True
        while True:
            handler.wfile.write(chunk)

    return route


@functools.cache
def gzip_bomb(mib: int = 256) -> bytes:
    """`mib` MiB of zeros, gzipped: ~1 KB on the wire per MiB. httpx alone inflates one 16 KiB read
    of it to 16 MiB, and a whole 64 KiB network chunk to 64 MiB, before any cap can look."""
    compressor, zeros = zlib.compressobj(9, zlib.DEFLATED, 31), bytes(1 << 20)
    parts = [compressor.compress(zeros) for _ in range(mib)]
    return b"".join(parts) + compressor.flush()


def gzipped(body: bytes, content_type: str = "text/html; charset=utf-8") -> Route:
    @quiet
    def route(handler: Handler) -> None:
        _head(handler, headers={"Content-Type": content_type, "Content-Encoding": "gzip",
                                "Content-Length": str(len(body))})
        handler.wfile.write(body)

    return route


class Throttled:
    """Answers `status` with `Retry-After` for the first `times` requests, then serves `body`.
    Records when each request arrived."""

    def __init__(self, body: bytes, times: int, status: int = 503, retry_after: str | None = "1") -> None:
        self.body, self.times, self.status, self.retry_after = body, times, status, retry_after
        self.arrivals: list[float] = []
        self.lock = threading.Lock()

    @quiet
    def __call__(self, handler: Handler) -> None:
        with self.lock:
            self.arrivals.append(time.monotonic())
            refuse = len(self.arrivals) <= self.times
        if refuse:
            headers = {"Content-Type": "text/html", "Content-Length": "9"}
            if self.retry_after is not None:
                headers["Retry-After"] = self.retry_after
            _head(handler, self.status, headers)
            handler.wfile.write(b"try later")
            return
        _head(handler, headers={"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(self.body))})
        handler.wfile.write(self.body)


class Validated:
    """A page with an ETag and Last-Modified that answers 304 to a matching conditional request."""

    def __init__(self, body: bytes, etag: str = '"v1"', last_modified: str = "Tue, 03 Feb 2026 08:00:00 GMT") -> None:
        self.body, self.etag, self.last_modified = body, etag, last_modified
        self.not_modified = 0

    @quiet
    def __call__(self, handler: Handler) -> None:
        if handler.headers.get("If-None-Match") == self.etag or (
                handler.headers.get("If-None-Match") is None
                and handler.headers.get("If-Modified-Since") == self.last_modified):
            self.not_modified += 1
            _head(handler, 304, {"ETag": self.etag, "Last-Modified": self.last_modified})
            return
        _head(handler, headers={"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(self.body)),
                                "ETag": self.etag, "Last-Modified": self.last_modified})
        handler.wfile.write(self.body)


class InFlight:
    """Serves `body` after `hold` seconds, counting how many requests are being served at once."""

    def __init__(self, body: bytes, hold: float, counter: InFlightCounter | None = None) -> None:
        self.body, self.hold = body, hold
        self.counter = counter or InFlightCounter()

    @quiet
    def __call__(self, handler: Handler) -> None:
        with self.counter:
            time.sleep(self.hold)
            _head(handler, headers={"Content-Type": "text/html; charset=utf-8",
                                    "Content-Length": str(len(self.body))})
            handler.wfile.write(self.body)


class InFlightCounter:
    """Counts concurrent requests (across routes and servers, when shared)."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self.starts: list[float] = []
        self.lock = threading.Lock()

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
            self.starts.append(time.monotonic())

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.now -= 1


def attribute_bomb(attributes: int = 60_000) -> bytes:
    """A page whose one tag has tens of thousands of distinct attributes: the HTML parser takes time
    quadratic in them (60,000: about 5 s), in C, where nothing can interrupt it."""
    names = " ".join(f"a{i}" for i in range(attributes))
    return f"<html><body><div {names}><p>这一页让解析器卡住。</p></div></body></html>".encode()
