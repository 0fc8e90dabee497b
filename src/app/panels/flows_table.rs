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
const PORTS: usize = 8;

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

/// The sort: a column of [`COLUMNS`] and whether it is reversed.
pub type Sort = Option<(usize, bool)>;

/// Table state: filters, sort and the rows they leave (recomputed only when one of them
/// or the analysis changes), and the rows the user selected.
#[derive(Default)]
pub struct FlowsTable {
    pub filter: Filter,
    /// Whether [`Filter::nodes`] follows the selection.
    pub selected_only: bool,
    /// Kept across edits; `None` is the matrix order.
    pub sort: Sort,
    /// Selected rows (matrix row indices) and the row Shift+click extends from.
    pub picked: std::collections::BTreeSet<usize>,
    anchor: Option<usize>,
    cache: Option<(u64, Filter, Sort, Vec<usize>)>,
    /// Scroll back to the first row on the next frame (the filter changed).
    scroll_top: bool,
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
            .map_or(&[], |(_, _, _, rows)| rows.as_slice())
    }

    /// Recomputes the filtered rows if the analysis or the filter changed.
    fn refresh(&mut self, derived: &Derived, generation: u64) {
        let fresh = matches!(&self.cache, Some((g, f, s, _)) if *g == generation && *f == self.filter && *s == self.sort);
        if !fresh {
            if self
                .cache
                .as_ref()
                .is_some_and(|(_, f, _, _)| *f != self.filter)
            {
                self.scroll_top = true;
            }
            if self.cache.as_ref().is_some_and(|(g, ..)| *g != generation) {
                // Row indices belong to the analysis they came from.
                self.picked.clear();
                self.anchor = None;
            }
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
                .collect::<Vec<usize>>();
            let mut rows = rows;
            if let Some((col, reverse)) = self.sort {
                let key = |i: usize| derived.rows.get(i).map(|r| r[col].as_str()).unwrap_or("");
                rows.sort_by(|&a, &b| {
                    let order = compare_cells(col, key(a), key(b));
                    if reverse { order.reverse() } else { order }
                });
            }
            self.cache = Some((generation, self.filter.clone(), self.sort, rows));
        }
    }
}

/// Cells in column `col` in a natural order: ports by their first number, text by itself.
fn compare_cells(col: usize, a: &str, b: &str) -> std::cmp::Ordering {
    if col == PORTS {
        let first = |s: &str| {
            s.split([',', '-'])
                .next()
                .and_then(|p| p.trim().parse::<u32>().ok())
                .unwrap_or(0)
        };
        first(a).cmp(&first(b)).then_with(|| a.cmp(b))
    } else {
        a.to_lowercase().cmp(&b.to_lowercase())
    }
}

impl FlowsTable {
    /// A click on row `i` (matrix row) with the keyboard modifiers: Ctrl toggles, Shift
    /// extends from the last click in the order shown, a plain click selects it alone.
    fn click(&mut self, i: usize, modifiers: egui::Modifiers) {
        if modifiers.shift
            && let Some(a) = self.anchor
        {
            let rows = self.rows();
            let (Some(pa), Some(pi)) = (
                rows.iter().position(|&r| r == a),
                rows.iter().position(|&r| r == i),
            ) else {
                return;
            };
            let range: Vec<usize> = rows[pa.min(pi)..=pa.max(pi)].to_vec();
            if !modifiers.command {
                self.picked.clear();
            }
            self.picked.extend(range);
            return;
        }
        if modifiers.command {
            if !self.picked.remove(&i) {
                self.picked.insert(i);
            }
        } else {
            self.picked.clear();
            self.picked.insert(i);
        }
        self.anchor = Some(i);
    }

    /// The selected rows in the order shown (the clicked one when none is selected).
    fn picked_in_order(&self) -> Vec<usize> {
        self.rows()
            .iter()
            .copied()
            .filter(|i| self.picked.contains(i))
            .collect()
    }
}

