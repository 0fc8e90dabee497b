# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for rds01 (Servers, 192.168.20.10), from the
#     Portolan plan 'Small office RDS'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 2 rules. Idempotent: it
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
#     .\rds01.ps1
# .EXAMPLE
#     .\rds01.ps1 -PolicyStore 'contoso.com\Firewall rds01'

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

# HTTPS, RDP from office pcs: RD Web Access portal and RemoteApp feed; direct RDP to the
#   session host, for clients not using RD Gateway; initial RDP connection to the broker,
#   which redirects the client to a session host (clients not using RD Gateway)
New-NetFirewallRule -DisplayName 'Portolan - HTTPS, RDP from office pcs (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('443', '3389') `
    -RemoteAddress @('192.168.10.0/24') `
    -Description 'From office pcs (Office, 192.168.10.0/24). Requirements: client-web-https, client-sessionhost-rdp, client-broker-rdp. References: RDS 2012 ports §From Client to Remote Desktop Resource; KB832017 §Remote Desktop Services; RDS 2012 ports §Remote Desktop Connection Broker (RDCB).' `
    -PolicyStore $PolicyStore | Out-Null

# RDP from office pcs: direct RDP to the session host, for clients not using RD Gateway
New-NetFirewallRule -DisplayName 'Portolan - RDP from office pcs (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('3389') `
    -RemoteAddress @('192.168.10.0/24') `
    -Description 'From office pcs (Office, 192.168.10.0/24). Requirements: client-sessionhost-rdp. References: RDS 2012 ports §From Client to Remote Desktop Resource; KB832017 §Remote Desktop Services.' `
    -PolicyStore $PolicyStore | Out-Null
