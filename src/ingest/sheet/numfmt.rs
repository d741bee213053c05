//! Spreadsheet number formats: a stored number and its format code → the text
//! the cell shows ("0.00" shows 96.4862 as "96.49", "0.00%" shows 0.9652 as
//! "96.52%", the accounting format shows zero as "-", `yyyy"年"m"月"d"日"`
//! shows a date serial as 2023年12月31日).
//!
//! What is rendered: the four sections (positive; negative; zero; text),
//! quoted and escaped literals, digit placeholders `0 # ?`, the decimal point,
//! thousands grouping and trailing-comma scaling, `%`, scientific `E+00`,
//! `@`, and date/time codes. Colours, conditions, locale tags, `_x` padding and
//! `*x` fills only lay a cell out on screen and are dropped. `General` (and
//! its Chinese name `G/通用格式`) shows the number with up to 15 significant
//! digits, as Excel stores it.

/// The text a cell with `value` shows under `code`.
pub fn format(value: f64, code: &str) -> String {
    if !value.is_finite() {
        return general(value);
    }
    let sections = split_sections(code);
    let (section, negative_own) = pick_section(&sections, value);
    let section = section.trim();
    if section.is_empty() {
        return general(value);
    }
    let tokens = tokenize(section);
    let v = if negative_own { value.abs() } else { value };
    if tokens.iter().any(|t| matches!(t, Tok::Date(_))) {
        return date(v, &tokens);
    }
    let has_digits = tokens.iter().any(|t| matches!(t, Tok::Digit(_)));
    if !has_digits {
        let general_like = tokens.iter().any(|t| matches!(t, Tok::General | Tok::At));
        let mut out = String::new();
        for t in &tokens {
            match t {
                Tok::Lit(s) => out.push_str(s),
                Tok::General | Tok::At => out.push_str(&general(v)),
                Tok::Percent => out.push('%'),
                _ => {}
            }
        }
        if !general_like && out.trim().is_empty() {
            return general(value);
        }
        return out;
    }
    number(v, &tokens)
}

/// "General": up to 15 significant digits, no trailing zeros.
pub fn general(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    if value == value.trunc() && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let rounded: f64 = format!("{value:.14e}").parse().unwrap_or(value);
    let s = format!("{rounded}");
    if s == "-0" { "0".into() } else { s }
}

/// Decimals the format shows for positive numbers (None for General/text).
pub fn decimals(code: &str) -> Option<usize> {
    let sections = split_sections(code);
    let tokens = tokenize(sections.first()?.trim());
    if tokens.iter().any(|t| matches!(t, Tok::Date(_))) {
        return None;
    }
    let mut after_point = false;
    let mut n = 0;
    let mut any = false;
    for t in &tokens {
        match t {
            Tok::Point => after_point = true,
            Tok::Digit(_) => {
                any = true;
                if after_point {
                    n += 1;
                }
            }
            Tok::Exp(_) => break,
            _ => {}
        }
    }
    any.then_some(n)
}

/// Does the format show numbers as percentages?
pub fn is_percent(code: &str) -> bool {
    split_sections(code)
        .first()
        .is_some_and(|s| tokenize(s).iter().any(|t| matches!(t, Tok::Percent)))
}

/// Sections split at ';' outside quotes, brackets and escapes.
fn split_sections(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut bracket, mut escaped) = (0, false, false, false);
    for (i, c) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(&code[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&code[start..]);
    out
}

