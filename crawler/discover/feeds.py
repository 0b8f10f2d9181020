"""RSS 2.0, Atom and RSS 1.0 feeds → candidates (entry link, title, published/updated date), via feedparser.

feedparser strips entity declarations other than plain-text ones before parsing and falls back to a loose
parser on broken XML, so a hostile or malformed feed yields an error line, never an exception or an explosion.
"""

from __future__ import annotations

import asyncio
import calendar
import codecs
import io
import re
import time
from datetime import UTC, datetime

import feedparser

from crawler.charset import charset_from_content_type, normalize_label
from crawler.discover.candidates import Candidate, Fetch, Offload, Outcome, failure, fetch_body, iso_utc
from crawler.discover.lastmod import believable
from crawler.discover.urls import canonical_url

MAX_FEED_BYTES = 5 * 1024 * 1024  # feedparser is pure Python; no real feed is this big
MAX_ENTRIES = 5000
# Entity declarations, quoted values skipped whole; linear-time (the alternatives start with distinct chars).
_ENTITY_DECL = re.compile(rb"""<!ENTITY(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ENCODING_DECL = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=""")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> Outcome:
    """Entries of the feed in `body` (fetched from `url`, served as `content_type`); relative links resolve against
    `url`."""
    if len(body) > MAX_FEED_BYTES:
        return Outcome(errors=(failure(url, "too_large", f"feed over {MAX_FEED_BYTES} bytes"),))
    try:
        # A stream, never bytes or str: feedparser treats those as a file name or URL to open.
        parsed = feedparser.parse(io.BytesIO(_without_entities(body)),
                                  response_headers={"content-location": url,
                                                    "content-type": _xml_type(body, content_type)},
                                  sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # feedparser is tolerant, but a parser bug must not stop discovery
        return Outcome(errors=(failure(url, "bad_feed", f"{type(exc).__name__}: {exc}"),))
    found = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        href = _entry_link(entry)
        link = canonical_url(href, url) if href else None
        if link:
            found.append(Candidate(link, "feed", _entry_date(entry), _clean(entry.get("title"))))
    if not found and not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS, Atom or RDF root element"
        return Outcome(errors=(failure(url, "bad_feed", f"not a feed ({_one_line(reason)})"),))
    return Outcome(tuple(found))


async def read_feed(url: str, fetch: Fetch, offload: Offload = asyncio.to_thread) -> Outcome:
    result, error = await fetch_body(fetch, url)
    if error:
        return Outcome(errors=(error,))
    if result is None or result.body is None:  # 304: nothing new
        return Outcome()
    outcome = await offload(parse_feed, result.body, result.final_url or url, result.content_type)  # (off the loop)
    found, warning = believable(outcome.found, result.fetched_at)
    return Outcome(tuple(found), (*outcome.errors, *([failure(url, "generated_lastmod", warning)] if warning else [])))


def _xml_type(body: bytes, content_type: str | None) -> str:
    """The type feedparser is told: XML, in the server's charset only for a feed that names none (no declaration,
    no byte-order mark) and is not UTF-8, XML's default (GBK feeds served as `charset=gbk`, which feedparser would
    otherwise guess, wrongly for traditional characters: titles and Chinese paths garbled). A server's charset
    over a UTF-8 feed is a server default (Tomcat's ISO-8859-1), not the feed's."""
    codec = normalize_label(charset_from_content_type(content_type))
    if codec is None or body.startswith(_BOMS) or _ENCODING_DECL.match(body[:512]) or _is_utf8(body):
        return "application/xml"
    return f"application/xml; charset={codec}"


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _without_entities(body: bytes) -> bytes:
    """Drop entity declarations: feeds need none, and they are what XML bombs are made of (defence in depth,
    feedparser and expat ≥ 2.4 limit expansion too). Undefined references then stay literal text."""
    return _ENTITY_DECL.sub(b"", body) if b"<!ENTITY" in body else body


def _entry_link(entry: feedparser.FeedParserDict) -> str:
    """The entry's article link: rel=alternate (Atom) or <link> (RSS), else a permalink <guid>."""
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    if entry.get("link"):
        return entry["link"]
    guid = entry.get("id") or ""
    return guid if guid.startswith(("http://", "https://")) else ""


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    """When the entry last changed: updated, else published (feedparser gives UTC struct_time)."""
    for key in ("updated_parsed", "published_parsed", "created_parsed"):
        value = dict.get(entry, key)  # plain dict lookup: no deprecated updated→published aliasing
        if isinstance(value, time.struct_time):
            try:
                return iso_utc(datetime.fromtimestamp(calendar.timegm(value), UTC))
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _clean(title: object) -> str | None:
    if not isinstance(title, str):
        return None
    title = " ".join(title.split())
    return title[:500] or None


def _one_line(reason: object) -> str:
    return " ".join(str(reason).split())[:200]
