//! `xlsx`: an Excel workbook for the firewall team and auditors. Sheets: *All rules*,
//! one per firewall, *Host firewalls* (rules inside one zone), *Problems* (the check's
//! findings), *Review* (the security review's findings) and *Sources* (every document
//! cited). Each rule sheet has the CSV's columns and cells (the `risk` column last), a frozen header row, an autofilter and sized columns; every cell is text,
//! so `1812,1813` or `135,49152-65535` never turn into numbers.
//!
//! The rule sheets are written row by row in rust_xlsxwriter's low-memory mode: each
//! finished row goes to a temporary file and only the table of distinct strings stays
//! in memory (a few thousand strings, since the long requirement texts repeat), so
//! memory stays flat whatever the number of rules. The cost is the cells themselves,
//! nearly all of it inside rust_xlsxwriter (each string cell is copied twice, hashed
//! into the shared-string table under its lock, kept in a B-tree until its row is done,
//! then formatted as XML through `write!`; at the end the XML is read back and deflated
//! into the zip): about 0.35 µs of CPU a cell, and 2.8 million cells for the
//! 10,000-node plan, since every rule is on *All rules* and again on its firewall's
//! sheet. *All rules* is therefore filled on a thread of its own while the other rule
//! sheets are filled on this one: the same CPU, about half the time on two cores. The
//! cells are the same whichever thread reaches a string first; only the order of the
//! shared-string table (`xl/sharedStrings.xml`) may differ from one run to the next.

use crate::export::cells::{COLUMNS, RISK_COLUMN, RequirementCells};
use crate::export::{ExportError, ExportOptions, Format, Output, Sink};
use crate::model::Plan;
use crate::rules::{Rule, RuleSet};
use rust_xlsxwriter::{DocProperties, Format as CellFormat, Workbook, Worksheet, XlsxError};
use std::ops::Range;

/// The XLSX format.
pub struct Xlsx;

impl Format for Xlsx {
    fn id(&self) -> &'static str {
        "xlsx"
    }

    fn description(&self) -> &'static str {
        "an Excel workbook: all rules, one sheet per firewall, host firewalls, problems and sources"
    }

    fn extension(&self) -> &'static str {
        "xlsx"
    }

    fn output(&self) -> Output {
        Output::File
    }

    fn write(
        &self,
        rules: &RuleSet<'_>,
        _options: &ExportOptions,
        sink: Sink<'_>,
    ) -> Result<(), ExportError> {
        let Sink::File(out) = sink else {
            return Err(ExportError::Io(std::io::Error::other(
                "the xlsx format writes one file",
            )));
        };
        let review = crate::review::review_rules(rules)?;
        let bytes = workbook(rules, &review).map_err(workbook_error)?;
        out.write_all(&bytes)?;
        out.flush()?;
        Ok(())
    }
}

/// The sheets besides one per firewall.
const ALL_RULES: &str = "All rules";
const HOST_FIREWALLS: &str = "Host firewalls";
const PROBLEMS: &str = "Problems";
const REVIEW: &str = "Review";
const SOURCES: &str = "Sources";

/// Column widths in characters: at least the header, at most this.
const MAX_WIDTH: usize = 60;

