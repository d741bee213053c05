//! The red-team set (fixtures/redteam/, README.md there): wording the audit
//! was never tuned to.
//!
//! - every consistent case (`prose-consistent.txt`, `tables/*-ok.txt`) is a
//!   document of its own, and `check` must report no `error` on it
//!   (warnings are fine);
//! - every planted case (`prose-planted.txt`, `tables/*-bad.txt`) must get an
//!   `error` of the check its header names (`a|b`: either).
//!
//! Many do not today. `fixtures/redteam/known.txt` lists them, one id a line
//! — the ratchet: an id NOT listed must behave, an id listed must still
//! misbehave (when a fix makes it behave, the test fails and says to remove
//! the line, so the gain is kept). `REDTEAM_WRITE_KNOWN=1 cargo test
//! --release --test redteam` rewrites known.txt from the current state.
//!
//! The arithmetic of every case is checked independently by
//! scripts/redteam-verify.py (CI runs it).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jixiao::model::{Document, Severity};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/redteam")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One case: its id, the checks a planted one must raise (empty: a
/// consistent case), the document's name and its bytes.
struct Case {
    id: String,
    expect: Vec<String>,
    name: String,
    text: String,
}

/// The `## id …` blocks of a cases file: (header words, text without the
/// annotation lines).
fn blocks(text: &str) -> Vec<(Vec<String>, String)> {
    let mut out: Vec<(Vec<String>, String)> = Vec::new();
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("## ") {
            let words = head.split_whitespace().map(str::to_string).collect();
            out.push((words, String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            if line.starts_with("= ") || line.starts_with("! ") {
                continue;
            }
            body.push_str(line);
            body.push('\n');
        }
    }
    for (_, body) in &mut out {
        *body = body.trim().to_string() + "\n";
    }
    out
}

fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    for (file, planted) in [("prose-consistent.txt", false), ("prose-planted.txt", true)] {
        for (head, text) in blocks(&read(&dir().join(file))) {
            let id = head[0].clone();
            let expect = if planted {
                head[1].split('|').map(str::to_string).collect()
            } else {
                Vec::new()
            };
            all.push(Case {
                name: format!("{id}.txt"),
                id,
                expect,
                text,
            });
        }
    }
    let tables = dir().join("tables");
    for (head, _) in blocks(&read(&tables.join("cases.txt"))) {
        let file = head[0].clone();
        let id = file.trim_end_matches(".txt").to_string();
        let expect = if file.ends_with("-bad.txt") {
            head[1].split('|').map(str::to_string).collect()
        } else {
            Vec::new()
        };
        all.push(Case {
            id,
            expect,
            text: read(&tables.join(&file)),
            name: file,
        });
    }
    all
}

