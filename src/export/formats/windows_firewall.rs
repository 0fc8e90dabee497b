//! `windows-firewall`: one PowerShell script per Windows server, adding the inbound
//! Windows Defender Firewall rules its listeners need, from inside its zone and across
//! zones.
//!
//! Each script is idempotent: it removes its group of rules (`Portolan: <plan name>`)
//! from the policy store first, then adds them again, so running it after a change of
//! plan leaves exactly the new rules. `-PolicyStore 'domain\GPO name'` targets a GPO
//! instead of the computer. A server's flows with the same protocol, ports and
//! requirements become one rule listing every source address, as Windows admins write
//! them; the matrix has one row per source. Arrays are written `@('...')` and strings
//! single-quoted (quotes doubled), so nothing is read as a bareword or expanded. Files
//! start with a UTF-8 byte order mark: Windows PowerShell 5.1 reads a file without one
//! in the legacy code page and would garble `§` and non-ASCII names.

use crate::export::wrap::wrap;
use crate::export::{ExportError, ExportOptions, Format, Output, Sink, write_bytes_in};
use crate::model::{AddressBlock, IcmpType, NodeKind, PortSet, Protocol};
use crate::quote::{one_line, powershell};
use crate::rules::{Endpoint, NameStyle, Names, Numeric, Requirements, RuleSet};
use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt::Write as _;

/// The Windows Firewall format.
pub struct WindowsFirewall;

impl Format for WindowsFirewall {
    fn id(&self) -> &'static str {
        "windows-firewall"
    }

    fn description(&self) -> &'static str {
        "a PowerShell script per Windows server adding its inbound firewall rules (New-NetFirewallRule)"
    }

    fn extension(&self) -> &'static str {
        "ps1"
    }

    fn output(&self) -> Output {
        Output::Folder
    }

    fn write(
        &self,
        rules: &RuleSet<'_>,
        _options: &ExportOptions,
        sink: Sink<'_>,
    ) -> Result<(), ExportError> {
        let Sink::Folder(dir) = sink else {
            return Err(ExportError::NeedsFolder { format: self.id() });
        };
        rules.require_addresses()?;
        let scripts = Scripts::new(rules);
        let servers: Vec<Endpoint<'_>> = scripts.servers().collect();
        let threads = if servers.len() >= PARALLEL_FROM {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
        } else {
            1
        };
        scripts.write_files(dir, &servers, threads)
    }
}

/// From this many servers on, the scripts are written on two threads.
const PARALLEL_FROM: usize = 256;

/// File names: letters, digits, `-`, `_` and `.`, lower case (Windows file names ignore
/// case, so `DC01` and `dc01` must not make two files of one name).
const FILE_STYLE: NameStyle = NameStyle {
    max_len: 64,
    allowed: |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'),
    separator: '_',
    first: |c| c.is_ascii_alphanumeric(),
    lead: "n",
    lowercase: true,
    // Only node names make files: zones and firewalls are kept out of their way.
    zone_prefix: "zone.",
    node_prefix: "",
    firewall_prefix: "firewall.",
};

/// How many source names a rule's display name and description spell out before
/// "and N more" (the addresses are all in `-RemoteAddress`).
const NAMED_SOURCES: usize = 3;
const DESCRIBED_SOURCES: usize = 10;
/// Lines of comments and arrays are kept to about this many characters.
const WIDTH: usize = 92;
/// The longest array written on its parameter's line.
const ONE_LINE_ARRAY: usize = 80;

/// One inbound need of a server: a source, and what it opens.
#[derive(Clone, Copy)]
struct Inbound<'a> {
    source: Endpoint<'a>,
    protocol: Protocol,
    ports: &'a PortSet,
    requirements: Requirements<'a>,
}

/// The texts of one requirement set, made once for every rule that has it.
struct SetText {
    services: String,
    purposes: String,
    requirements: String,
    references: String,
}

impl SetText {
    fn new(requirements: &Requirements<'_>) -> Self {
        let references: Vec<String> = requirements
            .citations()
            .iter()
            .map(ToString::to_string)
            .collect();
        SetText {
            services: requirements.services().join(", "),
            purposes: requirements.purposes().join("; "),
            requirements: requirements.ids().join(", "),
            references: references.join("; "),
        }
    }
}

