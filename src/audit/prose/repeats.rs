//! `text.repeat`: the same label given two different amounts in one sentence
//! (within one '；' item: a new item may have a new subject).

use super::sentence::{
    CLAUSE_MARK, Fig, Para, cjk_count, clean_label, is_change_label, label_start,
};
use crate::audit::{Recorder, finding, show};
use crate::model::{FigureKind, Severity};

/// The same label given two different amounts in one sentence: each amount
/// against the next one with its label and unit, unless a '；' stands
/// between them (a new list item may have a new subject: 收入… ；支出…),
/// or the two are said of different subjects (`subject`, `aside`).
/// Thresholds (单价 50 万元（含）以上) are not levels of their label.
/// Linear in the sentence: the next amount of each label is found by one
/// pass from the right, the '；' by their positions.
pub(super) fn check(para: &Para, s: &super::Sentence, rec: &mut Recorder) {
    let sf = &s.figs[..];
    let level: Vec<bool> = sf
        .iter()
        .map(|f| f.is_amount() && !threshold(para, f))
        .collect();
    let mut next: Vec<Option<usize>> = vec![None; sf.len()];
    let mut seen: std::collections::HashMap<(&str, Option<&str>), usize> =
        std::collections::HashMap::new();
    for (i, f) in sf.iter().enumerate().rev() {
        if level[i] {
            next[i] = seen.insert((f.label.as_str(), f.unit()), i);
        }
    }
    let end = s.b.min(para.masked.len());
    let semicolons: Vec<usize> = (s.a.min(end)..end)
        .filter(|&i| matches!(para.masked[i], '；' | ';'))
        .collect();
    // A level restated as the topic of what follows it ("…，资产总额 X
    // 主要为…") is the amount its label had earlier in the sentence, even
    // where that earlier mention carried a prefix of its own (本年度,
    // 2024年度, 本部门): pair it with that mention when no exact pair
    // already does.
    let mut pairs: Vec<(usize, usize)> = next
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.map(|j| (i, j)))
        .collect();
    for (j, y) in sf.iter().enumerate() {
        if pairs.iter().any(|&(_, b)| b == j) || !restated(para, y) {
            continue;
        }
        let earlier = (0..j).rev().find(|&i| {
            let x = sf[i];
            (x.is_amount() || x.f.kind == FigureKind::Count)
                && x.f.kind == y.f.kind
                && x.unit() == y.unit()
                && same_subject(&x.label, &y.label, &para.text(s.a, y.start))
        });
        if let Some(i) = earlier {
            pairs.push((i, j));
        }
    }
    for (i, j) in pairs {
        let (x, y) = (sf[i], sf[j]);
        let counts = x.f.kind == FigureKind::Count && restated(para, y);
        if !(level[i] || counts) || cjk_count(&x.label) < 2 || is_change_label(&x.label) {
            continue;
        }
        let k = semicolons.partition_point(|&p| p < x.end);
        if semicolons.get(k).is_some_and(|&p| p < y.start) {
            continue;
        }
        if requalified(para, x.end, para.clause_start(y.start)) || new_item(sf, i, Some(j)) {
            continue;
        }
        if aside(para, s.a, x.start) != aside(para, s.a, y.start) {
            continue;
        }
        let sy = subject(para, sf, s.a, j);
        if sy.is_some() && sy != subject(para, sf, s.a, i) {
            continue;
        }
        let check = "text.repeat";
        rec.compare(check, y.num, x.num, |c| {
            finding(
                check,
                Severity::Error,
                y.num,
                c,
                y.f.unit.clone(),
                format!(
                    "「{}」 is given as {} and as {} in the same sentence: 「{}」",
                    x.label,
                    show(x.num),
                    show(y.num),
                    para.quote(x.start, y.end)
                ),
                para.location(y.start),
                vec![para.operand(x), para.operand(y)],
            )
        });
    }
}

/// A figure that is the topic of what the sentence goes on to say of it:
/// "X 万元全部为本级支出", "X 万元主要用于…", "X 人均为…", "X 万元将按规定
/// 结转": the amount is restated, not a new one.
fn restated(para: &Para, f: &Fig) -> bool {
    let after = para.masked_text(f.end, (f.end + 6).min(para.masked.len()));
    const TOPIC: [&str; 9] = [
        "全部为",
        "全部用于",
        "均为",
        "均严格",
        "均按",
        "主要用于",
        "主要为",
        "主要是",
        "将按",
    ];
    TOPIC.iter().any(|w| after.trim_start().starts_with(w))
}

