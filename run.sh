#!/usr/bin/env bash
# The two README commands, plus a pass-through to the `workbench` CLI:
#   ./run.sh            run the default matrix (harness/matrices/default.yaml) and write a report under results/
#   ./run.sh test       install what the tests need (Debian packages) and run every test
#   ./run.sh VERB ...   build once in Release and run `workbench VERB ...` (e.g. ./run.sh bench --engine memory)
#   ./run.sh mariadb start|stop|status   a local MariaDB (InnoDB + MyRocks) on 127.0.0.1:3307, the endpoint rows' server (scripts/mariadb.sh)
set -euo pipefail
caller_dir=$PWD
repo_dir=$(cd "$(dirname "$0")" && pwd)
cd "$repo_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the tests and engines need: chromium (the report test, driven by Playwright),
# fonts-dejavu-core (the font the report's ScottPlot charts are laid out in), liblmdb0 (the lmdb
# engine: the LightningDB package's bundled lmdb needs a newer glibc than Debian 12's), sysbench and
# mariadb-client (the SQL server's end-to-end tests). The rocksdb engines bring their own librocksdb
# (NuGet package RocksDB); db_bench 7.8 (Debian rocksdb-tools), the anchor of side-by-side runs, is a
# developer tool no test uses: install it to run the anchor.
TEST_PACKAGES=(chromium fonts-dejavu-core liblmdb0 sysbench mariadb-client)
# sysbench: the matrix's sysbench workload kind runs the real binary.
RUN_PACKAGES=(fonts-dejavu-core liblmdb0 sysbench)
# PowerShell as a .NET tool, for the run.ps1 smoke tests (7.7.0 does not install here; pin 7.6.10).
PWSH_VERSION=7.6.10

ensure_packages() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  if ! command -v apt-get >/dev/null; then
    echo "run.sh: missing packages ${missing[*]} and no apt-get here; install them by hand" >&2
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "run.sh: missing packages ${missing[*]}; run as root or install them: apt-get install ${missing[*]}" >&2
      return 1
    fi
    sudo=sudo
  fi
  echo "run.sh: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

WORKBENCH=$repo_dir/harness/Workbench.Harness/bin/Release/net10.0/workbench.dll
# Quiet when there is nothing to say: the build's output is shown only when it fails.
build() {
  local log
  log=$(mktemp)
  if ! dotnet build harness/Workbench.Harness/Workbench.Harness.csproj -c Release --nologo -v quiet "-clp:ErrorsOnly;NoSummary" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
workbench() { dotnet "$WORKBENCH" "$@"; }

ensure_pwsh() {
  PWSH=$HOME/.dotnet/tools/pwsh
  [ -x "$PWSH" ] && "$PWSH" -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | grep -qx "$PWSH_VERSION" && return 0
  dotnet tool uninstall --global PowerShell >/dev/null 2>&1 || true
  dotnet tool install --global PowerShell --version "$PWSH_VERSION" >/dev/null
}

# Smoke tests of run.ps1 under pwsh: the help, an unquoted comma list, a matrix check. Prints one
# "ok"/"FAILED" line each and sets smoke_passed / smoke_failed.
pwsh_smoke() {
  smoke_passed=0 smoke_failed=0
  local out
  check() { # name, expected text, command...
    local name=$1 want=$2
    shift 2
    if out=$(timeout 600 "$@" 2>&1) && grep -q -- "$want" <<<"$out"; then # bounded: a hang fails, CI goes on
      smoke_passed=$((smoke_passed + 1)); echo "pwsh smoke ok:     $name"
    else
      smoke_failed=$((smoke_failed + 1)); echo "pwsh smoke FAILED: $name"; echo "$out" | tail -20
    fi
  }
  check "run.ps1 --help" "usage: workbench" "$PWSH" -NoProfile -File ./run.ps1 --help
  check "run.ps1 bench with an unquoted comma list" "readrandom.*micros/op" "$PWSH" -NoProfile -Command './run.ps1 bench --engine memory --benchmarks fillrandom,readrandom --num 2000'
  check "run.ps1 matrix --validate-only" "cells; baseline" "$PWSH" -NoProfile -File ./run.ps1 matrix harness/matrices/default.yaml --validate-only
}

case "${1:-}" in
  test)
    shift
    ensure_packages "${TEST_PACKAGES[@]}"
    log=$(mktemp)
    status=0
    # A test that runs 5 minutes is hung (the longest take seconds): the blame collector then kills its
    # test host and names the test, so a hang fails in minutes with its name instead of running CI out.
    dotnet test Workbench.sln -c Release --nologo --blame-hang-timeout 5m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?
    smoke_passed=0 smoke_failed=0
    if ensure_pwsh; then
      pwsh_smoke
    else
      echo "run.sh: could not install PowerShell $PWSH_VERSION as a .NET tool" >&2
      smoke_failed=1
    fi
    ((smoke_failed == 0)) || status=1
    # One summary line ("N passed, N failed") for CI, summed over the test assemblies and the pwsh smoke tests.
    # An aborted test host prints no Passed!/Failed! line: count it as a failure so the line never hides it.
    awk -v sp="$smoke_passed" -v sf="$smoke_failed" \
        '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
         /Test Run Aborted/ { f += 1 }
         END { printf "tests: %d passed, %d failed\n", p + sp, f + sf }' "$log"
    rm -f "$log"
    exit $status
    ;;
  mariadb)
    shift
    exec "$repo_dir/scripts/mariadb.sh" "$@"
    ;;
  "")
    ensure_packages "${RUN_PACKAGES[@]}"
    build
    exec dotnet "$WORKBENCH" matrix harness/matrices/default.yaml
    ;;
  *)
    ensure_packages "${RUN_PACKAGES[@]}"
    build
    cd "$caller_dir" # relative paths in the arguments mean what they meant where ./run.sh was called
    exec dotnet "$WORKBENCH" "$@"
    ;;
esac
