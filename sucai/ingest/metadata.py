"""Document metadata from the title and the text: issuing body, document kind, period, signature date.

Pure functions, no I/O. Decisions:

* ``org`` is written as the document writes it. From the title it is the text before the year or
  before 关于 (「XX经济开发区2023上半年…」 → XX经济开发区). A signature block near the end (short
  organisation lines right above a date line) wins when it is the fuller name of the same body
  (「区统计局」 in the title, 「XX市XX区统计局」 signed) or when the title names no body. A
  government work report (or any report) is issued by the body its speaker represents (「我代表国务院」,
  「我代表第十九届中央委员会」); 「我代表省人民政府」 is completed with the province from the title or
  from the congress line 「——2026年1月26日在广东省第十四届人民代表大会…」.
* A document whose title names no genre is known by its opening: 「我代表国务院，向大会报告政府工作」
  → 政府工作报告, 「——在…上的报告/讲话」 → 报告/讲话.
* ``kind`` adds 「法规」 to the issue's list: titles ending in 条例/规定/办法/解释/细则/规则/决定/
  批复… are regulations. The genre word nearest the end of the title decides (「关于印发…方案的
  通知」 is a 通知); 政府工作报告 and 讲话 are recognised anywhere; 总结 together with 计划/打算 is
  总结及计划.
* ``year``/``half`` describe the period reported, taken from the title: 上半年 → H1 (so 「上半年
  总结及下半年计划」 is H1), otherwise 下半年 → H2, otherwise a year or 年度/全年 → full. Without a
  year in the title, non-regulation documents fall back to the year of their date. Regulations have
  no reporting period. A period written without its dash (「(20242026年)」) starts in its first year; news of a
  meeting held (「市妇联召开年中工作推进会 总结上半年工作…」) is no summary (其他).
* An untitled opening 「我受…常务委员会的委托，向大会报告工作」 is a 报告 (no 政府 in it), 「我代表…领导班子述职」 a
  述职报告; a title ending in 调研 is a survey's 报告 unless it is news of a visit (「…赴某镇调研」). A summary whose
  name runs into its first sentence (「市政局半年工作总结2011年上半年，…」) opens with its year all the same.
* ``date`` is the signature date (a date line in the last paragraphs), else the date of a speech
  (「——2019年3月5日在…」), else the last date line of the header (a regulation's latest
  adoption/revision), else a 「时间：2026-02-05」 line. Written YYYY-MM or YYYY-MM-DD.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..models import TITLE, Meta, Paragraph
from ..zh import cn_to_int
from .attachments import header_meta
from .kinds import (
    OPENING,
    body_kind,
    first_dated_year,
    is_how_to,
    kind_words,
    number_year,
    plan_year,
    reports_itself,
    self_named,
    without_pinyin,
)
from .years import (
    as_of_year,
    body_year,
    bracket_date,
    collection_headline,
    research_year,
    review_year,
    speech_year,
)

KINDS = ("工作总结", "工作计划", "总结及计划", "政府工作报告", "述职报告", "讲话", "方案", "要点", "通知", "意见",
         "报告", "函", "通报", "预案", "法规", "其他")
ORG_TYPES = ("开发区/园区", "乡镇/街道", "部门/局", "政府", "企业", "学校", "其他")

# Genre words at the end of a title → kind (the rightmost one found wins).
_GENRES = (
    ("工作总结", "工作总结"), ("总结", "工作总结"), ("工作计划", "工作计划"), ("计划", "工作计划"),
    ("打算", "工作计划"), ("工作思路", "工作计划"), ("设想", "工作计划"), ("方案", "方案"), ("要点", "要点"), ("通知", "通知"),
    ("意见", "意见"), ("述职报告", "述职报告"), ("述职述廉报告", "述职报告"), ("报告", "报告"), ("公报", "报告"),
    ("通报", "通报"), ("预案", "预案"), ("函", "函"), ("条例", "法规"), ("规定", "法规"),
    ("办法", "法规"), ("解释", "法规"), ("细则", "法规"), ("规则", "法规"), ("决定", "法规"),
    ("批复", "法规"), ("答复", "法规"), ("准则", "法规"), ("章程", "法规"),
    ("工作安排", "工作计划"), ("安排", "法规"), ("规范", "法规"), ("命令", "法规"), ("解答", "法规"),
    ("标准", "法规"),  # 「最高人民法院关于…的安排」, 「…鉴定标准」
    ("规范性文件", "其他"),  # a class of documents (a site's column 「行政规范性文件」), no rule's name
    # 「某镇上半年工作开展情况」 reports work done; 「…情况的报告」/「…情况通报」 end in their own kind word
    ("工作情况", "工作总结"), ("开展情况", "工作总结"), ("完成情况", "工作总结"), ("进展情况", "工作总结"),
    ("落实情况", "工作总结"),
)

_CN_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_Y = r"(\d{4}|[〇○零一二三四五六七八九]{4})"
_N = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE = re.compile(rf"{_Y}\s*年\s*{_N}\s*月(?:\s*{_N}\s*[日号])?")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")
_DATE_LINE = re.compile(rf"[（(]?\s*{DATE.pattern}\s*[）)]?")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})(?=(?:19|20)\d\d年|年|上半年|下半年|度|工作|国民|政府|[^\d]|$)|([〇零一二三四五六七八九]{4})年")

_ORG_END = re.compile(
    r"(人民政府|政府|国务院|委员会|开发区|园区|管委会|街道办事处|办事处|街道|公司|集团|学校|大学|学院|中学|小学|"
    r"幼儿园|法院|检察院|局|厅|委|办|部|署|院|处|科|室|中心|队|所|站|会|镇|乡|县|区|市|省|州|旗|"
    r"调查组|工作组|领导小组|指挥部)$")
_NO_ORG = re.compile(r"[，。；！？：,;!?:“”《》]")
_NO_SIGN = re.compile(r"[，。；！？：,;!?:《》]")  # a signing body may quote an event: 某县“3·15”事故调查组
_SPEAKER = re.compile(r"我代表(.{2,16}?)[，,向]")
_HELD_AT = re.compile(r"在(\S{2,12}?(?:自治区|省|市|县|区))第\S{1,4}届")


def extract_meta(title: str, paragraphs: Sequence[Paragraph]) -> Meta:
    clean = clean_title(title)
    texts = without_pinyin([p.text.strip() for p in paragraphs if p.kind != TITLE])
    kind = document_kind(clean, title, texts)
    signature_org, signature_date = signature(texts)
    org = _choose_org(title_org(clean), signature_org) or byline_org(texts)
    if kind in ("政府工作报告", "报告"):
        org = report_org(clean, texts) or org
    date = signature_date or header_date([title.strip()] + [p.text.strip() for p in paragraphs]) \
        or bracket_date(texts)
    listed_org, listed_date = header_meta(texts)  # a legal database's 【发布部门】【发布日期】
    org, date = listed_org or org, listed_date or date
    year, half = period(kind_words(clean))
    if year is None and clean != title.strip():  # the year in a trailing note: 「述职报告（2023年度）」
        year, half = period(kind_words(title.strip().lstrip("#").strip()))
    if year is None and kind != "法规" and (line := collection_headline(clean, texts)):
        year, half = period(kind_words(line))
    if year is None and kind != "法规" and (named := self_named(texts)):
        year, half = period(kind_words(named))
    if year is None and kind != "法规" and title_kind(kind_words(clean)) == "其他" and (named := subtitle(texts, False)):
        year, half = period(kind_words(named))
    if year is None and kind != "法规":
        year, half = _body_year(kind, texts, date, half, _TOPICAL.search(clean) is not None)
    return Meta(org=org, org_type=org_type(org), kind=kind, year=year, half=half, date=date)


# a news headline on a meeting held: a body (no 在, no clause break) 召开/举行 a meeting first, no speech after it
_MEETING_NEWS = re.compile(r"^[^\s，,：:在“《]{2,15}?(?:召开|举行)[^，,：:]{0,20}?会(?!.*(?:讲话|发言|致辞|主持词|报告))")
_PERIOD_REPORT = re.compile(r"(?:上半年|下半年|年度|(?:19|20)\d\d年|全年).{0,12}工作(?:情况)?汇报(?:材料)?$")


def with_headline_year(meta: Meta, title: str, headline: str | None) -> Meta:
    """An entry of a collection dated nowhere takes the year its page headline gives it (years.py)."""
    if meta.year is not None or not headline or meta.kind == "法规":
        return meta
    line = collection_headline(clean_title(title), [headline.strip()])
    year, half = period(kind_words(line)) if line else (None, None)
    return replace(meta, year=year, half=meta.half or half) if year else meta


def document_kind(clean: str, title: str, texts: list[str]) -> str:
    """The title's last kind word (variants included), else the opening, else the body's shape."""
    if is_how_to(clean, texts):
        return "其他"
    cited = cited_kind(clean)
    if cited == "其他":  # 「《…方案》政策解读」: the title names what it is, and no kind
        return cited
    if _MEETING_NEWS.match(clean):  # 「市妇联召开年中工作推进会 总结上半年工作…」: news of a meeting
        return "其他"
    kind = cited or title_kind(kind_words(clean))
    if kind == "报告" and opening_kind(texts) == "政府工作报告":  # 「…工作汇报」 opening 「我代表区政府向大会报告工作」
        return "政府工作报告"
    if kind == "报告" and _PERIOD_REPORT.search(clean):  # 「乡镇上半年工作情况汇报」 reports a period's work
        return "工作总结"
    if kind == "其他":  # 「…（党的二十大报告）」: the note is the only genre word
        kind = title_kind(kind_words(title))
    if kind != "通知" and _issued(clean, texts):  # 「现将《…工作计划》印发给你们」 under that plan's name
        return "通知"
    if kind == "其他" and (heading := official_heading(texts)):  # 「关于印发…规划的」 + 「通 知」 under a page headline
        kind = title_kind(heading)
    if kind == "其他" and _SURVEYED.search(kind_words(clean)) and not _VISIT.search(kind_words(clean)):  # 「…加强自身建设调研」: a survey's report
        kind = "报告"
    if kind == "其他":
        kind = opening_kind(texts)
    if kind == "其他" and (line := subtitle(texts)):  # a subtitle under a slogan headline (「…述职报告。」 too)
        return title_kind(kind_words(line))
    if kind == "其他" and (named := self_named(texts)):  # 「现公布我乡2023年政府信息公开工作年度报告」
        kind = title_kind(kind_words(named))
    return body_kind(texts) if kind == "其他" else kind


_SURVEYED = re.compile(r"(?:调研|调查研究)$")
_VISIT = re.compile(r"(?:到|赴|来|在|深入|走进|前往)\S{0,24}调研$")  # news of a visit: 「市长赴某镇调研」
_ISSUED = re.compile(r"(?:现将|现把|特将)《([^》]{4,60})》[^。]{0,12}?(?:印发|下发|转发)给你们")
_CONCERNING = re.compile(r"关于\S{2,60}")


def _issued(clean: str, texts: list[str]) -> bool:
    """The opening issues the document the title names: the page is the notice that sends it."""
    key = re.sub(r"\s", "", clean)
    return bool(key) and any((m := _ISSUED.search(t)) and re.sub(r"\s", "", m.group(1)) == key for t in texts[:3])


def official_heading(texts: list[str]) -> str | None:
    """A document's own 「关于…的通知」 heading in the opening under a page's headline, its kind word perhaps on a
    line of its own and spaced out (「关于印发…规划的」, 「通    知」)."""
    head = [re.sub(r"\s", "", t) for t in texts[:6]]
    for i, text in enumerate(head):
        if not _CONCERNING.fullmatch(text) or len(text) > 60:
            continue
        if text.endswith("的") and i + 1 < len(head) and title_kind(head[i + 1]) != "其他" and len(head[i + 1]) <= 4:
            return text + head[i + 1]
        if title_kind(text) != "其他":
            return text
    return None


def subtitle(texts: list[str], numbered: bool = True) -> str | None:
    """One of the first lines that names a kind of document and is no sentence (「2023年度校长述职报告。」), or None;
    a numbered line (a 目录 entry 「2.某局2024年工作要点」) only when `numbered`, and never one ending a sentence."""
    for text in texts[:3]:
        if _LISTED.match(text) and (not numbered or text.endswith("。")):
            continue
        line = text[:-1] if text.endswith("。") and "、" not in text else text
        if len(line) <= 60 and not re.search(r"[，。；,;]", line) and title_kind(kind_words(line)) != "其他":
            return line
    return None


_LISTED = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．]")  # a numbered heading or item, no name
_CITATION = re.compile(r"《[^《》]*》")
_HEAD_NOUN = re.compile(r"》[^《》]*[\u4e00-\u9fff]{2}$")


def cited_kind(title: str) -> str | None:
    """The kind of a title that cites another document: its own words name it, not the cited title's
    (「《〈政府工作报告〉重点工作任务分工方案》政策解读」 is no report, 「学习《政府工作报告》心得体会」 neither, and
    「《政府工作报告》重点工作分工方案」 is a 方案).  None when the title cites nothing, or is only a citation."""
    if "《" not in title:
        return None
    own = _CITATION.sub("", title)
    if own == title or not re.search(r"[\u4e00-\u9fff]", own):
        return None
    kind = title_kind(kind_words(own))
    if kind != "其他":
        return kind
    return "其他" if _HEAD_NOUN.search(title) else None  # words after the citation name what it is


# A research or survey report is about a subject, not a period: the years its body writes date what it studies.
_TOPICAL = re.compile(r"(?:调研|调查|考察|研究)报告")


def _body_year(kind: str, texts: list[str], date: str | None, half: str | None,
               topical: bool = False) -> tuple[int | None, str | None]:
    """Year of a document whose title has none: its number, a summary's opening, its date (a summary signed
    in January or February reports on the year before), its first dated sentence, in that order; not the year
    a research report's body keeps writing (`topical`)."""
    year = number_year(texts)
    if year is None and kind in _PERIOD_KINDS:
        year = opening_year(texts) or (body_year(texts) if kind in ("工作总结", "述职报告", "要点") else None)
        half = half or ("full" if year else None)
    if year is None and kind == "报告":  # 「调研时间为2015年11月」: when the survey was made
        year = research_year(texts)
    if year is None and date:
        year = int(date[:4])
        if kind in _LOOKS_BACK and half is None and date[5:7] in ("01", "02"):
            year -= 1  # a year's summary is written and signed early in the next year
        half = half or ("full" if kind in ("政府工作报告", "报告") else None)
    if year is None and kind in ("讲话", "政府工作报告", "报告"):  # 「一、2008年工作回顾」 given to a congress in 2009
        year = review_year(texts)
    if year is None and kind == "报告":  # progress 「截至目前」: the latest date it writes (years.py)
        year = as_of_year(texts)
    if year is None:
        year = first_dated_year(texts)
    if year is None and kind == "其他":  # an article, a 心得: the first year its opening names (no span ahead)
        year = opening_mention(texts[:OPENING])
    if year is None and kind in ("方案", "工作计划"):
        year = plan_year(texts)
    if year is None and kind == "讲话":  # 「今天我们在此隆重举行2021年秋季学期开学典礼」
        year = speech_year(texts)
    if year is None and kind == "报告" and reports_itself(texts):  # 「本报告…汇报我镇2023年政府信息公开工作」
        year = plan_year(texts[:OPENING])
    if year is None and kind == "报告" and not topical:  # a 情况汇报 dated nowhere: the year its body keeps writing
        year = body_year(texts)
    return year, half


