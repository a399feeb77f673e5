#!/usr/bin/env bash
# A long run of `ballast node` at a steady pace: does it stay as fast, and as small, as it was in its first minute?
# Starts a fresh node, sends signed transfers at RATE tx/s in batches of 20 for MINUTES minutes, and every INTERVAL
# seconds prints one line from the node's /metrics and /proc: height, the managed heap and the resident set, state
# snapshots (how many, the copy under the engine's lock and the background write, in that interval), GC pauses, and
# the node's own p50/p99 of submission requests in that interval (bucket bounds). A node automining at 10,000 tx/s makes
# ~800 blocks a second, so a few minutes reach the steady state of the 30-day TWAP history (216,000 blocks), when the
# state stops growing.
#
#   bench/node/soak.sh [MINUTES] [RATE] [INTERVAL]        defaults: 8 minutes, 10,000 tx/s, 60 s; NODE_ARGS adds node options
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-8}; rate=${2:-10000}; interval=${3:-60}
dotnet build -c Release src/Hosts/Cli -v q -nologo >/dev/null
B=src/Hosts/Cli/bin/Release/net10.0/ballast.dll
port=$((19300 + $$ % 500)); data=$(mktemp -d)
dotnet $B node --data "$data" --automine --rate-limit 0 --port $port ${NODE_ARGS:-} >/dev/null 2>&1 &
node=$!; load=''
trap 'kill $node $load 2>/dev/null || true; wait $node 2>/dev/null || true; rm -rf "$data"' EXIT INT TERM
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$port/health >/dev/null && break; sleep 0.1; done
seconds=$((minutes * 60))
dotnet $B load --node http://127.0.0.1:$port/ --seconds "$seconds" --senders 64 --prefix s- --batch 20 --presign $((seconds * rate / 64 + 1000)) --rate "$rate" > "$data/load.txt" &
load=$!
curl -s http://127.0.0.1:$port/metrics > "$data/m0.txt"
echo "every ${interval} s: height | heap, resident | the node's p50, p99 of submissions, GC pauses and snapshots in the interval"
for step in $(seq 1 $((seconds / interval))); do
  sleep "$interval"
  curl -s http://127.0.0.1:$port/metrics > "$data/m1.txt"
  rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' /proc/$node/status)
  height=$(awk '/^ballast_node_height / {print $2}' "$data/m1.txt")
  heap=$(awk '/^ballast_node_heap_bytes / {printf "%.0f", $2 / 1048576}' "$data/m1.txt")
  echo "t+$((step * interval))s  height $height | heap $heap MB, resident $rss MB | $(python3 bench/node/window.py "$data/m0.txt" "$data/m1.txt")"
  mv "$data/m1.txt" "$data/m0.txt"
done
wait $load
tail -n 1 "$data/load.txt"
