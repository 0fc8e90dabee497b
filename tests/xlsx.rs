//! The `xlsx` format read back: the same cells as the CSV, sheet by sheet.

mod common;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{catalog, example};
use portolan::engine::analyze;
use portolan::export::{ExportOptions, export_to_writer, find_format};
use portolan::rules::RuleSet;
use std::io::{Cursor, Read};

/// The example's CSV records (header included) and its workbook's bytes.
fn exports(name: &str) -> (Vec<Vec<String>>, Vec<u8>, usize, usize) {
    let plan = example(name);
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let mut csv = Vec::new();
    let mut xlsx = Vec::new();
    let options = ExportOptions::default();
    export_to_writer(find_format("csv").unwrap(), &rules, &options, &mut csv).unwrap();
    export_to_writer(find_format("xlsx").unwrap(), &rules, &options, &mut xlsx).unwrap();
    let records = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&csv[..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (
        records,
        xlsx,
        analysis.problems.len(),
        rules.documents().len(),
    )
}

/// Every sheet as rows of text; a cell that is not text fails the test.
fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let width = range.width();
            let rows = range
                .rows()
                .map(|row| {
                    let mut cells: Vec<String> = row
                        .iter()
                        .map(|c| match c {
                            Data::String(s) => s.clone(),
                            Data::Empty => String::new(),
                            other => panic!("{name}: a cell that is not text: {other:?}"),
                        })
                        .collect();
                    cells.resize(width, String::new());
                    cells
                })
                .collect();
            (name, rows)
        })
        .collect()
}

fn xml(bytes: &[u8], file: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(file)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_workbook_holds_the_csv_cells_sheet_by_sheet() {
    for name in ["rds-perimeter", "wds-pxe", "small-office", "enterprise"] {
        let (csv, xlsx, problems, documents) = exports(name);
        let sheets = sheets(&xlsx);
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        let all = &sheets[0].1;
        assert_eq!(names[0], "All rules");
        assert_eq!(all, &csv, "{name}: All rules differs from the CSV");
        // One sheet per firewall, in the matrix's order, then the rest.
        let mut firewalls: Vec<&str> = csv[1..].iter().map(|r| r[0].as_str()).collect();
        firewalls.dedup();
        firewalls.retain(|f| !f.is_empty());
        let expected: Vec<&str> = ["All rules"]
            .into_iter()
            .chain(firewalls.iter().copied())
            .chain(["Host firewalls", "Problems", "Review", "Sources"])
            .collect();
        assert_eq!(names, expected, "{name}");
        // The firewall sheets and the host sheet split All rules, in order.
        let mut joined = vec![csv[0].clone()];
        for (sheet, rows) in &sheets[1..sheets.len() - 3] {
            assert_eq!(rows[0], csv[0], "{name}: header of {sheet}");
            for row in &rows[1..] {
                let want = if sheet == "Host firewalls" {
                    ""
                } else {
                    sheet.as_str()
                };
                assert_eq!(row[0], want, "{name}: {sheet}");
            }
            joined.extend(rows[1..].iter().cloned());
        }
        assert_eq!(&joined, &csv, "{name}");
        let (_, problem_rows) = &sheets[sheets.len() - 3];
        assert_eq!(problem_rows[0], ["severity", "problem", "nodes", "zones"]);
        assert_eq!(problem_rows.len() - 1, problems, "{name}");
        let (_, review_rows) = &sheets[sheets.len() - 2];
        assert_eq!(review_rows[0], portolan::review::CSV_COLUMNS, "{name}");
        let risky = csv[1..].iter().filter(|r| !r[13].is_empty()).count();
        assert!(
            risky == 0 || review_rows.len() > 1,
            "{name}: risks without findings"
        );
        let (_, source_rows) = &sheets[sheets.len() - 1];
        assert_eq!(source_rows[0], ["document", "title", "address"]);
        assert_eq!(source_rows.len() - 1, documents, "{name}");
    }
}

#[test]
fn ports_and_addresses_stay_text_with_a_frozen_filtered_header() {
    let (csv, xlsx, _, _) = exports("rds-perimeter");
    // `1812-1813`, `443` and `10.0.2.5` read back as text (sheets() fails on numbers).
    let all = &sheets(&xlsx)[0].1;
    assert!(all.iter().any(|r| r[8] == "1812-1813"));
    assert!(all.iter().any(|r| r[8] == "443"));
    let sheet = xml(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"ySplit="1""#), "frozen header");
    assert!(
        sheet.contains(&format!(r#"<autoFilter ref="A1:N{}"/>"#, csv.len())),
        "autofilter over every row and column (risk is column N)"
    );
    assert!(sheet.contains("<cols>") && sheet.contains(r#"customWidth="1""#));
    let core = xml(&xlsx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>RDS with a perimeter network</dc:title>"),
        "{core}"
    );
    // The problems and the sources name what they are about.
    let sheets = sheets(&xlsx);
    let problems = &sheets[sheets.len() - 3].1;
    assert!(
        problems
            .iter()
            .any(|r| r[0] == "warning" && r[2] == "rdweb01, rdcb01" && r[1].contains("WMI")),
        "{problems:?}"
    );
    let sources = &sheets[sheets.len() - 1].1;
    assert!(sources.iter().any(|r| r[0] == "KB832017"), "{sources:?}");
    // The review's findings, and each rule's worst one in the risk column.
    let review = &sheets[sheets.len() - 2].1;
    assert!(
        review
            .iter()
            .any(|r| r[0] == "high" && r[1] == "dynamic-rpc" && r[4] == "rdgw01" && r[6] == "dc01"),
        "{review:?}"
    );
    assert_eq!(all[0][13], "risk");
    assert!(
        all.iter()
            .any(|r| r[2] == "rdgw01" && r[5] == "dc01" && r[13] == "high")
    );
}
