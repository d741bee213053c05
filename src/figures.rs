//! figures: typed numbers from cell and sentence text. (Interim minimal version;
//! the full parser lands from the `figures` branch.)
use crate::model::{Figure, FigureKind};

pub fn parse_cell(text: &str, table_unit: Option<&str>) -> Option<Figure> {
    let t = text.trim();
    if matches!(t, "" | "-" | "—" | "——" | "/" | "－") {
        return Some(Figure {
            kind: FigureKind::Placeholder,
            value: None,
            unit: None,
            value_yuan: None,
            decimals: 0,
            comparator: None,
            text: t.into(),
            offset: None,
        });
    }
    let (num, pct) = match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let clean: String = num.chars().filter(|&c| c != ',').collect();
    if clean.is_empty()
        || !clean
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    let value: f64 = clean.parse().ok()?;
    let decimals = clean
        .split_once('.')
        .map(|(_, d)| d.len() as u8)
        .unwrap_or(0);
    let (kind, unit) = if pct {
        (FigureKind::Percent, Some("%".to_string()))
    } else {
        match table_unit {
            Some(u) if u.ends_with('元') => (FigureKind::Amount, Some(u.to_string())),
            Some(u) => (FigureKind::Number, Some(u.to_string())),
            None => (FigureKind::Number, None),
        }
    };
    Some(Figure {
        kind,
        value: Some(value),
        unit,
        value_yuan: None,
        decimals,
        comparator: None,
        text: t.into(),
        offset: None,
    })
}

pub fn scan_text(_text: &str) -> Vec<Figure> {
    Vec::new()
}

pub fn unit_in(text: &str) -> Option<String> {
    for u in ["亿元", "万元", "千元", "元"] {
        for pat in [
            format!("单位：{u}"),
            format!("单位:{u}"),
            format!("（{u}）"),
            format!("({u})"),
        ] {
            if text.replace(' ', "").contains(&pat) {
                return Some(u.to_string());
            }
        }
    }
    None
}

pub fn chinese_number(_s: &str) -> Option<f64> {
    None
}
