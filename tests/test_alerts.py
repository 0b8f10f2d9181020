"""Alerts through apprise to a real webhook receiver on 127.0.0.1 (apprise's json:// target)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from signal import SIGHUP, SIGKILL
from urllib.parse import quote

import httpx
import pytest

from crawler.alerts import Notifier
from crawler.config import EVENTS, AlertTarget, load_config
from store import Archive, CaptureRecord, SnapshotRecord
from store.versions import Event, events_after, last_event_id
from tests.archive_builder import free_port
from tests.conftest import ROOT, run_cli
from tests.fetching import TITLE, article
from tests.site import Site
from tests.test_daemon import Daemon, wait_for, write_config
from tests.test_daemon import article as daemon_article


class Receiver:
    """A webhook endpoint that records the JSON bodies apprise posts to it."""

    def __init__(self, port: int = 0) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str = "hook") -> str:
        return f"json://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Stalling:
    """A webhook endpoint that takes each request and never finishes answering: silent, or (`trickle`) a byte of
    its headers every half second, which no per-read time limit ever ends."""

    def __init__(self, port: int = 0, trickle: bool = False) -> None:
        self.requests = 0
        self.trickle, self.closed = trickle, threading.Event()
        self.listener = socket.create_server(("127.0.0.1", port))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.requests += 1
            threading.Thread(target=self._stall, args=(connection,), daemon=True).start()

    def _stall(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            if self.trickle:
                connection.sendall(b"HTTP/1.1 200 OK\r\n")
            while not self.closed.wait(0.5):
                if self.trickle:
                    connection.sendall(b"X")

    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def close(self) -> None:
        self.closed.set()
        self.listener.shutdown(socket.SHUT_RDWR)  # (wakes the accept, so the port is free at once)
        self.listener.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


def event(kind: str, source: str = "sasac", n: int = 1, changed: int | None = None) -> Event:
    return Event(n, "2026-11-25T08:00:00Z", f"http://x.cn/{n}.html", source, kind, 2 if kind == "changed" else 1,
                 changed, f"标题{n}")


def no_wait(_seconds: float) -> None:
    pass


def test_events_reach_a_webhook_as_one_message(receiver: Receiver) -> None:
    notifier = Notifier([AlertTarget(url=receiver.url())], serve_url="http://127.0.0.1:8001/")
    assert notifier.notify([event("new", n=1), event("changed", n=2, changed=23)]) == 1
    [(path, body)] = receiver.received
    assert path == "/hook"
    assert body["title"] == "palimpsest: 1 new, 1 changed in sasac"
    assert "changed: 标题2 (23 characters changed)" in body["message"]
    assert "http://127.0.0.1:8001/-/diff?url=http%3A%2F%2Fx.cn%2F2.html&to=2" in body["message"]


def test_a_files_new_bytes_are_said_as_such_and_link_to_its_history(receiver: Receiver) -> None:
    notifier = Notifier([AlertTarget(url=receiver.url())], serve_url="http://127.0.0.1:8001/")
    changed_file = Event(3, "2026-11-25T08:00:00Z", "http://x.cn/f/名单.xlsx", "sasac", "changed", None, None,
                         "名单.xlsx")  # (a file's event: no version, no characters)
    assert notifier.notify([changed_file]) == 1
    [(_path, body)] = receiver.received
    assert "changed: 名单.xlsx (a file: new bytes)" in body["message"] and "None" not in body["message"]
    assert "/-/history?url=" in body["message"]


def store_pages(archive: Archive, *numbers: int) -> None:
    """Pages of source sasac stored as a run stores them: each a `new` event."""
    for n in numbers:
        archive.record(CaptureRecord(url=f"http://x.cn/{n}.html", source="sasac", fetched_at="2026-11-25T08:00:00Z",
                                     outcome="ok", status=200), SnapshotRecord(f"标题{n}", f"第{n}篇正文。"))


def test_events_stored_without_their_alerts_are_sent_once_by_the_next_process(receiver: Receiver,
                                                                             tmp_path: Path) -> None:
    """A run stopped after storing pages and before alerting (SIGTERM, SIGKILL): the next process, a restarted
    daemon or a `crawl`, sends them; a third finds nothing left to send."""
    targets = [AlertTarget(url=receiver.url())]
    with Archive(tmp_path / "archive.db") as archive:
        assert asyncio.run(Notifier(targets).anotify_stored(archive.db, last_event_id(archive.db))) == 0
        store_pages(archive, 1, 2)  # (and the process stops)
        assert asyncio.run(Notifier(targets).anotify_stored(archive.db, last_event_id(archive.db))) == 1
        assert asyncio.run(Notifier(targets).anotify_stored(archive.db, last_event_id(archive.db))) == 0
    [(_, body)] = receiver.received
    assert body["title"] == "palimpsest: 2 new in sasac" and "标题1" in body["message"] and "标题2" in body["message"]


def test_events_a_target_missed_while_down_are_sent_after_a_restart(tmp_path: Path) -> None:
    port = free_port()
    targets = [AlertTarget(url=f"json://127.0.0.1:{port}/hook")]
    with Archive(tmp_path / "archive.db") as archive:
        start = last_event_id(archive.db)
        store_pages(archive, 1)
        down = Notifier(targets, attempts=1, sleep=no_wait)
        assert asyncio.run(down.anotify_stored(archive.db, start)) == 0  # (nobody listens on the port)
        up = Receiver(port)
        try:
            restarted = Notifier(targets, attempts=1, sleep=no_wait)  # (a new process: nothing held in memory)
            assert asyncio.run(restarted.anotify_stored(archive.db, last_event_id(archive.db))) == 1
        finally:
            up.close()
    [(_, body)] = up.received
    assert body["title"] == "palimpsest: 1 new in sasac"


class Refusing(Receiver):
    """A receiver that, while `down`, answers each message with a 500 after `delay` seconds (a target struggling)."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.down, outer = True, self
        handle_up = self.server.RequestHandlerClass.do_POST

        def do_post(handler: BaseHTTPRequestHandler) -> None:
            if not outer.down:
                return handle_up(handler)
            handler.rfile.read(int(handler.headers["Content-Length"]))
            time.sleep(delay)
            handler.send_response(500)
            handler.end_headers()
            return None

        self.server.RequestHandlerClass.do_POST = do_post  # type: ignore[method-assign]


