# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for dc01 (HQ, 10.1.0.5), from the Portolan plan
#     'Enterprise RDS across two sites'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 11 rules. Idempotent: it
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
$Group = 'Portolan: Enterprise RDS across two sites'

# Rules of an earlier run go first (there are none the first time).
Remove-NetFirewallRule -Group $Group -PolicyStore $PolicyStore -ErrorAction SilentlyContinue

# RPC, LDAP, LDAP SSL; Global catalog, Kerberos, SMB, DFSR from dc02: Active Directory
#   replication between writable DCs of one domain: endpoint mapper, the NTDS replication port
#   and the RPC of LSA, SAM and Netlogon; directory access and DC locator between writable DCs
#   of one domain; LDAP over SSL and the global catalog between writable DCs of one domain;
#   Kerberos authentication of the replication partner and Kerberos password change; the
#   SYSVOL and NETLOGON shares between writable DCs of one domain; SYSVOL replication with DFS
#   Replication between writable DCs of one domain
New-NetFirewallRule -DisplayName 'Portolan - RPC, LDAP, LDAP SSL; Global catalog, Kerberos, SMB, DFSR from dc02 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('88', '135', '389', '445', '464', '636', '3268-3269', '49152-65535') `
    -RemoteAddress @('10.2.0.5') `
    -Description 'From dc02 (Branch, 10.2.0.5). Requirements: dc-dc-rpc, dc-dc-ldap, dc-dc-ldaps-gc, dc-dc-kerberos, dc-dc-smb, dc-dc-dfsr. References: KB179442 §Windows Server 2008 and later versions; KB224196; KB832017 §Active Directory (local security authority); KB832017 §Kerberos Key Distribution Center; KB832017 §Distributed File System Replication.' `
    -PolicyStore $PolicyStore | Out-Null

# DNS, Kerberos, LDAP, Global catalog, SMB, RPC from ca01, fs01, kms01 and 4 more: name
#   resolution and domain controller location; logon and Kerberos password change; directory
#   queries and domain controller locator (UDP); global catalog look-ups; Group Policy and the
#   SYSVOL and NETLOGON shares; Netlogon and the other Active Directory RPC services
New-NetFirewallRule -DisplayName 'Portolan - DNS, Kerberos, LDAP, Global catalog, SMB, RPC from ca01, fs01, kms01 and 4 more (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '3268', '49152-65535') `
    -RemoteAddress @(
        '10.1.0.50', '10.1.0.30', '10.1.0.60', '10.1.0.10', '10.1.0.11', '10.1.0.20',
        '10.1.0.70'
    ) `
    -Description 'From ca01 (HQ, 10.1.0.50), fs01 (HQ, 10.1.0.30), kms01 (HQ, 10.1.0.60), rdcb01 (HQ, 10.1.0.10), rdcb02 (HQ, 10.1.0.11), sql01 (HQ, 10.1.0.20), wsus01 (HQ, 10.1.0.70). Requirements: member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc. References: KB832017 §Active Directory; KB179442; KB154596.' `
    -PolicyStore $PolicyStore | Out-Null

# LDAP, DNS, Kerberos, Global catalog, SMB, RPC from rdlic01: per-user CAL tracking in Active
#   Directory; name resolution and domain controller location; logon and Kerberos password
#   change; directory queries and domain controller locator (UDP); global catalog look-ups;
#   Group Policy and the SYSVOL and NETLOGON shares; Netlogon and the other Active Directory
#   RPC services
New-NetFirewallRule -DisplayName 'Portolan - LDAP, DNS, Kerberos, Global catalog, SMB, RPC from rdlic01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '3268', '49152-65535') `
    -RemoteAddress @('10.1.0.40') `
    -Description 'From rdlic01 (HQ, 10.1.0.40). Requirements: licensing-dc-ldap, member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc. References: RDS 2012 ports §Remote Desktop Licensing Server; KB832017 §Active Directory; KB179442; KB154596.' `
    -PolicyStore $PolicyStore | Out-Null

