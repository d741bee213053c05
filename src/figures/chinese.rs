//! Chinese numerals: 三千二百万, 一百零五, 十二, 两, 〇/零, 二〇二四, 八十五点五,
//! and the financial capitals (壹贰叁 … 拾佰仟).

/// A digit character's value (〇零一二两三 … 九 and 壹 … 玖).
pub(crate) fn digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// A unit within a four-digit group: 十 百 千 (and 拾 佰 仟).
fn small_unit(c: char) -> Option<f64> {
    match c {
        '十' | '拾' => Some(10.0),
        '百' | '佰' => Some(100.0),
        '千' | '仟' => Some(1000.0),
        _ => None,
    }
}

/// A group unit: 万 and 亿.
fn big_unit(c: char) -> Option<f64> {
    match c {
        '万' | '萬' => Some(1e4),
        '亿' | '億' => Some(1e8),
        _ => None,
    }
}

/// Can `c` be part of a Chinese numeral?
pub(crate) fn is_numeral_char(c: char) -> bool {
    digit(c).is_some() || small_unit(c).is_some() || big_unit(c).is_some() || c == '点'
}

/// The value of a Chinese numeral, or None when `s` is not one.
///
/// `chinese_number("三千二百万") == Some(32_000_000.0)`.
pub fn chinese_number(s: &str) -> Option<f64> {
    chinese_number_with_decimals(s).map(|(v, _)| v)
}

/// The value and the number of decimals written after 点.
pub(crate) fn chinese_number_with_decimals(s: &str) -> Option<(f64, u8)> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 40 {
        return None;
    }
    let (int, frac) = match s.split_once('点') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut value = integer(int)?;
    let mut decimals = 0u8;
    if let Some(frac) = frac {
        if frac.is_empty() {
            return None;
        }
        let mut scale = 0.1;
        for c in frac.chars() {
            let d = digit(c)?;
            value += f64::from(d) * scale;
            scale /= 10.0;
            decimals = decimals.saturating_add(1);
        }
        // Round away binary noise at the written precision.
        let p = 10f64.powi(i32::from(decimals));
        value = (value * p).round() / p;
    }
    value.is_finite().then_some((value, decimals))
}

fn integer(s: &str) -> Option<f64> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return None;
    }
    // A bare digit sequence reads digit by digit: 二〇二四 → 2024.
    if chars.len() > 1 && chars.iter().all(|&c| digit(c).is_some() && c != '两') {
        let mut v = 0.0;
        for &c in &chars {
            v = v * 10.0 + f64::from(digit(c)?);
        }
        return Some(v);
    }
    let mut result = 0.0; // completed 亿 groups
    let mut section = 0.0; // the part below the current 亿
    let mut group = 0.0; // the part below the current 万
    let mut number: Option<f64> = None; // a digit waiting for its unit
    let mut last_small = f64::INFINITY; // units inside a group must decrease
    let mut zero = false;
    let mut last_was_unit: Option<f64> = None;
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = digit(c) {
            if number.is_some() {
                return None; // two digits in a row: not a number
            }
            if d == 0 {
                zero = true;
                last_was_unit = None;
                continue;
            }
            number = Some(f64::from(d));
            last_was_unit = None;
        } else if let Some(m) = small_unit(c) {
            if m >= last_small {
                return None;
            }
            let n = match number.take() {
                Some(n) => n,
                // 十二 = 12: a leading 十 means one ten.
                None if m == 10.0 && (i == 0 || zero || big_unit(chars[i - 1]).is_some()) => 1.0,
                None => return None,
            };
            group += n * m;
            last_small = m;
            zero = false;
            last_was_unit = Some(m);
        } else if let Some(m) = big_unit(c) {
            let g = group + number.take().unwrap_or(0.0);
            if m == 1e4 {
                if g == 0.0 && section == 0.0 && result == 0.0 {
                    return None;
                }
                section += g * 1e4;
            } else {
                let total = section + g;
                if total == 0.0 && result == 0.0 {
                    return None;
                }
                result = (result + total) * 1e8;
                section = 0.0;
            }
            group = 0.0;
            last_small = f64::INFINITY;
            zero = false;
            last_was_unit = Some(m);
        } else {
            return None;
        }
    }
    let mut tail = number.unwrap_or(0.0);
    // 一百五 = 150, 三万五 = 35000: a trailing digit right after a unit
    // (without 零) stands for the next lower place.
    if let (Some(n), false) = (number, zero)
        && chars.len() >= 2
        && digit(chars[chars.len() - 1]).is_some()
        && let Some(prev) = chars
            .get(chars.len().wrapping_sub(2))
            .and_then(|&c| small_unit(c).or_else(|| big_unit(c)))
        && prev >= 100.0
        && last_was_unit.is_none()
    {
        tail = n * prev / 10.0;
    }
    let v = result + section + group + tail;
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::chinese_number as n;

    #[test]
    fn basic_numerals() {
        assert_eq!(n("零"), Some(0.0));
        assert_eq!(n("〇"), Some(0.0));
        assert_eq!(n("两"), Some(2.0));
        assert_eq!(n("十"), Some(10.0));
        assert_eq!(n("十二"), Some(12.0));
        assert_eq!(n("二十"), Some(20.0));
        assert_eq!(n("一十二"), Some(12.0));
        assert_eq!(n("一百零五"), Some(105.0));
        assert_eq!(n("八十"), Some(80.0));
        assert_eq!(n("一千零一"), Some(1001.0));
    }

    #[test]
    fn big_units() {
        assert_eq!(n("三千二百万"), Some(32_000_000.0));
        assert_eq!(n("十二万三千四百五十六"), Some(123_456.0));
        assert_eq!(n("一亿二千万"), Some(120_000_000.0));
        assert_eq!(n("一万"), Some(10_000.0));
        assert_eq!(n("十万"), Some(100_000.0));
        assert_eq!(n("两亿"), Some(200_000_000.0));
    }

    #[test]
    fn colloquial_and_sequences() {
        assert_eq!(n("一百五"), Some(150.0));
        assert_eq!(n("三万五"), Some(35_000.0));
        assert_eq!(n("二〇二四"), Some(2024.0));
        assert_eq!(n("八十五点五"), Some(85.5));
        assert_eq!(n("壹佰贰拾"), Some(120.0));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(n(""), None);
        assert_eq!(n("十四五"), None);
        assert_eq!(n("百"), None);
        assert_eq!(n("万"), None);
        assert_eq!(n("三公"), None);
        assert_eq!(n("百十"), None);
        assert_eq!(n("五点"), None);
        assert_eq!(n(&"亿".repeat(100)), None);
    }
}
