//! Typing into a labelled input of the app under test, as a person does:
//! focus it, select all, type (shared by the window tests).

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use genjin::ui::GenjinApp;

/// Replaces the text of the `role` input labelled `label` with `text`.
pub fn replace_text(h: &mut Harness<'static, GenjinApp>, role: Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}