/// known.txt: id → the rest of its line (the checks that fire, or "missed").
fn known() -> BTreeMap<String, String> {
    read(&dir().join("known.txt"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, rest)) => (id.to_string(), rest.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// What one case did: whether it behaved, and a line for known.txt.
struct Outcome {
    ok: bool,
    /// How many arithmetic checks ran (not `hygiene.*`): a consistent case
    /// that ran none proves little.
    run: u32,
    state: String,
    findings: String,
}

fn run(case: &Case) -> Outcome {
    let doc: Document = jixiao::extract_bytes(case.text.as_bytes(), &case.name)
        .unwrap_or_else(|e| panic!("{}: {e}", case.id));
    let errors: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let run = doc
        .checks
        .by_check
        .iter()
        .filter(|(k, _)| !k.starts_with("hygiene."))
        .map(|(_, c)| c.run)
        .sum();
    let fired: BTreeSet<&str> = errors.iter().map(|f| f.check.as_str()).collect();
    // The errors, and for a planted case its warnings too (a defect found
    // but only as a warning).
    let mut findings = String::new();
    for f in &doc.findings {
        let shown = match f.severity {
            Severity::Error => "error",
            Severity::Warning if !case.expect.is_empty() => "warning",
            _ => continue,
        };
        let _ = writeln!(findings, "      {shown} {}: {}", f.check, f.message);
    }
    let fired_list = fired.iter().copied().collect::<Vec<_>>().join(",");
    if case.expect.is_empty() {
        Outcome {
            ok: errors.is_empty(),
            run,
            state: fired_list,
            findings,
        }
    } else {
        let caught = case.expect.iter().any(|c| fired.contains(c.as_str()));
        // Found, but only as a warning: worth telling apart from not seen.
        let warned: BTreeSet<&str> = doc
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning && case.expect.contains(&f.check))
            .map(|f| f.check.as_str())
            .collect();
        let mut notes = Vec::new();
        if !warned.is_empty() {
            notes.push(format!(
                "warning: {}",
                warned.iter().copied().collect::<Vec<_>>().join(",")
            ));
        }
        if !fired.is_empty() {
            notes.push(format!("errors: {fired_list}"));
        }
        let state = if notes.is_empty() {
            "missed".to_string()
        } else {
            format!("missed ({})", notes.join("; "))
        };
        Outcome {
            ok: caught,
            run,
            state,
            findings,
        }
    }
}

/// The check family a case is counted under: its expected check, or for a
/// consistent case the first check that fired.
fn family(case: &Case, outcome: &Outcome) -> String {
    match case.expect.first() {
        Some(c) => c.clone(),
        None => outcome.state.split(',').next().unwrap_or("").to_string(),
    }
}

#[test]
fn redteam() {
    let cases = cases();
    let known = known();
    let ids: BTreeSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), cases.len(), "duplicate case ids");

    let mut unexpected = String::new();
    let mut fixed = Vec::new();
    let mut changed = Vec::new();
    let mut state = Vec::new();
    // (family, planted?) → (behaved, misbehaved)
    let mut tally: BTreeMap<(String, bool), (usize, usize)> = BTreeMap::new();
    let mut unchecked = Vec::new();
    for case in &cases {
        let out = run(case);
        if case.expect.is_empty() && out.run == 0 {
            unchecked.push(case.id.clone());
        }
        let planted = !case.expect.is_empty();
        let t = tally
            .entry((
                if planted || !out.ok {
                    family(case, &out)
                } else {
                    String::new()
                },
                planted,
            ))
            .or_default();
        if out.ok {
            t.0 += 1;
        } else {
            t.1 += 1;
            state.push(format!("{} {}", case.id, out.state));
        }
        match (known.get(&case.id), out.ok) {
            (None, true) => {}
            (None, false) => {
                let what = if planted {
                    format!("planted {} not reported as an error", case.expect.join("|"))
                } else {
                    format!("false error(s) on a consistent case: {}", out.state)
                };
                let _ = writeln!(unexpected, "  {} ({}): {what}", case.id, case.name);
                let _ = writeln!(
                    unexpected,
                    "    {}",
                    case.text.trim().replace('\n', "\n    ")
                );
                unexpected.push_str(&out.findings);
            }
            (Some(_), true) => fixed.push(case.id.clone()),
            (Some(was), false) => {
                if was != &out.state {
                    changed.push(format!(
                        "{}: known.txt says «{was}», now «{}»",
                        case.id, out.state
                    ));
                }
            }
        }
    }
    let stale: Vec<_> = known
        .keys()
        .filter(|k| !ids.contains(k.as_str()))
        .cloned()
        .collect();

    let mut summary = String::new();
    for ((fam, planted), (good, bad)) in &tally {
        let _ = match (planted, fam.is_empty()) {
            (false, true) => writeln!(summary, "  consistent, no error: {good}"),
            (false, false) => writeln!(summary, "  consistent, false {fam}: {bad}"),
            (true, _) => writeln!(summary, "  planted {fam}: {good} caught, {bad} missed"),
        };
    }
    // A consistent case no arithmetic check ran on passes, but proves
    // little: the same wording with a defect would be missed too.
    let shown = unchecked.iter().take(20).cloned().collect::<Vec<_>>();
    eprintln!(
        "red-team set, {} cases:\n{summary}  consistent cases on which no check ran: {} ({}{})",
        cases.len(),
        unchecked.len(),
        shown.join(" "),
        if unchecked.len() > shown.len() {
            " …"
        } else {
            ""
        }
    );
    if !changed.is_empty() {
        eprintln!(
            "known cases that still misbehave, differently (fine; update known.txt when convenient):\n  {}",
            changed.join("\n  ")
        );
    }

    if std::env::var_os("REDTEAM_WRITE_KNOWN").is_some() {
        let head: String = read(&dir().join("known.txt"))
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(dir().join("known.txt"), head + &state.join("\n") + "\n").unwrap();
        eprintln!("known.txt rewritten: {} ids", state.len());
        return;
    }

    let mut msg = String::new();
    if !unexpected.is_empty() {
        let _ = writeln!(
            msg,
            "cases that misbehave and are not in fixtures/redteam/known.txt (a regression, or a new case: fix the audit, or list the id in known.txt):\n{unexpected}"
        );
    }
    if !fixed.is_empty() {
        let _ = writeln!(
            msg,
            "cases listed in fixtures/redteam/known.txt that now behave — well done: remove these lines from known.txt so the gain is kept:\n  {}",
            fixed.join(" ")
        );
    }
    if !stale.is_empty() {
        let _ = writeln!(
            msg,
            "ids in fixtures/redteam/known.txt that name no case: {}",
            stale.join(" ")
        );
    }
    assert!(msg.is_empty(), "{msg}");
}
