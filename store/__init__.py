"""palimpsest store: the versioned SQLite archive. Never imports `crawler`."""

from store.archive import Archive, CaptureRecord, SnapshotRecord, StoreOutcome

__all__ = ["Archive", "CaptureRecord", "SnapshotRecord", "StoreOutcome"]
