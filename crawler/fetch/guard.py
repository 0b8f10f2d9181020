"""The address guard: never connect to loopback, private, link-local or multicast addresses unless allowed.

The check sits in the network backend, at the moment a connection is opened: the host name is resolved
once, the addresses are checked, and the connection goes to a checked address. So every redirect hop is
checked, and DNS rebinding (a name answering a public address to the check and 127.0.0.1 to the connect)
has no second lookup to exploit.
"""

from __future__ import annotations

import asyncio
import ipaddress
import select
import socket
import ssl
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from crawler.fetch.result import FetchFailed

SCHEMES = ("http", "https")


class AddressBlocked(Exception):
    """Raised by the backend when every address of a host is one we must not connect to."""

    def __init__(self, host: str, address: str) -> None:
        kind = address_kind(address)
        where = host if host == address else f"{host} resolves to {address}, which"
        super().__init__(f"{where} is {kind} (allow it with fetch.allow_addresses)")
        self.host, self.address = host, address


class ResolveFailed(Exception):
    def __init__(self, host: str, problem: str) -> None:
        super().__init__(f"cannot resolve {host}: {problem}")


def address_kind(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "not public"
    for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return f"a {kind.replace('_', '-')} address"
    return "not a public address"


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Only absolute http(s) URLs with a host are fetched."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError as exc:
        raise FetchFailed("bad_url", f"not a valid URL: {exc}") from None
    if parts.scheme not in SCHEMES:
        raise FetchFailed("bad_url", f"only http and https are fetched, not {parts.scheme or 'a relative URL'!r}")
    if not parts.hostname:
        raise FetchFailed("bad_url", "no host in URL")


async def resolve(host: str, port: int) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ResolveFailed(host, str(exc)) from None
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that resolves, checks, then connects to a checked address."""

    def __init__(self, allows: Callable[[str], bool]) -> None:
        self.allows = allows
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[object] | None = None) -> httpcore.AsyncNetworkStream:
        addresses = await resolve(host, port)
        usable = [a for a in addresses if is_public(a) or self.allows(a)]
        if not usable:
            raise AddressBlocked(host, addresses[0] if addresses else "nothing")
        error: Exception | None = None
        for address in usable:
            try:
                stream = await self.inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                                      socket_options=socket_options)  # type: ignore[arg-type]
                return KnownSocketStream(stream)
            except httpcore.ConnectError as exc:
                error = exc
        raise error  # type: ignore[misc]

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[object] | None = None) -> httpcore.AsyncNetworkStream:
        raise AddressBlocked(path, path)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class KnownSocketStream(httpcore.AsyncNetworkStream):
    """A connection's stream with its socket looked up once.

    Before each request httpcore asks every idle connection whether its socket is readable (closed by the
    server), and anyio answers each time by building a table of all its attributes: with a few idle connections
    that was a measurable share of a page's fetch."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self.inner = inner
        self.socket: socket.socket | None = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self.inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self.inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self.inner.aclose()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        return KnownSocketStream(await self.inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "socket":
            return self.socket
        if info == "is_readable":  # data or EOF waiting: a closed socket counts as readable, as in httpcore
            if self.socket is None or self.socket.fileno() < 0:
                return True
            poll = select.poll()
            poll.register(self.socket, select.POLLIN)
            return bool(poll.poll(0))
        return self.inner.get_extra_info(info)


def guarded_transport(allows: Callable[[str], bool], limits: httpx.Limits, http2: bool = True,
                      ca_bundle: str | Path | None = None) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections all go through `GuardedBackend`.

    httpx has no public hook for the network backend, so the transport's pool is rebuilt with one.
    Environment proxies are ignored (trust_env off): a proxy would connect on our behalf, unchecked.
    `ca_bundle` (PEM) is trusted on top of the usual CAs: a site with a private CA, without losing the others.
    """
    ssl_context = httpx.create_ssl_context(trust_env=False)
    if ca_bundle is not None:
        ssl_context.load_verify_locations(cafile=ca_bundle)
    # (given the context, the transport does not load the CAs again for a pool of its own, which is replaced)
    transport = httpx.AsyncHTTPTransport(verify=ssl_context, http2=http2, limits=limits, trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True, http2=http2,
        network_backend=GuardedBackend(allows),
    )
    return transport
