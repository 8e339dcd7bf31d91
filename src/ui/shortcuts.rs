//! Keyboard shortcuts as data: one table says which keys do what, and the
//! same entry gives the label shown beside a button or in a tooltip —
//! "⌘2" on macOS, "Ctrl+2" elsewhere.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::app::Command;
use super::section::Section;

/// One shortcut: the command key (Ctrl, or ⌘ on macOS) plus `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortcut {
    pub key: Key,
}

impl Shortcut {
    pub const fn command(key: Key) -> Shortcut {
        Shortcut { key }
    }

    fn keyboard(self) -> KeyboardShortcut {
        KeyboardShortcut::new(Modifiers::COMMAND, self.key)
    }

    /// How the shortcut is written on this computer.
    pub fn label(self) -> String {
        self.label_for(cfg!(target_os = "macos"))
    }

    /// How the shortcut is written on a Mac (`⌘2`) or elsewhere (`Ctrl+2`).
    pub fn label_for(self, mac: bool) -> String {
        let key = self.key.symbol_or_name();
        if mac {
            format!("⌘{key}")
        } else {
            format!("Ctrl+{key}")
        }
    }
}

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Go(Section),
    FocusSearch,
    NewCustomer,
    /// The open customer card's next tab (previous when negative).
    CardTab(isize),
}

impl Action {
    pub fn command(self) -> Command {
        match self {
            Action::Go(section) => Command::Navigate(section),
            Action::FocusSearch => Command::FocusSearch,
            Action::NewCustomer => Command::NewCustomer,
            Action::CardTab(step) => Command::CardTab(step),
        }
    }
}

/// Every shortcut of the window.
pub const SHORTCUTS: [(Shortcut, Action); 12] = [
    (Shortcut::command(Key::Num1), Action::Go(Section::Home)),
    (Shortcut::command(Key::Num2), Action::Go(Section::Customers)),
    (Shortcut::command(Key::Num3), Action::Go(Section::Calendar)),
    (
        Shortcut::command(Key::Num4),
        Action::Go(Section::AfterSales),
    ),
    (
        Shortcut::command(Key::Num5),
        Action::Go(Section::Receivables),
    ),
    (Shortcut::command(Key::Num6), Action::Go(Section::Retention)),
    (Shortcut::command(Key::Num7), Action::Go(Section::Transfer)),
    (Shortcut::command(Key::Num8), Action::Go(Section::Settings)),
    (Shortcut::command(Key::F), Action::FocusSearch),
    (Shortcut::command(Key::N), Action::NewCustomer),
    (Shortcut::command(Key::PageDown), Action::CardTab(1)),
    (Shortcut::command(Key::PageUp), Action::CardTab(-1)),
];

/// The shortcut that does `action`, if one does.
pub fn for_action(action: Action) -> Option<Shortcut> {
    SHORTCUTS
        .iter()
        .find(|(_, a)| *a == action)
        .map(|(shortcut, _)| *shortcut)
}

/// The commands of the shortcuts pressed this frame (each consumed, so a
/// text field does not see it too).
pub fn pressed(ctx: &egui::Context) -> Vec<Command> {
    SHORTCUTS
        .iter()
        .filter(|(shortcut, _)| ctx.input_mut(|i| i.consume_shortcut(&shortcut.keyboard())))
        .map(|(_, action)| action.command())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_its_own_number() {
        for (i, section) in Section::ALL.iter().enumerate() {
            let shortcut = for_action(Action::Go(*section)).expect("a shortcut");
            assert_eq!(shortcut.label_for(false), format!("Ctrl+{}", i + 1));
            assert_eq!(shortcut.label_for(true), format!("⌘{}", i + 1));
        }
    }

    #[test]
    fn no_two_shortcuts_share_a_key() {
        for (i, (a, _)) in SHORTCUTS.iter().enumerate() {
            for (b, _) in &SHORTCUTS[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(
            for_action(Action::NewCustomer).map(|s| s.label_for(false)),
            Some("Ctrl+N".into())
        );
    }
}
