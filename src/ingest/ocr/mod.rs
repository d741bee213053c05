//! OCR of scanned pages: a page image in, positioned glyphs and ruling lines
//! out — the same [`Glyph`]s and [`Rule`]s a PDF text layer gives, so the
//! layout stage builds lines, paragraphs and tables from them unchanged.
//!
//! Per page (`read_page`): the red seal is taken out by colour (`raster`),
//! the page straightened (projection profile), ruling lines found as long
//! runs of ink and painted out (`rules`), the grey image recognised by
//! Tesseract as a child process (`tesseract`), and the words placed on the
//! page as glyphs (`words`). Knows no file format: the PDF reader finds the
//! page image and calls this. `trust` marks what OCR produced in the finished
//! document with its confidence.

pub mod raster;
pub mod reread;
pub mod rules;
pub mod stack;
pub mod tesseract;
pub mod trust;
pub mod words;

use std::time::Instant;

use crate::ingest::pdf::{Glyph, Rule};
pub use raster::Raster;
pub use tesseract::{Engine, INSTALL_HINT, LANGUAGES, engine};

/// When to OCR (`--ocr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    /// Pages with no text layer and a page image, when the engine is installed
    /// (without it such a document fails, saying how to install it).
    #[default]
    Auto,
    /// Every page that is a page image, even one with a text layer (a
    /// scanner's own poor OCR layer is replaced); fails without the engine.
    Always,
    /// Never: scanned pages stay empty, as without OCR.
    Never,
}

/// An image to read, already upright on the page.
#[derive(Debug, Clone)]
pub struct PageImage {
    pub raster: Raster,
    /// Where the image lands on the page, in points (top-left origin):
    /// x0, y0, x1, y1.
    pub bbox: [f32; 4],
}

/// What OCR made of one page.
#[derive(Debug, Clone, Default)]
pub struct PageText {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Words as recognised (text, confidence 0–1), in the engine's order.
    pub words: Vec<(String, f32)>,
    /// Pixels of red seal ink removed before recognition, of `pixels`.
    pub seal_pixels: usize,
    pub pixels: usize,
    /// Skew corrected, in degrees.
    pub skew: f32,
    /// Resolution of the page image.
    pub dpi: f32,
}

/// Seal pixels (share of the page) above which a page is said to carry a
/// seal: a seal of 4 cm on A4 is about 2% of the page, its ring alone 0.4%.
const SEAL_SHARE: f64 = 0.002;

impl PageText {
    /// Did this page carry a red seal that was removed?
    pub fn had_seal(&self) -> bool {
        self.pixels > 0 && self.seal_pixels as f64 / self.pixels as f64 >= SEAL_SHARE
    }
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum PageError {
    Timeout,
    Failed(String),
}

/// Read one page image: seal out, straighten, rules, recognise (the page,
/// its ruled cells, then a second look at suspicious words), place.
pub fn read_page(
    img: &PageImage,
    engine: &Engine,
    deadline: Option<Instant>,
) -> Result<PageText, PageError> {
    let [bx0, by0, bx1, by1] = img.bbox;
    let r = &img.raster;
    if r.width == 0 || r.height == 0 || bx1 <= bx0 || by1 <= by0 {
        return Err(PageError::Failed("empty page image".into()));
    }
    let dpi = r.width as f32 / ((bx1 - bx0) / 72.0);
    let (gray, seal_pixels) = raster::remove_seal(r);
    let skew = raster::skew_degrees(&gray);
    let mut gray = if skew.abs() >= 0.05 {
        raster::rotate(&gray, skew)
    } else {
        gray
    };
    let found = rules::find(&gray, dpi);
    rules::erase(&mut gray, &found);
    // Ruled table cells are read on their own, stacked into one image; the
    // page pass reads the rest of the page with the cells blanked.
    let gap = (dpi * 0.15).round() as usize;
    let cells = rules::cells(&found, gray.width, gray.height, dpi);
    let stacked = stack::stacks(&gray, &stack::lines(&gray, &cells), gap);
    let mut page = gray.clone();
    for s in &stacked {
        s.blank(&mut page);
    }
    let read = |g: &raster::Gray, layout| {
        tesseract::run(engine, &g.to_pgm(), dpi.round() as u32, layout, deadline)
            .map(|tsv| tesseract::parse_tsv(&tsv))
            .map_err(|e| match e {
                tesseract::RunError::Timeout => PageError::Timeout,
                tesseract::RunError::Failed(m) => PageError::Failed(m),
            })
    };
    let (mut ws, lines) = read(&page, tesseract::Layout::Page)?;
    drop(page);
    for s in &stacked {
        let (cell_words, _) = read(&s.image, tesseract::Layout::Block)?;
        let first = ws.iter().map(|w| w.line.0).max().unwrap_or(0) + 1;
        ws.extend(s.place(cell_words, first));
    }
    reread::reread(&gray, &mut ws, gap, |g, look| {
        let layout = match look {
            reread::Look::Number => tesseract::Layout::Numbers,
            reread::Look::Chinese => tesseract::Layout::Chinese,
        };
        read(g, layout).map(|(w, _)| w)
    })?;
    let place = words::Placement {
        x0: bx0,
        y0: by0,
        sx: (bx1 - bx0) / r.width as f32,
        sy: (by1 - by0) / r.height as f32,
    };
    let glyphs = words::glyphs(&ws, &lines, place);
    let rules = found
        .iter()
        .map(|p| Rule {
            x0: place.x0 + p.x0 as f32 * place.sx,
            y0: place.y0 + p.y0 as f32 * place.sy,
            x1: place.x0 + (p.x1 + 1) as f32 * place.sx,
            y1: place.y0 + (p.y1 + 1) as f32 * place.sy,
        })
        .collect();
    Ok(PageText {
        glyphs,
        rules,
        words: ws.into_iter().map(|w| (w.text, w.conf / 100.0)).collect(),
        seal_pixels,
        pixels: r.width * r.height,
        skew,
        dpi,
    })
}
