//! `genjin quit-running`: asks the Genjin window running for this data
//! folder to close the normal way (its unsaved-changes question and closing
//! backup still apply) and waits until it has gone — what an installer runs
//! before it replaces the program.

use std::process::ExitCode;
use std::time::Duration;

use crate::instance::{self, Quit};

/// The exit code when the window is still open after the wait.
pub const STILL_OPEN_EXIT: u8 = 3;

#[derive(clap::Args, Debug)]
pub struct QuitArgs {
    /// How many seconds to wait for the window to close.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub wait: u64,
}

/// Asks, waits and says what happened: exit 0 when no window is left,
/// [`STILL_OPEN_EXIT`] when it is still open.
pub fn run(args: QuitArgs) -> anyhow::Result<ExitCode> {
    let wait = Duration::from_secs(args.wait);
    Ok(
        match instance::quit_running(&crate::paths::data_dir(), wait) {
            Quit::NoneRunning => {
                println!("no Genjin window is running");
                ExitCode::SUCCESS
            }
            Quit::Closed => {
                println!("the Genjin window has closed");
                ExitCode::SUCCESS
            }
            Quit::StillOpen => {
                eprintln!(
                    "genjin: the Genjin window is still open after {} seconds; \
                 it may be asking about unsaved changes: answer it and close the window, then try again",
                    args.wait
                );
                ExitCode::from(STILL_OPEN_EXIT)
            }
        },
    )
}
