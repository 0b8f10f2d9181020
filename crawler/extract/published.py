"""Which date on the page is its publication date: a labelled one near the body (发布时间：…), a date line
above or under it, a post's stamp under its text, and the time of day another line near it gives.
(dates.py reads each date; extract/extractor.py's `_published` tries these in order, after the markup's.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain
from urllib.parse import urlsplit

from crawler.extract import body as bodyfinder
from crawler.extract import bylines, dates
from crawler.extract.boilerplate import PROFILE_FIELD
from crawler.extract.heuristics import (
    BANNER_MENU_MIN_LINKS,
    FOOTER_FIELD_MAX_UNITS,
    METADATA_LINE_MAX_UNITS,
    STAMP_UNDER_TEXT_BLOCKS,
    units,
)
from store.urls import same_site


def labelled_date_near(meta_lines: list[str], before: list[str], tz: str) -> str | None:
    """A labelled date among the body's metadata lines, else in the lines before the body, nearest
    first; each line is read with the one after it (发布日期： and its date may sit in two cells).
    A date labelled as the publication's wins over one labelled as an update (更新日期) nearer by."""
    texts = ["\n".join(meta_lines)] if meta_lines else []
    texts += ["\n".join(before[index:index + 2]) for index in range(len(before) - 1, -1, -1)]
    first_update = None
    for text in texts:
        published, updated = dates.publication_or_update_date(text, tz)
        if published:
            return published
        first_update = first_update or updated
    return first_update


def date_line_or_later_label(lines: list[str], after: list[str], tz: str) -> str | None:
    """An unlabelled date line before the body, unless a labelled date right after the body gives
    the same day more precisely (发布于：2015-11-05 11:34). Otherwise a date after the body loses
    to the line before it: after the body come reader comments, each with its date."""
    dated = [t for t in lines if units(t) < _DATE_LINE_MAX_UNITS and not dates.names_another_time(t)
             and not PROFILE_FIELD.match(t)]
    # (the publication's line before a nearer one of the last update: 最后更新: 2023-06-15 17:45:10)
    line_date = first_of(dates.parse_date(t, tz) for t in dated if not dates.names_an_update(t)) \
        or first_of(dates.parse_date(t, tz) for t in dated)
    if line_date is None or line_date[10:19] != "T00:00:00":  # (a time already: a comment's is not more precise)
        return line_date
    labelled = dates.labelled_date("\n".join(after), tz)
    return labelled if labelled and labelled[:10] == line_date[:10] else line_date


_DATE_LINE_MAX_UNITS = 60  # (a longer line with a date is prose that names one)


def banner_dates(page: bodyfinder.Page, near: list[int], headline: int, start: int, tz: str,
                 url: str | None = None) -> set[int]:
    """The lines of `near` (the positions of the lines read before the body) that are a site banner's date of the
    day, not the page's: a date with its weekday (2024年3月6日 星期三) above the headline (or, where none was found,
    the body), set apart from it by the site's menu or crumb, or beside it in its own line (the top bar's 首页 |
    新闻): BANNER_MENU_MIN_LINKS links or more to the site's own pages from its line to the headline (a script's
    打印, 加入收藏 is none, nor a share bar's 微博, QQ空间). Each day's visit would be an edit. A date right above
    the headline (a blog's day over its post's title) or under it (2012年1月16日 星期一 over the text) is the
    page's."""
    boundary = headline if 0 <= headline < start else start
    blocks, banners = page.blocks, set()
    for position in near:
        if position >= boundary:
            break  # (`near` is in page order)
        text = blocks[position].text
        if dates.WEEKDAY.search(text) is None or units(text) >= _DATE_LINE_MAX_UNITS \
                or dates.parse_date(text, tz) is None:
            continue
        host = _host(url)
        if sum(_site_links(block.links, host) for block in blocks[position:boundary]) >= BANNER_MENU_MIN_LINKS:
            banners.add(position)
    return banners


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def _site_links(links: list[str], host: str | None) -> int:
    """How many of `links` lead to pages of the site at `host`: relative ones, or to a host of its registrable domain;
    all of them where the page's host is not known."""
    if host is None:
        return len(links)
    count = 0
    for link in links:
        try:
            to = urlsplit(link.strip()).hostname
        except ValueError:  # (http://[broken/)
            continue
        count += to is None or same_site(to, host)
    return count


