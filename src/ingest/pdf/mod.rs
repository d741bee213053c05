//! PDF reader: lopdf parses the file; our own content-stream interpreter
//! (`content`, `font`) places every glyph on the page; `layout` turns glyphs and
//! ruling lines into paragraphs and tables.

mod content;
mod encodings;
mod fasthash;
mod file;
mod font;
mod image;
pub mod layout;
mod lexer;
mod scanned;

use std::collections::HashMap;

use fasthash::FastMap;

use crate::error::{Error, Result};
use crate::ingest::Options;
use crate::limits;
use crate::model::{Ingested, OcrPass, Span, Warning};

/// One glyph placed on an upright page. Coordinates are PDF points with the
/// origin at the page's top-left corner and y growing downwards, after the CTM,
/// text matrix and page rotation have been applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Unicode text of the glyph (usually one char; ligatures may give more).
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Top and bottom of the glyph box (from font size, ascent/descent).
    pub top: f32,
    pub bottom: f32,
    /// Baseline y.
    pub baseline: f32,
    /// Effective font size in points (font size × matrix scale).
    pub size: f32,
    /// Index into [`Page::fonts`].
    pub font: u16,
    /// Text direction is upright (not rotated 90° within the page).
    pub upright: bool,
}

/// A ruling line: a stroked line or a thin filled rectangle, axis-aligned,
/// in the same coordinates as glyphs. A horizontal rule has y0 == y1 (or a
/// small thickness), a vertical one x0 == x1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FontInfo {
    /// BaseFont without subset prefix ("SimSun", "FangSong_GB2312").
    pub name: String,
    pub bold: bool,
}

/// Everything the layout stage needs from one page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub fonts: Vec<FontInfo>,
}

/// Read a PDF: decode every page, lay the pages out into blocks.
pub fn read(bytes: &[u8]) -> Result<Ingested> {
    read_with(bytes, &Options::default())
}

/// Read a PDF with `opts` (scanned pages OCR'd per `opts.ocr`).
pub fn read_with(bytes: &[u8], opts: &Options) -> Result<Ingested> {
    let decoded = decode_with(bytes, opts)?;
    let blocks = layout::blocks(&decoded.pages)?;
    Ok(Ingested {
        blocks,
        encoding: None,
        pages: Some(decoded.page_count),
        warnings: decoded.warnings,
        ocr: decoded.ocr,
    })
}

/// The decoded pages of a document and what went wrong on the way.
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    pub pages: Vec<Page>,
    /// Pages in the document (may exceed `pages.len()` when capped).
    pub page_count: u32,
    pub warnings: Vec<Warning>,
    /// Pages read by OCR, and what was recognised.
    pub ocr: Option<OcrPass>,
}

/// Decode every page into glyphs and rulings (no layout), with the default
/// options.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    decode_with(bytes, &Options::default())
}

