//! PDF reader: lopdf parses the file; our own content-stream interpreter
//! (`content`, `font`) places every glyph on the page; `layout` turns glyphs and
//! ruling lines into paragraphs and tables.

pub mod layout;

use crate::error::{Error, Result};
use crate::model::Ingested;

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

pub fn read(_bytes: &[u8]) -> Result<Ingested> {
    Err(Error::Unsupported(
        "PDF reading is not implemented yet".into(),
    ))
}
