//! The `jixiao` command line: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jixiao::{batch, output};

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

#[derive(Subcommand)]
enum Command {
    /// Extract documents as JSON: one FILE to stdout, or many to --out DIR.
    Extract {
        /// Files or directories (walked) to read: .txt (any Chinese encoding), .docx, .pdf.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write DIR/<file name>.json per input instead of printing.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Print one document per line (JSON lines) on stdout, in input order.
        #[arg(long)]
        jsonl: bool,
        /// Worker threads (default: all cores).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
    },
    /// Print a document's text in reading order (tables as tab-separated rows).
    Text { file: PathBuf },
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
            jsonl,
            jobs,
        } => extract(inputs, out, jsonl, jobs),
        Command::Text { file } => match jixiao::extract_path(&file) {
            Ok(doc) => {
                print!("{}", output::render_text(&doc));
                ExitCode::SUCCESS
            }
            Err(e) => fail(&file, &e.to_string()),
        },
        Command::Check {
            inputs,
            json,
            all,
            jobs,
        } => check(inputs, json, all, jobs),
        Command::Schema => {
            print!("{}", output::schema());
            ExitCode::SUCCESS
        }
    }
}

fn fail(path: &std::path::Path, msg: &str) -> ExitCode {
    eprintln!("jixiao: {}: {msg}", path.display());
    ExitCode::from(2)
}

fn progress_bar(n: usize) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || n < 2 {
        return None;
    }
    let pb = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} documents {per_sec} eta {eta} {msg}",
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
    inputs: Vec<PathBuf>,
    out: Option<PathBuf>,
    jsonl: bool,
    jobs: Option<usize>,
) -> ExitCode {
    let paths = batch::collect_inputs(&inputs);
    if out.is_none() && !jsonl {
        if paths.len() != 1 {
            eprintln!(
                "jixiao: extract of {} inputs needs --out DIR or --jsonl",
                paths.len()
            );
            return ExitCode::from(2);
        }
        return match batch::extract_guarded(&paths[0]) {
            Ok(doc) => {
                println!("{}", output::to_json(&doc));
                ExitCode::SUCCESS
            }
            Err(e) => fail(&paths[0], &e),
        };
    }
    if let Some(dir) = &out
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return fail(dir, &format!("cannot create output directory: {e}"));
    }
    let names = batch::output_names(&paths);
    let pb = progress_bar(paths.len());
    // JSON lines keep input order: results wait in slots until their turn.
    let pending =
        std::sync::Mutex::new((0usize, std::collections::BTreeMap::<usize, String>::new()));
    let failed = batch::run(
        &paths,
        jobs_or_cores(jobs),
        pb.as_ref(),
        |i, path, result| {
            let line = match &result {
                Ok(doc) => {
                    if let Some(dir) = &out
                        && let Err(e) = batch::write_atomic(
                            &dir.join(&names[i]),
                            output::to_json(doc).as_bytes(),
                        )
                    {
                        eprintln!("jixiao: {}: cannot write output: {e}", path.display());
                    }
                    output::to_json_line(doc)
                }
                Err(e) => {
                    eprintln!("jixiao: {}: {e}", path.display());
                    serde_json::json!({"source": {"path": path.display().to_string()}, "error": e})
                        .to_string()
                }
            };
            if jsonl {
                let Ok(mut guard) = pending.lock() else {
                    return;
                };
                let (next, slots) = &mut *guard;
                slots.insert(i, line);
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                while let Some(l) = slots.remove(next) {
                    let _ = writeln!(lock, "{l}");
                    *next += 1;
                }
            }
        },
    );
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    eprintln!("jixiao: {} documents, {} failed", paths.len(), failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn check(inputs: Vec<PathBuf>, json: bool, all: bool, jobs: Option<usize>) -> ExitCode {
    let paths = batch::collect_inputs(&inputs);
    let any_error = std::sync::atomic::AtomicBool::new(false);
    let results = std::sync::Mutex::new(Vec::new());
    let failed = batch::run(
        &paths,
        jobs_or_cores(jobs),
        None,
        |i, path, result| match result {
            Ok(doc) => {
                if doc
                    .findings
                    .iter()
                    .any(|f| f.severity == jixiao::model::Severity::Error)
                {
                    any_error.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                if let Ok(mut r) = results.lock() {
                    r.push((i, Ok(doc)));
                }
            }
            Err(e) => {
                if let Ok(mut r) = results.lock() {
                    r.push((i, Err((path.to_path_buf(), e))));
                }
            }
        },
    );
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (_, r) in results {
        match r {
            Ok(mut doc) => {
                if !all {
                    doc.findings
                        .retain(|f| f.severity == jixiao::model::Severity::Error);
                }
                if json {
                    for f in &doc.findings {
                        let line = serde_json::json!({"path": doc.source.path, "finding": f});
                        let _ = writeln!(out, "{line}");
                    }
                } else {
                    let _ = write!(out, "{}", output::report::findings_text(&doc));
                }
            }
            Err((path, e)) => eprintln!("jixiao: {}: {e}", path.display()),
        }
    }
    if failed > 0 {
        ExitCode::from(2)
    } else if any_error.into_inner() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
