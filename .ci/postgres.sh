# Sourced by .ci/run: makes sure a PostgreSQL server is there for the service's tests, and exports
# LOKET_TEST_DATABASE_URL (each test file creates and drops a database of its own on it) and
# LOKET_REQUIRE_POSTGRES=1 (so a missing server fails the run instead of skipping the PostgreSQL variants).
# Uses the server at LOKET_TEST_DATABASE_URL (default 127.0.0.1:5432, user postgres) when one answers; else
# installs Debian's postgresql when it is missing and starts a throwaway cluster on a free port, as the
# postgres user (initdb refuses to run as root), stopped when the run ends.

export LOKET_REQUIRE_POSTGRES=1
export LOKET_TEST_DATABASE_URL="${LOKET_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

loket_pg_ready() {
  command -v pg_isready >/dev/null 2>&1 && pg_isready -q -d "$LOKET_TEST_DATABASE_URL" -t 3
}

loket_pg_bin() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  # Debian keeps the server's programs out of PATH, one folder per major version
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && echo "$found"
}

if loket_pg_ready; then
  echo "PostgreSQL: using the server at ${LOKET_TEST_DATABASE_URL%/*}"
else
  if [ -z "$(loket_pg_bin)" ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  fi
  LOKET_PG_BIN=$(loket_pg_bin)
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  LOKET_PG_DIR=$(mktemp -d /tmp/loket-ci-postgres.XXXXXX)
  chown postgres "$LOKET_PG_DIR"
  LOKET_PG_PORT=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
  runuser -u postgres -- "$LOKET_PG_BIN/initdb" -D "$LOKET_PG_DIR/data" -U postgres --auth=trust --no-sync >/dev/null
  runuser -u postgres -- "$LOKET_PG_BIN/pg_ctl" -D "$LOKET_PG_DIR/data" -l "$LOKET_PG_DIR/server.log" -w \
    -o "-p $LOKET_PG_PORT -k $LOKET_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  loket_pg_stop() {
    runuser -u postgres -- "$LOKET_PG_BIN/pg_ctl" -D "$LOKET_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$LOKET_PG_DIR"
  }
  trap loket_pg_stop EXIT
  export LOKET_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$LOKET_PG_PORT/postgres"
  echo "PostgreSQL: started a throwaway server at 127.0.0.1:$LOKET_PG_PORT ($LOKET_PG_BIN)"
fi
