"""Title, date, author and source: markup first, then text."""

from __future__ import annotations

import pytest

from crawler.extract import extract, extract_html
from crawler.extract.bylines import author_from_text, is_metadata_line, source_from_text
from crawler.extract.dates import labelled_date, parse_date, parse_machine_date
from crawler.extract.titles import strip_site_name

PARAGRAPHS = (
    "2月28日，本钢集团以视频会议的方式召开干部大会，传达学习重要讲话精神，安排部署下一阶段工作。",
    "会上，董事长主持会议并提出工作要求，集团领导班子成员分别在主会场及分会场参加会议。",
    "会议强调，各部门、单位要保持高度警惕，坚定不移地把各项防控措施落实到位，确保万无一失。",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


TITLE = "本钢召开视频干部大会_本钢新闻_本钢集团"
FOOTER = "<div class='footer'>版权所有 本钢集团 辽ICP备05000001号</div>"


def page(head: str = "", before: str = "", after: str = "", title: str = TITLE) -> str:
    return (f"<html><head><title>{title}</title>{head}</head><body><div class='nav'><a href='/'>首页</a></div>"
            f"{before}<div class='content'>{BODY}{after}</div>{FOOTER}"
            "</body></html>")


@pytest.mark.parametrize(("text", "iso"), [
    ("发布时间：2020-02-06 09:35:03", "2020-02-06T09:35:03+08:00"),
    ("2020年02月06日 09:35", "2020-02-06T09:35:00+08:00"),
    ("2020年2月6日", "2020-02-06T00:00:00+08:00"),
    ("2020-03-02", "2020-03-02T00:00:00+08:00"),
    ("2020/3/2 8:05", "2020-03-02T08:05:00+08:00"),
    ("2020.03.02", "2020-03-02T00:00:00+08:00"),
    ("2020-02-06T09:35:03+00:00", "2020-02-06T09:35:03+00:00"),
    ("2020-02-06T01:35:03Z", "2020-02-06T01:35:03+00:00"),
    ("Published February 6, 2020", "2020-02-06T00:00:00+08:00"),
    ("6 Feb 2020", "2020-02-06T00:00:00+08:00"),
    ("Published 10:02 AM EST Nov 19, 2019", "2019-11-19T10:02:00-05:00"),  # a named zone is kept
    ("Published 3:45 p.m. ET Jan. 5, 2020", "2020-01-05T15:45:00-05:00"),  # a US zone without its season:
    ("July 5, 2020 3:45 p.m. PT", "2020-07-05T15:45:00-07:00"),  # the offset in force that day
    ("Nov 19, 2019 at 5:30 p.m. GMT", "2019-11-19T17:30:00+00:00"),
    ("November 19, 2019, 9:02 AM", "2019-11-19T09:02:00+08:00"),  # no zone: local time, as for 09:35
    ("Feb 6, 2020 12:05 am", "2020-02-06T00:05:00+08:00"),
    ("November 20, 2019 - 11:28 AMT", "2019-11-20T00:00:00+08:00"),  # a zone it cannot place: the day only
    ("Source:Global Times [00:49 August 12 2010]", "2010-08-12T00:49:00+08:00"),  # (49 is the time's, no day)
    ("Updated 21:05, 12-Nov-2022", "2022-11-12T21:05:00+08:00"),
    ("Feb 6, 2020 10:30 CST", "2020-02-06T00:00:00+08:00"),  # China's or US Central: the day only
    ("Posted Feb 6, 2020 by a reporter with a long name | Read time: 4:30", "2020-02-06T00:00:00+08:00"),
    ("２０２０年２月６日 ０９：３５", "2020-02-06T09:35:00+08:00"),  # full-width digits
    ("二〇二〇年二月六日", "2020-02-06T00:00:00+08:00"),  # Chinese numerals, as documents are signed
    ("二○一九年十二月三十一日", "2019-12-31T00:00:00+08:00"),
    ("一九九九年十月十日", "1999-10-10T00:00:00+08:00"),
    ("2022-07-14-18:20:00", "2022-07-14T18:20:00+08:00"),  # gov.cn's firstpublishedtime: a hyphen, then the time
    ("2020-02-06-2020-03-05", "2020-02-06T00:00:00+08:00"),  # a range: no time, and no "-20:20" offset
    ("2012年05月21日(星期一) 13:42", "2012-05-21T13:42:00+08:00"),  # a weekday between day and time
    ("2012年4月10日 下午2:35", "2012-04-10T14:35:00+08:00"),  # the afternoon
    ("2012-04-10 晚上9:05", "2012-04-10T21:05:00+08:00"),
    ("2012年4月10日 上午10:05", "2012-04-10T10:05:00+08:00"),
    ("2024 04/18 17:26:31", "2024-04-18T17:26:31+08:00"),  # news.cn: year, then month/day, in spans
    (" 2021 06/ 09 09:31:02", "2021-06-09T09:31:02+08:00"),  # (each figure in an <em> of its own)
    ("2012-01-11 08:30 PM", "2012-01-11T20:30:00+08:00"),  # 中央社
    ("2005-03-21 | 11:21", "2005-03-21T11:21:00+08:00"),
    ("日期：2005-3-21 时间：11:21", "2005-03-21T11:21:00+08:00"),
    ("05-3-11 12:12", "2005-03-11T12:12:00+08:00"),  # a forum's two-digit year, with its time
    ("发布日期：21/03/2005", "2005-03-21T00:00:00+08:00"),  # day first, where the day cannot be a month
    ("11/19/2019", "2019-11-19T00:00:00+08:00"),  # month first, likewise
    ("Sat Nov 18 21:46:33 2006", "2006-11-18T21:46:33+08:00"),  # ctime, as BBS posts are stamped
    ("发表于 99-12-31 23:59:59", "1999-12-31T23:59:59+08:00"),
    ("发表时间 : 18/10/2013 - 15:20", "2013-10-18T15:20:00+08:00"),  # day first, and its time after a dash
    ("日期 14.05.2014", "2014-05-14T00:00:00+08:00"),  # day first with dots, as German sites print it
    ("2023/07/04 (二) 12:05", "2023-07-04T12:05:00+08:00"),  # the weekday alone in brackets
    # A zone named beside the time places it: overseas and foreign outlets' Chinese pages.
    ("发布时间：2012-10-01 10:32:18（巴黎时间）", "2012-10-01T10:32:18+02:00"),
    ("2009-10-18 08:12 美東時間 | 來源：世界日報", "2009-10-18T08:12:00-04:00"),
    ("最后更新： 2011年 6月 12日, 格林尼治标准时间 14:32", "2011-06-12T14:32:00+00:00"),
    ("2020-01-15 10:00（巴黎时间）", "2020-01-15T10:00:00+01:00"),  # winter: the zone's own offset that day
    ("2020-02-06T09:35:03+00:00（巴黎时间）", "2020-02-06T09:35:03+00:00"),  # a written offset wins
    ("美东时间周一消息，2020年2月6日 09:35", "2020-02-06T09:35:00+08:00"),  # (a zone not beside the time)
    ("Published 6 May 2024 10:30am AEST", "2024-05-06T10:30:00+10:00"),
])
def test_date_formats(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(("text", "iso"), [
    ("發布日期：113-05-02", "2024-05-02T00:00:00+08:00"),  # Taiwan's government sites: the ROC calendar
    ("中華民國113年5月2日", "2024-05-02T00:00:00+08:00"),
    ("113/5/2 14:30", "2024-05-02T14:30:00+08:00"),
    ("更新日期：113.05.02", "2024-05-02T00:00:00+08:00"),
    ("發布時間：113年05月02日 下午 3:20", "2024-05-02T15:20:00+08:00"),
    ("民國一一三年五月二日", "2024-05-02T00:00:00+08:00"),
    ("中華民國一百十三年五月二日", "2024-05-02T00:00:00+08:00"),
    ("中華民國一百零三年十月十日", "2014-10-10T00:00:00+08:00"),
    ("民国九十九年十二月三十一日", "2010-12-31T00:00:00+08:00"),
    ("2024年五月二日", "2024-05-02T00:00:00+08:00"),
])
def test_dates_in_the_calendar_of_the_republic_of_china(text, iso):
    assert parse_date(text) == iso


def test_three_digit_numbers_that_are_not_an_roc_year_are_no_date():
    for text in ("版本 110.5.3", "共113頁 2/3", "IP 192.168.1.1", "民國38年", "113-45-02", "電話 113-5678"):
        assert parse_date(text) is None, text
    assert parse_date("發布日期：113-05-02 更新 2024-05-03") == "2024-05-03T00:00:00+08:00"  # the common era first


def test_a_taiwanese_notice_signed_in_the_roc_calendar():
    article = extract_html(page(after="<p>特此公告。</p><p>臺北市政府衛生局</p><p>中華民國113年5月2日</p>"))
    assert article.paragraphs[-3:] == ("特此公告。", "臺北市政府衛生局", "中華民國113年5月2日")
    assert article.published == "2024-05-02T00:00:00+08:00"
    labelled = extract_html(page(before="<div class='info'>發布日期：113-05-02　瀏覽人次：512</div>"))
    assert labelled.published == "2024-05-02T00:00:00+08:00"


def test_chinese_numerals_that_are_not_a_date_are_not_one():
    assert parse_date("三十年前的十月一日") is None
    assert parse_date("二〇二〇年十三月一日") is None


def test_no_date_and_impossible_dates():
    assert parse_date("电话：0411-12345678") is None
    assert parse_date("型号05-3-11") is None  # a two-digit year needs its time
    assert parse_date("05-13-11 12:12") is None
    assert parse_date("2020-13-45") is None
    assert parse_date("") is None
    assert parse_date("3/4/2005") is None  # the 3rd of April or the 4th of March
    assert parse_date("31/02/2005") is None


def test_a_chinese_lines_year_last_date_is_day_first():
    # Hong Kong, Macau and Malaysia write 05/03/2012 for the 5th of March; an English line may be American.
    assert parse_date("發佈日期：05/03/2012 10:20") == "2012-03-05T10:20:00+08:00"
    assert parse_date("发布日期：10/21/2012") == "2012-10-21T00:00:00+08:00"  # (only a month-first reading is a date)
    assert parse_date("Published: 05/03/2012") is None


def test_a_year_last_dates_time_keeps_its_seconds_and_its_am_or_pm():
    # An American-locale ASP forum (dvbbs on an English Windows) prints its posts' times so.
    assert parse_date("发表于：7/15/2005 10:40:12 PM") == "2005-07-15T22:40:12+08:00"
    assert parse_date("7/15/2005 12:05:00 AM") == "2005-07-15T00:05:00+08:00"
    assert parse_date("Posted 7/15/2005 10:40 p.m.") == "2005-07-15T22:40:00+08:00"
    assert parse_date("7/15/2005 22:40:12") == "2005-07-15T22:40:12+08:00"


def test_timezone_is_configurable():
    assert parse_date("2020-02-06 09:35", "Europe/Berlin") == "2020-02-06T09:35:00+01:00"


def test_machine_dates():
    assert parse_machine_date("Thu, 06 Feb 2020 09:35:03 +0800") == "2020-02-06T09:35:03+08:00"
    assert parse_machine_date("1580952903") == "2020-02-06T09:35:03+08:00"
    assert parse_machine_date("20200206") == "2020-02-06T00:00:00+08:00"


def test_meta_published_time_wins_over_text():
    head = '<meta property="article:published_time" content="2020-02-06T09:35:03+08:00">'
    article = extract_html(page(head, before="<div>发布时间：2019-01-01</div>"))
    assert article.published == "2020-02-06T09:35:03+08:00"
    assert any("article:published_time" in line for line in article.explain)


def test_cms_pubdate_meta():
    assert extract_html(page('<meta name="PubDate" content="2020-02-06 09:35">')).published == \
        "2020-02-06T09:35:00+08:00"
    assert extract_html(page('<meta name="apub:time" content="2021/3/5 11:42:19">')).published == \
        "2021-03-05T11:42:19+08:00"  # Tencent News
    assert extract_html(page('<meta name="og:time " content="2022-05-20 18:30:12">')).published == \
        "2022-05-20T18:30:12+08:00"  # ifeng, trailing space and all
    cambrian = ('<script type="application/ld+json">{"@context": "https://ziyuan.baidu.com/contexts/cambrian.jsonld",'
                ' "pubDate": "2020-09-17T10:46:00"}</script>')
    assert extract_html(page(cambrian)).published == "2020-09-17T10:46:00+08:00"  # Baidu's 百家号


def test_a_page_that_shows_only_a_relative_time_is_dated_by_its_script_data():
    data = ('<script>window.__initData = {"id": "20230815A03K7P00", "pubtime": "2023-08-15 10:22:31",'
            ' "timestamp": 1692066151};</script>')
    html = (f"<html><head><title>暑期档票房破162亿创纪录</title></head><body>{data}<div class='meta'>3小时前</div>"
            f"<div class='content'>{BODY}</div></body></html>")
    assert extract_html(html).published == "2023-08-15T10:22:31+08:00"
    assert extract_html(html.replace('"pubtime"', '"updateTime"')).published is None  # only keys that say so
    unix = html.replace('"pubtime": "2023-08-15 10:22:31"', '"publishTime": 1692066151')  # (a number: Unix time)
    assert extract_html(unix).published == "2023-08-15T10:22:31+08:00"
    # (data that dates related items too: the date beside the page's own title)
    related = ('<script>window.__INITIAL_STATE__ = {"topic": {"related": [{"title": "暑期档开局平淡",'
               ' "publishDate": "2023-07-01T05:51:23Z"}], "publishDate": "2023-08-15T02:22:31Z",'
               ' "title": "暑期档票房破162亿创纪录"}};</script>')
    assert extract_html(html.replace(data, related)).published == "2023-08-15T02:22:31+00:00"
    spaced = html.replace(data, related).replace("<title>暑期档票房破162亿", "<title>暑期档票房破 162 亿")
    assert extract_html(spaced).published == "2023-08-15T02:22:31+00:00"  # (the page spaces out what its data does not)


def test_a_yearless_date_line_yields_to_the_update_meta_that_gives_the_year():
    head = '<meta itemprop="dateUpdate" content="2019-09-30 22:46:13">'  # (baijiahao's: 发布时间：09-30 22:46)
    before = "<div class='info'><span class='date'>发布时间：09-30</span><span class='time'>22:46</span></div>"
    assert extract_html(page(head=head, before=before)).published == "2019-09-30T22:46:13+08:00"


def test_json_ld_and_time_element():
    ld = ('<script type="application/ld+json">'
          '{"@graph": [{"@type": "NewsArticle", "datePublished": "2020-02-06"}]}</script>')
    assert extract_html(page(ld)).published == "2020-02-06T00:00:00+08:00"
    assert extract_html(page(before='<time datetime="2020-02-07T10:00:00+08:00">2月7日</time>')).published == \
        "2020-02-07T10:00:00+08:00"


def test_text_date_line_is_metadata_not_body():
    before = ("<h1>本钢召开视频干部大会</h1>"
              "<div class='info'>发布时间：2020-02-06 09:35:03 来源：本钢日报 作者：张三 浏览次数：123</div>")
    article = extract_html(page(before=before))
    assert article.published == "2020-02-06T09:35:03+08:00"
    assert article.source == "本钢日报"
    assert article.author == "张三"
    assert "发布时间" not in article.text and "浏览次数" not in article.text


def test_date_at_end_of_body_and_editor():
    article = extract_html(page(after="<p>（责任编辑：李四）</p><p>2020-03-02</p>"))
    assert article.published == "2020-03-02T00:00:00+08:00"
    assert article.author == "李四"
    assert "2020-03-02" not in article.text and "李四" not in article.text


def test_reader_comments_after_the_body_do_not_date_the_post():
    before = "<h1>本钢召开视频干部大会</h1><div class='postinfo'>2020-02-06 21:30 | 阅读(123) | 评论(2)</div>"
    comments = ("<div class='comments'><h3>网友评论</h3>"
                "<div class='comment'><b>路人甲</b> 发表于 2020-02-07 09:12<br>写得不错，支持一下。</div></div>")
    html = page(before=before).replace(FOOTER, comments + FOOTER)
    assert extract_html(html).published == "2020-02-06T21:30:00+08:00"


def test_labelled_date_after_the_body_gives_the_time_of_the_date_line_before_it():
    before = "<h1>本钢召开视频干部大会</h1><div class='date'>2020-02-06</div>"
    html = page(before=before).replace(FOOTER, "<div class='time'>发布于：2020-02-06 11:34</div>" + FOOTER)
    assert extract_html(html).published == "2020-02-06T11:34:00+08:00"


@pytest.mark.parametrize("line", ["发布于：2020-02-06 11:34", "发表于 2020-2-6 11:34", "發表於：2020-02-06 11:34",
                                  "Posted on: 2020-02-06 11:34", "发贴时间：2020-2-6 11:34",
                                  "發帖時間：2020-02-06 11:34",
                                  "作者：老张　提交日期：2020-2-6 11:34:00"])
def test_labelled_date_line_at_the_end_of_the_body_is_metadata(line):
    article = extract_html(page(after=f"<p>{line}</p>"))
    assert article.published == "2020-02-06T11:34:00+08:00"
    assert "11:34" not in article.text


def test_an_interviewers_short_question_is_text():
    question, answer = "记者：接下来改革将如何推进？", "答：我们将分步实施，先在部分省份试点，再逐步推开。"
    article = extract_html(page(after=f"<p><strong>{question}</strong></p><p>{answer}</p>"))
    assert article.paragraphs[-2:] == (question, answer)
    assert is_metadata_line("记者：张三", 5)


def test_a_labelled_line_of_clauses_is_text_not_metadata():
    line = "时间：2023年09月15日至2023年10月09日，每天上午09:00至12:00，下午14:00至17:00（法定节假日除外）"
    assert not is_metadata_line(line, len(line))
    assert is_metadata_line("发布时间：2023-09-14 16:32 来源：中国政府采购网", 30)


def test_a_two_digit_year_right_after_a_label_is_a_year():
    line = "作者：青衫薄 | 发表日期：05/03/21 | 更新日期：05/03/26"
    assert labelled_date(line, "Asia/Shanghai") == "2005-03-21T00:00:00+08:00"
    assert labelled_date("时间：12.5.3 版", "Asia/Shanghai") is None  # a version number
    assert labelled_date("发表日期：05/13/21", "Asia/Shanghai") is None


def test_a_deadline_in_a_notice_is_no_posting_date():
    assert labelled_date("请于2020年3月1日前提交材料。材料提交日期：2020年3月1日", "Asia/Shanghai") is None
    assert labelled_date("作者：老张　提交日期：2005-3-11 12:12:00", "Asia/Shanghai") == "2005-03-11T12:12:00+08:00"
    # a Q&A page: the question's time dates it, not its deadline or the answers'
    line = "提问者：小院春深 - 试用期 一级 提问时间：2005-11-15 20:03"
    assert extract_html(page(before=f"<div class='info'>{line}</div>")).published == "2005-11-15T20:03:00+08:00"


@pytest.mark.parametrize(("line", "author"), [
    ("提问者：小院春深 - 试用期 一级 提问时间：2005-11-15 20:03", "小院春深"),  # (a Q&A page's asker)
    ("楼主：听雨　时间：2005-3-11 12:12", "听雨"),  # (a thread's starter)
    ("回复楼主：说得对", None),  # (a reply to the starter names nobody)
])
def test_a_threads_starter_and_a_questions_asker_write_the_page(line, author):
    article = extract_html(page(before=f"<div class='info'>{line}</div>"))
    assert article.author == author


def test_a_forums_poster_label_names_the_writer_and_a_blogs_posted_by_on_a_date_too():
    article = extract_html(page(before="<div class='info'>发帖人：江南小雨 时间：2005-08-22 19:13</div>"))
    assert (article.author, article.published) == ("江南小雨", "2005-08-22T19:13:00+08:00")
    assert "发帖人" not in article.text
    footer = "<div class='post-foot'>posted by 江南小雨 on 2005年08月22日 19:13 | 评论 (2)</div>"
    assert extract_html(page().replace(FOOTER, footer + FOOTER)).author == "江南小雨"


def test_dvbbs_post_by_footer_dates_the_post_and_is_not_text():
    footer = "<div class='post-foot'>发贴心情 Post By：2005-8-22 19:13:18</div>"
    article = extract_html(page(after=footer))
    assert article.published == "2005-08-22T19:13:18+08:00"
    assert "Post By" not in article.text


@pytest.mark.parametrize("inside", [True, False])
def test_a_name_signing_the_text_above_its_date_is_the_writer_and_the_date_dates_it(inside):
    signature = "<p>江南小雨</p><p>2005年8月22日于杭州</p>"
    html = page(after=signature) if inside else page().replace(FOOTER, signature + FOOTER)
    article = extract_html(html)
    assert (article.author, article.published[:10]) == ("江南小雨", "2005-08-22")
    # a box's heading above a reader's comment signs nothing
    comments = "<div>网友评论</div><div>2005-8-23 10:00</div>"
    assert extract_html(page().replace(FOOTER, comments + FOOTER)).author is None


def test_a_reports_last_line_naming_who_wrote_it_names_the_author_over_the_pages_editor():
    html = page(after="<p>执笔人：闵乐夫 赵兰波 刘韬</p>").replace(FOOTER, "<div>编辑：吕峥</div>" + FOOTER)
    assert extract_html(html).author == "闵乐夫 赵兰波 刘韬"


@pytest.mark.parametrize("label", ["公开日期", "見報日期", "刊出日期", "入库时间", "编发时间", "信息时间", "新闻日期",
                                   "資訊時間", "文章日期", "稿件日期", "撰稿时间"])
def test_a_page_labelled_with_its_own_going_out_is_dated_by_it(label):
    article = extract_html(page(before=f"<h1>本钢召开视频干部大会</h1><div class='info'>{label}：2005-3-21</div>"))
    assert article.published == "2005-03-21T00:00:00+08:00"
    assert label not in article.text


@pytest.mark.parametrize("label", ["发行日期", "播出时间", "出版日期", "加入时间", "截止日期"])
def test_a_dated_fact_in_the_text_is_no_posting_label(label):
    assert labelled_date(f"{label}：2005-3-21", "Asia/Shanghai") is None


def test_a_modification_time_yields_to_the_publication_time():
    info = "<div class='info'>修改时间：2005-3-22 10:00　发布时间：2005-3-21 09:00</div>"
    assert extract_html(page(before=info)).published == "2005-03-21T09:00:00+08:00"
    only = extract_html(page(before="<div class='info'>修改时间：2005-3-22 10:00</div>"))
    assert only.published == "2005-03-22T10:00:00+08:00"  # (as an update time alone dates a page)
    assert "修改时间" not in only.text


def test_a_forum_posts_time_dates_it_and_the_posters_registration_date_does_not():
    profile = "<div class='user'>作者：老张<br>积分：120<br>注册时间：2003-5-1</div>"
    before = profile + "<h1>本钢召开视频干部大会</h1><div class='info'>发贴时间：2005-3-11 12:12</div>"
    article = extract_html(page(before=before))
    assert article.published == "2005-03-11T12:12:00+08:00"
    assert "发贴时间" not in article.text and "注册时间" not in article.text


def test_a_post_time_printed_under_the_post_dates_it_and_the_posters_profile_does_not():
    # dvbbs: the poster's panel (注册：2003-10-5) above the post, the post's time under it.
    profile = "<table><tr><td>江南布衣</td></tr><tr><td>积分：1203</td></tr><tr><td>注册：2003-10-5</td></tr></table>"
    assert extract_html(page(before=profile)).published is None
    html = page(before=profile).replace(FOOTER, "<div class='stamp'>05-3-11 12:12</div>" + FOOTER)
    assert extract_html(html).published == "2005-03-11T12:12:00+08:00"
    comments = "<div class='stamp'>网友评论</div><div>路人甲 2005-03-12 10:00</div>"
    assert extract_html(page(before=profile).replace(FOOTER, comments + FOOTER)).published is None


def test_the_date_nearest_the_body_wins_over_a_banners_date():
    today = "<div class='top'>今天是：2020年3月1日 星期日</div>"
    before = today + "<h1>本钢召开视频干部大会</h1><div class='info'>2020-02-06 09:35</div>"
    assert extract_html(page(before=before)).published == "2020-02-06T09:35:00+08:00"
    updated = today + "<div class='top'>网站更新时间：2020-03-01 08:00</div>"
    labelled = updated + "<h1>本钢召开视频干部大会</h1><div class='info'>发布时间：2020-02-06 09:35</div>"
    assert extract_html(page(before=labelled)).published == "2020-02-06T09:35:00+08:00"


def test_a_banners_date_of_today_is_never_the_pages_date():
    # (a page without a date line: the banner changes every day, and each day's visit would be an edit)
    url = "http://www.sasac.gov.cn/n2588025/n2588124/c20200206_1.html"
    banners = ("今天是2020年3月1日 星期日", "今天是：2020年3月1日", "今日：2020-03-01", "2020年3月1日 农历二月初八")
    for banner in banners:
        html = page(before=f"<div class='top'>{banner}</div><h1>本钢召开视频干部大会</h1>")
        assert extract_html(html, url).published == "2020-02-06T00:00:00+08:00", banner
        assert extract_html(html).published is None, banner


MENU = "<a href='/'>首页</a> | <a href='/xwzx/'>新闻中心</a> | <a href='/zwgk/'>政务公开</a>"


@pytest.mark.parametrize("top", [
    f"<div class='top'>{{}} {MENU}</div>",  # (in the top bar, beside its links)
    f"<div class='top'><span>{{}}</span></div><ul class='menu'>{MENU.replace(' | ', '')}</ul>",  # (over the menu)
    "<div class='date'>{}</div><div class='crumb'>当前位置：<a href='/'>首页</a> &gt; <a href='/xw/'>新闻</a></div>",
])
@pytest.mark.parametrize("banner", ["2020年3月1日 星期日", "2020-03-01 周日", "Sunday, March 1, 2020",
                                    "日期：2020年3月1日 星期日"])  # (a bare 日期： labels the day, not the page)
def test_a_banners_bare_date_with_its_weekday_above_the_headline_is_never_the_pages_date(top: str, banner: str):
    # (without 今天是 or 农历: the site's header prints the day it is shown, and each day's visit would be an edit)
    html = page(before=top.format(banner) + "<h1>本钢召开视频干部大会</h1><div class='info'>来源：本钢集团</div>")
    assert extract_html(html).published is None
    url = "http://www.bxsteel.com/xwzx/202002/t20200206_1.html"
    assert extract_html(html, url).published == "2020-02-06T00:00:00+08:00"
    # (no headline found: apart from the body by the menu, it is the banner's all the same)
    assert extract_html(html.replace("<h1>本钢召开视频干部大会</h1>", "")).published is None


def test_a_date_with_its_weekday_beside_the_headline_is_the_pages_date():
    expected = "2020-02-06T00:00:00+08:00"
    under = f"<div class='top'>{MENU}</div><h1>本钢召开视频干部大会</h1><div class='info'>2020年2月6日 星期四</div>"
    assert extract_html(page(before=under)).published == expected
    # (a blog's day over its post's title, the menu above both; or right above the text, no headline found)
    over = f"<div class='top'>{MENU}</div><div class='day'>2020年2月6日 星期四</div><h2>本钢召开视频干部大会</h2>"
    assert extract_html(page(before=over)).published == expected
    atop = f"<div class='top'>{MENU}</div><div class='day'>2020年2月6日 星期四</div>"
    assert extract_html(page(before=atop)).published == expected


def test_a_date_with_its_weekday_over_a_share_bar_is_the_pages_date_and_over_the_sites_menu_a_banners():
    # (no headline found: what sets the date apart from the text is told by where its links lead)
    url = "http://www.bxsteel.com/xwzx/info_1.html"
    share = ("<div class='share'>分享到：<a href='http://service.weibo.com/share/share.php?url=x'>微博</a> "
             "<a href='https://sns.qzone.qq.com/cgi-bin/qzshare?url=x'>QQ空间</a></div>")
    day = "<div class='day'>2020年2月6日 星期四</div>"
    assert extract_html(page(before=day + share), url).published == "2020-02-06T00:00:00+08:00"
    menu = "<div class='menu'><a href='http://www.bxsteel.com/'>首页</a> <a href='http://xxgk.bxsteel.com/'>公开</a></div>"
    assert extract_html(page(before=day + menu), url).published is None


def test_a_clock_above_the_headline_is_not_the_publication_date():
    clock = "<div id='datetime_bar'>美国东部时间: 06:40 2013年04月10日星期三</div><h1>本钢召开视频干部大会</h1>"
    assert extract_html(page(before=clock)).published is None
    dated = clock + "<div class='info'>2020-02-06 09:35</div>"
    assert extract_html(page(before=dated)).published == "2020-02-06T09:35:00+08:00"


EN_BODY = "".join(f"<p>{p}</p>" for p in (
    "The company announced a strategic distribution partnership for intensive care units in Europe today.",
    "Under the agreement, the partner will distribute the alarm management platform to hospitals, it said.",
    "Both companies expect the first installations to go live early next year, according to the statement.",
))


def test_a_bracketed_byline_on_its_line_above_the_text_names_the_writers_and_the_outlet():
    article = extract_html(page(before="<div class='reporter'>中國時報【廖素慧、曹婷婷／綜合報導】</div>"))
    assert (article.author, article.source) == ("廖素慧 曹婷婷", "中國時報")
    assert extract_html(page(before="<div class='tag'>【图】</div>")).author is None  # (a bracket naming nobody)


def test_an_english_byline_in_the_articles_box_names_the_writer_and_is_not_text():
    html = (f"<html><body><div class='story'><h1>Ascom announces a partnership</h1>"
            f"<p class='byline'>By Jane Doe, Staff Writer</p>{EN_BODY}</div></body></html>")
    article = extract_html(html)
    assert article.author == "Jane Doe" and len(article.paragraphs) == 3


def test_an_english_date_line_under_the_headline_is_metadata_and_dates_the_page():
    html = (f"<html><body><div class='press'><h1>Ascom announces a partnership</h1><div>October 12, 2017</div>"
            f"{EN_BODY}</div></body></html>")
    article = extract_html(html)
    assert article.published == "2017-10-12T00:00:00+08:00"
    assert "October 12, 2017" not in article.text and len(article.paragraphs) == 3


@pytest.mark.parametrize(("line", "expected"), [
    ("By Jane Doe, Staff Writer", True),  # an English byline line is no text
    ("By Jane Doe and John Smith | The Daily Planet", True),
    ("By Tuesday, the council voted", False),  # (a sentence that opens with "By")
    ("By Tuesday, the council had voted to approve it.", False),
    ("Published 3:45 p.m. ET Jan. 5, 2020 | Updated 6:10 p.m. ET Jan. 5, 2020", True),  # two labelled dates
    ("The meeting moved from Jan. 5, 2020 to Jan. 6, 2020.", False),
    ("It was published on Jan. 5, 2020 and updated on Jan. 6, 2020.", False),
    ("By Umair Irfan Updated Nov 13, 2019, 10:28am EST", True),  # the commas are the date's
    ("Nov. 20, 2019, 9:28 AM UTC", True),
    ("UPDATED: Tue., Nov. 19, 2019", True),
    ("20 Nov, 2019 05:47", True),
    ("发布时间：2020-02-06 09:35", True),
    ("中華民國113年5月2日", True),
    ("113/05/02 14:30", True),
    ("On Nov 13, 2019, the council met and agreed on a plan.", False),  # a sentence that mentions a date
    ("The meeting is at 1:23 p.m.", False),
    ("点击：123 发布时间：2005-3-21", True),  # a counter
    ("打开“我的电脑”，点击菜单栏中的“工具”→“文件夹选项”；", False),  # a step of a how-to that says 点击
])
def test_date_lines_are_metadata_and_sentences_are_not(line, expected):
    assert is_metadata_line(line, len(line) / 2.2) is expected


def test_an_update_time_stamped_under_the_headline_is_not_article_text():
    html = (f"<html><body><div class='press'><h1>Ascom announces a partnership</h1><div>Updated at 1:23 p.m.</div>"
            f"{EN_BODY}<p>The meeting is at 1:23 p.m.</p></div></body></html>")
    assert extract_html(html).paragraphs[-1] == "The meeting is at 1:23 p.m."
    assert "Updated at 1:23 p.m." not in extract_html(html).text


def test_a_date_in_a_box_named_like_furniture_above_the_text_still_dates_the_page():
    html = ("<html><body><h1>More than 100 protesters killed</h1><div class='article_body'>"
            "<div class='article_date margin_bottom_10'>November 20, 2019 - 11:28 AMT</div>"
            f"{EN_BODY}<div class='comment_bottom'>reader42 2020-01-05 10:00</div></div></body></html>")
    article = extract_html(html)
    assert article.published == "2019-11-20T00:00:00+08:00"
    comment_only = html.replace("November 20, 2019 - 11:28 AMT", "")
    assert extract_html(comment_only).published is None  # a reader comment's date is not the article's


def test_the_publication_date_label_wins_over_an_update_label_and_a_vague_meta_date():
    info = "<ul class='info'><li>發布日期：113/07/15</li><li>更新日期：113/07/16</li><li>點閱數：1523</li></ul>"
    assert extract_html(page(before=info)).published == "2024-07-15T00:00:00+08:00"
    vague = extract_html(page(head="<meta name='DC.Date' content='2024-07-16'>", before=info))
    assert vague.published == "2024-07-15T00:00:00+08:00"  # DC.Date may be the update's date
    named = extract_html(page(head="<meta property='article:published_time' content='2024-07-16T09:00:00+08:00'>",
                              before=info))
    assert named.published == "2024-07-16T09:00:00+08:00"  # a meta that names the publication is believed
    updated_only = "<div class='info'>更新时间：2024-07-16 10:00</div>"
    assert extract_html(page(before=updated_only)).published == "2024-07-16T10:00:00+08:00"


def test_a_label_and_its_date_in_two_cells():
    cells = ("<h1>本钢召开视频干部大会</h1>"
             "<table><tr><td>发布日期：</td><td>2020-02-06</td><td>浏览次数：12</td></tr></table>")
    assert extract_html(page(before=cells)).published == "2020-02-06T00:00:00+08:00"


def test_a_label_above_a_date_in_a_notices_header_is_no_signature():
    header = "<table><tr><td>成文日期：</td></tr><tr><td>2022年01月27日</td></tr></table>"
    article = extract_html(page(after=header))
    assert "2022年01月27日" not in article.paragraphs and "成文日期：" not in article.paragraphs


def test_a_notices_own_dates_are_text_not_its_publication_date():
    facts = "<p>报名时间：2020年3月1日至3月10日</p><p>截止日期：2020-03-10</p><p>出生日期：1983年11月11日</p>"
    article = extract_html(page(after=facts))
    assert article.published is None
    assert "报名时间：2020年3月1日至3月10日" in article.paragraphs and "截止日期：2020-03-10" in article.paragraphs
    dated = extract_html(page(before="<div class='info'>发布日期：2020-02-06</div>", after=facts))
    assert dated.published == "2020-02-06T00:00:00+08:00" and "出生日期：1983年11月11日" in dated.paragraphs
    signed = extract_html(page(after=facts + "<p>辽宁省人民政府国有资产监督管理委员会办公室 2020年3月2日</p>"))
    assert signed.published == "2020-03-02T00:00:00+08:00"  # the line that signs the notice dates it


@pytest.mark.parametrize("date", ["二○○五年六月二十七日", "2005年6月27日"])
def test_a_notices_signature_stays_in_it_and_the_date_under_it_dates_it(date):
    article = extract_html(page(after=f"<p>特此通知。</p><p>临江市教育局</p><p>{date}</p>"))
    assert article.paragraphs[-3:] == ("特此通知。", "临江市教育局", date)  # the document's own lines
    assert article.published == "2005-06-27T00:00:00+08:00"
    unsigned = extract_html(page(after="<p>特此通知。</p><p>临江市教育局</p>"))
    assert unsigned.paragraphs[-1] == "特此通知。"  # a name alone at the end is a label, as before


def test_a_signed_date_inside_the_text_stays_in_it_but_a_table_of_dates_does_not_sign():
    # A 通知 that prints the plan it issues: the office signs and dates the notice, the plan follows.
    plan = "<p>一、总体要求。以改善农村人居环境为目标，全面推进村庄清洁行动，建设美丽宜居乡村。</p>"
    notice = f"<p>请认真贯彻执行。</p><p>遂川县人民政府办公室</p><p>2022年4月18日</p><p>（此件主动公开）</p>{plan}"
    article = extract_html(page(after=notice))
    assert "2022年4月18日" in article.paragraphs
    assert article.paragraphs.index("2022年4月18日") == article.paragraphs.index("遂川县人民政府办公室") + 1
    # A list of events, each name in one cell and its date in the next: the dates are no signatures.
    rows = "".join(f"<tr><td>第{i}届交流会在市图书馆举行</td><td>2015年1月{i}日</td></tr>" for i in range(3, 8))
    events = extract_html(page(after=f"<table>{rows}</table>{plan}"))
    assert not any(p.startswith("2015年1月") for p in events.paragraphs)


def test_the_urls_day_takes_the_time_of_a_labelled_date_of_that_day_out_of_the_bodys_reach():
    # (dated headlines: lines with text of their own, which count; a list of bare links would not)
    related = "".join(f"<li><a href='/n/{i}'>相关新闻标题第{i}条</a> 10-{i + 1:02d}</li>" for i in range(14))
    before = f"<div class='info'>时间：2004年10月21日14:18 作者：郭励弘</div><ul>{related}</ul>"
    url = "http://business.sohu.com/20041021/n222611364.shtml"
    assert extract_html(page(before=before), url).published == "2004-10-21T14:18:00+08:00"
    other_day = before.replace("21日", "20日")
    assert extract_html(page(before=other_day), url).published == "2004-10-21T00:00:00+08:00"


def test_a_side_list_of_dated_headlines_does_not_date_the_page():
    items = "".join(f"<p><a href='/art/2020/9/{d}/'>县林业局开展秋季普查工作第{d}项</a><span>2020-09-{d:02d}</span></p>"
                    for d in (11, 10, 8, 4))
    url = "http://www.tonglu.gov.cn/art/2020/9/14/art_1229291521_58925017.html"
    article = extract_html(page(before=f"<div class='lmlist'>{items}</div>"), url)
    assert article.published == "2020-09-14T00:00:00+08:00"  # the URL's day, not the last listed one


def test_a_page_saved_by_a_browser_is_dated_by_the_address_it_names():
    saved = "<!-- saved from url=(0052)http://house.focus.cn/news/2011-03-15/1203456.html -->\n"
    assert extract_html(saved + page()).published == "2011-03-15T00:00:00+08:00"
    assert extract_html(page()).published is None


def test_a_posts_footer_dates_it_before_the_comments_under_it():
    footer = ("<div class='ArticleInfo'><a href='#'>引用</a> | <a href='#'>收藏</a> | 分类:<a href='#'>股市杂谈</a> | "
              "2008-4-17 14:23:00 | <a href='#'>阅读(2531)</a> | <a href='#'>评论(37)</a></div>"
              "<div class='Comment'><div class='CommentHead'>股海沉浮 发表于 2008-4-17 15:01</div>"
              "<div class='CommentBody'>第二种，说的就是我，现在还在扛。</div></div>")
    assert extract_html(page(after="</div>" + footer)).published == "2008-04-17T14:23:00+08:00"


def test_a_day_only_meta_takes_the_time_another_meta_gives_that_day():
    head = "<meta name='date' content='2019-03-05T08:00:00-05:00'><meta name='dc.date' content='2019-03-05'>"
    assert extract_html(page(head)).published == "2019-03-05T08:00:00-05:00"
    other_day = head.replace("2019-03-05T08", "2019-03-04T08")
    assert extract_html(page(other_day)).published[:10] == "2019-03-05"


def test_a_meta_time_without_offset_takes_the_offset_another_source_states_for_it():
    # latimes.com: article:published_time has no offset; its JSON-LD gives the same time in UTC.
    head = ("<meta property='article:published_time' content='2019-11-20T01:50:59.403'>"
            "<script type='application/ld+json'>{\"datePublished\": \"2019-11-20T01:50:59.403Z\"}</script>")
    assert extract_html(page(head)).published == "2019-11-20T01:50:59+00:00"
    other_time = head.replace("01:50:59.403Z", "09:50:59.403Z")  # another moment: the meta's own reading stands
    assert extract_html(page(other_time)).published == "2019-11-20T01:50:59+08:00"

def test_a_meta_day_takes_the_time_of_the_line_under_the_headline():
    head = '<meta name="publishdate" content="2024-03-12">'
    before = "<h1>本钢召开视频干部大会</h1><div class='info'>2024年03月12日08:21 | 来源：人民网－人民日报</div>"
    assert extract_html(page(head, before=before)).published == "2024-03-12T08:21:00+08:00"


def test_a_picture_credit_is_no_source():
    credit = "<p>图为施工现场。图片来源：视觉中国</p>"
    assert extract_html(page(after=credit)).source is None


@pytest.mark.parametrize("caption", ["救援现场视频（来源：梨视频）", "图为施工现场（图片来源：视觉中国）",
                                     "事故现场航拍 (来源：新华社)"])
def test_a_captions_own_credit_yields_to_the_outlet_beside_the_date(caption):
    # (sina: a video's caption set in the text, 救援现场视频（来源：梨视频）, credits the video; the article's outlet
    # is the one linked beside its date)
    outlet = "<a class='source' href='http://www.thepaper.cn/'>澎湃新闻</a>"
    before = ("<h1>本钢召开视频干部大会</h1><div class='date-source'>"
              f"<span class='date'>2021年07月12日 10:31</span> {outlet}</div>")
    media = f"<div class='video-wrap'><div class='video-player'></div><p class='video-caption'>{caption}</p></div>"
    html = page(before=before).replace(BODY, BODY.replace("</p>", "</p>" + media, 1))
    assert extract_html(html).source == "澎湃新闻"
    # (a caption box that credits the article, its label first, still names the source: 来源：新华社)
    credited = html.replace(caption, "来源：新华社").replace(outlet, "")
    assert extract_html(credited).source == "新华社"


def test_a_day_takes_the_time_another_line_gives_for_it():
    # PJBlog: the byline has the day, the post's footer the time.
    before = "<h1>本钢召开视频干部大会</h1><div class='info'>作者:阿木 日期:2006-01-03</div>"
    html = page(before=before).replace(FOOTER, "<div class='foot'>2006-01-03 21:40:02 | 阅读(12)</div>" + FOOTER)
    assert extract_html(html).published == "2006-01-03T21:40:02+08:00"
    other_day = html.replace("2006-01-03 21:40:02", "2006-01-05 21:40:02")
    assert extract_html(other_day).published == "2006-01-03T00:00:00+08:00"
    # (not a reader's comment of that day under the text: 网友甲 2019-05-17 20:33:49)
    comment = "<div class='comments'><div class='tie-author'>{}<span>2006-01-03 20:33:49</span></div><p>顶</p></div>"
    for writer in ("<a href='/u/1'>网友甲</a>", "网友甲"):  # (its writer linked, or its box classed as comments)
        commented = page(before=before).replace(FOOTER, comment.format(writer) + FOOTER)
        assert extract_html(commented).published == "2006-01-03T00:00:00+08:00"


def test_a_time_on_its_own_line_under_the_date_line():
    # Hong Kong's press releases end: 完 / 2023年10月5日（星期四） / 香港時間15時20分
    end = "<p>完</p><p>2023年10月5日（星期四）</p><p>香港時間15時20分</p>"
    article = extract_html(page(after=end))
    assert article.published == "2023-10-05T15:20:00+08:00" and "香港時間" not in article.text
    # The release's <meta> gives the day only; the time line after the body gives its minutes.
    dated = extract_html(page(head="<meta name='date' content='2023-10-05'>",
                              after="<p>完</p></div><div class='foot'><p>2023年10月5日（星期四）</p>"
                                    "<p>香港時間15時20分</p>"))
    assert dated.published == "2023-10-05T15:20:00+08:00"


def test_traditional_source_line():
    article = extract_html(page(after="<p>(信息來源:中國礦業網)</p>"))
    assert article.source == "中國礦業網"
    assert "來源" not in article.text


@pytest.mark.parametrize(("line", "source"), [
    ("資料來源：觀光旅遊局", "觀光旅遊局"), ("资料来源：国家统计局", "国家统计局"), ("稿源：新浪科技", "新浪科技"),
    ("2005-10-12 22:18:36 　　国际在线", "国际在线"),
    ("http://ent.sina.com.cn 2005年03月21日11:21 新浪娱乐", "新浪娱乐"),  # a portal's channel
    ("21世纪经济报道　2005-09-12　第2版　点击数：1276", "21世纪经济报道"),  # the paper and its page, before the date
    ("新京报 2005年11月02日 A09版", "新京报"), ("【2012/01/05 聯合報】@ http://udn.com/", "聯合報"),
    ("来源：市医疗保障局 阅读：5,812", "市医疗保障局"), ("来源：市医疗保障局阅读：5,812", "市医疗保障局"),
    ("2018-07-06 16:41 来源：澎湃新闻\n   <span><a>微信</a><a>微博</a></span>", "澎湃新闻"),  # a share bar glued on
    ("2004年7月16日08:19 [ 黄宇 ]  来源：[ <a href='/p'>国际金融报</a> ]", "国际金融报"),  # (in brackets)
])
def test_source_lines(line, source):
    article = extract_html(page(after=f"<p>{line}</p>"))
    assert article.source == source and line not in article.text


def test_a_source_labelled_as_sourced_from_is_read_and_kept_out_of_the_text():
    article = extract_html(page(before="<div class='info'>来源于：东区办事处 发布时间：2019-03-06</div>"))
    assert (article.source, article.published) == ("东区办事处", "2019-03-06T00:00:00+08:00")
    assert "东区办事处" not in article.text


def test_a_source_field_without_its_colon_among_fields_set_apart_by_bars_is_read():
    fields = "发表于2014-08-24 21:30| 1164次阅读| 来源<span class='ago'>CSDN</span>| 0 条评论| 作者<span>魏星</span>"
    article = extract_html(page(before=f"<div class='info'>{fields}</div>"))
    assert (article.source, article.author) == ("CSDN", "魏星")
    assert extract_html(page(before="<div class='info'>2014-08-24 | 来源于网络 |</div>")).source != "于网络"


def test_a_compiled_reports_material_source_yields_to_the_pages_own_source_line():
    material = "<p>（资料来源：参考消息、海外网等）</p>"
    article = extract_html(page(before="<div class='info'>2020-10-04 20:30 来源：长江网</div>", after=material))
    assert article.source == "长江网" and "资料来源" not in article.text
    assert extract_html(page(after=material)).source == "参考消息、海外网等"  # (where it is the only one)


def test_an_outlet_alone_in_an_element_classed_as_the_source_is_the_source():
    info = "<div class='info'><span class='a_source'>棱镜</span><span class='a_time'>2019-09-23 07:48</span></div>"
    assert extract_html(page(before=info)).source == "棱镜"
    assert extract_html(page(before=info.replace("a_source", "resource"))).source is None
    for words in ("查看原文", "原文链接", "转载", "图片来源网络"):  # (a link's words in such an element)
        assert extract_html(page(before=info.replace("棱镜", words))).source is None, words
    labelled = info.replace("<span class='a_time'>", "<span> 来源：腾讯新闻 </span><span class='a_time'>")
    assert extract_html(page(before=labelled)).source == "腾讯新闻"  # (a label's source first)


def test_a_name_alone_in_a_span_classed_as_the_writers_on_the_line_above_is_the_author():
    info = ("<div class='details'><span class='con1_author'>李光斗</span>"
            "<span class='con1_date'>2015-07-03 11:31:09</span><a href='#c'>0人参与评论</a></div>")
    assert extract_html(page(before=info)).author == "李光斗"
    assert extract_html(page(before=info.replace("con1_author", "authority"))).author is None
    assert extract_html(page(before=info.replace("李光斗", "我的主页"))).author is None  # (an account's menu)
    # (a comment's writer below the text is classed alike: no author of the page)
    comment = "<div class='comments'><p><span class='comment-author'>王芳</span> 写得好</p></div>"
    assert extract_html(page(after=comment)).author is None


@pytest.mark.parametrize(("line", "author"), [
    ("（作者：方敏北京大学经济学院教授）", "方敏"),  # (the name, then the post: no separator)
    ("（作者：王小明中国人民大学教授）", "王小明"),
    ("（作者：张三副研究员）", "张三"),
    ("（作者：欧阳修文）", "欧阳修文"),  # (no post: kept whole)
    ("（作者：方敏北大经济学院教授）", "方敏北大经济学院教授"),  # (where the name ends is not known: kept whole)
    ("（作者：张国华中国人民大学教授）", "张国华中国人民大学教授"),  # (张国 of 华中…, or 张国华 of 中国…: kept whole)
    ("（作者：李建中国家发展改革委研究员）", "李建中国家发展改革委研究员"),
])
def test_a_post_glued_to_the_writers_name_is_cut_off(line, author):
    assert extract_html(page(after=f"<p>{line}</p>")).author == author


def test_an_empty_author_field_then_the_editors_names_the_editor_not_the_label():
    info = "<div class='info'><span>来源：市统计局</span>　<span>作者：</span><span>责任编辑：王芳</span></div>"
    assert extract_html(page(before=info)).author == "王芳"
    assert extract_html(page(after="<p>责任编辑：杨倩_NF4425</p>")).author == "杨倩"  # (a staff code after it)


def test_a_templates_placeholder_author_meta_is_nobody():
    for placeholder in ("name, email@gmail.com", "admin", "Author"):
        assert extract_html(page(head=f"<meta name='author' content='{placeholder}'>")).author is None
    assert extract_html(page(head="<meta name='author' content='李明 liming@example.com'>")).author == "李明"
    english = "<meta name='article:author' content='Laurie Oakes'>"  # (as a name, not a property)
    assert extract_html(page(head=english)).author == "Laurie Oakes"


def test_a_date_line_of_the_last_update_yields_to_the_publications_line():
    before = ("<div class='time'><span>2023-06-12 09:30:00</span> <span>来源：市统计局</span></div>"
              "<div class='time'><span>最后更新: 2023-06-15 17:45:10</span></div>")
    assert extract_html(page(before=before)).published == "2023-06-12T09:30:00+08:00"
    alone = "<div class='time'><span>最后更新: 2023-06-15 17:45:10</span></div>"
    assert extract_html(page(before=alone)).published == "2023-06-15T17:45:10+08:00"  # (the only date it has)


@pytest.mark.parametrize(("line", "author", "source"), [
    ("石佳/中国青年报", "石佳", "中国青年报"),  # (thepaper.cn's reprints: the writer, then the outlet)
    ("新华社", None, "新华社"),
    ("国内新闻", None, None),  # (a column's name over the date is no outlet)
    ("中国网 2019-11-25 10:37:31", None, "中国网"),  # (toutiao's: bare, before the date on its line)
    ("来源/人民网", None, "人民网"), ("图片/新华社", None, "新华社"),  # (a label before the slash is no writer)
    ("互联网", None, None), ("农民专业合作社", None, None),  # (a topic's tag is no outlet)
])
def test_a_byline_on_its_line_beside_the_date_line_names_the_writer_and_the_outlet(line, author, source):
    article = extract_html(page(before=f"<div class='news_about'><p>{line}</p><p>2019-09-24 09:10</p></div>"))
    assert (article.author, article.source) == (author, source)


def test_an_icon_between_fields_sets_them_apart():
    bar = ('<h6 class="post-footer"><a class="post-date">2019年09月11日</a>\n\t\t<i class="fa fa-user"></i>富达传媒'
           '\n\t\t<i class="fa fa-list"></i>时政新闻\n\t\t<i class="fa fa-eye"></i>1665</h6>')
    sohu_tail = '<p>作者：余毅菁 向雪妮<a href="http://www.sohu.com/"><span><i></i>返回搜狐，查看更多</span></a></p>'
    article = extract_html(page(before=bar, after=sohu_tail))
    assert article.author == "余毅菁 向雪妮" and article.source != "富达传媒时政新闻"
    inside = PARAGRAPHS[0].replace("视频会议", "视频<i></i>会议")  # (an empty <i> inside a word adds no space)
    assert PARAGRAPHS[0] in extract_html(page().replace(PARAGRAPHS[0], inside)).text


def test_an_author_meta_naming_the_pages_source_is_no_writer():
    head = "<meta name='author' content='参考消息'>"
    article = extract_html(page(head=head, before="<div class='info'>2019-09-24 来源：参考消息</div>"))
    assert (article.author, article.source) == (None, "参考消息")


def test_a_report_compiled_from_outlets_names_them_as_its_source_and_a_placeholder_writer_is_nobody():
    article = extract_html(page(before="<div class='info'>2019-09-26 作者：网络整理</div>",
                                after="<p>(综合整理自澎湃新闻、智东西、雷锋网等)</p>"))
    assert (article.author, article.source) == (None, "澎湃新闻、智东西、雷锋网")
    assert "综合整理自" not in article.text
    prose = "<p>各地要综合自身条件，因地制宜推进改造工作，不搞一刀切。</p>"  # (综合自身: no credit)
    assert "综合自身条件" in extract_html(page(after=prose)).text


def test_a_heading_about_the_writer_names_no_author():
    side = "<div class='side'><h2>作者最新文章</h2><ul><li><a href='/a1'>上海推进垃圾分类</a></li></ul></div>"
    assert extract_html(page(after=side)).author is None
    assert extract_html(page(after="<p>作者简介：李明，高级工程师</p>")).author is None


def test_a_writer_in_brackets_before_the_source_is_the_author():
    line = "2004年7月16日08:19 [ 黄宇 ]&nbsp; 来源：[ <a href='/p'>国际金融报</a> ]"  # (a portal's date line)
    article = extract_html(page(before=f"<div class='info'>{line}</div>"))
    assert (article.author, article.source) == ("黄宇", "国际金融报")
    assert extract_html(page(before="<div>[ 打印 ] 来源：新华网</div>")).author is None  # (a button is no name)


@pytest.mark.parametrize(("fields", "source", "author", "published"), [
    # A CMS's fields in <span>s with nothing between them, in any order.
    ("<span>2021年06月08日</span><span>来源：市融媒体中心</span><span>作者：刘洋</span>", "市融媒体中心", "刘洋",
     "2021-06-08T00:00:00+08:00"),
    ("<span>来源：市融媒体中心</span><span>2021年06月08日</span>", "市融媒体中心", None, "2021-06-08T00:00:00+08:00"),
    ("<span>来源：南岭日报</span><span>作者：记者 陈雨 李想</span><span>时间：2019-09-26 07:05</span>", "南岭日报",
     "陈雨 李想", "2019-09-26T07:05:00+08:00"),
    ("<span>来源：清河市广播电视台</span><span>记者：何平 张军</span><span>点击量：967</span>", "清河市广播电视台",
     "何平 张军", None),
    ("<span>来源：《2021年中国统计年鉴》</span>", "《2021年中国统计年鉴》", None, None),  # a year in a title is no date
    ("记者 何平 张军 通讯员 李四", None, "何平 张军", None),  # (the reporters, not who helped them)
    ("记者 孙伟 责任编辑：王芳", None, "孙伟", None),  # (nor the label after them)
    ("<span>来源：中国移动</span><span><a>打印</a></span>", "中国移动", None, None),  # (a print link glued on)
    ("<span>来源：华商报</span><span>作者：记者 段亚鹏 李晓刚</span><span><a>评论</a></span>", "华商报",
     "段亚鹏 李晓刚", None),
    ("<span>作者：</span><a>我来说两句</a>", None, None, None),  # (an empty 作者 beside a comment link)
    ("作者：王晓东　<a>打印</a>", None, "王晓东", None), ("作者：吴婷 <a>我要评论</a>", None, "吴婷", None),
    ("作者：刘洋 文章来源：集团办公室", "集团办公室", "刘洋", None),
])
def test_fields_glued_together(fields, source, author, published):
    article = extract_html(page(before=f"<h1>王建国调研重点项目建设</h1><div class='info'>{fields}</div>"))
    assert (article.source, article.author, article.published) == (source, author, published)


def test_a_time_label_glued_to_a_name_is_not_a_compound_but_a_poster_stays_one_name():
    forum = extract_html(page(before="<div class='info'>作者：林间散步 提交日期：2005-4-17 22:58:00</div>"))
    assert (forum.author, forum.published) == ("林间散步", "2005-04-17T22:58:00+08:00")
    assert extract_html(page(before="<div class='info'>报名时间：2020年3月1日</div>")).published is None


def test_a_bracketed_line_of_credits_names_the_writer_and_is_not_text():
    article = extract_html(page(after="<p>（撰稿：陈小兰\u3000审核：刘国平）</p>"))
    assert article.author == "陈小兰"
    assert not any("撰稿" in paragraph for paragraph in article.paragraphs)


@pytest.mark.parametrize(("before", "after", "author", "source"), [
    # ╱ (a box-drawing slash) as Taiwanese outlets set their bylines
    ("<div>【聯合報╱記者陳宜君／台北報導】</div>", "", "陳宜君", "聯合報"),
    ("", "<p>【吳昇儒╱台北報導】警方昨天查獲一處地下簽賭站，帶回六名嫌犯偵辦。</p>", "吳昇儒", None),
    ("<span class='reporter'>报导：黄秀丽</span>", "", "黄秀丽", None),  # (Malaysian outlets' 报导：)
    ("<div>光明日报记者 王建宏</div>", "", "王建宏", "光明日报"),  # the reporter's outlet, when nothing labels one
    ("<div>本报记者 王建宏</div>", "", "王建宏", None),
])
def test_bylines_name_the_reporter_and_outlet(before, after, author, source):
    article = extract_html(page(before=before, after=after))
    assert (article.author, article.source) == (author, source)


def test_a_time_before_the_date_and_the_outlet_after_it():
    article = extract_html(page(before="<div class='date'>11:05 2012/01/12 中國時報</div>"))
    assert (article.published, article.source) == ("2012-01-12T11:05:00+08:00", "中國時報")


def test_a_later_title_part_shown_above_the_text_is_the_title():
    essay = "".join(f"<p>那辆自行车陪了父亲二十年，第{i}次修车时，他说还能再骑十年。</p>" for i in range(6))
    cells = ("<table><tr><td><a href='/'>榕树下</a> | <a href='/yc'>原创文学</a></td></tr>"
             f"<tr><td><font size='4'><b>槐花落</b></font></td></tr><tr><td>{essay}</td></tr></table>")
    assert extract_html(f"<title>榕树下--原创文学--槐花落</title>{cells}").title == "槐花落"
    shown = cells.replace("<b>槐花落</b>", "<b>榕树下</b>")  # the first part shown: it stays the title
    assert extract_html(f"<title>榕树下--原创文学--槐花落</title>{shown}").title == "榕树下"


def test_an_articles_own_header_with_its_headline_is_no_page_banner():
    header = ("<header><h2 id='news_title'>谷歌发布Android 4.4系统</h2>"
              "<div class='where'>发布日期:<span class='date'>2013-11-01 02:18:33</span></div></header>")
    assert extract_html(page(before=header)).published == "2013-11-01T02:18:33+08:00"


@pytest.mark.parametrize("fields", ["作者：&nbsp;&nbsp;&nbsp;&nbsp;【字体：大 中 小】", "来源:未知 作者:admin",
                                    "【发布者：admin】", "作者：佚名 来源：不详"])
def test_placeholders_name_no_author_or_source(fields):
    article = extract_html(page(before=f"<div class='info'>{fields}</div>"))
    assert (article.author, article.source) == (None, None)


def test_the_papers_edition_line_dates_and_sources_the_page_and_stays_text():
    text = "<p>本报拉萨9月21日电 记者马跃报道：记者从青藏铁路建设总指挥部获悉，格拉段已完成铺轨近400公里。</p>" + \
        "".join(f"<p>青藏铁路格拉段全长1142公里，第{i}个施工标段今年的投资任务已完成八成。</p>" for i in range(4))
    after = "<table><tr><td>《人民日报》 （2003年09月22日 第二版）</td></tr></table>"
    article = extract_html(f"<title>人民网</title><h1>青藏铁路建设进展顺利</h1><div class='fbody'>{text}</div>{after}")
    assert (article.published, article.source, article.author) == ("2003-09-22T00:00:00+08:00", "人民日报", "马跃")
    inside = extract_html(page(after="<p>《 光明日报 》（ 2022年02月13日 02版）</p>"))
    assert inside.paragraphs[-1] == "《 光明日报 》（ 2022年02月13日 02版）" and inside.source == "光明日报"


def test_a_title_that_carries_the_date_and_source_gives_them_and_the_headline_shown():
    title = "中国新闻网：湖南张家界发现罕见白化猕猴 2005年07月06日 15:21 来源：中新网"
    before = "<table><tr><td><b>湖南张家界发现罕见白化猕猴</b></td></tr><tr><td>2005年07月06日</td></tr></table>"
    article = extract_html(page(before=before, title=title))
    assert (article.title, article.published, article.source) == (
        "湖南张家界发现罕见白化猕猴", "2005-07-06T15:21:00+08:00", "中新网")


def test_a_2008_disclosure_table_dates_and_sources_the_document():
    table = ("<table class='xxgk'><tr><td>索引号：</td><td>001-2008-0056</td>"
             "<td>发布机构：</td><td>安平市教育局</td></tr>"
             "<tr><td>生成日期：</td><td>2008-09-05</td><td>文号：</td><td>安教发〔2008〕56号</td></tr></table>")
    signed = "<p>安平市教育局</p><p>二○○八年九月四日</p>"
    article = extract_html(page(before=table, after=signed))
    assert (article.published, article.source) == ("2008-09-05T00:00:00+08:00", "安平市教育局")


def test_a_date_in_the_title_dates_a_page_that_shows_none():
    dated = extract_html(page(title="市卫生局召开2008年卫生工作会议_2008-05-12"))
    assert dated.published == "2008-05-12T00:00:00+08:00"


def test_title_prefers_h1_over_document_title():
    article = extract_html(page(before="<h1>本钢召开视频干部大会</h1>"))
    assert article.title == "本钢召开视频干部大会"
    assert not article.text.startswith("本钢召开视频干部大会")


def test_a_short_headline_in_h1_that_titles_first_part_is_beats_a_tagline_quoted_in_the_page():
    # An encyclopedia entry: three characters, under a tagline the page repeats below the heading.
    tagline = "维基百科，自由的百科全书"
    html = page(title=f"金锺国 - {tagline}",
                before=f"<h1 id='firstHeading'>金锺国</h1><div id='siteSub'>{tagline}</div>")
    assert extract_html(html).title == "金锺国"
    # (a site's name as the first part is no headline: 千龙网--千龙财富--…)
    logo = page(title="千龙网--本钢召开视频干部大会", before="<h1>千龙网</h1><div class='t'>本钢召开视频干部大会</div>")
    assert extract_html(logo).title != "千龙网"


def test_title_from_document_title_has_site_name_stripped():
    assert extract_html(page()).title == "本钢召开视频干部大会"
    assert strip_site_name("縣府推動長照2.0-屏東縣政府全球資訊網") == "縣府推動長照2.0"  # a bare hyphen before the site
    assert strip_site_name("Meeting held in Benxi | Steel News") == "Meeting held in Benxi"
    assert strip_site_name("重读《平凡的世界》-Reader-读书-水木社区-源于清华的高知社群") == "重读《平凡的世界》"
    assert strip_site_name("天涯社区：一个县城中学老师的十年") == "一个县城中学老师的十年"  # the site before a colon
    assert strip_site_name("国务院：加快推进县城城镇化建设") == "国务院：加快推进县城城镇化建设"  # (a headline's own)
    assert strip_site_name("中国铝业集团董事长:在打赢防疫阻击战中践行初心和使命-铝加网") == \
        "中国铝业集团董事长:在打赢防疫阻击战中践行初心和使命"


def test_language():
    assert extract_html(page()).language == "zh"
    english = "<html><body><article><p>" + "The board met on Friday to discuss the plan, and agreed. " * 5 + \
        "</p></article></body></html>"
    assert extract_html(english).language == "en"


def test_an_english_teaser_heading_is_not_the_title_because_it_shares_letters_with_it():
    # Any two English lines share most of their letters: headings other than <h1> must share words.
    teasers = "".join(f"<li><h3><a href='/{i}'>{t}</a></h3></li>" for i, t in enumerate((
        "All You Need to Know About the Challenges and Implications for Saudi Aramco's IPO",
        "Next Khashoggi? Disappearance of Saudi Princess Raises Questions About How Far Up This Goes")))
    html = ("<html><head><title>Sweden Drops Its Investigation Into Rape Allegation Against Julian Assange | "
            f"Al Bawaba</title></head><body><ul class='teasers'>{teasers}</ul><div class='story'>{EN_BODY}</div>"
            "</body></html>")
    assert extract_html(html).title == "Sweden Drops Its Investigation Into Rape Allegation Against Julian Assange"
    # The page's own <h1> need only resemble <title>, which is often worded for search engines.
    seo = ("<title>Самые популярные кулинарные блоги и фудблогеры в Инстаграм по версии Wday.ru: список"
           " — www.wday.ru</title>")
    h1 = "Мастера вкуса: 23 самых крутых фудблогера по версии Wday.ru"
    reworded = f"<html><head>{seo}</head><body><h1>{h1}</h1><div class='story'>{EN_BODY}</div></body></html>"
    assert extract_html(reworded).title == h1


def test_logo_heading_is_not_the_title():
    before = "<h1 class='logo'><a href='/'>千龙网</a></h1><h2>洋化妆品关税下调逆市涨价 洋奶粉按兵不动</h2>"
    article = extract_html(page(before=before, title="洋化妆品关税下调逆市涨价 洋奶粉按兵不动_千龙网"))
    assert article.title == "洋化妆品关税下调逆市涨价 洋奶粉按兵不动"


@pytest.mark.parametrize("title", ["江北理工大学新闻网", "临江市教育信息网", "天涯社区", "自由時報電子報",
                                   "新北市政府-新聞稿", "屏東縣政府全球資訊網-新聞稿", "立法院全球資訊網-立法院新聞",
                                   "济南市公共资源交易中心", "江西日报数字报刊平台", "人民日报数字报",
                                   "澳門日報電子版", "中国钢铁工业协会", "无标题文档", "打印本页",
                                   "华岳能源集团电子商务平台", "江城市政府采购平台", "联合早报网 zaobao.com",
                                   "海阳都市报", "华东纺织周报", "甬江日报数字版", "江南省交通运输厅",
                                   "香港澄川同鄉總會 - 會務消息", "香港電台網站 : 即時新聞", "觀塘區議會 - 會議通告",
                                   "立法會 - 新聞稿"])
def test_a_title_that_names_only_the_site_gives_way_to_the_first_headline(title):
    before = ("<table><tr><td class='lanmu'>图片新闻</td></tr><tr><td class='title'><strong>"
              "我校举办第三届大学生科技文化节</strong></td></tr></table>")
    assert extract_html(page(before=before, title=title)).title == "我校举办第三届大学生科技文化节"
    site = strip_site_name(title)
    assert extract_html(page(title=title)).title == site  # no heading: <title> is all there is
    linked = "<h3><a href='/n/1'>我校在全省大学生数学建模竞赛中获佳绩</a></h3>"  # a teaser, not the headline
    assert extract_html(page(before=linked, title=title)).title == site


def test_a_short_post_title_before_the_blogs_name_beats_the_blogs_name_in_h1():
    before = "<h1>山野闲人的博客</h1><div class='post'><div class='posttitle'>今天的雨</div></div>"
    assert extract_html(page(before=before, title="今天的雨 - 山野闲人的博客 - 博客中国")).title == "今天的雨"


@pytest.mark.parametrize("title", ["陪孩子写作业这件小事 - 丫丫妈的博客 - 搜狐博客",
                                   "September 2018 open thread - The GiveWell Blog"])
def test_a_blogs_name_in_its_h1_is_not_the_posts_title(title):
    post_title = title.split(" - ")[0]
    before = f"<h1><a href='http://yayamama.blog.sohu.com/'>{title.split(' - ')[1]}</a></h1><h2>{post_title}</h2>"
    assert extract_html(page(before=before, title=title)).title == post_title


def test_a_bold_line_above_the_body_is_the_headline_when_title_names_the_site_and_no_heading_does():
    # 澎湖縣政府 (an old table layout): the headline is <font size=4><b> in a cell, the date under it.
    before = ("<table><tr><td>目前位置：首頁 &gt; 新聞稿</td></tr><tr><td><font size='4'><b>"
              "秋冬東北季風增強 縣府提醒海上活動注意安全</b></font></td></tr>"
              "<tr><td>發布日期：111-10-21</td></tr></table>")
    article = extract_html(page(before=before, title="澎湖縣政府全球資訊網"))
    assert article.title == "秋冬東北季風增強 縣府提醒海上活動注意安全"
    assert article.published == "2022-10-21T00:00:00+08:00"
    sentence = "<div><p>本報訊，縣府今日發布新聞稿，提醒民眾注意。</p></div>"  # a sentence is no headline
    assert extract_html(page(before=sentence, title="澎湖縣政府全球資訊網")).title == "澎湖縣政府全球資訊網"


def test_an_h1_that_title_begins_with_is_the_title():
    h1 = "为什么2024年我依然拿着银行股"
    title = f"{h1} 最近不少球友私信问我：银行股今年已经涨了一波，现在还能不能拿？"
    assert extract_html(page(before=f"<h1>{h1}</h1>", title=title)).title == h1


def test_a_page_without_title_is_named_by_its_first_headline():
    html = (f"<html><body><div class='nav'><a href='/'>首页</a></div><div class='bt'>我县首届油菜花旅游节开幕</div>"
            f"<div class='content'>{BODY}</div></body></html>")
    assert extract_html(html).title == "我县首届油菜花旅游节开幕"


def test_a_title_classed_span_names_the_page_when_title_names_the_site():
    # 自由時報 2011: <title> is the site, the headline a <span id="newtitle"> in a table cell.
    before = "<table><tr><td><span id='newtitle' class='title'>高雄輕軌第一階段 明年動工</span></td></tr></table>"
    assert extract_html(page(before=before, title="自由時報電子報")).title == "高雄輕軌第一階段 明年動工"
    linked = "<div><span class='title'><a href='/n/2'>高雄捷運紅線延伸案通過環評</a></span></div>"
    assert extract_html(page(before=linked, title="自由時報電子報")).title == "自由時報電子報"


def test_a_threads_title_cell_loses_the_floor_number():
    before = "<table><tr><td class='tit'><font size='4'>1</font> 本钢召开视频干部大会</td></tr></table>"
    assert extract_html(page(before=before, title="百度_本钢吧_本钢召开视频干部大会")).title == "本钢召开视频干部大会"
    numbered = "<h1>3 things to know about the steel plant</h1>"
    assert extract_html(page(before=numbered, title="3 things to know about the steel plant")).title == \
        "3 things to know about the steel plant"


def test_a_papers_name_as_title_gives_way_to_the_headline_cell():
    # 人民日报's paper edition: <title> is the paper's name, the headline a <td class="bt">.
    before = "<table><tr><td class='bt'>夏粮收购开局平稳 主产区麦价高于最低收购价</td></tr></table>"
    assert extract_html(page(before=before, title="人民日报")).title == "夏粮收购开局平稳 主产区麦价高于最低收购价"


def test_site_name_in_meta_author_is_not_an_author():
    head = '<meta name="author" content="网易">'
    assert extract_html(page(head, title="本钢召开视频干部大会_网易新闻")).author is None
    assert extract_html(page('<meta name="author" content="By Jane Roe">')).author == "Jane Roe"


def test_a_cms_account_is_not_an_author():
    for account in ("chinanews", "robot", "AP0013"):
        assert extract_html(page(f'<meta name="author" content="{account}">')).author is None
        editor = extract_html(page(after=f"<p>（责任编辑：{account}）</p>"))
        assert editor.author is None and account not in editor.text
    blog = extract_html(page(before="<div class='info'>作者：zboygirl 发表于 2005-07-31 12:30</div>"))
    assert blog.author == "zboygirl"  # after 作者： a blog's user name is its author


def test_the_editor_is_the_author_only_when_no_one_else_is_named():
    lead = "<p>（中央社記者黃巧雯台北2012年1月5日電）行政院今天通過預算案。</p>"
    cna = extract_html(page(after=lead + "<p>（編輯：陳惠婷）</p>"))
    assert cna.author == "黃巧雯"
    editor = "<p>（责任编辑：许文静）</p>"
    assert extract_html(page(after=editor)).author == "许文静"
    assert extract_html(page('<meta name="author" content="周明亮">', after=editor)).author == "周明亮"
    dateline = "<p>新华社宁波3月28日电（记者顾小立）记者从宁波市获悉，春耕备耕工作有序推进。</p>"
    assert extract_html(page(after=dateline + editor)).author == "顾小立"


def test_fields_printed_in_adjacent_spans_are_read_apart():
    spans = ("<div class='info'><span>发布时间：2023-06-12 09:30</span><span>来源：国家电网报</span>"
             "<span>作者：吴涛</span><span>责任编辑：许文静</span></div>")
    article = extract_html(page(before="<h1>本钢召开视频干部大会</h1>" + spans))
    assert (article.published, article.source, article.author) == ("2023-06-12T09:30:00+08:00", "国家电网报", "吴涛")


@pytest.mark.parametrize(("line", "author"), [
    ("（文/张磊 图/刘畅）", "张磊"),  # the writer, not the photographer
    ("（记者柳德新通讯员彭娟）", "柳德新"),  # the reporter, not the correspondent who helped
    ("本报讯(记者 通讯员 张敏婷  陆敏仪)伴随龙年春节的日益临近，各大旅行社迎来出游高峰。", "张敏婷 陆敏仪"),
    ("（中央社記者黃巧雯台北2012年1月5日電）行政院今天通過預算案。", "黃巧雯"),  # a name, a place, a date
    ("【台灣醒報記者鄭宇婷台北報導】行政院今天通過預算案。", "鄭宇婷"),
    ("〔記者張文華／高雄報導〕高雄輕軌明年動工。", "張文華"),
    ("中國時報【廖素慧、曹婷婷／綜合報導】雲林連日豪雨。", "廖素慧 曹婷婷"),
    ("香港文匯報訊（記者 周家明 廣州報道）廣州地鐵六號線今日通車。", "周家明"),
    ("（記者 李慧婷/文 通訊員 史貝貝/圖）", "李慧婷"),
    ("这是（据新华社报道，记者从会上获悉）的消息。", None),  # a sentence in brackets, no byline
    ("问：今年的重点是什么？答：是民生。（本报记者 许文涛 整理）", "许文涛"),  # (整理: what he did, not a name)
])
def test_bracketed_bylines_name_the_writer(line, author):
    assert extract_html(page(after=f"<p>{line}</p>")).author == author


def test_a_posts_line_names_its_poster():
    before = "<h1>本钢召开视频干部大会</h1><div class='info'>背包客阿飞 发表于 2005-10-19 22:30</div>"
    article = extract_html(page(before=before))
    assert article.author == "背包客阿飞" and article.published == "2005-10-19T22:30:00+08:00"
    assert extract_html(page(before="<div class='info'>本文发表于 2005-10-19</div>")).author is None


def test_a_description_of_the_author_is_no_name():
    comment = "<p>这个问题想清楚了，我们就会认同下面这句话。（作者系媒体评论员）</p>"
    assert extract_html(page(after=comment)).author is None


def test_a_wechat_articles_credits_and_end_matter():
    credits = "<p>文字｜刘洋</p><p>图片｜陈晨</p><p>编辑｜赵敏 审核｜孙伟</p>"
    end = "<p>往期推荐</p><p><a href='/a/1'>集团召开年度工作会议</a></p><p>点个“在看”，你最好看</p>"
    article = extract_html(page(after=credits + end))
    assert article.author == "刘洋"
    assert article.paragraphs[-1].endswith("确保万无一失。") and "往期推荐" not in article.text


def test_credits_apart_by_spaces_alone_are_metadata_and_nobody_is_named_by_yiming():
    article = extract_html(page(after="<p>编辑 陈思 校对 李立军</p>"))
    assert "陈思" not in article.text
    article = extract_html(page(after="<p>文字：王磊 图片：张晨</p>"))  # (or with colons)
    assert "张晨" not in article.text and article.author == "王磊"
    assert extract_html(page(before="<div class='info'>作者：佚名 来源：本站原创</div>")).author is None
    for credits in ("统筹：李四 审校：王五", "制作 王磊 剪辑 李明", "供稿：办公室"):  # (a report's production credits)
        assert credits not in extract_html(page(after=f"<p>{credits}</p>")).text, credits
    for heading in ("设计丨从传统纹样中汲取灵感", "制作｜一件漆器要经过七十二道工序"):  # (a subheading, after a bar)
        after = f"<p>{heading}</p><p>匠人们说，每一道工序都要耐心细致，来不得半点马虎，这是老手艺传下来的规矩。</p>"
        assert heading in extract_html(page(after=after)).text, heading


def test_a_line_of_names_and_the_place_reported_from_is_a_byline():
    byline = "<div class='reporter'><span>李欣怡</span> 、 <span>陳建宏</span> / 台北報導</div>"
    article = extract_html(page(before=byline))
    assert article.author == "李欣怡 陳建宏" and "台北報導" not in article.text
    assert extract_html(page(before="<p>北中心／北報導</p>")).author is None  # a newsroom, not a name


def test_a_two_character_name_spaced_to_three_is_one_name():
    assert extract_html(page(before="<p class='author'>本报记者　韩　鑫</p>")).author == "韩鑫"
    assert extract_html(page(before="<p class='author'>记者 王 小明</p>")).author == "王小明"
    assert extract_html(page(before="<p class='author'>记者 张三 李四</p>")).author == "张三 李四"  # two reporters
    assert extract_html(page(before="<p class='author'>记者 王 小明 李四</p>")).author == "王小明 李四"


@pytest.mark.parametrize(("line", "author"), [
    ("本报记者罗科苏盈发自北京", "罗科苏盈"),
    ("中新社记者 宗晨亮", "宗晨亮"),
    ("新华社记者 张三 李四 上海报道", "张三 李四"),
    ("本報記者 陳建宏 台北報導", "陳建宏"),
    ("记者 王敏 通讯员 李明", "王敏"),
    ("新华社记者廖宇杰摄", None),  # a photo credit
])
def test_a_paragraph_that_is_only_a_byline_names_the_author(line, author):
    # Under a lead in bold, inside the article's own cell: the byline is one of its paragraphs.
    body = f"<div class='content'><p><b>李扬说，宏观政策应该相对稳定。</b></p><p><b>{line}</b></p>{BODY}</div>"
    html = f"<html><head><title>{TITLE}</title></head><body>{body}{FOOTER}</body></html>"
    assert extract_html(html).author == author


@pytest.mark.parametrize(("line", "author"), [
    ("文：眉间尺", "眉间尺"),
    ("（文/赵勇）", "赵勇"),
    ("文/圖記者黃國金、華瑩實習生楊金運", "黃國金 華瑩"),
    ("文/图 张三", "张三"),
    ("文 | 周念", "周念"),  # (a WeChat article's)
    ("文/许文博（中国科学院微生物研究所）", "许文博"),  # (the writer's affiliation)
    ("文/神经内科　彭晨", "彭晨"),  # (the writer's department)
    ("作者︱春春", "春春"),  # (a bar of U+FE31)
    ("采写：南都见习记者 林子沛", "林子沛"),  # (the outlet's short name and the trainee's rank before the name)
    ("执笔：张晓明", "张晓明"), ("执笔/张晓明、李华", "张晓明 李华"),
    ("文/澎湃新闻记者 段彦超", "段彦超"),
    ("作者：中国记者协会会员 张三", "中国记者协会会员 张三"),  # (an association's member: no rank to strip)
    ("《棱镜》作者 周纯", "周纯"),  # (a column's byline heading the text)
])
def test_a_writers_credit_line_names_the_author_and_is_not_text(line, author):
    article = extract_html(page(after=f"<p>{line}</p>"))
    assert article.author == author
    assert line not in article.text
    prose = "文化是一个企业的灵魂，集团将持续推进企业文化建设。"  # (文 only credits as 文： or 文/)
    assert prose in extract_html(page(after=f"<p>{prose}</p>")).text


def test_a_forum_posts_footer_names_the_poster_after_its_time():
    footer = "<p>〓 网易娱乐 明星话题 发布时间 2005/03/15 22:36:13 by duscha 〓</p>"
    article = extract_html(page(after=footer))
    assert (article.author, article.published) == ("duscha", "2005-03-15T22:36:13+08:00")
    assert extract_html(page(after="<p>Updated 2019-11-19 10:30 by the way</p>")).author is None


@pytest.mark.parametrize(("credit", "author"), [
    ("（李娜 文/王鹏 摄）", "李娜"),  # the role after the name: text by 李娜, photographs by 王鹏
    ("（记者 李娜 文/图）", "李娜"),
    ("（文/张磊 图/刘畅）", "张磊"),  # the role before it
    ("(文/图 刘玺东 易赛楠)", "刘玺东 易赛楠"),  # text and pictures by both, in half-width brackets
    ("（记者陈智 整合）", "陈智"),  # (the reporter compiled it)
])
def test_a_credit_in_brackets_names_the_writer_not_the_photographer(credit, author):
    assert extract_html(page(after=f"<p>{credit}</p>")).author == author
    closing = PARAGRAPHS[2][:-1] + f"。{credit}"  # (at the end of the last paragraph)
    assert extract_html(page().replace(PARAGRAPHS[2], closing)).author == author


def test_a_closing_line_of_credits_with_slashes_is_not_text():
    credits = "医技药剂党支部、药剂科供稿\u00a0 摄影/张艳\u00a0 编辑/苏芳"
    assert "苏芳" not in extract_html(page(after=f"<p>{credits}</p>")).text


def test_a_breadcrumb_heading_or_the_sites_name_in_a_heading_is_no_title():
    headline = "2019年中国人文地理学术年会在重庆成功举行"
    html = (f"<html><head><title>新闻动态--中国地理学会官网</title></head><body><div><h3>首页 - 新闻动态</h3></div>"
            f"<div class='news'><h5>{headline}</h5><div class='ly'>发布时间：2019-05-18 来源：中国地理学会</div>"
            f"{BODY}</div><div class='contact'><h4>联系我们</h4><h5>中国地理学会</h5>"
            f"<p>地址：北京市朝阳区大屯路甲11号</p></div></body></html>")
    assert extract_html(html).title == headline


def test_bracketed_byline_in_the_body():
    lead = "<p>据新华社拉萨电（记者 格桑边觉）记者近日从自治区农业农村厅获悉，春耕备耕工作有序推进。</p>"
    article = extract_html(page(after=lead))
    assert article.author == "格桑边觉"


@pytest.mark.parametrize(("line", "author"), [
    ("光明日报记者 王建宏 张文攀", "王建宏 张文攀"),  # the outlet, then the reporters, without a colon
    ("新京报记者 彭冲 山东冠县报道", "彭冲"),
    ("本报记者罗科苏盈发自北京", "罗科苏盈"),
    ("执笔人：闵乐夫 赵兰波", "闵乐夫 赵兰波"),
    ("新华社记者看东北", None),  # a column's name
    ("作者：吴涛 沈佳", "吴涛 沈佳"),
    ("作者：李晓亮\u00a0\u00a0新民网编辑：刘景", "李晓亮"),  # the outlet after the name is not a second name
    ("作者：实习记者 王璐", "王璐"),
    ("posted on 2005-11-20 23:48 卡夫卡 阅读(2318) 评论(4)", "卡夫卡"),  # .Text's blog footer
    ("发布:老邓 | 分类:网站建设 | 评论:3", "老邓"),  # Z-Blog's
    ("发布：2020-02-06", None),
    ("澎湃新闻记者 周雨桐", "周雨桐"),
    ("整合 新华日报·交汇点记者 徐睿翔", "徐睿翔"),  # the outlet's app after a dot
    ("界面新闻记者 | 陈晓", "陈晓"),
    ("【文/观察者网 周远航】", "周远航"),  # the outlet before the name
    ("责任编辑：</div><div>首页", None),  # an empty editor field takes no name from the next line
    ("作者：本報記者</div><div>【大 中 小】", "本報記者"),  # the staff, unnamed: no name from the next line
    ("【聯合報／記者陳建宏／台北報導】", "陳建宏"),  # the place after a slash
    ("记者 王磊/北京报道", "王磊"),
    ("posted by 听雨 | <a>阅读全文(213)</a> | <a>回复(5)</a>", "听雨"),  # a blog entry's footer
    ("posted by 听雨 at 2005-03-21 11:21 | <a>评论(2)</a>", "听雨"),
    ("<span><a>秦淮一只鸭</a></span> <span>发表于：2005-11-03 21:16</span>", "秦淮一只鸭"),  # (西祠胡同's colon)
    ("<span>楼主</span> 发表于：2005-11-03 21:16", None),  # (a thread's role, no name)
    ("●本报驻北京特派员 林立", "林立"), ("驻京记者 王平", "王平"),  # correspondents
    ("（通讯员 刘振宇 韩雪）", "刘振宇 韩雪"),  # contributors credited alone
    ("【記者李怡萱／專訪】", "李怡萱"),
    ("来源：天津日报　作者：　编辑：刘卫", "刘卫"),  # (an empty 作者： takes no label: the editor answers)
    ("发布人：hnwy　发布时间：2007-11-12", None),  # (a CMS login)
    ("Posted by 竹影 @ 2005-4-18 09:12", None),  # (a comment's header, not an entry's footer)
    ("作者：版主", None),  # (a forum rank)
])
def test_reporter_lines_under_the_headline(line, author):
    article = extract_html(page(before=f"<h1>本钢召开视频干部大会</h1><div class='info'>{line}</div>"))
    assert article.author == author
    assert line not in article.text


@pytest.mark.parametrize(("line", "author"), [
    ("By Phil Helsel", "Phil Helsel"),
    ("By Lisa Kaczke and Trevor J. Mitchell | Sioux Falls Argus Leader", "Lisa Kaczke and Trevor J. Mitchell"),
    ("By Sherif Saed, Wednesday, 20 November 2019 08:05 GMT", "Sherif Saed"),
    ("By Meg JamesStaff Writer", "Meg James"),  # a job title in an element of its own, glued on
    ("By David Jeans Share", "David Jeans"),
    ("By Liu Ce (China Daily)", "Liu Ce"),  # the outlet in brackets after the name
    ("By Laura Hensley TOP ASIA-PACIFIC STORIES", "Laura Hensley"),  # a box's heading glued on
    ("By the time the council met, the plan had changed.", None),  # a sentence
    ("By LI HONGYAN in Shenzhen | chinadaily.com.cn | Updated: 2019-03-05 10:12", "LI HONGYAN"),  # (the place)
    ("by Xinhua writer Liu Chang", "Liu Chang"),  # (the outlet and role before the name)
    ("Reporter: Zou Yun | Editor: Zhang Jingya | Source: CNTN.cn | 10-21-2010 09:15", "Zou Yun"),
    ("by: Laurie Oakes", "Laurie Oakes"),  # (the Herald Sun's label, with a colon)
])
def test_english_byline_lines(line, author):
    html = (f"<html><body><h1>Sweden drops Assange inquiry</h1><div class='byline'>{line}</div>"
            f"<div class='story'>{EN_BODY}</div></body></html>")
    assert extract_html(html).author == author


def test_a_substack_title_that_credits_the_writer_does_not_make_the_writer_the_site():
    html = ("<html><head><title>Why regional airlines keep cancelling your flight - by Tom Alvarez</title>"
            "<meta name='author' content='Tom Alvarez'>"
            "<meta property='og:site_name' content='The Overhead'></head>"
            "<body><h1>Why regional airlines keep cancelling your flight</h1>"
            f"<article>{EN_BODY}</article></body></html>")
    assert extract_html(html).author == "Tom Alvarez"


@pytest.mark.parametrize(("opening", "source"), [
    ("WASHINGTON (Reuters) - The Senate voted on Tuesday to extend the program.", "Reuters"),
    ("LITTLE ROCK, Ark. (AP) — A judge on Friday blocked the new rule.", "AP"),
    ("SAN JOSE, Calif., March 5, 2019 /PRNewswire/ -- Acme Robotics today announced a partnership.", "PRNewswire"),
    ("The Senate (which met late) voted on Tuesday to extend the program.", None),
])
def test_a_wires_dateline_names_the_source(opening, source):
    html = f"<html><body><h1>Senate extends program</h1><article><p>{opening}</p>{EN_BODY}</article></body></html>"
    assert extract_html(html).source == source


def test_forum_softwares_credit_is_no_author():
    head = "<meta name='author' content='Discuz! Team and Comsenz UI Team'>"
    assert extract_html(page(head)).author is None


def test_a_source_keeps_its_own_baodao():
    line = "<div class='info'>2020-02-06 来源：21世纪经济报道</div>"
    assert extract_html(page(before=f"<h1>本钢召开视频干部大会</h1>{line}")).source == "21世纪经济报道"


def test_copyright_prose_is_not_an_author_line():
    notice = "<p>声明：本文版权归原作者所有且仅代表原作者观点，未经授权不得转载。</p>"
    article = extract_html(page(after=notice))
    assert article.author is None
    assert "声明" not in article.text


def test_headline_in_a_styled_cell_that_title_quotes_after_a_site_prefix():
    before = ("<table><tr><td><font style='font-size:22px'><strong>本钢召开视频干部大会</strong></font>"
              "</td></tr></table>")
    article = extract_html(page(before=before, title="中國評論新聞：本钢召开视频干部大会"))
    assert article.title == "本钢召开视频干部大会"
    assert not article.text.startswith("本钢召开视频干部大会")


def test_date_line_with_the_site_address_is_metadata():
    article = extract_html(page(after="<div>AUTO.SOHU.COM  2003年11月12日16:36　 金羊网—新快报</div>"))
    assert article.published == "2003-11-12T16:36:00+08:00"
    assert "SOHU" not in article.text  # a metadata line, not a paragraph


def test_date_line_whose_source_is_a_link_still_gives_date_and_source():
    before = ("<div class='info'>2012-01-12 11:29:32　来源: <a href='/a'>东方体育日报(上海)</a> "
              "<a href='/c'>有0人参与</a> <a href='/m'>手机看新闻</a></div>")
    article = extract_html(page(before=before))
    assert article.published == "2012-01-12T11:29:32+08:00"
    assert article.source == "东方体育日报(上海)"  # its own bracket kept
    assert "来源" not in article.text


@pytest.mark.parametrize(("line", "source"), [
    ("（来源：新华社）", "新华社"),
    ("来源：东方体育日报(上海)", "东方体育日报(上海)"),
])
def test_brackets_around_a_source_go_its_own_stay(line, source):
    assert extract_html(page(after=f"<p>{line}</p>")).source == source


def test_labelled_lines_that_are_sentences_stay_in_the_body():
    interview = ("<p>记者：你通过什么渠道最快地获取这些农业政策和农机信息？</p>"
                 "<p>王先生：主要是看电视新闻，也上网查一查，有时候到农机站去问。</p>"
                 "<p>2、初试时间：2004年3月底、4月初，我院寄发准考证时通知具体时间。</p>")
    article = extract_html(page(after=interview))
    assert "记者：你通过什么渠道最快地获取这些农业政策和农机信息？" in article.paragraphs
    assert "2、初试时间：2004年3月底、4月初，我院寄发准考证时通知具体时间。" in article.paragraphs
    assert "王先生：主要是看电视新闻，也上网查一查，有时候到农机站去问。" in article.paragraphs
    short = extract_html(page(after="<p>（记者：张三 李四）</p><p>时间：2020-03-02</p>"))
    assert "张三" not in short.text and "2020-03-02" not in short.text


def test_a_list_of_related_links_between_the_date_line_and_the_body_does_not_hide_it():
    # A 2004 table layout: the date and author line, then a side table of related headlines, then the text.
    related = "".join(f"<tr><td><a href='/n{i}.shtml'>相关新闻标题第{i}条</a></td></tr>" for i in range(16))
    before = ("<h1>本钢召开视频干部大会</h1><div class='info'>时间：2004年10月21日14:18 作者：郭励弘</div>"
              f"<table class='side'>{related}</table>")
    article = extract_html(page(before=before))
    assert article.published == "2004-10-21T14:18:00+08:00"
    assert article.author == "郭励弘"


def test_a_reprints_note_of_the_originals_date_does_not_date_the_page():
    lines = ("<div class='info'>发稿时间: 2005-03-21 09:40 来源: 解放日报</div>"
             "<div class='info'>原文发表时间: 2005-03-18 《解放日报》第5版</div>")
    assert extract_html(page(before=lines)).published == "2005-03-21T09:40:00+08:00"
    only_original = "<div class='info'>原文发表时间: 2005-03-18 《解放日报》第5版</div>"
    assert extract_html(page(before=only_original)).published == "2005-03-18T00:00:00+08:00"  # (better than none)


def test_hong_kong_time_between_the_day_and_the_time():
    assert parse_date("2017-03-21 HKT 11:21") == "2017-03-21T11:21:00+08:00"
    assert parse_date("2017-03-21 HKT 11:21", "Europe/London") == "2017-03-21T11:21:00+08:00"
    stamp = "<div class='createddate'>2017-03-21 HKT 11:21</div>"
    assert extract_html(page(after=stamp)).published == "2017-03-21T11:21:00+08:00"


def test_a_date_in_the_canonical_urls_folders_dates_a_page_given_without_its_url():
    head = '<link rel="canonical" href="http://www.example.gov.cn/art/2016/5/12/art_3201_781204.html">'
    assert extract_html(page(head)).published == "2016-05-12T00:00:00+08:00"
    assert extract_html(page(), "http://www.example.gov.cn/art/2016/5/12/art_1.html").published == \
        "2016-05-12T00:00:00+08:00"


def test_a_netease_address_dates_a_page_only_with_its_document_id():
    url = "http://news.163.com/05/0321/11/1F2G3H4I0001124J.html"
    assert extract_html(page(), url).published == "2005-03-21T00:00:00+08:00"
    assert extract_html(page(), "http://www.example.cn/05/0321/11/12.html").published is None


def test_a_wechat_article_is_dated_by_its_script_variables():
    script = '<script>var ct = "1662633000";\nvar publish_time = "2022-09-08" || "";</script>'
    html = page(before="<em id='publish_time'></em>" + script)
    assert extract_html(html).published == "2022-09-08T18:30:00+08:00"


@pytest.mark.parametrize(("line", "source"), [
    ("http://news.sina.com.cn 2005年11月25日07:52 <a href='http://www.thebeijingnews.com/'>新京报</a>", "新京报"),
    ("<span id='pubtime'>2005-06-08 07:48:21</span> <span id='source'>南方都市报</span> 记者 黄敏", "南方都市报"),
    ("2005年11月25日 本报讯", None),  # (本报 is "this paper", no name)
    ("2005年11月25日07:52 来源：新华网 人民日报", "新华网"),  # a label wins
    ("<time>2017-11-02 15:36:12</time> <span>来源</span><span>鹭宁日报</span>", "鹭宁日报"),  # (its label alone)
])
def test_an_outlet_named_after_the_date_is_the_source(line, source):
    before = f"<h1>本钢召开视频干部大会</h1><div class='info'>{line}</div>"
    assert extract_html(page(before=before)).source == source


def test_a_forum_posters_name_above_the_profile_fields_of_the_user_panel_is_the_author():
    # phpwind: the panel (name, avatar, fields) in one cell, the first post in the next.
    panel = ("<table><tr><th class='r_two'><b>川西行者</b><div><img src='/face/1.gif'></div>级别: 骑士<br>"
             "精华: 2<br>发帖: 613<br>金钱: 2560 RMB<br>注册时间:05-08-14<br>最后登录:06-4-12</th>"
             f"<th class='r_one'><div class='tiptop'>楼主 发表于: 06-4-2 21:05</div><div class='tpc_content'>{BODY}"
             "</div></th></tr></table>")
    html = f"<html><head><title>{TITLE}</title></head><body>{panel}{FOOTER}</body></html>"
    article = extract_html(html)
    assert (article.author, article.published) == ("川西行者", "2006-04-02T21:05:00+08:00")
    lone_field = f"<div class='info'>注册时间：2010-05-01</div><div class='content'>{BODY}</div>"  # a company's fact
    html = f"<html><head><title>{TITLE}</title></head><body><p>本钢集团</p>{lone_field}{FOOTER}</body></html>"
    assert extract_html(html).author is None


def test_a_time_at_the_head_of_a_posts_footer_times_the_day_above_the_post():
    # MSN Spaces: the day above the post, its time in the footer before the links.
    html = (f"<html><head><title>{TITLE}</title></head><body><div class='post'><div class='dateHeader'>2005年9月23日"
            f"</div><h4>本钢召开视频干部大会</h4><div class='bvMsg'>{BODY}</div></div><div class='footer'>22:47 | "
            "<a href='#'>添加评论</a> | <a href='#'>永久链接</a></div><div class='comments'><p>评论 (1)</p>"
            f"<p>阿杰 写道：恭喜恭喜！</p><p>2005-9-23 23:02</p></div>{FOOTER}</body></html>")
    assert extract_html(html).published == "2005-09-23T22:47:00+08:00"


def test_a_blog_posts_footer_of_links_still_dates_the_post_and_names_its_writer():
    # bokee: "name 发表于 time | 阅读全文 | 回复(3) | 引用通告" under the post, reader comments after it.
    footer = ("<div class='posted'>林间散步 发表于 2005-4-17 22:58:00 | <a href='/1.html'>阅读全文</a> | "
              "<a href='/1.html#c'>回复(3)</a> | <a href='/tb'>引用通告</a></div>")
    comments = "<div class='comments'><p>评论</p><p>路人甲 2005-04-18 09:02:11</p><p>写得真好。</p></div>"
    article = extract_html(page(after=footer).replace(FOOTER, comments + FOOTER))
    assert (article.published, article.author) == ("2005-04-17T22:58:00+08:00", "林间散步")
    assert "阅读全文" not in article.text


@pytest.mark.parametrize(("ending", "author"), [
    ("打下基础。（赵亚辉）", "赵亚辉"),
    ("各售一半？”（新民网 李欣）", "李欣"),
    ("打下基础。（完）", None),
    ("打下基础。（新华社）", None),
    ("打下基础。（待续）", None),
])
def test_a_name_in_brackets_after_the_last_sentence_is_the_writer(ending, author):
    last = f"<p>河南省农业厅有关负责人表示，下一步将重点做好冬前麦田管理，{ending}</p>"
    article = extract_html(page(after=last + "<p>（责任编辑：孙钰）</p>"))
    assert article.author == (author or "孙钰")  # (the editor answers for a page that names no writer)


def test_a_university_bbs_post_header_dates_and_names_it_and_its_signature_is_not_text():
    post = ("<div class='article'>发信人: bluemoon (蓝月亮), 信区: Reading<br>"
            "标&nbsp;&nbsp;题: 重读《围城》的一点感想<br>"
            "发信站: 水木社区 (Sat Nov 18 21:46:33 2006), 站内<br><br>"
            + "<br>".join(PARAGRAPHS) +
            "<br><br>--<br><br>人生若只如初见，何事秋风悲画扇。<br>"
            "※ 修改:·bluemoon 于 Nov 19 09:12:40 2006 修改本文·[FROM: 166.111.68.*]<br>"
            "※ 来源:·水木社区 newsmth.net·[FROM: 166.111.68.*]</div>")
    article = extract_html(f"<html><head><title>{TITLE}</title></head><body>{post}{FOOTER}</body></html>")
    assert (article.published, article.author, article.source) == ("2006-11-18T21:46:33+08:00", "bluemoon", None)
    assert article.text == "\n".join(PARAGRAPHS)
    assert parse_date("Sat Feb 30 21:46:33 2006") is None


@pytest.mark.parametrize(("title", "owner"), [
    ("带父母去了一趟婺源 - 秋水长天的日志 - 网易博客", "秋水长天"),
    ("小鹿的空间: 拿到驾照啦", "小鹿"),
    ("陪孩子写作业这件小事 - 丫丫妈的博客 - 搜狐博客", "丫丫妈"),
    ("用Python读GBK网页 - 老周的专栏 - CSDNBlog", "老周"),
    ("周末去爬山 - 阿蓝的个人空间 - 百度空间", "阿蓝"),
    ("本钢召开视频干部大会_本钢新闻_本钢集团", None),
    ("我的博客搬家了 - 新浪博客", None),  # (no owner named)
    ("周末去爬山 - Xiaolu's Blog", "Xiaolu"),
])
def test_a_blogs_owner_named_in_title_writes_its_posts(title, owner):
    assert extract_html(page(title=title)).author == owner


def test_closing_lines_of_a_news_item_are_not_its_text():
    ending = ("<p>（记者 马骏）</p><p>（完）</p>"
              "<p>【免责声明】本文仅代表作者个人观点，与金融界网站无关。其原创性未经本站证实。</p>")
    article = extract_html(page(after=ending))
    assert article.paragraphs == PARAGRAPHS and article.author == "马骏"


def test_a_bracketed_source_label_and_an_empty_author_label():
    line = "<div class='info'>2005年09月14日 15:20 【来源】《财经》网络版 作者：</div><div class='nav'>股票频道</div>"
    article = extract_html(page(before=line))
    assert (article.source, article.author) == ("《财经》网络版", None)  # (an empty 作者： names nobody)
    cells = "<table><tr><td>【作者】吕品</td><td>【出处】电脑商讯网</td><td>【日期】2005年8月3日</td></tr></table>"
    assert extract_html(page(before=cells)).source == "电脑商讯网"


@pytest.mark.parametrize(("title", "headline"), [
    ("蜻蜓_知源百科", "蜻蜓"),  # a short headline before a longer site name
    ("狮子座本周运势（8.8-8.14）_星座频道_星空网", "狮子座本周运势（8.8-8.14）"),  # a range's hyphen
    ("警情通报-临江市公安局滨河分局", "警情通报"),  # an institution's own site: a short headline before its name
    ("我院开展义诊活动-新闻动态-南港市妇女儿童医院", "我院开展义诊活动"),
    ("漳南农业信息网 >> 农业科技 >> 大棚番茄灰霉病的识别与防治", "大棚番茄灰霉病的识别与防治"),  # (a breadcrumb's)
    ("青创沙龙第十八期活动举行-澄江市青年企业家协会", "青创沙龙第十八期活动举行"),  # (a society's own site)
    ("胃酸倒流要戒口嗎？ :: 醫生信箱 :: 健康生活網", "胃酸倒流要戒口嗎？"),  # (:: between parts)
])
def test_title_parts_of_short_headlines_and_ranges(title, headline):
    assert strip_site_name(title) == headline


def test_nav_links_beside_labels_name_no_author_and_a_bbs_stamp_no_source():
    nav = "<div class='info'><a href='/zz'>作者专区</a> | <a href='/jj'>作品简介</a></div>"
    assert extract_html(page(before=nav)).author is None
    stamp = "<p>※ 来源:·清泉BBS bbs.qingquan.net·[FROM: 202.118.*]</p>"
    assert extract_html(page(after=stamp)).source is None


def test_a_reader_comments_time_does_not_replace_the_time_of_the_date_line():
    info = "<div class='info'>2007-08-20 07:15　来源：城市快报</div>"
    comments = ("<div id='comment'><h3>网友评论</h3><p>城市快报网友 发表于 2007-08-20 08:12</p>"
                "<p>这棵树我从小看到大。</p></div>")
    article = extract_html(page(before=info).replace(FOOTER, comments + FOOTER))
    assert article.published == "2007-08-20T07:15:00+08:00"


def test_a_blogs_name_in_its_header_names_the_writer_when_title_does_not():
    header = "<div class='blogName'><a href='http://blog.example.com/qq'>青青子衿的博客</a></div>"
    html = page(before=header, title="周末，乌镇_青青子衿_星空博客").replace("<body>", "<body>" + header, 1)
    assert extract_html(html).author == "青青子衿"


def test_a_headline_broken_in_two_by_br_is_one_title():
    before = ("<table><tr><td class='title22'><b>广州地铁三号线首段年底试运行<br>番禺市民出行将提速</b>"
              "</td></tr></table>")
    article = extract_html(page(before=before, title="南方网：广州地铁三号线首段年底试运行 番禺市民出行将提速"))
    assert article.title == "广州地铁三号线首段年底试运行 番禺市民出行将提速"


def test_fields_in_spans_with_an_empty_author_a_photographer_and_an_outlets_account():
    line = ("<div class='info'><span>时间：2023-08-28</span><span>来源：党委宣传部</span><span>摄影：李想</span>"
            "<span>作者：</span><span>浏览：<script>show(45211)</script></span></div>")
    article = extract_html(page(before=line))
    assert (article.source, article.author) == ("党委宣传部", None)  # (not 党委宣传部摄影：李想, not 浏览)
    account = "<div class='info'>发布时间：2021-11-18　　来源：医院微信公众号　　浏览次数：1108</div>"
    assert extract_html(page(before=account)).source == "医院微信公众号"


def test_a_short_headline_in_a_title_class_beats_the_institution_that_title_names():
    top = "<div class='top'><span class='site-name'>临江市公安局滨河分局</span></div>"
    before = "<div class='news-title'>警情通报</div><div class='attr'>发布时间：2022-08-03 21:15</div>"
    html = page(before=before, title="警情通报-临江市公安局滨河分局").replace("<body>", "<body>" + top, 1)
    assert extract_html(html).title == "警情通报"


def test_bylines_of_finance_papers_and_an_empty_source_label():
    assert extract_html(page(before="<div class='info'>○记者 刘晓燕 ○编辑 陈默</div>")).author == "刘晓燕"
    apart = "<p>每经记者 李娜　每经编辑 何剑</p>"  # (its own line above the text: the outlet as it calls itself)
    assert extract_html(page().replace("<div class='content'>", "<div class='content'>" + apart)).author == "李娜"
    assert extract_html(page(after="<p>据记者了解</p>")).author is None
    empty = "<div class='source'>来源：<img src='/logo.png' alt='中国基金报'></div><div class='author'>作者：刘畅</div>"
    article = extract_html(page(before=empty, after="<p>（文章来源：中国基金报）</p>"))
    assert (article.author, article.source) == ("刘畅", "中国基金报")  # (not 作者：刘畅, from the next line)


def test_a_documents_written_date_yields_to_its_publication_date():
    table = ("<table><tr><td>发布机构：</td><td>市政府办公厅</td><td>成文日期：</td>"
             "<td>2009年06月01日</td></tr></table><p>发布时间：2009-06-02 15:20　来源：市政府办公厅</p>")
    html = page().replace("<div class='content'>", "<div class='content'>" + table)  # (all in the body's cell)
    assert extract_html(html).published == "2009-06-02T15:20:00+08:00"
    alone = "<table><tr><td>成文日期：</td><td>2009年06月01日</td></tr></table>"
    assert extract_html(page(before=alone)).published == "2009-06-01T00:00:00+08:00"  # (still a date, when alone)


def test_a_quote_table_between_the_date_line_and_the_text_leaves_the_date_in_reach():
    rows = "".join(f"<tr><td><a href='/q/{code}'>股票{code}</a></td><td>{code}</td><td>--</td><td>+0.3%</td></tr>"
                   for code in ("600519", "000858", "000568", "600809"))
    before = (f"<div class='info'>2012年03月05日 15:32 新浪财经</div><table><tr><th>相关股票</th><th>代码</th>"
              f"<th>最新价</th><th>涨跌幅</th></tr>{rows}</table>")
    assert extract_html(page(before=before)).published == "2012-03-05T15:32:00+08:00"


def test_an_apps_page_whose_title_names_only_the_app():
    before = ("<div class='detail-title'>无人机配送试点一周年，外卖“从天而降”成日常</div><div class='detail-meta'>"
              "<span class='meta-source'>潮新闻</span><span class='meta-reporter'>潮新闻记者 方圆</span></div>")
    article = extract_html(page(before=before, title="潮新闻"))
    assert (article.author, article.source) == ("方圆", "潮新闻")
    assert article.title == "无人机配送试点一周年，外卖“从天而降”成日常"
    poem = "<h2>槐花落</h2><div class='comments'><h3>读者评论（共3条）</h3></div>"  # (a short title the page shows)
    assert extract_html(page(before=poem, title="槐花落")).title == "槐花落"
    assert extract_html(page(before=poem, title="榕树下--原创文学--槐花落")).title == "槐花落"


def test_an_articles_own_footer_credits_it_and_the_pages_footer_is_still_dropped():
    html = ("<html><head><title>夜间经济升温，多地博物馆延长开放时间</title></head><body><article>"
            "<h1>夜间经济升温，多地博物馆延长开放时间</h1>"
            f"<main class='article-body'>{BODY}</main><footer><p>本文来源：中国青年报　作者：陈默</p>"
            "<p>责任编辑：张涵</p></footer></article><footer>网易公司版权所有 作者：网易</footer></body></html>")
    article = extract_html(html)
    assert (article.author, article.source, article.paragraphs) == ("陈默", "中国青年报", PARAGRAPHS)


def test_a_reporters_span_glued_to_the_source_and_an_interns_credit():
    line = ("<div class='by'><span>2018-02-12 09:40</span><span>来源：江城新闻网</span>"
            "<span>记者 程远 摄影报道</span></div>")
    article = extract_html(page(before=line))
    assert (article.source, article.author) == ("江城新闻网", "程远")
    assert extract_html(page(before="<p>来源：经济参考报 作者：<span>实习记者 王璐</span></p>")).author == "王璐"


def test_a_headline_cell_over_the_date_line_titles_a_page_whose_title_names_a_channel():
    cells = ("<table><tr><td style='font-size:20px'>市劳动和社会保障局局长郭建军谈农民工工资支付保障</td></tr>"
             "<tr><td>发布时间：2008-12-18 14:35　来源：中国江城网</td></tr>"
             + "".join(f"<tr><td>{p}</td></tr>" for p in PARAGRAPHS) + "</table>")
    html = page(title="在线访谈--中国江城网").replace(f"<div class='content'>{BODY}</div>", cells)
    article = extract_html(html)
    assert (article.title, article.paragraphs) == ("市劳动和社会保障局局长郭建军谈农民工工资支付保障", PARAGRAPHS)


def test_an_outlet_before_the_writers_name_yields_to_the_name_the_markup_gives():
    html = page(head="<meta property='article:author' content='王琳'>", before="<div class='info'>文｜财新 王琳</div>")
    assert extract_html(html).author == "王琳"


@pytest.mark.parametrize(("line", "source", "published"), [
    ("Source: Xinhua| 2020-01-02 09:30:15 | Editor: huaxia", "Xinhua", "2020-01-02T09:30:15+08:00"),
    ("By Liu Ce (China Daily) Updated: 2009-03-05 10:12", "China Daily", "2009-03-05T10:12:00+08:00"),
    ("(Xinhua) 16:08, April 18, 2012", "Xinhua", "2012-04-18T16:08:00+08:00"),
    ("Global Times Published: Mar 05, 2019 10:12 PM", "Global Times", "2019-03-05T22:12:00+08:00"),
    ("Reporter: Zou Yun | Editor: Zhang Jingya | Source: CNTN.cn | 10-21-2010 09:15", "CNTN.cn",
     "2010-10-21T09:15:00+08:00"),  # (month first: the day cannot be a month)
    ("First Published: Tuesday, November 19, 2019 08:38 AM", None, "2019-11-19T08:38:00+08:00"),
    ("By Qiao Xinyu Published: Jun 17, 2022 12:40 AM", None, "2022-06-17T00:40:00+08:00"),  # (a writer, no outlet)
    ("By Zhang Wei in Guiyang | China Daily | Updated: 2023-06-18 09:30", "China Daily", "2023-06-18T09:30:00+08:00"),
    ("Source(s): Xinhua 2022-11-12", "Xinhua", "2022-11-12T00:00:00+08:00"),
    ("Source:Global Times [00:49 August 12 2010]", "Global Times", "2010-08-12T00:49:00+08:00"),
    ("Source: Yunnan Daily Author: Li Mingyuan Date: 2012-05-03", "Yunnan Daily", "2012-05-03T00:00:00+08:00"),
])
def test_english_source_and_date_lines(line, source, published):
    html = (f"<html><body><h1>Sweden drops Assange inquiry</h1><div class='byline'>{line}</div>"
            f"<div class='story'>{EN_BODY}</div></body></html>")
    article = extract_html(html)
    assert (article.source, article.published) == (source, published)


def test_a_hong_kong_press_releases_closing_line_gives_its_time():
    html = ("<html><body><h1>LCQ3: Public housing</h1><div class='date'>Thursday, March 10, 2011</div>"
            f"<div id='pressrelease'>{EN_BODY}</div><div>Ends/Thursday, March 10, 2011<br>Issued at HKT 18:35</div>"
            "</body></html>")
    assert extract_html(html).published == "2011-03-10T18:35:00+08:00"


def test_a_source_line_names_the_source_before_a_disclosure_tables_issuing_office():
    table = ("<table><tr><td>索引号：</td><td>000014348/2017-00088</td><td>分类：</td><td>市政公用</td></tr>"
             "<tr><td>发布机构：</td><td>东川市人民政府</td><td>发布日期：</td><td>2017-05-16</td></tr></table>")
    line = "<div class='artinfo'>发布日期：2017-05-16　　来源：市政府法制办公室</div>"
    assert extract_html(page(before=table + line)).source == "市政府法制办公室"
    assert extract_html(page(before=table)).source == "东川市人民政府"  # (the office, when nothing else names one)


def test_a_taiwanese_date_cell_is_a_date_not_a_figure():
    table = ("<table><tr><th>發布日期</th><td>112-09-26</td><th>更新時間</th><td>112-09-27 10:05</td></tr>"
             "<tr><th>資料來源</th><td>心理健康司</td><th>點閱次數</th><td>2568</td></tr></table>")
    html = page(head="<meta name='DC.Date' content='2023-09-27'>", before=table)
    assert extract_html(html).published == "2023-09-26T00:00:00+08:00"


def test_spans_glued_after_the_writers_name_and_a_time_without_a_year():
    glued = ("<div class='info'><span>2013-05-21 10:48</span><span>来源：南粤晚报</span><span>记者 潘悦</span>"
             "<span><a href='#c'>参与评论(1536)</a></span></div>")
    assert extract_html(page(before=glued)).author == "潘悦"
    mobile = ("<div class='m-info'><span>来源：快看科技</span><span>作者：沈默</span><span>08-09 18:22</span></div>")
    html = page(head="<meta name='publishdate' content='2017-08-09'>", before=mobile)
    article = extract_html(html)
    assert (article.author, article.published) == ("沈默", "2017-08-09T18:22:00+08:00")


def test_a_line_naming_the_outlet_then_its_writer_credits_the_writer():
    line = "<div class='date-source'><span>2017年03月15日 08:05</span><a href='/'>新潮科技</a></div>"
    html = page(before=line, after="<p>（责任编辑：刘畅 SF123）</p>").replace(
        "<div class='content'>", "<div class='content'><p>　　新潮科技 何欣然</p>")
    article = extract_html(html)
    assert (article.source, article.author) == ("新潮科技", "何欣然")
    assert "新潮科技 何欣然" not in article.paragraphs


def test_a_press_releases_source_line_and_its_contacts():
    contacts = "<p>媒体联系人：</p><p>李娜 品牌传播部</p><p>电话：010-12345678</p>"
    html = page(after=contacts).replace(FOOTER, "<div class='src'>消息来源：地平线酒店集团</div>" + FOOTER)
    article = extract_html(html)
    assert (article.paragraphs, article.source) == (PARAGRAPHS, "地平线酒店集团")
    bilingual = "<div class='info'>发布时间：2019-05-06　来源 / Source：港信物流</div>"
    assert extract_html(page(before=bilingual)).source == "港信物流"
    glued = "<div class='info'><span>作者：夏志明</span><span><a href='#c'>我要评论</a></span></div>"
    assert extract_html(page(before=glued)).author == "夏志明"


def test_a_company_sites_title_names_the_company_and_the_page_shows_the_headline():
    before = ("<table><tr><td class='bt'>康利电器向四川地震灾区捐款捐物</td></tr>"
              "<tr><td>发布时间：2008-05-20</td></tr></table>")
    assert extract_html(page(before=before, title="顺德康利电器有限公司")).title == "康利电器向四川地震灾区捐款捐物"
    about = "<div class='about'><b>公司简介</b></div>"
    assert extract_html(page(before=about, title="江苏恒达精密机械有限公司--公司简介")).title == "公司简介"


def test_json_ld_names_the_writer_and_a_reviewers_span_glued_on_is_apart():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", "name": "韩雨桐"},'
          ' "publisher": {"@type": "Organization", "name": "健康一线"}}</script>')
    assert extract_html(page(head=ld)).author == "韩雨桐"
    org = '<script type="application/ld+json">{"author": {"@type": "Organization", "name": "健康一线"}}</script>'
    assert extract_html(page(head=org)).author is None  # (an organisation is no writer)
    line = ("<p><span>发布时间：2018-06-12 15:30</span><span>来源：医学科普平台</span><span>作者：宋佳怡</span>"
            "<span>审核专家：马建军</span></p>")
    assert extract_html(page(before=line)).author == "宋佳怡"


def test_a_json_ld_writers_lone_surrogate_escape_is_a_replacement_character():
    # (json.loads makes "\\udc00" a lone surrogate, which no UTF-8 holds: the page could be neither stored nor shown)
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person",'
          ' "name": "韩雨\\udc00桐"}}</script>')
    assert extract_html(page(head=ld)).author == "韩雨\ufffd桐"


