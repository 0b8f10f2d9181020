"""Recognising page furniture by its words: share bars, print/close links, counters, footers.

A line that matches is never part of an article body, wherever it sits in the page.
"""

from __future__ import annotations

import re

from crawler.extract.heuristics import SOFT_404_MAX_UNITS, units

# Lines that are boilerplate whatever else they contain (short lines only; see `is_boilerplate_line`).
_ANYWHERE = [
    r"分享到", r"分享至", r"扫一扫", r"扫描二维码", r"用微信扫", r"微信扫一扫", r"打开微信",
    r"发表评论", r"评论前请先登录", r"请先登录", r"暂无评论", r"我要评论", r"网友评论", r"查看评论",
    r"全部评论", r"条评论", r"参与评论", r"登录后", r"立即登录", r"注册登录",
    r"【\s*打印\s*】", r"【\s*关闭\s*】", r"打印本页", r"关闭窗口", r"打印此文", r"\[\s*打印\s*\]", r"\[\s*关闭\s*\]",
    r"【\s*大\s*中\s*小\s*】", r"字号\s*[:：]?\s*(【|\[)?\s*大", r"字体\s*[:：]?\s*(【|\[)?\s*大", r"\b大\s+中\s+小\b",
    r"^上一篇", r"^下一篇", r"^上一条", r"^下一条", r"^上一页", r"^下一页",
    r"^相关新闻", r"^相关阅读", r"^相关文章", r"^相关链接", r"^延伸阅读", r"^推荐阅读", r"^热门推荐", r"^猜你喜欢",
    r"版权所有", r"ICP备", r"ICP证", r"公网安备", r"未经授权", r"禁止转载", r"不得转载", r"Copyright", r"©",
    r"浏览次数", r"阅读次数", r"点击数", r"点击量", r"阅读量", r"浏览量", r"访问量", r"浏览\s*[:：]?\s*\d+\s*次",
    r"^\d+\s*浏览$", r"^\d+\s*阅读$", r"阅读\s*\(\d+\)", r"浏览\s*\(\d+\)",
    r"收藏本页", r"加入收藏", r"设为首页", r"返回顶部", r"回到顶部", r"返回首页", r"^首页\s*[>»]",
    r"您当前的位置", r"当前位置", r"您现在的位置", r"你的位置",
    r"保存海报", r"微信好友", r"朋友圈", r"QQ好友", r"QQ空间", r"新浪微博", r"腾讯微博",
    r"^责任编辑", r"^\(责任编辑", r"^（责任编辑", r"^编辑\s*[:：]", r"^【编辑",
    r"Share (this|on)", r"^Share$", r"^Tweet$", r"Sign in", r"Log in", r"Subscribe", r"^Advertisement$",
    r"^EN$", r"^English$", r"^中文$", r"^繁體$", r"^简体$", r"^简\s*[|/]\s*繁$",
]
BOILERPLATE_LINE = re.compile("|".join(f"(?:{p})" for p in _ANYWHERE), re.I)
# Lines that are wholly one of these words (menus, widgets) but harmless inside a sentence.
_WHOLE = {
    "打印", "关闭", "分享", "收藏", "点赞", "评论", "登录", "注册", "微信", "微博", "QQ", "返回", "顶部", "更多",
    "加载中....", "加载中...", "加载中", "取消", "确定", "提示", "保存", "来源", "发布", "首页", "|", "丨",
    "询盘", "联系方式", "暂无!", "暂无！", "EN", "字号", "大", "中", "小", "A+", "A-",
}
# Long lines are kept even when they mention a pattern: a paragraph may quote "版权所有" in prose.
BOILERPLATE_MAX_UNITS = 60

SOFT_404 = re.compile(
    r"页面不存在|您访问的页面不存在|你访问的页面不存在|页面找不到|找不到页面|页面已删除|该页面已被删除|"
    r"信息不存在|文章不存在|内容不存在|已被删除|404\s*not\s*found|page\s+not\s+found|not\s+found|"
    r"页面没有找到|抱歉.{0,10}(找不到|不存在)|error\s*404|404\s*error|^404$",
    re.I,
)


def is_boilerplate_line(line: str) -> bool:
    """True for a short line that is page furniture (share bar, counter, footer, print/close...)."""
    stripped = line.strip()
    if not stripped:
        return True
    if stripped in _WHOLE:
        return True
    if units(stripped) > BOILERPLATE_MAX_UNITS:
        return False
    return BOILERPLATE_LINE.search(stripped) is not None


def is_soft_404(title: str | None, text: str) -> bool:
    """A 200 response that is really a "page not found" page: the marker words and little else."""
    marker = any(SOFT_404.search(s) for s in (title or "", text[:500]))
    return marker and units(text) < SOFT_404_MAX_UNITS
