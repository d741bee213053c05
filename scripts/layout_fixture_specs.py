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
    if dec(b) == 0:
        return "—"
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
          widths=[6, 8, 9, 13, 10, 10, 6, 7, 14], font_size=7.5)
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
    rows.append(["总　分", "<", "<", "<", "<", "100", total_score, ""])
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
          widths=[8, 8, 9, 12, 10, 10, 6, 7, 13], font_size=7.5)
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
    t = T(rows, header=0, breaks=[10 + 6], widths=[12, 10, 13, 11, 11, 5, 5, 11], font_size=7.5)
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
        "稳定粮食生产，推进高标准农田建设和农业绿色发展，促进农民持续增收。",
        "粮食播种面积65.3万亩，新建高标准农田2.16万亩，农民人均可支配收入增长6.4%。",
        "", stated={"rate": "96.12%", "score": true_score, "total_score": "96.40"})
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
                    [t.ref("年度资金总额", 8)] + [t.ref(i, 7) for i in items], exact_whole=True,
                    holds=False))
    return Doc(
        "l1-department-defects", 1,
        "部门整体支出绩效自评表 with planted defects: 执行率 96.12% against 94.05%, "
        "按支出性质分 amounts adding to 6,036.33 against 全年执行数 6,018.33, 总分 得分 96.40 "
        "against the 98.41 its column adds to",
        [P("某县农业农村局2024年度部门整体支出绩效自评表", "title"), P("金额单位：万元"), t],
        rels,
        [mnf("稳定在65万亩以上 is a target", t.ref("粮食播种面积", 6))],
        tables=[{"anchor": "年度资金总额", "layout": "mof_department_self_evaluation"}],
    )

# ---------------------------------------------------------------------------
# Layout 2: scoring rules and score tables (考核办法, 评审细则, 评分表)
# ---------------------------------------------------------------------------


def group_rows(groups, item_cols):
    """Rows of a score table: the group label in the first column of its first
    row, "^" below; `item_cols(item)` gives the rest of each row."""
    rows = []
    for label, items in groups:
        for k, it in enumerate(items):
            rows.append([label if k == 0 else "^", *item_cols(it)])
    return rows


def weight_rels(t, groups, label_col, weight_col, prefix="weight"):
    return [rel(f"{prefix}-{g[:4]}", "score.group_weight", "sum", t.ref(g, label_col),
                [t.ref(it[0], weight_col) for it in items], exact_whole=True)
            for g, items in groups]


def l2_rules_assessment():
    """考核办法 附件: 考核项目 with its weight spans its rows; across the PDF page
    break the cut cell is restated as 二、工作落实 without its weight; 加分项 and
    扣分项 after the groups, outside the 合计."""
    groups = [
        ("一、组织领导（15分）", [
            ("责任体系建设", "5", "党政同责、一岗双责落实不到位的扣2分；安委会成员单位职责清单未及时调整的扣1分"),
            ("会议研究部署", "4", "每季度至少召开1次安委会全体会议，少开1次扣1分"),
            ("工作经费保障", "6", "安全生产工作经费未纳入年度预算的不得分，保障不足的酌情扣分"),
        ]),
        ("二、工作落实（45分）", [
            ("隐患排查治理", "10", "未建立隐患排查治理台账的扣3分；重大隐患未挂牌督办的每项扣2分"),
            ("执法检查", "8", "未完成年度执法检查计划的，按完成比例扣分"),
            ("宣传教育培训", "6", "未开展“安全生产月”活动的扣2分；企业主要负责人培训率低于95%的扣2分"),
            ("应急管理", "8", "未修订应急预案的扣2分；未组织综合应急演练的扣3分"),
            ("专项整治", "7", "专项整治任务每有1项未按期完成扣1分"),
            ("信息报送", "6", "事故信息迟报、漏报的每次扣2分"),
        ]),
        ("三、工作成效（30分）", [
            ("事故起数控制", "15", "生产安全事故起数较上年下降的得满分，持平的得10分，上升的不得分"),
            ("死亡人数控制", "10", "未超过年度控制指标的得满分，每超过1人扣5分"),
            ("重大隐患整改", "5", "重大隐患整改率100%的得满分，每降低1个百分点扣0.5分"),
        ]),
        ("四、群众评价（10分）", [
            ("群众安全感满意度", "10", "按第三方测评结果折算，满意度90%及以上得满分"),
        ]),
    ]
    rows = [["考核项目", "考核内容", "分值", "评分标准"]]
    rows += group_rows(groups, lambda it: list(it))
    rows += [
        ["加分项", "经验做法推广", "3", "安全生产工作经验做法被省级及以上推广的，每项加1分，最高加3分"],
        ["扣分项", "较大及以上事故", "—", "发生较大及以上生产安全事故的，实行“一票否决”"],
        ["合计", "<", "100", ""],
    ]
    brk = 1 + 3 + 2  # before 宣传教育培训
    t = T(rows, header=1, breaks=[brk], cont={brk: {0: "二、工作落实"}}, repeat_header=True,
          widths=[13, 10, 4, 28], font_size=9)
    items = [it for _, its in groups for it in its]
    rels = weight_rels(t, groups, 0, 2)
    rels.append(rel("total-weight", "score.total_weight", "sum", t.ref("合计", 2),
                    [t.ref(it[0], 2) for it in items], exact_whole=True))
    return Doc(
        "l2-rules-assessment", 2,
        "考核评分细则: group weights in the 考核项目 label, 加分项 / 扣分项 outside the 合计; "
        "the PDF restates the cut group cell without its weight",
        [P("附件", None), P("2024年度镇（街道）安全生产工作考核评分细则", "title"),
         P("本细则满分100分，加分项另计，最高加3分。"), t,
         P("注：考核得分=各项得分之和+加分。")],
        rels,
        [mnf("加分项 3分 is outside the 100", t.ref("加分项", 2)),
         mnf("the restated cell 二、工作落实 continues the group of 45分", t.ref("宣传教育培训", 2))],
        tables=[{"anchor": "隐患排查治理", "layout": "score_rules"}],
    )


def l2_score_sheet():
    """评审细则 as filled by an evaluator: 一级/二级/三级指标, 分值, 评分标准, 得分;
    the 二级 cells merged too; the PDF breaks inside 产出 and restates both the
    group and the 二级 cell with the same text, under a repeated header."""
    groups = [
        ("决策（15分）", [
            ("立项依据充分性", "项目立项", "3", "符合法律法规和发展规划的得满分，否则酌情扣分", "3"),
            ("立项程序规范性", "^", "2", "按规定程序申请、审批的得满分", "2"),
            ("绩效目标合理性", "绩效目标", "3", "目标与实际工作内容相关、可实现的得满分", "2.5"),
            ("绩效指标明确性", "^", "3", "指标细化、量化的得满分，每缺1项扣0.5分", "2"),
            ("预算编制科学性", "资金投入", "2", "预算测算依据充分的得满分", "2"),
            ("资金分配合理性", "^", "2", "分配依据充分、额度适当的得满分", "1.5"),
        ]),
        ("过程（20分）", [
            ("资金到位率", "资金管理", "4", "到位率100%得满分，每低1个百分点扣0.2分", "4"),
            ("预算执行率", "^", "5", "执行率×分值", "4.6"),
            ("资金使用合规性", "^", "4", "发现违规使用资金的不得分", "4"),
            ("管理制度健全性", "组织实施", "3", "制度健全的得满分", "3"),
            ("制度执行有效性", "^", "4", "每发现1处执行不到位扣1分", "3"),
        ]),
        ("产出（35分）", [
            ("改厕任务完成率", "产出数量", "8", "完成率×分值", "7.5"),
            ("村庄保洁覆盖率", "^", "6", "覆盖率100%得满分", "6"),
            ("改厕验收合格率", "产出质量", "7", "合格率×分值", "6.5"),
            ("完成及时性", "产出时效", "6", "按期完成得满分，延期1个月以内扣1分", "5"),
            ("成本节约率", "产出成本", "8", "未超预算得满分", "8"),
        ]),
        ("效益（30分）", [
            ("农村卫生厕所普及率", "项目效益", "8", "普及率达到95%得满分", "7"),
            ("生活垃圾无害化处理率", "^", "7", "达到100%得满分", "7"),
            ("长效管护机制", "^", "7", "机制健全、运行有效的得满分", "5.5"),
            ("群众满意度", "^", "8", "满意度×分值", "7.6"),
        ]),
    ]
    rows = [["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"]]
    rows += group_rows(groups, lambda it: [it[1], it[0], it[2], it[3], it[4]])
    items = [it for _, its in groups for it in its]
    total_w = str(sum(int(it[2]) for it in items))
    total_s = add(*(it[4] for it in items), places=1, sep=False)
    rows.append(["合计", "<", "<", total_w, "", total_s])
    brk = 1 + 6 + 5 + 2  # before 改厕验收合格率, inside 产出
    t = T(rows, header=1, breaks=[brk], repeat_header=True, header_repeat_mark=True,
          widths=[7, 7, 11, 4, 24, 4], font_size=8.5)
    rels = weight_rels(t, groups, 0, 3)
    rels.append(rel("total-weight", "score.total_weight", "sum", t.ref("合计", 3),
                    [t.ref(it[0], 3) for it in items], exact_whole=True))
    rels.append(rel("total-score", "score.total_score", "sum", t.ref("合计", 5),
                    [t.ref(it[0], 5) for it in items], exact_whole=True))
    return Doc(
        "l2-score-sheet", 2,
        "评审细则 with 得分: weights in the 一级指标 labels, 二级 cells merged, 合计 of 分值 and "
        "得分; PDF break inside 产出 with the header and both merged cells restated",
        [P("2024年度区级农村人居环境整治专项资金绩效评价评分表", "title"),
         P("评价机构：某会计师事务所有限公司"), t,
         P("评价结论：综合得分" + total_s + "分，评价等级为“优”。")],
        rels,
        [mnf("“执行率×分值” is a formula, not a figure", t.ref("预算执行率", 3)),
         mnf("得分 ≤ 分值 on every row", t.ref("长效管护机制", 5))],
        tables=[{"anchor": "立项依据充分性", "layout": "score_rules"}],
    )


