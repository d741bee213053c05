//! Styles (`word/styles.xml`) and list numbering (`word/numbering.xml`):
//! what a paragraph inherits (outline level, bold, size, alignment, list) and
//! the visible text of automatic numbers ("一、", "（一）", "1.").

use std::collections::HashMap;

use super::xml::Node;

/// Resolved properties of one style (after `basedOn`).
#[derive(Debug, Clone, Default)]
pub struct StyleProps {
    /// 0-based outline level (`w:outlineLvl`, or the "heading N" name).
    pub outline: Option<u8>,
    pub bold: Option<bool>,
    /// Half-points.
    pub size: Option<u32>,
    pub centered: Option<bool>,
    /// (numId, ilvl) from the style's `w:numPr`.
    pub num: Option<(String, Option<u8>)>,
    pub hidden: Option<bool>,
}

impl StyleProps {
    /// `self` over `base`: set values win.
    pub fn over(&self, base: &StyleProps) -> StyleProps {
        StyleProps {
            outline: self.outline.or(base.outline),
            bold: self.bold.or(base.bold),
            size: self.size.or(base.size),
            centered: self.centered.or(base.centered),
            num: self.num.clone().or_else(|| base.num.clone()),
            hidden: self.hidden.or(base.hidden),
        }
    }
}

#[derive(Debug, Default)]
pub struct Styles {
    /// Paragraph and character styles by id, inheritance resolved.
    by_id: HashMap<String, StyleProps>,
    /// Run defaults (`w:docDefaults`).
    pub defaults: StyleProps,
    /// The default paragraph style's id.
    pub default_paragraph: Option<String>,
}

impl Styles {
    pub fn parse(root: &Node) -> Styles {
        let mut raw: HashMap<String, (Option<String>, StyleProps)> = HashMap::new();
        let mut styles = Styles::default();
        for n in root.elements() {
            if n.is("docDefaults") {
                if let Some(rpr) = n.child("rPrDefault").and_then(|d| d.child("rPr")) {
                    run_props(rpr, &mut styles.defaults);
                }
                if let Some(ppr) = n.child("pPrDefault").and_then(|d| d.child("pPr")) {
                    para_props(ppr, &mut styles.defaults);
                }
            }
            if !n.is("style") {
                continue;
            }
            let Some(id) = n.attr("styleId") else {
                continue;
            };
            let mut props = StyleProps::default();
            if let Some(ppr) = n.child("pPr") {
                para_props(ppr, &mut props);
            }
            if let Some(rpr) = n.child("rPr") {
                run_props(rpr, &mut props);
            }
            if props.outline.is_none() {
                let name = n.child("name").and_then(|x| x.val()).unwrap_or_default();
                props.outline = heading_name_level(name).or_else(|| heading_name_level(id));
            }
            if n.attr("type") == Some("paragraph") && n.attr("default").is_some_and(is_true) {
                styles.default_paragraph = Some(id.to_string());
            }
            let based = n.child("basedOn").and_then(|b| b.val()).map(str::to_string);
            raw.insert(id.to_string(), (based, props));
        }
        // Resolve basedOn chains (bounded: cycles and long chains stop).
        for id in raw.keys() {
            let mut props = StyleProps::default();
            let mut cur = Some(id.as_str());
            let mut hops = 0;
            while let Some(c) = cur {
                let Some((based, p)) = raw.get(c) else { break };
                props = props.over(p);
                cur = based.as_deref();
                hops += 1;
                if hops > 32 {
                    break;
                }
            }
            styles.by_id.insert(id.clone(), props);
        }
        styles
    }

    pub fn get(&self, id: &str) -> Option<&StyleProps> {
        self.by_id.get(id)
    }

    /// The properties a paragraph inherits from its style (or the default style).
    pub fn paragraph(&self, id: Option<&str>) -> StyleProps {
        let id = id.or(self.default_paragraph.as_deref());
        id.and_then(|i| self.by_id.get(i))
            .cloned()
            .unwrap_or_default()
    }
}

fn is_true(v: &str) -> bool {
    matches!(v, "1" | "true" | "on")
}

