//! figures: typed numbers from cell and sentence text. Placeholder.
