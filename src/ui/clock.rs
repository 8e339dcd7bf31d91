//! The UI's clock: what "today" and "now" are for one frame. The app reads
//! the system clock once per frame; tests fix it so every view sees the
//! same known day and time. Views take the time from here, never from the
//! system, so a test controls every date the window shows or writes.

use chrono::{NaiveDate, NaiveDateTime, Timelike};

/// Where the time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The computer's local time, read at the start of each frame.
    System,
    /// A fixed moment (tests, screenshots, benchmarks).
    Fixed(NaiveDateTime),
}

/// Today and now as one frame sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    source: Source,
    now: NaiveDateTime,
}

impl Clock {
    /// The system's local time, whole seconds.
    pub fn system() -> Clock {
        Clock {
            source: Source::System,
            now: system_now(),
        }
    }

    /// A clock stopped at `now`.
    pub fn fixed(now: NaiveDateTime) -> Clock {
        Clock {
            source: Source::Fixed(now),
            now,
        }
    }

    /// A clock stopped at nine in the morning of `day`.
    pub fn fixed_day(day: NaiveDate) -> Clock {
        Clock::fixed(day.and_hms_opt(9, 0, 0).unwrap_or_default())
    }

    /// Reads the source again (the app does this once per frame).
    pub fn tick(&mut self) {
        if let Source::System = self.source {
            self.now = system_now();
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }

    pub fn now(&self) -> NaiveDateTime {
        self.now
    }
}

fn system_now() -> NaiveDateTime {
    let t = chrono::Local::now().naive_local();
    t.with_nanosecond(0).unwrap_or(t)
}

/// The wait before an unsaved change is written (the autosaves of the
/// card, the complaint wizard and feedback work): it starts at the first
/// unsaved change and runs on egui's input clock (`InputState::time`,
/// seconds), which advances with real time in the window and by a fixed
/// step per frame in a test harness, so tests step frames instead of
/// sleeping.
#[derive(Debug, Clone, Copy, Default)]
pub struct Debounce {
    since: Option<f64>,
}

impl Debounce {
    /// Seconds left of `wait` at `time`, starting the wait if it is not
    /// running; `None` once it is over.
    pub fn remaining(&mut self, time: f64, wait: f64) -> Option<f64> {
        let left = *self.since.get_or_insert(time) + wait - time;
        (left > 0.0).then_some(left)
    }

    /// Whether the wait is over at `time` (starting it if need be);
    /// otherwise asks `ctx` to wake up when it will be.
    pub fn is_over(&mut self, ctx: &egui::Context, time: f64, wait: f64) -> bool {
        match self.remaining(time, wait) {
            Some(left) => {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(left));
                false
            }
            None => true,
        }
    }

    /// Starts the wait again from `time` (a write failed: try later).
    pub fn restart(&mut self, time: f64) {
        self.since = Some(time);
    }

    /// Nothing is waiting any more (written, or back to what is stored).
    pub fn stop(&mut self) {
        self.since = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_does_not_move() {
        let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let mut clock = Clock::fixed_day(day);
        clock.tick();
        assert_eq!(clock.today(), day);
        assert_eq!(clock.now(), day.and_hms_opt(9, 0, 0).unwrap());
    }

    #[test]
    fn the_wait_runs_from_the_first_unsaved_change() {
        let ctx = egui::Context::default();
        let mut d = Debounce::default();
        assert!(!d.is_over(&ctx, 10.0, 1.0), "the first change starts it");
        let left = d.remaining(10.4, 1.0).expect("still waiting");
        assert!((left - 0.6).abs() < 1e-9, "{left}");
        assert!(
            !d.is_over(&ctx, 10.9, 1.0),
            "later changes do not restart it"
        );
        assert!(d.is_over(&ctx, 11.0, 1.0));
        d.restart(11.0);
        assert!(!d.is_over(&ctx, 11.5, 1.0), "a failed write waits again");
        d.stop();
        assert!(!d.is_over(&ctx, 20.0, 1.0), "stopped: a new wait starts");
        assert!(d.is_over(&ctx, 21.0, 1.0));
    }
}
