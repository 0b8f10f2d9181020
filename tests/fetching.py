"""Helpers for fetch tests: a fast test config, running the real pipeline, reading the real store."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from crawler.config import Config, FetchConfig, Source, StoreConfig
from crawler.fetch import Fetcher
from crawler.pipeline import PageResult, Pipeline
from store import Archive

# Small timeouts and caps, so hostile cases end in well under a second or two each.
FAST = {"allow_addresses": ("127.0.0.1",), "delay": 0.0, "timeout": 2.0, "deadline": 6.0, "connect_timeout": 1.0,
        "read_timeout": 1.5, "retries": 1, "obey_robots": False, "max_backoff": 1.0, "max_body_bytes": 1 << 20}

ARTICLE = """<!doctype html><html><head><meta charset="utf-8"><title>{title} - 国务院国资委</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/about">关于我们</a></div>
<div class="content"><h1>{title}</h1>
<p>2月3日上午，国资委召开党委会议，传达学习中央关于深化国有企业改革工作的重要指示精神。</p>
<p>会议要求，各中央企业要{change}切实做好生产经营工作，确保各项目标任务平稳有序推进。</p>
<p>会议强调，要加强组织领导，压实各级责任，推动高质量发展取得新成效，为稳定经济大盘作出贡献。</p>
</div><div class="footer">版权所有 国务院国资委 京ICP备05000000号</div></body></html>"""


TITLE = "国资委召开会议部署改革工作"


def article(title: str = TITLE, change: str = "") -> bytes:
    return ARTICLE.format(title=title, change=change).encode("utf-8")


SUBTITLE = "——国资委主任出席会议并讲话"


def with_subtitle(subtitle: str = SUBTITLE) -> bytes:
    """The article with a subtitle under its headline, both above the article's own box (as news pages set them)."""
    head = f'<div class="head"><h1>{TITLE}</h1><h2 class="subtitle">{subtitle}</h2></div><div class="content">'
    return article().replace(f'<div class="content"><h1>{TITLE}</h1>'.encode(), head.encode())


def make_config(tmp_path: Path, **fetch: Any) -> Config:
    return Config(store=StoreConfig(tmp_path / "archive.db"), fetch=FetchConfig(**{**FAST, **fetch}))


async def _process(config: Config, urls: tuple[str, ...], source: Source | None,
                   require_article: bool) -> list[PageResult]:
    with Archive(config.store.path) as archive:
        async with Fetcher(config.fetch, robots=archive) as fetcher:
            pipeline = Pipeline(config, archive, fetcher)
            tasks = (pipeline.process(url, source=source, require_article=require_article) for url in urls)
            return list(await asyncio.gather(*tasks))


def process(config: Config, *urls: str, source: Source | None = None, require_article: bool = False,
            **fetch: Any) -> list[PageResult]:
    """Run the real pipeline (one fetcher, as a run does) over `urls`; `fetch` overrides config keys."""
    if fetch:
        config = replace(config, fetch=replace(config.fetch, **fetch))
    return asyncio.run(_process(config, urls, source, require_article))


def rows(config: Config, sql: str, *params: Any) -> list[tuple]:
    with sqlite3.connect(config.store.path) as conn:
        return conn.execute(sql, params).fetchall()