/// The section for `value`, and whether that section writes the sign itself
/// (a negative section: the value is formatted without its '-').
fn pick_section<'a>(sections: &[&'a str], value: f64) -> (&'a str, bool) {
    match sections.len() {
        0 => ("", false),
        1 => (sections[0], false),
        2 => {
            if value < 0.0 {
                (sections[1], true)
            } else {
                (sections[0], false)
            }
        }
        _ => {
            if value < 0.0 {
                (sections[1], true)
            } else if value == 0.0 {
                (sections[2], false)
            } else {
                (sections[0], false)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Lit(String),
    /// '0', '#' or '?'.
    Digit(char),
    Point,
    Comma,
    Percent,
    /// Scientific notation: E+ or E- (the sign shown for positive exponents).
    Exp(bool),
    General,
    At,
    /// A date/time code: "yyyy", "m", "dd", "h", "ss", "AM/PM" …
    Date(String),
}

fn tokenize(section: &str) -> Vec<Tok> {
    let chars: Vec<char> = section.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let lit = |out: &mut Vec<Tok>, s: &str| {
        if let Some(Tok::Lit(prev)) = out.last_mut() {
            prev.push_str(s);
        } else {
            out.push(Tok::Lit(s.to_string()));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().take(8).collect();
        let lower = rest.to_lowercase();
        match c {
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '"')
                    .map_or(chars.len(), |p| i + 1 + p);
                let s: String = chars[i + 1..end.min(chars.len())].iter().collect();
                lit(&mut out, &s);
                i = end + 1;
            }
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    lit(&mut out, &n.to_string());
                }
                i += 2;
            }
            // Padding to the width of the next character, and fills: layout only.
            '_' | '*' => i += 2,
            '[' => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .map_or(chars.len(), |p| i + p);
                let inner: String = chars[i + 1..end.min(chars.len())].iter().collect();
                // [$¥-804]: a currency symbol before the locale tag.
                if let Some(sym) = inner.strip_prefix('$') {
                    let sym = sym.split('-').next().unwrap_or("");
                    lit(&mut out, sym);
                } else if matches!(
                    inner.to_lowercase().as_str(),
                    "h" | "hh" | "m" | "mm" | "s" | "ss"
                ) {
                    out.push(Tok::Date(inner.to_lowercase()));
                }
                i = end + 1;
            }
            '0' | '#' | '?' => {
                out.push(Tok::Digit(c));
                i += 1;
            }
            '.' => {
                out.push(Tok::Point);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '%' => {
                out.push(Tok::Percent);
                i += 1;
            }
            '@' => {
                out.push(Tok::At);
                i += 1;
            }
            'E' | 'e' if matches!(chars.get(i + 1), Some('+' | '-')) => {
                out.push(Tok::Exp(chars[i + 1] == '+'));
                i += 2;
            }
            _ if lower.starts_with("general") => {
                out.push(Tok::General);
                i += 7;
            }
            _ if rest.starts_with("G/通用格式") => {
                out.push(Tok::General);
                i += 6;
            }
            _ if lower.starts_with("am/pm") => {
                out.push(Tok::Date("am/pm".into()));
                i += 5;
            }
            _ if lower.starts_with("a/p") => {
                out.push(Tok::Date("a/p".into()));
                i += 3;
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => {
                let lc = c.to_ascii_lowercase();
                let mut j = i;
                while j < chars.len() && chars[j].to_ascii_lowercase() == lc {
                    j += 1;
                }
                out.push(Tok::Date(std::iter::repeat_n(lc, j - i).collect()));
                i = j;
            }
            // Chinese date/time words and other literal characters print as they are.
            _ => {
                lit(&mut out, &c.to_string());
                i += 1;
            }
        }
    }
    out
}

/// A number under digit placeholders.
fn number(value: f64, tokens: &[Tok]) -> String {
    // The placeholder region: from the first to the last digit/point/comma.
    let first = tokens
        .iter()
        .position(|t| matches!(t, Tok::Digit(_) | Tok::Point))
        .unwrap_or(0);
    let last = tokens
        .iter()
        .rposition(|t| matches!(t, Tok::Digit(_) | Tok::Point | Tok::Comma | Tok::Exp(_)))
        .unwrap_or(0);
    let percent = tokens.iter().filter(|t| matches!(t, Tok::Percent)).count();
    let mut v = value * 100f64.powi(percent as i32);
    let region = &tokens[first..=last];
    let exp_at = region.iter().position(|t| matches!(t, Tok::Exp(_)));
    let mantissa = &region[..exp_at.unwrap_or(region.len())];
    let point = mantissa.iter().position(|t| matches!(t, Tok::Point));
    let (int_part, frac_part) = match point {
        Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
        None => (mantissa, &mantissa[..0]),
    };
    // Commas after the last integer digit scale by 1000 each.
    let trailing_commas = int_part
        .iter()
        .rev()
        .take_while(|t| matches!(t, Tok::Comma))
        .count();
    let grouping = int_part[..int_part.len() - trailing_commas]
        .iter()
        .any(|t| matches!(t, Tok::Comma));
    if point.is_none() {
        v /= 1000f64.powi(trailing_commas as i32);
    }
    let int_min = int_part.iter().filter(|t| **t == Tok::Digit('0')).count();
    let frac_digits: Vec<char> = frac_part
        .iter()
        .filter_map(|t| match t {
            Tok::Digit(c) => Some(*c),
            _ => None,
        })
        .collect();
    let body = match exp_at {
        Some(e) => {
            let show_plus = matches!(region[e], Tok::Exp(true));
            let exp_digits = region[e + 1..]
                .iter()
                .filter(|t| matches!(t, Tok::Digit(_)))
                .count()
                .max(1);
            scientific(v, frac_digits.len(), show_plus, exp_digits)
        }
        None => fixed(v.abs(), int_min, &frac_digits, grouping),
    };
    let mut out = String::new();
    if v < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for t in &tokens[..first] {
        push_literal(&mut out, t);
    }
    out.push_str(&body);
    for t in &tokens[last + 1..] {
        push_literal(&mut out, t);
    }
    out
}

fn push_literal(out: &mut String, t: &Tok) {
    match t {
        Tok::Lit(s) => out.push_str(s),
        Tok::Percent => out.push('%'),
        _ => {}
    }
}

/// Fixed-point digits: `int_min` zero-padded integer digits, the fraction
/// placeholders ('0' always shown, '#'/'?' only when not a trailing zero).
fn fixed(v: f64, int_min: usize, frac: &[char], grouping: bool) -> String {
    let decimals = frac.len();
    let s = round_half_away(v, decimals);
    let (int_s, frac_s) = s.split_once('.').unwrap_or((&s, ""));
    let mut int_s = int_s.trim_start_matches('0').to_string();
    while int_s.len() < int_min {
        int_s.insert(0, '0');
    }
    if grouping && int_s.len() > 3 {
        let bytes = int_s.as_bytes();
        let mut g = String::new();
        for (i, b) in bytes.iter().enumerate() {
            if i > 0 && (bytes.len() - i).is_multiple_of(3) {
                g.push(',');
            }
            g.push(*b as char);
        }
        int_s = g;
    }
    let mut frac_s: Vec<char> = frac_s.chars().collect();
    // Optional places drop trailing zeros.
    while let (Some('0'), Some(p)) = (frac_s.last(), frac.get(frac_s.len().wrapping_sub(1))) {
        if *p == '0' {
            break;
        }
        frac_s.pop();
    }
    if frac_s.is_empty() {
        if decimals > 0 && int_s.is_empty() {
            return "0".into();
        }
        return int_s;
    }
    if int_s.is_empty() {
        int_s.push('0');
    }
    format!("{int_s}.{}", frac_s.into_iter().collect::<String>())
}

/// `v` rounded half away from zero to `decimals` places, as Excel shows it.
fn round_half_away(v: f64, decimals: usize) -> String {
    // Decide on the shortest decimal form of the stored double (what Excel
    // shows in General), so 2.675 rounds to 2.68 as a user expects.
    let shortest = general(v);
    if let Some(s) = round_decimal_string(&shortest, decimals) {
        return s;
    }
    format!("{v:.decimals$}")
}

/// Round a plain decimal string ("96.4862") to `decimals` places, half away from zero.
fn round_decimal_string(s: &str, decimals: usize) -> Option<String> {
    if s.contains(['e', 'E']) {
        return None;
    }
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int_s, frac_s) = s.split_once('.').unwrap_or((s, ""));
    let mut digits: Vec<u8> = int_s
        .bytes()
        .chain(frac_s.bytes().chain(std::iter::repeat(b'0')).take(decimals))
        .map(|b| b - b'0')
        .collect();
    let round_up = frac_s.as_bytes().get(decimals).is_some_and(|&b| b >= b'5');
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, 1);
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    for d in &digits[..split] {
        out.push((b'0' + d) as char);
    }
    if out.is_empty() || out == "-" {
        out.push('0');
    }
    if decimals > 0 {
        out.push('.');
        for d in &digits[split..] {
            out.push((b'0' + d) as char);
        }
    }
    Some(out)
}