/// Decode every page into glyphs and rulings (no layout); scanned pages are
/// OCR'd per `opts.ocr` (`scanned`).
///
/// Fails only when the file cannot be opened at all, or when no page has a
/// text layer (`Error::NoText`); a page that cannot be read is an empty page
/// with a warning.
pub fn decode_with(bytes: &[u8], opts: &Options) -> Result<Decoded> {
    let doc = file::open(bytes)?;
    let page_ids: Vec<lopdf::ObjectId> = doc.page_iter().collect();
    let page_count = page_ids.len() as u32;
    let mut warnings = Vec::new();
    if let Some(why) = file::xref_damage(bytes) {
        warnings.push(Warning {
            kind: "pdf.xref_rebuilt".into(),
            message: format!("damaged xref table ({why}); objects were found by scanning the file"),
            location: None,
        });
    }
    if page_ids.len() > limits::MAX_PAGES {
        warnings.push(Warning {
            kind: "limit.pages".into(),
            message: format!(
                "the document has {} pages; only the first {} were read",
                page_ids.len(),
                limits::MAX_PAGES
            ),
            location: None,
        });
    }
    let mut store = content::FontStore::default();
    // First page each font was used on, for its warning.
    let mut font_first_page: HashMap<usize, u32> = HashMap::new();
    let mut pages = Vec::with_capacity(page_ids.len().min(limits::MAX_PAGES));
    let mut scanned: Vec<u32> = Vec::new();
    let mut draws: Vec<Vec<content::ImageDraw>> = Vec::with_capacity(pages.capacity());
    for (i, &id) in page_ids.iter().take(limits::MAX_PAGES).enumerate() {
        limits::check()?;
        let number = i as u32 + 1;
        let (page, images, page_draws, problems) =
            decode_page(&doc, id, number, &mut store, &mut font_first_page)?;
        draws.push(page_draws);
        for p in problems {
            warnings.push(Warning {
                kind: "page.damaged".into(),
                message: format!("page {number}: {p}"),
                location: Some(Span::page(number)),
            });
        }
        if page.glyphs.is_empty() && images > 0 {
            scanned.push(number);
        }
        pages.push(page);
    }
    let ocr = scanned::ocr(&doc, &mut pages, &draws, opts.ocr, &mut warnings)?;
    scanned.retain(|n| {
        pages
            .get(*n as usize - 1)
            .is_some_and(|p| p.glyphs.is_empty())
    });
    if !pages.is_empty() && pages.iter().all(|p| p.glyphs.is_empty()) {
        let n = pages.len();
        let which = if n == 1 {
            "page 1".to_string()
        } else {
            format!("pages 1–{n}")
        };
        let why = match &ocr.not_run {
            Some(why) if !scanned.is_empty() => format!(" ({why})"),
            _ => String::new(),
        };
        return Err(Error::NoText(format!("no text layer on {which}{why}")));
    }
    if pages.is_empty() {
        return Err(Error::Damaged {
            format: "pdf",
            reason: "no pages could be found".into(),
        });
    }
    for number in scanned {
        let why = match &ocr.not_run {
            Some(why) => format!("; {why}"),
            None => String::new(),
        };
        warnings.push(Warning {
            kind: "page.no_text".into(),
            message: format!("page {number} has images but no text layer (scanned?){why}"),
            location: Some(Span::page(number)),
        });
    }
    for (fi, f) in store.fonts.iter().enumerate() {
        if f.undecoded == 0 {
            continue;
        }
        let first = font_first_page.get(&fi).copied();
        let name = if f.info.name.is_empty() {
            "(unnamed)"
        } else {
            &f.info.name
        };
        warnings.push(Warning {
            kind: "font.undecodable".into(),
            message: format!(
                "font {name}: {} of {} characters have no Unicode mapping and were left out",
                f.undecoded,
                f.undecoded + f.decoded
            ),
            location: first.map(Span::page),
        });
    }
    Ok(Decoded {
        pages,
        page_count,
        warnings,
        ocr: ocr.pass,
    })
}

/// The matrix from user space to the upright page (origin top-left, y down).
fn device_matrix(b: [f32; 4], rotate: i32) -> (content::Matrix, f32, f32) {
    let [llx, lly, urx, ury] = b;
    let (w, h) = (urx - llx, ury - lly);
    match rotate {
        90 => ([0.0, 1.0, 1.0, 0.0, -lly, -llx], h, w),
        180 => ([-1.0, 0.0, 0.0, 1.0, urx, -lly], w, h),
        270 => ([0.0, -1.0, -1.0, 0.0, ury, urx], h, w),
        _ => ([1.0, 0.0, 0.0, -1.0, -llx, ury], w, h),
    }
}

