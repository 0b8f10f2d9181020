"""Start datasette on an archive with palimpsest's metadata and plugin."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path


def serve_archive(db_path: Path, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    from datasette.cli import cli as datasette_cli

    from store.datasette.metadata import metadata

    with tempfile.TemporaryDirectory(prefix="palimpsest-") as tmp:
        meta_path = Path(tmp, "metadata.json")
        meta_path.write_text(json.dumps(metadata(Path(db_path).stem), ensure_ascii=False), encoding="utf-8")
        # datasette opens a file database read-only for queries; we never ask it to write.
        datasette_cli.main(["serve", str(db_path), "--metadata", str(meta_path), "--host", host,
                            "--port", str(port), "--setting", "sql_time_limit_ms", "5000"],
                           prog_name="palimpsest serve", standalone_mode=True)
