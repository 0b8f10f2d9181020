"""The Scrapy side: `scrapy runspider bench/crawl/spider.py -a sitemap=URL` (or `-a urls=URL,URL`).

Comparable work per page: the body is taken with a simple CSS selector, joined into text and written
with the title as one JSON line per page through Scrapy's feed exporter. Settings come with `-s` from
bench/crawl/tools.py. Failures are written as items too (`error`), so the benchmark can say what happened.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.spiders import SitemapSpider


class BenchSpider(SitemapSpider):
    name = "bench"

    def __init__(self, sitemap: str = "", urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sitemap_urls = [sitemap] if sitemap else []
        self.direct_urls = [url for url in urls.split(",") if url]

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            yield request
        for url in self.direct_urls:  # the hostile cases: one URL each, its failure recorded
            yield Request(url, callback=self.parse, errback=self.failed, dont_filter=True)

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        paragraphs = response.css("div.TRS_Editor p::text, #zoom p::text").getall()
        yield {"url": response.url, "status": response.status, "bytes": len(response.body),
               "title": response.css("h1::text").get(), "text": "\n".join(p.strip() for p in paragraphs)}

    def failed(self, failure: Any) -> Iterator[dict[str, Any]]:
        yield {"url": failure.request.url, "error": f"{type(failure.value).__name__}: {failure.value}"[:300]}
