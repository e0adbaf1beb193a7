#!/usr/bin/env bash
# Start the local services the tests use (PostgreSQL, Redis) if they are not running. Safe to run twice.
set -uo pipefail

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not available on 127.0.0.1:5432" >&2; exit 1; }

# The widest tests (the API fuzz, the scope matrix's world) touch every table of every area in one transaction:
# PostgreSQL's default lock table (max_locks_per_transaction = 64) runs out ("out of shared memory").
locks=$(psql -h 127.0.0.1 -U postgres -tAc "SHOW max_locks_per_transaction" 2>/dev/null || echo 0)
if [ "${locks:-0}" -lt 1024 ] 2>/dev/null; then
  echo "raising PostgreSQL's max_locks_per_transaction to 1024 (was ${locks}) and restarting it"
  psql -h 127.0.0.1 -U postgres -qc "ALTER SYSTEM SET max_locks_per_transaction = 1024" || true
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main restart || true
  fi
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not come back" >&2; exit 1; }
fi

# The read-replica tests (gonghui.core.tests.test_replicas) make a streaming replica with pg_basebackup: the
# primary must accept replication connections from this machine.
hba=$(psql -h 127.0.0.1 -U postgres -tAc "SHOW hba_file" 2>/dev/null || true)
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
if [ -n "$hba" ] && ! $SUDO grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
  echo "allowing local replication connections to PostgreSQL (${hba})"
  echo "host replication all 127.0.0.1/32 trust" | $SUDO tee -a "$hba" >/dev/null
  psql -h 127.0.0.1 -U postgres -qc "SELECT pg_reload_conf()" >/dev/null || true
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
  for _ in $(seq 1 15); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "Redis is not available on 127.0.0.1:6379" >&2; exit 1; }