def test_events_claimed_while_an_earlier_send_fails_are_all_sent_once_the_target_is_back(tmp_path: Path) -> None:
    """Two runs alert while the target is down: the second run's claim must not strand the first's events, which
    its failed send gives back (they were lost for good: neither sent when the target came back, nor said lost)."""
    target = Refusing(delay=0.5)
    notifier = Notifier([AlertTarget(url=target.url())], attempts=1, sleep=no_wait)

    async def two_runs(archive: Archive) -> None:
        store_pages(archive, 1)
        first = asyncio.ensure_future(notifier.anotify_stored(archive.db, 0))
        await asyncio.sleep(0.2)  # (its send in flight)
        store_pages(archive, 2)
        assert await asyncio.gather(first, notifier.anotify_stored(archive.db, 0)) == [0, 0]

    try:
        with Archive(tmp_path / "archive.db") as archive:
            asyncio.run(two_runs(archive))
            target.down = False
            assert asyncio.run(notifier.anotify_stored(archive.db, 0)) == 1
    finally:
        target.close()
    [(_, body)] = target.received
    assert "标题1" in body["message"] and "标题2" in body["message"], body


def test_gone_and_back_link_to_the_history_and_a_failing_source_to_its_runs(receiver: Receiver) -> None:
    notifier = Notifier([AlertTarget(url=receiver.url(), events=EVENTS, failing_after=1)],
                        serve_url="https://archive.example.org/p", database="archive.v2")
    notifier.notify([event("gone", n=1), event("back", n=2)])
    notifier.check_failing("sasac", 1)
    [(_, events_message), (_, failing)] = receiver.received
    assert events_message["message"].splitlines() == [
        "gone: 标题1", "  http://x.cn/1.html", "  https://archive.example.org/p/-/history?url=http%3A%2F%2Fx.cn%2F1.html",
        "back: 标题2", "  http://x.cn/2.html", "  https://archive.example.org/p/-/history?url=http%3A%2F%2Fx.cn%2F2.html"]
    # datasette spells the database 'archive.v2' as archive~2Ev2 in its URLs
    assert failing["message"].endswith("\n  https://archive.example.org/p/archive~2Ev2/runs?source=sasac")


