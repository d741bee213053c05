//! Typed errors for one input file. The binary prints each as one line naming the file.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not the format the name or the sniffing claims.
    #[error("not a {format} file: {reason}")]
    NotFormat {
        format: &'static str,
        reason: String,
    },
    /// Password-protected or encrypted in a way we cannot open.
    #[error("encrypted: {0}")]
    Encrypted(String),
    /// The file is damaged beyond what can be recovered.
    #[error("damaged {format}: {reason}")]
    Damaged {
        format: &'static str,
        reason: String,
    },
    /// Nothing readable: e.g. a scanned PDF with no text layer.
    #[error("no text: {0}")]
    NoText(String),
    /// A safety limit was hit (zip bomb, recursion, time budget …).
    #[error("limit `{limit}` exceeded: {detail}")]
    Limit { limit: &'static str, detail: String },
    #[error("unsupported: {0}")]
    Unsupported(String),
}

pub type Result<T> = std::result::Result<T, Error>;
