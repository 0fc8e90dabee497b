//! The design report: well-formed HTML (no parse error from an HTML5 parser), self-
//! contained, carrying every rule of the matrix in its firewall's section and in its
//! destination's host-firewall section, every problem and the sources; names escaped.

mod common;
#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use common::{catalog, example};
use portolan::engine::analyze;
use portolan::export::{ExportOptions, export_to_writer, find_format, rules_cells};
use portolan::model::Plan;
use portolan::rules::RuleSet;
use scraper::{ElementRef, Html, Selector};

fn report(plan: &Plan) -> String {
    let catalog = catalog();
    let analysis = analyze(plan, &catalog);
    let rules = RuleSet::new(plan, &catalog, &analysis);
    let mut out = Vec::new();
    export_to_writer(
        find_format("report").unwrap(),
        &rules,
        &ExportOptions::default(),
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn cells(row: ElementRef<'_>) -> Vec<String> {
    row.select(&sel("td"))
        .map(|td| td.text().collect::<String>())
        .collect()
}

fn parse(html: &str) -> Html {
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    doc
}

#[test]
fn the_report_is_well_formed_and_carries_every_rule() {
    for name in ["rds-perimeter", "wds-pxe", "small-office", "enterprise"] {
        let plan = example(name);
        let html = report(&plan);
        let doc = parse(&html);
        let catalog = catalog();
        let analysis = analyze(&plan, &catalog);
        let rules = RuleSet::new(&plan, &catalog, &analysis);
        let all = rules_cells(&rules);
        assert!(!all.is_empty());
        for (rule, want) in rules.iter().zip(&all) {
            if let Some(f) = rule.firewall {
                let rows = sel(&format!("section#firewall-{} tbody tr", f.id.0));
                let found = doc.select(&rows).any(|tr| cells(tr)[1..] == want[1..]);
                assert!(found, "{name}: rule {want:?} not under firewall {}", f.name);
            }
            // Every rule is also in its destination's host-firewall table.
            let rows = sel(&format!(
                "section#server-{} tbody tr",
                rule.destination.id().0
            ));
            let found = doc.select(&rows).any(|tr| {
                let c = cells(tr);
                c[1] == want[2] && c[3] == want[7] && c[4] == want[8]
            });
            assert!(
                found,
                "{name}: rule {want:?} not in the host firewall table"
            );
        }
        // Each firewall section counts as many rows as the matrix has for it.
        for (f, range) in rules.by_firewall() {
            if let Some(f) = f {
                let rows = sel(&format!("section#firewall-{} tbody tr", f.id.0));
                assert_eq!(doc.select(&rows).count(), range.len(), "{name}: {}", f.name);
            }
        }
        // Every problem, the diagram inline, the sources, the version.
        let problems: Vec<String> = doc
            .select(&sel("section#problems tbody tr"))
            .map(|tr| cells(tr)[1].clone())
            .collect();
        let want: Vec<&str> = analysis
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(problems, want, "{name}");
        assert_eq!(doc.select(&sel("section#diagram figure svg")).count(), 1);
        for d in rules.documents() {
            let found = doc
                .select(&sel("section#sources tbody tr"))
                .any(|tr| cells(tr)[0] == d.cite);
            assert!(found, "{name}: source {} missing", d.cite);
        }
        assert!(html.contains(concat!("Portolan ", env!("CARGO_PKG_VERSION"))));
        assert!(html.contains("Generated on "));
        // Navigable: headings, and a contents list whose links all lead somewhere.
        for a in doc.select(&sel("nav a")) {
            let target = a.value().attr("href").unwrap().trim_start_matches('#');
            assert!(
                doc.select(&sel(&format!("[id=\"{target}\"]")))
                    .next()
                    .is_some(),
                "{name}: #{target}"
            );
        }
        assert!(doc.select(&sel("h1")).count() == 1 && doc.select(&sel("h2")).count() >= 6);
        assert!(doc.select(&sel("thead th")).count() > 10);
    }
}

#[test]
fn the_report_is_self_contained_and_prints_table_headers_on_every_page() {
    let html = report(&example("rds-perimeter"));
    let doc = parse(&html);
    assert_eq!(
        doc.select(&sel("script, link, img, iframe, object"))
            .count(),
        0
    );
    for el in doc.select(&sel("[src], [href]")) {
        let v = el.value();
        let target = v.attr("src").or(v.attr("href")).unwrap();
        assert!(target.starts_with('#'), "{target}");
    }
    assert!(!html.contains("@import") && !html.contains("url(http"));
    assert!(html.contains("thead { display: table-header-group; }"));
    assert!(html.contains("@page { size: A4 landscape"));
}

#[test]
fn names_are_escaped() {
    let mut plan = example("small-office");
    let hostile = "<script>alert('x')</script> & <b>bold</b>";
    plan.name = hostile.to_owned();
    plan.nodes[1].name = "rds01 <img src=x onerror=alert(1)>".to_owned();
    plan.firewalls[0].name = "lan</h3><h1>forged".to_owned();
    let html = report(&plan);
    let doc = parse(&html);
    assert_eq!(doc.select(&sel("script, img, b")).count(), 0);
    assert_eq!(doc.select(&sel("h1")).count(), 1);
    let h1: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1, hostile);
    assert!(html.contains("lan&lt;/h3&gt;&lt;h1&gt;forged"));
}

/// A long table is cut into blocks of at most 250 rows, each a table of its own with the
/// header repeated and laid out by the browser only near the screen; together they
/// hold every rule, in the matrix's order.
#[test]
fn long_tables_come_in_blocks_that_hold_every_rule_in_order() {
    let plan = synth::synth_plan(400);
    let html = report(&plan);
    let doc = parse(&html);
    let catalog = catalog();
    let analysis = analyze(&plan, &catalog);
    let rules = RuleSet::new(&plan, &catalog, &analysis);
    let all = rules_cells(&rules);
    let mut split = 0;
    for (f, range) in rules.by_firewall() {
        let Some(f) = f else { continue };
        let section = doc
            .select(&sel(&format!("section#firewall-{}", f.id.0)))
            .next()
            .unwrap();
        let blocks: Vec<_> = section.select(&sel("div.rows > table")).collect();
        assert_eq!(blocks.len(), range.len().div_ceil(250), "{}", f.name);
        split += usize::from(blocks.len() > 1);
        let mut want = all[range.clone()].iter();
        let mut n = 0;
        for table in blocks {
            // Thirteen column headers: seven spanning both header rows, six under the
            // Source and Destination groups.
            let whole = table.select(&sel("thead th[rowspan=\"2\"]")).count();
            let under = table.select(&sel("thead tr:nth-child(2) th")).count();
            assert_eq!((whole, under), (7, 6));
            assert_eq!(table.select(&sel("thead th.group")).count(), 2);
            assert_eq!(table.select(&sel("colgroup col")).count(), 13);
            let rows: Vec<_> = table.select(&sel("tbody tr")).collect();
            assert!(!rows.is_empty() && rows.len() <= 250);
            for tr in rows {
                n += 1;
                let c = cells(tr);
                assert_eq!(c[0], n.to_string());
                assert_eq!(c[1..], want.next().unwrap()[1..], "{}", f.name);
            }
        }
        assert_eq!(n, range.len());
    }
    assert!(split > 0, "no firewall has more than one block of rules");
    // The servers' tables too: as many rows in all as the servers have inbound rules.
    let host_rows = doc.select(&sel("section#host-firewalls tbody tr")).count();
    let servers = doc.select(&sel("section.server")).count();
    assert!(
        host_rows >= servers && servers > 300,
        "{host_rows} rows, {servers} servers"
    );
    assert_eq!(
        doc.select(&sel("section#summary div.rows tbody tr"))
            .count(),
        plan.nodes.len()
    );
}
