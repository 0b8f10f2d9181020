"""A firewall's or anti-robot check's page, served in the page's place, is told apart from a short notice."""

from __future__ import annotations

import pytest

from crawler.extract import extract_html
from crawler.extract.blocked import blocking_notice


def page(title: str, *lines: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{''.join(f'<p>{line}</p>' for line in lines)}</body></html>"


BLOCK_PAGES = {
    "安全狗": page("网站防火墙", "您的请求带有不合法参数，已被网站管理员设置拦截！",
                "可能原因：您提交的内容包含危险的攻击请求",
                "如何解决：1）检查提交内容；2）如网站托管，请联系空间提供商；3）普通网站访客，请联系网站管理员"),
    "云锁": page("访问拦截", "您的访问被云锁拦截", "当前网址：http://www.example.gov.cn/art/1.html"),
    "阿里云": page("405", "很抱歉，由于您访问的URL有可能对网站造成安全威胁，您的访问被阻断。",
                "您的请求ID是: 0bc3a1e216"),
    "腾讯云": page("501", "很抱歉，您提交的请求可能对网站造成威胁，请求已被管理员设置的策略阻断"),
    "创宇盾": page("创宇盾", "当前访问疑似黑客攻击，已被创宇盾拦截。", "可能由于以下原因：您的请求中包含疑似攻击代码"),
    "slider": page("安全验证", "请完成安全验证", "拖动下方滑块完成拼图"),
    "rate": page("提示", "您的访问过于频繁，请稍后再试。"),
    "javascript": page("", "请开启JavaScript并刷新该页。"),
    "cloudflare": page("Just a moment...", "www.example.com", "Checking if the site connection is secure",
                       "Enable JavaScript and cookies to continue"),
    "akamai": page("Access Denied", "You don't have permission to access this page on this server.",
                   "Reference #18.5f3d1002.1700000000.1a2b3c"),
    "perimeterx": page("Access to this page has been denied",
                       "Press & Hold to confirm you are a human (and not a bot)."),
}


@pytest.mark.parametrize("name", BLOCK_PAGES)
def test_a_firewalls_page_is_blocked_and_no_article(name: str) -> None:
    article = extract_html(BLOCK_PAGES[name])
    assert article.blocked and article.article_score == 0.0
    assert any(warning.startswith("blocked: ") for warning in article.warnings)


def test_a_short_notice_about_a_firewall_or_an_article_about_blocking_is_no_block_page() -> None:
    procurement = page("网站防火墙采购项目中标公告", "一、项目名称：市政府门户网站防火墙采购项目。",
                       "二、中标供应商：某某科技有限公司。三、中标金额：12.8万元。", "特此公告。")
    assert extract_html(procurement).blocked is None
    report = "。".join(["记者调查发现，部分政务网站的访问被拦截，群众反映办事不便，有关部门表示将尽快整改"] * 8) + "。"
    assert blocking_notice("政务网站访问被拦截调查", report) is None  # (an article: longer than any notice)
    assert blocking_notice("政务网站访问被拦截调查", report[:60]) == "访问被拦截"


UNAVAILABLE_PAGES = {
    "iis-500": page("服务器错误", "500 - 内部服务器错误。", "您查找的资源存在问题，因而无法显示。"),
    "maintenance": page("网站维护中", "本网站正在进行系统升级维护，给您带来的不便敬请谅解。"),
    "busy": page("提示", "系统繁忙，请稍后再试"),
    "nginx-502": page("502 Bad Gateway", "502 Bad Gateway", "nginx"),
    "apache-503": page("503 Service Unavailable", "Service Unavailable",
                       "The server is temporarily unable to service your request due to maintenance downtime."),
    "database": page("", "数据库连接错误，请联系管理员。"),
}


@pytest.mark.parametrize("name", UNAVAILABLE_PAGES)
def test_a_servers_error_or_maintenance_page_is_unavailable_and_no_article(name: str) -> None:
    article = extract_html(UNAVAILABLE_PAGES[name])
    assert article.unavailable and not article.blocked and article.article_score == 0.0
    assert any(warning.startswith("unavailable: ") for warning in article.warnings)


def test_a_notice_announcing_maintenance_is_an_article() -> None:
    notice = page("关于门户网站系统维护的公告", "因门户网站系统升级，本网站将于2024年1月5日20:00至22:00进行系统维护，"
                  "届时网站将暂停服务。", "给您带来的不便，敬请谅解。", "特此公告。")
    assert extract_html(notice).unavailable is None
    report = "。".join(["记者从市政府获悉，市政务服务系统正在升级维护，部分事项改为线下办理，窗口工作人员加班加点"] * 8)
    assert extract_html(page("政务服务系统升级", report)).unavailable is None  # (an article: longer than a notice)
