#!/usr/bin/env python3
"""Make the fixtures of the spreadsheet, web-page and Word-binary readers
(issue 14) from the corpus reports, into fixtures/formats/. The generated
files are committed, so the tests need none of these tools; run this again
only to regenerate them.

    python3 scripts/make-format-fixtures.py [target/release/jixiao]

What it makes, for each report in fixtures/corpus/*.docx:
- <stem>.doc   LibreOffice headless: DOCX -> Word 97-2003 binary.
- <stem>.html  LibreOffice headless: DOCX -> HTML (UTF-8, declared).
- <stem>.xlsx  a workbook of the report's tables as a government site
               publishes them: one sheet per top-level section, the tables of
               that section stacked with a blank row between them, each under
               its title row and 单位 row, numbers stored as numbers with the
               format that shows them as written (0.00, #,##0.00, 0.00%),
               merged cells as merged ranges. The tables are the ones jixiao
               reads from the .docx (the reading the DOCX test holds equal to
               the .txt's).
- <stem>.xls, <stem>.ods  LibreOffice headless from the .xlsx.
and:
- nanjing-land-2022.wps   the .doc under the name WPS Office gives its
               documents (WPS writes .wps in the Word 97-2003 layout).
- nanjing-land-2022.gov.html  the report's HTML inside a government site's
               page (navigation, breadcrumb, sidebar, footer, scripts),
               encoded in GBK and declared gb2312 through http-equiv.
- budget-2023.xlsx / .xls / .ods  a small budget workbook in our own words
               and numbers with what the corpus does not exercise: SUM
               formulas (cached values written by LibreOffice), a 0.00-format
               cell holding more decimals, percentages, a line break in a
               cell, two tables stacked on one sheet, a hidden sheet, an empty
               sheet, and one 合计 typed wrong (the audit must find it, with
               the sheet and cell reference).

Needs LibreOffice (installed with apt-get when missing) and openpyxl (pip).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/jixiao")
CORPUS = os.path.join(ROOT, "fixtures/corpus")
OUT = os.path.join(ROOT, "fixtures/formats")


def need_tools():
    if not shutil.which("soffice"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                        "libreoffice-writer-nogui", "libreoffice-calc-nogui"], check=True)
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "openpyxl"], check=True)


def soffice(src, fmt, outdir, infilter=None):
    cmd = ["soffice", "--headless"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", fmt, "--outdir", outdir, src]
    subprocess.run(cmd, check=True, capture_output=True)


NUM = re.compile(r"^-?(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0)(?:\.(\d+))?$")
PCT = re.compile(r"^-?(?:[1-9]\d*|0)(?:\.(\d+))?%$")


def typed(text):
    """A cell's text as the value and number format a spreadsheet stores."""
    m = NUM.match(text)
    if m:
        decimals = len(m.group(1) or "")
        grouped = "," in text
        fmt = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "")
        v = float(text.replace(",", ""))
        return (int(v) if decimals == 0 and abs(v) < 1e15 else v), fmt
    m = PCT.match(text)
    if m:
        decimals = len(m.group(1) or "")
        return float(text[:-1]) / 100, "0" + ("." + "0" * decimals if decimals else "") + "%"
    return text, None


def sheet_title(name, used):
    t = re.sub(r"[\[\]:*?/\\]", "", name).strip()[:31] or "Sheet"
    base, k = t, 2
    while t in used:
        t = f"{base[:28]}({k})"
        k += 1
    used.add(t)
    return t


def write_table(ws, row, table):
    """Write one table from its top-left row; the next free row."""
    from openpyxl.styles import Alignment
    width = max(len(r) for r in table["header"] + table["rows"])
    caption, unit = table.get("caption"), table.get("unit")
    if caption:
        ws.cell(row=row, column=1, value=caption)
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    if unit and not (caption and "单位" in caption):
        ws.cell(row=row, column=width, value=f"单位：{unit}")
        row += 1
    for r in table["header"] + table["rows"]:
        for c, cell in enumerate(r):
            if cell.get("merged"):
                continue
            value, fmt = typed(cell["text"])
            if value == "":
                continue
            x = ws.cell(row=row, column=c + 1, value=value)
            if isinstance(value, str) and value.startswith("="):
                x.data_type = "s"  # text such as "=0%", not a formula
            if fmt:
                x.number_format = fmt
            if "\n" in cell["text"]:
                x.alignment = Alignment(wrap_text=True)
            cs, rs = cell.get("col_span", 1), cell.get("row_span", 1)
            if cs > 1 or rs > 1:
                ws.merge_cells(start_row=row, start_column=c + 1,
                               end_row=row + rs - 1, end_column=c + cs)
        row += 1
    return row


