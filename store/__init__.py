"""palimpsest store: the versioned SQLite archive. Never imports `crawler`.

`Archive` and its records load on first use, so that a leaf module (`store.times`, `store.hanzi`) can be
imported without sqlite-utils: a parsing worker needs none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.archive import Archive, CaptureRecord, SnapshotRecord, StoreError, StoreOutcome

__all__ = ["Archive", "CaptureRecord", "SnapshotRecord", "StoreError", "StoreOutcome"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from store import archive

        return getattr(archive, name)
    raise AttributeError(f"module 'store' has no attribute {name!r}")
