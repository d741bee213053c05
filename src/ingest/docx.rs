//! DOCX reader (issue 4). Placeholder until the reader lands.

use crate::error::{Error, Result};
use crate::model::Ingested;

pub fn read(_bytes: &[u8]) -> Result<Ingested> {
    Err(Error::Unsupported(
        "DOCX reading is not implemented yet".into(),
    ))
}