def workbook_from_docx(stem, tmp):
    import openpyxl
    doc = json.loads(subprocess.run([BIN, "extract", os.path.join(CORPUS, stem + ".docx")],
                                    capture_output=True, check=True).stdout)
    titles = {}

    def walk(sections, top):
        for s in sections:
            key = top or s["id"]
            titles.setdefault(s["id"], ((s.get("number") or "") + "、" + s["title"]).lstrip("、"))
            walk(s["children"], key)
    walk(doc["sections"], None)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    used, sheets = set(), {}
    for t in doc["tables"]:
        top = (t.get("section") or "1").split(".")[0]
        if top not in sheets:
            ws = wb.create_sheet(sheet_title(titles.get(top, "表"), used))
            sheets[top] = [ws, 1]
        ws, row = sheets[top]
        sheets[top][1] = write_table(ws, row, t) + 1
    path = os.path.join(tmp, stem + ".xlsx")
    wb.save(path)
    return path


def budget_workbook(tmp):
    import openpyxl
    from openpyxl.styles import Alignment
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收支总表"
    ws["A1"] = "2023年某某区文化旅游局部门收支总表"
    ws.merge_cells("A1:D1")
    ws["A2"] = "编制单位：某某区文化旅游局"
    ws["D2"] = "单位：万元"
    ws["A3"], ws["B3"] = "项目", "金额"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:D3")
    ws["B4"], ws["C4"], ws["D4"] = "年初预算数", "决算数", "执行率"
    rows = [("一般公共服务支出", 120.5, 118.25), ("文化旅游体育与传媒支出", 356.8, 341.06),
            ("社会保障和就业支出", 45.2, 44.9), ("住房保障支出\n（含公积金）", 30.0, 30.0)]
    for i, (label, budget, actual) in enumerate(rows):
        r = 5 + i
        ws.cell(row=r, column=1, value=label)
        if "\n" in label:
            ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True)
        ws.cell(row=r, column=2, value=budget).number_format = "#,##0.00"
        ws.cell(row=r, column=3, value=actual).number_format = "#,##0.00"
        ws.cell(row=r, column=4, value=f"=C{r}/B{r}").number_format = "0.00%"
    ws["A9"] = "合计"
    ws["B9"] = "=SUM(B5:B8)"
    ws["C9"] = "=SUM(C5:C8)"
    ws["D9"] = "=C9/B9"
    for c in "BC":
        ws[f"{c}9"].number_format = "#,##0.00"
    ws["D9"].number_format = "0.00%"
    ws["A10"] = "注：执行率＝决算数÷年初预算数。"
    # A second table below a blank row.
    ws["A12"] = "2023年某某区文化旅游局“三公”经费支出表"
    ws.merge_cells("A12:C12")
    ws["C13"] = "单位：万元"
    ws["A14"], ws["B14"], ws["C14"] = "项目", "预算数", "决算数"
    three = [("因公出国（境）费", 0, 0), ("公务用车购置及运行费", 12.6, 11.85),
             ("公务接待费", 3.2, 2.46)]
    for i, (label, b, a) in enumerate(three):
        r = 15 + i
        ws.cell(row=r, column=1, value=label)
        for c, v in ((2, b), (3, a)):
            x = ws.cell(row=r, column=c, value=v)
            x.number_format = '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ '
    ws["A18"] = "合计"
    ws["B18"] = "=SUM(B15:B17)"
    ws["B18"].number_format = "#,##0.00"
    ws["C18"] = 15.31  # typed by hand, and wrong: 0 + 11.85 + 2.46 = 14.31
    ws["C18"].number_format = "#,##0.00"
    # A score sheet whose cell holds more decimals than it shows.
    s2 = wb.create_sheet("绩效自评表")
    s2["A1"] = "项目支出绩效自评表"
    s2.merge_cells("A1:D1")
    s2["A2"], s2["B2"], s2["C2"], s2["D2"] = "指标", "分值", "得分", "得分率"
    s2["A3"], s2["B3"], s2["C3"] = "产出指标", 50, 48.5
    s2["A4"], s2["B4"], s2["C4"] = "效益指标", 30, 29.4862
    s2["C4"].number_format = "0.00"
    s2["A5"], s2["B5"], s2["C5"] = "满意度指标", 20, 19
    s2["A6"], s2["B6"], s2["C6"] = "合计", "=SUM(B3:B5)", "=SUM(C3:C5)"
    s2["C6"].number_format = "0.00"
    for r in range(3, 7):
        s2[f"D{r}"] = f"=C{r}/B{r}"
        s2[f"D{r}"].number_format = "0.00%"
    hidden = wb.create_sheet("参数")
    hidden["A1"], hidden["B1"] = "内部参数", 1
    hidden.sheet_state = "hidden"
    wb.create_sheet("Sheet3")
    path = os.path.join(tmp, "budget-2023.raw.xlsx")
    wb.save(path)
    return path


