//! The rules table: the typed rules (and the flows with no path) with filters and a
//! sort; only visible rows are laid out.

use super::super::derived::Derived;
use super::super::selection::Selection;
use super::super::table_rows::{Table, TableRow, TextMatches};
use super::super::theme;
use super::super::view::{Outbox, Request};
use crate::export::COLUMNS;
use crate::model::{FirewallId, IcmpType, NodeId, Plan, Protocol, ZoneId};
use egui_extras::{Column, TableBuilder};
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Column indices in [`COLUMNS`].
const FIREWALL: usize = 0;
const SOURCE: usize = 2;
const DEST: usize = 5;
const PROTOCOL: usize = 7;
const PORTS: usize = 8;

/// Widths of the columns, in [`COLUMNS`] order.
const WIDTHS: [f32; 13] = [
    90.0, 110.0, 130.0, 110.0, 110.0, 130.0, 110.0, 60.0, 130.0, 150.0, 280.0, 180.0, 260.0,
];

/// Which rows the firewall filter keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Through {
    Firewall(FirewallId),
    /// Rules within one zone (for host firewalls).
    WithinZone,
    /// Flows no firewall path joins.
    NoPath,
}

/// The table's filters, on the rows' typed keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub through: Option<Through>,
    /// Rows from or to this zone.
    pub zone: Option<ZoneId>,
    /// TCP, UDP or ICMP (as `Icmp(Any)`, for every type).
    pub protocol: Option<Protocol>,
    /// Source or destination node name contains this (case-insensitive).
    pub node: String,
    /// Any cell contains this (case-insensitive).
    pub text: String,
    /// Only rows from or to these nodes (the selection, when asked for).
    pub nodes: Option<BTreeSet<NodeId>>,
}

impl Filter {
    /// Whether `row` passes; `node` and `text` say which texts match those filters
    /// (`None` when the filter is empty).
    fn keeps(
        &self,
        row: &TableRow,
        node: Option<&TextMatches>,
        text: Option<&TextMatches>,
    ) -> bool {
        let through = match self.through {
            None => true,
            Some(Through::Firewall(f)) => row.firewall == Some(f),
            Some(Through::WithinZone) => row.firewall.is_none() && !row.no_path(),
            Some(Through::NoPath) => row.no_path(),
        };
        through
            && self
                .zone
                .is_none_or(|z| row.source_zone == Some(z) || row.destination_zone == Some(z))
            && self.protocol.is_none_or(|p| family(row.protocol) == p)
            && node.is_none_or(|m| m.cell(row, SOURCE) || m.cell(row, DEST))
            && text.is_none_or(|m| m.any(row))
            && self
                .nodes
                .as_ref()
                .is_none_or(|set| set.contains(&row.source) || set.contains(&row.destination))
    }
}

/// The protocol as the filter groups it: ICMP of any type is one choice.
fn family(p: Protocol) -> Protocol {
    match p {
        Protocol::Icmp(_) => Protocol::Icmp(IcmpType::Any),
        other => other,
    }
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
    /// Selected rows (indices into [`Derived::table`]) and the row Shift+click extends from.
    pub picked: BTreeSet<usize>,
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
        if fresh {
            return;
        }
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
        let table = &derived.table;
        let matches = |filter: &str| {
            (!filter.is_empty()).then(|| table.texts_containing(&filter.to_lowercase()))
        };
        let (text, node) = (matches(&self.filter.text), matches(&self.filter.node));
        let mut rows: Vec<usize> = table
            .iter()
            .enumerate()
            .filter(|(_, r)| self.filter.keeps(r, node.as_ref(), text.as_ref()))
            .map(|(i, _)| i)
            .collect();
        if let Some((col, reverse)) = self.sort {
            rows.sort_by(|&a, &b| {
                let order = match (table.get(a), table.get(b)) {
                    (Some(x), Some(y)) => compare(table, col, x, y),
                    _ => Ordering::Equal,
                };
                if reverse { order.reverse() } else { order }
            });
        }
        self.cache = Some((generation, self.filter.clone(), self.sort, rows));
    }
}

/// Rows by column `col` in a natural order: ports and protocols by their values, text
/// case-insensitively.
fn compare(table: &Table, col: usize, a: &TableRow, b: &TableRow) -> Ordering {
    match col {
        PORTS => (a.protocol.has_ports(), &a.ports, a.protocol).cmp(&(
            b.protocol.has_ports(),
            &b.ports,
            b.protocol,
        )),
        PROTOCOL => a.protocol.cmp(&b.protocol),
        _ => table.cell_lower(a, col).cmp(table.cell_lower(b, col)),
    }
}

fn compare_text(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
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
    for row in rows.iter().filter_map(|&i| derived.table.get(i)) {
        out.push('\n');
        let line: Vec<String> = derived.table.cells(row).map(clean).collect();
        out.push_str(&line.join("\t"));
    }
    out.push('\n');
    out
}

