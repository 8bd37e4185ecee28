"""Document kind and year from what a grassroots document shows besides its title words.

Pure functions over the title and paragraph texts, used by ``metadata.extract_meta``. Decisions:

* A title's kind word has common variants that name the same kind (a site's pinyin after a character aside):
  「镇长工作报告」 (县长, 市长…) is the government's 政府工作报告, 「…工作总结报告」 and 「…工作回顾」 are
  工作总结, 「述职述廉报告」/「述廉报告」 述职报告, 「情况汇报」 报告, 「主持词」/「讲稿」 讲话, 「计画」 (計畫) 计划. A trailing 「篇1」
  (a 范文 collection's entry) is not part of the title's words.
* A title about how to write a document (「应急预案写作的方法和注意事项」, 「下级向上级发函格式」) is an article, not that kind,
  unless its text never talks of writing (a 范文 page 「学校工作计划怎么写」 that only shows a plan).
* A title with no kind word is judged from the body: an emergency plan has 总则 and 应急响应/预警/应急指挥
  and calls itself 预案; a plan has its 「实施步骤」 and 「保障措施」 sections or says 「特制定本方案」 in its opening (方案,
  「…本计划」 工作计划); a survey has two sections of its own (「调查背景与目的」, 「调查方法」: 报告); a rule opens with 「第一章 总则」 and its 「第一条」 (法规); an accident report has a 事故调查组 and the 经过/原因 of the accident; 「现将…
  总结如下」 (「下面，我将…总结报告如下」) is a summary, 「现将…汇报如下」 and 「现将…情况向社会公开」 a report; a text opening with 「同志们」 or on its
  meeting (「今天，我们在这里隆重召开…」) is a speech; 「现将有关事项通知如下」, 「…印发给你们」 and 「经…同意，成立…领导小组」
  in the opening make a notice.
* The year, when the title has none, comes from the document number (鲁政发〔2014〕20号, 许政办 [2021]
  15号), then the dateline at the end, then the dates written in the header, then the body's first dated
  sentence (an accident report dates the accident), last the web page's labelled publishing date (not for
  summaries and plans, whose period is not when they were posted). A page's bare date stamp is not the year.
  A plan (方案, 计划) that names no date at all acts in the first year its opening prose names
  (「镇委、镇政府决定，2015年在全镇开展…」), not a year inside a cited title 《…》.
* A document with no title that names itself in its opening sentence (「现公布我乡2023年政府信息公开工作年度报告」,
  「现编制形成了《…年度报告》」, 「以下是我们2018年度的主要工作回顾与总结」) has the kind and year of that name; one
  that calls itself 「本报告」/「本年报」 there is a 报告 of the first year its opening names outside cited titles.
  「由某局编制的2017年度政府信息公开年度报告」 names itself too; an opening on 政府信息公开 work that gives 「…工作情况如下」
  is that annual 报告.
* A subtitle line right under a headline title (「2022年城市管理和综合执法工作报告」 under a slogan) names
  the kind when the headline names none.
"""

from __future__ import annotations

import re

# A site's pinyin after a character (「镇(zhèn)长工作报告」, 「总结(jié)」) is no part of the title's words.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
_PINYIN = re.compile(rf"[(（][a-zü]{{0,6}}[{_TONED}][a-zü]{{0,6}}[)）]")


def without_pinyin(texts: list[str]) -> list[str]:
    """The texts without a site's pinyin after characters (「根据(jù)」), as their words read."""
    return [_PINYIN.sub("", t) if "(" in t or "（" in t else t for t in texts]
