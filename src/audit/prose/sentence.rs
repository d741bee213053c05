//! The machinery every prose rule shares: a paragraph's figures placed at
//! their char offsets with the words that name them (`Fig`), the paragraph
//! with figures masked so their commas are not clause marks (`Para`), and the
//! word lists and helpers the rules use.

use crate::audit::num::Num;
use crate::model::{Figure, FigureKind, Location, Operand, Paragraph};

/// A figure placed in its paragraph, with the words that name it.
#[derive(Debug, Clone)]
pub(super) struct Fig<'a> {
    pub(super) f: &'a Figure,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) num: Num,
    /// The words before the figure, back to the previous figure or clause mark.
    pub(super) label: String,
}

impl Fig<'_> {
    pub(super) fn is_amount(&self) -> bool {
        self.f.kind == FigureKind::Amount && self.f.comparator.is_none()
    }
    pub(super) fn is_percent(&self) -> bool {
        self.f.kind == FigureKind::Percent && self.f.comparator.is_none()
    }
    pub(super) fn unit(&self) -> Option<&str> {
        self.f.unit.as_deref()
    }
}

/// Context shared by the rules of one paragraph.
pub(super) struct Para<'a> {
    pub(super) chars: Vec<char>,
    /// `chars` with every figure's own characters replaced by '#', so that the
    /// comma in "4,438.80" is not read as a clause mark.
    pub(super) masked: Vec<char>,
    pub(super) section: Option<&'a str>,
    pub(super) p: &'a Paragraph,
}

impl Para<'_> {
    /// Start of the clause holding `pos` (after the previous clause or sentence mark).
    pub(super) fn clause_start(&self, pos: usize) -> usize {
        let mut i = pos.min(self.masked.len());
        while i > 0 {
            let c = self.masked[i - 1];
            if CLAUSE_MARK.contains(&c) || SENTENCE_END.contains(&c) {
                break;
            }
            i -= 1;
        }
        i
    }
    pub(super) fn masked_text(&self, a: usize, b: usize) -> String {
        self.masked[a.min(self.masked.len())..b.min(self.masked.len())]
            .iter()
            .collect()
    }
    pub(super) fn text(&self, a: usize, b: usize) -> String {
        self.chars[a.min(self.chars.len())..b.min(self.chars.len())]
            .iter()
            .collect()
    }
    pub(super) fn location(&self) -> Location {
        Location {
            section: self.section.map(str::to_string),
            source: Some(self.p.location.clone()),
            ..Default::default()
        }
    }
    pub(super) fn operand(&self, f: &Fig) -> Operand {
        Operand {
            label: f.label.clone(),
            value: f.num.value,
            text: f.f.text.clone(),
            location: self.location(),
        }
    }
    /// The sentence around a char range, for messages.
    pub(super) fn quote(&self, a: usize, b: usize) -> String {
        let s: String = self.text(a, b);
        let s = s.trim();
        if s.chars().count() > 120 {
            let head: String = s.chars().take(117).collect();
            format!("{head}…")
        } else {
            s.to_string()
        }
    }
}

pub(super) const SENTENCE_END: [char; 4] = ['。', '！', '？', '\n'];
pub(super) const CLAUSE_MARK: [char; 9] = ['，', '；', '：', ',', ';', ':', '、', '（', '('];
pub(super) const CHANGE_UP: [&str; 5] = ["增长", "增加", "上升", "提高", "增幅"];
pub(super) const CHANGE_DOWN: [&str; 5] = ["减少", "下降", "降低", "减幅", "降幅"];

/// Figures with char offsets and labels; figures without a usable offset are dropped.
pub(super) fn place<'a>(para: &Para<'a>) -> Vec<Fig<'a>> {
    let mut out: Vec<Fig<'a>> = Vec::new();
    let mut prev_end = 0usize;
    let mut figs: Vec<&Figure> = para.p.figures.iter().collect();
    figs.sort_by_key(|f| f.offset);
    for f in figs {
        let Some(start) = f.offset else { continue };
        let end = start + f.text.chars().count();
        if end > para.chars.len() || start < prev_end {
            continue;
        }
        let Some(num) = Num::from_figure(f) else {
            prev_end = end;
            continue;
        };
        let mut a = start;
        while a > prev_end && !CLAUSE_MARK.contains(&para.chars[a - 1]) {
            if SENTENCE_END.contains(&para.chars[a - 1]) {
                break;
            }
            a -= 1;
        }
        let label = clean_label(&para.text(a, start));
        out.push(Fig {
            f,
            start,
            end,
            num,
            label,
        });
        prev_end = end;
    }
    out
}

/// "其中部门预算为 " → "部门预算": drop spaces, connectors and copulas.
fn clean_label(s: &str) -> String {
    let mut t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    for p in ["其中", "以及", "和", "及", "与", "并"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.to_string();
        }
    }
    loop {
        let before = t.len();
        for suf in [
            "为", "是", "达到", "达", "约", "共计", "合计", "计", "共", "的", "了",
        ] {
            if let Some(r) = t.strip_suffix(suf) {
                t = r.to_string();
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

pub(super) fn cjk_count(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
}

pub(super) fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

pub(super) fn is_change_label(s: &str) -> bool {
    has_any(s, &CHANGE_UP) || has_any(s, &CHANGE_DOWN) || has_any(s, &["结余", "节约", "差额"])
}

/// Rounding-aware "a is at most b".
pub(super) fn at_most(a: Num, b: Num) -> bool {
    a.lo <= b.hi + 1e-9 * (1.0 + b.value.abs())
}
