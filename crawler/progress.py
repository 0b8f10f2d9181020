"""Showing a crawl as it goes: a live rich table on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import asdict
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.table import Table

from store.runs import RunCounts

COLUMNS = ("discovered", "fetched", "new", "changed", "reread", "unchanged", "gone", "errors")
log = logging.getLogger("palimpsest.crawl")


class CrawlProgress:
    """Call with (source, counts) after each page; use as a context manager around the run."""

    def __init__(self, interactive: bool | None = None, log_every: float = 5.0) -> None:
        self.interactive = sys.stderr.isatty() if interactive is None else interactive
        self.sources: dict[str, RunCounts] = {}
        self.live: Live | None = None
        self.log_every, self.last_log = log_every, 0.0

    def __enter__(self) -> CrawlProgress:
        if self.interactive:
            # The table is built at each refresh (4 a second), not after each page.
            self.live = Live(console=Console(stderr=True), refresh_per_second=4, transient=False,
                             get_renderable=self._table)
            self.live.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.live:
            self.live.__exit__(kind, exc, tb)  # (a last refresh shows the final counts)

    def __call__(self, source: str, counts: RunCounts) -> None:
        self.sources[source] = counts
        if self.live:
            return
        if time.monotonic() - self.last_log >= self.log_every:
            self.last_log = time.monotonic()
            log.info("%s: %s", source, counts.summary())

    def _table(self) -> Table:
        table = Table(title="palimpsest crawl", expand=False)
        table.add_column("source")
        for column in COLUMNS:
            table.add_column(column, justify="right")
        for source, counts in self.sources.items():
            values = asdict(counts)
            table.add_row(source, *(str(values[c]) for c in COLUMNS))
        return table
