# .SYNOPSIS
#     Inbound Windows Defender Firewall rules for adm01 (Management, 10.9.0.10), from the Portolan
#     plan 'Enterprise RDS across two sites'.
# .DESCRIPTION
#     Opens what the flows to this server's roles need, and nothing else: no rule, as no flow of
#     the plan reaches this server. Idempotent: it first removes every rule of the group
#     'Portolan: Enterprise RDS across two sites' from the policy store, then adds the rules
#     again. Run it as an administrator; it needs the NetSecurity module (Windows Server 2012 or
#     later).
# .PARAMETER PolicyStore
#     Where the rules go: PersistentStore (this computer, the default), or a GPO written
#     'domain\GPO name'. The script replaces the whole group in that store: give each server its
#     own GPO.
# .PARAMETER FirewallProfile
#     The network profiles the rules apply to: Domain, Private, Public, or Any.
# .EXAMPLE
#     .\adm01.ps1
# .EXAMPLE
#     .\adm01.ps1 -PolicyStore 'contoso.com\Firewall adm01'

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

# No flow of the plan reaches adm01: there is no rule to add.
