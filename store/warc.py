"""The archive as WARC 1.1 (ISO 28500), the format replay tools (pywb, ReplayWeb.page) and other archives read.

Every capture that kept its body is a `response` record: the final response's status and headers as received,
and the body as stored. Its `request` record follows (the request as sent, `WARC-Concurrent-To` the response),
and the records of each redirect it followed come before (a redirect's body is not kept: its record has none).
The store keeps bodies decoded (gzip, brotli removed), so the headers that described the encoded bytes are renamed
`X-Archive-Orig-…` (pywb's convention) and Content-Length states the body's length. A body already written is a
`revisit` record (identical-payload-digest) pointing at its first record, and a 304 one of profile
server-not-modified pointing at the capture it confirmed. Each version of an article is a `conversion` record of
its text (text/plain, UTF-8) that refers to the record of the capture it was extracted from. Captures without a
response (timeouts, refusals by robots.txt, a body cut off) have no WARC form and are counted as left out; a
response to an attempt that was retried (a 503) is written like any other. Captures made before palimpsest kept
requests (schema 5) have no request or redirect records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from io import BytesIO
from typing import BinaryIO
from urllib.parse import SplitResult, quote, urlsplit

from sqlite_utils import Database
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from store.bodies import get_body
from store.exchange import Exchange
from store.versions import Capture, selected_captures

SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# Headers about the bytes on the wire, which the stored (decoded, whole) body no longer matches.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True)
class Selection:
    """Which captures to export: all by default; else of these sources, these URLs, fetched since then."""

    sources: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    since: str | None = None  # an ISO 8601 UTC time, as the store writes them (2026-11-27 also works)


@dataclass
class ExportCounts:
    responses: int = 0
    revisits: int = 0
    versions: int = 0
    left_out: int = 0  # captures with no response to write (errors without a body, robots)
    by_outcome: dict[str, int] = field(default_factory=dict)  # what the left-out captures were


@dataclass(frozen=True)
class _Written:
    """The record a capture became, for the records that refer to it."""

    record_id: str
    uri: str
    date: str
    payload_digest: str | None


def export_warc(db: Database, out: BinaryIO, selection: Selection | None = None, *, gzip: bool = True,
                filename: str | None = None, software: str = "palimpsest") -> ExportCounts:
    """Write the selected captures (all by default), and the versions extracted from them, to `out` as WARC
    records, in the order they were captured. `filename`: the file's name, for its warcinfo record."""
    writer = WARCWriter(out, gzip=gzip, warc_version="1.1")
    writer.write_record(writer.create_warcinfo_record(filename, {
        "software": software, "format": "WARC File Format 1.1",
        "description": "exported from a palimpsest archive: responses as received, bodies as stored (decoded)",
    }))
    counts = ExportCounts()
    by_capture: dict[int, _Written] = {}  # capture id -> its record
    by_body: dict[str, _Written] = {}  # body SHA-256 -> the response record that holds it
    latest_by_url: dict[str, _Written] = {}  # URL -> the response holding its latest body, which a 304 confirms
    selection = selection or Selection()
    for capture in selected_captures(db, sources=selection.sources, urls=selection.urls, since=selection.since):
        written = _write_capture(writer, db, capture, by_body, latest_by_url)
        if written is None:
            counts.left_out += 1
            counts.by_outcome[capture.outcome] = counts.by_outcome.get(capture.outcome, 0) + 1
            continue
        by_capture[capture.id] = written
        if written.payload_digest is None:
            counts.revisits += 1
        else:
            counts.responses += 1
            by_body[capture.body_sha256] = written
        # (a 304 confirms the page's last good response, the one whose validators it was sent: not a 404 or a
        # firewall's page since; a replay tool finds the body a revisit points at in one step)
        if capture.outcome == "ok" and capture.body_sha256 in by_body:
            latest_by_url[capture.url] = by_body[capture.body_sha256]
    counts.versions = _write_versions(writer, db, by_capture)
    return counts


