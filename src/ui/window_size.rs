//! The window's first size fits the screen it opens on. eframe opens it at
//! [`DEFAULT`] (or the size saved last time), clamped only to the largest
//! monitor's whole area; a 1440×900 screen at 150% is 960×600 points, less
//! than that with the taskbar. The monitor the window is on is known once
//! it exists, so on the first frames [`FirstFrameFit`] shrinks it (and its
//! minimum) to [`fit`] the monitor less [`MARGIN`], and moves it into view.

use egui::{Pos2, Vec2, ViewportCommand, ViewportInfo, vec2};

/// The size the window opens at on a screen that has room for it.
pub const DEFAULT: Vec2 = vec2(1280.0, 800.0);
/// The smallest window the layout is made for, unless the screen is smaller.
pub const MIN: Vec2 = vec2(960.0, 600.0);
/// Room left free on the monitor: the taskbar, dock or menu bar, and a gap.
pub const MARGIN: Vec2 = vec2(40.0, 80.0);
/// The window's top edge when it is moved into view (the rest of
/// [`MARGIN`]'s height stays free below it, where a taskbar usually is).
const TOP_GAP: f32 = 16.0;
/// Title bar and borders when the system does not say (Wayland).
const FRAME_GUESS: Vec2 = vec2(0.0, 32.0);
/// Never fit to less than this, whatever a monitor reports.
const FLOOR: Vec2 = vec2(320.0, 240.0);
/// Frames to wait for the monitor's size before giving up.
const PATIENCE: u32 = 10;

/// Inner sizes for a window on one monitor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub inner: Vec2,
    pub min: Vec2,
}

/// The inner size and minimum that keep a window whose title bar and
/// borders take `frame` inside a `monitor` (points) less [`MARGIN`]: the
/// wanted `inner` size no larger than that, the minimum [`MIN`] no larger
/// either, and the size never below the minimum.
pub fn fit(inner: Vec2, frame: Vec2, monitor: Vec2) -> Fit {
    let room = (monitor - MARGIN - frame).max(FLOOR);
    let min = MIN.min(room);
    Fit {
        inner: inner.min(room).max(min),
        min,
    }
}

/// Where the window's outer top-left goes so that `outer` fits on the
/// monitor: centred across, [`TOP_GAP`] from the top.
fn into_view(outer: Vec2, monitor: Vec2) -> Pos2 {
    Pos2::new(((monitor.x - outer.x) / 2.0).max(0.0), TOP_GAP)
}

/// The commands that make the window fit its monitor: `None` while the
/// monitor is unknown, empty when nothing needs to change (it fits, or it
/// is maximized or full screen). `inner_fallback` is the window's inner
/// size as egui sees it, for systems that do not report its rectangle.
pub fn correction(info: &ViewportInfo, inner_fallback: Vec2) -> Option<Vec<ViewportCommand>> {
    let monitor = info.monitor_size.filter(|m| m.x > 0.0 && m.y > 0.0)?;
    if info.maximized == Some(true) || info.fullscreen == Some(true) {
        return Some(Vec::new());
    }
    let inner = info.inner_rect.map_or(inner_fallback, |r| r.size());
    let frame = match (info.inner_rect, info.outer_rect) {
        (Some(i), Some(o)) => (o.size() - i.size()).max(Vec2::ZERO),
        _ => FRAME_GUESS,
    };
    let wanted = fit(inner, frame, monitor);
    let mut commands = Vec::new();
    if wanted.min != MIN {
        commands.push(ViewportCommand::MinInnerSize(wanted.min));
    }
    let shrinks = (wanted.inner - inner).abs().max_elem() > 0.5;
    if shrinks {
        commands.push(ViewportCommand::InnerSize(wanted.inner));
    }
    // Moved only when it is on the monitor at the origin (where the sizes
    // say where its edges are) and would stick out of it.
    if let Some(outer) = info.outer_rect {
        let new_outer = wanted.inner + frame;
        let on_origin_monitor = outer.min.x >= 0.0
            && outer.min.y >= 0.0
            && outer.min.x < monitor.x
            && outer.min.y < monitor.y;
        let sticks_out = outer.min.x + new_outer.x > monitor.x
            || outer.min.y + new_outer.y > monitor.y - (MARGIN.y - TOP_GAP);
        if on_origin_monitor && sticks_out {
            commands.push(ViewportCommand::OuterPosition(into_view(
                new_outer, monitor,
            )));
        }
    }
    Some(commands)
}

/// Fits the window to its monitor once, on the first frame that knows
/// the monitor (eframe only; tests have no monitor).
#[derive(Debug, Default)]
pub struct FirstFrameFit {
    frames: u32,
    done: bool,
}

