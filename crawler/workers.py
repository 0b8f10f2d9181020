"""Worker processes for parsing untrusted pages: a time limit on every page, and spare cores put to use.

The HTML parser runs in C and cannot be interrupted: one hostile page (40,000 distinct attributes on
a single tag take it seconds; ten times as many, minutes) would stall every other page of a crawl,
whose event loop would otherwise parse in its own process. Here each job (extracting an article,
reading a listing page, feed or sitemap) goes to an idle worker process; a worker that has not
answered within `timeout` seconds is killed and replaced, and that job alone fails (`ParseTimeout`).
A worker that dies (the parser crashed) fails its job as `WorkerDied`. A new worker first says it has
started (its imports take a while): no job's time limit counts that.

A worker is `python -m crawler.workers`, talking over its stdin and stdout: each message is a 4-byte
length and a pickle (a module-level function and its arguments in; its result, or the exception it
raised, out). It ends when its stdin closes, so a crawl that dies, even by SIGKILL, leaves none behind, and quietly when
its answer finds the crawl gone.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any, BinaryIO, TypeVar

from crawler.errors import ParseTimeout, WorkerDied
from crawler.extract.article import Article
from crawler.extract.rules import SiteRules

T = TypeVar("T")
_LENGTH = struct.Struct(">I")
STOP_GRACE = 1.0  # seconds a closing worker may take to finish the job in hand
START_GRACE = 60.0  # seconds a new worker may take to start (its imports) before it counts as dead
_READY = b"ready\n"  # what a worker writes once it has started: its jobs' time limits start after it
_SEND_PIECE = 1 << 20  # bytes of a job's message written to a worker's pipe at a time
BACKLOG_PER_WORKER = 16  # jobs waiting or running per worker, at most, before a crawl's fetcher waits


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """A worker's loop: a job in, its result (or the exception it raised) out, until `requests` ends."""
    while header := requests.read(_LENGTH.size):
        function, args = pickle.loads(requests.read(_LENGTH.unpack(header)[0]))
        try:
            answer = pickle.dumps((True, function(*args)), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # the job's own error, raised again in the crawl
            answer = _pickled_error(exc)
        answers.write(_LENGTH.pack(len(answer)))  # (not joined to the answer: a copy of it)
        answers.write(answer)
        answers.flush()


def _pickled_error(exc: Exception) -> bytes:
    try:
        answer = pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
        pickle.loads(answer)  # an exception whose __init__ takes other arguments does not come back
        return answer
    except Exception:
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")), pickle.HIGHEST_PROTOCOL)


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls) -> _Worker:
        """A worker that has started: a page's time limit is the page's, not the new process's imports
        (half a second and more on a slow machine, which would fail the page queued behind a stalled one)."""
        process = await _spawned()
        assert process.stdout is not None
        try:
            ready = await asyncio.wait_for(process.stdout.readexactly(len(_READY)), START_GRACE)
        except (asyncio.IncompleteReadError, TimeoutError):
            ready = b""
        except BaseException:  # (cancelled while it starts: the run is stopping, and none is left to start later)
            process.kill()
            await asyncio.shield(process.wait())
            raise
        if ready != _READY:
            if process.returncode is None:
                process.kill()
            raise WorkerDied(f"a parsing worker did not start (exit code {await process.wait()})")
        return cls(process)

    async def run(self, function: Callable[..., Any], args: tuple, timeout: float, label: str) -> tuple[bool, Any]:
        """(True, the result) or (False, the exception the job raised)."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            async with asyncio.timeout(timeout):
                await _send(stdin, pickle.dumps((function, args), pickle.HIGHEST_PROTOCOL))
                header = await stdout.readexactly(_LENGTH.size)
                return pickle.loads(await stdout.readexactly(_LENGTH.unpack(header)[0]))
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            raise WorkerDied(f"{_named(label)}the parsing worker died (exit code {self.process.returncode})") from exc

    async def stop(self, kill: bool = False) -> None:
        if self.process.returncode is None and kill:
            self.process.kill()
        elif self.process.stdin is not None:
            self.process.stdin.close()  # an idle worker ends when its stdin does
        try:
            await asyncio.wait_for(self.process.wait(), STOP_GRACE)
        except TimeoutError:  # mid-job when the pool closed
            self.process.kill()
            await self.process.wait()


async def _send(stream: asyncio.StreamWriter, payload: bytes) -> None:
    """A message (its length, then `payload`) written a piece at a time, each drained before the next: written whole,
    all the pipe did not take at once was copied into the stream's buffer, a second copy of a 50 MB sitemap's pickle
    beside the first (and a third, with the length joined to it). The payload is let go once sent."""
    stream.write(_LENGTH.pack(len(payload)))
    view = memoryview(payload)
    for start in range(0, len(view), _SEND_PIECE):
        stream.write(view[start:start + _SEND_PIECE])
        await stream.drain()
    await stream.drain()


async def _spawned() -> asyncio.subprocess.Process:
    """A new worker process. A stop (Ctrl-C) while asyncio makes it could leave asyncio waiting for good for the
    process it kills on the way out (`palimpsest extract` hung in its first second): the making is never cancelled,
    and a process made for a run that is stopping is ended here."""
    # (In a process group of its own: Ctrl-C at a terminal signals the crawl alone, which closes its workers. In the
    # root folder: a daemon's own may have been removed since it started, as a deploy removes a release folder, and
    # Python cannot start in a folder that is gone, its import path holding a relative entry, an editable install's.)
    making = asyncio.ensure_future(asyncio.create_subprocess_exec(
        sys.executable, "-m", "crawler.workers", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": _import_path()}, process_group=0, cwd="/"))
    try:
        return await asyncio.shield(making)
    except asyncio.CancelledError:
        process = await making
        process.kill()
        await process.wait()
        raise


def _named(label: str) -> str:
    return f"{label}: " if label else ""


def _import_path() -> str:
    """PYTHONPATH for a worker: this process's import path, so it imports this very `crawler`."""
    return os.pathsep.join(entry or os.getcwd() for entry in sys.path)


