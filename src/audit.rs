//! audit: arithmetic checks over the model. Placeholder.
use crate::model::Document;

pub fn run(_doc: &mut Document) {}
