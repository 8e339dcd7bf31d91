//! Photo evidence in the Facts step: add pictures with the file dialog
//! (a copy is stored inside the book), see them as thumbnails decoded from
//! the stored bytes, remove them.

use std::path::Path;

use egui::RichText;

use super::wizard::Wizard;
use crate::i18n::{store_error, t};
use crate::ui::app::ViewCtx;
use crate::ui::theme;
use crate::ui::widgets::file_dialog;

/// The longest side of a thumbnail, in pixels.
const THUMB: u32 = 112;

/// File types the dialog offers.
pub const IMAGE_EXTENSIONS: [&str; 7] = ["jpg", "jpeg", "png", "webp", "gif", "bmp", "JPG"];

pub fn show(ui: &mut egui::Ui, w: &mut Wizard, view: &mut ViewCtx<'_>) {
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for a in &w.attachments {
            ui.vertical(|ui| {
                let thumb = w
                    .thumbs
                    .entry(a.file_name.clone())
                    .or_insert_with(|| thumbnail(ui.ctx(), view, &a.file_name));
                match thumb {
                    Some(texture) => {
                        ui.add(
                            egui::Image::new(&*texture)
                                .max_size(egui::vec2(THUMB as f32, THUMB as f32)),
                        )
                        .on_hover_text(&a.original_name);
                    }
                    None => {
                        ui.label(
                            RichText::new(t!("photos.unreadable", name = a.original_name))
                                .color(theme::WARNING),
                        );
                    }
                }
                if ui.small_button(t!("photos.remove")).clicked() {
                    remove = Some(a.id);
                }
            });
        }
        if let Some(id) = remove {
            match view.store.remove_attachment(id) {
                Ok(()) => w.attachments.retain(|a| a.id != id),
                Err(e) => view.status.error(store_error(&e)),
            }
        }
    });
    let clicked = ui.button(t!("photos.add")).clicked();
    if let Some(files) = file_dialog::pick_files(ui, "photos.add", clicked, || {
        rfd::FileDialog::new()
            .set_title(t!("photos.add"))
            .add_filter(t!("photos.filter"), &IMAGE_EXTENSIONS)
    }) {
        for file in files {
            attach(w, view, &file);
        }
    }
    if w.attachments.is_empty() {
        ui.label(RichText::new(t!("photos.none")).small().color(theme::MUTED));
    }
}

/// Adds one picture to the case (saving the case first if it is new).
/// Files that are not pictures are refused with a message (the store checks
/// again, and refuses one over its size cap).
pub fn attach(w: &mut Wizard, view: &mut ViewCtx<'_>, file: &Path) -> bool {
    if !looks_like_a_picture(file) {
        view.status.error(t!(
            "photos.not_an_image",
            name = file.file_name().unwrap_or_default().to_string_lossy()
        ));
        return false;
    }
    if w.case.id.is_none() {
        w.changed();
        w.save(view);
    }
    let Some(id) = w.case.id else { return false };
    match view.store.add_attachment(id, file) {
        Ok(a) => {
            if !w.attachments.iter().any(|x| x.id == a.id) {
                w.attachments.push(a);
            }
            true
        }
        Err(e) => {
            view.status.error(store_error(&e));
            false
        }
    }
}

/// Whether the file starts like a picture (only its first bytes are read,
/// so a huge file is not read just to be refused).
fn looks_like_a_picture(file: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(64).read_to_end(&mut head))
        .is_ok_and(|_| image::guess_format(&head).is_ok())
}

/// A small texture of a stored picture, or None when it cannot be read
/// (a failed read of the book goes to the log; the label says it cannot be
/// shown).
fn thumbnail(
    ctx: &egui::Context,
    view: &ViewCtx<'_>,
    file_name: &str,
) -> Option<egui::TextureHandle> {
    let bytes = match view.store.attachment_bytes(file_name) {
        Ok(bytes) => bytes?,
        Err(e) => {
            log::warn!("cannot read photo {file_name}: {e}");
            return None;
        }
    };
    let image = image::load_from_memory(&bytes)
        .ok()?
        .thumbnail(THUMB, THUMB)
        .to_rgba8();
    let size = [image.width() as usize, image.height() as usize];
    let pixels = egui::ColorImage::from_rgba_unmultiplied(size, image.as_raw());
    Some(ctx.load_texture(
        format!("photo-{file_name}"),
        pixels,
        egui::TextureOptions::LINEAR,
    ))
}
