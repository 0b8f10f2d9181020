"""Publication dates: parsed from markup (<meta>, JSON-LD, <time>) and from text (发布时间：2020-02-06
09:35:03, 2020年02月06日, 民國113年5月2日, English dates), in the configured zone when none is given.

Every finder returns the value and a short note of where it came from, for `--explain`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from datetime import timezone as fixed_offset
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.extract.boilerplate import with_traditional
from crawler.extract.markup import Found, MetaTags
from crawler.extract.patterns import with_lookahead

# <meta> names/properties that carry a publication date, most specific first.
DATE_METAS = (
    "article:published_time", "og:published_time", "og:article:published_time", "pubdate", "publishdate",
    "publish_date", "publish-date", "publishtime", "publish_time", "published_time", "published", "PubDate",
    "firstpublishedtime", "apub:time", "og:time", "datepublished", "dc.date.issued", "dc.date", "dcterms.issued",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published", "article_date_original",
    "cxenseparse:recs:publishtime", "date", "originalpublicationdate", "sort_date", "displaydate",
    "weibo:article:create_at", "contentdate", "releasedate", "release_date", "lastmodifiedtime",
    "dateupdate",  # (Baidu's baijiahao, whose text gives the day without its year: 发布时间：09-30)
)
# Of those, the names that do not say the date is the publication's (it may be the last update's).
VAGUE_DATE_METAS = frozenset(f"meta {name}" for name in (
    "dc.date", "date", "sort_date", "displaydate", "contentdate", "lastmodifiedtime", "dateupdate"))
_DATE_META_RANK = {name.lower(): rank for rank, name in enumerate(DATE_METAS)}
EARLIEST_YEAR = 1990
# A date, its time (after a space, T, or a hyphen as gov.cn's firstpublishedtime has it: 2022-07-14-18:20:00)
# and the time's UTC offset: an offset only ever follows a time (2020-02-06-2020-03-05 is a range).
# Between the day and the time, a weekday, Hong Kong's zone and a half of the day may stand: 2012年05月21日
# (星期一) 13:42, 2017-03-21 HKT 11:21, 2012年4月10日 下午2:35.
# (NUM_DATE, SHORT_YEAR_DATE and EN_DATE run on every short line of a page: behind a lookahead of their first
# characters, a line without a date is passed over about twice as fast. The lookahead takes no character:
# the groups are as written.)
NUM_DATE = with_lookahead(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年|\s(?=\s*\d{1,2}\s?/\s?\d))\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?"
    r"(?:(?:\s*(?:[(（]?(?:星期|周|週|禮拜|礼拜)[一二三四五六日天][)）]?|[(（][一二三四五六日天][)）]))?(?:\s*HKT)?\s*(上午|下午|中午|晚上|晚間|晚间|凌晨|早上|傍晚)?"
    r"(?:[T\s]*|-|\s*[|｜丨]\s*|\s*(?:时间|時間)\s*[:：]\s*)(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?"
    r"(?:\.\d+)?(?:\s*([AaPp])\.?[Mm](?![A-Za-z])\.?)?"  # 2005-3-21 11:21:00 PM; 2005-03-21 | 11:21
    r"\s*(Z|[+-](?:0\d|1[0-4]):?[0-5]\d(?!\d))?)?"
)
# C's ctime(), as BBS posts are stamped: Sat Nov 18 21:46:33 2006.
_CTIME_DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})"
                         r"\s+((?:19|20)\d{2})\b", re.I)
_AFTERNOON = frozenset({"下午", "晚上", "晚間", "晚间", "傍晚"})
# dvbbs and other forums of the 2000s print a post's time with a two-digit year: 05-3-11 12:12. Only
# with its time is it read as a date (a bare 05-3-11 may be a part number or a score).
SHORT_YEAR_DATE = with_lookahead(r"(?<![\d.:/-])(\d{2})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])")
_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
EN_DATE = with_lookahead(
    r"\b(?:(?<![:\d])(\d{1,2})(?:\s+|-))?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?(?:\s+|-)"
    r"(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?"
    r"((?:19|20)\d{2})\b",
    re.I,
)
# Labels of the time a page was published or posted. A bare 时间/日期 counts only as a label of its own:
# 注册时间, 报名时间, 截止日期 are facts of a notice, not its date.
# (Spelt out word by word: one alternation of plain words is scanned for far faster than a group of them.)
_POSTING_VERBS = ("发布", "發佈", "發布", "发表", "發表", "发稿", "發稿", "发文", "發文", "成文", "更新",
                  "录入", "錄入", "添加", "上传", "上傳", "刊发", "刊發", "刊登", "印发", "印發",
                  "提问", "提問",  # (a Q&A page's question is its post)
                  "發出", "发出",  # (a Hong Kong notice's 發出日期)
                  "生成",  # (a 2008 信息公开 table's 生成日期)
                  # the other labels of a page's own going out: a reprint's 见报/刊出, a disclosure's 公开,
                  # a CMS's 入库/编发; not 发行, 播出, 出版, 公布 or 加入, which date an album, a broadcast, a
                  # book, exam results or a forum member in a page's text
                  "公开", "公開", "见报", "見報", "刊出", "刊载", "刊載", "登载", "登載", "入库", "入庫",
                  "编发", "編發", "撰稿",
                  "修改",  # (an update, like 更新)
                  # and labels that name what is dated: the item itself
                  "信息", "新闻", "新聞", "资讯", "資訊", "文章", "稿件")
POSTED = [verb + noun for verb in _POSTING_VERBS for noun in ("时间", "日期", "時間")]


def bare_label(word: str, forum: bool = False) -> str:
    """`word` not preceded by a Han character; with `forum`, also after 帖/贴 (发帖时间) or a bare 提交
    (Tianya's 提交日期, but not 材料提交日期). The checks come after its first character, so that the engine
    looks for a literal first (a lookbehind in front of it would be tried at every position, and each
    more word in the alternation costs every line a few per cent)."""
    first = word[0]
    guard = rf"(?<![\u4e00-\u9fff]{first})"
    if forum:
        guard = rf"(?:{guard}|(?<=[帖贴]{first})|(?<=(?<![\u4e00-\u9fff])提交{first}))"
    return rf"{first}{guard}{word[1:]}"


# (searched through a whole page's text when nothing else dates it: behind a lookahead of its first characters)
DATE_LABEL = with_lookahead(
    "(" + "|".join(with_traditional([*POSTED, bare_label("时间", forum=True), bare_label("日期", forum=True),
                                     r"发表于", r"发布于"]))
    + r"|posted on|published|posted|updated|post\s*by)\s*[:：]?",  # (dvbbs: 发贴心情 Post By：2005-8-22 19:13)
    re.I,
)


def _local_iso(tz: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0,
               second: int = 0) -> str | None:
    """The moment as ISO 8601 in `tz`, or None when it is no date (out of range, 30 February, 25:00)."""
    if not _valid(year, month, day) or hour > 23 or minute > 59 or second > 59:
        return None
    try:
        return _to_iso(datetime(year, month, day, hour, minute, second), tz)
    except ValueError:  # (30 February)
        return None


def _full_year(year: int) -> int:
    """A two-digit year in the common era: 05 -> 2005, 99 -> 1999 (none before EARLIEST_YEAR)."""
    return year + (1900 if year >= EARLIEST_YEAR % 100 else 2000)


def _valid(year: int, month: int, day: int) -> bool:
    return EARLIEST_YEAR <= year <= datetime.now().year + 1 and 1 <= month <= 12 and 1 <= day <= 31


def _to_iso(dt: datetime, tz: ZoneInfo) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.isoformat()


# Full-width digits and separators (２０２０年３月２日, １０：３０), as some CMS templates print them.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９：－／．", "0123456789:-/.")
# Dates in Chinese numerals, as government documents sign them: 二〇二〇年三月二日.
HAN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
HAN_MONTH_CHARS = frozenset("一二三四五六七八九十")  # (what a month written in Chinese numerals starts with)
_HAN_NUMBER = r"(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_HAN_DATE = re.compile(rf"([〇零○Ｏ一二三四五六七八九]{{4}}|\d{{4}})\s*年"
                       rf"\s*({_HAN_NUMBER})\s*月\s*({_HAN_NUMBER})\s*日")
# Taiwan's calendar counts the years of the Republic of China (民國113年 is 2024), and its government
# sites print them bare as well: 113年5月2日, 113-05-02, 113/5/2, 民國一一三年, 中華民國一百十三年.
ROC_YEAR_OFFSET = 1911
_ROC_YEAR = re.compile(
    r"(?:中華|中华)?民[國国]\s*(\d{1,3}|[〇零○一二三四五六七八九十百]{1,6})(?=\s*年)"
    r"|(?<![\d./-])(1[0-4]\d)(?=\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月|([-/])\d{1,2}\3\d{1,2}(?!\d)|\.\d{2}\.\d{2}(?![\d.]))")


def _han_number(numeral: str) -> int:
    """一 -> 1, 十二 -> 12, 二十一 -> 21 (the numbers of months and days)."""
    if "十" not in numeral:
        return HAN_DIGITS[numeral]
    tens, _, units_digit = numeral.partition("十")
    return (HAN_DIGITS[tens] if tens else 1) * 10 + (HAN_DIGITS[units_digit] if units_digit else 0)


def han_date_to_digits(text: str) -> str:
    def digits(match: re.Match) -> str:
        year = match.group(1)
        if not year.isdigit():
            year = "".join(str(HAN_DIGITS[c]) for c in year)
        return f"{year}年{_han_number(match.group(2))}月{_han_number(match.group(3))}日"
    return _HAN_DATE.sub(digits, text)


def _roc_year(numeral: str) -> int | None:
    """113, 一一三, 一百十三, 一百一十三, 九十九 -> the number; None for what is no number."""
    try:
        if numeral.isdigit():
            return int(numeral)
        hundreds, mark, rest = numeral.rpartition("百") if "百" in numeral else ("", "", numeral)
        rest = rest.lstrip("零〇○")
        if "十" in rest or not mark:
            value = _han_number(rest) if "十" in rest else int("".join(str(HAN_DIGITS[c]) for c in rest))
        else:
            value = HAN_DIGITS[rest] if rest else 0
        return value + (100 * (HAN_DIGITS[hundreds] if hundreds else 1) if mark else 0)
    except (KeyError, ValueError):
        return None


def from_roc_calendar(text: str) -> str:
    """`text` with the years of the Republic of China written as the Common Era's (113年 -> 2024年)."""
    if "民" not in text and _ROC_YEAR_HINT.search(text) is None:
        return text  # (most lines: a scan for a literal is far cheaper than the full pattern)

    def common_era(match: re.Match) -> str:
        year = _roc_year(match.group(1) or match.group(2))
        return match.group(0) if year is None else str(year + ROC_YEAR_OFFSET)
    return _ROC_YEAR.sub(common_era, text)


# A two-digit year of the Republic of China, 80-99 (1991-2010), as Taiwanese pages wrote them before 民國100年:
# 97年11月5日, 99-10-01 (not the end of 1997, nor a part of a longer figure).
_ROC_SHORT_YEAR = re.compile(r"(?<![\d.:/-])([89]\d)(?=\s*年|([-/.])\d{1,2}\2\d{1,2}(?![\d:]))")


def with_roc_short_years(line: str) -> str:
    """`line` with its two-digit Republic of China years written as the Common Era's (97年 -> 2008年)."""
    return _ROC_SHORT_YEAR.sub(lambda match: str(int(match.group(1)) + ROC_YEAR_OFFSET), line)


_ROC_YEAR_HINT = re.compile(r"1[0-4]\d(?:\s*年|[-/.]\d)")  # (starts with a literal: found by a fast scan)


def _ctime_date(match: re.Match, tz: ZoneInfo) -> str | None:
    month, day, year = _MONTHS[match.group(1).lower()], int(match.group(2)), int(match.group(6))
    return _local_iso(tz, year, month, day, *(int(match.group(i)) for i in (3, 4, 5)))


def parse_date(text: str, timezone: str = "Asia/Shanghai") -> str | None:
    """The first date (and time) in `text` as ISO 8601 with offset; local time is `timezone`."""
    if not text:
        return None
    tz = ZoneInfo(timezone)
    named = None
    if not text.isascii():
        text = text.translate(_FULL_WIDTH)
        if "年" in text:
            text = han_date_to_digits(text)
        if ("时间" in text or "時間" in text) and (named := _zone_beside_a_time(text)) is not None:
            text = f"{text[:named[0]]} {text[named[1]:]}"  # (格林尼治标准时间 between the day and its time)
    found = _common_era_date(text, tz)
    if found is None and (in_common_era := from_roc_calendar(text)) != text:
        found = _common_era_date(han_date_to_digits(in_common_era), tz)
    if found and named is not None and not _WRITTEN_OFFSET.search(text):
        found = datetime.fromisoformat(found).replace(tzinfo=ZoneInfo(_NAMED_ZONES[named[2]])).isoformat()
    return found


# A zone named beside a time (overseas outlets' and foreign broadcasters' Chinese pages): 10:32:18（巴黎时间）,
# 08:12 美東時間, 格林尼治标准时间 14:32. The zone's own offset that day is given (Paris is +02:00 in summer).
_NAMED_ZONES = {
    **dict.fromkeys(["北京时间", "北京時間"], "Asia/Shanghai"),
    **dict.fromkeys(["香港时间", "香港時間"], "Asia/Hong_Kong"),
    **dict.fromkeys(["台北时间", "台北時間"], "Asia/Taipei"),
    **dict.fromkeys(["新加坡时间", "新加坡時間"], "Asia/Singapore"),
    **dict.fromkeys(["东京时间", "東京時間", "日本时间", "日本時間"], "Asia/Tokyo"),
    **dict.fromkeys(["悉尼时间", "雪梨時間", "悉尼時間"], "Australia/Sydney"),
    **dict.fromkeys(["巴黎时间", "巴黎時間", "法国时间", "法國時間"], "Europe/Paris"),
    **dict.fromkeys(["柏林时间", "柏林時間", "德国时间", "德國時間"], "Europe/Berlin"),
    **dict.fromkeys(["伦敦时间", "倫敦時間", "英国时间", "英國時間"], "Europe/London"),
    **dict.fromkeys(["莫斯科时间", "莫斯科時間"], "Europe/Moscow"),
    **dict.fromkeys(["美东时间", "美東時間", "美国东部时间", "美國東部時間", "纽约时间", "紐約時間"],
                    "America/New_York"),
    **dict.fromkeys(["美西时间", "美西時間", "美国西部时间", "美國西部時間", "太平洋时间", "太平洋時間"],
                    "America/Los_Angeles"),
    **dict.fromkeys(["格林尼治标准时间", "格林威治标准时间", "格林威治標準時間", "格林尼治時間", "格林威治时间",
                     "格林威治時間", "世界标准时间", "协调世界时间"], "UTC"),
}
_NAMED_ZONE = re.compile("|".join(sorted(_NAMED_ZONES, key=len, reverse=True)))  # (plain words: a quick scan)
_TIME_ENDS = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?$")
_TIME_STARTS = re.compile(r"\d{1,2}[:：]\d{2}")


def _zone_beside_a_time(text: str) -> tuple[int, int, str] | None:
    """The first zone named right before or after a time (in prose, 北京时间3月5日凌晨 names none): where
    it starts and ends, with its brackets and the spaces and comma around it, and its name."""
    for named in _NAMED_ZONE.finditer(text):
        start, end = named.start(), named.end()
        if start and text[start - 1] in "(（" and end < len(text) and text[end] in ")）":
            start, end = start - 1, end + 1
        while start and text[start - 1] in " ,，\u3000":
            start -= 1
        while end < len(text) and text[end] in " \u3000":
            end += 1
        if _TIME_ENDS.search(text, max(0, start - 8), start) or _TIME_STARTS.match(text, end):
            return start, end, named.group()
    return None


_WRITTEN_OFFSET = re.compile(r"\d:\d\d(?::\d\d)?(?:\.\d+)?\s*(?:Z|[+-]\d\d:?\d\d)(?!\d)")


_TIME_BEFORE_DATE = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})\s+$")


