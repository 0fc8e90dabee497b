# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for rdgw01 (Perimeter, 10.0.1.10), from the Portolan
#     plan 'Enterprise RDS across two sites'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 3 rules. Idempotent: it
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
#     .\rdgw01.ps1
# .EXAMPLE
#     .\rdgw01.ps1 -PolicyStore 'contoso.com\Firewall rdgw01'

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

# HTTPS from remote clients: RDP over HTTPS through the gateway (includes RPC over HTTP)
New-NetFirewallRule -DisplayName 'Portolan - HTTPS from remote clients (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('443') `
    -RemoteAddress @('Any') `
    -Description 'From remote clients (Internet, any address). Requirements: client-gateway-https. References: RDS 2012 ports §Remote Desktop Gateway.' `
    -PolicyStore $PolicyStore | Out-Null

# WinRM from adm01: WMI and PowerShell remoting for administration
New-NetFirewallRule -DisplayName 'Portolan - WinRM from adm01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('5985') `
    -RemoteAddress @('10.9.0.10') `
    -Description 'From adm01 (Management, 10.9.0.10). Requirements: admin-winrm. References: RDS 2012 ports §every role service; KB832017 §Windows Remote Management.' `
    -PolicyStore $PolicyStore | Out-Null

# RDP/UDP from remote clients: RDP over UDP side channel through the gateway; directional UDP
#   firewalls (TMG) need Send Receive
New-NetFirewallRule -DisplayName 'Portolan - RDP/UDP from remote clients (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('3391') `
    -RemoteAddress @('Any') `
    -Description 'From remote clients (Internet, any address). Requirements: client-gateway-udp. References: RDS 2012 ports §Remote Desktop Gateway.' `
    -PolicyStore $PolicyStore | Out-Null
