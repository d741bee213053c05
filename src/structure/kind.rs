//! What a document is: its kind (部门预算, 部门决算, 绩效自评报告 …), the
//! fiscal year it reports on and the entity (部门/单位) it is about, and for
//! a budget or final-accounts disclosure the kind of each standard table,
//! whatever its numbering (表1, 表一, 附表3, 公开 01 表, 第二部分 …).
//!
//! The title decides first; when it is missing or says nothing, the table
//! titles and headings vote, and the file name is the last resort. A bundle of
//! attachments without a title of its own (附件1 基础数据表 … 附件4 自评报告)
//! takes the main report's title.

use crate::model::{BodyItem, Document, DocumentKind, Section, TableKind};

use super::captions;

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Fill `doc.kind`, `fiscal_year`, `entity` (and the title of a bundle of
/// attachments), and each table's `kind` in a budget or final-accounts
/// disclosure. `issuers` are the issuers named above tables (编制部门：某局).
pub fn recognise(doc: &mut Document, issuers: &[String]) {
    if doc.title.is_none() {
        doc.title = bundle_title(&doc.sections);
    }
    let file = file_stem(&doc.source.path);
    let headings = heading_titles(&doc.sections);
    let captions: Vec<String> = doc
        .tables
        .iter()
        .filter_map(|t| t.caption.clone())
        .collect();

    doc.kind = doc
        .title
        .as_deref()
        .and_then(kind_of_title)
        .or_else(|| vote_kind(captions.iter().chain(&headings)))
        .or_else(|| kind_of_title(&file))
        .or_else(|| doc.title.as_ref().map(|_| DocumentKind::Other));

    doc.fiscal_year = doc
        .title
        .as_deref()
        .and_then(first_year)
        .or_else(|| vote_year(headings.iter().chain(&captions)))
        .or_else(|| first_year(&file));

    let labelled = doc
        .preamble
        .iter()
        .take(12)
        .find_map(|p| captions::issuer(&p.text));
    doc.entity = labelled
        .or_else(|| most_common(issuers))
        .or_else(|| doc.title.as_deref().and_then(entity_from_title))
        .or_else(|| headings.iter().find_map(|h| entity_from_part_heading(h)))
        .or_else(|| entity_from_title(&file));

    if doc.kind.is_some_and(is_disclosure) {
        let mut headed = vec![None; doc.tables.len()];
        first_tables_under_headings(&doc.sections, &mut headed);
        for (t, heading) in doc.tables.iter_mut().zip(headed) {
            t.kind = t
                .caption
                .as_deref()
                .and_then(table_kind)
                .or_else(|| heading.as_deref().and_then(table_kind))
                .or_else(|| table_kind_from_columns(&t.columns));
        }
    }
}

/// The heading over each table that is the first table of its section
/// ("二、收入预算总表" with the table under it and no caption of its own).
fn first_tables_under_headings(sections: &[Section], out: &mut [Option<String>]) {
    for s in sections {
        let first = s.body.iter().find_map(|b| match b {
            BodyItem::Table { table } => Some(*table),
            BodyItem::Paragraph(_) => None,
        });
        if let Some(slot) = first.and_then(|t| out.get_mut(t)) {
            *slot = Some(s.title.clone());
        }
        first_tables_under_headings(&s.children, out);
    }
}

/// Is this a budget or final-accounts disclosure (部门/单位 预算/决算)?
pub fn is_disclosure(k: DocumentKind) -> bool {
    matches!(
        k,
        DocumentKind::DepartmentBudget
            | DocumentKind::UnitBudget
            | DocumentKind::DepartmentFinalAccounts
            | DocumentKind::UnitFinalAccounts
    )
}

/// Is this a final-accounts disclosure (决算)?
pub fn is_final_accounts(k: DocumentKind) -> bool {
    matches!(
        k,
        DocumentKind::DepartmentFinalAccounts | DocumentKind::UnitFinalAccounts
    )
}

fn file_stem(path: &str) -> String {
    let name = path.rsplit(['/', '\\', '!']).next().unwrap_or("");
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    // Only a name in Chinese says anything about the document.
    if stem.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        stem.to_string()
    } else {
        String::new()
    }
}

