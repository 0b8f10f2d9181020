"""A URL's canonical form: one article is one page however it is linked or typed.

Purely syntactic (scheme/host case, default port, dot segments, percent-encoding, fragment, tracking and session
parameters). It lives in the store, which imports nothing of the crawler, so that the readers (the CLI, the
datasette pages) find a page under the URL a user types by the very rule fetch and crawl store it by.
Query parameter order is kept: sites link it stably, and reordering would store URLs no browser ever visits.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from tld import get_fld

# Query parameters that only say who shared or clicked a link; matched case-insensitively.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "_hsenc", "_hsmi", "spm", "scm", "from", "isappinstalled", "share_token", "wfr",
    "sharer_shareinfo", "sharer_shareinfo_first", "sharer_sharetime", "sharer_shareid", "clicktime", "enterid",
})
TRACKING_PREFIXES = ("utm_",)
# A server's session, written into the links of a visitor without its cookie (Tomcat's ;jsessionid=, PHP's and
# classic ASP's parameters): a new one every run, which would make every article a new page every run.
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "sessionid", "aspsessionid"})
_SESSION_IN_PATH = re.compile(r";jsessionid=[^/;?]*", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PATH_SAFE = _UNRESERVED | frozenset("!$&'()*+,;=:@/%")
_QUERY_SAFE = _PATH_SAFE | frozenset("?")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def canonical_url(url: str, base: str | None = None, query_charset: str = "utf-8") -> str | None:
    """The canonical form of `url` (resolved against `base`), or None when it is not a usable http(s) URL.
    `query_charset`: the charset of the page the link is in, which a browser writes a query's characters in
    (`?lm=通知公告` on a GBK page is `?lm=%CD%A8%D6%AA%B9%AB%B8%E6`, which the site's back end reads); a path's
    are UTF-8 whatever the page's."""
    if not isinstance(url, str):
        return None
    url = re.sub(r"[\t\n\r]", "", url.strip())  # browsers drop these anywhere in a URL
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = _canonical_host(parts.hostname or "")
        port = parts.port
    except ValueError:  # bad port, bad IPv6 literal
        return None
    if scheme not in DEFAULT_PORTS or not host:
        return None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _normalize_escapes(_remove_dot_segments(_SESSION_IN_PATH.sub("", parts.path) or "/"), _PATH_SAFE)
    query = _clean_query(parts.query, query_charset)
    return urlunsplit((scheme, netloc, path, query, ""))


def _canonical_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    if host and not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return ""
    if ":" in host:  # IPv6 literal: hostname strips the brackets, netloc needs them
        host = f"[{host}]"
    return host


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, so /a/./b/../c and /a/c are one page."""
    if not path.startswith("/"):
        path = "/" + path
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")[1:]
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == "..":
            if output:
                output.pop()
            if last:
                output.append("")
        elif segment == ".":
            if last:
                output.append("")
        else:
            output.append(segment)
    return "/" + "/".join(output)


def _normalize_escapes(text: str, safe: frozenset[str], charset: str = "utf-8") -> str:
    """Decode escaped unreserved characters, uppercase other escapes, escape what must be (in `charset`)."""
    def unescape(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    text = _ESCAPE.sub(unescape, text)
    out = []
    for i, char in enumerate(text):
        if char == "%" and not _ESCAPE.match(text, i):
            out.append("%25")
        elif char in safe:
            out.append(char)
        else:  # (a GBK character's second byte may be ASCII, and is written as itself where it is safe)
            out.append("".join(chr(byte) if byte < 0x80 and chr(byte) in safe and byte != 0x25 else f"%{byte:02X}"
                               for byte in _encoded(char, charset)))
    return "".join(out)


def _encoded(char: str, charset: str) -> bytes:
    """`char` in `charset` (UTF-8 for a UTF-16 page, as browsers do), or as a browser writes one the charset
    lacks: its numeric reference (&#8364;)."""
    if charset.startswith("utf"):
        return char.encode("utf-8", "surrogatepass")
    try:
        return char.encode(charset)
    except UnicodeEncodeError:
        return f"&#{ord(char)};".encode("ascii")
    except LookupError:
        return char.encode("utf-8", "surrogatepass")


def _clean_query(query: str, charset: str = "utf-8") -> str:
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        name = piece.split("=", 1)[0].lower()
        if name in TRACKING_PARAMS or name in SESSION_PARAMS or name.startswith(TRACKING_PREFIXES):
            continue
        kept.append(_normalize_escapes(piece, _QUERY_SAFE, charset))
    return "&".join(kept)


def site_of(host: str) -> str:
    """The registrable domain of a host, by the Public Suffix List: bbs.tiexue.net and i.tiexue.net are one site,
    and so are www.jl.gov.cn and xxgk.jl.gov.cn, but not jl.gov.cn and hunan.gov.cn, nor a.github.io and
    b.github.io. An address, or a name the list does not know (localhost), is its own site."""
    bare = _bare_host(host)
    return get_fld(bare, fix_protocol=True, fail_silently=True) or bare


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host  # (www.gov.cn is gov.cn's own site)


def same_site(host: str, other: str) -> bool:
    """Whether site_of(host) == site_of(other). Two names of letters, digits and hyphens whose last two labels
    differ are told apart without the Public Suffix List (whose first use loads it, in some 20 ms): a name's
    registrable domain is its last two labels or more, or the whole name."""
    bare, other_bare = _bare_host(host), _bare_host(other)
    if bare == other_bare:
        return True
    if _PLAIN_HOST.fullmatch(bare) and _PLAIN_HOST.fullmatch(other_bare) \
            and bare.split(".")[-2:] != other_bare.split(".")[-2:]:
        return False
    return site_of(host) == site_of(other)


_PLAIN_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")  # (two labels or more, as the list's lookup reads them)