_MENTION = re.compile(r"(?<![从到至~—－-])((?:19|20)\d\d)\s*年(?!\s*(?:到|至|—|－|-|~|前|以前))")


def opening_mention(texts: list[str]) -> int | None:
    """The first year the opening writes outside cited titles, not one end of a span (「从2020年到2035年」)."""
    for text in texts:
        m = _MENTION.search(_CITED.sub("", text))
        if m:
            return int(m.group(1))
    return None


_CITED = re.compile(r"《[^》]*》")
_LOOKS_BACK = ("工作总结", "总结及计划", "述职报告")
PERIOD_KINDS = _PERIOD_KINDS = ("工作总结", "工作计划", "总结及计划", "述职报告", "要点")
# the document's name run together with its first sentence (「市政局半年工作总结2011年上半年，我局…」)
_RESTATED_NAME = re.compile(r"^[^，。；,;\d]{2,30}?(?:总结|计划|报告)(?=(?:19|20)\d\d\s*年)")
_OPENING_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*年(?:度)?\s*(?:[,，、]|是|以来|上半年|下半年|全年|工作|我|全|已经过去|即将过去)")


def opening_year(texts: list[str]) -> int | None:
    """A summary or plan without a year in its title that opens with one: 「2013年，是加快发展…的
    关键一年」 reports on 2013."""
    for text in texts[:3]:
        m = _OPENING_YEAR.match(_RESTATED_NAME.sub("", text, count=1))
        if m:
            return int(m.group(1))
    return None


