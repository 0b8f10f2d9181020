"""Extraction in worker processes: the same articles, a time limit that holds, and no process left behind."""

from __future__ import annotations

import asyncio
import os
import pickle
import struct
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from crawler.errors import ParseTimeout, WorkerDied
from crawler.extract import extract
from crawler.workers import Workers
from tests import hostile
from tests.conftest import ROOT
from tests.fetching import article

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie left unreaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_a_worker_extracts_what_extract_does() -> None:
    page = article()

    async def go() -> None:
        async with Workers(1, 30) as workers:
            got = await workers.extract(page, "http://example.cn/a.html", content_type="text/html; charset=utf-8")
        assert got == extract(page, "http://example.cn/a.html", content_type="text/html; charset=utf-8")

    run(go())


def test_a_page_over_the_time_limit_fails_alone_and_the_next_one_is_extracted() -> None:
    async def go() -> None:
        async with Workers(1, 0.5) as workers:
            started = time.monotonic()
            stalled, waiting = await asyncio.gather(workers.extract(hostile.attribute_bomb(), "http://e/bomb"),
                                                    workers.extract(article(), "http://e/ok"), return_exceptions=True)
            assert isinstance(stalled, ParseTimeout) and "http://e/bomb" in str(stalled)
            assert waiting.paragraphs  # queued behind it, then extracted by the replacement worker
            assert time.monotonic() - started < 3.0

    run(go())


def test_a_time_limit_counts_the_page_not_the_worker_starting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A worker slow to start (its imports take 0.6 s on a slow machine; here Python's start-up hook sleeps, in
    # the worker, which imports from this process's path): the page's own 0.3 s limit starts once it has.
    (tmp_path / "sitecustomize.py").write_text("import time\ntime.sleep(1.0)\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    async def go() -> None:
        async with Workers(1, 0.3) as workers:
            started = time.monotonic()
            assert (await workers.extract(article(), "http://e/first")).paragraphs
            assert time.monotonic() - started > 1.0  # (the worker did take that long to start)

    run(go())


def test_a_dead_worker_fails_its_page_and_is_replaced() -> None:
    async def go() -> None:
        async with Workers(1, 30) as workers:
            await workers.extract(article(), "http://e/1")
            [worker] = workers._workers
            worker.process.kill()
            await worker.process.wait()
            with pytest.raises(WorkerDied):
                await workers.extract(article(), "http://e/2")
            assert (await workers.extract(article(), "http://e/3")).paragraphs

    run(go())


def test_closing_leaves_no_worker_behind() -> None:
    async def go() -> list[int]:
        async with Workers(2, 30) as workers:
            await asyncio.gather(*(workers.extract(article(), f"http://e/{i}") for i in range(4)))
            return [worker.process.pid for worker in workers._workers]

    pids = run(go())
    assert len(pids) == 2 and not any(alive(pid) for pid in pids)


def test_the_backlog_holds_the_fetcher_until_a_job_is_done() -> None:
    from crawler.workers import BACKLOG_PER_WORKER

    async def go() -> float:
        async with Workers(1, 30) as workers:
            await workers.call(time.sleep, 0)  # started
            jobs = [asyncio.create_task(workers.call(time.sleep, 0.3)) for _ in range(BACKLOG_PER_WORKER)]
            await asyncio.sleep(0.05)
            started = time.monotonic()
            await workers.wait_for_room()  # the first job must end first
            waited = time.monotonic() - started
            await asyncio.gather(*jobs)
            return waited

    assert run(go()) >= 0.2


def test_a_jobs_own_error_comes_back_and_the_worker_stays() -> None:
    async def go() -> None:
        async with Workers(1, 30) as workers:
            with pytest.raises(ValueError, match="invalid literal"):
                await workers.call(int, "not a number")
            [worker] = workers._workers
            assert await workers.call(int, "42") == 42
            assert workers._workers == {worker}

    run(go())


def test_a_large_job_is_sent_without_copies_of_its_pickle() -> None:
    # (a sitemap of up to the protocol's 50 MB is parsed in a worker: its bytes were held four times over while sent)
    body = bytes(24 << 20)

    async def go() -> tuple[int, float]:
        async with Workers(1, 60) as workers:
            await workers.call(len, b"")  # (the worker started before the count begins)
            tracemalloc.start()
            try:
                return await workers.call(len, body), tracemalloc.get_traced_memory()[1] / len(body)
            finally:
                tracemalloc.stop()

    size, peak = run(go())
    assert size == len(body) and peak < 1.8, peak  # the pickle (its making holds half as much again), no more


def worker_process() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "crawler.workers"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("gone", ["starting", "mid-job"])
def test_a_worker_whose_crawl_is_gone_ends_without_a_word(gone: str) -> None:
    """A crawl killed (`kill -9`) or stopped by Ctrl-C while its worker starts or parses: the worker's answer
    meets a closed pipe, and it ends quietly, printing no traceback on the crawl's terminal."""
    worker = worker_process()
    assert worker.stdin is not None and worker.stdout is not None
    if gone == "mid-job":
        assert worker.stdout.read(len(b"ready\n")) == b"ready\n"
        job = pickle.dumps((extract, (article(), "http://e/1")))
        worker.stdin.write(struct.pack(">I", len(job)) + job)
        worker.stdin.flush()
    worker.stdout.close()
    worker.stdin.close()
    assert worker.stderr is not None
    stderr = worker.stderr.read().decode()  # (until the worker ends)
    assert (worker.wait(timeout=60), stderr) == (0, "")


def test_a_worker_is_in_a_process_group_of_its_own() -> None:
    """Ctrl-C at a terminal signals its foreground process group: it is the crawl's to handle (it closes its
    workers), not a worker's, which got it too while still importing and printed a KeyboardInterrupt traceback."""
    async def go() -> int:
        async with Workers(1, 30) as workers:
            return await workers.call(os.getpgid, 0)

    assert run(go()) != os.getpgrp()


def workers_of_this_process() -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z" and b"crawler.workers" in command:
            children.append(int(stat.parent.name))
    return children


def test_a_worker_whose_start_is_cancelled_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run stopped while its workers start (their imports take a while) leaves none behind to start later."""
    (tmp_path / "sitecustomize.py").write_text("import time\ntime.sleep(1.0)\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    async def go() -> None:
        async with Workers(1, 30) as workers:
            job = asyncio.create_task(workers.extract(article(), "http://e/1"))
            await asyncio.sleep(0.3)
            job.cancel()
            with pytest.raises(asyncio.CancelledError):
                await job

    run(go())
    assert workers_of_this_process() == []
