#!/usr/bin/env bash
# Half-load latency of `ballast node`, repeated: each trial starts a fresh node on a new data folder, warms it for 30 s
# (WARMUP_SECONDS; the JIT's tiered recompilation takes ~0.3 of a core for the first 20 s under load) at the measured
# pace, then measures 15 s (the load generator's line: throughput, p50, p99), and reads the node's own
# histogram of submission requests from /metrics over the measured window (its p99 as a bucket bound). It prints the
# machine's CPU pressure (Linux PSI, "some avg10": the share of time runnable tasks waited for a CPU) before each trial,
# and the gaps two spinning processes see on the idle machine (time the host gave the virtual CPUs to someone else):
# on a shared VM the neighbours' load moves the tail more than anything in the node. NODE_ARGS adds node options;
# SENDERS sets the load generator's senders (default 64).
#
#   bench/node/half_load.sh [TRIALS] [RATE] [BATCH]        defaults: 5 trials, 10,000 tx/s, batches of 20
set -euo pipefail
cd "$(dirname "$0")/../.."
trials=${1:-5}; rate=${2:-10000}; batch=${3:-20}; warmup=${WARMUP_SECONDS:-30}
dotnet build -c Release src/Hosts/Cli -v q -nologo >/dev/null
B=src/Hosts/Cli/bin/Release/net10.0/ballast.dll
hiccups() { # two processes spin on the clock for 2 s on the idle machine: gaps are time the host took the virtual CPUs away
  python3 - <<'PY'
import os, time
def spin():
    gaps, end, last = [], time.perf_counter() + 2, time.perf_counter()
    while last < end:
        now = time.perf_counter()
        if now - last > 0.0005: gaps.append(now - last)
        last = now
    return gaps
read, write = os.pipe()
if os.fork() == 0:
    os.write(write, repr(spin()).encode()); os._exit(0)
gaps = spin(); os.close(write)
gaps += eval(os.fdopen(read).read()); os.wait()
print(f"{len(gaps)} gaps > 0.5 ms in 2 s, longest {max(gaps, default=0) * 1000:.1f} ms")
PY
}
for trial in $(seq 1 "$trials"); do
  port=$((19200 + trial)); data=$(mktemp -d)
  pressure=$(awk '/^some/ {print $2}' /proc/pressure/cpu 2>/dev/null || echo "some avg10=?")
  stolen=$(hiccups)
  dotnet $B node --data "$data" --automine --rate-limit 0 --port $port ${NODE_ARGS:-} >/dev/null 2>&1 &
  node=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$port/health >/dev/null && break; sleep 0.1; done
  dotnet $B load --node http://127.0.0.1:$port/ --seconds "$warmup" --senders ${SENDERS:-64} --prefix w- --batch "$batch" --presign $((warmup * rate / ${SENDERS:-64} + 1000)) --rate "$rate" >/dev/null
  curl -s http://127.0.0.1:$port/metrics > "$data/before.txt"
  line=$(dotnet $B load --node http://127.0.0.1:$port/ --seconds 15 --senders ${SENDERS:-64} --prefix h- --batch "$batch" --presign $((15 * rate / ${SENDERS:-64} + 1000)) --rate "$rate" | tail -n 1)
  curl -s http://127.0.0.1:$port/metrics > "$data/after.txt"
  wal=$(stat -c %s "$data/chain.db-wal" 2>/dev/null || echo 0)
  echo "trial $trial ($pressure before; idle machine: $stolen): $line"
  echo "  node's own view of the window: $(python3 bench/node/window.py "$data/before.txt" "$data/after.txt"); write-ahead log $((wal / 1048576)) MiB"
  kill $node; wait $node 2>/dev/null || true
  rm -rf "$data"
done
