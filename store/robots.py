"""The robots.txt cache, kept in the archive so a restart does not refetch what is still fresh.

One row per origin (`scheme://host:port`, in the `host` column). The crawler decides what an entry
means and when it expires; the store keeps it and hands back only entries not yet expired.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from store.archive import Archive
from store.times import parse


@dataclass(frozen=True)
class RobotsRecord:
    host: str  # origin: scheme://host:port
    fetched_at: str  # ISO 8601 UTC
    expires_at: str
    status: int | None = None  # HTTP status of robots.txt, None when it could not be fetched
    body: str | None = None
    error: str | None = None  # reason code when it could not be fetched


class RobotsCache:
    """Read and write cached robots.txt entries in an `Archive`'s `robots` table."""

    def __init__(self, archive: Archive) -> None:
        self.db = archive.db

    def get(self, host: str, now: datetime | None = None) -> RobotsRecord | None:
        """The entry for `host` if there is one that has not expired."""
        row = self.db.execute("SELECT host, fetched_at, expires_at, status, body, error FROM robots WHERE host = ?",
                              [host]).fetchone()
        if row is None:
            return None
        record = RobotsRecord(*row)
        if parse(record.expires_at) <= (now or datetime.now(UTC)):
            return None
        return record

    def put(self, record: RobotsRecord) -> None:
        with self.db.atomic():
            self.db["robots"].upsert(asdict(record), pk="host")