/// `earlier` names the subject `later` restates: the same words, or the
/// same words after a prefix that only places them in this document's
/// frame (本年度, 2024年度, 本部门, 项目) — not one that sets a stage, a
/// period or a level of government apart (上年, 年初, 预算, 累计, 中央…),
/// and not a year when the sentence names another one.
fn same_subject(earlier: &str, later: &str, sentence: &str) -> bool {
    if cjk_count(later) < 3 || is_change_label(later) {
        return false;
    }
    let Some(prefix) = earlier.strip_suffix(later) else {
        return false;
    };
    const APART: [&str; 24] = [
        "上年", "去年", "前年", "同期", "上期", "年初", "年末", "计划", "预算", "决算", "调整",
        "目标", "累计", "半年", "季度", "月", "中央", "省", "市", "区", "县", "比", "较", "其中",
    ];
    if APART.iter().any(|w| prefix.contains(w)) {
        return false;
    }
    let years = crate::structure::kind::years_in(sentence);
    years
        .iter()
        .all(|&(_, y)| years.first().is_some_and(|&(_, y0)| y0 == y))
}

/// An amount that bounds a range instead of being a level: "50万元（含）以上",
/// "5万元以下", "50万元至200万元", "超过 10 万元" (a comparator written in
/// the figure itself already makes it no amount).
fn threshold(para: &Para, f: &Fig) -> bool {
    let after = para.masked_text(f.end, (f.end + 12).min(para.masked.len()));
    let mut rest = after.trim_start();
    // "（含）" / "(不含)" between the amount and its 以上.
    if let Some(r) = rest.strip_prefix(['（', '('])
        && let Some(close) = r.find(['）', ')'])
        && r[..close].contains('含')
        && r[..close].chars().count() <= 3
    {
        rest = r[close..].trim_start_matches(['）', ')']).trim_start();
    }
    let bound_after = ["以上", "以下", "以内", "及以上", "及以下", "至", "～", "~"]
        .iter()
        .any(|w| rest.starts_with(w))
        || rest.starts_with("到#")
        || (rest.starts_with('起')
            && !["起到", "起了", "起着"].iter().any(|w| rest.starts_with(w)));
    let before = para.masked_text(f.start.saturating_sub(4), f.start);
    let before = before.trim_end();
    let bound_before = [
        "至", "到", "～", "~", "超过", "低于", "高于", "不足", "不满", "不到",
    ]
    .iter()
    .any(|w| before.ends_with(w));
    bound_after || bound_before
}