/// The whole workbook, as the bytes of the file.
fn workbook(rules: &RuleSet<'_>, review: &crate::review::Review) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&properties(rules.plan));
    // Level 1 of 9: most of the time of a large workbook goes into compression, and
    // level 1 takes half the time of the default for a file about a third larger.
    book.set_zip_compression_level(1);
    let cells = Cells::new(rules, review.row_risks(rules.len()));
    let header = CellFormat::new().set_bold().set_text_wrap();
    let text = CellFormat::new().set_num_format("@");

    let groups = rules.by_firewall();
    let firewall_names: Vec<&str> = groups
        .iter()
        .filter_map(|(f, _)| f.map(|f| f.name.as_str()))
        .collect();
    let mut sheet_names = sheet_names(&firewall_names).into_iter();
    let all = 0..rules.len();
    let mut sheets: Vec<(String, Range<usize>)> = vec![(ALL_RULES.to_owned(), all)];
    for (firewall, range) in groups {
        let name = match firewall {
            Some(_) => sheet_names.next().unwrap_or_default(),
            None => HOST_FIREWALLS.to_owned(),
        };
        sheets.push((name, range));
    }
    if !sheets.iter().any(|(n, _)| n == HOST_FIREWALLS) {
        sheets.push((HOST_FIREWALLS.to_owned(), 0..0));
    }
    // The rule sheets hold nearly every cell: they are made standalone and filled on two
    // threads, *All rules* on one and the firewall and host sheets (the same rules once
    // more) on the other, then added in order. Their headers and column formats are
    // written here first, so the formats are registered in the same order every run.
    let mut rule_sheets = Vec::with_capacity(sheets.len());
    for (name, range) in sheets {
        let mut sheet = book.new_worksheet_with_low_memory()?;
        sheet.set_name(name)?;
        rule_sheet_header(&mut sheet, &cells, range.len(), &header, &text)?;
        rule_sheets.push((sheet, range));
    }
    if let Some(((all, all_range), rest)) = rule_sheets.split_first_mut() {
        std::thread::scope(|scope| {
            let all = scope.spawn(|| rule_rows(all, rules, &cells, all_range.clone()));
            for (sheet, range) in rest.iter_mut() {
                rule_rows(sheet, rules, &cells, range.clone())?;
            }
            all.join().unwrap_or_else(|_| {
                Err(XlsxError::ParameterError(
                    "a sheet's thread panicked".to_owned(),
                ))
            })
        })?;
    }
    for (sheet, _) in rule_sheets {
        book.push_worksheet(sheet);
    }
    problems_sheet(book.add_worksheet().set_name(PROBLEMS)?, rules, &header)?;
    review_sheet(
        book.add_worksheet().set_name(REVIEW)?,
        rules,
        review,
        &header,
    )?;
    sources_sheet(book.add_worksheet().set_name(SOURCES)?, rules, &header)?;
    book.save_to_buffer()
}

/// The plan's name as the title, and what the workbook is.
fn properties(plan: &Plan) -> DocProperties {
    let title = if plan.name.is_empty() {
        "Firewall rules".to_owned()
    } else {
        plan.name.clone()
    };
    DocProperties::new()
        .set_title(title)
        .set_subject("Firewall rules derived from the plan's roles")
        .set_comment("Written by Portolan")
}

/// Text cells made once: each node's zone, name and address, each requirement set's
/// four cells; and the column widths they need.
struct Cells {
    nodes: Vec<[String; 3]>,
    sets: Vec<RequirementCells>,
    /// Each rule's `risk` cell, by matrix row.
    risks: Vec<Option<crate::review::Severity>>,
    widths: [usize; 14],
}

impl Cells {
    fn new(rules: &RuleSet<'_>, risks: Vec<Option<crate::review::Severity>>) -> Self {
        let zones: rustc_hash::FxHashMap<_, &str> = rules
            .plan
            .zones
            .iter()
            .map(|z| (z.id, z.name.as_str()))
            .collect();
        let nodes: Vec<[String; 3]> = rules
            .plan
            .nodes
            .iter()
            .map(|n| {
                [
                    zones.get(&n.zone).copied().unwrap_or("").to_owned(),
                    n.name.clone(),
                    n.address
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                ]
            })
            .collect();
        let sets = RequirementCells::all(rules);
        let mut widths = [0; 14];
        for (w, c) in widths.iter_mut().zip(COLUMNS.iter().chain([&RISK_COLUMN])) {
            *w = c.len().max(6);
        }
        let mut widen = |col: usize, text: &str| {
            widths[col] = widths[col].max(text.chars().count().min(MAX_WIDTH));
        };
        for f in &rules.plan.firewalls {
            widen(0, &f.name);
        }
        for [zone, name, address] in &nodes {
            for (col, text) in [(1, zone), (2, name), (3, address)] {
                widen(col, text);
                widen(col + 3, text);
            }
        }
        for set in &sets {
            for (col, text) in (9..).zip(set.as_array()) {
                widen(col, text);
            }
        }
        for rule in rules.iter() {
            widen(8, &rule.protocol.ports_text(rule.ports));
        }
        Cells {
            nodes,
            sets,
            risks,
            widths,
        }
    }

