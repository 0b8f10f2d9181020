"""A real HTTP server on 127.0.0.1 for tests: routes are set per test, every request is logged.

A route is either a fixed response or a function `(handler) -> None` that writes whatever it likes to the
socket (for misbehaving-server cases).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]


RouteFunction = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.site.requests.append(Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = self.site.routes.get(self.path.split("?")[0]) or self.site.routes.get(self.path)
        if route is None:
            route = Response(b"<html><body><h1>404 Not Found</h1></body></html>", 404)
        if callable(route):
            route(self)
            return
        self.send(route)

    def send(self, route: Response) -> None:
        """Answer with `route` (a route function that computes its answer ends so too)."""
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if "Content-Length" not in route.headers:
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        self.wfile.write(route.body)

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Response | RouteFunction] = {}
        self.requests: list[Request] = []
        handler = type("BoundHandler", (Handler,), {"site": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, body: bytes | str, status: int = 200, content_type: str = "text/html; charset=utf-8",
             **headers: str) -> str:
        """Serve `body` at `path`; returns the full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update({k.replace("_", "-"): v for k, v in headers.items()})
        self.routes[path] = Response(data, status, all_headers)
        return self.url(path)

    def handler(self, path: str, function: RouteFunction) -> str:
        self.routes[path] = function
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path.split("?")[0] == path]
