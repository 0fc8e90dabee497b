//! The export formats: one file each, listed once here. The command line's `--format`,
//! `portolan formats` and the app's export menu all read [`formats`].

mod aerleon;
mod cisco_asa;
mod csv;
mod iptables;
mod netfilter;
mod nftables;
mod png;
mod report;
mod svg;
mod windows_firewall;
mod xlsx;

use super::Format;

/// Every format, in the order menus list them.
static FORMATS: &[&dyn Format] = &[
    &csv::Csv,
    &xlsx::Xlsx,
    &nftables::Nftables,
    &iptables::Iptables,
    &aerleon::Aerleon,
    &windows_firewall::WindowsFirewall,
    &cisco_asa::CiscoAsa,
    &svg::Svg,
    &png::Png,
    &report::Report,
];

/// Every export format.
pub fn formats() -> &'static [&'static dyn Format] {
    FORMATS
}

/// The format with this id.
pub fn format(id: &str) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|f| f.id() == id)
}

pub use iptables::IptablesLines;
pub use nftables::{NftChain, NftChains, NftRule, NftSet};

/// The CSV format, for the one-call helpers.
pub(super) fn csv_format() -> &'static dyn Format {
    &csv::Csv
}
