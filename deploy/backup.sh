#!/usr/bin/env bash
# Backs up the database of one AITBC server (chain, mempool, jobs, escrows' views, exchange; the keys are files of
# their own: back up /var/lib/aitbc/<server>/ beside this).
#
#   deploy/backup.sh SERVER_DIR OUT_FILE
#
# SERVER_DIR is the Liberty server's directory (…/wlp/usr/servers/<name>). Where its database is:
#   * DATABASE_URL (postgresql://user:pass@host:port/db) in the environment or in SERVER_DIR/server.env:
#     pg_dump in its custom format, online: one consistent snapshot while the server runs.
#   * otherwise the embedded default (H2 in SERVER_DIR/data/): H2's own Script tool writes a SQL script, gzipped.
#     H2 holds its file while the server runs, so stop the server first (systemctl stop aitbc@<name>).
# Exit codes: 0 written; 1 the dump failed (nothing is left at OUT_FILE); 2 bad usage.
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 SERVER_DIR OUT_FILE" >&2; exit 2; fi
server=$1 out=$2
[ -d "$server" ] || { echo "error: no server directory $server" >&2; exit 2; }
[ -e "$out" ] && { echo "error: $out exists; refusing to overwrite a backup" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/database-of.sh"
tmp="$out.partial"
trap 'rm -f "$tmp" "$tmp.sql"' EXIT
if [ -n "$DB_URL" ]; then
  command -v pg_dump >/dev/null || { echo "error: pg_dump is not installed (apt-get install postgresql-client)" >&2; exit 1; }
  pg_dump --format=custom --no-owner --no-privileges --file="$tmp" "$DB_URL"
else
  h2_running_check "$server"
  # plain SQL, gzipped here: H2's own COMPRESSION option is read as an identifier, which DATABASE_TO_LOWER breaks
  java -cp "$H2_JAR" org.h2.tools.Script -url "$H2_URL" -user "" -script "$tmp.sql"
  gzip -c "$tmp.sql" > "$tmp" && rm -f "$tmp.sql"
fi
mv "$tmp" "$out"
trap - EXIT
echo "backed up $(db_label) of $server to $out ($(du -h "$out" | cut -f1))"
