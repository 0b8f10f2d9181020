"""Extraction in worker processes, for crawls: a time limit on every page, and spare cores put to use.

The HTML parser runs in C and cannot be interrupted: one hostile page (40,000 distinct attributes on
a single tag take it seconds; ten times as many, minutes) would stall every other page of a crawl,
whose event loop would otherwise extract in its own thread. Here each page goes to an idle worker
process; a worker that has not answered within `timeout` seconds is killed and replaced, and that
page alone fails (reason `extract_timeout`). A worker that dies (the parser crashed) fails its page as
`extract_failed`.

A worker is `python -m crawler.extract.workers`, talking over its stdin and stdout: each message is
a 4-byte length and a pickle (a task in, an Article out). It ends when its stdin closes, so a crawl
that dies, even by SIGKILL, leaves none behind.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import struct
import sys
from dataclasses import dataclass
from typing import BinaryIO

from crawler.errors import ExtractError
from crawler.extract import Article, SiteRules, extract

_LENGTH = struct.Struct(">I")
STOP_GRACE = 1.0  # seconds a closing worker may take to finish the page in hand


class ExtractionTimeout(ExtractError):
    """A page's extraction took longer than the time limit; the worker doing it was killed."""


class WorkerDied(ExtractError):
    """The worker process extracting a page died (the parser crashed)."""


@dataclass(frozen=True)
class Task:
    body: bytes
    url: str | None
    content_type: str | None
    rules: SiteRules | None
    timezone: str


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """A worker's loop: a task in, its Article out, until `requests` ends."""
    while header := requests.read(_LENGTH.size):
        task: Task = pickle.loads(requests.read(_LENGTH.unpack(header)[0]))
        article = extract(task.body, task.url, content_type=task.content_type, rules=task.rules,
                          timezone=task.timezone)
        answer = pickle.dumps(article, pickle.HIGHEST_PROTOCOL)
        answers.write(_LENGTH.pack(len(answer)) + answer)
        answers.flush()


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "crawler.extract.workers", stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONPATH": _import_path()})
        return cls(process)

    async def run(self, task: Task, timeout: float) -> Article:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        payload = pickle.dumps(task, pickle.HIGHEST_PROTOCOL)
        try:
            stdin.write(_LENGTH.pack(len(payload)) + payload)
            async with asyncio.timeout(timeout):
                await stdin.drain()
                header = await stdout.readexactly(_LENGTH.size)
                return pickle.loads(await stdout.readexactly(_LENGTH.unpack(header)[0]))
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            raise WorkerDied(f"{task.url}: the extraction worker died "
                             f"(exit code {self.process.returncode})") from exc

    async def stop(self, kill: bool = False) -> None:
        if self.process.returncode is None and kill:
            self.process.kill()
        elif self.process.stdin is not None:
            self.process.stdin.close()  # an idle worker ends when its stdin does
        try:
            await asyncio.wait_for(self.process.wait(), STOP_GRACE)
        except TimeoutError:  # mid-page when the pool closed
            self.process.kill()
            await self.process.wait()


def _import_path() -> str:
    """PYTHONPATH for a worker: this process's import path, so it imports this very `crawler`."""
    return os.pathsep.join(entry or os.getcwd() for entry in sys.path)


class ExtractionWorkers:
    """`processes` worker processes, started on first use; `extract` as `crawler.extract.extract`, awaited.
    Use as `async with`: leaving stops them all."""

    def __init__(self, processes: int, timeout: float) -> None:
        self.processes, self.timeout = max(1, processes), timeout
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._started = False
        self._starting = asyncio.Lock()

    async def extract(self, body: bytes, url: str | None = None, *, content_type: str | None = None,
                      rules: SiteRules | None = None, timezone: str = "Asia/Shanghai") -> Article:
        """Raises ExtractionTimeout or WorkerDied for this page only; the pool stays whole."""
        await self._start()
        worker = await self._idle.get()
        try:
            article = await worker.run(Task(body, url, content_type, rules, timezone), self.timeout)
        except TimeoutError:
            await self._replace(worker)
            raise ExtractionTimeout(f"{url}: extraction took over {self.timeout:g} s; stopped") from None
        except WorkerDied:
            await self._replace(worker)
            raise
        except BaseException:  # cancelled mid-page (the run is stopping): its pipe may hold a stale answer
            self._workers.discard(worker)
            await asyncio.shield(worker.stop(kill=True))
            raise
        self._idle.put_nowait(worker)
        return article

    async def _start(self) -> None:
        async with self._starting:
            if not self._started:
                for _ in range(self.processes):
                    await self._add()
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
        """Stop every worker: an idle one ends when its stdin closes; one still mid-page is killed."""
        workers, self._workers = self._workers, set()
        await asyncio.gather(*(worker.stop() for worker in workers))

    async def __aenter__(self) -> ExtractionWorkers:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def main() -> None:
    """The worker process. Its stdout carries answers: anything printed goes to stderr instead."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle; it then closes us
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
