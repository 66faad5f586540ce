# PowerShell mirror of run.sh:
#   ./run.ps1            run the default matrix (harness/matrices/default.yaml) and write a report under results/
#   ./run.ps1 test       install what the tests need (Debian packages, when on Linux) and run every test
#   ./run.ps1 VERB ...   build once in Release and run `workbench VERB ...`
$ErrorActionPreference = 'Stop'
$CallerDir = (Get-Location).Path
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'
$TestPackages = @('chromium', 'liblmdb0', 'sysbench', 'mariadb-client')
$RunPackages = @('liblmdb0')
$Workbench = Join-Path $PSScriptRoot 'harness/Workbench.Harness/bin/Release/net10.0/workbench.dll'

function Ensure-Packages([string[]]$Packages) {
    if (-not $IsLinux -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) { return }
    $missing = @($Packages | Where-Object { -not (& dpkg -s $_ 2>$null) })
    if ($missing.Count -eq 0) { return }
    Write-Host "run.ps1: installing $($missing -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    if ((& id -u) -eq '0') {
        apt-get update -qq | Out-Null
        apt-get install -y -qq @missing | Out-Null
    } elseif (Get-Command sudo -ErrorAction SilentlyContinue) {
        sudo apt-get update -qq | Out-Null
        sudo --preserve-env=DEBIAN_FRONTEND apt-get install -y -qq @missing | Out-Null
    } else {
        throw "missing packages $($missing -join ' '); run as root or install them with apt-get"
    }
}
function Build { dotnet build harness/Workbench.Harness/Workbench.Harness.csproj -c Release --nologo -v quiet -clp:ErrorsOnly; if ($LASTEXITCODE) { exit $LASTEXITCODE } }

$verb = if ($args.Count -gt 0) { $args[0] } else { '' }
$rest = if ($args.Count -gt 1) { $args[1..($args.Count - 1)] } else { @() }
switch ($verb) {
    'test' {
        Ensure-Packages $TestPackages
        dotnet test Workbench.sln -c Release --nologo @rest
        exit $LASTEXITCODE
    }
    '' {
        Ensure-Packages $RunPackages
        Build
        dotnet $Workbench matrix harness/matrices/default.yaml
        exit $LASTEXITCODE
    }
    default {
        Ensure-Packages $RunPackages
        Build
        Set-Location $CallerDir  # relative paths in the arguments mean what they meant where run.ps1 was called
        dotnet $Workbench @args
        exit $LASTEXITCODE
    }
}
