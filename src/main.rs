//! The `jixiao` command line: a thin layer over the library.
//!
//! Exit status: 0 all inputs extracted (for `check`: and no error found);
//! 1 some inputs failed (for `check`: an arithmetic error was found);
//! 2 nothing could be done (bad arguments, unreadable single file, output not writable).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use jixiao::batch::{self, Input, Options, SinkConfig, Sinks, Status};
use jixiao::ingest::{self, ocr};
use jixiao::model::Document;
use jixiao::output;

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "Chinese government performance-evaluation reports (绩效自评报告, 自评表, 考核办法) and budget disclosures as structured data, with an audit of their arithmetic."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How documents are read: the options every command that reads shares.
#[derive(Args, Clone, Copy)]
struct ReadArgs {
    /// OCR scanned pages (a page image with no text layer) with tesseract:
    /// auto = when the page has no text layer (an input with only scanned
    /// pages fails, saying how to install the engine, when it is missing);
    /// always = every page that is an image, replacing its text layer;
    /// never = scanned pages stay unread.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ocr::Mode::Auto)]
    ocr: ocr::Mode,
}

impl ReadArgs {
    fn options(self) -> ingest::Options {
        ingest::Options { ocr: self.ocr }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Extract documents as JSON: one FILE to stdout, or many to --out DIR / --db FILE / --jsonl.
    Extract {
        /// Files, directories (walked) and .zip archives (read in place) of
        /// reports: .txt (any Chinese encoding), .docx, .pdf.
        #[arg(required_unless_present = "stdin_paths")]
        inputs: Vec<PathBuf>,
        /// Write DIR/<file name>.json per input and DIR/manifest.jsonl.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write every document into an SQLite database (schema: schemas/sqlite.sql).
        #[arg(long, value_name = "FILE.sqlite")]
        db: Option<PathBuf>,
        /// Print one JSON line per input on stdout, in input order (failures as
        /// {"source":{"path":…},"status":"failed","error":…}).
        #[arg(long)]
        jsonl: bool,
        /// Read input paths from stdin, one per line (for Hadoop Streaming, Spark RDD.pipe).
        #[arg(long)]
        stdin_paths: bool,
        /// Skip inputs already done with the same bytes (sha256) and tool version,
        /// according to the manifest of --out and/or the database.
        #[arg(long)]
        resume: bool,
        /// Worker threads (default: all cores).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Time budget per document in seconds (0: none).
        #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
        timeout_per_doc: f64,
        #[command(flatten)]
        read: ReadArgs,
        /// Write the tables as a spreadsheet: FILE.xlsx for one input, or a
        /// directory of <name>.xlsx, one per input.
        #[arg(long, value_name = "FILE.xlsx|DIR")]
        xlsx: Option<PathBuf>,
    },
    /// Write the audit report for people: DIR/<name>.html per document (findings,
    /// outline, tables with the cells that do not add up marked) and DIR/index.html.
    Report {
        /// Files, directories (walked) and .zip archives (read in place).
        #[arg(required_unless_present = "stdin_paths")]
        inputs: Vec<PathBuf>,
        /// The report directory.
        #[arg(long, value_name = "DIR", required = true)]
        out: PathBuf,
        /// Also write the tables as a spreadsheet (FILE.xlsx for one input, or a
        /// directory; the pages link to workbooks written into DIR itself).
        #[arg(long, value_name = "FILE.xlsx|DIR")]
        xlsx: Option<PathBuf>,
        /// Read input paths from stdin, one per line.
        #[arg(long)]
        stdin_paths: bool,
        /// Skip inputs already in the report with the same bytes and tool version.
        #[arg(long)]
        resume: bool,
        /// Worker threads (default: all cores).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Time budget per document in seconds (0: none).
        #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
        timeout_per_doc: f64,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Print a document's text in reading order (tables as tab-separated rows).
    Text {
        file: PathBuf,
        /// Time budget in seconds (0: none).
        #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
        timeout_per_doc: f64,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Audit documents and print their findings; exit 1 if any error was found.
    Check {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Print findings as JSON lines (one per finding, with the document path).
        #[arg(long)]
        json: bool,
        /// Also list warnings and info findings (errors are always listed).
        #[arg(long)]
        all: bool,
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Time budget per document in seconds (0: none).
        #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
        timeout_per_doc: f64,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Print the JSON Schema of the document JSON.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            inputs,
            out,
            db,
            jsonl,
            stdin_paths,
            resume,
            jobs,
            timeout_per_doc,
            read,
            xlsx,
        } => {
            let Some(inputs) = with_stdin_paths(inputs, stdin_paths) else {
                return ExitCode::from(2);
            };
            let cfg = SinkConfig {
                out,
                db,
                jsonl,
                resume,
                report: false,
                xlsx,
            };
            extract(
                &inputs,
                cfg,
                jobs_or_cores(jobs),
                timeout(timeout_per_doc),
                read.options(),
            )
        }
        Command::Report {
            inputs,
            out,
            xlsx,
            stdin_paths,
            resume,
            jobs,
            timeout_per_doc,
            read,
        } => {
            let Some(inputs) = with_stdin_paths(inputs, stdin_paths) else {
                return ExitCode::from(2);
            };
            let index = out.join(output::html::INDEX_HTML);
            let cfg = SinkConfig {
                out: Some(out),
                resume,
                report: true,
                xlsx,
                ..Default::default()
            };
            let code = extract(
                &inputs,
                cfg,
                jobs_or_cores(jobs),
                timeout(timeout_per_doc),
                read.options(),
            );
            if index.is_file() {
                eprintln!("jixiao: report: {}", index.display());
            }
            code
        }
        Command::Text {
            file,
            timeout_per_doc,
            read,
        } => single(
            &batch::collect_inputs(&[file]),
            timeout(timeout_per_doc),
            &read.options(),
            |doc, out| {
                out.write_all(output::render_text(doc).as_bytes())
                    .map_err(jixiao::Error::Io)
            },
        ),
        Command::Check {
            inputs,
            json,
            all,
            jobs,
            timeout_per_doc,
            read,
        } => check(
            &inputs,
            json,
            all,
            jobs_or_cores(jobs),
            timeout(timeout_per_doc),
            read.options(),
        ),
        Command::Schema => {
            print!("{}", output::schema());
            ExitCode::SUCCESS
        }
    }
}

/// One input on stdout: extract it and `write` it, the writing within the same
/// time budget as the extraction. A reader that stops reading (`| head`)
/// ends the output quietly.
fn single(
    inputs: &[Input],
    timeout: Option<Duration>,
    read: &ingest::Options,
    write: impl FnOnce(&Document, &mut dyn Write) -> jixiao::Result<()>,
) -> ExitCode {
    let one = match inputs {
        [one @ (Input::File(_) | Input::ZipEntry { .. })] => one,
        [Input::Broken { path, reason }] => return fail(path, reason),
        [Input::Skipped { path, reason }] => return fail(path, reason),
        _ => {
            eprintln!(
                "jixiao: extract of {} inputs needs --out DIR, --db FILE or --jsonl",
                inputs.len()
            );
            return ExitCode::from(2);
        }
    };
    let name = one.display();
    let bytes = match one.read() {
        Ok(b) => b,
        Err(e) => return fail(&name, &e.to_string()),
    };
    let stdout = std::io::stdout();
    let result = batch::extract_and(bytes, None, &name, timeout, read, |doc| {
        let mut out = std::io::BufWriter::new(stdout.lock());
        let written = write(&doc, &mut out).and_then(|()| out.flush().map_err(jixiao::Error::Io));
        match written {
            Err(jixiao::Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&name, &e.reason),
    }
}

/// The inputs named, plus those read from stdin with `--stdin-paths`
/// (`None`, after saying why, when stdin cannot be read).
fn with_stdin_paths(mut inputs: Vec<PathBuf>, stdin_paths: bool) -> Option<Vec<PathBuf>> {
    if stdin_paths {
        match batch::paths_from(std::io::stdin().lock()) {
            Ok(more) => inputs.extend(more),
            Err(e) => {
                eprintln!("jixiao: stdin: {e}");
                return None;
            }
        }
    }
    Some(inputs)
}

fn fail(path: &str, msg: &str) -> ExitCode {
    eprintln!("jixiao: {path}: {msg}");
    ExitCode::from(2)
}

fn timeout(seconds: f64) -> Option<Duration> {
    (seconds.is_finite() && seconds > 0.0).then(|| Duration::from_secs_f64(seconds))
}

fn progress_bar(n: usize) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || n < 2 {
        return None;
    }
    let pb = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} documents, {per_sec:1}, eta {eta} {msg}",
    ) {
        pb.set_style(style);
    }
    Some(pb)
}

fn jobs_or_cores(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
}

fn extract(
    args: &[PathBuf],
    cfg: SinkConfig,
    jobs: usize,
    timeout: Option<Duration>,
    read: ingest::Options,
) -> ExitCode {
    let inputs = cfg.inputs(args);
    if !cfg.any() {
        return single(&inputs, timeout, &read, |doc, out| {
            output::write_json(doc, &mut *out, true, None)?;
            out.write_all(b"\n").map_err(jixiao::Error::Io)
        });
    }
    let (mut sinks, done) = match Sinks::open(cfg, &inputs) {
        Ok(s) => s,
        Err(e) => return fail(&e.path, &e.reason),
    };
    let mut opts = sinks.options(jobs, timeout);
    opts.read = read;
    let pb = progress_bar(inputs.len());
    let started = Instant::now();
    batch::run(&inputs, &opts, &done, |o| {
        if let Some(line) = sinks.accept(o) {
            match &pb {
                Some(pb) => pb.println(line),
                None => eprintln!("{line}"),
            }
        }
        if let Some(pb) = &pb {
            pb.inc(1);
        }
    });
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    match sinks.finish(started.elapsed().as_secs_f64()) {
        Err(e) => {
            eprintln!("jixiao: stopped: {e}");
            ExitCode::from(2)
        }
        Ok(summary) => {
            eprintln!("jixiao: {}", summary.describe());
            if summary.any_failed() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn check(
    args: &[PathBuf],
    json: bool,
    all: bool,
    jobs: usize,
    timeout: Option<Duration>,
    read: ingest::Options,
) -> ExitCode {
    let inputs = batch::collect_inputs(args);
    let opts = Options {
        jobs,
        timeout,
        want_doc: true,
        ordered: true,
        read,
        ..Default::default()
    };
    let mut any_error = false;
    let mut failed = 0usize;
    let stdout = std::io::stdout();
    batch::run(&inputs, &opts, &batch::DoneSet::new(), |o| {
        let mut out = stdout.lock();
        match o.doc.take() {
            Some(mut doc) => {
                if doc
                    .findings
                    .iter()
                    .any(|f| f.severity == jixiao::model::Severity::Error)
                {
                    any_error = true;
                }
                if json {
                    if !all {
                        doc.findings
                            .retain(|f| f.severity == jixiao::model::Severity::Error);
                    }
                    for f in &doc.findings {
                        let line = serde_json::json!({"path": doc.source.path, "finding": f});
                        let _ = writeln!(out, "{line}");
                    }
                } else {
                    let _ = write!(out, "{}", output::report::findings_listed(&doc, all));
                }
            }
            None if o.entry.status == Status::Failed => {
                failed += 1;
                eprintln!(
                    "jixiao: {}: {}",
                    o.entry.path,
                    o.entry.reason.as_deref().unwrap_or("failed")
                );
            }
            None => {}
        }
    });
    if failed > 0 {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