def test_a_sources_name_may_end_in_comment_and_a_glued_comment_link_is_no_part_of_it():
    assert extract_html(page(before="<div class='info'>来源：风向标评论</div>")).source == "风向标评论"
    glued = "<div class='info'><span>来源：新华网</span><span><a href='#c'>评论(12)</a></span></div>"
    assert extract_html(page(before=glued)).source == "新华网"


def test_a_readers_letter_is_signed_with_town_and_name_and_a_reporters_column_names_nobody():
    nav = ("<div class='nav2'>·<a href='/2'>读者来信</a><br>·<a href='/3'>记者调查</a><br>"
           "·<a href='/4'>百姓话题</a></div>")
    html = page(before=nav, after="<p>（河东市清水区 王建国）</p>")
    assert extract_html(html).author == "王建国"
    assert extract_html(page(before=nav)).author is None  # (记者调查 is a column, not 调查 the reporter)


def test_credits_in_a_box_classed_as_credits_and_a_reprints_source():
    credits = "<p class='credits'>撰稿：宋佳怡　摄影：刘家豪　审核：杨帆</p>"
    assert extract_html(page(after=credits)).author == "宋佳怡"
    line = "<div class='info'>[ 作者：佚名 | 转贴自：农村科技报 | 点击数：120 | 更新时间：2008-3-4 ]</div>"
    assert extract_html(page(before=line)).source == "农村科技报"


