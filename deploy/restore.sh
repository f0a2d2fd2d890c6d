#!/usr/bin/env bash
# Restores a backup of deploy/backup.sh into the database of one AITBC server, which must be empty (a new
# PostgreSQL database, or a server directory without data/). The server must be stopped; start it afterwards and
# check the chain: curl -s -X POST -H "X-Api-Key: $ADMIN_KEY" http://host:port/rpc/admin/verifyChain
#
#   deploy/restore.sh BACKUP_FILE SERVER_DIR
#
# Exit codes: 0 restored; 1 the restore failed; 2 bad usage (also: the target database is not empty).
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 BACKUP_FILE SERVER_DIR" >&2; exit 2; fi
backup=$1 server=$2
[ -f "$backup" ] || { echo "error: no backup file $backup" >&2; exit 2; }
[ -d "$server" ] || { echo "error: no server directory $server" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/database-of.sh"
if [ -n "$DB_URL" ]; then
  command -v pg_restore >/dev/null || { echo "error: pg_restore is not installed (apt-get install postgresql-client)" >&2; exit 1; }
  tables=$(psql -tA "$DB_URL" -c "select count(*) from information_schema.tables where table_schema = 'public'")
  [ "$tables" = "0" ] || { echo "error: the database of $server already has $tables tables; restore into an empty one" >&2; exit 2; }
  pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DB_URL" "$backup"
else
  h2_running_check "$server"
  [ -e "$server/data/aitbc.mv.db" ] && { echo "error: $server/data/aitbc.mv.db exists; restore into a server without data" >&2; exit 2; }
  mkdir -p "$server/data"
  sql=$(mktemp)
  trap 'rm -f "$sql"' EXIT
  gunzip -c "$backup" > "$sql"
  java -cp "$H2_JAR" org.h2.tools.RunScript -url "$H2_URL" -user "" -script "$sql"
fi
echo "restored $backup into $(db_label) of $server"
