# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for fs01 (HQ, 10.1.0.30), from the Portolan plan
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
#     .\fs01.ps1
# .EXAMPLE
#     .\fs01.ps1 -PolicyStore 'contoso.com\Firewall fs01'

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

# SMB from rdsh01, rdsh02: user profile disks: the session host mounts each user's disk from
#   the share given as -DiskPath
New-NetFirewallRule -DisplayName 'Portolan - SMB from rdsh01, rdsh02 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('445') `
    -RemoteAddress @('10.1.0.21', '10.1.0.22') `
    -Description 'From rdsh01 (HQ, 10.1.0.21), rdsh02 (HQ, 10.1.0.22). Requirements: sessionhost-upd-smb. References: Set-RDSessionCollectionConfiguration §-DiskPath; KB832017 §Offline Files, User Profile Service, Folder Redirection, and Primary Computer.' `
    -PolicyStore $PolicyStore | Out-Null

# WinRM from adm01: WMI and PowerShell remoting for administration
New-NetFirewallRule -DisplayName 'Portolan - WinRM from adm01 (TCP-In)' `
    -Group $Group -Direction Inbound -Action Allow -Profile $FirewallProfile `
    -Protocol TCP -LocalPort @('5985') `
    -RemoteAddress @('10.9.0.10') `
    -Description 'From adm01 (Management, 10.9.0.10). Requirements: admin-winrm. References: RDS 2012 ports §every role service; KB832017 §Windows Remote Management.' `
    -PolicyStore $PolicyStore | Out-Null