impl FirstFrameFit {
    pub fn on_frame(&mut self, ctx: &egui::Context) {
        if self.done {
            return;
        }
        self.frames += 1;
        let (info, inner) = ctx.input(|i| (i.viewport().clone(), i.viewport_rect().size()));
        match correction(&info, inner) {
            Some(commands) => {
                self.done = true;
                if !commands.is_empty() {
                    log::info!(
                        "the window ({inner:?}) is fitted to its monitor ({:?}): {commands:?}",
                        info.monitor_size
                    );
                }
                for command in commands {
                    ctx.send_viewport_cmd(command);
                }
            }
            None if self.frames >= PATIENCE => {
                self.done = true;
                log::info!("the monitor's size is unknown; the window keeps its size");
            }
            None => ctx.request_repaint(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Rect;

    const TITLE_BAR: Vec2 = vec2(0.0, 31.0);

    #[test]
    fn a_roomy_screen_keeps_the_default_size() {
        let f = fit(DEFAULT, TITLE_BAR, vec2(1920.0, 1080.0));
        assert_eq!(
            f,
            Fit {
                inner: DEFAULT,
                min: MIN
            }
        );
    }

    #[test]
    fn a_1440_by_900_screen_at_150_percent_gets_a_window_that_fits() {
        // 1440×900 pixels at 150% is 960×600 points.
        let monitor = vec2(960.0, 600.0);
        let f = fit(DEFAULT, TITLE_BAR, monitor);
        assert_eq!(f.inner, vec2(920.0, 489.0));
        assert_eq!(f.min, f.inner, "the minimum shrinks with the screen");
        let outer = f.inner + TITLE_BAR;
        assert!(outer.x <= monitor.x - MARGIN.x && outer.y <= monitor.y - MARGIN.y);
    }

    #[test]
    fn the_minimum_holds_where_the_screen_has_room() {
        let f = fit(vec2(700.0, 500.0), TITLE_BAR, vec2(1366.0, 768.0));
        assert_eq!(f.min, vec2(960.0, 600.0));
        assert_eq!(f.inner, vec2(960.0, 600.0), "never below the minimum");
        // 1366×768 at 100%: the height is what limits.
        let f = fit(DEFAULT, TITLE_BAR, vec2(1366.0, 768.0));
        assert_eq!(f.inner, vec2(1280.0, 657.0));
        assert_eq!(f.min, vec2(960.0, 600.0));
    }

    #[test]
    fn a_tiny_or_odd_monitor_never_gives_a_window_below_the_floor() {
        let f = fit(DEFAULT, TITLE_BAR, vec2(100.0, 50.0));
        assert_eq!(f.inner, FLOOR);
        assert_eq!(f.min, FLOOR);
    }

    fn info(monitor: Option<Vec2>, outer_min: Pos2, inner: Vec2) -> ViewportInfo {
        let outer = Rect::from_min_size(outer_min, inner + TITLE_BAR);
        ViewportInfo {
            monitor_size: monitor,
            inner_rect: Some(Rect::from_min_size(outer_min + TITLE_BAR, inner)),
            outer_rect: Some(outer),
            ..Default::default()
        }
    }

    #[test]
    fn nothing_is_sent_until_the_monitor_is_known_nor_when_the_window_fits() {
        let unknown = info(None, Pos2::ZERO, DEFAULT);
        assert_eq!(correction(&unknown, DEFAULT), None);
        let roomy = info(Some(vec2(1920.0, 1080.0)), Pos2::new(100.0, 50.0), DEFAULT);
        assert_eq!(correction(&roomy, DEFAULT), Some(Vec::new()));
        let mut maximized = info(Some(vec2(960.0, 600.0)), Pos2::ZERO, vec2(960.0, 569.0));
        maximized.maximized = Some(true);
        assert_eq!(correction(&maximized, DEFAULT), Some(Vec::new()));
    }

    #[test]
    fn a_window_too_big_for_its_monitor_is_shrunk_and_moved_into_view() {
        let monitor = vec2(960.0, 600.0);
        // At the top left the smaller window fits where it is.
        let top_left = info(Some(monitor), Pos2::ZERO, vec2(960.0, 600.0));
        let fitted = vec2(920.0, 489.0);
        assert_eq!(
            correction(&top_left, DEFAULT),
            Some(vec![
                ViewportCommand::MinInnerSize(fitted),
                ViewportCommand::InnerSize(fitted),
            ])
        );
        // eframe clamped 1280×800 to the whole 960×600 monitor; lower down
        // the window would run under the taskbar.
        let too_big = info(Some(monitor), Pos2::new(0.0, 100.0), vec2(960.0, 600.0));
        let commands = correction(&too_big, DEFAULT).unwrap();
        assert_eq!(
            commands,
            vec![
                ViewportCommand::MinInnerSize(fitted),
                ViewportCommand::InnerSize(fitted),
                ViewportCommand::OuterPosition(Pos2::new(20.0, TOP_GAP)),
            ]
        );
    }

    #[test]
    fn a_window_on_another_monitor_is_shrunk_but_not_moved() {
        let monitor = vec2(960.0, 600.0);
        let elsewhere = info(Some(monitor), Pos2::new(-1000.0, 0.0), vec2(960.0, 600.0));
        let commands = correction(&elsewhere, DEFAULT).unwrap();
        assert!(
            !commands
                .iter()
                .any(|c| matches!(c, ViewportCommand::OuterPosition(_)))
        );
        assert!(commands.contains(&ViewportCommand::InnerSize(vec2(920.0, 489.0))));
    }

    #[test]
    fn without_a_window_rectangle_egui_s_size_and_a_title_bar_guess_serve() {
        let wayland = ViewportInfo {
            monitor_size: Some(vec2(960.0, 600.0)),
            ..Default::default()
        };
        let commands = correction(&wayland, vec2(960.0, 600.0)).unwrap();
        assert!(commands.contains(&ViewportCommand::InnerSize(vec2(920.0, 488.0))));
    }
}