def l2_weight_column():
    """An indicator system with the group weight in its own merged 权重 column
    (a number cell spanning the group's rows), a 扣分项 row with 10 in the 分值
    column that is outside the 合计; the PDF restates the cut 一级指标 and
    权重 cells, so the 权重 column holds 30 twice there."""
    groups = [
        ("预算编制", "20", [("预算编制完整性", "5", "收支全部纳入预算的得满分"),
                          ("项目库管理", "5", "项目均从项目库中选取的得满分"),
                          ("绩效目标编报", "5", "绩效目标完整、细化的得满分"),
                          ("预算调整率", "5", "调整率≤10%得满分，每超1个百分点扣0.5分")]),
        ("预算执行", "30", [("预算执行率", "15", "执行率×15"),
                          ("结转结余率", "5", "结转结余率≤5%得满分"),
                          ("“三公”经费控制率", "5", "不超过预算的得满分"),
                          ("政府采购执行率", "5", "按采购计划执行的得满分")]),
        ("管理效率", "20", [("资产管理", "5", "资产账实相符的得满分"),
                          ("财务管理", "5", "会计核算规范的得满分"),
                          ("信息公开", "5", "按时公开预决算的得满分"),
                          ("内部控制", "5", "内控制度健全有效的得满分")]),
        ("履职效果", "30", [("重点工作完成率", "15", "完成率×15"),
                          ("社会效益", "10", "根据年度工作成效综合评定"),
                          ("服务对象满意度", "5", "满意度90%及以上得满分")]),
    ]
    rows = [["一级指标", "权重", "二级指标", "分值", "评分办法"]]
    for g, w, its in groups:
        for k, it in enumerate(its):
            rows.append([g if k == 0 else "^", w if k == 0 else "^", *it])
    rows += [
        ["扣分项", "—", "审计、巡视发现问题", "10", "每发现一个问题扣2分，最高扣10分"],
        ["合计", "100", "", "100", ""],
    ]
    brk = 1 + 4 + 1  # before 结转结余率
    t = T(rows, header=1, breaks=[brk], repeat_header=True, widths=[7, 4, 12, 4, 22],
          font_size=9)
    items = [it for _, _, its in groups for it in its]
    rels = [rel(f"weight-{g}", "score.group_weight", "sum", t.ref(g, 1),
                [t.ref(it[0], 3) for it in its], exact_whole=True) for g, _w, its in groups]
    rels.append(rel("total-weights", "score.total_weight", "sum", t.ref("合计", 1),
                    [t.ref(g, 1) for g, _w, _ in groups], exact_whole=True))
    rels.append(rel("total-items", "score.total_weight", "sum", t.ref("合计", 3),
                    [t.ref(it[0], 3) for it in items], exact_whole=True))
    return Doc(
        "l2-weight-column", 2,
        "指标体系 with the group weight in its own merged 权重 column, a 扣分项 row outside "
        "the 合计; the PDF restates the cut 权重 cell",
        [P("2024年度市级部门整体支出绩效评价指标体系", "title"), t],
        rels,
        [mnf("扣分项 10 is outside the 合计", t.ref("审计、巡视发现问题", 3)),
         mnf("the 权重 30 restated on the second PDF page is the same weight, not another",
             t.ref("结转结余率", 3))],
        tables=[{"anchor": "预算编制完整性", "layout": "score_rules"}],
    )


def l2_split_defects():
    """评审细则 printed over three pages (in every format, as PDF-converted
    documents are): the 日常监管 cell restated with another weight (30分 against
    25分, a finding of its own); 资金管理 declares 20分 over items of 18; 安全稳定
    restated as 安全稳定（续）, which must not cut the group."""
    groups = [
        ("党建引领（20分）", [("组织建设", "6", "基层党组织标准化建设达标的得满分"),
                          ("党员教育", "4", "“三会一课”制度落实的得满分"),
                          ("党风廉政", "5", "发生违纪违法案件的每起扣2分"),
                          ("意识形态", "5", "落实意识形态工作责任制的得满分")]),
        ("日常监管（25分）", [("市场巡查", "8", "按计划完成巡查的得满分"),
                          ("安全检查", "6", "每季度开展1次安全检查"),
                          ("投诉处置", "5", "投诉按期办结率100%得满分"),
                          ("信用监管", "6", "信用信息归集及时准确的得满分")]),
        ("资金管理（20分）", [("预算管理", "6", "预算编制规范的得满分"),
                          ("收支管理", "5", "收支核算规范的得满分"),
                          ("资产管理", "4", "资产账实相符的得满分"),
                          ("内控管理", "3", "内控制度执行有效的得满分")]),
        ("安全稳定（15分）", [("安全生产", "5", "未发生生产安全事故的得满分"),
                          ("信访维稳", "5", "无越级上访的得满分"),
                          ("应急处置", "5", "突发事件处置及时的得满分")]),
        ("为民服务（20分）", [("民生实事", "10", "民生实事项目按期完成的得满分"),
                          ("群众满意度", "10", "满意度×10")]),
    ]
    rows = [["一级指标", "二级指标", "分值", "评分细则"]]
    rows += group_rows(groups, lambda it: list(it))
    b1 = 1 + 4 + 2   # before 投诉处置
    b2 = 1 + 4 + 4 + 4 + 2  # before 应急处置
    t = T(rows, header=1, breaks=[b1, b2], split_all=True, repeat_header=True,
          cont={b1: {0: "日常监管（30分）"}, b2: {0: "安全稳定（续）"}},
          widths=[8, 9, 4, 26], font_size=9)
    rels = []
    for g, its in groups:
        rels.append(rel(f"weight-{g[:4]}", "score.group_weight", "sum", t.ref(g, 0),
                        [t.ref(it[0], 2) for it in its], exact_whole=True,
                        holds=not g.startswith("资金管理")))
    rels.append(rel("restated-weight-日常监管", "score.declared", "equal", t.cont_ref(b1, 0),
                    [t.ref("日常监管（25分）", 0)], exact_whole=True, holds=False,
                    note="the group cell restated after the page break states 30分, the first part 25分"))
    return Doc(
        "l2-split-defects", 2,
        "评审细则 over three pages: a restated group cell with another weight (planted), a "
        "group whose items do not add to its weight (planted), a group restated as （续）",
        [P("2024年度街道综合考核评审细则", "title"), t],
        rels,
        [mnf("安全稳定（续） continues the 15-point group", t.ref("应急处置", 2))],
        tables=[{"anchor": "组织建设", "layout": "score_rules"}],
    )

