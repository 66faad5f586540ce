#!/usr/bin/env bash
# Back-to-back sysbench runs (default rand-type, as the anchor script runs MariaDB): MariaDB InnoDB / MyRocks and our server on lsm, titan, rocksdb.
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p /tmp/sqlmeasure && cd /tmp/sqlmeasure
WB=$REPO/harness/Workbench.Harness/bin/Release/net10.0/workbench.dll
AN=$REPO/scripts/anchors/mariadb-sysbench.sh
status() { mariadb -h127.0.0.1 -P4400 -uroot --skip-ssl -N -e "show status like 'Workbench%'" | tr '\t' '=' | tr '\n' ' '; echo; }
for test in oltp_point_select oltp_read_write; do
  echo "=== $test innodb"; bash $AN run 127.0.0.1 3307 innodb $test 4 15 100000
  for e in lsm titan rocksdb; do
    # harness/sql has single-lsm.yaml and single-rocksdb.yaml; titan's is the lsm one with the engine renamed.
    cfg=$REPO/harness/sql/single-$e.yaml; [ -f "$cfg" ] || cfg=$REPO/harness/sql/single-lsm.yaml
    rm -rf data-$e; sed "s#name: lsm#name: $e#; s#data/sql-[a-z]*#/tmp/sqlmeasure/data-$e#; s/4000/4400/" "$cfg" > $e.yaml
    dotnet $WB sql-server --config $e.yaml > $e.log 2>&1 & pid=$!
    for i in $(seq 1 60); do mariadb -h127.0.0.1 -P4400 -uroot --skip-ssl -e "select 1" >/dev/null 2>&1 && break; sleep 0.5; done
    SB="sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=4400 --mysql-user=sbtest --mysql-password=sbtest --mysql-db=sbtest --tables=1 --table-size=100000"
    $SB oltp_read_write prepare >/dev/null
    echo "=== $test ours-$e"; echo -n "before: "; status
    $SB --threads=4 --time=15 $test run | grep -E "transactions:|queries:|avg:|95th|ignored errors"
    echo -n "after: "; status
    $SB oltp_read_write cleanup >/dev/null
    kill $pid; wait $pid 2>/dev/null
  done
  echo "=== $test myrocks"; bash $AN run 127.0.0.1 3307 rocksdb $test 4 15 100000
done
