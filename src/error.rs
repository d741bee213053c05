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

/// What kind of failure an input met, for callers that branch on it (the
/// Python package raises one exception class per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be read.
    Read,
    /// The bytes are not a format we read ([`Error::NotFormat`], [`Error::Unsupported`]).
    Unsupported,
    Encrypted,
    Damaged,
    NoText,
    /// A safety limit, by its name (`timeout-per-doc`, `zip-entry-bytes` …).
    Limit(&'static str),
    /// A panic inside the pipeline, caught.
    Internal,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io(_) => ErrorKind::Read,
            Error::NotFormat { .. } | Error::Unsupported(_) => ErrorKind::Unsupported,
            Error::Encrypted(_) => ErrorKind::Encrypted,
            Error::Damaged { .. } => ErrorKind::Damaged,
            Error::NoText(_) => ErrorKind::NoText,
            Error::Limit { limit, .. } => ErrorKind::Limit(limit),
        }
    }
}

/// A failed input: the kind and the one-line reason the command line prints
/// after the input's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: ErrorKind,
    pub reason: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure {
            kind: e.kind(),
            reason: e.to_string(),
        }
    }
}
