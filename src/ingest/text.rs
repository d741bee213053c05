//! Plain-text reader. Placeholder.
use crate::error::Result;
use crate::model::Ingested;

pub fn read(_bytes: &[u8]) -> Result<Ingested> {
    Ok(Ingested::default())
}
