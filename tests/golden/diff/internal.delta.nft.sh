#!/bin/sh
# Portolan: changes to the table inet portolan of firewall "internal" from examples/rds-perimeter.ron to tests/fixtures/diff/rds-rdweb-internal.ron.
# The diff lists +1 -5 ~0 rules here; in nft: 5 rules to delete, 1 to add;
# sets: 0 to add, 1 to refill, 1 to delete.
#
# Run it as root on the firewall loaded from the export of the first version
# (`nft -f internal.nft`):
#   sh internal.delta.nft.sh           applies the changes in one nft transaction (all or nothing)
#   sh internal.delta.nft.sh --check   prints the nft commands and checks them (nft -c), changes nothing
# It finds the handle of each rule to delete, or to add a rule after, by the rule's whole
# text as the export wrote it (`nft -a list chain inet portolan forward`), and changes nothing
# when one is not there. Afterwards the table holds the sets and rules of the export
# of the second version (`internal.nft`).
set -eu
check=0
case ${1:-} in
--check) check=1 ;;
"") ;;
*) echo "usage: sh $0 [--check]" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! nft -a list chain inet portolan forward >"$work/chain"; then
    echo "$0: no chain forward in table inet portolan: load the export of the first version (internal.nft) first" >&2
    exit 2
fi
cat >"$work/changes" <<'PORTOLAN_DELTA'
flush set inet portolan rdweb01_v4
add element inet portolan rdweb01_v4 { 10.0.2.11 }
# adm01 -> rdweb01 TCP: WinRM
delete	1	ip saddr @adm01_v4 ip daddr @rdweb01_v4 tcp dport 5985 accept comment "admin-winrm | RDS 2012 ports §every role service; KB832017 §Windows Remote Management"
# rdweb01 -> dc01 TCP: DNS; Kerberos; LDAP; Global catalog; SMB; RPC
#   member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc | KB832017 §Active Directory; KB179442; KB154596
delete	1	ip saddr @rdweb01_v4 ip daddr @dc01_v4 tcp dport { 53, 88, 135, 389, 445, 464, 3268, 49152-65535 } accept comment "member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc | KB832017; KB179442; KB154596"
# rdweb01 -> dc01 UDP: DNS; Kerberos; LDAP; NTP
delete	1	ip saddr @rdweb01_v4 ip daddr @dc01_v4 udp dport { 53, 88, 123, 389, 464 } accept comment "member-dns, member-dc-kerberos, member-dc-ldap, member-dc-time | KB832017 §Active Directory; KB179442; KB832017 §Windows Time"
# rdweb01 -> dc01 ICMP
delete	1	ip saddr @rdweb01_v4 ip daddr @dc01_v4 ip protocol icmp accept comment "member-dc-icmp | KB179442; KB832017 §Active Directory (local security authority); KB832017 §Group Policy"
# rdweb01 -> rdcb01 TCP: RD Connection Broker publishing; WMI
#   web-broker-publishing, web-broker-wmi | RDS 2012 ports §Remote Desktop Connection Broker (RDCB); RDS 2012 ports §Remote Desktop Web Access; KB832017 §WMI
delete	1	ip saddr @rdweb01_v4 ip daddr @rdcb01_v4 tcp dport { 135, 5504, 49152-65535 } accept comment "web-broker-publishing, web-broker-wmi | RDS 2012 ports; KB832017"
delete set inet portolan rdcb01_v4
after	1	ip saddr @rdlic01_v4 tcp dport 443 accept comment "licensing-clearinghouse | to activation.sls.microsoft.com | RDS 2012 ports §Remote Desktop Licensing Server"
# remote clients -> rdweb01 TCP: HTTPS
add	ip daddr @rdweb01_v4 tcp dport 443 accept comment "client-web-https | RDS 2012 ports §From Client to Remote Desktop Resource"
PORTOLAN_DELTA
# The rules are found by their text: the n-th rule of that text in the chain.
if ! awk -F '\t' '
function find(n, text) {
    if ((text, n) in handle) return handle[text, n]
    print "not in chain forward of table inet portolan: " text > "/dev/stderr"
    bad = 1
    return "?"
}
FILENAME == ARGV[1] {
    line = $0
    sub(/^[ \t]+/, "", line)
    if (match(line, / # handle [0-9]+$/)) {
        text = substr(line, 1, RSTART - 1)
        handle[text, ++count[text]] = substr(line, RSTART + 10)
    }
    next
}
$1 == "delete" { print "delete rule inet portolan forward handle " find($2, $3); next }
$1 == "after" { at = find($2, $3); next }
$1 == "top" { at = ""; next }
$1 == "add" && at == "" { print "insert rule inet portolan forward " $2; next }
$1 == "add" { print "add rule inet portolan forward handle " at " " $2; next }
{ print }
END { exit bad }
' "$work/chain" "$work/changes" >"$work/batch"; then
    echo "$0: changed nothing: the rules above are not in the chain as the export of the first version (internal.nft) wrote them" >&2
    exit 1
fi
if [ "$check" = 1 ]; then
    cat "$work/batch"
    nft -c -f "$work/batch"
    echo "$0: checked by nft -c; nothing changed" >&2
    exit 0
fi
nft -f "$work/batch"
echo "$0: table inet portolan now holds the sets and rules of the export of the second version (internal.nft)" >&2
