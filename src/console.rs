//! The command line of the window's program on Windows.
//!
//! A release `genjin.exe` is built for the Windows GUI subsystem, so a
//! double-click opens the window without a black console window behind it.
//! The price: Windows gives such a program no console, so when
//! `genjin customers` or `genjin --help` is run from cmd or PowerShell, its
//! standard output and error have no handle and whatever it prints is lost.
//! [`attach_parent_console`] therefore attaches to the console of the shell
//! that started it — only for a stream that has no handle: output
//! redirected to a file or a pipe (`genjin customers > out.txt`) already
//! has one and keeps it. Started from Explorer there is no parent console
//! and nothing changes. Debug builds are console programs and never need it.
//!
//! Known limit: cmd (and PowerShell, unless the output is piped) does not
//! wait for a GUI-subsystem program, so its prompt comes back first and the
//! output is printed after it, and `%ERRORLEVEL%` is not the command's exit
//! code; `start /wait genjin …` waits for it.

/// Gives stdout and stderr the parent's console when they have no handle
/// (see the module's doc); does nothing elsewhere than on Windows.
#[cfg(windows)]
pub fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, STD_ERROR_HANDLE, STD_OUTPUT_HANDLE, SetStdHandle,
    };
    let streams = [STD_OUTPUT_HANDLE, STD_ERROR_HANDLE];
    let before = streams.map(std_handle);
    if before.iter().all(Option::is_some) {
        return;
    }
    // SAFETY: takes no pointer; fails harmlessly when there is no parent
    // console (started from Explorer) or the process already has one.
    if unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } == 0 {
        return;
    }
    let mut console = None;
    for (stream, had) in streams.into_iter().zip(before) {
        let handle = match had {
            // Attaching may replace every standard handle: a redirected
            // stream gets its file or pipe back.
            Some(handle) => handle,
            None => match std_handle(stream) {
                Some(handle) => handle,
                None => match *console.get_or_insert_with(open_console_output) {
                    Some(handle) => handle,
                    None => continue,
                },
            },
        };
        // SAFETY: `handle` is a handle this process holds open (kept for
        // its whole life), and `stream` one of the standard stream ids.
        unsafe { SetStdHandle(stream, handle) };
    }
}

/// Elsewhere a command line program always has its standard streams.
#[cfg(not(windows))]
pub fn attach_parent_console() {}

/// The stream's handle, or `None` when it has none (null or invalid).
#[cfg(windows)]
fn std_handle(
    stream: windows_sys::Win32::System::Console::STD_HANDLE,
) -> Option<windows_sys::Win32::Foundation::HANDLE> {
    use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
    use windows_sys::Win32::System::Console::GetStdHandle;
    // SAFETY: takes no pointer; returns null or INVALID_HANDLE_VALUE when
    // the stream has no handle.
    let handle = unsafe { GetStdHandle(stream) };
    (!handle.is_null() && handle != INVALID_HANDLE_VALUE).then_some(handle)
}

/// A handle to the attached console's screen (`CONOUT$`), never closed: it
/// becomes a standard stream for the rest of the process.
#[cfg(windows)]
fn open_console_output() -> Option<windows_sys::Win32::Foundation::HANDLE> {
    use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::Storage::FileSystem::{
        CreateFileW, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING,
    };
    let name: Vec<u16> = "CONOUT$".encode_utf16().chain([0]).collect();
    // SAFETY: `name` is a NUL-terminated UTF-16 string that outlives the
    // call; null security attributes and template are allowed.
    let handle = unsafe {
        CreateFileW(
            name.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            std::ptr::null(),
            OPEN_EXISTING,
            0,
            std::ptr::null_mut(),
        )
    };
    (handle != INVALID_HANDLE_VALUE).then_some(handle)
}
