//! One Genjin window per user and data folder. A launch first offers its
//! [`Request`] to the window already running (`claim_or_forward`); when
//! nobody answers it binds the data folder's socket and becomes that window,
//! whose listener thread hands later launches' requests to the app through
//! an [`Inbox`]. `quit_running` asks the window to close (the installer).
//! Every wait is bounded: a hung window makes a launch give up and open its
//! own window after [`PATIENCE`]. Depends on nothing of ours but `paths`'
//! folder, which the caller passes in.

mod inbox;
mod name;
mod protocol;

pub use inbox::{Inbox, Postbox, pair};
pub use name::SocketName;
pub use protocol::{Answer, Request};

use std::fmt;
use std::io::{self, BufReader, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use interprocess::ConnectWaitMode;
use interprocess::local_socket::prelude::*;
use interprocess::local_socket::{ConnectOptions, ListenerOptions};

/// How long a launch waits for the running window to answer.
pub const PATIENCE: Duration = Duration::from_secs(3);

/// Rounds of "forward, else bind" before a launch gives up: two first
/// launches at once both find nobody, one binds, the other forwards to it
/// on the next round.
const CLAIM_ROUNDS: u32 = 3;

/// How often `quit_running` looks whether the window has gone.
const QUIT_POLL: Duration = Duration::from_millis(200);

/// How long the listener waits for a connected launch to say something.
const PEER_PATIENCE: Duration = Duration::from_secs(5);

/// What became of a launch's request.
#[derive(Debug)]
pub enum Claim {
    /// The running window took it: this launch has nothing more to do.
    Forwarded,
    /// Nobody was running: this launch listens now and opens the window.
    Primary(Primary),
    /// Neither (a window that does not answer, a socket that cannot be
    /// bound): this launch opens its own window, as before, without
    /// listening. Says why.
    Alone(String),
}

/// Why an exchange with the running window did not give an answer.
#[derive(Debug)]
pub enum SendError {
    /// Nothing listens on the socket: no window is running.
    Nobody,
    /// Something listens but did not answer in time.
    TimedOut,
    /// The exchange failed some other way.
    Failed(io::Error),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Nobody => f.write_str("no Genjin window is listening"),
            SendError::TimedOut => f.write_str("the Genjin window did not answer in time"),
            SendError::Failed(e) => write!(f, "talking to the Genjin window failed: {e}"),
        }
    }
}

/// The bound socket of the window this process opens.
pub struct Primary {
    listener: LocalSocketListener,
    name: SocketName,
}

impl fmt::Debug for Primary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Primary").field("name", &self.name).finish()
    }
}

/// Hands `request` to the window running for `data_dir`, or, when none
/// answers, binds its socket and returns it.
pub fn claim_or_forward(data_dir: &Path, request: &Request) -> Claim {
    let name = SocketName::for_data_dir(data_dir);
    let_the_window_come_forward();
    let mut why = String::from("the socket could not be claimed");
    for round in 1..=CLAIM_ROUNDS {
        match send(&name, request, PATIENCE) {
            Ok(Answer::Taken) => return Claim::Forwarded,
            Ok(Answer::Refused { why }) => {
                return Claim::Alone(format!("the running window refused the request: {why}"));
            }
            Err(e @ SendError::TimedOut) => return Claim::Alone(e.to_string()),
            Err(SendError::Failed(e)) => why = format!("talking to the running window failed: {e}"),
            Err(SendError::Nobody) => {
                remove_stale_socket_file(&name);
                match bind(&name) {
                    Ok(listener) => return Claim::Primary(Primary { listener, name }),
                    // Most likely another launch bound it a moment ago.
                    Err(e) => why = format!("cannot listen on {}: {e}", name.key()),
                }
            }
        }
        log::info!("claiming the window, round {round}: {why}");
        std::thread::sleep(Duration::from_millis(100 * u64::from(round)));
    }
    Claim::Alone(why)
}

/// Windows lets only the program the user just started take the
/// foreground: this launch passes that right on, so the running window's
/// `Focus` is not refused (it would only flash in the taskbar).
#[cfg(windows)]
fn let_the_window_come_forward() {
    use windows_sys::Win32::UI::WindowsAndMessaging::{ASFW_ANY, AllowSetForegroundWindow};
    // SAFETY: a plain Win32 call taking a process id and no pointers.
    let allowed = unsafe { AllowSetForegroundWindow(ASFW_ANY) };
    if allowed == 0 {
        log::info!(
            "cannot pass the foreground on: {}",
            io::Error::last_os_error()
        );
    }
}

/// Elsewhere the window manager decides; nothing to pass on.
#[cfg(not(windows))]
fn let_the_window_come_forward() {}

/// Binds the socket of `data_dir` without first offering anything (tests,
/// and a caller that already knows nobody answers).
pub fn listen(data_dir: &Path) -> io::Result<Primary> {
    let name = SocketName::for_data_dir(data_dir);
    let listener = bind(&name)?;
    Ok(Primary { listener, name })
}