def test_tv_credits_after_the_reporter_and_a_videos_upload_date():
    line = "<div class='info'>2013-05-02 19:30　记者 周晓峰 摄像 陈刚　来源：江城电视台</div>"
    assert extract_html(page(before=line)).author == "周晓峰"
    assert extract_html(page(before="<p>【记者出镜】</p>")).author is None
    ld = ('<script type="application/ld+json">{"@type": "VideoObject", "uploadDate": "2024-01-06T21:48:00+08:00"}'
          '</script>')
    assert extract_html(page(head=ld)).published == "2024-01-06T21:48:00+08:00"


def test_an_e_papers_title_of_paper_issue_and_page_names_the_site():
    from crawler.extract.titles import is_site_name
    assert is_site_name("北湖晚报电子版 2006年12月8日 第15版")
    assert is_site_name("江城日报 2015年03月05日 星期四 第A03版：要闻")
    assert not is_site_name("关于2015年3月5日会议的通知")


def test_a_translators_credit_and_a_foreign_writers_nationality():
    assert extract_html(page(after="<p>（编译/郭晓）</p>")).author == "郭晓"
    assert extract_html(page(before="<div class='info'>编译 杜若｜审校 苏禾</div>")).author == "杜若"
    assert extract_html(page(before="<div class='info'>作者：[美]迈克尔·斯通</div>")).author == "迈克尔·斯通"
    crumb = "<div class='crumb'>当前位置：首页 > 国际 > 正文</div><div class='info'>作者：　【打印】</div>"
    assert extract_html(page(before=crumb)).author is None