GOV_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>2022年度南京市国土资源执法监察支队整体预算绩效自我评价报告_财政预决算_南京市规划和自然资源局</title>
<link rel="stylesheet" type="text/css" href="/css/common.css" />
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script type="text/javascript">var _hmt = _hmt || []; function setFont(s){document.getElementById('zoom').style.fontSize=s+'px';}</script>
</head>
<body>
<div class="top">
  <div class="topbar"><span>今天是：2023年6月30日</span><a href="/">网站首页</a> | <a href="/wza/">无障碍浏览</a> | <a href="/en/">English</a></div>
  <div class="banner"><img src="/images/banner.jpg" alt="南京市规划和自然资源局" /></div>
  <div class="nav"><ul>
    <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zxfw/">政务服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li><li><a href="/ztzl/">专题专栏</a></li></ul></div>
</div>
<div class="main">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 财政预决算</div>
  <div class="sidebar"><h3>信息公开目录</h3><ul><li><a href="/zwgk/jgzn/">机构职能</a></li>
    <li><a href="/zwgk/czyjs/">财政预决算</a></li><li><a href="/zwgk/rsxx/">人事信息</a></li></ul></div>
  <div class="article">
    <h1 class="article-title">2022年度南京市国土资源执法监察支队整体预算绩效自我评价报告</h1>
    <div class="info">发布日期：2023-06-30　来源：市规划和自然资源局　<a href="javascript:setFont(16)">【大】</a><a href="javascript:setFont(14)">【中】</a><a href="javascript:window.print()">【打印】</a></div>
    <div id="zoom" class="TRS_Editor">
"""

GOV_FOOT = """
    </div>
    <div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
  </div>
</div>
<div class="footer">
  <p>主办单位：南京市规划和自然资源局　地址：南京市北京东路某号　邮编：210000</p>
  <p>版权所有：南京市规划和自然资源局　网站标识码：3201000000　<a href="https://beian.miit.gov.cn/">苏ICP备00000000号</a></p>
</div>
<script type="text/javascript">document.write('<span id="cnzz">统计</span>');</script>
</body>
</html>
"""


def gov_page(html_path, out_path):
    with open(html_path, encoding="utf-8") as f:
        page = f.read()
    body = re.search(r"<body[^>]*>(.*)</body>", page, re.S).group(1)
    text = GOV_HEAD + body + GOV_FOOT
    with open(out_path, "wb") as f:
        f.write(text.encode("gbk", errors="xmlcharrefreplace"))


def main():
    need_tools()
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(CORPUS)):
            if not name.endswith(".docx"):
                continue
            stem = name[:-5]
            src = os.path.join(CORPUS, name)
            soffice(src, "doc", OUT)
            soffice(src, "html", OUT)
            xlsx = workbook_from_docx(stem, tmp)
            # Through LibreOffice once, as a site's export would be.
            soffice(xlsx, "xlsx", OUT)
            for fmt in ("xls", "ods"):
                soffice(os.path.join(OUT, stem + ".xlsx"), fmt, OUT)
        shutil.copy(os.path.join(OUT, "nanjing-land-2022.doc"), os.path.join(OUT, "nanjing-land-2022.wps"))
        gov_page(os.path.join(OUT, "nanjing-land-2022.html"), os.path.join(OUT, "nanjing-land-2022.gov.html"))
        raw = budget_workbook(tmp)
        calc = os.path.join(tmp, "calc")
        os.makedirs(calc)
        soffice(raw, "xlsx", calc)
        final = os.path.join(OUT, "budget-2023.xlsx")
        shutil.copy(os.path.join(calc, "budget-2023.raw.xlsx"), final)
        for fmt in ("xls", "ods"):
            soffice(final, fmt, OUT)
    print("fixtures in", OUT)
    for n in sorted(os.listdir(OUT)):
        print(f"  {n}  {os.path.getsize(os.path.join(OUT, n))} bytes")


if __name__ == "__main__":
    main()