def _common_era_date(text: str, tz: ZoneInfo) -> str | None:
    for match in NUM_DATE.finditer(text):
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
        if not _valid(year, month, day):
            continue
        hour, minute, second = (int(match.group(i) or 0) for i in (5, 6, 7))
        if match.group(5) is None and (first := _TIME_BEFORE_DATE.search(text, max(0, match.start() - 8),
                                                                            match.start())):
            hour, minute = int(first.group(1)), int(first.group(2))  # 11:05 2012/01/12 (中國時報)
        half, meridiem = match.group(4), (match.group(8) or "").lower()
        if half and hour < 12 and (half in _AFTERNOON or (half == "中午" and hour < 11)):
            hour += 12
        elif meridiem and 1 <= hour <= 12:
            hour = hour % 12 + (12 if meridiem == "p" else 0)
        if hour > 23 or minute > 59 or second > 59:
            hour = minute = second = 0
        try:
            dt = datetime(year, month, day, hour, minute, second)
        except ValueError:
            continue
        offset = match.group(9) or ("+08:00" if match.group(5) and "HKT" in match.group(0) else None)
        if offset:
            if offset == "Z":
                offset = "+00:00"
            sign = 1 if offset[0] == "+" else -1
            digits = offset[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            dt = dt.replace(tzinfo=fixed_offset(sign * delta))
        return _to_iso(dt, tz)
    if (found := _short_year_date(text, tz)) is not None:
        return found
    if ":" in text and (ctime := _CTIME_DATE.search(text)) is not None:
        return _ctime_date(ctime, tz)
    match = EN_DATE.search(text)
    if match:
        day = int(match.group(1) or match.group(3) or 0)
        month, year = _MONTHS[match.group(2)[:3].lower()], int(match.group(4))
        if day and _valid(year, month, day):
            try:
                near = text[max(0, match.start() - EN_TIME_REACH):match.end() + EN_TIME_REACH]
                return _to_iso(_with_english_time(datetime(year, month, day), near), tz)
            except ValueError:
                pass
    if "/" in text or "-" in text or "." in text:
        return _year_last_date(text, tz, day_first=_HAN.search(text) is not None)
    return None


_HAN = re.compile(r"[\u4e00-\u9fff]")


# 21/03/2005 (day first, as a European company's site prints it) or 10-21-2010 09:15 (month first, as an
# American one does): read only where the day cannot be a month (3/4/2005 may be either), except in a
# Chinese line: Chinese writes a year last only in Hong Kong's, Macau's and Malaysia's day-first way
# (發佈日期：05/03/2012 is the 5th of March; Taiwan and the mainland put the year first).
# (with its time, to the second, and AM or PM: an American-locale ASP forum prints 7/15/2005 10:40:12 PM)
_YEAR_LAST = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d{2})(?![\d/-])"
                        r"(?:(?:\s+-\s+|,?\s+)([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?"
                        r"(?:\s*([AaPp])\.?[Mm]\.?(?![A-Za-z]))?)?")