fn decode_page(
    doc: &lopdf::Document,
    id: lopdf::ObjectId,
    number: u32,
    store: &mut content::FontStore,
    font_first_page: &mut HashMap<usize, u32>,
) -> Result<(Page, usize, Vec<content::ImageDraw>, Vec<String>)> {
    let attrs = file::page_attrs(doc, id);
    let (ctm, width, height) = device_matrix(attrs.page_box, attrs.rotate);
    let mut problems = Vec::new();
    let data = file::page_content(doc, id, &mut problems);
    let mut interp = content::Interpreter::new(doc, store);
    interp.run(&data, attrs.resources, ctm, 0)?;
    let out = std::mem::take(&mut interp.out);
    problems.extend(out.problems);

    // Glyphs: keep those on the page, drop exact repeats (bold drawn twice),
    // intern fonts per page.
    let mut fonts: Vec<FontInfo> = Vec::new();
    let mut font_index: FastMap<(usize, bool), u16> = FastMap::default();
    // Keyed by the first character too: a repeat has the same text, and
    // many different glyphs stacked in one spot do not make one long list.
    let mut seen: FastMap<(i32, i32, char), Vec<usize>> = FastMap::default();
    let mut glyphs: Vec<Glyph> = Vec::with_capacity(out.glyphs.len());
    for placed in out.glyphs {
        let mut g = placed.glyph;
        let cx = (g.x0 + g.x1) / 2.0;
        let cy = (g.top + g.bottom) / 2.0;
        // Keep glyphs whose centre is on the page; an upright glyph whose
        // baseline is below the bottom edge shows only its top and is the
        // overflow of a line the producer repeats on the next page.
        if !(cx >= 0.0 && cx <= width && cy >= 0.0 && cy <= height)
            || (g.upright && g.baseline > height)
        {
            continue;
        }
        // A 2-pt grid: with a tolerance of at most 1 pt, a repeat lies in
        // at most two cells per axis, so at most four probes.
        let tol = (0.2 * g.size).clamp(0.05, 1.0);
        let cell = |v: f32| (v / 2.0).floor() as i32;
        let first = g.text.chars().next().unwrap_or(' ');
        let key = (cell(g.x0), cell(g.baseline), first);
        let (xa, xb) = (cell(g.x0 - tol), cell(g.x0 + tol));
        let (ya, yb) = (cell(g.baseline - tol), cell(g.baseline + tol));
        let mut dup = false;
        'outer: for cx in xa..=xb {
            for cy in ya..=yb {
                if let Some(list) = seen.get(&(cx, cy, first)) {
                    for &k in list {
                        let o: &Glyph = &glyphs[k];
                        if o.text == g.text
                            && (o.x0 - g.x0).abs() <= tol
                            && (o.baseline - g.baseline).abs() <= tol
                        {
                            dup = true;
                            break 'outer;
                        }
                    }
                }
            }
        }
        if dup {
            continue;
        }
        font_first_page.entry(placed.font).or_insert(number);
        let info = &store.fonts[placed.font].info;
        let bold = info.bold || placed.fake_bold;
        let fi = *font_index.entry((placed.font, bold)).or_insert_with(|| {
            fonts.push(FontInfo {
                name: info.name.clone(),
                bold,
            });
            (fonts.len() - 1) as u16
        });
        g.font = fi;
        seen.entry(key).or_default().push(glyphs.len());
        glyphs.push(g);
    }

    // Rules: clipped to the page, exact repeats dropped.
    let mut rules: Vec<Rule> = out
        .rules
        .into_iter()
        .filter_map(|r| {
            let x0 = r.x0.max(0.0);
            let x1 = r.x1.min(width);
            let y0 = r.y0.max(0.0);
            let y1 = r.y1.min(height);
            (x0 <= x1 && y0 <= y1 && (x1 - x0 >= 1.0 || y1 - y0 >= 1.0)).then_some(Rule {
                x0,
                y0,
                x1,
                y1,
            })
        })
        .collect();
    rules.sort_by(|a, b| {
        (a.y0, a.x0, a.y1, a.x1)
            .partial_cmp(&(b.y0, b.x0, b.y1, b.x1))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    rules.dedup_by(|a, b| {
        (a.x0 - b.x0).abs() < 0.1
            && (a.x1 - b.x1).abs() < 0.1
            && (a.y0 - b.y0).abs() < 0.1
            && (a.y1 - b.y1).abs() < 0.1
    });
    Ok((
        Page {
            number,
            width,
            height,
            glyphs,
            rules,
            fonts,
        },
        out.images,
        out.image_draws,
        problems,
    ))
}

/// A page's text in a plain reading order: glyphs grouped into lines by
/// baseline, lines top to bottom, glyphs left to right, a space where the gap
/// between glyphs is wide. A diagnostic and test aid, not the layout stage.
pub fn page_text(page: &Page) -> String {
    let mut idx: Vec<usize> = (0..page.glyphs.len()).collect();
    idx.sort_by(|&a, &b| {
        let (ga, gb) = (&page.glyphs[a], &page.glyphs[b]);
        ga.baseline
            .partial_cmp(&gb.baseline)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut line_base = f32::MIN;
    for i in idx {
        let g = &page.glyphs[i];
        let tol = (g.size * 0.4).max(1.0);
        match lines.last_mut() {
            Some(l) if (g.baseline - line_base).abs() <= tol => l.push(i),
            _ => {
                lines.push(vec![i]);
                line_base = g.baseline;
            }
        }
    }
    let mut out = String::new();
    for mut l in lines {
        l.sort_by(|&a, &b| {
            page.glyphs[a]
                .x0
                .partial_cmp(&page.glyphs[b].x0)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut prev: Option<&Glyph> = None;
        for &i in &l {
            let g = &page.glyphs[i];
            if let Some(p) = prev
                && g.x0 - p.x1 > 0.25 * g.size.max(p.size)
            {
                out.push(' ');
            }
            out.push_str(&g.text);
            prev = Some(g);
        }
        out.push('\n');
    }
    out
}