def test_an_e_papers_headline_opens_its_cell_past_the_font_switch_and_over_its_byline():
    cell = ("<table><tr><td>【字体：<a href='#'>大</a> <a href='#'>中</a> <a href='#'>小</a>】<br>"
            "<b>热心市民雪夜救助迷路老人</b><br>记者 张 涛<br>" + "<br>".join(PARAGRAPHS) + "</td></tr></table>")
    html = page(title="北湖晚报电子版 2006年12月8日 第15版").replace(f"<div class='content'>{BODY}</div>", cell)
    article = extract_html(html)
    assert (article.title, article.author) == ("热心市民雪夜救助迷路老人", "张涛")


@pytest.mark.parametrize(("credit", "author"), [
    ("作者：孙建国、王涛", "孙建国 王涛"),
    ("本报记者 郑伟杰、何雅琳", "郑伟杰 何雅琳"),
    ("作者：欧阳·娜娜、李明", "欧阳·娜娜 李明"),
    ("作者：张三", "张三"),
    ("作者：沈芸　　<a href='#'>选择字号：大 中 小</a>", "沈芸"),  # (选择字号 is one label)
    ("（本报记者 许文涛 整理）", "许文涛"),
    ("撰稿人：王晓峰　来源：市交通运输局", "王晓峰"),
])
def test_several_authors_are_named_as_a_list_of_names(credit, author):
    # However the page lists them (、 ，), several names are given one way: each name, then a space.
    assert extract_html(page(before=f"<div class='info'>{credit}</div>")).author == author


