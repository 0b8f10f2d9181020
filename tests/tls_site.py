"""A real HTTPS server on 127.0.0.1 for tests: HTTP/2 (the `h2` library) to clients that offer it by ALPN,
HTTP/1.1 to the others. Routes are `tests.site.Response`s; every request is logged with the protocol it came by.

The certificate (tests/fixtures/tls/server.pem) is for 127.0.0.1 and localhost, signed by the test CA
tests/fixtures/tls/ca.pem: a client trusts it only when given that CA.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import h2.config
import h2.connection
import h2.events

from tests.site import Response

TLS_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "tls"
CA_BUNDLE = TLS_FIXTURES / "ca.pem"
NOT_FOUND = Response(b"<html><body><h1>404 Not Found</h1></body></html>", 404)


@dataclass(frozen=True)
class TLSRequest:
    protocol: str  # "h2" or "http/1.1"
    path: str
    headers: dict[str, str]


class TLSSite:
    """`with TLSSite() as site:` serves in a thread of its own; `site.page(path, html)` adds a route."""

    def __init__(self) -> None:
        self.routes: dict[str, Response] = {}
        self.requests: list[TLSRequest] = []
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(TLS_FIXTURES / "server.pem", TLS_FIXTURES / "server-key.pem")
        self.context.set_alpn_protocols(["h2", "http/1.1"])
        self.loop = asyncio.new_event_loop()
        self.loop.set_exception_handler(lambda loop, context: None)  # refused handshakes are expected, keep quiet
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._connection, "127.0.0.1", 0, ssl=self.context))
        self.port = self.server.sockets[0].getsockname()[1]
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> TLSSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        async def shut_down() -> None:
            self.server.close()
            for task in asyncio.all_tasks() - {asyncio.current_task()}:
                task.cancel()

        asyncio.run_coroutine_threadsafe(shut_down(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    def page(self, path: str, body: str | bytes, status: int = 200, **headers: str) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Response(data, status, {"Content-Type": "text/html; charset=utf-8", **headers})
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 301) -> str:
        self.routes[path] = Response(b"", status, {"Location": to})
        return self.url(path)

    def protocols(self, path: str) -> list[str]:
        return [r.protocol for r in self.requests if r.path == path]

    def _answer(self, protocol: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.requests.append(TLSRequest(protocol, path, headers))
        route = self.routes.get(path, NOT_FOUND)
        etag = route.headers.get("ETag")
        if etag and headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return route.status, {**route.headers, "Content-Length": str(len(route.body))}, route.body

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        protocol = writer.get_extra_info("ssl_object").selected_alpn_protocol() or "http/1.1"
        try:
            await (self._http2 if protocol == "h2" else self._http1)(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            writer.close()

    async def _http1(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while head := await reader.readuntil(b"\r\n\r\n"):
            request_line, *lines = head.decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines if line)}
            status, response_headers, body = self._answer("http/1.1", request_line.split()[1], headers)
            fields = "".join(f"{name}: {value}\r\n" for name, value in response_headers.items())
            writer.write(f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n{fields}\r\n".encode("latin-1") + body)
            await writer.drain()

    async def _http2(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
        conn.initiate_connection()
        writer.write(conn.data_to_send())
        while data := await reader.read(65536):
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.RequestReceived):
                    headers = {str(k): str(v) for k, v in event.headers}
                    status, response_headers, body = self._answer("h2", headers[":path"], headers)
                    fields = [(":status", str(status))] + [(k.lower(), v) for k, v in response_headers.items()]
                    conn.send_headers(event.stream_id, fields, end_stream=not body)
                    for start in range(0, len(body), conn.max_outbound_frame_size):  # fits the initial window
                        chunk = body[start:start + conn.max_outbound_frame_size]
                        conn.send_data(event.stream_id, chunk, end_stream=start + len(chunk) == len(body))
                elif isinstance(event, h2.events.ConnectionTerminated):
                    writer.write(conn.data_to_send())
                    return
            writer.write(conn.data_to_send())
            await writer.drain()
