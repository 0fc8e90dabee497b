#!/usr/bin/env bash
# Exports every example (examples/*.ron) and a synthetic 1,000-node plan in every format that
# `portolan formats` lists, and checks each output with the real tool that reads it.
#
#   scripts/validate-exports.sh [--allow-skipped]
#
# Tools: python3 (CSV, Cisco ASA, SVG), nft and iptables-restore (Debian nftables,
# iptables; run in a network namespace), rsvg-convert (Debian librsvg2-bin: SVG), and a
# Python venv with scripts/validators/requirements.txt (openpyxl: XLSX, aerleon: aclgen,
# tree-sitter-powershell: windows-firewall, Pillow: PNG, html5lib: report) at
# $PORTOLAN_VENV (default target/validate-venv; `.ci/run` installs all of them). A missing
# tool is reported as SKIPPED, never as a pass, and makes the script exit 2 unless
# --allow-skipped is given; a failed check exits 1. A format without a validator here FAILS: adding a format means
# adding its validator (a function `validate_<id>` below, `-` in the id as `_`).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${PORTOLAN_VENV:-$ROOT/target/validate-venv}
OUT=$ROOT/target/validate-exports
ALLOW_SKIPPED=0
[[ ${1:-} == --allow-skipped ]] && ALLOW_SKIPPED=1

passed=0
failed=0
skipped=0
pass() { passed=$((passed + 1)); echo "PASS    $*"; }
fail() { failed=$((failed + 1)); echo "FAIL    $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIPPED $*"; }

