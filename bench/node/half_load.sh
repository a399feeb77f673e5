#!/usr/bin/env bash
# Half-load latency of `ballast node`, repeated: each trial starts a fresh node on a new data folder, warms it for 8 s
# at the measured pace, then measures 15 s (the load generator's line: throughput, p50, p99), and reads the node's own
# histogram of submission requests from /metrics over the measured window (its p99 as a bucket bound). It prints the
# machine's CPU pressure (Linux PSI, "some avg10": the share of time runnable tasks waited for a CPU) before each trial:
# on a shared VM the neighbours' load moves the tail more than anything in the node.
#
#   bench/node/half_load.sh [TRIALS] [RATE] [BATCH]        defaults: 5 trials, 10,000 tx/s, batches of 20
set -euo pipefail
cd "$(dirname "$0")/../.."
trials=${1:-5}; rate=${2:-10000}; batch=${3:-20}
dotnet build -c Release src/Hosts/Cli -v q -nologo >/dev/null
B=src/Hosts/Cli/bin/Release/net10.0/ballast.dll
quantile() { # quantile FILE_BEFORE FILE_AFTER Q: the bucket bound holding quantile Q of the window's submissions
  python3 - "$1" "$2" "$3" <<'PY'
import sys
def read(path):
    values = {}
    for line in open(path):
        if line.startswith('ballast_node_submit_request_seconds_bucket'):
            values[line.split('"')[1]] = float(line.rsplit(' ', 1)[1])
    return values
before, after, q = read(sys.argv[1]), read(sys.argv[2]), float(sys.argv[3])
bounds = sorted(after, key=lambda b: float('inf') if b == '+Inf' else float(b))
total = after['+Inf'] - before.get('+Inf', 0)
print(next(f"{float(b) * 1000:g} ms" if b != '+Inf' else '+Inf' for b in bounds if after[b] - before.get(b, 0) >= q * total))
PY
}
for trial in $(seq 1 "$trials"); do
  port=$((19200 + trial)); data=$(mktemp -d)
  pressure=$(awk '/^some/ {print $2}' /proc/pressure/cpu 2>/dev/null || echo "some avg10=?")
  dotnet $B node --data "$data" --automine --rate-limit 0 --port $port >/dev/null 2>&1 &
  node=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$port/health >/dev/null && break; sleep 0.1; done
  dotnet $B load --node http://127.0.0.1:$port/ --seconds 8 --senders 64 --prefix w- --batch "$batch" --presign 3000 --rate "$rate" >/dev/null
  curl -s http://127.0.0.1:$port/metrics > "$data/before.txt"
  line=$(dotnet $B load --node http://127.0.0.1:$port/ --seconds 15 --senders 64 --prefix h- --batch "$batch" --presign 3000 --rate "$rate" | tail -n 1)
  curl -s http://127.0.0.1:$port/metrics > "$data/after.txt"
  wal=$(stat -c %s "$data/chain.db-wal" 2>/dev/null || echo 0)
  echo "trial $trial ($pressure before): $line"
  echo "  node's own view of the window: p50 ≤ $(quantile "$data/before.txt" "$data/after.txt" 0.5), p99 ≤ $(quantile "$data/before.txt" "$data/after.txt" 0.99); write-ahead log $((wal / 1048576)) MiB"
  kill $node; wait $node 2>/dev/null || true
  rm -rf "$data"
done
