"""config.toml → frozen dataclasses, validated once.

Every error names the key (dotted path, e.g. `sources[0].every`) and the problem, and becomes exit code 2.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import ssl
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.cron import crontabs_for_apscheduler
from crawler.errors import ConfigError

if TYPE_CHECKING:  # (the extractor is heavy to import: commands that only read the store never need it)
    from crawler.extract.rules import SiteRules

DEFAULT_CONFIG = Path("config.toml")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# The longest duration or time limit anywhere: longer is a typo, and the daemon's date arithmetic overflows.
MAX_DAYS = 366
MAX_SECONDS = MAX_DAYS * 86400
MAX_PROCESSES = 64  # [extract] processes: each is a whole Python process
MAX_LISTING_PAGES = 100  # a listing's max_pages: further pages read per run (a backfill is a sitemap's job)
Ratio: TypeAlias = float  # a number from 0 to 1


class DurationTooLong(ValueError):
    """A well-formed duration beyond MAX_DAYS."""


def parse_duration(text: str) -> float:
    """'90s', '30m', '1h', '1d', '1w' → seconds, more than 0 and at most MAX_SECONDS."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{text!r} is not a duration like '30m', '1h' or '1d'")
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds > MAX_SECONDS:
        raise DurationTooLong(f"{text!r} is longer than the longest allowed, {MAX_DAYS}d")
    return seconds


@dataclass(frozen=True)
class StoreConfig:
    path: Path = Path("data/archive.db")


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = "palimpsest/0.1 (+https://example.org/contact)"
    timeout: float = 30.0  # one attempt, connect to last byte
    deadline: float = 120.0  # one URL, all its retries included
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    retries: int = 3  # attempts in all
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    delay: float = 1.0  # per-host minimum seconds between requests
    host_concurrency: int = 2
    concurrency: int = 32
    obey_robots: bool = True
    robots_ttl: float = 86400.0
    allow_addresses: tuple[str, ...] = ()
    store_raw_types: tuple[str, ...] = ("application/pdf",)
    # Files an article's text links, by the extension of their address, fetched and kept with it (see
    # crawler/attachments.py), at most max_attachments of them per article; () or 0: none.
    attachments: tuple[str, ...] = ("pdf", "doc", "docx", "xls", "xlsx", "et", "wps", "ppt", "pptx", "ofd", "txt",
                                    "csv", "zip", "rar", "7z")
    max_attachments: int = 20
    max_backoff: float = 600.0  # cap for Retry-After and 429/503 growth
    ca_bundle: Path | None = None  # PEM file of extra CAs to trust (a site with a private CA); None: the usual ones

    def allows(self, address: str) -> bool:
        ip = ipaddress.ip_address(address)
        return any(ip in ipaddress.ip_network(entry, strict=False) for entry in self.allow_addresses)


@dataclass(frozen=True)
class ExtractConfig:
    timezone: str = "Asia/Shanghai"
    article_threshold: Ratio = 0.5  # article-likeness below this: a capture, not a version
    # Crawls and fetch parse pages in this many worker processes (0: in their own, without a time limit)...
    processes: int = 1
    timeout: float = 60.0  # ...and a page whose extraction takes longer fails alone (`extract_timeout`)
    article_pages: int = 20  # an article split over pages (1 2 3 下一页) is read over this many of them (1: its first)


@dataclass(frozen=True)
class RevisitConfig:
    ladder: tuple[float, ...] = (3600.0, 21600.0, 86400.0, 259200.0, 604800.0, 2592000.0)


@dataclass(frozen=True)
class Listing:
    url: str
    links: str | None = None  # CSS selector of article links
    pattern: str | None = None  # URL regex of article links
    next: str | None = None  # CSS selector of the next page link
    pages: str | None = None  # URL pattern with {n}
    max_pages: int = 5


