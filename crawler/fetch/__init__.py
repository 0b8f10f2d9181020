"""The fetch stage: one polite, bounded HTTP client per run."""

from crawler.fetch.client import Fetcher, FetchResult

__all__ = ["Fetcher", "FetchResult"]