fn scientific(v: f64, decimals: usize, show_plus: bool, exp_digits: usize) -> String {
    let s = format!("{:.*e}", decimals, v.abs());
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 {
        "-"
    } else if show_plus {
        "+"
    } else {
        ""
    };
    format!("{m}E{sign}{:0width$}", e.abs(), width = exp_digits)
}

/// A date/time serial (1900 date system) under date tokens.
fn date(serial: f64, tokens: &[Tok]) -> String {
    let Some((y, mo, d, h, mi, s)) = civil_from_serial(serial) else {
        return general(serial);
    };
    let twelve = tokens
        .iter()
        .any(|t| matches!(t, Tok::Date(s) if s == "am/pm" || s == "a/p"));
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Tok::Lit(s) => out.push_str(s),
            Tok::Digit(c) => out.push(*c),
            Tok::Point => out.push('.'),
            Tok::Comma => out.push(','),
            Tok::Percent => out.push('%'),
            Tok::Date(code) => {
                let c = code.chars().next().unwrap_or(' ');
                let n = code.len();
                // 'm' is minutes right after an hour or right before seconds.
                let minute = c == 'm' && {
                    let prev = tokens[..i].iter().rev().find(|t| matches!(t, Tok::Date(_)));
                    let next = tokens[i + 1..].iter().find(|t| matches!(t, Tok::Date(_)));
                    matches!(prev, Some(Tok::Date(p)) if p.starts_with('h'))
                        || matches!(next, Some(Tok::Date(n)) if n.starts_with('s'))
                };
                match (c, minute) {
                    ('y', _) if n <= 2 => out.push_str(&format!("{:02}", y % 100)),
                    ('y', _) => out.push_str(&format!("{y:04}")),
                    ('m', true) => out.push_str(&pad(mi, n)),
                    ('m', false) if n <= 2 => out.push_str(&pad(mo, n)),
                    ('m', false) => out.push_str(&format!("{mo}月")),
                    ('d', _) if n <= 2 => out.push_str(&pad(d, n)),
                    ('d', _) => {}
                    ('h', _) => {
                        let hh = if twelve { (h + 11) % 12 + 1 } else { h };
                        out.push_str(&pad(hh, n));
                    }
                    ('s', _) => out.push_str(&pad(s, n)),
                    ('a', _) => out.push_str(if h < 12 { "AM" } else { "PM" }),
                    _ => {}
                }
            }
            Tok::General | Tok::At => out.push_str(&general(serial)),
            Tok::Exp(_) => {}
        }
    }
    out
}