# Variants rewritten before the kind word is looked up (order matters: longer first).
_VARIANTS = (
    (_PINYIN, ""),
    (re.compile(r"(?<=[省市县区镇乡])长(?:的)?工作报告"), "政府工作报告"),  # 镇长工作报告: the town government's report
    (re.compile(r"总结报告"), "总结"),
    (re.compile(r"工作回顾"), "工作总结"),
    (re.compile(r"述职述廉报告|述廉报告|述职述责报告|述责述廉报告"), "述职报告"),
    (re.compile(r"(?:情况|工作)?汇报(?:材料)?"), "报告"),
    (re.compile(r"主持词|主持稿|讲话稿|讲稿|演讲稿|发言稿"), "讲话"),
    (re.compile(r"计画"), "计划"),  # the Taiwan spelling (計畫), read in simplified characters
)
_ENTRY = re.compile(r"\s*(?:篇|第)[一二三四五六七八九十\d]{1,3}篇?\s*$")
_HOW_TO = re.compile(r"(?:写作|写法|怎么写|如何写).{0,12}$|(?:方法|技巧)和?注意事项$|注意事项$|[函文]的?格式(?:范文|范例|模板)?$")


def kind_words(title: str) -> str:
    """The title as its kind words read: variants rewritten, a collection's 「篇1」 dropped."""
    t = _ENTRY.sub("", title)
    for pattern, word in _VARIANTS:
        t = pattern.sub(word, t)
    return t


# An article on writing talks of writing; a 范文 page titled 「学校工作计划怎么写」 that only shows a plan does not.
_ABOUT_WRITING = re.compile(r"写作|写法|格式|怎么写|如何写|落款|注意事项|范例|撰写")
_SHOWN = 10  # paragraphs read for talk of writing
_ASKS = re.compile(r"(?:怎么写|如何写)$")  # only a title that just asks; 「…写作的方法和注意事项」 is an article


def is_how_to(title: str, texts: list[str] | None = None) -> bool:
    """The title is about how to write a document; one that only asks (「…怎么写」) is, when the text is given,
    when the text talks of writing rather than only showing a sample."""
    if not _HOW_TO.search(title):
        return False
    if texts is None or not _ASKS.search(title):
        return True
    return any(_ABOUT_WRITING.search(t) for t in texts[:_SHOWN])


_EMERGENCY = re.compile(r"应急(?:响应|处置|指挥|救援|保障)|预警|突发事件")
_ACCIDENT = re.compile(r"事故(?:发生)?(?:的)?(?:经过|原因)")
_REPORTS_AS = re.compile(r"(?:现将|特将|下面[,，]?\s*(?:我|我们)?将)(.{0,40}?)(总结|汇报|报告)如下")
# an annual 政府信息公开 report opens on that work and the year's account that follows
_OPEN_GOV = re.compile(r"政府信息公开[^。]{0,80}?。[^。]{0,40}?情况如下|政府信息公开[^。]{0,60}?情况如下")
_PUBLISHES = re.compile(r"现将[^。；]{0,40}?情况(?:向社会|予以|进行)?(?:公开|公布|通报)")
# A speech opens on the meeting it is given at: 「今天，我们在这里隆重召开…大会」.
_SPEECH_OPENS = re.compile(r"\s*今天(?:上午|下午|晚上)?[,，]?\s*我们(?:在这里|在此)?(?:隆重)?(?:召开|举行|召集)")
# A notice says what it makes known: 「现将有关事项通知如下」, 「…印发给你们」, 「经…同意，成立…领导小组」.
_NOTIFIES = re.compile(r"(?:现将|现就)[^。]{0,40}?(?:通知如下|印发给你们)|"
                       r"经[^。]{0,20}?(?:研究|同意)[,，]\s*(?:决定)?成立[^。]{2,40}?(?:领导小组|工作小组|工作组|指挥部)")
# A plan says it was drawn up in its opening: 「结合我镇实际，特制定本工作方案」.
_DRAWN_UP = re.compile(r"(?:制定|制订)(?:本|此)(?:工作|实施|行动|专项)?(方案|计划)")
# A survey report's sections: 「调查背景与目的」, 「二、调研方法」, 「调查结果分析」.
_SURVEY_HEAD = re.compile(r"(?:[一二三四五六七八九十]{1,2}[、.．]\s*)?调[查研](?:背景|目的|方法|对象|结果|内容|范围|过程)\S{0,8}")
_PERIOD = re.compile(r"(?:19|20)\d\d年|年度|半年|一年来|今年")


