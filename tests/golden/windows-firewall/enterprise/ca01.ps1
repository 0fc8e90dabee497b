# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for ca01 (HQ, 10.1.0.50), from the Portolan plan
#     'Enterprise RDS across two sites'.
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
#     .\ca01.ps1
# .EXAMPLE
#     .\ca01.ps1 -PolicyStore 'contoso.com\Firewall ca01'

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

# RPC/DCOM from fs01, kms01, rdcb01 and 7 more: certificate autoenrollment and requests to the
#   enterprise CA (endpoint mapper and the CA's DCOM port)
New-NetFirewallRule -DisplayName 'Portolan - RPC/DCOM from fs01, kms01, rdcb01 and 7 more (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('135', '49152-65535') `
    -RemoteAddress @(
        '10.1.0.30', '10.1.0.60', '10.1.0.10', '10.1.0.11', '10.1.0.40', '10.1.0.21',
        '10.1.0.22', '10.1.0.20', '10.1.0.70', '10.0.1.11'
    ) `
    -Description 'From fs01 (HQ, 10.1.0.30), kms01 (HQ, 10.1.0.60), rdcb01 (HQ, 10.1.0.10), rdcb02 (HQ, 10.1.0.11), rdlic01 (HQ, 10.1.0.40), rdsh01 (HQ, 10.1.0.21), rdsh02 (HQ, 10.1.0.22), sql01 (HQ, 10.1.0.20), wsus01 (HQ, 10.1.0.70), rdweb01 (Perimeter, 10.0.1.11). Requirements: member-ca-dcom. References: KB832017 §Certificate Services; AD CS firewall rules.' `
    -PolicyStore $PolicyStore | Out-Null

# WinRM, RPC/DCOM from adm01: WMI and PowerShell remoting for administration; certificate
#   autoenrollment and requests to the enterprise CA (endpoint mapper and the CA's DCOM port)
New-NetFirewallRule -DisplayName 'Portolan - WinRM, RPC/DCOM from adm01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('135', '5985', '49152-65535') `
    -RemoteAddress @('10.9.0.10') `
    -Description 'From adm01 (Management, 10.9.0.10). Requirements: admin-winrm, member-ca-dcom. References: RDS 2012 ports §every role service; KB832017 §Windows Remote Management; KB832017 §Certificate Services; AD CS firewall rules.' `
    -PolicyStore $PolicyStore | Out-Null

# HTTP, RPC/DCOM from rdgw01: certificate revocation list download (CRL published over HTTP);
#   certificate autoenrollment and requests to the enterprise CA (endpoint mapper and the CA's
#   DCOM port)
New-NetFirewallRule -DisplayName 'Portolan - HTTP, RPC/DCOM from rdgw01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('80', '135', '49152-65535') `
    -RemoteAddress @('10.0.1.10') `
    -Description 'From rdgw01 (Perimeter, 10.0.1.10). Requirements: gateway-crl-http, member-ca-dcom. References: RDS 2012 ports §Remote Desktop Gateway; KB832017 §Certificate Services; AD CS firewall rules.' `
    -PolicyStore $PolicyStore | Out-Null
