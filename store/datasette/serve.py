"""Start datasette on an archive with palimpsest's metadata and plugin."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path


def ensure_plugin_registered() -> None:
    """The plugin normally arrives through the package's entry point; register it when running from a checkout."""
    from datasette.plugins import pm

    from store.datasette import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="palimpsest")


def serve_archive(db_path: Path, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    from datasette.cli import cli as datasette_cli

    from store.datasette.metadata import metadata

    ensure_plugin_registered()
    with tempfile.TemporaryDirectory(prefix="palimpsest-") as tmp:
        meta_path = Path(tmp, "metadata.json")
        meta_path.write_text(json.dumps(metadata(Path(db_path).stem), ensure_ascii=False), encoding="utf-8")
        # datasette opens a file database read-only (mode=ro) for queries; with the store in WAL mode it reads
        # a consistent snapshot while the daemon writes.
        datasette_cli.main(["serve", str(db_path), "--metadata", str(meta_path), "--host", host,
                            "--port", str(port), "--setting", "sql_time_limit_ms", "5000",
                            # article texts are long: show the start of each in tables, the whole on its row page
                            "--setting", "truncate_cells_html", "300"],
                           prog_name="palimpsest serve", standalone_mode=True)
