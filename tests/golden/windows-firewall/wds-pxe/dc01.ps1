# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for dc01 (Servers, 10.10.0.5), from the Portolan
#     plan 'WDS and PXE across a firewall'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 3 rules. Idempotent: it
#     first removes every rule of the group 'Portolan: WDS and PXE across a firewall' from the
#     policy store, then adds the rules again. Run it as an administrator; it needs the
#     NetSecurity module (Windows Server 2012 or later).
# .PARAMETER PolicyStore
#     Where the rules go: PersistentStore (this computer, the default), or a GPO written
#     'domain\GPO name'. The script replaces the whole group in that store: give each server its
#     own GPO.
# .PARAMETER FirewallProfile
#     The network profiles the rules apply to: Domain, Private, Public, or Any.
# .EXAMPLE
#     .\dc01.ps1
# .EXAMPLE
#     .\dc01.ps1 -PolicyStore 'contoso.com\Firewall dc01'

#Requires -Modules NetSecurity
[CmdletBinding()]
param(
    [string]$PolicyStore = 'PersistentStore',
    [string[]]$FirewallProfile = @('Domain', 'Private', 'Public')
)

$ErrorActionPreference = 'Stop'
$Group = 'Portolan: WDS and PXE across a firewall'

# Rules of an earlier run go first (there are none the first time).
Remove-NetFirewallRule -Group $Group -PolicyStore $PolicyStore -ErrorAction SilentlyContinue

# DNS, Kerberos, LDAP, Global catalog, SMB, RPC from dhcp01, wds01: name resolution and domain
#   controller location; logon and Kerberos password change; directory queries and domain
#   controller locator (UDP); global catalog look-ups; Group Policy and the SYSVOL and
#   NETLOGON shares; Netlogon and the other Active Directory RPC services
New-NetFirewallRule -DisplayName 'Portolan - DNS, Kerberos, LDAP, Global catalog, SMB, RPC from dhcp01, wds01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '3268', '49152-65535') `
    -RemoteAddress @('10.10.0.21', '10.10.0.20') `
    -Description 'From dhcp01 (Servers, 10.10.0.21), wds01 (Servers, 10.10.0.20). Requirements: member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc. References: KB832017 §Active Directory; KB179442; KB154596.' `
    -PolicyStore $PolicyStore | Out-Null

# DNS, Kerberos, LDAP, NTP from dhcp01, wds01: name resolution and domain controller location;
#   logon and Kerberos password change; directory queries and domain controller locator (UDP);
#   time synchronization (Kerberos needs clocks within five minutes)
New-NetFirewallRule -DisplayName 'Portolan - DNS, Kerberos, LDAP, NTP from dhcp01, wds01 (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('53', '88', '123', '389', '464') `
    -RemoteAddress @('10.10.0.21', '10.10.0.20') `
    -Description 'From dhcp01 (Servers, 10.10.0.21), wds01 (Servers, 10.10.0.20). Requirements: member-dns, member-dc-kerberos, member-dc-ldap, member-dc-time. References: KB832017 §Active Directory; KB179442; KB832017 §Windows Time.' `
    -PolicyStore $PolicyStore | Out-Null

# ICMP from dhcp01, wds01: Group Policy slow-link detection, path MTU discovery, and the LDAP
#   client's and the redirector's checks that the DC answers
New-NetFirewallRule -DisplayName 'Portolan - ICMP from dhcp01, wds01 (ICMPv4-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol ICMPv4 `
    -RemoteAddress @('10.10.0.21', '10.10.0.20') `
    -Description 'From dhcp01 (Servers, 10.10.0.21), wds01 (Servers, 10.10.0.20). Requirements: member-dc-icmp. References: KB179442; KB832017 §Active Directory (local security authority); KB832017 §Group Policy.' `
    -PolicyStore $PolicyStore | Out-Null
