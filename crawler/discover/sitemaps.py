"""Sitemaps → candidates with their `lastmod`: urlsets, indexes (followed, bounded), gzip, news and text sitemaps,
and the `Sitemap:` lines of robots.txt.

Hostile input is bounded at every step: gzip is inflated only up to the sitemap protocol's 50 MiB, parsing is a
streaming expat parse that refuses any entity declaration (no billion laughs, no quadratic blowup, no external
entities) and stops at 50,000 URLs, and an index tree is walked to a fixed depth and number of files.
Malformed XML is read as far as it parses, then leniently by regex, so a broken sitemap still yields its links.
"""

from __future__ import annotations

import asyncio
import io
import re
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import urlsplit
from xml.parsers import expat

from protego import Protego

from crawler.discover.candidates import Candidate, Fetch, Offload, Outcome, failure, fetch_body, parse_w3c_date
from crawler.discover.lastmod import believable
from crawler.discover.urls import canonical_url, host_of, same_host

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the protocol's limit, uncompressed
MAX_URLS = 50_000  # per sitemap file, also the protocol's limit
MAX_DEPTH = 3  # index → index → index → urlset
MAX_FILES = 50  # sitemap files read per run and source
MAX_TEXT = 4096  # characters kept of one <loc>/<lastmod>/<news:title>
ROBOTS_MAX_BYTES = 500 * 1024

Kind = Literal["urlset", "index", "text"]
RobotsSitemaps = Callable[[str], Awaitable[tuple[str, ...]]]  # URL → `Sitemap:` lines of its robots.txt


@dataclass(frozen=True)
class Entry:
    loc: str
    lastmod: str | None = None  # ISO 8601 UTC
    title: str | None = None


@dataclass(frozen=True)
class Sitemap:
    """One parsed sitemap file: page entries (urlset/text) or child sitemaps (index)."""

    kind: Kind | None
    entries: tuple[Entry, ...] = ()
    error: str | None = None  # reason: detail, when the file could not be read (entries may still be partial)


class TooLarge(Exception):
    pass


