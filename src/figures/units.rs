//! Units written after a number, and what they make of it.
use crate::model::FigureKind;

/// What a unit says about its number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct UnitInfo {
    pub kind: FigureKind,
    /// For money: the power of ten from the unit to 元 (万元 → 4).
    pub yuan_exp: Option<i32>,
}

const MONEY: &[(&str, i32)] = &[
    ("千亿元", 11),
    ("百亿元", 10),
    ("亿元", 8),
    ("千万元", 7),
    ("百万元", 6),
    ("十万元", 5),
    ("万元", 4),
    ("千元", 3),
    ("元", 0),
];

/// How many 元 one of a money unit is ("万元" → 10,000), for a unit written
/// alone (a table's 单位：万元); None for anything else.
pub(crate) fn yuan_factor(unit: &str) -> Option<f64> {
    yuan_exp(unit).map(|exp| 10f64.powi(exp))
}

/// The power of ten from a money unit to 元 ("万元" → 4); None for anything
/// else.
pub(crate) fn yuan_exp(unit: &str) -> Option<i32> {
    let unit = unit.trim();
    MONEY.iter().find(|(u, _)| *u == unit).map(|&(_, exp)| exp)
}

/// Measure words (量词) and physical units that make a count. Longer first
/// where one is a prefix of another (个百分点 is handled before 个).
const COUNT: &[&str] = &[
    // Concentrations (air and water quality: PM2.5 in 微克/立方米, COD in
    // 毫克/升), before 立方米 and 升 alone could be read.
    "微克/立方米",
    "微克／立方米",
    "毫克/立方米",
    "毫克／立方米",
    "微克/升",
    "微克／升",
    "毫克/升",
    "毫克／升",
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "公里",
    "千米",
    "公顷",
    "公斤",
    "千克",
    "人次",
    "户次",
    "车次",
    "架次",
    "班次",
    "座次",
    "批次",
    "场次",
    "航次",
    "台次",
    "件次",
    "课时",
    "学时",
    "小时",
    "分钟",
    "个",
    "件",
    "人",
    "名",
    "位",
    "台",
    "套",
    "家",
    "次",
    "条",
    "起",
    "座",
    "辆",
    "艘",
    "架",
    "项",
    "批",
    "宗",
    "户",
    "所",
    "场",
    "篇",
    "份",
    "本",
    "册",
    "张",
    "块",
    "处",
    "栋",
    "幢",
    "间",
    "部",
    "例",
    "株",
    "棵",
    "头",
    "只",
    "亩",
    "米",
    "吨",
    "天",
    "周",
];

/// Compounds where 分 after a number is not points: 三分之一, 5分钟 (a count,
/// matched earlier), 分别, 分局, 分类 …
const NOT_SCORE_AFTER_FEN: &[char] = &[
    '之', '钟', '别', '局', '类', '配', '解', '析', '布', '成', '享', '项', '公', '管', '担', '摊',
    '期', '批', '档', '级', '组', '支', '行', '所', '队', '院', '会', '散', '段', '红', '发', '拨',
    '包', '站', '部', '化', '流', '工', '割', '歧', '裂', '辨', '清', '号', '秒', '店', '厂', '区',
    '校', '中', '心', '户', '账', '设', '步', '头', '开', '属',
];

/// The unit at `chars[i..]`, longest first: (unit as written, its length in
/// chars, what it makes of the number). `numeral_is_chinese` disables 分
/// (十分 is "very", not ten points).
pub(crate) fn unit_at(
    chars: &[char],
    i: usize,
    numeral_is_chinese: bool,
) -> Option<(String, usize, UnitInfo)> {
    let rest = chars.get(i..)?;
    let starts = |s: &str| {
        let mut n = 0;
        for (k, c) in s.chars().enumerate() {
            if rest.get(k) != Some(&c) {
                return None;
            }
            n += 1;
        }
        Some(n)
    };
    let first = *rest.first()?;
    match first {
        // One unit however typed: a query for unit = '%' finds "６０％" too.
        '%' | '％' => {
            return Some((
                "%".to_string(),
                1,
                UnitInfo {
                    kind: FigureKind::Percent,
                    yuan_exp: None,
                },
            ));
        }
        '‰' => {
            return Some((
                "‰".into(),
                1,
                UnitInfo {
                    kind: FigureKind::Number,
                    yuan_exp: None,
                },
            ));
        }
        _ => {}
    }
    for p in ["个百分点", "百分点"] {
        if let Some(n) = starts(p) {
            return Some((
                p.into(),
                n,
                UnitInfo {
                    kind: FigureKind::Number,
                    yuan_exp: None,
                },
            ));
        }
    }
    for (u, exp) in MONEY {
        // "21,940.96 万 元": a space inside the unit, as text taken from a
        // PDF line by line often has it.
        let spaced = || {
            let (mult, yuan) = u.split_at(u.len() - '元'.len_utf8());
            let n = starts(mult)?;
            (!mult.is_empty()
                && matches!(rest.get(n), Some(' ' | '\u{3000}'))
                && rest.get(n + 1) == Some(&'元'))
            .then_some(n + 1 + yuan.chars().count())
        };
        if let Some(n) = starts(u).or_else(spaced) {
            return Some((
                (*u).into(),
                n,
                UnitInfo {
                    kind: FigureKind::Amount,
                    yuan_exp: Some(*exp),
                },
            ));
        }
    }
    // A multiplier before a measure word: 1.2万人, 3万亩.
    let (mult, mlen) = match first {
        '万' | '亿' => (Some(first), 1),
        _ => (None, 0),
    };
    for u in COUNT {
        if let Some(n) = starts_at(rest, mlen, u) {
            let written: String = rest[..mlen + n].iter().collect();
            return Some((
                written,
                mlen + n,
                UnitInfo {
                    kind: FigureKind::Count,
                    yuan_exp: None,
                },
            ));
        }
    }
    if let Some(m) = mult {
        // 3.5万 alone: a bare multiplier.
        return Some((
            m.to_string(),
            1,
            UnitInfo {
                kind: FigureKind::Number,
                yuan_exp: None,
            },
        ));
    }
    if first == '倍' {
        return Some((
            "倍".into(),
            1,
            UnitInfo {
                kind: FigureKind::Number,
                yuan_exp: None,
            },
        ));
    }
    if first == '分' && !numeral_is_chinese {
        let next = rest.get(1).copied();
        if next.is_none_or(|c| !NOT_SCORE_AFTER_FEN.contains(&c)) {
            return Some((
                "分".into(),
                1,
                UnitInfo {
                    kind: FigureKind::Score,
                    yuan_exp: None,
                },
            ));
        }
    }
    None
}

fn starts_at(rest: &[char], at: usize, s: &str) -> Option<usize> {
    let mut n = 0;
    for (k, c) in s.chars().enumerate() {
        if rest.get(at + k) != Some(&c) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// What a table's declared unit ("万元", "%", "个", "分") makes of a bare
/// number in it.
pub(crate) fn table_unit_info(unit: &str) -> UnitInfo {
    let chars: Vec<char> = unit.trim().chars().collect();
    if let Some((_, n, info)) = unit_at(&chars, 0, false)
        && n == chars.len()
    {
        return info;
    }
    UnitInfo {
        kind: FigureKind::Number,
        yuan_exp: None,
    }
}

/// Units a "单位：…" declaration or a header's "（…）" may name, longest first.
pub(crate) const DECLARED: &[&str] = &[
    "千亿元",
    "百亿元",
    "亿元",
    "千万元",
    "百万元",
    "十万元",
    "万元",
    "千元",
    "元",
    "%",
    "％",
];
