//! The OCR engine: Tesseract run as a child process (Debian's `tesseract-ocr`
//! with `tesseract-ocr-chi-sim`), one page image in, word boxes with
//! confidences out (its TSV). A page that outlives the document's time
//! budget has its process killed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How to install the engine, for the messages that need it.
pub const INSTALL_HINT: &str = "apt-get install tesseract-ocr tesseract-ocr-chi-sim";
/// The recognition languages: Simplified Chinese, and English for digits and
/// Latin text.
pub const LANGUAGES: &str = "chi_sim+eng";

/// An installed engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Engine {
    pub program: PathBuf,
    /// "5.3.0".
    pub version: String,
}

/// The program to run: `$JIXIAO_TESSERACT` when set (a test sets a path
/// that does not exist to see the tool without the engine), else
/// `tesseract` on the PATH.
fn program() -> PathBuf {
    std::env::var_os("JIXIAO_TESSERACT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tesseract"))
}

/// The engine, or why it cannot be used (looked up once per process).
pub fn engine() -> Result<&'static Engine, &'static str> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| probe(&program()))
        .as_ref()
        .map_err(|e| e.as_str())
}

fn probe(program: &Path) -> Result<Engine, String> {
    let out = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|_| {
            format!(
                "the OCR engine (tesseract) is not installed; install it to read scanned pages: {INSTALL_HINT}"
            )
        })?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let version = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("tesseract "))
        .map(|v| v.trim().trim_start_matches('v').to_string())
        .ok_or_else(|| {
            format!(
                "{} --version did not say which tesseract it is",
                program.display()
            )
        })?;
    let langs = Command::new(program)
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{} --list-langs: {e}", program.display()))?;
    let listed = String::from_utf8_lossy(&langs.stdout).to_string();
    for lang in LANGUAGES.split('+') {
        if !listed.lines().any(|l| l.trim() == lang) {
            return Err(format!(
                "tesseract {version} has no `{lang}` language data; install it: {INSTALL_HINT}"
            ));
        }
    }
    Ok(Engine {
        program: program.to_path_buf(),
        version,
    })
}

/// One recognised word, in pixels of the image given to the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    /// 0–100.
    pub conf: f32,
    /// The engine's line: (block, paragraph, line).
    pub line: (u32, u32, u32),
}

/// A line box from the TSV (level 4).
#[derive(Debug, Clone, PartialEq)]
pub struct LineBox {
    pub key: (u32, u32, u32),
    pub top: u32,
    pub height: u32,
}

/// Words and line boxes of Tesseract's TSV output.
pub fn parse_tsv(tsv: &str) -> (Vec<Word>, Vec<LineBox>) {
    let mut words = Vec::new();
    let mut lines = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let n = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        let key = (n(2), n(3), n(4));
        match f[0] {
            "4" => lines.push(LineBox {
                key,
                top: n(7),
                height: n(9),
            }),
            "5" => {
                let text = f[11..].join("\t").trim().to_string();
                let conf: f32 = f[10].trim().parse().unwrap_or(-1.0);
                if text.is_empty() || conf < 0.0 {
                    continue;
                }
                words.push(Word {
                    text,
                    left: n(6),
                    top: n(7),
                    width: n(8),
                    height: n(9),
                    conf,
                    line: key,
                });
            }
            _ => {}
        }
    }
    (words, lines)
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum RunError {
    /// The time budget ran out; the process was killed.
    Timeout,
    Failed(String),
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "jixiao-ocr-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What the engine is to read, and how it segments the image (`--psm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A page: find the blocks, columns and lines itself (3).
    Page,
    /// One uniform block of text lines (6): the stacked table cells.
    Block,
    /// Lines of Chinese only (6, `chi_sim`): words the first read took
    /// for Latin letters.
    Chinese,
    /// Lines of numbers only (6, `eng`, digits and their marks only).
    Numbers,
}

impl Layout {
    fn args(self) -> Vec<&'static str> {
        match self {
            Layout::Page => vec!["-l", LANGUAGES, "--psm", "3"],
            Layout::Block => vec!["-l", LANGUAGES, "--psm", "6"],
            Layout::Chinese => vec!["-l", "chi_sim", "--psm", "6"],
            Layout::Numbers => vec![
                "-l",
                "eng",
                "--psm",
                "6",
                "-c",
                "tessedit_char_whitelist=0123456789.,-%",
            ],
        }
    }
}

/// Recognise one grey image (PGM bytes) at `dpi`. One thread per process:
/// pages run in parallel instead, within the job limit.
pub fn run(
    engine: &Engine,
    pgm: &[u8],
    dpi: u32,
    layout: Layout,
    deadline: Option<Instant>,
) -> Result<String, RunError> {
    let failed = |what: &str, e: std::io::Error| RunError::Failed(format!("{what}: {e}"));
    let scratch = Scratch::new().map_err(|e| failed("scratch directory", e))?;
    let image = scratch.0.join("page.pgm");
    let base = scratch.0.join("page");
    std::fs::File::create(&image)
        .and_then(|mut f| f.write_all(pgm))
        .map_err(|e| failed("writing the page image", e))?;
    let mut child = Command::new(&engine.program)
        .arg(&image)
        .arg(&base)
        .args(["--dpi", &dpi.to_string()])
        .args(layout.args())
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed("starting tesseract", e))?;
    let mut wait = Duration::from_millis(5);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Err(failed("waiting for tesseract", e)),
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(RunError::Timeout);
        }
        std::thread::sleep(wait);
        wait = (wait * 2).min(Duration::from_millis(50));
    };
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        let last = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(RunError::Failed(format!(
            "tesseract failed ({status}): {last}"
        )));
    }
    let tsv = std::fs::read_to_string(base.with_extension("tsv"))
        .map_err(|e| failed("reading tesseract's output", e))?;
    // A debugging aid: keep what the engine saw and said.
    if let Some(dir) = std::env::var_os("JIXIAO_OCR_KEEP") {
        let dir = PathBuf::from(dir);
        let stem = scratch
            .0
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::copy(&image, dir.join(format!("{stem}.pgm")));
        let _ = std::fs::write(dir.join(format!("{stem}.tsv")), &tsv);
    }
    Ok(tsv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_and_lines() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t2481\t3508\t-1\t\n\
            4\t1\t1\t1\t1\t0\t427\t305\t1710\t61\t-1\t\n\
            5\t1\t1\t1\t1\t1\t427\t314\t62\t52\t95.002609\t(7)\n\
            5\t1\t1\t1\t1\t2\t526\t305\t120\t59\t96.660233\t负责\n\
            5\t1\t1\t1\t1\t3\t646\t307\t58\t51\t-1\t \n";
        let (w, l) = parse_tsv(tsv);
        assert_eq!(
            l,
            vec![LineBox {
                key: (1, 1, 1),
                top: 305,
                height: 61
            }]
        );
        assert_eq!(w.len(), 2);
        assert_eq!(w[1].text, "负责");
        assert_eq!((w[1].left, w[1].width, w[1].line), (526, 120, (1, 1, 1)));
        assert!((w[0].conf - 95.0).abs() < 0.01);
    }

    #[test]
    fn a_missing_program_says_how_to_install() {
        let e = probe(Path::new("/nonexistent/tesseract")).unwrap_err();
        assert!(e.contains(INSTALL_HINT), "{e}");
    }
}
