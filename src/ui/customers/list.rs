//! The customer list: search, filters, sorting and a virtual table that
//! draws only the visible rows, so 100,000 customers scroll smoothly.
//!
//! The filtered, sorted order is recomputed only when the query, a filter,
//! the sort or the data changes — never per frame.

use egui::{RichText, Sense};
use egui_extras::{Column, TableBuilder};

use super::directory::CustomerDirectory;
use crate::domain::customer::{CustomerClass, CustomerId, Source};
use crate::domain::search::Query;
use crate::i18n::{label, t};
use crate::ui::theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortColumn {
    Name,
    Class,
    Balance,
    LastContact,
    #[default]
    Created,
}

/// What the user chose to see: the query, the filters and the sort.
type ViewKey = (
    String,
    Option<CustomerClass>,
    Option<String>,
    Option<Source>,
    SortColumn,
    bool,
);

/// Everything the visible order depends on: the directory's generation
/// and the user's choice.
type ViewState = (u64, ViewKey);

/// List state: the current view of the directory's rows, and the controls.
#[derive(Default)]
pub struct CustomerList {
    visible: Vec<usize>,
    pub query: String,
    pub class: Option<CustomerClass>,
    pub tag: Option<String>,
    pub source: Option<Source>,
    sort: SortColumn,
    ascending: bool,
    applied: Option<ViewState>,
    focus_search: bool,
    /// A customer whose row should be scrolled into view.
    reveal: Option<CustomerId>,
    /// A row to scroll to on the next frame, and where to put it.
    scroll_to: Option<(usize, egui::Align)>,
}

/// The search box's id, so Ctrl+F and tests can find it.
pub const SEARCH_ID: &str = "customer-search";

impl CustomerList {
    /// The ids in display order (tests and benchmarks read this).
    pub fn visible_ids(&self, dir: &CustomerDirectory) -> Vec<CustomerId> {
        self.visible.iter().map(|&i| dir.rows()[i].id).collect()
    }

