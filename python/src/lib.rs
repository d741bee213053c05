//! The `jixiao` Python package's native module (`jixiao._native`): it only
//! converts. Arguments become the library's inputs, documents become Python
//! objects (through the same serde serialisation as the JSON output, so a dict
//! equals the CLI's JSON), and failures become the exception classes of
//! `jixiao._errors`, with the CLI's one-line reason. The GIL is released while
//! the library works.

use std::path::PathBuf;
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use jixiao::batch::{self, Each, Input};
use jixiao::ingest;
use jixiao::model::{Document, Severity};
use jixiao::{ErrorKind, Failure};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// What `extract`, `check` and `text` read: bytes, or a file.
enum Source<'py> {
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
    Path(PathBuf),
}

impl<'py> Source<'py> {
    fn from_py(obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Source::Bytes(b.clone()));
        }
        if obj.is_instance_of::<PyString>() {
            return Ok(Source::Path(obj.extract()?));
        }
        if let Ok(p) = obj.extract::<PathBuf>() {
            return Ok(Source::Path(p));
        }
        // bytearray, memoryview, anything with the buffer protocol: copied,
        // since the caller may change it while the GIL is released.
        if let Ok(v) = obj.extract::<Vec<u8>>() {
            return Ok(Source::Owned(v));
        }
        Err(PyTypeError::new_err(format!(
            "expected a path (str or os.PathLike) or bytes, got {}",
            obj.get_type().name()?
        )))
    }

    /// The name recorded as `source.path` and shown in errors.
    fn name(&self, name: Option<String>) -> String {
        match (name, self) {
            (Some(n), _) => n,
            (None, Source::Path(p)) => p.to_string_lossy().into_owned(),
            (None, _) => "<bytes>".into(),
        }
    }

    /// Extract with the GIL released.
    fn extract(
        &self,
        py: Python<'_>,
        name: &str,
        timeout: Option<Duration>,
        read: &ingest::Options,
    ) -> Result<Document, Failure> {
        match self {
            Source::Bytes(b) => {
                let bytes = b.as_bytes();
                py.detach(|| batch::extract_bytes_checked_with(bytes, name, timeout, read))
            }
            Source::Owned(v) => {
                py.detach(|| batch::extract_bytes_checked_with(v, name, timeout, read))
            }
            Source::Path(p) => py.detach(|| {
                let bytes = read_one(p)?;
                batch::extract_bytes_checked_with(&bytes, name, timeout, read)
            }),
        }
    }
}

/// A path as `jixiao extract PATH` reads it (a file, or an archive holding
/// one report), with the command line's reasons when it cannot.
fn read_one(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    let failure = |kind, reason: String| Failure { kind, reason };
    match batch::expand_inputs(&[path.to_path_buf()]).as_slice() {
        [one @ (Input::File(_) | Input::ZipEntry { .. })] => one.read().map_err(Failure::from),
        [Input::Broken { reason, .. }] => Err(failure(ErrorKind::Read, reason.clone())),
        [Input::Skipped { reason, .. }] => Err(failure(ErrorKind::Unsupported, reason.clone())),
        many => Err(failure(
            ErrorKind::Read,
            format!(
                "holds {} inputs (a directory or an archive): use jixiao.extract_many",
                many.len()
            ),
        )),
    }
}

/// The `ocr` argument, as `--ocr` takes it: "auto" (scanned pages OCR'd
/// when tesseract is installed), "always" or "never".
fn check_ocr(ocr: &str) -> PyResult<ingest::Options> {
    let mode = match ocr {
        "auto" => ingest::ocr::Mode::Auto,
        "always" => ingest::ocr::Mode::Always,
        "never" => ingest::ocr::Mode::Never,
        other => {
            return Err(PyValueError::new_err(format!(
                "ocr must be 'auto', 'always' or 'never', not {other:?}"
            )));
        }
    };
    Ok(ingest::Options { ocr: mode })
}

/// `timeout` in seconds; `None` or 0: no budget.
fn budget(timeout: Option<f64>) -> PyResult<Option<Duration>> {
    match timeout {
        None => Ok(None),
        Some(t) if t.is_nan() || t < 0.0 => Err(PyValueError::new_err(format!(
            "timeout must be a number of seconds ≥ 0 (0 or None: no limit), not {t}"
        ))),
        Some(t) if t == 0.0 || t.is_infinite() => Ok(None),
        Some(t) => Ok(Some(Duration::from_secs_f64(t))),
    }
}