# LDAP, DNS, Kerberos, Global catalog, SMB, RPC from rdsh01, rdsh02: Active Directory
#   communication; name resolution and domain controller location; logon and Kerberos password
#   change; directory queries and domain controller locator (UDP); global catalog look-ups;
#   Group Policy and the SYSVOL and NETLOGON shares; Netlogon and the other Active Directory
#   RPC services
New-NetFirewallRule -DisplayName 'Portolan - LDAP, DNS, Kerberos, Global catalog, SMB, RPC from rdsh01, rdsh02 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '636', '3268', '49152-65535') `
    -RemoteAddress @('10.1.0.21', '10.1.0.22') `
    -Description 'From rdsh01 (HQ, 10.1.0.21), rdsh02 (HQ, 10.1.0.22). Requirements: sessionhost-dc-ldap, member-dns, member-dc-kerberos, member-dc-ldap, member-dc-gc, member-dc-smb, member-dc-rpc. References: RDS 2012 ports §Remote Desktop Session Host; KB832017 §Active Directory; KB179442; KB154596.' `
    -PolicyStore $PolicyStore | Out-Null

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

# DNS, RPC, LDAP, LDAP SSL; Global catalog, Kerberos, SMB, DFSR from rodc01: replication
#   partner and domain controller location (a DC's own DNS service needs no flow); inbound
#   replication of the RODC from a writable DC of its domain, and the logons and password
#   requests it forwards; directory access and DC locator from the RODC to a writable DC of
#   its domain; LDAP over SSL and the global catalog from the RODC to a writable DC of its
#   domain; Kerberos and password change forwarded by the RODC to a writable DC of its domain;
#   SYSVOL and NETLOGON shares from a writable DC of its domain; inbound SYSVOL replication
#   (DFS Replication) from a writable DC of its domain
New-NetFirewallRule -DisplayName 'Portolan - DNS, RPC, LDAP, LDAP SSL; Global catalog, Kerberos, SMB, DFSR from rodc01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('53', '88', '135', '389', '445', '464', '636', '3268-3269', '49152-65535') `
    -RemoteAddress @('10.0.1.5') `
    -Description 'From rodc01 (Perimeter, 10.0.1.5). Requirements: dc-dns, rodc-dc-rpc, rodc-dc-ldap, rodc-dc-ldaps-gc, rodc-dc-kerberos, rodc-dc-smb, rodc-dc-dfsr. References: KB179442 §Windows Server 2008 and later versions; KB832017 §DNS Server; RODC placement; KB224196; KB832017 §Distributed File System Replication.' `
    -PolicyStore $PolicyStore | Out-Null

# LDAP, Kerberos, NTP from dc02: directory access and DC locator between writable DCs of one
#   domain; Kerberos authentication of the replication partner and Kerberos password change;
#   time synchronization along the domain hierarchy (W32Time)
New-NetFirewallRule -DisplayName 'Portolan - LDAP, Kerberos, NTP from dc02 (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('88', '123', '389', '464') `
    -RemoteAddress @('10.2.0.5') `
    -Description 'From dc02 (Branch, 10.2.0.5). Requirements: dc-dc-ldap, dc-dc-kerberos, dc-dc-time. References: KB179442 §Windows Server 2008 and later versions; KB832017 §Kerberos Key Distribution Center; KB832017 §Windows Time.' `
    -PolicyStore $PolicyStore | Out-Null

