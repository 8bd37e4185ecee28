"""Site furniture of sites no chrome rule names, recognised by shape; site notes glued to the text."""

from __future__ import annotations

from pathlib import Path

from sucai.ingest.clean import load_rules, strip_adverts
from sucai.ingest.furniture import furniture_lines, is_furniture
from sucai.ingest.pipeline import parse_blocks
from sucai.models import Block

WORDS = tuple(sorted({w.lower() for w in load_rules().furniture}, key=len, reverse=True))
PROSE = "今年以来，我镇在县委、县政府的坚强领导下，认真贯彻落实各项决策部署，较好地完成了各项目标任务。"


def test_furniture_shapes() -> None:
    for line in ("购物车", "我的足迹", "加入Vip免费下载 立即下载", "某某素材网 首页", "• 相关推荐", "收藏 分享(赏)",
                 "阅读(1234) 评论(5)", "★★★★☆ 4.5分", "- 时间:2023-02-24", "上一篇 下一篇 返回列表",
                 "工作总结 > 乡镇工作 > 半年总结", "发布日期:2023-01-12 17:22 信息来源:某某街道"):
        assert is_furniture(line, WORDS), line


def test_document_lines_are_not_furniture() -> None:
    for line in ("同志们：", "各位代表：", "2023年1月5日", "某某镇人民政府", "提升人居环境工作方案", "政 府 工 作 报 告",
                 "大中小学", "关于推荐优秀基层干部的通知", "一、总体要求", "下载中心建设方案", PROSE):
        assert not is_furniture(line, WORDS), line


def test_only_the_head_and_tail_of_a_page_are_judged() -> None:
    texts = ["首页 登录 注册", "某镇工作总结", PROSE, "收藏", PROSE, "上一篇 下一篇"]
    assert furniture_lines(texts, WORDS) == {0, 5}
    assert furniture_lines(["收藏", "分享"], WORDS) == set()  # no prose at all: nothing to frame


def test_unseen_site_chrome_leaves_the_document() -> None:
    lines = ["购物车", "我的足迹", "某镇2023年工作总结", "加入Vip免费下载 立即下载", "同志们：", PROSE,
             "一、主要工作", PROSE, "2023年12月20日", "上一篇 下一篇", "某某素材网 首页"]
    parsed = parse_blocks([Block(t) for t in lines], "x", "x")
    doc = parsed.documents[0]
    texts = [p.text for p in doc.paragraphs]
    assert doc.title == "某镇2023年工作总结"
    assert not {"购物车", "我的足迹", "加入Vip免费下载 立即下载", "上一篇 下一篇", "某某素材网 首页"} & set(texts)
    assert "同志们：" in texts and "2023年12月20日" in texts
    assert any("furniture" in w or "网页框架" in w for w in parsed.warnings)


def test_furniture_words_come_from_the_rule_file(tmp_path: Path) -> None:
    extra = tmp_path / "rules.txt"
    extra.write_text("furniture: 团购\nfurniture: 拼单\n", encoding="utf-8")
    blocks = [Block("团购 拼单"), Block("某镇工作总结"), Block(PROSE)]
    assert [b.text for b in strip_adverts(blocks, load_rules())[0]] == ["团购 拼单", "某镇工作总结", PROSE]
    assert [b.text for b in strip_adverts(blocks, load_rules(extra))[0]] == ["某镇工作总结", PROSE]


def test_a_site_note_glued_to_the_text_is_cut_off() -> None:
    note = "下面是小编为大家整理的在全县安全生产工作会议上的讲话，供大家参考。"
    body = "同志们：经县政府研究决定，今天召开全县安全生产工作会议。" + PROSE * 3
    kept, removed = strip_adverts([Block("在全县安全生产工作会议上的讲话"), Block(note + body)])
    assert [b.text for b in kept] == ["在全县安全生产工作会议上的讲话", body]
    assert removed == 1
