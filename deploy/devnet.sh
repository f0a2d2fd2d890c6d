#!/usr/bin/env bash
# The seed's three-node topology on one machine, each node a real Liberty server with its own database:
#   node1  site A  authority, all roles   http://127.0.0.1:8000
#   node2  site A  follower (node)        http://127.0.0.1:8081
#   node3  site C  follower (node)        http://127.0.0.3:8082   (its own loopback address: "the other site")
# Usage: deploy/devnet.sh start | status | stop     (builds the WAR first if target/ has no server yet)
# Environment: AITBC_DEVNET_NODE1_DB / _NODE2_DB / _NODE3_DB = a DATABASE_URL per node (default: embedded H2).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WLP=$ROOT/target/liberty/wlp
TEMPLATE=$WLP/usr/servers/aitbc
NODES=(node1 node2 node3)
declare -A HOST=([node1]=127.0.0.1 [node2]=127.0.0.1 [node3]=127.0.0.3)
declare -A PORT=([node1]=8000 [node2]=8081 [node3]=8082)
declare -A ROLES=([node1]=node,coordinator,exchange,web [node2]=node [node3]=node)

url() { echo "http://${HOST[$1]}:${PORT[$1]}"; }
dir() { echo "$WLP/usr/servers/devnet-$1"; }

peers_of() {
  local me=$1 out=() n
  for n in "${NODES[@]}"; do [ "$n" = "$me" ] || out+=("$(url "$n")"); done
  (IFS=,; echo "${out[*]}")
}

await_ready() {
  local n=$1 i
  for i in $(seq 1 180); do
    if curl -fs -o /dev/null "$(url "$n")/health/ready"; then echo "  $n ready at $(url "$n")"; return 0; fi
    sleep 1
  done
  echo "  $n did not become ready; see $(dir "$n")/logs/messages.log" >&2
  return 1
}

create() {
  local n=$1 genesis=${2:-} d db var
  d=$(dir "$n")
  mkdir -p "$d"
  cp -r "$TEMPLATE/server.xml" "$TEMPLATE/jdbc" "$TEMPLATE/apps" "$d/"
  [ -f "$d/server.env" ] || cp "$TEMPLATE/server.env" "$d/server.env"
  var="AITBC_DEVNET_$(echo "$n" | tr a-z A-Z)_DB"
  db=${!var:-}
  {
    grep -v '^AITBC_\|^DATABASE_URL\|^MALLOC_ARENA_MAX' "$TEMPLATE/server.env" || true
    # one malloc arena per two threads, not per thread: tens of MB of RSS less (README, "Memory")
    echo "MALLOC_ARENA_MAX=2"
    echo "AITBC_NODE_ID=$n"
    echo "AITBC_ROLES=${ROLES[$n]}"
    echo "AITBC_HOST=${HOST[$n]}"
    echo "AITBC_HTTP_PORT=${PORT[$n]}"
    echo "AITBC_PEERS=$(peers_of "$n")"
    echo "AITBC_CORS_ORIGINS=http://localhost:8000,http://127.0.0.1:8000"
    [ -n "$genesis" ] && echo "AITBC_GENESIS=$genesis"
    [ -n "$db" ] && echo "DATABASE_URL=$db"
  } > "$d/server.env.new"
  mv "$d/server.env.new" "$d/server.env"
}

start() {
  if [ ! -f "$TEMPLATE/apps/aitbc.war" ]; then
    echo "building the WAR and the Liberty server (mvn -DskipTests verify) ..."
    (cd "$ROOT" && mvn -q -DskipTests verify)
  fi
  echo "starting node1 (authority; makes the devnet genesis on first start) ..."
  create node1
  "$WLP/bin/server" start devnet-node1 >/dev/null
  await_ready node1
  local genesis
  genesis="$(dir node1)/data/genesis.json"
  echo "  genesis: $genesis"
  echo "starting node2 and node3 (followers of that genesis) ..."
  create node2 "$genesis"
  create node3 "$genesis"
  "$WLP/bin/server" start devnet-node2 >/dev/null &
  "$WLP/bin/server" start devnet-node3 >/dev/null &
  wait
  await_ready node2
  await_ready node3
  status
}

status() {
  local n h best=-1 line
  declare -A H
  for n in "${NODES[@]}"; do
    h=$(curl -fs --max-time 3 "$(url "$n")/rpc/head" | sed -n 's/.*"height":\([0-9]*\).*/\1/p') || h=""
    H[$n]=${h:-down}
    [ -n "$h" ] && [ "$h" -gt "$best" ] && best=$h
  done
  printf '%-6s %-26s %-8s %-6s %s\n' node url height lag head_hash
  for n in "${NODES[@]}"; do
    if [ "${H[$n]}" = down ]; then
      printf '%-6s %-26s %-8s %-6s %s\n' "$n" "$(url "$n")" down - -
    else
      line=$(curl -fs --max-time 3 "$(url "$n")/rpc/head" | sed -n 's/.*"hash":"\(0x[0-9a-f]\{12\}\).*/\1/p')
      printf '%-6s %-26s %-8s %-6s %s\n' "$n" "$(url "$n")" "${H[$n]}" "$((best - H[$n]))" "${line}…"
    fi
  done
}

stop() {
  local n
  for n in "${NODES[@]}"; do
    [ -d "$(dir "$n")" ] && "$WLP/bin/server" stop "devnet-$n" >/dev/null 2>&1 &
  done
  wait
  echo "devnet stopped (data kept in $WLP/usr/servers/devnet-*/data; delete those folders for a fresh chain)"
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start|status|stop" >&2; exit 2 ;;
esac
