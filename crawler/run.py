"""Running the pipeline over many URLs at once: the one-off `fetch` (and, later, crawl runs)."""

from __future__ import annotations

import asyncio

from crawler.config import Config, Source
from crawler.fetch import Fetcher
from crawler.pipeline import PageResult, Pipeline
from store import Archive


async def fetch_urls(config: Config, urls: list[str], source: Source | None = None) -> list[PageResult]:
    """Fetch, extract and store each URL; results in the order given. One bad URL never stops the rest."""
    with Archive(config.store.path) as archive:
        async with Fetcher(config.fetch) as fetcher:
            pipeline = Pipeline(config, archive, fetcher)
            tasks = [pipeline.process(url, source=source) for url in urls]
            return list(await asyncio.gather(*tasks))
