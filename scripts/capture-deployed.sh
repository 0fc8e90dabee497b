#!/usr/bin/env bash
# Captures what the kernel holds after loading Portolan's nftables and iptables exports of
# the examples, in a network namespace of its own: the real `iptables-save` and
# `nft -j list ruleset` output that tests/verify.rs reads. Rerun after an exporter change:
#   scripts/capture-deployed.sh            (as root: unshare -n; otherwise unshare -rn)
set -euo pipefail
cd "$(dirname "$0")/.."
portolan=${PORTOLAN:-target/debug/portolan}
[[ -x $portolan ]] || cargo build --quiet --no-default-features
ns=(unshare -rn)
[[ $(id -u) -eq 0 ]] && ns=(unshare -n)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for example in rds-perimeter wds-pxe; do
    out=tests/fixtures/verify/$example
    mkdir -p "$out"
    "$portolan" export "examples/$example.ron" --format iptables -o "$tmp/$example-ipt"
    "$portolan" export "examples/$example.ron" --format nftables -o "$tmp/$example-nft"
    for file in "$tmp/$example-ipt"/*.rules.v4; do
        fw=$(basename "$file" .rules.v4)
        # iptables-save stamps the time on its first and last lines: dropped, so a
        # capture changes only when the rules do.
        "${ns[@]}" sh -c 'iptables-restore "$1" && iptables-save' sh "$file" \
            | grep -v '^# \(Generated\|Completed\)' >"$out/$fw.iptables-save"
    done
    for file in "$tmp/$example-nft"/*.nft; do
        fw=$(basename "$file" .nft)
        "${ns[@]}" sh -c 'nft -f "$1" && nft -j list ruleset' sh "$file" >"$out/$fw.nft.json"
    done
done
echo "captured into tests/fixtures/verify/"
