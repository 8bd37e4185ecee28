"""Section roles beyond work summaries: plans/notices/opinions and accident reports, filterable everywhere."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from sucai.config import load_settings
from sucai.derived.catchup import refresh_indexes
from sucai.ingest.batch import import_paths
from sucai.ingest.pipeline import parse_blocks
from sucai.ingest.roles import heading_role
from sucai.models import ROLE_LABELS, ROLES, Block
from sucai.store.home import open_library
from sucai.web import create_app
from tests.conftest import backend_env, cli_json, run_cli

PLAN = """全县重大政策宣传解读工作实施方案
为切实做好县政府重大政策宣传解读工作，制定本方案。
一、总体要求
坚持以人民为中心，加大重大政策宣传解读力度，营造一流营商环境。
二、主要任务
（一）做好疫情防控政策的宣传解读。重点解读帮扶支持企业的政策措施。
（二）做好产业政策的宣传解读。重点宣传发展园区经济的政策举措。
三、保障措施
（一）加强组织领导。各部门主要负责同志要亲自抓政策宣传解读。
（二）强化督促检查。县政府办公室将定期通报政策宣传解读情况。
"""

ACCIDENT = """某区某项目“11·27”施工挖穿燃气管道一般事故调查报告
2022年11月27日上午，某项目发生一起施工挖穿燃气管道事故，未造成人员伤亡。
一、事故发生经过和应急处置情况
当日上午，项目部组织对路面进行开挖施工，挖穿燃气管道。
二、事故发生的原因和事故性质
（一）直接原因
施工人员未探明地下管线即进行开挖。
（二）事故性质
经调查认定，这是一起一般生产安全责任事故。
三、事故责任的认定以及对事故责任者的处理建议
建议由区住建局对施工单位依法给予行政处罚。
四、事故防范和整改措施
各施工单位要严格落实地下管线探测制度，防止同类事故发生。
"""


def parse(text: str):
    return parse_blocks([Block(line) for line in text.splitlines() if line.strip()], "x.txt", "x").documents[0]


def roles_of(doc) -> list[tuple[str, str]]:
    return [(n.heading, n.role) for n in doc.outline]


def test_plan_and_accident_report_sections_have_roles() -> None:
    assert roles_of(parse(PLAN)) == [("总体要求", "requirements"), ("主要任务", "tasks"), ("保障措施", "safeguards")]
    plan = parse(PLAN)
    assert plan.outline[1].children[0].role == "tasks"  # a subsection keeps its section's role
    assert [r for _, r in roles_of(parse(ACCIDENT))] == ["course", "cause", "liability", "measures"]


def test_summary_roles_are_unchanged_and_codes_keep_their_place() -> None:
    assert ROLES[:4] == ("summary", "problems", "plan", "other")  # stored segment codes keep their meaning
    assert set(ROLE_LABELS) == set(ROLES)
    assert heading_role("下一步主要任务", None) == "plan"
    assert heading_role("存在问题及原因", None) == "problems"
    assert heading_role("2023年工作总结", None) == "summary"
    assert heading_role("经过三年努力，面貌焕然一新", None) == "other"


def write_sources(src: Path) -> None:
    src.mkdir()
    (src / "plan.txt").write_text(PLAN, encoding="utf-8")
    (src / "accident.txt").write_text(ACCIDENT, encoding="utf-8")


def test_role_filter_for_a_new_code_in_cli_search(home: Path, tmp_path: Path) -> None:
    write_sources(tmp_path / "src")
    run_cli(home, "ingest", str(tmp_path / "src"))
    tasks = cli_json(home, "search", "宣传解读", "--role", "tasks", "--json", "--limit", "50")
    plan = parse(PLAN)  # the oracle: the parsed paragraphs of role tasks that hold the words
    expected = sum(1 for p in plan.paragraphs if p.role == "tasks" and "宣传解读" in p.text)
    assert tasks["total"] == expected > 0 and set(tasks["facets"]["role"]) == {"tasks"}
    both = cli_json(home, "search", "事故", "--role", "cause,measures", "--json", "--limit", "50")
    assert both["total"] > 0 and set(both["facets"]["role"]) <= {"cause", "measures"}
    assert "tasks" in run_cli(home, "search", "--help").stdout


def test_role_facet_and_filter_on_the_web(tmp_path: Path) -> None:
    write_sources(tmp_path / "src")
    cfg = load_settings(env=backend_env(), home=tmp_path / "home")
    library = open_library(cfg)
    try:
        assert not import_paths(library, [tmp_path / "src"]).rejected
        refresh_indexes(cfg, library)
        client = TestClient(create_app(cfg, library))
        page = client.get("/search", params={"q": "事故"})
        assert page.status_code == 200 and "整改措施" in page.text and "原因与性质" in page.text
        api = client.get("/api/search", params={"q": "事故", "role": "measures"}).json()
        assert api["total"] > 0 and set(api["facets"]["role"]) == {"measures"}
        heads = client.get("/api/headings", params={"role": "safeguards"})
        assert heads.status_code == 200 and any("保障措施" in h["heading"] for h in heads.json()["headings"])
        assert client.get("/api/headings", params={"role": "nonsense"}).status_code in (400, 422)
    finally:
        library.close()
