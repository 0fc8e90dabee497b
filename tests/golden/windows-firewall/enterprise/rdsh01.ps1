# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for rdsh01 (HQ, 10.1.0.21), from the Portolan plan
#     'Enterprise RDS across two sites'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: 4 rules. Idempotent: it
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
#     .\rdsh01.ps1
# .EXAMPLE
#     .\rdsh01.ps1 -PolicyStore 'contoso.com\Firewall rdsh01'

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

# RDP, SMB, RPC from rdcb01, rdcb02: connection to RD Session Host; management of the session
#   host; management of the session host and session registration
New-NetFirewallRule -DisplayName 'Portolan - RDP, SMB, RPC from rdcb01, rdcb02 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('135', '445', '3389', '49152-65535') `
    -RemoteAddress @('10.1.0.10', '10.1.0.11') `
    -Description 'From rdcb01 (HQ, 10.1.0.10), rdcb02 (HQ, 10.1.0.11). Requirements: broker-sessionhost-rdp, broker-sessionhost-smb, broker-sessionhost-rpc. References: RDS 2012 ports §Remote Desktop Connection Broker (RDCB); KB832017 §RPC.' `
    -PolicyStore $PolicyStore | Out-Null

# WinRM from adm01: WMI and PowerShell remoting for administration
New-NetFirewallRule -DisplayName 'Portolan - WinRM from adm01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('5985') `
    -RemoteAddress @('10.9.0.10') `
    -Description 'From adm01 (Management, 10.9.0.10). Requirements: admin-winrm. References: RDS 2012 ports §every role service; KB832017 §Windows Remote Management.' `
    -PolicyStore $PolicyStore | Out-Null

# RDP from rdgw01: RDP proxied from the gateway to the session host; directional UDP firewalls
#   need Send Receive
New-NetFirewallRule -DisplayName 'Portolan - RDP from rdgw01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('3389') `
    -RemoteAddress @('10.0.1.10') `
    -Description 'From rdgw01 (Perimeter, 10.0.1.10). Requirements: gateway-sessionhost-rdp. References: RDS 2012 ports §Remote Desktop Gateway.' `
    -PolicyStore $PolicyStore | Out-Null

# RDP from rdgw01: RDP proxied from the gateway to the session host; directional UDP firewalls
#   need Send Receive
New-NetFirewallRule -DisplayName 'Portolan - RDP from rdgw01 (UDP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol UDP -LocalPort @('3389') `
    -RemoteAddress @('10.0.1.10') `
    -Description 'From rdgw01 (Perimeter, 10.0.1.10). Requirements: gateway-sessionhost-rdp. References: RDS 2012 ports §Remote Desktop Gateway.' `
    -PolicyStore $PolicyStore | Out-Null
