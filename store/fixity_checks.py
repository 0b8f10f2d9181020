"""The daemon's fixity checks (`[daemon] verify_every`), one row each when done: the next is due a period after the
last one done, however often the daemon is reloaded or restarted in between.

`palimpsest verify` records nothing: it only reads.
"""

from __future__ import annotations

from sqlite_utils import Database

from store.verify import FixityReport


def record_check(db: Database, started_at: str, ended_at: str, report: FixityReport) -> None:
    with db.atomic():
        db["fixity_checks"].insert({"started_at": started_at, "ended_at": ended_at, "bodies": report.bodies,
                                    "captures": report.captures, "versions": report.versions,
                                    "problems": len(report.problems)})


def last_check(db: Database) -> str | None:
    """When the latest check done began; None for a store never checked."""
    return db.execute("SELECT max(started_at) FROM fixity_checks").fetchone()[0]
