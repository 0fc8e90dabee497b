# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for kms01 (HQ, 10.1.0.60), from the Portolan plan
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
#     .\kms01.ps1
# .EXAMPLE
#     .\kms01.ps1 -PolicyStore 'contoso.com\Firewall kms01'

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

# KMS from dc02, ca01, dc01 and 11 more: volume activation against the KMS host
New-NetFirewallRule -DisplayName 'Portolan - KMS from dc02, ca01, dc01 and 11 more (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('1688') `
    -RemoteAddress @(
        '10.2.0.5', '10.1.0.50', '10.1.0.5', '10.1.0.30', '10.1.0.10', '10.1.0.11',
        '10.1.0.40', '10.1.0.21', '10.1.0.22', '10.1.0.20', '10.1.0.70', '10.0.1.10',
        '10.0.1.11', '10.0.1.5'
    ) `
    -Description 'From dc02 (Branch, 10.2.0.5), ca01 (HQ, 10.1.0.50), dc01 (HQ, 10.1.0.5), fs01 (HQ, 10.1.0.30), rdcb01 (HQ, 10.1.0.10), rdcb02 (HQ, 10.1.0.11), rdlic01 (HQ, 10.1.0.40), rdsh01 (HQ, 10.1.0.21), rdsh02 (HQ, 10.1.0.22), sql01 (HQ, 10.1.0.20) and 4 more. Requirements: managed-kms. References: KMS listening port.' `
    -PolicyStore $PolicyStore | Out-Null

# WinRM from adm01: WMI and PowerShell remoting for administration
New-NetFirewallRule -DisplayName 'Portolan - WinRM from adm01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('5985') `
    -RemoteAddress @('10.9.0.10') `
    -Description 'From adm01 (Management, 10.9.0.10). Requirements: admin-winrm. References: RDS 2012 ports §every role service; KB832017 §Windows Remote Management.' `
    -PolicyStore $PolicyStore | Out-Null