def _year_last_date(text: str, tz: ZoneInfo, day_first: bool) -> str | None:
    for match in _YEAR_LAST.finditer(text):
        first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        if second > 12 and first <= 12:
            day, month = second, first
        else:
            day, month = (first, second) if first > 12 or day_first else (0, 0)
        hour, minute, second = int(match.group(5) or 0), int(match.group(6) or 0), int(match.group(7) or 0)
        if match.group(8) and 1 <= hour <= 12:
            hour = hour % 12 + (12 if match.group(8) in "Pp" else 0)
        if day and (found := _local_iso(tz, year, month, day, hour, minute, second)):
            return found
    return None


def _short_year_date(text: str, tz: ZoneInfo) -> str | None:
    match = SHORT_YEAR_DATE.search(text) if "-" in text and ":" in text else None
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups())
    return _local_iso(tz, _full_year(year), month, day, hour, minute, second)


# The time printed beside an English date: "10:02 AM EST Nov 19, 2019", "Nov 19, 2019 at 5:30 p.m. GMT".
EN_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?(?![A-Za-z]))?"
                      r"(?:\s+([A-Z]{2,4})\b)?")
EN_TIME_REACH = 24  # characters before or after the date where its time may be printed
# US and European zone abbreviations (hours from UTC). A time in another zone is dropped, the day kept:
# AMT, IST and CST are each two or three zones (CST: China's as well as US Central).
_ZONES = {"UTC": 0, "GMT": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "EST": -5, "EDT": -4,
          "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
          "HKT": 8, "SGT": 8, "MYT": 8, "AWST": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11}
