"""`palimpsest daemon`: one APScheduler job per source, in one asyncio loop (and a fixity check of the store
every `[daemon] verify_every`, when set, due a period after the last one done: `store/fixity_checks.py`).

A run never overlaps itself (max_instances=1, coalesced); a source overdue at start runs at once; SIGHUP
reloads the config (a bad one is refused and the old one kept); SIGTERM/SIGINT stop within `stop_timeout`
seconds: in-flight pages are cancelled, and since each page is written in one transaction, none is half-stored.
A lock file next to the store (its real path, links resolved) keeps a second daemon out; the kernel releases it if
the daemon dies.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import signal
import sqlite3
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlite_utils import Database

from crawler.alerts import Notifier
from crawler.config import Config, Source, load_config
from crawler.cron import crontabs_for_apscheduler
from crawler.errors import ConfigError, PalimpsestError, StoreLocked
from crawler.run import close_left_runs, crawl_source
from store import Archive, StoreError
from store.fixity_checks import last_check, record_check
from store.runs import Run, last_run
from store.times import parse, utcnow
from store.verify import FixityReport, verify
from store.versions import last_event_id

log = logging.getLogger("palimpsest.daemon")
FIXITY_JOB = "palimpsest/fixity"  # the fixity check's job id; the sources' jobs go by their names
GUARD_JOB = "palimpsest/guard"  # the job that checks the store and the lock file are still the daemon's
GUARD_EVERY = 5.0  # seconds between those checks (each run checks too, before it begins)


class StoreLock:
    """An exclusive flock on `<store>.lock`, held for the daemon's life. The store's real path names it (symbolic
    links resolved): a second daemon that reaches the store through a link, or by another path, finds it held."""

    def __init__(self, store: Path) -> None:
        self.path = Path(f"{Path(store).resolve()}.lock")
        self.file: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = open(self.path, "a+")  # noqa: SIM115 (held open for the daemon's life)
        except OSError as exc:
            raise StoreLocked(f"{self.path}: cannot open the daemon's lock file ({exc.strerror or exc})") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise StoreLocked(f"{self.path.parent / self.path.stem}: another daemon is running on this store "
                              f"(pid {holder}); stop it first") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self.file = handle

    def release(self) -> None:
        if self.file:
            self.file.close()
            self.file = None

    def lost(self) -> bool:
        """Whether the lock file was removed or replaced since it was taken (taken for a stale one): a second
        daemon would find no lock held."""
        assert self.file
        try:
            now, held = os.stat(self.path), os.fstat(self.file.fileno())
        except OSError:
            return True
        return (now.st_dev, now.st_ino) != (held.st_dev, held.st_ino)

    def retake(self) -> None:
        """Make and take the lock file again; `StoreLocked` when another daemon took it meanwhile."""
        self.release()
        self.acquire()


class WallClockCron(CronTrigger):
    """A cron trigger that fires at most once at each wall-clock time of a day. When summer time ends, an hour of the
    clock is lived twice (02:00–03:00 in Europe/Berlin on the last Sunday of October), and APScheduler 3's
    CronTrigger, matching the wall clock, fired `30 2 * * *` in both passes: the source ran twice that night. Here a
    time in the hour's second pass that the first pass had fired at is passed over (logged once). As cron(8) does,
    only for a cron at fixed times: one whose minute or hour is a wildcard (`*/20 * * * *`) fires by the clock."""

    source = ""  # the source it schedules, named in the log

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        when = super().get_next_fire_time(previous_fire_time, now)
        while when is not None and self._fired_already(when):
            _tell_passed_over(self.source, when)
            when = super().get_next_fire_time(when, when)
        return when

    def _fired_already(self, when: datetime) -> bool:
        """Whether `when` is the second pass over a wall-clock time the first pass fired at."""
        wildcard = any(str(field).startswith("*") for field in self.fields if field.name in ("minute", "hour"))
        return not wildcard and repeated_wall_clock(when)


def repeated_wall_clock(when: datetime) -> bool:
    """Whether `when` is a wall-clock time lived the second time (fold 1 of a time the clock went back over)."""
    return when.fold == 1 and when.utcoffset() != when.replace(fold=0).utcoffset()


_PASSED_OVER: set[tuple[str, datetime]] = set()  # (source, time) already logged: the trigger is asked again and again


def _tell_passed_over(source: str, when: datetime) -> None:
    if (source, when) not in _PASSED_OVER:
        _PASSED_OVER.add((source, when))
        log.info("%s: no run at %s (%s): the clock goes back over that hour, and the source was due at that time "
                 "in its first pass", source or "a source", when.isoformat(timespec="minutes"), when.tzname())


def trigger_for(source: Source) -> BaseTrigger:
    if source.cron:
        triggers = [_wall_clock_cron(part, source) for part in crontabs_for_apscheduler(source.cron)]
        return triggers[0] if len(triggers) == 1 else OrTrigger(triggers)
    return IntervalTrigger(seconds=source.every or 3600, timezone=source.timezone)


def _wall_clock_cron(expression: str, source: Source) -> WallClockCron:
    trigger = WallClockCron.from_crontab(expression, timezone=source.timezone)
    trigger.source = source.name
    return trigger


def first_run_time(trigger: BaseTrigger, last: Run | None, now: datetime) -> datetime:
    """Now when the source is overdue, never ran, or its last run was stopped before it finished (a daily source
    would otherwise wait a day for the rest of it); otherwise its next regular time after the last run."""
    if last is None or last.status == "interrupted":
        return now
    previous = parse(last.started_at)
    if isinstance(trigger, IntervalTrigger):
        due = previous + trigger.interval
    else:
        due = trigger.get_next_fire_time(None, previous + timedelta(seconds=1)) or now
    return now if due <= now else due


def first_check_time(every: float, last: str | None, now: datetime) -> datetime:
    """When the next fixity check is due: a period after the last one done (its start), or now when the store was
    never checked or its check is overdue. (Not a period after each start or reload, which postponed it.)"""
    if last is None:
        return now
    due = parse(last) + timedelta(seconds=every)
    return now if due <= now else due


def check_schedulable(config: Config) -> None:
    """A daemon with no source to schedule is a config error (`demo` checks it too, before it starts one)."""
    if not config.sources:
        raise ConfigError("sources", "no [[sources]] to schedule", str(config.path))


class BesideRuns:
    """The notifier as a run sees it in the daemon: the run's alerts are sent by tasks of their own, so a run's job
    ends with its run. (Sent within it, a target slow or down, up to 36 s a message, held the source's next runs,
    and through the notifier's one sender every source's.) One task waiting to send events is enough: it takes
    every event stored by the time its turn comes."""

    def __init__(self, daemon: Daemon) -> None:
        self.daemon = daemon
        self.events_waiting = False

    async def anotify_stored(self, db: Database, start: int) -> int:
        if not self.events_waiting:
            self.events_waiting = True
            self.daemon.beside(self._events(db, start))
        return 0

    async def _events(self, db: Database, start: int) -> None:
        async with self.daemon.notifier.claiming:
            self.events_waiting = False  # (its claim is next: events stored from now need a task of their own)
        try:
            await self.daemon.notifier.anotify_stored(db, start)
        except sqlite3.OperationalError as exc:  # (the store cannot record what was sent: the next process sends it)
            log.error("alerts: %s: the store cannot be written (%s)", self.daemon.config.store.path, exc)

    async def acheck_failing(self, source: str, consecutive_failures: int) -> int:
        self.daemon.beside(self.daemon.notifier.acheck_failing(source, consecutive_failures))
        return 0


class Daemon:
    def __init__(self, config_path: str | None, db: str | None) -> None:
        self.config_path, self.db_override = config_path, db
        self.config: Config = load_config(config_path, db=db)
        self.lock = StoreLock(self.config.store.path)
        self.running: set[asyncio.Task] = set()
        self.stopping: asyncio.Event | None = None
        self.archive: Archive | None = None
        self.scheduler: AsyncIOScheduler | None = None
        self.failure: PalimpsestError | StoreError | None = None  # why the daemon gave up, if it did
        self.checking: str | None = None  # when the fixity check in flight began (a reload then waits for its period)
        self.notifier = Notifier.from_config(self.config)  # kept for the daemon's life: it holds unsent alerts
        self.alerts = BesideRuns(self)

    def run(self) -> None:
        check_schedulable(self.config)
        self.lock.acquire()
        try:
            asyncio.run(self._main())
        finally:
            self.lock.release()

    async def _main(self) -> None:
        self.stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stopping.set)
        loop.add_signal_handler(signal.SIGHUP, self.reload)
        self.archive = Archive(self.config.store.path)
        close_left_runs(self.archive, log)
        self.running.add(asyncio.create_task(self._send_unsent_alerts()))  # (a stop cancels it, as it does runs)
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._schedule_all()
        self.scheduler.start()
        log.info("daemon started: %d source(s), store %s, pid %d", len(self.config.sources),
                 self.config.store.path, os.getpid())
        await self.stopping.wait()
        await self._stop()
        if self.failure is not None:
            raise self.failure

    async def _send_unsent_alerts(self) -> None:
        """The alerts an earlier process stored the events of and did not send: stopped, or its targets down."""
        assert self.archive
        with self._in_flight():
            await self.notifier.anotify_stored(self.archive.db, last_event_id(self.archive.db))

    def _give_up(self, reason: PalimpsestError | StoreError) -> None:
        """Stop the daemon, which then ends as a store it cannot use makes it end (exit 2, the reason in one line)."""
        self.failure = reason
        assert self.stopping
        self.stopping.set()

    async def _guard_job(self) -> None:
        if not self._stopped():
            self._guard()

    def _guard(self) -> bool:
        """Whether the store and the lock file are still the daemon's; else it stops, or takes its lock again."""
        assert self.archive
        if self.archive.replaced():  # (its runs would write a file gone from the folder, lost at the stop)
            self._give_up(StoreError(f"{self.config.store.path}: removed or replaced since the daemon opened it: "
                                     "stopped (start it again to archive into the file there now)"))
            return False
        return self._keep_lock()

    def _keep_lock(self) -> bool:
        """The daemon's lock file, made and taken again if it was removed (a second daemon would start beside this
        one); False, the daemon stopping, when another daemon took it first."""
        if not self.lock.lost():
            return True
        try:
            self.lock.retake()
        except StoreLocked as exc:
            self._give_up(exc)
            return False
        log.warning("%s: removed or replaced while the daemon ran: made and taken again", self.lock.path)
        return True

    def _stopped(self) -> bool:
        """Whether a stop has begun: a job whose task the scheduler made just before it shut down begins after the
        stop cancelled the runs in flight, maybe after the store is closed, and must run nothing."""
        return self.stopping is not None and self.stopping.is_set()

    def beside(self, sending: Coroutine[object, object, object]) -> None:
        """Alerts sent in a task of their own, which a stop cancels and waits for as it does runs. (The task runs
        the coroutine itself: one cancelled before it begins closes it, with no warning that it was never awaited.)"""
        task = asyncio.create_task(sending)
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    @contextmanager
    def _in_flight(self) -> Iterator[None]:
        """The current task among those a stop cancels and waits for (up to `stop_timeout`)."""
        task = asyncio.current_task()
        if task:
            self.running.add(task)
        try:
            yield
        finally:
            if task:
                self.running.discard(task)

    def _schedule_all(self) -> None:
        assert self.scheduler and self.archive
        now = datetime.now(UTC)
        for source in self.config.sources:
            trigger = trigger_for(source)
            last = last_run(self.archive.db, source.name)
            start = first_run_time(trigger, last, now)
            self.scheduler.add_job(self._run_source, trigger, args=[source.name], id=source.name,
                                   name=source.name, max_instances=1, coalesce=True, replace_existing=True,
                                   misfire_grace_time=int(self.config.daemon.misfire_grace), next_run_time=start)
            log.info("scheduled %s: next run %s", source.name, start.isoformat(timespec="seconds"))
        self.scheduler.add_job(self._guard_job, IntervalTrigger(seconds=GUARD_EVERY), id=GUARD_JOB, name=GUARD_JOB,
                               max_instances=1, coalesce=True, replace_existing=True)
        if every := self.config.daemon.verify_every:
            start = first_check_time(every, self.checking or last_check(self.archive.db), now)
            self.scheduler.add_job(self._verify, IntervalTrigger(seconds=every), id=FIXITY_JOB, name=FIXITY_JOB,
                                   max_instances=1, coalesce=True, replace_existing=True, next_run_time=start)
            log.info("scheduled the fixity check: next %s", start.isoformat(timespec="seconds"))
        elif self.scheduler.get_job(FIXITY_JOB):
            self.scheduler.remove_job(FIXITY_JOB)

    async def _verify(self) -> None:
        """Check the store's fixity (on a connection of its own, in a worker thread: a large store takes a while)
        and alert on damage. A stop ends the check at once: it is not recorded, so the next is due at start."""
        if self._stopped():
            return
        self.checking = started = utcnow()
        log.info("fixity: checking %s", self.config.store.path)
        stop = threading.Event()
        try:
            with self._in_flight():
                report = await asyncio.to_thread(self._fixity_report, stop)
        except asyncio.CancelledError:
            stop.set()  # (the check ends at its next row, or within a long statement such as SQLite's own check)
            log.info("fixity: check stopped before the end (not recorded)")
            return  # (as a run stopped returns: a stop is no failure of the job)
        finally:
            self.checking = None
        if report.stopped:
            return
        self._record_check(started, report)
        summary = f"{report.bodies} bodies, {report.captures} captures, {report.versions} versions"
        if report.sound:
            log.info("fixity: sound (%s)", summary)
            return
        for problem in report.problems:
            log.error("fixity: %s", problem)
        log.error("fixity: %d problem(s) in %s", len(report.problems), summary)
        await self.notifier.afixity(str(self.config.store.path), report.problems)

    def _record_check(self, started: str, report: FixityReport) -> None:
        """Keep the check done in the store: the next is due a period after it, across reloads and restarts."""
        assert self.archive
        try:
            with self.archive.writing():
                record_check(self.archive.db, started, utcnow(), report)
        except StoreError as exc:
            log.error("fixity: the check cannot be recorded: %s", exc)

    def _fixity_report(self, stop: threading.Event) -> FixityReport:
        """The check, in a worker thread, until `stop` is set."""
        with Archive(self.config.store.path, readonly=True) as archive:
            return verify(archive.db, stop.is_set)

    async def _run_source(self, name: str) -> None:
        assert self.archive
        if self._stopped():
            return
        if not self._guard():
            return
        try:
            source = self.config.source(name)
        except ConfigError:
            return  # removed by a reload while queued
        with self._in_flight():
            try:
                summary = await crawl_source(self.config, self.archive, source, notifier=self.alerts)
                log.info("run %s", summary.line())
                for warning in summary.warnings():
                    log.warning("discovery: %s", warning)
            except StoreError as exc:  # (read-only, locked too long, disk full: the next run tries again)
                log.error("run of %s failed: %s", name, exc)
            except asyncio.CancelledError:
                log.info("run of %s stopped", name)

    def reload(self) -> None:
        try:
            config = load_config(self.config_path, db=self.db_override)
        except ConfigError as exc:
            log.error("config reload refused, keeping the running config: %s", exc)
            return
        if config.store.path != self.config.store.path:
            log.error("config reload refused: the store path cannot change while running (%s → %s)",
                      self.config.store.path, config.store.path)
            return
        if (config.alerts, config.serve.url) != (self.config.alerts, self.config.serve.url):
            self.notifier = Notifier.from_config(config, claiming=self.notifier.claiming)  # (alerts in flight keep it)
        self.config = config
        assert self.scheduler
        for job in self.scheduler.get_jobs():
            if job.id not in {s.name for s in config.sources} | {FIXITY_JOB, GUARD_JOB}:
                job.remove()
        self._schedule_all()
        log.info("config reloaded: %d source(s)", len(config.sources))

    async def _stop(self) -> None:
        log.info("stopping: %d run(s) in flight", len(self.running))
        assert self.scheduler and self.archive
        self.scheduler.shutdown(wait=False)
        for task in list(self.running):
            task.cancel()
        if self.running:
            await asyncio.wait(list(self.running), timeout=self.config.daemon.stop_timeout)
        self.archive.close()
        log.info("stopped")