/// Every server's inbound needs, gathered once from the rules: **O(R)** for R rules.
struct Scripts<'r, 'a> {
    rules: &'r RuleSet<'a>,
    files: Names,
    /// By destination node position: each (source, protocol) once, though a flow
    /// through several firewalls is one matrix row per firewall.
    inbound: Vec<Vec<Inbound<'a>>>,
    sets: Vec<Option<SetText>>,
    fixed: FixedText,
}

/// The parts of every script that do not depend on the server, made once.
struct FixedText {
    /// The plan's name and the group's, quoted.
    plan: String,
    group: String,
    /// The help of the parameters.
    parameters: String,
    /// From `#Requires` to the removal of the group's earlier rules.
    preamble: String,
}

impl FixedText {
    fn new(plan: &str) -> Self {
        let group = powershell(&format!("Portolan: {plan}"));
        let mut parameters = String::new();
        help_block(
            &mut parameters,
            ".PARAMETER PolicyStore",
            "Where the rules go: PersistentStore (this computer, the default), or a GPO written 'domain\\GPO name'. The script replaces the whole group in that store: give each server its own GPO.",
        );
        help_block(
            &mut parameters,
            ".PARAMETER FirewallProfile",
            "The network profiles the rules apply to: Domain, Private, Public, or Any.",
        );
        let preamble = format!(
            "\n#Requires -Modules NetSecurity\n[CmdletBinding()]\nparam(\n    [string]$PolicyStore = 'PersistentStore',\n    [string[]]$FirewallProfile = @('Domain', 'Private', 'Public')\n)\n\n$ErrorActionPreference = 'Stop'\n$Group = {group}\n\n# Rules of an earlier run go first (there are none the first time).\nRemove-NetFirewallRule -Group $Group -PolicyStore $PolicyStore -ErrorAction SilentlyContinue\n"
        );
        FixedText {
            plan: powershell(plan),
            group,
            parameters,
            preamble,
        }
    }
}

/// A keyword of comment-based help and its text, wrapped and indented under it.
fn help_block(s: &mut String, keyword: &str, text: &str) {
    let _ = writeln!(s, "# {keyword}");
    for line in wrap(&one_line(text), WIDTH, "") {
        let _ = writeln!(s, "#     {line}");
    }
}

impl<'r, 'a> Scripts<'r, 'a> {
    fn new(rules: &'r RuleSet<'a>) -> Self {
        let mut inbound: Vec<Vec<Inbound<'a>>> = vec![Vec::new(); rules.plan.nodes.len()];
        let mut seen = FxHashSet::default();
        let mut sets: Vec<Option<SetText>> = Vec::new();
        sets.resize_with(rules.analysis.matrix.requirement_sets.len(), || None);
        for rule in rules.iter() {
            let (src, dst) = (rule.source, rule.destination);
            if !seen.insert((dst.index, src.index, rule.protocol)) {
                continue;
            }
            if let Some(slot @ None) = sets.get_mut(rule.requirements.set()) {
                *slot = Some(SetText::new(&rule.requirements));
            }
            inbound[dst.index].push(Inbound {
                source: src,
                protocol: rule.protocol,
                ports: rule.ports,
                requirements: rule.requirements,
            });
        }
        Scripts {
            rules,
            files: Names::new(rules.plan, FILE_STYLE),
            inbound,
            sets,
            fixed: FixedText::new(&rules.plan.name),
        }
    }