REASONS = {
    "组织实施": "实施方案未明确责任分工", "档案管理": "验收资料未及时归档",
    "支出规范": "个别支出报销手续不全", "财务核算": "未按项目单独核算",
    "完成数量": "1处供水点延至次年完工", "完成质量": "2处管网试压记录缺失",
    "社会效益": "受益人口统计口径不一", "可持续影响": "管护经费来源未落实",
    "服务对象满意度": "满意度调查样本偏少",
}


def l2_subtotals():
    """评分表 with a 小计 row after each group (no weight in the group label), the
    一级指标 cell spanning its items and its 小计, 合计 at the end = the 小计 rows;
    the PDF breaks inside the second group and restates its cell."""
    groups = [
        ("项目管理", [("制度建设", "4", "4"), ("组织实施", "6", "5.5"), ("档案管理", "5", "4")]),
        ("资金管理", [("资金到位", "5", "5"), ("支出规范", "8", "7"), ("财务核算", "7", "6.5")]),
        ("项目产出", [("完成数量", "15", "14"), ("完成质量", "15", "13.5"), ("完成时效", "5", "5")]),
        ("项目效益", [("社会效益", "15", "12"), ("可持续影响", "5", "4"), ("服务对象满意度", "10", "9.2")]),
    ]
    rows = [["一级指标", "二级指标", "分值", "得分", "扣分原因"]]
    for g, items in groups:
        for k, (name, w, sc) in enumerate(items):
            why = "" if w == sc else REASONS.get(name, "佐证材料不全")
            rows.append([g if k == 0 else "^", name, w, sc, why])
        rows.append(["^", "小计", str(sum(int(w) for _, w, _ in items)),
                     add(*(sc for _, _, sc in items), places=1, sep=False), ""])
    sub_w = [str(sum(int(w) for _, w, _ in its)) for _, its in groups]
    sub_s = [add(*(sc for _, _, sc in its), places=1, sep=False) for _, its in groups]
    rows.append(["合计", "<", str(sum(int(x) for x in sub_w)), add(*sub_s, places=1, sep=False), ""])
    brk = 1 + 4 + 2  # before 支出规范
    t = T(rows, header=1, breaks=[brk], repeat_header=True, widths=[8, 12, 5, 5, 16],
          font_size=9.5)
    rels = []
    for k, (g, items) in enumerate(groups):
        for c, what in ((2, "weight"), (3, "score")):
            rels.append(rel(f"subtotal-{what}-{g}", "score.subtotal", "sum",
                            t.ref("小计", c, label_nth=k), [t.ref(n, c) for n, _, _ in items],
                            exact_whole=True))
    for c, what in ((2, "weight"), (3, "score")):
        rels.append(rel(f"total-{what}", "score.total_weight" if c == 2 else "score.total_score",
                        "sum", t.ref("合计", c),
                        [t.ref("小计", c, label_nth=k) for k in range(len(groups))],
                        exact_whole=True))
    return Doc(
        "l2-subtotals", 2,
        "评分表 with a 小计 row closing each group (the group cell spans it), 合计 = the 小计 "
        "rows; PDF break inside 资金管理",
        [P("某镇2024年度农村饮水安全巩固提升项目绩效评价评分表", "title"), t],
        rels,
        [mnf("合计 adds the 小计 rows, not the items again", t.ref("合计", 2))],
        tables=[{"anchor": "制度建设", "layout": "score_rules"}],
    )


# ---------------------------------------------------------------------------
# Layout 3: form tables with several blocks (基础数据表)
# ---------------------------------------------------------------------------

IND = "　　　"  # the full-width indent exports keep for the parts after 其中


def basic_data(staff, sangong, projects, public, procurement, building, stated=None):
    """部门整体支出绩效评价基础数据表 (the MoF 2013 form): a staff block in 人,
    then 经费控制情况（万元） with year columns (三公经费 with its numbered items
    and a 其中 inside the first, 项目支出 with its items, 公用经费 with a 其中
    block followed by siblings), then a 楼堂馆所 block in ㎡."""
    stated = stated or {}
    rows = [["财政供养人员情况", "编制数（人）", "2024年实际在职人数（人）", "控制率"]]
    tot_staff = [str(sum(int(r[i]) for _, *r in staff)) for i in range(2)]
    rows.append(["合计", *tot_staff, stated.get("staff_rate") or pct(tot_staff[1], tot_staff[0])])
    for lab, a, b in staff:
        rows.append([lab, a, b, stated.get(("rate", lab)) or pct(b, a)])
    rows.append(["经费控制情况（万元）", "2023年决算数", "2024年预算数", "2024年决算数"])
    tot3 = [add(*(it[1][i] for it in sangong)) for i in range(3)]
    if "sangong" in stated:
        tot3 = stated["sangong"]
    rows.append(["三公经费", *tot3])
    for k, (lab, vals, parts) in enumerate(sangong):
        rows.append([f"{k + 1}、{lab}", *vals])
        for j, (plab, pvals) in enumerate(parts):
            rows.append([("其中：" if j == 0 else IND) + plab, *pvals])
    totp = [add(*(it[1][i] for it in projects)) for i in range(3)]
    rows.append(["项目支出", *totp])
    for k, (lab, vals) in enumerate(projects):
        rows.append([f"{k + 1}、{lab}", *vals])
    lab, vals, parts = public
    rows.append([lab, *vals])
    for j, (plab, pvals) in enumerate(parts):
        rows.append([("其中：" if j == 0 else IND) + plab, *pvals])
    rows.append(["政府采购金额", *procurement])
    rows.append(["部门基本支出预算调整", "—", "0.00", "0.00"])
    rows.append(["楼堂馆所控制情况（2024年完工项目）", "批复规模（㎡）", "实际规模（㎡）", "规模控制率"])
    lab, a, b = building
    rows.append([lab, a, b, pct(b, a)])
    return rows, tot_staff, tot3, totp


def basic_rels(t, staff, sangong, projects, building, sangong_holds=True, bad_rate=None):
    rels = [col_sum(f"staff-total-{c}", "form.total", t, "合计", [s[0] for s in staff], c,
                    exact_whole=True) for c in (1, 2)]
    for lab in ["合计"] + [s[0] for s in staff]:
        rels.append(rel(f"staff-rate-{lab}", "form.rate", "ratio", t.ref(lab, 3),
                        [t.ref(lab, 2), t.ref(lab, 1)], holds=lab != bad_rate,
                        exact_whole=True))
    years = ("2023决算", "2024预算", "2024决算")
    for c in (1, 2, 3):
        rels.append(col_sum(f"sangong-{years[c - 1]}", "form.total", t, "三公经费",
                            [f"{k + 1}、{it[0]}" for k, it in enumerate(sangong)], c,
                            holds=sangong_holds or c != 3))
        rels.append(col_sum(f"projects-{years[c - 1]}", "form.total", t, "项目支出",
                            [f"{k + 1}、{it[0]}" for k, it in enumerate(projects)], c))
    rels.append(rel("building-rate", "form.rate", "ratio", t.ref(building[0], 3),
                    [t.ref(building[0], 2), t.ref(building[0], 1)]))
    return rels


