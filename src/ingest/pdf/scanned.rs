//! The PDF reader's hook for scanned pages: which pages are a page image
//! with no usable text layer, their images decoded and read by OCR (pages in
//! parallel on the current thread pool, so within the batch's job limit), and
//! the recognised glyphs and rulings put where the text layer would be.

use rayon::prelude::*;

use super::content::ImageDraw;
use super::{FontInfo, Page, image};
use crate::error::{Error, Result};
use crate::ingest::ocr::{self, Mode, PageError};
use crate::limits;
use crate::model::{OcrInfo, OcrPass, Span, Warning};

/// A page with fewer visible characters than this has no usable text layer
/// (a scanned page may carry a stamped page number or a few stray glyphs).
const FEW_CHARS: usize = 10;
/// Share of the page an image must cover to be the page itself.
const PAGE_COVER: f32 = 0.5;

/// What the OCR pass did.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub pass: Option<OcrPass>,
    /// Why scanned pages were not read (OCR off, engine missing).
    pub not_run: Option<String>,
}

/// Area of `draw`'s image on a `w` × `h` page.
fn cover(draw: &ImageDraw, w: f32, h: f32) -> f32 {
    let pts = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
        .map(|(u, v)| super::content::apply(&draw.ctm, u, v));
    let x0 = pts
        .iter()
        .map(|p| p.0)
        .fold(f32::INFINITY, f32::min)
        .max(0.0);
    let x1 = pts
        .iter()
        .map(|p| p.0)
        .fold(f32::NEG_INFINITY, f32::max)
        .min(w);
    let y0 = pts
        .iter()
        .map(|p| p.1)
        .fold(f32::INFINITY, f32::min)
        .max(0.0);
    let y1 = pts
        .iter()
        .map(|p| p.1)
        .fold(f32::NEG_INFINITY, f32::max)
        .min(h);
    if x1 > x0 && y1 > y0 {
        (x1 - x0) * (y1 - y0)
    } else {
        0.0
    }
}

/// The image that is the page (covers most of it), if any.
pub(crate) fn page_image(page: &Page, draws: &[ImageDraw]) -> Option<ImageDraw> {
    let area = (page.width * page.height).max(1.0);
    draws
        .iter()
        .map(|d| (cover(d, page.width, page.height), d))
        .filter(|(c, _)| c.is_finite() && *c >= PAGE_COVER * area)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, d)| *d)
}

/// Should this page be OCR'd in `mode`?
pub(crate) fn wants_ocr(page: &Page, draws: &[ImageDraw], mode: Mode) -> Option<ImageDraw> {
    let img = page_image(page, draws)?;
    let chars = page
        .glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty())
        .count();
    match mode {
        Mode::Never => None,
        Mode::Auto => (chars < FEW_CHARS).then_some(img),
        Mode::Always => Some(img),
    }
}

/// "1–3, 5".
pub(crate) fn page_list(pages: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(if j > i {
            format!("{}–{}", pages[i], pages[j])
        } else {
            pages[i].to_string()
        });
        i = j + 1;
    }
    out.join(", ")
}

