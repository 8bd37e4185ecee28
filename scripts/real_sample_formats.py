"""Turn a few of the real text samples in tests/samples/real into the formats users bring them in:
Word (title broken over two lines, letter-spaced title), PDF (through LibreOffice) and saved
government web pages whose text sits in layout tables.  Run once; the outputs are committed.

    .venv/bin/python scripts/real_sample_formats.py
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

import docx

REAL = Path(__file__).resolve().parent.parent / "tests" / "samples" / "real"


def body_lines(name: str, skip: int = 0) -> list[str]:
    if not (REAL / name).exists():
        return []
    lines = [ln.strip() for ln in (REAL / name).read_text(encoding="utf-8").splitlines()]
    return [ln for ln in lines[skip:] if ln]


def write_docx(lines: list[str], out: Path) -> None:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(out))


def to_pdf(docx_path: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx_path)],
                       check=True, capture_output=True, timeout=180)
        (Path(tmp) / (docx_path.stem + ".pdf")).replace(out)


def gov_page(title: str, meta: list[tuple[str, str]], lines: list[str]) -> str:
    """A county-government article page of the common kind: navigation, breadcrumb and the article
    nested in layout tables, a real table of index metadata, a footer."""
    esc = html.escape
    rows = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in meta)
    paras = "".join(f"<p style=\"text-indent:2em\">{esc(ln)}</p>" for ln in lines)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}_政务公开_县人民政府</title></head>
<body><table width="1000" align="center" cellpadding="0" cellspacing="0"><tr><td>
<table width="100%"><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td><td><a href="/bsfw">办事服务</a></td>
<td><a href="/hdjl">互动交流</a></td></tr></table>
<table width="100%"><tr><td class="dqwz">当前位置：首页 &gt; 政务公开 &gt; 政府文件</td></tr></table>
<table width="100%" class="xxgk"><tbody>{rows}</tbody></table>
<table width="100%"><tr><td align="center"><font size="5"><b>{esc(title)}</b></font></td></tr>
<tr><td>{paras}</td></tr>
<tr><td align="right">【打印本页】 【关闭窗口】</td></tr></table>
<table width="100%"><tr><td>主办单位：县人民政府办公室　网站标识码：6107280000　备案号：陕ICP备05001234号</td></tr></table>
</td></tr></table></body></html>
"""


def main() -> None:
    for step in (lu_docx, speech_docx, accident_pdf, rules_html, summary_html):
        step()


def lu_docx() -> None:
    lines = body_lines("lu-yusuan-yijian.txt", skip=2)
    if not lines:
        return
    title = "山东省人民政府关于深化预算管理制度改革的实施意见"
    lines = [ln for ln in lines if ln != title]
    write_docx(["山东省人民政府关于深化预算管理", "制度改革的实施意见", *lines], REAL / "lu-yusuan-yijian.docx")
    (REAL / "lu-yusuan-yijian.txt").unlink()


def speech_docx() -> None:
    lines = body_lines("xian-xuanchuan-jianghua.txt", skip=1)
    if not lines:
        return
    write_docx([" ".join(lines[0]), *lines[1:]], REAL / "xian-xuanchuan-jianghua.docx")
    (REAL / "xian-xuanchuan-jianghua.txt").unlink()


def accident_pdf() -> None:
    lines = body_lines("anquan-shigu-diaocha-qianwenw.txt", skip=3)[:-1]
    if not lines:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "anquan-shigu-diaocha.docx"
        write_docx(lines, path)
        to_pdf(path, REAL / "anquan-shigu-diaocha.pdf")
    (REAL / "anquan-shigu-diaocha-qianwenw.txt").unlink()


def rules_html() -> None:
    lines = body_lines("zhenba-gongzuo-guize.txt")
    if not lines:
        return
    body = lines[lines.index("• 内容概述:") + 2:]
    meta = [("索引号", "6107280000/2024-001005"), ("发文机构", "县政府网站"), ("发文字号", "镇政发〔2024〕7号"),
            ("发文日期", "2024年04月06日")]
    (REAL / "zhenba-gongzuo-guize.html").write_text(gov_page("镇巴县人民政府工作规则", meta, body), encoding="utf-8")
    (REAL / "zhenba-gongzuo-guize.txt").unlink()


def summary_html() -> None:
    lines = body_lines("xiasha-2022-bannian-gov.txt", skip=2)
    if not lines:
        return
    meta = [("发布日期", "2022-12-02"), ("信息来源", "下沙街道")]
    (REAL / "xiasha-2022-bannian-gov.html").write_text(gov_page("下沙街道2022年半年度工作总结", meta, lines),
                                                       encoding="utf-8")
    (REAL / "xiasha-2022-bannian-gov.txt").unlink()


if __name__ == "__main__":
    main()
