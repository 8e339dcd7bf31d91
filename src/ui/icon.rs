//! The window's icon: Genjin's own (`assets/icon/genjin-256.png`, rendered
//! from `genjin.svg` by `tools/make-icons.sh`), built into the binary and
//! decoded once, instead of eframe's default white `e` on black.

use std::sync::{Arc, LazyLock};

/// The icon's PNG, as the binary carries it.
const PNG: &[u8] = include_bytes!("../../assets/icon/genjin-256.png");

/// Width and height of the built-in icon in pixels; systems scale it down
/// for title bars and task switchers.
pub const SIZE: u32 = 256;

/// The decoded icon, shared by every renderer's attempt to open the window.
static ICON: LazyLock<Arc<egui::IconData>> = LazyLock::new(|| match decode() {
    Ok(icon) => Arc::new(icon),
    Err(e) => {
        // The unit test below decodes the same bytes, so this is a broken
        // build, not a user's problem: the system's default icon will do.
        log::error!("the window icon does not decode: {e}");
        Arc::new(egui::IconData::default())
    }
});

/// The window's icon (the system's default if the built-in PNG is broken).
pub fn window_icon() -> Arc<egui::IconData> {
    Arc::clone(&ICON)
}

/// The built-in PNG as unmultiplied RGBA pixels.
fn decode() -> Result<egui::IconData, image::ImageError> {
    eframe::icon_data::from_png_bytes(PNG)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RGBA bytes of the pixel at (x, y).
    fn pixel(icon: &egui::IconData, x: u32, y: u32) -> [u8; 4] {
        let at = ((y * icon.width + x) * 4) as usize;
        let p = &icon.rgba[at..at + 4];
        [p[0], p[1], p[2], p[3]]
    }

    #[test]
    fn the_built_in_icon_decodes_to_a_square_rgba_image() {
        let icon = decode().expect("the built-in PNG decodes");
        assert_eq!((icon.width, icon.height), (SIZE, SIZE));
        assert_eq!(icon.rgba.len(), (SIZE * SIZE * 4) as usize);
        // The rounded tile leaves the corners transparent; below the arrow
        // is the opaque white bubble, below that the opaque warm tile.
        assert_eq!(pixel(&icon, 0, 0)[3], 0, "top-left corner");
        assert_eq!(
            pixel(&icon, SIZE - 1, SIZE - 1)[3],
            0,
            "bottom-right corner"
        );
        let bubble = pixel(&icon, SIZE / 2, SIZE * 3 / 4 - 2);
        assert_eq!(bubble, [255, 255, 255, 255], "bubble");
        let [r, g, b, a] = pixel(&icon, SIZE / 2, SIZE - 12);
        assert_eq!(a, 255, "tile");
        assert!(r > g && g > b, "the tile is warm: {r} {g} {b}");
    }

    #[test]
    fn every_renderer_opens_the_window_with_the_built_in_icon() {
        let built_in = decode().expect("the built-in PNG decodes");
        for renderer in [eframe::Renderer::Wgpu, eframe::Renderer::Glow] {
            let options = crate::ui::native_options(renderer);
            let icon = options.viewport.icon.expect("the window has an icon");
            assert_eq!((icon.width, icon.height), (SIZE, SIZE));
            assert!(*icon == built_in, "not the built-in icon: {icon:?}");
        }
    }
}
