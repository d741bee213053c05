//! Rounding-aware arithmetic. A written figure stands for an interval: "96.52"
//! (two decimals) means [96.515, 96.525]. Sums, differences and ratios of
//! written figures are intervals too; a stated result is consistent with them
//! when the intervals overlap — how XBRL Calculations 1.1 decides consistency.
//! So 721.30 − 624.77 = 96.53 does not contradict a stated 96.52.

use crate::model::{Cell, Figure, FigureKind};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    /// The value as written.
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
    /// Decimals as written.
    pub decimals: u8,
}

impl Num {
    pub fn exact(value: f64) -> Num {
        Num {
            value,
            lo: value,
            hi: value,
            decimals: 0,
        }
    }

    pub fn written(value: f64, decimals: u8) -> Num {
        let half = 0.5 * 10f64.powi(-(decimals.min(12) as i32));
        Num {
            value,
            lo: value - half,
            hi: value + half,
            decimals,
        }
    }

    pub fn from_figure(f: &Figure) -> Option<Num> {
        let v = f.value?;
        // Points and counts written as whole numbers are exact, not rounded:
        // a weight of "2" is 2. Money and percentages are rounded as written.
        let exact = f.decimals == 0
            && (f.kind == FigureKind::Count
                || f.kind == FigureKind::Score
                || f.unit.as_deref() == Some("分"));
        Some(if exact {
            Num::exact(v)
        } else {
            Num::written(v, f.decimals)
        })
    }

    /// The number a table cell holds; None for text, placeholders, targets
    /// and amounts written inside a label.
    pub fn from_cell(c: &Cell) -> Option<Num> {
        let f = c.figure.as_ref()?;
        // A target (≥150) is not a quantity; an amount inside a label
        // ("其中：基本支出：568.45", offset > 0) is the label's, not the cell's.
        if f.comparator.is_some() || f.offset.is_some_and(|o| o > 0) {
            return None;
        }
        Num::from_figure(f)
    }

    pub fn zero() -> Num {
        Num::exact(0.0)
    }

    #[allow(clippy::should_implement_trait)] // interval arithmetic, named like the ops on purpose
    pub fn add(self, o: Num) -> Num {
        Num {
            value: self.value + o.value,
            lo: self.lo + o.lo,
            hi: self.hi + o.hi,
            decimals: self.decimals.max(o.decimals),
        }
    }

    #[allow(clippy::should_implement_trait)] // interval arithmetic, named like the ops on purpose
    pub fn sub(self, o: Num) -> Num {
        Num {
            value: self.value - o.value,
            lo: self.lo - o.hi,
            hi: self.hi - o.lo,
            decimals: self.decimals.max(o.decimals),
        }
    }

    #[allow(clippy::should_implement_trait)] // interval arithmetic, named like the ops on purpose
    pub fn neg(self) -> Num {
        Num {
            value: -self.value,
            lo: -self.hi,
            hi: -self.lo,
            decimals: self.decimals,
        }
    }

    /// The same amount counted in a unit 10^`exp` times smaller (`exp` = 4:
    /// 万元 → 元). The interval scales with it, so "122.43 万元" read in 元 is
    /// 1,224,300 ± 50, not an exact number of 元; `decimals` (how it is
    /// shown) follows the written precision down to whole numbers.
    pub fn scaled(self, exp: i32) -> Num {
        let k = 10f64.powi(exp);
        Num {
            value: self.value * k,
            lo: self.lo * k,
            hi: self.hi * k,
            decimals: (self.decimals as i32 - exp).clamp(0, 12) as u8,
        }
    }

    /// self / o × 100, on interval bounds. None when the divisor may be zero.
    pub fn percent_of(self, o: Num) -> Option<Num> {
        if o.lo <= 0.0 && o.hi >= 0.0 {
            return None;
        }
        let q = [
            self.lo / o.lo,
            self.lo / o.hi,
            self.hi / o.lo,
            self.hi / o.hi,
        ];
        let lo = q.iter().copied().fold(f64::INFINITY, f64::min) * 100.0;
        let hi = q.iter().copied().fold(f64::NEG_INFINITY, f64::max) * 100.0;
        Some(Num {
            value: self.value / o.value * 100.0,
            lo,
            hi,
            decimals: 4,
        })
    }

    /// Can `pct` be self / base × 100 for some positive base within the
    /// rounding of a base written as zero? Such a base stands for any
    /// amount below half its last digit ("0 万元": under 0.5 万元) — or below
    /// half of self's last digit when self is written more finely (a writer
    /// who writes 0.5 万元 would write 0.4, not 0, for 0.4) — so a ratio over
    /// it is impossible only when even the largest such base cannot give
    /// it. As the base nears zero the ratio runs to infinity.
    pub fn ratio_over_written_zero(self, base: Num, pct: Num) -> bool {
        let finest = 0.5 * 10f64.powi(-(self.decimals.min(12) as i32));
        let base = Num {
            hi: base.hi.min(finest),
            ..base
        };
        if base.hi <= 0.0 {
            return false;
        }
        let least = if self.lo >= 0.0 {
            self.lo / base.hi * 100.0
        } else {
            f64::NEG_INFINITY
        };
        let most = if self.hi > 0.0 {
            f64::INFINITY
        } else {
            self.hi / base.hi * 100.0
        };
        let eps = float_noise(self, pct);
        pct.hi + eps >= least && pct.lo - eps <= most
    }

