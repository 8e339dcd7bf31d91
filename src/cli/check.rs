//! `genjin check`: SQLite's integrity check plus Genjin's own consistency
//! rules. Prints one finding per line; exits 0 when the book is sound and 2
//! when something was found (1 stays for "could not check at all").

use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status when the check ran and found problems.
pub const FINDINGS_EXIT: u8 = 2;

/// Runs `genjin check`.
pub fn run(db: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let path = super::db_or_default(db);
    let store = super::open_reader(&path)?;
    let findings = store.check()?;
    let customers = store.customer_count()?;
    super::write_stdout(|out| {
        for f in &findings {
            match f.id {
                Some(id) => writeln!(out, "{} #{id}: {}", f.table, f.problem)?,
                None => writeln!(out, "{}: {}", f.table, f.problem)?,
            }
        }
        if findings.is_empty() {
            writeln!(out, "ok: {customers} customers, no problems")
        } else {
            let s = if findings.len() == 1 { "" } else { "s" };
            writeln!(
                out,
                "{} problem{s} found in {}",
                findings.len(),
                path.display()
            )
        }
    })?;
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FINDINGS_EXIT)
    })
}
