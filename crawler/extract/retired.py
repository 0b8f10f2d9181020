"""Pages that say, with a 200 and no article, that the page asked for is gone.

Older Chinese CMSs retire a page without an HTTP status: the page left in its place sends the reader on, by a
`<meta http-equiv="refresh">` or a script (`location.href = "/"`), often after an alert saying why
(`alert("该信息不存在或已删除！")`). Where the reader is sent (the site's home page, the column above) is the
pipeline's to judge, as it judges an HTTP redirect; these functions only read what the page says.
"""

from __future__ import annotations

import re

from crawler.extract.boilerplate import SOFT_404

# content="3; url=/index.html" (the delay, then where to); a page that reloads itself names no address.
_REFRESH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:[;,]\s*(?:url\s*=\s*)?[\"']?\s*([^\"'\s][^\"']*?)\s*[\"']?)?\s*$",
                      re.I)
REFRESH_MAX_DELAY = 30.0  # seconds: a page refreshing later than this is a page in its own right (a live page)
# location.href = "/", window.location='/xwzx/', location.replace("/index.html"), top.location.href="…"
_SCRIPT_REDIRECT = re.compile(r"location(?:\.href)?\s*=\s*[\"']([^\"']+)[\"']"
                              r"|location\.(?:replace|assign)\(\s*[\"']([^\"']+)[\"']\s*\)")
_ALERT = re.compile(r"alert\(\s*[\"']([^\"']{1,120})[\"']")
# A script's own text: what runs as the page loads (a logo's onclick="location.href='/'" waits for a click).
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)


def refresh_target(content: str | None) -> str | None:
    """The address a `<meta http-equiv="refresh" content=…>` sends the reader to soon, or None."""
    if not content or not (found := _REFRESH.match(content)):
        return None
    delay, target = found.groups()
    if target is None or float(delay) > REFRESH_MAX_DELAY:
        return None
    return target if not target.lower().startswith(("javascript:", "#")) else None


def script_target(html: str) -> str | None:
    """The address a page's scripts send the reader to (only asked of a stub, a page without text: an article's
    script may send phones to its mobile page), or None."""
    if "location" not in html:
        return None
    for script in _SCRIPT.findall(html):
        if found := _SCRIPT_REDIRECT.search(script):
            target = found.group(1) or found.group(2)
            return None if target.lower().startswith(("javascript:", "#")) else target
    return None


def alerts_not_found(html: str) -> bool:
    """Whether a page's script alerts that the page does not exist (alert("该信息不存在或已删除！")). (Only asked of a
    stub too: a video player's error message in an article's script says nothing of the article.)"""
    return "alert" in html and any(SOFT_404.search(message) for script in _SCRIPT.findall(html)
                                   for message in _ALERT.findall(script))
