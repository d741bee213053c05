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

    /// Do the two intervals overlap (allowing for float noise)?
    pub fn consistent(self, o: Num) -> bool {
        let eps = 1e-9 * (1.0 + self.value.abs().max(o.value.abs()));
        self.lo <= o.hi + eps && o.lo <= self.hi + eps
    }

    pub fn is_zero(self) -> bool {
        self.value == 0.0
    }
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
}