_SELF_NAMED = re.compile(r"(?:现将|现公布|现予公布|编制形成了?|编制的|以下是|下面是|特?制定(?:本|此)|特此编制)(?:我们|我[\u4e00-\u9fff]{1,2}?)?《?"
                         r"([^，。；,;《》]{2,40}?(?:工作总结|总结|工作回顾|报告|工作计划|计划|要点|方案))")
_THIS_REPORT = re.compile(r"本次?(?:年度)?报告|本年报")
OPENING = 3  # paragraphs where a document names itself


def self_named(texts: list[str]) -> str | None:
    """The name an untitled document gives itself in its opening (see module notes), or None."""
    for text in texts[:OPENING]:
        m = _SELF_NAMED.search(text)
        if m:
            return m.group(1)
    return None


def reports_itself(texts: list[str]) -> bool:
    """The opening calls the text 「本报告」 or 「本年报」."""
    return any(_THIS_REPORT.search(t) for t in texts[:OPENING])


_STEPS = re.compile(r"(?:^|\n)\s*[一二三四五六七八九十]{1,2}[、.．]\s*(?:实施|工作|推进)(?:步骤|阶段)(?:和|及|与)?[^\n]{0,8}(?:\n|$)")
_SAFEGUARDS = re.compile(r"(?:^|\n)\s*[一二三四五六七八九十]{1,2}[、.．][^\n]{0,12}保障(?:措施)?(?:\n|$)")
_CHAPTERED = re.compile(r"(?:^|\n)\s*第[一1]章\s*总\s*则\s*(?:\n|$)")
_FIRST_ARTICLE = re.compile(r"(?:^|\n)\s*第[一1]条")


def body_kind(texts: list[str]) -> str:
    """Kind of a document whose title names none, from its first paragraphs."""
    if reports_itself(texts):
        return "报告"
    head = "\n".join(texts[:40])[:8000]
    if "总则" in head and "预案" in head and _EMERGENCY.search(head):
        return "预案"
    if _CHAPTERED.search(head) and _FIRST_ARTICLE.search(head):  # 「第一章 总则」 then 「第一条 为了…」: a rule's articles
        return "法规"
    if _STEPS.search(head) and _SAFEGUARDS.search(head):  # 「四、实施步骤」 and 「五、…保障措施」: a plan's sections
        return "方案"
    if m := next((m for t in texts[:OPENING] if (m := _DRAWN_UP.search(t))), None):
        return "方案" if m.group(1) == "方案" else "工作计划"
    if sum(1 for t in texts[:40] if _SURVEY_HEAD.fullmatch(t.strip())) >= 2:  # a survey's own sections
        return "报告"
    if "事故调查组" in head and _ACCIDENT.search(head):
        return "报告"
    if any(_OPEN_GOV.search(t) for t in texts[:OPENING]):  # 「…政府信息公开工作…2008年主要工作情况如下」
        return "报告"
    if _PUBLISHES.search(head):  # 「现将整改进展情况向社会公开」
        return "报告"
    m = _REPORTS_AS.search(head)
    if m:  # reporting a period's work (「现将2022年度工作汇报如下」) is a summary
        return "工作总结" if m.group(2) == "总结" or _PERIOD.search(m.group(1)) else "报告"
    if any(t.lstrip().startswith("同志们") or _SPEECH_OPENS.match(t) for t in texts[:3]):
        return "讲话"
    if any(_NOTIFIES.search(t) for t in texts[:OPENING]):
        return "通知"
    return "其他"


_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*((?:19|20)\d\d)\s*[〕\]］】)）]\s*第?\s*\d{0,4}\s*号")
_SENTENCE = re.compile(r"[，。；,;]")