def clean_title(title: str) -> str:
    """Title without a Markdown '#', surrounding space and a trailing （…） note or document number."""
    t = title.strip().lstrip("#").strip()
    t = re.sub(r"\s*[（(][^（）()]*[）)]\s*$", "", t)
    t = re.sub(r"\s*[\[［]\d{1,2}[\]］]\s*$", "", t)  # a footnote mark: 「…统计公报[1]」
    return t.strip()


_GOV_REPORT = re.compile(r"政府(?:(?:19|20)\d\d年度?)工作报告$")  # 「镇人民政府2021年工作报告」
# A summary part (总结, 「上半年工作开展情况」) followed by a plan part (计划, 打算, 设想, 思路) is 总结及计划.
_DONE = re.compile(r"总结|(?:工作|开展|进展|完成|落实)情况")
_PLANNED = re.compile(r"计划|打算|安排|思路|设想|谋划|工作重点|目标任务")


def title_kind(title: str) -> str:
    if _ISSUES.search(title):  # 「关于印发政府工作报告的通知」 is a notice, whatever it issues
        return "通知"
    if "政府工作报告" in title or _GOV_REPORT.search(title):
        return "政府工作报告"
    if re.search(r"讲话|致辞|发言", title):
        return "讲话"
    done = _DONE.search(title)
    if done and _PLANNED.search(title, done.end()):
        return "总结及计划"
    best: tuple[int, str] | None = None
    for word, kind in _GENRES:
        pos = title.rfind(word)
        if pos >= 0 and (best is None or pos + len(word) > best[0]):
            best = (pos + len(word), kind)
    return best[1] if best else "其他"


