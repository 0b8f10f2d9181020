"""Optional per-source CSS rules that win over the heuristics."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteRules:
    body: str | None = None  # CSS selector of the article body
    title: str | None = None
    date: str | None = None
    drop: tuple[str, ...] = ()  # selectors removed before extraction
