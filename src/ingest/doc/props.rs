//! Paragraph and table properties of a Word binary document ([MS-DOC]):
//! the PAPX formatted disk pages (FKPs) located through the PlcBtePapx, the
//! property modifiers (sprms) in them, the stylesheet's built-in style ids
//! (headings), and the list definitions (PlfLst, PlfLfo) that automatic
//! numbering is rendered from.

use std::collections::HashMap;

/// Little-endian readers that return None past the end (the input is hostile).
pub fn u8_at(d: &[u8], i: usize) -> Option<u8> {
    d.get(i).copied()
}
pub fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        d.get(i..i.checked_add(2)?)?.try_into().ok()?,
    ))
}
pub fn i16_at(d: &[u8], i: usize) -> Option<i16> {
    u16_at(d, i).map(|v| v as i16)
}
pub fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        d.get(i..i.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// One property modifier: its code and operand bytes.
#[derive(Debug, Clone, Copy)]
pub struct Sprm<'a> {
    pub code: u16,
    pub arg: &'a [u8],
}

/// The sprms of a grpprl, in order. Stops at the first one that does not fit.
pub fn sprms(grpprl: &[u8]) -> Vec<Sprm<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(code) = u16_at(grpprl, i) {
        i += 2;
        let size = match code >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => {
                // Variable: a size byte, or for sprmTDefTable a size word
                // counting itself minus one.
                if code == 0xD608 {
                    let Some(cb) = u16_at(grpprl, i) else { break };
                    (cb as usize).saturating_sub(1) + 2
                } else {
                    let Some(cb) = u8_at(grpprl, i) else { break };
                    cb as usize + 1
                }
            }
        };
        let Some(arg) = grpprl.get(i..i + size) else {
            break;
        };
        out.push(Sprm { code, arg });
        i += size;
    }
    out
}

/// What a paragraph's properties say that the reader uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    pub istd: u16,
    pub in_table: bool,
    /// Table depth (1 = a cell of a top-level table).
    pub itap: u32,
    /// Ends a table row (the row's properties are in `tap`).
    pub ttp: bool,
    /// Ends a row of a nested table, or a cell of one.
    pub inner_ttp: bool,
    pub inner_cell: bool,
    pub ilfo: u16,
    pub ilvl: u8,
    pub centered: bool,
    /// Outline level 0–8 (9 = body text).
    pub outline: Option<u8>,
    pub tap: Option<RowProps>,
}

/// A table row's cells: boundaries (twips) and merges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowProps {
    /// itcMac + 1 cell edges.
    pub edges: Vec<i16>,
    /// Per cell: merged into the previous cell (legacy horizontal merge).
    pub merged_left: Vec<bool>,
    /// Per cell: continues the vertical merge of the cell above.
    pub merged_up: Vec<bool>,
    pub header: bool,
}

impl ParaProps {
    /// Apply a grpprl (after the istd). `data` is the Data stream, where a
    /// grpprl too large for its page lives (sprmPHugePapx).
    pub fn apply(&mut self, grpprl: &[u8], data: &[u8]) {
        for s in sprms(grpprl) {
            let b0 = s.arg.first().copied().unwrap_or(0);
            match s.code {
                0x6646 | 0x6645 if !data.is_empty() => {
                    let off = u32_at(s.arg, 0).unwrap_or(u32::MAX) as usize;
                    if let Some(cb) = u16_at(data, off) {
                        let end = (off + 2).saturating_add(cb as usize);
                        if let Some(huge) = data.get(off + 2..end) {
                            self.apply(huge, &[]);
                        }
                    }
                }
                0x2416 => self.in_table = b0 != 0,
                0x2417 => self.ttp = b0 != 0,
                0x6649 => {
                    self.itap = u32_at(s.arg, 0).unwrap_or(0).min(64);
                    self.in_table |= self.itap > 0;
                }
                0x664A => {
                    let d = u32_at(s.arg, 0).unwrap_or(0) as i32;
                    self.itap = (self.itap as i32 + d).clamp(0, 64) as u32;
                }
                0x244B => self.inner_cell = b0 != 0,
                0x244C => self.inner_ttp = b0 != 0,
                0x460B => self.ilfo = u16_at(s.arg, 0).unwrap_or(0),
                0x260A => self.ilvl = b0.min(8),
                0x2403 | 0x2461 => self.centered = b0 == 1,
                0x2640 => self.outline = (b0 < 9).then_some(b0),
                0xD608 => {
                    let tap = self.tap.get_or_insert_with(RowProps::default);
                    def_table(s.arg, tap);
                }
                0x3404 => self.tap.get_or_insert_with(RowProps::default).header = b0 != 0,
                // sprmTVertMerge: itc, vertMerge.
                0xD62B => {
                    if let (Some(itc), Some(v)) = (u8_at(s.arg, 1), u8_at(s.arg, 2)) {
                        let tap = self.tap.get_or_insert_with(RowProps::default);
                        let itc = itc as usize;
                        if itc < tap.merged_up.len() {
                            tap.merged_up[itc] = v == 1;
                        }
                    }
                }
                _ => {}
            }
        }
        if self.itap == 0 && self.in_table {
            self.itap = 1;
        }
    }
}