# US papers' zones without the season ("3:45 p.m. ET"): the offset is the one in force that day.
_SEASONLESS_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                     "PT": "America/Los_Angeles"}


def _with_english_time(day: datetime, text: str) -> datetime:
    """`day` at the time `text` gives, in its zone when it names one (local time when it names none)."""
    match = EN_TIME.search(text)
    if match is None:
        return day
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem, zone = (match.group(4) or "").lower(), match.group(5)
    if meridiem and not 1 <= hour <= 12:
        return day
    hour = hour % 12 + (12 if meridiem == "p" else 0) if meridiem else hour
    if hour > 23 or minute > 59 or second > 59:
        return day
    at = day.replace(hour=hour, minute=minute, second=second)
    if zone is None:
        return at
    if (seasonless := _SEASONLESS_ZONES.get(zone.upper())) is not None:
        return at.replace(tzinfo=ZoneInfo(seasonless))
    hours = _ZONES.get(zone.upper())
    return day if hours is None else at.replace(tzinfo=fixed_offset(timedelta(hours=hours)))


# The time on a line of its own, under a date line without one: 香港時間15時20分 (Hong Kong's press
# releases), 北京时间 08:30.
_TIME_LINE = re.compile(
    r"^(?:香港時間|香港时间|北京时间|北京時間|時間|时间)?\s*[:：]?\s*([01]?\d|2[0-3])\s*[時时:：]\s*([0-5]\d)\s*分?$")


