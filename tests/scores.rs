//! Score sheets, self-evaluation funds blocks and year comparisons
//! (`fixtures/scores/`, DOCX and PDF made from the texts by
//! `scripts/make-score-fixtures.py`): each clean document gives no error and
//! runs the checks its layout defines; its planted twin gives exactly the
//! planted errors, each at its cell (table, row, column), in every format.

use std::path::Path;

use jixiao::model::{Document, Severity};

const FORMATS: [&str; 3] = ["txt", "docx", "pdf"];

fn extract(name: &str, ext: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/scores")
        .join(format!("{name}.{ext}"));
    let bytes = std::fs::read(&path).expect("fixture readable");
    jixiao::extract_bytes(&bytes, &path.to_string_lossy()).expect("extracts")
}

/// (check, row, column, stated) of each error, sorted.
fn errors(doc: &Document) -> Vec<(String, usize, usize, String)> {
    let mut v: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            assert_eq!(f.location.table, Some(0), "{}", f.message);
            assert!(!f.operands.is_empty(), "{}", f.message);
            (
                f.check.clone(),
                f.location.row.expect("a row"),
                f.location.column.expect("a column"),
                format!("{:.2}", f.stated),
            )
        })
        .collect();
    v.sort();
    v
}

/// The clean document: no error, and each of `checks` ran and passed at
/// least `n` times.
fn clean(name: &str, checks: &[(&str, u32)]) {
    for ext in FORMATS {
        let doc = extract(name, ext);
        assert_eq!(errors(&doc), [], "{name}.{ext}: {:#?}", doc.findings);
        for &(check, n) in checks {
            let passed = doc.checks.by_check.get(check).map_or(0, |c| c.passed);
            assert!(
                passed >= n,
                "{name}.{ext}: {check} passed {passed} < {n}: {:?}",
                doc.checks.by_check
            );
        }
    }
}

/// The planted document: exactly these errors (check, row, column, stated).
fn planted(name: &str, expected: &[(&str, usize, usize, f64)]) {
    let mut want: Vec<(String, usize, usize, String)> = expected
        .iter()
        .map(|&(c, r, col, v)| (c.to_string(), r, col, format!("{v:.2}")))
        .collect();
    want.sort();
    for ext in FORMATS {
        let doc = extract(name, ext);
        assert_eq!(errors(&doc), want, "{name}.{ext}");
    }
}

/// The MoF 项目支出绩效自评表 with 一级指标 written without "（N分）": a
/// row scoring over its own 分值 (节能灯具覆盖率 16 of 15; the 总分 follows
/// the scores) is an error though no group declares a weight.
#[test]
fn self_evaluation_without_declared_weights() {
    clean(
        "mof-project-no-weights",
        &[
            ("score.max", 7),
            ("selfeval.total_weight", 1),
            ("selfeval.total_score", 1),
            ("selfeval.score", 1),
        ],
    );
    planted(
        "mof-project-no-weights-planted",
        &[("score.max", 12, 7, 16.0)],
    );
}

/// A 部门整体 funds block printing 合计 after 基本支出 / 项目支出 (and the
/// projects under 项目支出): 合计 against the rows above, 执行率 on every row.
/// Planted: 合计's 全年预算数 2,218.00 (the rows give 2,208.00; its 执行率
/// and 得分 follow it), 项目支出's 执行率 96.64% (872.22 ÷ 921.60 = 94.64%).
#[test]
fn department_funds_total_printed_last() {
    clean(
        "mof-department-total-last",
        &[
            ("selfeval.funds", 3),
            ("selfeval.rate", 5),
            ("selfeval.score", 1),
            ("selfeval.total_weight", 1),
            ("selfeval.total_score", 1),
            ("score.max", 6),
        ],
    );
    planted(
        "mof-department-total-last-planted",
        &[
            ("selfeval.funds", 4, 4, 2218.0),
            ("selfeval.rate", 1, 7, 96.64),
        ],
    );
}

/// 一级指标 | 权重 | 二级指标 | 分值 | 评分标准 | 得分 (the 一级 weight a merged
/// cell). Planted: 资金到位率 weighs 6 (过程 declares 25, its items 26),
/// 产出时效 scores 11 of 10.
#[test]
fn two_weight_columns() {
    clean(
        "score-two-weight-columns",
        &[("score.weights", 4), ("score.max", 12), ("score.total", 3)],
    );
    planted(
        "score-two-weight-columns-planted",
        &[("score.weights", 3, 0, 25.0), ("score.max", 9, 5, 11.0)],
    );
}

/// Three levels, each weight in a column of its own, the merged 一级 / 二级
/// cells printed again in every row. Planted: 目标设定 declares 12 (its
/// items weigh 10; 决策's 二级 weights then 22 of 20 and the 二级 column's
/// total 102 of 100), 制度执行有效性 scores 6 of 5.
#[test]
fn three_levels_filled_down() {
    clean(
        "score-three-levels",
        &[("score.weights", 12), ("score.max", 12), ("score.total", 4)],
    );
    planted(
        "score-three-levels-planted",
        &[
            ("score.weights", 0, 0, 20.0),
            ("score.weights", 0, 2, 12.0),
            ("score.max", 7, 6, 6.0),
            ("score.total", 12, 3, 100.0),
        ],
    );
}

/// A 三公经费 table compared with last year in rows (2023年决算数 /
/// 2024年决算数 / 增减额 / 增减率; 合计 | 因公出国（境）费 | 公务用车购置及运行费
/// 小计 / 购置费 / 运行费 | 公务接待费) in a 绩效 report. Planted: 2024's 合计
/// 34.90 (the items give 33.90; its 增减额 −23.90 follows it, and so no
/// longer adds its items' changes, −24.80), 公务用车 增减额 −19.60 (20.80 −
/// 40.50 = −19.70, and 购置 + 运行 = −19.70), 公务接待费 增减率 −19.50%
/// (−1.20 ÷ 6.30 = −19.05%).
#[test]
fn sangong_year_comparison_in_rows() {
    clean(
        "sangong-year-comparison",
        &[
            ("disclosure.sangong", 6),
            ("table.derived", 6),
            ("table.rate", 6),
        ],
    );
    planted(
        "sangong-year-comparison-planted",
        &[
            ("disclosure.sangong", 1, 1, 34.9),
            ("disclosure.sangong", 2, 1, -23.9),
            ("disclosure.sangong", 2, 3, -19.6),
            ("table.derived", 2, 3, -19.6),
            ("table.rate", 3, 6, -19.5),
        ],
    );
}

/// The same comparison in columns (2023年决算数 | 2024年决算数 | 增减额 |
/// 增减率, the items in rows): each finding at the 增减额 / 增减率 cell, and
/// the 合计 printed first against its items (公务用车运行费 after the 其中
/// part 公务用车购置费 read either way): 2024's 34.90 (the items give 33.90)
/// and its 增减额 −23.90 (the items' changes give −24.80).
#[test]
fn sangong_year_comparison_in_columns() {
    clean(
        "sangong-change-columns",
        &[("table.derived", 6), ("table.rate", 6), ("table.total", 3)],
    );
    planted(
        "sangong-change-columns-planted",
        &[
            ("table.derived", 2, 3, -19.6),
            ("table.rate", 5, 4, -19.5),
            ("table.total", 0, 2, 34.9),
            ("table.total", 0, 3, -23.9),
        ],
    );
}
