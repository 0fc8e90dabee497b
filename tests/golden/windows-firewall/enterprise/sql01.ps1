# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for sql01 (HQ, 10.1.0.20), from the Portolan plan
#     'Enterprise RDS across two sites'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 2 rules. Idempotent: it
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
#     .\sql01.ps1
# .EXAMPLE
#     .\sql01.ps1 -PolicyStore 'contoso.com\Firewall sql01'

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

# SQL Server from rdcb01, rdcb02: the shared RD Connection Broker database of a highly
#   available deployment (two or more brokers in one zone)
New-NetFirewallRule -DisplayName 'Portolan - SQL Server from rdcb01, rdcb02 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('1433') `
    -RemoteAddress @('10.1.0.10', '10.1.0.11') `
    -Description 'From rdcb01 (HQ, 10.1.0.10), rdcb02 (HQ, 10.1.0.11). Requirements: broker-sql. References: Set-RDDatabaseConnectionString; Set-RDConnectionBrokerHighAvailability; SQL Server firewall §Ports Used By the Database Engine.' `
    -PolicyStore $PolicyStore | Out-Null

# WinRM from adm01: WMI and PowerShell remoting for administration
New-NetFirewallRule -DisplayName 'Portolan - WinRM from adm01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('5985') `
    -RemoteAddress @('10.9.0.10') `
    -Description 'From adm01 (Management, 10.9.0.10). Requirements: admin-winrm. References: RDS 2012 ports §every role service; KB832017 §Windows Remote Management.' `
    -PolicyStore $PolicyStore | Out-Null