# ...or at the head of a post's footer, before its links: 22:47 | 添加评论 | 永久链接 (MSN Spaces); or at the
# end of a Hong Kong government press release: Ends/Thursday, March 10, 2011 / Issued at HKT 18:35.
_TIME_BEFORE_BAR = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)\s*[|｜丨]|.*\bIssued at HKT\s*([01]?\d|2[0-3]):([0-5]\d)")


def with_time_line(published: str, lines: list[str]) -> str:
    """`published` (a day, from text) at the time a time-only line among `lines` gives, if one does."""
    if published[10:19] != "T00:00:00":  # (the day only, as a date line without a time gives it)
        return published
    for line in lines:
        line = line.strip()
        if match := (_TIME_LINE.match(line) if len(line) <= 16 else None) or _TIME_BEFORE_BAR.match(line):
            hour, minute = (group for group in match.groups() if group)
            return f"{published[:11]}{int(hour):02d}:{minute}:00{published[19:]}"
    return published


# A field label before the date (报名时间：…, 截止日期: …): the line states a fact of the page, it does not sign it.
_FIELD_BEFORE_DATE = re.compile(r"^[^:：\d]{1,12}[:：]")


# The paper and edition an article was printed in, under its text: 《人民日报》 （2003年09月22日 第二版）,
# 《 光明日报 》（ 2022年02月13日 02版） (the corpus's annotators keep it as text; it also dates the page).
EDITION_LINE = re.compile(r"^\s*《\s*([^《》]{2,12}?)\s*》\s*[(（]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
                          r"\s*(?:第?\s*[\d一二三四五六七八九十]{1,3}\s*版)?\s*[)）]\s*$")