    pub fn visible_count(&self) -> usize {
        self.visible.len()
    }

    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    /// Recomputes the visible order if anything it depends on changed.
    pub fn refresh(&mut self, dir: &CustomerDirectory) {
        let state = (
            dir.generation(),
            (
                self.query.clone(),
                self.class,
                self.tag.clone(),
                self.source,
                self.sort,
                self.ascending,
            ),
        );
        if self.applied.as_ref() == Some(&state) {
            return;
        }
        // A new search, filter or sort shows its first rows; a save
        // elsewhere (only the generation moved) leaves the list where it is.
        let new_view = self.applied.as_ref().is_some_and(|old| old.1 != state.1);
        let query = Query::parse(&self.query);
        let rows = dir.rows();
        let mut visible: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                let r = &rows[i];
                self.class.is_none_or(|c| r.class == c)
                    && self.source.is_none_or(|s| r.source == Some(s))
                    && self
                        .tag
                        .as_ref()
                        .is_none_or(|t| r.tags.iter().any(|x| x == t))
                    && query.matches(&r.key)
            })
            .collect();
        match self.sort {
            SortColumn::Name => visible.sort_by(|&a, &b| {
                rows[a]
                    .key
                    .pinyin()
                    .cmp(rows[b].key.pinyin())
                    .then(rows[a].name.cmp(&rows[b].name))
            }),
            SortColumn::Class => {
                visible.sort_by_key(|&i| (rows[i].class, std::cmp::Reverse(rows[i].balance)))
            }
            SortColumn::Balance => visible.sort_by_key(|&i| rows[i].balance),
            SortColumn::LastContact => visible.sort_by_key(|&i| rows[i].last_contact),
            SortColumn::Created => visible.sort_by_key(|&i| (rows[i].created_at, rows[i].id)),
        }
        if !self.ascending {
            visible.reverse();
        }
        self.visible = visible;
        self.applied = Some(state);
        if let Some(id) = self.reveal.take() {
            self.scroll_to = self
                .visible
                .iter()
                .position(|&i| rows[i].id == id)
                .map(|row| (row, egui::Align::Center));
        } else if new_view && !self.visible.is_empty() {
            self.scroll_to = Some((0, egui::Align::TOP));
        }
    }

    /// Draws the controls and the table; returns the id of a clicked row.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        dir: &CustomerDirectory,
        selected: Option<CustomerId>,
    ) -> Option<CustomerId> {
        let mut clicked = None;
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut self.query)
                    .id(egui::Id::unique(SEARCH_ID))
                    .hint_text(t!("list.search_hint"))
                    .desired_width(f32::INFINITY),
            )
            .accessible_name(t!("list.search"));
        if self.focus_search {
            search.request_focus();
            self.focus_search = false;
        }
        ui.horizontal_wrapped(|ui| {
            egui::ComboBox::from_id_salt("filter-class")
                .width(70.0)
                .selected_text(
                    self.class
                        .map(|c| c.code().to_string())
                        .unwrap_or_else(|| t!("list.all_classes").into_owned()),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.class, None, t!("list.all_classes"));
                    for c in CustomerClass::ALL {
                        ui.selectable_value(&mut self.class, Some(*c), c.code());
                    }
                })
                .response
                .accessible_name(t!("list.filter_class"));
            egui::ComboBox::from_id_salt("filter-tag")
                .width(90.0)
                .selected_text(
                    self.tag
                        .clone()
                        .unwrap_or_else(|| t!("list.all_tags").into_owned()),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.tag, None, t!("list.all_tags"));
                    for tag in dir.tags() {
                        ui.selectable_value(&mut self.tag, Some(tag.clone()), tag);
                    }
                })
                .response
                .accessible_name(t!("list.filter_tag"));
            egui::ComboBox::from_id_salt("filter-source")
                .width(100.0)
                .selected_text(
                    self.source
                        .map(|s| label("source", s.code()))
                        .unwrap_or_else(|| t!("list.all_sources").into_owned()),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.source, None, t!("list.all_sources"));
                    for s in Source::ALL {
                        ui.selectable_value(&mut self.source, Some(*s), label("source", s.code()));
                    }
                })
                .response
                .accessible_name(t!("list.filter_source"));
        });
        self.refresh(dir);
        ui.label(
            RichText::new(t!(
                "list.count",
                shown = self.visible.len(),
                total = dir.rows().len()
            ))
            .small()
            .color(theme::MUTED),
        );

        let row_height = 24.0;
        // Selectable labels would take the click for text selection; the row should get it.
        ui.style_mut().interaction.selectable_labels = false;
        let mut table = TableBuilder::new(ui)
            .id_salt("customer-table")
            .striped(true)
            .sense(Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(92.0).at_least(60.0).clip(true))
            .column(Column::initial(108.0).at_least(60.0).clip(true))
            .column(Column::exact(46.0))
            .column(Column::initial(96.0).at_least(60.0).clip(true))
            .column(Column::remainder().at_least(60.0).clip(true))
            .min_scrolled_height(0.0);
        if let Some((row, align)) = self.scroll_to.take() {
            table = table.scroll_to_row(row, Some(align));
        }
        table
            .header(26.0, |mut header| {
                self.header_cell(&mut header, SortColumn::Name, &t!("list.col_name"));
                header.col(|ui| {
                    ui.strong(t!("list.col_phone"));
                });
                self.header_cell(&mut header, SortColumn::Class, &t!("list.col_class"));
                self.header_cell(&mut header, SortColumn::Balance, &t!("list.col_balance"));
                self.header_cell(
                    &mut header,
                    SortColumn::LastContact,
                    &t!("list.col_last_contact"),
                );
            })
            .body(|body| {
                body.rows(row_height, self.visible.len(), |mut row| {
                    let summary = &dir.rows()[self.visible[row.index()]];
                    row.set_selected(selected == Some(summary.id));
                    row.col(|ui| {
                        let mut name = RichText::new(&summary.name);
                        if summary.blacklisted {
                            name = name.color(theme::ERROR);
                        }
                        ui.label(name);
                    });
                    row.col(|ui| {
                        ui.label(&summary.mobile);
                    });
                    row.col(|ui| {
                        let text = if summary.class_is_manual {
                            format!("{}*", summary.class.code())
                        } else {
                            summary.class.code().to_string()
                        };
                        ui.label(text);
                    });
                    row.col(|ui| {
                        if !summary.balance.is_zero() {
                            let color = if summary.balance.fen() > 0 {
                                theme::WARNING
                            } else {
                                theme::SUCCESS
                            };
                            ui.label(RichText::new(summary.balance.to_string()).color(color));
                        }
                    });
                    row.col(|ui| {
                        if let Some(at) = summary.last_contact {
                            ui.label(at.format("%Y-%m-%d").to_string());
                        }
                    });
                    if row.response().clicked() {
                        clicked = Some(summary.id);
                    }
                });
            });
        clicked
    }

    /// Scrolls the table so a customer's row is visible (after opening it).
    pub fn reveal(&mut self, id: CustomerId) {
        self.reveal = Some(id);
        self.applied = None;
    }

    fn header_cell(
        &mut self,
        header: &mut egui_extras::TableRow<'_, '_>,
        column: SortColumn,
        title: &str,
    ) {
        header.col(|ui| {
            let arrow = if self.sort == column {
                if self.ascending { " ▲" } else { " ▼" }
            } else {
                ""
            };
            if ui
                .add(
                    egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                        .frame(false),
                )
                .clicked()
            {
                if self.sort == column {
                    self.ascending = !self.ascending;
                } else {
                    self.sort = column;
                    self.ascending = matches!(column, SortColumn::Name);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use crate::domain::search::SearchKey;
    use crate::store::customers::CustomerSummary;
    use chrono::NaiveDate;

    fn row(
        id: i64,
        name: &str,
        class: CustomerClass,
        tags: &[&str],
        source: Option<Source>,
        fen: i64,
    ) -> CustomerSummary {
        let mobile = format!("1380000{id:04}");
        CustomerSummary {
            id,
            key: SearchKey::new(name, &[&mobile], "", ""),
            name: name.into(),
            mobile,
            phone2: String::new(),
            company: String::new(),
            class,
            class_is_manual: false,
            source,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            do_not_contact: false,
            blacklisted: false,
            balance: Money(fen),
            last_contact: None,
            referrals: 0,
            created_at: NaiveDate::from_ymd_opt(2026, 1, id as u32)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        }
    }

    fn list() -> (CustomerList, CustomerDirectory) {
        let dir = CustomerDirectory::from_rows(
            vec![
                row(
                    1,
                    "张三",
                    CustomerClass::A,
                    &["VIP"],
                    Some(Source::Referral),
                    500,
                ),
                row(2, "李四", CustomerClass::C, &[], None, 0),
                row(
                    3,
                    "王五",
                    CustomerClass::B,
                    &["VIP", "团购"],
                    Some(Source::Online),
                    9_900,
                ),
                row(
                    4,
                    "赵六",
                    CustomerClass::A,
                    &["团购"],
                    Some(Source::Referral),
                    -100,
                ),
            ],
            vec!["VIP".into(), "团购".into()],
        );
        let mut list = CustomerList::default();
        list.refresh(&dir);
        (list, dir)
    }

    #[test]
    fn newest_first_by_default() {
        let (l, d) = list();
        assert_eq!(l.visible_ids(&d), vec![4, 3, 2, 1]);
    }

    #[test]
    fn filters_combine_with_the_search() {
        let (mut l, d) = list();
        l.class = Some(CustomerClass::A);
        l.refresh(&d);
        assert_eq!(l.visible_ids(&d), vec![4, 1]);
        l.tag = Some("团购".into());
        l.refresh(&d);
        assert_eq!(l.visible_ids(&d), vec![4]);
        l.class = None;
        l.tag = None;
        l.source = Some(Source::Referral);
        l.query = "zs".into();
        l.refresh(&d);
        assert_eq!(l.visible_ids(&d), vec![1]);
        l.query = "0003".into();
        l.source = None;
        l.refresh(&d);
        assert_eq!(l.visible_ids(&d), vec![3]);
    }

    #[test]
    fn sorts_by_pinyin_and_balance() {
        let (mut l, d) = list();
        l.sort = SortColumn::Name;
        l.ascending = true;
        l.refresh(&d);
        // li, wang, zhang, zhao
        assert_eq!(l.visible_ids(&d), vec![2, 3, 1, 4]);
        l.sort = SortColumn::Balance;
        l.ascending = false;
        l.refresh(&d);
        assert_eq!(l.visible_ids(&d), vec![3, 1, 2, 4]);
    }

    #[test]
    fn a_saved_row_replaces_the_old_one_and_new_tags_join_the_filter() {
        let (mut l, mut d) = list();
        d.upsert(row(2, "李四", CustomerClass::B, &["装修中"], None, 0));
        l.refresh(&d);
        assert_eq!(d.rows().len(), 4);
        assert!(d.tags().contains(&"装修中".to_string()));
        d.upsert(row(5, "孙七", CustomerClass::C, &[], None, 0));
        d.remove(1);
        l.refresh(&d);
        assert_eq!(l.visible_ids(&d), vec![5, 4, 3, 2]);
    }
}
