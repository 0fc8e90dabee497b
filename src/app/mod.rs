//! The desktop app: draw zones and servers, give them roles, see the derived flows and
//! the firewall matrix live, save plans and export the matrix.
//!
//! UI code only builds [`Command`]s; [`Document::apply`] applies them, records the undo
//! point and marks the analysis stale; the analysis is recomputed once per change.

mod actions;
mod canvas;
mod command;
mod compare;
mod create;
mod derived;
mod document;
mod file_chooser;
mod file_ops;
mod files;
mod find;
mod layout;
mod native_dialog;
mod notices;
mod panels;
mod review_marks;
mod selection;
mod shortcuts;
mod table_rows;
mod theme;
mod undo;
mod view;

pub use command::{Command, Deletion, Moves};
pub use document::Document;
pub use notices::Notice;
pub use panels::flows_table::{Filter, Through};
pub use panels::menu::export_entry;
pub use selection::{Item, Selection};
pub use view::{Action, FlowMode, Outbox, PaletteItem, Request, Select};

use crate::catalog::Catalog;
use crate::model::{NodeId, Plan, ZoneId};
use std::path::{Path, PathBuf};

/// The example the window opens on when started without a plan.
const BUNDLED_EXAMPLE: &str = include_str!("../../examples/rds-perimeter.ron");

/// An action waiting for the user to decide about unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    New,
    Open(Option<PathBuf>),
    Close,
}

