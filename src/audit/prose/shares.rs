//! `text.share`: "A a 万元，占 … X 万元的 y%" — y = a / X.

use super::sentence::{Fig, Para};
use crate::audit::num::Num;
use crate::audit::{Recorder, finding, show};
use crate::model::Severity;

/// shares: "A a 万元，占总预算 X 万元的 y%".
pub(super) fn check(para: &Para, a: usize, b: usize, sf: &[&Fig], rec: &mut Recorder) {
    for (i, pct) in sf.iter().enumerate() {
        if !pct.is_percent() || i < 2 {
            continue;
        }
        let whole = sf[i - 1];
        if !whole.is_amount() {
            continue;
        }
        let between = para.text(whole.end, pct.start);
        if !between.trim().chars().all(|c| c == '的') {
            continue;
        }
        // "占" opens the words before the whole, within a short clause.
        let Some(k) = whole.label.rfind('占') else {
            continue;
        };
        let after_zhan = &whole.label[k..];
        if after_zhan.chars().count() > 16 {
            continue;
        }
        let part = sf[i - 2];
        if !part.is_amount() || part.unit() != whole.unit() {
            continue;
        }
        // The part is the nearest figure before 占, in the same sentence.
        let Some(share) = part.num.percent_of(whole.num) else {
            continue;
        };
        let share = Num {
            decimals: 2,
            ..share
        };
        let check = "text.share";
        let quote = para.quote(part.start.max(a), pct.end.min(b));
        rec.compare(check, pct.num, share, |c| {
            finding(
                check,
                Severity::Error,
                pct.num,
                c,
                Some("%".into()),
                format!(
                    "share {}% is not {} / {} = {:.2}%: 「{}」",
                    show(pct.num),
                    show(part.num),
                    show(whole.num),
                    share.value,
                    quote
                ),
                para.location(),
                vec![para.operand(part), para.operand(whole)],
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ran, run};
    #[test]
    fn shares_of_a_named_whole() {
        let (f, s) = run(
            "基本支出年初预算数 3,883.60 万元，全年预算数 3,796.10 万元，占总预算 4,645.07 万元的 81.72%，实际支出 3,796.10 万元，结余 0 万元，预算执行率为 100.00%。",
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(ran(&s, "text.share"), 1);
        assert_eq!(ran(&s, "text.rate"), 1);
        let (f, _) = run("项目支出全年预算数 514.58 万元，占总预算 4,645.07 万元的 12.08%。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].check, "text.share");
        assert_eq!(f[0].stated, 12.08);
        assert_eq!(f[0].computed, 11.08);
    }
}