/// `rows` with a header line, as CSV.
pub fn rows_as_csv(derived: &Derived, rows: &[usize]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for row in rows.iter().filter_map(|&i| derived.table.get(i)) {
        let _ = w.write_record(derived.table.cells(row));
    }
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// A filter's combo box: "all", then each choice with its label.
fn combo_ui<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    choices: &[(T, String)],
) {
    ui.label(label);
    let shown = value
        .as_ref()
        .and_then(|v| choices.iter().find(|(c, _)| c == v))
        .map_or("all", |(_, l)| l.as_str());
    let resp = egui::ComboBox::from_id_salt(("flows-filter", label))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "all");
            for (c, l) in choices {
                ui.selectable_value(value, Some(c.clone()), l);
            }
        });
    super::fields::name_widget(&resp.response, &format!("{label} filter"));
}

/// What the table reads.
pub struct TableView<'a> {
    pub plan: &'a Plan,
    pub derived: &'a Derived,
    /// The analysis generation: row indices belong to it.
    pub generation: u64,
    pub selection: &'a Selection,
}

/// Shows filters and the table.
pub fn flows_table_ui(
    ui: &mut egui::Ui,
    table: &mut FlowsTable,
    view: TableView<'_>,
    tx: &mut Outbox,
) {
    let TableView {
        plan,
        derived,
        generation,
        selection,
    } = view;
    let mut clicked = None;
    ui.horizontal_wrapped(|ui| {
        let mut firewalls: Vec<(Through, String)> = plan
            .firewalls
            .iter()
            .map(|f| (Through::Firewall(f.id), f.name.clone()))
            .collect();
        firewalls.sort_by(|a, b| compare_text(&a.1, &b.1));
        firewalls.push((Through::WithinZone, "(within a zone)".to_owned()));
        firewalls.push((Through::NoPath, "(no path)".to_owned()));
        combo_ui(ui, "firewall", &mut table.filter.through, &firewalls);
        let mut zones: Vec<(ZoneId, String)> =
            plan.zones.iter().map(|z| (z.id, z.name.clone())).collect();
        zones.sort_by(|a, b| compare_text(&a.1, &b.1));
        combo_ui(ui, "zone", &mut table.filter.zone, &zones);
        let mut protocols: Vec<Protocol> =
            derived.table.iter().map(|r| family(r.protocol)).collect();
        protocols.sort_unstable();
        protocols.dedup();
        let protocols: Vec<(Protocol, String)> =
            protocols.into_iter().map(|p| (p, p.to_string())).collect();
        combo_ui(ui, "protocol", &mut table.filter.protocol, &protocols);
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
    let rules = derived.analysis.matrix.rows.len();
    let no_path = derived.table.len() - rules;
    let mut count = format!("{} of {rules} rules", rows.len());
    if no_path > 0 {
        count.push_str(&format!(" and {no_path} with no path"));
    }
    ui.label(
        egui::RichText::new(format!(
            "{count} · click a header to sort, Shift/Ctrl+click rows to select several, Ctrl+C copies them"
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
        let picked = table.picked_in_order();
        tx.send(copy_request(rows_as_tsv(derived, &picked), picked.len()));
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
                        let Some(entry) = derived.table.get(i) else {
                            return;
                        };
                        row.set_selected(table.picked.contains(&i));
                        for (c, cell) in derived.table.cells(entry).enumerate() {
                            row.col(|ui| {
                                let text = egui::RichText::new(cell);
                                let text = match c {
                                    FIREWALL if entry.no_path() => text.color(theme::ERROR).strong(),
                                    FIREWALL => text.color(theme::FIREWALL),
                                    _ => text,
                                };
                                let resp = ui.add(egui::Label::new(text).selectable(false));
                                if c == FIREWALL && entry.no_path() {
                                    resp.on_hover_text(
                                        "No firewall joins these zones: add one to route these flows.",
                                    );
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
        let nodes = table
            .picked
            .iter()
            .filter_map(|k| derived.table.get(*k))
            .flat_map(|r| [r.source, r.destination])
            .collect();
        tx.send(Request::ShowRow { row: i, nodes });
    }
    if let Some((as_csv, i)) = menu {
        if !table.picked.contains(&i) {
            table.picked.clear();
            table.picked.insert(i);
        }
        let picked = table.picked_in_order();
        let text = if as_csv {
            rows_as_csv(derived, &picked)
        } else {
            rows_as_tsv(derived, &picked)
        };
        tx.send(copy_request(text, picked.len()));
    }
}

fn copy_request(text: String, rows: usize) -> Request {
    let what = if rows == 1 {
        "1 row with a header".to_owned()
    } else {
        format!("{rows} rows with a header")
    };
    Request::Copy { text, what }
}