@pytest.mark.parametrize(("info", "source"), [
    ("<span>作者：汪海潮</span><span>来源：汐川区统计局</span><span>日期：2015/09/18</span>", "汐川区统计局"),
    ("<span>文章来源：规划财务处</span><span>字体：[<a href='#'>大</a> <a href='#'>中</a> <a href='#'>小</a>]</span>",
     "规划财务处"),
    ("<span>作者：李明</span><span>信息来源：市统计局</span>", "市统计局"),  # (信息来源 is one label)
    ("<span>2025年02月18日 07:05 星期二</span><span>来源：山岚日报</span>", "山岚日报"),  # (after a weekday)
    ("<span>来源：东岸财经</span><span>文｜苏可</span>", "东岸财经"),  # (a writer's credit after it)
])
def test_a_source_glued_to_the_field_before_or_after_it_is_read_alone(info, source):
    assert extract_html(page(before=f"<div class='info'>{info}</div>")).source == source


@pytest.mark.parametrize(("byline", "author"), [
    ("<div class='info'>报道：黄振杰</div>", "黄振杰"),  # Singapore's and Malaysia's label
    ("<div class='info'>星洲日报/大北马·报导：邱志明·2010.07.12</div>", "邱志明"),
    ("<p>本网讯（通讯员 陈思远 刘晓燕）近日，集团召开上半年生产经营分析会，通报各单位经营情况。</p>", "陈思远 刘晓燕"),
])
def test_overseas_and_correspondents_bylines_name_the_writers(byline, author):
    assert extract_html(page(before=byline)).author == author


