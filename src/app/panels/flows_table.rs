//! The flows table: the firewall matrix with filters; only visible rows are laid out.

use super::super::derived::Derived;
use super::super::selection::Selection;
use super::super::theme;
use crate::export::COLUMNS;
use crate::model::{NodeId, Plan};
use egui_extras::{Column, TableBuilder};
use std::collections::BTreeSet;

/// Column indices in [`COLUMNS`].
const FIREWALL: usize = 0;
const SOURCE_ZONE: usize = 1;
const SOURCE: usize = 2;
const DEST_ZONE: usize = 4;
const DEST: usize = 5;
const PROTOCOL: usize = 7;

/// Widths of the columns, in [`COLUMNS`] order.
const WIDTHS: [f32; 13] = [
    90.0, 110.0, 130.0, 110.0, 110.0, 130.0, 110.0, 60.0, 130.0, 150.0, 280.0, 180.0, 260.0,
];

/// The table's filters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub firewall: Option<String>,
    pub zone: Option<String>,
    pub protocol: Option<String>,
    /// Source or destination node name contains this (case-insensitive).
    pub node: String,
    /// Any cell contains this (case-insensitive).
    pub text: String,
    /// Only rows from or to these nodes (the selection, when asked for).
    pub nodes: Option<BTreeSet<NodeId>>,
}

/// Table state: filters and the rows they leave, recomputed only when either changes.
#[derive(Default)]
pub struct FlowsTable {
    pub filter: Filter,
    /// Whether [`Filter::nodes`] follows the selection.
    pub selected_only: bool,
    cache: Option<(u64, Filter, Vec<usize>)>,
}

impl FlowsTable {
    /// Row indices passing the filter, for analysis `generation`. **O(rows)** on change,
    /// free otherwise.
    pub fn visible_rows(&mut self, derived: &Derived, generation: u64) -> &[usize] {
        self.refresh(derived, generation);
        self.rows()
    }

    /// The rows of the last [`Self::refresh`].
    fn rows(&self) -> &[usize] {
        self.cache
            .as_ref()
            .map_or(&[], |(_, _, rows)| rows.as_slice())
    }

    /// Recomputes the filtered rows if the analysis or the filter changed.
    fn refresh(&mut self, derived: &Derived, generation: u64) {
        let fresh = matches!(&self.cache, Some((g, f, _)) if *g == generation && *f == self.filter);
        if !fresh {
            let f = &self.filter;
            let text = f.text.to_lowercase();
            let node = f.node.to_lowercase();
            let rows = derived
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| f.firewall.as_ref().is_none_or(|x| r[FIREWALL] == *x))
                .filter(|(_, r)| {
                    f.zone
                        .as_ref()
                        .is_none_or(|z| r[SOURCE_ZONE] == *z || r[DEST_ZONE] == *z)
                })
                .filter(|(_, r)| f.protocol.as_ref().is_none_or(|p| r[PROTOCOL] == *p))
                .filter(|(_, r)| {
                    node.is_empty()
                        || r[SOURCE].to_lowercase().contains(&node)
                        || r[DEST].to_lowercase().contains(&node)
                })
                .filter(|(i, _)| text.is_empty() || derived.row_search[*i].contains(&text))
                .filter(|(i, _)| {
                    f.nodes.as_ref().is_none_or(|set| {
                        derived.analysis.matrix.rows.get(*i).is_some_and(|r| {
                            set.contains(&r.source) || set.contains(&r.destination)
                        })
                    })
                })
                .map(|(i, _)| i)
                .collect();
            self.cache = Some((generation, self.filter.clone(), rows));
        }
    }
}

fn combo_ui(ui: &mut egui::Ui, label: &str, value: &mut Option<String>, choices: &[String]) {
    ui.label(label);
    let resp = egui::ComboBox::from_id_salt(("flows-filter", label))
        .selected_text(value.as_deref().unwrap_or("all"))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "all");
            for c in choices {
                let shown = if c.is_empty() {
                    "(within a zone)"
                } else {
                    c.as_str()
                };
                ui.selectable_value(value, Some(c.clone()), shown);
            }
        });
    super::fields::name_widget(&resp.response, &format!("{label} filter"));
}

/// Shows filters and the table; returns the matrix row clicked.
pub fn flows_table_ui(
    ui: &mut egui::Ui,
    table: &mut FlowsTable,
    plan: &Plan,
    derived: &Derived,
    generation: u64,
    selection: &Selection,
) -> Option<usize> {
    let selected = selection.row;
    let mut clicked = None;
    ui.horizontal_wrapped(|ui| {
        let mut firewalls: Vec<String> = plan.firewalls.iter().map(|f| f.name.clone()).collect();
        firewalls.sort();
        firewalls.push(String::new());
        combo_ui(ui, "firewall", &mut table.filter.firewall, &firewalls);
        let mut zones: Vec<String> = plan.zones.iter().map(|z| z.name.clone()).collect();
        zones.sort();
        combo_ui(ui, "zone", &mut table.filter.zone, &zones);
        combo_ui(
            ui,
            "protocol",
            &mut table.filter.protocol,
            &["TCP".to_owned(), "UDP".to_owned()],
        );
        let node_label = ui.label("node");
        ui.add(
            egui::TextEdit::singleline(&mut table.filter.node)
                .hint_text("name")
                .desired_width(110.0),
        )
        .labelled_by(node_label.id);
        let search_label = ui.label("search");
        ui.add(
            egui::TextEdit::singleline(&mut table.filter.text)
                .hint_text("any text")
                .desired_width(160.0),
        )
        .labelled_by(search_label.id);
        ui.checkbox(&mut table.selected_only, "selected nodes only");
        if (table.filter != Filter::default() || table.selected_only)
            && ui.button("Clear filters").clicked()
        {
            table.filter = Filter::default();
            table.selected_only = false;
        }
    });
    let wanted = table.selected_only.then(|| selection.nodes.clone());
    if table.filter.nodes != wanted {
        table.filter.nodes = wanted;
    }
    table.refresh(derived, generation);
    let rows = table.rows();
    ui.label(
        egui::RichText::new(format!(
            "{} of {} matrix rows",
            rows.len(),
            derived.rows.len()
        ))
        .small()
        .weak(),
    );
    egui::ScrollArea::horizontal()
        .id_salt("flows-h")
        .show(ui, |ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt("flows-table")
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .auto_shrink([false, false])
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
            for w in WIDTHS {
                builder = builder.column(Column::initial(w).at_least(40.0).clip(true));
            }
            builder
                .header(22.0, |mut header| {
                    for c in COLUMNS {
                        header.col(|ui| {
                            ui.strong(c.replace('_', " "));
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, rows.len(), |mut row| {
                        let Some(&i) = rows.get(row.index()) else {
                            return;
                        };
                        let Some(cells) = derived.rows.get(i) else {
                            return;
                        };
                        row.set_selected(selected == Some(i));
                        for (c, cell) in cells.iter().enumerate() {
                            row.col(|ui| {
                                if c == FIREWALL && !cell.is_empty() {
                                    ui.add(
                                        egui::Label::new(
                                            egui::RichText::new(cell).color(theme::FIREWALL),
                                        )
                                        .selectable(false),
                                    );
                                } else {
                                    ui.add(egui::Label::new(cell).selectable(false));
                                }
                            });
                        }
                        if row.response().clicked() {
                            clicked = Some(i);
                        }
                    });
                });
        });
    clicked
}
