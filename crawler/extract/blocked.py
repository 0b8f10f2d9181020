"""Pages a firewall or an anti-robot check serves in the place of the page asked for.

Government and state-owned-enterprise sites sit behind web application firewalls (安全狗, 云锁, 创宇盾,
阿里云 and 腾讯云 WAF, 360网站卫士) that answer a crawler, sometimes with a 200, with a short page saying the
request was blocked, or asking for a slider, a captcha or JavaScript; sites abroad use Cloudflare, Akamai
or PerimeterX the same way. Stored as a version, such a page would record an article replaced by a warning,
then replaced back: two false edits. The pipeline records it as an error (`blocked`) instead, its raw body
kept, and tries the page again on its next visit.

A server in trouble does the same with its error or maintenance page (服务器错误, 网站维护中, 503 Service
Unavailable), sometimes with a 200 too: that is an error `unavailable`, kept and retried the same way.

A page counts as blocked (or unavailable) only when it is short (a notice, not an article) and says that a request was
blocked or must prove itself human: the names of firewall products alone are no sign (a short procurement
notice may well be about a 网站防火墙).
"""

from __future__ import annotations

import re

from crawler.extract.heuristics import BLOCKED_PAGE_MAX_UNITS, units
from crawler.extract.patterns import with_lookahead

# What the page says happened to the request, or what it asks of the visitor.
BLOCK_NOTICE = with_lookahead(
    r"(?:访问|请求)已?被\S{0,12}?(?:拦截|阻断|阻止|拒绝)|已被网站管理员设置拦截|被管理员设置的策略阻断|"
    r"对(?:本)?网站造成(?:安全)?威胁|当前访问疑似(?:黑客)?攻击|(?:访问|请求|操作)(?:过于|太过|太)频繁|"
    r"人机验证|请(?:完成|进行)(?:安全)?验证|滑动验证|拖动(?:下方)?滑块|"
    r"正在(?:验证|检测)您的浏览器|浏览器安全检查|正在进行安全(?:检测|检查)|"
    r"请(?:开启|启用|打开|允许)(?:浏览器的?|您浏览器的?)?\s*javascript|"
    r"just a moment\.\.\.|checking (?:your browser|if the site connection is secure)|"
    r"enable javascript and cookies to continue|attention required! \| cloudflare|you have been blocked|"
    r"access denied|request blocked|pardon our interruption|are you a robot|"
    r"verify (?:that )?you are (?:a )?human|confirm you are (?:a )?human|complete the security check|"
    r"ddos protection by|too many requests",
    re.I,
)
# What an error or maintenance page says of the server: in the present (维护中, 正在升级), not a notice announcing
# work to come (将于1月5日进行系统维护, 暂停服务), which is an article.
UNAVAILABLE_NOTICE = with_lookahead(
    r"(?:内部)?服务器(?:内部)?(?:错误|异常|繁忙|开小差)|系统(?:繁忙|异常|错误)[，,]?\s*请稍后|"
    r"(?:网站|系统|页面|服务)(?:正在)?(?:升级)?维护中|(?:网站|系统|页面|服务)正在(?:进行)?(?:系统)?(?:升级|维护)|"
    r"数据库(?:连接)?(?:错误|失败|异常)|"
    r"service (?:temporarily )?unavailable|internal server error|bad gateway|gateway time-?out|"
    r"(?:down|closed) for maintenance|under maintenance|temporarily unavailable|database (?:connection )?error",
    re.I,
)
HEAD_CHARS = 500  # the notice is looked for in the title and this many characters of the page's text


def blocking_notice(title: str | None, text: str) -> str | None:
    """The words by which a short page says the request was blocked (to name in the error), or None."""
    return _notice(BLOCK_NOTICE, title, text)


def unavailable_notice(title: str | None, text: str) -> str | None:
    """The words by which a short page says the server is failing or under maintenance, or None."""
    return _notice(UNAVAILABLE_NOTICE, title, text)


def _notice(pattern: re.Pattern[str], title: str | None, text: str) -> str | None:
    if units(text) >= BLOCKED_PAGE_MAX_UNITS:  # (most pages: measured in C, spares the patterns' search)
        return None
    for place in (title or "", text[:HEAD_CHARS]):
        if (found := pattern.search(place)) is not None:
            return found.group(0)
    return None