/// sprmTDefTable: itcMac, the cell edges, then a TC80 (20 bytes) per cell.
fn def_table(arg: &[u8], tap: &mut RowProps) {
    // arg: cb (2 bytes), itcMac, rgdxaCenter, rgTc80.
    let Some(n) = u8_at(arg, 2) else { return };
    let n = n as usize;
    let edges: Vec<i16> = (0..=n).map_while(|k| i16_at(arg, 3 + 2 * k)).collect();
    if edges.len() != n + 1 {
        return;
    }
    let tc_at = 3 + 2 * (n + 1);
    let mut merged_left = vec![false; n];
    let mut merged_up = vec![false; n];
    for k in 0..n {
        // Writers may leave out trailing TC80s.
        let Some(grf) = u16_at(arg, tc_at + 20 * k) else {
            break;
        };
        merged_left[k] = grf & 0x3 >= 2;
        merged_up[k] = (grf >> 5) & 0x3 == 1;
    }
    tap.edges = edges;
    tap.merged_left = merged_left;
    tap.merged_up = merged_up;
}

/// The PAPX runs: (first FC, FC past the end, properties).
pub struct Papx {
    runs: Vec<(u32, u32, ParaProps)>,
}

impl Papx {
    /// Read the PlcBtePapx at `plc` (table stream) and the FKPs it names
    /// (WordDocument stream).
    pub fn read(word: &[u8], plc: &[u8], data: &[u8]) -> Papx {
        let mut runs = Vec::new();
        let n = plc.len().saturating_sub(4) / 8;
        for k in 0..n {
            let Some(pn) = u32_at(plc, 4 * (n + 1) + 4 * k) else {
                break;
            };
            let pn = (pn & 0x3F_FFFF) as usize;
            let Some(page) = word.get(pn * 512..pn * 512 + 512) else {
                continue;
            };
            let crun = page[511] as usize;
            for r in 0..crun.min(101) {
                let (Some(fc0), Some(fc1)) = (u32_at(page, 4 * r), u32_at(page, 4 * (r + 1)))
                else {
                    break;
                };
                let bx = 4 * (crun + 1) + 13 * r;
                let Some(off) = u8_at(page, bx) else { break };
                let mut props = ParaProps::default();
                if off != 0 {
                    let at = off as usize * 2;
                    let Some(cb) = u8_at(page, at) else { continue };
                    let (len, start) = if cb == 0 {
                        (2 * u8_at(page, at + 1).unwrap_or(0) as usize, at + 2)
                    } else {
                        ((2 * cb as usize).saturating_sub(1), at + 1)
                    };
                    let Some(grpprl) = page.get(start..(start + len).min(511)) else {
                        continue;
                    };
                    props.istd = u16_at(grpprl, 0).unwrap_or(0);
                    props.apply(grpprl.get(2..).unwrap_or(&[]), data);
                }
                runs.push((fc0, fc1, props));
            }
        }
        runs.sort_by_key(|r| r.0);
        Papx { runs }
    }