def _write_capture(writer: WARCWriter, db: Database, capture: Capture, by_body: dict[str, _Written],
                   latest_by_url: dict[str, _Written]) -> _Written | None:
    """The capture as a response or revisit record (after those of its redirect hops, each with its request), or
    None when it has no response to write."""
    if capture.status is None:
        return None
    final = capture.exchange()
    uri = _target_uri(final.url)  # (the body is the page the redirects ended at)
    date, headers, extra = _warc_date(capture.fetched_at), _http_headers(final), _ip_header(final)
    if capture.status == 304:
        confirmed = latest_by_url.get(capture.url)
        if confirmed:
            extra |= {"WARC-Refers-To-Target-URI": confirmed.uri, "WARC-Refers-To-Date": confirmed.date}
        _write_hops(writer, capture)
        record = writer.create_warc_record(uri, "revisit", http_headers=headers, warc_headers_dict={
            "WARC-Date": date, "WARC-Profile": SERVER_NOT_MODIFIED, **extra})
        return _write(writer, record, final)
    if capture.body_sha256 is None:
        return None
    if (first := by_body.get(capture.body_sha256)) is not None:
        _write_hops(writer, capture)
        record = writer.create_revisit_record(uri, first.payload_digest, first.uri, first.date, http_headers=headers,
                                              warc_headers_dict={"WARC-Date": date, **extra})
        return _write(writer, record, final)
    body = get_body(db, capture.body_sha256)
    if body is None:  # (a body row lost to a damaged store: the capture says what it had, nothing to write)
        return None
    _write_hops(writer, capture)
    headers.replace_header("Content-Length", str(len(body)))
    record = writer.create_warc_record(uri, "response", payload=BytesIO(body), length=len(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": date, **extra})
    return _write(writer, record, final, record.rec_headers.get_header("WARC-Payload-Digest"))


def _write_hops(writer: WARCWriter, capture: Capture) -> None:
    """The redirects the capture followed, each a response record of its head (the body of a redirect is not kept:
    Content-Length 0) with its request."""
    for hop in capture.hops():
        headers = _http_headers(hop)
        headers.replace_header("Content-Length", "0")
        record = writer.create_warc_record(_target_uri(hop.url), "response", payload=BytesIO(b""), length=0,
                                           http_headers=headers,
                                           warc_headers_dict={"WARC-Date": _warc_date(hop.fetched_at),
                                                              **_ip_header(hop)})
        _write(writer, record, hop)


def _write(writer: WARCWriter, record: object, exchange: Exchange, digest: str | None = None) -> _Written:
    """Write a response or revisit record, then its request's record (when the request was kept), concurrent to it."""
    writer.write_record(record)
    record_id, date = record.rec_headers.get_header("WARC-Record-ID"), record.rec_headers.get_header("WARC-Date")
    if exchange.request_headers:
        request = _ReceivedHeaders(f"GET {_request_target(exchange.url)} HTTP/1.1", list(exchange.request_headers),
                                   is_http_request=True)
        writer.write_record(writer.create_warc_record(_target_uri(exchange.url), "request", http_headers=request,
                                                      warc_headers_dict={"WARC-Date": date,
                                                                         "WARC-Concurrent-To": record_id,
                                                                         **_ip_header(exchange)}))
    return _Written(record_id, _target_uri(exchange.url), date, digest)


def _request_target(url: str) -> str:
    """The request line's target: the URL's path and query, percent-encoded as the fetcher sent them."""
    parts = urlsplit(url)
    path = quote(parts.path or "/", safe=_URL_SAFE)
    return f"{path}?{quote(parts.query, safe=_URL_SAFE)}" if parts.query else path


_URL_SAFE = "/%:@!$&'()*+,;=~-._?"


def _target_uri(url: str) -> str:
    """The URL as WARC-Target-URI, which must be a URI: the path and query percent-encoded as the request line sends
    them, the host in IDNA. A redirect's Location comes as the server wrote it, often raw UTF-8 (/新闻/c d.html), and
    is stored so; written raw, it is no URI, and not the address the request record's own line names."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{_ascii_netloc(parts)}{_request_target(url)}"


def _ascii_netloc(parts: SplitResult) -> str:
    """A URI's netloc: the host in IDNA (例子.中国 is xn--fsqu00a.xn--fiqs8s); what IDNA cannot write,
    percent-encoded."""
    if parts.netloc.isascii():
        return parts.netloc
    try:
        host, port = (parts.hostname or "").encode("idna").decode("ascii"), parts.port
    except (UnicodeError, ValueError):
        host, port = None, None
    if not host or "@" in parts.netloc:  # (a user name before the host: seldom, and not IDNA's to write)
        return quote(parts.netloc, safe=_URL_SAFE)
    return host if port is None else f"{host}:{port}"


def _ip_header(exchange: Exchange) -> dict[str, str]:
    return {"WARC-IP-Address": exchange.server_ip} if exchange.server_ip else {}


class _ReceivedHeaders(StatusAndHeaders):
    """Headers written back as the bytes they came as: the store holds them decoded as Latin-1, byte for byte,
    where warcio would percent-encode a non-ASCII value (a raw UTF-8 or GBK file name), which is not what came."""

    def compute_headers_buffer(self, header_filter: object = None) -> None:
        self.headers_buff = self.to_str(header_filter).encode("latin-1", "replace") + b"\r\n"


def _http_headers(response: Exchange) -> StatusAndHeaders:
    """A response's status line and headers; those about the encoded bytes kept under X-Archive-Orig-."""
    headers = [(f"X-Archive-Orig-{name}" if name.lower() in _WIRE_HEADERS else name, value)
               for name, value in response.headers]
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = "Unknown"
    return _ReceivedHeaders(f"{response.status} {phrase}", headers, protocol="HTTP/1.1")


def _write_versions(writer: WARCWriter, db: Database, by_capture: dict[int, _Written]) -> int:
    """Each version of the exported captures as a conversion record of its text (the versions of those captures
    only are read: a page's export must not read every text in the archive)."""
    written = 0
    for capture_id, url, version, title, subtitle, text, first_seen in _versions_of(db, sorted(by_capture)):
        source = by_capture[capture_id]
        head = "\n".join(filter(None, (title or "", subtitle)))  # (the title, then its subtitle: as `extract` prints)
        data = f"{head}\n\n{text}\n".encode()
        record = writer.create_warc_record(_target_uri(url), "conversion", payload=BytesIO(data), length=len(data),
                                           warc_content_type="text/plain; charset=utf-8", warc_headers_dict={
                                               "WARC-Date": _warc_date(first_seen),
                                               "WARC-Refers-To": source.record_id,
                                               "WARC-Palimpsest-Version": str(version)})
        writer.write_record(record)
        written += 1
    return written


def _versions_of(db: Database, capture_ids: list[int], chunk: int = 500) -> Iterator[tuple]:
    """The versions extracted from these captures, in the order the captures were made."""
    # (a store before schema 6, read without migrating it, has no subtitles)
    subtitle = "subtitle" if "subtitle" in db["snapshots"].columns_dict else "NULL"
    for start in range(0, len(capture_ids), chunk):
        ids = capture_ids[start:start + chunk]
        yield from db.execute(f"SELECT capture_id, url, version, title, {subtitle}, text, first_seen FROM snapshots"
                              f" WHERE capture_id IN ({', '.join('?' * len(ids))}) ORDER BY capture_id, id", ids)


def _warc_date(stamp: str) -> str:
    """The store's times (2026-11-27T06:00:00.123Z) are already WARC 1.1 dates; older ones without the Z get it."""
    return stamp if stamp.endswith("Z") else f"{stamp}Z"