fn heading_titles(sections: &[Section]) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(ss: &[Section], out: &mut Vec<String>) {
        for s in ss {
            out.push(s.title.clone());
            walk(&s.children, out);
        }
    }
    walk(sections, &mut out);
    out
}

/// The kind a title names.
pub fn kind_of_title(t: &str) -> Option<DocumentKind> {
    let n = norm(t);
    let has = |ws: &[&str]| ws.iter().any(|w| n.contains(w));
    if has(&[
        "自评报告",
        "自评价报告",
        "自我评价报告",
        "自评表",
        "绩效自评",
        "自评情况",
    ]) {
        return Some(DocumentKind::SelfEvaluationReport);
    }
    if has(&["绩效评价报告", "评价报告", "绩效评价结果"]) {
        return Some(DocumentKind::EvaluationReport);
    }
    if has(&[
        "考核办法",
        "考评办法",
        "评审细则",
        "评分细则",
        "考核细则",
        "评分表",
        "评分标准",
        "考核实施方案",
    ]) {
        return Some(DocumentKind::ScoringRules);
    }
    if n.contains("决算") && !n.contains("预决算") {
        return Some(if n.contains("单位决算") {
            DocumentKind::UnitFinalAccounts
        } else {
            DocumentKind::DepartmentFinalAccounts
        });
    }
    if n.contains("预算") && !n.contains("预决算") && !n.contains("预算执行") {
        return Some(if n.contains("单位预算") {
            DocumentKind::UnitBudget
        } else {
            DocumentKind::DepartmentBudget
        });
    }
    None
}

/// The disclosure kind most table titles and headings name.
fn vote_kind<'a>(texts: impl Iterator<Item = &'a String>) -> Option<DocumentKind> {
    let mut counts: Vec<(DocumentKind, usize)> = Vec::new();
    for t in texts {
        let Some(k) = kind_of_title(t) else { continue };
        match counts.iter_mut().find(|(x, _)| *x == k) {
            Some((_, c)) => *c += 1,
            None => counts.push((k, 1)),
        }
    }
    counts.into_iter().max_by_key(|&(_, c)| c).map(|(k, _)| k)
}