def paper_of_edition(lines: list[str]) -> Found:
    """The paper an edition line names (人民日报), the source when nothing labels one."""
    for line in lines:
        if (edition := EDITION_LINE.match(line)) is not None:
            return edition.group(1), "the paper's edition line"
    return None, ""


def signed_date(line: str, timezone: str = "Asia/Shanghai") -> str | None:
    """The date of a line that closes a document (辽宁省国资委 2020年3月2日), not of a field line."""
    return None if _FIELD_BEFORE_DATE.match(line) else parse_date(line, timezone)


def parse_machine_date(value: str, timezone: str = "Asia/Shanghai") -> str | None:
    """Dates from markup: ISO 8601, RFC 2822, epoch seconds/milliseconds, compact 20200206."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit() and len(value) in (10, 13):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        dt = datetime.fromtimestamp(seconds, ZoneInfo("UTC")).astimezone(ZoneInfo(timezone))
        return dt.isoformat() if EARLIEST_YEAR <= dt.year <= datetime.now().year + 1 else None
    if NUM_DATE.search(value):
        return parse_date(value, timezone)
    try:
        return _to_iso(parsedate_to_datetime(value), ZoneInfo(timezone))
    except (TypeError, ValueError, IndexError):
        pass
    if found := parse_date(value, timezone):
        return found
    match = _COMPACT_DATE.search(value)
    if match:
        return _to_iso(datetime(int(match.group(1)), int(match.group(2)), int(match.group(3))), ZoneInfo(timezone))
    return None


# A machine date's own offset: …T01:50:59Z, …+08:00, …-0500.
_STATED_OFFSET = re.compile(r"\d(?:Z|[+-]\d\d:?\d\d)\s*$", re.I)


def date_from_markup(tree: LexborHTMLParser, timezone: str, metas: MetaTags | None = None) -> Found:
    """<meta> dates (CMS names included), JSON-LD datePublished, then <time datetime>."""
    best: tuple[int, str, str, bool] | None = None  # rank, date, source, whether the markup gave its offset
    timed: list[str] = []  # the meta dates that give a time
    zoned: list[str] = []  # ...and of those, the ones that give their offset
    for attrs in (metas or MetaTags(tree)).attributes:
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        rank = _DATE_META_RANK.get(name)
        if rank is None or not (content := attrs.get("content")):
            continue
        value = parse_machine_date(content, timezone)
        stated = ":" in content and _STATED_OFFSET.search(content) is not None
        if value and ":" in content:
            timed.append(value)
            if stated:
                zoned.append(value)
        if value and (best is None or rank < best[0]):
            best = (rank, value, f"meta {name}", stated)
    found = (metas or MetaTags(tree)).dated  # JSON-LD first, then the dated elements
    if best:
        # (a day-only meta takes the time another meta, or JSON-LD, gives that day: dc.date 2019-03-05, date
        # …T08:00-05:00; publishdate 2021-04-16, datePublished 2021-04-16T10:20:00+08:00)
        if best[1][10:19] == "T00:00:00":
            same_day = next((value for value in timed if value[:10] == best[1][:10]), None) \
                or next((value for value, _ in _json_ld_dates(found, timezone) if value[:10] == best[1][:10]
                         and value[10:19] != "T00:00:00"), None)
            return (same_day or best[1]), best[2]
        if best[3]:
            return best[1], best[2]
        # A time without an offset is read in `timezone`; another source may state the same clock time's
        # offset (article:published_time 2019-11-20T01:50:59, datePublished 2019-11-20T01:50:59Z).
        zoned += (value for value, stated in _json_ld_dates(found, timezone) if stated)
        return next((value for value in zoned if value[:19] == best[1][:19]), best[1]), best[2]
    for parsed, _ in _json_ld_dates(found, timezone):
        return parsed, "json-ld datePublished"
    for node in found:
        if node.tag == "script":
            continue
        raw = node.attributes.get("datetime") or node.attributes.get("content") or node.text(deep=True)
        if raw and (parsed := parse_machine_date(raw, timezone)):
            return parsed, f"<{node.tag}> {'itemprop' if 'itemprop' in node.attributes else 'datetime'}"
    return None, ""


def _json_ld_dates(found: list[LexborNode], timezone: str) -> Iterator[tuple[str, bool]]:
    """The JSON-LD scripts' publication dates, parsed, in page order, each with whether it states its offset."""
    for script in found:
        if script.tag == "script" and (value := _json_ld_date(script.text(deep=True) or "")) \
                and (parsed := parse_machine_date(value, timezone)):
            yield parsed, _STATED_OFFSET.search(value) is not None