/// OCR the scanned pages of `pages` (their image draws in `draws`).
pub(crate) fn ocr(
    doc: &lopdf::Document,
    pages: &mut [Page],
    draws: &[Vec<ImageDraw>],
    mode: Mode,
    warnings: &mut Vec<Warning>,
) -> Result<Outcome> {
    let jobs: Vec<(usize, ImageDraw)> = pages
        .iter()
        .zip(draws)
        .enumerate()
        .filter_map(|(i, (p, d))| wants_ocr(p, d, mode).map(|img| (i, img)))
        .collect();
    if jobs.is_empty() {
        return Ok(Outcome {
            pass: None,
            not_run: (mode == Mode::Never).then(|| "OCR is off (--ocr never)".to_string()),
        });
    }
    let engine = match ocr::engine() {
        Ok(e) => e,
        Err(why) if mode == Mode::Always => {
            return Err(Error::Unsupported(format!("--ocr always: {why}")));
        }
        Err(why) => {
            return Ok(Outcome {
                pass: None,
                not_run: Some(why.to_string()),
            });
        }
    };
    let deadline = limits::deadline();
    let results: Vec<(usize, std::result::Result<ocr::PageText, PageError>)> = jobs
        .par_iter()
        .map(|&(i, draw)| {
            if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                return (i, Err(PageError::Timeout));
            }
            let r = image::page_image(doc, &draw)
                .map_err(|e| PageError::Failed(format!("the page image cannot be read: {e}")))
                .and_then(|img| ocr::read_page(&img, engine, deadline));
            (i, r)
        })
        .collect();
    if results
        .iter()
        .any(|(_, r)| matches!(r, Err(PageError::Timeout)))
    {
        limits::check()?;
        return Err(limits::exceeded(
            "timeout-per-doc",
            "OCR of the scanned pages not finished within the time budget",
        ));
    }
    let mut info = OcrInfo {
        engine: "tesseract".into(),
        version: engine.version.clone(),
        languages: ocr::LANGUAGES.into(),
        ..Default::default()
    };
    let mut words = Vec::new();
    for (i, r) in results {
        let number = pages[i].number;
        match r {
            Ok(text) => {
                info.pages.push(number);
                if text.had_seal() {
                    info.seal_removed.push(number);
                }
                words.extend(text.words.into_iter().map(|(w, c)| (number, w, c)));
                let page = &mut pages[i];
                page.glyphs = text.glyphs;
                page.rules = text.rules;
                page.fonts = vec![FontInfo {
                    name: "OCR".into(),
                    bold: false,
                }];
            }
            Err(e) => {
                let why = match e {
                    PageError::Failed(m) => m,
                    PageError::Timeout => "time budget spent".into(),
                };
                warnings.push(Warning {
                    kind: "ocr.failed".into(),
                    message: format!("page {number}: scanned page not read by OCR: {why}"),
                    location: Some(Span::page(number)),
                });
            }
        }
    }
    if info.pages.is_empty() {
        return Ok(Outcome::default());
    }
    info.confidence = if words.is_empty() {
        0.0
    } else {
        let mean = words.iter().map(|w| w.2).sum::<f32>() / words.len() as f32;
        (mean * 1000.0).round() / 1000.0
    };
    warnings.push(Warning {
        kind: "ocr".into(),
        message: format!(
            "page(s) {} read by OCR (tesseract {}, {}), mean word confidence {:.2}; figures read by OCR are errors only when every digit is certain",
            page_list(&info.pages),
            info.version,
            info.languages,
            info.confidence
        ),
        location: None,
    });
    if !info.seal_removed.is_empty() {
        warnings.push(Warning {
            kind: "ocr.seal".into(),
            message: format!(
                "page(s) {}: red seal (stamp) ink removed by colour before OCR; text under a seal is less certain",
                page_list(&info.seal_removed)
            ),
            location: Span::page(info.seal_removed[0]).into(),
        });
    }
    Ok(Outcome {
        pass: Some(OcrPass { info, words }),
        not_run: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_are_ranges() {
        assert_eq!(page_list(&[1, 2, 3, 5, 7, 8]), "1–3, 5, 7–8");
        assert_eq!(page_list(&[4]), "4");
    }

    #[test]
    fn a_page_image_needs_to_cover_most_of_the_page() {
        let page = Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            ..Default::default()
        };
        let full = ImageDraw {
            id: (5, 0),
            ctm: [600.0, 0.0, 0.0, -800.0, 0.0, 800.0],
        };
        let logo = ImageDraw {
            id: (6, 0),
            ctm: [100.0, 0.0, 0.0, -50.0, 10.0, 60.0],
        };
        assert_eq!(page_image(&page, &[logo, full]), Some(full));
        assert_eq!(page_image(&page, &[logo]), None);
        assert_eq!(wants_ocr(&page, &[full], Mode::Auto), Some(full));
        assert_eq!(wants_ocr(&page, &[full], Mode::Never), None);
        let mut text = page.clone();
        text.glyphs = (0..40)
            .map(|i| super::super::Glyph {
                text: "字".into(),
                x0: i as f32 * 10.0,
                x1: i as f32 * 10.0 + 10.0,
                top: 10.0,
                bottom: 20.0,
                baseline: 19.0,
                size: 10.0,
                font: 0,
                upright: true,
            })
            .collect();
        assert_eq!(
            wants_ocr(&text, &[full], Mode::Auto),
            None,
            "a text layer is kept"
        );
        assert_eq!(wants_ocr(&text, &[full], Mode::Always), Some(full));
    }
}
