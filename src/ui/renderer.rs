//! Which graphics back end draws the window. `wgpu` (Direct3D 12, Vulkan,
//! Metal) is tried first; where it cannot start — old drivers, remote
//! desktops, virtual machines — eframe's `glow` (OpenGL) usually can.
//! The choice comes from `--renderer`, else the stored preference, else
//! `auto`; [`attempts`] turns it into the renderers tried in order.

use serde::{Deserialize, Serialize};

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum RendererChoice {
    /// wgpu, and OpenGL (glow) when wgpu cannot open the window.
    #[default]
    Auto,
    /// Only wgpu (Direct3D 12 / Vulkan / Metal).
    Wgpu,
    /// Only OpenGL through glow.
    Glow,
}

impl RendererChoice {
    pub const ALL: [RendererChoice; 3] = [
        RendererChoice::Auto,
        RendererChoice::Wgpu,
        RendererChoice::Glow,
    ];

    /// The name on the command line and in the launch plan.
    pub fn code(self) -> &'static str {
        match self {
            RendererChoice::Auto => "auto",
            RendererChoice::Wgpu => "wgpu",
            RendererChoice::Glow => "glow",
        }
    }

    /// Parses a command-line name (`auto`, `wgpu`, `glow`, any case).
    pub fn parse(text: &str) -> Option<RendererChoice> {
        let text = text.trim();
        RendererChoice::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(text))
    }
}

/// The renderers to try, in order: `auto` falls back from wgpu to glow;
/// an explicit choice is tried alone.
pub fn attempts(choice: RendererChoice) -> Vec<eframe::Renderer> {
    match choice {
        RendererChoice::Auto => vec![eframe::Renderer::Wgpu, eframe::Renderer::Glow],
        RendererChoice::Wgpu => vec![eframe::Renderer::Wgpu],
        RendererChoice::Glow => vec![eframe::Renderer::Glow],
    }
}

/// Whether the next renderer may succeed where this error stopped one:
/// not when the event loop itself failed (no display, or winit's one event
/// loop already gone), which no renderer can change.
pub fn worth_another_try(error: &eframe::Error) -> bool {
    !matches!(error, eframe::Error::WinitEventLoop(_))
}

/// A renderer's name in logs and messages.
pub fn name(renderer: eframe::Renderer) -> &'static str {
    match renderer {
        eframe::Renderer::Wgpu => "wgpu",
        eframe::Renderer::Glow => "glow (OpenGL)",
    }
}

/// The choice in force: the command line's, else the stored one.
pub fn resolve(
    command_line: Option<RendererChoice>,
    stored: Option<RendererChoice>,
) -> RendererChoice {
    command_line.or(stored).unwrap_or_default()
}

/// What the Settings row shows: the stored choice and what draws now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RendererSetting {
    /// The choice saved for the next start.
    pub chosen: RendererChoice,
    /// The renderer drawing this window (`None` in tests without a GPU).
    pub running: Option<eframe::Renderer>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::Renderer::{Glow, Wgpu};

    #[test]
    fn auto_tries_wgpu_then_glow_and_a_choice_alone() {
        assert_eq!(attempts(RendererChoice::Auto), vec![Wgpu, Glow]);
        assert_eq!(attempts(RendererChoice::Wgpu), vec![Wgpu]);
        assert_eq!(attempts(RendererChoice::Glow), vec![Glow]);
    }

    #[test]
    fn a_renderer_failure_is_worth_another_try() {
        let error = eframe::Error::AppCreation("no adapter".into());
        assert!(worth_another_try(&error));
    }

    #[test]
    fn names_parse_back_in_any_case() {
        for choice in RendererChoice::ALL {
            assert_eq!(RendererChoice::parse(choice.code()), Some(choice));
        }
        assert_eq!(RendererChoice::parse(" GLOW "), Some(RendererChoice::Glow));
        assert_eq!(RendererChoice::parse("opengl"), None);
    }

    #[test]
    fn the_command_line_wins_over_the_stored_choice() {
        use RendererChoice::*;
        assert_eq!(resolve(None, None), Auto);
        assert_eq!(resolve(None, Some(Glow)), Glow);
        assert_eq!(resolve(Some(Wgpu), Some(Glow)), Wgpu);
        assert_eq!(resolve(Some(Auto), Some(Glow)), Auto);
    }
}
