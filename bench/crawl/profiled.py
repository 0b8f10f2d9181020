"""`python -m bench.crawl.profiled DUMP palimpsest-arguments...`: the CLI under cProfile, every thread of it.

`python -m cProfile` sees the main thread only, and palimpsest records a crawl's pages from a writer thread
(`crawler.pipeline.PageWriter`), so the store would vanish from the profile. Here each thread gets its own
profiler, and the dump written at exit is their sum. Times are cProfile's usual wall-clock ones, per thread:
a thread waiting for the GIL is charged to the function it waits in (a per-thread CPU clock would avoid that,
but costs a system call per function call and skews the profile far more).
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import threading

from crawler.cli import main


def profiled(dump: str) -> int:
    profiles = [cProfile.Profile()]
    thread_run = threading.Thread.run

    def run(thread: threading.Thread) -> None:
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.runcall(thread_run, thread)

    threading.Thread.run = run  # type: ignore[method-assign]
    code = 0
    try:
        profiles[0].runcall(main)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        threading.Thread.run = thread_run  # type: ignore[method-assign]
        stats = pstats.Stats(profiles[0])
        for profile in profiles[1:]:
            stats.add(profile)
        stats.dump_stats(dump)
    return code


if __name__ == "__main__":
    dump = sys.argv.pop(1)
    sys.argv[0] = "palimpsest"
    sys.exit(profiled(dump))