_ISSUES = re.compile(r"(?:印发|转发|批转|下发)\S*的通知$")
_REPORTS_TO = re.compile(r"我(?:代表|受).{2,30}?(?:的?委托)?[，,]?向(?:大会|全会)(?:作)?(政府工作报告|报告政府工作|报告工作|作?报告)")
_REVIEWS_SELF = re.compile(r"我代表.{2,20}?(?:领导班子|班子)?(?:作)?述职")  # 「我代表市局领导班子述职」
_SUBTITLE = re.compile(r"^(?:[—－―]{1,2}|[（(]).{0,40}?在.{2,40}?上的(报告|讲话|致辞|发言)")


def opening_kind(texts: list[str]) -> str:
    """Kind of an untitled document from its opening: the speaker's 「我代表国务院，向大会报告政府工作」
    or a subtitle 「——在…上的报告/讲话」."""
    for text in texts[:12]:
        if _REVIEWS_SELF.search(text):
            return "述职报告"
        m = _REPORTS_TO.search(text)
        if m:
            return "政府工作报告" if "政府" in m.group(0) else "报告"
        m = _SUBTITLE.match(text)
        if m:
            return "报告" if m.group(1) == "报告" else "讲话"
    return "其他"


def title_org(title: str) -> str | None:
    """The issuing body written at the head of a title, before its year or 关于."""
    m = re.search(r"(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}年|关于|上半年|下半年|年度", title)
    if not m or m.start() < 2:
        return None
    org = title[:m.start()].strip(" 、")
    if _NO_ORG.search(org) or len(org) > 40 or not _ORG_END.search(org):
        return None
    return org


