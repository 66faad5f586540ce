# PowerShell mirror of run.sh:
#   ./run.ps1            run the default matrix (harness/matrices/default.yaml) and write a report under results/
#   ./run.ps1 test       install what the tests need (Debian packages, when on Linux) and run every test
#   ./run.ps1 VERB ...   build once in Release and run `workbench VERB ...`
#   ./run.ps1 mariadb start|stop|status   a local MariaDB (InnoDB + MyRocks) on 127.0.0.1:3307 (scripts/mariadb.sh, Linux)
$ErrorActionPreference = 'Stop'
$CallerDir = (Get-Location).Path
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'
$TestPackages = @('chromium', 'fonts-dejavu-core', 'liblmdb0', 'sysbench', 'mariadb-client')
$RunPackages = @('fonts-dejavu-core', 'liblmdb0', 'sysbench')
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
# Quiet when there is nothing to say: the build's output is shown only when it fails.
function Build {
    $log = dotnet build harness/Workbench.Harness/Workbench.Harness.csproj -c Release --nologo -v quiet '-clp:ErrorsOnly;NoSummary' 2>&1
    if ($LASTEXITCODE) { $log | Write-Host; exit $LASTEXITCODE }
}

# PowerShell parses an unquoted a,b as an array and would pass it on as two arguments; workbench
# takes comma lists (--benchmarks fillrandom,readrandom), so arrays are joined back with commas.
$argv = @($args | ForEach-Object { if ($_ -is [array]) { $_ -join ',' } else { "$_" } })
$verb = if ($argv.Count -gt 0) { $argv[0] } else { '' }
$rest = if ($argv.Count -gt 1) { $argv[1..($argv.Count - 1)] } else { @() }
switch ($verb) {
    'test' {
        Ensure-Packages $TestPackages
        $passed = 0; $failed = 0
        # As run.sh: a test running 5 minutes is hung; the blame collector kills its host and names it.
        dotnet test Workbench.sln -c Release --nologo --blame-hang-timeout 5m --blame-hang-dump-type none @rest 2>&1 | ForEach-Object {
            $line = "$_"
            Write-Host $line
            # The same summary as run.sh: summed over the test assemblies; an aborted host counts as a failure.
            if ($line -match '^(Passed|Failed)!') {
                if ($line -match 'Failed:\s+(\d+)') { $failed += [int]$Matches[1] }
                if ($line -match 'Passed:\s+(\d+)') { $passed += [int]$Matches[1] }
            }
            if ($line -match 'Test Run Aborted') { $failed += 1 }
        }
        $status = $LASTEXITCODE
        Write-Host "tests: $passed passed, $failed failed"
        exit $status
    }
    'mariadb' {
        & bash (Join-Path $PSScriptRoot 'scripts/mariadb.sh') @rest
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
        dotnet $Workbench @argv
        exit $LASTEXITCODE
    }
}
