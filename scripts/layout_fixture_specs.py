"""The documents of fixtures/layouts (see make-layout-fixtures.py): realistic
content in our own words and numbers, one document per variant, with the
relations each document's arithmetic obeys, written from the document.

A table is a list of rows of cell texts; "^" merges a cell with the one above,
"<" with the one to the left. `T.ref(label, col)` names the number in column
`col` of the row that has a cell reading `label` (the engine turns it into a
format-independent reference). Totals are computed here with Decimal from
their parts so the ground truth is exact; rates and scores are rounded as a
sheet would write them.
"""
from decimal import ROUND_HALF_UP, Decimal

LAYOUTS = {
    1: "绩效自评表（项目支出 / 部门整体支出）",
    2: "评分规则与评分表（考核办法、评审细则）",
    3: "多区块表单（基础数据表）",
    4: "财务报表（资产负债表、收入费用表）",
    5: "其中 的范围",
}


class Grid:
    """A table's logical grid: origin cells with spans, covered positions."""

    def __init__(self, rows):
        width = max(len(r) for r in rows)
        self.rows = [list(r) + [""] * (width - len(r)) for r in rows]
        self.width = width
        n = len(self.rows)
        self.origin = [[None] * width for _ in range(n)]
        for r in range(n):
            for c in range(width):
                t = self.rows[r][c]
                if t == "<":
                    assert c > 0, f"'<' in first column: {rows[r]}"
                    self.origin[r][c] = self.origin[r][c - 1]
                elif t == "^":
                    assert r > 0, f"'^' in first row: {rows[r]}"
                    self.origin[r][c] = self.origin[r - 1][c]
                else:
                    self.origin[r][c] = (r, c)
        self.span = {}
        for r in range(n):
            for c in range(width):
                o = self.origin[r][c]
                r0, c0 = o
                rs, cs = self.span.get(o, (1, 1))
                self.span[o] = (max(rs, r - r0 + 1), max(cs, c - c0 + 1))
        # Every span must be a rectangle fully covered.
        for (r0, c0), (rs, cs) in self.span.items():
            for r in range(r0, r0 + rs):
                for c in range(c0, c0 + cs):
                    assert self.origin[r][c] == (r0, c0), (
                        f"merge at {(r0, c0)} is not a rectangle: row {r} {self.rows[r]}")

    def text(self, r, c):
        return self.rows[r][c]


class P:
    def __init__(self, text, style=None):
        self.text = text
        self.style = style


class Ref:
    def __init__(self, table, label, col, tok=0, label_nth=0, cont=None):
        self.table = table
        self.label = label
        self.col = col
        self.tok = tok
        self.label_nth = label_nth
        self.cont = cont


class T:
    def __init__(self, rows, header=1, breaks=(), split_all=False, cont=None,
                 repeat_header=False, header_repeat_mark=False, widths=None, font_size=8,
                 pdf_side_by_side=None, cont_line="续表", cont_line_pdf=False):
        self.grid = Grid(rows)
        self.header = header
        self.breaks = list(breaks)
        self.split_all = split_all
        self.cont = cont or {}
        self.repeat_header = repeat_header
        self.header_repeat_mark = header_repeat_mark
        self.widths = widths
        self.font_size = font_size
        self.pdf_side_by_side = pdf_side_by_side
        self.cont_line = cont_line
        self.cont_line_pdf = cont_line_pdf

    def ref(self, label, col, tok=0, label_nth=0):
        return Ref(self, label, col, tok, label_nth)

    def cont_ref(self, row, col, tok=0, label=None):
        """The cell restated at the top of the part that starts at `row`."""
        return Ref(self, label, col, tok, cont=row)

    def row_index(self, label, nth=0):
        hits = [r for r, row in enumerate(self.grid.rows)
                if any("".join(c.split()) == "".join(label.split()) for c in row)]
        return hits[nth]


class Doc:
    def __init__(self, name, layout, description, blocks, relations, must_not_flag=(),
                 tables=(), landscape=False):
        self.name = name
        self.layout = layout
        self.description = description
        self.blocks = blocks
        self.relations = relations
        self.must_not_flag = list(must_not_flag)
        self.tables = list(tables)
        self.landscape = landscape


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def dec(s):
    return Decimal(s.replace(",", ""))


def money(x, places=2, sep=True):
    q = Decimal(1).scaleb(-places)
    v = Decimal(x).quantize(q, rounding=ROUND_HALF_UP)
    return f"{v:,.{places}f}" if sep else f"{v:.{places}f}"


def add(*xs, places=2, sep=True):
    return money(sum(dec(x) for x in xs), places, sep)