_BYLINE = re.compile(r"(\S{2,30}?)[ \t\u3000]+[\u4e00-\u9fff]{1,3}(?:某某|某)?[\u4e00-\u9fff]?")


def byline_org(texts: list[str]) -> str | None:
    """The body in a byline under the title: 「某县发展和改革委员会  李某某」."""
    for text in texts[:3]:
        m = _BYLINE.fullmatch(text.strip())
        if m and _ORG_END.search(m.group(1)) and not _NO_ORG.search(m.group(1)):
            return m.group(1)
    return None


def report_org(title: str, texts: list[str]) -> str | None:
    """Issuer of a government work report: whom the speaker represents, completed from the title."""
    held = next((m.group(1) for t in texts[:12] if (m := _HELD_AT.search(t))), "")
    for text in texts[:30]:
        m = _SPEAKER.search(text)
        if m:
            who = m.group(1)
            place = re.sub(r"(?:19|20)\d{2}年", "", title)
            region = re.match(r".{2,12}?(?:自治区|省|市|县|区)", place) or re.fullmatch(
                r".{2,12}?(?:自治区|省|市|县|区)", held)  # 「——2026年1月26日在广东省第十四届人民代表大会」
            level = re.match(r"自治区|省|市|县|区", who)
            if region and level and region.group(0).endswith(level.group(0)):
                return region.group(0) + who[level.end():]
            return who
    return "国务院" if "国务院" in title else None