/// The bracket a figure stands in: the position of the last '（' before it
/// in its sentence that is not closed before it. An aside belongs to the
/// item before its bracket ("公务用车运行维护费 9.46 万元（预算 11 万元），
/// 公务接待费 3.4 万元（预算 4 万元）"): amounts in different asides, or one
/// in an aside and one outside, are said of different items.
fn aside(para: &Para, from: usize, pos: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (from..pos.min(para.masked.len())).rev() {
        match para.masked[i] {
            '）' | ')' => depth += 1,
            '（' | '(' if depth == 0 => return Some(i),
            '（' | '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// What amount `k`'s label is said of when a figure names its subject
/// before it: the words up to a figure (a count, an age, a threshold) that
/// cuts the label in its clause ("60周岁以上老人每人每月补贴 50 元": 60周),
/// or the clause before it when that clause holds such figures and no money
/// level ("其中执法执勤用车 5 辆，价值 160 万元": 执法执勤用车5辆) or names a
/// year ("2023年，投入资金 420 万元"). None when nothing names one: the
/// label goes on about the subject of the amount before it.
fn subject(para: &Para, sf: &[&Fig], from: usize, k: usize) -> Option<String> {
    let f = sf[k];
    let floor = if k > 0 { sf[k - 1].end.max(from) } else { from };
    let a = label_start(&para.chars, floor, f.start);
    // A count, an age, a bare number or a bound names a subject; a money
    // level or a share does not.
    // A count or a bound can name what follows ("一类项目 3 个，资金…"); a
    // change ("较上年减少 1 人") names nothing.
    let names = |g: &Fig| {
        (!matches!(g.f.kind, FigureKind::Amount | FigureKind::Percent)
            || g.f.comparator.is_some()
            || threshold(para, g))
            && !is_change_label(&g.label)
    };
    if k > 0 && a == sf[k - 1].end {
        // The label is cut by the figure before it, in the same clause.
        let g = sf[k - 1];
        return names(g).then(|| clean_label(&para.text(para.clause_start(g.start), g.end)));
    }
    if a <= from || !matches!(para.masked[a - 1], '，' | ',' | '、' | '：' | ':') {
        return None;
    }
    let c = para.clause_start(a - 1).max(from);
    let words = para.text(c, a - 1);
    let mut before = sf[..k]
        .iter()
        .filter(|g| g.start >= c && g.end < a)
        .peekable();
    let figures = before.peek().is_some();
    let named = if figures {
        before.all(|g| names(g))
    } else {
        // A year is no figure: "2022年，投入资金 300 万元，2023年，…".
        !crate::structure::kind::years_in(&words).is_empty()
    };
    named.then(|| clean_label(&words))
}

/// A clause between the two amounts that scopes what follows it ("在其他
/// 政府采购项目中，" / "由小微企业供应商中标或成交的，" / "其中，" / "对…"):
/// the second label may be the same words about another subject, as in a
/// list of parallel items written with commas instead of '；'.
fn requalified(para: &Para, from: usize, to: usize) -> bool {
    let words = para.masked_text(from, to);
    words
        .split(|c: char| CLAUSE_MARK.contains(&c))
        .map(str::trim)
        .any(|clause| {
            clause.ends_with(['的', '中', '时', '后', '前'])
                || ["在", "对", "由", "其中", "按", "从", "另"]
                    .iter()
                    .any(|w| clause.starts_with(w))
        })
}

/// Whether an amount between figure `i` and figure `j` (the next with the
/// same label) starts a parallel item about another subject: its label
/// ends like the label of one of the amounts just before `i` but names
/// another head ("基本支出年初预算数 …，全年预算数 …，项目支出年初预算数 …，
/// 全年预算数 …": the second 全年预算数 is the 项目支出's).
fn new_item(sf: &[&super::sentence::Fig], i: usize, j: Option<usize>) -> bool {
    let Some(j) = j else { return false };
    let earlier: Vec<&str> = sf[..=i]
        .iter()
        .rev()
        .filter(|f| f.is_amount())
        .take(8)
        .map(|f| f.label.as_str())
        .collect();
    sf[i + 1..j]
        .iter()
        .filter(|z| z.is_amount() && cjk_count(&z.label) >= 2)
        .any(|z| {
            earlier
                .iter()
                .any(|l| *l != z.label && shared_end(l, &z.label) >= 2)
        })
}

/// How many chars two labels share at their ends.
fn shared_end(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::super::test_util::run;
    #[test]
    fn same_label_two_amounts() {
        let (f, _) = run("住房公积金 120.00 万元，主要用于缴存，住房公积金 112.50 万元。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.repeat");
        // Parallel items with commas, each scoped by the clause before it.
        let (f, _) = run(
            "在面向中小企业预留的项目中，由中小企业供应商中标的，采购金额 225.10 万元，在面向小微企业预留的项目中，由小微企业供应商中标的，采购金额 164.87 万元，在其他项目中，采购金额 0.00 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("支出合计 120.00 万元，其中，支出合计 112.50 万元。");
        assert!(f.is_empty(), "{f:?}");
        // A parallel item about another subject, written with commas.
        let (f, _) = run(
            "基本支出年初预算数 3,883.60 万元，全年预算数 3,796.10 万元，实际支出 3,796.10 万元，项目支出年初预算数 555.20 万元，全年预算数 514.58 万元，实际支出 514.58 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("2023年支出 100 万元，2024年支出 120 万元。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run(
            "收入调整数 1972.47 万元，决算数 1972.47 万元；支出调整数 1971.60 万元，决算数 1971.60 万元。",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    /// No finding in any of `texts`.
    fn consistent(texts: &[&str]) {
        for t in texts {
            let (f, _) = run(t);
            assert!(f.is_empty(), "{t}: {f:?}");
        }
    }

    /// One text.repeat finding in each of `texts`.
    fn repeated(texts: &[&str]) {
        for t in texts {
            let (f, _) = run(t);
            assert_eq!(f.len(), 1, "{t}: {f:?}");
            assert_eq!(f[0].check, "text.repeat", "{t}");
        }
    }

    #[test]
    fn thresholds_are_not_levels() {
        consistent(&[
            "单价50万元（含）以上通用设备0台（套），单价100万元（含）以上专用设备1台（套）。",
            "单位价值50万元(含)以上通用设备0台，单位价值100万元(含)以上专用设备1台。",
            "单笔5万元（含）以上的支出由党组会议研究，单笔1万元（含）至5万元的支出由分管领导审批。",
            "采购金额10万元起的项目实行政府采购，采购金额200万元（不含）以上的实行公开招标。",
        ]);
    }

    #[test]
    fn parallel_items_named_by_a_figure() {
        consistent(&[
            "截至2023年12月31日，本单位共有车辆8辆，价值合计256万元，其中执法执勤用车5辆，价值160万元，其他用车3辆，价值96万元。",
            "全年共实施项目14个，涉及资金3,561.64万元，其中新建项目9个，涉及资金2,800万元，续建项目5个，涉及资金761.64万元。",
            "应急保障用车1辆，购置价格25万元，执法执勤用车2辆，购置价格共计36万元。",
            "60周岁以上老人每人每月补贴50元，80周岁以上老人每人每月补贴100元。",
            "其他用车3辆价值96万元，执法执勤用车5辆价值160万元。",
            "2022年，投入资金300万元，2023年，投入资金420万元。",
        ]);
        // The same subject named again, or none named between: one quantity.
        repeated(&[
            "执法执勤用车5辆，价值160万元，执法执勤用车5辆，价值180万元。",
            "60周岁以上老人每人每月补贴50元，60周岁以上老人每人每月补贴100元。",
            "共有车辆8辆，价值256万元，主要用于执法执勤，价值300万元。",
            "其他用车3辆，购置价格96万元，购置价格100万元。",
            "项目共3个，项目预算100万元，主要用于设备购置，项目预算120万元。",
        ]);
    }

    #[test]
    fn a_restated_topic_is_the_earlier_amount() {
        repeated(&[
            "本年度住房保障支出 1,234.50 万元，较上年增加 34.50 万元，住房保障支出 1,243.50 万元全部为本级支出。",
            "2025年度差旅费支出 18.20 万元，比上年减少 2.10 万元，差旅费支出 12.80 万元主要用于执法检查。",
            "年末结转和结余 40.20 万元，较年初减少 3.00 万元，年末结转和结余 42.00 万元将按规定结转下年使用。",
            "本单位编制内人员 45 人，较上年减少 1 人，编制内人员 54 人均为全额拨款人员。",
        ]);
        consistent(&[
            "上年住房保障支出 1,200.00 万元，住房保障支出 1,243.50 万元全部为本级支出。",
            "年初预算住房保障支出 1,200.00 万元，住房保障支出 1,243.50 万元全部为本级支出。",
            "2024年差旅费支出 18.20 万元，2025年差旅费支出 12.80 万元主要用于执法检查。",
            "一类项目 3 个，资金 100 万元全部为区级资金，二类项目 5 个，资金 120 万元全部为市级资金。",
            "本年度住房保障支出 1,243.50 万元，住房保障支出 1,243.50 万元全部为本级支出。",
        ]);
    }

    #[test]
    fn asides_belong_to_the_item_before_them() {
        consistent(&[
            "“三公”经费年初预算15万元，全年支出12.86万元，其中：公务用车运行维护费9.46万元（预算11万元），公务接待费3.4万元（预算4万元）。",
            "公务用车购置费0万元（预算0万元），公务用车运行维护费9.46万元（预算11万元）。",
        ]);
        repeated(&["公务用车运行维护费9.46万元（预算110万元，预算120万元）。"]);
    }
}