def test_a_report_signed_with_its_writers_office_and_name_names_the_writer():
    assert extract_html(page(after="<p>（澜州市统计局综合处　徐立峰）</p>")).author == "徐立峰"


def test_a_pictures_caption_above_the_text_is_not_the_headline_of_a_page_titled_by_its_site():
    # An e-paper's article cell: headline row, picture row (image, <br>, caption), then the text.
    rows = ("<table><tr><td align='center'><font style='font-size:22px'><strong>望德堂區舊排水渠更換工程下月展開"
            "</strong></font></td></tr><tr><td align='center'><img src='/p/1.jpg'><br>"
            "<font class='gray12'>瘋堂斜巷一帶每逢大雨容易水浸</font></td></tr></table>")
    article = extract_html(page(before=rows, title="澳門日報"))
    assert article.title == "望德堂區舊排水渠更換工程下月展開"


def test_an_epapers_headline_is_its_h1_between_kicker_and_subtitle():
    heads = ("<h3 class='yinti'>改革新训模式 让新兵尽早融入战斗集体</h3><h1>新兵第一课就在“战场”上</h1>"
             "<h2 class='futi'>——北部战区陆军某旅“钢刀七连”新训下连见闻</h2>")
    assert extract_html(page(before=heads, title="解放军报-2016年03月12日")).title == "新兵第一课就在“战场”上"


