"""Raw response bodies, stored once per SHA-256 of the exact bytes, zlib-compressed."""

from __future__ import annotations

import hashlib
import zlib

from sqlite_utils import Database

from store.rows import insert_row

COMPRESSION = "zlib"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_body(db: Database, data: bytes) -> str:
    """Store `data` unless already stored; return its SHA-256."""
    digest = sha256_hex(data)
    if not db.execute("SELECT 1 FROM bodies WHERE sha256 = ?", [digest]).fetchone():
        packed = zlib.compress(data, 6)
        insert_row(db, "bodies", {"sha256": digest, "size": len(data), "stored_size": len(packed),
                                  "compression": COMPRESSION, "content": packed})
    return digest


def get_body(db: Database, digest: str) -> bytes | None:
    row = db.execute("SELECT compression, content FROM bodies WHERE sha256 = ?", [digest]).fetchone()
    if row is None:
        return None
    compression, content = row
    return zlib.decompress(content) if compression == COMPRESSION else content
