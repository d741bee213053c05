//! The content-stream interpreter: text state and matrices, text-showing
//! operators with kerning, q/Q/cm, Form XObjects (cycle guard, nesting cap),
//! and path painting reduced to axis-aligned ruling lines.
//!
//! Coordinates leave here already on the upright page: the page's device
//! matrix (crop box offset, /Rotate, y flip) is the initial CTM.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fasthash::FastMap;
use super::font::{CMapCache, Font};
use super::lexer::{Lexer, Operand};
use super::{Glyph, Rule};
use crate::limits::{self, Counted};

/// An affine matrix [a b c d e f] (row-vector convention, as in PDF).
pub(crate) type Matrix = [f32; 6];

pub(crate) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m1` then `m2`.
#[inline]
pub(crate) fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

#[inline]
pub(crate) fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Fonts of one document, shared by all pages (a font dictionary is loaded
/// once however many pages use it).
#[derive(Default)]
pub(crate) struct FontStore {
    pub fonts: Vec<Font>,
    by_addr: FastMap<usize, usize>,
    pub cmaps: CMapCache,
}

impl FontStore {
    fn font_for(&mut self, doc: &Document, dict: &Dictionary) -> usize {
        let addr = dict as *const Dictionary as usize;
        if let Some(&i) = self.by_addr.get(&addr) {
            return i;
        }
        let f = Font::load(doc, dict, &mut self.cmaps);
        self.fonts.push(f);
        let i = self.fonts.len() - 1;
        self.by_addr.insert(addr, i);
        i
    }
}

#[derive(Clone, Copy)]
struct GState {
    ctm: Matrix,
    font: Option<usize>,
    size: f32,
    char_space: f32,
    word_space: f32,
    h_scale: f32,
    leading: f32,
    rise: f32,
    render: i32,
    fill_white: bool,
}

/// A glyph as the interpreter places it, with the document-wide font index
/// and whether the render mode emboldens it; `mod.rs` turns it into a
/// [`Glyph`] with a per-page font index.
pub(crate) struct Placed {
    pub glyph: Glyph,
    pub font: usize,
    pub fake_bold: bool,
}

/// What one page's interpretation produced.
#[derive(Default)]
pub(crate) struct PageOutput {
    pub glyphs: Vec<Placed>,
    pub rules: Vec<Rule>,
    /// Problems met (bad XObject, nesting too deep …), for page warnings.
    pub problems: Vec<String>,
    /// Image XObjects or inline images drawn (a page with images and no
    /// text is probably scanned).
    pub images: usize,
    /// Image XObjects drawn, with the matrix that places them (for OCR of
    /// scanned pages).
    pub image_draws: Vec<ImageDraw>,
}

/// An image XObject drawn on the page: the unit square of image space goes
/// through `ctm` to the upright page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ImageDraw {
    pub id: ObjectId,
    pub ctm: Matrix,
}

pub(crate) struct Interpreter<'d, 's> {
    doc: &'d Document,
    store: &'s mut FontStore,
    pub out: PageOutput,
    /// Form XObjects being run, innermost last (cycle guard).
    forms: Vec<ObjectId>,
    ops: usize,
}

/// Operators between deadline checks.
const CHECK_EVERY: usize = 4096;
/// Deepest q nesting honoured (deeper pushes are ignored, like poppler).
const MAX_GSTATE_DEPTH: usize = 1024;

struct Path {
    /// Points of the current path: (x, y, starts a subpath, reached by a curve).
    points: Vec<(f32, f32, bool, bool)>,
    /// Index of the point that starts the current subpath.
    start: Option<usize>,
}

/// Most points kept in one path: a path longer than this is a drawing, not a
/// ruling line, and its further points are ignored (the memory stays bounded).
const MAX_PATH_POINTS: usize = 1 << 20;

impl Path {
    fn push(&mut self, p: (f32, f32, bool, bool)) {
        if self.points.len() >= MAX_PATH_POINTS {
            return;
        }
        if p.2 {
            self.start = Some(self.points.len());
        }
        self.points.push(p);
    }

    fn clear(&mut self) {
        self.points.clear();
        self.start = None;
    }
}

impl<'d, 's> Interpreter<'d, 's> {
    pub(crate) fn new(doc: &'d Document, store: &'s mut FontStore) -> Self {
        Interpreter {
            doc,
            store,
            out: PageOutput::default(),
            forms: Vec::new(),
            ops: 0,
        }
    }

    fn deref(&self, o: &'d Object) -> &'d Object {
        let mut o = o;
        for _ in 0..8 {
            match o {
                Object::Reference(id) => match self.doc.get_object(*id) {
                    Ok(x) => o = x,
                    Err(_) => return &Object::Null,
                },
                _ => return o,
            }
        }
        &Object::Null
    }

    fn sub_dict(&self, res: Option<&'d Dictionary>, kind: &[u8]) -> Option<&'d Dictionary> {
        match self.deref(res?.get(kind).ok()?) {
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
    }

    /// Run a content stream with `resources`, starting from `ctm`.
    pub(crate) fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        ctm: Matrix,
        depth: usize,
    ) -> crate::error::Result<()> {
        let mut gs = GState {
            ctm,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0,
            fill_white: false,
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path = Path {
            points: Vec::new(),
            start: None,
        };
        let fonts = self.sub_dict(resources, b"Font");
        let xobjects = self.sub_dict(resources, b"XObject");
        let mut lx = Lexer::new(content);

        while let Some(op) = lx.next_op() {
            self.ops += 1;
            if self.ops.is_multiple_of(CHECK_EVERY) {
                limits::check()?;
            }
            let nums = NumView(&lx.operands);
            match op {
                b"q" if stack.len() < MAX_GSTATE_DEPTH => stack.push(gs),
                b"Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                b"cm" => {
                    if let Some(m) = nums.matrix() {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"ET" => {}
                b"Tc" => gs.char_space = nums.last(0.0),
                b"Tw" => gs.word_space = nums.last(0.0),
                b"Tz" => gs.h_scale = nums.last(100.0) / 100.0,
                b"TL" => gs.leading = nums.last(0.0),
                b"Ts" => gs.rise = nums.last(0.0),
                b"Tr" => gs.render = nums.last(0.0) as i32,
                b"Tf" => {
                    gs.size = nums.last(0.0);
                    let name = lx.operands.iter().rev().find_map(|o| match o {
                        Operand::Name(s, e) => Some(lx.bytes(*s, *e)),
                        _ => None,
                    });
                    gs.font = name.and_then(|n| {
                        let d = match self.deref(fonts?.get(n).ok()?) {
                            Object::Dictionary(d) => d,
                            _ => return None,
                        };
                        Some(self.store.font_for(self.doc, d))
                    });
                }
                b"Td" => {
                    let (tx, ty) = nums.two();
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                    tm = tlm;
                }
                b"TD" => {
                    let (tx, ty) = nums.two();
                    gs.leading = -ty;
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    if let Some(m) = nums.matrix() {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"'" || op == b"\"" {
                        if op == b"\"" {
                            let n: Vec<f32> = lx
                                .operands
                                .iter()
                                .filter_map(|o| match o {
                                    Operand::Num(v) => Some(*v),
                                    _ => None,
                                })
                                .collect();
                            if n.len() >= 2 {
                                gs.word_space = n[n.len() - 2];
                                gs.char_space = n[n.len() - 1];
                            }
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    let Some(fi) = gs.font else {
                        continue;
                    };
                    let operands = std::mem::take(&mut lx.operands);
                    let vertical = self.store.fonts[fi].vertical;
                    for o in &operands {
                        match *o {
                            Operand::Str(s, e) => {
                                let bytes = lx.bytes(s, e);
                                let before = self.out.glyphs.len();
                                self.show(bytes, fi, &gs, &mut tm);
                                limits::count(Counted::Glyphs, self.out.glyphs.len() - before)?;
                            }
                            Operand::Num(adj) if op == b"TJ" => {
                                let d = -adj / 1000.0 * gs.size;
                                if vertical {
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, d], &tm);
                                } else {
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, d * gs.h_scale, 0.0], &tm);
                                }
                            }
                            _ => {}
                        }
                    }
                    lx.operands = operands;
                }
                // Paths.
                b"m" => {
                    let (x, y) = nums.two();
                    let (x, y) = apply(&gs.ctm, x, y);
                    path.push((x, y, true, false));
                }
                b"l" => {
                    let (x, y) = nums.two();
                    let (x, y) = apply(&gs.ctm, x, y);
                    let start = path.points.is_empty();
                    path.push((x, y, start, false));
                }
                b"c" | b"v" | b"y" => {
                    let (x, y) = nums.two();
                    let (x, y) = apply(&gs.ctm, x, y);
                    let start = path.points.is_empty();
                    path.push((x, y, start, true));
                }
                b"h" => {
                    if let Some(first) = path.start {
                        let (x, y, _, _) = path.points[first];
                        path.push((x, y, false, false));
                    }
                }
                b"re" => {
                    let v = nums.tail::<4>();
                    if let Some([x, y, w, h]) = v {
                        let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                        for (i, (px, py)) in corners.into_iter().enumerate() {
                            let (px, py) = apply(&gs.ctm, px, py);
                            path.push((px, py, i == 0, false));
                        }
                    }
                }
                b"S" | b"s" => {
                    let before = self.out.rules.len();
                    self.stroke(&path.points, op == b"s");
                    path.clear();
                    limits::count(Counted::Glyphs, self.out.rules.len() - before)?;
                }
                b"f" | b"F" | b"f*" => {
                    let before = self.out.rules.len();
                    if !gs.fill_white {
                        self.fill(&path.points);
                    }
                    path.clear();
                    limits::count(Counted::Glyphs, self.out.rules.len() - before)?;
                }
                b"B" | b"B*" | b"b" | b"b*" => {
                    let before = self.out.rules.len();
                    self.stroke(&path.points, op.starts_with(b"b"));
                    if !gs.fill_white {
                        self.fill(&path.points);
                    }
                    path.clear();
                    limits::count(Counted::Glyphs, self.out.rules.len() - before)?;
                }
                b"n" => path.clear(),
                // Fill colour, only to skip white fills (erasing, page backgrounds).
                b"g" => gs.fill_white = nums.last(0.0) >= 0.99,
                b"rg" => {
                    gs.fill_white = nums
                        .tail::<3>()
                        .is_some_and(|c| c.iter().all(|v| *v >= 0.99))
                }
                b"k" => {
                    gs.fill_white = nums
                        .tail::<4>()
                        .is_some_and(|c| c.iter().all(|v| *v <= 0.01))
                }
                b"sc" | b"scn" => {
                    let n: Vec<f32> = lx
                        .operands
                        .iter()
                        .filter_map(|o| match o {
                            Operand::Num(v) => Some(*v),
                            _ => None,
                        })
                        .collect();
                    gs.fill_white = match n.len() {
                        1 | 3 => n.iter().all(|v| *v >= 0.99),
                        4 => n.iter().all(|v| *v <= 0.01),
                        _ => false,
                    };
                }
                b"cs" => gs.fill_white = false,
                b"EI" => self.out.images += 1,
                b"Do" => {
                    let name = lx.operands.iter().rev().find_map(|o| match o {
                        Operand::Name(s, e) => Some(lx.bytes(*s, *e).to_vec()),
                        _ => None,
                    });
                    if let Some(name) = name {
                        self.do_xobject(xobjects, &name, resources, &gs, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn do_xobject(
        &mut self,
        xobjects: Option<&'d Dictionary>,
        name: &[u8],
        parent_resources: Option<&'d Dictionary>,
        gs: &GState,
        depth: usize,
    ) -> crate::error::Result<()> {
        let Some(entry) = xobjects.and_then(|x| x.get(name).ok()) else {
            return Ok(());
        };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Object::Stream(stream) = self.deref(entry) else {
            return Ok(());
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| o.as_name().ok());
        match subtype {
            Some(b"Image") => {
                self.out.images += 1;
                if let Some(id) = id {
                    self.out.image_draws.push(ImageDraw { id, ctm: gs.ctm });
                }
                return Ok(());
            }
            Some(b"Form") => {}
            _ => return Ok(()),
        }
        if let Some(id) = id
            && self.forms.contains(&id)
        {
            self.out.problems.push(format!(
                "Form XObject {} {} R draws itself; the repeat was skipped",
                id.0, id.1
            ));
            return Ok(());
        }
        if depth + 1 > limits::MAX_NESTING {
            self.out.problems.push(format!(
                "Form XObjects nested deeper than {}; the deeper ones were skipped",
                limits::MAX_NESTING
            ));
            return Ok(());
        }
        let content = if stream.dict.has(b"Filter") {
            match stream.decompressed_content_with_limit(limits::MAX_STREAM_BYTES) {
                Ok(c) => c,
                Err(e) => {
                    self.out
                        .problems
                        .push(format!("a Form XObject stream could not be read: {e}"));
                    return Ok(());
                }
            }
        } else {
            stream.content.clone()
        };
        let matrix = match stream.dict.get(b"Matrix").ok().map(|o| self.deref(o)) {
            Some(Object::Array(a)) if a.len() == 6 => {
                let v: Vec<f32> = a.iter().filter_map(|o| o.as_float().ok()).collect();
                if v.len() == 6 && v.iter().all(|x| x.is_finite()) {
                    [v[0], v[1], v[2], v[3], v[4], v[5]]
                } else {
                    IDENTITY
                }
            }
            _ => IDENTITY,
        };
        let resources = match stream.dict.get(b"Resources").ok().map(|o| self.deref(o)) {
            Some(Object::Dictionary(d)) => Some(d),
            _ => parent_resources,
        };
        if let Some(id) = id {
            self.forms.push(id);
        }
        let r = self.run(&content, resources, mul(&matrix, &gs.ctm), depth + 1);
        if id.is_some() {
            self.forms.pop();
        }
        r
    }

    /// Show one string: place each glyph and advance the text matrix.
    fn show(&mut self, bytes: &[u8], fi: usize, gs: &GState, tm: &mut Matrix) {
        let base = mul(tm, &gs.ctm);
        let font = &mut self.store.fonts[fi];
        let size = gs.size;
        let th = gs.h_scale;
        let (asc, desc) = (font.ascent, font.descent);
        let vertical = font.vertical;
        let t3 = font.type3_scale;
        // Effective size: font size times the matrix's vertical scale.
        let scale = (base[2] * base[2] + base[3] * base[3]).sqrt();
        let eff = (size * scale * t3).abs();
        let upright = base[0] > 0.0 && base[1].abs() <= 0.1 * base[0].abs() && base[3] < 0.0;
        let fake_bold = gs.render == 2;
        let mut x = 0.0f32;
        let mut y = 0.0f32;
        let rise = gs.rise;
        let out = &mut self.out.glyphs;
        // One string may hold millions of glyphs: stop one past what the
        // document may still hold (`max-glyphs`), so the caller's count fails.
        let cap = out
            .len()
            .saturating_add(limits::room(Counted::Glyphs))
            .saturating_add(1);
        font.decode(bytes, |code| {
            let w = code.width;
            if let Some(text) = code.text
                && !text.chars().all(char::is_whitespace)
                && out.len() < cap
            {
                let (x0, x1, y0, y1) = if vertical {
                    (x - w * size * 0.5, x + w * size * 0.5, y - size, y)
                } else {
                    (
                        x,
                        x + w * size * th,
                        rise + desc * size * t3,
                        rise + asc * size * t3,
                    )
                };
                let corners = [
                    apply(&base, x0, y0),
                    apply(&base, x1, y0),
                    apply(&base, x0, y1),
                    apply(&base, x1, y1),
                ];
                let (mut gx0, mut gx1, mut gy0, mut gy1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
                for (cx, cy) in corners {
                    gx0 = gx0.min(cx);
                    gx1 = gx1.max(cx);
                    gy0 = gy0.min(cy);
                    gy1 = gy1.max(cy);
                }
                let (_, base_y) = apply(&base, x, if vertical { y } else { rise });
                if gx0.is_finite() && gx1.is_finite() && gy0.is_finite() && gy1.is_finite() {
                    out.push(Placed {
                        glyph: Glyph {
                            text: text.to_string(),
                            x0: gx0,
                            x1: gx1,
                            top: gy0,
                            bottom: gy1,
                            baseline: base_y,
                            size: eff,
                            font: 0,
                            upright,
                        },
                        font: fi,
                        fake_bold,
                    });
                }
            }
            if vertical {
                y -= size + gs.char_space + if code.word_space { gs.word_space } else { 0.0 };
            } else {
                x += (w * size + gs.char_space + if code.word_space { gs.word_space } else { 0.0 })
                    * th;
            }
        });
        *tm = mul(&[1.0, 0.0, 0.0, 1.0, x, y], tm);
    }

    fn stroke(&mut self, points: &[(f32, f32, bool, bool)], close: bool) {
        let mut start = 0;
        for i in 0..points.len() {
            let (x, y, new, curve) = points[i];
            if new {
                start = i;
                continue;
            }
            if i == 0 || curve {
                continue;
            }
            let (px, py, _, _) = points[i - 1];
            self.segment(px, py, x, y);
            let closes = close && (i + 1 == points.len() || points[i + 1].2);
            if closes {
                let (sx, sy, _, _) = points[start];
                self.segment(x, y, sx, sy);
            }
        }
    }

    fn segment(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        let (dx, dy) = ((x1 - x0).abs(), (y1 - y0).abs());
        if dx < 0.5 && dy >= 1.0 {
            let x = (x0 + x1) / 2.0;
            self.out.rules.push(Rule {
                x0: x,
                x1: x,
                y0: y0.min(y1),
                y1: y0.max(y1),
            });
        } else if dy < 0.5 && dx >= 1.0 {
            let y = (y0 + y1) / 2.0;
            self.out.rules.push(Rule {
                x0: x0.min(x1),
                x1: x0.max(x1),
                y0: y,
                y1: y,
            });
        }
    }

    /// A filled path: each axis-aligned rectangle becomes a rule when thin,
    /// or its four edges when larger (cell shading shares the cell's edges).
    fn fill(&mut self, points: &[(f32, f32, bool, bool)]) {
        let mut i = 0;
        while i < points.len() {
            let mut j = i + 1;
            while j < points.len() && !points[j].2 {
                j += 1;
            }
            let sub = &points[i..j];
            i = j;
            if sub.len() < 4 || sub.len() > 5 || sub.iter().any(|p| p.3) {
                continue;
            }
            let axis = (0..sub.len()).all(|k| {
                let a = sub[k];
                let b = sub[(k + 1) % sub.len()];
                (a.0 - b.0).abs() < 0.5 || (a.1 - b.1).abs() < 0.5
            });
            if !axis {
                continue;
            }
            let (mut x0, mut x1, mut y0, mut y1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
            for p in sub {
                x0 = x0.min(p.0);
                x1 = x1.max(p.0);
                y0 = y0.min(p.1);
                y1 = y1.max(p.1);
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if w <= 3.0 || h <= 3.0 {
                if w.max(h) >= 1.0 {
                    self.out.rules.push(Rule { x0, y0, x1, y1 });
                }
            } else {
                for (a, b, c, d) in [
                    (x0, y0, x1, y0),
                    (x0, y1, x1, y1),
                    (x0, y0, x0, y1),
                    (x1, y0, x1, y1),
                ] {
                    self.out.rules.push(Rule {
                        x0: a,
                        y0: b,
                        x1: c,
                        y1: d,
                    });
                }
            }
        }
    }
}

/// Numeric views of the operand stack (operators take their operands from the end).
struct NumView<'a>(&'a [Operand]);

impl NumView<'_> {
    fn last(&self, default: f32) -> f32 {
        match self.0.last() {
            Some(Operand::Num(v)) => *v,
            _ => default,
        }
    }
    fn tail<const N: usize>(&self) -> Option<[f32; N]> {
        if self.0.len() < N {
            return None;
        }
        let mut out = [0.0; N];
        for (k, o) in self.0[self.0.len() - N..].iter().enumerate() {
            match o {
                Operand::Num(v) => out[k] = *v,
                _ => return None,
            }
        }
        Some(out)
    }
    fn two(&self) -> (f32, f32) {
        self.tail::<2>().map(|[a, b]| (a, b)).unwrap_or((0.0, 0.0))
    }
    fn matrix(&self) -> Option<Matrix> {
        self.tail::<6>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_product_applies_first_then_second() {
        let scale = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        let shift = [1.0, 0.0, 0.0, 1.0, 10.0, 0.0];
        let m = mul(&scale, &shift);
        assert_eq!(apply(&m, 1.0, 1.0), (12.0, 2.0));
        let m = mul(&shift, &scale);
        assert_eq!(apply(&m, 1.0, 1.0), (22.0, 2.0));
    }
}
