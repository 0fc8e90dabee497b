#!/usr/bin/env bash
# Exports the bundled examples and a synthetic 1,000-node plan in every format (or the
# formats named as arguments) and runs each format's real checker on every file written.
#
#   scripts/validate-exports.sh                    # every format
#   scripts/validate-exports.sh nftables iptables  # some of them
#
# Exit 0: every file of every format with a checker was accepted. Exit 1: a checker
# refused a file (its messages are printed). Exit 3: a checker is missing: the files it
# would have checked were NOT checked, and the script says which and how to install it;
# it never passes silently. Formats without a checker are exported and listed.
#
# The netfilter checkers (nft -c, iptables-restore --test) talk to the kernel: they run
# in a network namespace of their own (`unshare -n` as root, else `unshare -rn`), never
# on this machine's rules.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --no-default-features --bin portolan --example synth
bin=target/debug/portolan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/debug/examples/synth 1000 >"$work/synth-1000.ron"
plans=(examples/*.ron "$work/synth-1000.ron")

if [ $# -gt 0 ]; then
    formats=("$@")
else
    mapfile -t formats < <("$bin" formats | awk '{print $1}')
fi

checked=0
failed=0
missing=0

# `missing_tool TOOL HOW FORMAT`: says loudly that FORMAT's files go unchecked.
missing_tool() {
    echo "MISSING: $1 is not usable here ($2): the $3 files were NOT checked" >&2
    missing=$((missing + 1))
}

# `check LABEL COMMAND...`: runs the checker, counts, prints its messages on refusal.
check() {
    local label=$1 out
    shift
    if out=$("$@" 2>&1); then
        checked=$((checked + 1))
    else
        echo "REFUSED: $label" >&2
        echo "$out" | head -20 >&2
        failed=$((failed + 1))
    fi
}

# The `unshare` flags that give a checker a network namespace of its own: as root,
# `-n` alone, so nft keeps the right to grow its netlink buffer for large files (in a
# user namespace nft 1.0 cannot, and refuses files over ~200 KB with "Message too
# long"); otherwise a user namespace as well.
if unshare -n true 2>/dev/null; then
    netns=(unshare -n)
elif unshare -rn true 2>/dev/null; then
    netns=(unshare -rn)
else
    netns=()
fi

# `netfilter_tool TOOL`: whether TOOL runs in a namespace of its own.
netfilter_tool() {
    [ ${#netns[@]} -gt 0 ] && "${netns[@]}" "$1" --version >/dev/null 2>&1
}

# ---- nftables: nft -c -f on each script ------------------------------------------------
check_nftables() {
    if ! netfilter_tool nft; then
        missing_tool nft "apt-get install -y nftables; needs unshare and namespaces" nftables
        return
    fi
    for f in "$1"/*.nft; do
        check "$f" "${netns[@]}" nft -c -f "$f"
    done
}

# ---- iptables: iptables-restore --test / ip6tables-restore --test on each file ----------
check_iptables() {
    if ! netfilter_tool iptables-restore || ! netfilter_tool ip6tables-restore; then
        missing_tool iptables-restore "apt-get install -y iptables; needs unshare and namespaces" iptables
        return
    fi
    for f in "$1"/*.rules.v4; do
        check "$f" "${netns[@]}" iptables-restore --test "$f"
    done
    for f in "$1"/*.rules.v6; do
        [ -e "$f" ] || continue
        check "$f" "${netns[@]}" ip6tables-restore --test "$f"
    done
}

for plan in "${plans[@]}"; do
    name=$(basename "$plan" .ron)
    for format in "${formats[@]}"; do
        kind=$("$bin" formats | awk -v f="$format" '$1 == f {print $2}')
        if [ -z "$kind" ]; then
            echo "unknown format: $format (portolan formats lists them)" >&2
            exit 2
        fi
        out="$work/$name/$format"
        mkdir -p "$work/$name"
        "$bin" export "$plan" --format "$format" -o "$out" 2>"$work/stderr" || {
            echo "EXPORT FAILED: $name in $format" >&2
            cat "$work/stderr" >&2
            failed=$((failed + 1))
            continue
        }
        case $format in
        nftables) check_nftables "$out" ;;
        iptables) check_iptables "$out" ;;
        *) echo "no checker for $format: $name exported only" ;;
        esac
    done
done

echo "validate-exports: $checked files accepted, $failed refused, $missing exports not checked (checker missing)"
if [ "$failed" -gt 0 ]; then
    exit 1
fi
if [ "$missing" -gt 0 ]; then
    exit 3
fi
