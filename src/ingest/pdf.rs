//! PDF reader (issue 5). Placeholder until the reader lands.

use crate::error::{Error, Result};
use crate::model::Ingested;

pub fn read(_bytes: &[u8]) -> Result<Ingested> {
    Err(Error::Unsupported(
        "PDF reading is not implemented yet".into(),
    ))
}
