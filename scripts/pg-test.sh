#!/usr/bin/env bash
# Throw-away PostgreSQL for tests, on 127.0.0.1 only, started by hand (no systemd), as root or not.
# Idempotent: reuses a running server, restarts a stopped one, runs initdb/createdb only once.
#   export DATABASE_URL="$(bash scripts/pg-test.sh start)"   # prints only the URL on stdout
#   bash scripts/pg-test.sh stop
set -euo pipefail

PG_PORT="${PG_PORT:-55432}"
PG_ROOT="${PG_ROOT:-/tmp/okrcoach-pg-$PG_PORT}"   # data dir, socket dir and log; owned by 'postgres'
PG_DB="${PG_DB:-okrcoach}" PG_USER="${PG_USER:-okrcoach}" PG_PASSWORD="${PG_PASSWORD:-okrcoach}"
log() { echo "pg-test: $*" >&2; }

# server binaries: Debian bookworm ships postgresql-15, trixie 17; install when missing
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  log "installing postgresql from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
PG_BIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")"

# initdb and postgres refuse to run as root; cd / so a private cwd (e.g. a private home folder) is no problem
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

case "${1:-start}" in
stop)
  if [ -s "$PG_ROOT/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >&2 || true
  fi
  exit 0 ;;
start) ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

mkdir -p "$PG_ROOT"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_ROOT"

if [ ! -s "$PG_ROOT/data/PG_VERSION" ]; then
  pwfile="$PG_ROOT/.pw"; printf '%s\n' "$PG_PASSWORD" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  as_pg "$PG_BIN/initdb" -D "$PG_ROOT/data" -U "$PG_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_ROOT/initdb.log"
  rm -f "$pwfile"
fi

ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t "${1:-1}"; }
if ! ready; then
  pidfile="$PG_ROOT/data/postmaster.pid"
  pid="$(head -n1 "$pidfile" 2>/dev/null || true)"
  pstate="$(sed -E 's/.*\) ([A-Za-z]).*/\1/' "/proc/${pid:-0}/stat" 2>/dev/null || true)"
  pcomm="$(cat "/proc/${pid:-0}/comm" 2>/dev/null || true)"
  if [ -n "$pid" ] && [ "$pcomm" = postgres ] && [ -n "$pstate" ] && [ "$pstate" != Z ]; then
    log "postmaster $pid exists but is not ready yet: waiting"
  else
    # a server killed with -9 (or still a zombie) leaves a lock file that blocks the next start
    [ -n "$pid" ] && { log "removing stale postmaster.pid ($pid)"; rm -f "$pidfile" "$PG_ROOT/.s.PGSQL.$PG_PORT.lock"; }
    # 127.0.0.1 only; unix socket in PG_ROOT (no /var/run/postgresql needed); no durability: test DB
    as_pg "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_ROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
      || { tail -n 20 "$PG_ROOT/server.log" >&2; exit 1; }
  fi
fi
ready 30 || { log "not accepting connections on 127.0.0.1:$PG_PORT"; tail -n 20 "$PG_ROOT/server.log" >&2; exit 1; }

exists="$(as_pg "$PG_BIN/psql" -h "$PG_ROOT" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
          "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")"
[ "$exists" = 1 ] || as_pg "$PG_BIN/createdb" -h "$PG_ROOT" -p "$PG_PORT" -U "$PG_USER" "$PG_DB"

log "up: $("$PG_BIN/postgres" --version), 127.0.0.1:$PG_PORT, data $PG_ROOT/data, log $PG_ROOT/server.log"
echo "postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
