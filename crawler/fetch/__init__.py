"""The fetch stage: one polite, bounded HTTP client per run."""

from crawler.fetch.client import Fetcher
from crawler.fetch.result import FetchFailed, FetchResult

__all__ = ["Fetcher", "FetchFailed", "FetchResult"]