fn pad(v: u32, n: usize) -> String {
    if n >= 2 {
        format!("{v:02}")
    } else {
        v.to_string()
    }
}

/// (year, month, day, hour, minute, second) of a 1900-system serial.
fn civil_from_serial(serial: f64) -> Option<(i64, u32, u32, u32, u32, u32)> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    let secs = ((serial - serial.floor()) * 86_400.0).round() as u32;
    let secs = secs.min(86_399);
    // Excel counts 1900-02-29, which did not exist.
    if days == 60 {
        return Some((1900, 2, 29, secs / 3600, secs / 60 % 60, secs % 60));
    }
    if days > 60 {
        days -= 1;
    }
    // Serial 1 = 1900-01-01; days since 1970-01-01:
    let z = days - 25_568 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some((y, m, d, secs / 3600, secs / 60 % 60, secs % 60))
}

/// Excel's built-in number formats by id (those a file may use without a
/// FORMAT record), with the Chinese-locale dates.
pub fn builtin(id: u16) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        5 => "\"¥\"#,##0;\"¥\"-#,##0",
        6 => "\"¥\"#,##0;[Red]\"¥\"-#,##0",
        7 => "\"¥\"#,##0.00;\"¥\"-#,##0.00",
        8 => "\"¥\"#,##0.00;[Red]\"¥\"-#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 | 13 => "General",
        14 => "yyyy/m/d",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "yyyy/m/d h:mm",
        27 | 28 | 29 | 36 | 50 | 51 | 53 | 54 | 57 | 58 => "yyyy\"年\"m\"月\"",
        30 => "m-d-yy",
        31 => "yyyy\"年\"m\"月\"d\"日\"",
        32 | 55 => "h\"时\"mm\"分\"",
        33 | 56 => "h\"时\"mm\"分\"ss\"秒\"",
        34 | 35 => "AM/PMh\"时\"mm\"分\"",
        52 => "m\"月\"d\"日\"",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => "_ * #,##0_ ;_ * -#,##0_ ;_ * \"-\"_ ;_ @_ ",
        42 => "_ \"¥\"* #,##0_ ;_ \"¥\"* -#,##0_ ;_ \"¥\"* \"-\"_ ;_ @_ ",
        43 => "_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * \"-\"??_ ;_ @_ ",
        44 => "_ \"¥\"* #,##0.00_ ;_ \"¥\"* -#,##0.00_ ;_ \"¥\"* \"-\"??_ ;_ @_ ",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_the_cell_shows_them() {
        assert_eq!(format(96.4862, "0.00"), "96.49");
        assert_eq!(format(96.4862, "General"), "96.4862");
        assert_eq!(format(96.4862, "G/通用格式"), "96.4862");
        assert_eq!(format(1668.64, "#,##0.00"), "1,668.64");
        assert_eq!(format(1668.0, "0.00_ "), "1668.00");
        assert_eq!(format(2.675, "0.00"), "2.68");
        assert_eq!(format(0.125, "0.00"), "0.13");
        assert_eq!(format(-0.125, "0.00"), "-0.13");
        assert_eq!(format(0.3 + 0.6, "General"), "0.9");
        assert_eq!(format(1234.5, "0"), "1235");
        assert_eq!(format(0.5, "#.##"), "0.5");
        assert_eq!(format(96.4, "0.0#"), "96.4");
        assert_eq!(format(96.456, "0.0#"), "96.46");
        assert_eq!(format(1_234_567.0, "#,##0,"), "1,235");
    }

    #[test]
    fn percentages_signs_and_sections() {
        assert_eq!(format(0.9652, "0.00%"), "96.52%");
        assert_eq!(format(1.0, "0%"), "100%");
        assert_eq!(format(-5.5, "#,##0.00;[Red]\\(#,##0.00\\)"), "(5.50)");
        assert_eq!(format(-5.5, "#,##0.00"), "-5.50");
        // The accounting format: zero is a dash.
        let acct = "_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * \"-\"??_ ;_ @_ ";
        assert_eq!(format(0.0, acct).trim(), "-");
        assert_eq!(format(1234.5, acct).trim(), "1,234.50");
        assert_eq!(format(-1234.5, acct).trim(), "-1,234.50");
        assert_eq!(format(12.0, "0.00\"万元\""), "12.00万元");
        assert_eq!(format(12.0, "[$¥-804]#,##0.00"), "¥12.00");
        assert_eq!(format(12345.0, "0.00E+00"), "1.23E+04");
        assert_eq!(format(-0.001, "0.00"), "0.00");
    }

    #[test]
    fn dates() {
        assert_eq!(
            format(45291.0, "yyyy\"年\"m\"月\"d\"日\""),
            "2023年12月31日"
        );
        assert_eq!(format(45291.0, "yyyy-mm-dd"), "2023-12-31");
        assert_eq!(format(45291.5, "yyyy/m/d h:mm"), "2023/12/31 12:00");
        assert_eq!(format(1.0, "yyyy-mm-dd"), "1900-01-01");
        assert_eq!(format(61.0, "yyyy-mm-dd"), "1900-03-01");
    }

    #[test]
    fn shown_decimals() {
        assert_eq!(decimals("0.00"), Some(2));
        assert_eq!(decimals("#,##0"), Some(0));
        assert_eq!(decimals("0.0%"), Some(1));
        assert_eq!(decimals("General"), None);
        assert_eq!(decimals("yyyy-mm-dd"), None);
        assert!(is_percent("0.00%"));
        assert!(!is_percent("0.00\"%\""), "a quoted % is a literal");
    }
}