def _json_ld_date(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', text)
        return match.group(1) if match else None
    stack = [data]
    while stack:  # iterate, never recurse: JSON-LD can nest arbitrarily
        item = stack.pop()
        if isinstance(item, dict):
            value = (item.get("datePublished") or item.get("dateCreated")
                     or item.get("pubDate") or item.get("uploadDate"))  # (Baidu's pubDate; a video's uploadDate)
            if isinstance(value, str):
                return value
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return None


# A time or date labelled as something else than the page's: 注册时间：, 截止日期：, or a clock such as
# 美国东部时间: 06:40 2013年04月10日星期三 (the time the page was rendered, not written).
_OTHER_TIME_LABEL = re.compile(r"[\u4e00-\u9fff](?:时间|時間|日期)\s*[:：]")


# A site banner's date of the day it is shown (今天是2024年3月6日 星期三, 今日：2024-03-06, 农历二月廿六): it
# changes daily, so taking it for the page's date would make every day's visit an edit.
_TODAY_LABEL = re.compile(r"今天是|今日是|今天[:：]|今日[:：]|今天日期|当前日期|农历|農曆|today\s+is", re.I)


# A weekday beside a date (2024年3月6日 星期三, Wednesday, November 20, 2019): a site banner prints the day it is shown
# so, in its top bar (see published.banner_dates).
# (behind a lookahead of its first characters: it is looked for in each line read before the body)
WEEKDAY = with_lookahead(r"(?:星期|礼拜|禮拜|[周週])[一二三四五六日天]|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
                         re.I)


def names_another_time(line: str) -> bool:
    """Whether the date in `line` is labelled as some other time than publication (or as today's)."""
    return (_OTHER_TIME_LABEL.search(line) is not None or _TODAY_LABEL.search(line) is not None) \
        and DATE_LABEL.search(line) is None


# A line that dates the page's last update (最后更新: 2023-06-15 17:45, Last updated), not its publication.
_UPDATE_LINE = re.compile(r"(?:最后|最後|最近|上次)(?:更新|修改)|更新于|更新於|last\s+(?:updated|modified)", re.I)


def names_an_update(line: str) -> bool:
    return _UPDATE_LINE.search(line) is not None


def labelled_date(text: str, timezone: str) -> str | None:
    """A date that follows a label: 发布时间：2020-02-06 09:35:03, 日期：2020年02月06日."""
    for match in DATE_LABEL.finditer(text):
        found = _date_after_label(text, match.end(), timezone)
        if found:
            return found
    return None


# Right after a label, a two-digit year is a year even without the time: 发表日期：05/03/21 (榕树下).
_SHORT_YEAR_AFTER_LABEL = re.compile(r"\s*(\d{2})([/-])(\d{1,2})\2(\d{1,2})(?![\d/.:-])")


def _date_after_label(text: str, start: int, timezone: str) -> str | None:
    found = parse_date(text[start:start + 40], timezone)
    if found is None and (short := _SHORT_YEAR_AFTER_LABEL.match(text, start)):
        year, month, day = int(short.group(1)), int(short.group(3)), int(short.group(4))
        found = _local_iso(ZoneInfo(timezone), _full_year(year), month, day)
    return found


# A reprint's note of where it first appeared: 原文发表时间：2005-03-18 dates the original, not this page.
_ORIGINAL_PREFIXES = frozenset({"原文", "原载", "原載", "原刊"})


def publication_or_update_date(text: str, timezone: str) -> tuple[str | None, str | None]:
    """The first date labelled as the publication's (发布日期：…, or a bare 日期：) and the first
    labelled as an update (更新日期, updated), as the original's (原文发表时间) or the document's (成文日期),
    read in one pass."""
    update = None
    for match in DATE_LABEL.finditer(text):
        # (a disclosure table's 成文日期 dates the document's writing: it yields to its 发布日期)
        is_update = match.group(1)[:2] in ("更新", "修改", "成文") or match.group(1).lower() == "updated" \
            or text[max(0, match.start() - 2):match.start()] in _ORIGINAL_PREFIXES
        if is_update and update is not None:
            continue
        found = _date_after_label(text, match.end(), timezone)
        if found and not is_update:
            return found, update
        update = update or found
    return None, update


# The publication time a page's script data carries, when its text shows only "3小时前" (window.__initData,
# __INITIAL_STATE__ and the like): a key that names publication, then a date string, or a Unix time as a
# number ("publishTime": 1618706700, in seconds or milliseconds).
_SCRIPT_DATA_DATE = re.compile(
    r'"(?:pubtime|pubTime|pub_time|pubDate|publishTime|publish_time|publishDate|publish_date|datePublished'
    r'|ptime|newsTime|createTime|create_time)"\s*:\s*(?:"([^"]{8,40})"|(\d{10}|\d{13})(?!\d))')
# ...or a script variable: WeChat's var ct = "1662633000"; var publish_time = "2022-09-08" || "";
# (Apart: a pattern that starts with a literal is scanned for many times faster than an alternation.)
_SCRIPT_VARIABLE_DATE = re.compile(r'var\s+(?:ct|create_time|publish_time|pubtime|publishTime)\s*=\s*"([^"]{8,40})"')


def date_from_script_data(html: str, timezone: str, title: str | None = None) -> str | None:
    """The first publication date in the page's inline script data (JSON keys such as "pubtime"); where the data
    dates several items (the page's and related ones'), the one nearest the page's `title` in it."""
    for pattern in (_SCRIPT_DATA_DATE, _SCRIPT_VARIABLE_DATE):
        dated = []  # (where, date) of each date the data gives, up to a bound
        for match in pattern.finditer(html):
            value = next(group for group in match.groups() if group)  # (the string's, or the number's)
            if found := parse_machine_date(value, timezone):
                dated.append((match.start(), found))
                if len(dated) == _SCRIPT_DATES_MAX or not title:
                    break
        if dated:
            if title and len({date for _, date in dated}) > 1:
                # (its longest run without a space: a page may space out 运营商 5G 手机 where its data does not)
                return _nearest(dated, _places(html, max(title.split(), key=len, default="")))
            return dated[0][1]
    return None


_SCRIPT_DATES_MAX = 50  # (a listing's data may date hundreds of items)


def _places(text: str, word: str) -> list[int]:
    """Where `word` is in `text` (up to a bound)."""
    places, at = [], text.find(word) if word else -1
    while at >= 0 and len(places) < _SCRIPT_DATES_MAX:
        places.append(at)
        at = text.find(word, at + 1)
    return places


def _nearest(dated: list[tuple[int, str]], places: list[int]) -> str:
    """The date of `dated` nearest one of `places`; the first where there is none."""
    if not places:
        return dated[0][1]
    return min(dated, key=lambda item: min(abs(item[0] - place) for place in places))[1]


_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)")