class Workers:
    """`processes` worker processes, started with the first job. Use as `async with`: leaving stops them."""

    def __init__(self, processes: int, timeout: float) -> None:
        self.processes, self.timeout = max(1, processes), timeout
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        # Jobs waiting or running; a crawl's fetcher awaits `wait_for_room` before each request, so pages
        # are not fetched faster than they are parsed (the bodies of those waiting are held in memory).
        self._backlog = asyncio.Semaphore(self.processes * BACKLOG_PER_WORKER)
        self._workers: set[_Worker] = set()
        self._started = False
        self._starting = asyncio.Lock()

    async def call(self, function: Callable[..., T], *args: Any, label: str = "") -> T:
        """`function(*args)` in a worker (a module-level function: it is pickled by name). Raises what it
        raises, or ParseTimeout / WorkerDied for this job only; the pool stays whole."""
        async with self._backlog:
            return await self._call(function, args, label)

    async def wait_for_room(self) -> None:
        """Return once fewer than the backlog's jobs are waiting or running."""
        async with self._backlog:
            pass

    async def _call(self, function: Callable[..., T], args: tuple, label: str) -> T:
        await self._start()
        worker = await self._idle.get()
        try:
            ok, value = await worker.run(function, args, self.timeout, label)
        except TimeoutError:
            await self._replace(worker)
            raise ParseTimeout(f"{_named(label)}parsing took over {self.timeout:g} s; stopped") from None
        except WorkerDied:
            await self._replace(worker)
            raise
        except BaseException:  # cancelled mid-job (the run is stopping): its pipe may hold a stale answer
            self._workers.discard(worker)
            await asyncio.shield(worker.stop(kill=True))
            raise
        self._idle.put_nowait(worker)
        if not ok:
            raise value  # the job's own error (a bad selector...): the worker is fine
        return value

    async def offload(self, function: Callable[..., T], *args: Any) -> T:
        """As `asyncio.to_thread`, for the parsing that discovery does (the URL among the arguments names
        the job in its errors)."""
        label = next((arg for arg in args if isinstance(arg, str) and arg.startswith(("http:", "https:"))), "")
        return await self.call(function, *args, label=label)

    async def extract(self, body: bytes, url: str | None = None, *, content_type: str | None = None,
                      charset: str | None = None, rules: SiteRules | None = None, timezone: str = "Asia/Shanghai",
                      label: str | None = None) -> Article:
        """`crawler.extract.extract`, in a worker; `label` (default: the URL) names the page in its errors."""
        return await self.call(_extract, body, url, content_type, charset, rules, timezone,
                               label=(url or "") if label is None else label)

    async def _start(self) -> None:
        async with self._starting:
            if not self._started:  # (all at once: each waits for its process to say it has started)
                await asyncio.gather(*(self._add() for _ in range(self.processes)))
                self._started = True

    async def _add(self) -> None:
        worker = await _Worker.start()
        self._workers.add(worker)
        self._idle.put_nowait(worker)

    async def _replace(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        await worker.stop(kill=True)
        await self._add()

    async def close(self) -> None:
        """Stop every worker: an idle one ends when its stdin closes; one still mid-job is killed."""
        workers, self._workers = self._workers, set()
        await asyncio.gather(*(worker.stop() for worker in workers))

    async def __aenter__(self) -> Workers:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def workers_or_none(processes: int, timeout: float) -> AbstractAsyncContextManager[Workers | None]:
    """`processes` parsing workers (started with the first job), or none when it is 0: parse in-process."""
    return Workers(processes, timeout) if processes else nullcontext()


def _extract(body: bytes, url: str | None, content_type: str | None, charset: str | None,
             rules: SiteRules | None, timezone: str) -> Article:
    from crawler.extract import extract  # (loaded before the worker said it was ready: see `main`)

    return extract(body, url, content_type=content_type, charset=charset, rules=rules, timezone=timezone)


def main() -> None:
    """The worker process. Its stdout carries answers: anything printed goes to stderr instead."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle; it then closes us
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    import crawler.extract.extractor  # noqa: F401 (before the worker says it is ready: no job's time limit counts it)

    try:
        answers.write(_READY)  # (this module's imports, the extractor's among them, are done)
        answers.flush()
        serve(sys.stdin.buffer, answers)
    except BrokenPipeError:  # the crawl is gone (killed, or stopped as this started or parsed): end without a word
        os._exit(0)  # (not exit(): flushing `answers` again at exit would say it broke)


if __name__ == "__main__":
    main()