def inflate(body: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Gunzip `body` (all members), never producing more than `limit` bytes: a gzip bomb raises TooLarge."""
    out, data = io.BytesIO(), body  # (its getvalue copies nothing: no second copy of up to 50 MB)
    while data[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        out.write(inflater.decompress(data, limit + 1 - out.tell()))
        if out.tell() > limit:
            raise TooLarge(f"inflates to more than {limit} bytes")
        if inflater.unconsumed_tail:  # output budget spent exactly at the limit with input left over
            raise TooLarge(f"inflates to more than {limit} bytes")
        if not inflater.eof:  # truncated download: keep what inflated
            break
        data = inflater.unused_data
    return out.getvalue()


_LEADING = re.compile(rb"[\xef\xbb\xbf \t\r\n]*")


def _first_byte(body: bytes) -> bytes:
    """The first byte after a BOM and whitespace (b"" when none), found without body.lstrip()'s copy of the file."""
    match = _LEADING.match(body)
    start = match.end() if match else 0
    return body[start:start + 1]


def parse_sitemap(body: bytes, url: str, timezone: str = "UTC") -> Sitemap:
    """Parse one sitemap file (gzip, XML urlset/index, or a plain text list of URLs). Never raises."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = inflate(body)
        except TooLarge as exc:
            return Sitemap(None, error=f"too_large: {exc}")
        except zlib.error as exc:
            return Sitemap(None, error=f"bad_gzip: {exc}")
    if len(body) > MAX_SITEMAP_BYTES:
        return Sitemap(None, error=f"too_large: over {MAX_SITEMAP_BYTES} bytes")
    head = _first_byte(body)
    if head and head != b"<":
        return _text_sitemap(body, url)
    return _xml_sitemap(_utf8(body), url, timezone)


def _text_sitemap(body: bytes, url: str) -> Sitemap:
    """The protocol's plain-text form: one URL per line."""
    entries = []
    for line in body.decode("utf-8", "replace").splitlines():
        loc = canonical_url(line.strip()[:MAX_TEXT]) if line.strip().startswith(("http://", "https://")) else None
        if loc:
            entries.append(Entry(loc))
            if len(entries) >= MAX_URLS:
                break
    if not entries:
        return Sitemap(None, error="bad_sitemap: neither XML nor a list of URLs")
    return Sitemap("text", tuple(entries))


_XML_DECL_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([\w.:-]+)(["'])""")
_EXPAT_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}


def _utf8(body: bytes) -> bytes:
    """Transcode XML declared in an encoding expat lacks (GBK and friends on Chinese sites) to UTF-8."""
    match = _XML_DECL_ENCODING.match(body[:512])
    if not match or match.group(2).decode().lower() in _EXPAT_ENCODINGS:
        return body
    label = match.group(2).decode().lower()
    codec = "gb18030" if label in ("gb2312", "gbk", "x-gbk") else label
    try:
        text = body.decode(codec, "replace")
    except LookupError:
        text = body.decode("utf-8", "replace")
    return _XML_DECL_ENCODING.sub(rb"\g<1>utf-8\g<3>", text.encode("utf-8"), count=1)


class _Refused(Exception):
    pass


class _Enough(Exception):
    pass


class _Collector:
    """Expat callbacks: collects <url>/<sitemap> entries (loc, lastmod, news date and title)."""

    def __init__(self, url: str, timezone: str) -> None:
        self.url, self.timezone = url, timezone
        self.root: str | None = None
        self.entries: list[Entry] = []
        self.stack: list[str] = []
        self.fields: dict[str, str] = {}
        self.text: list[str] | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if self.root is None:
            self.root = local
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(local)
        if local in ("url", "sitemap") and parent in ("urlset", "sitemapindex"):
            self.fields = {}
        elif self._wanted(local, parent):
            self.text = []

    def _wanted(self, local: str, parent: str) -> bool:
        if parent in ("url", "sitemap"):
            return local in ("loc", "lastmod")
        return parent == "news" and local in ("publication_date", "title")

    def end(self, name: str) -> None:
        local = self.stack.pop() if self.stack else ""
        if self.text is not None:
            self.fields.setdefault(local, "".join(self.text).strip()[:MAX_TEXT])
            self.text = None
        elif local in ("url", "sitemap") and self.stack and self.stack[-1] in ("urlset", "sitemapindex"):
            self._add()

    def data(self, text: str) -> None:
        if self.text is not None and sum(map(len, self.text)) < MAX_TEXT:
            self.text.append(text)

    def _add(self) -> None:
        loc = canonical_url(self.fields.get("loc", ""), self.url) if self.fields.get("loc") else None
        if loc:
            date = self.fields.get("lastmod") or self.fields.get("publication_date")
            title = " ".join(self.fields.get("title", "").split()) or None
            self.entries.append(Entry(loc, parse_w3c_date(date, self.timezone), title))
            if len(self.entries) >= MAX_URLS:
                raise _Enough

    @staticmethod
    def refuse(*_: object) -> None:
        raise _Refused("entity declarations refused (XML bomb defence)")


def _xml_sitemap(body: bytes, url: str, timezone: str) -> Sitemap:
    collector = _Collector(url, timezone)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler, parser.EndElementHandler = collector.start, collector.end
    parser.CharacterDataHandler = collector.data
    parser.EntityDeclHandler = collector.refuse
    parser.ExternalEntityRefHandler = collector.refuse
    error = None
    try:
        parser.Parse(body, True)
    except _Enough:
        pass
    except _Refused as exc:
        return Sitemap(None, error=f"bad_xml: {exc}")
    except (expat.ExpatError, ValueError) as exc:
        error = f"bad_xml: {exc}"
    kind = _kind(collector.root, body)
    entries = collector.entries
    if error:  # keep whichever reading got further
        lenient = _lenient(body, url, timezone)
        entries = lenient if len(lenient) > len(entries) else entries
    if kind is None:
        return Sitemap(None, error=error or f"bad_sitemap: root element is <{collector.root}>, not urlset")
    if error and not entries:
        return Sitemap(kind, error=error)
    return Sitemap(kind, tuple(entries))


def _kind(root: str | None, body: bytes) -> Kind | None:
    if root == "urlset" or (root is None and b"<urlset" in body[:4096]):
        return "urlset"
    if root == "sitemapindex" or (root is None and b"<sitemapindex" in body[:4096]):
        return "index"
    return None


_BLOCK = re.compile(rb"<(?:\w+:)?(url|sitemap)\b[^>]*>(.{0,20000}?)</(?:\w+:)?\1>", re.S)
_FIELD = re.compile(rb"<(?:\w+:)?(loc|lastmod|publication_date)>\s*(?:<!\[CDATA\[)?(.{0,4096}?)(?:\]\]>)?\s*<", re.S)


def _lenient(body: bytes, url: str, timezone: str) -> list[Entry]:
    """Entries of an XML sitemap that expat rejects, read block by block."""
    entries = []
    for block in _BLOCK.finditer(body):
        fields = {m.group(1): m.group(2).decode("utf-8", "replace").strip() for m in _FIELD.finditer(block.group(2))}
        loc = canonical_url(_unescape(fields.get(b"loc", "")), url) if fields.get(b"loc") else None
        if loc:
            date = fields.get(b"lastmod") or fields.get(b"publication_date")
            entries.append(Entry(loc, parse_w3c_date(date, timezone)))
            if len(entries) >= MAX_URLS:
                break
    return entries


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


# ---- reading a source's sitemaps ------------------------------------------------------------------------------

async def read_sitemaps(urls: tuple[str, ...] | list[str], fetch: Fetch, *, timezone: str = "UTC",
                        robots: bool = True, robots_lookup: RobotsSitemaps | None = None,
                        offload: Offload = asyncio.to_thread) -> Outcome:
    """All page entries reachable from `urls` (and, with `robots`, from their hosts' robots.txt `Sitemap:` lines,
    found by `robots_lookup` when given, e.g. the fetcher's cached robots), newest `lastmod` first so that a
    per-run cap keeps the freshest."""
    errors: list[str] = []
    start = [u for u in (canonical_url(u) for u in urls) if u]
    if robots:
        lookup = robots_sitemaps if robots_lookup is None else _using(robots_lookup)
        listed, robots_errors = await lookup(start, fetch)
        start += [u for u in listed if u not in start]
        errors += robots_errors
    found: list[Candidate] = []
    generated: list[tuple[str, str]] = []  # (file, warning) of the files whose dates were their making time
    seen: set[str] = set()
    level, depth, dropped = start, 0, 0
    while level:
        fresh = [u for u in dict.fromkeys(level) if u not in seen]
        room = MAX_FILES - len(seen) if depth <= MAX_DEPTH else 0
        level, dropped = fresh[:room], dropped + max(0, len(fresh) - room)
        seen.update(level)
        results = await asyncio.gather(*(_read_one(u, fetch, timezone, offload) for u in level))
        children = []
        for url, (sitemap, error, warning) in zip(level, results, strict=True):
            if error:
                errors.append(error)
            if warning:
                generated.append((url, warning))
            if sitemap.kind == "index":
                children += [e.loc for e in _newest_first(sitemap.entries) if same_host(host_of(e.loc), host_of(url))]
            else:
                found += [Candidate(e.loc, "sitemap", e.lastmod, e.title) for e in sitemap.entries]
        level, depth = children, depth + 1
    if generated:
        errors.append(_generated_line(generated))
    if dropped:
        errors.append(failure(start[0], "too_many_sitemaps",
                              f"{dropped} sitemap files left unread (limits: {MAX_FILES} files, depth {MAX_DEPTH})"))
    found.sort(key=lambda c: c.lastmod or "", reverse=True)  # stable: undated keep file order, last
    return Outcome(tuple(found), tuple(errors))


async def _read_one(url: str, fetch: Fetch, timezone: str,
                    offload: Offload) -> tuple[Sitemap, str | None, str | None]:
    """The file at `url`, its error line, and a warning when its dates were found to be its making time (then
    dropped, as are dates after the fetch: see lastmod.py)."""
    result, error = await fetch_body(fetch, url, MAX_SITEMAP_BYTES)  # (not a page's max_body_bytes, 10 MiB)
    if error:
        return Sitemap(None), error, None
    if result is None or result.body is None:
        return Sitemap(None), None, None
    # in a thread: a 50,000-URL file takes about a second, which must not stall the other sources' fetches
    sitemap = await offload(parse_sitemap, result.body, result.final_url or url, timezone)
    if sitemap.error:
        return sitemap, failure(url, *sitemap.error.split(": ", 1)), None
    if sitemap.kind == "index":  # (its dates only order the files read)
        return sitemap, None, None
    entries, warning = believable(sitemap.entries, result.fetched_at)
    return replace(sitemap, entries=tuple(entries)), None, warning


def _generated_line(generated: list[tuple[str, str]]) -> str:
    """One line for a tree's files that generate their dates (a CMS writes all its files alike), naming the first."""
    url, warning = generated[0]
    more = f" (and {len(generated) - 1} more sitemap file(s) alike)" if len(generated) > 1 else ""
    return failure(url, "generated_lastmod", warning + more)


def _newest_first(entries: tuple[Entry, ...]) -> list[Entry]:
    """Newest lastmod first (undated last, file order otherwise): a per-run cap then keeps the freshest."""
    return sorted(entries, key=lambda e: e.lastmod or "", reverse=True)


def _using(lookup: RobotsSitemaps) -> Callable[[list[str], Fetch], Awaitable[tuple[list[str], list[str]]]]:
    """`robots_sitemaps` over a ready-made per-origin lookup instead of fetching robots.txt here."""
    async def read(urls: list[str], _fetch: Fetch) -> tuple[list[str], list[str]]:
        listed: list[str] = []
        errors: list[str] = []
        for origin in dict.fromkeys(f"{p.scheme}://{p.netloc}/" for p in map(urlsplit, urls)):
            try:
                listed += [u for u in (canonical_url(e, origin) for e in await lookup(origin)) if u]
            except Exception as exc:
                errors.append(failure(origin + "robots.txt", "robots_error", f"{type(exc).__name__}: {exc}"))
        return list(dict.fromkeys(listed)), errors
    return read


async def robots_sitemaps(urls: list[str], fetch: Fetch) -> tuple[list[str], list[str]]:
    """`Sitemap:` URLs from the robots.txt of each host in `urls`. A missing robots.txt is no error."""
    roots = list(dict.fromkeys(f"{p.scheme}://{p.netloc}/robots.txt" for p in map(urlsplit, urls)))
    listed: list[str] = []
    errors: list[str] = []
    for robots_url, (result, error) in zip(roots, await asyncio.gather(*(fetch_body(fetch, r) for r in roots)),
                                           strict=True):
        if error:
            if result is None or result.status is None or result.status >= 500:
                errors.append(error)
            continue
        if result is None or result.body is None:
            continue
        text = result.body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
        try:
            entries = list(Protego.parse(text).sitemaps)
        except Exception as exc:  # protego is tolerant; guard anyway
            errors.append(failure(robots_url, "bad_robots", str(exc)))
            continue
        listed += [u for u in (canonical_url(e, robots_url) for e in entries) if u]
    return list(dict.fromkeys(listed)), errors