/// "heading 2", "Heading2", "标题 2" → 1 (0-based).
fn heading_name_level(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then(|| n - 1)
}

/// Paragraph properties that matter here, from a `w:pPr`.
pub fn para_props(ppr: &Node, props: &mut StyleProps) {
    for n in ppr.elements() {
        if n.is("outlineLvl") {
            props.outline = n.int_val().and_then(|v| u8::try_from(v).ok());
        } else if n.is("jc") {
            props.centered = Some(matches!(n.val(), Some("center")));
        } else if n.is("numPr") {
            let id = n.child("numId").and_then(|x| x.val()).map(str::to_string);
            let lvl = n
                .child("ilvl")
                .and_then(|x| x.int_val())
                .and_then(|v| u8::try_from(v).ok());
            if let Some(id) = id {
                props.num = Some((id, lvl));
            } else if let Some((_, l)) = props.num.as_mut() {
                *l = lvl.or(*l);
            }
        }
    }
}

/// Run properties that matter here, from a `w:rPr`.
pub fn run_props(rpr: &Node, props: &mut StyleProps) {
    for n in rpr.elements() {
        if n.is("b") {
            props.bold = Some(n.on());
        } else if n.is("sz") {
            props.size = n
                .int_val()
                .and_then(|v| u32::try_from(v).ok())
                .filter(|&v| v > 0 && v < 4000);
        } else if n.is("vanish") {
            props.hidden = Some(n.on());
        }
    }
}

// ---------------------------------------------------------------------------
// Numbering
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
struct Level {
    start: i64,
    fmt: String,
    text: Option<String>,
    /// What follows the number: "tab" (default), "space" or "nothing".
    suffix: String,
    legal: bool,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: String,
    /// Per level: a replacement definition and/or a start override.
    overrides: HashMap<u8, (Option<Level>, Option<i64>)>,
}

/// Numbering definitions and the running counters of one document.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Option<Level>>>,
    instances: HashMap<String, Instance>,
    /// Counters per abstract list (Word continues a list across instances of
    /// the same abstract definition unless an override restarts it).
    counters: HashMap<String, [i64; 9]>,
    /// Instances whose start overrides were applied already.
    started: std::collections::HashSet<String>,
}

fn level(n: &Node) -> Level {
    Level {
        start: n.child("start").and_then(|s| s.int_val()).unwrap_or(1),
        fmt: n
            .child("numFmt")
            .and_then(|f| f.val())
            .unwrap_or("decimal")
            .to_string(),
        text: n.child("lvlText").and_then(|t| t.val()).map(str::to_string),
        suffix: n
            .child("suff")
            .and_then(|t| t.val())
            .unwrap_or("tab")
            .to_string(),
        legal: n.child("isLgl").is_some_and(|x| x.on()),
    }
}

fn level_index(n: &Node) -> Option<u8> {
    n.attr("ilvl")
        .and_then(super::xml::lenient_int)
        .and_then(|v| u8::try_from(v).ok())
        .filter(|&v| v < 9)
}

impl Numbering {
    pub fn parse(root: &Node) -> Numbering {
        let mut numbering = Numbering::default();
        for n in root.elements() {
            if n.is("abstractNum") {
                let Some(id) = n.attr("abstractNumId") else {
                    continue;
                };
                let mut levels: Vec<Option<Level>> = vec![None; 9];
                for l in n.elements().filter(|l| l.is("lvl")) {
                    if let Some(i) = level_index(l) {
                        levels[i as usize] = Some(level(l));
                    }
                }
                numbering.abstracts.insert(id.to_string(), levels);
            } else if n.is("num") {
                let Some(id) = n.attr("numId") else { continue };
                let abstract_id = n
                    .child("abstractNumId")
                    .and_then(|a| a.val())
                    .unwrap_or_default()
                    .to_string();
                let mut inst = Instance {
                    abstract_id,
                    ..Default::default()
                };
                for o in n.elements().filter(|o| o.is("lvlOverride")) {
                    let Some(i) = level_index(o) else { continue };
                    let start = o.child("startOverride").and_then(|s| s.int_val());
                    let lvl = o.child("lvl").map(level);
                    inst.overrides.insert(i, (lvl, start));
                }
                numbering.instances.insert(id.to_string(), inst);
            }
        }
        numbering
    }