/// The exception for a failed input: the class of `jixiao._errors` for its
/// kind, with `path`, `reason` (and `limit` for a limit).
fn to_exception(py: Python<'_>, path: &str, f: &Failure) -> PyErr {
    match exception_object(py, path, f) {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

fn exception_object<'py>(py: Python<'py>, path: &str, f: &Failure) -> PyResult<Bound<'py, PyAny>> {
    let errors = py.import("jixiao._errors")?;
    let class = match f.kind {
        ErrorKind::Read => "ReadError",
        ErrorKind::Unsupported => "UnsupportedFormatError",
        ErrorKind::Encrypted => "EncryptedError",
        ErrorKind::Damaged => "DamagedError",
        ErrorKind::NoText => "NoTextError",
        ErrorKind::Limit(_) => "LimitExceededError",
        ErrorKind::Internal => "InternalError",
    };
    let e = errors.getattr(class)?.call1((path, &f.reason))?;
    if let ErrorKind::Limit(limit) = f.kind {
        e.setattr("limit", limit)?;
    }
    Ok(e)
}

/// A document (or any part of it) as Python objects: serialised to JSON by
/// the library's serde types with the GIL released, then read by Python's
/// `json` module — the same dict, keys in the same order, as the CLI's JSON.
fn to_py<'py, T: serde::Serialize + Sync>(py: Python<'py>, t: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = py
        .detach(|| serde_json::to_string(t))
        .map_err(|e| PyValueError::new_err(format!("serialisation failed: {e}")))?;
    loads(py, json)
}

fn loads(py: Python<'_>, json: String) -> PyResult<Bound<'_, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

fn run<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    name: Option<String>,
    ocr: &str,
    timeout: Option<f64>,
) -> PyResult<Document> {
    let read = check_ocr(ocr)?;
    let timeout = budget(timeout)?;
    let source = Source::from_py(source)?;
    let name = source.name(name);
    source
        .extract(py, &name, timeout, &read)
        .map_err(|f| to_exception(py, &name, &f))
}

/// Extract one report: its document as Python objects, the same dict as the
/// command line's JSON (`jixiao extract FILE`; schema: `jixiao.schema()`).
///
/// `source` is a path (str or os.PathLike) or the file's bytes; `name` is the
/// path recorded in `source.path` and the format hint when the bytes do not
/// say (default: the path, or "<bytes>"). `timeout` is the time budget in
/// seconds (0 or None: none). `ocr` is `--ocr`: "auto" (scanned pages read
/// with tesseract when it is installed), "always" or "never".
///
/// Raises an `ExtractError` subclass with the command line's one-line message
/// (`str(e)` is "path: reason"). The GIL is released while extracting.
#[pyfunction]
#[pyo3(signature = (source, name=None, *, ocr="auto", timeout=Some(60.0)))]
fn extract<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    name: Option<String>,
    ocr: &str,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let doc = run(py, source, name, ocr, timeout)?;
    to_py(py, &doc)
}

/// Audit one report and return its findings (dicts as in the JSON's
/// `findings`): errors only, as `jixiao check` prints them, or every finding
/// (warnings and info too) with `all=True`. Arguments and errors as `extract`.
#[pyfunction]
#[pyo3(signature = (source, name=None, *, all=false, ocr="auto", timeout=Some(60.0)))]
fn check<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    name: Option<String>,
    all: bool,
    ocr: &str,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut doc = run(py, source, name, ocr, timeout)?;
    if !all {
        doc.findings.retain(|f| f.severity == Severity::Error);
    }
    to_py(py, &doc.findings)
}

/// A report's text in reading order, as `jixiao text FILE` prints it
/// (paragraphs separated by blank lines, tables as tab-separated rows).
/// Arguments and errors as `extract`.
#[pyfunction]
#[pyo3(signature = (source, name=None, *, ocr="auto", timeout=Some(60.0)))]
fn text(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    name: Option<String>,
    ocr: &str,
    timeout: Option<f64>,
) -> PyResult<String> {
    let doc = run(py, source, name, ocr, timeout)?;
    Ok(py.detach(|| jixiao::output::render_text(&doc)))
}

/// The JSON Schema of the document dict.
#[pyfunction]
fn schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    loads(py, jixiao::output::schema())
}