def signature(texts: list[str]) -> tuple[str | None, str | None]:
    """(organisation, date) of a signature block: org lines right above a date line near the end."""
    tail = texts[-8:]
    for i in range(len(tail) - 1, -1, -1):
        m = _DATE_LINE.fullmatch(tail[i])
        if not m:
            continue
        orgs = []
        j = i - 1
        while j >= 0 and len(tail[j]) <= 40 and not _NO_SIGN.search(tail[j]) and _ORG_END.search(tail[j]):
            orgs.insert(0, tail[j])
            j -= 1
        return ("、".join(orgs) or None), date_string(DATE.search(tail[i]))
    return None, None


def header_date(texts: list[str]) -> str | None:
    head = texts[:10]
    for text in head:
        m = re.search(r"(?:[—－―]{1,2}|^[（(])\s*" + DATE.pattern + r".{0,40}?(?:在|上)", text)
        if m:
            return date_string(DATE.search(m.group(0)))
    for text in head[:4]:  # a dateline under the title: 「——2024年3月15日」, 「（2024年3月15日）」
        m = re.fullmatch(r"[—－―\-（(\s]*(" + DATE.pattern + r")[）)\s]*", text)
        if m:
            return date_string(DATE.search(text))
    found = None
    for text in head[1:]:
        m = DATE.match(text)
        if m and len(text) <= 120 and not _GOES_ON.match(text, m.end()):  # not 「2010年1月30日,临近春节,…」
            found = date_string(m)
        elif _DATE_LINE.fullmatch(text):
            found = date_string(DATE.search(text))
    if found:
        return found
    for i, text in enumerate(head):
        m = re.match(r"((?:发表|发布|更新)?(?:时间|日期)[：:]\s*)?" + _ISO.pattern + r"(?:\s+[\d:]+)?$", text)
        # a bare date line is a web page's stamp unless a 时间/日期 label introduces it
        if m and (m.group(1) or (i and _DATE_LABEL.fullmatch(head[i - 1]))):
            return _format(int(m.group(2)), int(m.group(3)), int(m.group(4)) if m.group(4) else None)
    return None


