#!/usr/bin/env bash
# A local MariaDB with InnoDB and MyRocks, the anchor that sysbench and SQL-YCSB matrix cells run
# against as `endpoint` rows (harness/matrices/sysbench-vs-mariadb.yaml). Debian's packages are
# installed the first time `start` runs (never by the tests: tests that need MariaDB skip without it).
#   scripts/mariadb.sh start    install if missing, start on 127.0.0.1:$PORT (default 3307), data under $DIR
#   scripts/mariadb.sh status   "running on 127.0.0.1:PORT (pid N)" or "not running" (exit 1)
#   scripts/mariadb.sh stop     stop the server started here (its pid file), keep the data
# Environment: WORKBENCH_MARIADB_DIR (default /tmp/workbench-mariadb), WORKBENCH_MARIADB_PORT (3307),
# WORKBENCH_MARIADB_BUFFER_POOL (InnoDB buffer pool, default 1G). User sbtest / sbtest, database sbtest.
set -euo pipefail
base=${WORKBENCH_MARIADB_DIR:-/tmp/workbench-mariadb}
port=${WORKBENCH_MARIADB_PORT:-3307}
pool=${WORKBENCH_MARIADB_BUFFER_POOL:-1G}
packages=(mariadb-server mariadb-client mariadb-plugin-rocksdb)

running_pid() {
  [ -f "$base/pid" ] || return 1
  local pid
  pid=$(cat "$base/pid")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null || { echo "mariadb.sh: missing ${missing[*]} and no apt-get here; install them by hand" >&2; exit 1; }
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "mariadb.sh: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

case "${1:-}" in
  start)
    if pid=$(running_pid); then echo "MariaDB already running on 127.0.0.1:$port (pid $pid, data $base)"; exit 0; fi
    install_packages
    [ -e /usr/lib/mysql/plugin/ha_rocksdb.so ] || { echo "mariadb.sh: MyRocks plugin ha_rocksdb.so missing (package mariadb-plugin-rocksdb)" >&2; exit 1; }
    mkdir -p "$base"
    user=$(id -un)
    if [ "$user" = root ]; then user=mysql; chown mysql:mysql "$base"; fi
    [ -d "$base/data/mysql" ] || mariadb-install-db --user="$user" --datadir="$base/data" --auth-root-authentication-method=socket >"$base/install.log" 2>&1 \
      || { echo "mariadb.sh: mariadb-install-db failed, see $base/install.log" >&2; exit 1; }
    # Bound to loopback only; MyRocks loaded beside InnoDB so one server serves both engines.
    setsid /usr/sbin/mariadbd --user="$user" --datadir="$base/data" --socket="$base/sock" --port="$port" \
      --bind-address=127.0.0.1 --plugin-load-add=ha_rocksdb.so --innodb-buffer-pool-size="$pool" \
      --pid-file="$base/pid" --log-error="$base/err.log" </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 120); do
      mariadb -S "$base/sock" -uroot -e "select 1" >/dev/null 2>&1 && break
      sleep 0.5
    done
    mariadb -S "$base/sock" -uroot -e "select 1" >/dev/null 2>&1 || { echo "mariadb.sh: server did not come up; see $base/err.log" >&2; tail -5 "$base/err.log" >&2; exit 1; }
    mariadb -S "$base/sock" -uroot -e "CREATE DATABASE IF NOT EXISTS sbtest;
      CREATE USER IF NOT EXISTS 'sbtest'@'127.0.0.1' IDENTIFIED BY 'sbtest';
      CREATE USER IF NOT EXISTS 'sbtest'@'localhost' IDENTIFIED BY 'sbtest';
      GRANT ALL ON *.* TO 'sbtest'@'127.0.0.1'; GRANT ALL ON *.* TO 'sbtest'@'localhost';"
    engines=$(mariadb -S "$base/sock" -uroot -N -e "SELECT GROUP_CONCAT(ENGINE) FROM information_schema.ENGINES WHERE ENGINE IN ('InnoDB','ROCKSDB') AND SUPPORT IN ('YES','DEFAULT')")
    echo "MariaDB on 127.0.0.1:$port (user sbtest / sbtest, database sbtest; engines $engines; data $base)";;
  status)
    if pid=$(running_pid); then echo "running on 127.0.0.1:$port (pid $pid, data $base)"; else echo "not running"; exit 1; fi;;
  stop)
    if pid=$(running_pid); then
      kill "$pid"
      for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      echo "stopped (pid $pid; data kept under $base)"
    else
      echo "not running"
    fi;;
  *) sed -n 2,9p "$0" | sed 's/^# \{0,1\}//'; exit 2;;
esac
