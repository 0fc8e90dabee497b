# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for dc01 (Servers, 192.168.20.5), from the Portolan
#     plan 'Small office RDS'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 3 rules. Idempotent: it
#     first removes every rule of the group 'Portolan: Small office RDS' from the policy store,
#     then adds the rules again. Run it as an administrator; it needs the NetSecurity module
#     (Windows Server 2012 or later).
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
$Group = 'Portolan: Small office RDS'

# Rules of an earlier run go first (there are none the first time).
Remove-NetFirewallRule -Group $Group -PolicyStore $PolicyStore -ErrorAction SilentlyContinue

# LDAP, DNS, Kerberos, Global catalog, SMB, RPC from rds01: Active Directory communication;
#   name resolution and domain controller location; logon and Kerberos password change;
#   directory queries and domain controller locator (UDP); global catalog look-ups; Group
#   Policy and the SYSVOL and NETLOGON shares; Netlogon and the other Active Directory RPC
#   services
New-NetFirewallRule -DisplayName 'Portolan - LDAP, DNS, Kerberos, Global catalog, SMB, RPC from rds01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '636', '3268', '49152-65535') `
    -RemoteAddress @('192.168.20.10') `
    -Description 'From rds01 (Servers, 192.168.20.10). Requirements: sessionhost-dc-ldap, member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc. References: RDS 2012 ports §Remote Desktop Session Host; KB832017 §Active Directory; KB179442; KB154596.' `
    -PolicyStore $PolicyStore | Out-Null

# DNS, Kerberos, LDAP, NTP from rds01: name resolution and domain controller location; logon
#   and Kerberos password change; directory queries and domain controller locator (UDP); time
#   synchronization (Kerberos needs clocks within five minutes)
New-NetFirewallRule -DisplayName 'Portolan - DNS, Kerberos, LDAP, NTP from rds01 (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('53', '88', '123', '389', '464') `
    -RemoteAddress @('192.168.20.10') `
    -Description 'From rds01 (Servers, 192.168.20.10). Requirements: member-dns, member-dc-kerberos, member-dc-ldap, member-dc-time. References: KB832017 §Active Directory; KB179442; KB832017 §Windows Time.' `
    -PolicyStore $PolicyStore | Out-Null

# ICMP from rds01: Group Policy slow-link detection, path MTU discovery, and the LDAP client's
#   and the redirector's checks that the DC answers
New-NetFirewallRule -DisplayName 'Portolan - ICMP from rds01 (ICMPv4-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol ICMPv4 `
    -RemoteAddress @('192.168.20.10') `
    -Description 'From rds01 (Servers, 192.168.20.10). Requirements: member-dc-icmp. References: KB179442; KB832017 §Active Directory (local security authority); KB832017 §Group Policy.' `
    -PolicyStore $PolicyStore | Out-Null
