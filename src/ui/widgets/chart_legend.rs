//! A chart's legend drawn as a row under its title, outside the plot: a
//! legend inside the plot covers the bars and points in its corner (the
//! newest months, the oldest debts), and each entry shows its series'
//! own colour.

use egui::{Color32, RichText};

/// Draws `● name` for each series, wrapping when the row is full.
pub fn show(ui: &mut egui::Ui, entries: &[(String, Color32)]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (name, color) in entries {
            ui.label(RichText::new("●").color(*color));
            ui.label(RichText::new(name).small());
            ui.add_space(10.0);
        }
    });
}

#[cfg(test)]
mod tests {
    use egui::Color32;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    #[test]
    fn every_series_gets_its_name_and_a_marker_in_its_colour() {
        let entries = vec![
            ("服务态度".to_string(), Color32::RED),
            ("送货速度".to_string(), Color32::BLUE),
        ];
        let mut harness = Harness::builder()
            .with_context_setup(crate::ui::fonts::install)
            .build_ui(|ui| super::show(ui, &entries));
        harness.run();
        harness.get_by_label("服务态度");
        harness.get_by_label("送货速度");
        assert_eq!(harness.query_all_by_label("●").count(), 2);
    }
}