fn bind(name: &SocketName) -> io::Result<LocalSocketListener> {
    ListenerOptions::new().name(name.name()?).create_sync()
}

/// A socket file nobody answers on is what a crashed window left behind
/// (only where sockets are files); it would keep the next window from
/// binding.
fn remove_stale_socket_file(name: &SocketName) {
    let Some(file) = name.file() else { return };
    match std::fs::remove_file(file) {
        Ok(()) => log::info!("removed the stale socket {}", file.display()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => log::warn!("cannot remove the stale socket {}: {e}", file.display()),
    }
}

impl Primary {
    /// The socket this window listens on.
    pub fn name(&self) -> &SocketName {
        &self.name
    }

    /// Listens for the rest of the process on a named thread; each
    /// request (but a ping) arrives in the returned [`Inbox`].
    pub fn serve(self) -> io::Result<Inbox> {
        let (postbox, inbox) = pair();
        std::thread::Builder::new()
            .name("genjin-instance".to_owned())
            .spawn(move || self.serve_forever(&postbox))?;
        Ok(inbox)
    }

    fn serve_forever(self, postbox: &Postbox) {
        log::info!("listening for later launches on {}", self.name.key());
        loop {
            match self.listener.accept() {
                Ok(stream) => {
                    let postbox = postbox.clone();
                    let spawned = std::thread::Builder::new()
                        .name("genjin-instance-peer".to_owned())
                        .spawn(move || {
                            if let Err(e) = answer(&stream, |request| deliver(&postbox, request)) {
                                log::info!("a later launch's request was not read: {e}");
                            }
                        });
                    if let Err(e) = spawned {
                        log::warn!("cannot start the thread for a later launch: {e}");
                    }
                }
                Err(e) => {
                    log::warn!("accepting a later launch failed: {e}");
                    std::thread::sleep(Duration::from_millis(200));
                }
            }
        }
    }

    /// Takes the next request, answers it as taken and returns it, on the
    /// calling thread (tests that play the running window).
    pub fn answer_next(&self) -> io::Result<Request> {
        let stream = self.listener.accept()?;
        answer(&stream, |_| Answer::Taken)
    }
}

/// Posts `request` to the window; a ping is only answered.
fn deliver(postbox: &Postbox, request: Request) -> Answer {
    if request == Request::Ping || postbox.post(request) {
        Answer::Taken
    } else {
        Answer::Refused {
            why: "the window is closing".to_owned(),
        }
    }
}

/// Reads one request from `stream`, decides with `decide` and answers.
fn answer(
    stream: &LocalSocketStream,
    decide: impl FnOnce(Request) -> Answer,
) -> io::Result<Request> {
    if !same_user(stream)? {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "a program of another user connected",
        ));
    }
    set_timeouts(stream, PEER_PATIENCE);
    let request: Request = protocol::read_message(BufReader::new(stream))?;
    let reply = decide(request.clone());
    let mut writer = stream;
    writer.write_all(&protocol::encode(&reply)?)?;
    writer.flush()?;
    Ok(request)
}

/// Whether the peer runs as this process's user. Anyone may connect to
/// an abstract socket on Linux, so the peer's user is compared there;
/// elsewhere the pipe's default security (Windows) or the per-user temp
/// folder (macOS) keeps other users out.
#[cfg(target_os = "linux")]
fn same_user(stream: &LocalSocketStream) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let ours = std::fs::metadata("/proc/self")?.uid();
    Ok(stream.peer_creds()?.euid() == Some(ours))
}

#[cfg(not(target_os = "linux"))]
fn same_user(_stream: &LocalSocketStream) -> io::Result<bool> {
    Ok(true)
}

/// Read and write time-outs where the platform has them (not on Windows'
/// named pipes, where [`send`]'s own deadline bounds the wait).
fn set_timeouts(stream: &LocalSocketStream, patience: Duration) {
    if cfg!(windows) {
        return;
    }
    for result in [
        stream.set_recv_timeout(Some(patience)),
        stream.set_send_timeout(Some(patience)),
    ] {
        if let Err(e) = result {
            log::debug!("cannot set a time-out on the instance socket: {e}");
        }
    }
}

/// Sends `request` to the window listening on `name` and returns its
/// answer, within `patience` whatever the other side does (the exchange
/// runs on a thread that is left behind if it hangs).
pub fn send(name: &SocketName, request: &Request, patience: Duration) -> Result<Answer, SendError> {
    let (tx, rx) = mpsc::channel();
    let (name, request) = (name.clone(), request.clone());
    std::thread::Builder::new()
        .name("genjin-instance-send".to_owned())
        .spawn(move || {
            let result = exchange(&name, &request, patience);
            if tx.send(result).is_err() {
                log::info!("the running window answered after the launch stopped waiting");
            }
        })
        .map_err(SendError::Failed)?;
    match rx.recv_timeout(patience + Duration::from_millis(500)) {
        Ok(result) => result,
        Err(_) => Err(SendError::TimedOut),
    }
}

