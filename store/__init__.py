"""palimpsest store: the versioned SQLite archive. Never imports `crawler`."""

from store.archive import Archive, CaptureRecord, SnapshotRecord, StoreError, StoreOutcome

__all__ = ["Archive", "CaptureRecord", "SnapshotRecord", "StoreError", "StoreOutcome"]