    /// The properties of the paragraph whose mark is at `fc`.
    pub fn at(&self, fc: u32) -> Option<&ParaProps> {
        let i = self.runs.partition_point(|r| r.0 <= fc);
        let (lo, hi, props) = self.runs.get(i.checked_sub(1)?)?;
        (fc >= *lo && fc < *hi).then_some(props)
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
}

/// Built-in style ids (sti) by style index: sti 1–9 are Heading 1–9, in any
/// language the style names are shown in.
pub fn style_ids(stsh: &[u8]) -> Vec<u16> {
    let Some(cb_stshi) = u16_at(stsh, 0) else {
        return Vec::new();
    };
    let cstd = u16_at(stsh, 2).unwrap_or(0) as usize;
    let mut at = 2 + cb_stshi as usize;
    let mut out = Vec::with_capacity(cstd.min(4096));
    for _ in 0..cstd.min(4096) {
        let Some(cb) = u16_at(stsh, at) else { break };
        let sti = if cb >= 2 {
            u16_at(stsh, at + 2).map_or(0x0FFE, |v| v & 0x0FFF)
        } else {
            0x0FFF
        };
        out.push(sti);
        at += 2 + cb as usize;
    }
    out
}

/// One list level: start, number format, template (level placeholders are
/// the characters 0–8) and what follows the number.
#[derive(Debug, Clone)]
struct Level {
    start: i64,
    nfc: u8,
    template: Vec<u16>,
    follow: u8,
    legal: bool,
}

/// The lists of a document and the counters that render them.
#[derive(Default)]
pub struct Lists {
    /// lsid → its levels.
    lists: HashMap<i32, Vec<Level>>,
    /// LFO index (0-based) → lsid.
    lfo: Vec<i32>,
    counters: HashMap<i32, [i64; 9]>,
}

impl Lists {
    pub fn read(lst: &[u8], lfo: &[u8]) -> Lists {
        let mut out = Lists::default();
        let count = i16_at(lst, 0).unwrap_or(0).max(0) as usize;
        let mut lstfs = Vec::new();
        for k in 0..count.min(4096) {
            let at = 2 + 28 * k;
            let (Some(lsid), Some(flags)) = (u32_at(lst, at), u8_at(lst, at + 26)) else {
                break;
            };
            lstfs.push((lsid as i32, flags & 1 == 1));
        }
        let mut at = 2 + 28 * lstfs.len();
        'lists: for (lsid, simple) in lstfs {
            let levels = if simple { 1 } else { 9 };
            let mut lvls = Vec::new();
            for _ in 0..levels {
                let Some(start) = u32_at(lst, at) else {
                    break 'lists;
                };
                let nfc = u8_at(lst, at + 4).unwrap_or(0);
                let flags = u8_at(lst, at + 5).unwrap_or(0);
                let follow = u8_at(lst, at + 15).unwrap_or(0);
                let cb_chpx = u8_at(lst, at + 24).unwrap_or(0) as usize;
                let cb_papx = u8_at(lst, at + 25).unwrap_or(0) as usize;
                at += 28 + cb_papx + cb_chpx;
                let Some(cch) = u16_at(lst, at) else {
                    break 'lists;
                };
                let template: Vec<u16> = (0..cch as usize)
                    .map_while(|k| u16_at(lst, at + 2 + 2 * k))
                    .collect();
                at += 2 + 2 * cch as usize;
                lvls.push(Level {
                    start: i64::from(start as i32),
                    nfc,
                    template,
                    follow,
                    legal: flags & 0x04 != 0,
                });
            }
            out.lists.insert(lsid, lvls);
        }
        let n = u32_at(lfo, 0).unwrap_or(0) as usize;
        for k in 0..n.min(8192) {
            let Some(lsid) = u32_at(lfo, 4 + 16 * k) else {
                break;
            };
            out.lfo.push(lsid as i32);
        }
        out
    }