fn exchange(name: &SocketName, request: &Request, patience: Duration) -> Result<Answer, SendError> {
    let line = protocol::encode(request).map_err(SendError::Failed)?;
    let socket = name.name().map_err(SendError::Failed)?;
    let stream = ConnectOptions::new()
        .name(socket)
        .wait_mode(ConnectWaitMode::Timeout(patience))
        .connect_sync()
        .map_err(|e| {
            if nobody_there(&e) {
                SendError::Nobody
            } else {
                SendError::Failed(e)
            }
        })?;
    set_timeouts(&stream, patience);
    let mut writer = &stream;
    let written = writer.write_all(&line).and_then(|()| writer.flush());
    written.map_err(SendError::Failed)?;
    protocol::read_message(BufReader::new(&stream)).map_err(|e| match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => SendError::TimedOut,
        _ => SendError::Failed(e),
    })
}

/// Whether a failed connect means nothing listens (no pipe of that name,
/// an abstract socket nobody bound, a socket file left by a crash).
fn nobody_there(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
    )
}

/// Whether a window answers on `name`.
pub fn is_running(name: &SocketName) -> bool {
    !matches!(send(name, &Request::Ping, PATIENCE), Err(SendError::Nobody))
}

/// What `quit_running` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quit {
    /// No window was running.
    NoneRunning,
    /// The window was asked to close and has gone.
    Closed,
    /// The window still answers after the wait (unsaved changes, most
    /// likely, or it did not take the request).
    StillOpen,
}

/// Asks the window of `data_dir` to close the normal way and waits up to
/// `wait` until nothing answers on its socket any more.
pub fn quit_running(data_dir: &Path, wait: Duration) -> Quit {
    let name = SocketName::for_data_dir(data_dir);
    match send(&name, &Request::Close, PATIENCE) {
        Err(SendError::Nobody) => return Quit::NoneRunning,
        Ok(answer) => log::info!("asked the window to close: {answer:?}"),
        Err(e) => log::warn!("asking the window to close: {e}"),
    }
    let deadline = Instant::now() + wait;
    loop {
        if !is_running(&name) {
            return Quit::Closed;
        }
        if Instant::now() >= deadline {
            return Quit::StillOpen;
        }
        std::thread::sleep(QUIT_POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listener_receives_a_forwarded_request() {
        let dir = tempfile::TempDir::new().unwrap();
        let Claim::Primary(primary) = claim_or_forward(dir.path(), &Request::show()) else {
            panic!("nobody was running, so this launch listens");
        };
        let inbox = primary.serve().unwrap();
        let request = Request::Show {
            book: Some(dir.path().join("shop.sqlite")),
            demo: false,
            import: None,
        };
        assert!(matches!(
            claim_or_forward(dir.path(), &request),
            Claim::Forwarded
        ));
        assert!(is_running(&SocketName::for_data_dir(dir.path())));
        // The answer is sent after the request was posted.
        assert_eq!(inbox.take(), vec![request]);
    }

    #[test]
    fn another_data_folder_does_not_reach_the_window() {
        let (a, b) = (
            tempfile::TempDir::new().unwrap(),
            tempfile::TempDir::new().unwrap(),
        );
        let _primary = listen(a.path()).unwrap();
        assert!(!is_running(&SocketName::for_data_dir(b.path())));
        assert!(matches!(
            claim_or_forward(b.path(), &Request::show()),
            Claim::Primary(_)
        ));
    }

    #[test]
    fn a_second_listener_on_the_same_folder_is_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        let _first = listen(dir.path()).unwrap();
        assert!(listen(dir.path()).is_err());
    }

    #[test]
    fn quitting_with_nothing_running_says_so() {
        let dir = tempfile::TempDir::new().unwrap();
        assert_eq!(quit_running(dir.path(), Duration::ZERO), Quit::NoneRunning);
    }

    #[test]
    fn a_window_that_does_not_answer_does_not_hold_the_launch() {
        let dir = tempfile::TempDir::new().unwrap();
        // Bound but never accepting: a hung window.
        let _hung = listen(dir.path()).unwrap();
        let name = SocketName::for_data_dir(dir.path());
        let result = send(&name, &Request::show(), Duration::from_millis(300));
        assert!(matches!(result, Err(SendError::TimedOut)), "{result:?}");
    }

    #[test]
    fn a_dropped_listener_is_not_running() {
        let dir = tempfile::TempDir::new().unwrap();
        let name = SocketName::for_data_dir(dir.path());
        let primary = listen(dir.path()).unwrap();
        drop(primary);
        assert!(!is_running(&name));
    }
}
