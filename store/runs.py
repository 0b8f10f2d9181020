"""Crawl runs per source: start, end, counts and error, so the daemon knows what is overdue or failing."""

from __future__ import annotations

from dataclasses import asdict, dataclass

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


def close_interrupted(db: Database, at: str) -> int:
    """Mark runs left 'running' by a crashed process as interrupted; returns how many."""
    with db.atomic():
        return db.execute("UPDATE runs SET status = 'interrupted', ended_at = ? WHERE status = 'running'",
                          [at]).rowcount