def l3_basic_data():
    staff = [("行政编制", "52", "50"), ("事业编制", "34", "31")]
    sangong = [("公务用车购置和维护经费", ("24.30", "22.00", "19.85"),
                [("公车购置", ("0.00", "0.00", "0.00")), ("公车运行维护", ("24.30", "22.00", "19.85"))]),
               ("出国经费", ("6.80", "5.00", "4.12"), []),
               ("公务接待", ("7.52", "8.00", "7.50"), [])]
    projects = [("业务工作专项", ("986.20", "1,050.00", "1,018.33")),
                ("运行维护专项", ("327.15", "380.00", "366.91")),
                ("其他专项", ("113.00", "150.00", "127.40"))]
    public = ("公用经费", ("215.40", "230.00", "221.86"),
              [("办公经费", ("62.15", "70.00", "65.32")),
               ("水费、电费、差旅费", ("48.90", "52.00", "50.17")),
               ("会议费、培训费", ("21.35", "25.00", "19.80"))])
    building = ("业务技术用房维修改造", "1,860", "1,842")
    rows, *_ = basic_data(staff, sangong, projects, public, ("—", "260.00", "248.75"), building)
    t = T(rows, header=1, widths=[16, 9, 11, 9], font_size=9)
    rels = basic_rels(t, staff, sangong, projects, building)
    return Doc(
        "l3-basic-data", 3,
        "部门整体支出绩效评价基础数据表: staff block in 人, 经费控制情况（万元） block with "
        "year columns, 其中 blocks followed by siblings, a 楼堂馆所 block in ㎡",
        [P("附件2", None), P("部门整体支出绩效评价基础数据表", "title"),
         P("填报单位（盖章）：某市水利局"), t,
         P("填表说明：控制率=实际在职人数÷编制数×100%。")],
        rels,
        [mnf("people (人) are not added to money (万元)", t.ref("合计", 1)),
         mnf("2、出国经费 follows the 其中 block of 1、 and is not a part of it",
             t.ref("2、出国经费", 3)),
         mnf("the 其中 parts of 公用经费 are a partial list (132.40 of 215.40)",
             t.ref("其中：办公经费", 1))],
        tables=[{"anchor": "三公经费", "layout": "form_blocks"}],
    )


def l3_basic_data_defects():
    """Planted: 三公经费's 2024年决算数 is not the sum of its items (42.86 against
    40.86); the 事业编制 控制率 is written 97.06% where 31 ÷ 34 = 91.18%."""
    staff = [("行政编制", "40", "38"), ("参照公务员法管理", "12", "12"), ("事业编制", "34", "31")]
    sangong = [("公务用车购置和维护经费", ("31.60", "30.00", "28.14"),
                [("公车运行维护", ("31.60", "30.00", "28.14"))]),
               ("出国经费", ("0.00", "0.00", "0.00"), []),
               ("公务接待", ("12.35", "13.00", "12.72"), [])]
    projects = [("执法装备购置", ("356.00", "420.00", "398.66")),
                ("信息化系统运维", ("188.40", "200.00", "193.25"))]
    public = ("公用经费", ("132.80", "140.00", "136.95"),
              [("办公经费", ("41.20", "45.00", "43.08")), ("差旅费", ("18.60", "20.00", "17.93"))])
    building = ("执法业务用房改造", "2,400", "2,396")
    true3 = [add(*(it[1][i] for it in sangong)) for i in range(3)]
    assert true3[2] == "40.86", true3
    rows, *_ = basic_data(staff, sangong, projects, public, ("—", "150.00", "142.30"), building,
                          stated={"sangong": [true3[0], true3[1], "42.86"],
                                  ("rate", "事业编制"): "97.06%"})
    t = T(rows, header=1, widths=[16, 9, 11, 9], font_size=9, breaks=[9])
    rels = basic_rels(t, staff, sangong, projects, building, sangong_holds=False,
                      bad_rate="事业编制")
    return Doc(
        "l3-basic-data-defects", 3,
        "基础数据表 with planted defects: 三公经费 2024年决算数 42.86 against items of 40.86, "
        "事业编制 控制率 97.06% against 91.18%; the PDF breaks the table inside the money block",
        [P("部门整体支出绩效评价基础数据表", "title"), P("填报单位：某区城市管理综合行政执法局"), t],
        rels,
        [mnf("2、出国经费 0.00 after the 其中 block", t.ref("2、出国经费", 3))],
        tables=[{"anchor": "三公经费", "layout": "form_blocks"}],
    )


def l3_unit_form():
    """单位基本情况表 in 元 without decimals: a staff block (编制, 实有, 空编 = 编制 −
    实有), an expenditure block whose header row names the years, 其中 parts
    indented and followed by siblings, 增减额 = 决算 − 预算 (negative numbers),
    its 合计 at the bottom; then an asset block counted in 辆/台."""
    staff = [("行政编制", "46", "45"), ("参照公务员法管理事业编制", "22", "20"),
             ("事业编制", "60", "54")]
    exp = [("工资福利支出", "18652300", "18597146", []),
           ("商品和服务支出", "4326800", "4015592",
            [("办公费", "386000", "362417"), ("印刷费", "52000", "48630"),
             ("差旅费", "265000", "241876")]),
           ("对个人和家庭的补助", "1583200", "1602785", []),
           ("资本性支出", "920000", "874300", [])]
    diff = lambda a, b: str(int(b) - int(a))  # noqa: E731
    rows = [["人员情况", "编制数（人）", "实有人数（人）", "空编数（人）"]]
    tot = [str(sum(int(s[i]) for s in staff)) for i in (1, 2)]
    rows.append(["合计", *tot, diff(tot[1], tot[0])])
    for lab, a, b in staff:
        rows.append([lab, a, b, diff(b, a)])
    rows.append(["经费支出（元）", "2024年预算数", "2024年决算数", "增减额"])
    for lab, a, b, parts in exp:
        rows.append([lab, a, b, diff(a, b)])
        for j, (pl, pa, pb) in enumerate(parts):
            rows.append([("　其中：" if j == 0 else "　　　　") + pl, pa, pb, diff(pa, pb)])
    te = [str(sum(int(e[i]) for e in exp)) for i in (1, 2)]
    rows.append(["经费支出合计", *te, diff(te[0], te[1])])
    rows.append(["资产情况（辆、台、套）", "上年末数", "本年末数", "本年增减"])
    assets = [("公务用车", "12", "11"), ("　其中：执法执勤用车", "9", "9"),
              ("单价50万元以上通用设备", "3", "4"), ("单价100万元以上专用设备", "1", "1")]
    for lab, a, b in assets:
        rows.append([lab, a, b, diff(a, b)])
    t = T(rows, header=1, widths=[16, 9, 9, 9], font_size=9, breaks=[10], repeat_header=False)
    rels = [col_sum(f"staff-{c}", "form.total", t, "合计", [s[0] for s in staff], c,
                    exact_whole=True) for c in (1, 2, 3)]
    for lab in ["合计"] + [s[0] for s in staff]:
        rels.append(rel(f"vacant-{lab}", "form.derived", "sum", t.ref(lab, 3),
                        [t.ref(lab, 1), t.ref(lab, 2)], signs=[1, -1], exact_whole=True))
    for c in (1, 2, 3):
        rels.append(col_sum(f"exp-total-{c}", "form.total", t, "经费支出合计",
                            [e[0] for e in exp], c))
    labels = [e[0] for e in exp] + ["　其中：办公费", "印刷费", "差旅费", "经费支出合计"]
    for lab in labels:
        rels.append(rel(f"exp-diff-{lab.strip()}", "form.derived", "sum", t.ref(lab.strip(), 3),
                        [t.ref(lab.strip(), 2), t.ref(lab.strip(), 1)], signs=[1, -1]))
    for lab, _a, _b in assets:
        rels.append(rel(f"asset-diff-{lab.strip()}", "form.derived", "sum", t.ref(lab.strip(), 3),
                        [t.ref(lab.strip(), 2), t.ref(lab.strip(), 1)], signs=[1, -1],
                        exact_whole=True))
    return Doc(
        "l3-unit-form", 3,
        "单位基本情况表 in 元: staff (人), expenditure with year columns, 其中 parts followed "
        "by siblings, signed 增减额, 合计 at the bottom; assets counted in 辆/台",
        [P("2024年度单位基本情况表", "title"), P("单位名称：某市疾病预防控制中心"), t],
        rels,
        [mnf("the 其中 parts of 商品和服务支出 are not siblings of it", t.ref("印刷费", 1)),
         mnf("对个人和家庭的补助 after the 其中 block is a part of 经费支出合计",
             t.ref("对个人和家庭的补助", 1)),
         mnf("单价50万元以上 is a label, not an amount", t.ref("单价50万元以上通用设备", 1))],
        tables=[{"anchor": "经费支出合计", "layout": "form_blocks"}],
    )

# ---------------------------------------------------------------------------
# Layout 4: financial statements (资产负债表, 收入费用表)
# ---------------------------------------------------------------------------


