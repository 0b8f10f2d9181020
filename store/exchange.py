"""Requests and response heads as the store keeps them: header lists and redirect hops, as JSON in `captures`.

A leaf module (no sqlite-utils): the fetcher builds its hops with `Exchange`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Exchange:
    """One request as sent and the head of its response as received: a redirect hop (its body is not kept).
    Kept so the archive can say how it reached a page, and a WARC export can write the hop's records."""

    url: str
    fetched_at: str
    status: int
    headers: Headers = ()  # the response's, as received
    request_headers: Headers = ()  # as sent (GET)
    server_ip: str | None = None


def header_pairs(stored: str | list | None) -> Headers:
    """Headers as the store keeps them (JSON [name, value] pairs), in order."""
    pairs = json.loads(stored) if isinstance(stored, str) else stored or ()
    return tuple((name, value) for name, value in pairs)


def pairs_json(pairs: Headers) -> str | None:
    return json.dumps(pairs, ensure_ascii=False) if pairs else None


def hops_json(hops: tuple[Exchange, ...]) -> str | None:
    """Redirect hops for `captures.redirects`: a JSON list of objects, in order."""
    if not hops:
        return None
    return json.dumps([{"url": hop.url, "fetched_at": hop.fetched_at, "status": hop.status, "headers": hop.headers,
                        "request_headers": hop.request_headers, "server_ip": hop.server_ip} for hop in hops],
                      ensure_ascii=False)


def redirect_hops(stored: str | None) -> tuple[Exchange, ...]:
    """`captures.redirects` read back."""
    return tuple(Exchange(hop["url"], hop["fetched_at"], hop["status"], header_pairs(hop["headers"]),
                          header_pairs(hop["request_headers"]), hop["server_ip"])
                 for hop in (json.loads(stored) if stored else ()))