@dataclass(frozen=True)
class Source:
    name: str
    every: float | None = None  # seconds
    cron: str | None = None
    timezone: str = "Asia/Shanghai"
    urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    follow_depth: int = 0
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    max_new_per_run: int = 500
    # Known pages fetched again because a feed or sitemap dates them after their last fetch (0: none; the ladder only)
    max_lastmod_revisits_per_run: int = 100
    robots_sitemaps: bool = True  # also read sitemaps that robots.txt lists
    obey_robots: bool | None = None  # None: the [fetch] value
    delay: float | None = None
    host_concurrency: int | None = None
    rules: SiteRules | None = None

    def fetch_config(self, base: FetchConfig) -> FetchConfig:
        """The [fetch] settings with this source's politeness overrides applied."""
        names = ("obey_robots", "delay", "host_concurrency")
        overrides = {name: value for name in names if (value := getattr(self, name)) is not None}
        return replace(base, **overrides)


@dataclass(frozen=True)
class AlertTarget:
    url: str  # an apprise URL
    events: tuple[str, ...] = ("new", "changed", "gone", "failing", "fixity")
    sources: tuple[str, ...] = ()  # empty: every source
    failing_after: int = 3  # consecutive failed runs before a 'failing' alert


@dataclass(frozen=True)
class DaemonConfig:
    misfire_grace: float = 300.0
    stop_timeout: float = 10.0
    verify_every: float | None = None  # seconds between fixity checks of the store (palimpsest verify); None: never


@dataclass(frozen=True)
class ServeConfig:
    url: str | None = None  # public base URL of `palimpsest serve`, for links in alerts; None: no links
    host: str = "127.0.0.1"  # `palimpsest serve` defaults; its --host/--port win
    port: int = 8001


