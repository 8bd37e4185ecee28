"""The learned chrome-line model (sucai/ingest/chrome_model.py): head lines of a page that have the shape of page
chrome go, a document's own head lines (title, 文号, addressee, numbered heading) stay, and the weights file is
what bench/train_chrome.py trains from the labels.  Every example is written here, not copied from a sample."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sucai.ingest.chrome_model import DATA, FEATURES, explain, load_model, model_chrome
from sucai.ingest.clean import load_rules
from tests.pages import parse

ROOT = Path(__file__).resolve().parents[1]
BODY = "今年以来，在镇党委的正确领导下，全镇上下齐心协力，各项工作取得了明显成效，现将有关情况报告如下。"


def texts_of(parsed) -> list[str]:
    return [p.text for d in parsed.documents for p in d.paragraphs] + [d.title for d in parsed.documents]


def test_page_fields_of_an_unseen_site_go() -> None:
    page = (f"甲街道2023年工作总结\n• 发文机构:甲区人民政府甲街道办事处\n• 信息来源:乙村村民委员会\n"
            f"[ 索引号 ] | 11500113/2024-00007 | [ 发文字号 ] | 甲府发〔2024〕2号 |\n{BODY}\n一、基本情况\n{BODY}")
    parsed = parse(page)
    kept = "\n".join(texts_of(parsed))
    assert parsed.documents[0].title == "甲街道2023年工作总结"
    assert "发文机构" not in kept and "信息来源" not in kept and "索引号" not in kept
    assert BODY in kept


def test_a_documents_own_head_lines_stay() -> None:
    rules = load_rules()
    lines = ["甲镇人民政府文件", "甲府发〔2024〕3号", "甲镇人民政府关于印发2024年工作要点的通知",
             "各村(居)民委员会、镇属各单位:", BODY, "一、总体要求", BODY]
    assert model_chrome(lines, rules.furniture, rules.fields) == set()


def test_only_the_head_is_scored() -> None:
    rules = load_rules()
    lines = ["某县2023年工作报告", BODY, "一、主要工作", BODY, "• 信息来源:某县政府办", "责任单位:县政府办"]
    assert model_chrome(lines, rules.furniture, rules.fields) == set()  # the tail is the rules' (and the 版记's)
    assert model_chrome(["• 信息来源:某县政府办", "字数:3200"], rules.furniture, rules.fields) == set()  # no prose


def test_a_decision_can_be_read_off() -> None:
    rules = load_rules()
    for line, reason in (("[ 浏览次数 ] | 1234 | 字号 大 中 小", "furniture_word"),
                         ("分   类 政务公开 有 效 性 有效", "field_word")):
        lines = ["某县2023年工作报告", line, BODY]
        assert not rules.is_chrome(line)  # no rule names it
        parts = dict(explain(lines, 1, rules.furniture, rules.fields))
        assert parts[reason] == max(v for name, v in parts.items() if name != "bias")
        assert 1 in model_chrome(lines, rules.furniture, rules.fields)


def test_a_bullet_or_bar_in_front_of_a_chrome_line() -> None:
    rules = load_rules()
    for line in ("• 信息来源:乙村村民委员会", "|来源:某某教育网", "· 发布时间:2023-05-31"):
        assert rules.is_chrome(line), line
    assert not rules.is_chrome("• 坚持以人民为中心的发展思想")


def test_the_weights_are_what_the_script_trains() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURES)
    out = subprocess.run([sys.executable, "-c", (
        "import sys, json; sys.argv = ['x']; sys.path.insert(0, 'bench'); import train_chrome as t, documents as d;"
        "print(json.dumps(t.trained(t.trainable(d.load_labels()))))")],
        capture_output=True, text=True, check=True, cwd=ROOT)
    fresh = json.loads(out.stdout)
    assert fresh["threshold"] == load_model(DATA)[1]
    for name in FEATURES:
        assert abs(fresh["weights"][name] - data["weights"][name]) < 1e-3, name


def test_training_never_reads_the_held_out_round() -> None:
    out = subprocess.run([sys.executable, "-c", (
        "import sys, json; sys.argv = ['x']; sys.path.insert(0, 'bench'); import train_chrome as t;"
        "labels = [{'file': f'p{r}', 'round': r} for r in range(1, 14)] + [{'file': 'old'}];"
        "print(json.dumps(sorted(t.rounds(x) for x in t.trainable(labels))))")],
        capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(out.stdout) == [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]  # round 13 (held out) never read


def test_a_page_section_after_the_title_is_not_title() -> None:
    doc = parse(f"在全县冬季农田水利建设动员会议上的讲话|动员部署会议\n同志们：\n{BODY}").documents[0]
    assert doc.title == "在全县冬季农田水利建设动员会议上的讲话"
    doc = parse(f"某镇2023年工作总结_个人工作总结\n{BODY}\n一、基本情况\n{BODY}").documents[0]
    assert doc.title == "某镇2023年工作总结"
    doc = parse(f"关于甲|乙两村合并的通知\n{BODY}").documents[0]
    assert doc.title == "关于甲|乙两村合并的通知"  # a bar inside the title, none after a kind word