# Hanweb's /art/2016/5/12/art_3201_781204.html: a folder per year, month and day, without zeros.
_URL_FOLDERS_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
# NetEase's /05/0321/11/1F2G3H4I0001124J.html (2003-2019): a two-digit year, the month and day, the hour, then a
# 16-character document id, which is what tells it from any other run of digits.
_URL_NETEASE_DATE = re.compile(r"/(\d{2})/(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/(?:[01]\d|2[0-3])/[0-9A-Z]{16}\.html")


# A calendar badge: the day in one span, the year and month in the next (<span>22</span><span>2022-04</span>),
# or in two <em>s of it without a mark between them (Xinhua's: 13 2022 02), and maybe the time after them.
_DAY_BOX = re.compile(r"(0?[1-9]|[12]\d|3[01])\s*((?:19|20)\d{2})(?:\s*[-./年]\s*|\s+)(0?[1-9]|1[0-2])\s*月?"
                      r"(?:\s*([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?)?")  # (the spans may have no space between)
_DAY_BOX_MAX_CHARS = 28


def day_box_date(line: str, timezone: str) -> str | None:
    """The date a calendar badge shows, the line being the badge alone (222022-04, 08 2025.01, 13 2022 02
    08:28:01)."""
    match = _DAY_BOX.fullmatch(line.strip()) if len(line) <= _DAY_BOX_MAX_CHARS else None
    if match is None:
        return None
    day, year, month = (int(part) for part in match.groups()[:3])
    clock = [int(part) for part in match.groups()[3:] if part]
    return _local_iso(ZoneInfo(timezone), year, month, day, *clock)


def date_from_url(url: str | None, timezone: str) -> str | None:
    """/2020-02/06/content_1.htm, t20200206_123.html, /20200206/..., /2016/5/12/..., NetEase's /05/0321/11/…"""
    if not url:
        return None
    match = _URL_DATE.search(url) or _URL_FOLDERS_DATE.search(url)
    if match:
        return _local_iso(ZoneInfo(timezone), *(int(g) for g in match.groups()))
    match = _URL_NETEASE_DATE.search(url)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _local_iso(ZoneInfo(timezone), 2000 + year, month, day)
    return None