/// Which file dialogs the app shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileDialogs {
    /// The system's, falling back to Portolan's own when they cannot be shown.
    System,
    /// Portolan's own chooser only.
    BuiltIn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BottomTab {
    Flows,
    Problems,
    /// Compare mode's list of changes.
    Changes,
    Review,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SideTab {
    Inspector,
    PlanOptions,
}

/// The whole app. eframe drives it through [`eframe::App`]; tests drive [`Self::ui`]
/// directly with egui_kittest.
pub struct PortolanApp {
    catalog: Catalog,
    doc: Document,
    selection: Selection,
    canvas: canvas::Canvas,
    table: panels::flows_table::FlowsTable,
    /// Bumped each time the analysis (or the positions it indexes) is recomputed.
    generation: u64,
    /// Bumped each time another plan replaces the open one (New, Open): with the
    /// document's revision it says whether the plan changed.
    epoch: u64,
    notices: notices::Notices,
    /// A plan that failed to load: shown in a window until dismissed.
    load_error: Option<String>,
    pending: Option<Pending>,
    recent: files::RecentFiles,
    palette_zone: Option<ZoneId>,
    bottom_tab: BottomTab,
    side_tab: SideTab,
    title: String,
    /// The text last put on the clipboard.
    last_copy: Option<String>,
    find: find::Find,
    allow_close: bool,
    file_dialogs: FileDialogs,
    /// Portolan's file chooser while it is open, and what the file is for.
    chooser: Option<(file_chooser::FileChooser, file_ops::FileTask)>,
    /// Why the system file dialog is not used, once known.
    chooser_note: Option<String>,
    /// Put the cursor in the inspector's name field in the next frame.
    focus_name: bool,
    /// Whether "Open folder" starts the file manager ([`run`]) or only records the
    /// folder (tests).
    open_folders: bool,
    /// The folder "Open folder" was last asked to open.
    opened_folder: Option<PathBuf>,
    /// Whether the text sizes are set ([`theme::apply_text_sizes`], on the first frame).
    styled: bool,
    /// Compare mode: the open plan against another version.
    compare: Option<compare::Compare>,
}

impl PortolanApp {
    /// An app editing `plan`, read from `path` (or never saved). Keeps no recent-files
    /// list on disk and uses its own file chooser: [`run`] turns on the list and the
    /// system's dialogs.
    pub fn new(catalog: Catalog, plan: Plan, path: Option<PathBuf>) -> Self {
        let doc = Document::new(plan, path, &catalog);
        PortolanApp {
            catalog,
            doc,
            selection: Selection::default(),
            canvas: canvas::Canvas::default(),
            table: Default::default(),
            generation: 0,
            epoch: 0,
            notices: notices::Notices::default(),
            load_error: None,
            pending: None,
            recent: files::RecentFiles::default(),
            palette_zone: None,
            bottom_tab: BottomTab::Flows,
            side_tab: SideTab::Inspector,
            title: String::new(),
            last_copy: None,
            find: find::Find::default(),
            allow_close: false,
            file_dialogs: FileDialogs::BuiltIn,
            chooser: None,
            chooser_note: None,
            focus_name: false,
            open_folders: false,
            opened_folder: None,
            styled: false,
            compare: None,
        }
    }

    /// The bundled example plan.
    pub fn example(catalog: &Catalog) -> Plan {
        crate::io::parse_plan(BUNDLED_EXAMPLE, "bundled example", catalog).unwrap_or_default()
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn plan(&self) -> &Plan {
        self.doc.plan()
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    pub fn selection_mut(&mut self) -> &mut Selection {
        &mut self.selection
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notices.current()
    }

    /// Chooses the file dialogs (tests force Portolan's own chooser, the default of [`Self::new`]).
    pub fn set_file_dialogs(&mut self, dialogs: FileDialogs) {
        self.file_dialogs = dialogs;
    }

    /// The folder the open file chooser shows, if one is open.
    pub fn chooser_dir(&self) -> Option<&Path> {
        self.chooser.as_ref().map(|(c, _)| c.dir())
    }

    /// The error of the last plan that failed to load, while it is shown.
    pub fn load_error(&self) -> Option<&str> {
        self.load_error.as_deref()
    }

    pub fn set_flow_mode(&mut self, mode: FlowMode) {
        self.canvas.flow_mode = mode;
    }

    /// The table filter, for tests and the CLI-free preview.
    pub fn table_filter_mut(&mut self) -> &mut panels::flows_table::Filter {
        &mut self.table.filter
    }

    /// The matrix rows the table shows with the current filter.
    pub fn visible_table_rows(&mut self) -> Vec<usize> {
        self.table
            .visible_rows(self.doc.derived(), self.generation)
            .to_vec()
    }

    /// The screen rectangle of a node's card as of the last frame.
    pub fn node_screen_rect(&self, id: NodeId) -> Option<egui::Rect> {
        let p = self.plan().layout.nodes.get(&id)?;
        let r = layout::node_rect(layout::to_pos(*p));
        Some(egui::Rect::from_min_max(
            self.canvas.to_screen_pos(r.min),
            self.canvas.to_screen_pos(r.max),
        ))
    }

    /// The screen rectangle of a firewall's box as of the last frame.
    pub fn firewall_screen_rect(&self, id: crate::model::FirewallId) -> Option<egui::Rect> {
        let r = canvas::firewall_rect(self.plan(), id)?;
        Some(egui::Rect::from_min_max(
            self.canvas.to_screen_pos(r.min),
            self.canvas.to_screen_pos(r.max),
        ))
    }

    /// Bounds of everything on the canvas, in canvas units.
    pub fn plan_bounds(&self) -> Option<egui::Rect> {
        canvas::plan_bounds(self.plan())
    }

    /// Shows `rect` (canvas units) in the canvas from the next frame on.
    pub fn set_view(&mut self, rect: egui::Rect) {
        self.canvas.set_view(rect);
    }

    /// The folder "Open folder" was last asked to open.
    pub fn opened_folder(&self) -> Option<&Path> {
        self.opened_folder.as_deref()
    }

    /// The text the app last put on the clipboard.
    pub fn last_copy(&self) -> Option<&str> {
        self.last_copy.as_deref()
    }

    /// The canvas zoom of the last frame (1.0 is 100 %).
    pub fn zoom(&self) -> f32 {
        self.canvas.zoom()
    }

    /// Where the canvas was drawn in the last frame (screen points).
    pub fn canvas_rect(&self) -> Option<egui::Rect> {
        self.canvas.screen_rect
    }

    /// How many node cards the last frame drew (the others were culled).
    pub fn cards_drawn(&self) -> usize {
        self.canvas.cards_drawn
    }

    /// The screen position of a canvas point as of the last frame.
    pub fn canvas_to_screen(&self, p: egui::Pos2) -> egui::Pos2 {
        self.canvas.to_screen_pos(p)
    }

    /// Applies a command as the UI would (one undo step) and refreshes the analysis.
    pub fn apply(&mut self, command: Command) -> bool {
        let changed = self.doc.apply(command);
        self.after_change();
        changed
    }

    fn after_change(&mut self) {
        if self.doc.refresh(&self.catalog) {
            self.generation += 1;
        }
        self.prune_selection();
    }

    /// Waits for the analysis running in the background, if any (large plans are
    /// analysed on a worker thread after each edit; examples and benches wait for it).
    pub fn wait_for_analysis(&mut self) {
        while self.doc.is_analysing() {
            if self.doc.poll(&self.catalog, true) {
                self.generation += 1;
            }
        }
        self.prune_selection();
    }

    /// Takes a finished background analysis; while one runs, looks again shortly
    /// (nothing repaints once it is in).
    fn poll_analysis(&mut self, ctx: &egui::Context) {
        if self.doc.poll(&self.catalog, false) {
            self.generation += 1;
            self.prune_selection();
            ctx.request_repaint();
        }
        if self.doc.is_analysing() {
            ctx.request_repaint_after(std::time::Duration::from_millis(15));
        }
    }

    fn prune_selection(&mut self) {
        self.selection
            .prune(self.doc.derived(), &self.doc.plan().uses);
    }

    pub fn undo(&mut self) -> bool {
        let done = self.doc.undo();
        self.after_change();
        done
    }

    pub fn redo(&mut self) -> bool {
        let done = self.doc.redo();
        self.after_change();
        done
    }

    /// The window title: file name, and a dot while there are unsaved changes.
    pub fn title(&self) -> String {
        let untitled = if self.doc.plan().name.is_empty() {
            "Untitled".to_owned()
        } else {
            format!("{} (not saved yet)", self.doc.plan().name)
        };
        let name = self
            .doc
            .path()
            .and_then(Path::file_name)
            .map_or(untitled, |n| n.to_string_lossy().into_owned());
        let mark = if self.doc.is_dirty() { " ●" } else { "" };
        format!("Portolan — {name}{mark}")
    }

    /// Shows the whole app in `ui`: every view draws from the state it reads and puts
    /// what it wants done in one [`view::Outbox`], drained once at the end of the frame.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.styled {
            theme::apply_text_sizes(&ctx);
            self.styled = true;
        }
        self.window_events(&ctx);
        self.poll_analysis(&ctx);
        let mut tx = view::Outbox::default();
        let modal = self.chooser.is_some() || self.pending.is_some() || self.load_error.is_some();
        if !modal && let Some(action) = shortcuts::action(&ctx, self.canvas.is_dragging()) {
            tx.run(action);
        }
        // The name field takes the cursor in this frame's inspector (a double-click asked).
        let focus_name = std::mem::take(&mut self.focus_name);
        // First sizes in proportion to the window, so a small window leaves the canvas
        // most of its width; the user drags them from there.
        let window = ui.available_rect_before_wrap().size();
        let palette_width = (0.17 * window.x).clamp(160.0, 230.0);
        let inspector_width = (0.24 * window.x).clamp(230.0, 320.0);
        let table_height = (0.3 * window.y).clamp(140.0, 260.0);

        egui::Panel::top("menu").show(ui, |ui| {
            let state = panels::menu::MenuState {
                recent: &self.recent.paths,
                undo: self.doc.undo_label(),
                redo: self.doc.redo_label(),
                has_selection: !self.selection.is_empty(),
                zoom: self.canvas.zoom(),
                flow_mode: self.canvas.flow_mode,
                comparing: self.compare.is_some(),
            };
            panels::menu::menu_ui(ui, &state, &mut tx);
        });
        self.refresh_compare();
        egui::Panel::bottom("status").show(ui, |ui| {
            if let Some(c) = &self.compare {
                ui.label(egui::RichText::new(&c.summary).strong());
            }
            let derived = self.doc.derived();
            panels::status::status_ui(
                ui,
                self.doc.plan(),
                derived,
                self.doc.is_analysing(),
                self.notices.current(),
                &mut tx,
            );
        });
        egui::Panel::bottom("tables")
            .resizable(true)
            .default_size(table_height)
            .size_range(80.0..=700.0)
            .show(ui, |ui| {
                let derived = self.doc.derived();
                ui.horizontal(|ui| {
                    let flows = format!("Rules ({})", derived.analysis.matrix.rows.len());
                    ui.selectable_value(&mut self.bottom_tab, BottomTab::Flows, flows);
                    let problems = format!("Problems ({})", derived.analysis.problems.len());
                    ui.selectable_value(&mut self.bottom_tab, BottomTab::Problems, problems);
                    let review = format!("Review ({})", derived.review.findings.len());
                    ui.selectable_value(&mut self.bottom_tab, BottomTab::Review, review);
                    if self.compare.is_some() {
                        ui.selectable_value(&mut self.bottom_tab, BottomTab::Changes, "Changes");
                    }
                });
                ui.separator();
                match (self.bottom_tab, &self.compare) {
                    (BottomTab::Changes, Some(c)) => {
                        if compare::changes_ui(ui, c) {
                            tx.run(Action::LeaveCompare);
                        }
                        return;
                    }
                    (BottomTab::Changes, None) => self.bottom_tab = BottomTab::Flows,
                    _ => {}
                }
                match self.bottom_tab {
                    BottomTab::Flows => panels::flows_table::flows_table_ui(
                        ui,
                        &mut self.table,
                        panels::flows_table::TableView {
                            plan: self.doc.plan(),
                            derived,
                            generation: self.generation,
                            selection: &self.selection,
                        },
                        &mut tx,
                    ),
                    BottomTab::Problems => panels::problems::problems_ui(ui, derived, &mut tx),
                    BottomTab::Changes => {}
                    BottomTab::Review => {
                        panels::review::review_ui(ui, derived, self.doc.plan(), &mut tx);
                    }
                }
            });
        egui::Panel::left("palette")
            .resizable(true)
            .default_size(palette_width)
            .size_range(160.0..=360.0)
            .show(ui, |ui| {
                panels::palette::palette_ui(
                    ui,
                    panels::palette::PaletteView {
                        plan: self.doc.plan(),
                        catalog: &self.catalog,
                        selection: &self.selection,
                    },
                    &mut self.palette_zone,
                    &mut tx,
                );
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(inspector_width)
            .size_range(220.0..=520.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.side_tab, SideTab::Inspector, "Inspector");
                    ui.selectable_value(&mut self.side_tab, SideTab::PlanOptions, "Plan options");
                });
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("side")
                    .show(ui, |ui| match self.side_tab {
                        SideTab::Inspector => panels::inspector::inspector_ui(
                            ui,
                            panels::inspector::InspectorView {
                                plan: self.doc.plan(),
                                catalog: &self.catalog,
                                selection: &self.selection,
                                focus_name,
                            },
                            &mut tx,
                        ),
                        SideTab::PlanOptions => {
                            ui.label(
                                egui::RichText::new(
                                    "Apply to every node unless it overrides them.",
                                )
                                .small()
                                .weak(),
                            );
                            if let Some(o) =
                                panels::options::plan_options_ui(ui, &self.doc.plan().options)
                            {
                                tx.edit(Command::SetOptions(o));
                            }
                        }
                    });
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                canvas::canvas_ui(
                    ui,
                    &mut self.canvas,
                    canvas::CanvasView {
                        plan: self.doc.plan(),
                        generation: self.generation,
                        derived: self.doc.derived(),
                        catalog: &self.catalog,
                        selection: &self.selection,
                    },
                    &mut tx,
                );
                if let Some(c) = &self.compare {
                    let canvas = &self.canvas;
                    compare::overlay(ui, c, self.doc.plan(), |p| canvas.to_screen_pos(p));
                }
            });
        find::find_ui(
            &ctx,
            &mut self.find,
            self.doc.plan(),
            &self.catalog,
            &mut tx,
        );
        self.drain(&ctx, tx);
        self.confirm_ui(&ctx);
        self.chooser_ui(&ctx);
        self.load_error_ui(&ctx);
        let pressed = ctx.input(|i| i.pointer.any_pressed());
        self.notices
            .end_frame((self.epoch, self.doc.revision()), pressed);
        let title = self.title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Does what the views asked for this frame, in the order they asked: edits are
    /// applied (one undo step each) and the analysis refreshed once after them all.
    fn drain(&mut self, ctx: &egui::Context, mut tx: view::Outbox) {
        if tx.is_empty() {
            return;
        }
        let mut added: Option<egui::Rect> = None;
        let mut edited = false;
        for request in tx.take() {
            match request {
                Request::Edit(cmd) => {
                    if let Some(r) = added_rect(&cmd) {
                        added = Some(added.map_or(r, |a| a.union(r)));
                    }
                    edited |= self.doc.apply(cmd);
                }
                Request::Select(change) => self.change_selection(change),
                Request::Notice(n) => self.notices.show(n),
                Request::DismissNotice => self.notices.dismiss(),
                Request::Run(action) => {
                    if edited {
                        // An action reads the plan: let it see this frame's edits.
                        self.after_change();
                        edited = false;
                    }
                    self.run_action(ctx, action);
                }
                Request::ShowInspector => self.side_tab = SideTab::Inspector,
                Request::Rename => {
                    self.side_tab = SideTab::Inspector;
                    self.focus_name = true;
                }
                Request::Copy { text, what } => {
                    ctx.copy_text(text.clone());
                    self.last_copy = Some(text);
                    self.notices.show(Notice::hint(format!("Copied {what}")));
                }
                Request::ShowRow { row, nodes } => self.show_row(row, nodes),
                Request::Reveal(id) => self.reveal(id),
                Request::OpenFolder(dir) => self.open_folder(&dir),
            }
        }
        if edited {
            self.after_change();
        }
        // Keep what was just added in view.
        if let Some(r) = added
            && !self.canvas.scene_rect.contains_rect(r)
        {
            self.canvas.include(r);
        }
        // One more frame to show the result; nothing repaints after that.
        ctx.request_repaint();
    }

    fn change_selection(&mut self, change: view::Select) {
        let sel = &mut self.selection;
        match change {
            view::Select::Only(item) => sel.set(item),
            view::Select::Toggle(item) => sel.toggle(item),
            view::Select::Clear => sel.clear(),
            view::Select::Set(s) => *sel = s,
            view::Select::Add(s) => {
                sel.nodes.extend(s.nodes);
                sel.zones.extend(s.zones);
                sel.firewalls.extend(s.firewalls);
                sel.links.extend(s.links);
            }
        }
    }

    /// Selects node `id`, shows it in the inspector and brings it into view.
    fn reveal(&mut self, id: NodeId) {
        self.selection.set(Item::Node(id));
        self.side_tab = SideTab::Inspector;
        if let Some(p) = self.doc.plan().layout.nodes.get(&id) {
            self.canvas.show_rect(layout::node_rect(layout::to_pos(*p)));
            if self.canvas.zoom() < 0.8 {
                self.canvas.zoom_to(0.8);
            }
        }
    }

    /// Selects `nodes` (the servers of the rows picked in the table), focuses row `row`
    /// and brings its two nodes into view.
    fn show_row(&mut self, row: usize, nodes: Vec<NodeId>) {
        let Some(r) = self.doc.derived().table.get(row) else {
            return;
        };
        let (a, b) = (r.source, r.destination);
        self.selection.clear();
        self.selection.row = Some(row);
        self.selection.nodes.extend(nodes);
        self.selection.nodes.extend([a, b]);
        let plan = self.doc.plan();
        let rects: Vec<egui::Rect> = [a, b]
            .iter()
            .filter_map(|id| plan.layout.nodes.get(id))
            .map(|p| layout::node_rect(layout::to_pos(*p)))
            .collect();
        if let Some(r) = rects.into_iter().reduce(|x, y| x.union(y)) {
            self.canvas.show_rect(r);
        }
    }
}

