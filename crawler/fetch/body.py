"""Reading a response body within a byte cap that holds on the *decompressed* size.

httpx decodes Content-Encoding a whole network chunk at a time, so one 64 KiB chunk of a gzip bomb
becomes ~64 MiB before any cap can look at it. Here the raw bytes are decoded by us, each step asked
for at most the room left under the cap: a bomb is cut off at the cap, never inflated past it.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass

import brotli
import httpx

from crawler.fetch.result import FetchFailed, FetchResult
from crawler.fetch.sniff import HTML_TYPES, sniff_media_type

RAW_CHUNK = 16 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class _Zlib:
    """gzip (several members too) or zlib-wrapped deflate; `raw_fallback` also accepts raw deflate."""

    def __init__(self, raw_fallback: bool = False) -> None:
        self.obj = zlib.decompressobj(zlib.MAX_WBITS | 32)  # 32: detect gzip or zlib header
        self.raw_fallback, self.started, self.trailing = raw_fallback, False, False

    def feed(self, data: bytes, room: int) -> bytes:
        if self.trailing:
            return b""  # bytes after the compressed stream: ignored, as browsers do
        if self.obj.eof:
            data = self.obj.unused_data + data
            if not data.startswith(GZIP_MAGIC):
                self.trailing = bool(data)
                return b""
            self.obj = zlib.decompressobj(zlib.MAX_WBITS | 32)  # the next gzip member
        try:
            out = self.obj.decompress(self.obj.unconsumed_tail + data, room)
        except zlib.error:
            if not (self.raw_fallback and not self.started):
                raise
            self.obj, self.raw_fallback = zlib.decompressobj(-zlib.MAX_WBITS), False
            out = self.obj.decompress(data, room)
        self.started = True
        return out

    def pending(self) -> bool:
        """More output to drain before new input: input held back by the cap, or another gzip member."""
        return bool(self.obj.unconsumed_tail) or (self.obj.eof and self.obj.unused_data.startswith(GZIP_MAGIC)
                                                  and not self.trailing)

    def complete(self) -> bool:
        return self.obj.eof


class _Brotli:
    def __init__(self) -> None:
        self.obj = brotli.Decompressor()

    def feed(self, data: bytes, room: int) -> bytes:
        if not self.obj.can_accept_more_data():
            data = b""  # brotli wants its pending output drained before more input
        return self.obj.process(data, output_buffer_limit=room)

    def pending(self) -> bool:
        return not self.obj.can_accept_more_data()

    def complete(self) -> bool:
        return self.obj.is_finished()


def _decoder(coding: str) -> _Zlib | _Brotli | None:
    if coding in ("gzip", "x-gzip"):
        return _Zlib()
    if coding == "deflate":
        return _Zlib(raw_fallback=True)
    if coding == "br":
        return _Brotli()
    if coding in ("", "identity"):
        return None
    raise FetchFailed("bad_encoding", f"unsupported Content-Encoding {coding!r}")


@dataclass
class CappedBody:
    """Decode and collect a body; `truncate` keeps the first `cap` bytes instead of failing.

    Collected in a `BytesIO`, whose `getvalue` hands over the bytes it holds without copying them: a list of chunks
    joined at the end held the body twice, 100 MB for a sitemap of the protocol's 50 MB."""

    cap: int
    truncate: bool = False
    size: int = 0
    truncated: bool = False

    def __post_init__(self) -> None:
        self.buffer = io.BytesIO()

    def add(self, data: bytes) -> bool:
        """Keep `data`; return False once the cap is reached (stop reading)."""
        if self.size + len(data) > self.cap:
            if not self.truncate:
                raise FetchFailed("too_large", f"body exceeds {self.cap} bytes")
            data, self.truncated = data[: self.cap - self.size], True
        self.buffer.write(data)
        self.size += len(data)
        return not self.truncated

    def bytes(self) -> bytes:
        return self.buffer.getvalue()


async def read_body(response: httpx.Response, cap: int, *, truncate: bool = False) -> tuple[bytes, bool]:
    """The decoded body of `response`, at most `cap` bytes; returns (body, truncated)."""
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if not truncate and not encoding and declared.isdigit() and int(declared) > cap:
        raise FetchFailed("too_large", f"Content-Length {declared} exceeds {cap} bytes")
    codings = [c.strip() for c in encoding.split(",") if c.strip()]
    decoders = [d for d in map(_decoder, reversed(codings)) if d is not None]
    body, raw_size = CappedBody(cap, truncate), 0
    async for raw in response.aiter_raw(RAW_CHUNK):
        raw_size += len(raw)
        if raw_size > cap and not truncate:  # a compressed stream that never ends is too large as well
            raise FetchFailed("too_large", f"compressed body exceeds {cap} bytes")
        if not _push(decoders, raw, body):
            return body.bytes(), True
    for decoder in decoders:
        if not decoder.complete():
            raise FetchFailed("truncated", f"{encoding} body ends before its compressed stream does")
    return body.bytes(), body.truncated


def _push(decoders: list[_Zlib | _Brotli], data: bytes, body: CappedBody) -> bool:
    """Run `data` through the decoder chain into `body`, draining each stage under the cap."""
    if not decoders:
        return body.add(data)
    first, rest = decoders[0], decoders[1:]
    try:
        while True:
            out = first.feed(data, body.cap - body.size + 1)
            data = b""
            if out and not _push(rest, out, body):
                return False
            if not first.pending():
                return True
    except (zlib.error, brotli.error) as exc:
        raise FetchFailed("bad_encoding", f"Content-Encoding could not be decoded: {exc}") from None


# Where an HTML document ends. Searched anywhere in the body: scripts, comments and a server's own footer often
# follow </html>, and a page cut short before its end tags rarely holds one earlier (in a script's string).
_DOCUMENT_END = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)


def ends_document(body: bytes) -> bool:
    """Whether an HTML body holds the end of its document (</body> or </html>)."""
    return _DOCUMENT_END.search(body) is not None


def close_delimited(result: FetchResult) -> bool:
    """Whether a response's body ended only where the server closed the connection (HTTP/1.x, no Content-Length,
    no chunked coding, no compressed stream that tells its own end): a connection closed early then looks like a
    complete, shorter body, to httpx as to us."""
    return (str(result.http_version).startswith("HTTP/1") and result.header("content-length") is None
            and "chunked" not in (result.header("transfer-encoding") or "").lower()
            and (result.header("content-encoding") or "identity").strip().lower() == "identity")


# Where an HTML document's body opens: a page cut mid-way had opened it; a retired page's stub, a bare
# <script>alert(…);location.href="/"</script>, never does, and is no page cut short.
_BODY_OPENS = re.compile(rb"<body[\s>]", re.IGNORECASE)


def unterminated_page(result: FetchResult) -> bool:
    """A page whose body may have been cut short unseen: an HTML body, close-delimited, that opens its document's
    body and never ends its document. Many real pages omit their end tags, so this alone says nothing: see
    `client._cut_short`."""
    return (result.ok and result.body is not None and close_delimited(result)
            and sniff_media_type(result.body, result.media_type) in HTML_TYPES and not ends_document(result.body)
            and _BODY_OPENS.search(result.body) is not None)