/// Every year (19xx/20xx) written before 年 in `t`, in order, with its char
/// offset; in ASCII or full-width digits ("２０２４年").
pub fn years_in(t: &str) -> Vec<(usize, u16)> {
    let chars: Vec<char> = t.chars().map(crate::figures::narrow).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let w = &chars[i..i + 4];
        // Four digits of one script: "2024年" or, as official documents date
        // themselves, "二〇二四年" (also 二零二四年).
        let script = year_digit(w[0]).map(|(_, s)| s);
        let digits: Option<String> = w
            .iter()
            .map(|&c| {
                year_digit(c)
                    .filter(|&(_, s)| Some(s) == script)
                    .map(|(d, _)| d)
            })
            .collect();
        let before_ok = i == 0 || year_digit(chars[i - 1]).is_none_or(|(_, s)| Some(s) != script);
        if let Some(y) =
            digits.filter(|y| before_ok && (y.starts_with("19") || y.starts_with("20")))
        {
            let mut j = i + 4;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if chars.get(j) == Some(&'年') {
                if let Ok(y) = y.parse() {
                    out.push((i, y));
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A digit of a year and its script (false: ASCII, true: Chinese numerals,
/// with "○" for 〇 as dates are often typed).
fn year_digit(c: char) -> Option<(char, bool)> {
    if c.is_ascii_digit() {
        return Some((c, false));
    }
    let d = if c == '○' {
        Some(0)
    } else {
        crate::figures::chinese_digit(c)
    };
    d.map(|d| (char::from(b'0' + d), true))
}

pub fn first_year(t: &str) -> Option<u16> {
    years_in(t).first().map(|&(_, y)| y)
}

/// The year most headings and table titles naming a budget or final
/// accounts give.
fn vote_year<'a>(texts: impl Iterator<Item = &'a String>) -> Option<u16> {
    let mut counts: Vec<(u16, usize)> = Vec::new();
    for t in texts {
        if !(t.contains("预算") || t.contains("决算")) {
            continue;
        }
        if let Some(y) = first_year(t) {
            match counts.iter_mut().find(|(x, _)| *x == y) {
                Some((_, c)) => *c += 1,
                None => counts.push((y, 1)),
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, c)| (c, y))
        .map(|(y, _)| y)
}

fn most_common(names: &[String]) -> Option<String> {
    let mut counts: Vec<(&String, usize)> = Vec::new();
    for n in names {
        match counts.iter_mut().find(|(x, _)| *x == n) {
            Some((_, c)) => *c += 1,
            None => counts.push((n, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(_, c)| c)
        .map(|(n, _)| n.clone())
}

/// The last characters of an organisation's name.
const ORG_SUFFIXES: [&str; 30] = [
    "局",
    "厅",
    "委",
    "委员会",
    "办公室",
    "办",
    "院",
    "部",
    "中心",
    "处",
    "所",
    "会",
    "室",
    "队",
    "站",
    "馆",
    "办事处",
    "政府",
    "署",
    "社",
    "校",
    "学",
    "公司",
    "协会",
    "团",
    "园",
    "台",
    "组",
    "科",
    "庭",
];

fn org_name(cand: &str) -> Option<String> {
    let c = cand.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '：' | ':' | '，' | ',' | '《' | '“' | '"' | '（' | '(')
    });
    let n = c.chars().count();
    ((4..=40).contains(&n) && ORG_SUFFIXES.iter().any(|s| c.ends_with(s))).then(|| c.to_string())
}

/// The entity a title names: what stands before the year or the kind words
/// ("上海市普陀区财政局2024年度部门决算" → 上海市普陀区财政局), or before 关于
/// in a notice.
pub fn entity_from_title(t: &str) -> Option<String> {
    let n = norm(t);
    if let Some(i) = n.find("关于") {
        return org_name(&n[..i]);
    }
    // A leading year ("2024年度南京市…").
    let mut s = n.as_str();
    if let Some(&(0, _)) = years_in(s).first() {
        // (Four digits, ASCII or full-width: count chars, not bytes.)
        let after = s.char_indices().nth(4).map_or(s.len(), |(b, _)| b);
        s = s[after..].trim_start_matches('年').trim_start_matches('度');
    }
    let mut end = s.len();
    if let Some(&(i, _)) = years_in(s).first() {
        end = s.char_indices().nth(i).map_or(end, |(b, _)| b);
    }
    for w in [
        "部门整体",
        "整体",
        "部门预算",
        "部门决算",
        "单位预算",
        "单位决算",
        "区级",
        "市级",
        "省级",
        "县级",
        "年度",
        "预算",
        "决算",
        "绩效",
        "项目支出",
    ] {
        if let Some(i) = s.find(w) {
            end = end.min(i);
        }
    }
    org_name(&s[..end])
}

/// "第一部分上海市普陀区财政局概况" → 上海市普陀区财政局.
fn entity_from_part_heading(h: &str) -> Option<String> {
    let n = norm(h);
    let body = n.strip_suffix("概况")?;
    let body = body
        .strip_suffix("部门")
        .or_else(|| body.strip_suffix("单位"))
        .unwrap_or(body);
    org_name(body)
}

/// A bundle of attachments takes the title of its main report: the
/// attachment whose title (or first line) names a 报告, else the first.
fn bundle_title(sections: &[Section]) -> Option<String> {
    let first = sections.first()?;
    if !first.attachment {
        return None;
    }
    let candidates: Vec<String> = sections
        .iter()
        .filter(|s| s.attachment)
        .filter_map(attachment_title)
        .collect();
    candidates
        .iter()
        .find(|t| t.contains("报告"))
        .or_else(|| candidates.first())
        .cloned()
}

/// An attachment's own title: the heading's text after "附件N：", else its
/// first short paragraph.
fn attachment_title(s: &Section) -> Option<String> {
    let t = s.title.trim();
    let after = t
        .strip_prefix("附件")
        .or_else(|| t.strip_prefix("附表"))
        .unwrap_or(t)
        .trim_start_matches(|c: char| {
            c.is_ascii_digit()
                || "一二三四五六七八九十".contains(c)
                || matches!(c, ' ' | '：' | ':' | '、' | '.' | '．')
        })
        .trim();
    if after.chars().count() >= 4 {
        return Some(after.replace('\n', ""));
    }
    s.body.iter().find_map(|b| match b {
        BodyItem::Paragraph(p) => {
            let n = p.text.trim();
            (n.chars().count() >= 4 && n.chars().count() <= 60 && !n.contains(['。', '；']))
                .then(|| n.to_string())
        }
        BodyItem::Table { .. } => None,
    })
}

/// The standard table a title names, whatever its numbering.
pub fn table_kind(caption: &str) -> Option<TableKind> {
    let n = norm(caption);
    let has = |w: &str| n.contains(w);
    if !has("表") {
        return None;
    }
    let k = if has("三公") {
        TableKind::ThreePublicExpenses
    } else if has("政府采购") {
        TableKind::GovernmentProcurement
    } else if has("机关运行经费") {
        TableKind::OperatingExpenses
    } else if has("政府性基金") {
        TableKind::GovernmentFund
    } else if has("国有资本经营") {
        TableKind::StateCapitalOperation
    } else if has("项目支出") && !has("基本支出") {
        TableKind::ProjectExpenditure
    } else if has("一般公共预算") && has("基本支出") {
        TableKind::GeneralBudgetBasicByEconomic
    } else if has("一般公共预算") && has("支出") {
        TableKind::GeneralBudgetByFunction
    } else if has("财政拨款") && has("基本支出") {
        TableKind::FiscalAppropriationBasicByEconomic
    } else if has("财政拨款") && (has("收支") || has("收入支出")) {
        TableKind::FiscalAppropriationSummary
    } else if has("财政拨款") && has("支出") {
        TableKind::FiscalAppropriationByFunction
    } else if (has("收支") || has("收入支出")) && has("总表") {
        TableKind::IncomeExpenditureSummary
    } else if has("收入") && (has("预算") || has("决算")) {
        TableKind::IncomeSummary
    } else if has("支出") && (has("预算") || has("决算")) {
        TableKind::ExpenditureSummary
    } else if has("预算表") || has("决算表") {
        TableKind::Other
    } else {
        return None;
    };
    Some(k)
}

/// A table without a title, known by its columns alone: the 三公经费 table
/// (因公出国（境）费 … 公务接待费) and the basic-expenditure table by economic
/// class (人员经费 | 公用经费).
fn table_kind_from_columns(columns: &[String]) -> Option<TableKind> {
    let all = norm(&columns.join("|"));
    if all.contains("因公出国") && all.contains("公务接待") {
        return Some(TableKind::ThreePublicExpenses);
    }
    if all.contains("人员经费") && all.contains("公用经费") && all.contains("经济分类")
    {
        return Some(TableKind::GeneralBudgetBasicByEconomic);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_titles() {
        use DocumentKind::*;
        let cases = [
            (
                "上海市普陀区财政局2024年度部门决算",
                DepartmentFinalAccounts,
            ),
            ("上海市普陀区2025年区级单位预算", UnitBudget),
            (
                "江苏省人大常委会办公厅2019年度部门预算公开",
                DepartmentBudget,
            ),
            (
                "2024 年度南京市生态环境综合行政执法局 部门整体绩效自评价报告",
                SelfEvaluationReport,
            ),
            (
                "2022 年度南京市国土资源执法监察支队 整体预算绩效自我评价报告",
                SelfEvaluationReport,
            ),
            (
                "关于印发《丽水市综合行政执法系统 2022 年度工作目标 考核办法》的通知",
                ScoringRules,
            ),
            ("某某项目支出绩效评价报告", EvaluationReport),
        ];
        for (t, k) in cases {
            assert_eq!(kind_of_title(t), Some(k), "{t}");
        }
        assert_eq!(kind_of_title("收入预决算情况表"), None);
        assert_eq!(kind_of_title("公开表一"), None);
    }

    #[test]
    fn years_and_entities() {
        assert_eq!(
            first_year("上海市普陀区财政局2024 年度部门决算"),
            Some(2024)
        );
        assert_eq!(first_year("编号120245年"), None);
        assert_eq!(
            years_in("与2023年度相比，2024年"),
            vec![(1, 2023), (10, 2024)]
        );
        // Years in Chinese numerals, as official documents date themselves;
        // one script to a year, and a run of more than four digits is none.
        assert_eq!(
            years_in("二〇二五年预算执行数，二零二六年预算安排"),
            vec![(0, 2025), (11, 2026)]
        );
        assert_eq!(first_year("二〇2五年"), None);
        assert_eq!(first_year("一二〇二五年"), None);
        assert_eq!(first_year("三〇二五年"), None);
        for (t, e) in [
            ("上海市普陀区财政局2024年度部门决算", "上海市普陀区财政局"),
            ("江苏省委办公厅 2017 年度部门预算", "江苏省委办公厅"),
            (
                "2022 年度南京市国土资源执法监察支队 整体预算绩效自我评价报告",
                "南京市国土资源执法监察支队",
            ),
            (
                "2024 年度南京市生态环境综合行政执法局 部门整体绩效自评价报告",
                "南京市生态环境综合行政执法局",
            ),
            (
                "丽水市综合行政执法局 关于印发《考核办法》的通知",
                "丽水市综合行政执法局",
            ),
            (
                "中共上海市普陀区委社会工作部 2024 年度部门决算",
                "中共上海市普陀区委社会工作部",
            ),
        ] {
            assert_eq!(entity_from_title(t).as_deref(), Some(e), "{t}");
        }
        assert_eq!(entity_from_title("上海市普陀区2025年区级部门预算"), None);
        assert_eq!(entity_from_title("2017 年部门预算"), None);
        // Full-width digits: the same year, and no byte slicing inside them.
        assert_eq!(years_in("２０１７年度部门预算"), vec![(0, 2017)]);
        assert_eq!(entity_from_title("２０１７年度部门预算"), None);
        assert_eq!(
            entity_from_title("江苏省委办公厅２０１７年度部门预算").as_deref(),
            Some("江苏省委办公厅")
        );
        assert_eq!(
            entity_from_part_heading("上海市普陀区财政局概况").as_deref(),
            Some("上海市普陀区财政局")
        );
    }

    #[test]
    fn table_kinds_whatever_the_numbering() {
        use TableKind::*;
        for (c, k) in [
            ("收入支出决算总表", IncomeExpenditureSummary),
            ("公开 01 表 收支预算总表", IncomeExpenditureSummary),
            ("2025年部门财务收支预算总表", IncomeExpenditureSummary),
            ("收支预算总表 公开表一", IncomeExpenditureSummary),
            ("表二 收入预算总表", IncomeSummary),
            ("收入决算表", IncomeSummary),
            ("附表3 支出决算表", ExpenditureSummary),
            ("2026年部门支出预算总表", ExpenditureSummary),
            ("财政拨款收入支出决算总表", FiscalAppropriationSummary),
            (
                "公开 04 表 财政拨款收支预算总表",
                FiscalAppropriationSummary,
            ),
            (
                "财政拨款支出预算表（功能科目）",
                FiscalAppropriationByFunction,
            ),
            (
                "财政拨款基本支出预算表（经济科目）",
                FiscalAppropriationBasicByEconomic,
            ),
            ("一般公共预算财政拨款支出决算表", GeneralBudgetByFunction),
            (
                "2025年部门一般公共预算支出功能分类预算表",
                GeneralBudgetByFunction,
            ),
            (
                "一般公共预算支出预算表（功能科目）",
                GeneralBudgetByFunction,
            ),
            (
                "一般公共预算财政拨款基本支出决算表",
                GeneralBudgetBasicByEconomic,
            ),
            (
                "2026年部门一般公共预算基本支出部门预算经济分类预算表",
                GeneralBudgetBasicByEconomic,
            ),
            ("财政拨款“三公”经费支出决算表", ThreePublicExpenses),
            (
                "2026年部门“三公”经费和机关运行经费预算表",
                ThreePublicExpenses,
            ),
            ("一般公共预算机关运行经费支出预算表", OperatingExpenses),
            ("政府性基金预算财政拨款收入支出决算表", GovernmentFund),
            (
                "国有资本经营预算财政拨款收入支出决算表",
                StateCapitalOperation,
            ),
            ("2019年政府采购预算表", GovernmentProcurement),
            ("项目支出预算表", ProjectExpenditure),
        ] {
            assert_eq!(table_kind(c), Some(k), "{c}");
        }
        assert_eq!(table_kind("市执法局职责明细"), None);
    }
}
