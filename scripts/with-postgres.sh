#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1, started here and removed afterwards.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]   (the command sees DATABASE_URL)
set -euo pipefail

find_bin() {
  for dir in /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
    [ -x "$dir/$1" ] && { echo "$dir/$1"; return; }
  done
  command -v "$1" || true
}

INITDB=$(find_bin initdb)
PG_CTL=$(find_bin pg_ctl)
if [ -z "$INITDB" ] || [ -z "$PG_CTL" ]; then
  echo "PostgreSQL server programs not found; installing Debian's postgresql package." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql; else sudo apt-get update -qq && sudo apt-get install -y -qq postgresql; fi
  INITDB=$(find_bin initdb); PG_CTL=$(find_bin pg_ctl)
fi

DATA=$(mktemp -d /tmp/civicadopt-pg.XXXXXX)
PORT=${PGPORT_TEST:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
# PostgreSQL refuses to run as root: run the cluster as the postgres user (or nobody) when we are root.
RUN=()
if [ "$(id -u)" = 0 ]; then
  PGUSER_OS=postgres
  id postgres >/dev/null 2>&1 || PGUSER_OS=nobody
  chown "$PGUSER_OS" "$DATA"
  RUN=(su -s /bin/sh "$PGUSER_OS" -c)
fi

as_pg() { if [ ${#RUN[@]} -gt 0 ]; then "${RUN[@]}" "$*"; else sh -c "$*"; fi; }

stop() {
  as_pg "$PG_CTL -D $DATA/db -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap stop EXIT

as_pg "$INITDB -D $DATA/db -U civicadopt --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$PG_CTL -D $DATA/db -l $DATA/log -w -o '-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c full_page_writes=off' start" >/dev/null
export DATABASE_URL="postgres://civicadopt@127.0.0.1:$PORT/civicadopt"
as_pg "psql -h 127.0.0.1 -p $PORT -U civicadopt -d postgres -qc 'CREATE DATABASE civicadopt'"
echo "PostgreSQL $("$PG_CTL" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
"$@"
