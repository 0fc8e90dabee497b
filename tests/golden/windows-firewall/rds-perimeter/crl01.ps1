# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for crl01 (Internal, 10.0.2.60), from the Portolan
#     plan 'RDS with a perimeter network'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 2 rules. Idempotent: it
#     first removes every rule of the group 'Portolan: RDS with a perimeter network' from the
#     policy store, then adds the rules again. Run it as an administrator; it needs the
#     NetSecurity module (Windows Server 2012 or later).
# .PARAMETER PolicyStore
#     Where the rules go: PersistentStore (this computer, the default), or a GPO written
#     'domain\GPO name'. The script replaces the whole group in that store: give each server its
#     own GPO.
# .PARAMETER FirewallProfile
#     The network profiles the rules apply to: Domain, Private, Public, or Any.
# .EXAMPLE
#     .\crl01.ps1
# .EXAMPLE
#     .\crl01.ps1 -PolicyStore 'contoso.com\Firewall crl01'

#Requires -Modules NetSecurity
[CmdletBinding()]
param(
    [string]$PolicyStore = 'PersistentStore',
    [string[]]$FirewallProfile = @('Domain', 'Private', 'Public')
)

$ErrorActionPreference = 'Stop'
$Group = 'Portolan: RDS with a perimeter network'

# Rules of an earlier run go first (there are none the first time).
Remove-NetFirewallRule -Group $Group -PolicyStore $PolicyStore -ErrorAction SilentlyContinue

# WinRM from adm01: WMI and PowerShell remoting for administration
New-NetFirewallRule -DisplayName 'Portolan - WinRM from adm01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('5985') `
    -RemoteAddress @('10.0.9.10') `
    -Description 'From adm01 (Management, 10.0.9.10). Requirements: admin-winrm. References: RDS 2012 ports §every role service; KB832017 §Windows Remote Management.' `
    -PolicyStore $PolicyStore | Out-Null

# HTTP from rdgw01: certificate revocation list download (CRL published over HTTP)
New-NetFirewallRule -DisplayName 'Portolan - HTTP from rdgw01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('80') `
    -RemoteAddress @('10.0.1.10') `
    -Description 'From rdgw01 (Perimeter, 10.0.1.10). Requirements: gateway-crl-http. References: RDS 2012 ports §Remote Desktop Gateway.' `
    -PolicyStore $PolicyStore | Out-Null