    /// The Windows servers: every node of kind Server, except those on the Internet
    /// (services such as the Microsoft Clearinghouse, not the organisation's servers).
    fn servers(&self) -> impl Iterator<Item = Endpoint<'a>> + '_ {
        self.rules
            .plan
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Server)
            .filter_map(|n| self.rules.endpoint(n.id))
            .filter(|e| !e.on_internet())
    }

    /// The rules of `server`: its inbound needs merged by protocol, ports and
    /// requirements, each with its sources ordered by zone and name; the rules ordered
    /// like the matrix, by protocol and first source.
    fn server_rules(&self, server: &Endpoint<'a>) -> Vec<Vec<Inbound<'a>>> {
        let needs = self
            .inbound
            .get(server.index)
            .map_or(&[][..], Vec::as_slice);
        let mut merged: FxHashMap<(Protocol, &PortSet, usize), Vec<Inbound<'a>>> =
            FxHashMap::default();
        for need in needs {
            merged
                .entry((need.protocol, need.ports, need.requirements.set()))
                .or_default()
                .push(*need);
        }
        let mut rules: Vec<Vec<Inbound<'a>>> = merged.into_values().collect();
        for sources in &mut rules {
            sources.sort_by(|a, b| {
                (a.source.zone_name(), a.source.name(), a.source.id()).cmp(&(
                    b.source.zone_name(),
                    b.source.name(),
                    b.source.id(),
                ))
            });
        }
        // Sources are in one rule per protocol at most: the first ones differ.
        rules.sort_by(|a, b| {
            let key = |r: &[Inbound<'a>]| {
                let s = r[0].source;
                (r[0].protocol, s.zone_name(), s.name(), s.id())
            };
            key(a).cmp(&key(b))
        });
        rules
    }

    fn set_text(&self, requirements: &Requirements<'_>) -> Option<&SetText> {
        self.sets.get(requirements.set()).and_then(Option::as_ref)
    }

    /// Writes the script of each of `servers` into `dir`, on `threads` threads (each
    /// takes a contiguous share of the servers; the files are the same for any number):
    /// thousands of small files, each built whole and written in one call.
    fn write_files(
        &self,
        dir: &std::path::Path,
        servers: &[Endpoint<'a>],
        threads: usize,
    ) -> Result<(), ExportError> {
        let write_share = |servers: &[Endpoint<'a>]| -> Result<(), ExportError> {
            let mut text = String::with_capacity(8192);
            let mut descriptions = FxHashMap::default();
            for server in servers {
                text.clear();
                self.write(&mut text, *server, &mut descriptions);
                let file = format!("{}.ps1", self.files.node(server.id()));
                write_bytes_in(dir, &file, text.as_bytes())?;
            }
            Ok(())
        };
        let share = servers.len().div_ceil(threads.max(1)).max(1);
        let mut shares = servers.chunks(share);
        let first = shares.next().unwrap_or(&[]);
        std::thread::scope(|scope| {
            let others: Vec<_> = shares
                .map(|part| scope.spawn(move || write_share(part)))
                .collect();
            let mine = write_share(first);
            others.into_iter().fold(mine, |done, other| {
                let theirs = other.join().unwrap_or_else(|_| {
                    Err(ExportError::Io(std::io::Error::other(
                        "a thread writing the scripts stopped",
                    )))
                });
                done.and(theirs)
            })
        })
    }

    /// Appends the script of `server` to `s`. `descriptions` keeps the help's
    /// description, which differs only by the number of rules, made once per number.
    fn write(
        &self,
        s: &mut String,
        server: Endpoint<'a>,
        descriptions: &mut FxHashMap<usize, String>,
    ) {
        let rules = self.server_rules(&server);
        let name = server.name();
        let file = format!("{}.ps1", self.files.node(server.id()));
        s.push('\u{feff}');
        help_block(
            s,
            ".SYNOPSIS",
            &format!(
                "Inbound Windows Defender Firewall rules for {name} ({}, {}), from the Portolan plan {}.",
                server.zone_name(),
                address_text(&server),
                self.fixed.plan
            ),
        );
        let description = descriptions.entry(rules.len()).or_insert_with(|| {
            let count = match rules.len() {
                0 => "no rule, as no flow of the plan reaches this server".to_owned(),
                1 => "1 rule".to_owned(),
                n => format!("{n} rules"),
            };
            let mut block = String::new();
            help_block(
                &mut block,
                ".DESCRIPTION",
                &format!(
                    "Opens what the flows to this server's roles need, and nothing else: {count}. Idempotent: it first removes every rule of the group {} from the policy store, then adds the rules again. Run it as an administrator; it needs the NetSecurity module (Windows Server 2012 or later).",
                    self.fixed.group
                ),
            );
            block
        });
        s.push_str(description);
        s.push_str(&self.fixed.parameters);
        help_block(s, ".EXAMPLE", &format!(".\\{file}"));
        let _ = writeln!(
            s,
            "# .EXAMPLE\n#     .\\{file} -PolicyStore {}",
            one_line(&powershell(&format!("contoso.com\\Firewall {name}")))
        );
        s.push_str(&self.fixed.preamble);
        if rules.is_empty() {
            let _ = writeln!(
                s,
                "\n# No flow of the plan reaches {}: there is no rule to add.",
                one_line(name)
            );
        }
        for sources in &rules {
            self.write_rule(s, sources);
        }
    }

    /// One `New-NetFirewallRule`, with a comment saying why, into `s`.
    fn write_rule(&self, s: &mut String, sources: &[Inbound<'a>]) {
        let first = sources[0];
        let text = self.set_text(&first.requirements);
        let services = text.map_or("", |t| t.services.as_str());
        let protocol = match first.protocol {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Icmp(_) => "ICMPv4",
        };
        let names: Vec<&str> = sources.iter().map(|n| n.source.name()).collect();
        let named = name_list(&names, NAMED_SOURCES);
        let why = format!(
            "{services} from {named}: {}",
            text.map_or("", |t| t.purposes.as_str())
        );
        s.push('\n');
        for line in wrap(&one_line(&why), WIDTH, "  ") {
            let _ = writeln!(s, "# {line}");
        }
        let display = format!("Portolan - {services} from {named} ({protocol}-In)");
        let _ = writeln!(
            s,
            "New-NetFirewallRule -DisplayName {} `",
            powershell(&display)
        );
        s.push_str(
            "    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `\n",
        );
        match first.protocol {
            Protocol::Tcp | Protocol::Udp => {
                let ports: Vec<String> = first
                    .ports
                    .ranges()
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                let _ = writeln!(
                    s,
                    "    -Protocol {protocol} -LocalPort {} `",
                    ps_array(&ports, "    ")
                );
            }
            // Every ICMP type when the parameter is left out.
            Protocol::Icmp(IcmpType::Any) => {
                let _ = writeln!(s, "    -Protocol {protocol} `");
            }
            Protocol::Icmp(IcmpType::Type(t)) => {
                let _ = writeln!(
                    s,
                    "    -Protocol {protocol} -IcmpType {} `",
                    ps_array(&[t.to_string()], "    ")
                );
            }
        }
        let _ = writeln!(
            s,
            "    -RemoteAddress {} `",
            ps_array(&remote_addresses(sources), "    ")
        );
        let described: Vec<String> = sources
            .iter()
            .take(DESCRIBED_SOURCES)
            .map(|n| source_text(&n.source))
            .collect();
        let mut from = described.join(", ");
        if sources.len() > DESCRIBED_SOURCES {
            let _ = write!(from, " and {} more", sources.len() - DESCRIBED_SOURCES);
        }
        let description = match text {
            Some(t) => format!(
                "From {from}. Requirements: {}. References: {}.",
                t.requirements, t.references
            ),
            None => format!("From {from}."),
        };
        let _ = writeln!(s, "    -Description {} `", powershell(&description));
        s.push_str("    -PolicyStore $PolicyStore | Out-Null\n");
    }
}

/// `-RemoteAddress`: each source's addresses once, in order; `Any` alone when a source
/// may be anywhere (`any`, or a name on the Internet: Windows Firewall takes addresses
/// only).
fn remote_addresses(sources: &[Inbound<'_>]) -> Vec<String> {
    let mut seen: FxHashSet<&AddressBlock> = FxHashSet::default();
    let mut out = Vec::new();
    for need in sources {
        match need.source.numeric() {
            Numeric::Any => return vec!["Any".to_owned()],
            Numeric::Blocks(blocks) => {
                for b in blocks {
                    if seen.insert(b) {
                        out.push(b.to_string());
                    }
                }
            }
        }
    }
    out
}

/// The node's address as the header and descriptions show it.
fn address_text(end: &Endpoint<'_>) -> String {
    match end.address() {
        Some(crate::model::Address::Any) => "any address".to_owned(),
        Some(a) => a.to_string(),
        None => "no address".to_owned(),
    }
}

/// A source in a rule's description: `rdgw01 (Perimeter, 10.0.1.10)`; a source reached
/// by DNS name says that the rule takes any address for it.
fn source_text(end: &Endpoint<'_>) -> String {
    match end.dns_name() {
        Some(dns) => format!(
            "{} ({}, {dns}: any address, as Windows Firewall takes addresses only)",
            end.name(),
            end.zone_name()
        ),
        None => format!(
            "{} ({}, {})",
            end.name(),
            end.zone_name(),
            address_text(end)
        ),
    }
}

/// `a`, `a, b`, `a, b, c`, or `a, b, c and 4 more`.
fn name_list(names: &[&str], shown: usize) -> String {
    let mut out = names
        .iter()
        .take(shown)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > shown {
        let _ = write!(out, " and {} more", names.len() - shown);
    }
    out
}

/// `items` as a PowerShell array of strings, `@('a', 'b')`; an array longer than a line
/// is broken into lines of items (a comma at the end of a line continues the array),
/// indented under `indent`.
pub(crate) fn ps_array(items: &[String], indent: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|i| powershell(i)).collect();
    let inline = format!("@({})", quoted.join(", "));
    if inline.len() <= ONE_LINE_ARRAY {
        return inline;
    }
    let inner = format!("{indent}    ");
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for q in &quoted {
        if !line.is_empty() && inner.len() + line.len() + 2 + q.len() > WIDTH {
            lines.push(format!("{inner}{line},"));
            line.clear();
        }
        if !line.is_empty() {
            line.push_str(", ");
        }
        line.push_str(q);
    }
    lines.push(format!("{inner}{line}"));
    format!("@(\n{}\n{indent})", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_single_quoted_with_quotes_doubled() {
        assert_eq!(powershell("dc01"), "'dc01'");
        assert_eq!(powershell("Bob's $env:PC"), "'Bob''s $env:PC'");
        assert_eq!(powershell("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(powershell("two\nlines"), "'two lines'");
    }

    #[test]
    fn arrays_are_never_barewords() {
        assert_eq!(ps_array(&["135".into()], ""), "@('135')");
        assert_eq!(
            ps_array(&["135".into(), "49152-65535".into()], ""),
            "@('135', '49152-65535')"
        );
        let many: Vec<String> = (1..=20).map(|i| format!("10.0.0.{i}")).collect();
        let text = ps_array(&many, "    ");
        assert!(text.starts_with("@(\n        '10.0.0.1', "), "{text}");
        assert!(text.ends_with("'10.0.0.20'\n    )"), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines.len() > 3 && lines.iter().all(|l| l.len() <= WIDTH),
            "{text}"
        );
        assert!(
            lines[1..lines.len() - 2].iter().all(|l| l.ends_with(',')),
            "{text}"
        );
    }

    #[test]
    fn any_number_of_threads_writes_the_same_files() {
        let catalog = crate::catalog::Catalog::builtin().unwrap();
        let plan = crate::io::parse_plan(
            include_str!("../../../examples/enterprise.ron"),
            "enterprise.ron",
            &catalog,
        )
        .unwrap();
        let analysis = crate::engine::analyze(&plan, &catalog);
        let rules = RuleSet::new(&plan, &catalog, &analysis);
        let scripts = Scripts::new(&rules);
        let servers: Vec<Endpoint<'_>> = scripts.servers().collect();
        assert!(servers.len() > 3, "{}", servers.len());
        let folder = |threads: usize| {
            let dir = tempfile::tempdir().unwrap();
            scripts.write_files(dir.path(), &servers, threads).unwrap();
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| {
                    let e = e.unwrap();
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read(e.path()).unwrap())
                })
                .collect();
            files.sort();
            files
        };
        let one = folder(1);
        assert_eq!(one.len(), servers.len());
        assert_eq!(folder(2), one);
        assert_eq!(folder(servers.len() + 5), one);
    }

    #[test]
    fn comments_stay_on_their_line() {
        assert_eq!(one_line("a\r\nRemove-Item C:\\"), "a  Remove-Item C:\\");
        assert_eq!(
            name_list(&["a", "b", "c", "d", "e"], 3),
            "a, b, c and 2 more"
        );
        assert_eq!(name_list(&["a"], 3), "a");
    }
}