have() { command -v "$1" >/dev/null 2>&1; }
venv_has() { [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c "import $1" 2>/dev/null; }

# --- validators: validate_<format id> OUTPUT PLAN_FILE PLAN_NAME --------------------

validate_csv() {
    have python3 || { skip "$1: python3 is not installed"; return; }
    if python3 scripts/validators/csv_check.py "$1"; then pass "$1"; else fail "$1"; fi
}

validate_xlsx() {
    venv_has openpyxl || {
        skip "$1: no openpyxl in $VENV (python3 -m venv $VENV && $VENV/bin/pip install openpyxl)"
        return
    }
    local csv=${1%.xlsx}.for-xlsx.csv
    "$PORTOLAN" export "$2" --format csv -o "$csv" 2>/dev/null || { fail "$1: no CSV to compare with"; return; }
    if "$VENV/bin/python" scripts/validators/xlsx_check.py "$1" "$csv" "$3"; then
        pass "$1"
    else
        fail "$1"
    fi
}

# The netfilter checkers talk to the kernel: they run in a network namespace of their
# own (`unshare -n` as root, else `unshare -rn`), never on this machine's rules.
if [[ $(id -u) -eq 0 ]] && unshare -n true 2>/dev/null; then
    netns=(unshare -n)
elif unshare -rn true 2>/dev/null; then
    netns=(unshare -rn)
else
    netns=()
fi
netfilter_tool() { [[ ${#netns[@]} -gt 0 ]] && "${netns[@]}" "$1" --version >/dev/null 2>&1; }

# The rule lines of an nft export (the chain's, without `#` lines), and the same chain as
# nft lists it once loaded, without handles.
nft_rules_written() { awk '/^\t\t/ && !/^\t\t(#|type filter)/ { sub(/^\t\t/, ""); print }' "$1"; }
nft_rules_listed() {
    "${netns[@]}" sh -c 'nft -f "$1" && nft -a list chain inet portolan forward' sh "$1" |
        awk '/^\t\t/ && !/^\t\ttype filter/ { sub(/^\t\t/, ""); sub(/ # handle [0-9]+$/, ""); print }'
}

validate_nftables() {
    netfilter_tool nft || { skip "$1: nft is not usable (apt-get install -y nftables; needs network namespaces)"; return; }
    local f ok=1
    for f in "$1"/*.nft; do
        "${netns[@]}" nft -c -f "$f" || { ok=0; fail "$f: nft -c refused it"; }
    done
    ((ok)) || return
    # The nftables delta of `portolan diff` finds the rules to delete by their text as nft
    # lists them: loaded into the kernel, every rule must list exactly as written. A user
    # namespace (not root) refuses large rule sets (netlink: Message too long).
    if [[ ${netns[*]} != "unshare -n" ]]; then
        pass "$1 (nft -c)"
        skip "$1: loading into the kernel needs root (unshare -n)"
        return
    fi
    for f in "$1"/*.nft; do
        if ! diff <(nft_rules_written "$f") <(nft_rules_listed "$f") >"$f.listed.diff" 2>&1; then
            ok=0
            fail "$f: nft lists rules other than written (the nftables delta could not find them): $(head -n 4 "$f.listed.diff")"
        fi
    done
    ((ok)) && pass "$1 (nft -c; loaded, nft lists every rule as written)"
}

validate_iptables() {
    { netfilter_tool iptables-restore && netfilter_tool ip6tables-restore; } ||
        { skip "$1: iptables-restore is not usable (apt-get install -y iptables)"; return; }
    local f ok=1
    for f in "$1"/*.rules.v4; do
        "${netns[@]}" iptables-restore --test "$f" || { ok=0; fail "$f: iptables-restore --test refused it"; }
    done
    for f in "$1"/*.rules.v6; do
        [[ -e $f ]] || continue
        "${netns[@]}" ip6tables-restore --test "$f" || { ok=0; fail "$f: ip6tables-restore --test refused it"; }
    done
    ((ok)) && pass "$1 (iptables-restore --test)"
}

# aclgen renders each firewall's policy for nftables, iptables, Cisco ASA, Juniper SRX and
# Palo Alto: every firewall must give all five files, with no error and no term left out;
# the nftables file it renders is then checked by nft itself.
validate_aerleon() {
    [[ -x $VENV/bin/aclgen ]] || { skip "$1: no aclgen in $VENV ($VENV/bin/pip install aerleon==1.18.0)"; return; }
    local out=$1.rendered log=$1.aclgen.log policy firewall file policies=0 bad=0
    rm -rf "$out"
    # aclgen reads its files in the locale's encoding: the export is UTF-8.
    if ! PYTHONUTF8=1 "$VENV/bin/aclgen" --base_directory="$1/policies" \
        --definitions_directory="$1/def" --output_directory="$out" >"$log" 2>&1; then
        fail "$1: aclgen refused it: $(grep -v '^I' "$log" | tail -n 5)"
        return
    fi
    if grep -v '^I' "$log" | grep -E 'not be rendered|rror'; then
        fail "$1: aclgen left terms out (above, $log)"
        return
    fi
    for policy in "$1"/policies/pol/*.yaml; do
        [[ -e $policy ]] || continue
        policies=$((policies + 1))
        firewall=$(basename "$policy" .yaml)
        for file in "$firewall" "$firewall.nft" "$firewall.asa" "$firewall.srx" "$firewall.xml"; do
            [[ -s $out/$file ]] || { fail "$1: aclgen wrote no $file"; bad=1; }
        done
        if [[ ${#netns[@]} -gt 0 ]] && have nft && ! "${netns[@]}" nft -c -f "$out/$firewall.nft" >"$log.nft" 2>&1; then
            fail "$1: nft refuses aclgen's $firewall.nft: $(head -n 5 "$log.nft")"
            bad=1
        fi
    done
    [[ $policies -gt 0 ]] || { fail "$1: no policy in policies/pol"; return; }
    local noun=firewalls; [[ $policies -eq 1 ]] && noun=firewall
    [[ $bad -eq 0 ]] && pass "$1 ($policies $noun rendered by aclgen for nftables, iptables, Cisco ASA, Juniper SRX, Palo Alto; nftables output accepted by nft -c)"
}

validate_windows_firewall() {
    venv_has tree_sitter_powershell || {
        skip "$1: no tree-sitter-powershell in $VENV ($VENV/bin/pip install -r scripts/validators/requirements.txt)"
        return
    }
    if "$VENV/bin/python" scripts/validators/ps_check.py "$1"; then pass "$1"; else fail "$1"; fi
}

validate_cisco_asa() {
    have python3 || { skip "$1: python3 is not installed"; return; }
    if python3 scripts/validators/asa_check.py "$1"; then pass "$1"; else fail "$1"; fi
}

# svg: the structure (every firewall and node named) with Python, then a real renderer
# (librsvg's rsvg-convert) draws it at its own size.
validate_svg() {
    have python3 || { skip "$1: python3 is not installed"; return; }
    have rsvg-convert || { skip "$1: rsvg-convert is not installed (apt-get install -y librsvg2-bin)"; return; }
    local csv=${1%.svg}.for-svg.csv size
    "$PORTOLAN" export "$2" --format csv -o "$csv" 2>/dev/null || { fail "$1: no CSV to compare with"; return; }
    python3 scripts/validators/svg_check.py "$1" "$csv" || { fail "$1"; return; }
    if ! rsvg-convert "$1" -o "$1.rsvg.png" 2>"$1.rsvg.log"; then
        fail "$1: rsvg-convert cannot draw it: $(head -n 3 "$1.rsvg.log")"
        return
    fi
    size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1.rsvg.png")
    pass "$1 (drawn by rsvg-convert, $size pixels)"
}

# png: Pillow decodes it whole; its size must be the SVG's at --scale 1, and not blank.
validate_png() {
    venv_has PIL || { skip "$1: no Pillow in $VENV ($VENV/bin/pip install -r scripts/validators/requirements.txt)"; return; }
    local svg=${1%.png}.for-png.svg
    "$PORTOLAN" export "$2" --format svg -o "$svg" 2>/dev/null || { fail "$1: no SVG to compare with"; return; }
    if "$VENV/bin/python" scripts/validators/png_check.py "$1" "$svg" 1; then pass "$1"; else fail "$1"; fi
}

# report: an HTML5 parser (html5lib, strict: any parse error fails) and the firewall
# tables compared with the CSV rule by rule.
validate_report() {
    venv_has html5lib || { skip "$1: no html5lib in $VENV ($VENV/bin/pip install -r scripts/validators/requirements.txt)"; return; }
    local csv=${1%.html}.for-report.csv
    "$PORTOLAN" export "$2" --format csv -o "$csv" 2>/dev/null || { fail "$1: no CSV to compare with"; return; }
    if "$VENV/bin/python" scripts/validators/report_check.py "$1" "$csv"; then pass "$1"; else fail "$1"; fi
}

# --- the plans and the formats -------------------------------------------------------

echo "Building portolan and the synthetic plan generator..."
cargo build --quiet --bin portolan --example synth || { echo "FAIL    cargo build"; exit 1; }
PORTOLAN=$ROOT/target/debug/portolan
rm -rf "$OUT"
mkdir -p "$OUT"
"$ROOT/target/debug/examples/synth" 1000 >"$OUT/synthetic-1000.ron" || { echo "FAIL    synth"; exit 1; }

plans=(examples/*.ron "$OUT/synthetic-1000.ron")
mapfile -t formats < <("$PORTOLAN" formats)
[[ ${#formats[@]} -gt 0 ]] || { echo "FAIL    portolan formats listed nothing"; exit 1; }

for plan in "${plans[@]}"; do
    base=$(basename "$plan" .ron)
    # The plan's name: the first `name:` of the file (zones and nodes come after it).
    name=$(grep -o -m 1 'name: "[^"]*"' "$plan" | head -n 1 | sed 's/^name: "\(.*\)"$/\1/')
    for line in "${formats[@]}"; do
        read -r id output ext _ <<<"$line"
        if [[ $output == folder ]]; then
            target=$OUT/$base.$id
        else
            target=$OUT/$base$ext
        fi
        if ! "$PORTOLAN" export "$plan" --format "$id" -o "$target" 2>"$OUT/$base.$id.stderr"; then
            fail "$base: portolan export --format $id: $(cat "$OUT/$base.$id.stderr")"
            continue
        fi
        validator=validate_${id//-/_}
        if declare -F "$validator" >/dev/null; then
            "$validator" "$target" "$plan" "$name"
        else
            fail "$base: no validator for the format $id in scripts/validate-exports.sh"
        fi
    done
done

echo
echo "validate-exports: $passed passed, $failed failed, $skipped skipped (outputs in $OUT)"
if ((failed > 0)); then exit 1; fi
if ((skipped > 0 && ALLOW_SKIPPED == 0)); then
    echo "Some checks were SKIPPED because a tool is missing: install it, or pass --allow-skipped."
    exit 2
fi
exit 0
