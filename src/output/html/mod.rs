//! The audit report for people: one self-contained HTML page per document
//! (`page.rs`) and an index page for a batch (`index.rs`).
//!
//! Pages carry their CSS and a little plain JavaScript inline (`style.css`,
//! `page.js`, `index.js`): no network, no framework. Everything taken from a
//! document is untrusted input and goes through [`esc`]; the only markup is
//! what this module writes, and the only attribute values that are not
//! escaped text are ids made from numbers.

mod index;
mod page;

pub use index::{INDEX_HTML, INDEX_JSON, IndexRow, ReportIndex, href, index_page};
pub use page::{PageLinks, document_page};

use std::fmt::Write;

use crate::model::{DocumentKind, TableKind};

/// The shared style sheet (document pages and the index).
const STYLE: &str = include_str!("style.css");

/// Escape text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_esc(&mut out, s);
    out
}

/// [`esc`] appending to `out`. Control characters other than tab and line
/// breaks are dropped (they are not allowed in HTML text).
pub fn push_esc(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// The start of a page: doctype, meta, title, the inline style sheet.
fn head(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // No request may leave the page: scripts and styles are inline only.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<meta name=\"generator\" content=\"jixiao ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\">\n<title>");
    push_esc(out, title);
    out.push_str("</title>\n<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n");
}

fn script(out: &mut String, js: &str) {
    out.push_str("<script>\n");
    out.push_str(js);
    out.push_str("</script>\n");
}

/// The name serde gives a unit enum ("department_budget"); new variants
/// flow through without a change here.
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A document kind as people say it (部门预算 …), or its model name.
pub fn kind_label(k: DocumentKind) -> String {
    let name = serde_name(&k);
    let label = match name.as_str() {
        "department_budget" => "部门预算",
        "unit_budget" => "单位预算",
        "department_final_accounts" => "部门决算",
        "unit_final_accounts" => "单位决算",
        "self_evaluation_report" => "绩效自评报告",
        "evaluation_report" => "绩效评价报告",
        "scoring_rules" => "考核办法 / 评分细则",
        "other" => "其他",
        _ => return name.replace('_', " "),
    };
    label.to_string()
}

/// A standard budget table's kind as people say it, or its model name.
pub fn table_kind_label(k: TableKind) -> String {
    let name = serde_name(&k);
    let label = match name.as_str() {
        "income_expenditure_summary" => "收支总表",
        "income_summary" => "收入总表",
        "expenditure_summary" => "支出总表",
        "fiscal_appropriation_summary" => "财政拨款收支总表",
        "general_budget_by_function" => "一般公共预算支出功能分类表",
        "general_budget_basic_by_economic" => "一般公共预算基本支出经济分类表",
        "government_fund" => "政府性基金预算支出表",
        "state_capital_operation" => "国有资本经营预算支出表",
        "three_public_expenses" => "“三公”经费支出表",
        "project_expenditure" => "项目支出表",
        "government_procurement" => "政府采购表",
        "other" => return String::new(),
        _ => return name.replace('_', " "),
    };
    label.to_string()
}

/// A number for people: no float noise, thousands not grouped (as the
/// documents write them).
pub fn num(v: f64) -> String {
    super::report::fmt_num(v)
}

/// A difference with its sign: "+30.67", "−121.28".
pub fn signed(v: f64) -> String {
    let s = num(v.abs());
    if s == "0" {
        s
    } else if v < 0.0 {
        format!("−{s}")
    } else {
        format!("+{s}")
    }
}

/// The page file name for an output name stem ("a.pdf" → "a.pdf.html").
pub fn page_name(stem: &str) -> String {
    format!("{stem}.html")
}

/// A byte count for people: "29.3 kB", "1.2 MB".
pub fn bytes(n: u64) -> String {
    let mut s = String::new();
    let _ = match n {
        0..1_000 => write!(s, "{n} B"),
        1_000..1_000_000 => write!(s, "{:.1} kB", n as f64 / 1e3),
        _ => write!(s, "{:.1} MB", n as f64 / 1e6),
    };
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_drops_control_characters() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\"\u{0}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("合计\n小计"), "合计\n小计");
    }

    #[test]
    fn labels_and_numbers() {
        assert_eq!(kind_label(DocumentKind::UnitBudget), "单位预算");
        assert_eq!(table_kind_label(TableKind::Other), "");
        assert_eq!(signed(-121.28), "−121.28");
        assert_eq!(signed(30.670000001), "+30.67");
        assert_eq!(signed(0.0), "0");
        assert_eq!(bytes(29959), "30.0 kB");
    }
}
