"""Crawl runs per source: start, end, counts and error, so the daemon knows what is overdue or failing."""

from __future__ import annotations

import fcntl
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from sqlite_utils import Database


@dataclass
class RunCounts:
    discovered: int = 0
    fetched: int = 0
    new: int = 0
    changed: int = 0
    reread: int = 0  # a new text from the same bytes: the extractor or the site's rules changed, not the page
    unchanged: int = 0
    gone: int = 0
    errors: int = 0
    held_back: int = 0  # new pages found and left for a later run by the source's max_new_per_run
    out_of_scope: int = 0  # links found outside the source's hosts and allow/deny patterns, not fetched
    # known pages a feed or sitemap dates after their last fetch, left for a later run by max_lastmod_revisits_per_run
    revisits_held_back: int = 0

    def count(self, change: str, failed: bool) -> None:
        """Count one processed page by the change it made."""
        self.fetched += 1
        if failed and change != "gone":
            self.errors += 1
        elif change in ("new", "changed", "reread", "unchanged", "gone"):
            setattr(self, change, getattr(self, change) + 1)
        elif change == "back":  # (back with the text it had: unchanged; its event says it was gone)
            self.unchanged += 1

    def summary(self) -> str:
        return ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in asdict(self).items())


@dataclass(frozen=True)
class Run:
    id: int
    source: str
    started_at: str
    ended_at: str | None
    status: str  # running, ok, failed, interrupted
    error: str | None


def start_run(db: Database, source: str, at: str) -> int:
    with db.atomic():
        return db["runs"].insert({"source": source, "started_at": at, "status": "running"}).last_pk


def finish_run(db: Database, run_id: int, at: str, counts: RunCounts, status: str, error: str | None = None) -> None:
    with db.atomic():
        db["runs"].update(run_id, {"ended_at": at, "status": status, "error": error, **asdict(counts)})


def last_run(db: Database, source: str) -> Run | None:
    row = db.execute("SELECT id, source, started_at, ended_at, status, error FROM runs WHERE source = ?"
                     " ORDER BY id DESC LIMIT 1", [source]).fetchone()
    return Run(*row) if row else None


def consecutive_failures(db: Database, source: str) -> int:
    """How many of the source's latest finished runs failed, counting back to its last good one."""
    rows = db.execute("SELECT status FROM runs WHERE source = ? AND status IN ('ok', 'failed')"
                      " ORDER BY id DESC LIMIT 100", [source]).fetchall()
    count = 0
    for (status,) in rows:
        if status != "failed":
            break
        count += 1
    return count


def run_lock_path(store: Path, run_id: int) -> Path:
    """The file a process running run `run_id` holds locked: beside the store, named by its real path (links
    resolved), as the daemon's own lock is."""
    return Path(f"{Path(store).resolve()}.run{run_id}.lock")


class RunLock:
    """An exclusive flock on `run_lock_path`, held while the run is in progress: the kernel releases it if the
    process dies, so a run whose file is not held was left 'running' by a process that is gone (a `kill -9`, a
    crash), and one whose file is held belongs to a live process (a `crawl` beside the daemon). Taken before the
    run's row is committed; released, and its file removed, once the run's end is recorded."""

    def __init__(self, store: Path, run_id: int) -> None:
        self.path = run_lock_path(store, run_id)
        self.handle: IO[str] | None = None
        try:
            handle = open(self.path, "a")  # noqa: SIM115 (held open for the run's life)
        except OSError:  # (the folder let SQLite write but not this: the run goes on, as before run locks)
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # (a new run's number: no other process holds it)
        except OSError:
            handle.close()
            return
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            with suppress(OSError):
                self.path.unlink()
            self.handle.close()
            self.handle = None


def held(path: Path) -> bool:
    """Whether a live process holds the lock (a run's, an alert claim's) at `path`."""
    try:
        handle = open(path)  # noqa: SIM115 (closed below)
    except OSError:  # (none: a run of an older palimpsest, or of a process that could not make one)
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        handle.close()
    return False


def close_interrupted(db: Database, at: str, store: Path) -> int:
    """Mark runs left 'running' by a process that is gone as interrupted (a live one's run lock is held: a `crawl`
    running beside the daemon keeps its run); returns how many. In one write transaction: a run that ends meanwhile
    records its end after this, and releases its lock only then."""
    with db.atomic():
        stale = [run_id for (run_id,) in db.execute("SELECT id FROM runs WHERE status = 'running'").fetchall()
                 if not held(run_lock_path(store, run_id))]
        for run_id in stale:
            db.execute("UPDATE runs SET status = 'interrupted', ended_at = ? WHERE id = ?", [at, run_id])
            with suppress(OSError):
                run_lock_path(store, run_id).unlink()
        return len(stale)