def recorded_once(article, line: str) -> bool:
    """Whether `line` is in the record once: as the subtitle's line or as the text's, not both."""
    in_subtitle = line in (article.subtitle or "").splitlines()
    return in_subtitle != (line in article.paragraphs)


def test_an_epapers_kicker_and_subtitle_are_each_recorded_once():
    # (the article's box here holds the subtitle: a line of its text; the kicker over the headline is trimmed off
    # the text's edge, and was lost before the subtitle was a field)
    heads = ("<h3 class='yinti'>改革新训模式 让新兵尽早融入战斗集体</h3><h1>新兵第一课就在“战场”上</h1>"
             "<h2 class='futi'>——北部战区陆军某旅“钢刀七连”新训下连见闻</h2>")
    article = extract_html(page(before=heads, title="解放军报-2016年03月12日"))
    assert article.subtitle == "改革新训模式 让新兵尽早融入战斗集体"
    assert recorded_once(article, "改革新训模式 让新兵尽早融入战斗集体")
    assert recorded_once(article, "——北部战区陆军某旅“钢刀七连”新训下连见闻")


HEADLINE = "<h1>集团公司召开改革工作会议</h1>"


@pytest.mark.parametrize(("heads", "subtitle"), [
    (HEADLINE + "<h2 class='subtitle'>——党委书记、董事长出席会议并讲话</h2>", "——党委书记、董事长出席会议并讲话"),
    (HEADLINE + "<h2>——董事长出席会议并讲话</h2>", "——董事长出席会议并讲话"),  # (a dash says what it is)
    (HEADLINE + "<p class='fubiaoti'>全年完成投资120亿元</p>", "全年完成投资120亿元"),
    ("<div class='yinti'>坚持高质量发展</div>" + HEADLINE, "坚持高质量发展"),
    ("<header><h1>集团公司召开改革工作会议</h1><h2 class='deck'>Officials say the risk of an outbreak is low.</h2>"
     "</header>", "Officials say the risk of an outbreak is low."),
])
def test_a_line_set_beside_the_headline_is_the_subtitle(heads, subtitle):
    article = extract_html(page(before=f"<div class='head'>{heads}</div>", title="集团公司召开改革工作会议_新闻中心"))
    assert article.subtitle == subtitle
    assert subtitle not in article.text
    assert any(line.startswith("subtitle: ") for line in article.explain)


@pytest.mark.parametrize("beside", [
    "<div class='subtitle'>发布时间：2024-01-05　来源：集团办公室</div>",  # (the date line: fields, not a subtitle)
    "<h2 class='sub-title'>分享到：微信 微博 QQ</h2>",
    "<div class='articleHeader--subhead'>JANIE HAR</div>",  # (a wire story's byline)
    "<div class='tools'><h2>相关新闻</h2></div>",  # (another box's heading, no dash)
    "<h2 class='subtitle'><a href='/a'>国资委</a> <a href='/b'>集团要闻</a></h2>",  # (links: a breadcrumb)
])
def test_what_stands_beside_the_headline_but_is_no_subtitle(beside):
    article = extract_html(page(before=HEADLINE + beside, title="集团公司召开改革工作会议_新闻中心"))
    assert article.title == "集团公司召开改革工作会议" and article.subtitle is None


@pytest.mark.parametrize("subtitle", ["——董事长出席会议并讲话",
                                      "——集团公司党委书记、董事长出席会议并讲话，总经理作工作报告，会议审议通过了改革实施方案"])
def test_a_subtitle_inside_the_articles_box_is_recorded_once(subtitle):
    heads = f"<h1>集团公司召开改革工作会议</h1><h2 class='subtitle'>{subtitle}</h2>"
    article = extract_html(page(title="集团公司召开改革工作会议").replace(
        "<div class='content'>", f"<div class='content'>{heads}"))
    assert recorded_once(article, subtitle)


def test_a_channels_name_before_the_sites_in_title_gives_way_to_the_first_headline():
    before = "<h2 class='title'>麦浪金黄开镰忙</h2>"
    assert extract_html(page(before=before, title="图片新闻 - 东平日报")).title == "麦浪金黄开镰忙"
    assert extract_html(page(before=before, title="工作动态_东平日报")).title == "麦浪金黄开镰忙"
    # (the column's banner above the text names the column, not the page, and no heading is needed to tell it)
    banner = "<div class='lanmu'>图片新闻</div><div class='bt'>麦浪金黄开镰忙</div><div class='date'>2024-06-10</div>"
    assert extract_html(page(before=banner, title="图片新闻 - 东平日报")).title == "麦浪金黄开镰忙"
    alone = "<div class='lanmu'>图片新闻</div>"  # (a page line that is the short part, and nothing else: its headline)
    assert extract_html(page(before=alone, title="图片新闻 - 东平日报")).title == "图片新闻"
    assert extract_html(page(before=before, title="会议召开_东平日报")).title == "会议召开"  # (a short headline)


@pytest.mark.parametrize(("heading", "title"), [
    ("<h1><a href='/f?typeid=12'>[咨询]</a> <span>孩子今年上幼儿园，育才路这边划片到哪个公办园？</span></h1>",
     "孩子今年上幼儿园，育才路这边划片到哪个公办园？"),  # (a thread's type tag <title> leaves out)
    ("<h1>1 在上海工作三年，终于决定回老家了</h1>", "在上海工作三年，终于决定回老家了"),  # (a post's floor)
    ("<h1>【新春走基层】零下30度的坚守 他们守护列车平安回家</h1>", "【新春走基层】零下30度的坚守 他们守护列车平安回家"),
])
def test_a_threads_type_tag_and_a_posts_floor_leave_the_title_but_a_column_tag_stays(heading, title):
    reference = title.removeprefix("【新春走基层】") + " - 民生直通车 - 清澜论坛"
    assert extract_html(page(before=heading, title=reference)).title == title


def test_a_bare_hyphen_after_an_offices_name_in_title_parts_it_from_the_channel():
    before = "<h2>縣定古蹟「林家古厝」修復完工 7月20日起開放參觀</h2>"
    assert extract_html(page(before=before, title="澄海縣政府文化觀光局-最新消息")).title == \
        "縣定古蹟「林家古厝」修復完工 7月20日起開放參觀"


def test_a_cell_labelled_as_the_title_names_it_where_no_heading_matches_title():
    cells = ("<table><tr><th>標　　題</th><td>嵐峰縣議會第17屆第4次定期大會縣長施政報告</td></tr>"
             "<tr><th>發布日期</th><td>98年10月6日</td></tr></table>")
    for title in ("嵐峰縣政府全球資訊網-縣長專區", "國立澄川大學 校園公告"):
        assert extract_html(page(before=cells, title=title)).title == "嵐峰縣議會第17屆第4次定期大會縣長施政報告"
    subject = "关于翠湖苑小区地下车库长期积水问题的反映"
    letter = f"<table><tr><td>信件标题</td><td>{subject}</td></tr></table>"
    assert extract_html(page(before=letter, title="清澜市12345政务服务便民热线")).title == subject
    form = "<table><tr><td>标题：</td><td><input name='t'></td><td>(可选，最多三十个字的说明)</td></tr></table>"
    assert extract_html(page(after=form, title="农村留守儿童调查_强国论坛")).title == "农村留守儿童调查"


def test_an_epapers_founder_comment_names_the_headline_its_title_does_not():
    # Founder's ENP CMS notes the article's fields in a comment; <title> names only the paper's e-edition.
    note = ("<!--enpproperty <articleid>412573</articleid><date>2011-09-22 00:00:00.0</date><author></author>"
            "<title>社区图书馆里的“读书会”</title><keyword></keyword><subtitle></subtitle>/enpproperty-->")
    cells = ("<table><tr><td class='font02'>引题：文化惠民在基层</td></tr>"
             "<tr><td class='font01'>社区图书馆里的“读书会”</td></tr></table>")
    article = extract_html(page(head=note, before=cells, title="甬江日报数字版"))
    assert article.title == "社区图书馆里的“读书会”"


def test_a_credit_box_under_the_text_gives_the_source_and_editor_but_not_a_date():
    # An interview's foot box, classed like page furniture (sl_foot), credits the text.
    foot = "<div class='sl_foot'>来源：市政府办公室　　编辑：马琳　　2019-03-05 10:00</div>"
    article = extract_html(page(after=foot))
    assert (article.source, article.author) == ("市政府办公室", "马琳")
    assert article.published is None  # (below the text, reader comments carry dates of their own)


@pytest.mark.parametrize(("byline", "author"), [
    ("<div class='author-txt'><p class='author-name'>江城小账本</p><p>百家号</p></div>", "江城小账本"),
    ("<div class='byline'>By Suzanne Gamboa</div>", "Suzanne Gamboa"),
    ("<div class='byline'>By admin - 2018-09-16</div>", None),  # (a user name and a date: no person)
    ("<div class='comment-author'>热心网友</div>", None),  # (a reader's)
    ("<div class='author'>本报评论员</div>", None),  # (a role, no name)
])
def test_a_name_alone_in_an_element_classed_as_the_writers_above_the_text_is_the_author(byline, author):
    assert extract_html(page(before=byline)).author == author


def test_a_language_switch_is_no_writers_credit():
    switch = ("<div class='top'><span>今天是：2016年1月8日</span><a href='/'>簡體中文</a> | "
              "<a href='/big5/'>繁體中文</a></div>"
              "<div class='info'>時間：2016-01-08 15:30　作者：林志明　來源：市商務局</div>")
    assert extract_html(page(before=switch)).author == "林志明"


def test_a_day_only_meta_date_takes_the_time_json_ld_gives_that_day():
    head = ('<meta name="publishdate" content="2021-04-16"><script type="application/ld+json">'
            '{"@type": "NewsArticle", "datePublished": "2021-04-16T10:20:00+08:00"}</script>')
    assert extract_html(page(head=head)).published == "2021-04-16T10:20:00+08:00"
    other_day = head.replace("2021-04-16T10:20", "2021-04-15T10:20")
    assert extract_html(page(head=other_day)).published == "2021-04-16T00:00:00+08:00"


def test_a_line_above_the_text_that_is_the_last_hyphenated_part_of_the_title_is_the_headline():
    # 館名-欄目-標題 with bare hyphens: the page's line that is one whole part names the page.
    before = "<div class='t'>黑陶高足杯</div><div>發布日期：2011-10-05 資料來源：典藏研究組</div>"
    assert extract_html(page(title="嘉南史前文化館-典藏精選-黑陶高足杯", before=before)).title == "黑陶高足杯"
    assert extract_html(page(title="2019-2020学年校历", before="<div>2020</div>")).title == "2019-2020学年校历"


def test_a_reporter_in_a_span_glued_after_the_time_and_before_a_counter_is_named():
    info = ("<div class='news_info'><span>2023/07/04 (二) 12:05</span><span>記者 梁嘉穎</span>"
            "<span>瀏覽次數：2,315</span></div>")
    assert extract_html(page(before=info)).author == "梁嘉穎"


@pytest.mark.parametrize(("above", "speaker"), [
    ("<p>——2024年1月16日在鹭宁市第十七届人民代表大会第四次会议上</p><p>代市长　孙立群</p>", "孙立群"),
    ("<p>党委书记、董事长 韩志刚</p>", "韩志刚"),
    ("<p>林国栋</p><p>（2019年3月12日）</p>", "林国栋"),
    ("<p>报告人：县长 刘定邦</p>", "刘定邦"),
    ("<p>通知</p>", None),  # (no name: its first character is no surname)
])
def test_a_speech_names_its_speaker_above_its_salutation(above, speaker):
    speech = (f"<div class='TRS_Editor'>{above}<p>各位代表：</p>{BODY}</div>")
    article = extract_html(page(before=speech, title="在全市优化营商环境工作推进会上的讲话_鹭宁市人民政府"))
    assert article.author == speaker
    assert speaker is None or all(speaker not in line for line in article.paragraphs)
    plain = extract_html(page(before=f"<div class='TRS_Editor'>{above}{BODY}</div>"))
    assert plain.author is None  # (no salutation, no speech)


@pytest.mark.parametrize(("line", "author", "source"), [
    ("青岚融媒记者 蒋文涛 通讯员 邱月", "蒋文涛", None),  # (a county media centre's reporter label)
    ("作者：融媒记者 钟小满", "钟小满", None),
    ("發布單位：觀光發展科", None, "觀光發展科"),  # (a Taiwanese office that issues it, where no 來源 line is)
])
def test_a_media_centres_reporter_and_an_issuing_unit(line, author, source):
    assert (author_from_text(line)[0], source_from_text(line)[0]) == (author, source)


def test_a_label_alone_is_not_joined_to_the_next_fields_label():
    # A blog theme's 作者 and 分类 labels, the name and the category each a link (links are not metadata lines).
    info = ("<div class='meta'><p>作者</p><div><a href='/author/x'>周志远</a></div>"
            "<p>分类</p><div><a href='/c/1'>产品动态</a></div></div>")
    assert extract_html(page(after=info)).author != "分类"


@pytest.mark.parametrize("line", ["时间：2013-06-21    来源：    【大 中 小】",  # (an empty field, a font switch)
                                  "信息来源：\n发布日期：2012-12-15"])  # (an empty cell, the next field's label)
def test_an_empty_source_field_names_no_source(line):
    assert source_from_text(line)[0] is None


def test_a_hong_kong_notices_issue_date_dates_it():
    assert extract_html(page(before="<div>發出日期：2018年1月9日</div>")).published[:10] == "2018-01-09"


def test_a_writers_credit_line_under_the_text_names_the_writer_over_the_editor():
    article = extract_html(page(after="<p class='ft'>撰稿：姚春燕</p><p class='ft'>编辑：宋涛</p>"))
    assert article.author == "姚春燕"
    assert "撰稿" not in article.text


def test_the_office_that_supplied_the_text_is_its_source_and_its_line_leaves_the_text():
    after = "<p>（党委宣传部 供稿）</p>"
    article = extract_html(page(after=after))
    assert article.source == "党委宣传部"
    assert "供稿" not in article.text
    assert source_from_text("供稿单位：县人武部 撰稿：李明")[0] == "县人武部"  # (and as a label)


def test_an_english_author_label_after_another_field_names_the_writer():
    assert author_from_text("Source: Yunnan Daily Author: Li Mingyuan Date: 2012-05-03")[0] == "Li Mingyuan"
    assert author_from_text("Source: Xinhua | Editor: Jiang Hui")[0] is None  # (an English page's editor is no writer)


@pytest.mark.parametrize(("line", "author"), [("作者：文/图 记者 邓立群  来源：沅溪新闻网", "邓立群"),
                                             ("（記者王大明攝）", "王大明"), ("记者 李明摄", "李明")])
def test_a_credit_word_is_no_name_and_a_photographers_verb_glued_on_is_no_part_of_it(line, author):
    assert author_from_text(line)[0] == author


@pytest.mark.parametrize(("line", "source"), [("文章来源：China Daily   发布时间：2008-4-12", "China Daily"),
                                             ("来源：China Daily 编辑：Lily", "China Daily"),
                                             ("来源：新华社 Xinhua", "新华社"), ("来源：人民网 编辑：王林", "人民网")])
def test_a_latin_sources_words_stay_together_and_a_space_still_ends_a_chinese_one(line, source):
    assert source_from_text(line)[0] == source


def test_an_apps_place_of_posting_glued_after_the_reporters_is_no_part_of_their_names():
    info = "<div class='line2'><span class='reporter'>记者｜周一鸣 林晓</span><span class='ip'>发布于海州</span></div>"
    assert extract_html(page(before=info)).author == "周一鸣 林晓"


@pytest.mark.parametrize(("cells", "author", "source"), [
    ("<tr><td>作者</td><td>吴冬梅</td></tr><tr><td>来源</td><td>宁川水务集团供水公司</td></tr>",
     "吴冬梅", "宁川水务集团供水公司"),
    ("<tr><th>資料來源</th><td>臺北市政府環境保護局</td></tr>", None, "臺北市政府環境保護局"),
    ("<tr><th>新聞標題</th><td></td></tr><tr><th>資料來源</th><td>地球動力研究所</td></tr>", None, "地球動力研究所"),
])
def test_a_label_alone_in_its_cell_names_the_value_in_the_next(cells, author, source):
    article = extract_html(page(before=f"<table class='info'>{cells}</table>"))
    assert (article.author, article.source) == (author, source)


@pytest.mark.parametrize(("line", "author", "source"), [
    ("作者：新华社记者 石磊 吴悠", "石磊 吴悠", None),  # (the outlet's reporters: their names)
    ("来源：集团融媒体中心播放次数：2841", None, "集团融媒体中心"),  # (a video's counter glued on)
    ("来源：新体育网<a href='/c/1'>网友评论(23)</a>", None, "新体育网"),  # (a comment link glued on)
    ("来源：青禾发布", None, "青禾发布"),  # (a government account's name)
    ("来源：青禾日报发布时间：2019-05-02", None, "青禾日报"),
])
def test_an_outlets_reporter_label_and_a_play_counter_are_not_part_of_the_value(line, author, source):
    article = extract_html(page(before=f"<div class='info'>{line}</div>"))
    assert (article.author, article.source) == (author, source)


@pytest.mark.parametrize(("before", "after", "author"), [
    ("<div class='zz'>□ 魏书亭</div>", "", "魏书亭"), ("", "<p align='right'>■叶慧敏</p>", "叶慧敏"),
    ("", "<p>■相关链接</p>", None),  # (a box's heading)
    ("<div class='menu'>■ <a href='/zf.htm'>闸阀系列</a><br>■ <a href='/jz.htm'>截止阀系列</a></div>", "", None),
    ("", "<p>■ 梁詠芝　｜　2004.07.15</p>", "梁詠芝"),
])
def test_a_signature_after_a_square_names_the_writer(before, after, author):
    assert extract_html(page(before=before, after=after)).author == author


def test_a_columns_heading_with_its_breadcrumb_is_not_the_headline():
    before = ("<div class='r_title'><span>党建工作</span><em>首页 &gt; 党建工作 &gt; 主题教育</em></div>"
              "<div class='news_title'>集团公司主题教育取得阶段性成效</div>")
    assert extract_html(page(before=before, title="黔桂有色金属集团有限公司")).title == "集团公司主题教育取得阶段性成效"


