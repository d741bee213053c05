//! `text.change`: "… A …，B …，比 … 增长/减少 x%" — x recomputed from the two
//! amounts; a growth rate over a zero base is itself a finding.

use super::sentence::{CHANGE_DOWN, CHANGE_UP, Fig, Para, has_any, is_change_label};
use crate::audit::num::Num;
use crate::audit::{Recorder, finding, show};
use crate::model::Severity;

/// changes: "A 万元 …，B 万元，比 … 增长/减少 x%".
pub(super) fn check(para: &Para, a: usize, _b: usize, sf: &[&Fig], rec: &mut Recorder) {
    let mut seg_start = 0;
    for (i, pf) in sf.iter().enumerate() {
        if !pf.is_percent() {
            continue;
        }
        let up = CHANGE_UP.iter().any(|w| pf.label.ends_with(w));
        let down = CHANGE_DOWN.iter().any(|w| pf.label.ends_with(w));
        if !(up || down) {
            continue;
        }
        let seg: Vec<&&Fig> = sf[seg_start..i].iter().collect();
        seg_start = i + 1;
        // Where 比/较 stands: in the clause naming the change.
        let from = para.clause_start(pf.start).max(a);
        let words = para.masked_text(from, pf.start);
        let Some(cmp_rel) = words.find('比').or_else(|| words.find('较')) else {
            // "增加 0.5 万元，增长 100%": the comparison may be in the clause before.
            growth_from_zero(para, &seg, pf, up, rec);
            continue;
        };
        let cmp = from + words[..cmp_rel].chars().count();
        let levels: Vec<&&Fig> = seg
            .iter()
            .copied()
            .filter(|f| f.is_amount() && !is_change_label(&f.label))
            .collect();
        // An amount between 比 and the change word is the base ("比上年的 A 增长").
        let (base, cur) = match levels.iter().position(|f| f.start > cmp) {
            Some(k) if k >= 1 => (levels[k], levels[k - 1]),
            Some(_) => continue,
            None => {
                if levels.len() != 2 {
                    continue;
                }
                (levels[0], levels[1])
            }
        };
        if base.unit() != cur.unit() {
            continue;
        }
        let check = "text.change";
        let stated = if down { pf.num.neg() } else { pf.num };
        if base.num.value == 0.0 {
            zero_base(para, base, pf, rec);
            continue;
        }
        let Some(ratio) = cur.num.percent_of(base.num) else {
            continue;
        };
        let change = Num {
            decimals: 2,
            ..ratio.sub(Num::exact(100.0))
        };
        let quote = para.quote(base.start.min(cur.start), pf.end);
        rec.compare(check, stated, change, |c| {
            finding(
                check,
                Severity::Error,
                stated,
                c,
                Some("%".into()),
                format!(
                    "change {}{}% is not ({} − {}) / {} = {:+.2}%: 「{}」",
                    if down { "−" } else { "+" },
                    show(pf.num),
                    show(cur.num),
                    show(base.num),
                    show(base.num),
                    change.value,
                    quote
                ),
                para.location(),
                vec![para.operand(base), para.operand(cur)],
            )
        });
    }
}

/// "增加 0.5 万元，增长 100%" over a base of 0: the clause before names the
/// increase and a zero level.
fn growth_from_zero(para: &Para, seg: &[&&Fig], pf: &Fig, up: bool, rec: &mut Recorder) {
    if !up {
        return;
    }
    let zero = seg
        .iter()
        .find(|f| f.is_amount() && f.num.value == 0.0 && !is_change_label(&f.label));
    let inc = seg
        .iter()
        .rev()
        .find(|f| f.is_amount() && has_any(&f.label, &CHANGE_UP));
    if let (Some(z), Some(_)) = (zero, inc) {
        zero_base(para, z, pf, rec);
    }
}

fn zero_base(para: &Para, base: &Fig, pf: &Fig, rec: &mut Recorder) {
    rec.fail(finding(
        "text.change",
        Severity::Error,
        pf.num,
        0.0,
        Some("%".into()),
        format!(
            "a change of {}% is stated over a base of zero (「{}」 {}), where no rate exists: 「{}」",
            show(pf.num),
            base.label,
            show(base.num),
            para.quote(base.start, pf.end)
        ),
        para.location(),
        vec![para.operand(base)],
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    #[test]
    fn changes_recomputed_from_the_two_amounts() {
        let (f, s) = run(
            "2023年当年预算执行数为820.00万元，2024年预算安排700.00万元，比2023年预算执行数减少1.50%。",
        );
        assert_eq!(ran(&s, "text.change"), 1);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.change");
        assert_eq!(f[0].stated, -1.5);
        assert_eq!(f[0].computed, -14.63);
        let (f, _) = run(
            "2023年当年预算执行数为820.00万元，2024年预算安排700.00万元，比2023年预算执行数减少14.63%。",
        );
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("2024年支出 120.00 万元，比上年的 100.00 万元增长 20.00%。");
        assert!(f.is_empty(), "{f:?}");
        let (f, _) = run("2024年支出 120.00 万元，比上年的 100.00 万元增长 2.00%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].computed, 20.0);
    }

    #[test]
    fn growth_over_zero_is_a_finding() {
        let (f, _) = run("上年支出 0 万元，本年支出 0.5 万元，增加 0.5 万元，增长 100%。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].check, "text.change");
        assert_eq!(f[0].stated, 100.0);
    }
}
