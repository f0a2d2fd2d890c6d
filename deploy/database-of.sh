# Sourced by backup.sh and restore.sh: where a server's database is (DB_URL for PostgreSQL, else H2_URL/H2_JAR).
# DATABASE_URL from the environment wins, as it does for the server; else the server's server.env.
DB_URL=${DATABASE_URL:-}
if [ -z "$DB_URL" ] && [ -f "$server/server.env" ]; then
  DB_URL=$(sed -n 's/^DATABASE_URL=//p' "$server/server.env" | tail -1)
fi
case "$DB_URL" in
  ""|postgresql://*|postgres://*) ;;
  *) echo "error: DATABASE_URL must be postgresql://user:pass@host:port/db" >&2; exit 2 ;;
esac
# the embedded default's URL, as server.xml has it
H2_URL="jdbc:h2:file:$(cd "$server" && pwd)/data/aitbc;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
H2_JAR=${H2_JAR:-$server/jdbc/h2.jar}
h2_running_check() {
  [ -f "$H2_JAR" ] || { echo "error: no H2 driver at $H2_JAR (set H2_JAR)" >&2; exit 2; }
  if [ -e "$1/data/aitbc.lock.db" ] || pgrep -f "ws-server.jar.* $(basename "$1")\$" >/dev/null 2>&1; then
    echo "error: the server $1 is running (H2 holds its file): stop it first" >&2; exit 2
  fi
}
db_label() { if [ -n "$DB_URL" ]; then echo "the PostgreSQL database ${DB_URL##*/}"; else echo "the embedded database"; fi; }