def test_a_byline_above_the_text_is_not_the_headline_of_a_page_titled_by_its_site():
    cells = ("<table><tr><td class='font01'>城东百余居民连夜转移</td></tr>"
             "<tr><td class='font03'>本报记者 何志远 实习生 苏蔓</td></tr></table>")
    article = extract_html(page(before=cells, title="澄江日报数字报刊平台"))
    assert (article.title, article.author) == ("城东百余居民连夜转移", "何志远")
    contact = "<table><tr><td>Z41H型法兰闸阀</td></tr><tr><td>手机：13905771234<br>联系人：周经理</td></tr></table>"
    assert extract_html(page(before=contact, title="永信阀门制造有限公司")).title == "Z41H型法兰闸阀"


@pytest.mark.parametrize(("badge", "iso"), [
    ("<div class='news-date'><span class='d'>22</span><span class='ym'>2022-04</span></div>", "2022-04-22"),
    ("<div class='date-badge'><span>08</span><span>2025.01</span></div>", "2025-01-08"),
    # (Xinhua's: the year and month in two <em>s, and the time after them)
    ("<div class='header-time'><span class='day'>13</span><span class='year'><em> 2022</em><em> 02</em></span>"
     "<span class='time'> 08:28:01</span></div>", "2022-02-13T08:28:01"),
    ("<div class='header-time'><span class='day'>13</span><span class='year'><em>2022</em>/<em>02</em></span>"
     "<span class='time'>08:28:01</span></div>", "2022-02-13T08:28:01"),  # (no space between the spans)
])
def test_a_calendar_badge_above_the_text_dates_it(badge, iso):
    assert extract_html(page(before=badge)).published[:len(iso)] == iso


def test_a_menus_items_between_bars_name_no_author():
    menu = "<div class='nav'>首 页 | 小 说 | 散 文 | 诗 歌 | 评 论 | 作 者 | 论 坛</div>"
    assert extract_html(page(before=menu + "<div class='info'>作者：陈喆　发表：2004-07-08</div>")).author == "陈喆"
    assert extract_html(page(before=menu)).author is None  # (not 诗歌 after 散 文 |, nor 论坛 after 作 者 |)


def test_a_forum_topics_label_is_not_part_of_its_title():
    before = "<div class='posttitle'><h1>主题：故乡的河</h1></div>"
    assert extract_html(page(before=before, title="故乡的河 - 海角社区")).title == "故乡的河"


def test_a_labelled_date_in_the_tools_row_under_the_text_beats_a_side_lists_date_above_it():
    side = "<div class='side'><p>· 厂区开展安全月活动 2009-07-02</p></div>"
    tools = "<div class='art_tools'>【发布日期：2009年07月21日】【打印】【关闭】</div>"
    html = page(before=side).replace(FOOTER, tools + FOOTER)  # (the row under the text's box)
    assert extract_html(html).published[:10] == "2009-07-21"
    comment = "<dl><dt>1楼 匿名人士 发表于 2012-11-02 14:25:10</dt><dd>五百块的平板能用吗？</dd></dl>"
    html = page(before="<div class='bar'>2012-11-02 14:21:37 稿源：新知网</div>").replace(FOOTER, comment + FOOTER)
    assert extract_html(html).published == "2012-11-02T14:21:37+08:00"  # (a comment's date is not the page's)


def test_a_notices_sentence_that_names_a_source_label_names_no_source():
    notice = ("<div class='statement'><p>声明:本文版权归原作者所有且仅代表原作者观点。凡注明来源为“铝加网”的文章,"
              "版权均属铝加网所有,未经授权不得转载。如需转载,必须与铝加网联系授权事宜,转载必须注明稿件来源:铝加网。</p></div>")
    assert extract_html(page().replace(FOOTER, notice + FOOTER)).source is None  # (under the text's box)


@pytest.mark.parametrize(("line", "day"), [("刊登日期：97年11月5日", "2008-11-05"),
                                          ("發布日期：99-10-01", "2010-10-01")])
def test_a_big5_pages_two_digit_year_is_the_republics(line, day):
    # Taiwan wrote the Republic's years in two digits until 民國100年 (2011); a Big5 page is Taiwan's or Hong Kong's.
    html = page(before=f"<div class='info'>{line}</div>", title="黑陶高足杯_嘉南史前文化館")
    body = html.replace("<head>", "<head><meta charset='big5'>").encode("big5", "replace")
    assert extract(body).published[:10] == day
    assert (extract_html(html).published or "")[:10] != day  # (elsewhere 97年 is no year of the Republic's)


def test_a_taiwanese_pages_two_digit_year_is_the_republics_in_any_charset():
    line = "<div class='info'>刊登日期：97年11月5日</div>"
    html = page(before=line, title="黑陶高足杯_嘉南史前文化館")
    assert extract_html(html, "https://www.example.gov.tw/news/1.html").published[:10] == "2008-11-05"
    tagged = html.replace("<html>", "<html lang='zh-TW'>")
    assert tagged != html
    assert extract_html(tagged).published[:10] == "2008-11-05"
    assert extract_html(html, "https://www.example.com.cn/news/1.html").published is None
    assert extract_html(html, "http://[::1/news").published is None  # (a malformed address: no error either)


def test_a_government_documents_issuing_organ_is_its_author():
    table = ("<ul class='xxgk'><li><span>索引号：</span>11220000013544357T/2022-00117</li>"
             "<li><span>发文机关：</span>吉林省人民政府</li><li><span>成文日期：</span>2022年01月27日</li></ul>")
    article = extract_html(page(before=table))
    assert (article.author, article.source) == ("吉林省人民政府", None)
    kept = page().replace("<div class='content'>", "<div class='content'>" + table)  # (the table atop the text)
    assert extract_html(kept).author == "吉林省人民政府"
    cells = ("<table><tr><td>發文機關：</td><td>臺中市政府</td>"
             "<td>發文字號：</td><td>府授法規字第1120001號</td></tr></table>")
    assert extract_html(page(before=cells)).author == "臺中市政府"
    named = "<div class='info'>作者：刘畅　来源：市发展改革委</div>"
    assert extract_html(page(before=table + named)).author == "刘畅"  # (a writer named is the author)


def _discuz_thread(panel: str, second_floor: str = "") -> str:
    post = (f"<table id='pid1'><tr><td class='postauthor'>{panel}</td><td class='postcontent'>"
            "<div class='postinfo'><a href='#pid1'>1#</a> 发表于 2007-5-8 22:37 只看该作者</div>"
            f"<div class='t_msgfont'>{BODY}</div></td></tr></table>")
    return (f"<html><head><title>{TITLE}</title></head><body><div id='nav'>论坛 » 风光摄影</div>{post}{second_floor}"
            "</body></html>")


def test_a_forum_posters_name_linked_to_the_users_page_is_the_author():
    # Discuz!: the name links to space.php; the profile is a <dl> of fields; then the poster's status.
    panel = ("<cite><a href='space.php?action=viewpro&amp;uid=5000'>老夏的D70</a></cite>"
             "<div class='avatar'><img src='customavatars/5000.jpg'></div><p><em>摄影达人</em></p>"
             "<dl class='profile'><dt>帖子</dt><dd>2316</dd><dt>积分</dt><dd>3108</dd><dt>来自</dt><dd>杭州</dd></dl>"
             "<p><a href='pm.php?action=send&amp;uid=5000'>发短消息</a></p><p>当前离线</p>")
    floor = ("<table id='pid2'><tr><td class='postauthor'><cite><a href='space.php?uid=6000'>路过的风</a></cite>"
             "</td><td class='postcontent'>第2楼 发表于 2007-5-8 23:02<div class='t_msgfont'>好照片，顶一个！</div>"
             "</td></tr></table>")
    assert extract_html(_discuz_thread(panel, floor)).author == "老夏的D70"
    # (neither the status, a reply's floor, nor a link to the poster's messages names the poster)
    unlinked = panel.replace("<a href='space.php?action=viewpro&amp;uid=5000'>老夏的D70</a>", "").replace(
        "<p><em>摄影达人</em></p>", "")
    assert extract_html(_discuz_thread(unlinked, floor)).author is None
    social = panel.replace("space.php?action=viewpro&amp;uid=5000", "https://www.youtube.com/user/laoxia").replace(
        "<p><em>摄影达人</em></p>", "")
    assert extract_html(_discuz_thread(social)).author is None


@pytest.mark.parametrize(("title", "author"), [
    ("丽江三日：大研、束河和雪山下的那场雨 - 阿蓝 - 阿蓝的小屋 - 网易博客", "阿蓝"),  # (the blogger, then the blog)
    ("易水寒 -- 本钢召开视频干部大会 -- 博客中国", "易水寒"),  # (the blogger first)
    ("本钢召开视频干部大会 -- 易水寒 -- blogcn.com", "易水寒"),  # (hosts named by their address)
    ("本钢召开视频干部大会 - 易水寒 - 博客园", "易水寒"),
    ("本钢召开视频干部大会 - yishuihan - BlogJava", "yishuihan"),
    ("本钢召开视频干部大会 - 本钢新闻 - 本钢集团", None),  # (no blog host: a channel, not a writer)
])
def test_a_blog_hosts_title_names_the_blogger_beside_the_headline(title, author):
    html = page(title=title, before="<h1>本钢召开视频干部大会</h1>")
    assert extract_html(html).author == author


def test_a_forum_posters_unlinked_name_in_the_panel_inside_the_posts_table():
    # Discuz! 4: each post one table, the panel (name, fields) in its left cell; the replies' tables follow.
    def post(floor: int, name: str, text: str) -> str:
        return (f"<table class='post'><tr><td class='left'><b>{name}</b><br>等级：新手上路<br>帖子：{12 + floor}<br>"
                f"积分：30<br>注册：2004-5-1</td><td class='right'><div class='postinfo'>{floor}楼 发表于 "
                f"2005-8-22 19:1{floor}</div><div class='t_msgfont'>{text}</div></td></tr></table>")
    replies = "".join(post(n, f"网友{n}", "顶一下，支持楼主。") for n in range(2, 6))
    html = (f"<html><head><title>{TITLE}</title></head><body><h1>本钢召开视频干部大会</h1>"
            f"{post(1, '芊草凡凡', BODY)}{replies}{FOOTER}</body></html>")
    article = extract_html(html)
    assert (article.author, article.paragraphs) == ("芊草凡凡", PARAGRAPHS)


def test_a_forum_posters_name_in_the_user_panel_at_the_head_of_the_post():
    # 凯迪社区: the panel's name links nowhere (href="#"); the body holds the whole post, panel first.
    panel = ("<td class='post-user' width='160' rowspan='2'><a href='#' class='uname'>山里的粉笔</a><br>"
             "<img src='/images/face/5.gif'><br>等级：秀才</td>")
    post = (f"<table class='post-table'><tr>{panel}<td class='post-content'>{BODY}</td></tr></table>")
    html = (f"<html><head><title>{TITLE}</title></head><body><h1>本钢召开视频干部大会</h1>"
            f"<div class='thread-tool'>发表新帖 回复帖子 只看楼主</div>{post}{FOOTER}</body></html>")
    assert extract_html(html).author == "山里的粉笔"


@pytest.mark.parametrize("byline", [
    "<div class='jeg_meta_author'><span>by</span> <a href='/author/dokafor/'>Daniel Okafor</a></div>",  # WordPress
    "<div class='c-byline'><span class='c-byline__author-name'>By <a href='/authors/daniel-okafor'>Daniel Okafor"
    "</a></span> <time>Mar 5, 2019, 3:40pm EST</time></div>",  # (Vox: the date on the byline's line)
    "<div class='byline'><span class='byline__name'>By Daniel Okafor</span><span class='byline__title'>BBC News"
    "</span></div>",  # (a title glued to the name)
    "<p class='article-byline'><time>Nov 3, 2020</time> · <span itemprop='author'>Daniel Okafor</span></p>",
])
def test_an_english_byline_names_the_writer_by_its_link_or_markup(byline):
    html = (f"<html><head><title>Flood defences still waiting</title></head><body><h1>Flood defences still waiting"
            f"</h1>{byline}<div class='story'>{EN_BODY}</div><aside><a href='/author/jsmith/'>Jane Smith</a></aside>"
            "</body></html>")
    assert extract_html(html).author == "Daniel Okafor"


def test_a_repost_notes_writer_is_the_author_not_the_account():
    note = "<p>本文来自微信公众号“硬核消费观察”（ID：yinghexiaofei），作者：刘畅，编辑：黄一苇，经授权发布。</p>"
    card = "<div class='author-card'><div class='author-name'>硬核消费观察</div></div>"
    article = extract_html(page(before=card).replace("<div class='content'>", "<div class='content'>" + note))
    assert article.author == "刘畅"


def test_label_cells_padded_to_their_columns_width_name_the_values_beside_them():
    # 帝国CMS: 作　　者： in one cell, the name in the next; an unpadded empty 责任编辑： takes nothing.
    table = ("<table class='newsinfo'><tr><td>作　　者：</td><td>孟凡超</td><td>来　　源：</td><td>恒鑫轴承企划部</td>"
             "</tr><tr><td>发布时间：</td><td>2014-10-23 14:26</td></tr></table>")
    article = extract_html(page(before=table))
    assert (article.author, article.source) == ("孟凡超", "恒鑫轴承企划部")
    assert article.published == "2014-10-23T14:26:00+08:00"


@pytest.mark.parametrize(("line", "author"), [
    ("<font class='f3'>刘海波 / 2011-06-14</font>", "刘海波"),  # (a shop's news line: the writer, then the day)
    ("<font class='f3'>新闻中心 / 2011-06-14</font>", None),  # (a channel, no person)
    ("<div class='origin'>example.com · by Kate Hollins · June 3, 2014</div>", "Kate Hollins"),
])
def test_a_name_before_the_day_or_after_a_dot_names_the_writer(line, author):
    assert extract_html(page(before="<h1>本钢召开视频干部大会</h1>" + line)).author == author


@pytest.mark.parametrize(("post", "published"), [
    # 百度贴吧: the floor, then the time, under the post, inside its box
    (f"<div class='d_post_content'>{BODY}</div><div class='p_tail'><ul><li><span>1楼</span></li>"
     "<li><span>2009-11-3 21:07</span></li></ul></div>", "2009-11-03T21:07:00+08:00"),
])
def test_a_forum_posts_own_time_by_its_floor_dates_it(post, published):
    thread = (f"<html><head><title>{TITLE}</title></head><body><div class='l_post'>{post}</div>"
              "<div class='l_post'><div class='d_post_content'>顶一个，说得对。</div><div class='p_tail'>"
              f"<span>2楼</span><span>2009-11-4 08:15</span></div></div>{FOOTER}</body></html>")
    assert extract_html(thread).published == published


def test_a_post_time_after_the_posters_ip_line_dates_the_post():
    # dvbbs: IP:已设置保密, then the time, right after the post's text
    post = (f"<table><tr><td class='content'>{BODY}</td></tr><tr><td>IP:已设置保密</td></tr>"
            "<tr><td><img src='posttime.gif'> 2005-5-16 21:34:56</td></tr></table>")
    html = f"<html><head><title>{TITLE}</title></head><body>{post}{FOOTER}</body></html>"
    assert extract_html(html).published == "2005-05-16T21:34:56+08:00"



def test_a_columns_banner_above_the_text_is_no_headline():
    # TRS: the headline only in <title>, the column's banner (领导活动) above the text: <title>'s headline stays.
    banner = "<div class='lmmc'>领导活动</div><div class='date'>发布日期：2014-10-23</div>"
    title = "厅长孙卫国到安陵市调研秋冬种生产工作 - 领导活动 - 省农业厅"
    assert extract_html(page(before=banner, title=title)).title == "厅长孙卫国到安陵市调研秋冬种生产工作"
    # a press release's number above the text is no headline either (編號：17PR102)
    fields = ("<div class='lanmu'>新聞稿</div><div class='bt'>證監會譴責前持牌代表並處罰款120萬元</div>"
              "<div class='no'>編號：17PR102</div>")
    assert extract_html(page(before=fields, title="新聞稿 - 證券及期貨事務監察委員會")).title == \
        "證監會譴責前持牌代表並處罰款120萬元"


def test_a_blogs_name_before_a_colon_in_title_gives_way_to_the_posts_heading():
    # MSN Spaces: the space's name in the <h1> and first in <title>, the post's title in a linked <h4>.
    html = ("<html><head><title>晴天的空间: 搬家以后</title></head><body><h1>晴天的空间</h1>"
            "<h4><a href='/blog/cns!412.entry'>搬家以后</a></h4>"
            f"<div class='bvMsg'>{BODY}</div>{FOOTER}</body></html>")
    assert extract_html(html).title == "搬家以后"


def test_a_social_sites_own_user_link_names_its_poster_when_the_pages_address_says_so():
    # On douban.com itself a review's reviewer links to douban.com/people/…: the page's own site.
    review = ("<div class='main-hd'><a href='https://www.douban.com/people/sodagreentea/'>苏打绿茶</a></div>"
              f"<div class='review-content'>{BODY}</div>")
    html = f"<html><head><title>{TITLE}</title></head><body><h1>本钢召开视频干部大会</h1>{review}{FOOTER}</body></html>"
    assert extract_html(html, "https://movie.douban.com/review/3421/").author == "苏打绿茶"
    assert extract_html(html, "https://example.com/copied/3421.html").author is None  # (another site's profile)


def test_a_comments_header_below_the_posts_footer_names_no_author():
    # 和讯博客: the post's footer (its time), then reader comments, each headed "name 发表于 time".
    footer = "<div class='ArticleInfo'>引用 | 收藏 | 分类：股市 | 2008-4-17 14:23:00 | 阅读(2531)</div>"
    comments = ("<div class='comments'><div class='CommentHead'>股海沉浮 发表于 2008-4-17 15:01</div>"
                "<div class='CommentBody'>第二种，说的就是我。</div></div>")
    html = (f"<html><head><title>散户的三种死法 - 老周说股 - 和讯博客</title></head><body><h1>散户的三种死法</h1>"
            f"<div class='ArticleBlogText'>{BODY}</div>{footer}{comments}{FOOTER}</body></html>")
    article = extract_html(html)
    assert (article.author, article.published) == ("老周说股", "2008-04-17T14:23:00+08:00")


def _dvbbs_post(name: str, when: str, text: str) -> str:
    # Dvbbs 7: the poster's panel (name, rank picture, fields) left, the post right, its time and IP under it.
    return (f"<table class='tableborder1'><tr><td class='tablebody1' width='175'><b>{name}</b><br>"
            "<img src='pic/level5.gif'><br>头衔：江南才子<br>等级：论坛游民<br>文章：316<br>积分：1203<br>"
            f"注册：2003-10-5</td><td class='tablebody1'><b>本钢召开视频干部大会</b><br><br><blockquote>{text}"
            "</blockquote></td></tr><tr><td class='tablebody2'>IP:已设置保密</td>"
            f"<td class='tablebody2'>发贴心情 Post By：{when}</td></tr></table>")


def test_a_dvbbs_threads_first_post_without_its_panel_ip_and_footer():
    posts = (_dvbbs_post("江南小雨", "2005-8-22 19:13:18", "<br>".join(PARAGRAPHS))
             + _dvbbs_post("路人甲", "2005-8-23 10:01:00", "写得真好，我也想去看看，不知道现在去人多不多？"))
    html = f"<html><head><title>本钢召开视频干部大会 -- 动网先锋论坛</title></head><body>{posts}</body></html>"
    article = extract_html(html)
    assert article.paragraphs == PARAGRAPHS
    assert (article.author, article.published) == ("江南小雨", "2005-08-22T19:13:18+08:00")


@pytest.mark.parametrize("software", ["powered by phpwind.net", "bbs.example.com"])
def test_a_forums_software_or_address_in_title_is_no_headline(software):
    # (a short headline: the longest part of <title> would otherwise win)
    assert extract_html(page(title=f"西湖一日游 - 旅游天地 - 某某论坛 - {software}")).title == "西湖一日游"


def test_a_threads_subject_line_over_its_first_post_is_the_title_not_text():
    thread = ("<table><tr><td>主题：本钢召开视频干部大会</td></tr>"
              f"<tr><td>作者：江南小雨 发表时间：2005-8-22 19:13:00</td></tr><tr><td>{BODY}</td></tr></table>")
    head = "<head><title>本钢召开视频干部大会-搜狐社区</title></head>"
    article = extract_html(f"<html>{head}<body>{thread}</body></html>")
    assert article.paragraphs == PARAGRAPHS
