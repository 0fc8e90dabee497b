# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for dhcp01 (Servers, 10.10.0.21), from the Portolan
#     plan 'WDS and PXE across a firewall'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 2 rules. Idempotent: it
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
#     .\dhcp01.ps1
# .EXAMPLE
#     .\dhcp01.ps1 -PolicyStore 'contoso.com\Firewall dhcp01'

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

# DHCP relay from gw-clients: DHCP requests relayed from the clients' subnet
New-NetFirewallRule -DisplayName 'Portolan - DHCP relay from gw-clients (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('67') `
    -RemoteAddress @('10.20.0.1') `
    -Description 'From gw-clients (Clients, 10.20.0.1). Requirements: relay-dhcp. References: DHCP relay.' `
    -PolicyStore $PolicyStore | Out-Null

# DHCP from pxe clients: address lease for the network boot (the client sends from UDP 68)
New-NetFirewallRule -DisplayName 'Portolan - DHCP from pxe clients (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('67') `
    -RemoteAddress @('10.20.0.0/24') `
    -Description 'From pxe clients (Clients, 10.20.0.0/24). Requirements: pxe-dhcp. References: WDS ports §Ports; KB832017 §DHCP Server.' `
    -PolicyStore $PolicyStore | Out-Null
