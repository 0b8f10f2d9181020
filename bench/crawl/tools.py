"""Running each crawler as a subprocess: its command, its settings, its clock and memory, and what it kept.

Each run gets a fresh temporary directory (config, store, feed), so no run sees another's state. Peak RSS is
the larger of the child's own `ru_maxrss` (from `os.wait4` on that child, so one run's memory never leaks into
the next) and the peak of its process tree's summed RSS, sampled every 50 ms (palimpsest's extraction worker
is a second process).
"""

from __future__ import annotations

import contextlib
import json
import os
import pstats
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the venv the benchmark runs in holds both tools
SPIDER = Path(__file__).resolve().parent / "spider.py"


@dataclass(frozen=True)
class Limits:
    """The settings both tools get, each in its own words."""
    concurrency: int = 16  # Scrapy CONCURRENT_REQUESTS / palimpsest concurrency
    host_concurrency: int = 8  # Scrapy CONCURRENT_REQUESTS_PER_DOMAIN / palimpsest host_concurrency
    timeout: float = 30.0  # palimpsest timeout / Scrapy DOWNLOAD_TIMEOUT
    scrapy_timeout: float = 30.0
    attempts: int = 3  # palimpsest retries / Scrapy RETRY_TIMES + 1


@dataclass(frozen=True)
class Outcome:
    """One timed subprocess run."""
    seconds: float
    cpu_seconds: float  # user + system time of the child
    peak_rss_mb: float
    returncode: int | None  # None: killed at the time cap
    log_tail: str


@dataclass(frozen=True)
class Kept:
    """What a crawler kept: pages with text, and a short account of everything else."""
    pages: int
    detail: str


