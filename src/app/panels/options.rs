//! Plan-wide options, and per-node overrides of them.

use super::fields::{bool_ui, choice_ui, opt_port_ui, opt_range_ui, port_ui, range_ui, row_ui};
use crate::model::{
    ActivationMethod, CrlMethod, LicensingMode, NodeOptions, Options, PerimeterMode,
};

const CRL: [CrlMethod; 4] = [
    CrlMethod::Http,
    CrlMethod::Ldap,
    CrlMethod::Ftp,
    CrlMethod::NotChecked,
];
const PERIMETER: [PerimeterMode; 3] = [
    PerimeterMode::FromZone,
    PerimeterMode::Yes,
    PerimeterMode::No,
];
const LICENSING: [LicensingMode; 2] = [LicensingMode::PerUser, LicensingMode::PerDevice];
const ACTIVATION: [ActivationMethod; 3] = [
    ActivationMethod::Automatic,
    ActivationMethod::Web,
    ActivationMethod::Phone,
];

fn crl_label(c: CrlMethod) -> String {
    match c {
        CrlMethod::Http => "HTTP",
        CrlMethod::Ldap => "LDAP",
        CrlMethod::Ftp => "FTP",
        CrlMethod::NotChecked => "not checked",
    }
    .into()
}

fn perimeter_label(p: PerimeterMode) -> String {
    match p {
        PerimeterMode::FromZone => "from the zone's kind",
        PerimeterMode::Yes => "yes",
        PerimeterMode::No => "no",
    }
    .into()
}

fn licensing_label(l: LicensingMode) -> String {
    match l {
        LicensingMode::PerUser => "per user",
        LicensingMode::PerDevice => "per device",
    }
    .into()
}

fn activation_label(a: ActivationMethod) -> String {
    match a {
        ActivationMethod::Automatic => "automatic (Internet)",
        ActivationMethod::Web => "web browser",
        ActivationMethod::Phone => "telephone",
    }
    .into()
}

/// Shows the editor of one option kind on `$ui` and returns the new value when changed.
macro_rules! edit {
    ($ui:expr, $id:expr, $v:expr, port) => {
        port_ui($ui, $id, $v)
    };
    ($ui:expr, $id:expr, $v:expr, flag) => {{
        let _ = $id;
        bool_ui($ui, $v, "")
    }};
    ($ui:expr, $id:expr, $v:expr, range) => {
        range_ui($ui, $id, $v)
    };
    ($ui:expr, $id:expr, $v:expr, crl) => {
        choice_ui($ui, "revocation check", $id, $v, &CRL, crl_label)
    };
    ($ui:expr, $id:expr, $v:expr, perimeter) => {
        choice_ui($ui, "perimeter", $id, $v, &PERIMETER, perimeter_label)
    };
    ($ui:expr, $id:expr, $v:expr, licensing) => {
        choice_ui($ui, "licensing", $id, $v, &LICENSING, licensing_label)
    };
    ($ui:expr, $id:expr, $v:expr, activation) => {
        choice_ui($ui, "activation", $id, $v, &ACTIVATION, activation_label)
    };
}

/// Every option with a single value, as `$mac!(field, label, editor kind)`.
macro_rules! option_fields {
    ($mac:ident) => {
        $mac!(rdp_port, "RDP port", port);
        $mac!(gateway_udp, "RD Gateway UDP (3391)", flag);
        $mac!(crl, "Certificate revocation check", crl);
        $mac!(central_nps, "Central NPS (RADIUS)", flag);
        $mac!(rdweb_perimeter, "RD Web Access in perimeter", perimeter);
        $mac!(licensing, "RD Licensing mode", licensing);
        $mac!(activation, "License server activation", activation);
        $mac!(wds_rpc_port, "WDS RPC port", port);
        $mac!(wds_udp_range, "WDS UDP range", range);
        $mac!(dhcp_authorization, "WDS DHCP authorization", flag);
        $mac!(multicast, "WDS multicast", flag);
        $mac!(dhcp_failover, "DHCP failover (647)", flag);
        $mac!(ldaps, "LDAPS on domain controllers", flag);
    };
}

/// Edits the plan-wide options; returns the new options after a change.
pub fn plan_options_ui(ui: &mut egui::Ui, options: &Options) -> Option<Options> {
    let mut new = options.clone();
    let mut changed = false;
    egui::Grid::new("plan-options")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            macro_rules! field {
                ($f:ident, $label:expr, $kind:ident) => {{
                    let id = ui.scope_id().with(("plan-opt", stringify!($f)));
                    let value = new.$f;
                    if let Some(v) = row_ui(ui, $label, |ui| edit!(ui, id, value, $kind)) {
                        new.$f = v;
                        changed = true;
                    }
                }};
            }
            option_fields!(field);
            let id = ui.scope_id().with("plan-opt-rpc");
            if let Some(v) = row_ui(ui, "Restricted RPC range", |ui| {
                opt_range_ui(ui, id, new.rpc_range, "Windows default")
            }) {
                new.rpc_range = v;
                changed = true;
            }
            let id = ui.scope_id().with("plan-opt-wmi");
            if let Some(v) = row_ui(ui, "Fixed WMI port", |ui| {
                opt_port_ui(ui, id, new.wmi_port, "dynamic RPC")
            }) {
                new.wmi_port = v;
                changed = true;
            }
        });
    (changed && new != *options).then_some(new)
}

/// Edits one node's overrides: each option is inherited until "override" is ticked.
pub fn node_options_ui(
    ui: &mut egui::Ui,
    salt: u32,
    own: &NodeOptions,
    plan: &Options,
) -> Option<NodeOptions> {
    let mut new = own.clone();
    let mut changed = false;
    let effective = own.apply(plan);
    egui::Grid::new(("node-options", salt))
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            macro_rules! field {
                ($f:ident, $label:expr, $kind:ident) => {{
                    let id = ui.scope_id().with(("node-opt", salt, stringify!($f)));
                    ui.label($label);
                    let mut on = new.$f.is_some();
                    if ui.checkbox(&mut on, "override").changed() {
                        new.$f = on.then_some(effective.$f);
                        changed = true;
                    }
                    ui.add_enabled_ui(on, |ui| {
                        if let Some(v) = edit!(ui, id, effective.$f, $kind) {
                            new.$f = Some(v);
                            changed = true;
                        }
                    });
                    ui.end_row();
                }};
            }
            option_fields!(field);
        });
    (changed && new != *own).then_some(new)
}
