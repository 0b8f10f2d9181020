"""`palimpsest daemon` as a real subprocess against a local site, with schedules of a few seconds."""

from __future__ import annotations

import asyncio
import base64
import gc
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.site import Response, Site

pytestmark = pytest.mark.slow

ARTICLE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="nav"><a href="/">首页</a></div><div class="content"><h1>{title}</h1>
<p>发布时间：2020-02-06 09:35:03</p>
<p>国务院国资委召开专题会议，研究部署中央企业疫情防控和复工复产工作，要求各企业统筹推进。</p>
<p>会议指出，{line}各中央企业要坚决贯彻落实党中央决策部署，切实履行社会责任，全力保障供应。</p>
<p>会议强调，要加强组织领导，压实各级责任，确保各项措施落到实处，为打赢疫情防控阻击战作出贡献。</p>
</div><div class="footer">版权所有 京ICP备05000000号</div></body></html>"""


def article(title: str, line: str = "") -> str:
    return ARTICLE.format(title=title, line=line)


def write_config(tmp_path: Path, site: Site, *, every: str = "2s", extra: str = "", daemon: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f"""
[store]
path = "{tmp_path / 'archive.db'}"
[fetch]
allow_addresses = ["127.0.0.1"]
delay = 0
timeout = 5
retries = 1
obey_robots = false
[revisit]
ladder = ["1s", "2s"]
[daemon]
misfire_grace = "30s"
{daemon}
[[sources]]
name = "site"
every = "{every}"
urls = ["{site.url('/fixed.html')}"]
{extra}
""", encoding="utf-8")
    return path


class Daemon:
    """`palimpsest daemon --config CONFIG`; with `max_pages`, its store can grow to that many pages and is then full
    (SQLite's max_page_count, as `Archive.max_pages` sets it: a write past it fails as on a full disk)."""

    def __init__(self, config: Path, max_pages: int | None = None, prelude: str = "") -> None:
        self.config = config
        self.log = config.parent / f"daemon-{time.monotonic_ns()}.log"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if max_pages is not None:
            prelude += f"from store import Archive; Archive.max_pages = {max_pages}\n"
        start = ["-c", f"{prelude}from crawler.cli import main; main()"] if prelude else ["-m", "crawler"]
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen([sys.executable, *start, "daemon", "--config", str(config)],
                                            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10) -> float:
        started = time.monotonic()
        self.process.send_signal(sig)
        self.process.wait(timeout=timeout)
        return time.monotonic() - started


@pytest.fixture
def daemons() -> Iterator[Callable[..., Daemon]]:
    started: list[Daemon] = []

    def start(config: Path, max_pages: int | None = None, prelude: str = "") -> Daemon:
        daemon = Daemon(config, max_pages, prelude)
        started.append(daemon)
        return daemon

    yield start
    for daemon in started:
        if daemon.process.poll() is None:
            daemon.process.kill()
            daemon.process.wait()


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def wait_for(condition: Callable[[], bool], timeout: float = 20, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except sqlite3.OperationalError:
            pass  # the store may not exist yet
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_runs_happen_on_schedule_and_sigterm_stops_cleanly(tmp_path: Path, site: Site, daemons) -> None:
    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    config = write_config(tmp_path, site, every="2s")
    db = tmp_path / "archive.db"
    daemon = daemons(config)
    wait_for(lambda: len(query(db, "select id from runs where status = 'ok'")) >= 3, what="three runs")
    starts = [row[0] for row in query(db, "select started_at from runs order by id")]
    gaps = [_seconds(b) - _seconds(a) for a, b in zip(starts, starts[1:], strict=False)]
    # Each run starts on a tick of the 2 s schedule; a tick that finds the last run still busy (a run takes 1.2 to
    # 1.9 s here, more on a loaded machine) is skipped, one run at a time, so a gap is 2 s or 4 s, never 3 or 1.
    assert all(gap >= 1.5 and abs(gap / 2 - round(gap / 2)) < 0.25 for gap in gaps[:2]), gaps
    assert query(db, "select count(*) from snapshots") == [(1,)]
    assert daemon.stop(signal.SIGTERM) < 10
    assert daemon.process.returncode == 0, daemon.output()
    assert query(db, "pragma integrity_check") == [("ok",)]
    assert query(db, "select count(*) from runs where status = 'running'") == [(0,)]


def test_the_daemon_checks_the_stores_fixity_and_names_damage(tmp_path: Path, site: Site, daemons) -> None:
    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    config = write_config(tmp_path, site, every="1h", daemon='verify_every = "1s"')
    db = tmp_path / "archive.db"
    daemon = daemons(config)
    wait_for(lambda: "fixity: sound (1 bodies, 1 captures, 1 versions)" in daemon.output(), what="a sound check")
    with sqlite3.connect(db, timeout=10) as conn:
        conn.execute("UPDATE snapshots SET text = text || '（改）'")
    wait_for(lambda: "fixity: 1 problem(s)" in daemon.output(), what="the damage found")
    assert "its text no longer matches its hash" in daemon.output()
    assert daemon.stop(signal.SIGTERM) < 10 and daemon.process.returncode == 0


# A store so large its check takes minutes, as a slow read of each row stands for here.
SLOW_DISK = """import hashlib, time, store.verify
class SlowDisk:
    def sha256(data=b""):
        time.sleep(0.2)
        return hashlib.sha256(data)
store.verify.hashlib = SlowDisk
"""


def test_a_stop_ends_a_fixity_check_in_progress_which_is_not_recorded(tmp_path: Path, site: Site, daemons) -> None:
    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    config = write_config(tmp_path, site, every="1h", daemon='verify_every = "1h"')
    db = tmp_path / "archive.db"
    assert run_cli("fetch", "--config", str(config), site.url("/fixed.html"), cwd=tmp_path).returncode == 0
    with sqlite3.connect(db) as conn:  # (200 more bodies: a check of 40 s at 0.2 s a row)
        conn.executemany("insert into bodies (sha256, size, compression, content) values (?, ?, null, ?)",
                         [(hashlib.sha256(data).hexdigest(), len(data), data)
                          for data in (f"<html>{n}</html>".encode() for n in range(200))])
    daemon = daemons(config, prelude=SLOW_DISK)
    wait_for(lambda: "fixity: checking" in daemon.output(), what="the check's start")
    time.sleep(1)
    assert daemon.stop(signal.SIGTERM) < 5 and daemon.process.returncode == 0, daemon.output()
    assert "fixity: check stopped before the end (not recorded)" in daemon.output()
    assert "Traceback" not in daemon.output() and "raised an exception" not in daemon.output(), daemon.output()
    assert "fixity: sound" not in daemon.output() and query(db, "select count(*) from fixity_checks") == [(0,)]
    bodies = query(db, "select count(*) from bodies")[0][0]
    again = daemons(config)  # (none recorded: the next check is due at once)
    wait_for(lambda: query(db, "select bodies, problems from fixity_checks") == [(bodies, 0)], what="the next check")
    again.stop()


def test_the_fixity_check_is_due_from_the_last_one_done_whatever_reloads_and_restarts(tmp_path: Path, site: Site,
                                                                                      daemons) -> None:
    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    config = write_config(tmp_path, site, every="1h", daemon='verify_every = "5s"')
    db = tmp_path / "archive.db"

    def checks() -> list[float]:
        return [_seconds(at) for (at,) in query(db, "select started_at from fixity_checks order by id")]

    started = time.time()
    first = daemons(config)
    wait_for(lambda: len(checks()) == 1, what="the check of a store never checked")
    assert checks()[0] - started < 5  # (at start, not a period after it)
    for _ in range(7):  # a reload a second, for longer than the period: none restarts it
        first.process.send_signal(signal.SIGHUP)
        time.sleep(1)
    assert len(checks()) == 2, first.output()
    first.stop()
    restarted = time.time()
    second = daemons(config)
    wait_for(lambda: len(checks()) == 3, what="the check after the restart")
    one, two, three = checks()
    assert 4.5 <= two - one < 6.5 and three - two >= 4.5 and three - restarted < 5  # (due from the last one)
    second.stop()
    with sqlite3.connect(db) as conn:
        conn.execute("update fixity_checks set started_at = '2000-01-01T00:00:00.000Z'")
    started = time.time()
    third = daemons(config)
    wait_for(lambda: len(checks()) == 4, what="the overdue check")
    assert checks()[-1] - started < 5
    assert query(db, "select bodies, captures, versions, problems from fixity_checks order by id desc limit 1") \
        == [(1, 1, 1, 0)]
    third.stop()


def test_the_fixity_check_is_due_a_period_after_the_last_one_or_at_once() -> None:
    from crawler.scheduler import first_check_time

    now, week = datetime(2026, 11, 27, 8, tzinfo=UTC), 7 * 86400.0
    assert first_check_time(week, None, now) == now  # (never checked)
    assert first_check_time(week, "2026-11-26T08:00:00.000Z", now) == datetime(2026, 12, 3, 8, tzinfo=UTC)
    assert first_check_time(week, "2026-11-19T07:00:00.000Z", now) == now  # (overdue)


def test_a_revisit_catches_an_edit_and_a_deletion(tmp_path: Path, site: Site, daemons) -> None:
    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    site.page("/news/1.html", article("中央企业复工复产"))
    site.page("/news/2.html", article("国企改革三年行动"))
    site.page("/list.html", '<html><body><ul class="list"><li><a href="/news/1.html">一</a></li>'
                            '<li><a href="/news/2.html">二</a></li></ul></body></html>')
    extra = f'[[sources.listings]]\nurl = "{site.url("/list.html")}"\nlinks = "ul.list a"\n'
    config = write_config(tmp_path, site, every="1s", extra=extra)
    db = tmp_path / "archive.db"
    daemon = daemons(config)
    one, two = site.url("/news/1.html"), site.url("/news/2.html")
    wait_for(lambda: query(db, "select count(*) from snapshots where url in (?, ?)", (one, two)) == [(2,)],
             what="both articles discovered")
    site.page("/news/1.html", article("中央企业复工复产", line="在确保安全的前提下，"))
    site.routes.pop("/news/2.html")
    wait_for(lambda: query(db, "select max(version) from snapshots where url = ?", (one,)) == [(2,)],
             what="the edit")
    wait_for(lambda: query(db, "select gone_at is not null from pages where url = ?", (two,)) == [(1,)],
             what="the deletion")
    assert query(db, "select count(*) from snapshots where url = ?", (two,)) == [(1,)]  # its version stays
    daemon.stop()


def test_a_second_daemon_on_the_same_store_is_refused(tmp_path: Path, site: Site, daemons) -> None:
    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    config = write_config(tmp_path, site)
    first = daemons(config)
    wait_for(lambda: (tmp_path / "archive.db.lock").exists(), what="the lock")
    second = daemons(config)
    assert second.process.wait(timeout=20) == 2
    assert "another daemon is running on this store" in second.output()
    assert "Traceback" not in second.output()
    assert first.process.poll() is None
    first.stop()


def test_a_second_daemon_reaching_the_store_through_a_symbolic_link_is_refused(tmp_path: Path, site: Site,
                                                                             daemons) -> None:
    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    config = write_config(tmp_path, site)
    first = daemons(config)
    wait_for(lambda: (tmp_path / "archive.db.lock").exists(), what="the lock")
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "elsewhere" / "linked.db"
    link.symlink_to(tmp_path / "archive.db")
    through_link = tmp_path / "through-link.toml"
    through_link.write_text(config.read_text().replace(str(tmp_path / "archive.db"), str(link)), encoding="utf-8")
    second = daemons(through_link)
    assert second.process.wait(timeout=20) == 2, second.output()
    real = (tmp_path / "archive.db").resolve()
    assert f"{real}: another daemon is running on this store (pid {first.process.pid})" in second.output()
    assert first.process.poll() is None
    first.stop()


def test_a_full_store_stops_its_run_says_so_in_one_line_and_alerts_failing(tmp_path: Path, site: Site,
                                                                          daemons) -> None:
    from tests.test_alerts import Receiver

    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    noise = [base64.b64encode(os.urandom(12_000)).decode() for _ in range(40)]  # (bodies that do not compress)
    news = [site.page(f"/news/{n}.html", article(f"中央企业新闻{n}").replace("</body>", f"<!-- {noise[n]} --></body>"))
            for n in range(40)]
    receiver = Receiver()
    try:
        alerts = f'[[alerts]]\nurl = "{receiver.url()}"\nfailing_after = 1\n'
        config = write_config(tmp_path, site, every="1h", extra=alerts)
        config.write_text(config.read_text().replace('/fixed.html"]', '/fixed.html", ' +
                                                     ", ".join(f'"{url}"' for url in news) + "]"))
        db = tmp_path / "archive.db"
        daemon = daemons(config, max_pages=60)  # (an empty store is 28 pages: room for a few of the articles)
        wait_for(lambda: query(db, "select status from runs") == [("failed",)], what="the run marked failed")
        [(error,)] = query(db, "select error from runs")
        assert error == f"{db}: cannot write (database or disk is full)"
        wait_for(lambda: any(body["title"] == "palimpsest: site is failing" for _, body in receiver.received),
                 what="the failing alert")
        # (fetching stopped: the pages stored, the writer's backlog and those in hand; not the 41)
        assert len(site.hits("/fixed.html")) + sum(len(site.hits(f"/news/{n}.html")) for n in range(40)) < 30
        assert daemon.stop() < 10 and daemon.process.returncode == 0
        output = daemon.output()
        assert "Traceback" not in output and "palimpsest.crawl" not in output, output  # (no line per page)
        assert output.count("database or disk is full") == 1, output
        assert f"run of site failed: {db}: cannot write (database or disk is full)" in output
    finally:
        receiver.close()
    stored = query(db, "select count(*) from snapshots")[0][0]
    assert stored >= 1 and len(receiver.received) == 2  # (the pages stored before it filled were alerted as new)
    assert run_cli("verify", "--db", str(db)).returncode == 0  # (what was stored is whole)


def test_sigkill_mid_run_then_restart_loses_nothing(tmp_path: Path, site: Site, daemons) -> None:
    def slow(handler) -> None:  # a page that takes a while, so the kill lands mid-run
        time.sleep(1.5)
        handler.send(Response(article("缓慢页面").encode()))

    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    site.handler("/slow.html", slow)
    config = write_config(tmp_path, site, every="1s")
    config.write_text(config.read_text().replace('/fixed.html"]', f'/fixed.html", "{site.url("/slow.html")}"]'))
    db = tmp_path / "archive.db"
    daemon = daemons(config)
    wait_for(lambda: query(db, "select count(*) from snapshots") == [(2,)], what="first versions")
    wait_for(lambda: len(site.hits("/slow.html")) >= 3, what="a run in flight")
    daemon.stop(signal.SIGKILL)
    versions_before = query(db, "select url, version, text_sha256 from snapshots order by id")
    restarted = daemons(config)
    wait_for(lambda: query(db, "select count(*) from runs where status = 'interrupted'") >= [(1,)],
             what="the killed run marked interrupted")
    runs_after_restart = len(query(db, "select id from runs"))
    wait_for(lambda: len(query(db, "select id from runs where status = 'ok'")) and
             len(query(db, "select id from runs")) > runs_after_restart, what="runs resuming")
    assert query(db, "select url, version, text_sha256 from snapshots order by id")[:len(versions_before)] \
        == versions_before
    restarted.stop()
    assert query(db, "pragma integrity_check") == [("ok",)]


def test_a_daemon_starting_leaves_a_running_crawls_run_alone(tmp_path: Path, site: Site, daemons) -> None:
    def slow(handler) -> None:  # (the crawl's run is in flight while the daemon starts)
        time.sleep(3)
        handler.send(Response(article("缓慢页面").encode()))

    site.handler("/fixed.html", slow)
    config, db = write_config(tmp_path, site, every="1h"), tmp_path / "archive.db"
    crawl = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--config", str(config), "site"],
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: query(db, "select status from runs") == [("running",)], what="the crawl's run")
        daemon = daemons(config)
        wait_for(lambda: "daemon started" in daemon.output(), what="the daemon's start")
        assert query(db, "select id, status from runs") == [(1, "running")]  # (not interrupted, nor run again)
        assert crawl.wait(timeout=30) == 0
    finally:
        crawl.kill()
    daemon.stop()
    assert query(db, "select id, status from runs") == [(1, "ok")]
    assert not list(tmp_path.glob("*.run*.lock")) and "marked interrupted" not in daemon.output()


def test_a_run_left_running_by_a_process_that_is_gone_is_marked_interrupted(tmp_path: Path) -> None:
    from store import Archive
    from store.runs import RunLock, close_interrupted, start_run

    with Archive(tmp_path / "archive.db") as archive:
        live, dead = (start_run(archive.db, name, "2026-11-27T07:00:00Z") for name in ("live", "dead"))
        held, gone = RunLock(archive.path, live), RunLock(archive.path, dead)
        gone.handle.close()  # (as the kernel releases the lock of a process killed: its file is left)
        assert close_interrupted(archive.db, "2026-11-27T08:00:00Z", archive.path) == 1
        assert query(archive.path, "select source, status from runs") == [("live", "running"), ("dead", "interrupted")]
        held.release()
        assert close_interrupted(archive.db, "2026-11-27T09:00:00Z", archive.path) == 1
    assert not list(tmp_path.glob("*.run*.lock"))


def test_overdue_source_runs_at_once_and_a_fresh_one_waits(tmp_path: Path, site: Site, daemons) -> None:
    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    config = write_config(tmp_path, site, every="1h")
    db = tmp_path / "archive.db"
    first = daemons(config)
    wait_for(lambda: query(db, "select count(*) from runs where status = 'ok'") == [(1,)], what="the first run")
    first.stop()
    second = daemons(config)
    time.sleep(3)
    assert query(db, "select count(*) from runs") == [(1,)]  # last run 3 s ago, every 1 h: not due
    second.stop()
    with sqlite3.connect(db) as conn:
        conn.execute("update runs set started_at = '2000-01-01T00:00:00.000Z'")
    third = daemons(config)
    wait_for(lambda: query(db, "select count(*) from runs") == [(2,)], what="the overdue run")
    third.stop()


def test_a_source_whose_last_run_was_stopped_runs_again_at_once() -> None:
    from apscheduler.triggers.interval import IntervalTrigger

    from crawler.scheduler import first_run_time
    from store.runs import Run

    now, daily = datetime(2026, 11, 27, 8, tzinfo=UTC), IntervalTrigger(days=1)
    started = "2026-11-27T07:00:00Z"
    finished = Run(1, "s", started, "2026-11-27T07:10:00Z", "ok", None)
    stopped = Run(2, "s", started, "2026-11-27T07:05:00Z", "interrupted", "stopped before the run finished")
    assert first_run_time(daily, finished, now) == datetime(2026, 11, 28, 7, tzinfo=UTC)
    assert first_run_time(daily, stopped, now) == now  # (not a day's wait for the rest of it)


def test_sighup_refuses_a_bad_config_and_keeps_running(tmp_path: Path, site: Site, daemons) -> None:
    site.page("/fixed.html", article("国资委部署疫情防控工作"))
    config = write_config(tmp_path, site, every="1s")
    db = tmp_path / "archive.db"
    daemon = daemons(config)
    wait_for(lambda: len(query(db, "select id from runs")) >= 1, what="a run")
    good = config.read_text()
    config.write_text(good.replace('every = "1s"', 'every = "soon"'))
    daemon.process.send_signal(signal.SIGHUP)
    wait_for(lambda: "config reload refused" in daemon.output(), what="the refusal")
    count = len(query(db, "select id from runs"))
    wait_for(lambda: len(query(db, "select id from runs")) > count + 1, what="runs going on")
    assert daemon.process.poll() is None
    daemon.stop()


def _seconds(stamp: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def test_an_alert_task_a_stop_cancels_before_it_begins_leaves_no_coroutine_unawaited(tmp_path: Path) -> None:
    from crawler.scheduler import Daemon as Scheduler  # (this module's Daemon is the subprocess's handle)

    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "a.db"}"\n[[sources]]\nname = "s"\nurls = ["http://x.cn/"]\n')
    scheduler = Scheduler(str(config), None)

    async def alert() -> None:
        await asyncio.sleep(0)

    async def stop_at_once() -> None:
        scheduler.beside(alert())
        for task in list(scheduler.running):  # (a stop in the same instant: the task never began)
            task.cancel()
        await asyncio.sleep(0.01)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(stop_at_once())
        gc.collect()
    assert not [w for w in caught if "never awaited" in str(w.message)]
    assert not scheduler.running  # (nor is the cancelled task kept among those a stop waits for)


def test_a_job_that_begins_after_a_stop_began_runs_nothing(tmp_path: Path) -> None:
    # (APScheduler may have made a job's task before the stop shut it down: the task begins after the store is
    # closed, and ran on it: "Cannot operate on a closed database")
    from crawler.scheduler import Daemon as Scheduler
    from store import Archive

    config = tmp_path / "config.toml"
    config.write_text(f'[store]\npath = "{tmp_path / "a.db"}"\n[[sources]]\nname = "s"\nurls = ["http://x.cn/"]\n')
    scheduler = Scheduler(str(config), None)

    async def late_jobs() -> None:
        scheduler.stopping = asyncio.Event()
        scheduler.stopping.set()
        scheduler.archive = Archive(tmp_path / "a.db")
        scheduler.archive.close()
        await scheduler._run_source("s")
        await scheduler._verify()

    asyncio.run(late_jobs())
    assert not scheduler.running and scheduler.checking is None
