#!/usr/bin/env bash
# The two README commands, plus a pass-through to the `workbench` CLI:
#   ./run.sh            run the default matrix (harness/matrices/default.yaml) and write a report under results/
#   ./run.sh test       install what the tests need (Debian packages) and run every test
#   ./run.sh VERB ...   build once in Release and run `workbench VERB ...` (e.g. ./run.sh bench --engine memory)
set -euo pipefail
caller_dir=$PWD
repo_dir=$(cd "$(dirname "$0")" && pwd)
cd "$repo_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the tests and engines need: chromium (the report screenshot test), liblmdb0 (the
# lmdb engine: the LightningDB package's bundled lmdb needs a newer glibc than Debian 12's), sysbench
# and mariadb-client (the SQL server's end-to-end tests). The rocksdb engines bring their own
# librocksdb (NuGet package RocksDB); db_bench 7.8 (Debian rocksdb-tools), the anchor of side-by-side
# runs, is a developer tool no test uses: install it to run the anchor.
TEST_PACKAGES=(chromium liblmdb0 sysbench mariadb-client)
RUN_PACKAGES=(liblmdb0)

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
build() { dotnet build harness/Workbench.Harness/Workbench.Harness.csproj -c Release --nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2; }
workbench() { dotnet "$WORKBENCH" "$@"; }

case "${1:-}" in
  test)
    shift
    ensure_packages "${TEST_PACKAGES[@]}"
    log=$(mktemp)
    status=0
    dotnet test Workbench.sln -c Release --nologo "$@" 2>&1 | tee "$log" || status=$?
    # One summary line ("N passed, N failed") for CI, summed over the test assemblies.
    # An aborted test host prints no Passed!/Failed! line: count it as a failure so the line never hides it.
    awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
         /Test Run Aborted/ { f += 1 }
         END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
    rm -f "$log"
    exit $status
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
