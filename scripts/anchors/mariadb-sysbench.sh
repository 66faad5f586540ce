#!/usr/bin/env bash
# A local MariaDB (InnoDB and MyRocks) on 127.0.0.1:3307 as the sysbench anchor, and a helper to
# run the same sysbench command against any MySQL-protocol endpoint (for example the workbench's
# SQL server) so the two can be compared in one run.
# usage: mariadb-sysbench.sh start            start MariaDB (data under /tmp/anchor-mariadb)
#        mariadb-sysbench.sh run HOST PORT ENGINE TEST [THREADS] [SECONDS] [ROWS]
#             ENGINE: innodb | rocksdb (ignored by servers without engines); TEST: oltp_point_select …
#        mariadb-sysbench.sh stop
set -euo pipefail
base=/tmp/anchor-mariadb
case "${1:-}" in
  start)
    command -v mariadbd >/dev/null && [ -e /usr/lib/mysql/plugin/ha_rocksdb.so ] && command -v sysbench >/dev/null || {
      echo "mariadb-sysbench.sh: needs mariadb-server, mariadb-client, mariadb-plugin-rocksdb and sysbench (scripts/mariadb.sh start installs MariaDB)" >&2; exit 1; }
    mkdir -p $base && chown mysql:mysql $base
    [ -d $base/data/mysql ] || mariadb-install-db --user=mysql --datadir=$base/data >/dev/null
    setsid /usr/sbin/mariadbd --user=mysql --datadir=$base/data --socket=$base/sock --port=3307 \
      --bind-address=127.0.0.1 --plugin-load-add=ha_rocksdb.so --innodb-buffer-pool-size=1G \
      --pid-file=$base/pid > $base/err.log 2>&1 &
    for i in $(seq 1 60); do mariadb -S $base/sock -uroot -e "select 1" >/dev/null 2>&1 && break; sleep 0.5; done
    mariadb -S $base/sock -uroot -e "CREATE DATABASE IF NOT EXISTS sbtest; CREATE USER IF NOT EXISTS 'sbtest'@'127.0.0.1' IDENTIFIED BY 'sbtest'; GRANT ALL ON *.* TO 'sbtest'@'127.0.0.1';"
    echo "MariaDB on 127.0.0.1:3307 (user sbtest / sbtest, database sbtest)";;
  run)
    host=$2 port=$3 engine=$4 test=$5 threads=${6:-4} secs=${7:-15} rows=${8:-100000}
    sb="sysbench --db-driver=mysql --mysql-host=$host --mysql-port=$port --mysql-user=sbtest --mysql-password=sbtest --mysql-db=sbtest --tables=1 --table-size=$rows --mysql-storage-engine=$engine"
    $sb oltp_read_write cleanup >/dev/null 2>&1 || true
    $sb oltp_read_write prepare >/dev/null
    $sb --threads=$threads --time=$secs $test run | grep -E "transactions:|queries:|avg:|95th|ignored errors"
    $sb oltp_read_write cleanup >/dev/null;;
  stop)
    [ -f $base/pid ] && kill "$(cat $base/pid)" && echo stopped;;
  *) sed -n 2,9p "$0"; exit 2;;
esac