    /// The 13 cells of `rule`, borrowed where they were made once.
    fn row<'c>(&'c self, rule: &Rule<'c>, protocol: &'c str, ports: &'c str) -> [&'c str; 13] {
        static NONE: [String; 3] = [String::new(), String::new(), String::new()];
        let src = self.nodes.get(rule.source.index).unwrap_or(&NONE);
        let dst = self.nodes.get(rule.destination.index).unwrap_or(&NONE);
        let [service, purpose, requirement, reference] = self
            .sets
            .get(rule.requirements.set())
            .map_or(["", "", "", ""], RequirementCells::as_array);
        [
            rule.firewall.map_or("", |f| f.name.as_str()),
            &src[0],
            &src[1],
            &src[2],
            &dst[0],
            &dst[1],
            &dst[2],
            protocol,
            ports,
            service,
            purpose,
            requirement,
            reference,
        ]
    }
}

/// A header row, frozen, with an autofilter over `rows` data rows.
fn header_row(
    sheet: &mut Worksheet,
    columns: &[&str],
    widths: &[usize],
    rows: usize,
    header: &CellFormat,
) -> Result<(), XlsxError> {
    for (col, (name, width)) in (0u16..).zip(columns.iter().zip(widths)) {
        sheet.set_column_width(col, (*width as f64 + 2.0).min(MAX_WIDTH as f64))?;
        sheet.write_string_with_format(0, col, *name, header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(rows).map_err(|_| XlsxError::RowColumnLimitError)?;
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    sheet.autofilter(0, 0, last_row, last_col)?;
    Ok(())
}

/// The header row and column formats of a sheet of `rows` rules, with the CSV's columns.
fn rule_sheet_header(
    sheet: &mut Worksheet,
    cells: &Cells,
    rows: usize,
    header: &CellFormat,
    text: &CellFormat,
) -> Result<(), XlsxError> {
    for col in 0..14u16 {
        sheet.set_column_format(col, text)?;
    }
    let mut columns = COLUMNS.to_vec();
    columns.push(RISK_COLUMN);
    header_row(sheet, &columns, &cells.widths, rows, header)
}

/// The rows of the rules in `range`, under the header.
fn rule_rows(
    sheet: &mut Worksheet,
    rules: &RuleSet<'_>,
    cells: &Cells,
    range: Range<usize>,
) -> Result<(), XlsxError> {
    let first = range.start;
    for ((row, rule), i) in (1u32..).zip(rules.slice(range)).zip(first..) {
        if let Some(risk) = cells.risks.get(i).copied().flatten() {
            sheet.write_string(row, 13, risk.as_str())?;
        }
        let (protocol, ports) = (
            rule.protocol.to_string(),
            rule.protocol.ports_text(rule.ports),
        );
        for (col, cell) in (0u16..).zip(cells.row(&rule, &protocol, &ports)) {
            if !cell.is_empty() {
                sheet.write_string(row, col, cell)?;
            }
        }
    }
    Ok(())
}

/// The check's findings: severity, message, the nodes and zones involved.
fn problems_sheet(
    sheet: &mut Worksheet,
    rules: &RuleSet<'_>,
    header: &CellFormat,
) -> Result<(), XlsxError> {
    let problems = rules.problems();
    let rows: Vec<[String; 4]> = problems
        .iter()
        .map(|p| {
            let nodes: Vec<&str> = p
                .nodes
                .iter()
                .filter_map(|&id| rules.endpoint(id).map(|e| e.name()))
                .collect();
            let zones: Vec<&str> = p
                .zones
                .iter()
                .filter_map(|&id| rules.plan.zone(id).map(|z| z.name.as_str()))
                .collect();
            [
                p.severity.to_string(),
                p.message.clone(),
                nodes.join(", "),
                zones.join(", "),
            ]
        })
        .collect();
    let columns = ["severity", "problem", "nodes", "zones"];
    let widths = column_widths(&columns, &rows);
    header_row(sheet, &columns, &widths, rows.len(), header)?;
    write_rows(sheet, &rows)
}

/// The security review's findings, most severe first, with the review CSV's columns.
fn review_sheet(
    sheet: &mut Worksheet,
    rules: &RuleSet<'_>,
    review: &crate::review::Review,
    header: &CellFormat,
) -> Result<(), XlsxError> {
    let rows: Vec<[String; 15]> = review
        .findings
        .iter()
        .map(|f| crate::review::finding_cells(f, rules.plan))
        .collect();
    let columns = crate::review::CSV_COLUMNS;
    let widths = column_widths(&columns, &rows);
    header_row(sheet, &columns, &widths, rows.len(), header)?;
    write_rows(sheet, &rows)
}

/// Every document the rules cite: short form, title and address.
fn sources_sheet(
    sheet: &mut Worksheet,
    rules: &RuleSet<'_>,
    header: &CellFormat,
) -> Result<(), XlsxError> {
    let rows: Vec<[String; 3]> = rules
        .documents()
        .into_iter()
        .map(|d| {
            [
                d.cite.clone(),
                d.title.clone(),
                d.url.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let columns = ["document", "title", "address"];
    let widths = column_widths(&columns, &rows);
    header_row(sheet, &columns, &widths, rows.len(), header)?;
    write_rows(sheet, &rows)
}

fn column_widths<const N: usize>(columns: &[&str; N], rows: &[[String; N]]) -> [usize; N] {
    let mut widths = columns.map(str::len);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count().min(MAX_WIDTH));
        }
    }
    widths
}

fn write_rows<const N: usize>(
    sheet: &mut Worksheet,
    rows: &[[String; N]],
) -> Result<(), XlsxError> {
    for (row, cells) in (1u32..).zip(rows) {
        for (col, cell) in (0u16..).zip(cells) {
            sheet.write_string(row, col, cell)?;
        }
    }
    Ok(())
}

/// Sheet names for the firewalls, in order: Excel's rules (at most 31 characters, none
/// of `[ ] : * ? / \`, not starting or ending with `'`, unique ignoring case) and none
/// of the workbook's other sheets. A name changed to fit stays recognisable; a repeat
/// gets ` (2)`, ` (3)`...
fn sheet_names(firewalls: &[&str]) -> Vec<String> {
    let mut taken: Vec<String> = [ALL_RULES, HOST_FIREWALLS, PROBLEMS, SOURCES, "History"]
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let fit = |s: &str, room: usize| -> String {
        let cut: String = s.chars().take(room).collect();
        cut.trim_end_matches([' ', '\'']).to_owned()
    };
    firewalls
        .iter()
        .map(|name| {
            let clean: String = name
                .chars()
                .map(|c| match c {
                    '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
                    c if c.is_control() => '_',
                    c => c,
                })
                .collect();
            let clean = clean.trim().trim_matches('\'').to_owned();
            let base = if clean.is_empty() {
                "Firewall".to_owned()
            } else {
                clean
            };
            let mut candidate = fit(&base, 31);
            let mut n = 2;
            while taken.contains(&candidate.to_lowercase()) {
                let suffix = format!(" ({n})");
                candidate = format!("{}{suffix}", fit(&base, 31 - suffix.len()));
                n += 1;
            }
            taken.push(candidate.to_lowercase());
            candidate
        })
        .collect()
}

/// What to tell the user when the workbook cannot be made.
fn workbook_error(e: XlsxError) -> ExportError {
    let message = match e {
        XlsxError::RowColumnLimitError => {
            "the plan has more rules than an Excel sheet holds (1,048,575 rows): export it as CSV"
                .to_owned()
        }
        XlsxError::MaxStringLengthExceeded => {
            "a cell would hold more than Excel's 32,767 characters: export the plan as CSV"
                .to_owned()
        }
        other => other.to_string(),
    };
    ExportError::Workbook(message)
}

#[cfg(test)]
mod tests {
    use super::sheet_names;

    #[test]
    fn sheet_names_follow_excel_rules() {
        let long = "a firewall with a name far longer than Excel allows";
        let names = sheet_names(&[
            "edge",
            "EDGE",
            "dmz/internal: [core]?",
            "problems",
            "'quoted'",
            long,
            long,
            "",
        ]);
        assert_eq!(
            names,
            [
                "edge",
                "EDGE (2)",
                "dmz_internal_ _core__",
                "problems (2)",
                "quoted",
                "a firewall with a name far long",
                "a firewall with a name far (2)",
                "Firewall",
            ]
        );
        assert!(names.iter().all(|n| n.chars().count() <= 31));
    }
}
