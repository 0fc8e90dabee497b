# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for rodc01 (Perimeter, 10.0.1.5), from the Portolan
#     plan 'Enterprise RDS across two sites'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 6 rules. Idempotent: it
#     first removes every rule of the group 'Portolan: Enterprise RDS across two sites' from the
#     policy store, then adds the rules again. Run it as an administrator; it needs the
#     NetSecurity module (Windows Server 2012 or later).
# .PARAMETER PolicyStore
#     Where the rules go: PersistentStore (this computer, the default), or a GPO written
#     'domain\GPO name'. The script replaces the whole group in that store: give each server its
#     own GPO.
# .PARAMETER FirewallProfile
#     The network profiles the rules apply to: Domain, Private, Public, or Any.
# .EXAMPLE
#     .\rodc01.ps1
# .EXAMPLE
#     .\rodc01.ps1 -PolicyStore 'contoso.com\Firewall rodc01'

#Requires -Modules NetSecurity
[CmdletBinding()]
param(
    [string]$PolicyStore = 'PersistentStore',
    [string[]]$FirewallProfile = @('Domain', 'Private', 'Public')
)

$ErrorActionPreference = 'Stop'
$Group = 'Portolan: Enterprise RDS across two sites'

# Rules of an earlier run go first (there are none the first time).
Remove-NetFirewallRule -Group $Group -PolicyStore $PolicyStore -ErrorAction SilentlyContinue

# WinRM, DNS, Kerberos, LDAP, Global catalog, SMB, RPC from adm01: WMI and PowerShell remoting
#   for administration; name resolution and domain controller location; logon and Kerberos
#   password change; directory queries and domain controller locator (UDP); global catalog
#   look-ups; Group Policy and the SYSVOL and NETLOGON shares; Netlogon and the other Active
#   Directory RPC services
New-NetFirewallRule -DisplayName 'Portolan - WinRM, DNS, Kerberos, LDAP, Global catalog, SMB, RPC from adm01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '3268', '5985', '49152-65535') `
    -RemoteAddress @('10.9.0.10') `
    -Description 'From adm01 (Management, 10.9.0.10). Requirements: admin-winrm, member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc. References: RDS 2012 ports §every role service; KB832017 §Windows Remote Management; KB832017 §Active Directory; KB179442; KB154596.' `
    -PolicyStore $PolicyStore | Out-Null

# Kerberos, RPC, LDAP, DNS, Global catalog, SMB from rdgw01: user authentication; RPC endpoint
#   mapper and the Active Directory (NTDS) RPC service for user authentication; user
#   authentication and group look-up; internal resource name resolution; name resolution and
#   domain controller location; logon and Kerberos password change; directory queries and
#   domain controller locator (UDP); global catalog look-ups; Group Policy and the SYSVOL and
#   NETLOGON shares; Netlogon and the other Active Directory RPC services
New-NetFirewallRule -DisplayName 'Portolan - Kerberos, RPC, LDAP, DNS, Global catalog, SMB from rdgw01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '3268', '49152-65535') `
    -RemoteAddress @('10.0.1.10') `
    -Description 'From rdgw01 (Perimeter, 10.0.1.10). Requirements: gateway-dc-kerberos, gateway-dc-rpc, gateway-dc-ldap, gateway-dns, member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc. References: RDS 2012 ports §Remote Desktop Gateway; KB832017 §Kerberos; KB224196; KB832017 §RPC; KB832017 §Active Directory; KB179442; KB154596.' `
    -PolicyStore $PolicyStore | Out-Null

# DNS, Kerberos, LDAP, Global catalog, SMB, RPC from rdweb01: name resolution and domain
#   controller location; logon and Kerberos password change; directory queries and domain
#   controller locator (UDP); global catalog look-ups; Group Policy and the SYSVOL and
#   NETLOGON shares; Netlogon and the other Active Directory RPC services
New-NetFirewallRule -DisplayName 'Portolan - DNS, Kerberos, LDAP, Global catalog, SMB, RPC from rdweb01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '3268', '49152-65535') `
    -RemoteAddress @('10.0.1.11') `
    -Description 'From rdweb01 (Perimeter, 10.0.1.11). Requirements: member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc. References: KB832017 §Active Directory; KB179442; KB154596.' `
    -PolicyStore $PolicyStore | Out-Null

# DNS, Kerberos, LDAP, NTP from adm01, rdweb01: name resolution and domain controller
#   location; logon and Kerberos password change; directory queries and domain controller
#   locator (UDP); time synchronization (Kerberos needs clocks within five minutes)
New-NetFirewallRule -DisplayName 'Portolan - DNS, Kerberos, LDAP, NTP from adm01, rdweb01 (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('53', '88', '123', '389', '464') `
    -RemoteAddress @('10.9.0.10', '10.0.1.11') `
    -Description 'From adm01 (Management, 10.9.0.10), rdweb01 (Perimeter, 10.0.1.11). Requirements: member-dns, member-dc-kerberos, member-dc-ldap, member-dc-time. References: KB832017 §Active Directory; KB179442; KB832017 §Windows Time.' `
    -PolicyStore $PolicyStore | Out-Null

# Kerberos, LDAP, DNS, NTP from rdgw01: user authentication; user authentication and group
#   look-up; internal resource name resolution; name resolution and domain controller
#   location; logon and Kerberos password change; directory queries and domain controller
#   locator (UDP); time synchronization (Kerberos needs clocks within five minutes)
New-NetFirewallRule -DisplayName 'Portolan - Kerberos, LDAP, DNS, NTP from rdgw01 (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('53', '88', '123', '389', '464') `
    -RemoteAddress @('10.0.1.10') `
    -Description 'From rdgw01 (Perimeter, 10.0.1.10). Requirements: gateway-dc-kerberos, gateway-dc-ldap, gateway-dns, member-dns, member-dc-kerberos, member-dc-ldap, member-dc-time. References: RDS 2012 ports §Remote Desktop Gateway; KB832017 §Kerberos; KB832017 §Active Directory; KB179442; KB832017 §Windows Time.' `
    -PolicyStore $PolicyStore | Out-Null

# ICMP from adm01, rdgw01, rdweb01: Group Policy slow-link detection, path MTU discovery, and
#   the LDAP client's and the redirector's checks that the DC answers
New-NetFirewallRule -DisplayName 'Portolan - ICMP from adm01, rdgw01, rdweb01 (ICMPv4-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol ICMPv4 `
    -RemoteAddress @('10.9.0.10', '10.0.1.10', '10.0.1.11') `
    -Description 'From adm01 (Management, 10.9.0.10), rdgw01 (Perimeter, 10.0.1.10), rdweb01 (Perimeter, 10.0.1.11). Requirements: member-dc-icmp. References: KB179442; KB832017 §Active Directory (local security authority); KB832017 §Group Policy.' `
    -PolicyStore $PolicyStore | Out-Null