def company_balance_sheet():
    """会企01表 as a city investment company publishes it: assets on the left,
    liabilities and equity on the right, each with 行次, 期末余额 / 年初余额,
    元 with separators. 资产总计 and 负债和所有者权益总计 share the last row."""
    A = {  # label: (行次, 期末, 年初)
        "货币资金": ("1", "38,652,417.36", "31,208,655.12"),
        "应收账款": ("4", "12,480,316.20", "10,955,200.00"),
        "预付款项": ("5", "2,365,000.00", "3,120,000.00"),
        "其他应收款": ("8", "5,126,843.55", "4,862,117.39"),
        "存货": ("9", "46,308,921.74", "41,725,308.66"),
        "长期股权投资": ("18", "20,000,000.00", "20,000,000.00"),
        "固定资产": ("21", "68,935,412.18", "72,410,256.40"),
        "在建工程": ("22", "15,620,380.00", "8,306,500.00"),
        "无形资产": ("26", "9,842,600.00", "10,215,400.00"),
    }
    L = {
        "短期借款": ("35", "15,000,000.00", "10,000,000.00"),
        "应付账款": ("38", "18,624,305.47", "16,230,417.85"),
        "应付职工薪酬": ("40", "2,136,480.00", "1,986,200.00"),
        "应交税费": ("41", "1,285,916.33", "1,104,392.16"),
        "其他应付款": ("43", "6,402,118.90", "5,830,066.40"),
        "长期借款": ("47", "40,000,000.00", "45,000,000.00"),
        "实收资本（或股本）": ("55", "100,000,000.00", "100,000,000.00"),
        "资本公积": ("56", "12,500,000.00", "12,500,000.00"),
        "盈余公积": ("58", "3,862,145.28", "3,418,256.73"),
    }
    cur = ["货币资金", "应收账款", "预付款项", "其他应收款", "存货"]
    non = ["长期股权投资", "固定资产", "在建工程", "无形资产"]
    cl = ["短期借款", "应付账款", "应付职工薪酬", "应交税费", "其他应付款"]
    ncl = ["长期借款"]
    eq = ["实收资本（或股本）", "资本公积", "盈余公积", "未分配利润"]
    tot = {}
    for i in (1, 2):
        tot[("流动资产合计", i)] = add(*(A[k][i] for k in cur))
        tot[("非流动资产合计", i)] = add(*(A[k][i] for k in non))
        tot[("资产总计", i)] = add(tot[("流动资产合计", i)], tot[("非流动资产合计", i)])
        tot[("流动负债合计", i)] = add(*(L[k][i] for k in cl))
        tot[("非流动负债合计", i)] = add(*(L[k][i] for k in ncl))
        tot[("负债合计", i)] = add(tot[("流动负债合计", i)], tot[("非流动负债合计", i)])
        equity = money(dec(tot[("资产总计", i)]) - dec(tot[("负债合计", i)]))
        retained = money(dec(equity) - sum(dec(L[k][i]) for k in eq[:3]))
        assert dec(retained) > 0
        L.setdefault("未分配利润", ["59", None, None])
        L["未分配利润"] = tuple(L["未分配利润"][:i]) + (retained,) + tuple(L["未分配利润"][i + 1:])
        tot[("所有者权益合计", i)] = equity
        tot[("负债和所有者权益总计", i)] = add(tot[("负债合计", i)], equity)
    row = lambda d, k, n: [k, d[k][0], d[k][1], d[k][2]] if n is None else [k, n, tot[(k, 1)], tot[(k, 2)]]  # noqa: E731
    left = [["流动资产：", "", "", ""]] + [row(A, k, None) for k in cur] + \
        [row(A, "流动资产合计", "13"), ["非流动资产：", "", "", ""]] + [row(A, k, None) for k in non] + \
        [row(A, "非流动资产合计", "33")]
    right = [["流动负债：", "", "", ""]] + [row(L, k, None) for k in cl] + \
        [row(L, "流动负债合计", "46"), ["非流动负债：", "", "", ""]] + [row(L, k, None) for k in ncl] + \
        [row(L, "非流动负债合计", "53"), row(L, "负债合计", "54"),
         ["所有者权益（或股东权益）：", "", "", ""]] + [row(L, k, None) for k in eq] + \
        [row(L, "所有者权益合计", "60")]
    while len(left) < len(right):
        left.append(["", "", "", ""])
    rows = [["资产", "行次", "期末余额", "年初余额", "负债和所有者权益（或股东权益）", "行次", "期末余额", "年初余额"]]
    rows += [a + b for a, b in zip(left, right)]
    rows.append(row(A, "资产总计", "34") + row(L, "负债和所有者权益总计", "61"))
    t = T(rows, header=1, widths=[13, 3, 10, 10, 17, 3, 10, 10], font_size=7.5)
    rels = []
    for i, per in ((2, "期末"), (3, "年初")):
        for total, parts in (("流动资产合计", cur), ("非流动资产合计", non),
                             ("流动负债合计", cl), ("非流动负债合计", ncl),
                             ("所有者权益合计", eq)):
            rels.append(col_sum(f"{total}-{per}", "statement.subtotal", t, total, parts,
                                i if total in ("流动资产合计", "非流动资产合计") else i + 4))
        rels.append(rel(f"资产总计-{per}", "statement.total", "sum", t.ref("资产总计", i),
                        [t.ref("流动资产合计", i), t.ref("非流动资产合计", i)]))
        rels.append(rel(f"负债合计-{per}", "statement.total", "sum", t.ref("负债合计", i + 4),
                        [t.ref("流动负债合计", i + 4), t.ref("非流动负债合计", i + 4)]))
        rels.append(rel(f"负债和所有者权益总计-{per}", "statement.total", "sum",
                        t.ref("负债和所有者权益总计", i + 4),
                        [t.ref("负债合计", i + 4), t.ref("所有者权益合计", i + 4)]))
        rels.append(rel(f"balance-{per}", "statement.identity", "equal",
                        t.ref("资产总计", i), [t.ref("负债和所有者权益总计", i + 4)]))
    return Doc(
        "l4-company-balance", 4,
        "资产负债表 (会企01表): assets and liabilities side by side, 行次 columns, 元 with "
        "separators; totals of totals and the balance identity",
        [P("资产负债表", "title"), P("会企01表"),
         P("编制单位：某市城市建设投资发展有限公司　　2024年12月31日　　单位：元"), t,
         P("单位负责人：张某　　主管会计工作负责人：李某　　会计机构负责人：赵某")],
        rels,
        [mnf("行次 numbers are not amounts", t.ref("货币资金", 1)),
         mnf("the label rows 流动资产： / 非流动资产： carry no numbers",
             t.ref("流动资产合计", 2))],
        tables=[{"anchor": "流动资产合计", "layout": "financial_statement"}],
        landscape=True,
    )


def gov_balance_rows(d, round_current_end=False):
    """政府会计 资产负债表 (会政财01表), vertical: 减： rows and 净值, 净资产."""
    cur = ["货币资金", "财政应返还额度", "应收账款净额", "预付账款", "其他应收款净额", "存货"]
    tot = {}
    for i in (0, 1):
        tot[("流动资产合计", i)] = add(*(d[k][i] for k in cur))
        if round_current_end and i == 0:
            tot[("流动资产合计", i)] = money(dec(tot[("流动资产合计", i)]) + Decimal("0.01"))
        for net, gross, less in (("固定资产净值", "固定资产原值", "减：固定资产累计折旧"),
                                 ("无形资产净值", "无形资产原值", "减：无形资产累计摊销")):
            tot[(net, i)] = money(dec(d[gross][i]) - dec(d[less][i]))
        tot[("非流动资产合计", i)] = add(tot[("固定资产净值", i)], tot[("无形资产净值", i)],
                                     d["公共基础设施净值"][i])
        tot[("资产总计", i)] = add(tot[("流动资产合计", i)], tot[("非流动资产合计", i)])
        tot[("流动负债合计", i)] = add(*(d[k][i] for k in ("应缴财政款", "应付职工薪酬", "其他应付款")))
        tot[("非流动负债合计", i)] = add(d["长期应付款"][i])
        tot[("负债合计", i)] = add(tot[("流动负债合计", i)], tot[("非流动负债合计", i)])
        tot[("净资产合计", i)] = add(d["累计盈余"][i], d["专用基金"][i])
        tot[("负债和净资产总计", i)] = add(tot[("负债合计", i)], tot[("净资产合计", i)])
    order = ["流动资产：", *cur, "流动资产合计", "非流动资产：", "固定资产原值", "减：固定资产累计折旧",
             "固定资产净值", "无形资产原值", "减：无形资产累计摊销", "无形资产净值", "公共基础设施净值",
             "非流动资产合计", "资产总计", "流动负债：", "应缴财政款", "应付职工薪酬", "其他应付款",
             "流动负债合计", "非流动负债：", "长期应付款", "非流动负债合计", "负债合计", "净资产：",
             "累计盈余", "专用基金", "净资产合计", "负债和净资产总计"]
    rows = [["项目", "期末余额", "年初余额"]]
    for k in order:
        if k.endswith("："):
            rows.append([k, "", ""])
        elif k in d:
            rows.append([("　　" if not k.startswith("减") else "　　") + k, *d[k]])
        else:
            rows.append([k, tot[(k, 0)], tot[(k, 1)]])
    return rows, cur, tot