    fn level_def(&self, inst: &Instance, ilvl: u8) -> Option<Level> {
        if let Some((Some(l), _)) = inst.overrides.get(&ilvl) {
            return Some(l.clone());
        }
        self.abstracts
            .get(&inst.abstract_id)
            .and_then(|levels| levels.get(ilvl as usize).cloned().flatten())
    }

    /// Advance the list `num_id` at level `ilvl` and return the number's
    /// visible text with what follows it ("一、", "1. "). None for numId 0,
    /// unknown lists, bullets and empty level texts.
    pub fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let ilvl = ilvl.min(8);
        let inst = self.instances.get(num_id)?.clone();
        let def = self.level_def(&inst, ilvl)?;
        let key = inst.abstract_id.clone();
        let starts: Vec<i64> = (0..9)
            .map(|l| {
                inst.overrides
                    .get(&l)
                    .and_then(|(lvl, s)| s.or(lvl.as_ref().map(|x| x.start)))
                    .or_else(|| self.level_def(&inst, l).map(|d| d.start))
                    .unwrap_or(1)
            })
            .collect();
        let fresh = !self.counters.contains_key(&key);
        let counters = self.counters.entry(key).or_insert([0; 9]);
        if fresh {
            for (l, c) in counters.iter_mut().enumerate() {
                *c = starts[l] - 1;
            }
        }
        if self.started.insert(num_id.to_string()) {
            // A list instance restarting its numbering.
            for (l, &(_, s)) in inst.overrides.iter() {
                if let Some(s) = s {
                    counters[*l as usize] = s - 1;
                }
            }
        }
        counters[ilvl as usize] += 1;
        for (l, c) in counters.iter_mut().enumerate().skip(ilvl as usize + 1) {
            *c = starts[l] - 1;
        }
        let counters = *counters;
        if def.fmt == "bullet" || def.fmt == "none" {
            return None;
        }
        let template = def.text.clone()?;
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let l = (d - 1) as u8;
                let fmt = if def.legal && l != ilvl {
                    "decimal".to_string()
                } else {
                    self.level_def(&inst, l)
                        .map(|x| x.fmt)
                        .unwrap_or_else(|| "decimal".into())
                };
                out.push_str(&format_number(counters[l as usize].max(0), &fmt));
            } else {
                out.push(c);
            }
        }
        if out.trim().is_empty() {
            return None;
        }
        // What follows: Chinese list texts end in their own punctuation ("一、",
        // "（一）"); others get a space where Word shows a tab or a space.
        let ends_cjk = out.chars().last().is_some_and(|c| {
            matches!(c, '、' | '）' | '．' | '。' | '：' | '】' | '」') || is_enclosed(c)
        });
        if def.suffix != "nothing" && !ends_cjk {
            out.push(' ');
        }
        Some(out)
    }
}

fn is_enclosed(c: char) -> bool {
    ('\u{2460}'..='\u{24FF}').contains(&c) || ('\u{3251}'..='\u{32BF}').contains(&c)
}

// ---------------------------------------------------------------------------
// Number formats (ST_NumberFormat)
// ---------------------------------------------------------------------------