def test_damage_found_in_the_store_reaches_every_target_that_wants_fixity(receiver: Receiver) -> None:
    notifier = Notifier([AlertTarget(url=receiver.url("all")),  # (the default events include fixity)
                         AlertTarget(url=receiver.url("one-source"), sources=("sasac",)),
                         AlertTarget(url=receiver.url("articles"), events=("new", "changed"))])
    problems = [f"body {n:064x}: its bytes hash to {n + 1:064x} (damaged)" for n in range(32)]
    assert notifier.fixity("data/archive.db", problems) == 2
    assert [path for path, _ in receiver.received] == ["/all", "/one-source"]
    body = receiver.received[0][1]
    assert body["title"] == "palimpsest: 32 fixity problem(s) in data/archive.db"
    assert body["message"].splitlines()[0] == problems[0] and body["message"].endswith("… and 2 more")


def test_without_a_serve_url_messages_carry_no_links(receiver: Receiver) -> None:
    notifier = Notifier([AlertTarget(url=receiver.url(), failing_after=1)])
    notifier.notify([event("new", n=1), event("gone", n=2)])
    notifier.check_failing("sasac", 1)
    assert len(receiver.received) == 2
    new_and_gone, failing = (body["message"] for _, body in receiver.received)
    assert new_and_gone.splitlines() == ["new: 标题1", "  http://x.cn/1.html", "gone: 标题2", "  http://x.cn/2.html"]
    assert failing == "The source sasac failed its last run."


def test_targets_get_only_the_events_and_sources_they_asked_for(receiver: Receiver) -> None:
    notifier = Notifier([AlertTarget(url=receiver.url("gone"), events=("gone",)),
                         AlertTarget(url=receiver.url("sasac"), sources=("sasac",))])
    notifier.notify([event("new", "other", 1), event("gone", "other", 2), event("changed", "sasac", 3, 5)])
    by_path = {path: body["message"] for path, body in receiver.received}
    assert set(by_path) == {"/gone", "/sasac"}
    assert "标题2" in by_path["/gone"] and "标题1" not in by_path["/gone"]
    assert "标题3" in by_path["/sasac"] and "标题1" not in by_path["/sasac"]
    assert notifier.notify([event("back", "other", 4)]) == 0  # nobody asked for 'back'


