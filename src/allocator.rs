//! The allocator the binary (and the benchmarks) run on — mimalloc — and
//! how it is tuned for the window: memory a finished report frees is kept
//! for the next report instead of being handed back to the system shortly
//! after. mimalloc hands memory back (purges) after 10 ms by default, on
//! whichever thread touches the allocator next — often the window's, where
//! on a 100,000-customer book it cost single frames up to ~14 ms.

/// The allocator type to install with `#[global_allocator]`.
pub type Allocator = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` in the bundled version's option enum.
const MI_OPTION_PURGE_DELAY: i32 = 15;

unsafe extern "C" {
    /// Sets one of mimalloc's options (`mimalloc.h`).
    fn mi_option_set(option: i32, value: std::ffi::c_long);
}

/// Keeps freed memory for reuse rather than purging it (the process gives
/// it back when it exits). Call once at start.
pub fn keep_freed_memory() {
    // SAFETY: `mi_option_set` only stores a value in mimalloc's option
    // table; any option index and value is accepted.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}