    /// Do the two intervals overlap (allowing for float noise)? The noise
    /// allowed is that of a few dozen f64 operations on numbers of this size,
    /// and never more than a twentieth of the last written decimal: a
    /// tolerance relative to the value alone (1e-9 × |v| is 0.1 near 10⁸)
    /// would swallow a changed last digit of a large amount in 元.
    pub fn consistent(self, o: Num) -> bool {
        let eps = float_noise(self, o);
        self.lo <= o.hi + eps && o.lo <= self.hi + eps
    }

    pub fn is_zero(self) -> bool {
        self.value == 0.0
    }
}

/// Float noise tolerated when comparing two intervals: far below the last
/// decimal either side writes.
pub fn float_noise(a: Num, b: Num) -> f64 {
    let mag = [a.lo, a.hi, b.lo, b.hi]
        .iter()
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let noise = 1e-9 + 256.0 * f64::EPSILON * mag;
    let last = 10f64.powi(-(a.decimals.max(b.decimals).min(12) as i32));
    noise.min(0.05 * last)
}

pub fn sum<I: IntoIterator<Item = Num>>(it: I) -> Num {
    it.into_iter().fold(Num::zero(), Num::add)
}

/// Round for reporting: to `decimals` places, removing float noise.
pub fn round(v: f64, decimals: u8) -> f64 {
    let p = 10f64.powi(decimals.min(10) as i32);
    let r = (v * p).round() / p;
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_intervals() {
        // 721.30 − 624.77 = 96.53 is consistent with a stated 96.52.
        let d = Num::written(721.30, 2).sub(Num::written(624.77, 2));
        assert!(d.consistent(Num::written(96.52, 2)));
        // 4,438.80 + 555.20 = 4,994.00 contradicts 5,024.67.
        let s = Num::written(4438.80, 2).add(Num::written(555.20, 2));
        assert!(!s.consistent(Num::written(5024.67, 2)));
        // 26/263 = 9.89% is consistent with a stated "10%".
        let r = Num::written(26.0, 0)
            .percent_of(Num::written(263.0, 0))
            .unwrap();
        assert!(r.consistent(Num::written(10.0, 0)));
        assert!(!r.consistent(Num::written(10.5, 1)));
        assert_eq!(Num::written(1.0, 0).percent_of(Num::written(0.0, 2)), None);
        assert_eq!(round(4994.000000001, 2), 4994.0);
    }

    #[test]
    fn ratios_over_a_base_written_as_zero() {
        // "0 万元" may be 0.45 万元: 0.58 of it is 128.9 %.
        let zero = Num::written(0.0, 0);
        assert!(Num::written(1.0, 0).ratio_over_written_zero(zero, Num::written(128.0, 0)));
        // 307.82 of any base under 0.5 is over 61,000 %: 95.89 % is impossible.
        assert!(!Num::written(307.82, 2).ratio_over_written_zero(zero, Num::written(95.89, 2)));
        // "0.00" is under 0.005: 1.00 of it is at least 19,900 %.
        let zero2 = Num::written(0.0, 2);
        assert!(!Num::written(1.0, 2).ratio_over_written_zero(zero2, Num::written(150.0, 0)));
        assert!(Num::written(1.0, 2).ratio_over_written_zero(zero2, Num::written(25000.0, 0)));
        // Beside 0.5 (one decimal), "0" is under 0.05: 0.45 of it is at
        // least 900 %, so 35 % is impossible.
        assert!(!Num::written(0.5, 1).ratio_over_written_zero(zero, Num::written(35.0, 0)));
        // An exact zero has no positive part.
        assert!(!Num::written(1.0, 0).ratio_over_written_zero(Num::zero(), Num::written(10.0, 0)));
    }

    #[test]
    fn a_scaled_amount_keeps_its_rounding_interval() {
        // 122.43 万元 is 1,224,300 元 give or take 50 元.
        let n = Num::written(122.43, 2).scaled(4);
        assert_eq!(n.value, 1_224_300.0);
        assert_eq!(n.decimals, 0);
        assert!(n.consistent(Num::exact(1_224_349.0)));
        assert!(!n.consistent(Num::exact(1_224_351.0)));
        // 382,000 元 in 万元: 38.2000, exact to a hundredth of a 元.
        let m = Num::written(382_000.0, 0).scaled(-4);
        assert_eq!((m.value, m.decimals), (38.2, 4));
        assert!(m.consistent(Num::written(38.20, 2)));
    }

    #[test]
    fn large_amounts_keep_their_last_decimal() {
        // 10⁸ 元 with two decimals: a changed last-but-one digit (0.10) is a
        // contradiction, whatever the size of the amount.
        let parts = [
            Num::written(62_418_730.25, 2),
            Num::written(30_114_268.40, 2),
            Num::written(12_400_500.20, 2),
        ];
        let total = sum(parts);
        assert!(total.consistent(Num::written(104_933_498.85, 2)));
        assert!(!total.consistent(Num::written(104_933_498.95, 2)));
        assert!(!total.consistent(Num::written(104_933_498.75, 2)));
        // 10¹² with float noise in the sum still agrees with itself.
        let big: Vec<Num> = (0..40)
            .map(|i| Num::written(25_000_000_000.13 + i as f64 * 0.01, 2))
            .collect();
        let exact: f64 = (0..40).map(|i| 2_500_000_000_013.0 + i as f64).sum::<f64>() / 100.0;
        assert!(sum(big).consistent(Num::written(exact, 2)));
        // Whole numbers: 99,999,999 against 100,000,000 is a difference.
        assert!(!Num::exact(99_999_999.0).consistent(Num::exact(100_000_000.0)));
    }
}