def test_a_failing_target_is_logged_retried_and_never_raises(receiver: Receiver,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()  # nothing listens here yet
    waits: list[float] = []
    notifier = Notifier([AlertTarget(url=f"json://127.0.0.1:{port}/down"), AlertTarget(url=receiver.url())],
                        attempts=3, backoff=1.5, sleep=waits.append)
    with caplog.at_level(logging.WARNING, logger="palimpsest.alerts"):
        assert notifier.notify([event("new", n=1)]) == 1  # the working target still got it
    assert waits == [1.5, 3.0]
    assert sum("attempt" in r.getMessage() for r in caplog.records) == 3
    assert any("kept for the next batch" in r.getMessage() for r in caplog.records)
    assert "json://127.0.0.1" not in caplog.text  # targets are named, their URLs (and secrets) not logged
    late = Receiver(port)  # the target comes back: the kept message goes out before the new one
    try:
        assert notifier.notify([event("changed", n=2, changed=3)]) == 3
        assert [body["title"] for _, body in late.received] == ["palimpsest: 1 new in sasac",
                                                                "palimpsest: 1 changed in sasac"]
    finally:
        late.close()


def test_a_try_at_sending_is_given_up_after_the_time_limit(caplog: pytest.LogCaptureFixture) -> None:
    stalling = Stalling(trickle=True)  # (apprise's connect and read limits never end this one)
    try:
        notifier = Notifier([AlertTarget(url=stalling.url())], attempts=2, timeout=1, sleep=no_wait)
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="palimpsest.alerts"):
            assert notifier.notify([event("new", n=1)]) == 0
        assert time.monotonic() - started < 4 and stalling.requests == 2
    finally:
        stalling.close()
    assert "alert target alerts[0] (json): no answer within 1 s (attempt 2 of 2)" in caplog.text
    assert "kept for the next batch" in caplog.text


def test_a_url_apprise_does_not_know_is_reported_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="palimpsest.alerts"):
        notifier = Notifier([AlertTarget(url="nosuchservice://token")])
        assert notifier.notify([event("new")]) == 0
    assert "alerts[0] (nosuchservice): not a URL apprise understands" in caplog.text


def test_failing_source_alerts_once_per_streak(receiver: Receiver) -> None:
    notifier = Notifier([AlertTarget(url=receiver.url(), failing_after=3)])
    assert [notifier.check_failing("sasac", n) for n in (1, 2, 3, 4)] == [0, 0, 1, 0]
    assert notifier.check_failing("sasac", 0) == 0
    assert notifier.check_failing("sasac", 3) == 1  # a new streak
    assert receiver.received[0][1]["message"] == "The source sasac failed its last 3 runs in a row."
    quiet = Notifier([AlertTarget(url=receiver.url(), events=("new",), failing_after=1)])
    assert quiet.check_failing("sasac", 5) == 0
    restarted = Notifier([AlertTarget(url=receiver.url(), failing_after=3)])  # (a daemon restarted mid-outage)
    assert [restarted.check_failing("sasac", n) for n in (4, 5, 0, 1, 2, 3)] == [0, 0, 0, 0, 0, 1]
    assert [body["title"] for _, body in receiver.received] == ["palimpsest: sasac is failing"] * 3


def test_alerts_from_config_and_the_store_event_log(receiver: Receiver, tmp_path: Path) -> None:
    """The whole path the crawl runner takes: [[alerts]] in config.toml, store events after a mark, notify."""
    config_path = tmp_path / "config.toml"
    config_path.write_text(f'[store]\npath = "{tmp_path / "a.db"}"\n[[alerts]]\nurl = "{receiver.url()}"\n'
                           'events = ["changed", "gone"]\n', encoding="utf-8")
    config = load_config(config_path)
    with Archive(config.store.path) as archive:
        url = "http://x.cn/a.html"
        archive.record(CaptureRecord(url=url, fetched_at="2026-11-25T08:00:00Z", outcome="ok", source="demo"),
                       SnapshotRecord(title="国资委通知", text="第一版。"))
        mark = last_event_id(archive.db)
        archive.record(CaptureRecord(url=url, fetched_at="2026-11-25T09:00:00Z", outcome="ok", source="demo"),
                       SnapshotRecord(title="国资委通知", text="第二版，改了。"))
        archive.record(CaptureRecord(url=url, fetched_at="2026-11-25T10:00:00Z", outcome="gone", status=404,
                                     source="demo"))
        events = events_after(archive.db, mark)
    assert [e.kind for e in events] == ["changed", "gone"]
    assert Notifier(config.alerts).notify(events) == 1
    [(_, body)] = receiver.received
    assert body["title"] == "palimpsest: 1 changed, 1 gone in demo"