# DNS, Kerberos, LDAP, NTP from ca01, fs01, kms01 and 7 more: name resolution and domain
#   controller location; logon and Kerberos password change; directory queries and domain
#   controller locator (UDP); time synchronization (Kerberos needs clocks within five minutes)
New-NetFirewallRule -DisplayName 'Portolan - DNS, Kerberos, LDAP, NTP from ca01, fs01, kms01 and 7 more (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('53', '88', '123', '389', '464') `
    -RemoteAddress @(
        '10.1.0.50', '10.1.0.30', '10.1.0.60', '10.1.0.10', '10.1.0.11', '10.1.0.21',
        '10.1.0.22', '10.1.0.20', '10.1.0.70', '10.9.0.10'
    ) `
    -Description 'From ca01 (HQ, 10.1.0.50), fs01 (HQ, 10.1.0.30), kms01 (HQ, 10.1.0.60), rdcb01 (HQ, 10.1.0.10), rdcb02 (HQ, 10.1.0.11), rdsh01 (HQ, 10.1.0.21), rdsh02 (HQ, 10.1.0.22), sql01 (HQ, 10.1.0.20), wsus01 (HQ, 10.1.0.70), adm01 (Management, 10.9.0.10). Requirements: member-dns, member-dc-kerberos, member-dc-ldap, member-dc-time. References: KB832017 §Active Directory; KB179442; KB832017 §Windows Time.' `
    -PolicyStore $PolicyStore | Out-Null

# LDAP, DNS, Kerberos, NTP from rdlic01: per-user CAL tracking in Active Directory; name
#   resolution and domain controller location; logon and Kerberos password change; directory
#   queries and domain controller locator (UDP); time synchronization (Kerberos needs clocks
#   within five minutes)
New-NetFirewallRule -DisplayName 'Portolan - LDAP, DNS, Kerberos, NTP from rdlic01 (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('53', '88', '123', '389', '464') `
    -RemoteAddress @('10.1.0.40') `
    -Description 'From rdlic01 (HQ, 10.1.0.40). Requirements: licensing-dc-ldap, member-dns, member-dc-kerberos, member-dc-ldap, member-dc-time. References: RDS 2012 ports §Remote Desktop Licensing Server; KB832017 §Active Directory; KB179442; KB832017 §Windows Time.' `
    -PolicyStore $PolicyStore | Out-Null

# DNS, LDAP, Kerberos, NTP from rodc01: replication partner and domain controller location (a
#   DC's own DNS service needs no flow); directory access and DC locator from the RODC to a
#   writable DC of its domain; Kerberos and password change forwarded by the RODC to a
#   writable DC of its domain; time synchronization from a writable DC of its domain
New-NetFirewallRule -DisplayName 'Portolan - DNS, LDAP, Kerberos, NTP from rodc01 (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('53', '88', '123', '389', '464') `
    -RemoteAddress @('10.0.1.5') `
    -Description 'From rodc01 (Perimeter, 10.0.1.5). Requirements: dc-dns, rodc-dc-ldap, rodc-dc-kerberos, rodc-dc-time. References: KB179442 §Windows Server 2008 and later versions; KB832017 §DNS Server; RODC placement.' `
    -PolicyStore $PolicyStore | Out-Null

# ICMP from ca01, fs01, kms01 and 8 more: Group Policy slow-link detection, path MTU
#   discovery, and the LDAP client's and the redirector's checks that the DC answers
New-NetFirewallRule -DisplayName 'Portolan - ICMP from ca01, fs01, kms01 and 8 more (ICMPv4-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol ICMPv4 `
    -RemoteAddress @(
        '10.1.0.50', '10.1.0.30', '10.1.0.60', '10.1.0.10', '10.1.0.11', '10.1.0.40',
        '10.1.0.21', '10.1.0.22', '10.1.0.20', '10.1.0.70', '10.9.0.10'
    ) `
    -Description 'From ca01 (HQ, 10.1.0.50), fs01 (HQ, 10.1.0.30), kms01 (HQ, 10.1.0.60), rdcb01 (HQ, 10.1.0.10), rdcb02 (HQ, 10.1.0.11), rdlic01 (HQ, 10.1.0.40), rdsh01 (HQ, 10.1.0.21), rdsh02 (HQ, 10.1.0.22), sql01 (HQ, 10.1.0.20), wsus01 (HQ, 10.1.0.70) and 1 more. Requirements: member-dc-icmp. References: KB179442; KB832017 §Active Directory (local security authority); KB832017 §Group Policy.' `
    -PolicyStore $PolicyStore | Out-Null
