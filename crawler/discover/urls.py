"""Canonical URLs and scope: one article is one page however it is linked.

`canonical_url` is purely syntactic (in `store/urls.py`, where the readers use it too); `canonical_from_html` adds
the page's own `<link rel=canonical>` when it stays on the host.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from crawler.extract.repair import limit_nesting
from store.urls import canonical_url, same_site

__all__ = ["Scope", "canonical_from_html", "canonical_url", "choose_canonical", "column_above", "host_of",
           "same_host"]

CANONICAL_SNIFF_CHARS = 256 * 1024  # rel=canonical lives in <head>; no need to parse a whole huge page


def same_host(a: str, b: str) -> bool:
    """True when two hostnames are one site; `www.` is ignored because sites link both forms."""
    return _bare(a) == _bare(b)


def _bare(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def canonical_from_html(html: str | bytes, url: str) -> str:
    """The page's canonical URL: its `<link rel=canonical>` when that stays on the same host, else `url`.

    Ignored when ambiguous (several different ones) or when it points a deeper page at the site root, a common
    template mistake that would fold every article into the home page.
    """
    own = canonical_url(url) or url
    if isinstance(html, bytes):
        html = html[:CANONICAL_SNIFF_CHARS].decode("utf-8", "replace")
    try:
        tree = LexborHTMLParser(limit_nesting(html[:CANONICAL_SNIFF_CHARS]))
        base = _document_base(tree, own)
        hrefs = [node.attributes.get("href") or "" for node in tree.css("link[rel][href]")
                 if "canonical" in (node.attributes.get("rel") or "").lower().split()]
    except Exception:  # selectolax on pathological markup: keep the URL we have
        return own
    return choose_canonical(hrefs, own, base)


def choose_canonical(hrefs: Iterable[str], url: str, base: str | None = None) -> str:
    """The canonical URL among a page's `rel=canonical` hrefs, or the page's own canonical URL when there is
    none, they disagree, one leaves the host, or one folds a deeper page into a column (the site root, a folder or
    a column's index page). It keeps the scheme and port that answered: a template's https address on a site
    that only answers http would be revisited, and fail, for ever."""
    own = canonical_url(url) or url
    targets = {canonical_url(href, base or own) for href in hrefs}
    targets.discard(None)
    if len(targets) != 1:
        return own
    target = targets.pop()
    assert target is not None
    if not same_host(host_of(target), host_of(own)) or column_above(own, target) or _folds_into_index(own, target):
        return own  # (a template copied from the column page names the column: no article is its column)
    answered, named = urlsplit(own), urlsplit(target)
    host = named.hostname or ""
    host = f"[{host}]" if ":" in host else host  # (an IPv6 address, bracketed again)
    port = f":{answered.port}" if answered.port else ""
    return named._replace(scheme=answered.scheme, netloc=host + port).geturl()  # (www. or not: the canonical's)


def _folds_into_index(url: str, other: str) -> bool:
    """Whether `other` is a column's index page (/col/col1234/index.html) and `url` a page that is none: a template's
    canonical names the column it was copied from, wherever that column lies (a JCMS article, /art/2024/3/5/…)."""
    column = urlsplit(other)
    name, own_name = column.path.rpartition("/")[2], urlsplit(url).path.rpartition("/")[2]
    # (index.php?id=5 is a page of its own: PHPCMS serves every article so)
    return not column.query and bool(_INDEX_FILE.fullmatch(name)) and bool(own_name) \
        and not _INDEX_FILE.fullmatch(own_name)


_INDEX_FILE = re.compile(r"(?:index|default|home)\.\w+", re.I)


def column_above(url: str, other: str) -> bool:
    """Whether `other` is a column page above `url` on the same host: a folder `url` lies under (`/`, `/xwzx/gsyw/`)
    or that folder's index file (`/xwzx/index.html`), without a query; `url` itself, or its folder's index, is not
    above itself."""
    page, column = urlsplit(url), urlsplit(other)
    if column.query or not same_host(host_of(url), host_of(other)):
        return False
    path, own = column.path or "/", page.path or "/"
    head, _, name = path.rpartition("/")
    folder = path if not name else f"{head}/" if _INDEX_FILE.fullmatch(name) else None
    if folder is None or not own.startswith(folder):
        return False
    rest = own[len(folder):]
    return bool(page.query) or (bool(rest) and not _INDEX_FILE.fullmatch(rest))


def _document_base(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first("base[href]")
    href = node.attributes.get("href") if node else None
    return (canonical_url(href, url) or url) if href else url


@dataclass(frozen=True)
class Scope:
    """Which URLs belong to a source: its hosts (www-insensitive), then allow (any) and deny (none) regexes."""

    hosts: frozenset[str]
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def of(cls, seeds: list[str] | tuple[str, ...], allow: tuple[str, ...] = (), deny: tuple[str, ...] = ()) -> Scope:
        hosts = frozenset(_bare(h) for h in map(host_of, seeds) if h)
        return cls(hosts, tuple(re.compile(p) for p in allow), tuple(re.compile(p) for p in deny))

    def on_host(self, url: str) -> bool:
        return _bare(host_of(url)) in self.hosts

    def denied(self, url: str) -> bool:
        return any(p.search(url) for p in self.deny)

    def allowed(self, url: str) -> bool:
        return not self.allow or any(p.search(url) for p in self.allow)

    def __contains__(self, url: str) -> bool:
        return self.on_host(url) and self.allowed(url) and not self.denied(url)

    def refusal(self, url: str, hosts: bool = True) -> str | None:
        """Why a redirect may not be followed to `url`: a `deny` pattern matches it or, with `hosts`, it lies off the
        sites of the source's hosts; None when it may. (A site is a registrable domain: an organisation moves its
        articles between its own hosts, news.sasac.gov.cn to www.sasac.gov.cn, and they are still its pages. Not
        `allow`: it picks which links found are articles, and a page chosen may move anywhere on its site.)"""
        if pattern := next((p for p in self.deny if p.search(url)), None):
            return f"which the source's deny pattern {pattern.pattern!r} excludes"
        if hosts and self.hosts and not self.on_host(url) and not self._on_site(url):
            return f"off the sites of the source's hosts ({', '.join(sorted(self.hosts))})"
        return None

    def _on_site(self, url: str) -> bool:
        host = host_of(url)
        return bool(host) and any(same_site(host, own) for own in self.hosts)

    def may_visit(self, url: str) -> bool:
        """Pages walked through while following links: on the host and not denied; `allow` picks articles only."""
        return self.on_host(url) and not self.denied(url)