def timed(command: list[str], workdir: Path, cap: float) -> Outcome:
    """Run `command`, killing it (and its children) after `cap` seconds; wall time and peak RSS of the child."""
    log = workdir / "output.log"
    with log.open("wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)

        timer = threading.Timer(cap, kill)
        timer.start()
        tree_peak = TreeMemory(child.pid)
        tree_peak.start()
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not all children's so far
        seconds = time.perf_counter() - start
        timer.cancel()
        tree_peak.stop()
        child.returncode = os.waitstatus_to_exitcode(status)
    tail = "\n".join(log.read_text(errors="replace").strip().splitlines()[-6:])
    code = None if killed.is_set() else child.returncode
    # ru_maxrss is the largest single process; a tool with worker processes holds their sum.
    peak_mb = max(usage.ru_maxrss / 1024, tree_peak.peak_bytes / 2**20)
    return Outcome(seconds, usage.ru_utime + usage.ru_stime, peak_mb, code, tail)


class TreeMemory(threading.Thread):
    """Samples the summed RSS of a process and its descendants every `interval` seconds; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_bytes = pid, interval, 0
        self._done = threading.Event()

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._done.wait(self.interval):
            total = sum(_resident_pages(pid) for pid in _tree(self.pid)) * page
            self.peak_bytes = max(self.peak_bytes, total)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc/<pid>/task/<pid>/children."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            stack.extend(int(child) for child in Path(f"/proc/{current}/task/{current}/children").read_text().split())
    return found


def _resident_pages(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0  # ended between the listing and the read


def server_alone(base: str, paths: list[str], connections: int) -> float | None:
    """Seconds curl (C, `--parallel`, keep-alive) needs to fetch every page: the server's own pace, or None
    without curl. Far below the crawlers' times, it shows the server is not what the table measures."""
    curl = shutil.which("curl")
    if not curl:
        return None
    with tempfile.TemporaryDirectory() as name:
        listing = Path(name) / "urls.txt"
        listing.write_text("".join(f'url = "{base}{path}"\noutput = "/dev/null"\n' for path in paths))
        command = [curl, "--silent", "--fail", "--parallel", "--parallel-max", str(connections),
                   "--config", str(listing)]
        start = time.perf_counter()
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
        return time.perf_counter() - start if done.returncode == 0 else None


# ---- palimpsest ---------------------------------------------------------------------------------------------

def palimpsest_config(workdir: Path, limits: Limits, *, sitemap: str | None = None, urls: tuple[str, ...] = (),
                      max_new: int = 500) -> Path:
    """A config.toml for one run: the store in `workdir`, no delay, no robots, 127.0.0.1 allowed."""
    path = workdir / "config.toml"
    sitemaps = f'sitemaps = ["{sitemap}"]\n' if sitemap else ""
    path.write_text(f"""[store]
path = "{workdir / 'archive.db'}"

[fetch]
timeout = {limits.timeout}
deadline = {limits.timeout * limits.attempts + 30}
retries = {limits.attempts}
delay = 0
concurrency = {limits.concurrency}
host_concurrency = {limits.host_concurrency}
obey_robots = false
allow_addresses = ["127.0.0.1"]

[[sources]]
name = "bench"
every = "1h"
robots_sitemaps = false
max_new_per_run = {max_new}
{sitemaps}urls = {json.dumps(list(urls))}
""", encoding="utf-8")
    return path


def palimpsest_command(config: Path, profile: Path | None = None) -> list[str]:
    if profile:  # the same crawl under cProfile (each thread), for `--profile`
        return [str(BIN / "python"), "-m", "bench.crawl.profiled", str(profile), "--config", str(config),
                "crawl", "bench"]
    return [str(BIN / "palimpsest"), "--config", str(config), "crawl", "bench"]


def hot_spots(profile: Path, count: int = 15) -> list[str]:
    """palimpsest's own functions (crawler/, store/) with the most cumulative time in a cProfile dump.

    A coroutine counts one call per resumption, so `calls` of async functions exceed the pages. The dump adds up
    the threads (the crawl's main thread and its page writer), so shares are of their summed profiled time."""
    dump = pstats.Stats(str(profile))
    stats, total = dump.stats, dump.total_tt  # type: ignore[attr-defined]  # (pstats leaves both undeclared)
    ours = [(cumulative, own, calls, f"{Path(file).relative_to(ROOT)}:{line} {name}")
            for (file, line, name), (_, calls, own, cumulative, _) in stats.items()
            if file.startswith(str(ROOT / "crawler")) or file.startswith(str(ROOT / "store"))]
    ours.sort(reverse=True)
    return [f"{cumulative / total:6.1%} of all: {cumulative:6.2f} s with callees, {own:5.2f} s own, "
            f"{calls:6d} calls  {where}" for cumulative, own, calls, where in ours[:count]]


def palimpsest_kept(workdir: Path) -> Kept:
    """Snapshots with text in the run's store, and the capture outcomes (reason codes) beside them."""
    db = workdir / "archive.db"
    if not db.exists():
        return Kept(0, "no store written")
    with sqlite3.connect(db) as conn:
        pages = conn.execute("SELECT count(DISTINCT url) FROM snapshots WHERE chars > 0").fetchone()[0]
        rows = conn.execute("SELECT coalesce(error, outcome), count(*) FROM captures GROUP BY 1").fetchall()
        largest = conn.execute("SELECT max(bytes) FROM captures").fetchone()[0]
    outcomes = ", ".join(f"{name} {count}" for name, count in sorted(rows, key=lambda r: -r[1]))
    return Kept(pages, f"captures: {outcomes or 'none'}; largest body {_size(largest)}")


# ---- Scrapy -------------------------------------------------------------------------------------------------

def scrapy_command(workdir: Path, limits: Limits, *, sitemap: str | None = None,
                   urls: tuple[str, ...] = ()) -> list[str]:
    settings = {
        "CONCURRENT_REQUESTS": limits.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": limits.host_concurrency,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "DOWNLOAD_TIMEOUT": limits.scrapy_timeout,
        "RETRY_ENABLED": limits.attempts > 1,
        "RETRY_TIMES": max(0, limits.attempts - 1),
        "COOKIES_ENABLED": False,  # the site sets none; on, Scrapy would look up the public suffix list
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "FEED_EXPORT_ENCODING": "utf-8",
    }
    command = [str(BIN / "scrapy"), "runspider", str(SPIDER), "-O", f"{workdir / 'items.jsonl'}:jsonlines"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    if sitemap:
        command += ["-a", f"sitemap={sitemap}"]
    if urls:
        command += ["-a", f"urls={','.join(urls)}"]
    return command


def scrapy_kept(workdir: Path) -> Kept:
    """Items with text in the feed, and the errors or body sizes of the rest."""
    feed = workdir / "items.jsonl"
    if not feed.exists():
        return Kept(0, "no feed written")
    pages, tally, largest = 0, Counter(), 0
    with feed.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if "error" in item:
                tally[item["error"].split(":")[0]] += 1
                continue
            largest = max(largest, item.get("bytes", 0))
            pages += bool(item.get("text"))
            tally[f"http_{item['status']}" + ("" if item.get("text") else " (no text)")] += 1
    outcomes = ", ".join(f"{name} {count}" for name, count in tally.most_common())
    return Kept(pages, f"items: {outcomes or 'none'}; largest body {_size(largest)}")


def _size(count: int | None) -> str:
    if not count:
        return "0"
    return f"{count / 2**20:.1f} MiB" if count >= 2**20 else f"{count / 1024:.0f} KiB"