def test_async_calls_for_the_crawl_runner(receiver: Receiver, tmp_path: Path) -> None:
    notifier = Notifier([AlertTarget(url=receiver.url(), failing_after=2)])

    async def run(archive: Archive, mark: int) -> tuple[int, int]:
        return await notifier.anotify_stored(archive.db, mark), await notifier.acheck_failing("sasac", 2)

    with Archive(tmp_path / "archive.db") as archive:
        mark = last_event_id(archive.db)
        store_pages(archive, 1)
        assert asyncio.run(run(archive, mark)) == (1, 1)
    assert len(receiver.received) == 2


# ---- end to end: [serve] url in config.toml, `palimpsest crawl`, and the links followed in `palimpsest serve` --

@contextmanager
def serving_from_config(config: Path, base: str) -> Iterator[None]:
    """`palimpsest serve --config CONFIG` with no --host/--port: [serve] host and port decide where it listens."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    log = (config.parent / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--config", str(config)], cwd=config.parent,
                            env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (config.parent / "serve.log").read_text()
            try:
                httpx.get(base + "/-/versions.json", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "palimpsest serve did not answer"
                time.sleep(0.1)
        yield
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def links(message: str, base: str) -> list[str]:
    return [line.strip() for line in message.splitlines() if line.strip().startswith(base)]


def test_crawl_alerts_link_to_the_diff_and_history_that_palimpsest_serve_shows(receiver: Receiver, site: Site,
                                                                               tmp_path: Path) -> None:
    url = site.page("/news/p.html", article())
    port = free_port()
    serve_url = f"http://127.0.0.1:{port}"
    config = tmp_path / "config.toml"
    config.write_text(f"""
[store]
path = "{tmp_path / 'archive.db'}"
[fetch]
allow_addresses = ["127.0.0.1"]
delay = 0
retries = 1
obey_robots = false
[serve]
url = "{serve_url}/"
port = {port}
[[sources]]
name = "s"
urls = ["{url}"]
[[alerts]]
url = "{receiver.url()}"
""", encoding="utf-8")
    first = run_cli("crawl", "s", "--config", str(config))
    assert first.returncode == 0, first.stderr
    site.page("/news/p.html", b"<h1>Not Found</h1>", status=404)
    second = run_cli("crawl", "s", "--config", str(config))
    assert second.returncode == 0, second.stderr
    [(_, new), (_, gone)] = receiver.received
    assert new["title"] == "palimpsest: 1 new in s"
    assert gone["title"] == "palimpsest: 1 gone in s"
    [diff_link] = links(new["message"], serve_url)
    [history_link] = links(gone["message"], serve_url)
    assert diff_link == f"{serve_url}/-/diff?url={quote(url, safe='')}&to=1"
    assert history_link == f"{serve_url}/-/history?url={quote(url, safe='')}"
    with serving_from_config(config, serve_url):  # the links lead to real pages about this article
        for link in (diff_link, history_link):
            response = httpx.get(link, timeout=10)
            assert response.status_code == 200, link
            assert TITLE in response.text


def test_the_daemon_picks_up_a_serve_url_on_sighup(receiver: Receiver, site: Site, tmp_path: Path) -> None:
    url = site.page("/fixed.html", daemon_article("国资委部署疫情防控工作"))
    config = write_config(tmp_path, site, every="1s", extra=f'[[alerts]]\nurl = "{receiver.url()}"\n')
    daemon = Daemon(config)
    try:
        wait_for(lambda: len(receiver.received) == 1, what="the 'new' alert")
        assert "/-/diff" not in receiver.received[0][1]["message"]  # no [serve] url yet: no link
        config.write_text(config.read_text(encoding="utf-8") + '[serve]\nurl = "https://archive.example.org"\n',
                          encoding="utf-8")
        daemon.process.send_signal(SIGHUP)
        wait_for(lambda: "config reloaded" in daemon.output(), what="the reload")
        site.page("/fixed.html", daemon_article("国资委部署疫情防控工作", "经研究决定，"))
        wait_for(lambda: len(receiver.received) == 2, what="the 'changed' alert")
        link = f"https://archive.example.org/-/diff?url={quote(url, safe='')}&to=2"
        assert link in receiver.received[1][1]["message"]
        daemon.stop()
        assert daemon.process.returncode == 0, daemon.output()
    finally:
        if daemon.process.poll() is None:
            daemon.process.kill()
            daemon.process.wait()


@contextmanager
def sending_to_a_stalling_target(site: Site, tmp_path: Path, daemon: str = "") -> Iterator[tuple[Daemon, Path, int]]:
    """A daemon whose one target takes the 'new' alert's request and never answers: the daemon, its config and the
    target's port, once the alert is being sent. The target is gone, and the daemon too, when the block ends."""
    site.page("/fixed.html", daemon_article("国资委部署疫情防控工作"))
    port = free_port()
    stalling = Stalling(port)
    config = write_config(tmp_path, site, every="1h", daemon=daemon, extra=f'[[alerts]]\nurl = "{stalling.url()}"\n')
    running = Daemon(config)
    try:
        wait_for(lambda: stalling.requests == 1, what="the 'new' alert being sent")
        yield running, config, port
    finally:
        stalling.close()
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def test_a_stop_while_an_alert_hangs_is_prompt_and_the_next_start_sends_it(site: Site, tmp_path: Path) -> None:
    with sending_to_a_stalling_target(site, tmp_path, daemon='stop_timeout = "2s"') as (daemon, config, port):
        assert daemon.stop(timeout=60) < 2 + 2 and daemon.process.returncode == 0, daemon.output()
    assert_sent_by_the_next_start(config, port)