def number_year(texts: list[str]) -> int | None:
    """Year of the document number in the header (a short line, not a citation inside a sentence)."""
    for text in texts[:20]:
        if len(text) > 60 or _SENTENCE.search(text):
            continue
        m = _DOC_NUMBER.search(text)
        if m:
            return int(m.group(1))
    return None


_STAMP = re.compile(r"(?:(?P<label>(?:发布|更新|发表|信息|发文)(?:时间|日期))\s*[:：]\s*|^)((?:19|20)\d\d)\s*[-/.年]\s*"
                    r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:\s+[\d:]+)?\s*(?:来源\s*[:：].*|(?(label)[^。，；]*))$")
# A copy posted on a document-sharing or 范文 site: its stamp dates the upload (「来源:文档文库」, 「来源:网友投稿」).
_SHARED_COPY = re.compile(r"作者|来源\s*[:：]\s*\S{0,8}(?:文库|范文|投稿|网友|原创|互联网|网络)")
# an organisation that signs its own page (「作者: 安庆妇联」) has not posted a copy
_ORG_AUTHOR = re.compile(r"作者\s*[:：]\s*[\u4e00-\u9fff]{2,12}?(?:妇联|团委|工会|局|委|办|政府|中心|部|协会|学会)(?:\s|$)")
_STAMP_LABEL = re.compile(r"^(?:发布|更新|发表|信息)(?:时间|日期)\s*[:：]?\s*$")


def page_stamp(texts: list[str]) -> str | None:
    """A web page's labelled publishing date (「发布时间:2019-12-21」, 「2016年12月28日 来源: 上海普陀」, or a
    「发布时间:」 line above the date), read before the page chrome is removed. A bare date line is not one, nor
    a stamp that names who posted the copy (「作者:pd_user01发表时间:2021-12-20」) or a sharing site as its source
    (「来源:文档文库」): that dates the upload; an organisation named as author (「作者: 安庆妇联」) posts its own page."""
    for i, text in enumerate(texts[:15]):
        m = _STAMP.search(text.strip())
        if m and _SHARED_COPY.search(text) and not _ORG_AUTHOR.search(text):
            continue
        labelled = m and (m.group("label") or "来源" in text or (i and _STAMP_LABEL.match(texts[i - 1].strip())))
        if labelled and 1 <= int(m.group(3)) <= 12 and 1 <= int(m.group(4)) <= 31:
            return f"{m.group(2)}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
    return None


_DATED = re.compile(r"((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def first_dated_year(texts: list[str]) -> int | None:
    """Year of a short line ending in a full date near the top (a notice's dateline 「此件公开发布 2022年1月30日」),
    else of the body's first sentence that gives one (「2022年11月27日上午…」) in its first three paragraphs of
    prose, unless the sentence dates what a leader said."""
    for text in texts[:12]:
        m = _DATED.search(text.strip())
        if m and len(text.strip()) <= 30 and m.end() == len(text.strip()):
            return int(m.group(1))
    prose = [t for t in texts[:12] if len(t) >= 20][:OPENING]  # headings and short lines aside
    for text in prose:
        m = _DATED.match(text.lstrip())
        if m and not _QUOTES.search(text.split("。")[0]):
            return int(m.group(1))
    return None


# The date of what a leader said (「2018年3月8日，总书记在…时强调」) dates the quote, not the document.
_QUOTES = re.compile(r"强调|指出|提出|重要讲话|重要指示")


_YEAR_IN_PROSE = re.compile(r"((?:19|20)\d\d)\s*年")
_CITED = re.compile(r"《[^》]*》")


def plan_year(texts: list[str]) -> int | None:
    """The first year a plan's opening prose names, outside cited titles."""
    for text in texts[:10]:
        m = _YEAR_IN_PROSE.search(_CITED.sub("", text))
        if m:
            return int(m.group(1))
    return None