def gov_balance_rels(t, cur, stated_bad=None):
    rels = []
    for c, per in ((1, "期末"), (2, "年初")):
        rels.append(col_sum(f"流动资产合计-{per}", "statement.subtotal", t, "流动资产合计", cur, c))
        for net, gross, less in (("固定资产净值", "固定资产原值", "减：固定资产累计折旧"),
                                 ("无形资产净值", "无形资产原值", "减：无形资产累计摊销")):
            rels.append(rel(f"{net}-{per}", "statement.net", "sum", t.ref(net, c),
                            [t.ref(gross, c), t.ref(less, c)], signs=[1, -1]))
        rels.append(col_sum(f"非流动资产合计-{per}", "statement.subtotal", t, "非流动资产合计",
                            ["固定资产净值", "无形资产净值", "公共基础设施净值"], c))
        bad = stated_bad == per
        rels.append(col_sum(f"资产总计-{per}", "statement.total", t, "资产总计",
                            ["流动资产合计", "非流动资产合计"], c, holds=not bad))
        rels.append(col_sum(f"流动负债合计-{per}", "statement.subtotal", t, "流动负债合计",
                            ["应缴财政款", "应付职工薪酬", "其他应付款"], c))
        rels.append(col_sum(f"非流动负债合计-{per}", "statement.subtotal", t, "非流动负债合计",
                            ["长期应付款"], c))
        rels.append(col_sum(f"负债合计-{per}", "statement.total", t, "负债合计",
                            ["流动负债合计", "非流动负债合计"], c))
        rels.append(col_sum(f"净资产合计-{per}", "statement.subtotal", t, "净资产合计",
                            ["累计盈余", "专用基金"], c))
        rels.append(col_sum(f"负债和净资产总计-{per}", "statement.total", t, "负债和净资产总计",
                            ["负债合计", "净资产合计"], c))
        rels.append(rel(f"balance-{per}", "statement.identity", "equal", t.ref("资产总计", c),
                        [t.ref("负债和净资产总计", c)], holds=not bad))
    return rels


def l4_gov_balance():
    d = {
        "货币资金": ("386.52", "412.08"), "财政应返还额度": ("125.30", "98.66"),
        "应收账款净额": ("42.17", "38.95"), "预付账款": ("16.80", "22.40"),
        "其他应收款净额": ("9.63", "11.27"), "存货": ("28.41", "26.90"),
        "固定资产原值": ("3,862.45", "3,710.28"), "减：固定资产累计折旧": ("1,524.36", "1,386.72"),
        "无形资产原值": ("268.00", "245.00"), "减：无形资产累计摊销": ("87.45", "62.30"),
        "公共基础设施净值": ("1,205.68", "1,236.14"),
        "应缴财政款": ("3.26", "5.18"), "应付职工薪酬": ("48.72", "45.36"), "其他应付款": ("36.55", "41.90"),
        "长期应付款": ("120.00", "150.00"),
        "累计盈余": ("4,042.35", "4,012.94"), "专用基金": ("0.00", "0.00"),
    }
    # 累计盈余 balances the statement.
    rows, cur, tot = gov_balance_rows(d, round_current_end=True)
    for i in (0, 1):
        surplus = dec(tot[("资产总计", i)]) - dec(tot[("负债合计", i)]) - dec(d["专用基金"][i])
        d["累计盈余"] = tuple(money(surplus) if j == i else d["累计盈余"][j] for j in (0, 1))
    rows, cur, tot = gov_balance_rows(d, round_current_end=True)
    brk = rows.index(["流动负债：", "", ""])
    t = T(rows, header=1, breaks=[brk], repeat_header=True, header_repeat_mark=True,
          widths=[20, 10, 10], font_size=9.5)
    return Doc(
        "l4-gov-balance", 4,
        "政府会计 资产负债表 (会政财01表), 万元: 减： rows and 净值, 净资产; 流动资产合计 "
        "期末 rounded (one cent above its parts); PDF break before the liabilities",
        [P("资产负债表", "title"), P("会政财01表"),
         P("编制单位：某区文化和旅游局　　2024年12月31日　　单位：万元"), t],
        gov_balance_rels(t, cur),
        [mnf("流动资产合计 期末 is one cent above its parts (rounded from 元)",
             t.ref("流动资产合计", 1)),
         mnf("固定资产原值 and its 累计折旧 are not parts of 非流动资产合计 (its 净值 is)",
             t.ref("固定资产原值", 1))],
        tables=[{"anchor": "流动资产合计", "layout": "financial_statement"}],
    )


def l4_balance_defects():
    """Planted: 资产总计 期末 written 7,025.33 where 流动资产合计 + 非流动资产合计 =
    7,052.33 (two digits swapped); 负债和净资产总计 is right, so the balance
    identity fails too."""
    d = {
        "货币资金": ("512.64", "488.20"), "财政应返还额度": ("86.15", "102.40"),
        "应收账款净额": ("0.00", "0.00"), "预付账款": ("35.00", "12.00"),
        "其他应收款净额": ("14.26", "18.75"), "存货": ("6.38", "5.92"),
        "固定资产原值": ("2,964.80", "2,852.36"), "减：固定资产累计折旧": ("1,108.55", "986.40"),
        "无形资产原值": ("156.00", "156.00"), "减：无形资产累计摊销": ("46.80", "31.20"),
        "公共基础设施净值": ("4,432.45", "4,560.10"),
        "应缴财政款": ("0.00", "1.25"), "应付职工薪酬": ("62.18", "58.40"), "其他应付款": ("21.37", "30.66"),
        "长期应付款": ("0.00", "0.00"),
        "累计盈余": ("0", "0"), "专用基金": ("12.60", "10.80"),
    }
    rows, cur, tot = gov_balance_rows(d)
    for i in (0, 1):
        surplus = dec(tot[("资产总计", i)]) - dec(tot[("负债合计", i)]) - dec(d["专用基金"][i])
        d["累计盈余"] = tuple(money(surplus) if j == i else d["累计盈余"][j] for j in (0, 1))
    rows, cur, tot = gov_balance_rows(d)
    assert tot[("资产总计", 0)] == "7,052.33", tot[("资产总计", 0)]
    r = [k for k, row in enumerate(rows) if row[0] == "资产总计"][0]
    rows[r][1] = "7,025.33"
    t = T(rows, header=1, widths=[20, 10, 10], font_size=9.5)
    return Doc(
        "l4-balance-defects", 4,
        "政府会计 资产负债表 with a planted wrong 资产总计 (7,025.33 against 7,052.33)",
        [P("2024年度资产负债表", "title"), P("编制单位：某县水利局　　单位：万元"), t],
        gov_balance_rels(t, cur, stated_bad="期末"),
        [],
        tables=[{"anchor": "流动资产合计", "layout": "financial_statement"}],
    )


