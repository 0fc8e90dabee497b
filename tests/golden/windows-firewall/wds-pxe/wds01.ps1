# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for wds01 (Servers, 10.10.0.20), from the Portolan
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
#     .\wds01.ps1
# .EXAMPLE
#     .\wds01.ps1 -PolicyStore 'contoso.com\Firewall wds01'

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

# RPC, SMB from pxe clients: WDS client in Windows PE: authentication and the list of images
#   (endpoint mapper and the WDS RPC listener); image transfer over file sharing
New-NetFirewallRule -DisplayName 'Portolan - RPC, SMB from pxe clients (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('135', '139', '445', '5040') `
    -RemoteAddress @('10.20.0.0/24') `
    -Description 'From pxe clients (Clients, 10.20.0.0/24). Requirements: pxe-wds-rpc, pxe-wds-smb. References: WDS ports §Ports, step 5; WDS ports §Ports, step 6; KB832017 §File and printer sharing.' `
    -PolicyStore $PolicyStore | Out-Null

# DHCP relay from gw-clients: PXE requests relayed from the clients' subnet to WDS
New-NetFirewallRule -DisplayName 'Portolan - DHCP relay from gw-clients (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('67') `
    -RemoteAddress @('10.20.0.1') `
    -Description 'From gw-clients (Clients, 10.20.0.1). Requirements: relay-wds. References: DHCP relay; WDS ports §Ports, step 2.' `
    -PolicyStore $PolicyStore | Out-Null

# PXE, TFTP, NetBIOS from pxe clients: PXE discovery and proxyDHCP; UDP 4011 must be routed
#   across subnets; boot files and Windows PE over TFTP: requests to UDP 69, the session on
#   the server's UDP range; the firewall needs stateful UDP tracking or a TFTP helper; NetBIOS
#   name and datagram service for file sharing
New-NetFirewallRule -DisplayName 'Portolan - PXE, TFTP, NetBIOS from pxe clients (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('67', '69', '137-138', '4011', '64001-65000') `
    -RemoteAddress @('10.20.0.0/24') `
    -Description 'From pxe clients (Clients, 10.20.0.0/24). Requirements: pxe-wds-pxe, pxe-wds-tftp, pxe-wds-netbios. References: WDS ports §Ports, step 2; WDS ports §Ports, steps 2-4; WDS ports §Ports, step 6; KB832017 §File and printer sharing.' `
    -PolicyStore $PolicyStore | Out-Null