def timed_by_same_day(day: str, near: list[str], page: bodyfinder.Page | None, tz: str) -> str:
    """A day-only date at the time another date of that same day gives: a line near the body (PJBlog:
    日期:2006-01-03 in the byline, 2006-01-03 21:40:02 under the post) or <title>, else, given the `page`, a labelled
    date anywhere in it (时间：2004年10月21日14:18 kept out of the body's reach by a list of links)."""
    if day[10:19] != "T00:00:00":
        return day
    short = [line for line in near if units(line) <= METADATA_LINE_MAX_UNITS]
    blocks = page.blocks if page is not None else []
    labelled = (block.text for block in blocks if block.units <= METADATA_LINE_MAX_UNITS)
    candidates = chain((dates.parse_date(line, tz) for line in short), (dates.labelled_date(t, tz) for t in labelled))
    timed = next((found for found in candidates
                  if found and found[:10] == day[:10] and found[10:19] != "T00:00:00"), None)
    return timed or _at_month_day_time(day, short)


def _at_month_day_time(day: str, lines: list[str]) -> str:
    for line in lines:
        for match in _MONTH_DAY_TIME.finditer(line):
            month, date, hour, minute = (int(group) for group in match.groups())
            if (month, date) == (int(day[5:7]), int(day[8:10])):
                return f"{day[:11]}{hour:02d}:{minute:02d}:00{day[19:]}"
    return day


def stamp_right_after(after: list[str], tz: str) -> str | None:
    """A post's time printed under it (dvbbs: 05-3-11 12:12), as the first line after the body and
    a date line alone, or among a footer's short fields (引用 | 分类:股市 | 2008-4-17 14:23:00 | 阅读(2531)),
    or the paper's edition (《人民日报》（2003年09月22日 第二版）): further down, comments have their own dates."""
    after = _past_a_tail_field(after, tz)
    stamp = after[0] if after else ""  # (the lines after the body are those with text)
    if stamp and (bylines.is_metadata_line(stamp, units(stamp)) or _footer_fields(stamp)
                  or dates.EDITION_LINE.match(stamp)):
        return dates.parse_date(stamp, tz)
    return None


def _past_a_tail_field(lines: list[str], tz: str) -> list[str]:
    """`lines` past a first one that is a field of the post's own, not its time: dvbbs's IP:已设置保密, tieba's
    1楼 (not a heading such as 网友评论, above the comments), or its writer's name signing it (江南小雨, then
    2005-8-22 19:13)."""
    if len(lines) > 1 and (_POST_TAIL_FIELD.match(lines[0]) or bylines.is_signature_name(lines[0])) \
            and dates.parse_date(lines[0], tz) is None:
        return lines[1:]
    return lines


def stamp_under_text(page: bodyfinder.Page, kept: list[int], tz: str) -> str | None:
    """The time a post prints alone right under its last line, dropped from the text (tieba: 1楼, then
    2009-11-3 21:07). Alone: a reader's comment under it names its reader (reader42 2020-01-05 10:00)."""
    if not kept:
        return None
    texts = [block.text for block in page.blocks[kept[-1] + 1:kept[-1] + 1 + STAMP_UNDER_TEXT_BLOCKS] if block.text]
    texts = _past_a_tail_field(texts, tz)
    if texts and _WORDS.search(texts[0]) is None:
        return dates.parse_date(texts[0], tz)
    return None


def _footer_fields(line: str) -> bool:
    """Three or more short fields between bars, one of them a date: a post's footer."""
    fields = _FIELD_BAR.split(line)
    return len(fields) >= 3 and all(units(field) <= FOOTER_FIELD_MAX_UNITS for field in fields) \
        and any(dates.parse_date(field) for field in fields)


# A month and day with the time, no year (a mobile page's 08-09 18:22): the time of a day known otherwise.
_MONTH_DAY_TIME = re.compile(r"(?<![\d-])(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?\s+([01]?\d|2[0-3])[:：]([0-5]\d)"
                             r"(?![\d:])")


_POST_TAIL_FIELD = re.compile(r"^(?:第?\d+\s*[楼樓#]|楼主|樓主|#\d+|[^\s:：]{1,6}\s*[:：]\s*\S{0,10})$")


_WORDS = re.compile(r"[^\W\d_年月日時时分秒]")  # (a letter or character other than a date's own)


_FIELD_BAR = re.compile(r"[|｜]")


def first_of(values: Iterable[str | None]) -> str | None:
    """The first of the values found."""
    return next((v for v in values if v), None)