    /// Advance the list of `ilfo` (1-based) at `ilvl`; the number's visible text.
    pub fn next(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let lsid = *self.lfo.get((ilfo as usize).checked_sub(1)?)?;
        let levels = self.lists.get(&lsid)?;
        let ilvl = (ilvl as usize).min(levels.len().checked_sub(1)?);
        let starts: Vec<i64> = (0..9)
            .map(|l| levels.get(l).map_or(1, |x| x.start))
            .collect();
        let counters = self.counters.entry(lsid).or_insert_with(|| {
            let mut c = [0; 9];
            for (l, v) in c.iter_mut().enumerate() {
                *v = starts[l] - 1;
            }
            c
        });
        counters[ilvl] += 1;
        for (l, c) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            *c = starts[l] - 1;
        }
        let counters = *counters;
        let def = &levels[ilvl];
        // 23: bullet, 255: none.
        if def.nfc == 23 || def.nfc == 255 {
            return None;
        }
        let mut out = String::new();
        for &u in &def.template {
            if u < 9 {
                let l = u as usize;
                let nfc = if def.legal && l != ilvl {
                    0
                } else {
                    levels.get(l).map_or(0, |x| x.nfc)
                };
                out.push_str(&crate::ingest::docx::format_number(
                    counters[l].max(0),
                    nfc_name(nfc),
                ));
            } else if let Some(c) = char::from_u32(u32::from(u)) {
                out.push(c);
            }
        }
        if out.trim().is_empty() {
            return None;
        }
        let ends_cjk = out
            .chars()
            .last()
            .is_some_and(|c| matches!(c, '、' | '）' | '．' | '。' | '：' | '】' | '」'));
        // ixchFollow: 0 tab, 1 space, 2 nothing.
        if def.follow != 2 && !ends_cjk {
            out.push(' ');
        }
        Some(out)
    }
}

/// The OOXML name of a binary number format code (MSONFC).
fn nfc_name(nfc: u8) -> &'static str {
    match nfc {
        1 => "upperRoman",
        2 => "lowerRoman",
        3 => "upperLetter",
        4 => "lowerLetter",
        10 => "ideographDigital",
        11 => "japaneseCounting",
        14 | 19 => "decimalFullWidth",
        18 => "decimalEnclosedCircle",
        22 => "decimalZero",
        26 => "decimalEnclosedFullstop",
        27 => "decimalEnclosedParen",
        28 => "decimalEnclosedCircleChinese",
        29 => "ideographEnclosedCircle",
        30 => "ideographTraditional",
        31 => "ideographZodiac",
        33 => "taiwaneseCounting",
        35 => "taiwaneseCountingThousand",
        37 => "chineseCounting",
        38 => "chineseLegalSimplified",
        39 => "chineseCountingThousand",
        _ => "decimal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprm_operands_by_size_class() {
        // sprmPFInTable 1, sprmPItap 1, sprmPIlfo 3.
        let mut g = vec![0x16, 0x24, 1];
        g.extend([0x49, 0x66, 1, 0, 0, 0]);
        g.extend([0x0B, 0x46, 3, 0]);
        let mut p = ParaProps::default();
        p.apply(&g, &[]);
        assert!(p.in_table);
        assert_eq!((p.itap, p.ilfo), (1, 3));
        // A truncated sprm stops the walk instead of reading past the end.
        assert_eq!(sprms(&[0x49, 0x66, 1]).len(), 0);
    }

    #[test]
    fn table_definition_edges_and_merges() {
        // sprmTDefTable with two cells, the second continuing a vertical merge.
        let mut arg = Vec::new();
        let body_len = 1 + 3 * 2 + 2 * 20;
        arg.extend(((body_len + 1) as u16).to_le_bytes());
        arg.push(2);
        for e in [0i16, 1000, 2000] {
            arg.extend(e.to_le_bytes());
        }
        let mut tc = vec![0u8; 20];
        arg.extend(&tc);
        tc[0] = 1 << 5;
        arg.extend(&tc);
        let mut g = vec![0x08, 0xD6];
        g.extend(&arg);
        let mut p = ParaProps::default();
        p.apply(&g, &[]);
        let tap = p.tap.unwrap();
        assert_eq!(tap.edges, [0, 1000, 2000]);
        assert_eq!(tap.merged_up, [false, true]);
    }
}
