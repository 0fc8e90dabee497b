# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for rdcb01 (HQ, 10.1.0.10), from the Portolan plan
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
#     .\rdcb01.ps1
# .EXAMPLE
#     .\rdcb01.ps1 -PolicyStore 'contoso.com\Firewall rdcb01'

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

# WinRM from adm01: WMI and PowerShell remoting for administration
New-NetFirewallRule -DisplayName 'Portolan - WinRM from adm01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('5985') `
    -RemoteAddress @('10.9.0.10') `
    -Description 'From adm01 (Management, 10.9.0.10). Requirements: admin-winrm. References: RDS 2012 ports §every role service; KB832017 §Windows Remote Management.' `
    -PolicyStore $PolicyStore | Out-Null

# RD Connection Broker publishing, WMI from rdweb01: centralized publishing: the RemoteApp and
#   desktop list; WMI from RD Web Access in a perimeter network to the broker (endpoint mapper
#   and the fixed WMI port)
New-NetFirewallRule -DisplayName 'Portolan - RD Connection Broker publishing, WMI from rdweb01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('135', '5504', '49152-65535') `
    -RemoteAddress @('10.0.1.11') `
    -Description 'From rdweb01 (Perimeter, 10.0.1.11). Requirements: web-broker-publishing, web-broker-wmi. References: RDS 2012 ports §Remote Desktop Connection Broker (RDCB); RDS 2012 ports §Remote Desktop Web Access; KB832017 §WMI.' `
    -PolicyStore $PolicyStore | Out-Null
