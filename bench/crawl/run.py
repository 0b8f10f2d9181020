"""palimpsest's crawl against Scrapy's, in the same run, on the same local site.

    python -m bench.crawl.run [--pages N] [--rounds R] [--quick] [--no-hostile]

Both tools run as subprocesses, A B A B, each round in a fresh temporary directory, against a site served
from this process on 127.0.0.1 (N article pages, 20–40 KB of Chinese news HTML each, one in four GBK,
listed by a sitemap). palimpsest runs `palimpsest crawl`: discovery, fetch, extraction and SQLite storage.
Scrapy runs a SitemapSpider that takes the body with a CSS selector and writes JSON Lines. Both get the
same concurrency, no delay, no robots.txt. Then the hostile cases: each tool once against a gzip bomb
(1 MB → 1 GiB) and a body trickled at one byte a second, one attempt each (no retries), to show how
long each takes to give up and how much memory it needs meanwhile. Every run is killed at a time cap, and
the whole benchmark stops by itself within `--budget` seconds. Results go to bench/crawl/results/latest.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from bench.crawl import tools
from bench.crawl.site import BOMB_BYTES, LocalSite, ServerLoad
from bench.crawl.tools import Kept, Limits, Outcome

RESULTS_DIR = Path(__file__).resolve().parent / "results"
TOOLS = ("palimpsest", "scrapy")


@dataclass(frozen=True)
class Run:
    tool: str
    outcome: Outcome
    kept: Kept
    server: ServerLoad


class Budget:
    """Seconds left for the whole benchmark; each run's cap is the smaller of its own and what is left."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    def cap(self, wanted: float) -> float:
        return max(0.0, min(wanted, self.ends - time.monotonic()))


def crawl_once(tool: str, site: LocalSite, limits: Limits, cap: float, *, sitemap: str | None = None,
               urls: tuple[str, ...] = ()) -> Run:
    """One timed run of one tool in a fresh directory, with what it kept and what the server did meanwhile."""
    with tempfile.TemporaryDirectory(prefix=f"bench-crawl-{tool}-") as name:
        workdir = Path(name)
        if tool == "palimpsest":
            config = tools.palimpsest_config(workdir, limits, sitemap=sitemap, urls=urls,
                                             max_new=max(1, len(site.article_paths)))
            command, kept = tools.palimpsest_command(config), tools.palimpsest_kept
        else:
            command, kept = tools.scrapy_command(workdir, limits, sitemap=sitemap, urls=urls), tools.scrapy_kept
        with site.measure() as meter:
            outcome = tools.timed(command, workdir, cap)
        return Run(tool, outcome, kept(workdir), meter.load)


def warm_up() -> None:
    """Load each tool once, untimed, so the first timed run does not pay for a cold disk cache alone."""
    with tempfile.TemporaryDirectory() as name:
        for command in ([str(tools.BIN / "palimpsest"), "--help"], [str(tools.BIN / "scrapy"), "version"]):
            tools.timed(command, Path(name), 60)


# ---- the two parts ------------------------------------------------------------------------------------------

def throughput(site: LocalSite, limits: Limits, rounds: int, budget: Budget,
               say: Callable[[str], None]) -> list[Run]:
    runs = []
    for number in range(1, rounds + 1):
        for tool in TOOLS:
            cap = budget.cap(180)
            if cap <= 0:
                say(f"  budget spent: {tool} round {number} not run")
                continue
            run = crawl_once(tool, site, limits, cap, sitemap=f"{site.base}/sitemap.xml")
            runs.append(run)
            say(f"  round {number} {tool:<10} {_describe(run)}")
    return runs


def profile(site: LocalSite, limits: Limits, budget: Budget, say: Callable[[str], None]) -> None:
    """One more palimpsest crawl, under cProfile (slower than the timed ones), and its hottest functions."""
    with tempfile.TemporaryDirectory(prefix="bench-crawl-profile-") as name:
        workdir = Path(name)
        config = tools.palimpsest_config(workdir, limits, sitemap=f"{site.base}/sitemap.xml",
                                         max_new=len(site.article_paths))
        dump = workdir / "crawl.prof"
        outcome = tools.timed(tools.palimpsest_command(config, profile=dump), workdir, budget.cap(300))
        if not dump.exists():
            say(f"  profile: no profile written ({outcome.log_tail.splitlines()[-1:] or 'no output'})")
            return
        say(f"palimpsest under cProfile: {outcome.seconds:.2f} s; its functions by cumulative time, "
            "main thread and page writer added up:")
        for line in tools.hot_spots(dump):
            say(f"  {line}")


HOSTILE = (("gzip bomb", "/hostile/bomb.html"), ("trickle 1 B/s", "/hostile/trickle.html"))