def l4_statements_side_by_side():
    """收入费用表 and 预算收入支出表 on one page, side by side (two ruled tables in
    the PDF, one six-column table in text and DOCX), with 其中 rows."""
    inc = [("（一）财政拨款收入", ("2,836.42", "2,610.15")), ("（二）事业收入", ("186.30", "172.84")),
           ("（三）上级补助收入", ("45.00", "60.00")), ("（四）经营收入", ("0.00", "0.00")),
           ("（五）其他收入", ("12.68", "9.31"))]
    fund = ("　　其中：政府性基金收入", ("120.00", "80.00"))
    exp = [("（一）业务活动费用", ("2,316.55", "2,188.40")), ("（二）单位管理费用", ("612.37", "580.26")),
           ("（三）经营费用", ("0.00", "0.00")), ("（四）资产处置费用", ("3.15", "0.00")),
           ("（五）其他费用", ("1.92", "2.48"))]
    binc = [("（一）财政拨款预算收入", ("2,798.66", "2,585.30")), ("（二）事业预算收入", ("192.40", "168.55")),
            ("（三）上级补助预算收入", ("42.50", "57.60")), ("（四）其他预算收入", ("10.25", "8.90"))]
    bfund = ("　　其中：政府性基金预算拨款", ("118.60", "76.40"))
    bexp = [("（一）行政支出", ("2,874.31", "2,701.62")), ("（二）事业支出", ("0.00", "0.00")),
            ("（三）其他支出", ("6.20", "3.75"))]
    ti = [add(*(v[i] for _, v in inc)) for i in (0, 1)]
    te = [add(*(v[i] for _, v in exp)) for i in (0, 1)]
    tb = [add(*(v[i] for _, v in binc)) for i in (0, 1)]
    tbe = [add(*(v[i] for _, v in bexp)) for i in (0, 1)]
    surplus = [money(dec(ti[i]) - dec(te[i])) for i in (0, 1)]
    bsur = [money(dec(tb[i]) - dec(tbe[i])) for i in (0, 1)]
    left = [["一、本期收入", *ti], [inc[0][0], *inc[0][1]], [fund[0], *fund[1]]] + \
        [[k, *v] for k, v in inc[1:]] + [["二、本期费用", *te]] + [[k, *v] for k, v in exp] + \
        [["三、本期盈余", *surplus]]
    right = [["一、本年预算收入", *tb], [binc[0][0], *binc[0][1]], [bfund[0], *bfund[1]]] + \
        [[k, *v] for k, v in binc[1:]] + [["二、本年预算支出", *tbe]] + [[k, *v] for k, v in bexp] + \
        [["三、本年预算收支差额", *bsur]]
    while len(right) < len(left):
        right.insert(len(right) - 1, ["", "", ""])
    rows = [["项目", "本年数", "上年数", "项目", "本年数", "上年数"]]
    rows += [a + b for a, b in zip(left, right)]
    t = T(rows, header=1, widths=[14, 8, 8, 15, 8, 8], font_size=8, pdf_side_by_side=3)
    rels = []
    for c, per in ((1, "本年"), (2, "上年")):
        rels.append(col_sum(f"income-{per}", "statement.subtotal", t, "一、本期收入",
                            [k for k, _ in inc], c))
        rels.append(col_sum(f"expense-{per}", "statement.subtotal", t, "二、本期费用",
                            [k for k, _ in exp], c))
        rels.append(rel(f"surplus-{per}", "statement.total", "sum", t.ref("三、本期盈余", c),
                        [t.ref("一、本期收入", c), t.ref("二、本期费用", c)], signs=[1, -1]))
        rels.append(col_sum(f"budget-income-{per}", "statement.subtotal", t, "一、本年预算收入",
                            [k for k, _ in binc], c + 3))
        rels.append(col_sum(f"budget-expense-{per}", "statement.subtotal", t, "二、本年预算支出",
                            [k for k, _ in bexp], c + 3))
        rels.append(rel(f"budget-balance-{per}", "statement.total", "sum",
                        t.ref("三、本年预算收支差额", c + 3),
                        [t.ref("一、本年预算收入", c + 3), t.ref("二、本年预算支出", c + 3)],
                        signs=[1, -1]))
    return Doc(
        "l4-statements-side-by-side", 4,
        "收入费用表 and 预算收入支出表 side by side (two tables on one PDF page), 其中 rows "
        "under 财政拨款收入, 盈余 = 收入 − 费用",
        [P("某区图书馆2024年度财务报表", "title"),
         P("表一 收入费用表（会政财02表）　　表二 预算收入支出表（会政预01表）　　单位：万元"), t],
        rels,
        [mnf("其中：政府性基金收入 is inside 财政拨款收入, not a sixth income",
             t.ref("其中：政府性基金收入", 1))],
        tables=[{"anchor": "一、本期收入", "layout": "financial_statement"}],
    )

# ---------------------------------------------------------------------------
# Layout 5: 其中 blocks followed by siblings
# ---------------------------------------------------------------------------


def expenditure_rows(items, total_label="合计", total_first=True, bump=None, rate=True):
    """A 支出决算表: numbered items (一、二、…), some with 其中 parts, the total at
    the top or the bottom. items: (label, (年初, 调整后, 决算), parts)."""
    tot = [add(*(v[i] for _, v, _ in items)) for i in range(3)]
    if bump:
        col, delta = bump
        tot[col] = money(dec(tot[col]) + Decimal(delta))
    r = (lambda v: [pct(v[2], v[1])]) if rate else (lambda v: [])
    body = []
    for lab, v, parts in items:
        body.append([lab, *v, *r(v)])
        for j, (pl, pv) in enumerate(parts):
            body.append([("　　其中：" if j == 0 else "　　　　　　") + pl, *pv, *r(pv)])
    total = [total_label, *tot, *r(tot)]
    return ([total] + body if total_first else body + [total]), tot


def l5_expenditure():
    """支出决算表 (万元) with 合计 at the top, 一、基本支出 with an exhaustive 其中,
    二、项目支出 with a partial 其中, then 三、四、 siblings; 执行率 per row; the
    合计 决算数 one cent off its parts (rounded from 元)."""
    items = [
        ("一、基本支出", ("1,402.60", "1,486.35", "1,468.92"),
         [("人员经费", ("1,086.40", "1,142.18", "1,131.57")),
          ("公用经费", ("316.20", "344.17", "337.35"))]),
        ("二、项目支出", ("1,850.00", "2,156.80", "2,013.36"),
         [("专项业务费", ("1,120.00", "1,302.50", "1,236.84")),
          ("信息化建设运维", ("380.00", "412.00", "398.15"))]),
        ("三、上缴上级支出", ("0.00", "0.00", "0.00"), []),
        ("四、对附属单位补助支出", ("220.00", "246.00", "244.16"), []),
    ]
    rows, tot = expenditure_rows(items, bump=(2, "0.01"))
    rows = [["项目", "年初预算数", "调整后预算数", "决算数", "执行率"]] + rows
    rows[1][4] = pct(tot[2], tot[1])
    t = T(rows, header=1, widths=[16, 9, 9, 9, 7], font_size=9.5)
    rels = []
    for c, per in ((1, "年初"), (2, "调整后"), (3, "决算")):
        rels.append(col_sum(f"total-{per}", "table.total", t, "合计", [i[0] for i in items], c))
    for lab, _v, parts in items:
        if lab.startswith("三"):
            continue
        rels.append(rel(f"rate-{lab}", "table.rate", "ratio", t.ref(lab, 4),
                        [t.ref(lab, 3), t.ref(lab, 2)]))
        for pl, _pv in parts:
            rels.append(rel(f"rate-{pl}", "table.rate", "ratio", t.ref(pl, 4),
                            [t.ref(pl, 3), t.ref(pl, 2)]))
        for c in (1, 2, 3):
            if parts:
                rels.append(rel(f"parts-{lab}-{c}", "table.parts", "parts_le", t.ref(lab, c),
                                [t.ref(pl, c) for pl, _ in parts]))
    rels.append(rel("rate-合计", "table.rate", "ratio", t.ref("合计", 4),
                    [t.ref("合计", 3), t.ref("合计", 2)]))
    return Doc(
        "l5-expenditure", 5,
        "支出决算表: 合计 at the top, 其中 blocks under 一、and 二、 followed by the siblings "
        "三、四、; 执行率 column; 合计 决算数 one cent above its parts",
        [P("2024年度部门支出决算情况表", "title"), P("单位：万元"), t,
         P("2024年度支出决算合计3,726.45万元，其中：基本支出1,468.92万元，项目支出2,013.36万元，"
           "对附属单位补助支出244.16万元。")],
        rels,
        [mnf("三、四、 follow the 其中 block of 二、 and are not parts of 项目支出",
             t.ref("四、对附属单位补助支出", 1)),
         mnf("合计 决算数 3,726.45 is one cent above its parts (rounding)", t.ref("合计", 3))],
        tables=[{"anchor": "一、基本支出", "layout": "generic", "also": ["budget_standard"]}],
    )