/// `rows` with a header line, as tab-separated text (pastes into a spreadsheet as cells).
pub fn rows_as_tsv(derived: &Derived, rows: &[usize]) -> String {
    let clean = |c: &str| c.replace(['\t', '\n', '\r'], " ");
    let mut out = COLUMNS.join("\t");
    for &i in rows {
        if let Some(cells) = derived.rows.get(i) {
            out.push('\n');
            let line: Vec<String> = cells.iter().map(|c| clean(c)).collect();
            out.push_str(&line.join("\t"));
        }
    }
    out.push('\n');
    out
}

/// `rows` with a header line, as CSV.
pub fn rows_as_csv(derived: &Derived, rows: &[usize]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for &i in rows {
        if let Some(cells) = derived.rows.get(i) {
            let _ = w.write_record(cells);
        }
    }
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
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

/// What the user did in the table this frame.
#[derive(Debug, Default)]
pub struct TableEvents {
    /// A row was clicked: select the servers of every selected row, bring this one's into view.
    pub clicked: Option<usize>,
    /// Text to put on the clipboard.
    pub copy: Option<String>,
}

/// Shows filters and the table.
pub fn flows_table_ui(
    ui: &mut egui::Ui,
    table: &mut FlowsTable,
    plan: &Plan,
    derived: &Derived,
    generation: u64,
    selection: &Selection,
) -> TableEvents {
    let mut events = TableEvents::default();
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
    let scroll_top = std::mem::take(&mut table.scroll_top);
    let rows = table.rows().to_vec();
    ui.label(
        egui::RichText::new(format!(
            "{} of {} rules · click a header to sort, Shift/Ctrl+click rows to select several, Ctrl+C copies them",
            rows.len(),
            derived.rows.len()
        ))
        .small()
        .weak(),
    );
    let copy_asked = ui.input(|i| {
        i.events.iter().any(|e| {
            matches!(e, egui::Event::Copy)
                || matches!(e, egui::Event::Key { key: egui::Key::C, pressed: true, modifiers, .. } if modifiers.command)
        })
    }) && !ui.ctx().text_edit_focused();
    if copy_asked && !table.picked.is_empty() {
        events.copy = Some(rows_as_tsv(derived, &table.picked_in_order()));
    }
    let mut sort_by = None;
    let mut menu: Option<(bool, usize)> = None;
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
            if scroll_top {
                builder = builder.vertical_scroll_offset(0.0);
            }
            builder
                .header(22.0, |mut header| {
                    for (k, c) in COLUMNS.iter().enumerate() {
                        header.col(|ui| {
                            let mark = match table.sort {
                                Some((col, false)) if col == k => " (A-Z)",
                                Some((col, true)) if col == k => " (Z-A)",
                                _ => "",
                            };
                            let text =
                                egui::RichText::new(format!("{}{mark}", c.replace('_', " ")))
                                    .strong();
                            if ui
                                .add(egui::Button::new(text).frame(false))
                                .on_hover_text("Sort by this column (again to reverse)")
                                .clicked()
                            {
                                sort_by = Some(k);
                            }
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
                        row.set_selected(table.picked.contains(&i));
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
                        let resp = row.response();
                        if resp.clicked() {
                            clicked = Some(i);
                        }
                        resp.context_menu(|ui| {
                            if ui.button("Copy rows").clicked() {
                                menu = Some((false, i));
                                ui.close();
                            }
                            if ui.button("Copy as CSV").clicked() {
                                menu = Some((true, i));
                                ui.close();
                            }
                        });
                    });
                });
        });
    if let Some(k) = sort_by {
        table.sort = match table.sort {
            Some((col, false)) if col == k => Some((k, true)),
            _ => Some((k, false)),
        };
    }
    if let Some(i) = clicked {
        let modifiers = ui.input(|inp| inp.modifiers);
        table.click(i, modifiers);
        events.clicked = Some(i);
    }
    if let Some((as_csv, i)) = menu {
        if !table.picked.contains(&i) {
            table.picked.clear();
            table.picked.insert(i);
        }
        let picked = table.picked_in_order();
        events.copy = Some(if as_csv {
            rows_as_csv(derived, &picked)
        } else {
            rows_as_tsv(derived, &picked)
        });
    }
    events
}
