# Sourced by scripts/test: make sure a PostgreSQL server answers for the test suite.
# Uses PEOPLEFIRST_TEST_POSTGRES_URL's server when it answers; otherwise starts the machine's
# cluster, or creates a throwaway one with initdb + pg_ctl on a free port.
_create_test_database() {
  .venv/bin/python - "$1" <<'PY'
import sys, psycopg
with psycopg.connect(f"host=127.0.0.1 port={sys.argv[1]} user=postgres dbname=postgres", autocommit=True) as c:
    if not c.execute("SELECT 1 FROM pg_database WHERE datname = 'test'").fetchone():
        c.execute("CREATE DATABASE test")
PY
}

ensure_postgres() {
  local url="${PEOPLEFIRST_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
  if .venv/bin/python - "$url" <<'PY' 2>/dev/null; then return 0; fi
import sys, psycopg
from sqlalchemy.engine import make_url
u = make_url(sys.argv[1]).set(drivername="postgresql")
psycopg.connect(u.render_as_string(hide_password=False), connect_timeout=3).close()
PY
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ] && [ "$(id -u)" = 0 ]; then
    echo "Starting the machine's PostgreSQL cluster…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    sleep 2
    if .venv/bin/python -c "import psycopg; psycopg.connect('host=127.0.0.1 port=5432 user=postgres dbname=postgres', connect_timeout=3).close()" 2>/dev/null; then
      _create_test_database 5432
      export PEOPLEFIRST_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
      return 0
    fi
  fi
  local bindir
  bindir="$(command -v initdb >/dev/null && dirname "$(command -v initdb)" || ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)"
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "No PostgreSQL server answers at $url and initdb is not installed." >&2
    echo "Install PostgreSQL (Debian: apt-get install -y postgresql) or set PEOPLEFIRST_TEST_POSTGRES_URL." >&2
    return 1
  fi
  local dir port runas=()
  dir="$(mktemp -d /tmp/peoplefirst-pg.XXXXXX)"
  port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    runas=(runuser -u postgres --)
  fi
  echo "Starting a throwaway PostgreSQL in $dir on port $port…"
  "${runas[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
  "${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
  _create_test_database "$port"
  export PEOPLEFIRST_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/test"
}