def hostile(site: LocalSite, limits: Limits, budget: Budget, say: Callable[[str], None]) -> list[tuple[str, Run]]:
    runs = []
    for case, path in HOSTILE:
        for tool in TOOLS:
            cap = budget.cap(limits.scrapy_timeout + 60)
            if cap <= 0:
                say(f"  budget spent: {case} {tool} not run")
                continue
            run = crawl_once(tool, site, limits, cap, urls=(f"{site.base}{path}",))
            runs.append((case, run))
            say(f"  {case:<14} {tool:<10} {_describe(run)}")
    return runs


def _describe(run: Run) -> str:
    status = "killed at cap" if run.outcome.returncode is None else f"exit {run.outcome.returncode}"
    return (f"{run.outcome.seconds:6.2f} s  cpu {run.outcome.cpu_seconds:5.2f} s  rss {run.outcome.peak_rss_mb:6.0f} MB"
            f"  kept {run.kept.pages}  {status}"
            f"  requests {run.server.first_request:.2f}–{run.server.last_request:.2f} s"
            f"  server busy {run.server.busy:.0%}, {run.server.requests} requests"
            f" on {run.server.connections} connections"
            f"  [{run.kept.detail}]")


# ---- tables -------------------------------------------------------------------------------------------------

def throughput_table(runs: list[Run], pages: int) -> list[str]:
    """One row per tool: medians over its rounds. A tool with an incomplete run gets no rate: it would flatter."""
    rows = {}
    for tool in TOOLS:
        mine = [run for run in runs if run.tool == tool]
        if mine:
            seconds = statistics.median(run.outcome.seconds for run in mine)
            complete = all(run.kept.pages == pages and run.outcome.returncode == 0 for run in mine)
            rows[tool] = (min(run.kept.pages for run in mine), seconds,
                          statistics.median(run.server.span for run in mine), pages / seconds if complete else None,
                          statistics.median(run.outcome.cpu_seconds for run in mine),
                          max(run.outcome.peak_rss_mb for run in mine), len(mine))
    lines = ["| tool | pages kept (min) | median s | crawl s | pages/s | median CPU s | peak RSS MB "
             "| speed vs Scrapy | RSS vs Scrapy | runs |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    base = rows.get("scrapy")
    for tool, (kept, seconds, span, rate, cpu, rss, count) in rows.items():
        speed = f"{rate / base[3]:.2f}×" if base and base[3] and rate else "–"
        memory = f"{rss / base[5]:.2f}×" if base else "–"
        shown = f"{rate:.0f}" if rate else "incomplete"
        lines.append(f"| {tool} | {kept}/{pages} | {seconds:.2f} | {span:.2f} | {shown} | {cpu:.2f} | {rss:.0f} "
                     f"| {speed} | {memory} | {count} |")
    return lines


def server_notes(runs: list[Run], alone: float | None, pages: int, limits: Limits) -> list[str]:
    """Why the table measures the crawlers: the server alone is much faster, and was rarely busy."""
    notes = [f"Server: at most {max((r.server.busy for r in runs), default=0):.0%} of one core busy during a run; "
             f"requests answered per run: {_values(r.server.requests for r in runs)}; TCP connections per run: "
             + "; ".join(f"{tool} {_values(r.server.connections for r in runs if r.tool == tool)}" for tool in TOOLS)
             + "."]
    if alone:
        notes[0] += (f" The same {pages} pages fetched by curl alone (`--parallel-max {limits.host_concurrency}`, "
                     f"keep-alive): {alone:.2f} s, {pages / alone:.0f} pages/s.")
    notes.append("Per page, palimpsest decodes (charset sniffing), extracts the article with its heuristics, "
                 "stores the raw body compressed, a capture row, a snapshot row and a full-text index entry in "
                 "SQLite, one transaction a page (from a writer thread, while the next pages are fetched and "
                 "extracted); the Scrapy spider runs one CSS selector and writes a JSON line.")
    notes.append("`crawl s` is the span from the first request the server saw to the last (the crawl without "
                 "start-up and shut-down); pages/s and the ratios use the end-to-end median.")
    return notes


def _values(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in sorted(set(numbers))) or "–"


def hostile_table(runs: list[tuple[str, Run]], limits: dict[str, str]) -> list[str]:
    lines = ["| case | tool | limit set | over after s | peak RSS MB | what it recorded |",
             "|---|---|---|---:|---:|---|"]
    for case, run in runs:
        ended = "killed at cap" if run.outcome.returncode is None else f"{run.outcome.seconds:.1f}"
        lines.append(f"| {case} | {run.tool} | {limits[run.tool]} | {ended} | {run.outcome.peak_rss_mb:.0f} "
                     f"| {run.kept.detail} |")
    return lines


def environment(args: argparse.Namespace, site: LocalSite, limits: Limits) -> list[str]:
    versions = ", ".join(f"{name} {_version(name)}" for name in ("palimpsest", "scrapy", "httpx", "twisted"))
    return [
        f"- when: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {versions}; Python {platform.python_version()}",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, load average at start "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        f"- site: {args.pages} article pages, {site.article_bytes / len(site.article_paths) / 1024:.0f} KiB mean "
        f"(one in four GBK), a sitemap listing them, served from a thread on 127.0.0.1",
        f"- both tools: concurrency {limits.concurrency}, per host {limits.host_concurrency}, no delay, "
        f"robots off, {limits.attempts} attempts, timeout {limits.timeout:g} s; Scrapy: AUTOTHROTTLE and "
        f"HTTPCACHE off, cookies off, LOG_LEVEL WARNING",
    ]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


# ---- main ---------------------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500, help="article pages on the site (default 500)")
    parser.add_argument("--rounds", type=int, default=3, help="A B rounds; medians are reported (default 3)")
    parser.add_argument("--quick", action="store_true", help="100 pages, 1 round, no hostile cases")
    parser.add_argument("--no-hostile", action="store_true", help="skip the gzip bomb and trickle cases")
    parser.add_argument("--concurrency", type=int, default=16, help="global concurrency of both (default 16)")
    parser.add_argument("--host-concurrency", type=int, default=8, help="per-host concurrency of both (default 8)")
    parser.add_argument("--profile", action="store_true",
                        help="also run palimpsest once under cProfile and print its hot spots")
    parser.add_argument("--budget", type=float, default=280, help="stop everything after this many seconds")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "latest.md", help="Markdown results file")
    args = parser.parse_args(argv)
    if args.quick:
        args.pages, args.rounds, args.no_hostile = min(args.pages, 100), 1, True
    if args.pages < 1 or args.rounds < 1:
        parser.error("--pages and --rounds must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    missing = [name for name in ("palimpsest", "scrapy") if not (tools.BIN / name).exists()]
    if missing:
        print(f"bench.crawl: {', '.join(missing)} not installed in {tools.BIN} "
              "(run with the project venv: .venv/bin/python -m bench.crawl.run; scrapy: .venv/bin/pip install scrapy)",
              file=sys.stderr)
        return 2
    budget = Budget(args.budget)
    limits = Limits(concurrency=args.concurrency, host_concurrency=args.host_concurrency)
    say = _printer()
    say(f"building the site ({args.pages} pages{'' if args.no_hostile else ' and a 1 GiB gzip bomb'}) ...")
    with LocalSite(args.pages, hostile=not args.no_hostile) as site:
        about = environment(args, site, limits)
        warm_up()
        alone = tools.server_alone(site.base, site.article_paths, limits.host_concurrency)
        say(f"server alone (curl --parallel {limits.host_concurrency}): "
            + (f"{alone:.2f} s for {args.pages} pages" if alone else "curl not available"))
        say(f"throughput: {args.rounds} rounds, A B A B")
        runs = throughput(site, limits, args.rounds, budget, say)
        if args.profile:
            profile(site, limits, budget, say)
        hostile_runs: list[tuple[str, Run]] = []
        rough = Limits(concurrency=1, host_concurrency=1, timeout=5.0, scrapy_timeout=30.0, attempts=1)
        if not args.no_hostile:
            say("hostile cases: one attempt each")
            hostile_runs = hostile(site, rough, budget, say)
    report = ["# Crawl benchmark: palimpsest vs Scrapy", "", *about, "",
              f"## Throughput: {args.pages} pages, median of {args.rounds} rounds", "",
              *throughput_table(runs, args.pages), "",
              *server_notes(runs, alone, args.pages, limits)]
    if hostile_runs:
        limits_set = {"palimpsest": f"timeout {rough.timeout:g} s, max_body_bytes 10 MiB (defaults otherwise)",
                      "scrapy": f"DOWNLOAD_TIMEOUT {rough.scrapy_timeout:g} s, DOWNLOAD_MAXSIZE 1 GiB (default)"}
        report += ["", f"## Hostile cases: gzip bomb ({len(site.bomb) / 2**20:.1f} MiB → {BOMB_BYTES / 2**30:.0f} GiB),"
                   " body trickled at 1 byte/s; one attempt, no retries", "",
                   *hostile_table(hostile_runs, limits_set)]
    given = " ".join(argv if argv is not None else sys.argv[1:])
    report += ["", f"Command: `{f'python -m bench.crawl.run {given}'.strip()}`"]
    text = "\n".join(report) + "\n"
    print("\n" + text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"written to {args.output}")
    failed = [run for run in runs if run.kept.pages != args.pages or run.outcome.returncode != 0]
    if failed:
        print(f"warning: {len(failed)} run(s) failed or kept fewer than {args.pages} pages: "
              + "; ".join(f"{r.tool}: {r.kept.pages} ({r.kept.detail})" for r in failed), file=sys.stderr)
    return 1 if failed or not runs else 0


def _printer() -> Callable[[str], None]:
    def say(line: str) -> None:
        print(line, flush=True)
    return say


if __name__ == "__main__":
    sys.exit(main())