@dataclass(frozen=True)
class Config:
    store: StoreConfig = field(default_factory=StoreConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    revisit: RevisitConfig = field(default_factory=RevisitConfig)
    daemon: DaemonConfig = field(default_factory=DaemonConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)
    sources: tuple[Source, ...] = ()
    alerts: tuple[AlertTarget, ...] = ()
    path: Path | None = None

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError("sources", f"no source named {name!r} (known: {known})", str(self.path or ""))


EVENTS = ("new", "changed", "reread", "gone", "back", "failing", "fixity")


# ---- loading and validation -------------------------------------------------------------------------------

def load_config(path: str | Path | None = None, *, db: str | Path | None = None) -> Config:
    """Read and validate `path` (default ./config.toml); `db` overrides [store].path."""
    path = Path(path) if path else DEFAULT_CONFIG
    try:
        raw = tomllib.loads(_read_config(path))
    except FileNotFoundError:
        raise ConfigError("", "config file not found", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("", f"cannot read config: {exc}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("", f"not valid TOML: {exc}", str(path)) from None
    try:
        config = parse_config(raw)
    except ConfigError as exc:
        raise ConfigError(exc.key, exc.problem, str(path)) from None
    config = replace(config, path=path)
    if db:
        config = replace(config, store=StoreConfig(Path(db)))
    return config


MAX_CONFIG_BYTES = 16 << 20  # far more than any config holds: /dev/zero, or a log given by mistake, is refused


def _read_config(path: Path) -> str:
    """The config's text (a Windows Notepad byte-order mark dropped), read up to MAX_CONFIG_BYTES."""
    with path.open("rb") as file:
        data = file.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError("", f"cannot read config: larger than {MAX_CONFIG_BYTES >> 20} MiB, which no config is",
                          str(path))
    return data.decode("utf-8-sig")


def parse_config(raw: dict[str, Any]) -> Config:
    _no_unknown(raw, {"store", "fetch", "extract", "revisit", "daemon", "serve", "sources", "alerts"}, "")
    sources = tuple(_source(s, f"sources[{i}]") for i, s in enumerate(_list(raw, "sources", "")))
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ConfigError("sources", f"source names must be unique, got {names}")
    return Config(
        store=_section(StoreConfig, raw.get("store", {}), "store"),
        fetch=_fetch(raw.get("fetch", {})),
        extract=_extract(raw.get("extract", {})),
        revisit=_revisit(raw.get("revisit", {})),
        daemon=_daemon(raw.get("daemon", {})),
        serve=_serve(raw.get("serve", {})),
        sources=sources,
        alerts=tuple(_alert(a, f"alerts[{i}]", names) for i, a in enumerate(_list(raw, "alerts", ""))),
    )


# Numbers that 0 would break: a time limit of 0 fails at once, and no attempt, byte or connection does nothing.
# (The type check already refuses negatives, NaN, and seconds beyond MAX_SECONDS.)
_MORE_THAN_ZERO: dict[type, tuple[str, ...]] = {
    FetchConfig: ("timeout", "deadline", "connect_timeout", "read_timeout", "retries", "max_body_bytes",
                  "host_concurrency", "concurrency"),
    ExtractConfig: ("timeout",),
    DaemonConfig: ("verify_every",),
    Source: ("host_concurrency",),
    AlertTarget: ("failing_after",),
}


def _section(cls: type, table: Any, where: str, skip: tuple[str, ...] = ()) -> Any:
    """Build dataclass `cls` from a TOML table, checking unknown keys, value types and values that must be > 0."""
    if not isinstance(table, dict):
        raise ConfigError(where, f"must be a table, got {type(table).__name__}")
    known = {f.name: f for f in fields(cls)}
    _no_unknown(table, set(known), where)
    values = {}
    for name, value in table.items():
        if name in skip:
            continue
        values[name] = _coerce(value, known[name].type, _key(where, name))
        if name in _MORE_THAN_ZERO.get(cls, ()) and values[name] == 0:
            unit = " seconds" if isinstance(values[name], float) else ""
            raise ConfigError(_key(where, name), f"must be more than 0{unit}, got {value}")
    return cls(**values)


def _coerce(value: Any, annotation: Any, key: str) -> Any:
    kind = str(annotation).replace("None", "").replace("|", "").strip()
    if kind == "bool":
        if isinstance(value, bool):
            return value
    elif kind == "int":
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    elif kind == "float":
        if (seconds := _seconds(value, key)) is not None:
            return seconds
    elif kind == "Ratio":
        if _is_number(value) and 0 <= value <= 1:
            return float(value)
    elif kind == "str":
        if isinstance(value, str) and value.strip():
            return value
    elif kind == "Path":
        if isinstance(value, str) and value.strip():
            return Path(value)
    elif kind.startswith("tuple[str"):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        kind = "list of strings"
    else:
        return value
    shown = {"float": "non-negative number of seconds (or a duration like '30s')", "Ratio": "number from 0 to 1",
             "int": "non-negative integer", "str": "non-empty string", "Path": "path string"}
    raise ConfigError(key, f"must be a {shown.get(kind, kind)}, got {value!r}")


def _seconds(value: Any, key: str) -> float | None:
    """A number of seconds, or a duration like '30s', as seconds; None if it is neither (or negative, or NaN)."""
    if isinstance(value, str):  # durations are welcome wherever seconds are asked
        try:
            return parse_duration(value)
        except DurationTooLong as exc:
            raise ConfigError(key, str(exc)) from None
        except ValueError:
            return None
    if not _is_number(value) or not value >= 0:  # (NaN is not >= 0)
        return None
    if value > MAX_SECONDS:  # (compared before float(): a 400-digit TOML integer overflows it)
        raise ConfigError(key, f"{value} seconds is longer than the longest allowed, {MAX_DAYS}d")
    return float(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fetch(table: Any) -> FetchConfig:
    fetch = _section(FetchConfig, table, "fetch")
    _check_header_value(fetch.user_agent, "fetch.user_agent")
    for i, entry in enumerate(fetch.allow_addresses):
        _check_network(entry, f"fetch.allow_addresses[{i}]")
    if fetch.ca_bundle is not None:
        _check_ca_bundle(fetch.ca_bundle, "fetch.ca_bundle")
    for i, extension in enumerate(fetch.attachments):
        if not _EXTENSION.fullmatch(extension):
            raise ConfigError(f"fetch.attachments[{i}]", f"must be a file extension without its dot (pdf, docx), "
                                                         f"got {extension!r}")
    return replace(fetch, attachments=tuple(extension.lower() for extension in fetch.attachments))


_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")


def _extract(table: Any) -> ExtractConfig:
    extract = _section(ExtractConfig, table, "extract")
    _check_timezone(extract.timezone, "extract.timezone")
    if extract.processes > MAX_PROCESSES:
        raise ConfigError("extract.processes", f"must be at most {MAX_PROCESSES}, got {extract.processes}")
    if extract.article_pages < 1:
        raise ConfigError("extract.article_pages", f"must be 1 (first page only) or more, got {extract.article_pages}")
    return extract


def _daemon(table: Any) -> DaemonConfig:
    daemon = _section(DaemonConfig, table, "daemon")
    if daemon.misfire_grace < 1:  # apscheduler wants a whole number of seconds, 1 or more
        raise ConfigError("daemon.misfire_grace", f"must be at least 1 second, got {daemon.misfire_grace:g}")
    return daemon


def _source(table: Any, where: str) -> Source:
    if not isinstance(table, dict):
        raise ConfigError(where, "must be a table ([[sources]])")
    if isinstance(name := table.get("name"), str) and _SOURCE_NAME.fullmatch(name):  # (else sources[0])
        where = f"sources.{name}"
    if "name" not in table:
        raise ConfigError(where, "missing key 'name'")
    source = _section(Source, table, where, skip=("every", "listings", "rules"))
    if not _SOURCE_NAME.fullmatch(source.name):
        raise ConfigError(_key(where, "name"), "use letters, digits, '.', '_' or '-' only")
    source = replace(source, every=_every(table, where), listings=_listings(table, where),
                     rules=_rules(table.get("rules"), where))
    _check_timezone(source.timezone, _key(where, "timezone"))
    if source.cron:
        _check_cron(source.cron, source.timezone, _key(where, "cron"))
    for kind in ("urls", "feeds", "sitemaps"):
        for i, url in enumerate(getattr(source, kind)):
            check_url(url, f"{where}.{kind}[{i}]")
    for kind in ("allow", "deny"):
        for i, pattern in enumerate(getattr(source, kind)):
            _check_regex(pattern, f"{where}.{kind}[{i}]")
    return source


_SOURCE_NAME = re.compile(r"[\w.-]+")


def _every(table: dict, where: str) -> float | None:
    every, cron = table.get("every"), table.get("cron")
    if every is not None and cron is not None:
        raise ConfigError(_key(where, "every"), "give either 'every' or 'cron', not both")
    return None if every is None else _duration(every, _key(where, "every"))


def _listings(table: dict, where: str) -> tuple[Listing, ...]:
    listings = []
    for i, entry in enumerate(_list(table, "listings", where)):
        key = f"{where}.listings[{i}]"
        if not isinstance(entry, dict) or "url" not in entry:
            raise ConfigError(key, "must be a table with at least 'url'")
        listing = _section(Listing, entry, key)
        check_url(listing.url, _key(key, "url"))
        if listing.pattern:
            _check_regex(listing.pattern, _key(key, "pattern"))
        for name in ("links", "next"):
            if selector := getattr(listing, name):
                check_selector(selector, _key(key, name))
        if listing.pages and "{n}" not in listing.pages:
            raise ConfigError(_key(key, "pages"), "must contain '{n}', e.g. 'index_{n}.html'")
        if listing.max_pages > MAX_LISTING_PAGES:
            raise ConfigError(_key(key, "max_pages"), f"must be at most {MAX_LISTING_PAGES}, got {listing.max_pages}")
        listings.append(listing)
    return tuple(listings)


def _rules(table: Any, where: str) -> SiteRules | None:
    if table is None:
        return None
    from crawler.extract.rules import SiteRules

    rules = _section(SiteRules, table, _key(where, "rules"))
    for name in ("body", "title", "date"):
        if selector := getattr(rules, name):
            check_selector(selector, f"{where}.rules.{name}")
    for i, selector in enumerate(rules.drop):
        check_selector(selector, f"{where}.rules.drop[{i}]")
    return rules


def _revisit(table: Any) -> RevisitConfig:
    if not isinstance(table, dict):
        raise ConfigError("revisit", "must be a table")
    _no_unknown(table, {"ladder"}, "revisit")
    ladder = table.get("ladder", None)
    if ladder is None:
        return RevisitConfig()
    if not isinstance(ladder, list) or not ladder:
        raise ConfigError("revisit.ladder", "must be a non-empty list of durations like ['1h', '1d']")
    return RevisitConfig(tuple(_duration(step, f"revisit.ladder[{i}]") for i, step in enumerate(ladder)))


def _duration(text: Any, key: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise ConfigError(key, str(exc)) from None


def _serve(table: Any) -> ServeConfig:
    serve = _section(ServeConfig, table, "serve")
    if serve.url is not None:
        check_url(serve.url, "serve.url")
        parts = urlsplit(serve.url)
        if parts.query or parts.fragment:
            raise ConfigError("serve.url", f"{serve.url!r}: give the base URL only, without '?' or '#'")
    if not 0 < serve.port < 65536:
        raise ConfigError("serve.port", f"must be a TCP port from 1 to 65535, got {serve.port}")
    return serve


def _alert(table: Any, where: str, sources: list[str]) -> AlertTarget:
    if isinstance(table, dict) and "url" not in table:
        raise ConfigError(where, "missing key 'url'")
    alert = _section(AlertTarget, table, where)
    for event in alert.events:
        if event not in EVENTS:
            raise ConfigError(_key(where, "events"), f"unknown event {event!r} (known: {', '.join(EVENTS)})")
    for i, name in enumerate(alert.sources):  # (a misspelt name would leave the target silent for good)
        if name not in sources:
            known = ", ".join(sources) or "none"
            raise ConfigError(f"{where}.sources[{i}]", f"no source named {name!r} (known: {known})")
    _check_alert_url(alert.url, _key(where, "url"))
    return alert


def _list(table: dict, name: str, where: str) -> list:
    value = table.get(name, [])
    if not isinstance(value, list):
        raise ConfigError(_key(where, name), f"must be a list, got {type(value).__name__}")
    return value


def _no_unknown(table: dict, known: set[str], where: str) -> None:
    for name in table:
        if name not in known:
            raise ConfigError(_key(where, name), f"unknown key (known: {', '.join(sorted(known))})")


def _key(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def check_url(url: str, key: str) -> str:
    if control := _CONTROL.search(url):  # (urlsplit drops a tab or newline without a word, and keeps a NUL)
        raise ConfigError(key, f"{url!r} is not a valid URL: it holds the control character {control.group()!r}")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port out of range)
    except ValueError as exc:
        raise ConfigError(key, f"{url!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(key, f"{url!r} is not an http(s) URL")
    if not parts.netloc.rpartition("@")[2].startswith("[") and (problem := _host_problem(parts.hostname)):
        raise ConfigError(key, f"{url!r} is not a valid URL: {problem}")  # ([an IP literal] urlsplit has checked)
    return url


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What no host name holds (WHATWG's forbidden domain code points): a space, a control, or a character of URL syntax.
_NOT_IN_HOST = re.compile(r"[\x00-\x20\x7f#%/:<>?@\[\\\]^|]")


def _host_problem(host: str) -> str | None:
    """Why no server can have the name `host`, or None: such a URL fails every fetch, so it is refused with the
    config rather than left to fail each run."""
    if odd := _NOT_IN_HOST.search(host):
        return f"the host {host!r} holds {odd.group()!r}"
    name = host.removesuffix(".")  # (a fully qualified name may end in a dot)
    if not name.isascii():
        import idna  # (httpx's own IDNA encoder: a name it cannot encode, it cannot fetch)

        try:
            name = idna.encode(name).decode("ascii")
        except (idna.IDNAError, UnicodeError) as exc:
            return f"the host {host!r} is not a valid international domain name ({exc})"
    labels = name.split(".")
    if "" in labels:
        return f"the host {host!r} has an empty label (two dots in a row, or a dot first)"
    if long := next((label for label in labels if len(label) > 63), None):
        return f"the host {host!r} has a label of {len(long)} characters (at most 63)"
    if len(name) > 253:
        return f"the host is {len(name)} characters long (at most 253)"
    return None


def _check_header_value(value: str, key: str) -> None:
    """httpx encodes header values as ASCII and h11 refuses control characters and edge spaces: say so now, not
    at the first request of a crawl."""
    if odd := next((char for char in value if not " " <= char <= "~"), None):
        raise ConfigError(key, f"must be printable ASCII, as httpx sends it in an HTTP header: {value!r} has {odd!r}")
    if value != value.strip(" "):
        raise ConfigError(key, f"must not start or end with a space, as httpx refuses such a header: {value!r}")


def _check_alert_url(url: str, key: str) -> None:
    """Ask apprise now, as the notifier will, rather than skip the target at the first alert. The URL is not shown:
    apprise URLs carry tokens and passwords."""
    import apprise  # slow to import: only a config with alerts pays for it

    with _quiet(logging.getLogger("apprise")):  # it logs the URL it cannot use, token and all
        understood = apprise.Apprise().add(url)
    if not understood:
        scheme, sep, _ = url.partition("://")
        raise ConfigError(key, f"not a {scheme}:// URL apprise understands" if sep and scheme.isalnum()
                          else "not a URL apprise understands, such as 'mailto://…' or 'json://…'")


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """Drop `logger`'s records from this thread meanwhile; other threads (the daemon's alerts) still log."""
    this_thread = threading.get_ident()

    def elsewhere(record: logging.LogRecord) -> bool:
        return record.thread != this_thread

    logger.addFilter(elsewhere)
    try:
        yield
    finally:
        logger.removeFilter(elsewhere)


def check_selector(selector: str, key: str) -> None:
    from selectolax.lexbor import LexborHTMLParser

    try:
        LexborHTMLParser("").css(selector)
    except Exception:  # lexbor raises plain exceptions for selectors it cannot parse  # noqa: BLE001
        raise ConfigError(key, f"not a valid CSS selector: {selector!r}") from None


def _check_regex(pattern: str, key: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(key, f"not a valid regular expression: {exc}") from None


def _check_timezone(name: str, key: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # (OSError: a folder of tzdata, "Asia", is no zone)
        raise ConfigError(key, f"unknown timezone {name!r}") from None


def _check_cron(expression: str, timezone: str, key: str) -> None:
    from apscheduler.triggers.cron import CronTrigger

    try:
        triggers = [CronTrigger.from_crontab(part, timezone=timezone) for part in crontabs_for_apscheduler(expression)]
    except ValueError as exc:
        raise ConfigError(key, f"not a valid cron expression {expression!r}: {exc}") from None
    now = datetime.now(UTC)
    if all(trigger.get_next_fire_time(None, now) is None for trigger in triggers):  # (31 2, 31 4,6,9,11: no day)
        raise ConfigError(key, f"{expression!r} never fires: no date has the day and month it names")


def _check_network(entry: str, key: str) -> None:
    try:
        ipaddress.ip_network(entry, strict=False)
    except ValueError:
        raise ConfigError(key, f"{entry!r} is not an IP address or network") from None


def _check_ca_bundle(path: Path, key: str) -> None:
    """Load it now, as the fetcher will: a missing or broken bundle stops the command before any fetch."""
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=path)
    except ssl.SSLError:  # before OSError, its base class
        raise ConfigError(key, f"{str(path)!r} is not a PEM file of CA certificates") from None
    except OSError as exc:
        raise ConfigError(key, f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