/// Where a command adds a zone or a node, in canvas units.
fn added_rect(cmd: &Command) -> Option<egui::Rect> {
    match cmd {
        Command::AddZone(_, r) => Some(layout::to_rect(*r)),
        Command::AddNode(_, p) => Some(layout::node_rect(layout::to_pos(*p))),
        Command::Batch(cmds) => cmds.iter().find_map(added_rect),
        _ => None,
    }
}

impl eframe::App for PortolanApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        PortolanApp::ui(self, ui);
    }
}

/// Opens the app window on `initial`, or on the bundled example.
///
/// # Errors
/// When the window cannot be created (no display, no OpenGL).
pub fn run(initial: Option<PathBuf>, catalog: Catalog) -> eframe::Result<()> {
    let mut app = PortolanApp::new(catalog.clone(), PortolanApp::example(&catalog), None);
    let built_in = std::env::var("PORTOLAN_FILE_DIALOG").is_ok_and(|v| v == "builtin");
    app.file_dialogs = if built_in {
        FileDialogs::BuiltIn
    } else {
        FileDialogs::System
    };
    app.recent = files::RecentFiles::load_default();
    app.open_folders = true;
    if let Some(path) = initial {
        app.open_at_start(&path);
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0])
            .with_title(app.title())
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Portolan",
        options,
        Box::new(move |cc| {
            cc.egui_ctx.set_visuals(egui::Visuals::light());
            // Ctrl+plus, Ctrl+minus and Ctrl+0 zoom the canvas, not the whole interface.
            cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
            Ok(Box::new(app))
        }),
    )
}
