# aerleon: Aerleon's own aclgen (aerleon==1.18.0, in a Python venv made when missing)
# renders each exported folder for nftables, iptables, Cisco ASA, Juniper SRX and Palo
# Alto; every firewall must give all five files, without an error or a dropped term.
# The nftables files are then checked by nft itself (`unshare -rn nft -c -f`).
# Sourced by .ci/validate (its helpers: say, fail, missing, need, export_plan, plans).

aerleon_venv=${AERLEON_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/portolan/venv-aerleon}
aclgen=$aerleon_venv/bin/aclgen
aerleon_install() {
    need python3 python3 || return 1
    python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv || return 1
    python3 -m venv "$aerleon_venv" >/dev/null 2>&1 || return 1
    "$aerleon_venv/bin/pip" install --quiet --disable-pip-version-check aerleon==1.18.0
}
if ! "$aerleon_venv/bin/python" -c 'import importlib.metadata as m; assert m.version("aerleon") == "1.18.0"' 2>/dev/null; then
    say "installing aerleon==1.18.0 into $aerleon_venv"
    aerleon_install || missing "aclgen: could not make a Python venv with aerleon==1.18.0 at $aerleon_venv (needs python3-venv and PyPI)"
fi

# nft -c needs CAP_NET_ADMIN: a fresh network namespace gives it. Root keeps its own user
# namespace (`unshare -n`), whose socket buffers take the thousands of chains of a large
# plan; in a new user namespace (`unshare -rn`) nft fails past a few hundred chains with
# "Message too long".
aerleon_nft_check() {
    if [ "$(id -u)" = 0 ]; then unshare -n nft -c -f "$1"; else unshare -rn nft -c -f "$1"; fi
}

if [ -x "$aclgen" ]; then
    check_nft=1
    if ! need nft nftables || ! need unshare util-linux; then
        missing "nft: the nftables package is needed to check aclgen's nftables output"
        check_nft=0
    fi
    for plan in "${plans[@]}"; do
        folder=$(export_plan "$plan" aerleon) || { fail "aerleon: export of $plan"; continue; }
        name=$(basename "$folder")
        log="$work/$name.aclgen.log"
        # aclgen reads its files in the locale's encoding: the export is UTF-8.
        if ! (cd "$folder" && PYTHONUTF8=1 "$aclgen" --base_directory=policies \
            --definitions_directory=def --output_directory=out) >"$log" 2>&1; then
            fail "aerleon: aclgen failed on $name:"; grep -v '^I' "$log" | head -40
            continue
        fi
        if grep -E 'not be rendered|error' "$log" | grep -v '^I'; then
            fail "aerleon: aclgen left terms out of $name (above)"
        fi
        policies=0
        for policy in "$folder"/policies/pol/*.yaml; do
            [ -e "$policy" ] || continue
            policies=$((policies + 1))
            firewall=$(basename "$policy" .yaml)
            for out in "$firewall" "$firewall.nft" "$firewall.asa" "$firewall.srx" "$firewall.xml"; do
                [ -s "$folder/out/$out" ] || fail "aerleon: aclgen wrote no $out for $name"
            done
            if [ "$check_nft" = 1 ] && ! aerleon_nft_check "$folder/out/$firewall.nft" >"$log.nft" 2>&1; then
                fail "aerleon: nft refuses $name/out/$firewall.nft:"; head -20 "$log.nft"
            fi
        done
        [ "$policies" -gt 0 ] || fail "aerleon: $name has no policy"
        say "aerleon: $name: $policies firewalls rendered by aclgen for nftables, iptables, ciscoasa, srx, paloalto$([ "$check_nft" = 1 ] && echo ', nftables accepted by nft -c')"
    done
fi
