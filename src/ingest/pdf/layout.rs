//! Glyphs and rulings → lines → paragraphs and tables, in reading order.

use super::Page;
use crate::model::Block;

/// Lay out all pages into one block stream (page furniture removed, paragraphs
/// and tables that continue across pages joined where the layout says so).
pub fn blocks(_pages: &[Page]) -> Vec<Block> {
    Vec::new()
}