_DATE_LABEL = re.compile(r"(?:发表|发布|更新)?(?:时间|日期)[：:]?\s*")
_GOES_ON = re.compile(r"\s*[，,]")  # a sentence that opens with a date, not a date line


def date_string(m: re.Match[str] | None) -> str | None:
    if m is None:
        return None
    year = int(m.group(1).translate(_CN_YEAR_DIGITS))
    month = _num(m.group(2))
    day = _num(m.group(3)) if m.group(3) else None
    return _format(year, month, day)


def _num(text: str) -> int | None:
    return int(text) if text.isdecimal() else cn_to_int(text)


def _format(year: int, month: int | None, day: int | None) -> str | None:
    if not month or not 1 <= month <= 12:
        return None
    if day and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"


_SCHOOL_YEAR = re.compile(r"((?:19|20)\d\d)\s*[-—–－~至]\s*((?:19|20)\d\d)\s*学年")


def period(title: str) -> tuple[int | None, str | None]:
    """Year and half reported on. A summary-and-plan whose only year is the plan's (「街道工作总结及2023年
    工作思路」) reports on the year before it."""
    m = _TITLE_YEAR.search(title)
    year = None
    if m:
        year = int(m.group(1)) if m.group(1) else int(m.group(2).translate(_CN_YEAR_DIGITS))
        done = _DONE.search(title)
        if (done and done.end() <= m.start() and "半年" not in title and _PLANNED.search(title, m.end())
                and title_kind(title) == "总结及计划"):
            year -= 1
    if (span := _SCHOOL_YEAR.search(title)) and title_kind(title) in _LOOKS_BACK:
        year = int(span.group(2))  # 「2023-2024学年度工作总结」 is written as that school year ends
    if "上半年" in title:
        half = "H1"
    elif "下半年" in title:
        half = "H2"
    elif year is not None or re.search(r"(年度|全年)工作", title):
        half = "full"
    else:
        half = None
    if title_kind(title) == "法规":
        return None, None
    return year, half


def _choose_org(from_title: str | None, signed: str | None) -> str | None:
    if signed and (from_title is None or signed.endswith(from_title) or from_title.endswith(signed)):
        return signed if from_title is None or len(signed) >= len(from_title) else from_title
    return from_title or signed


def org_type(org: str | None) -> str:
    if not org:
        return "其他"
    first = org.split("、", 1)[0]
    if re.search(r"开发区|园区|高新区|经开区|管委会|工业园|工业区", first):
        return "开发区/园区"
    if re.search(r"(镇|乡|街道|街道办事处|办事处)(人民政府|政府|党委)?$", first):
        return "乡镇/街道"
    if re.search(r"学校|大学|学院|中学|小学|幼儿园", first):
        return "学校"
    if re.search(r"公司|集团|企业|银行|厂$", first):
        return "企业"
    if re.search(r"(人民政府|政府|国务院)$", first) or re.fullmatch(r".{1,12}?(省|市|县|区|自治区|州|旗)", first):
        return "政府"
    if re.search(r"(法院|检察院|中央委员会)$", first):
        return "其他"
    if re.search(r"(局|厅|委|委员会|办|办公室|办公厅|部|署|处|科|中心|队|所|站)$", first):
        return "部门/局"
    return "其他"