/// One input's result, sent from the batch thread.
enum Item {
    /// The document's JSON, serialised on the batch thread.
    Doc(String),
    Failed(String, Failure),
    Skipped(String, String),
}

/// The iterator `extract_many` returns: results in input order while the
/// crate's batch runs on its own threads.
#[pyclass(module = "jixiao._native")]
struct Batch {
    rx: Mutex<Option<mpsc::Receiver<Item>>>,
    errors_raise: bool,
}

#[pymethods]
impl Batch {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        loop {
            // The lock is taken with the GIL released: another thread may be
            // waiting in `recv` while holding it.
            let item = py.detach(|| match self.rx.lock() {
                Ok(g) => g.as_ref().and_then(|rx| rx.recv().ok()),
                Err(_) => None,
            });
            let Some(item) = item else {
                self.close();
                return Ok(None);
            };
            match item {
                Item::Doc(json) => return loads(py, json).map(Some),
                Item::Failed(path, f) if self.errors_raise => {
                    self.close();
                    return Err(to_exception(py, &path, &f));
                }
                Item::Failed(path, f) => return exception_object(py, &path, &f).map(Some),
                Item::Skipped(path, reason) => {
                    let warning = py.import("jixiao._errors")?.getattr("SkippedWarning")?;
                    PyErr::warn(
                        py,
                        &warning,
                        &std::ffi::CString::new(format!("{path}: skipped: {reason}"))
                            .unwrap_or_default(),
                        1,
                    )?;
                }
            }
        }
    }

    /// Stop the batch: inputs not yet started are not started.
    fn close(&self) {
        let rx = &self.rx;
        if let Ok(mut g) = rx.lock() {
            // Dropping the receiver makes the batch thread's next send fail,
            // which stops the batch.
            g.take();
        }
    }
}

/// Extract many reports in parallel with the crate's own batch (as
/// `jixiao extract --jsonl`), yielding each document's dict in input order.
///
/// `paths`: files, directories (walked in name order, reports only; other
/// files give a `SkippedWarning`) and .zip archives (entries read in place,
/// named "archive.zip!/entry"); a single path is accepted too. `jobs`: worker
/// threads (default: all cores). `errors="raise"` raises the first failed
/// input's `ExtractError` (and stops the batch); `errors="return"` yields the
/// exception object in that input's place and goes on.
#[pyfunction]
#[pyo3(signature = (paths, *, jobs=None, errors="raise", ocr="auto", timeout=Some(60.0)))]
fn extract_many(
    py: Python<'_>,
    paths: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    errors: &str,
    ocr: &str,
    timeout: Option<f64>,
) -> PyResult<Batch> {
    let read = check_ocr(ocr)?;
    let timeout = budget(timeout)?;
    let errors_raise = match errors {
        "raise" => true,
        "return" => false,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors must be 'raise' or 'return', not {other:?}"
            )));
        }
    };
    let paths: Vec<PathBuf> =
        if paths.is_instance_of::<PyString>() || paths.hasattr("__fspath__")? {
            vec![paths.extract()?]
        } else {
            paths
                .try_iter()?
                .map(|p| p.and_then(|p| p.extract::<PathBuf>()))
                .collect::<PyResult<_>>()?
        };
    let jobs = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let (tx, rx) = mpsc::sync_channel::<Item>(jobs * 2);
    py.detach(|| {
        std::thread::Builder::new()
            .name("jixiao-batch".into())
            .spawn(move || {
                let inputs = batch::expand_inputs(&paths);
                batch::extract_each_with(&inputs, jobs, timeout, read, |input: &Input, r| {
                    let item = match r {
                        Each::Document(doc) => match serde_json::to_string(&*doc) {
                            Ok(v) => Item::Doc(v),
                            Err(e) => Item::Failed(
                                input.display(),
                                Failure {
                                    kind: ErrorKind::Internal,
                                    reason: format!("serialisation failed: {e}"),
                                },
                            ),
                        },
                        Each::Failed(f) => Item::Failed(input.display(), f),
                        Each::Skipped(reason) => Item::Skipped(input.display(), reason),
                    };
                    tx.send(item).is_ok()
                });
            })
    })
    .map_err(|e| PyValueError::new_err(format!("cannot start the batch thread: {e}")))?;
    Ok(Batch {
        rx: Mutex::new(Some(rx)),
        errors_raise,
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", batch::TOOL_VERSION)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(text, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_class::<Batch>()?;
    Ok(())
}
