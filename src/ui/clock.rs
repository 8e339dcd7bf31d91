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

/// A wait measured on egui's input clock (`InputState::time`, seconds),
/// which advances with real time in the window and by a fixed step per
/// frame in a test harness, so tests step frames instead of sleeping.
#[derive(Debug, Clone, Copy, Default)]
pub struct Debounce {
    since: Option<f64>,
}

impl Debounce {
    /// Something changed at `time`: the wait starts again.
    pub fn touch(&mut self, time: f64) {
        self.since = Some(time);
    }

    /// Whether a change is waiting.
    pub fn is_pending(&self) -> bool {
        self.since.is_some()
    }

    /// Forgets the pending change (it was written some other way).
    pub fn clear(&mut self) {
        self.since = None;
    }

    /// Whether `wait` seconds have passed since the last change at `time`;
    /// clears the change when they have. Otherwise asks `ctx` to wake up
    /// when they will have.
    pub fn due(&mut self, ctx: &egui::Context, time: f64, wait: f64) -> bool {
        let Some(since) = self.since else {
            return false;
        };
        let left = since + wait - time;
        if left > 0.0 {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(left));
            return false;
        }
        self.since = None;
        true
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
    fn a_debounce_fires_once_after_the_wait() {
        let ctx = egui::Context::default();
        let mut d = Debounce::default();
        assert!(!d.due(&ctx, 0.0, 1.0), "nothing changed yet");
        d.touch(10.0);
        assert!(!d.due(&ctx, 10.5, 1.0));
        d.touch(10.6);
        assert!(!d.due(&ctx, 11.5, 1.0), "a new change restarts the wait");
        assert!(d.due(&ctx, 11.6, 1.0));
        assert!(!d.due(&ctx, 20.0, 1.0), "fires once");
    }
}
