#!/usr/bin/env bash
# Exports every example (examples/*.ron) and a synthetic 1,000-node plan in every format that
# `portolan formats` lists, and checks each output with the real tool that reads it.
#
#   scripts/validate-exports.sh [--allow-skipped]
#
# Tools: python3 (CSV), a Python venv with openpyxl (XLSX) at $PORTOLAN_VENV (default
# target/validate-venv; `.ci/run` creates it). A missing tool is reported as SKIPPED,
# never as a pass, and makes the script exit 2 unless --allow-skipped is given; a
# failed check exits 1. A format without a validator here FAILS: adding a format means
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

validate_nftables() {
    netfilter_tool nft || { skip "$1: nft is not usable (apt-get install -y nftables; needs network namespaces)"; return; }
    local f ok=1
    for f in "$1"/*.nft; do
        "${netns[@]}" nft -c -f "$f" || { ok=0; fail "$f: nft -c refused it"; }
    done
    ((ok)) && pass "$1 (nft -c)"
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

validate_aerleon() {
    [[ -x $VENV/bin/aclgen ]] || { skip "$1: no aclgen in $VENV ($VENV/bin/pip install aerleon==1.18.0)"; return; }
    local out=$1.rendered
    rm -rf "$out"
    mkdir -p "$out"
    if ! "$VENV/bin/aclgen" --base_directory="$1/policies" --definitions_directory="$1/def" \
        --output_directory="$out" >"$out.log" 2>&1; then
        fail "$1: aclgen refused it: $(tail -n 5 "$out.log")"
        return
    fi
    local ext missing_ext=""
    for ext in nft ipt asa srx xml; do
        compgen -G "$out/*.$ext" >/dev/null || compgen -G "$out/**/*.$ext" >/dev/null || missing_ext+=" .$ext"
    done
    if [[ -n $missing_ext ]]; then
        fail "$1: aclgen rendered no$missing_ext output (see $out.log)"
        return
    fi
    pass "$1 (aclgen: nftables, iptables, Cisco ASA, Juniper SRX, Palo Alto)"
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