def assert_sent_by_the_next_start(config: Path, port: int) -> None:
    """A daemon started again on `config`, its target now answering on `port`, sends it the 'new' alert left unsent."""
    up = Receiver(port)
    restarted = Daemon(config)
    try:
        wait_for(lambda: len(up.received) == 1, what="the alert sent by the next start")
        assert up.received[0][1]["title"] == "palimpsest: 1 new in site"
        restarted.stop()
    finally:
        up.close()
        if restarted.process.poll() is None:
            restarted.process.kill()
            restarted.process.wait()


def test_an_alert_being_sent_when_its_daemon_is_killed_is_sent_by_the_next_start(site: Site,
                                                                                   tmp_path: Path) -> None:
    """`kill -9` (a crash, the OOM killer) while a target is sent the events: they were claimed in the store, and
    no process gave them back, so they were never sent."""
    with sending_to_a_stalling_target(site, tmp_path) as (daemon, config, port):
        daemon.stop(SIGKILL)
    assert_sent_by_the_next_start(config, port)


def test_a_target_that_does_not_answer_holds_no_run_back(tmp_path: Path, site: Site) -> None:
    """Each try at a hanging target takes its 10 s, three tries a message: sent inside a run's job, that held the
    source's next runs (and, through the one sender, every source's) for 36 s a message."""
    site.page("/fixed.html", daemon_article("国资委部署疫情防控工作"))
    stalling = Stalling()
    db = tmp_path / "archive.db"
    config = write_config(tmp_path, site, every="1s", extra=f'[[alerts]]\nurl = "{stalling.url()}"\n')
    daemon = Daemon(config)
    try:
        wait_for(lambda: stalling.requests == 1, what="the 'new' alert being sent")
        time.sleep(12)  # (its first try given up meanwhile)
        runs = sqlite3.connect(db).execute("SELECT count(*) FROM runs WHERE status = 'ok'").fetchone()[0]
        assert runs >= 4, daemon.output()
        assert daemon.stop(timeout=60) < 12 and daemon.process.returncode == 0, daemon.output()
    finally:
        stalling.close()
        if daemon.process.poll() is None:
            daemon.process.kill()
            daemon.process.wait()
