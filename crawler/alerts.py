"""Alerts through apprise: new, changed, gone (and back) articles, sources failing run after run, and damage
that the daemon's fixity check finds in the store.

Each `[[alerts]]` target in config.toml is an apprise URL (mailto://, tgram://, slack://, json://, ...) with the
events and sources it wants. With `[serve] url` set (where `palimpsest serve` answers), each line links to the
page's diff (new, changed) or history (gone, back), and a failing source to its runs. A target that fails is
logged and retried: a few times at once, then again with the next batch; each try is given up after `SEND_TIMEOUT`
seconds. Nothing here raises into the crawl, and a daemon's stop never waits for a target that does not answer.

    notifier = Notifier.from_config(config)     # one per process: it keeps undelivered messages and streaks
    mark = last_event_id(archive.db)            # before a run
    ...                                         # the run stores pages
    await notifier.anotify_stored(archive.db, mark)
    await notifier.acheck_failing(source.name, consecutive_failures(archive.db, source.name))

Events are sent from the store, each target from the last event it was sent (`store/alert_marks.py`): a run stopped
before its alerts, or a target down when they were due, has them sent by the next process to alert, and a `crawl`
beside the daemon never sends one twice (a target that answers only after its try was given up, or after the
process stopped, may get it again).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import apprise
from sqlite_utils import Database

from crawler.config import AlertTarget, Config
from store import alert_marks
from store.datasette.feed import diff_path, history_path
from store.versions import Event, events_after, last_event_id

log = logging.getLogger("palimpsest.alerts")

ATTEMPTS = 3  # tries per message before it waits for the next batch
BACKOFF_SECONDS = 2.0  # wait before the second try; doubles after each
MAX_PENDING = 50  # undelivered messages kept per target; the oldest are dropped (and logged) beyond that
MAX_LINES = 30  # events listed in one message; the rest are counted
SEND_TIMEOUT = 10.0  # seconds one try at sending a message may take (apprise's own limits are per read)
T = TypeVar("T")


@dataclass(frozen=True)
class Message:
    title: str
    body: str


class _Target:
    """One configured target: its apprise object, what it wants, and what it has not received yet."""

    def __init__(self, index: int, config: AlertTarget) -> None:
        self.config = config
        # Named by position and scheme only: apprise URLs carry tokens and passwords, which logs must not show.
        self.name = f"alerts[{index}] ({config.url.partition('://')[0]})"
        self.key = alert_marks.target_key(config.url)  # (its name in the store: a hash)
        # (no time limit of apprise's own: with one, apprise sends from its thread pool, which the process waits for
        # at exit; `Notifier` sends from a thread it does not wait for, and gives a try up after its `timeout`)
        self.apprise = apprise.Apprise(asset=apprise.AppriseAsset(service_timeout=0))
        self.valid = bool(self.apprise.add(config.url))
        if not self.valid:
            log.error("alert target %s: not a URL apprise understands; alerts to it are skipped", self.name)
        self.pending: deque[Message] = deque()

    def wants(self, kind: str, source: str | None) -> bool:
        if kind not in self.config.events:
            return False
        return not self.config.sources or source in self.config.sources


class Notifier:
    """Sends events to the configured targets.

    `serve_url` (e.g. http://127.0.0.1:8001) is where `palimpsest serve` answers for the store named `database`
    (datasette names it after the file): with it, messages link to the views there.
    """

    def __init__(self, targets: Sequence[AlertTarget], *, serve_url: str | None = None, database: str = "archive",
                 attempts: int = ATTEMPTS, backoff: float = BACKOFF_SECONDS, timeout: float = SEND_TIMEOUT,
                 sleep: Callable[[float], None] = time.sleep, claiming: asyncio.Lock | None = None) -> None:
        self.targets = [_Target(i, t) for i, t in enumerate(targets)]
        self.serve_url = serve_url.rstrip("/") if serve_url else None
        self.database = database
        self.attempts, self.backoff, self.timeout, self.sleep = max(1, attempts), backoff, timeout, sleep
        self._failing_alerted: set[tuple[int, str]] = set()
        # The daemon's runs share one notifier and send from worker threads: one sender at a time, so a
        # queued message is neither sent twice nor dropped.
        self._sending = threading.Lock()
        # One claim of the store's events at a time in this process (a daemon passes it on to the notifier a reload
        # makes): a claim taken while an earlier one is being sent would leave that one nothing to give back to.
        self.claiming = claiming or asyncio.Lock()

    @classmethod
    def from_config(cls, config: Config, **options: Any) -> Notifier:
        """The notifier `config` asks for: its [[alerts]] targets, linking to its [serve] url."""
        return cls(config.alerts, serve_url=config.serve.url, database=Path(config.store.path).stem, **options)

    # ---- what the crawl runner calls ---------------------------------------------------------------------

    def notify(self, events: Iterable[Event]) -> int:
        """Send each target the events it wants, as one message. Returns the number of messages delivered."""
        events = list(events)
        delivered = 0
        for target in self.targets:
            wanted = [e for e in events if target.wants(e.kind, e.source)]
            if wanted:
                target.pending.append(self.message(wanted))
            delivered += self._flush(target)
        return delivered

    async def anotify_stored(self, db: Database, start: int) -> int:
        """Send each target the events the store holds after the last it was sent, as one message; a target new
        to the store starts after event `start`. Events claimed and not delivered, or still being sent when the
        caller is cancelled (a daemon's stop), are given back for the next time. Returns the number of messages
        delivered. (The store is read and written here, in the caller's thread; only the sending runs in a thread
        of its own.)"""
        async with self.claiming:
            delivered, top = 0, last_event_id(db)
            for target in self.targets:
                self._give_back_abandoned(db, target)
                sent = alert_marks.mark(db, target.key, start)
                if not target.valid or sent >= top:
                    continue
                with alert_marks.claimed(db, target.key, sent, top) as taken:
                    if not taken:
                        continue  # (another process took them)
                    wanted = [e for e in events_after(db, sent) if e.id <= top and target.wants(e.kind, e.source)]
                    if wanted and await self._send_claimed(db, target, self.message(wanted), sent, top):
                        delivered += 1
            return delivered

    @staticmethod
    def _give_back_abandoned(db: Database, target: _Target) -> None:
        for sent, upto in alert_marks.give_back_abandoned(db, target.key):
            log.warning("alert target %s: events %d to %d, being sent by a process that died, are sent again",
                        target.name, sent + 1, upto)

    async def _send_claimed(self, db: Database, target: _Target, message: Message, sent: int, top: int) -> bool:
        """Send the events after `sent` up to `top`, claimed for `target`; give them back when they are not
        delivered, or when the caller is cancelled while they are being sent (a daemon's stop)."""
        delivered = False
        try:
            delivered = bool(await _in_own_thread(self._locked, self._send, target, message))
        finally:
            if not delivered and not alert_marks.release(db, target.key, top, sent):
                # (another process claimed later events meanwhile: these cannot be given back without resending those)
                log.error("alert target %s: events %d to %d were not delivered and are lost (another process "
                          "alerted after them)", target.name, sent + 1, top)
        return delivered

    async def acheck_failing(self, source: str, consecutive_failures: int) -> int:
        """`check_failing` from async code, in a thread of its own."""
        return await _in_own_thread(self._locked, self.check_failing, source, consecutive_failures)

    def _locked(self, send: Callable[..., int], *args: object) -> int:
        with self._sending:
            return send(*args)

    def check_failing(self, source: str, consecutive_failures: int) -> int:
        """Alert targets that want 'failing' once a source's failed runs in a row reach their `failing_after`.

        One alert per streak: a good run (0 failures) re-arms it. A process that starts in the middle of a streak
        (a daemon restarted during an outage) finds it past the threshold, alerted when it got there, and says
        nothing more. Returns the number of messages delivered.
        """
        delivered = 0
        for index, target in enumerate(self.targets):
            key = (index, source)
            if consecutive_failures < target.config.failing_after:
                self._failing_alerted.discard(key)
                continue
            if key in self._failing_alerted or not target.wants("failing", source):
                continue
            self._failing_alerted.add(key)
            if consecutive_failures > target.config.failing_after:
                continue  # (the run that reached the threshold alerted it)
            runs = "run" if consecutive_failures == 1 else f"{consecutive_failures} runs in a row"
            body = f"The source {source} failed its last {runs}."
            if link := self._runs_link(source):
                body += f"\n  {link}"
            target.pending.append(Message(f"palimpsest: {source} is failing", body))
            delivered += self._flush(target)
        return delivered

    async def afixity(self, store: str, problems: Sequence[str]) -> int:
        """`fixity` from async code, in a thread of its own."""
        return await _in_own_thread(self._locked, self.fixity, store, list(problems))

    def fixity(self, store: str, problems: list[str]) -> int:
        """Alert targets that want 'fixity' that a check of the store found damage (see store/verify.py), whatever
        sources they follow: the store is every source's."""
        delivered = 0
        lines = problems[:MAX_LINES]
        if len(problems) > MAX_LINES:
            lines.append(f"… and {len(problems) - MAX_LINES} more")
        for target in self.targets:
            if "fixity" in target.config.events:
                target.pending.append(Message(f"palimpsest: {len(problems)} fixity problem(s) in {store}",
                                              "\n".join(lines)))
                delivered += self._flush(target)
        return delivered

    # ---- messages -----------------------------------------------------------------------------------------

    def message(self, events: list[Event]) -> Message:
        counts: dict[str, int] = {}
        for event in events:
            counts[event.kind] = counts.get(event.kind, 0) + 1
        sources = sorted({e.source for e in events if e.source})
        title = "palimpsest: " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
        if len(sources) == 1:
            title += f" in {sources[0]}"
        lines = [self._line(e) for e in events[:MAX_LINES]]
        if len(events) > MAX_LINES:
            lines.append(f"… and {len(events) - MAX_LINES} more")
        return Message(title, "\n".join(lines))

    def _line(self, event: Event) -> str:
        detail = "" if event.kind != "changed" else \
            f" ({event.changed_chars} characters changed)" if event.version else " (a file: new bytes)"
        line = f"{event.kind}: {event.title or '(untitled)'}{detail}\n  {event.url}"
        if link := self._event_link(event):
            line += f"\n  {link}"
        return line

    # ---- links into `palimpsest serve` (the datasette plugin's pages and tables) ----------------------------

    def _event_link(self, event: Event) -> str | None:
        if not self.serve_url:
            return None
        if event.kind in ("new", "changed", "reread") and event.version:
            return self.serve_url + diff_path(event.url, to=event.version)
        return self.serve_url + history_path(event.url)  # gone, back: the timeline shows the last good version

    def _runs_link(self, source: str) -> str | None:
        if not self.serve_url:
            return None
        from datasette.utils import tilde_encode  # how datasette spells a database name in its URLs

        return f"{self.serve_url}/{tilde_encode(self.database)}/runs?" + urlencode({"source": source})

    # ---- sending --------------------------------------------------------------------------------------------

    def _flush(self, target: _Target) -> int:
        """Send the target's pending messages in order; stop at the first that still fails, keep the rest."""
        if not target.valid:
            target.pending.clear()
            return 0
        delivered = 0
        while target.pending:
            if not self._send(target, target.pending[0]):
                break
            target.pending.popleft()
            delivered += 1
        while len(target.pending) > MAX_PENDING:
            dropped = target.pending.popleft()
            log.error("alert target %s: dropped undelivered message %r", target.name, dropped.title)
        return delivered

    def _send(self, target: _Target, message: Message) -> bool:
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            reason = self._try_sending(target, message)
            if reason is None:
                return True
            log.warning("alert target %s: %s (attempt %d of %d)", target.name, reason, attempt,
                        self.attempts)
            if attempt < self.attempts:
                self.sleep(delay)
                delay *= 2
        log.error("alert target %s: %r kept for the next batch", target.name, message.title)
        return False

    def _try_sending(self, target: _Target, message: Message) -> str | None:
        """Why one try at sending failed, or None when it was delivered. The try runs in a thread of its own and is
        given up after `timeout` seconds: apprise's connect and read limits are per read, so a target that answers
        a byte at a time (or a plugin without limits) would hold it, and every alert after it, for ever."""
        outcome: list[object] = []

        def notify() -> None:
            try:
                outcome.append(target.apprise.notify(title=message.title, body=message.body))
            except Exception as exc:  # a notifier plugin bug must not stop a crawl
                outcome.append(exc)

        sender = threading.Thread(target=notify, name=f"palimpsest-alert {target.name}", daemon=True)
        sender.start()
        sender.join(self.timeout)
        if not outcome:
            return f"no answer within {self.timeout:g} s"
        if isinstance(outcome[0], Exception):
            return f"{type(outcome[0]).__name__}: {outcome[0]}"
        return None if outcome[0] else "delivery failed"


async def _in_own_thread(function: Callable[..., T], *args: object) -> T:
    """`function(*args)` in a daemon thread: the caller may be cancelled (a daemon's stop) while it runs, and the
    process does not wait for it at exit, as it waits for the threads of asyncio.to_thread."""
    loop = asyncio.get_running_loop()
    result: asyncio.Future[T] = loop.create_future()

    def settle(value: T | None, error: BaseException | None) -> None:
        if result.done():
            return  # (cancelled meanwhile)
        if error is not None:
            result.set_exception(error)
        else:
            result.set_result(value)  # type: ignore[arg-type]

    def run() -> None:
        try:
            value, error = function(*args), None
        except BaseException as exc:  # (handed to the caller, as asyncio.to_thread does)
            value, error = None, exc
        with suppress(RuntimeError):  # (the loop is closed: nobody waits any more)
            loop.call_soon_threadsafe(settle, value, error)

    threading.Thread(target=run, name="palimpsest-alerts", daemon=True).start()
    return await result