def l5_income():
    """收入决算表 (元, no markers): 其中 parts shown only by indentation, the
    total 收入合计 at the bottom, and a paragraph whose 其中 ends at '；' (免罚…
    is a new subject: its parts exceed the whole only because of that clause)."""
    items = [
        ("财政拨款收入", ("21,365,400.00", "19,874,300.00"),
         [("一般公共预算财政拨款", ("20,165,400.00", "19,074,300.00")),
          ("政府性基金预算财政拨款", ("1,200,000.00", "800,000.00"))]),
        ("事业收入", ("1,863,250.00", "1,728,460.00"), [("教育收费", ("642,800.00", "615,300.00"))]),
        ("经营收入", ("0.00", "0.00"), []),
        ("附属单位上缴收入", ("150,000.00", "150,000.00"), []),
        ("其他收入", ("126,835.42", "93,118.76"), [("利息收入", ("18,426.35", "15,208.12"))]),
    ]
    tot = [add(*(v[i] for _, v, _ in items)) for i in (0, 1)]
    rows = [["项目", "本年收入", "上年收入"]]
    for lab, v, parts in items:
        rows.append([lab, *v])
        for j, (pl, pv) in enumerate(parts):
            rows.append([("　　其中：" if j == 0 else "　　　　　　") + pl, *pv])
    rows.append(["收入合计", *tot])
    t = T(rows, header=1, widths=[18, 10, 10], font_size=9.5)
    rels = [col_sum(f"total-{c}", "table.total", t, "收入合计", [i[0] for i in items], c)
            for c in (1, 2)]
    for lab, _v, parts in items:
        for c in (1, 2):
            if parts:
                rels.append(rel(f"parts-{lab}-{c}", "table.parts", "parts_le", t.ref(lab, c),
                                [t.ref(pl, c) for pl, _ in parts]))
    return Doc(
        "l5-income", 5,
        "收入决算表 in 元: 其中 parts by indentation only, siblings after them, 收入合计 at the "
        "bottom; a sentence whose 其中 stops at '；'",
        [P("2024年度收入决算表", "title"), P("单位：元"), t,
         P("2024年，局机关共办结行政处罚案件236件，罚没金额286.40万元，其中从轻处罚金额212.60万元；"
           "免罚案件41件，免罚金额95.20万元。"),
         P("全年收入合计" + tot[0] + "元，其中财政拨款收入21,365,400.00元。")],
        rels,
        [mnf("事业收入 after the 其中 block of 财政拨款收入 is a sibling", t.ref("事业收入", 1)),
         mnf("免罚金额 after '；' is not a part of 罚没金额 (at most a warning)")],
        tables=[{"anchor": "收入合计", "layout": "generic", "also": ["budget_standard"]}],
    )


def l5_qizhong_defects():
    """Planted: the 其中 parts of 一、基本支出 (人员经费 + 公用经费 = 1,512.40) exceed
    their whole 1,468.92 in 决算数; 合计 年初预算数 written 3,572.60 against its
    parts' 3,472.60. Total at the bottom, no 执行率."""
    items = [
        ("一、基本支出", ("1,402.60", "1,486.35", "1,468.92"),
         [("人员经费", ("1,086.40", "1,142.18", "1,175.05")),
          ("公用经费", ("316.20", "344.17", "337.35"))]),
        ("二、项目支出", ("1,850.00", "2,156.80", "2,013.36"),
         [("专项业务费", ("1,120.00", "1,302.50", "1,236.84"))]),
        ("三、对附属单位补助支出", ("220.00", "246.00", "244.16"), []),
    ]
    rows, tot = expenditure_rows(items, total_label="支出合计", total_first=False,
                                 bump=(0, "100.00"), rate=False)
    rows = [["项目", "年初预算数", "调整后预算数", "决算数"]] + rows
    t = T(rows, header=1, widths=[16, 9, 9, 9], font_size=9.5)
    rels = []
    for c, per in ((1, "年初"), (2, "调整后"), (3, "决算")):
        rels.append(col_sum(f"total-{per}", "table.total", t, "支出合计", [i[0] for i in items], c,
                            holds=c != 1))
    for lab, _v, parts in items:
        for c in (1, 2, 3):
            if parts:
                rels.append(rel(f"parts-{lab}-{c}", "table.parts", "parts_le", t.ref(lab, c),
                                [t.ref(pl, c) for pl, _ in parts],
                                holds=not (lab.startswith("一") and c == 3)))
    return Doc(
        "l5-qizhong-defects", 5,
        "支出决算表 with planted defects: 其中 parts above their whole, a wrong 支出合计",
        [P("2024年度支出决算表", "title"), P("单位：万元"), t],
        rels,
        [mnf("三、 after the 其中 block of 二、 is a sibling", t.ref("三、对附属单位补助支出", 1))],
        tables=[{"anchor": "一、基本支出", "layout": "generic", "also": ["budget_standard"]}],
    )


DOCUMENTS = []


def l3_unit_column():
    """A 基础数据表 whose rows each name their unit in a 单位 column (人, 万元,
    辆, %): a 其中 block of people, then a 合计 of money heading its items.
    Read as one, the 合计 was summed over the people above it."""
    staff = [("其中：行政编制", ("54", "52")), ("事业编制", ("34", "32"))]
    spend = [("三公经费", ("38.62", "31.47")), ("项目支出", ("1,426.35", "1,512.64")),
             ("公用经费", ("215.40", "221.86"))]
    staff_tot = [str(sum(int(v[i]) for _, v in staff)) for i in range(2)]
    spend_tot = [add(*(v[i] for _, v in spend)) for i in range(2)]
    rows = [["项目", "单位", "2023年", "2024年"],
            ["财政供养人员", "人", *staff_tot]]
    rows += [[lab, "人", *v] for lab, v in staff]
    rows.append(["经费支出合计", "万元", *spend_tot])
    rows += [[lab, "万元", *v] for lab, v in spend]
    rows.append(["公务用车保有量", "辆", "12", "10"])
    rows.append(["预算执行率", "%", "95.12", "96.40"])
    t = T(rows, header=1, widths=[18, 7, 11, 11], font_size=9)
    rels = [col_sum(f"spend-{year}", "form.total", t, "经费支出合计",
                    [lab for lab, _ in spend], c) for c, year in ((2, "2023"), (3, "2024"))]
    return Doc(
        "l3-unit-column", 3,
        "基础数据表 with a 单位 column: each row names its own unit (人, 万元, 辆, %); a 其中 "
        "block of people, then a 合计 of money heading its items, checked apart",
        [P("附件2", None), P("部门整体支出绩效评价基础数据表", "title"),
         P("填报单位：某县农业农村局"), t],
        rels,
        [mnf("people (人) are not added to money (万元)", t.ref("财政供养人员", 2),
             t.ref("经费支出合计", 2)),
         mnf("vehicles (辆) and a rate (%) are no part of the money", t.ref("公务用车保有量", 2))],
        tables=[{"anchor": "三公经费", "layout": "generic"}],
    )


def register(*fns):
    for f in fns:
        DOCUMENTS.append(f())


register(l1_project_wanyuan, l1_project_yuan, l1_department, l1_project_defects,
         l1_department_defects,
         l2_rules_assessment, l2_score_sheet, l2_weight_column, l2_split_defects, l2_subtotals,
         l3_basic_data, l3_basic_data_defects, l3_unit_form, l3_unit_column,
         company_balance_sheet, l4_gov_balance, l4_balance_defects, l4_statements_side_by_side,
         l5_expenditure, l5_income, l5_qizhong_defects)