def pct(a, b, places=2):
    v = (dec(a) / dec(b) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{v}%"


def rel(id, family, kind, result, operands, **kw):
    d = dict(id=id, family=family, kind=kind, result=result, operands=list(operands))
    d.update(kw)
    return d


def col_sum(id, family, t, total, parts, col, **kw):
    """`total`'s number in column `col` = the sum of `parts`' numbers there."""
    return rel(id, family, "sum", t.ref(total, col), [t.ref(p, col) for p in parts], **kw)


def mnf(what, *cells):
    return {"what": what, "cells": list(cells)}


# ---------------------------------------------------------------------------
# Layout 1: 项目支出 / 部门整体支出 绩效自评表
# ---------------------------------------------------------------------------


def l1_project_wanyuan():
    """The Ministry of Finance 2020 template as a county would fill it: 万元 with
    thousands separators, a leading 绩效指标 column merged down the indicators,
    weights in the 一级指标 labels, 总分 as one merged label, 100 and the score."""
    budget = {"fin": ("1,200.00", "1,280.00", "1,245.66"),
              "carry": ("0.00", "76.80", "72.80"),
              "other": ("0.00", "0.00", "0.00")}
    tot = [add(*(budget[k][i] for k in budget)) for i in range(3)]
    rate = pct(tot[2], tot[1])
    score = money(Decimal(10) * dec(tot[2]) / dec(tot[1]), 2)
    ind = [
        # 一级, 二级, 三级, 指标值, 完成值, 分值, 得分, 偏差
        ("产出指标（50分）", "数量指标", "农村公路日常养护里程", "≥860公里", "872公里", "10", "10", ""),
        ("^", "^", "危桥改造", "6座", "6座", "5", "5", ""),
        ("^", "^", "生命安全防护工程", "≥45公里", "41.5公里", "5", "4.61",
         "受汛期影响，3.5公里顺延至2025年一季度实施，已督促施工单位倒排工期"),
        ("^", "质量指标", "优良中等路率", "≥85%", "87.3%", "10", "10", ""),
        ("^", "^", "养护工程交工验收合格率", "100%", "100%", "5", "5", ""),
        ("^", "时效指标", "养护任务按期完成率", "≥95%", "96%", "5", "5", ""),
        ("^", "成本指标", "每公里年均日常养护成本", "≤0.6万元", "0.57万元", "10", "10", ""),
        ("效益指标（30分）", "社会效益指标", "群众出行条件", "有所改善", "有所改善", "10", "10", ""),
        ("^", "^", "农村公路安全责任事故", "0发生", "0发生", "5", "5", ""),
        ("^", "经济效益指标", "沿线农产品运输成本", "有所降低", "有所降低", "5", "4",
         "未开展运输成本专项调查，降幅未量化，下年度纳入监测"),
        ("^", "可持续影响指标", "路况长效管护机制", "健全", "基本健全", "10", "8",
         "村级护路员考核办法尚未全覆盖"),
        ("满意度指标（10分）", "服务对象满意度指标", "沿线群众满意度", "≥90%", "93.6%", "10", "10", ""),
    ]
    total_score = add(score, *(r[6] for r in ind))
    rows = [
        ["项目名称", "<", "2024年农村公路养护工程", "<", "<", "<", "<", "<", "<"],
        ["主管部门", "<", "某县交通运输局", "<", "<", "实施单位", "某县公路事业发展中心", "<", "<"],
        ["项目资金（万元）", "", "<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["^", "年度资金总额", "<", *tot, "10", rate, score],
        ["^", "其中：当年财政拨款", "<", *budget["fin"], "—", "—", "—"],
        ["^", "上年结转资金", "<", *budget["carry"], "—", "—", "—"],
        ["^", "其他资金", "<", *budget["other"], "—", "—", "—"],
        ["年度总体目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<", "<"],
        ["^", "完成全县872公里农村公路日常养护，改造危桥6座，实施生命安全防护工程45公里，优良中等路率保持在85%以上。",
         "<", "<", "<",
         "完成农村公路日常养护872公里，改造危桥6座，完成生命安全防护工程41.5公里，优良中等路率87.3%，路况总体稳定。",
         "<", "<", "<"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
    ]
    for i, r in enumerate(ind):
        rows.append(["绩效指标" if False else "^", *r])
    rows.append(["总分", "<", "<", "<", "<", "<", "100", total_score, ""])
    brk = 10 + 5  # page break before 时效指标 (inside 产出指标)
    t = T(rows, header=0, breaks=[brk],
          widths=[6, 9, 9, 14, 10, 10, 5, 5, 16], font_size=7.5)
    rows_ind = [r[2] for r in ind]
    groups = {"产出指标（50分）": rows_ind[0:7], "效益指标（30分）": rows_ind[7:11],
              "满意度指标（10分）": rows_ind[11:12]}
    rels = [col_sum(f"funds-total-{n}", "mof.funds_total", t, "年度资金总额",
                    ["其中：当年财政拨款", "上年结转资金", "其他资金"], c)
            for n, c in (("年初", 3), ("全年预算", 4), ("执行", 5))]
    rels += [
        rel("funds-rate", "mof.funds_rate", "ratio", t.ref("年度资金总额", 7),
            [t.ref("年度资金总额", 5), t.ref("年度资金总额", 4)]),
        rel("funds-score", "mof.funds_score", "score_rate", t.ref("年度资金总额", 8),
            [t.ref("年度资金总额", 6), t.ref("年度资金总额", 7)], exact_whole=True),
    ]
    for g, items in groups.items():
        rels.append(rel(f"weight-{g[:2]}", "score.group_weight", "sum", t.ref(g, 1),
                        [t.ref(i, 6) for i in items], exact_whole=True))
    rels.append(rel("total-weight", "score.total_weight", "sum", t.ref("总分", 6),
                    [t.ref("年度资金总额", 6)] + [t.ref(i, 6) for i in rows_ind],
                    exact_whole=True))
    rels.append(rel("total-score", "score.total_score", "sum", t.ref("总分", 7),
                    [t.ref("年度资金总额", 8)] + [t.ref(i, 7) for i in rows_ind], exact_whole=True))
    doc = Doc(
        "l1-project-wanyuan", 1,
        "项目支出绩效自评表, MoF 2020 template, 万元 with separators; PDF page break "
        "inside 产出指标 with the group cells restated",
        [P("附件3", None),
         P("项目支出绩效自评表", "title"),
         P("（2024年度）"),
         t,
         P("填表人：王某某　　联系电话：0000-1234567　　填报日期：2025年3月12日")],
        rels,
        [mnf("qualitative values are not figures", t.ref("群众出行条件", 6)),
         mnf("0发生 is a target met, not a number to add", t.ref("农村公路安全责任事故", 6)),
         mnf("执行率 97.17% and 得分 9.72 are rounded from 1,318.46 ÷ 1,356.80",
             t.ref("年度资金总额", 7))],
        tables=[{"anchor": "年度资金总额", "layout": "mof_project_self_evaluation"}],
    )
    return doc


def l1_project_yuan():
    """A provincial variant: amounts in 元 without separators, 执行率 before 分值,
    a rate on every funds row, no leading column, ASCII parentheses in the
    weights, 成本指标 as its own 一级指标, scores with one decimal; the PDF
    restates the cut 一级指标 cell without its weight."""
    fin = ("3862000.00", "3862000.00", "3756431.27")
    carry = ("0.00", "263600.00", "212000.00")
    other = ("0.00", "0.00", "0.00")
    tot = [add(fin[i], carry[i], other[i], sep=False) for i in range(3)]
    r_tot, r_fin, r_carry = pct(tot[2], tot[1]), pct(fin[2], fin[1]), pct(carry[2], carry[1])
    score = money(Decimal(10) * dec(tot[2]) / dec(tot[1]), 1)
    ind = [
        ("产出指标(40分)", "数量指标", "公厕管护座数", "128座", "128座", "10", "10", "无"),
        ("^", "^", "日常保洁频次", "≥4次/日", "4次/日", "5", "5", "无"),
        ("^", "质量指标", "公厕保洁达标率", "≥95%", "94.2%", "10", "9.5",
         "部分老旧公厕设施陈旧，夏季异味投诉较多，下年度安排提标改造"),
        ("^", "^", "设施完好率", "≥98%", "98.6%", "5", "5", "无"),
        ("^", "时效指标", "设施报修响应时间", "≤24小时", "18小时", "10", "10", "无"),
        ("成本指标(10分)", "经济成本指标", "单座公厕年均运维成本", "≤3.2万元", "3.1万元", "10", "10", "无"),
        ("效益指标(30分)", "社会效益指标", "市民如厕便利程度", "明显提升", "明显提升", "10", "10", "无"),
        ("^", "^", "公厕卫生投诉办结率", "100%", "100%", "10", "10", "无"),
        ("^", "生态效益指标", "粪污无害化处理率", "100%", "100%", "5", "5", "无"),
        ("^", "可持续影响指标", "长效管护机制", "建立", "已建立", "5", "5", "无"),
        ("满意度指标(10分)", "服务对象满意度指标", "市民满意度", "≥90%", "88.5%", "10", "9",
         "老城区公厕数量仍显不足，已纳入下年度新建计划"),
    ]
    total_score = add(score, *(r[6] for r in ind), places=1, sep=False)
    rows = [
        ["项目名称", "城区公共厕所运营维护经费", "<", "<", "<", "<", "<", "<"],
        ["主管部门", "区城市管理局", "<", "<", "实施单位", "区环境卫生管理所", "<", "<"],
        ["项目资金（元）", "<", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分"],
        ["年度资金总额", "<", *tot, r_tot, "10", score],
        ["其中：财政拨款", "<", *fin, r_fin, "—", "—"],
        ["上年结余结转", "<", *carry, r_carry, "—", "—"],
        ["其他资金", "<", *other, "—", "—", "—"],
        ["年度总体目标", "预期目标", "<", "<", "实际完成情况", "<", "<", "<"],
        ["^", "保障城区128座公厕正常开放，保洁每日不少于4次，保洁达标率95%以上，市民满意度90%以上。", "<", "<",
         "128座公厕全年正常开放，日均保洁4次，保洁达标率94.2%，市民满意度88.5%。", "<", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ]
    rows += [list(r) for r in ind]
    rows.append(["总分", "<", "<", "<", "<", "100", total_score, ""])
    brk = 10 + 8  # before 粪污无害化处理率 (inside 效益指标)
    t = T(rows, header=0, breaks=[brk], cont={brk: {0: "效益指标"}},
          widths=[9, 10, 13, 10, 10, 5, 5, 16], font_size=7.5)
    items = [r[2] for r in ind]
    groups = {"产出指标(40分)": items[0:5], "成本指标(10分)": items[5:6],
              "效益指标(30分)": items[6:10], "满意度指标(10分)": items[10:11]}
    rels = [col_sum(f"funds-total-{n}", "mof.funds_total", t, "年度资金总额",
                    ["其中：财政拨款", "上年结余结转", "其他资金"], c)
            for n, c in (("年初", 2), ("全年预算", 3), ("执行", 4))]
    for lab, n in (("年度资金总额", "total"), ("其中：财政拨款", "fin"), ("上年结余结转", "carry")):
        rels.append(rel(f"funds-rate-{n}", "mof.funds_rate", "ratio", t.ref(lab, 5),
                        [t.ref(lab, 4), t.ref(lab, 3)]))
    rels.append(rel("funds-score", "mof.funds_score", "score_rate", t.ref("年度资金总额", 7),
                    [t.ref("年度资金总额", 6), t.ref("年度资金总额", 5)], exact_whole=True))
    for g, its in groups.items():
        rels.append(rel(f"weight-{g[:2]}", "score.group_weight", "sum", t.ref(g, 0),
                        [t.ref(i, 5) for i in its], exact_whole=True))
    rels.append(rel("total-weight", "score.total_weight", "sum", t.ref("总分", 5),
                    [t.ref("年度资金总额", 6)] + [t.ref(i, 5) for i in items], exact_whole=True))
    rels.append(rel("total-score", "score.total_score", "sum", t.ref("总分", 6),
                    [t.ref("年度资金总额", 7)] + [t.ref(i, 6) for i in items], exact_whole=True))
    return Doc(
        "l1-project-yuan", 1,
        "项目支出绩效自评表, provincial variant: 元, 执行率 before 分值, rates on every "
        "funds row, 成本指标 as a 一级指标, one-decimal scores; the PDF restates the cut "
        "group cell as 效益指标 without its weight",
        [P("2024年度区级项目支出绩效自评表", "title"),
         P("填报单位（盖章）：区环境卫生管理所"),
         t],
        rels,
        [mnf("9.6 is 10 × 96.19% rounded to one decimal", t.ref("年度资金总额", 7)),
         mnf("明显提升 / 已建立 are qualitative", t.ref("市民如厕便利程度", 5)),
         mnf("the restated cell 效益指标 on the second PDF page does not start a new group",
             t.ref("粪污无害化处理率", 5))],
        tables=[{"anchor": "年度资金总额", "layout": "mof_project_self_evaluation"}],
    )


def department_doc(name, dept, year_tasks, fin_rows, exp_rows, begin, budget, executed, ind,
                   goal, actual, description, defects=(), stated=None, cont_text=None,
                   caption="部门整体支出绩效自评表", unit="万元"):
    """A 部门整体支出绩效自评表: tasks, funds with amounts written inside the
    按收入性质分 / 按支出性质分 label cells, goals, indicators, 总分."""
    stated = stated or {}
    rate = stated.get("rate") or pct(executed, budget)
    score = stated.get("score") or money(Decimal(10) * dec(executed) / dec(budget), 2)
    total_score = stated.get("total_score") or add(score, *(r[6] for r in ind))
    total_weight = stated.get("total_weight") or str(10 + sum(int(r[5]) for r in ind))
    rows = [
        ["部门（单位）名称", "<", dept, "<", "<", "<", "<", "<", "<"],
        ["年度主要任务", "任务名称", "<", "主要内容", "<", "<", "<", "完成情况", "<"],
    ]
    for k, (tn, content, done) in enumerate(year_tasks):
        rows.append(["^", tn, "<", content, "<", "<", "<", done, "<"])
    rows += [
        [f"年度部门整体支出预算执行情况（{unit}）", "<", "<", "年初预算数", "全年预算数", "全年执行数", "分值",
         "执行率", "得分"],
        ["年度资金总额", "<", "<", begin, budget, executed, "10", rate, score],
        ["按收入性质分", "<", "<", "<", "按支出性质分", "<", "<", "<", "<"],
    ]
    n = max(len(fin_rows), len(exp_rows))
    for k in range(n):
        left = fin_rows[k] if k < len(fin_rows) else ""
        right = exp_rows[k] if k < len(exp_rows) else ""
        rows.append([left, "<", "<", "<", right, "<", "<", "<", "<"])
    rows += [
        ["年度总体目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<", "<"],
        ["^", goal, "<", "<", "<", actual, "<", "<", "<"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
    ]
    first_ind = len(rows)
    rows += [["^", *r] for r in ind]
    rows.append(["总分", "<", "<", "<", "<", "<", total_weight, total_score, ""])
    brk = first_ind + 6
    t = T(rows, header=0, breaks=[brk], cont={brk: {1: cont_text}} if cont_text else {},
          widths=[8, 9, 9, 13, 10, 10, 5, 5, 14], font_size=7.5)
    return t, rows


def l1_department():
    ind = [
        ("产出指标（50分）", "数量指标", "食品安全监督抽检批次", "≥9000批次", "9386批次", "8", "8", ""),
        ("^", "^", "“双随机”抽查企业户数", "≥2400户", "2562户", "6", "6", ""),
        ("^", "^", "特种设备定期检验率", "≥99%", "99.4%", "6", "6", ""),
        ("^", "质量指标", "不合格食品核查处置率", "100%", "100%", "8", "8", ""),
        ("^", "^", "行政处罚案件按期办结率", "≥95%", "93.8%", "6", "5.5", "个别案件涉及跨区协查，办理期限延长"),
        ("^", "时效指标", "投诉举报按时办结率", "≥98%", "99.2%", "8", "8", ""),
        ("^", "成本指标", "部门整体支出", "不超年度预算", "未超预算", "8", "8", ""),
        ("效益指标（30分）", "社会效益指标", "全市食品安全状况", "总体稳定", "总体稳定", "10", "10", ""),
        ("^", "^", "重大食品安全事故", "0发生", "0发生", "10", "10", ""),
        ("^", "经济效益指标", "新增市场主体", "≥1.2万户", "1.35万户", "5", "5", ""),
        ("^", "可持续影响指标", "智慧监管平台农贸市场接入率", "≥80%", "76%", "5", "4.5",
         "部分农贸市场网络改造滞后，2025年6月前完成接入"),
        ("满意度指标（10分）", "服务对象满意度指标", "企业和群众满意度", "≥90%", "92.7%", "10", "10", ""),
    ]
    fin = [("一般公共预算", "8,236.42"), ("政府性基金预算", "120.00"), ("国有资本经营预算", "0.00"),
           ("财政专户管理资金", "0.00"), ("单位资金", "144.70")]
    exp = [("基本支出", "5,102.37"), ("项目支出", "3,398.75")]
    executed = add(*(v for _, v in fin))
    assert executed == add(*(v for _, v in exp))
    fin_rows = [("其中：" if k == 0 else "") + f"{a}：{v}" for k, (a, v) in enumerate(fin)]
    exp_rows = [("其中：" if k == 0 else "") + f"{a}：{v}" for k, (a, v) in enumerate(exp)]
    t, rows = department_doc(
        "l1-department", "某市市场监督管理局",
        [("食品安全监管", "开展食品安全监督抽检和风险监测，推进“互联网+明厨亮灶”", "完成抽检9386批次，核查处置率100%"),
         ("市场主体服务", "深化商事制度改革，优化企业开办服务", "新增市场主体1.35万户"),
         ("特种设备安全", "组织特种设备定期检验和隐患排查", "定期检验率99.4%，未发生事故")],
        fin_rows, exp_rows, "8,120.00", "8,934.56", executed, ind,
        "履行市场监管职责，守牢食品、药品、特种设备安全底线，营造公平竞争的市场环境。",
        "全年未发生重大食品安全事故和特种设备事故，市场秩序总体平稳，企业和群众满意度92.7%。",
        "部门整体支出绩效自评表 (MoF layout): amounts inside 按收入性质分 / 按支出性质分 label cells")
    items = [r[2] for r in ind]
    groups = {"产出指标（50分）": items[0:7], "效益指标（30分）": items[7:11], "满意度指标（10分）": items[11:12]}
    rels = [
        rel("funds-rate", "mof.funds_rate", "ratio", t.ref("年度资金总额", 7),
            [t.ref("年度资金总额", 5), t.ref("年度资金总额", 4)]),
        rel("funds-score", "mof.funds_score", "score_rate", t.ref("年度资金总额", 8),
            [t.ref("年度资金总额", 6), t.ref("年度资金总额", 7)], exact_whole=True),
        rel("funds-by-income", "mof.funds_breakdown", "sum", t.ref("年度资金总额", 5),
            [t.ref(a, 0) for a, _v in fin],
            note="the amounts written in the 按收入性质分 label cells partition 全年执行数"),
        rel("funds-by-expenditure", "mof.funds_breakdown", "sum", t.ref("年度资金总额", 5),
            [t.ref(a, 4) for a, _v in exp],
            note="the amounts written in the 按支出性质分 label cells partition 全年执行数"),
    ]
    for g, its in groups.items():
        rels.append(rel(f"weight-{g[:2]}", "score.group_weight", "sum", t.ref(g, 1),
                        [t.ref(i, 6) for i in its], exact_whole=True))
    rels.append(rel("total-weight", "score.total_weight", "sum", t.ref("总分", 6),
                    [t.ref("年度资金总额", 6)] + [t.ref(i, 6) for i in items], exact_whole=True))
    rels.append(rel("total-score", "score.total_score", "sum", t.ref("总分", 7),
                    [t.ref("年度资金总额", 8)] + [t.ref(i, 7) for i in items], exact_whole=True))
    return Doc(
        "l1-department", 1,
        "部门整体支出绩效自评表: 年度主要任务, funds with amounts inside the 按收入性质分 / "
        "按支出性质分 label cells, PDF break inside 产出指标 restating the cut cells",
        [P("2024年度部门整体支出绩效自评表", "title"),
         P("单位：万元"),
         t],
        rels,
        [mnf("“其中：一般公共预算：8,236.42” is a part of 年度资金总额, not a row of its own total",
             t.ref("一般公共预算", 0)),
         mnf("0发生 and 总体稳定 are qualitative", t.ref("重大食品安全事故", 6))],
        tables=[{"anchor": "年度资金总额", "layout": "mof_department_self_evaluation"}],
    )


def l1_project_defects():
    """Planted: 总分's 得分 is not the sum of the 得分 column (98.2 written 94.2),
    效益指标 declares 35分 but its items weigh 30, one 得分 exceeds its 分值. No
    年初预算数 column; amounts with one decimal."""
    fin, carry, other = ("2,200.0", "2,137.6"), ("260.0", "260.0"), ("0.0", "0.0")
    tot = [add(fin[i], carry[i], other[i], places=1) for i in range(2)]
    rate = pct(tot[1], tot[0], 1)
    score = money(Decimal(10) * dec(tot[1]) / dec(tot[0]), 1)
    ind = [
        ("产出指标（50分）", "数量指标", "改造薄弱校舍面积", "≥12000平方米", "12460平方米", "10", "10", ""),
        ("^", "^", "购置教学设备", "≥850台（套）", "862台（套）", "10", "10", ""),
        ("^", "质量指标", "改造工程验收合格率", "100%", "100%", "10", "10", ""),
        ("^", "^", "设备验收合格率", "100%", "100%", "5", "5", ""),
        ("^", "时效指标", "秋季开学前完工率", "≥90%", "86%", "5", "4", "2所学校因设计变更延期，已于10月完工"),
        ("^", "成本指标", "校舍改造单位造价", "≤1500元/平方米", "1468元/平方米", "10", "10", ""),
        ("效益指标（35分）", "社会效益指标", "薄弱学校办学条件", "明显改善", "明显改善", "10", "10", ""),
        ("^", "^", "校舍安全责任事故", "0发生", "0发生", "10", "10", ""),
        ("^", "可持续影响指标", "设施设备管护机制", "健全", "基本健全", "10", "9", "部分学校管护台账不全"),
        ("满意度指标（10分）", "服务对象满意度指标", "师生满意度", "≥90%", "95.2%", "5", "5", ""),
        ("^", "^", "家长满意度", "≥85%", "88%", "5", "5.5", ""),
    ]
    real_total = add(score, *(r[6] for r in ind), places=1)
    assert real_total == "98.2", real_total
    rows = [
        ["项目名称", "义务教育薄弱环节改善与能力提升补助资金", "<", "<", "<", "<", "<", "<"],
        ["主管部门", "某县教育局", "<", "<", "实施单位", "某县教育事业服务中心", "<", "<"],
        ["项目资金（万元）", "<", "<", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "<", "<", *tot, "10", rate, score],
        ["其中：财政拨款", "<", "<", *fin, "—", "—", "—"],
        ["上年结转资金", "<", "<", *carry, "—", "—", "—"],
        ["其他资金", "<", "<", *other, "—", "—", "—"],
        ["年度总体目标", "预期目标", "<", "<", "实际完成情况", "<", "<", "<"],
        ["^", "改造薄弱学校校舍12000平方米以上，购置教学设备850台（套）以上，秋季开学前完工率90%以上。", "<", "<",
         "改造校舍12460平方米，购置设备862台（套），开学前完工率86%。", "<", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ]
    rows += [list(r) for r in ind]
    rows.append(["总分", "<", "<", "<", "<", "100", "94.2", ""])
    t = T(rows, header=0, breaks=[10 + 6], widths=[9, 10, 13, 11, 11, 5, 5, 14], font_size=7.5)
    items = [r[2] for r in ind]
    rels = [col_sum(f"funds-total-{n}", "mof.funds_total", t, "年度资金总额",
                    ["其中：财政拨款", "上年结转资金", "其他资金"], c)
            for n, c in (("全年预算", 3), ("执行", 4))]
    rels += [
        rel("funds-rate", "mof.funds_rate", "ratio", t.ref("年度资金总额", 6),
            [t.ref("年度资金总额", 4), t.ref("年度资金总额", 3)]),
        rel("funds-score", "mof.funds_score", "score_rate", t.ref("年度资金总额", 7),
            [t.ref("年度资金总额", 5), t.ref("年度资金总额", 6)], exact_whole=True),
        rel("weight-产出", "score.group_weight", "sum", t.ref("产出指标（50分）", 0),
            [t.ref(i, 5) for i in items[0:6]], exact_whole=True),
        rel("weight-效益", "score.group_weight", "sum", t.ref("效益指标（35分）", 0),
            [t.ref(i, 5) for i in items[6:9]], exact_whole=True, holds=False),
        rel("weight-满意", "score.group_weight", "sum", t.ref("满意度指标（10分）", 0),
            [t.ref(i, 5) for i in items[9:11]], exact_whole=True),
        rel("total-weight", "score.total_weight", "sum", t.ref("总分", 5),
            [t.ref("年度资金总额", 5)] + [t.ref(i, 5) for i in items], exact_whole=True),
        rel("total-score", "score.total_score", "sum", t.ref("总分", 6),
            [t.ref("年度资金总额", 7)] + [t.ref(i, 6) for i in items], holds=False,
            exact_whole=True),
        rel("score-max-家长", "score.max", "le", t.ref("家长满意度", 6), [t.ref("家长满意度", 5)],
            holds=False, exact_whole=True),
    ]
    return Doc(
        "l1-project-defects", 1,
        "项目支出绩效自评表 with planted defects: 总分 得分 94.2 against 98.2, 效益指标 "
        "declared 35分 over items of 30, 家长满意度 得分 5.5 over 分值 5",
        [P("项目支出绩效自评表", "title"), P("（2024年度）"), t],
        rels,
        [mnf("90% and 86% are a target and its result, not a rate to recompute",
             t.ref("秋季开学前完工率", 4))],
        tables=[{"anchor": "年度资金总额", "layout": "mof_project_self_evaluation"}],
    )


def l1_department_defects():
    """Planted: 执行率 written 96.12% where 6,018.33 ÷ 6,399.20 = 94.05% (and the
    得分 follows the true rate, so it contradicts the written one too); the
    按支出性质分 amounts add to 6,036.33, not 6,018.33."""
    ind = [
        ("产出指标（45分）", "数量指标", "高标准农田建设面积", "≥2.1万亩", "2.16万亩", "10", "10", ""),
        ("^", "^", "农作物病虫害统防统治面积", "≥15万亩", "15.8万亩", "8", "8", ""),
        ("^", "质量指标", "农产品质量安全例行监测合格率", "≥98%", "99.1%", "10", "10", ""),
        ("^", "时效指标", "惠农补贴资金按时发放率", "100%", "100%", "7", "7", ""),
        ("^", "成本指标", "高标准农田亩均投入", "≤1500元", "1480元", "10", "10", ""),
        ("效益指标（35分）", "经济效益指标", "农村居民人均可支配收入增长", "≥6%", "6.4%", "10", "10", ""),
        ("^", "社会效益指标", "粮食播种面积", "稳定在65万亩以上", "65.3万亩", "10", "10", ""),
        ("^", "生态效益指标", "畜禽粪污综合利用率", "≥90%", "88.5%", "10", "9", "个别规模养殖场处理设施改造未完成"),
        ("^", "可持续影响指标", "农业社会化服务覆盖率", "逐年提高", "较上年提高2个百分点", "5", "5", ""),
        ("满意度指标（10分）", "服务对象满意度指标", "农户满意度", "≥90%", "93%", "10", "10", ""),
    ]
    fin = [("一般公共预算", "5,862.13"), ("政府性基金预算", "156.20")]
    exp = [("基本支出", "2,130.48"), ("项目支出", "3,905.85")]
    executed = add(*(v for _, v in fin))
    assert executed == "6,018.33"
    assert add(*(v for _, v in exp)) == "6,036.33"
    true_score = money(Decimal(10) * dec(executed) / dec("6,399.20"), 2)
    fin_rows = [("其中：" if k == 0 else "") + f"{a}：{v}" for k, (a, v) in enumerate(fin)]
    exp_rows = [("其中：" if k == 0 else "") + f"{a}：{v}" for k, (a, v) in enumerate(exp)]
    t, rows = department_doc(
        "l1-department-defects", "某县农业农村局",
        [("粮食安全", "落实粮食播种面积，建设高标准农田", "建成高标准农田2.16万亩"),
         ("乡村产业", "发展特色种养业和农产品加工", "农村居民人均可支配收入增长6.4%")],
        fin_rows, exp_rows, "5,980.00", "6,399.20", executed, ind,
        "稳定粮食生产，推进高标准农田建设和农业绿色发展，促进农民增收。",
        "粮食播种面积65.3万亩，新建高标准农田2.16万亩，农民人均可支配收入增长6.4%。",
        "", stated={"rate": "96.12%", "score": true_score})
    items = [r[2] for r in ind]
    rels = [
        rel("funds-rate", "mof.funds_rate", "ratio", t.ref("年度资金总额", 7),
            [t.ref("年度资金总额", 5), t.ref("年度资金总额", 4)], holds=False),
        rel("funds-score", "mof.funds_score", "score_rate", t.ref("年度资金总额", 8),
            [t.ref("年度资金总额", 6), t.ref("年度资金总额", 7)], holds=False,
            exact_whole=True),
        rel("funds-by-income", "mof.funds_breakdown", "sum", t.ref("年度资金总额", 5),
            [t.ref(a, 0) for a, _v in fin]),
        rel("funds-by-expenditure", "mof.funds_breakdown", "sum", t.ref("年度资金总额", 5),
            [t.ref(a, 4) for a, _v in exp], holds=False),
    ]
    for g, its in {"产出指标（45分）": items[0:5], "效益指标（35分）": items[5:9],
                   "满意度指标（10分）": items[9:10]}.items():
        rels.append(rel(f"weight-{g[:2]}", "score.group_weight", "sum", t.ref(g, 1),
                        [t.ref(i, 6) for i in its], exact_whole=True))
    rels.append(rel("total-weight", "score.total_weight", "sum", t.ref("总分", 6),
                    [t.ref("年度资金总额", 6)] + [t.ref(i, 6) for i in items], exact_whole=True))
    rels.append(rel("total-score", "score.total_score", "sum", t.ref("总分", 7),
                    [t.ref("年度资金总额", 8)] + [t.ref(i, 7) for i in items], exact_whole=True))
    return Doc(
        "l1-department-defects", 1,
        "部门整体支出绩效自评表 with planted defects: 执行率 96.12% against 94.05%, "
        "按支出性质分 amounts adding to 6,036.33 against 全年执行数 6,018.33",
        [P("某县农业农村局2024年度部门整体支出绩效自评表", "title"), P("金额单位：万元"), t],
        rels,
        [mnf("稳定在65万亩以上 is a target", t.ref("粮食播种面积", 6))],
        tables=[{"anchor": "年度资金总额", "layout": "mof_department_self_evaluation"}],
    )


DOCUMENTS = []


def register(*fns):
    for f in fns:
        DOCUMENTS.append(f())


register(l1_project_wanyuan, l1_project_yuan, l1_department, l1_project_defects,
         l1_department_defects)
