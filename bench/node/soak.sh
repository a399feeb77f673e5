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
echo "every ${interval} s: height | heap MB, resident MB | snapshots (copy ms, write ms) | GC pauses (ms) | node's p50, p99 of submissions"
for step in $(seq 1 $((seconds / interval))); do
  sleep "$interval"
  curl -s http://127.0.0.1:$port/metrics > "$data/m1.txt"
  rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' /proc/$node/status)
  python3 - "$data/m0.txt" "$data/m1.txt" "$step" "$interval" "$rss" <<'PY'
import sys
def read(path):
    values, buckets = {}, {}
    for line in open(path):
        if line.startswith('#') or ' ' not in line: continue
        key, value = line.rsplit(' ', 1)
        values[key] = float(value)
        if key.startswith('ballast_node_submit_request_seconds_bucket'): buckets[key.split('"')[1]] = float(value)
    return values, buckets
(a, ab), (b, bb) = read(sys.argv[1]), read(sys.argv[2])
d = lambda k: b.get(k, 0) - a.get(k, 0)
bounds = sorted(bb, key=lambda x: float('inf') if x == '+Inf' else float(x))
total = bb['+Inf'] - ab.get('+Inf', 0)
def q(p):
    return next((f"{float(x) * 1000:g}" if x != '+Inf' else 'inf') for x in bounds if bb[x] - ab.get(x, 0) >= p * total) if total else '-'
take, write = 'ballast_node_snapshot_seconds_total{part="take"}', 'ballast_node_snapshot_seconds_total{part="write"}'
print(f"t+{int(sys.argv[3]) * int(sys.argv[4]):4d}s  height {int(b['ballast_node_height']):>8,} | heap {b['ballast_node_heap_bytes'] / 2**20:6.0f}, "
      f"resident {sys.argv[5]:>5} | snapshots {int(d('ballast_node_snapshots_total'))} ({d(take) * 1000:.0f}, {d(write) * 1000:.0f}) | "
      f"GC {d('ballast_node_gc_pause_seconds_total') * 1000:.0f} | p50 ≤ {q(0.5)} ms, p99 ≤ {q(0.99)} ms")
PY
  mv "$data/m1.txt" "$data/m0.txt"
done
wait $load
tail -n 1 "$data/load.txt"
