//! The command-line tools, run as the built binary (`CARGO_BIN_EXE_genjin`)
//! against temporary files: every subcommand's output and exit codes, and an
//! import killed half way through.

mod aftersales;
mod backup;
mod backup_kill;
mod calendar;
mod commands;
mod crash;
mod ics;
mod import_guard;
mod import_kill;
mod receivables;
mod safe_open;
mod single_window;
mod unreadable;
mod window_launch;

/// The built binary with its data folder (where writers keep their
/// identity locks) under the target folder, so no test touches the real
/// per-user folder.
pub fn genjin() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_genjin"));
    command.env(
        "GENJIN_DATA_DIR",
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("data"),
    );
    command
}

/// Runs the binary with `args` (through [`genjin`]) and waits for its output.
pub fn output(args: &[&str]) -> std::process::Output {
    genjin()
        .args(args)
        .output()
        .expect("the genjin binary runs")
}