const CN_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// Format `n` in a `w:numFmt`. Unknown formats fall back to decimal.
pub fn format_number(n: i64, fmt: &str) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital" => chinese(n, &CN_DIGITS, ['十', '百', '千']),
        "chineseLegalSimplified" => chinese(n, &CN_LEGAL, ['拾', '佰', '仟']),
        "ideographTraditional" => cycle(n, "甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => {
            enclosed(n, '\u{2460}', 20).unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedParen" => enclosed(n, '\u{2474}', 20).unwrap_or_else(|| format!("({n})")),
        "decimalEnclosedFullstop" => enclosed(n, '\u{2488}', 20).unwrap_or_else(|| format!("{n}.")),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| {
                c.to_digit(10)
                    .and_then(|d| char::from_u32(0xFF10 + d))
                    .unwrap_or(c)
            })
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerLetter" => letters(n).to_lowercase(),
        "none" | "bullet" => String::new(),
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五.
fn chinese(n: i64, digits: &[char; 10], units: [char; 3]) -> String {
    if !(0..10_000).contains(&n) {
        return n.to_string();
    }
    if n == 0 {
        return digits[0].to_string();
    }
    let parts = [
        (n / 1000, Some(units[2])),
        (n / 100 % 10, Some(units[1])),
        (n / 10 % 10, Some(units[0])),
        (n % 10, None),
    ];
    let mut out = String::new();
    let mut zero_pending = false;
    for (d, unit) in parts {
        if d == 0 {
            if !out.is_empty() {
                zero_pending = true;
            }
            continue;
        }
        if zero_pending {
            out.push(digits[0]);
            zero_pending = false;
        }
        // 十一, not 一十一, when the tens lead.
        if !(d == 1 && unit == Some(units[0]) && out.is_empty()) {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}

fn cycle(n: i64, chars: &str) -> String {
    let v: Vec<char> = chars.chars().collect();
    if n < 1 {
        return n.to_string();
    }
    v[((n - 1) as usize) % v.len()].to_string()
}

fn enclosed(n: i64, first: char, count: i64) -> Option<String> {
    if (1..=count).contains(&n) {
        char::from_u32(first as u32 + (n - 1) as u32).map(|c| c.to_string())
    } else {
        None
    }
}

fn roman(mut n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// 1 → A, 26 → Z, 27 → AA (Word repeats the letter).
fn letters(n: i64) -> String {
    if n < 1 {
        return n.to_string();
    }
    let idx = ((n - 1) % 26) as u8;
    let times = ((n - 1) / 26 + 1).min(10) as usize;
    std::iter::repeat_n((b'A' + idx) as char, times).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::docx::xml::parse;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn chinese_counting() {
        let f = |n| format_number(n, "chineseCounting");
        assert_eq!(f(1), "一");
        assert_eq!(f(10), "十");
        assert_eq!(f(11), "十一");
        assert_eq!(f(20), "二十");
        assert_eq!(f(21), "二十一");
        assert_eq!(f(105), "一百零五");
        assert_eq!(f(110), "一百一十");
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
    }

    #[test]
    fn numbering_levels_and_restart() {
        let xml = format!(
            r#"<w:numbering {NS}>
            <w:abstractNum w:abstractNumId="7">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
              <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
            </w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="7"/>
              <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
            </w:numbering>"#
        );
        let mut n = Numbering::parse(&parse(&xml, "numbering").expect("xml"));
        assert_eq!(n.next("1", 0).as_deref(), Some("一、"));
        assert_eq!(n.next("1", 1).as_deref(), Some("（一）"));
        assert_eq!(n.next("1", 1).as_deref(), Some("（二）"));
        assert_eq!(n.next("1", 2).as_deref(), Some("1. "));
        assert_eq!(n.next("1", 0).as_deref(), Some("二、"));
        assert_eq!(
            n.next("1", 1).as_deref(),
            Some("（一）"),
            "deeper levels restart"
        );
        assert_eq!(n.next("1", 3), None, "bullets render no text");
        assert_eq!(
            n.next("2", 0).as_deref(),
            Some("五、"),
            "startOverride restarts"
        );
        assert_eq!(n.next("0", 0), None);
        assert_eq!(n.next("99", 0), None);
    }

    #[test]
    fn styles_inherit_and_name_headings() {
        let xml = format!(
            r#"<w:styles {NS}>
            <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
              <w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Mine"/><w:basedOn w:val="1"/>
              <w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b w:val="0"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            </w:styles>"#
        );
        let s = Styles::parse(&parse(&xml, "styles").expect("xml"));
        let h = s.paragraph(Some("1"));
        assert_eq!((h.outline, h.bold, h.size), (Some(0), Some(true), Some(32)));
        let m = s.paragraph(Some("Mine"));
        assert_eq!(
            (m.outline, m.bold, m.centered),
            (Some(0), Some(false), Some(true))
        );
        assert_eq!(s.paragraph(Some("Loop")).outline, Some(2));
        assert_eq!(s.default_paragraph.as_deref(), Some("Normal"));
        assert_eq!(s.defaults.size, Some(24));
    }
}
