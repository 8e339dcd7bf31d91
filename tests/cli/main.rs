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
mod unreadable;
