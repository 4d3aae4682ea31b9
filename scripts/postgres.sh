#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests; prints its URL.
#   source scripts/postgres.sh; start_test_postgres; ...; stop_test_postgres
# initdb into a temporary folder as the postgres user, trust auth for the postgres superuser
# on 127.0.0.1 only (other logins give a password),
# its own free port, fsync off. The folder is in memory (/dev/shm) where the machine has a
# tmpfs: each test copies a template database (CREATE DATABASE ... TEMPLATE), which costs about
# 0.4 s of mostly kernel time on this machine's disk and about 0.06 s in memory.

find_pg_bin() {
  local candidate
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && { echo "$candidate"; return; }
  done
  dirname "$(command -v initdb)"
}

start_test_postgres() {
  PG_BIN="$(find_pg_bin)"
  local parent=/tmp
  [ -d /dev/shm ] && [ -w /dev/shm ] && parent=/dev/shm
  PG_DIR="$(mktemp -d "$parent/resettle-pg.XXXXXX")"
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  local as_postgres=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_DIR"
    as_postgres=(runuser -u postgres --)
  fi
  "${as_postgres[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1
  # Trust for the superuser only (the tests' owner login); every other login (the Resettle
  # accounts' logins of ``resettle db setup-roles``) must give its password (SCRAM).
  printf '%s\n' \
    "local all postgres trust" \
    "host all postgres 127.0.0.1/32 trust" \
    "local all all scram-sha-256" \
    "host all all 127.0.0.1/32 scram-sha-256" \
    | "${as_postgres[@]}" tee "$PG_DIR/data/pg_hba.conf" >/dev/null
  "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null
  PG_AS=("${as_postgres[@]}")
  export RESETTLE_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
}

stop_test_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
